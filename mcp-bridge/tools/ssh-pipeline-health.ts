/** `ssh_pipeline_health`: the redaction pipeline's guard state (healthy / halted, why, since when). @module */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod/v4';
import { PIPELINE_GUARD_ID, pipelineStateQuery } from '../../workflows/api';
import { errorToToolResult, toolJson } from '../tool-errors';
import type { ToolDeps } from './deps';

/** Input schema (no arguments). */
export const SshPipelineHealthInput = z.object({});
export const name = 'ssh_pipeline_health';

/** Registers the tool. */
export function registerSshPipelineHealthTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    name,
    {
      title: 'Redaction pipeline health',
      description:
        'Reports whether the redaction pipeline is healthy or halted. When a canary token survives redaction the pipeline halts: sessions are quarantined and new ones refused until an operator releases it.',
      inputSchema: SshPipelineHealthInput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async () => {
      try {
        const s = await deps.client.workflow.getHandle(PIPELINE_GUARD_ID).query(pipelineStateQuery);
        return toolJson({ status: s.status, reason: s.reason, since: s.since, halts: s.halts, releases: s.releases });
      } catch (err) {
        return errorToToolResult(err);
      }
    },
  );
}
