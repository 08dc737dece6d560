/**
 * The wire contract between the MCP bridge, the workflows and the workers (house style §1).
 *
 * Everything here is part of the wire API: renaming a workflow, message or task queue is a versioning event.
 * This module imports only `@temporalio/workflow` (for `define*`) and types, so the bridge, the worker and the
 * workflow sandbox can all load it.
 *
 * Crown-jewel rule: no type in this file may ever carry key material or raw (unredacted) command output.
 * @module
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/** Task queue polled by every worker for session workflows and zone-wide activities. */
export const SESSION_TASK_QUEUE = 'ssm-sessions';

/**
 * Hard session lifetime (architecture document §04: "Hardcoded. Non-configurable."). The workflow timer and the
 * certificate validity both derive from this constant; there is deliberately no configuration that can raise it.
 */
export const SESSION_TTL = '15 minutes';
/** {@link SESSION_TTL} in milliseconds, for activity code that signs certificates. */
export const SESSION_TTL_MS = 15 * 60 * 1000;

/** Longest command accepted by the exec update (bytes of UTF-8). */
export const MAX_COMMAND_BYTES = 10_000;
/** Default and maximum per-command timeout (seconds) when the caller gives none / a larger one. */
export const DEFAULT_COMMAND_TIMEOUT_S = 60;
export const MAX_COMMAND_TIMEOUT_S = 600;

/** Custom search attributes registered by `scripts/stack.sh` (see temporal-config/search-attributes.md). */
export const SEARCH_ATTRIBUTES = {
  hostAlias: 'SshHostAlias',
  sessionStatus: 'SshSessionStatus',
  escalated: 'SshEscalated',
  quarantined: 'SshQuarantined',
} as const;

/** Lifecycle of one session (architecture §09 `ssh_sessions.status`, plus transient states). */
export type SessionStatus = 'connecting' | 'active' | 'closed' | 'expired' | 'error' | 'quarantined';

/** Input of {@link sshSessionWorkflow}; contains nothing secret. */
export interface SessionInput {
  /** UUID; also the workflow id. */
  sessionId: string;
  /** Inventory alias of the target host (never an address supplied by the client). */
  hostAlias: string;
  /** Target user, which becomes the certificate principal. */
  user: string;
  /** Operator id of whoever asked (internal, from the bridge configuration). */
  initiatedBy: string;
}

/** What `connect` returns once the session is usable. */
export interface ConnectResult {
  sessionId: string;
  hostAlias: string;
  user: string;
  /** ISO-8601 instant after which the key and every certificate are dead. */
  expiresAt: string;
  /** SHA-256 fingerprint of the session public key (public information). */
  keyFingerprint: string;
  /** Milliseconds the cold connect took (key generation, signing, SSH handshake and probe). */
  connectMs: number;
}

/** Arguments of the `run-command` update. */
export interface RunCommandRequest {
  command: string;
  /** Seconds; defaults to {@link DEFAULT_COMMAND_TIMEOUT_S}, capped at {@link MAX_COMMAND_TIMEOUT_S}. */
  timeoutS?: number;
}

/** Per-layer redaction counts for one command (goes into `ssh_commands.anonymization`). */
export interface RedactionCounts {
  layer1: number;
  layer2: number;
  byCategory: Record<string, number>;
}

/** Result of one command: redacted text only. */
export interface CommandResult {
  sequence: number;
  /** Redacted stdout (Layer 1 at least). */
  stdout: string;
  /** Redacted stderr. */
  stderr: string;
  /** Remote exit code, or null when the process was killed by a signal or timed out. */
  exitCode: number | null;
  /** Remote signal name when killed (e.g. `TERM` after a timeout). */
  signal: string | null;
  timedOut: boolean;
  /** True when output exceeded the byte cap and was cut (a marker is appended to the text). */
  truncated: boolean;
  /** True when the output was not valid UTF-8 text (binary); the text then describes it instead. */
  binary: boolean;
  /** Bytes received from the target on stdout + stderr, before truncation. */
  outputBytes: number;
  durationMs: number;
  redactions: RedactionCounts;
}

/** Snapshot returned by the status query. */
export interface SessionState {
  sessionId: string;
  hostAlias: string;
  user: string;
  status: SessionStatus;
  expiresAt: string | null;
  commands: number;
  /** Worker-specific task queue that holds the key (null before connect / after close). */
  workerQueue: string | null;
  /** Redacted, human-readable reason for error/quarantine states. */
  reason: string | null;
  quarantined: boolean;
  escalated: boolean;
}

/** Final workflow result. */
export interface SessionSummary {
  sessionId: string;
  status: SessionStatus;
  commands: number;
  reason: string | null;
  rekeys: number;
}

export interface QuarantineRequest {
  /** Human-readable reason; must not contain a secret (it is stored in history and the memo). */
  reason: string;
}
export interface ReleaseRequest {
  /** Who released and why; recorded in the audit. Required. */
  reason: string;
  operator?: string;
}

/** Update: wait until the session is connected; used with update-with-start by `ssh_connect`. */
export const connectUpdate = defineUpdate<ConnectResult>('connect');
/** Update: run one command. The synchronous validator rejects it before it enters history. */
export const runCommandUpdate = defineUpdate<CommandResult, [RunCommandRequest]>('run-command');
/** Update: close the session now; returns the summary. */
export const closeUpdate = defineUpdate<SessionSummary>('close');
/** Signal: quarantine the session (output withheld until released). */
export const quarantineSignal = defineSignal<[QuarantineRequest]>('quarantine');
/** Signal: release a quarantined session (a person, via the Temporal CLI). */
export const releaseSignal = defineSignal<[ReleaseRequest]>('release');
/** Query: current state. */
export const sessionStateQuery = defineQuery<SessionState>('session-state');

/** Host entry as shown to the AI: alias, tags and users only (no address). */
export interface HostListing {
  alias: string;
  tags: string[];
  users: string[];
  description?: string;
}

/** Error type names shared by activities (class names) and workflows (`nonRetryableErrorTypes`). */
export const ERROR_TYPES = {
  unknownHost: 'UnknownHostError',
  userNotAllowed: 'UserNotAllowedError',
  hostKeyMismatch: 'HostKeyMismatchError',
  hostUnreachable: 'HostUnreachableError',
  authenticationFailed: 'AuthenticationFailedError',
  certificateMint: 'CertificateMintError',
  sessionKeyLost: 'SessionKeyLostError',
  sessionExpired: 'SessionExpiredError',
  sessionClosed: 'SessionClosedError',
  sessionQuarantined: 'SessionQuarantinedError',
  policyViolation: 'PolicyViolationError',
  invalidCommand: 'InvalidCommandError',
  commandFailed: 'CommandFailedError',
  redactionFailed: 'RedactionFailedError',
  auditFailed: 'AuditWriteError',
  canarySurvived: 'CanarySurvivedError',
  pipelineHalted: 'PipelineHaltedError',
} as const;
export type ErrorType = (typeof ERROR_TYPES)[keyof typeof ERROR_TYPES];

// ---------------------------------------------------------------------------------------------------------------------
// Pipeline guard and canaries (architecture §06 "Canary Token Validation"; issue 6)
// ---------------------------------------------------------------------------------------------------------------------

/** Workflow id of the single pipeline-guard workflow that holds the healthy/halted state. */
export const PIPELINE_GUARD_ID = 'ssm-pipeline-guard';
/** Schedule id of the periodic canary validator (architecture §09: "Canary Validator, every 1 min"). */
export const CANARY_SCHEDULE_ID = 'ssm-canary-validator';
/** Interval of the canary schedule. */
export const CANARY_INTERVAL = '1 minute';

/** Why the pipeline halted. Never carries a canary value — only its kind and where it was seen. */
export interface HaltRequest {
  source: 'inline' | 'periodic' | 'release-check';
  /** Canary kinds that survived, e.g. `aws-key-id`, `email:url-encoded`. */
  kinds: string[];
  sessionId?: string;
}

/** Arguments of the `release-pipeline` update (a person, via `temporal workflow update execute`). */
export interface ReleasePipelineRequest {
  /** Required: what was verified and fixed. Recorded in the memo and the log. */
  reason: string;
  operator?: string;
}

/** Guard state (query `pipeline-state`, memo, MCP `ssh_pipeline_health`). */
export interface PipelineState {
  status: 'healthy' | 'halted';
  /** Redacted, value-free reason. */
  reason: string | null;
  /** ISO time of the last transition. */
  since: string | null;
  halts: number;
  releases: number;
  lastRelease: { operator: string; reason: string; at: string } | null;
}

/** Result of one canary batch (no values). */
export interface CanaryBatchResult {
  checked: number;
  survived: string[];
  processingMs: number;
}

/** Signal: halt the pipeline now. */
export const haltSignal = defineSignal<[HaltRequest]>('halt');
/** Update: re-run the canaries and, only if all pass, return to healthy. */
export const releasePipelineUpdate = defineUpdate<PipelineState, [ReleasePipelineRequest]>('release-pipeline');
/** Query: guard state. */
export const pipelineStateQuery = defineQuery<PipelineState>('pipeline-state');

/** An operator's time-limited approval of one exact mutating command (issue 4, item 7). */
export interface ApproveCommandRequest {
  /** The exact command text, as the AI will send it. */
  command: string;
  /** Why; recorded in the audit row of the command. Required. */
  reason: string;
  operator: string;
  /** Validity in minutes (default 15, at most 15: never beyond the session). */
  minutes?: number;
}
/** Signal: approve one exact mutating command for this session (a person, via the Temporal CLI). */
export const approveCommandSignal = defineSignal<[ApproveCommandRequest]>('approve-command');
