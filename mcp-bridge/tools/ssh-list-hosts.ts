/** `ssh_list_hosts`: inventory aliases, tags and users (no addresses, no host keys). @module */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod/v4';
import { SESSION_TASK_QUEUE } from '../../workflows/api';
import type { HostListing } from '../../workflows/api';
import { errorToToolResult, toolJson } from '../tool-errors';
import type { ToolDeps } from './deps';

/** Input schema (no arguments). */
export const SshListHostsInput = z.object({});
export const name = 'ssh_list_hosts';

/** Registers the tool. */
export function registerSshListHostsTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    name,
    {
      title: 'List SSH hosts',
      description:
        'Lists the target hosts this gateway may connect to: alias, tags and allowed users. Use an alias with ssh_connect.',
      inputSchema: SshListHostsInput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async () => {
      try {
        const hosts = await deps.client.workflow.execute<() => Promise<HostListing[]>>('listHostsWorkflow', {
          taskQueue: SESSION_TASK_QUEUE,
          workflowId: `list-hosts-${deps.newId()}`,
          workflowExecutionTimeout: '30 seconds',
        });
        return toolJson({ hosts });
      } catch (err) {
        return errorToToolResult(err);
      }
    },
  );
}
