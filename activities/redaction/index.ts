/**
 * Layer 1 redaction — the interface every caller uses, with the MINIMAL rule set of issue 2 item 5 ("good enough that
 * the seed's .env example comes out like the document's After Layer 1 block, behind the interface the full engine will
 * implement"). The complete engine (gitleaks/secretlint rule sets, Aho-Corasick prefilter, entropy, linear-time
 * guarantees, corpus-scored) is issue 3 and replaces the rules below without changing this API.
 *
 * All patterns here are linear: no nested quantifiers, bounded repetition, anchored alternatives.
 * @module
 */

import { isIPv6 } from 'node:net';

/** Redaction categories (architecture §06 placeholders). */
export type RedactionCategory =
  | 'IP'
  | 'EMAIL'
  | 'APIKEY'
  | 'CONNSTR'
  | 'PRIVKEY'
  | 'JWT'
  | 'AUTH'
  | 'PASSWORD'
  | 'APPKEY'
  | 'DBNAME'
  | 'DBUSER'
  | 'USER'
  | 'HOST'
  | 'PATH'
  | 'PII'
  | 'CARD'
  | 'PHONE'
  | 'TOKEN'
  | (string & {});

/** One redacted range. `start`/`end` are UTF-8 byte offsets into the input (end exclusive). */
export interface RedactionSpan {
  start: number;
  end: number;
  category: RedactionCategory;
  rule: string;
  placeholder: string;
}

/** Result of {@link redact}. */
export interface RedactionResult {
  text: string;
  spans: RedactionSpan[];
  counts: Record<string, number>;
  total: number;
}

/** Per-call options. */
export interface RedactionContext {
  /** Per-session consistent numbering; absent ⇒ generic placeholders. */
  pseudonyms?: PseudonymTable;
  /** TEST-ONLY: rule names to skip (used to break the pipeline on purpose in canary tests). */
  disabledRules?: ReadonlySet<string>;
}

/** Thrown only internally; never carries input text. */
export class RedactionFailedError extends Error {
  override name = 'RedactionFailedError';
}

/** Categories that are identifiers: numbered consistently within a session when a table is given. */
const IDENTIFIER_PREFIX: Record<string, string> = {
  IP: 'IP',
  EMAIL: 'EMAIL',
  USER: 'USER',
  HOST: 'HOST',
  DBUSER: 'USER',
  PII: 'PII',
};

/**
 * Maps raw values to numbered placeholders (`[IP_001]`, `[HOST_002]` …) for one session so the AI can correlate
 * ("the same IP failed 40 times") without seeing the value. Lives only in worker memory; {@link PseudonymTable.clear}
 * wipes it when the session ends.
 */
export class PseudonymTable {
  readonly #byValue = new Map<string, string>();
  readonly #next = new Map<string, number>();

  /** @returns the stable placeholder for `value` in `category`'s numbering. */
  placeholderFor(category: string, value: string): string {
    const prefix = IDENTIFIER_PREFIX[category] ?? category;
    const key = `${prefix}\u0000${value}`;
    let ph = this.#byValue.get(key);
    if (!ph) {
      const n = (this.#next.get(prefix) ?? 0) + 1;
      this.#next.set(prefix, n);
      ph = `[${prefix}_${String(n).padStart(3, '0')}]`;
      this.#byValue.set(key, ph);
    }
    return ph;
  }

  /** Number of distinct values mapped. */
  get size(): number {
    return this.#byValue.size;
  }

  /** Forgets every mapping. */
  clear(): void {
    this.#byValue.clear();
    this.#next.clear();
  }
}

/** A fresh, empty table. */
export function createPseudonymTable(): PseudonymTable {
  return new PseudonymTable();
}

interface Candidate {
  start: number; // UTF-16 index
  end: number;
  category: RedactionCategory;
  rule: string;
  priority: number;
}

interface Rule {
  name: string;
  category: RedactionCategory;
  priority: number;
  re: RegExp;
  /** Capture group holding the sensitive value (0 = whole match). */
  group: number;
  /** Optional filter on the captured value. */
  accept?: (value: string) => boolean;
}

const PLACEHOLDER = /^\[[A-Z0-9_]+\]$/;
const SECRET_KEY =
  '(?:[A-Za-z0-9_.-]*(?:PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_?KEY|SALT|NONCE|CREDENTIALS?|_KEY)[A-Za-z0-9_.-]*)';

/** Generic system accounts: not personal, kept so operators can reason about them (corpus README convention). */
const SYSTEM_ACCOUNTS = new Set([
  'root',
  'invalid',
  'postgres',
  'www-data',
  'admin',
  'deploy',
  'debian-sys-maint',
  'ubuntu',
  'nobody',
  'mysql',
  'git',
  'daemon',
  'sshd',
]);

const isPublicIp = (v: string): boolean =>
  v !== '127.0.0.1' && v !== '0.0.0.0' && v.split('.').every((o) => Number(o) <= 255);

/** The minimal rule set; sources: architecture §06 categories and placeholders. */
const RULES: Rule[] = [
  {
    name: 'pem-private-key',
    category: 'PRIVKEY',
    priority: 100,
    group: 0,
    re: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|$)/g,
  },
  {
    name: 'jwt',
    category: 'JWT',
    priority: 90,
    group: 0,
    re: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
  },
  {
    name: 'connection-string',
    category: 'CONNSTR',
    priority: 90,
    group: 0,
    re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/'"]{1,200}:[^\s@'"]{1,200}@[^\s/'"]{1,255}/gi,
  },
  {
    name: 'aws-access-key-id',
    category: 'APIKEY',
    priority: 85,
    group: 0,
    re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z2-7]{16}\b/g,
  },
  {
    name: 'stripe-key',
    category: 'APIKEY',
    priority: 85,
    group: 0,
    re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,250}/g,
  },
  {
    name: 'github-token',
    category: 'APIKEY',
    priority: 85,
    group: 0,
    re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/g,
  },
  { name: 'slack-token', category: 'APIKEY', priority: 85, group: 0, re: /\bxox[abposr]-[A-Za-z0-9-]{10,250}/g },
  {
    name: 'openai-anthropic-key',
    category: 'APIKEY',
    priority: 85,
    group: 0,
    re: /\bsk-(?:proj-|ant-[a-z0-9]{2,10}-)?[A-Za-z0-9_-]{20,250}/g,
  },
  { name: 'google-api-key', category: 'APIKEY', priority: 85, group: 0, re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  {
    name: 'authorization-header',
    category: 'AUTH',
    priority: 80,
    group: 1,
    re: /\b(?:Authorization|Proxy-Authorization|Cookie|Set-Cookie)\s*:\s*([^\r\n]{1,4000})/gi,
  },
  { name: 'app-key', category: 'APPKEY', priority: 75, group: 1, re: /\bAPP_KEY\s*=\s*["']?([^\s"'#]{1,500})/g },
  {
    name: 'db-name',
    category: 'DBNAME',
    priority: 70,
    group: 1,
    re: /\bDB_(?:DATABASE|NAME)\s*=\s*["']?([^\s"'#]{1,200})/g,
  },
  {
    name: 'db-user',
    category: 'DBUSER',
    priority: 70,
    group: 1,
    re: /\bDB_(?:USERNAME|USER)\s*=\s*["']?([^\s"'#]{1,200})/g,
  },
  {
    name: 'dump-database-name',
    category: 'DBNAME',
    priority: 70,
    group: 1,
    re: /(?:\bDatabase:[ \t]{1,20}|\bUSE `)([A-Za-z0-9_$-]{1,64})/g,
  },
  {
    name: 'php-define-db-name',
    category: 'DBNAME',
    priority: 70,
    group: 1,
    re: /define\(\s*['"]DB_NAME['"]\s*,\s*['"]([^'"]{1,200})['"]/g,
  },
  {
    name: 'php-define-db-user',
    category: 'DBUSER',
    priority: 70,
    group: 1,
    re: /define\(\s*['"]DB_USER['"]\s*,\s*['"]([^'"]{1,200})['"]/g,
  },
  {
    name: 'php-define-secret',
    category: 'PASSWORD',
    priority: 65,
    group: 1,
    re: new RegExp(`define\\(\\s*['"]${SECRET_KEY}['"]\\s*,\\s*['"]((?:[^'"\\\\]|\\\\.){1,500})['"]`, 'gi'),
  },
  {
    name: 'env-secret',
    category: 'PASSWORD',
    priority: 60,
    group: 1,
    // separators and quotes never cross a line: `credentials:\n  key: v` must not take the next line as the value
    re: new RegExp(`(?:^|[\\s;{,])["']?${SECRET_KEY}["']?[ \\t]*[=:][ \\t]*["']?([^\\s"',;]{1,1000})`, 'gim'),
  },
  {
    name: 'email',
    category: 'EMAIL',
    priority: 50,
    group: 0,
    // `@` also as `%40` (URL-encoded) and `\u0040` (JSON-escaped)
    re: /\b[A-Za-z0-9._%+-]{1,64}(?:@|%40|\\u0040)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g,
  },
  {
    // "Jane Doe <jane@x>" / "Jane Doe (jane@x)": the display name next to an address is the person's name
    name: 'display-name-before-email',
    category: 'PII',
    priority: 52,
    group: 1,
    re: /(?<!\p{L})(?!(?:User|From|To|Cc|Bcc|Reply-To|Sender|Name|Customer|Contact|Author|Owner)\b)(\p{Lu}[\p{Ll}'-]{1,30}(?: \p{Lu}[\p{Ll}'-]{1,30}){1,3}) [(<][A-Za-z0-9._%+-]{1,64}(?:@|%40)/gu,
  },
  {
    name: 'ipv4',
    category: 'IP',
    priority: 40,
    group: 0,
    re: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/g,
    accept: isPublicIp,
  },
  {
    name: 'ipv6',
    category: 'IP',
    priority: 40,
    group: 0,
    re: /(?<![\w:])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\w:])/g,
    accept: (v) => isIPv6(v) && v !== '::' && v !== '::1',
  },
  {
    name: 'auth-log-user',
    category: 'USER',
    priority: 45,
    group: 1,
    re: /\b(?:Failed password for (?:invalid user )?|Accepted (?:publickey|password|keyboard-interactive\/pam) for |session opened for user |Invalid user )([A-Za-z0-9._-]{1,64})(?=[\s:(])/g,
    accept: (v) => !SYSTEM_ACCOUNTS.has(v),
  },
  {
    name: 'sudo-log-user',
    category: 'USER',
    priority: 45,
    group: 1,
    re: /\bsudo:\s{1,10}([A-Za-z0-9._-]{1,64}) : /g,
    accept: (v) => !SYSTEM_ACCOUNTS.has(v),
  },
  {
    name: 'server-name',
    category: 'HOST',
    priority: 45,
    group: 1,
    re: /\bserver_name\s+([^;\r\n]{1,500});/g,
    accept: (v) => v.trim() !== '_' && v.trim() !== 'localhost',
  },
  {
    // RFC 6750 bearer tokens wherever they appear (headers, logged dicts, curl lines)
    name: 'bearer-token',
    category: 'TOKEN',
    priority: 82,
    group: 1,
    re: /\bBearer\s+([A-Za-z0-9._~+/=-]{8,4096})/g,
  },
  {
    // PostgreSQL .pgpass: hostname:port:database:username:password (\: escapes a colon)
    name: 'pgpass-line',
    category: 'PASSWORD',
    priority: 66,
    group: 1,
    re: /^(?:[^:\s#\\]|\\.){1,255}:(?:\d{1,5}|\*):(?:[^:\s\\]|\\.){1,128}:(?:[^:\s\\]|\\.){1,128}:((?:[^\s\\]|\\.){1,512})$/gm,
  },
  {
    name: 'pgpass-user',
    category: 'USER',
    priority: 65,
    group: 1,
    re: /^(?:[^:\s#\\]|\\.){1,255}:(?:\d{1,5}|\*):(?:[^:\s\\]|\\.){1,128}:((?:[^:\s\\]|\\.){1,128}):(?:[^\s\\]|\\.){1,512}$/gm,
    accept: (v) => !SYSTEM_ACCOUNTS.has(v),
  },
  {
    // user names in config keys: user=, username:, MYSQL_USER=, --user=, POSTGRES_USER= (system accounts kept)
    name: 'config-user',
    category: 'USER',
    priority: 58,
    group: 1,
    re: /(?:^|[\s;{,"'])["']?(?:[A-Za-z0-9_.-]*_)?(?:user|username|user_name|login)["']?[ \t]*[=:][ \t]*["']?([A-Za-z0-9._@-]{2,64})/gim,
    accept: (v) => !SYSTEM_ACCOUNTS.has(v) && !/^\d+$/.test(v) && !/^(true|false|null|none)$/i.test(v),
  },
  {
    // host names in config values whose key names a host or URL (…_HOST=, host:, APP_URL=, ServerName)
    name: 'config-host',
    category: 'HOST',
    priority: 46,
    group: 1,
    re: /(?:^|[\s;{,"'])["']?(?:[A-Za-z0-9_.-]*_)?(?:host|hostname|server|url|endpoint|domain|servername)["']?[ \t]*[=:][ \t]*["']?(?:[a-z][a-z0-9+.-]{0,15}:\/\/)?([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8})/gim,
    accept: (v) => isCustomerHost(v),
  },
  {
    // international phone numbers: +CC then 6-14 more digits in groups
    name: 'phone-international',
    category: 'PHONE',
    priority: 42,
    group: 0,
    re: /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,6}(?![\w])/g,
    accept: (v) => {
      const digits = v.replace(/\D/g, '').length;
      return digits >= 8 && digits <= 15;
    },
  },
];

/** Public service hosts are not customer data; keep them so operators can reason about integrations. */
const PUBLIC_HOST_SUFFIXES = [
  'localhost',
  'sendgrid.net',
  'github.com',
  'googleapis.com',
  'amazonaws.com',
  'mailgun.org',
  'postmarkapp.com',
  'stripe.com',
  'slack.com',
  'docker.io',
  'debian.org',
  'ubuntu.com',
  'example.com',
  'svc.cluster.local',
];
function isCustomerHost(v: string): boolean {
  const h = v.toLowerCase();
  if (isIPv6(h) || /^\d+(\.\d+){3}$/.test(h)) return false; // addresses are the IP rules' job
  if (!/[a-z]/.test(h.split('.').pop() ?? '')) return false;
  return !PUBLIC_HOST_SUFFIXES.some((s) => h === s || h.endsWith(`.${s}`));
}

/** Luhn check (ISO/IEC 7812-1) for card numbers. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card numbers: 13-19 digits, plain or grouped by spaces/dashes, Luhn-valid; masked numbers never match. */
function cardCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(/(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && !/^(\d)\1+$/.test(digits)) {
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        category: 'CARD',
        rule: 'luhn-card-number',
        priority: 88,
      });
    }
  }
  return out;
}

/** Categories that make a base64 blob sensitive when found inside its decoded text. */
const SECRET_CATEGORIES = new Set([
  'APIKEY',
  'PRIVKEY',
  'PASSWORD',
  'CONNSTR',
  'JWT',
  'AUTH',
  'APPKEY',
  'EMAIL',
  'IP',
  'PII',
  'TOKEN',
]);

/**
 * Base64-encoded secrets (kubeconfig key data, `Basic` credentials, encoded config): every base64 run of 24+
 * characters is decoded; if the decoded bytes are text and Layer 1 finds a secret in them, the whole run is redacted
 * under that secret's category. One level deep (no recursion into base64 inside base64).
 */
function base64Candidates(text: string, context: RedactionContext): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9+/]{24,}={0,2}/g)) {
    const run = m[0];
    if (run.length % 4 === 1) continue;
    const decoded = Buffer.from(run, 'base64').toString('utf8');
    // eslint-disable-next-line no-control-regex -- detecting binary bytes is the point
    if (decoded.length < 12 || /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(decoded)) continue;
    const inner = redactText(decoded, { ...context, pseudonyms: undefined }, false);
    const hit = inner.spans.find((sp) => SECRET_CATEGORIES.has(sp.category));
    if (hit)
      out.push({
        start: m.index,
        end: m.index + run.length,
        category: hit.category,
        rule: 'base64-encoded-secret',
        priority: 95,
      });
  }
  return out;
}

/** SQL dump PII: values of personal columns inside `INSERT INTO t VALUES (...)`, by the `CREATE TABLE` column list. */
const PII_COLUMN =
  /^(?:first_?name|last_?name|full_?name|name|surname|given_name|family_name|email|e_?mail|phone|mobile|address|street|city|zip|postcode|birth_?date|dob|iban|.*_?ip|ip_address|username|user_?name|login)$/i;

function sqlDumpCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  const columns = new Map<string, string[]>();
  const create = /CREATE TABLE `?([A-Za-z0-9_]{1,64})`? \(([^;]{0,20000}?)\)\s*(?:ENGINE|;)/g;
  for (const m of text.matchAll(create)) {
    const cols: string[] = [];
    for (const line of m[2]!.split('\n')) {
      const c = /^\s*`([A-Za-z0-9_]{1,64})`\s/.exec(line);
      if (c) cols.push(c[1]!);
    }
    columns.set(m[1]!, cols);
  }
  const insert = /INSERT INTO `?([A-Za-z0-9_]{1,64})`? VALUES /g;
  for (const m of text.matchAll(insert)) {
    const cols = columns.get(m[1]!);
    if (!cols) continue;
    let i = m.index + m[0].length;
    let col = 0;
    let inTuple = false;
    while (i < text.length && text[i] !== ';' && text[i] !== '\n') {
      const ch = text[i]!;
      if (ch === '(' && !inTuple) {
        inTuple = true;
        col = 0;
        i++;
      } else if (ch === ')' && inTuple) {
        inTuple = false;
        i++;
      } else if (ch === ',' && inTuple) {
        col++;
        i++;
      } else if (ch === "'" && inTuple) {
        let j = i + 1;
        while (j < text.length && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
        if (PII_COLUMN.test(cols[col] ?? ''))
          out.push({ start: i + 1, end: j, category: 'PII', rule: 'sql-dump-pii-column', priority: 55 });
        i = j + 1;
      } else i++;
    }
  }
  return out;
}

/**
 * Redacts `input`.
 * @param input bytes (decoded as UTF-8, invalid sequences become U+FFFD) or a string.
 * @param context pseudonym table and test hooks.
 * @returns the redacted text, the spans (UTF-8 byte offsets into the decoded input), counts per category.
 *   Fails closed: if a rule throws, the whole payload becomes one `[REDACTION_FAILED]` span.
 */
export function redact(input: Buffer | string, context: RedactionContext = {}): RedactionResult {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  try {
    return redactText(text, context, true);
  } catch {
    const len = Buffer.byteLength(text, 'utf8');
    return {
      text: '[REDACTION_FAILED]',
      spans: [
        { start: 0, end: len, category: 'REDACTION_FAILED', rule: 'fail-closed', placeholder: '[REDACTION_FAILED]' },
      ],
      counts: { REDACTION_FAILED: 1 },
      total: 1,
    };
  }
}

function redactText(text: string, context: RedactionContext, decodeBase64: boolean): RedactionResult {
  const candidates: Candidate[] = [];
  for (const rule of RULES) {
    if (context.disabledRules?.has(rule.name)) continue;
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const value = m[rule.group];
      if (value === undefined || value.length === 0 || PLACEHOLDER.test(value)) continue;
      if (rule.accept && !rule.accept(value)) continue;
      const offset = rule.group === 0 ? 0 : m[0].indexOf(value);
      const start = m.index + offset;
      candidates.push({
        start,
        end: start + value.length,
        category: rule.category,
        rule: rule.name,
        priority: rule.priority,
      });
    }
  }
  if (!context.disabledRules?.has('sql-dump-pii-column')) candidates.push(...sqlDumpCandidates(text));
  if (decodeBase64 && !context.disabledRules?.has('base64-encoded-secret'))
    candidates.push(...base64Candidates(text, context));
  if (!context.disabledRules?.has('luhn-card-number')) candidates.push(...cardCandidates(text));
  // Slack incoming-webhook secrets: the path after /services/ is the credential
  for (const w of text.matchAll(/hooks\.slack\.com\/services\/([A-Za-z0-9/]{20,120})/g)) {
    if (context.disabledRules?.has('slack-webhook')) break;
    const start = w.index + w[0].length - w[1]!.length;
    candidates.push({ start, end: start + w[1]!.length, category: 'TOKEN', rule: 'slack-webhook', priority: 86 });
  }
  // Learned values: a customer hostname or personal login found by a structural rule is redacted wherever else it
  // appears in the same payload (home directories, file names, URLs, certificate paths), at identifier boundaries.
  const learned = new Map<string, RedactionCategory>();
  for (const c of candidates) {
    if (c.category !== 'HOST' && c.category !== 'USER') continue;
    for (const v of text.slice(c.start, c.end).split(/\s+/)) if (v.length >= 3) learned.set(v, c.category);
  }
  for (const [value, category] of learned) {
    for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + value.length)) {
      const before = text[i - 1] ?? ' ';
      const after = text[i + value.length] ?? ' ';
      if (/[A-Za-z0-9_]/.test(before) || /[A-Za-z0-9_]/.test(after)) continue;
      candidates.push({
        start: i,
        end: i + value.length,
        category,
        rule: `learned-${category.toLowerCase()}`,
        priority: 44,
      });
    }
  }
  // Resolve overlaps: higher priority first, then longer; keep non-overlapping winners.
  candidates.sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    if (chosen.some((k) => c.start < k.end && k.start < c.end)) continue;
    chosen.push(c);
  }
  chosen.sort((a, b) => a.start - b.start);
  const spans: RedactionSpan[] = [];
  const counts: Record<string, number> = {};
  let out = '';
  let cursor = 0;
  let bytePos = 0;
  for (const c of chosen) {
    const value = text.slice(c.start, c.end);
    const placeholder =
      context.pseudonyms && c.category in IDENTIFIER_PREFIX
        ? context.pseudonyms.placeholderFor(c.category, value)
        : `[${c.category}_REDACTED]`;
    const before = text.slice(cursor, c.start);
    bytePos += Buffer.byteLength(before, 'utf8');
    const startByte = bytePos;
    bytePos += Buffer.byteLength(value, 'utf8');
    spans.push({ start: startByte, end: bytePos, category: c.category, rule: c.rule, placeholder });
    counts[c.category] = (counts[c.category] ?? 0) + 1;
    out += before + placeholder;
    cursor = c.end;
  }
  out += text.slice(cursor);
  return { text: out, spans, counts, total: spans.length };
}
