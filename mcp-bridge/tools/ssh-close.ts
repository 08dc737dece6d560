/** `ssh_close(session_id)`: ends the session before its TTL; the worker zeroes the key. @module */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod/v4';
import { SessionId } from './schemas';
import { closeUpdate } from '../../workflows/api';
import type { SessionSummary } from '../../workflows/api';
import { sessionErrorToToolResult, toolJson } from '../tool-errors';
import { sendUpdate } from '../update-retry';
import type { ToolDeps } from './deps';

/** Input schema. */
export const SshCloseInput = z.object({ session_id: SessionId });
export const name = 'ssh_close';

/** Registers the tool. */
export function registerSshCloseTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    name,
    {
      title: 'Close an SSH session',
      description: 'Closes a session now. Its key is destroyed; later commands on it fail.',
      inputSchema: SshCloseInput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ session_id }) => {
      const handle = deps.client.workflow.getHandle(session_id);
      try {
        await sendUpdate(() => handle.executeUpdate(closeUpdate));
        const summary = (await handle.result()) as SessionSummary;
        return toolJson({ session_id: summary.sessionId, status: summary.status, commands: summary.commands });
      } catch (err) {
        return await sessionErrorToToolResult(err, handle);
      }
    },
  );
}
