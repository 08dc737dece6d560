/** scripts/onboard-target.sh against a scratch root: apply, idempotence, --check drift detection, --dry-run. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'onboard-target.sh');
let root = '';
let ca = '';
const run = (...extra: string[]) => {
  const r = spawnSync(
    'bash',
    [
      SCRIPT,
      '--root',
      root,
      '--ca-pub',
      ca,
      '--worker-cidr',
      '10.42.1.0/24',
      '--user',
      'deploy',
      '--user',
      'app',
      ...extra,
    ],
    { encoding: 'utf8' },
  );
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ssm-onboard-'));
  ca = join(root, 'ca.pub');
  writeFileSync(ca, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAPai5YimK70RPJnVhXjfbkxZAmvAzRLIcakdIjAUMgV ssm-ca\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('onboard-target.sh', () => {
  it('reports drift on a fresh host and changes nothing with --check or --dry-run', () => {
    expect(run('--check')).toMatchObject({ status: 1 });
    expect(run('--dry-run').out).toMatch(/would write .*mcp-access\.conf/);
    expect(run('--check').out).toMatch(/DRIFT/);
  });

  it('writes the section-04 drop-in, CA key, principals and firewall rule, then has no drift', () => {
    expect(run().status).toBe(0);
    const dropin = readFileSync(join(root, 'etc/ssh/sshd_config.d/mcp-access.conf'), 'utf8');
    for (const line of [
      'TrustedUserCAKeys /etc/ssh/mcp-ca.pub',
      'AuthorizedPrincipalsFile /etc/ssh/principals/%u',
      'PasswordAuthentication no',
      'MaxAuthTries 1',
      'MaxSessions 1',
      'AllowTcpForwarding no',
      'X11Forwarding no',
      'PermitTunnel no',
    ]) {
      expect(dropin).toContain(line);
    }
    expect(readFileSync(join(root, 'etc/ssh/principals/deploy'), 'utf8')).toBe('deploy\n');
    expect(readFileSync(join(root, 'etc/nftables.d/mcp-ssh.nft'), 'utf8')).toMatch(
      /tcp dport 22 ip saddr 10\.42\.1\.0\/24 accept\n\s+tcp dport 22 drop/,
    );
    expect(run('--check')).toMatchObject({ status: 0 });
    expect(run().out).not.toMatch(/wrote/); // idempotent
  });

  it('detects a hand edit as drift and repairs it', () => {
    writeFileSync(join(root, 'etc/ssh/sshd_config.d/mcp-access.conf'), 'PasswordAuthentication yes\n');
    const check = run('--check');
    expect(check.status).toBe(1);
    expect(check.out).toMatch(/DRIFT .*mcp-access\.conf/);
    expect(run().status).toBe(0);
    expect(run('--check').status).toBe(0);
  });

  it('refuses bad input clearly', () => {
    const r = spawnSync(
      'bash',
      [SCRIPT, '--root', root, '--ca-pub', ca, '--worker-cidr', 'everywhere', '--user', 'app'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--worker-cidr must be a CIDR/);
  });
});
