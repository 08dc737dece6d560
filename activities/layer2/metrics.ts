/**
 * Layer 2 metrics (prom-client). Registered on the registry the caller passes (the worker's, from
 * `activities/metrics.ts`), or on a private one. Labels never carry values from command output.
 * @module
 */
import { Counter, Histogram, Registry } from 'prom-client';

/** Layer 2 metric set. */
export interface Layer2Metrics {
  /** Model outputs or findings rejected by output validation (D4), by reason. */
  rejectedOutputs: Counter<'reason'>;
  /** Payloads where Layer 2 failed and the fail-closed action was taken, by reason and action. */
  failures: Counter<'reason' | 'action'>;
  /** Findings accepted and redacted. */
  redactions: Counter;
  /** Layer 2 time per payload (seconds), model calls and validation included. */
  seconds: Histogram;
}

/** Creates the Layer 2 metrics on `registry` (a new private registry when absent). */
export function createLayer2Metrics(registry: Registry = new Registry()): Layer2Metrics {
  return {
    rejectedOutputs: new Counter({
      name: 'ssm_layer2_rejected_outputs_total',
      help: 'Layer 2 model outputs or findings rejected by output validation',
      labelNames: ['reason'],
      registers: [registry],
    }),
    failures: new Counter({
      name: 'ssm_layer2_failures_total',
      help: 'Layer 2 payloads that failed closed',
      labelNames: ['reason', 'action'],
      registers: [registry],
    }),
    redactions: new Counter({
      name: 'ssm_layer2_redactions_total',
      help: 'Layer 2 findings accepted and redacted',
      registers: [registry],
    }),
    seconds: new Histogram({
      name: 'ssm_layer2_seconds',
      help: 'Layer 2 time per payload',
      buckets: [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
  };
}
