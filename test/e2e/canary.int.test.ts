/**
 * Canary guarantee on real components (architecture §06): a deliberately broken redactor (TEST-ONLY hook
 * SSM_TEST_DISABLE_RULES) halts the pipeline on the next schedule tick (periodic) and on the next payload (inline);
 * running sessions are quarantined through the visibility fan-out, new ones are refused, release with the real
 * `temporal` CLI is refused while canaries fail and works once they pass. Afterwards no canary value is in any tool
 * result, audit row, workflow history or log.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { generateCanaries } from '../../activities/canary/canaries';
import { CANARY_SCHEDULE_ID, PIPELINE_GUARD_ID, pipelineStateQuery, sessionStateQuery } from '../../workflows/api';
import type { PipelineState } from '../../workflows/api';
import { loadStackEnv } from '../helpers/stack';
import type { StackEnv } from '../helpers/stack';
import { findPlanted, postgresDumpText, workflowHistoryText } from '../helpers/stores';
import { connectBridge, callTool } from '../helpers/mcp';
import { startWorker } from '../helpers/worker-process';
import type { WorkerProcess } from '../helpers/worker-process';

const HONEYTOKEN = '/home/app/s3-sync.log';
let stack: StackEnv;
let connection: Connection;
let temporal: Client;
let mcp: McpClient;
let worker: WorkerProcess | undefined;
const logs: string[] = [];
const toolTexts: string[] = [];
let canaryValues: string[] = [];
const sessions: string[] = [];
const timings: Record<string, number> = {};

// Both detectors of AWS key ids are broken: our rule and gitleaks' aws-access-token (defence in depth would otherwise
// keep the canaries redacted and nothing would halt).
const BROKEN = { SSM_TEST_DISABLE_RULES: 'aws-access-key-id,gitleaks' };

async function swapWorker(extra: Record<string, string> = {}): Promise<void> {
  if (worker) {
    await worker.stop();
    logs.push(worker.logs());
  }
  worker = await startWorker(stack, extra);
}

async function call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; text: string }> {
  const { isError, text } = await callTool(mcp, name, args);
  toolTexts.push(text);
  return { isError, text };
}

async function connectSession(): Promise<string> {
  const c = await call('ssh_connect', { host: 'demo', user: 'app' });
  expect(c.isError, c.text).toBe(false);
  const id = (JSON.parse(c.text) as { session_id: string }).session_id;
  sessions.push(id);
  return id;
}

const guard = (): Promise<PipelineState> => temporal.workflow.getHandle(PIPELINE_GUARD_ID).query(pipelineStateQuery);

async function waitFor(pred: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (await pred().catch(() => false)) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** The documented operator command (README "Release"), run with the real temporal binary. */
function releasePipelineWithCli(reason: string): { status: number | null; out: string } {
  const r = spawnSync(
    stack.TEMPORAL_BIN,
    [
      'workflow',
      'update',
      'execute',
      '--address',
      stack.TEMPORAL_ADDRESS,
      '--namespace',
      stack.TEMPORAL_NAMESPACE,
      '--workflow-id',
      PIPELINE_GUARD_ID,
      '--name',
      'release-pipeline',
      '--input',
      JSON.stringify({ reason, operator: 'ci-operator' }),
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  stack = loadStackEnv();
  const seed = readFileSync(stack.SSM_CANARY_SEED_FILE!);
  const canaries = generateCanaries(seed);
  canaryValues = [...new Set(canaries.flatMap((c) => c.values))];
  // A honeytoken on the target: a log file line holding the AWS-key canary (a real placement of a canary).
  writeFileSync(HONEYTOKEN, canaries.find((c) => c.id === 'aws-key-id:log-line')!.payload, { mode: 0o640 });
  const app = spawnSync('id', ['-u', 'app'], { encoding: 'utf8' });
  chownSync(HONEYTOKEN, Number(app.stdout.trim()), 0);

  connection = await Connection.connect({ address: stack.TEMPORAL_ADDRESS });
  temporal = new Client({ connection, namespace: stack.TEMPORAL_NAMESPACE });
  await swapWorker();
  if ((await guard()).status === 'halted') expect(releasePipelineWithCli('test reset: healthy worker').status).toBe(0);
  mcp = await connectBridge(stack, 'canary-e2e');
});

afterAll(async () => {
  rmSync(HONEYTOKEN, { force: true });
  await temporal?.schedule
    .getHandle(CANARY_SCHEDULE_ID)
    .unpause('canary e2e: cleanup')
    .catch(() => undefined);
  await mcp?.close().catch(() => undefined);
  if (worker) {
    await worker.stop();
    logs.push(worker.logs());
  }
  await connection?.close();
  console.log(`canary timings (ms): ${JSON.stringify(timings)}`);
});

describe('canary halt, quarantine and release', () => {
  it('halts on the next schedule tick when the redactor breaks, and quarantines running sessions', async () => {
    const idle = await connectSession();
    expect(JSON.parse((await call('ssh_pipeline_health', {})).text)).toMatchObject({ status: 'healthy' });
    await swapWorker(BROKEN);
    timings.periodicHaltMs = await waitFor(async () => (await guard()).status === 'halted', 90_000);
    expect((await guard()).reason).toMatch(/^periodic canary check failed: aws-key-id:/);
    await waitFor(async () => (await temporal.workflow.getHandle(idle).query(sessionStateQuery)).quarantined, 15_000);
    const r = await call('ssh_exec', { session_id: idle, command: 'id' });
    expect(r.text).toMatch(/^SessionQuarantinedError: /);
    const refused = await call('ssh_connect', { host: 'demo', user: 'app' });
    expect(refused.text).toMatch(/^PipelineHaltedError: /);
  });

  it('refuses a CLI release while canaries still fail, and accepts it once they pass', async () => {
    const refused = releasePipelineWithCli('looks fine to me');
    expect(refused.status).not.toBe(0);
    expect(refused.out).toMatch(/release refused: \d+ canary payload\(s\) still survive/);
    expect((await guard()).status).toBe('halted');

    await swapWorker(); // the fix: a healthy redactor
    const ok = releasePipelineWithCli('aws-access-key-id rule restored; canaries pass');
    expect(ok.status, ok.out).toBe(0);
    const state = await guard();
    expect(state).toMatchObject({ status: 'healthy', lastRelease: { operator: 'ci-operator' } });
    expect(JSON.parse((await call('ssh_pipeline_health', {})).text)).toMatchObject({ status: 'healthy' });
  });

  it('halts inline on the first leaking payload, withholds it, and quarantines that session', async () => {
    // Pause the every-minute Schedule so this measures the inline path alone (resumed below and in afterAll).
    const schedule = temporal.schedule.getHandle(CANARY_SCHEDULE_ID);
    await schedule.pause('canary e2e: measuring the inline path');
    try {
      await swapWorker(BROKEN);
      const id = await connectSession(); // the key now lives on the broken worker
      const t0 = Date.now();
      const r = await call('ssh_exec', { session_id: id, command: `cat ${HONEYTOKEN}` });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(
        /^SessionQuarantinedError: session quarantined: output withheld because a canary check failed/,
      );
      await waitFor(async () => (await guard()).status === 'halted', 15_000);
      timings.inlineHaltMs = Date.now() - t0;
      expect((await guard()).reason).toMatch(/inline canary check failed: aws-key-id:.* \(session [0-9a-f-]{36}\)/);
    } finally {
      await schedule.unpause('canary e2e: done');
    }
  });

  it('records quarantine in ssh_sessions, and releases one session with the documented CLI signal', async () => {
    const pg = new PgClient({ connectionString: stack.DATABASE_URL });
    await pg.connect();
    try {
      const rows = await pg.query('SELECT session_id, status FROM ssh_sessions WHERE session_id = ANY($1::uuid[])', [
        sessions,
      ]);
      expect(rows.rows.map((r: { status: string }) => r.status)).toEqual(['quarantined', 'quarantined']);
      const withheld = await pg.query(
        'SELECT c.stdout_anon, c.anonymization FROM ssh_commands c JOIN ssh_sessions s ON s.id = c.session_id WHERE s.session_id = $1',
        [sessions[1]],
      );
      expect(withheld.rows[0]).toMatchObject({
        stdout_anon: { text: '[WITHHELD: canary check failed]' },
        anonymization: { canary_passed: false },
      });
    } finally {
      await pg.end();
    }
    await swapWorker();
    expect(releasePipelineWithCli('aws rule restored again').status).toBe(0);
    const sig = spawnSync(
      stack.TEMPORAL_BIN,
      [
        'workflow',
        'signal',
        '--address',
        stack.TEMPORAL_ADDRESS,
        '--workflow-id',
        sessions[0]!,
        '--name',
        'release',
        '--input',
        '{"reason":"verified: no leak in this session","operator":"ci-operator"}',
      ],
      { encoding: 'utf8' },
    );
    expect(sig.status, sig.stderr).toBe(0);
    await waitFor(
      async () => !(await temporal.workflow.getHandle(sessions[0]!).query(sessionStateQuery)).quarantined,
      15_000,
    );
    // the reasons people gave are in the audit store
    const audit = new PgClient({ connectionString: stack.DATABASE_URL });
    await audit.connect();
    try {
      const events = await audit.query<{
        event: string;
        subject: string;
        operator: string | null;
        reason: string | null;
      }>(
        "SELECT event, subject, operator, reason FROM audit_events WHERE at > now() - interval '10 minutes' ORDER BY at",
      );
      expect(events.rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ event: 'pipeline-halted', subject: 'pipeline' }),
          expect.objectContaining({
            event: 'pipeline-released',
            operator: 'ci-operator',
            reason: 'aws rule restored again',
          }),
          expect.objectContaining({ event: 'session-quarantined', subject: sessions[0] }),
          expect.objectContaining({
            event: 'session-released',
            subject: sessions[0],
            operator: 'ci-operator',
            reason: 'verified: no leak in this session',
          }),
        ]),
      );
    } finally {
      await audit.end();
    }
    const again = await call('ssh_exec', { session_id: sessions[0], command: 'echo released' });
    expect(again.isError, again.text).toBe(false);
    expect(JSON.parse(again.text).stdout).toBe('released\n');
    for (const id of sessions) await call('ssh_close', { session_id: id });
  });

  it('leaks no canary value into tool results, audit rows, workflow histories or logs', async () => {
    expect(canaryValues.length).toBeGreaterThan(10);
    expect(findPlanted(toolTexts.join('\n'), canaryValues)).toEqual([]);
    expect(findPlanted(await postgresDumpText(stack.DATABASE_URL), canaryValues)).toEqual([]);
    const ids = [...sessions, PIPELINE_GUARD_ID];
    for await (const wf of temporal.workflow.list({ query: "WorkflowType = 'canaryValidatorWorkflow'" }))
      ids.push(wf.workflowId);
    for (const id of ids) expect(findPlanted(await workflowHistoryText(temporal, id), canaryValues), id).toEqual([]);
    expect(findPlanted(logs.join('\n') + (worker?.logs() ?? ''), canaryValues)).toEqual([]);
  });
});
