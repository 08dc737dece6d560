/**
 * The worker's logger: pino JSON lines on stderr, with every string argument passed through Layer 1 redaction
 * (house style: "Runtime.install logger that passes every message through the redaction layer 1"). Structured
 * fields are ours (ids, counts, durations) and never hold output; strings are redacted in case one slips in.
 * @module
 */
import pino from 'pino';
import type { Logger as PinoLogger } from 'pino';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { LogLevel, LogMetadata } from '@temporalio/worker';
import { redact } from '../activities/redaction';

/** Creates the redacting pino logger writing to `destination` (default stderr, fd 2). */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): PinoLogger {
  return pino(
    {
      level,
      base: { svc: 'ssm-worker' },
      hooks: {
        logMethod(args, method) {
          const clean = args.map((a: unknown) => (typeof a === 'string' ? redact(a).text : a)) as Parameters<
            typeof method
          >;
          method.apply(this, clean);
        },
      },
      formatters: {
        log(obj) {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(obj)) out[k] = typeof v === 'string' ? redact(v).text : v;
          return out;
        },
      },
    },
    destination,
  );
}

/** Routes the Temporal SDK's own log messages through the redacting logger. Call once per process. */
export function installTemporalRuntimeLogger(logger: PinoLogger, level: LogLevel = 'WARN'): void {
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const meta: LogMetadata = entry.meta ?? {};
      const fields: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(meta)) {
        if (
          ['workflowId', 'workflowType', 'activityType', 'taskQueue', 'namespace', 'attempt', 'sdkComponent'].includes(
            k,
          )
        )
          fields[k] = v;
      }
      const lvl =
        entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : entry.level === 'INFO' ? 'info' : 'debug';
      logger[lvl]({ ...fields, temporal: true }, entry.message);
    }),
  });
}
