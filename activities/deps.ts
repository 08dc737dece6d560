/**
 * Ports the activities depend on (house style §3: activities are factories over ports; no `process.env`, no
 * module-level clients). Built by `workers/main.ts`, faked in unit tests.
 * @module
 */
import type { AuditStore } from './audit/audit-store';
import type { CanaryRegistry } from './canary/canary-registry';
import type { WorkerMetrics } from './metrics';
import type { PolicySnapshot, ReloadResult } from './policy';
import type { QuotaTracker } from './policy/quota';
import type { Inventory } from './config/inventory';
import type { CertificateAuthority } from './keys/certificate-authority';
import type { SessionRegistry } from './sessions/session-registry';
import type { parseKnownHosts } from './ssh/host-keys';

/** Structured logger (pino-compatible subset). Never pass raw output, keys or certificates to it. */
export interface Logger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/** Limits applied to every command (bytes, ms). Policy limits (issue 4) may lower them per host, never raise. */
export interface ExecLimits {
  /** Cap on stdout + stderr kept per command (bytes). */
  maxOutputBytes: number;
  /** TCP + SSH handshake deadline (ms). */
  connectTimeoutMs: number;
}

/** Everything the activities need. */
export interface ActivityDeps {
  /** Current inventory (a getter so a hot reload is picked up by the next call). */
  inventory: () => Inventory;
  knownHosts: () => ReturnType<typeof parseKnownHosts>;
  ca: CertificateAuthority;
  /** CIDRs written into every certificate's `source-address` (this worker's egress). */
  sourceAddresses: readonly string[];
  registry: SessionRegistry;
  audit: AuditStore;
  /** This process's worker-specific task queue (key affinity). */
  workerQueue: string;
  logger: Logger;
  limits: ExecLimits;
  /** Clock (epoch ms). */
  now: () => number;
  /** Registered canaries (exact-match inline check and periodic batches). */
  canaries: CanaryRegistry;
  /** Asks the pipeline guard whether the pipeline is halted (cached briefly by the implementation). */
  pipelineHalted: () => Promise<boolean>;
  /** Optional webhook for alerts (JSON POST, value-free). */
  alertWebhookUrl?: string;
  metrics: WorkerMetrics;
  /** The command and network policy in force (hot-reloaded). */
  policy: () => PolicySnapshot;
  /** Re-reads the policy file now; a failed reload keeps the old policy. */
  reloadPolicy: () => ReloadResult;
  quotas: QuotaTracker;
  /** Resolves a host name once (the address checked is the address connected to). */
  resolve: (hostname: string) => Promise<string>;
  /** TEST-ONLY: redaction rules to disable (a deliberately broken redactor). Never set in production. */
  testDisabledRules?: ReadonlySet<string>;
}
