/**
 * `ssh_search_sessions`: semantic search over past sessions' anonymized output. The bridge only starts
 * `searchSessionsWorkflow`; the worker embeds the query and searches the vector store (the bridge never touches the
 * database or the model). Results carry session ids, dates, host aliases, scores and short anonymized snippets.
 * @module
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod/v4';
import { SESSION_TASK_QUEUE } from '../../workflows/api';
import type { SearchSessionsRequest, SearchSessionsResult } from '../../workflows/audit-api';
import { errorToToolResult, toolJson } from '../tool-errors';
import type { ToolDeps } from './deps';

/** Input schema. */
export const SshSearchSessionsInput = z.object({
  query: z.string().min(1).max(2000).describe('What to look for, in plain words (e.g. "disk full on the web server")'),
  host: z.string().min(1).max(200).optional().describe('Only sessions on this host alias'),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Only sessions started at or after this ISO-8601 time, e.g. 2026-11-01T00:00:00Z'),
  limit: z.number().int().min(1).max(20).optional().describe('Sessions to return (default 5, at most 20)'),
});
export const name = 'ssh_search_sessions';

/** Registers the tool. */
export function registerSshSearchSessionsTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    name,
    {
      title: 'Search past SSH sessions',
      description:
        'Finds past sessions whose (anonymized) command output is semantically close to the query. Returns session ids, start dates, host aliases, similarity scores and short anonymized snippets. Output is embedded within 5 minutes after a session ends; the raw audit text is purged then.',
      inputSchema: SshSearchSessionsInput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (args) => {
      try {
        const req: SearchSessionsRequest = {
          query: args.query,
          ...(args.host !== undefined ? { host: args.host } : {}),
          ...(args.since !== undefined ? { since: args.since } : {}),
          ...(args.limit !== undefined ? { limit: args.limit } : {}),
        };
        const result = await deps.client.workflow.execute<(r: SearchSessionsRequest) => Promise<SearchSessionsResult>>(
          'searchSessionsWorkflow',
          {
            taskQueue: SESSION_TASK_QUEUE,
            workflowId: `search-sessions-${deps.newId()}`,
            workflowExecutionTimeout: '1 minute',
            args: [req],
          },
        );
        return toolJson({
          sessions: result.hits.map((h) => ({
            session_id: h.sessionId,
            host: h.hostAlias,
            started_at: h.startedAt,
            score: h.score,
            command: h.command,
            snippet: h.snippet,
          })),
          search_ms: result.searchMs,
        });
      } catch (err) {
        return errorToToolResult(err);
      }
    },
  );
}
