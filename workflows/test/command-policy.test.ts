/**
 * The session workflow's command decision (workflows/command-policy) against the worker's `evaluateCommand`: over the
 * conformance suite and random chains the workflow-side decision on a session's snapshot is identical, so it is never
 * more permissive; plus the mvdan-sh loader's guarantees. The same decision inside the real workflow sandbox is
 * checked by command-policy.sandbox.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { analyzeCommand, commandPolicySnapshot, evaluateCommand } from '../../activities/policy';
import {
  CONFORMANCE_HOSTS_BY_ALIAS,
  conformanceCases,
  conformancePolicy,
} from '../../activities/policy/test/conformance-fixture';
import { compileCommandPolicy, decideWithSnapshot } from '../command-policy/decide';
import type { CommandPolicySnapshot, Decision } from '../command-policy/decide';
import { mvdanSyntax, withGopherJsGlobals } from '../command-policy/mvdan-sh';

// Before anything in this file loads mvdan-sh (it is loaded lazily, on the first analysis).
const stackTraceLimitBefore = Error.stackTraceLimit;
const requireBefore = Object.getOwnPropertyDescriptor(globalThis, 'require');

const policy = conformancePolicy;
const cases = conformanceCases;
const HOSTS = CONFORMANCE_HOSTS_BY_ALIAS;

/** What a session on `alias` carries, after the trip through history (JSON). */
function sessionSnapshot(alias: string): CommandPolicySnapshot {
  return JSON.parse(JSON.stringify(commandPolicySnapshot(policy, HOSTS[alias]!))) as CommandPolicySnapshot;
}
const compiled = Object.fromEntries(
  Object.keys(HOSTS).map((alias) => [alias, compileCommandPolicy(sessionSnapshot(alias))]),
);
const workflowSide = (alias: string, command: string): Decision => decideWithSnapshot(compiled[alias]!, command);

/** `a` allows nothing `b` denies, and asks for approval wherever `b` does. */
function notMorePermissive(a: Decision, b: Decision): boolean {
  if (b.decision === 'deny') return a.decision === 'deny';
  if (b.requiresApproval) return a.decision === 'deny' || a.requiresApproval === true;
  return true;
}

describe('mvdan-sh loader', () => {
  it('loads without touching the real Error.stackTraceLimit or leaving a global require', () => {
    expect(analyzeCommand('ls -la').ok).toBe(true); // first use: loads mvdan-sh
    expect(Error.stackTraceLimit).toBe(stackTraceLimitBefore);
    expect(Error.stackTraceLimit).not.toBe(Infinity);
    expect(Object.getOwnPropertyDescriptor(globalThis, 'require')).toEqual(requireBefore);
  });

  it('parsing arms no timer and draws no randomness (nothing that could become a workflow command)', () => {
    const syntax = mvdanSyntax();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const randomSpy = vi.spyOn(Math, 'random');
    try {
      // straight into the parser, without withGopherJsGlobals, so the spies see everything
      for (const c of cases) {
        try {
          const file = syntax.NewParser().Parse(c.command, 'probe');
          for (const stmt of file.Stmts ?? []) if (stmt.Cmd) syntax.NodeType(stmt.Cmd);
        } catch {
          // syntax errors are part of the suite
        }
      }
      expect(setTimeoutSpy).not.toHaveBeenCalled();
      expect(randomSpy).not.toHaveBeenCalled();
    } finally {
      setTimeoutSpy.mockRestore();
      randomSpy.mockRestore();
    }
  });

  it('refuses to continue when the runtime leaves a timer pending, and restores the globals anyway', () => {
    const realSetTimeout = globalThis.setTimeout;
    const realError = globalThis.Error;
    expect(() => withGopherJsGlobals(() => setTimeout(() => undefined, 1), true)).toThrow(
      /mvdan-sh left 1 timer\(s\) pending/,
    );
    expect(() =>
      withGopherJsGlobals(() => {
        throw new Error('boom');
      }, true),
    ).toThrow('boom');
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(globalThis.Error).toBe(realError);
  });
});

describe('session policy snapshot', () => {
  it('carries only the rules that apply to the host, as plain JSON, and no network policy', () => {
    const snap = commandPolicySnapshot(policy, HOSTS['dev-box']!);
    expect(snap).toEqual(JSON.parse(JSON.stringify(snap)));
    expect(Object.keys(snap).sort()).toEqual(
      ['denySubstrings', 'hostAlias', 'maxCommandLength', 'rules', 'source', 'version'].sort(),
    );
    expect(snap.rules.map((r) => r.id)).not.toContain('prod-readonly'); // aliases/tags selectors applied
    expect(commandPolicySnapshot(policy, HOSTS['prod-web-1']!).rules.map((r) => r.id)).toContain('prod-readonly');
    expect(snap).toMatchObject({ version: 1, source: 'conformance-policy.yml', hostAlias: 'dev-box' });
    expect(JSON.stringify(snap)).not.toMatch(/cidr|10\.0\.0\.5|block_ips/);
    expect(JSON.stringify(snap).length).toBeLessThan(4096);
  });

  it('refuses something that is not a version-1 snapshot', () => {
    expect(() => compileCommandPolicy({} as CommandPolicySnapshot)).toThrow(/version-1/);
  });
});

describe('workflow-side decision vs evaluateCommand (the worker, live policy)', () => {
  it.each(cases.map((c, i) => [i, c.host, JSON.stringify(c.command).slice(0, 60), c] as const))(
    '#%i %s %s: identical decision',
    (_i, _h, _c, c) => {
      const live = evaluateCommand(policy, HOSTS[c.host]!, c.command);
      const wf = workflowSide(c.host, c.command);
      expect(wf).toEqual(live);
      expect(notMorePermissive(wf, live)).toBe(true);
      expect(wf.decision).toBe(c.expect);
    },
  );

  it('asks for approval of a mutating command exactly as the worker does', () => {
    const live = evaluateCommand(policy, HOSTS['web-1']!, 'systemctl restart nginx');
    expect(live.requiresApproval).toBe(true);
    expect(workflowSide('web-1', 'systemctl restart nginx')).toEqual(live);
  });

  it('property: over random chains of conformance commands, tokens and separators on every host, never more permissive', () => {
    const commands = [...new Set(cases.map((c) => c.command))];
    const tokens = [
      'ls',
      'rm',
      '-rf',
      '/',
      '$(id)',
      '`id`',
      '"a b"',
      "'x'",
      '>',
      '/dev/null',
      '2>&1',
      '*',
      '{a,b}',
      '\\',
    ];
    const seps = [' ', ';', ' && ', ' || ', ' | ', ' & ', '\n', ' |& '];
    const fragment = fc.oneof(fc.constantFrom(...commands), fc.constantFrom(...tokens));
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(HOSTS)),
        fc.array(fc.tuple(fragment, fc.constantFrom(...seps)), { minLength: 1, maxLength: 4 }),
        (alias, parts) => {
          const command = parts
            .map(([f, s]) => `${f}${s}`)
            .join('')
            .trimEnd();
          const live = evaluateCommand(policy, HOSTS[alias]!, command);
          const wf = workflowSide(alias, command);
          return notMorePermissive(wf, live) && JSON.stringify(wf) === JSON.stringify(live);
        },
      ),
      { numRuns: 500 },
    );
  });
});
