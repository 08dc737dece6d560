/**
 * MCP tools against a scripted Temporal client over the SDK's in-memory transport: schemas, annotations, result
 * shapes and error mapping (no stack traces, failure types preserved). Real-server behaviour is in test/e2e.
 */
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { commandResult } from '../../test/helpers/fixtures';
import { createServer } from '../server';

const SESSION = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

function fakeClient(behaviour: {
  update?: () => Promise<unknown>;
  query?: () => Promise<unknown>;
  execute?: () => Promise<unknown>;
  signal?: (def: { name: string }, arg: unknown) => Promise<void>;
}): Client {
  const handle = {
    workflowId: SESSION,
    executeUpdate: behaviour.update ?? (() => Promise.reject(new Error('no update'))),
    signal: behaviour.signal ?? (() => Promise.reject(new Error('no signal'))),
    query: behaviour.query ?? (() => Promise.reject(new Error('no query'))),
    describe: () => Promise.resolve({ status: { name: 'RUNNING' } }),
    result: () => Promise.resolve({ sessionId: SESSION, status: 'closed', commands: 0, reason: null, rekeys: 0 }),
  };
  return {
    workflow: {
      getHandle: () => handle,
      execute: behaviour.execute ?? (() => Promise.resolve([])),
      executeUpdateWithStart: behaviour.update ?? (() => Promise.reject(new Error('x'))),
    },
  } as unknown as Client;
}

/**
 * An MCP client on the in-memory transport; with `elicit`, it declares form elicitation and answers with it (a fake
 * human).
 */
async function connect(
  client: Client,
  elicit?: (req: ElicitRequest) => ElicitResult | Promise<ElicitResult>,
): Promise<McpClient> {
  const server = createServer({ client, config: { operatorId: 't', callTimeoutMs: 1000 }, newId: () => SESSION });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const mcp = new McpClient(
    { name: 't', version: '1' },
    elicit ? { capabilities: { elicitation: { form: {} } } } : undefined,
  );
  if (elicit) mcp.setRequestHandler(ElicitRequestSchema, (req) => elicit(req));
  await mcp.connect(b);
  return mcp;
}

const text = (r: unknown): string => (r as { content: { text: string }[] }).content[0]!.text;

describe('MCP tools', () => {
  it('registers the snake_case tools, each with a description and annotations', async () => {
    const mcp = await connect(fakeClient({}));
    const { tools } = await mcp.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'ssh_close',
      'ssh_connect',
      'ssh_exec',
      'ssh_list_hosts',
      'ssh_pipeline_health',
      'ssh_plan',
      'ssh_reload_policy',
      'ssh_search_sessions',
      'ssh_session_status',
    ]);
    for (const t of tools) {
      expect(t.description!.length).toBeGreaterThan(20);
      expect(t.annotations).toBeDefined();
    }
    expect(tools.find((t) => t.name === 'ssh_list_hosts')!.annotations!.readOnlyHint).toBe(true);
  });

  it('returns redacted command results as JSON', async () => {
    const result = commandResult({
      stdout: 'DB_PASSWORD=[PASSWORD_REDACTED]\n',
      outputBytes: 30,
      durationMs: 12,
      redactions: { layer1: 1, layer2: 0, byCategory: { PASSWORD: 1 } },
    });
    const mcp = await connect(fakeClient({ update: () => Promise.resolve(result) }));
    const r = await mcp.callTool({ name: 'ssh_exec', arguments: { session_id: SESSION, command: 'cat .env' } });
    expect(r.isError).toBeFalsy();
    expect(JSON.parse(text(r))).toMatchObject({
      exit_code: 0,
      stdout: 'DB_PASSWORD=[PASSWORD_REDACTED]\n',
      redactions: { layer1: 1 },
    });
  });

  it('maps workflow failures to "Type: message" tool errors without stack traces', async () => {
    const failure = ApplicationFailure.create({
      type: 'SessionExpiredError',
      message: 'session expired: the 15-minute key lifetime is over',
    });
    const err = new WorkflowUpdateFailedError('update failed', failure);
    const mcp = await connect(fakeClient({ update: () => Promise.reject(err) }));
    const r = await mcp.callTool({ name: 'ssh_exec', arguments: { session_id: SESSION, command: 'id' } });
    expect(r.isError).toBe(true);
    expect(text(r)).toBe('SessionExpiredError: session expired: the 15-minute key lifetime is over');
  });

  it('never forwards unexpected internal error messages', async () => {
    const mcp = await connect(
      fakeClient({ update: () => Promise.reject(new Error('secret internal detail at /x/y.ts:1:1')) }),
    );
    const r = await mcp.callTool({ name: 'ssh_exec', arguments: { session_id: SESSION, command: 'id' } });
    expect(r.isError).toBe(true);
    expect(text(r)).not.toMatch(/secret internal detail/);
  });

  it('refuses malformed arguments', async () => {
    const mcp = await connect(fakeClient({}));
    for (const args of [
      { session_id: 'nope', command: 'id' },
      { session_id: SESSION },
      { session_id: SESSION, command: 'id', timeout_s: 9999 },
    ]) {
      const r = await mcp
        .callTool({ name: 'ssh_exec', arguments: args })
        .catch((e: Error) => ({ isError: true, content: [{ text: e.message }] }));
      expect(r.isError).toBe(true);
    }
    const bad = await mcp
      .callTool({ name: 'ssh_connect', arguments: { host: '../etc', user: 'app' } })
      .catch((e: Error) => ({ isError: true, content: [{ text: e.message }] }));
    expect(bad.isError).toBe(true);
  });
});

describe('ssh_exec approvals through MCP elicitation', () => {
  const COMMAND = 'systemctl restart nginx';
  const APPROVAL_TEXT =
    "the command is mutating (rule restart) and needs an operator's approval of this exact command. An operator " +
    `grants it for 15 minutes with: temporal workflow signal --workflow-id ${SESSION} --name approve-command`;
  const needsApproval = (): WorkflowUpdateFailedError =>
    new WorkflowUpdateFailedError(
      'update failed',
      ApplicationFailure.create({
        type: 'PolicyViolationError',
        message: APPROVAL_TEXT,
        details: [{ kind: 'approval-required', rule: 'restart' }],
      }),
    );
  const ok = commandResult({ durationMs: 9 });

  /** A session whose first update needs an approval and whose later updates succeed; records signals. */
  function scripted(): { client: Client; updates: () => number; signals: { name: string; arg: unknown }[] } {
    let updates = 0;
    const signals: { name: string; arg: unknown }[] = [];
    const client = fakeClient({
      update: () => (++updates === 1 ? Promise.reject(needsApproval()) : Promise.resolve(ok)),
      query: () => Promise.resolve({ hostAlias: 'web-1' }),
      signal: (def, arg) => {
        signals.push({ name: def.name, arg });
        return Promise.resolve();
      },
    });
    return { client, updates: () => updates, signals };
  }
  const exec = (mcp: McpClient): Promise<unknown> =>
    mcp.callTool({ name: 'ssh_exec', arguments: { session_id: SESSION, command: COMMAND } });

  it('asks the human to approve the exact command; on approval signals approve-command and retries once', async () => {
    const s = scripted();
    const asked: ElicitRequest[] = [];
    const mcp = await connect(s.client, (req) => {
      asked.push(req);
      return { action: 'accept', content: { approve: true, reason: 'deploy the config change' } };
    });
    const r = (await exec(mcp)) as { isError?: boolean };
    expect(r.isError).toBeFalsy();
    expect(JSON.parse(text(r))).toMatchObject({ sequence: 1, exit_code: 0 });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.params.message).toContain(JSON.stringify(COMMAND));
    expect(asked[0]!.params.message).toContain("on 'web-1'");
    expect(asked[0]!.params.message).toContain('policy rule restart');
    expect(s.signals).toEqual([
      {
        name: 'approve-command',
        arg: { command: COMMAND, reason: 'deploy the config change', operator: 'mcp-elicitation:t', minutes: 1 },
      },
    ]);
    expect(s.updates()).toBe(2);
  });

  const answers: [string, ElicitResult, string][] = [
    ['declines', { action: 'decline' }, 'declined'],
    ['cancels', { action: 'cancel' }, 'cancelled'],
    ['accepts without ticking approve', { action: 'accept', content: { approve: false, reason: 'x' } }, 'not approved'],
    [
      'approves without a reason',
      { action: 'accept', content: { approve: true, reason: '  ' } },
      'approved without a reason',
    ],
  ];
  it.each(answers)(
    'keeps the CLI-approval denial when the human %s; nothing is signalled or retried',
    async (_d, answer, why) => {
      const s = scripted();
      const mcp = await connect(s.client, () => answer);
      const r = (await exec(mcp)) as { isError?: boolean; content: { text: string }[] };
      expect(r.isError).toBe(true);
      expect(r.content[0]!.text).toBe(`PolicyViolationError: ${APPROVAL_TEXT}`);
      expect(r.content[1]!.text).toBe(`Approval asked of the user: ${why}.`);
      expect(s.signals).toEqual([]);
      expect(s.updates()).toBe(1);
    },
  );

  it("keeps today's denial text when the client does not support elicitation", async () => {
    const s = scripted();
    const mcp = await connect(s.client);
    const r = (await exec(mcp)) as { isError?: boolean; content: { text: string }[] };
    expect(r.isError).toBe(true);
    expect(r.content).toEqual([{ type: 'text', text: `PolicyViolationError: ${APPROVAL_TEXT}` }]);
    expect(s.signals).toEqual([]);
    expect(s.updates()).toBe(1);
  });

  it('never asks about a real denial', async () => {
    const denied = new WorkflowUpdateFailedError(
      'update failed',
      ApplicationFailure.create({ type: 'PolicyViolationError', message: "denied by no-rm: 'rm -rf ~' is denied" }),
    );
    let asked = 0;
    const mcp = await connect(fakeClient({ update: () => Promise.reject(denied) }), () => {
      asked++;
      return { action: 'accept', content: { approve: true, reason: 'x' } };
    });
    const r = await mcp.callTool({ name: 'ssh_exec', arguments: { session_id: SESSION, command: 'rm -rf ~' } });
    expect(text(r)).toBe("PolicyViolationError: denied by no-rm: 'rm -rf ~' is denied");
    expect(asked).toBe(0);
  });
});
