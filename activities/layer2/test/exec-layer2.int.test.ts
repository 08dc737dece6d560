/**
 * Layer 2 in the exec path on real components (issue 5): the MCP bridge → Temporal dev server → a real worker process
 * with `SSM_LAYER2=on` and the OpenAI-compatible HTTP backend → real sshd. The backend is a scripted HTTP server in
 * this test (a real server on a real socket; only its answers are scripted). Checks that a value only Layer 2 catches
 * is redacted, that the `anonymization` JSONB in PostgreSQL carries the Layer 2 fields, that the model only ever sees
 * Layer 1 output, and that a model failure (HTTP 500, timeout) fails closed: held, nothing raw in the tool result,
 * in PostgreSQL or in the worker's logs. Assertions never print the planted values.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { Client as PgClient } from 'pg';
import { redact } from '../../redaction';
import { loadStackEnv } from '../../../test/helpers/stack';
import type { StackEnv } from '../../../test/helpers/stack';
import { postgresDumpText } from '../../../test/helpers/stores';
import { connectBridge, callTool } from '../../../test/helpers/mcp';
import { startWorker } from '../../../test/helpers/worker-process';
import type { WorkerProcess } from '../../../test/helpers/worker-process';

const REMOTE_FILE = '/home/app/layer2-ticket.log';
// Synthetic values. The name is free text that Layer 1 does not catch (checked below); the password is Layer 1's.
const PERSON = ['Quirinus', 'Vandermeulen'].join(' ');
const PASSWORD = ['Xk9v', 'T2mQ', '8rLp', '4wZs'].join('');
const CONTENT = [
  '2026-11-29 03:10:00 INFO ticket 4711 opened',
  `2026-11-29 03:10:02 INFO ticket 4711 escalated by ${PERSON} from billing`,
  `DB_PASSWORD=${PASSWORD}`,
  '2026-11-29 03:10:05 INFO ticket 4711 closed',
  '',
].join('\n');

type Mode = 'classify' | 'http500' | 'hang';
let mode: Mode = 'classify';
const seen = { requests: 0, withPerson: 0, withPassword: 0, withTools: 0 };
let server: Server;
const hanging = new Set<ServerResponse>();

/** OpenAI-compatible `/v1/chat/completions`: finds the data line with the name and reports it as PERSON. */
function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.requests++;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      messages: { role: string; content: string }[];
      tools?: unknown;
    };
    const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
    if (user.includes(PERSON)) seen.withPerson++;
    if (user.includes(PASSWORD)) seen.withPassword++;
    if (body.tools !== undefined) seen.withTools++;
    if (mode === 'http500') {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"scripted failure"}');
      return;
    }
    if (mode === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    const findings: { line: number; text: string; category: string }[] = [];
    for (const l of user.split('\n')) {
      const m = /^[0-9a-f]{12}\|(\d+)\|(.*)$/.exec(l);
      if (m && m[2]!.includes(PERSON)) findings.push({ line: Number(m[1]), text: PERSON, category: 'PERSON' });
    }
    const content = JSON.stringify({ findings });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
  });
}

let stack: StackEnv;
let worker: WorkerProcess;
let mcp: McpClient;
let sessionId = '';
const toolTexts: string[] = [];

async function exec(
  command: string,
): Promise<{ stdout: string; exit_code: number; redactions: { layer1: number; layer2: number } }> {
  const { isError, text } = await callTool(mcp, 'ssh_exec', { session_id: sessionId, command });
  toolTexts.push(text);
  expect(isError, 'ssh_exec failed').toBe(false);
  return JSON.parse(text) as { stdout: string; exit_code: number; redactions: { layer1: number; layer2: number } };
}

/** The audit row of this session's command number `sequence`. */
async function auditRow(
  sequence: number,
): Promise<{ stdout_anon: { text: string }; anonymization: Record<string, unknown> }> {
  const pg = new PgClient({ connectionString: stack.DATABASE_URL });
  await pg.connect();
  try {
    const r = await pg.query(
      'SELECT c.stdout_anon, c.anonymization FROM ssh_commands c JOIN ssh_sessions s ON s.id = c.session_id ' +
        'WHERE s.session_id = $1 AND c.sequence = $2',
      [sessionId, sequence],
    );
    expect(r.rows.length).toBe(1);
    return r.rows[0] as { stdout_anon: { text: string }; anonymization: Record<string, unknown> };
  } finally {
    await pg.end();
  }
}

beforeAll(async () => {
  stack = loadStackEnv();
  writeFileSync(REMOTE_FILE, CONTENT, { mode: 0o640 });
  const app = spawnSync('id', ['-u', 'app'], { encoding: 'utf8' });
  chownSync(REMOTE_FILE, Number(app.stdout.trim()), 0);
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  worker = await startWorker(stack, {
    SSM_LAYER2: 'on',
    SSM_LAYER2_BACKEND: 'http',
    SSM_LAYER2_URL: `http://127.0.0.1:${port}`,
    SSM_LAYER2_MODEL: 'scripted-classifier',
    SSM_LAYER2_TIMEOUT_MS: '4000',
  });
  mcp = await connectBridge(stack, 'layer2-exec');
  const c = await callTool(mcp, 'ssh_connect', { host: 'demo', user: 'app' });
  expect(c.isError, c.text).toBe(false);
  sessionId = (JSON.parse(c.text) as { session_id: string }).session_id;
});

afterAll(async () => {
  rmSync(REMOTE_FILE, { force: true });
  if (sessionId) await callTool(mcp, 'ssh_close', { session_id: sessionId }).catch(() => undefined);
  await mcp?.close().catch(() => undefined);
  await worker?.stop();
  for (const res of hanging) res.destroy();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

describe('Layer 2 in the exec path (SSM_LAYER2=on, HTTP backend)', () => {
  it('the planted name is a Layer-2-only value: Layer 1 alone leaves it', () => {
    const l1 = redact(CONTENT).text;
    expect(l1.includes(PERSON)).toBe(true);
    expect(l1.includes(PASSWORD)).toBe(false);
  });

  it('redacts the Layer-2-only value and records layer2_* in the anonymization JSONB', async () => {
    mode = 'classify';
    const r = await exec(`cat ${REMOTE_FILE}`);
    expect(r.exit_code).toBe(0);
    expect(r.stdout.includes(PERSON)).toBe(false);
    expect(r.stdout.includes(PASSWORD)).toBe(false);
    expect(r.stdout).toMatch(/escalated by \[PERSON_\d{3}\] from billing/);
    expect(r.stdout).toContain('DB_PASSWORD=[PASSWORD_REDACTED]');
    expect(r.stdout).toContain('ticket 4711 closed');
    // the tool result reports Layer 2's count, as the audit row does
    expect(r.redactions.layer2).toBe(1);

    const row = await auditRow(1);
    expect(row.stdout_anon.text).toBe(r.stdout);
    expect(row.anonymization).toMatchObject({ layer2_redactions: 1, layer2_status: 'ok,empty', canary_passed: true });
    expect(row.anonymization.layer2_ms).toEqual(expect.any(Number));
    expect(row.anonymization.layer1_redactions).toBeGreaterThanOrEqual(1);
    expect(row.anonymization.processing_ms as number).toBeGreaterThanOrEqual(row.anonymization.layer2_ms as number);

    // the model saw Layer 1 output only, and was offered no tools (D3)
    expect(seen.requests).toBe(1);
    expect(seen).toMatchObject({ withPerson: 1, withPassword: 0, withTools: 0 });
  });

  it('fails closed on HTTP 500: the output is held, nothing raw in the result or the audit row', async () => {
    mode = 'http500';
    const before = seen.requests;
    const r = await exec(`cat ${REMOTE_FILE}`);
    expect(r.stdout).toMatch(/^\[WITHHELD: layer 2 redaction could not vouch for this output \(model_error\)\]$/);
    expect(seen.requests - before).toBe(3); // first attempt + 2 retries
    const row = await auditRow(2);
    expect(row.stdout_anon.text).toBe(r.stdout);
    expect(row.anonymization).toMatchObject({ layer2_redactions: 0, layer2_status: 'held,empty' });
    expect(row.anonymization.layer2_ms).toEqual(expect.any(Number));
  });

  it('fails closed on a model timeout: held within the Layer 2 budget', async () => {
    mode = 'hang';
    const t0 = Date.now();
    const r = await exec(`cat ${REMOTE_FILE}`);
    const ms = Date.now() - t0;
    expect(r.stdout).toMatch(/^\[WITHHELD: layer 2 redaction could not vouch for this output \(timeout\)\]$/);
    expect(ms).toBeLessThan(30_000);
    const row = await auditRow(3);
    expect(row.stdout_anon.text).toBe(r.stdout);
    expect(row.anonymization).toMatchObject({ layer2_redactions: 0, layer2_status: 'held,empty' });
    expect(row.anonymization.layer2_ms as number).toBeGreaterThanOrEqual(3_900);
  });

  it('leaves no planted value in any tool result, in PostgreSQL or in the worker log', async () => {
    mode = 'classify';
    const dump = await postgresDumpText(stack.DATABASE_URL);
    const stores = { toolTexts: toolTexts.join('\n'), postgres: dump, workerLog: worker.logs() };
    for (const [where, text] of Object.entries(stores)) {
      expect(text.includes(PERSON), `name in ${where}`).toBe(false);
      expect(text.includes(PASSWORD), `password in ${where}`).toBe(false);
    }
  });
});
