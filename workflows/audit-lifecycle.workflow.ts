/**
 * Audit lifecycle (issue 7).
 *
 * `auditLifecycleWorkflow` (workflow id `audit-lifecycle-<session id>`) runs once per ended session:
 * - embeds the session's anonymized stdout/stderr into the vector store, then purges them from `ssh_commands`;
 * - a workflow timer enforces {@link AUDIT_PURGE_DEADLINE} after the session end: if embedding has not succeeded by
 *   then it is cancelled and the purge runs anyway, recorded as "purged without embedding";
 * - a session that ended quarantined is embedded only after an operator sends `release` (with a reason) to this
 *   workflow; without one, its output is purged unembedded at the deadline;
 * - an embedding failure that no retry can fix (model not installed) purges at once.
 *
 * `searchSessionsWorkflow` runs a semantic search in the worker for `ssh_search_sessions` (the bridge never touches
 * the database or the model).
 * @module
 */
import { CancellationScope, condition, isCancellation, proxyActivities, setHandler } from '@temporalio/workflow';
import type { AuditLifecycleActivities } from '../activities/audit/lifecycle-activities';
import { SESSION_TASK_QUEUE, releaseSignal } from './api';
import { AUDIT_PURGE_DEADLINE_MS } from './audit-api';
import type {
  AuditLifecycleInput,
  AuditLifecycleResult,
  EraseSessionResult,
  SearchSessionsRequest,
  SearchSessionsResult,
} from './audit-api';

/** Same string as the activity's failure type (workflows may not import activity values). */
const EMBEDDING_UNAVAILABLE = 'EmbeddingModelUnavailable';

/**
 * Embedding: CPU-bound, may take a minute on a long session; retried with backoff until the deadline cancels it.
 * TRY_CANCEL (default) lets the deadline proceed without waiting for the running attempt.
 */
const { embedSessionOutput } = proxyActivities<AuditLifecycleActivities>({
  taskQueue: SESSION_TASK_QUEUE,
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: [EMBEDDING_UNAVAILABLE],
  },
});

/** Purge: one short transaction, idempotent; retried until PostgreSQL answers (the purge must eventually happen). */
const { purgeSessionOutput } = proxyActivities<AuditLifecycleActivities>({
  taskQueue: SESSION_TASK_QUEUE,
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Search: interactive, so short; two attempts. */
const { searchAuditVectors } = proxyActivities<AuditLifecycleActivities>({
  taskQueue: SESSION_TASK_QUEUE,
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', maximumAttempts: 2, nonRetryableErrorTypes: [EMBEDDING_UNAVAILABLE] },
});

/** Embed-and-purge for one ended session. See the module comment. */
export async function auditLifecycleWorkflow(input: AuditLifecycleInput): Promise<AuditLifecycleResult> {
  const endedAtMs = input.endedAtMs ?? Date.now();
  const remainingMs = Math.max(0, endedAtMs + AUDIT_PURGE_DEADLINE_MS - Date.now());
  let released = input.quarantined !== true;
  setHandler(releaseSignal, (req) => {
    if (String(req?.reason ?? '').trim().length > 0) released = true;
  });

  let embedded = false;
  let chunks = 0;
  let failure: string | null = null;
  const scope = new CancellationScope();
  const work = scope
    .run(async () => {
      await condition(() => released);
      chunks = (await embedSessionOutput({ sessionId: input.sessionId })).chunks;
      embedded = true;
    })
    .catch((err: unknown) => {
      if (!isCancellation(err)) failure = 'embedding failed';
    });
  const settled = await condition(() => embedded || failure !== null, remainingMs);
  if (!settled) {
    scope.cancel();
  }
  await work;

  const note = embedded
    ? 'embedded'
    : !settled
      ? released
        ? 'purged without embedding: deadline passed before embedding succeeded'
        : 'purged without embedding: session quarantined and not released before the deadline'
      : `purged without embedding: ${failure ?? 'unknown'}`;
  const purge = await purgeSessionOutput({ sessionId: input.sessionId, embedded, chunks, note });
  return { sessionId: input.sessionId, embedded, chunks, note, ...purge };
}

/** Erasure: one attempt-retried activity, run by `secure-ssh-mcp erase <session-id>`. */
const { eraseSessionData } = proxyActivities<AuditLifecycleActivities>({
  taskQueue: SESSION_TASK_QUEUE,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
});

/** Right to erasure: deletes a session's audit rows, events and vectors (see `cli/erase.ts`). */
export async function eraseSessionWorkflow(input: { sessionId: string }): Promise<EraseSessionResult> {
  return await eraseSessionData(input);
}

/** Semantic search over embedded sessions (`ssh_search_sessions`). */
export async function searchSessionsWorkflow(req: SearchSessionsRequest): Promise<SearchSessionsResult> {
  return await searchAuditVectors(req);
}
