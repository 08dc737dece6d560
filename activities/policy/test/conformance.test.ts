/**
 * Policy conformance suite: data-driven cases (conformance-cases.json, 164 command cases) over
 * conformance-policy.yml, plus network cases and a property test: joining an allowed command with any separator and
 * a denied command is always denied.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAddress, evaluateCommand, limitsFor, parsePolicy } from '..';
import { CONFORMANCE_HOSTS_BY_ALIAS, conformanceCases, conformancePolicy } from './conformance-fixture';

const policy = conformancePolicy;
const HOSTS = CONFORMANCE_HOSTS_BY_ALIAS;
const cases = conformanceCases;

describe('policy conformance', () => {
  it('has at least 150 command cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
  });

  it.each(cases.map((c, i) => [i, c.host, JSON.stringify(c.command).slice(0, 60), c] as const))(
    '#%i %s %s',
    (_i, _h, _c, c) => {
      const d = evaluateCommand(policy, HOSTS[c.host]!, c.command);
      expect(d.decision, `${d.rule}: ${d.reason}`).toBe(c.expect);
      if (c.rule) expect(d.rule.startsWith(c.rule), `rule ${d.rule}`).toBe(true);
      if (d.decision === 'deny') expect(d.reason.length).toBeGreaterThan(5);
    },
  );

  it('every default deny says how a rule would allow it', () => {
    const d = evaluateCommand(policy, HOSTS['dev-box']!, 'vim /etc/hosts');
    expect(d).toMatchObject({ decision: 'deny', rule: 'default-deny' });
    expect(d.hint).toMatch(/binary: vim/);
  });

  it('marks mutating commands as needing approval', () => {
    expect(evaluateCommand(policy, HOSTS['web-1']!, 'systemctl restart nginx')).toMatchObject({
      decision: 'allow',
      requiresApproval: true,
    });
  });

  it('applies limits with alias and tag overrides', () => {
    expect(limitsFor(policy, HOSTS['prod-db-1']!)).toMatchObject({ maxSeconds: 15, maxOutputBytes: 65536 });
    expect(limitsFor(policy, HOSTS['staging-app']!)).toMatchObject({ maxSeconds: 120, maxOutputBytes: 131072 });
    expect(limitsFor(policy, HOSTS['dev-box']!)).toMatchObject({ maxSeconds: 30 });
  });

  it.each([
    ['10.1.2.3', 'allow', 'network.allow_cidrs'],
    ['10.0.0.13', 'deny', 'network.block_ips'],
    ['10.66.1.1', 'deny', 'network.block_cidrs'],
    ['192.0.2.10', 'allow', 'network.allow_ips'],
    ['192.0.2.11', 'deny', 'network.block_cidrs'],
    ['8.8.8.8', 'deny', 'network.block_cidrs'],
    ['127.0.0.1', 'deny', 'network.block_cidrs'],
    ['fd00::1', 'allow', 'network.allow_cidrs'],
    ['2001:db8::1', 'deny', 'network.block_cidrs'],
    ['::ffff:10.1.2.3', 'allow', 'network.allow_cidrs'],
    ['not-an-ip', 'deny', 'network:invalid'],
  ])('network %s → %s', (ip, decision, rule) => {
    expect(checkAddress(policy, HOSTS['dev-box']!, ip)).toMatchObject({ decision, rule });
  });

  it('property: allowed command + any separator + denied command is always denied', () => {
    const allowed = ['ls', 'ls -la', 'id', 'whoami', 'echo hi', 'grep x /var/log/a', 'cat /var/log/syslog'];
    const denied = ['rm -rf ~', 'vim x', 'cat /etc/shadow', 'curl http://x', 'bash', 'python3 -c 1', 'dd if=/dev/zero'];
    const seps = [';', ' ; ', '&&', ' && ', '||', '|', ' | ', '&', ' & ', '\n', '|&', ';\n'];
    fc.assert(
      fc.property(
        fc.constantFrom(...allowed),
        fc.constantFrom(...seps),
        fc.constantFrom(...denied),
        fc.boolean(),
        (ok, sep, bad, denyFirst) => {
          const cmd = denyFirst ? `${bad}${sep}${ok}` : `${ok}${sep}${bad}`;
          return evaluateCommand(policy, HOSTS['dev-box']!, cmd).decision === 'deny';
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses invalid policy files with file, line and key', () => {
    expect(() => parsePolicy('rules:\n  - action: allow\n    commandz: ["ls"]\n', 'p.yml')).toThrow(
      /p\.yml:3: rules\.0\.commandz: Unrecognized key/,
    );
    expect(() => parsePolicy('limits:\n  host_key_auto_add: true\n', 'p.yml')).toThrow(
      /p\.yml:2: limits\.host_key_auto_add: must be false/,
    );
    expect(() => parsePolicy('rules: [', 'p.yml')).toThrow(/^p\.yml:1: /);
    expect(() => parsePolicy('network:\n  allow_cidrs: ["10.0.0.0/33"]\n', 'p.yml')).toThrow(/not a valid CIDR/);
  });
});
