/**
 * The gitleaks default rule set (github.com/gitleaks/gitleaks, MIT), loaded at start-up from the pinned
 * `config/gitleaks.toml` that `scripts/fetch-gitleaks-rules.sh` takes from the Go module proxy (never committed
 * here). Each rule keeps its gitleaks id as its source.
 *
 * Go RE2 syntax is translated to a JS RegExp once at load time ({@link translateGoRegex}): inline case-insensitivity
 * (`(?i)`, `(?i:…)`, `(?-i:…)`) becomes explicit `[aA]` classes, `(?s:…)` dots become `[\s\S]`, POSIX classes and
 * `\z`/`\A` are expanded. A rule that does not translate runs on re2js (Go semantics, linear time) instead.
 *
 * Linear time: a rule runs only inside windows around its keywords (gitleaks' own prefilter), each window at most
 * {@link WINDOW} characters either side of the hit and cut at line ends, so the cost per hit is bounded and the total is
 * linear in the input.
 * @module
 */

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RE2JS } from 're2js';
import { parse as parseToml } from 'smol-toml';
import type { Candidate, RedactionCategory } from './candidates';
import { PLACEHOLDER_RE, lineStartWithin } from './candidates';
import { shannonEntropy } from './scanners';

/** The pinned gitleaks release and the sha256 of its `config/gitleaks.toml`. */
export const GITLEAKS_VERSION = 'v8.30.1';
export const GITLEAKS_TOML_SHA256 = 'e163e53b9e7e8a8511e77271e2b323ed057759542a6d988258afe3a1fa329caf';

/** Characters scanned either side of a keyword hit. */
export const WINDOW = 512;

interface Matcher {
  /** All matches in `s`: [index, groups]. */
  exec(s: string): Array<{ index: number; groups: Array<string | undefined> }>;
  /** The global (`g`) V8 regex behind a V8 matcher, run directly by {@link scanGitleaksRule} (no array per window). */
  global?: RegExp;
  /** Whether `s` has a match. */
  test(s: string): boolean;
}

interface Allowlist {
  regexes: Matcher[];
  stopwords: string[];
  target: 'secret' | 'match' | 'line';
  and: boolean;
}

/** One loaded gitleaks rule. */
export interface GitleaksRule {
  id: string;
  category: RedactionCategory;
  matcher: Matcher;
  engine: 'v8' | 're2js';
  secretGroup: number;
  entropy: number;
  keywords: string[];
  allowlists: Allowlist[];
}

/** The loaded rule set. */
export interface GitleaksRuleSet {
  version: string;
  rules: GitleaksRule[];
  globalAllow: Allowlist;
  /** Rules left out, with the reason. */
  skipped: ReadonlyArray<{ id: string; reason: string }>;
}

/**
 * gitleaks rules we do not run. `generic-api-key` is gitleaks' catch-all for `key = value`; our `key-value-secret`
 * scanner covers the same keys in more syntaxes (quoted values with spaces, PHP, docker env arrays, CLI flags) and runs
 * on the same keyword pass, while this rule's lazy 50-character key prefix is the costliest pattern in the set
 * (measured 36 ms of a 290 ms 1 MiB run before it was dropped).
 */
const SUBSUMED: Readonly<Record<string, string>> = {
  'generic-api-key': 'covered by our key-value-secret scanner',
};

const POSIX: Record<string, string> = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  digit: '0-9',
  xdigit: '0-9A-Fa-f',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  punct: '!-\\/:-@\\[-`{-~',
  word: 'A-Za-z0-9_',
};

function caseBoth(ch: string): string {
  const lo = ch.toLowerCase();
  const up = ch.toUpperCase();
  return lo === up ? ch : `[${lo}${up}]`;
}

/**
 * Translates a Go RE2 pattern to JS RegExp source (no flags needed).
 * @throws Error on syntax it does not handle (the caller falls back to re2js).
 */
export function translateGoRegex(go: string): string {
  let out = '';
  let i = 0;
  const stack: Array<{ ci: boolean; dotall: boolean }> = [];
  let ci = false;
  let dotall = false;
  while (i < go.length) {
    const c = go[i]!;
    if (c === '\\') {
      const n = go[i + 1];
      if (n === undefined) throw new Error('trailing backslash');
      if (n === 'z') out += '(?![\\s\\S])';
      else if (n === 'A') out += '^';
      else if (n === 'Q') {
        const e = go.indexOf('\\E', i + 2);
        const lit = go.slice(i + 2, e < 0 ? go.length : e);
        out += lit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        i = e < 0 ? go.length : e + 2;
        continue;
      } else if (n === 'p' || n === 'P') throw new Error('unicode class');
      else out += `\\${n}`;
      i += 2;
      continue;
    }
    if (c === '[') {
      // character class
      let j = i + 1;
      let body = '';
      if (go[j] === '^') {
        body += '^';
        j++;
      }
      if (go[j] === ']') {
        body += '\\]';
        j++;
      }
      const extra: string[] = [];
      while (j < go.length && go[j] !== ']') {
        if (go[j] === '[' && go[j + 1] === ':') {
          const e = go.indexOf(':]', j + 2);
          const name = go.slice(j + 2, e);
          const exp = POSIX[name];
          if (!exp || e < 0) throw new Error(`posix class ${name}`);
          body += exp;
          j = e + 2;
          continue;
        }
        if (go[j] === '\\') {
          if (go[j + 1] === 'p' || go[j + 1] === 'P') throw new Error('unicode class');
          body += go.slice(j, j + 2);
          j += 2;
          continue;
        }
        const ch = go[j]!;
        if (go[j + 1] === '-' && go[j + 2] !== undefined && go[j + 2] !== ']') {
          const hi = go[j + 2]!;
          body += ch === '[' ? `\\[-${hi}` : `${ch}-${hi}`;
          if (ci && /[a-z]/.test(ch) && /[a-z]/.test(hi)) extra.push(`${ch.toUpperCase()}-${hi.toUpperCase()}`);
          if (ci && /[A-Z]/.test(ch) && /[A-Z]/.test(hi)) extra.push(`${ch.toLowerCase()}-${hi.toLowerCase()}`);
          j += 3;
          continue;
        }
        // `-` escaped: the case-folded extras are appended after the body, where a bare trailing `-` would form a
        // range (`[a-z_-A-Z]`, out of order: five rules fell back to re2js, ~30x slower on `coinbase ` repeated)
        body += ch === '[' ? '\\[' : ch === '/' ? '\\/' : ch === '-' ? '\\-' : ch;
        if (ci && /[A-Za-z]/.test(ch)) extra.push(ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase());
        j++;
      }
      if (j >= go.length) throw new Error('unterminated class');
      out += `[${body}${extra.join('')}]`;
      i = j + 1;
      continue;
    }
    if (c === '(') {
      if (go.startsWith('(?P<', i)) {
        const e = go.indexOf('>', i);
        out += '(';
        stack.push({ ci, dotall });
        i = e + 1;
        continue;
      }
      const flagGroup = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(go.slice(i, i + 12));
      if (flagGroup && (flagGroup[1] || flagGroup[2] !== undefined)) {
        let nci: boolean = ci;
        let nds: boolean = dotall;
        for (const f of flagGroup[1] ?? '') {
          if (f === 'i') nci = true;
          else if (f === 's') nds = true;
          else throw new Error(`flag ${f}`);
        }
        for (const f of flagGroup[2] ?? '') {
          if (f === 'i') nci = false;
          else if (f === 's') nds = false;
          else throw new Error(`flag -${f}`);
        }
        if (flagGroup[3] === ')') {
          // (?i) — applies to the rest of the enclosing group
          ci = nci;
          dotall = nds;
        } else {
          stack.push({ ci, dotall });
          ci = nci;
          dotall = nds;
          out += '(?:';
        }
        i += flagGroup[0].length;
        continue;
      }
      stack.push({ ci, dotall });
      out += '(';
      i++;
      continue;
    }
    if (c === ')') {
      const st = stack.pop();
      if (!st) throw new Error('unbalanced )');
      ci = st.ci;
      dotall = st.dotall;
      out += ')';
      i++;
      continue;
    }
    if (c === '.') {
      out += dotall ? '[\\s\\S]' : '[^\\n]';
      i++;
      continue;
    }
    if (c === '/') {
      out += '\\/';
      i++;
      continue;
    }
    if (c === '{' && /^\{\d*(?:,\d*)?\}/.test(go.slice(i))) {
      const e = go.indexOf('}', i);
      out += go.slice(i, e + 1);
      i = e + 1;
      continue;
    }
    out += ci && /[A-Za-z]/.test(c) ? caseBoth(c) : c;
    i++;
  }
  if (stack.length) throw new Error('unbalanced (');
  return out;
}

function v8Matcher(source: string): Matcher {
  const re = new RegExp(source, 'g');
  const once = new RegExp(source);
  return {
    global: re,
    test: (s) => once.test(s),
    exec(s) {
      const out: Array<{ index: number; groups: Array<string | undefined> }> = [];
      // an exec loop: String#matchAll clones the regex on every call (~300 ns), and a rule runs once per window
      re.lastIndex = 0;
      for (let m = re.exec(s); m; m = re.exec(s)) {
        if (m[0].length === 0) re.lastIndex++;
        out.push({ index: m.index, groups: m });
      }
      return out;
    },
  };
}

function re2Matcher(go: string): Matcher {
  const re = RE2JS.compile(go);
  return {
    test: (s) => re.matcher(s).find(),
    exec(s) {
      const out: Array<{ index: number; groups: Array<string | undefined> }> = [];
      const m = re.matcher(s);
      while (m.find()) {
        const groups: Array<string | undefined> = [];
        for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g) ?? undefined);
        out.push({ index: m.start(), groups });
      }
      return out;
    },
  };
}

/**
 * gitleaks' generic-shaped rules start with a lazy `[\w.-]{0,50}?` that only extends the match to the left of the
 * keyword; it never changes the captured secret. Dropping it makes the pattern keyword-led, which V8 scans much
 * faster (it would otherwise try up to 50 expansions at every position).
 */
const LAZY_KEY_PREFIX = /^\[\\w\.-\]\{0,\d+\}\?/;

function compile(go: string, stripKeyPrefix = false): { matcher: Matcher; engine: 'v8' | 're2js' } {
  try {
    let js = translateGoRegex(go);
    if (stripKeyPrefix) js = js.replace(LAZY_KEY_PREFIX, '');
    return { matcher: v8Matcher(js), engine: 'v8' };
  } catch {
    return { matcher: re2Matcher(go), engine: 're2js' };
  }
}

function categoryOf(id: string): RedactionCategory {
  if (/private-key/.test(id)) return 'PRIVKEY';
  if (/^jwt/.test(id)) return 'JWT';
  if (/password/.test(id)) return 'PASSWORD';
  if (/generic/.test(id)) return 'PASSWORD';
  return 'APIKEY';
}

interface TomlAllow {
  regexes?: string[];
  stopwords?: string[];
  regexTarget?: string;
  condition?: string;
}

/**
 * An allowlist's regexes as matchers. gitleaks allows a finding when *any* of them matches, so when all of them
 * translate to V8 syntax they run as one alternation (one regex call per finding instead of one per pattern).
 */
function allowRegexes(sources: readonly string[]): Matcher[] {
  if (sources.length < 2) return sources.map((r) => compile(r).matcher);
  try {
    return [v8Matcher(sources.map((r) => `(?:${translateGoRegex(r)})`).join('|'))];
  } catch {
    return sources.map((r) => compile(r).matcher);
  }
}

function allowlist(a: TomlAllow | undefined): Allowlist {
  return {
    regexes: allowRegexes(a?.regexes ?? []),
    stopwords: (a?.stopwords ?? []).map((s) => s.toLowerCase()),
    target: a?.regexTarget === 'match' ? 'match' : a?.regexTarget === 'line' ? 'line' : 'secret',
    and: a?.condition === 'AND',
  };
}

/**
 * Parses a gitleaks TOML config.
 * @param toml the file's text.
 * @returns the compiled rule set.
 * @throws Error when the TOML does not parse.
 */
export function loadGitleaksRules(toml: string): GitleaksRuleSet {
  const doc = parseToml(toml) as {
    allowlist?: TomlAllow;
    rules?: Array<{
      id: string;
      regex?: string;
      secretGroup?: number;
      entropy?: number;
      keywords?: string[];
      path?: string;
      allowlists?: TomlAllow[];
      allowlist?: TomlAllow;
    }>;
  };
  const rules: GitleaksRule[] = [];
  const skipped: Array<{ id: string; reason: string }> = [];
  for (const r of doc.rules ?? []) {
    if (!r.regex || r.path) {
      skipped.push({ id: r.id, reason: 'restricted to file paths, which command output does not have' });
      continue;
    }
    if (SUBSUMED[r.id]) {
      skipped.push({ id: r.id, reason: SUBSUMED[r.id]! });
      continue;
    }
    if (!r.keywords?.length) {
      skipped.push({ id: r.id, reason: 'no keywords: would need a whole-text pass per payload' });
      continue;
    }
    const { matcher, engine } = compile(r.regex, true);
    rules.push({
      id: r.id,
      category: categoryOf(r.id),
      matcher,
      engine,
      secretGroup: r.secretGroup ?? 0,
      entropy: r.entropy ?? 0,
      keywords: (r.keywords ?? []).map((k) => k.toLowerCase()),
      allowlists: [...(r.allowlists ?? []), ...(r.allowlist ? [r.allowlist] : [])].map(allowlist),
    });
  }
  return { version: GITLEAKS_VERSION, rules, globalAllow: allowlist(doc.allowlist), skipped };
}

let cached: GitleaksRuleSet | null | undefined;

/** Where the pinned TOML lives: `$SSM_GITLEAKS_RULES`, else `.tools/gitleaks/gitleaks.toml` above this file. */
export function gitleaksRulesPath(): string | null {
  const env = process.env.SSM_GITLEAKS_RULES;
  if (env) return existsSync(env) ? env : null;
  let dir = __dirname;
  for (let k = 0; k < 5; k++) {
    const p = join(dir, '.tools', 'gitleaks', 'gitleaks.toml');
    if (existsSync(p)) return p;
    dir = resolve(dir, '..');
  }
  return null;
}

/**
 * The process-wide rule set, loaded once; null when the pinned file is absent (the engine then runs on its own
 * rules only and {@link engineInfo} says so).
 */
export function defaultGitleaksRules(): GitleaksRuleSet | null {
  if (cached !== undefined) return cached;
  const p = gitleaksRulesPath();
  cached = p ? loadGitleaksRules(readFileSync(p, 'utf8')) : null;
  return cached;
}

function allowed(a: Allowlist, secret: string, match: string, line: () => string): boolean {
  let byRegex = false;
  if (a.regexes.length > 0) {
    const target = a.target === 'match' ? match : a.target === 'line' ? line() : secret;
    for (let k = 0; k < a.regexes.length && !byRegex; k++) byRegex = a.regexes[k]!.test(target);
  }
  let byStop = false;
  if (a.stopwords.length > 0) {
    const low = secret.toLowerCase();
    for (let k = 0; k < a.stopwords.length && !byStop; k++) byStop = low.includes(a.stopwords[k]!);
  }
  if (a.and) return (a.regexes.length === 0 || byRegex) && (a.stopwords.length === 0 || byStop);
  return byRegex || byStop;
}

/**
 * Runs one rule over line windows of `text` (flat [start, end) pairs, from the shared keyword pass), emitting
 * candidates for every finding that passes gitleaks' entropy, allowlist and stopword checks.
 */
export function scanGitleaksRule(
  set: GitleaksRuleSet,
  rule: GitleaksRule,
  text: string,
  windows: readonly number[],
  emit: (c: Candidate) => void,
): void {
  for (let q = 0; q < windows.length; q += 2) {
    const a = windows[q]!;
    const chunk = text.slice(a, windows[q + 1]);
    const re = rule.matcher.global;
    if (re) {
      // the regex itself, not `exec()`'s array of {index, groups} per window (a third of this function's garbage)
      re.lastIndex = 0;
      for (let m = re.exec(chunk); m; m = re.exec(chunk)) {
        if (m[0].length === 0) re.lastIndex++;
        finding(set, rule, chunk, a, m.index, m, emit);
      }
    } else for (const f of rule.matcher.exec(chunk)) finding(set, rule, chunk, a, f.index, f.groups, emit);
  }
}

/**
 * One match of `rule` at `index` in `chunk` (which starts at `a` in the text): its secret, if it passes the entropy,
 * allowlist and stopword checks, is emitted.
 */
function finding(
  set: GitleaksRuleSet,
  rule: GitleaksRule,
  chunk: string,
  a: number,
  index: number,
  groups: ArrayLike<string | undefined>,
  emit: (c: Candidate) => void,
): void {
  const match = groups[0] ?? '';
  let secret = match;
  if (rule.secretGroup > 0 && groups[rule.secretGroup] !== undefined) secret = groups[rule.secretGroup]!;
  else
    for (let g = 1; g < groups.length; g++) {
      const v = groups[g];
      if (v !== undefined && v !== '') {
        secret = v;
        break;
      }
    }
  const off = secret === match ? 0 : match.indexOf(secret);
  if (!secret || off < 0 || PLACEHOLDER_RE.test(secret)) return;
  if (rule.entropy > 0 && shannonEntropy(secret) < rule.entropy) return;
  // the finding's line, cut to WINDOW either side; built only for allowlists that target lines
  const line = (): string => {
    const ls = lineStartWithin(chunk, index, WINDOW);
    let le = chunk.indexOf('\n', index);
    if (le < 0 || le - index > WINDOW) le = Math.min(chunk.length, index + WINDOW);
    return chunk.slice(ls, le);
  };
  if (allowed(set.globalAllow, secret, match, line)) return;
  for (const al of rule.allowlists) if (allowed(al, secret, match, line)) return;
  const start = a + index + off;
  emit({ start, end: start + secret.length, category: rule.category, rule: `gitleaks:${rule.id}`, priority: 85 });
}
