import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPseudonymTable, redact } from '..';

// Fragments that make realistic server output; random assemblies exercise rule boundaries and interactions.
const FRAGMENTS = [
  'DB_PASSWORD=',
  'password: ',
  '"token": "',
  '"',
  "'",
  '=',
  ':',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '|',
  '@',
  '.',
  '-',
  '/',
  '\\',
  '\u0000',
  '\u001b[31m',
  'https://',
  'postgres://u:p@h/db',
  '10.1.2.3',
  '::1',
  'fe80::1',
  'alice@example-shop.de',
  'Bearer ',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
  '-----BEGIN RSA PRIVATE KEY-----',
  '-----END RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEA',
  'AKIA',
  'ghp_',
  'sk_live_',
  '4539 1488 0343 6467',
  '+49 30 1234 5678',
  'name="Zoë Brandt"',
  'user=j.doe',
  'shop.example-shop.de',
  'define(',
  '[IP_REDACTED]',
  'ünï',
  '李',
  '😀',
];
/** Fragments separated the way real output separates tokens (idempotence is about realistic text). */
const separated = fc
  .array(fc.tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom(' ', '\n', '\t', ' = ', ': ', '", "', ' | ')), {
    maxLength: 40,
  })
  .map((xs) => xs.map(([f, sep]) => f + sep).join(''));
const payload = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FRAGMENTS),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    ),
    {
      maxLength: 60,
    },
  )
  .map((xs) => xs.join(''));

function checkSpans(input: Buffer | string, r: ReturnType<typeof redact>): void {
  const len = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  let prev = 0;
  for (const s of r.spans) {
    expect(s.start).toBeGreaterThanOrEqual(prev);
    expect(s.end).toBeGreaterThan(s.start);
    expect(s.end).toBeLessThanOrEqual(len);
    prev = s.end;
  }
  expect(r.total).toBe(r.spans.length);
}

describe('Layer 1 properties (fast-check)', () => {
  it('never throws or fails closed on random text; spans are sorted, disjoint and in bounds', () => {
    fc.assert(
      fc.property(payload, (text) => {
        const r = redact(text);
        expect(r.text).not.toBe('[REDACTION_FAILED]');
        checkSpans(text, r);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary bytes (invalid UTF-8, NUL, lone continuation bytes); spans are byte-exact', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(...FRAGMENTS), (bytes, frag) => {
        const input = Buffer.concat([Buffer.from(bytes), Buffer.from(` ${frag} 198.51.100.7 `), Buffer.from(bytes)]);
        const r = redact(input);
        checkSpans(input, r);
        // the planted address is found at its exact byte offsets
        const at = input.indexOf('198.51.100.7');
        expect(r.spans.some((s) => s.start <= at && s.end >= at + 12)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a span’s bytes are exactly the input bytes of the value it replaced (text input)', () => {
    fc.assert(
      fc.property(payload, (text) => {
        const input = Buffer.from(text);
        const r = redact(text);
        // rebuild the output from the input bytes and the spans: it must equal the returned text
        let out = '';
        let cur = 0;
        for (const s of r.spans) {
          out += input.subarray(cur, s.start).toString() + s.placeholder;
          cur = s.end;
        }
        out += input.subarray(cur).toString();
        expect(out).toBe(r.text);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: redacting redacted text changes nothing', () => {
    fc.assert(
      fc.property(separated, (text) => {
        const once = redact(text).text;
        expect(redact(once).text).toBe(once);
      }),
      {
        numRuns: 400,
        // found by this property (some by long runs of it outside the suite): an unterminated PEM block, dropped for covering a
        // placeholder, used to swallow the BEGIN marker behind it, which the second pass then redacted; and a key
        // inside a JSON value that lost to such a block used to be skipped in the first pass only; and a card behind a
        // masked placeholder (a digit run) used to be hidden by the anchor that started in the placeholder
        examples: [
          ['Bearer  -----BEGIN RSA PRIVATE KEY----- [IP_REDACTED] -----BEGIN RSA PRIVATE KEY----- '],
          ['"token": " DB_PASSWORD= DB_PASSWORD= -----BEGIN RSA PRIVATE KEY----- DB_PASSWORD=", "'],
          ['fe80::1 [IP_REDACTED] 4539 1488 0343 6467 '],
          // … and a placeholder after `Words / ` read as a trunk-prefixed phone (it is scanned as a run of `0`), which
          // made the words before it a person's name on the second pass
          ['-----END RSA PRIVATE KEY----- / fe80::1 '],
          // … and a doubled delimiter (`DB_PASSWORD= = <JWT>`) read as the value `=` once the JWT was a placeholder
          ['fe80::1: DB_PASSWORD= = eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln '],
          // … and an IPv6 address before a colon read as a `grep -n` prefix (`path:1:`) only until it was a placeholder
          ['fe80::1: DB_PASSWORD= DB_PASSWORD= postgres://u:p@h/db '],
          // … and a whole PEM block dropped for covering a placeholder, whose BEGIN line the second pass redacted once a
          // password rule had taken the END line
          ['-----BEGIN RSA PRIVATE KEY-----\n[IP_REDACTED] DB_PASSWORD= -----END RSA PRIVATE KEY----- '],
          // … and a second BEGIN inside such a block, whose own block only the second pass read
          [
            '-----BEGIN RSA PRIVATE KEY-----\n[IP_REDACTED] -----BEGIN RSA PRIVATE KEY----- -----END RSA PRIVATE KEY----- ',
          ],
        ],
      },
    );
  });

  it('no planted secret survives, whatever surrounds it', () => {
    const secrets = fc.constantFrom(
      ['DB_PASSWORD=', 'Pl4nted!Secret#1', ''],
      ['token: ', 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8', ''],
      ['from ', '192.0.2.201', ' port 22'],
      ['mail ', 'planted.person@fjord-mail.no', ' ok'],
      ['card ', '4539 1488 0343 6467', ' declined'],
      ['postgres://svc:', 'Pl4ntedC0nn', '@db.internal/x'],
    );
    fc.assert(
      fc.property(payload, secrets, payload, (before, [lead, secret, tail], after) => {
        const text = `${before}\n${lead}${secret}${tail}\n${after}`;
        // every byte of the planted occurrence is inside some span (the noise may hold other copies of fragments)
        const from = Buffer.byteLength(`${before}\n${lead}`);
        const to = from + Buffer.byteLength(secret);
        const { spans } = redact(text);
        for (let b = from; b < to; b++) expect(spans.some((sp) => sp.start <= b && b < sp.end)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated real-looking payloads never crash (bit flips, truncation, CRLF, ANSI colour)', () => {
    const base = Buffer.from(
      'APP_KEY=base64:k8JfVz3mN9xWqL2pR7tY5uA0cDgHiE1bS4wX6nM8oQ=\nDB_PASSWORD=X$9kM#vL2@pQwR7n!\n\u001b[32mOK\u001b[0m 10.0.0.1\r\n',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(base.length),
        (flips, cut) => {
          const b = Buffer.from(base);
          for (const [i, v] of flips) b[i] = v;
          const input = b.subarray(0, cut);
          checkSpans(input, redact(input));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('numbers identifiers consistently within a session and differently across values', () => {
    const t = createPseudonymTable();
    const a = redact('Failed password for j.hansen from 198.51.100.7 port 1 ssh2', { pseudonyms: t }).text;
    const b = redact('Accepted password for j.hansen from 198.51.100.7 port 2 ssh2\nfrom 198.51.100.8', {
      pseudonyms: t,
    }).text;
    expect(a).toContain('[IP_001]');
    expect(b).toContain('[IP_001]');
    expect(b).toContain('[IP_002]');
    expect(a).toContain('[USER_001]');
    expect(b).toContain('[USER_001]');
    t.clear();
    expect(t.size).toBe(0);
  });
});
