/**
 * Test-only workflow for test/infra/time-skipping.int.test.ts: sleeps for the session TTL (15 minutes) and reports
 * the workflow clock before and after, which proves the test server skipped time rather than waiting.
 * Invariants: no activities, no messages; one durable timer of {@link SESSION_TTL}.
 * @module
 */
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import { sleep, upsertSearchAttributes } from '@temporalio/workflow';

import { SEARCH_ATTRIBUTES, SESSION_TTL } from '../../../workflows/api';

const HOST_ALIAS = defineSearchAttributeKey(SEARCH_ATTRIBUTES.hostAlias, SearchAttributeType.KEYWORD);

/** Workflow clock (ms since epoch) before and after the sleep. */
export interface SleepTtlResult {
  startedAtMs: number;
  wokeAtMs: number;
}

/** Sleeps {@link SESSION_TTL}; tags itself with the host-alias search attribute first, as session workflows do. */
export async function sleepTtlWorkflow(hostAlias: string): Promise<SleepTtlResult> {
  upsertSearchAttributes([{ key: HOST_ALIAS, value: hostAlias }]);
  const startedAtMs = Date.now();
  await sleep(SESSION_TTL);
  return { startedAtMs, wokeAtMs: Date.now() };
}
