/**
 * sshSessionWorkflow on Temporal's time-skipping test server (Java, from Maven Central) with scripted activities:
 * the 15-minute TTL, connect failures, worker loss and re-keying, quarantine/release, close and cancellation.
 * The TTL constant is the production one; time skipping makes 15 minutes pass in seconds.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ApplicationFailure, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenSessionInput } from '../../activities/session-activities';
import { sessionErrorToToolResult } from '../../mcp-bridge/tool-errors';
import { createTimeSkippingEnv } from '../../test/helpers/time-skipping';
import {
  SESSION_TASK_QUEUE,
  SESSION_TTL_MS,
  approveCommandSignal,
  closeUpdate,
  connectUpdate,
  quarantineSignal,
  releaseSignal,
  runCommandUpdate,
  sessionStateQuery,
} from '../api';
import type { CommandResult, SessionInput, SessionSummary } from '../api';
import { commandResult } from '../../test/helpers/fixtures';
import type { CommandPolicySnapshot } from '../command-policy/decide';
import type { sshSessionWorkflow } from '../ssh-session.workflow';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
const workers: Worker[] = [];
let running: Promise<unknown>;

// Scripted behaviour, reset before each test.
let queues: string[] = [];
let opens: (OpenSessionInput & { queue: string })[] = [];
let closes: { queue: string; sessionId: string }[] = [];
let ends: { sessionId: string; status: string }[] = [];
let openFails: Error | undefined;
let execFailOnce: Error | undefined;
let execs: { command: string; approval?: unknown }[] = [];

/** The session policy the scripted openSession returns (what `commandPolicySnapshot` produces on a real worker). */
const SESSION_POLICY: CommandPolicySnapshot = {
  version: 1,
  source: 'policy.yml',
  hostAlias: 'demo',
  maxCommandLength: 2000,
  denySubstrings: [],
  rules: [
    { id: 'read-only', action: 'allow', commands: ['uptime', 'id', 'ls', 'ls *'] },
    { id: 'restart', action: 'allow', commands: ['systemctl restart nginx'], mutating: true },
    { id: 'no-rm', action: 'deny', binary: 'rm' },
  ],
};

const result = (seq: number): CommandResult => commandResult({ sequence: seq, stdout: 'ok', outputBytes: 2 });

function sessionActivities(queue: string): Record<string, (...a: never[]) => Promise<unknown>> {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await
    openSession: async (input: OpenSessionInput) => {
      opens.push({ ...input, queue });
      if (openFails) throw openFails;
      const startedAtMs = input.originalStartMs ?? Date.now();
      return {
        startedAtMs,
        deadlineMs: startedAtMs + SESSION_TTL_MS,
        keyFingerprint: 'SHA256:test',
        connectMs: 3,
        workerQueue: queue,
        commandPolicy: SESSION_POLICY,
      };
    },
    // eslint-disable-next-line @typescript-eslint/require-await
    executeCommand: async (input: { sequence: number; command: string; approval?: unknown }) => {
      execs.push({ command: input.command, ...(input.approval ? { approval: input.approval } : {}) });
      if (execFailOnce) {
        const e = execFailOnce;
        execFailOnce = undefined;
        throw e;
      }
      return result(input.sequence);
    },
    // eslint-disable-next-line @typescript-eslint/require-await
    closeSession: async (input: { sessionId: string }) => {
      closes.push({ queue, sessionId: input.sessionId });
      return true;
    },
  };
}

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  bundle = await bundleWorkflowCode({ workflowsPath: join(__dirname, '..', 'index.ts') });
  const shared = {
    // eslint-disable-next-line @typescript-eslint/require-await
    claimSessionWorker: async () => queues.shift() ?? 'q-a',
    // eslint-disable-next-line @typescript-eslint/require-await
    listHosts: async () => [],
    // eslint-disable-next-line @typescript-eslint/require-await
    recordSessionEnd: async (i: { sessionId: string; status: string }) => void ends.push(i),
    recordSessionStatus: () => Promise.resolve(),
  };
  workers.push(
    await Worker.create({
      connection: env.nativeConnection,
      taskQueue: SESSION_TASK_QUEUE,
      workflowBundle: bundle,
      activities: shared,
    }),
  );
  for (const q of ['q-a', 'q-b']) {
    workers.push(
      await Worker.create({ connection: env.nativeConnection, taskQueue: q, activities: sessionActivities(q) }),
    );
  }
  running = Promise.all(workers.map((w) => w.run()));
}, 240_000);

afterAll(async () => {
  for (const w of workers) w.shutdown();
  await running?.catch(() => undefined);
  await env?.teardown();
});

beforeEach(() => {
  queues = [];
  opens = [];
  closes = [];
  ends = [];
  openFails = undefined;
  execFailOnce = undefined;
  execs = [];
});

/** The `command` of every run-command update the workflow accepted into its history. */
async function acceptedCommands(handle: ReturnType<typeof env.client.workflow.getHandle>): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input)
    .filter((i) => i?.name === 'run-command')
    .map((i) => defaultPayloadConverter.fromPayload<{ command: string }>(i!.args!.payloads![0]!).command);
}

async function startSession(): Promise<{ id: string; handle: ReturnType<typeof env.client.workflow.getHandle> }> {
  const id = randomUUID();
  const input: SessionInput = { sessionId: id, hostAlias: 'demo', user: 'app', initiatedBy: 'test' };
  const op = new WithStartWorkflowOperation<typeof sshSessionWorkflow>('sshSessionWorkflow', {
    workflowId: id,
    taskQueue: SESSION_TASK_QUEUE,
    args: [input],
    workflowIdConflictPolicy: 'FAIL',
  });
  await env.client.workflow.executeUpdateWithStart(connectUpdate, { startWorkflowOperation: op });
  return { id, handle: env.client.workflow.getHandle(id) };
}

async function updateError(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return cause as ApplicationFailure;
  }
  throw new Error('expected the update to fail');
}

describe('sshSessionWorkflow (time-skipping)', () => {
  it('expires after exactly the 15-minute TTL and destroys the key, even with no client around', async () => {
    const { id, handle } = await startSession();
    const cmd = await handle.executeUpdate(runCommandUpdate, { args: [{ command: 'uptime' }] });
    expect(cmd.sequence).toBe(1);
    const summary = (await handle.result()) as SessionSummary; // time skips here
    expect(summary.status).toBe('expired');
    // The history proves the mechanism: one workflow timer of exactly 15 minutes, started first, and fired.
    const events = (await handle.fetchHistory()).events ?? [];
    const timers = events.filter((e) => e.timerStartedEventAttributes);
    expect(timers).toHaveLength(1);
    expect(Number(timers[0]!.timerStartedEventAttributes!.startToFireTimeout!.seconds)).toBe(SESSION_TTL_MS / 1000);
    expect(events.some((e) => e.timerFiredEventAttributes)).toBe(true);
    expect(closes.filter((c) => c.sessionId === id)).toEqual([{ queue: 'q-a', sessionId: id }]);
    expect(ends.filter((e) => e.sessionId === id)).toEqual([{ sessionId: id, status: 'completed', escalated: false }]);
  });

  it('answers a command after close with a clear closed error', async () => {
    const { handle } = await startSession();
    await handle.executeUpdate(closeUpdate);
    expect(((await handle.result()) as SessionSummary).status).toBe('closed');
    const late = await handle.executeUpdate(runCommandUpdate, { args: [{ command: 'id' }] }).catch((e: unknown) => e);
    const tool = await sessionErrorToToolResult(late, handle);
    expect(tool).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'SessionClosedError: session is closed; open a new session with ssh_connect' }],
    });
  });

  it('explains a command after TTL expiry as expired', async () => {
    const { handle } = await startSession();
    expect(((await handle.result()) as SessionSummary).status).toBe('expired');
    const late = await handle.executeUpdate(runCommandUpdate, { args: [{ command: 'id' }] }).catch((e: unknown) => e);
    const tool = await sessionErrorToToolResult(late, handle);
    expect((tool.content[0] as { text: string }).text).toMatch(/^SessionExpiredError: session expired/);
  });

  it('validator rejects oversized and NUL commands with a clear message', async () => {
    const { handle } = await startSession();
    expect(
      (await updateError(handle.executeUpdate(runCommandUpdate, { args: [{ command: 'x'.repeat(10_001) }] }))).message,
    ).toMatch(/limit is 10000/);
    expect((await updateError(handle.executeUpdate(runCommandUpdate, { args: [{ command: 'ls\u0000' }] }))).type).toBe(
      'InvalidCommandError',
    );
    await handle.executeUpdate(closeUpdate);
    await handle.result();
  });

  it('validator rejects a command the session policy denies before it enters history; an allowed one runs', async () => {
    const { handle } = await startSession();
    const denied = await updateError(
      handle.executeUpdate(runCommandUpdate, { args: [{ command: 'ls; rm -rf /tmp/x' }] }),
    );
    expect(denied.type).toBe('PolicyViolationError');
    expect(denied.message).toMatch(/^denied by no-rm: 'rm -rf \/tmp\/x' is denied by rule no-rm\. To allow: /);
    expect(denied.message).toMatch(/checked against the policy this session started with, from policy\.yml/);
    const dflt = await updateError(handle.executeUpdate(runCommandUpdate, { args: [{ command: 'vim /etc/hosts' }] }));
    expect(dflt.message).toMatch(/^denied by default-deny: no rule allows 'vim \/etc\/hosts' on 'demo'/);
    const ok = await handle.executeUpdate(runCommandUpdate, { args: [{ command: 'uptime' }] });
    expect(ok.sequence).toBe(1); // the rejected updates took no sequence number
    await handle.executeUpdate(closeUpdate);
    await handle.result();
    // Rejected by the validator = never in history: only the allowed command was accepted, only it reached a worker.
    expect(await acceptedCommands(handle)).toEqual(['uptime']);
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((e) => e.workflowExecutionUpdateRejectedEventAttributes)).toBe(false);
    expect(execs.map((e) => e.command)).toEqual(['uptime']);
  });

  it('validator asks for an approval of a mutating command and accepts it once an operator approved it', async () => {
    const { handle } = await startSession();
    const needs = await updateError(
      handle.executeUpdate(runCommandUpdate, { args: [{ command: 'systemctl restart nginx' }] }),
    );
    expect(needs.type).toBe('PolicyViolationError');
    expect(needs.message).toMatch(/needs an operator's approval of this exact command/);
    expect(needs.details).toEqual([{ kind: 'approval-required', rule: 'restart' }]);
    await handle.signal(approveCommandSignal, {
      command: 'systemctl restart nginx',
      reason: 'deploy',
      operator: 'ops-1',
    });
    const ran = await handle.executeUpdate(runCommandUpdate, { args: [{ command: 'systemctl restart nginx' }] });
    expect(ran.exitCode).toBe(0);
    expect(execs).toEqual([{ command: 'systemctl restart nginx', approval: { operator: 'ops-1', reason: 'deploy' } }]);
    await handle.executeUpdate(closeUpdate);
    await handle.result();
    expect(await acceptedCommands(handle)).toEqual(['systemctl restart nginx']);
  });

  it('fails connect with the activity error type (e.g. host key changed) and ends in error', async () => {
    openFails = ApplicationFailure.create({
      type: 'HostKeyMismatchError',
      message: "host key of 'demo' does not match",
      nonRetryable: true,
    });
    const id = randomUUID();
    const op = new WithStartWorkflowOperation<typeof sshSessionWorkflow>('sshSessionWorkflow', {
      workflowId: id,
      taskQueue: SESSION_TASK_QUEUE,
      args: [{ sessionId: id, hostAlias: 'demo', user: 'app', initiatedBy: 't' }],
      workflowIdConflictPolicy: 'FAIL',
    });
    const err = await updateError(
      env.client.workflow.executeUpdateWithStart(connectUpdate, { startWorkflowOperation: op }),
    );
    expect(err.type).toBe('HostKeyMismatchError');
    const summary = (await env.client.workflow.getHandle(id).result()) as SessionSummary;
    expect(summary.status).toBe('error');
    expect(ends.filter((e) => e.sessionId === id)).toMatchObject([{ status: 'error' }]);
  });

  it('re-keys on another worker when the key-holding worker is lost, keeping the original deadline', async () => {
    queues = ['q-a', 'q-b'];
    const { handle } = await startSession();
    execFailOnce = ApplicationFailure.create({ type: 'SessionKeyLostError', message: 'key lost', nonRetryable: true });
    const r = await handle.executeUpdate(runCommandUpdate, { args: [{ command: 'uptime' }] });
    expect(r.exitCode).toBe(0);
    expect(opens.map((o) => o.queue)).toEqual(['q-a', 'q-b']);
    expect(opens[1]!.originalStartMs).toBeDefined();
    const state = await handle.query(sessionStateQuery);
    expect(state.workerQueue).toBe('q-b');
    await handle.executeUpdate(closeUpdate);
    const summary = (await handle.result()) as SessionSummary;
    expect(summary.rekeys).toBe(1);
    expect(closes.filter((c) => c.sessionId === handle.workflowId).map((c) => c.queue)).toEqual(['q-b']);
  });

  it('withholds commands while quarantined and accepts them again after a release with a reason', async () => {
    const { handle } = await startSession();
    await handle.signal(quarantineSignal, { reason: 'canary survived layer 1' });
    expect((await updateError(handle.executeUpdate(runCommandUpdate, { args: [{ command: 'id' }] }))).type).toBe(
      'SessionQuarantinedError',
    );
    await handle.signal(releaseSignal, { reason: '' }); // ignored: a release needs a reason
    expect((await handle.query(sessionStateQuery)).quarantined).toBe(true);
    await handle.signal(releaseSignal, { reason: 'verified redaction fix', operator: 'ops-1' });
    expect((await handle.query(sessionStateQuery)).status).toBe('active');
    expect((await handle.executeUpdate(runCommandUpdate, { args: [{ command: 'id' }] })).exitCode).toBe(0);
    await handle.executeUpdate(closeUpdate);
    await handle.result();
  });

  it('destroys the key when the workflow is cancelled', async () => {
    const { id, handle } = await startSession();
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    expect(closes.filter((c) => c.sessionId === id)).toEqual([{ queue: 'q-a', sessionId: id }]);
  });
});
