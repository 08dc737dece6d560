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
  onRekeyed,
  onRelease,
  toView,
  validateCommandPolicy,
  validateRunCommand,
} from '../session-state';
import type { CommandPolicySnapshot } from '../command-policy/decide';

const input = { sessionId: '00000000-0000-4000-8000-000000000001', hostAlias: 'demo', user: 'app', initiatedBy: 't' };
/** The state after a successful connect; `extra` adds fields of openSession's output (e.g. the policy snapshot). */
const connectWith = (extra: Partial<Parameters<typeof onConnected>[1]> = {}): ReturnType<typeof onConnected> =>
  onConnected(initialState(input), {
    startedAtMs: 1_000,
    deadlineMs: 1_000 + 15 * 60_000,
    keyFingerprint: 'SHA256:x',
    connectMs: 12,
    workerQueue: 'ssm-worker-a',
    ...extra,
  });
const connected = connectWith();

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

/** A session policy as `openSession` returns it: read-only rules, one mutating rule, one deny rule. */
const snapshot: CommandPolicySnapshot = {
  version: 1,
  source: 'policy.yml',
  hostAlias: 'demo',
  maxCommandLength: 2000,
  denySubstrings: ['rm -rf /', 'shutdown*'],
  rules: [
    { id: 'read-only', action: 'allow', commands: ['uptime', 'id', 'ls', 'ls *'] },
    { id: 'restart', action: 'allow', commands: ['systemctl restart nginx'], mutating: true },
    { id: 'no-curl', action: 'deny', binary: 'curl' },
  ],
};
const withPolicy = connectWith({ commandPolicy: snapshot });

describe('run-command validator: the session policy snapshot', () => {
  it('keeps the snapshot of the first connect across re-keys', () => {
    expect(withPolicy.commandPolicy).toBe(snapshot);
    const other = { ...snapshot, rules: [] };
    const rekeyed = onRekeyed(withPolicy, {
      startedAtMs: 1_000,
      deadlineMs: 1_000 + 15 * 60_000,
      keyFingerprint: 'SHA256:y',
      connectMs: 3,
      workerQueue: 'ssm-worker-b',
      commandPolicy: other,
    });
    expect(rekeyed.commandPolicy).toBe(snapshot);
    expect(connected.commandPolicy).toBeNull(); // a worker that sends none
  });

  it('accepts an allowed command', () => {
    expect(() => validateCommandPolicy(withPolicy, 'uptime', false)).not.toThrow();
    expect(() => validateCommandPolicy(withPolicy, 'ls -la && id', false)).not.toThrow();
  });

  it.each([
    ['vim /etc/hosts', /^denied by default-deny: no rule allows 'vim \/etc\/hosts' on 'demo'\. To allow: /],
    ['curl http://x', /^denied by no-curl: 'curl http:\/\/x' is denied by rule no-curl\. To allow: deny rules win/],
    ['uptime; curl x', /^denied by no-curl: /],
    ['ls $(id)', /^denied by feature:command-substitution: command substitution/],
    ['rm -rf /tmp', /^denied by limits\.deny_substrings:rm -rf \/: /],
    ['uptime && shutdown -h now', /^denied by limits\.deny_substrings:shutdown\*: /],
  ])('rejects %j, naming the rule or default that denied it', (command, message) => {
    const r = rejection(() => validateCommandPolicy(withPolicy, command, false));
    expect(r.type).toBe('PolicyViolationError');
    expect(r.message).toMatch(message);
    expect(r.message).toMatch(/checked against the policy this session started with, from policy\.yml/);
    expect(r.details).toEqual([]);
  });

  it('asks for an approval of a mutating command, with value-free details, and accepts it once approved', () => {
    const r = rejection(() => validateCommandPolicy(withPolicy, 'systemctl restart nginx', false));
    expect(r.type).toBe('PolicyViolationError');
    expect(r.message).toMatch(/^the command is mutating \(rule restart\) and needs an operator's approval/);
    expect(r.message).toContain(`--workflow-id ${input.sessionId} --name approve-command`);
    expect(r.details).toEqual([{ kind: 'approval-required', rule: 'restart' }]);
    expect(() => validateCommandPolicy(withPolicy, 'systemctl restart nginx', true)).not.toThrow();
    // an approval never turns a denial into an allow
    expect(rejection(() => validateCommandPolicy(withPolicy, 'curl x', true)).message).toMatch(/^denied by no-curl/);
  });

  it('does nothing without a snapshot (the worker still decides against the live policy)', () => {
    expect(() => validateCommandPolicy(connected, 'vim /etc/hosts', false)).not.toThrow();
  });
});
