/** `ssh_session_status(session_id)`: the session's state (query; read-only). @module */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod/v4';
import { SessionId } from './schemas';
import { sessionStateQuery } from '../../workflows/api';
import { sessionErrorToToolResult, toolJson } from '../tool-errors';
import type { ToolDeps } from './deps';

/** Input schema. */
export const SshSessionStatusInput = z.object({
  session_id: SessionId,
});
export const name = 'ssh_session_status';

/** Registers the tool. */
export function registerSshSessionStatusTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    name,
    {
      title: 'SSH session status',
      description:
        'Shows a session: host, user, status (active, closed, expired, error, quarantined), expiry and command count.',
      inputSchema: SshSessionStatusInput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ session_id }) => {
      const handle = deps.client.workflow.getHandle(session_id);
      try {
        const s = await handle.query(sessionStateQuery);
        return toolJson({
          session_id: s.sessionId,
          host: s.hostAlias,
          user: s.user,
          status: s.status,
          expires_at: s.expiresAt,
          commands: s.commands,
          quarantined: s.quarantined,
          reason: s.reason,
        });
      } catch (err) {
        return await sessionErrorToToolResult(err, handle);
      }
    },
  );
}
