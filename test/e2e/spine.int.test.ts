/**
 * End to end on real components: the MCP SDK client over stdio spawns the bridge, which talks to the Temporal dev
 * server; a real worker process mints keys and runs commands on the real sshd demo target. Afterwards every store is
 * searched for every value planted on the target: MCP results, audit rows, workflow histories, worker logs and the
 * Temporal dev server's database file.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { DEMO_COMMANDS } from '../../cli/demo';
import { REPO_ROOT, loadStackEnv, plantedSecrets } from '../helpers/stack';
import type { StackEnv } from '../helpers/stack';
import { fileText, findPlanted, postgresDumpText, workflowHistoryText } from '../helpers/stores';
import { connectBridge, callTool } from '../helpers/mcp';
import { startWorker } from '../helpers/worker-process';
import type { WorkerProcess } from '../helpers/worker-process';

let stack: StackEnv;
let worker: WorkerProcess;
let mcp: McpClient;
let temporal: Client;
let connection: Connection;
const toolTexts: string[] = [];
let sessionId = '';

async function call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; text: string }> {
  const { isError, text } = await callTool(mcp, name, args);
  toolTexts.push(text);
  return { isError, text };
}

beforeAll(async () => {
  stack = loadStackEnv();
  worker = await startWorker(stack);
  connection = await Connection.connect({ address: stack.TEMPORAL_ADDRESS });
  temporal = new Client({ connection, namespace: stack.TEMPORAL_NAMESPACE });
  mcp = await connectBridge(stack, 'spine-e2e');
});

afterAll(async () => {
  await mcp?.close().catch(() => undefined);
  await worker?.stop();
  await connection?.close();
});

describe('spine: MCP → Temporal → worker → sshd', () => {
  it('lists the tools with annotations and the hosts without addresses', async () => {
    const tools = await mcp.listTools();
    const names = tools.tools.map((t) => t.name).sort();
    expect(names).toEqual(
      expect.arrayContaining(['ssh_close', 'ssh_connect', 'ssh_exec', 'ssh_list_hosts', 'ssh_session_status']),
    );
    for (const t of tools.tools) expect(t.annotations).toBeDefined();
    const hosts = await call('ssh_list_hosts', {});
    expect(hosts.isError).toBe(false);
    expect(hosts.text).toContain('"alias": "demo"');
    expect(hosts.text).not.toContain('10.77.1.2');
    expect(hosts.text).not.toContain('AAAA');
  });

  it('connects with a fresh certificate and runs the demo commands with redacted output', async () => {
    const c = await call('ssh_connect', { host: 'demo', user: 'app' });
    expect(c.isError, c.text).toBe(false);
    const connected = JSON.parse(c.text) as { session_id: string; expires_at: string; connect_ms: number };
    sessionId = connected.session_id;
    const ttl = Date.parse(connected.expires_at) - Date.now();
    expect(ttl).toBeGreaterThan(13 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);

    for (const command of DEMO_COMMANDS) {
      const r = await call('ssh_exec', { session_id: sessionId, command });
      expect(r.isError, `${command}: ${r.text}`).toBe(false);
      const body = JSON.parse(r.text) as { exit_code: number; stdout: string; redactions: { layer1: number } };
      expect(body.exit_code).toBe(0);
      expect(body.stdout.length).toBeGreaterThan(0);
      expect(body.redactions.layer1).toBeGreaterThan(0);
    }
    const env = JSON.parse(toolTexts[toolTexts.length - DEMO_COMMANDS.length]!) as { stdout: string };
    // the document's section 06 example, after Layer 1
    expect(env.stdout).toContain('APP_ENV=production');
    expect(env.stdout).toContain('DB_CONNECTION=mysql');
    expect(env.stdout).toMatch(/DB_PASSWORD=\[PASSWORD_REDACTED\]/);

    const status = await call('ssh_session_status', { session_id: sessionId });
    expect(JSON.parse(status.text)).toMatchObject({ status: 'active', commands: DEMO_COMMANDS.length });
    const closed = await call('ssh_close', { session_id: sessionId });
    expect(JSON.parse(closed.text)).toMatchObject({ status: 'closed' });
    const after = await call('ssh_exec', { session_id: sessionId, command: 'id' });
    expect(after.isError).toBe(true);
    expect(after.text).toMatch(/closed|ended/i);
  });

  it('finds no planted secret in any MCP result, audit row, workflow history, worker log or Temporal database', async () => {
    const planted = plantedSecrets(stack).map((p) => p.value);
    expect(planted.length).toBeGreaterThan(20);
    const caKey = fileText(stack.SSM_CA_KEY_FILE)
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'))
      .join('');
    const secrets = [...planted, caKey.slice(0, 40), 'OPENSSH PRIVATE KEY', 'openssh-key-v1'];

    expect(findPlanted(toolTexts.join('\n'), secrets)).toEqual([]);
    const history = await workflowHistoryText(temporal, sessionId);
    expect(history).toContain('run-command');
    expect(findPlanted(history, secrets)).toEqual([]);
    const pgText = await postgresDumpText(stack.DATABASE_URL);
    expect(findPlanted(pgText, secrets)).toEqual([]);
    expect(findPlanted(worker.logs(), secrets)).toEqual([]);
    const dbFile = join(REPO_ROOT, '.run', 'temporal.db');
    expect(findPlanted(fileText(dbFile) + fileText(`${dbFile}-wal`), secrets)).toEqual([]);
  });

  it('wrote section-09 audit rows: anonymized command, SHA-256 hash, exit code, durations, per-layer counts', async () => {
    const pg = new PgClient({ connectionString: stack.DATABASE_URL });
    await pg.connect();
    try {
      const s = await pg.query('SELECT * FROM ssh_sessions WHERE session_id = $1', [sessionId]);
      expect(s.rows).toHaveLength(1);
      expect(s.rows[0]).toMatchObject({ target_host: 'demo', target_user: '[USER_REDACTED]', status: 'completed' });
      expect(s.rows[0].ended_at).not.toBeNull();
      const c = await pg.query('SELECT * FROM ssh_commands WHERE session_id = $1 ORDER BY sequence', [s.rows[0].id]);
      expect(c.rows.map((r: { sequence: number }) => r.sequence)).toEqual(DEMO_COMMANDS.map((_, i) => i + 1));
      for (const row of c.rows as Record<string, unknown>[]) {
        expect(row.command_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(row.exit_code).toBe(0);
        expect(row.anonymization).toMatchObject({ layer1_redactions: expect.any(Number), layer2_redactions: 0 });
        expect(row.resolved_by).toBe('claude_escalation');
      }
    } finally {
      await pg.end();
    }
  });

  it('shows the session in visibility through the custom search attributes', async () => {
    let found = false;
    for (let i = 0; i < 20 && !found; i++) {
      for await (const wf of temporal.workflow.list({
        query: `SshHostAlias = 'demo' AND WorkflowId = '${sessionId}'`,
      })) {
        found = wf.workflowId === sessionId;
      }
      if (!found) await new Promise((r) => setTimeout(r, 500));
    }
    expect(found).toBe(true);
  });
});
