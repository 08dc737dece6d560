/**
 * The MCP side of the end-to-end tests: an SDK Client over stdio that spawns the real bridge
 * (`bin/secure-ssh-mcp.js mcp`) with the stack's environment, exactly as Claude Code would.
 * @module
 */
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { REPO_ROOT } from './stack';
import type { StackEnv } from './stack';
import { BIN, childEnv } from './worker-process';

/** Spawns the bridge and connects an MCP client to it. */
export async function connectBridge(stack: StackEnv, clientName: string): Promise<McpClient> {
  const mcp = new McpClient({ name: clientName, version: '1.0.0' });
  await mcp.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp'],
      env: childEnv(stack),
      stderr: 'pipe',
      cwd: REPO_ROOT,
    }),
  );
  return mcp;
}

/** Calls a tool and returns `{isError, text}` (all text content joined). */
export async function callTool(
  mcp: McpClient,
  name: string,
  args: Record<string, unknown>,
): Promise<{ isError: boolean; text: string }> {
  const r = await mcp.callTool({ name, arguments: args });
  const text = ((r.content as { type: string; text: string }[]) ?? []).map((c) => c.text).join('\n');
  return { isError: r.isError === true, text };
}
