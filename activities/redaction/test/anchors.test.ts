import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPseudonymTable, redact } from '..';
import { matchesWithinOneLine } from '../engine';
import { REGEX_RULES } from '../rules';

/**
 * An anchored rule runs sticky at its anchors' occurrences instead of scanning (`RegexRule.anchors`). That finds exactly
 * what a scan finds if and only if every match a scan finds starts with one of the anchors, so that is what these tests
 * check, on the corpus and on random assemblies of the rules' own anchors and the text around them.
 */
const ANCHORED = REGEX_RULES.filter((r) => r.anchors);
const CORPUS = resolve(__dirname, '../../../../shared/corpus/dev.jsonl');

/**
 * Starts of the matches a left-to-right scan of the whole text finds, and the engine keeps (`notAfter`), that begin with
 * none of the rule's anchors.
 */
function unanchoredMatches(rule: (typeof ANCHORED)[number], text: string): string[] {
  const re = new RegExp(rule.re.source, rule.re.flags);
  const anchors = rule.anchors!.map((a) => a.toLowerCase());
  const bad: string[] = [];
  for (const m of text.matchAll(re)) {
    // a match the engine drops for the character before it (`notAfter`) needs no anchor
    if (rule.notAfter && m.index > 0 && rule.notAfter.test(text[m.index - 1]!)) continue;
    const head = text.slice(m.index, m.index + 40).toLowerCase();
    if (!anchors.some((a) => head.startsWith(a))) bad.push(`${rule.name}@${m.index}: ${JSON.stringify(head)}`);
  }
  return bad;
}

const FRAGMENTS = [
  ...ANCHORED.flatMap((r) => r.anchors!),
  ...ANCHORED.flatMap((r) => r.anchors!.map((a) => a.toUpperCase())),
  'Failed password for ',
  'Accepted publickey for ',
  'session opened for user ',
  'Disconnected from invalid user ',
  'Connection closed by authenticating user ',
  'pam_unix(sshd:auth): authentication failure; logname= uid=0 user=',
  'USER=',
  'sudo[42]:',
  'sudo:   ',
  ' alice : ',
  'username: ',
  'masteruser=',
  'Owner: ',
  '+49 30 1234567',
  '+1 (555) 123-4567',
  'AKIAIOSFODNN7EXAMPLE',
  'A3TXIOSFODNN7EXAMPLE',
  'SK0123456789abcdef0123456789abcdef',
  'AC0123456789abcdef0123456789abcdef',
  'carol.smith',
  ' port 22',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '"',
  "'",
  ':',
  '=',
  '_',
  '-',
  '.',
  '0',
  'x',
];

describe('anchored rules', () => {
  it('are the rules the engine runs sticky (the list is not empty)', () => {
    expect(ANCHORED.map((r) => r.name)).toEqual(
      expect.arrayContaining(['aws-access-key-id', 'auth-log-user', 'config-user', 'sudo-log-user']),
    );
  });

  it('declare no keywords or line gate (anchors replace both; the engine would ignore them)', () => {
    expect(ANCHORED.filter((r) => r.keywords || r.lineGate).map((r) => r.name)).toEqual([]);
  });

  it('every match in the corpus starts with one of the rule’s anchors', () => {
    const texts = readFileSync(CORPUS, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { text: string }).text);
    const bad = texts.flatMap((t) => ANCHORED.flatMap((r) => unanchoredMatches(r, t)));
    expect(bad).toEqual([]);
  });

  it('every match in random assemblies of anchors and separators starts with an anchor', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(ANCHORED.flatMap((r) => unanchoredMatches(r, text))).toEqual([]);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('finds what the rule’s regex finds in the whole text (values redacted on repeated, dense lines)', () => {
    const line = 'Nov 23 04:22:00 api sshd[1]: Accepted publickey for pmartin from 198.51.100.72 port 10940 ssh2\n';
    const text = line.repeat(3000);
    const r = redact(text, { pseudonyms: createPseudonymTable() });
    expect(r.counts.USER).toBe(3000);
    expect(r.text).not.toContain('pmartin');
  });
});

describe('line-anchored rules (run sticky at the start of each keyword line)', () => {
  it('matchesWithinOneLine accepts only patterns whose matches begin a line and stay on it', () => {
    for (const re of [/^a$/m, /^[ \t]*user=(\S+)$/m, /^a[^"\n]b/m, /^(a|b)c/m, /^a\Sb/m, /^x[ -~]{1,9}/m])
      expect(matchesWithinOneLine(re), re.source).toBe(true);
    for (const re of [
      /^a$/,
      /^a/ms,
      /a$/m,
      /^a|b/m,
      /^a\nb/m,
      /^a[^"]b/m,
      /^a\sb/m,
      /^a\Wb/m,
      /^a[\t-\r]b/m,
      // eslint-disable-next-line no-control-regex -- the escape itself is what is tested
      /^a\x0ab/m,
    ])
      expect(matchesWithinOneLine(re), re.source).toBe(false);
  });

  it('every match of a line-anchored rule on the corpus starts a line and holds no line feed', () => {
    const texts = readFileSync(CORPUS, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
    const lineRules = REGEX_RULES.filter((r) => !r.anchors && r.keywords && matchesWithinOneLine(r.re));
    expect(lineRules.length).toBeGreaterThan(40);
    const bad: string[] = [];
    for (const rule of lineRules)
      for (const text of texts)
        for (const m of text.matchAll(new RegExp(rule.re.source, rule.re.flags)))
          if ((m.index > 0 && text[m.index - 1] !== '\n') || m[0].includes('\n')) bad.push(`${rule.name}@${m.index}`);
    expect(bad).toEqual([]);
  });
});
