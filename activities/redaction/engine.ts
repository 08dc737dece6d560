/**
 * The Layer 1 engine: decode → propose candidates (our rules, structural scanners, gitleaks) → learn identifiers →
 * resolve overlaps → write placeholders and byte spans. Pure TypeScript, no Temporal imports.
 * @module
 */

import type { Candidate, RedactionCategory, Scanner } from './candidates';
import { PLACEHOLDER_RE, isSystemAccount } from './candidates';
import { decodeInput } from './decode';
import { defaultGitleaksRules, scanGitleaks, type GitleaksRuleSet } from './gitleaks';
import { classifyHostName } from './hosts';
import { IDENTIFIER_PREFIX, type PseudonymTable } from './pseudonyms';
import { REGEX_RULES, cardNumbers, connectionStrings, keyValueSecrets, pgpassLines, phpDefines } from './rules';
import {
  base64PemKeys,
  customerDomainsFromEmails,
  hostNames,
  kubernetesSecretData,
  pemBlocks,
  processAndFileOwners,
  registrableDomain,
  sqlDumpCells,
  tableCells,
} from './scanners';

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
  /** The redacted text (invalid input bytes appear as U+FFFD). */
  text: string;
  /** Sorted, non-overlapping spans over the input bytes. */
  spans: RedactionSpan[];
  /** Spans per category. */
  counts: Record<string, number>;
  /** Number of spans. */
  total: number;
}

/** Per-call options. */
export interface RedactionContext {
  /** Per-session consistent numbering; absent ⇒ generic `[X_REDACTED]` placeholders. */
  pseudonyms?: PseudonymTable;
  /** TEST-ONLY: rule names to skip (used to break the pipeline on purpose in canary tests). */
  disabledRules?: ReadonlySet<string>;
  /** Override the gitleaks rule set (null disables it); default: the pinned file when present. */
  gitleaks?: GitleaksRuleSet | null;
  /** Internal: scanning decoded base64 (no further decoding). */
  nested?: boolean;
}

const SCANNERS: ReadonlyArray<[string, Scanner]> = [
  ['pem-private-key', pemBlocks],
  ['base64-pem-private-key', base64PemKeys],
  ['key-value-secret', keyValueSecrets],
  ['connection-string', connectionStrings],
  ['pgpass', pgpassLines],
  ['php-define', phpDefines],
  ['luhn-card-number', cardNumbers],
  ['table-cells', tableCells],
  ['sql-dump', sqlDumpCells],
  ['process-and-file-owners', processAndFileOwners],
  ['kubernetes-secret-data', kubernetesSecretData],
  ['hostname', hostNames],
];

/** Categories whose values are learned and redacted wherever else they appear in the same payload. */
const LEARNED = new Set(['HOST', 'USER', 'DBUSER', 'PERSON']);

/** Tokens for the learned-value pass: dotted identifiers, split at everything else. */
const TOKEN_RE = /[\p{L}\p{N}_](?:[\p{L}\p{N}_.'-]{0,253}[\p{L}\p{N}_])?/gu;

/**
 * Redacts `input`.
 * @param input any bytes (invalid UTF-8, NUL, CRLF, ANSI escapes are fine) or a string.
 * @param context pseudonym table, test hooks.
 * @returns redacted text, spans as UTF-8 byte offsets into `input`, counts per category. Never throws: if a rule
 *   fails, the whole payload becomes one `[REDACTION_FAILED]` span (fail closed, issue 3 item 5).
 */
export function redact(input: Buffer | string, context: RedactionContext = {}): RedactionResult {
  let byteLength = 0;
  try {
    const decoded = decodeInput(input);
    byteLength = decoded.byteLength;
    const chosen = propose(decoded.text, context);
    return render(decoded.text, decoded.byteOffset, chosen, context);
  } catch {
    if (!byteLength) byteLength = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
    return {
      text: '[REDACTION_FAILED]',
      spans: [
        {
          start: 0,
          end: byteLength,
          category: 'REDACTION_FAILED',
          rule: 'fail-closed',
          placeholder: '[REDACTION_FAILED]',
        },
      ],
      counts: { REDACTION_FAILED: 1 },
      total: 1,
    };
  }
}

/** Gathers candidates and resolves overlaps. @returns chosen candidates sorted by start. */
function propose(text: string, context: RedactionContext): Candidate[] {
  const disabled = context.disabledRules;
  const candidates: Candidate[] = [];
  const emit = (c: Candidate): void => {
    if (c.end > c.start && !disabled?.has(c.rule)) candidates.push(c);
  };
  let lower = text.toLowerCase();
  // a few characters change length when lower-cased (U+0130); keep indexes aligned by lower-casing ASCII only
  if (lower.length !== text.length) lower = text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  for (const rule of REGEX_RULES) {
    if (disabled?.has(rule.name)) continue;
    if (rule.anyOf && !rule.anyOf.some((k) => lower.includes(k))) continue;
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      let value: string | undefined;
      let g = rule.group;
      if (g === 0) value = m[0];
      else {
        value = m[g];
        // alternatives may hold the value in a later group
        for (let k = g + 1; value === undefined && k < m.length; k++) {
          value = m[k];
          g = k;
        }
      }
      if (value === undefined || value.length === 0 || PLACEHOLDER_RE.test(value)) continue;
      const offset = g === 0 ? 0 : m[0].lastIndexOf(value);
      const start = m.index + offset;
      if (rule.accept && !rule.accept(value, text, start)) continue;
      emit({ start, end: start + value.length, category: rule.category, rule: rule.name, priority: rule.priority });
    }
  }
  for (const [name, scan] of SCANNERS) if (!disabled?.has(name)) scan(text, emit);
  const gl = context.gitleaks === undefined ? defaultGitleaksRules() : context.gitleaks;
  if (gl && !disabled?.has('gitleaks')) scanGitleaks(gl, text, lower, emit);

  if (!context.nested && !disabled?.has('base64-encoded-secret')) base64Secrets(text, context, emit);

  const chosen = resolve(text.length, candidates);
  return learn(text, chosen, disabled);
}

/** Categories that make a base64 blob sensitive when found in its decoded text. */
const BASE64_TRIGGERS = new Set([
  'APIKEY',
  'PRIVKEY',
  'PASSWORD',
  'CONNSTR',
  'JWT',
  'TOKEN',
  'AUTH',
  'APPKEY',
  'EMAIL',
  'CARD',
]);

/**
 * Base64-encoded secrets (encoded config, CI variables, Kubernetes data): every base64 run of 24+ characters that
 * decodes to text is scanned with the same rules, one level deep; if a secret is inside, the whole run is redacted.
 */
function base64Secrets(text: string, context: RedactionContext, emit: (c: Candidate) => void): void {
  for (const m of text.matchAll(/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{24,}={0,2}/g)) {
    const run = m[0];
    if (run.length % 4 === 1) continue;
    const decoded = Buffer.from(run, 'base64').toString('utf8');
    // eslint-disable-next-line no-control-regex -- detecting binary bytes is the point
    if (decoded.length < 12 || /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(decoded)) continue;
    const inner = propose(decoded, { ...context, pseudonyms: undefined, nested: true });
    const hit = inner.find((c) => BASE64_TRIGGERS.has(c.category));
    if (hit)
      emit({
        start: m.index,
        end: m.index + run.length,
        category: hit.category,
        rule: 'base64-encoded-secret',
        priority: 90,
      });
  }
}

/**
 * Picks non-overlapping winners: higher priority first, then longer. A bitmap over the text makes this O(total
 * candidate length), linear in the input for a bounded number of rules.
 */
function resolve(length: number, candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(length + 1);
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    let free = true;
    for (let i = c.start; i < c.end; i++)
      if (taken[i]) {
        free = false;
        break;
      }
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    chosen.push(c);
  }
  chosen.sort((a, b) => a.start - b.start);
  return chosen;
}

/**
 * Learned identifiers: a customer host, personal login or name found by a structural rule is redacted wherever else
 * it appears in the same payload (home directories, file names, URLs, log lines), matched on whole tokens in one
 * pass. E-mail domains that are not mailbox providers are learned as customer domains, with their sub-domains.
 */
function learn(text: string, chosen: Candidate[], disabled?: ReadonlySet<string>): Candidate[] {
  if (disabled?.has('learned')) return chosen;
  const values = new Map<string, RedactionCategory>();
  const domains = new Set<string>(customerDomainsFromEmails(text));
  for (const c of chosen) {
    if (!LEARNED.has(c.category)) continue;
    const v = text.slice(c.start, c.end);
    if (v.length < 3 || ((c.category === 'USER' || c.category === 'DBUSER') && isSystemAccount(v))) continue;
    values.set(v, c.category === 'DBUSER' ? 'USER' : c.category);
    if (c.category === 'HOST' && classifyHostName(v) === 'customer') domains.add(registrableDomain(v));
  }
  if (values.size === 0 && domains.size === 0) return chosen;
  const extra: Candidate[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const tok = m[0];
    let cat = values.get(tok);
    if (!cat && domains.size && tok.includes('.')) {
      const low = tok.toLowerCase();
      for (let i = 0; i >= 0; i = low.indexOf('.', i + 1)) {
        const suffix = i === 0 ? low : low.slice(i + 1);
        if (domains.has(suffix)) {
          cat = 'HOST';
          break;
        }
      }
    }
    if (cat)
      extra.push({
        start: m.index,
        end: m.index + tok.length,
        category: cat,
        rule: `learned-${cat.toLowerCase()}`,
        priority: 44,
      });
  }
  if (extra.length === 0) return chosen;
  return resolve(text.length, [...chosen, ...extra]);
}

function render(
  text: string,
  byteOffset: (i: number) => number,
  chosen: Candidate[],
  context: RedactionContext,
): RedactionResult {
  const spans: RedactionSpan[] = [];
  const counts: Record<string, number> = {};
  const parts: string[] = [];
  let cursor = 0;
  for (const c of chosen) {
    const value = text.slice(c.start, c.end);
    const placeholder =
      context.pseudonyms && c.category in IDENTIFIER_PREFIX
        ? context.pseudonyms.placeholderFor(c.category, value)
        : `[${c.category}_REDACTED]`;
    parts.push(text.slice(cursor, c.start), placeholder);
    spans.push({ start: byteOffset(c.start), end: byteOffset(c.end), category: c.category, rule: c.rule, placeholder });
    counts[c.category] = (counts[c.category] ?? 0) + 1;
    cursor = c.end;
  }
  parts.push(text.slice(cursor));
  return { text: parts.join(''), spans, counts, total: spans.length };
}

/** What the engine runs with, for logs and the closing note (never includes rule contents). */
export function engineInfo(): {
  ownRules: number;
  scanners: number;
  gitleaks: { version: string; rules: number; re2js: number } | null;
} {
  const gl = defaultGitleaksRules();
  return {
    ownRules: REGEX_RULES.length,
    scanners: SCANNERS.length,
    gitleaks: gl
      ? { version: gl.version, rules: gl.rules.length, re2js: gl.rules.filter((r) => r.engine === 're2js').length }
      : null,
  };
}
