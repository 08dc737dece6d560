/**
 * MCP tools against a scripted Temporal client over the SDK's in-memory transport: schemas, annotations, result
 * shapes and error mapping (no stack traces, failure types preserved). Real-server behaviour is in test/e2e.
 */
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../workflows/api';
import { createServer } from '../server';

const SESSION = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

function fakeClient(behaviour: {
  update?: () => Promise<unknown>;
  query?: () => Promise<unknown>;
  execute?: () => Promise<unknown>;
}): Client {
  const handle = {
    workflowId: SESSION,
    executeUpdate: behaviour.update ?? (() => Promise.reject(new Error('no update'))),
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

async function connect(client: Client): Promise<McpClient> {
  const server = createServer({ client, config: { operatorId: 't', callTimeoutMs: 1000 }, newId: () => SESSION });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const mcp = new McpClient({ name: 't', version: '1' });
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
      'ssh_session_status',
    ]);
    for (const t of tools) {
      expect(t.description!.length).toBeGreaterThan(20);
      expect(t.annotations).toBeDefined();
    }
    expect(tools.find((t) => t.name === 'ssh_list_hosts')!.annotations!.readOnlyHint).toBe(true);
  });

  it('returns redacted command results as JSON', async () => {
    const result: CommandResult = {
      sequence: 1,
      stdout: 'DB_PASSWORD=[PASSWORD_REDACTED]\n',
      stderr: '',
      exitCode: 0,
      signal: null,
      timedOut: false,
      truncated: false,
      binary: false,
      outputBytes: 30,
      durationMs: 12,
      redactions: { layer1: 1, layer2: 0, byCategory: { PASSWORD: 1 } },
    };
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
