/** Registers every MCP tool. @module */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDeps } from './deps';
import { registerSshCloseTool } from './ssh-close';
import { registerSshConnectTool } from './ssh-connect';
import { registerSshExecTool } from './ssh-exec';
import { registerSshListHostsTool } from './ssh-list-hosts';
import { registerSshPipelineHealthTool } from './ssh-pipeline-health';
import { registerSshPlanTool } from './ssh-plan';
import { registerSshReloadPolicyTool } from './ssh-reload-policy';
import { registerSshSearchSessionsTool } from './ssh-search-sessions';
import { registerSshSessionStatusTool } from './ssh-session-status';

export type { ToolDeps } from './deps';

/** Registers all tools on `server`. */
export function registerTools(server: McpServer, deps: ToolDeps): void {
  registerSshListHostsTool(server, deps);
  registerSshConnectTool(server, deps);
  registerSshExecTool(server, deps);
  registerSshSessionStatusTool(server, deps);
  registerSshCloseTool(server, deps);
  registerSshPipelineHealthTool(server, deps);
  registerSshPlanTool(server, deps);
  registerSshReloadPolicyTool(server, deps);
  registerSshSearchSessionsTool(server, deps);
}
