/**
 * `ssh_connect(host, user)`: starts the session workflow and waits for it to be usable (update-with-start), so the
 * answer is either a live session (id + expiry) or a clear error (unknown host, user not allowed, host key changed,
 * target down, certificate refused). The key is minted in a worker's memory; nothing secret reaches the bridge.
 * @module
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { z } from 'zod/v4';
import { HostAlias } from './schemas';
import { SESSION_TASK_QUEUE, connectUpdate } from '../../workflows/api';
import type { SessionInput, SessionSummary } from '../../workflows/api';
import { SA } from '../../workflows/search-attributes';
import { errorToToolResult, toolJson } from '../tool-errors';
import type { ToolDeps } from './deps';

/** Input schema. */
export const SshConnectInput = z.object({
  host: HostAlias,
  user: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[a-z_][a-z0-9_-]*$/)
    .describe('Target user (must be allowed for the host)'),
});
export const name = 'ssh_connect';

/** Registers the tool. */
export function registerSshConnectTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    name,
    {
      title: 'Open an SSH session',
      description:
        'Opens an SSH session to an inventory host with a fresh in-memory key and a CA certificate valid for at most 15 minutes. Returns session_id and expires_at. All output is redacted before you see it.',
      inputSchema: SshConnectInput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async ({ host, user }) => {
      const sessionId = deps.newId();
      const input: SessionInput = { sessionId, hostAlias: host, user, initiatedBy: deps.config.operatorId };
      try {
        const startWorkflowOperation = new WithStartWorkflowOperation<(i: SessionInput) => Promise<SessionSummary>>(
          'sshSessionWorkflow',
          {
            workflowId: sessionId,
            taskQueue: SESSION_TASK_QUEUE,
            args: [input],
            workflowIdConflictPolicy: 'FAIL',
            typedSearchAttributes: [
              { key: SA.hostAlias, value: host },
              { key: SA.sessionStatus, value: 'connecting' },
              { key: SA.quarantined, value: false },
              { key: SA.escalated, value: false },
            ],
          },
        );
        const r = await deps.client.workflow.executeUpdateWithStart(connectUpdate, { startWorkflowOperation });
        return toolJson({
          session_id: r.sessionId,
          host: r.hostAlias,
          user: r.user,
          expires_at: r.expiresAt,
          key_fingerprint: r.keyFingerprint,
          connect_ms: r.connectMs,
        });
      } catch (err) {
        return errorToToolResult(err);
      }
    },
  );
}
