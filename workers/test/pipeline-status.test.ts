import { TypedSearchAttributes } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { SA } from '../../workflows/search-attributes';
import { cachedPipelineStatus, haltedFromDescription } from '../pipeline-status';
import type { GuardDescription } from '../pipeline-status';

const desc = (status: string, memo?: Record<string, unknown>, sa?: string): GuardDescription =>
  ({
    status: { code: 1, name: status },
    memo,
    typedSearchAttributes: new TypedSearchAttributes(sa ? [{ key: SA.sessionStatus, value: sa }] : []),
  }) as unknown as GuardDescription;

describe('pipeline guard status from the server', () => {
  it('reads the memo the guard publishes', () => {
    expect(haltedFromDescription(desc('RUNNING', { pipelineStatus: 'healthy' }))).toBe(false);
    expect(haltedFromDescription(desc('RUNNING', { pipelineStatus: 'halted' }))).toBe(true);
  });

  it('falls back to the search attribute, then fails closed', () => {
    expect(haltedFromDescription(desc('RUNNING', undefined, 'healthy'))).toBe(false);
    expect(haltedFromDescription(desc('RUNNING', undefined, 'halted'))).toBe(true);
    expect(haltedFromDescription(desc('RUNNING'))).toBe(true);
    expect(haltedFromDescription(desc('RUNNING', { pipelineStatus: 42 }))).toBe(true);
  });

  it('counts a guard that is not running as halted, whatever it last published', () => {
    for (const s of ['COMPLETED', 'FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED'])
      expect(haltedFromDescription(desc(s, { pipelineStatus: 'healthy' }, 'healthy')), s).toBe(true);
  });

  it('caches for the TTL, and a failed describe is halted and not cached', async () => {
    let calls = 0;
    let next: () => GuardDescription = () => desc('RUNNING', { pipelineStatus: 'healthy' });
    const client = {
      workflow: {
        getHandle: () => ({
          describe: () => {
            calls++;
            return Promise.resolve(next());
          },
        }),
      },
    } as unknown as Parameters<typeof cachedPipelineStatus>[0];
    const status = cachedPipelineStatus(client, 60_000);
    expect(await status()).toBe(false);
    expect(await status()).toBe(false);
    expect(calls).toBe(1);

    const failing = cachedPipelineStatus(client, 60_000);
    next = () => {
      throw new Error('unavailable');
    };
    expect(await failing()).toBe(true);
    next = () => desc('RUNNING', { pipelineStatus: 'healthy' });
    expect(await failing()).toBe(false); // asked again: the failure was not cached
    expect(calls).toBe(3);
  });
});
