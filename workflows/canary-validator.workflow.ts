/**
 * One canary batch, started every minute by the Temporal Schedule {@link CANARY_SCHEDULE_ID} (architecture §09
 * "Canary Validator, every 1 min"; it replaces the document's CronJob). The activity pushes every canary payload
 * through the same code path as real output; only canary ids (never values) come back into history. Any survivor
 * halts the pipeline through the guard.
 * @module
 */
import { getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { SharedActivities } from '../activities';
import { PIPELINE_GUARD_ID, haltSignal } from './api';
import type { CanaryBatchResult } from './api';
import { CANARY_BATCH } from './activity-options';

const { runCanaryBatch } = proxyActivities<SharedActivities>(CANARY_BATCH);

/** Runs one batch; signals the guard to halt when any canary survived. */
export async function canaryValidatorWorkflow(): Promise<CanaryBatchResult> {
  const result = await runCanaryBatch();
  if (result.survived.length > 0) {
    await getExternalWorkflowHandle(PIPELINE_GUARD_ID).signal(haltSignal, {
      source: 'periodic',
      kinds: result.survived,
    });
  }
  return result;
}
