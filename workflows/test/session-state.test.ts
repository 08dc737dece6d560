import { describe, expect, it } from 'vitest';
import {
  CommandRejected,
  auditStatus,
  initialState,
  nextSequence,
  onCloseRequested,
  onConnected,
  onEnded,
  onFailed,
  onQuarantine,
  onRelease,
  toView,
  validateRunCommand,
} from '../session-state';

const input = { sessionId: '00000000-0000-4000-8000-000000000001', hostAlias: 'demo', user: 'app', initiatedBy: 't' };
const connected = onConnected(initialState(input), {
  startedAtMs: 1_000,
  deadlineMs: 1_000 + 15 * 60_000,
  keyFingerprint: 'SHA256:x',
  connectMs: 12,
  workerQueue: 'ssm-worker-a',
});

function rejection(fn: () => void): CommandRejected {
  try {
    fn();
  } catch (err) {
    if (err instanceof CommandRejected) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('session state', () => {
  it('starts connecting and becomes active with an expiry 15 minutes after the key start', () => {
    expect(initialState(input).status).toBe('connecting');
    expect(connected.status).toBe('active');
    expect(connected.expiresAt).toBe(new Date(1_000 + 15 * 60_000).toISOString());
  });

  it('accepts a normal command', () => {
    expect(() => validateRunCommand(connected, { command: 'uptime' })).not.toThrow();
  });

  it.each([
    ['', 'InvalidCommandError', /empty/],
    ['   ', 'InvalidCommandError', /empty/],
    ['a'.repeat(10_001), 'InvalidCommandError', /10001 bytes; the limit is 10000/],
    ['é'.repeat(5_001), 'InvalidCommandError', /10002 bytes/],
    ['ls\u0000-la', 'InvalidCommandError', /NUL or control/],
    ['ls \u001b[31m', 'InvalidCommandError', /control/],
    ['echo \ud800', 'InvalidCommandError', /UTF-8/],
  ])('rejects %j as %s', (command, type, msg) => {
    const r = rejection(() => validateRunCommand(connected, { command }));
    expect(r.type).toBe(type);
    expect(r.message).toMatch(msg);
  });

  it('accepts exactly 10,000 bytes and tabs/newlines', () => {
    expect(() => validateRunCommand(connected, { command: 'a'.repeat(10_000) })).not.toThrow();
    expect(() => validateRunCommand(connected, { command: 'echo a\n\techo b' })).not.toThrow();
  });

  it('rejects out-of-range timeouts', () => {
    expect(rejection(() => validateRunCommand(connected, { command: 'x', timeoutS: 0 })).type).toBe(
      'InvalidCommandError',
    );
    expect(rejection(() => validateRunCommand(connected, { command: 'x', timeoutS: 601 })).type).toBe(
      'InvalidCommandError',
    );
    expect(() => validateRunCommand(connected, { command: 'x', timeoutS: 600 })).not.toThrow();
  });

  it('rejects commands on expired, closed, failed, quarantined and connecting sessions', () => {
    expect(rejection(() => validateRunCommand(onEnded(connected, true), { command: 'x' })).type).toBe(
      'SessionExpiredError',
    );
    expect(
      rejection(() => validateRunCommand(onEnded(onCloseRequested(connected), false), { command: 'x' })).type,
    ).toBe('SessionClosedError');
    expect(rejection(() => validateRunCommand(onCloseRequested(connected), { command: 'x' })).type).toBe(
      'SessionClosedError',
    );
    expect(
      rejection(() => validateRunCommand(onFailed(connected, 'HostKeyMismatchError', 'bad key'), { command: 'x' }))
        .message,
    ).toMatch(/bad key/);
    expect(rejection(() => validateRunCommand(onQuarantine(connected, 'canary'), { command: 'x' })).type).toBe(
      'SessionQuarantinedError',
    );
    expect(rejection(() => validateRunCommand(initialState(input), { command: 'x' })).type).toBe('SessionClosedError');
  });

  it('a close request wins over TTL expiry; TTL without close means expired', () => {
    expect(onEnded(connected, true).status).toBe('expired');
    expect(onEnded(onCloseRequested(connected), true).status).toBe('closed');
    expect(onEnded(connected, false).status).toBe('closed');
  });

  it('quarantine and release round-trip, and release needs the session to have been quarantined', () => {
    const q = onQuarantine(connected, 'canary survived');
    expect(q.status).toBe('quarantined');
    expect(toView(q).quarantined).toBe(true);
    const r = onRelease(q, 'ops: verified');
    expect(r.status).toBe('active');
    expect(r.reason).toBe('released: ops: verified');
    expect(onRelease(connected, 'x')).toBe(connected);
  });

  it('maps final states to section 09 audit statuses', () => {
    expect(auditStatus(onEnded(connected, true))).toBe('completed');
    expect(auditStatus(onFailed(connected, 'X', 'y'))).toBe('error');
    expect(auditStatus(onQuarantine(connected, 'q'))).toBe('quarantined');
  });

  it('numbers commands from 1', () => {
    const [s1, a] = nextSequence(connected);
    const [, b] = nextSequence(s1);
    expect([a, b]).toEqual([1, 2]);
  });
});
