/**
 * Worker configuration, parsed once from the environment at start-up (house style §12). Fails fast with a message
 * naming the variable. `.env.example` documents every variable.
 * @module
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const Env = z.object({
  SSM_INVENTORY: z.string().min(1, 'path of the inventory YAML file'),
  SSM_KNOWN_HOSTS: z.string().optional(),
  SSM_POLICY: z.string().min(1, 'path of the command/network policy YAML (deny by default needs a policy file)'),
  SSM_CA_KEY_FILE: z.string().min(1, 'path of the CA private key (file or mounted secret)'),
  SSM_SOURCE_ADDRESS: z
    .string()
    .min(1, "the worker's egress CIDR(s), comma-separated; written into every certificate's source-address"),
  DATABASE_URL: z.string().min(1, 'PostgreSQL connection string for the audit store'),
  SSM_MAX_OUTPUT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  SSM_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
  SSM_WORKER_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
  SSM_WORKFLOW_BUNDLE: z.string().optional(),
  SSM_CANARY_SEED_FILE: z.string().optional(),
  SSM_ALERT_WEBHOOK_URL: z.string().url().optional(),
  SSM_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SSM_TEST_DISABLE_RULES: z.string().optional(),
  NODE_ENV: z.string().optional(),
  SSM_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

/** Parsed worker configuration (frozen). */
export interface WorkerConfig {
  inventoryPath: string;
  knownHostsPath: string | undefined;
  policyPath: string;
  caKeyFile: string;
  sourceAddresses: string[];
  databaseUrl: string;
  maxOutputBytes: number;
  connectTimeoutMs: number;
  workerId: string;
  workflowBundlePath: string | undefined;
  logLevel: z.infer<typeof Env>['SSM_LOG_LEVEL'];
  /** 32-byte canary seed file; unset ⇒ a fresh random seed per process. */
  canarySeedFile: string | undefined;
  alertWebhookUrl: string | undefined;
  metricsPort: number | undefined;
  /** TEST-ONLY broken-redactor hook; refused when NODE_ENV=production. */
  testDisabledRules: ReadonlySet<string> | undefined;
}

/**
 * Parses the worker environment.
 * @throws Error naming the first missing or invalid variable.
 */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid worker configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.SSM_TEST_DISABLE_RULES && e.NODE_ENV === 'production') {
    throw new Error(
      'invalid worker configuration: SSM_TEST_DISABLE_RULES is a test-only hook and is refused in production',
    );
  }
  return Object.freeze({
    inventoryPath: e.SSM_INVENTORY,
    knownHostsPath: e.SSM_KNOWN_HOSTS,
    policyPath: e.SSM_POLICY,
    caKeyFile: e.SSM_CA_KEY_FILE,
    sourceAddresses: e.SSM_SOURCE_ADDRESS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    databaseUrl: e.DATABASE_URL,
    maxOutputBytes: e.SSM_MAX_OUTPUT_BYTES,
    connectTimeoutMs: e.SSM_CONNECT_TIMEOUT_MS,
    workerId:
      e.SSM_WORKER_ID ??
      `${hostname().replace(/[^A-Za-z0-9._-]/g, '-')}-${process.pid}-${randomBytes(3).toString('hex')}`,
    workflowBundlePath: e.SSM_WORKFLOW_BUNDLE,
    logLevel: e.SSM_LOG_LEVEL,
    canarySeedFile: e.SSM_CANARY_SEED_FILE,
    alertWebhookUrl: e.SSM_ALERT_WEBHOOK_URL,
    metricsPort: e.SSM_METRICS_PORT,
    testDisabledRules: e.SSM_TEST_DISABLE_RULES
      ? new Set(
          e.SSM_TEST_DISABLE_RULES.split(',')
            .map((r) => r.trim())
            .filter(Boolean),
        )
      : undefined,
  });
}
