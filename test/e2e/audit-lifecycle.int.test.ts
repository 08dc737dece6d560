/**
 * Issue 7 end to end on real components: a session runs through the spine (MCP bridge → Temporal → worker → sshd),
 * and after `ssh_close` the worker's auditLifecycleWorkflow embeds the anonymized output with the real ONNX model
 * into PGlite/pgvector, purges `stdout_anon`/`stderr_anon` within the 5-minute deadline and records it; a paraphrase
 * query through `ssh_search_sessions` finds the session; `secure-ssh-mcp erase` removes rows and vectors.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModelDir } from '../../activities/audit/embedder';
import { runEraseCommand } from '../../cli/erase';
import { PIPELINE_GUARD_ID, pipelineStateQuery } from '../../workflows/api';
import { AUDIT_PURGE_DEADLINE_MS, auditLifecycleWorkflowId } from '../../workflows/audit-api';
import type { AuditLifecycleResult } from '../../workflows/audit-api';
import { callTool, connectBridge } from '../helpers/mcp';
import { loadStackEnv, plantedSecrets } from '../helpers/stack';
import type { StackEnv } from '../helpers/stack';
import { startWorker } from '../helpers/worker-process';
import type { WorkerProcess } from '../helpers/worker-process';

const COMMANDS = ['cat /etc/nginx/sites-enabled/app.conf', 'tail -n 25 /var/log/auth.log'];
const modelInstalled = existsSync(join(defaultModelDir(), 'model.onnx'));

let stack: StackEnv;
let worker: WorkerProcess;
let mcp: McpClient;
let temporal: Client;
let connection: Connection;
let pg: PgClient;
let vectorDir: string;
let sessionId = '';
let closedAt = 0;
let startedIso = '';
const metricsPort = 19464;

async function runEraseCommandQuiet(id: string): Promise<number> {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await runEraseCommand(id, { ...process.env, ...stack });
  } finally {
    console.log = log;
  }
}

interface Hit {
  session_id: string;
  host: string;
  started_at: string;
  score: number;
  command: string;
  snippet: string;
}
async function search(args: Record<string, unknown>): Promise<Hit[]> {
  const r = await callTool(mcp, 'ssh_search_sessions', args);
  expect(r.isError, r.text).toBe(false);
  return (JSON.parse(r.text) as { sessions: Hit[] }).sessions;
}

describe.runIf(modelInstalled)('audit lifecycle end to end', () => {
  beforeAll(async () => {
    stack = loadStackEnv();
    vectorDir = mkdtempSync(join(tmpdir(), 'ssm-vectors-'));
    worker = await startWorker(stack, {
      SSM_VECTOR_PGLITE_DIR: join(vectorDir, 'pglite'),
      SSM_METRICS_PORT: String(metricsPort),
    });
    connection = await Connection.connect({ address: stack.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, namespace: stack.TEMPORAL_NAMESPACE });
    mcp = await connectBridge(stack, 'audit-lifecycle-e2e');
    pg = new PgClient({ connectionString: stack.DATABASE_URL });
    await pg.connect();
  });

  afterAll(async () => {
    await mcp?.close().catch(() => undefined);
    await worker?.stop();
    await connection?.close();
    await pg?.end().catch(() => undefined);
    if (vectorDir) rmSync(vectorDir, { recursive: true, force: true });
  });

  it('runs a session through the spine and closes it', async () => {
    // The dev stack is shared: a canary test elsewhere may have halted the pipeline; wait for it to be healthy.
    const guard = temporal.workflow.getHandle(PIPELINE_GUARD_ID);
    for (let i = 0; i < 120 && (await guard.query(pipelineStateQuery)).status !== 'healthy'; i++) {
      await new Promise((r) => setTimeout(r, 1000));
    }
    const c = await callTool(mcp, 'ssh_connect', { host: 'demo', user: 'app' });
    expect(c.isError, c.text).toBe(false);
    sessionId = (JSON.parse(c.text) as { session_id: string }).session_id;
    startedIso = new Date(Date.now() - 60_000).toISOString();
    for (const command of COMMANDS) {
      const r = await callTool(mcp, 'ssh_exec', { session_id: sessionId, command });
      expect(r.isError, `${command}: ${r.text}`).toBe(false);
    }
    const closed = await callTool(mcp, 'ssh_close', { session_id: sessionId });
    expect(closed.isError, closed.text).toBe(false);
    closedAt = Date.now();
  });

  it('embeds, then purges stdout_anon/stderr_anon well within the 5-minute deadline', async () => {
    const handle = temporal.workflow.getHandle(auditLifecycleWorkflowId(sessionId));
    let result: AuditLifecycleResult | undefined;
    for (let i = 0; i < 60 && !result; i++) {
      try {
        result = (await handle.result()) as AuditLifecycleResult;
      } catch {
        await new Promise((r) => setTimeout(r, 1000)); // not started yet
      }
    }
    const purgeLagMs = Date.now() - closedAt;
    expect(result).toMatchObject({ sessionId, embedded: true, note: 'embedded' });
    expect(result!.chunks).toBeGreaterThan(0);
    expect(purgeLagMs).toBeLessThan(AUDIT_PURGE_DEADLINE_MS);
    console.log(
      `audit lifecycle: ${result!.chunks} chunks, purge lag ${purgeLagMs} ms (recorded ${result!.purgeLagS} s)`,
    );

    const rows = await pg.query(
      `SELECT c.stdout_anon, c.stderr_anon, c.command_anon, s.purged_at, s.embedded, s.embedded_chunks, s.purge_note
         FROM ssh_commands c JOIN ssh_sessions s ON s.id = c.session_id WHERE s.session_id = $1 ORDER BY c.sequence`,
      [sessionId],
    );
    expect(rows.rows).toHaveLength(COMMANDS.length);
    for (const r of rows.rows as Record<string, unknown>[]) {
      expect(r.stdout_anon).toBeNull();
      expect(r.stderr_anon).toBeNull();
      expect(r.command_anon).toBeTruthy(); // the command audit stays
      expect(r).toMatchObject({ embedded: true, purge_note: 'embedded' });
      expect(r.purged_at).not.toBeNull();
    }
  });

  it('exports the purge lag metric', async () => {
    const body = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(body).toMatch(/ssm_audit_purge_lag_seconds_count\{outcome="embedded"\} [1-9]/);
  });

  it('finds the session with paraphrase queries through ssh_search_sessions, best chunk first', async () => {
    const t0 = Date.now();
    const auth = await search({ query: 'failed ssh login attempts', host: 'demo', since: startedIso, limit: 5 });
    console.log(`search latency (MCP round trip): ${Date.now() - t0} ms`);
    expect(auth.map((h) => h.session_id)).toContain(sessionId);
    const mine = auth.find((h) => h.session_id === sessionId)!;
    expect(mine).toMatchObject({ host: 'demo', command: 'tail -n 25 /var/log/auth.log' });
    expect(mine.snippet.length).toBeGreaterThan(0);

    const web = await search({ query: 'reverse proxy web server configuration', host: 'demo', since: startedIso });
    expect(web.find((h) => h.session_id === sessionId)?.command).toBe('cat /etc/nginx/sites-enabled/app.conf');

    expect(await search({ query: 'failed ssh login attempts', host: 'no-such-host' })).toEqual([]);
  });

  it('leaves no planted secret in the vector store: not in any payload, not in any byte of its files on disk', async () => {
    const planted = plantedSecrets(stack).map((p) => p.value);
    expect(planted.length).toBeGreaterThan(20);
    await worker.stop(); // PGlite admits one process; the worker holds the data directory until it stops (restarted below)
    const dataDir = join(vectorDir, 'pglite');
    const { PGlite } = await import('@electric-sql/pglite');
    const { vector } = await import('@electric-sql/pglite-pgvector');
    const db = await PGlite.create({ dataDir, extensions: { vector } });
    try {
      const rows = await db.query<{ p: string }>('SELECT payload::text AS p FROM audit_vectors');
      expect(rows.rows.length).toBeGreaterThan(0); // the second session's vectors are still there
      const text = rows.rows.map((r) => r.p).join('\n');
      expect(planted.filter((v) => text.includes(v))).toEqual([]);
    } finally {
      await db.close();
    }
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(vectorDir);
    const leaks = files.flatMap((f) => {
      const bytes = readFileSync(f);
      return planted.filter((v) => bytes.includes(Buffer.from(v))).map((v) => `${f}: ${v.length}-char value`);
    });
    expect(leaks).toEqual([]);
    worker = await startWorker(stack, {
      SSM_VECTOR_PGLITE_DIR: join(vectorDir, 'pglite'),
      SSM_METRICS_PORT: String(metricsPort),
    });
  });
  it('purges a second session on the warm worker (model and store already open)', async () => {
    const c = await callTool(mcp, 'ssh_connect', { host: 'demo', user: 'app' });
    expect(c.isError, c.text).toBe(false);
    const second = (JSON.parse(c.text) as { session_id: string }).session_id;
    expect((await callTool(mcp, 'ssh_exec', { session_id: second, command: COMMANDS[1]! })).isError).toBe(false);
    await callTool(mcp, 'ssh_close', { session_id: second });
    const t0 = Date.now();
    const handle = temporal.workflow.getHandle(auditLifecycleWorkflowId(second));
    let result: AuditLifecycleResult | undefined;
    for (let i = 0; i < 60 && !result; i++) {
      try {
        result = (await handle.result()) as AuditLifecycleResult;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    expect(result).toMatchObject({ embedded: true });
    console.log(`audit lifecycle (warm): ${result!.chunks} chunks, purge lag ${Date.now() - t0} ms`);
    expect(await runEraseCommandQuiet(second)).toBe(0);
  });

  it('erases the session: rows and vectors gone, history delete commands printed', async () => {
    const out: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void out.push(a.join(' '));
    let code: number;
    try {
      code = await runEraseCommand(sessionId, { ...process.env, ...stack });
    } finally {
      console.log = log;
    }
    expect(code).toBe(0);
    const summary = JSON.parse(out[0]!) as { deleted: Record<string, number | null> };
    expect(summary.deleted).toMatchObject({ ssh_commands: COMMANDS.length, ssh_sessions: 1 });
    expect(summary.deleted.vectors).toBeGreaterThan(0);
    expect(out.join('\n')).toContain(`temporal workflow delete --namespace default --workflow-id ${sessionId}`);
    const left = await pg.query('SELECT count(*)::int AS n FROM ssh_sessions WHERE session_id = $1', [sessionId]);
    expect(left.rows[0].n).toBe(0);
    const hits = await search({ query: 'failed ssh login attempts', host: 'demo', since: startedIso, limit: 20 });
    expect(hits.map((h) => h.session_id)).not.toContain(sessionId);
  });
});
