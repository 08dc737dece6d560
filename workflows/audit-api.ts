/**
 * Wire contract of the audit lifecycle (issue 7): embed-and-purge after a session ends, and semantic search over the
 * embedded, anonymized output. Like `api.ts`, no type here may carry raw output: snippets are anonymized text taken
 * from the vector payload.
 * @module
 */

/**
 * Deadline after the session end by which `stdout_anon`/`stderr_anon` are purged, embedded or not.
 * Not configurable, like the session TTL.
 */
export const AUDIT_PURGE_DEADLINE = '5 minutes';
export const AUDIT_PURGE_DEADLINE_MS = 5 * 60 * 1000;

/** Workflow id of the lifecycle workflow of one session. */
export const auditLifecycleWorkflowId = (sessionId: string): string => `audit-lifecycle-${sessionId}`;

/** Input of `auditLifecycleWorkflow`. */
export interface AuditLifecycleInput {
  sessionId: string;
  /**
   * True when the session ended quarantined: its output is embedded only after an operator sends the `release`
   * signal to this workflow (with a reason); at the deadline it is purged without embedding.
   */
  quarantined?: boolean;
  /** When the session ended (epoch ms); the deadline counts from here. Defaults to the workflow start. */
  endedAtMs?: number;
}

/** Result of `auditLifecycleWorkflow`, also recorded in `ssh_sessions` (purged_at, embedded, purge_note). */
export interface AuditLifecycleResult {
  sessionId: string;
  embedded: boolean;
  chunks: number;
  /** 'embedded', or 'purged without embedding: <why>'. */
  note: string;
  /** Command rows whose output columns were set to NULL. */
  purgedRows: number;
  /** Seconds between the session end and the purge, when the end is recorded. */
  purgeLagS: number | null;
}

/** Arguments of `ssh_search_sessions` / `searchSessionsWorkflow`. */
export interface SearchSessionsRequest {
  query: string;
  /** Inventory alias to restrict to. */
  host?: string;
  /** ISO-8601: only sessions started at or after it. */
  since?: string;
  /** Sessions to return (default 5, at most 20). */
  limit?: number;
}

/** One session found by a search: its best-matching chunk. */
export interface SessionSearchHit {
  sessionId: string;
  hostAlias: string;
  startedAt: string;
  /** Cosine similarity of the best chunk, in [-1, 1]. */
  score: number;
  sequence: number;
  /** Anonymized command of the best chunk. */
  command: string;
  /** Short anonymized snippet of the best chunk. */
  snippet: string;
}

export interface SearchSessionsResult {
  hits: SessionSearchHit[];
  /** Time the worker spent embedding the query and searching (ms). */
  searchMs: number;
}

/** What `eraseSessionWorkflow` deleted. `vectors` is null when the backend does not report a count (Qdrant). */
export interface EraseSessionResult {
  commands: number;
  sessions: number;
  events: number;
  vectors: number | null;
  /** True when the session's lifecycle workflow was still running and was terminated. */
  lifecycleTerminated?: boolean;
}

/** Workflow id of an erasure run (its history names the session id, so it is deleted too). */
export const eraseWorkflowId = (sessionId: string): string => `erase-session-${sessionId}`;
