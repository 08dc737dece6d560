import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redact } from '..';
import {
  GITLEAKS_TOML_SHA256,
  defaultGitleaksRules,
  gitleaksRulesPath,
  loadGitleaksRules,
  translateGoRegex,
} from '../gitleaks';
import { createHash } from 'node:crypto';

describe('gitleaks rule set', () => {
  it('translates Go RE2 syntax: inline case folding, (?-i:), (?s:), POSIX classes, \\z, named groups', () => {
    expect(new RegExp(translateGoRegex('(?i)abc')).test('AbC')).toBe(true);
    const mixed = new RegExp(translateGoRegex('(?i)key(?-i:ABC)'));
    expect(mixed.test('KEYABC')).toBe(true);
    expect(mixed.test('KEYabc')).toBe(false);
    expect(new RegExp(translateGoRegex('a(?s:.)b')).test('a\nb')).toBe(true);
    expect(new RegExp(translateGoRegex('a.b')).test('a\nb')).toBe(false);
    expect(new RegExp(translateGoRegex('^[[:alnum:]]+\\z')).test('aZ9')).toBe(true);
    expect(new RegExp(translateGoRegex('(?P<x>[a-f]+)')).exec('zzbeef')?.[1]).toBe('beef');
    expect(new RegExp(translateGoRegex('(?i)[a-c]')).test('B')).toBe(true);
    // a literal `-` last in a case-folded class stays literal (the folded letters are appended after it)
    const dashLast = new RegExp(`^${translateGoRegex('(?i)[a-z0-9_-]{3}')}$`);
    expect(dashLast.test('A_-')).toBe(true);
    expect(dashLast.test('A^-')).toBe(false);
    expect(() => translateGoRegex('\\pL')).toThrow();
  });

  it('loads the pinned gitleaks.toml (sha256 checked) with every rule compiled', () => {
    const path = gitleaksRulesPath();
    expect(path, 'run scripts/fetch-gitleaks-rules.sh (npm test does)').not.toBeNull();
    const toml = readFileSync(path!, 'utf8');
    expect(createHash('sha256').update(toml).digest('hex')).toBe(GITLEAKS_TOML_SHA256);
    const set = loadGitleaksRules(toml);
    expect(set.rules.length).toBeGreaterThan(200);
    expect(set.skipped.map((s) => s.id)).toContain('generic-api-key');
    expect(set.rules.filter((r) => r.engine === 're2js').map((r) => r.id)).toEqual([]);
  });

  it('finds formats only gitleaks knows, with the rule id as the source, and honours its allowlists', () => {
    expect(defaultGitleaksRules()).not.toBeNull();
    const shopify = ['shpat_', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'].join('');
    const doppler = ['dp.pt.', 'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5oQ7sU9w'].join('');
    const r = redact(`SHOPIFY ${shopify}\nDOPPLER ${doppler}\n`);
    expect(r.text).not.toContain(shopify);
    expect(r.text).not.toContain(doppler);
    expect(r.spans.map((s) => s.rule)).toEqual(
      expect.arrayContaining(['gitleaks:shopify-access-token', 'gitleaks:doppler-api-token']),
    );
    // the same shapes with too little entropy are gitleaks-allowlisted and our rules do not claim them
    const r2 = redact('dp.pt.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { gitleaks: defaultGitleaksRules() });
    expect(r2.spans.some((s) => s.rule.startsWith('gitleaks:'))).toBe(false);
  });
});
