import { ServiceError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { grpcCode, isTransientGrpcError, retryTransient } from '../startup-retry';
import { fakeClock as clock } from '../../test/helpers/fake-clock';

/** What `client.workflow.start` throws when the server answers with a gRPC status: a ServiceError around it. */
function serviceError(code: number): ServiceError {
  const grpc = Object.assign(new Error(`${code} status`), { code, details: 'context deadline exceeded' });
  return new ServiceError('Failed to start Workflow', { cause: grpc });
}

describe('retryTransient (worker start-up calls to Temporal)', () => {
  it('reads the gRPC code through the ServiceError cause chain', () => {
    expect(grpcCode(serviceError(4))).toBe(4);
    expect(grpcCode(new Error('plain'))).toBeUndefined();
    expect(grpcCode(undefined)).toBeUndefined();
    expect(isTransientGrpcError(serviceError(4))).toBe(true); // DEADLINE_EXCEEDED
    expect(isTransientGrpcError(serviceError(14))).toBe(true); // UNAVAILABLE
    expect(isTransientGrpcError(serviceError(3))).toBe(false); // INVALID_ARGUMENT: a configuration error
    expect(isTransientGrpcError(serviceError(7))).toBe(false); // PERMISSION_DENIED
    expect(isTransientGrpcError(new Error('no code'))).toBe(false);
  });

  it('calls again with doubling pauses until the server answers, and reports each retry', async () => {
    const c = clock();
    const seen: Array<number | undefined> = [];
    let calls = 0;
    const r = await retryTransient(
      () => (++calls < 5 ? Promise.reject(serviceError(calls % 2 ? 4 : 14)) : Promise.resolve('started')),
      { ...c, onRetry: (i) => seen.push(i.code) },
    );
    expect(r).toBe('started');
    expect(calls).toBe(5);
    expect(c.slept).toEqual([500, 1000, 2000, 4000]);
    expect(seen).toEqual([4, 14, 4, 14]);
  });

  it('caps the pause at 8 s and gives up with the last error once the total wait would pass', async () => {
    const c = clock();
    let calls = 0;
    const last = serviceError(14);
    await expect(
      retryTransient(
        () => {
          calls++;
          return Promise.reject(last);
        },
        { ...c, totalMs: 30_000 },
      ),
    ).rejects.toBe(last);
    expect(c.slept).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(c.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
    expect(calls).toBe(7);
  });

  it('does not retry an error that waiting cannot fix', async () => {
    const c = clock();
    let calls = 0;
    const bad = serviceError(3);
    await expect(
      retryTransient(() => {
        calls++;
        return Promise.reject(bad);
      }, c),
    ).rejects.toBe(bad);
    expect(calls).toBe(1);
    expect(c.slept).toEqual([]);
  });
});
