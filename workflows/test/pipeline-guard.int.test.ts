/**
 * Pipeline guard and canary validator on the time-skipping test server with scripted activities: a failed batch
 * halts the guard and fans quarantine out; release needs a reason, is refused while the batch fails, and works when
 * it passes; the guard carries its state across continue-as-new.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTimeSkippingEnv } from '../../test/helpers/time-skipping';
import { PIPELINE_GUARD_ID, SESSION_TASK_QUEUE, pipelineStateQuery, releasePipelineUpdate } from '../api';
import type { CanaryBatchResult } from '../api';
import type { canaryValidatorWorkflow } from '../canary-validator.workflow';
import type { pipelineGuardWorkflow } from '../pipeline-guard.workflow';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let batch: CanaryBatchResult = { checked: 17, survived: [], processingMs: 1 };
const quarantines: string[] = [];
const alerts: string[] = [];

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  const bundle = await bundleWorkflowCode({ workflowsPath: join(__dirname, '..', 'index.ts') });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: SESSION_TASK_QUEUE,
    workflowBundle: bundle,
    activities: {
      runCanaryBatch: () => Promise.resolve(batch),
      quarantineRunningSessions: (i: { reason: string }) => {
        quarantines.push(i.reason);
        return Promise.resolve(3);
      },
      emitAlert: (i: { event: string }) => {
        alerts.push(i.event);
        return Promise.resolve();
      },
    },
  });
  running = worker.run();
  await env.client.workflow.start<typeof pipelineGuardWorkflow>('pipelineGuardWorkflow', {
    workflowId: PIPELINE_GUARD_ID,
    taskQueue: SESSION_TASK_QUEUE,
    args: [],
  });
}, 240_000);

afterAll(async () => {
  worker?.shutdown();
  await running?.catch(() => undefined);
  await env?.teardown();
});

const guard = () => env.client.workflow.getHandle(PIPELINE_GUARD_ID);

describe('pipeline guard (time-skipping)', () => {
  it('a failed canary batch halts the guard, quarantines running sessions and alerts', async () => {
    batch = { checked: 17, survived: ['aws-key-id:log-line'], processingMs: 1 };
    const r = await env.client.workflow.execute<typeof canaryValidatorWorkflow>('canaryValidatorWorkflow', {
      taskQueue: SESSION_TASK_QUEUE,
      workflowId: `canary-${randomUUID()}`,
    });
    expect(r.survived).toEqual(['aws-key-id:log-line']);
    let state = await guard().query(pipelineStateQuery);
    for (let i = 0; i < 50 && alerts.length === 0; i++) {
      await env.sleep('1 second');
      state = await guard().query(pipelineStateQuery);
    }
    expect(state).toMatchObject({
      status: 'halted',
      reason: 'periodic canary check failed: aws-key-id:log-line',
      halts: 1,
    });
    expect(quarantines).toEqual(['pipeline halted: periodic canary check failed: aws-key-id:log-line']);
    expect(alerts).toEqual(['pipeline-halted']);
  });

  it('refuses a release without a reason, and while canaries still fail', async () => {
    await expect(guard().executeUpdate(releasePipelineUpdate, { args: [{ reason: '' }] })).rejects.toThrow(
      WorkflowUpdateFailedError,
    );
    const err = await guard()
      .executeUpdate(releasePipelineUpdate, { args: [{ reason: 'trust me', operator: 'bob' }] })
      .catch((e: WorkflowUpdateFailedError) => e);
    expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(
      /release refused: 1 canary payload\(s\) still survive/,
    );
    expect((await guard().query(pipelineStateQuery)).status).toBe('halted');
  });

  it('releases once the canaries pass, recording who and why', async () => {
    batch = { checked: 17, survived: [], processingMs: 1 };
    const s = await guard().executeUpdate(releasePipelineUpdate, {
      args: [{ reason: 'rule fixed, canaries pass', operator: 'alice' }],
    });
    expect(s).toMatchObject({
      status: 'healthy',
      releases: 1,
      lastRelease: { operator: 'alice', reason: 'rule fixed, canaries pass' },
    });
    expect(alerts).toEqual(['pipeline-halted', 'pipeline-released']);
    const passing = await env.client.workflow.execute<typeof canaryValidatorWorkflow>('canaryValidatorWorkflow', {
      taskQueue: SESSION_TASK_QUEUE,
      workflowId: `canary-${randomUUID()}`,
    });
    expect(passing.survived).toEqual([]);
    expect((await guard().query(pipelineStateQuery)).status).toBe('healthy');
  });
});
