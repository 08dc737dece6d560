/**
 * Builds the MCP server: name, version, tools. Transport-agnostic (stdio in main.ts, in-memory in tests).
 * @module
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerTools } from './tools';
import type { ToolDeps } from './tools';

/** Creates the server with every tool registered. */
export function createServer(deps: ToolDeps): McpServer {
  const server = new McpServer(
    { name: 'secure-ssh-mcp', version: '0.1.0' },
    {
      instructions:
        'SSH gateway with redaction. Use ssh_list_hosts, then ssh_connect(host, user) to get a session_id (valid at most 15 minutes), then ssh_exec for each command and ssh_close when done. Output is redacted: placeholders like [PASSWORD_REDACTED] or [IP_001] stand for values you are not allowed to see.',
    },
  );
  registerTools(server, deps);
  return server;
}
