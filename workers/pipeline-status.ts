/**
 * How a worker reads the pipeline guard's status before it opens a session or runs a command (architecture §06:
 * canary failure halts the pipeline; fail closed).
 *
 * The status comes from the server, not from a worker: `DescribeWorkflowExecution` on the guard returns the memo
 * (`pipelineStatus`) and search attribute (`SSM_SessionStatus`) that the guard publishes in the same workflow task that
 * changes its state. A query, which this replaced, has to be answered by a worker replaying the guard; after the worker
 * that cached the guard died, a fresh worker's first queries stalled session start for up to 57 s in CI (one query
 * expired while a 5-second replay ran, then a retry).
 * @module
 */
import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { PIPELINE_GUARD_ID } from '../workflows/api';
import { SA } from '../workflows/search-attributes';

/** The parts of a guard description the status is read from. */
export type GuardDescription = Pick<WorkflowExecutionDescription, 'status' | 'memo' | 'typedSearchAttributes'>;

/**
 * @returns true (halted) unless the guard is running and its memo, or failing that its search attribute, says
 *   `healthy`. A guard that is not running, or has published nothing, counts as halted (fail closed).
 */
export function haltedFromDescription(d: GuardDescription): boolean {
  if (d.status.name !== 'RUNNING') return true;
  const memo = d.memo?.pipelineStatus;
  const status = typeof memo === 'string' ? memo : d.typedSearchAttributes.get(SA.sessionStatus);
  return status !== 'healthy';
}

/**
 * Guard status as seen by this worker, cached for `ttlMs` (default 1000 ms).
 * @returns a function resolving to true when commands must be refused; a failed describe counts as halted (fail
 *   closed) and is not cached, so the next call asks again.
 */
export function cachedPipelineStatus(client: Pick<Client, 'workflow'>, ttlMs = 1_000): () => Promise<boolean> {
  let cached: { at: number; halted: boolean } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.halted;
    try {
      const halted = haltedFromDescription(await client.workflow.getHandle(PIPELINE_GUARD_ID).describe());
      cached = { at: Date.now(), halted };
      return halted;
    } catch {
      return true;
    }
  };
}
