/**
 * auditLifecycleWorkflow on Temporal's time-skipping test server with scripted activities: the 5-minute purge
 * deadline (production constant) is enforced even when embedding never succeeds, quarantined sessions wait for a
 * release, and an unfixable embedding failure purges at once.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTimeSkippingEnv } from '../../test/helpers/time-skipping';
import { SESSION_TASK_QUEUE, releaseSignal } from '../api';
import { AUDIT_PURGE_DEADLINE_MS, auditLifecycleWorkflowId } from '../audit-api';
import type { AuditLifecycleInput, AuditLifecycleResult } from '../audit-api';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let worker: Worker;
let running: Promise<unknown>;

let embedMode: 'fail' | 'ok' | 'unavailable' = 'ok';
let embedCalls = 0;
let purges: { sessionId: string; embedded: boolean; chunks: number; note: string; atMs: number }[] = [];

const activities = {
  // eslint-disable-next-line @typescript-eslint/require-await
  embedSessionOutput: async (): Promise<{ chunks: number; skipped: number }> => {
    embedCalls++;
    if (embedMode === 'fail') throw ApplicationFailure.create({ type: 'InternalError', message: 'model crashed' });
    if (embedMode === 'unavailable') {
      throw ApplicationFailure.create({
        type: 'EmbeddingModelUnavailable',
        message: 'embedding model unavailable',
        nonRetryable: true,
      });
    }
    return { chunks: 7, skipped: 0 };
  },
  purgeSessionOutput: async (input: { sessionId: string; embedded: boolean; chunks: number; note: string }) => {
    purges.push({ ...input, atMs: await env.currentTimeMs() });
    return { purgedRows: 3, purgeLagS: 1 };
  },
};

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  bundle = await bundleWorkflowCode({ workflowsPath: join(__dirname, '..', 'audit-lifecycle.workflow.ts') });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: SESSION_TASK_QUEUE,
    workflowBundle: bundle,
    activities,
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

beforeEach(() => {
  embedMode = 'ok';
  embedCalls = 0;
  purges = [];
});

/**
 * Runs the workflow and reads the deadline from its history, by event order rather than by clock: the test server's
 * clock may jump when the machine is loaded, event order cannot.
 */
async function run(input: Partial<AuditLifecycleInput> = {}): Promise<{
  result: AuditLifecycleResult;
  timerS: number | undefined;
  timerFiredBeforePurge: boolean;
}> {
  const sessionId = randomUUID();
  const handle = await env.client.workflow.start('auditLifecycleWorkflow', {
    workflowId: auditLifecycleWorkflowId(sessionId),
    taskQueue: SESSION_TASK_QUEUE,
    args: [{ sessionId, ...input }],
  });
  const result = (await handle.result()) as AuditLifecycleResult;
  const events = (await handle.fetchHistory()).events ?? [];
  const timer = events.find((e) => e.timerStartedEventAttributes);
  const fired = events.findIndex((e) => e.timerFiredEventAttributes);
  const purge = events.findIndex(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'purgeSessionOutput',
  );
  const t = timer?.timerStartedEventAttributes?.startToFireTimeout;
  return {
    result,
    timerS: t ? Number(t.seconds ?? 0) + (t.nanos ?? 0) / 1e9 : undefined,
    timerFiredBeforePurge: fired >= 0 && fired < purge,
  };
}

describe('auditLifecycleWorkflow', () => {
  it('embeds, then purges, before the deadline (the deadline timer never fires)', async () => {
    const { result, timerS, timerFiredBeforePurge } = await run();
    expect(result).toMatchObject({ embedded: true, chunks: 7, note: 'embedded', purgedRows: 3 });
    expect(purges).toHaveLength(1);
    expect(purges[0]).toMatchObject({ embedded: true, chunks: 7 });
    expect(timerS).toBe(AUDIT_PURGE_DEADLINE_MS / 1000);
    expect(timerFiredBeforePurge).toBe(false);
  });

  it('purges anyway at the 5-minute deadline when embedding always fails', async () => {
    embedMode = 'fail';
    const { result, timerS, timerFiredBeforePurge } = await run({ endedAtMs: await env.currentTimeMs() });
    expect(result.embedded).toBe(false);
    expect(result.note).toBe('purged without embedding: deadline passed before embedding succeeded');
    expect(purges).toHaveLength(1);
    expect(purges[0]!.embedded).toBe(false);
    expect(embedCalls).toBeGreaterThan(3); // it kept retrying until the deadline
    expect(timerS).toBeGreaterThan(AUDIT_PURGE_DEADLINE_MS / 1000 - 5);
    expect(timerS).toBeLessThanOrEqual(AUDIT_PURGE_DEADLINE_MS / 1000);
    expect(timerFiredBeforePurge).toBe(true);
  });

  it('counts the deadline from the session end, not from the workflow start', async () => {
    embedMode = 'fail';
    const endedAtMs = (await env.currentTimeMs()) - 4 * 60_000; // the session ended 4 minutes ago
    const { result, timerS, timerFiredBeforePurge } = await run({ endedAtMs });
    expect(result.embedded).toBe(false);
    expect(timerS).toBeGreaterThan(50);
    expect(timerS).toBeLessThanOrEqual(60);
    expect(timerFiredBeforePurge).toBe(true);
  });

  it('purges at once when the model is unavailable (no retry can help)', async () => {
    embedMode = 'unavailable';
    const { result, timerFiredBeforePurge } = await run();
    expect(result).toMatchObject({ embedded: false, note: 'purged without embedding: embedding failed' });
    expect(embedCalls).toBe(1);
    expect(timerFiredBeforePurge).toBe(false);
  });

  it('does not embed a quarantined session that is not released; purges it at the deadline', async () => {
    const { result, timerFiredBeforePurge } = await run({ quarantined: true });
    expect(embedCalls).toBe(0);
    expect(result.note).toBe('purged without embedding: session quarantined and not released before the deadline');
    expect(timerFiredBeforePurge).toBe(true);
  });

  it('embeds a quarantined session once an operator releases it (with a reason)', async () => {
    const sessionId = randomUUID();
    const handle = await env.client.workflow.start('auditLifecycleWorkflow', {
      workflowId: auditLifecycleWorkflowId(sessionId),
      taskQueue: SESSION_TASK_QUEUE,
      args: [{ sessionId, quarantined: true }],
    });
    await handle.signal(releaseSignal, { reason: '' }); // ignored: a release needs a reason
    await handle.signal(releaseSignal, { reason: 'false positive, checked by hand', operator: 'alice' });
    const result = (await handle.result()) as AuditLifecycleResult;
    expect(result).toMatchObject({ embedded: true, note: 'embedded' });
    expect(embedCalls).toBe(1);
  });
});
