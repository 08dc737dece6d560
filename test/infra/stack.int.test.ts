/**
 * Proves the real stack that `bash scripts/stack.sh up` starts (test/global-setup.ts runs it): Temporal answers its
 * health check, PostgreSQL answers as role `ssm`, and the demo target is a real sshd in its own network namespace that
 * presents the pinned host key, runs with the architecture section 04 directives, serves the planted demo content,
 * and itself enforces certificate restrictions: OpenSSH's own client with a certificate from a test-only `ssh-keygen
 * -s` signer runs exactly the forced command; a wrong source-address, another source address, a wrong principal and
 * an expired certificate are refused by sshd (its log says why). Needs root (ip netns exec).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Connection } from '@temporalio/client';
import { grpc, temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { loadStackEnv, plantedSecrets } from '../helpers/stack';
import type { StackEnv } from '../helpers/stack';

const TARGET = '10.77.1.2';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Base64 blob of the first `ssh-ed25519` key in OpenSSH text (known_hosts, keyscan or .pub lines). */
function ed25519Blobs(text: string): string[] {
  return [...text.matchAll(/ssh-ed25519 (AAAA[A-Za-z0-9+/=]+)/g)].map((m) => m[1]!);
}

describe('the real stack (scripts/stack.sh up)', () => {
  let env: StackEnv;
  let dir: string;
  let keyFile: string;
  let sshdLog: string;
  const runId = randomUUID().slice(0, 8);

  beforeAll(() => {
    env = loadStackEnv();
    sshdLog = join(env.SSM_DEMO_SSHD_CONFIG ?? '', '..', 'sshd.log');
    dir = mkdtempSync(join(tmpdir(), 'ssm-infra-certs-'));
    keyFile = join(dir, 'id_ed25519');
    const gen = run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ssm infra test', '-f', keyFile]);
    expect(gen.status).toBe(0);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Signs a copy of the test key with the dev CA (test-only signer); returns the certificate path. */
  function signCert(name: string, opts: { principal?: string; validity: string; options: string[] }): string {
    const pub = join(dir, `${name}.pub`);
    copyFileSync(`${keyFile}.pub`, pub);
    const args = ['-q', '-s', env.SSM_CA_KEY_FILE, '-I', `ssm-infra-${runId}-${name}`, '-n', opts.principal ?? 'app'];
    args.push('-V', opts.validity, ...opts.options.flatMap((o) => ['-O', o]), pub);
    const r = run('ssh-keygen', args);
    expect(r.status, r.stderr).toBe(0);
    return join(dir, `${name}-cert.pub`);
  }

  /** OpenSSH client with exactly one identity (key + cert), strict host-key checking against the stack's known_hosts. */
  function ssh(cert: string, command: string, extra: string[] = [], user = 'app'): Run {
    return run('ssh', [
      '-F', 'none', '-i', keyFile, '-o', `CertificateFile=${cert}`, '-o', 'IdentitiesOnly=yes',
      '-o', 'IdentityAgent=none', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '-o', 'LogLevel=ERROR',
      '-o', `UserKnownHostsFile=${env.SSM_KNOWN_HOSTS}`, '-o', 'StrictHostKeyChecking=yes',
      ...extra, `${user}@${TARGET}`, command,
    ]); // prettier-ignore
  }

  /** What sshd logged since `offset` (bytes), once it mentions `needle` (it may flush just after the client exits). */
  async function sshdLogSince(offset: number, needle: string): Promise<string> {
    for (let i = 0; i < 50; i++) {
      const text = readFileSync(sshdLog, 'utf8').slice(offset);
      if (text.includes(needle)) return text;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return readFileSync(sshdLog, 'utf8').slice(offset);
  }

  it('writes a complete stack.env with absolute paths that exist', () => {
    for (const key of ['TEMPORAL_BIN', 'TEMPORAL_TEST_SERVER_BIN', 'SSM_INVENTORY', 'SSM_KNOWN_HOSTS'] as const) {
      expect(env[key].startsWith('/'), key).toBe(true);
      expect(existsSync(env[key]), key).toBe(true);
    }
    expect(env.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(env.SSM_SOURCE_ADDRESS).toBe('10.77.1.1/32');
    expect(statSync(env.SSM_CA_KEY_FILE).mode & 0o777).toBe(0o600);
    expect(statSync(env.SSM_DEMO_PLANTED).mode & 0o777).toBe(0o600);
  });

  it('Temporal dev server answers its gRPC health check and has the custom search attributes', async () => {
    const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    try {
      const health = await connection.healthService.check({});
      expect(health.status).toBe(grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
      const attrs = await connection.operatorService.listSearchAttributes({ namespace: env.TEMPORAL_NAMESPACE });
      const { INDEXED_VALUE_TYPE_KEYWORD: KEYWORD, INDEXED_VALUE_TYPE_BOOL: BOOL } =
        temporal.api.enums.v1.IndexedValueType;
      expect(attrs.customAttributes).toMatchObject({
        SshHostAlias: KEYWORD,
        SshSessionStatus: KEYWORD,
        SshEscalated: BOOL,
        SshQuarantined: BOOL,
      });
    } finally {
      await connection.close();
    }
  });

  it('PostgreSQL answers as role ssm in database secure_ssh_mcp', async () => {
    const pg = new PgClient({ connectionString: env.DATABASE_URL });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ user: string; db: string }>(
        'SELECT current_user AS user, current_database() AS db',
      );
      expect(rows).toEqual([{ user: 'ssm', db: 'secure_ssh_mcp' }]);
    } finally {
      await pg.end();
    }
  });

  it('the demo sshd presents exactly the host key pinned in known_hosts and the inventory', () => {
    const scan = run('ssh-keyscan', ['-T', '10', '-t', 'ed25519', '-p', '22', TARGET]);
    expect(scan.status).toBe(0);
    const presented = ed25519Blobs(scan.stdout);
    expect(presented).toHaveLength(1);
    const known = readFileSync(env.SSM_KNOWN_HOSTS, 'utf8');
    expect(known).toContain(`[${TARGET}]:22 ssh-ed25519 ${presented[0]}`);
    const inventory = parseYaml(readFileSync(env.SSM_INVENTORY, 'utf8')) as {
      hosts: { alias: string; address: string; port: number; users: string[]; host_keys: string[] }[];
    };
    const byAlias = new Map(inventory.hosts.map((h) => [h.alias, h]));
    expect(byAlias.get('demo')).toMatchObject({ address: TARGET, port: 22, users: ['app'] });
    expect(ed25519Blobs(byAlias.get('demo')!.host_keys.join('\n'))).toEqual(presented);
    const badkey = ed25519Blobs(byAlias.get('demo-badkey')!.host_keys.join('\n'));
    expect(badkey).toHaveLength(1);
    expect(badkey).not.toEqual(presented);
    expect(byAlias.get('demo-down')?.address).toBe('10.77.1.9');
  });

  it('nothing listens on the demo-down address: the connection is refused', () => {
    const r = run('ssh-keyscan', ['-T', '5', '-p', '22', '10.77.1.9']);
    expect(ed25519Blobs(r.stdout)).toEqual([]);
  });

  it('the sshd effective config has the architecture section 04 directives', () => {
    const cfg = env.SSM_DEMO_SSHD_CONFIG!;
    const r = run('ip', ['netns', 'exec', env.SSM_DEMO_NETNS ?? 'ssm-demo', '/usr/sbin/sshd', '-T', '-f', cfg]);
    expect(r.status, r.stderr).toBe(0);
    const lines = new Set(r.stdout.split('\n'));
    const expected = [
      'trustedusercakeys /etc/ssh/ssm-demo/ca.pub',
      'authorizedprincipalsfile /etc/ssh/ssm-demo/principals/%u',
      'authorizedkeysfile none',
      'pubkeyauthentication yes',
      'passwordauthentication no',
      'kbdinteractiveauthentication no',
      'maxauthtries 1',
      'maxsessions 1',
      'allowtcpforwarding no',
      'x11forwarding no',
      'permittunnel no',
      'permitrootlogin no',
      'usepam no',
      `listenaddress ${TARGET}:22`,
      'loglevel VERBOSE',
    ];
    expect(expected.filter((line) => !lines.has(line))).toEqual([]);
  });

  it('a valid certificate runs exactly its force-command, and the demo content is at its realistic paths', () => {
    const files = [...new Set(plantedSecrets(env).map((p) => p.file))];
    expect(files.sort()).toEqual([
      '/etc/nginx/sites-enabled/app.conf',
      '/var/backups/db/users.sql',
      '/var/log/auth.log',
      '/var/www/app/.env',
      '/var/www/wordpress/wp-config.php',
    ]);
    const cert = signCert('good', {
      validity: '-1m:+5m',
      options: ['source-address=10.77.1.1/32', `force-command=echo forced-${runId}; cat ${files.join(' ')}`],
    });
    const r = ssh(cert, `echo hijacked-${runId}`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.startsWith(`forced-${runId}\n`)).toBe(true);
    expect(r.stdout).not.toContain(`hijacked-${runId}`);
    // Every planted value is readable by `app` on the target; report misses by file/category, never by value.
    const missing = plantedSecrets(env)
      .filter((p) => !r.stdout.includes(p.value))
      .map((p) => `${p.file}:${p.category}`);
    expect(missing).toEqual([]);
    // ...and only inside the target's mount namespace: the host's own /var/www/app/.env is not the demo file.
    const stripe = plantedSecrets(env).find((p) => p.category === 'api-key')!;
    const hostEnv = existsSync('/var/www/app/.env') ? readFileSync('/var/www/app/.env', 'utf8') : '';
    expect(hostEnv.includes(stripe.value)).toBe(false);
  });

  it('sshd refuses a certificate whose source-address does not match (10.99.0.1/32)', async () => {
    const cert = signCert('wrong-source', {
      validity: '-1m:+5m',
      options: ['source-address=10.99.0.1/32', 'force-command=echo should-not-run'],
    });
    const offset = statSync(sshdLog).size;
    const r = ssh(cert, 'true');
    expect(r.status).toBe(255);
    expect(r.stdout).not.toContain('should-not-run');
    const log = await sshdLogSince(offset, `ID ssm-infra-${runId}-wrong-source`);
    expect(log).toContain('not from a permitted source address (10.77.1.1)');
    expect(log).toContain(`Failed publickey for app from 10.77.1.1`);
  });

  it('sshd refuses a valid certificate presented from another source address (10.77.1.3)', async () => {
    const cert = signCert('other-host', {
      validity: '-1m:+5m',
      options: ['source-address=10.77.1.1/32', 'force-command=echo should-not-run'],
    });
    const offset = statSync(sshdLog).size;
    const r = ssh(cert, 'true', ['-b', env.SSM_ALT_SOURCE_ADDRESS ?? '10.77.1.3']);
    expect(r.status).toBe(255);
    expect(r.stdout).not.toContain('should-not-run');
    const log = await sshdLogSince(offset, `ID ssm-infra-${runId}-other-host`);
    expect(log).toContain('not from a permitted source address (10.77.1.3)');
  });

  it('sshd refuses an expired certificate (-V 20200101:20200102)', async () => {
    const cert = signCert('expired', {
      validity: '20200101:20200102',
      options: ['source-address=10.77.1.1/32', 'force-command=echo should-not-run'],
    });
    const offset = statSync(sshdLog).size;
    const r = ssh(cert, 'true');
    expect(r.status).toBe(255);
    expect(r.stdout).not.toContain('should-not-run');
    const log = await sshdLogSince(offset, `ID ssm-infra-${runId}-expired`);
    expect(log).toContain('Certificate invalid: expired');
  });

  it('sshd refuses a certificate whose principal is not in the principals file of the user', async () => {
    const cert = signCert('wrong-principal', {
      principal: 'root',
      validity: '-1m:+5m',
      options: ['source-address=10.77.1.1/32', 'force-command=echo should-not-run'],
    });
    const offset = statSync(sshdLog).size;
    const r = ssh(cert, 'true');
    expect(r.status).toBe(255);
    expect(r.stdout).not.toContain('should-not-run');
    const log = await sshdLogSince(offset, `Failed publickey for app`);
    expect(log).toContain('Failed publickey for app from 10.77.1.1');
  });
});
