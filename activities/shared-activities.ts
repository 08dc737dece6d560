/**
 * Zone-wide activities: any worker on the shared task queue may run them. None touches key material.
 * @module
 */
import type { HostListing } from '../workflows/api';
import type { ActivityDeps } from './deps';
import { toFailure } from './errors';

/** Creates the shared activities. */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the inferred record is the contract
export function createSharedActivities(deps: ActivityDeps) {
  /**
   * Returns the worker-specific task queue of the worker that picked this task up. The session workflow then
   * sends every key-holding activity there (Temporal "worker-specific task queues" pattern).
   */
  // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
  async function claimSessionWorker(): Promise<string> {
    return deps.workerQueue;
  }

  /** Inventory as shown to the AI: aliases, tags and users; never addresses or host keys. */
  // eslint-disable-next-line @typescript-eslint/require-await -- activities are async by contract
  async function listHosts(): Promise<HostListing[]> {
    return deps.inventory().hosts.map((h) => ({
      alias: h.alias,
      tags: [...h.tags],
      users: [...h.users],
      ...(h.description !== undefined ? { description: h.description } : {}),
    }));
  }

  /** Records the end of a session in `ssh_sessions` (status per section 09). */
  async function recordSessionEnd(input: {
    sessionId: string;
    status: 'completed' | 'error' | 'quarantined';
    escalated: boolean;
  }): Promise<void> {
    try {
      await deps.audit.endSession(input.sessionId, input.status, new Date(deps.now()), input.escalated);
    } catch (err) {
      throw toFailure(err);
    }
  }

  /** Mirrors quarantine/release into `ssh_sessions.status`. */
  async function recordSessionStatus(input: { sessionId: string; status: 'active' | 'quarantined' }): Promise<void> {
    try {
      await deps.audit.setStatus(input.sessionId, input.status);
    } catch (err) {
      throw toFailure(err);
    }
  }

  return { claimSessionWorker, listHosts, recordSessionEnd, recordSessionStatus };
}
