/**
 * Canary tokens (architecture §06 "Canary Token Validation"): known-fake sensitive values pushed through the real
 * pipeline. Each is FORMAT-VALID so it exercises the real rules (an AWS key id from the real base32 alphabet, a
 * syntactically valid e-mail, a PEM block with a base64 body …), and each kind also appears encoded and placed the
 * way real data leaks: base64, URL-encoded, JSON-escaped, inside a log line, a file name, a YAML value.
 *
 * Values derive from a 32-byte seed (HMAC-SHA256 counter mode): production draws the seed from `crypto.randomBytes`
 * at start-up, so nobody knows the values; tests and honeytoken provisioning pass the same seed file so both sides
 * agree. Canary values are secrets: never log them, never put them in Temporal payloads.
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';

/** One canary payload and the exact values whose survival means the pipeline leaks. */
export interface Canary {
  /** `kind:placement`, e.g. `aws-key-id:base64`. Safe to log. */
  id: string;
  kind: 'aws-key-id' | 'ipv4' | 'email' | 'private-key' | 'pii-sentence';
  /** The text pushed through the pipeline. */
  payload: string;
  /** Values that must not appear in the pipeline's output. */
  values: string[];
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';
const SYLLABLES = [
  'ka',
  've',
  'lo',
  'mi',
  'ra',
  'tu',
  'sen',
  'dor',
  'li',
  'qua',
  'bel',
  'nor',
  'fi',
  'zan',
  'mer',
  'ol',
];

/** Deterministic byte stream from a seed and a label. */
class Drbg {
  #counter = 0;
  #buf = Buffer.alloc(0);
  constructor(
    private readonly seed: Buffer,
    private readonly label: string,
  ) {}
  next(): number {
    if (this.#buf.length === 0)
      this.#buf = createHmac('sha256', this.seed).update(`${this.label}#${this.#counter++}`).digest();
    const b = this.#buf[0]!;
    this.#buf = this.#buf.subarray(1);
    return b;
  }
  pick(alphabet: string, n: number): string {
    let out = '';
    while (out.length < n) {
      const b = this.next();
      // rejection sampling keeps the distribution uniform for any alphabet size
      if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
    }
    return out;
  }
  int(lo: number, hi: number): number {
    return lo + (((this.next() << 8) | this.next()) % (hi - lo + 1));
  }
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const jsonEscapeAt = (s: string): string => s.replace('@', '\\u0040');

/**
 * Builds the canary set from a seed.
 * @param seed 32 random bytes (see {@link newCanarySeed}); the same seed always yields the same set.
 * @returns at least the document's five kinds, each in several encodings/placements (17 payloads).
 */
export function generateCanaries(seed: Buffer): Canary[] {
  const r = new Drbg(seed, 'canary-v1');
  const awsKey = `AKIA${r.pick(BASE32, 16)}`;
  const ip = `10.255.${r.int(1, 254)}.${r.int(1, 254)}`;
  const email = `canary-${r.pick(HEX, 8)}@${r.pick(HEX, 6)}.canary.test`;
  const first = cap(r.pick('bcdfghklmnprstvz', 1) + SYLLABLES[r.int(0, 15)]! + SYLLABLES[r.int(0, 15)]!);
  const last = cap(r.pick('bcdfghklmnprstvz', 1) + SYLLABLES[r.int(0, 15)]! + SYLLABLES[r.int(0, 15)]! + 'er');
  const piiEmail = `${first.toLowerCase()}.${last.toLowerCase()}@${r.pick(HEX, 6)}.canary.test`;
  const keyLines = Array.from({ length: 4 }, () => r.pick(B64, 64));
  // A PEM-shaped fake (random body): the label is assembled so secret scanners do not mistake this source for a key.
  const label = ['RSA', 'PRIVATE', 'KEY'].join(' ');
  const pem = `-----BEGIN ${label}-----\nMIIEow${keyLines.join('\n')}\n-----END ${label}-----\n`;
  const keyValues = keyLines.map((l) => l.slice(0, 48));
  const awsB64 = Buffer.from(`aws_access_key_id = ${awsKey}\n`).toString('base64');
  const emailB64 = Buffer.from(`notify: ${email}\n`).toString('base64');
  const pemB64 = Buffer.from(pem).toString('base64');
  return [
    { id: 'aws-key-id:env', kind: 'aws-key-id', payload: `AWS_ACCESS_KEY_ID=${awsKey}\n`, values: [awsKey] },
    {
      id: 'aws-key-id:yaml',
      kind: 'aws-key-id',
      payload: `credentials:\n  aws_access_key_id: ${awsKey}\n`,
      values: [awsKey],
    },
    {
      id: 'aws-key-id:log-line',
      kind: 'aws-key-id',
      payload: `2026-11-23T04:00:00Z WARN s3 upload denied key=${awsKey} bucket=backups\n`,
      values: [awsKey],
    },
    {
      id: 'aws-key-id:file-name',
      kind: 'aws-key-id',
      payload: `-rw-r--r-- 1 app app 512 Nov 23 04:00 /var/tmp/export-${awsKey}.csv\n`,
      values: [awsKey],
    },
    { id: 'aws-key-id:base64', kind: 'aws-key-id', payload: `config_b64: ${awsB64}\n`, values: [awsKey, awsB64] },
    {
      id: 'aws-key-id:json',
      kind: 'aws-key-id',
      payload: `{"AccessKeyId":"${awsKey}","Expiration":"2026-11-23T05:00:00Z"}\n`,
      values: [awsKey],
    },
    {
      id: 'ipv4:log-line',
      kind: 'ipv4',
      payload: `Nov 23 04:00:01 web sshd[77]: Failed password for invalid user admin from ${ip} port 50022 ssh2\n`,
      values: [ip],
    },
    { id: 'ipv4:yaml', kind: 'ipv4', payload: `upstream:\n  host: ${ip}\n  port: 8080\n`, values: [ip] },
    { id: 'email:plain', kind: 'email', payload: `MAIL_FROM_ADDRESS=${email}\n`, values: [email] },
    {
      id: 'email:url-encoded',
      kind: 'email',
      payload: `GET /password/reset?email=${email.replace('@', '%40')} HTTP/1.1\n`,
      values: [email, email.replace('@', '%40')],
    },
    {
      id: 'email:json-escaped',
      kind: 'email',
      payload: `{"level":"info","user":"${jsonEscapeAt(email)}"}\n`,
      values: [email, jsonEscapeAt(email)],
    },
    { id: 'email:base64', kind: 'email', payload: `NOTIFY_B64=${emailB64}\n`, values: [email, emailB64] },
    { id: 'private-key:pem', kind: 'private-key', payload: pem, values: keyValues },
    {
      id: 'private-key:json-escaped',
      kind: 'private-key',
      payload: `{"private_key":"${pem.replace(/\n/g, '\\n')}"}\n`,
      values: keyValues,
    },
    {
      id: 'private-key:base64',
      kind: 'private-key',
      payload: `client-key-data: ${pemB64}\n`,
      values: [...keyValues, pemB64.slice(0, 48)],
    },
    {
      id: 'pii-sentence:log-line',
      kind: 'pii-sentence',
      payload: `[2026-11-23 04:00:02] User ${first} ${last} (${piiEmail}) logged in\n`,
      values: [`${first} ${last}`, piiEmail],
    },
    {
      id: 'pii-sentence:mail-header',
      kind: 'pii-sentence',
      payload: `From: ${first} ${last} <${piiEmail}>\n`,
      values: [`${first} ${last}`, piiEmail],
    },
  ];
}

/** A fresh random seed (32 bytes from the OS CSPRNG). */
export function newCanarySeed(): Buffer {
  return randomBytes(32);
}
