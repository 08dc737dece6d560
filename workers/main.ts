/**
 * Worker process: hosts the workflows and the shared activities on {@link SESSION_TASK_QUEUE}, and the key-holding
 * activities on this process's own queue (`ssm-worker-<id>`). Holds the CA key and session keys in memory only.
 * On SIGINT/SIGTERM it drains both workers and zeroes every session key it holds.
 * @module
 */
import { engineInfo } from '../activities/redaction';
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Client, Connection, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { CANARY_INTERVAL, CANARY_SCHEDULE_ID, PIPELINE_GUARD_ID, SESSION_TASK_QUEUE } from '../workflows/api';
import { SA } from '../workflows/search-attributes';
import { generateCanaries, newCanarySeed } from '../activities/canary/canaries';
import { CanaryRegistry } from '../activities/canary/canary-registry';
import { createMetrics } from '../activities/metrics';
import { PolicyStore } from '../activities/policy';
import { QuotaTracker } from '../activities/policy/quota';
import { createActivities } from '../activities';
import { PgAuditStore } from '../activities/audit/audit-store';
import { setupAuditLifecycle } from '../activities/audit/lifecycle-worker';
import { loadInventory } from '../activities/config/inventory';
import { loadCertificateAuthority } from '../activities/keys/certificate-authority';
import { SessionRegistry } from '../activities/sessions/session-registry';
import { loadKnownHosts } from '../activities/ssh/host-keys';
import { WORKFLOW_BUNDLER_OPTIONS } from './bundler-options';
import { loadWorkerConfig } from './config';
import { cachedPipelineStatus } from './pipeline-status';
import { retryTransient } from './startup-retry';
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
  const policyStore = new PolicyStore(cfg.policyPath, (r) =>
    r.ok
      ? logger.info({ rules: r.rules }, 'policy reloaded')
      : logger.error({ error: r.error }, 'policy reload failed; previous policy stays in force'),
  );
  policyStore.watch();
  const workerQueue = `ssm-worker-${cfg.workerId}`;
  const canaries = new CanaryRegistry(
    generateCanaries(cfg.canarySeedFile ? readSeed(cfg.canarySeedFile) : newCanarySeed()),
  );
  const metrics = createMetrics();
  const auditLifecycle = setupAuditLifecycle({ pool: audit.pool, env, registry: metrics.registry });
  if (cfg.testDisabledRules) {
    logger.warn(
      { rules: [...cfg.testDisabledRules] },
      'TEST-ONLY: redaction rules disabled (deliberately broken redactor)',
    );
  }

  const { connectionOptions, namespace } = loadClientConnectConfig({ overrideEnvVars: stringEnv(env) });
  const ns = namespace ?? 'default';
  const clientConnection = await Connection.connect(connectionOptions);
  const client = new Client({ connection: clientConnection, namespace: ns });
  const pipelineHalted = cachedPipelineStatus(client);
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
    canaries,
    pipelineHalted,
    metrics,
    policy: () => policyStore.current(),
    reloadPolicy: () => policyStore.reload(),
    quotas: new QuotaTracker(),
    resolve: async (hostname: string) => (await lookup(hostname)).address,
    ...(cfg.alertWebhookUrl ? { alertWebhookUrl: cfg.alertWebhookUrl } : {}),
    ...(cfg.testDisabledRules ? { testDisabledRules: cfg.testDisabledRules } : {}),
  });

  const closeStartupResources = async (): Promise<void> => {
    policyStore.close();
    await clientConnection.close().catch(() => undefined);
    await auditLifecycle.close().catch(() => undefined);
    await audit.close().catch(() => undefined);
  };
  try {
    // Idempotent calls, retried while the server is slow or restarting (a busy dev server answers DEADLINE_EXCEEDED).
    const onRetry = (what: string) => (info: { attempt: number; code: number | undefined; delayMs: number }) =>
      logger.warn({ ...info, what }, 'Temporal start-up call failed transiently; retrying');
    await retryTransient(() => ensurePipelineGuard(client), { onRetry: onRetry('pipeline guard') });
    await retryTransient(() => ensureCanarySchedule(client), { onRetry: onRetry('canary schedule') });
  } catch (err) {
    // Close what holds the event loop open, so the process exits with the error instead of idling without workers.
    await closeStartupResources();
    throw err;
  }

  const connection = await NativeConnection.connect(connectionOptions);
  const workflowSource = cfg.workflowBundlePath
    ? { workflowBundle: { codePath: cfg.workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows'), bundlerOptions: WORKFLOW_BUNDLER_OPTIONS };
  const sharedWorker = await Worker.create({
    connection,
    namespace: ns,
    taskQueue: SESSION_TASK_QUEUE,
    activities: auditLifecycle.wrap(shared),
    ...workflowSource,
    // After a worker dies, the server waits this long on its sticky queue before handing the session's next workflow
    // task (and queries, such as the pipeline-guard status) to another worker: 3 s instead of the SDK's 10 s shortens
    // every failover; a busy worker that misses it only costs a history replay elsewhere.
    stickyQueueScheduleToStartTimeout: '3s',
  });
  const keyWorker = await Worker.create({ connection, namespace: ns, taskQueue: workerQueue, activities: session });
  const metricsServer =
    cfg.metricsPort !== undefined
      ? createServer((req, res) => {
          if (req.url !== '/metrics') return void res.writeHead(404).end();
          void metrics.registry
            .metrics()
            .then((body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body));
        }).listen(cfg.metricsPort, '127.0.0.1')
      : undefined;
  const layer1 = engineInfo();
  logger.info(
    { workerQueue, migrations: applied, hosts: inventory.hosts.length, canaries: canaries.size, layer1 },
    'worker started',
  );
  if (!layer1.gitleaks)
    logger.warn(
      'Layer 1 runs without the gitleaks rule set: run scripts/fetch-gitleaks-rules.sh or set SSM_GITLEAKS_RULES',
    );

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
    metricsServer?.close();
    await connection.close().catch(() => undefined);
    await closeStartupResources();
  }
}

/** Starts the pipeline-guard workflow if it is not running (idempotent across workers). */
async function ensurePipelineGuard(client: Client): Promise<void> {
  await client.workflow.start('pipelineGuardWorkflow', {
    workflowId: PIPELINE_GUARD_ID,
    taskQueue: SESSION_TASK_QUEUE,
    args: [],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [
      { key: SA.sessionStatus, value: 'healthy' },
      { key: SA.quarantined, value: false },
    ],
  });
}

/** Creates the every-minute canary Schedule if it does not exist (it replaces the document's CronJob). */
async function ensureCanarySchedule(client: Client): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: CANARY_SCHEDULE_ID,
      spec: { intervals: [{ every: CANARY_INTERVAL }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'canaryValidatorWorkflow',
        taskQueue: SESSION_TASK_QUEUE,
        args: [],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}

function readSeed(path: string): Buffer {
  const seed = readFileSync(path);
  if (seed.length < 32) throw new Error(`${path}: canary seed must hold at least 32 bytes`);
  return seed;
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}
