/**
 * What every tool handler receives: a Temporal client and the bridge configuration. Nothing else — tool handlers
 * never touch SSH, keys, inventories or databases (house style §11).
 * @module
 */
import type { Client } from '@temporalio/client';
import type { BridgeConfig } from '../config';

/** Dependencies of the MCP tools. */
export interface ToolDeps {
  client: Client;
  config: BridgeConfig;
  /** Session id generator (crypto.randomUUID in production). */
  newId: () => string;
}
