/**
 * The target enforces the certificate — proven against the real sshd in its network namespace with our own client
 * path (ssh2 = @electerm/ssh2 with the `certificate` option). Each refusal here is sshd's, not our code's.
 * Certificates outside production limits (expired, other source address) come from a TEST-ONLY sshpk signer; the
 * production signer cannot produce them.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sshpk from 'sshpk';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../activities/config/inventory';
import { AuthenticationFailedError, HostKeyMismatchError, HostUnreachableError } from '../../activities/errors';
import { generateSessionKey, loadCertificateAuthority } from '../../activities/keys/certificate-authority';
import type { CertificateAuthority, SessionKey } from '../../activities/keys/certificate-authority';
import { loadKnownHosts } from '../../activities/ssh/host-keys';
import { buildForcedCommand, sshExec } from '../../activities/ssh/ssh-exec';
import type { SshTarget } from '../../activities/ssh/ssh-exec';
import { loadStackEnv } from '../helpers/stack';
import type { StackEnv } from '../helpers/stack';

let stack: StackEnv;
let ca: CertificateAuthority;
let target: SshTarget;

beforeAll(() => {
  stack = loadStackEnv();
  ca = loadCertificateAuthority(stack.SSM_CA_KEY_FILE);
  const host = loadInventory(stack.SSM_INVENTORY).byAlias('demo')!;
  target = { alias: 'demo', address: host.address, port: host.port, user: 'app', hostKeys: host.hostKeys };
});

function prodCert(key: SessionKey, forceCommand: string, sourceAddresses = [stack.SSM_SOURCE_ADDRESS]): string {
  const now = Date.now();
  return ca.sign(key.publicKey, {
    principal: 'app',
    sourceAddresses,
    forceCommand,
    sessionStartMs: now,
    notAfterMs: now + 60_000,
    nowMs: now,
    keyId: 'test',
  }).openssh;
}

/** Test-only signer: any window, any options. Never used outside tests. */
function testOnlyCert(
  key: SessionKey,
  opts: { validFrom: Date; validUntil: Date; principal?: string; sourceAddress?: string; caKey?: sshpk.PrivateKey },
): string {
  const caKey = opts.caKey ?? sshpk.parsePrivateKey(readFileSync(stack.SSM_CA_KEY_FILE), 'auto');
  const cert = sshpk.createCertificate(
    [sshpk.identityForUser(opts.principal ?? 'app')],
    key.publicKey,
    sshpk.identityForUser('test-ca'),
    caKey,
    {
      validFrom: opts.validFrom,
      validUntil: opts.validUntil,
      serial: randomBytes(8),
    },
  );
  const str = (v: string): Buffer => {
    const b = Buffer.from(v);
    const l = Buffer.alloc(4);
    l.writeUInt32BE(b.length);
    return Buffer.concat([l, b]);
  };
  const sig = (cert as unknown as { signatures: { openssh: { exts?: unknown[] } } }).signatures.openssh;
  sig.exts = [
    { critical: true, name: 'force-command', data: str('echo test-only') },
    { critical: true, name: 'source-address', data: str(opts.sourceAddress ?? stack.SSM_SOURCE_ADDRESS) },
  ];
  delete (cert as unknown as { signatures: Record<string, unknown> }).signatures.x509;
  cert.signWith(caKey);
  return cert.toString('openssh');
}

function run(key: SessionKey, certificate: string, command: string, t: SshTarget = target) {
  return sshExec({
    target: t,
    knownHosts: loadKnownHosts(stack.SSM_KNOWN_HOSTS),
    privateKey: key.privateKeyOpenssh,
    certificate,
    command,
    timeoutMs: 20_000,
    maxOutputBytes: 1 << 20,
    connectTimeoutMs: 8_000,
  });
}

describe('certificates against the real sshd (ssh2 = @electerm/ssh2)', () => {
  it('authenticates with a production certificate and runs the approved command', async () => {
    const key = generateSessionKey();
    const out = await run(key, prodCert(key, buildForcedCommand('id -un', 10)), 'id -un');
    expect(out.exitCode).toBe(0);
    expect(out.stdout.toString()).toBe('app\n');
  });

  it('force-command: the target runs the certified command, not the one requested', async () => {
    const key = generateSessionKey();
    const out = await run(key, prodCert(key, buildForcedCommand('echo certified-only', 10)), 'cat /var/www/app/.env');
    expect(out.stdout.toString()).toBe('certified-only\n');
  });

  it('source-address: a certificate bound to another address is refused by sshd', async () => {
    const key = generateSessionKey();
    await expect(run(key, prodCert(key, buildForcedCommand('id', 10), ['10.99.0.1/32']), 'id')).rejects.toBeInstanceOf(
      AuthenticationFailedError,
    );
  });

  it('expiry: an expired certificate is refused by sshd', async () => {
    const key = generateSessionKey();
    const cert = testOnlyCert(key, {
      validFrom: new Date(Date.now() - 3600_000),
      validUntil: new Date(Date.now() - 1800_000),
    });
    await expect(run(key, cert, 'id')).rejects.toBeInstanceOf(AuthenticationFailedError);
  });

  it('a certificate from an untrusted CA is refused', async () => {
    const key = generateSessionKey();
    const cert = testOnlyCert(key, {
      validFrom: new Date(Date.now() - 60_000),
      validUntil: new Date(Date.now() + 600_000),
      caKey: sshpk.generatePrivateKey('ed25519'),
    });
    await expect(run(key, cert, 'id')).rejects.toBeInstanceOf(AuthenticationFailedError);
  });

  it('a principal not in the principals file is refused', async () => {
    const key = generateSessionKey();
    const cert = testOnlyCert(key, {
      validFrom: new Date(Date.now() - 60_000),
      validUntil: new Date(Date.now() + 600_000),
      principal: 'root',
    });
    await expect(run(key, cert, 'id')).rejects.toBeInstanceOf(AuthenticationFailedError);
  });

  it('a changed host key is refused before authentication (no TOFU)', async () => {
    const key = generateSessionKey();
    const bad = loadInventory(stack.SSM_INVENTORY).byAlias('demo-badkey')!;
    const err = await run(key, prodCert(key, 'id'), 'id', {
      ...target,
      alias: 'demo-badkey',
      hostKeys: bad.hostKeys,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyMismatchError);
    expect((err as Error).message).toMatch(/does not match the pinned key/);
  });

  it('a dead target is reported as unreachable', async () => {
    const key = generateSessionKey();
    const down = loadInventory(stack.SSM_INVENTORY).byAlias('demo-down')!;
    await expect(
      run(key, prodCert(key, 'id'), 'id', { ...target, alias: 'demo-down', address: down.address }),
    ).rejects.toBeInstanceOf(HostUnreachableError);
  });

  it('the target kills a hung command at the certified timeout (remote process gone)', async () => {
    const key = generateSessionKey();
    const marker = `sleep ${300 + (randomBytes(1)[0]! % 50)}`;
    const out = await run(key, prodCert(key, buildForcedCommand(`${marker}; echo never`, 2)), marker);
    expect(out.exitCode).toBe(124);
    expect(out.stdout.toString()).toBe('');
    const { execFileSync } = await import('node:child_process');
    const left = (() => {
      try {
        return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' });
      } catch {
        return '';
      }
    })();
    expect(left).toBe('');
  });
});
