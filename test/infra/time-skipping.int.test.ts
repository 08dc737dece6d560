/**
 * Proves the time-skipping test server from Maven Central works with the SDK: a workflow that sleeps the full session
 * TTL (15 minutes) completes while the test runs for seconds, and its own clock moved by at least 15 minutes.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SESSION_TTL_MS } from '../../workflows/api';
import { createTimeSkippingEnv } from '../helpers/time-skipping';
import type { sleepTtlWorkflow } from './workflows/sleep-ttl.workflow';

describe('time-skipping test server (io.temporal:temporal-test-server via .tools/bin/temporal-test-server)', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('supports time skipping', () => {
    expect(env.supportsTimeSkipping).toBe(true);
  });

  it('completes a workflow that sleeps the 15-minute session TTL, with its clock advanced by the TTL', async () => {
    const taskQueue = `infra-time-skipping-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: join(__dirname, 'workflows', 'sleep-ttl.workflow.ts'),
    });
    const result = await worker.runUntil(
      env.client.workflow.execute<typeof sleepTtlWorkflow>('sleepTtlWorkflow', {
        taskQueue,
        workflowId: `sleep-ttl-${randomUUID()}`,
        args: ['demo'],
      }),
    );
    expect(result.wokeAtMs - result.startedAtMs).toBeGreaterThanOrEqual(SESSION_TTL_MS);
  });
});
