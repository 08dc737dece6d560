import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sshpk from 'sshpk';
import { describe, expect, it } from 'vitest';
import { CertificateMintError } from '../errors';
import {
  CertificateAuthority,
  MAX_BACKDATE_MS,
  destroySessionKey,
  generateSessionKey,
} from '../keys/certificate-authority';

const ca = new CertificateAuthority(sshpk.generatePrivateKey('ed25519'));
const start = Date.UTC(2026, 10, 23, 12, 0, 0);
const base = {
  principal: 'app',
  sourceAddresses: ['10.77.1.1/32'],
  forceCommand: 'cat /var/www/app/.env',
  sessionStartMs: start,
  nowMs: start,
  keyId: 'session:test#1',
};

/** Parses a certificate with OpenSSH's own ssh-keygen -L (the reference implementation). */
function describeWithSshKeygen(openssh: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ssm-cert-'));
  try {
    writeFileSync(join(dir, 'c-cert.pub'), `${openssh}\n`);
    return execFileSync('ssh-keygen', ['-L', '-f', join(dir, 'c-cert.pub')], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('CertificateAuthority', () => {
  it('signs an Ed25519 user certificate with principal, source-address, force-command and no extensions', () => {
    const key = generateSessionKey();
    const cert = ca.sign(key.publicKey, { ...base, notAfterMs: start + 60_000 });
    expect(cert.openssh.startsWith('ssh-ed25519-cert-v01@openssh.com ')).toBe(true);
    const text = describeWithSshKeygen(cert.openssh);
    expect(text).toMatch(/user certificate/);
    expect(text).toMatch(/Principals:\s+app\n/);
    expect(text).toMatch(/force-command cat \/var\/www\/app\/\.env/);
    expect(text).toMatch(/source-address 10\.77\.1\.1\/32/);
    expect(text).toMatch(/Extensions: \(none\)/);
    expect(text).toMatch(/Key ID: "session:test#1"/);
    const parsed = sshpk.parseCertificate(Buffer.from(cert.openssh), 'openssh');
    expect(parsed.isSignedByKey(sshpk.parseKey(ca.publicKey, 'ssh'))).toBe(true);
  });

  it('never issues validity beyond 15 minutes from the session start, whatever is asked', () => {
    const key = generateSessionKey();
    const cert = ca.sign(key.publicKey, { ...base, notAfterMs: start + 24 * 3600_000 });
    expect(cert.validBeforeMs).toBe(start + 15 * 60_000);
    expect(cert.validAfterMs).toBe(start - MAX_BACKDATE_MS);
    // later in the session: still capped at the same deadline
    const later = ca.sign(key.publicKey, { ...base, nowMs: start + 14 * 60_000, notAfterMs: start + 3600_000 });
    expect(later.validBeforeMs).toBe(start + 15 * 60_000);
  });

  it('refuses to sign after the session lifetime is over', () => {
    const key = generateSessionKey();
    expect(() =>
      ca.sign(key.publicKey, { ...base, nowMs: start + 15 * 60_000, notAfterMs: start + 20 * 60_000 }),
    ).toThrow(CertificateMintError);
  });

  it.each([
    [{ principal: 'Root!' }, /principal/],
    [{ forceCommand: '' }, /force-command/],
    [{ sourceAddresses: [] }, /source-address/],
    [{ sourceAddresses: ['10.0.0.0/33'] }, /source-address/],
    [{ sourceAddresses: ['example.com'] }, /source-address/],
  ])('rejects invalid requests %j', (patch, msg) => {
    const key = generateSessionKey();
    expect(() => ca.sign(key.publicKey, { ...base, notAfterMs: start + 60_000, ...patch })).toThrow(msg);
  });

  it('zeroes the private key buffers on destroy', () => {
    const key = generateSessionKey();
    expect(key.privateKeyOpenssh.some((b) => b !== 0)).toBe(true);
    destroySessionKey(key);
    expect(key.privateKeyOpenssh.every((b) => b === 0)).toBe(true);
    for (const part of key.parsed.parts as unknown as { data: Buffer }[])
      expect(part.data.every((b) => b === 0)).toBe(true);
    expect(key.destroyed).toBe(true);
  });
});
