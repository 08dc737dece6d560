/**
 * Bridge configuration, parsed once from the environment. The bridge holds no keys and reads no trusted-zone files:
 * it needs only the Temporal connection (address, namespace, TLS via temporal-config/ envconfig profiles or
 * TEMPORAL_* variables) and the operator id recorded as `initiated_by`.
 * @module
 */
import { z } from 'zod';

const Env = z.object({
  SSM_OPERATOR_ID: z
    .string()
    .regex(/^[A-Za-z0-9._@-]{1,64}$/)
    .default('claude-code'),
  /** Milliseconds to wait for a command result before the tool call fails (the command keeps its own timeout). */
  SSM_BRIDGE_CALL_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(3_600_000)
    .default(15 * 60 * 1000),
});

/** Parsed bridge configuration. */
export interface BridgeConfig {
  operatorId: string;
  callTimeoutMs: number;
}

/** @throws Error naming the invalid variable. */
export function loadBridgeConfig(env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid bridge configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  return Object.freeze({
    operatorId: parsed.data.SSM_OPERATOR_ID,
    callTimeoutMs: parsed.data.SSM_BRIDGE_CALL_TIMEOUT_MS,
  });
}
