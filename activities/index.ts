/**
 * Composition root of the activities (house style §3). Workflows import only the types from here.
 * @module
 */
import type { ActivityDeps } from './deps';
import { createSessionActivities } from './session-activities';
import { createSharedActivities } from './shared-activities';

export type { ActivityDeps } from './deps';

/** Activities polled on the shared task queue. */
export type SharedActivities = ReturnType<typeof createSharedActivities>;
/** Key-holding activities polled on this worker's own task queue. */
export type SessionActivities = ReturnType<typeof createSessionActivities>;

/** Builds both activity groups over the same dependencies. */
export function createActivities(deps: ActivityDeps): { shared: SharedActivities; session: SessionActivities } {
  return { shared: createSharedActivities(deps), session: createSessionActivities(deps) };
}
