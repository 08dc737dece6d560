/**
 * MCP bridge entry point on stdio (what `claude mcp add` spawns). stdout carries only MCP JSON-RPC; diagnostics go
 * to stderr without stack traces. SIGINT/SIGTERM or stdin EOF close the Temporal connection.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadBridgeConfig } from './config';
import { createServer } from './server';
import { createTemporalClient } from './temporal-client';

/** Runs the bridge on stdio until the client disconnects. */
export async function runBridge(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadBridgeConfig(env);
  const { client, close } = await createTemporalClient(env);
  const server = createServer({ client, config, newId: randomUUID });
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    await close().catch(() => undefined);
  };
  transport.onclose = () => void shutdown();
  process.once('SIGINT', () => void shutdown().then(() => process.exit(0)));
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(0)));
  await server.connect(transport);
}
