import { describe, expect, it } from 'vitest';
import { generateCanaries, newCanarySeed } from '../canaries';
import { CanaryRegistry } from '../canary-registry';

const seed = Buffer.alloc(32, 7);

describe('canary set', () => {
  const set = generateCanaries(seed);

  it('covers the document’s five kinds, in encoded and placed variants', () => {
    expect(new Set(set.map((c) => c.kind))).toEqual(
      new Set(['aws-key-id', 'ipv4', 'email', 'private-key', 'pii-sentence']),
    );
    const placements = set.map((c) => c.id.split(':')[1]);
    for (const p of ['base64', 'url-encoded', 'json-escaped', 'log-line', 'file-name', 'yaml'])
      expect(placements).toContain(p);
    // every payload literally carries at least one of its values (encoded variants also list the decoded value)
    for (const c of set) expect(c.values.some((v) => c.payload.includes(v))).toBe(true);
  });

  it('is format-valid so it exercises the real rules', () => {
    const aws = set.find((c) => c.id === 'aws-key-id:env')!.values[0]!;
    expect(aws).toMatch(/^AKIA[A-Z2-7]{16}$/);
    const ip = set.find((c) => c.id === 'ipv4:yaml')!.values[0]!;
    expect(ip).toMatch(/^10\.255\.\d{1,3}\.\d{1,3}$/);
    expect(ip.split('.').every((o) => Number(o) <= 255)).toBe(true);
    expect(set.find((c) => c.id === 'email:plain')!.values[0]).toMatch(
      /^canary-[0-9a-f]{8}@[0-9a-f]{6}\.canary\.test$/,
    );
    expect(set.find((c) => c.id === 'private-key:pem')!.payload).toMatch(
      /^-----BEGIN RSA PRIVATE KEY-----\n[A-Za-z0-9+/\n]+-----END RSA PRIVATE KEY-----\n$/,
    );
  });

  it('derives the same set from the same seed and a different set from a fresh random seed', () => {
    expect(generateCanaries(Buffer.alloc(32, 7))).toEqual(set);
    const other = generateCanaries(newCanarySeed());
    expect(other.find((c) => c.id === 'aws-key-id:env')!.values[0]).not.toBe(
      set.find((c) => c.id === 'aws-key-id:env')!.values[0],
    );
  });
});

describe('canary registry', () => {
  const reg = new CanaryRegistry(generateCanaries(seed));

  it('passes every canary through the healthy Layer 1 (the document’s expected results)', () => {
    expect(reg.runBatch()).toMatchObject({ checked: 17, survived: [] });
  });

  it('catches a deliberately broken rule on every payload that depends on it', () => {
    // gitleaks' aws-access-token rule covers the same keys (defence in depth), so both are broken here.
    // Placements whose key name alone marks the value secret (env, YAML, JSON, base64 of a config line) stay covered.
    const r = reg.runBatch(new Set(['aws-access-key-id', 'gitleaks']));
    expect(r.survived).toEqual(['aws-key-id:file-name', 'aws-key-id:log-line']);
    // plain and URL-encoded addresses are also caught through their learned customer domain; these are not
    expect(reg.runBatch(new Set(['email'])).survived).toEqual(
      expect.arrayContaining(['email:base64', 'pii-sentence:log-line']),
    );
    expect(reg.runBatch(new Set(['pem-private-key'])).survived).toEqual(
      // the JSON-escaped block is still caught by gitleaks' private-key rule
      expect.arrayContaining(['private-key:pem']),
    );
  });

  it('finds canary values and session secrets by exact match, reporting ids only', () => {
    const aws = generateCanaries(seed).find((c) => c.id === 'aws-key-id:env')!.values[0]!;
    const hit = reg.survivors(`x ${aws} y`);
    expect(hit).toContain('aws-key-id:env');
    expect(hit.every((id) => id.startsWith('aws-key-id:'))).toBe(true);
    expect(reg.survivors('nothing here')).toEqual([]);
    expect(reg.survivors('has b3BlbnNzaC1rZXktdjEAAAAA inside', ['b3BlbnNzaC1rZXktdjEAAAAA'])).toEqual([
      'session-secret',
    ]);
  });
});
