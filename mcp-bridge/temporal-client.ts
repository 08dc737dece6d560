/**
 * The bridge's only outbound connection: a Temporal client configured from an envconfig profile
 * (TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE, see temporal-config/) or TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE.
 * @module
 */
import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';

/** Connects to Temporal. @throws the connection error (start-up only). */
export async function createTemporalClient(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ client: Client; close: () => Promise<void> }> {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v;
  const { connectionOptions, namespace } = loadClientConnectConfig({ overrideEnvVars: vars });
  const connection = await Connection.connect(connectionOptions);
  const client = new Client({ connection, namespace: namespace ?? 'default' });
  return { client, close: () => connection.close() };
}
