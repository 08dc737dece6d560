/**
 * Worker process: hosts the workflows and the shared activities on {@link SESSION_TASK_QUEUE}, and the key-holding
 * activities on this process's own queue (`ssm-worker-<id>`). Holds the CA key and session keys in memory only.
 * On SIGINT/SIGTERM it drains both workers and zeroes every session key it holds.
 * @module
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { SESSION_TASK_QUEUE } from '../workflows/api';
import { createActivities } from '../activities';
import { PgAuditStore } from '../activities/audit/audit-store';
import { loadInventory } from '../activities/config/inventory';
import { loadCertificateAuthority } from '../activities/keys/certificate-authority';
import { SessionRegistry } from '../activities/sessions/session-registry';
import { loadKnownHosts } from '../activities/ssh/host-keys';
import { loadWorkerConfig } from './config';
import { createLogger, installTemporalRuntimeLogger } from './logger';

/** Options for {@link runWorker} (tests pass an explicit env and a stop signal). */
export interface RunWorkerOptions {
  env?: NodeJS.ProcessEnv;
  /** Resolves `runWorker` after a graceful shutdown when aborted. */
  signal?: AbortSignal;
  /** Called once both workers are polling. */
  onReady?: (info: { workerQueue: string }) => void;
}

/**
 * Runs the worker until shutdown.
 * @throws Error on invalid configuration, unreachable PostgreSQL or Temporal (start-up only).
 */
export async function runWorker(opts: RunWorkerOptions = {}): Promise<void> {
  const env = opts.env ?? process.env;
  const cfg = loadWorkerConfig(env);
  const logger = createLogger(cfg.logLevel);
  installTemporalRuntimeLogger(logger);

  const audit = new PgAuditStore(cfg.databaseUrl);
  const applied = await audit.migrate();
  const inventory = loadInventory(cfg.inventoryPath);
  const ca = loadCertificateAuthority(cfg.caKeyFile);
  const registry = new SessionRegistry();
  const workerQueue = `ssm-worker-${cfg.workerId}`;
  const { shared, session } = createActivities({
    inventory: () => inventory,
    knownHosts: () => loadKnownHosts(cfg.knownHostsPath),
    ca,
    sourceAddresses: cfg.sourceAddresses,
    registry,
    audit,
    workerQueue,
    logger,
    limits: { maxOutputBytes: cfg.maxOutputBytes, connectTimeoutMs: cfg.connectTimeoutMs },
    now: Date.now,
  });

  const { connectionOptions, namespace } = loadClientConnectConfig({ overrideEnvVars: stringEnv(env) });
  const connection = await NativeConnection.connect(connectionOptions);
  const ns = namespace ?? 'default';
  const workflowSource = cfg.workflowBundlePath
    ? { workflowBundle: { codePath: cfg.workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  const sharedWorker = await Worker.create({
    connection,
    namespace: ns,
    taskQueue: SESSION_TASK_QUEUE,
    activities: shared,
    ...workflowSource,
  });
  const keyWorker = await Worker.create({ connection, namespace: ns, taskQueue: workerQueue, activities: session });
  logger.info({ workerQueue, migrations: applied, hosts: inventory.hosts.length }, 'worker started');

  const stop = (): void => {
    sharedWorker.shutdown();
    keyWorker.shutdown();
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    const running = Promise.all([sharedWorker.run(), keyWorker.run()]);
    opts.onReady?.({ workerQueue });
    await running;
  } finally {
    const destroyed = registry.destroyAll();
    logger.info({ destroyed }, 'worker stopped; session keys zeroed');
    await connection.close().catch(() => undefined);
    await audit.close().catch(() => undefined);
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}
