import { describe, expect, it } from 'vitest';
import sshpk from 'sshpk';
import { parseKnownHosts, verifyHostKey } from '../ssh/host-keys';

const keyA = sshpk.generatePrivateKey('ed25519').toPublic();
const keyB = sshpk.generatePrivateKey('ed25519').toPublic();
const line = (k: sshpk.Key): string => k.toString('ssh').split(' ').slice(0, 2).join(' ');
const wire = (k: sshpk.Key): Buffer => k.toBuffer('rfc4253');

describe('verifyHostKey', () => {
  const empty = parseKnownHosts('');
  it('trusts a pinned key and refuses a different one as changed', () => {
    expect(verifyHostKey(wire(keyA), '10.0.0.1', 22, [line(keyA)], empty)).toBe('trusted');
    expect(verifyHostKey(wire(keyB), '10.0.0.1', 22, [line(keyA)], empty)).toBe('changed');
  });
  it('treats a host with nothing on record as unknown (no TOFU)', () => {
    expect(verifyHostKey(wire(keyA), '10.0.0.1', 22, [], empty)).toBe('unknown');
  });
  it('uses known_hosts entries, including [host]:port and comma lists', () => {
    const kh = parseKnownHosts(
      `# comment\n[10.0.0.1]:2222 ${line(keyA)}\nweb,10.0.0.2 ${line(keyB)} comment\n|1|hashed= ${line(keyB)}\n`,
    );
    expect(verifyHostKey(wire(keyA), '10.0.0.1', 2222, [], kh)).toBe('trusted');
    expect(verifyHostKey(wire(keyB), '10.0.0.2', 22, [], kh)).toBe('trusted');
    expect(verifyHostKey(wire(keyA), '10.0.0.2', 22, [], kh)).toBe('changed');
    expect(verifyHostKey(wire(keyA), '10.0.0.1', 22, [], kh)).toBe('unknown');
  });
  it('inventory pins are authoritative: a known_hosts line for the same address does not widen them', () => {
    const kh = parseKnownHosts(`10.0.0.1 ${line(keyB)}\n`);
    expect(verifyHostKey(wire(keyB), '10.0.0.1', 22, [line(keyA)], kh)).toBe('changed');
    expect(verifyHostKey(wire(keyB), '10.0.0.1', 22, [], kh)).toBe('trusted');
  });
  it('never trusts a revoked key even when pinned', () => {
    const kh = parseKnownHosts(`@revoked * ${line(keyA)}\n`);
    expect(verifyHostKey(wire(keyA), '10.0.0.1', 22, [line(keyA)], kh)).toBe('changed');
  });
});
