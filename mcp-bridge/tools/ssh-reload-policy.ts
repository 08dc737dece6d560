/** `ssh_reload_policy`: re-read the policy file now (a failed reload keeps the old policy in force). @module */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod/v4';
import { SESSION_TASK_QUEUE } from '../../workflows/api';
import type { reloadPolicyWorkflow } from '../../workflows/policy.workflow';
import { errorToToolResult, toolError, toolJson } from '../tool-errors';
import type { ToolDeps } from './deps';

/** Input schema (no arguments). */
export const SshReloadPolicyInput = z.object({});
export const name = 'ssh_reload_policy';

/** Registers the tool. */
export function registerSshReloadPolicyTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    name,
    {
      title: 'Reload the command policy',
      description:
        'Re-reads the policy file on a worker. Workers also reload automatically when the file changes. An invalid file is reported and the previous policy stays in force.',
      inputSchema: SshReloadPolicyInput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => {
      try {
        const r = await deps.client.workflow.execute<typeof reloadPolicyWorkflow>('reloadPolicyWorkflow', {
          taskQueue: SESSION_TASK_QUEUE,
          workflowId: `reload-policy-${deps.newId()}`,
          workflowExecutionTimeout: '30 seconds',
        });
        return r.ok
          ? toolJson({ reloaded: true, rules: r.rules })
          : toolError('PolicyError', `${r.error}; the previous policy stays in force`);
      } catch (err) {
        return errorToToolResult(err);
      }
    },
  );
}
