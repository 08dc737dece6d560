/**
 * Secrets printed alone on a line, with no key beside them: what `aws configure get aws_secret_access_key`,
 * `gcloud secrets versions access latest`, `terraform output -raw`, `vault kv get -field=…`, `op read`, `bw get
 * password`, `cat /run/secrets/<name>` or `openssl rand -base64 32` print. No key names the value, so the value's
 * own shape must: one token of printable ASCII, random-looking (three or more character classes and high entropy),
 * and none of the shapes a lone line of ordinary output has (digests, ids, versions, time stamps, paths, file names,
 * dotted names, CSV rows, JSON, lines of a PEM or base64 block).
 * @module
 */
import type { Scanner } from './candidates';
import { plausibleSecretValue } from './rules';
import { PUBLISHABLE_KEY, shannonEntropy } from './scanners';

/** Shortest and longest lone token considered (UTF-16 units): shorter lines are words, counts and codes. */
const MIN_LEN = 12;
const MAX_LEN = 512;

/** A lone token: printable ASCII without blanks (the caller already cut the line's end and `\r`). */
const LONE_TOKEN = /^[!-~]+$/;

/**
 * Shapes of a lone line of ordinary output, never a secret: hex digests, ids and UUIDs; algorithm-prefixed digests
 * (`sha256:…`, `SHA256:…` SSH fingerprints, npm `sha512-…` integrity); versions (`v1.29.3-eks-8a0c1b2`, `Ubuntu-22.04.3-LTS`); ISO time
 * stamps; paths; URLs; e-mail addresses (the e-mail rule takes them); `key=value` and `key: value` lines (the key/value
 * rules read those); JSON, XML, bracketed and quoted lines; CSV/TSV-like rows; dotted names (Java classes, host names).
 */
const ORDINARY_LONE_LINE = new RegExp(
  [
    '^[0-9a-fA-F-]+$',
    '^(?:sha1|sha224|sha256|sha384|sha512|md5|SHA1|SHA256|SHA512|MD5|blake2b|xxh64|crc32)[:-]',
    '^v?\\d+(?:\\.\\d+){1,3}(?:[-+~_][\\w.+~-]*)?$',
    '\\d\\.\\d{1,4}\\.\\d',
    '^\\d{4}-\\d{2}-\\d{2}(?:[T_ ]|$)',
    '^(?:[~.]{0,2}/|[A-Za-z]:\\\\|\\\\\\\\)',
    '://',
    '^[^@\\s]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+$',
    '^[-+]?[$@%\\w.:[\\]-]+=',
    '^[A-Za-z][\\w.-]*\\\\[\\w.$-]+$',
    '^\\^.*\\$$|\\\\[.dwsSbB]',
    '^[A-Za-z_][\\w.-]{0,63}:(?!$)[^=]',
    '[{[(,:;]$',
    '^[0-9a-fA-F-]{36}:\\d',
    '^(?=[^+=]*/)(?=[^+=]*-)[\\w./-]+$',
    '^[\\w.-]+(?:/[\\w.-]+)+:[\\w.-]+$',
    '^[A-Za-z0-9+/]+=*--[A-Za-z0-9+/]+=*--[A-Za-z0-9+/]+=*$',
    '^[{[<("\'`#]',
    '^[^,;|]*[,;|][^,;|]*[,;|]',
    '^[A-Za-z_$][\\w$-]*(?:\\.[A-Za-z_$][\\w$-]*)+$',
    '\\.(?:txt|log|json|ya?ml|conf|cfg|ini|xml|html?|css|js|ts|py|rb|go|java|class|jar|war|php|sh|sql|csv|pdf|png|jpe?g|gif|svg|zip|gz|tgz|tar|bz2|xz|deb|rpm|pem|crt|key|pub|md|lock|pid|sock|service|timer|d)$',
  ].join('|'),
);

/** Only characters of the standard and URL-safe base64 alphabets (with padding). */
const BASE64_ONLY = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * How many of the four classes (lower, upper, digit, symbol) `v` uses; `-`, `_`, `.` and `/` are no symbols: they
 * join the words of names and paths (`ap-southeast-1`, `mysql-bin.004268`, `scram-sha-256`, `uploads/2024/07/`).
 */
function characterClasses(v: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else if (c !== 45 && c !== 95 && c !== 46 && c !== 47) other = 1;
  }
  return lower + upper + digit + other;
}

/**
 * A cheap first test of the line [a, e) of `text`, without allocating: printable ASCII without blanks, three or more
 * character classes ({@link characterClasses}), and not a `name=value` assignment (most lines of a config payload).
 * Lines that pass go through {@link looksLikeLoneSecret}.
 */
function loneTokenCandidate(text: string, a: number, e: number): boolean {
  let classes = 0;
  let inName = true;
  for (let i = a; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c > 126) return false;
    if (inName) {
      // `$USER1$=`, `opts[key]=`, `-SMTP_PASSWORD=`: a name then `=`
      if (c === 61 /* = */ && i > a) return false;
      const nameChar =
        (c >= 97 && c <= 122) ||
        (c >= 65 && c <= 90) ||
        (c >= 48 && c <= 57) ||
        c === 95 ||
        c === 46 ||
        c === 58 ||
        c === 45 ||
        c === 36 ||
        c === 64 ||
        c === 37 ||
        c === 91 ||
        c === 93 ||
        (c === 43 && i === a);
      if (!nameChar) inName = false;
    }
    if (c >= 97 && c <= 122) classes |= 1;
    else if (c >= 65 && c <= 90) classes |= 2;
    else if (c >= 48 && c <= 57) classes |= 4;
    else if (c !== 45 && c !== 95 && c !== 46 && c !== 47) classes |= 8;
  }
  return (classes & 1) + ((classes >> 1) & 1) + ((classes >> 2) & 1) + (classes >> 3) >= 3;
}

/**
 * Whether `v`, printed alone on its line, looks like a generated secret rather than ordinary output. Three or more
 * character classes with a letter, at least 3.2 bits of entropy per character (a 12-character random password has
 * ~3.4; `Deployment2024` has 3.1), none of the {@link ORDINARY_LONE_LINE} shapes, and, without a symbol, 16 or more
 * characters of which under 40 % are word-like runs. The thresholds follow the
 * entropy heuristics of gitleaks and truffleHog, set here on the repository's probe sets.
 */
export function looksLikeLoneSecret(v: string): boolean {
  if (v.length < MIN_LEN || v.length > MAX_LEN || !LONE_TOKEN.test(v)) return false;
  if (characterClasses(v) < 3 || !/[A-Za-z]/.test(v)) return false;
  if (ORDINARY_LONE_LINE.test(v) || !plausibleSecretValue(v)) return false;
  // a publishable key is public by design (Stripe serves it to every browser)
  if (PUBLISHABLE_KEY.test(v)) return false;
  // without a symbol, a name made of words and numbers (`PostgreSQL16Server`, `HelloWorldService2024`) has the same
  // classes as a random token; its words give it away
  if (!SYMBOL.test(v) && (v.length < 16 || wordCover(v) * 10 >= v.length * 4)) return false;
  return shannonEntropy(v) >= 3.2;
}

/** A character that is no letter, digit or name punctuation (`-`, `_`, `.`, `/`). */
const SYMBOL = /[^A-Za-z0-9._/-]/;

/** Word-like runs: a capitalised or lower-case run of four or more letters (`Service`, `Postgre`, `world`). */
const WORD_RUN = /[A-Z]?[a-z]{3,}/g;

/**
 * How many characters of `v` lie in word-like runs ({@link WORD_RUN}) of four or more letters. In a random token of
 * mixed case such runs are rare (a lower-case run of four has odds (26/62)^4 ≈ 3 % per position); a name is mostly
 * words.
 */
function wordCover(v: string): number {
  let n = 0;
  for (const m of v.matchAll(WORD_RUN)) if (m[0].length >= 4) n += m[0].length;
  return n;
}

/** The length of the line [a, b) of `text` when it is one base64-alphabet token, else 0. */
function base64LineLength(text: string, a: number, b: number): number {
  if (a < 0 || b <= a || b - a > MAX_LEN + 2) return 0;
  const v = text.slice(a, b).trimEnd();
  return BASE64_ONLY.test(v) ? v.length : 0;
}

/**
 * Emits every line that holds nothing but a lone random-looking token ({@link looksLikeLoneSecret}). A line of a
 * block of base64 lines (a certificate body, a wrapped blob) is left alone: its neighbour is one too.
 * Category API_KEY for a 40-character base64-alphabet value (the AWS secret access key's shape), PASSWORD otherwise.
 */
export const bareLineSecrets: Scanner = (text, emit) => {
  const n = text.length;
  let prevStart = -1;
  let prevEnd = -1;
  for (let a = 0; a < n;) {
    let b = text.indexOf('\n', a);
    if (b < 0) b = n;
    let e = b;
    while (e > a && (text.charCodeAt(e - 1) === 13 || text.charCodeAt(e - 1) === 32)) e--;
    const len = e - a;
    if (len >= MIN_LEN && len <= MAX_LEN && text.charCodeAt(a) > 32 && loneTokenCandidate(text, a, e)) {
      const v = text.slice(a, e);
      if (looksLikeLoneSecret(v)) {
        // a line of a wrapped base64 block (a certificate body, a PuTTY `Public-Lines` key): a base64 neighbour, and
        // one of the two as long as a wrapped line (40+)
        let inBlock = false;
        if (BASE64_ONLY.test(v)) {
          const nextStart = b + 1;
          let nextEnd = nextStart < n ? text.indexOf('\n', nextStart) : -1;
          if (nextStart < n && nextEnd < 0) nextEnd = n;
          const prevLen = base64LineLength(text, prevStart, prevEnd);
          const nextLen = base64LineLength(text, nextStart, nextEnd);
          inBlock =
            (prevLen > 0 && (v.length >= 40 || prevLen >= 40)) || (nextLen > 0 && (v.length >= 40 || nextLen >= 40));
        }
        if (!inBlock)
          emit({
            start: a,
            end: e,
            category: v.length === 40 && BASE64_ONLY.test(v) ? 'APIKEY' : 'PASSWORD',
            rule: 'bare-line-secret',
            priority: 50,
          });
      }
    }
    prevStart = a;
    prevEnd = b;
    a = b + 1;
  }
};
