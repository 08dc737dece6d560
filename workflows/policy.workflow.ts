/**
 * Short workflows behind the policy MCP tools, so the bridge reads the policy through Temporal like everything else:
 * `planCommandWorkflow` (ssh_plan, a dry run that never connects) and `reloadPolicyWorkflow` (ssh_reload_policy).
 * @module
 */
import { proxyActivities } from '@temporalio/workflow';
import type { SharedActivities } from '../activities';
import { SHORT_IDEMPOTENT } from './activity-options';

const { planCommand, reloadPolicy } = proxyActivities<SharedActivities>(SHORT_IDEMPOTENT);

/** The policy decision for `command` on `hostAlias`, without connecting. */
export async function planCommandWorkflow(
  hostAlias: string,
  command: string,
): ReturnType<SharedActivities['planCommand']> {
  return await planCommand({ hostAlias, command });
}

/** Reloads the policy file on one worker (every worker also reloads on file change). */
export async function reloadPolicyWorkflow(): ReturnType<SharedActivities['reloadPolicy']> {
  return await reloadPolicy();
}
