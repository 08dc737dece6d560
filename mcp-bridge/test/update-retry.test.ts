import { describe, expect, it } from 'vitest';
import { isUpdateRefusedWhileTaskFails, sendUpdate } from '../update-retry';
import { fakeClock as clock } from '../../test/helpers/fake-clock';

/** The shape the Temporal client throws: a ServiceError whose cause is the gRPC status. */
function refusal(): Error {
  const grpc = Object.assign(new Error('9 FAILED_PRECONDITION: ...'), {
    code: 9,
    details: 'Unable to perform workflow execution update due to Workflow Task in failed state.',
  });
  return Object.assign(new Error('Workflow Update failed'), { cause: grpc });
}

describe('sendUpdate (an Update refused while the workflow task fails is sent again)', () => {
  it('recognises the refusal through the cause chain, and nothing else', () => {
    expect(isUpdateRefusedWhileTaskFails(refusal())).toBe(true);
    expect(
      isUpdateRefusedWhileTaskFails(Object.assign(new Error('x'), { code: 9, details: 'other precondition' })),
    ).toBe(false);
    expect(isUpdateRefusedWhileTaskFails(new Error('Workflow Task in failed state'))).toBe(false); // no gRPC code
    expect(isUpdateRefusedWhileTaskFails(undefined)).toBe(false);
  });

  it('sends again with growing pauses until the Update is admitted', async () => {
    const c = clock();
    let calls = 0;
    const r = await sendUpdate(
      () => {
        calls++;
        return calls < 4 ? Promise.reject(refusal()) : Promise.resolve('ran once');
      },
      { sleep: c.sleep, now: c.now },
    );
    expect(r).toBe('ran once');
    expect(calls).toBe(4);
    expect(c.slept).toEqual([250, 500, 1000]);
  });

  it('does not send again on any other error (a denied or failed command must not run twice)', async () => {
    const c = clock();
    let calls = 0;
    const denied = new Error('denied by rule x');
    await expect(
      sendUpdate(
        () => {
          calls++;
          return Promise.reject(denied);
        },
        { sleep: c.sleep, now: c.now },
      ),
    ).rejects.toBe(denied);
    expect(calls).toBe(1);
  });

  it('gives up with the refusal once the total wait is spent', async () => {
    const c = clock();
    let calls = 0;
    await expect(
      sendUpdate(
        () => {
          calls++;
          return Promise.reject(refusal());
        },
        { sleep: c.sleep, now: c.now, totalMs: 5000 },
      ),
    ).rejects.toThrow('Workflow Update failed');
    expect(c.slept).toEqual([250, 500, 1000, 2000]); // the next 4000 ms pause would pass 5000 ms
    expect(calls).toBe(5);
  });
});
