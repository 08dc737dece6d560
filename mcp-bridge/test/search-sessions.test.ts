/** `ssh_search_sessions` against a scripted Temporal client: it only starts searchSessionsWorkflow and maps hits. */
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { SearchSessionsResult } from '../../workflows/audit-api';
import { createServer } from '../server';

const ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

async function connect(execute: (type: string, opts: unknown) => Promise<unknown>): Promise<McpClient> {
  const client = { workflow: { execute } } as unknown as Client;
  const server = createServer({ client, config: { operatorId: 't', callTimeoutMs: 1000 }, newId: () => ID });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const mcp = new McpClient({ name: 't', version: '1' });
  await mcp.connect(b);
  return mcp;
}
const text = (r: unknown): string => (r as { content: { text: string }[] }).content[0]!.text;

describe('ssh_search_sessions', () => {
  it('runs searchSessionsWorkflow on the worker with the arguments and returns sessions, scores and snippets', async () => {
    const calls: { type: string; opts: { args: unknown[]; workflowId: string } }[] = [];
    const result: SearchSessionsResult = {
      hits: [
        {
          sessionId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
          hostAlias: 'demo',
          startedAt: '2026-11-20T10:00:00.000Z',
          score: 0.71,
          sequence: 2,
          command: 'df -h',
          snippet: '/dev/sda1 98% /',
        },
      ],
      searchMs: 12,
    };
    const mcp = await connect((type, opts) => {
      calls.push({ type, opts: opts as never });
      return Promise.resolve(result);
    });
    const r = await mcp.callTool({
      name: 'ssh_search_sessions',
      arguments: { query: 'disk full', host: 'demo', since: '2026-11-01T00:00:00Z', limit: 3 },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.type).toBe('searchSessionsWorkflow');
    expect(calls[0]!.opts.workflowId).toBe(`search-sessions-${ID}`);
    expect(calls[0]!.opts.args).toEqual([
      { query: 'disk full', host: 'demo', since: '2026-11-01T00:00:00Z', limit: 3 },
    ]);
    expect(JSON.parse(text(r))).toEqual({
      sessions: [
        {
          session_id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
          host: 'demo',
          started_at: '2026-11-20T10:00:00.000Z',
          score: 0.71,
          command: 'df -h',
          snippet: '/dev/sda1 98% /',
        },
      ],
      search_ms: 12,
    });
  });

  it('rejects a bad since/limit before reaching Temporal, and maps a worker failure to a tool error', async () => {
    let called = 0;
    const mcp = await connect(() => {
      called++;
      return Promise.reject(
        new WorkflowFailedError(
          'failed',
          ApplicationFailure.create({ type: 'EmbeddingModelUnavailable', message: 'embedding model unavailable' }),
          'NON_RETRYABLE_FAILURE',
        ),
      );
    });
    const bad = await mcp.callTool({ name: 'ssh_search_sessions', arguments: { query: 'x', since: 'yesterday' } });
    expect(bad.isError).toBe(true);
    const tooMany = await mcp.callTool({ name: 'ssh_search_sessions', arguments: { query: 'x', limit: 500 } });
    expect(tooMany.isError).toBe(true);
    expect(called).toBe(0);
    const failed = await mcp.callTool({ name: 'ssh_search_sessions', arguments: { query: 'x' } });
    expect(failed.isError).toBe(true);
    expect(text(failed)).toContain('EmbeddingModelUnavailable');
  });
});
