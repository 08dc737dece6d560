/**
 * `ssh_list_hosts`: a short workflow so the bridge reads the inventory through Temporal like everything else
 * (the bridge never reads trusted-zone files). Returns aliases, tags and users only.
 * @module
 */
import { proxyActivities } from '@temporalio/workflow';
import type { SharedActivities } from '../activities';
import type { HostListing } from './api';
import { SHORT_IDEMPOTENT } from './activity-options';

const { listHosts } = proxyActivities<SharedActivities>(SHORT_IDEMPOTENT);

/** Lists the inventory's hosts as the AI may see them. */
export async function listHostsWorkflow(): Promise<HostListing[]> {
  return await listHosts();
}
