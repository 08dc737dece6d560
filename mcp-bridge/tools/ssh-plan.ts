/** `ssh_plan(host, command)`: the policy decision and matching rule, without connecting (dry run). @module */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod/v4';
import { HostAlias } from './schemas';
import { SESSION_TASK_QUEUE } from '../../workflows/api';
import type { planCommandWorkflow } from '../../workflows/policy.workflow';
import { errorToToolResult, toolJson } from '../tool-errors';
import type { ToolDeps } from './deps';

/** Input schema. */
export const SshPlanInput = z.object({
  host: HostAlias,
  command: z.string().min(1).max(20_000).describe('The command you intend to run'),
});
export const name = 'ssh_plan';

/** Registers the tool. */
export function registerSshPlanTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    name,
    {
      title: 'Check a command against the policy',
      description:
        'Dry run: says whether the command policy would allow a command on a host (allow/deny, the rule, the reason and how a rule would allow it), and whether the host address is allowed. Never connects.',
      inputSchema: SshPlanInput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ host, command }) => {
      try {
        const d = await deps.client.workflow.execute<typeof planCommandWorkflow>('planCommandWorkflow', {
          taskQueue: SESSION_TASK_QUEUE,
          workflowId: `plan-${deps.newId()}`,
          args: [host, command],
          workflowExecutionTimeout: '30 seconds',
        });
        return toolJson({
          decision: d.decision,
          rule: d.rule,
          reason: d.reason,
          ...(d.hint ? { hint: d.hint } : {}),
          ...(d.requiresApproval ? { requires_approval: true } : {}),
          network: { decision: d.network.decision, rule: d.network.rule },
        });
      } catch (err) {
        return errorToToolResult(err);
      }
    },
  );
}
