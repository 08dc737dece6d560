/**
 * Scores Layer 1 on a labelled corpus (format and metric: shared/corpus/README.md) and prints recall per category,
 * per family and overall, full leaks, and benign items kept, against the issue-3 bars: secret recall ≥ 0.99 overall
 * and ≥ 0.97 in every category, IP and e-mail recall ≥ 0.99, benign kept ≥ 0.97.
 *
 * The leak rule is the README's: a secret leaks when its whole value survives, or (values of 16+ characters) any
 * 12-character window survives, or (private keys) any 24-character window of the key body survives.
 *
 * Usage: `npx tsx scripts/score-redaction.ts [corpus.jsonl]` (default `../shared/corpus/dev.jsonl`). Exit code 0 when
 * every bar is met. Values are never printed.
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPseudonymTable, redact } from '../activities/redaction';

/** One corpus record (README "Record format"). */
export interface CorpusRecord {
  id: string;
  family: string;
  /** The command that printed `text` (context only, as the CLI's `--jsonl` reads it). */
  command?: string;
  text: string;
  secrets: Array<{ value: string; category: string }>;
  benign: string[];
}

/** Per-bucket tallies. */
export interface Tally {
  secrets: number;
  leaked: number;
  full: number;
}

/** The score of one run. */
export interface CorpusScore {
  records: number;
  byCategory: Record<string, Tally>;
  byFamily: Record<string, Tally & { benign: number; benignKept: number }>;
  recall: number;
  fullLeaks: number;
  benign: number;
  benignKept: number;
  benignKeptRatio: number;
}

/** The issue-3 quality bars. */
export const BARS = { overall: 0.99, perCategory: 0.97, ipEmail: 0.99, benign: 0.97 } as const;

/** The key body: the value without BEGIN/END lines and Proc-Type/DEK-Info headers (README leak rule 3). */
function keyBody(value: string): string {
  return value
    .split(/\r?\n|\\n/)
    .filter((l) => !/^-----(?:BEGIN|END) /.test(l) && !/^(?:Proc-Type|DEK-Info):/.test(l))
    .join('');
}

/** README leak rule. @returns 'full', 'partial' or null. */
export function leaks(value: string, category: string, output: string): 'full' | 'partial' | null {
  if (output.includes(value)) return 'full';
  if (category === 'PRIVATE_KEY') {
    const body = keyBody(value).replace(/\s+/g, '');
    for (let i = 0; i + 24 <= body.length; i++) if (output.includes(body.slice(i, i + 24))) return 'partial';
    return null;
  }
  if (value.length >= 16)
    for (let i = 0; i + 12 <= value.length; i++) if (output.includes(value.slice(i, i + 12))) return 'partial';
  return null;
}

/**
 * Scores `records` with {@link redact} (one pseudonym table per record, as one session; the record's `command` passed
 * as context, as `secure-ssh-mcp redact --jsonl` does).
 * @returns tallies; never includes values.
 */
export function scoreCorpus(records: readonly CorpusRecord[]): CorpusScore {
  const byCategory: CorpusScore['byCategory'] = {};
  const byFamily: CorpusScore['byFamily'] = {};
  let secrets = 0;
  let leaked = 0;
  let fullLeaks = 0;
  let benign = 0;
  let benignKept = 0;
  for (const r of records) {
    const out = redact(r.text, {
      pseudonyms: createPseudonymTable(),
      ...(typeof r.command === 'string' ? { command: r.command } : {}),
    }).text;
    const fam = (byFamily[r.family] ??= { secrets: 0, leaked: 0, full: 0, benign: 0, benignKept: 0 });
    for (const s of r.secrets) {
      const cat = (byCategory[s.category] ??= { secrets: 0, leaked: 0, full: 0 });
      const l = leaks(s.value, s.category, out);
      cat.secrets++;
      fam.secrets++;
      secrets++;
      if (l) {
        cat.leaked++;
        fam.leaked++;
        leaked++;
      }
      if (l === 'full') {
        cat.full++;
        fam.full++;
        fullLeaks++;
      }
    }
    for (const b of r.benign) {
      benign++;
      fam.benign++;
      if (out.includes(b)) {
        benignKept++;
        fam.benignKept++;
      }
    }
  }
  return {
    records: records.length,
    byCategory,
    byFamily,
    recall: secrets ? (secrets - leaked) / secrets : 1,
    fullLeaks,
    benign,
    benignKept,
    benignKeptRatio: benign ? benignKept / benign : 1,
  };
}

/** @returns the bars `score` misses (empty when all are met). */
export function missedBars(score: CorpusScore): string[] {
  const missed: string[] = [];
  if (score.recall < BARS.overall) missed.push(`overall recall ${score.recall.toFixed(4)} < ${BARS.overall}`);
  for (const [cat, t] of Object.entries(score.byCategory)) {
    const r = (t.secrets - t.leaked) / t.secrets;
    const bar = cat === 'IP_ADDRESS' || cat === 'EMAIL' ? BARS.ipEmail : BARS.perCategory;
    if (r < bar) missed.push(`${cat} recall ${r.toFixed(4)} < ${bar}`);
  }
  if (score.benignKeptRatio < BARS.benign)
    missed.push(`benign kept ${score.benignKeptRatio.toFixed(4)} < ${BARS.benign}`);
  return missed;
}

/** Reads a JSON Lines corpus. @throws Error on a malformed line (its number only). */
export function readCorpus(path: string): CorpusRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as CorpusRecord;
      } catch {
        throw new Error(`line ${i + 1}: not valid JSON`);
      }
    });
}

function main(): void {
  const path = resolve(process.argv[2] ?? resolve(__dirname, '../../shared/corpus/dev.jsonl'));
  const t0 = performance.now();
  const score = scoreCorpus(readCorpus(path));
  const ms = performance.now() - t0;
  const pct = (t: Tally): string => ((t.secrets - t.leaked) / t.secrets).toFixed(4);
  console.log(`corpus ${path}: ${score.records} records, scored in ${ms.toFixed(0)} ms`);
  console.log('\nper category          secrets  leaked  full  recall');
  for (const [cat, t] of Object.entries(score.byCategory))
    console.log(
      `  ${cat.padEnd(20)} ${String(t.secrets).padStart(6)} ${String(t.leaked).padStart(7)} ${String(t.full).padStart(5)}  ${pct(t)}`,
    );
  console.log('\nper family            secrets  recall  benign  kept');
  for (const [fam, t] of Object.entries(score.byFamily))
    console.log(
      `  ${fam.padEnd(20)} ${String(t.secrets).padStart(6)}  ${pct(t)} ${String(t.benign).padStart(7)}  ${(t.benign ? t.benignKept / t.benign : 1).toFixed(4)}`,
    );
  const missed = missedBars(score);
  console.log(
    `\nrecall=${score.recall.toFixed(4)} full_leaks=${score.fullLeaks} benign_kept=${score.benignKeptRatio.toFixed(4)} (${score.benignKept}/${score.benign})`,
  );
  console.log(missed.length ? `bars missed: ${missed.join('; ')}` : 'all issue-3 bars met');
  process.exitCode = missed.length ? 1 : 0;
}

if (require.main === module) main();
