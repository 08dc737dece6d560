/**
 * The pipeline guard: one long-lived workflow (id {@link PIPELINE_GUARD_ID}) that holds the healthy/halted state of
 * the redaction pipeline (architecture §06 "Pipeline Guarantee").
 *
 * Invariants:
 * - any `halt` signal (inline canary hit in a session, or a failed periodic batch) halts at once: every running
 *   session is signalled into quarantine (found through a visibility query), an alert is emitted, new sessions and
 *   commands are refused by the workers (they query this workflow);
 * - only a person releases, with the Temporal CLI (`release-pipeline` update, reason required); the release re-runs
 *   the canaries first and is refused while any survives;
 * - state is value-free (canary kinds only) and lives in the memo and search attributes for the Web UI;
 * - continues as new when the history grows, carrying the state.
 * @module
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SharedActivities } from '../activities';
import { ERROR_TYPES, haltSignal, pipelineStateQuery, releasePipelineUpdate } from './api';
import type { HaltRequest, PipelineState, ReleasePipelineRequest } from './api';
import { CANARY_BATCH, SHORT_IDEMPOTENT } from './activity-options';
import { SA } from './search-attributes';

const acts = proxyActivities<SharedActivities>(SHORT_IDEMPOTENT);
const canary = proxyActivities<SharedActivities>(CANARY_BATCH);

/** A healthy initial state. */
export function healthyState(): PipelineState {
  return { status: 'healthy', reason: null, since: null, halts: 0, releases: 0, lastRelease: null };
}

/** The guard workflow. `carried` is the state handed over by continue-as-new. */
export async function pipelineGuardWorkflow(carried?: PipelineState): Promise<void> {
  let state: PipelineState = carried ?? healthyState();
  const pending: HaltRequest[] = [];

  const publish = (): void => {
    upsertSearchAttributes([
      { key: SA.sessionStatus, value: state.status },
      { key: SA.quarantined, value: state.status === 'halted' },
    ]);
    upsertMemo({ pipelineStatus: state.status, reason: state.reason, since: state.since });
  };

  setHandler(pipelineStateQuery, () => state);
  setHandler(haltSignal, (req) => {
    pending.push({
      source: req.source,
      kinds: (req.kinds ?? []).slice(0, 50).map(String),
      ...(req.sessionId ? { sessionId: String(req.sessionId) } : {}),
    });
  });
  setHandler(
    releasePipelineUpdate,
    async (req: ReleasePipelineRequest): Promise<PipelineState> => {
      const batch = await canary.runCanaryBatch();
      if (batch.survived.length > 0) {
        throw ApplicationFailure.create({
          type: ERROR_TYPES.canarySurvived,
          message: `release refused: ${batch.survived.length} canary payload(s) still survive redaction (${batch.survived.join(', ')}); fix the pipeline first`,
          nonRetryable: true,
        });
      }
      const operator = (req.operator ?? 'operator').slice(0, 100);
      const at = new Date().toISOString();
      state = {
        ...state,
        status: 'healthy',
        reason: null,
        since: at,
        releases: state.releases + 1,
        lastRelease: { operator, reason: req.reason.slice(0, 500), at },
      };
      publish();
      await acts.emitAlert({ event: 'pipeline-released', reason: req.reason.slice(0, 500), operator });
      return state;
    },
    {
      validator: (req: ReleasePipelineRequest) => {
        if (typeof req?.reason !== 'string' || req.reason.trim().length < 3) {
          throw new Error(
            'a release needs a reason (what was verified and fixed), e.g. {"reason":"rule X restored, canaries pass","operator":"alice"}',
          );
        }
      },
    },
  );

  publish();
  for (;;) {
    await condition(() => pending.length > 0 || workflowInfo().continueAsNewSuggested);
    while (pending.length > 0) {
      const req = pending.shift()!;
      const wasHealthy = state.status === 'healthy';
      const reason = `${req.source} canary check failed: ${req.kinds.join(', ') || 'unknown'}${req.sessionId ? ` (session ${req.sessionId})` : ''}`;
      state = {
        ...state,
        status: 'halted',
        reason,
        since: wasHealthy ? new Date().toISOString() : state.since,
        halts: state.halts + 1,
      };
      publish();
      const quarantined = await acts.quarantineRunningSessions({ reason: `pipeline halted: ${reason}` });
      await acts.emitAlert({ event: 'pipeline-halted', reason: `${reason}; ${quarantined} session(s) quarantined` });
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof pipelineGuardWorkflow>(state);
    }
  }
}
