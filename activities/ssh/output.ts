/**
 * Turns raw command output into something that may leave the activity: binary output is replaced by a
 * description, text is redacted (Layer 1), truncation is marked. Works on bytes, never assumes valid UTF-8.
 * @module
 */
import { redact } from '../redaction';
import type { PseudonymTable, RedactionResult } from '../redaction';

/** Share of C0 control characters (other than tab, LF, CR, ESC) above which output is treated as binary. */
const CONTROL_RATIO = 0.1;
/** Share of invalid UTF-8 sequences above which output is treated as binary (Latin-1 text stays text). */
const INVALID_RATIO = 0.3;

/**
 * Heuristic binary detection over the first 64 KiB: any NUL byte (git's and grep's rule), more than 10 % control
 * characters, or more than 30 % invalid UTF-8 sequences. Legacy 8-bit text (e.g. Latin-1 `café`) stays text and is
 * decoded with U+FFFD replacement characters.
 */
export function looksBinary(buf: Buffer): boolean {
  const sample = buf.subarray(0, 65536);
  if (sample.includes(0)) return true;
  if (sample.length === 0) return false;
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(sample);
  let control = 0;
  let invalid = 0;
  let total = 0;
  for (const ch of decoded) {
    const c = ch.codePointAt(0)!;
    total++;
    if (c === 0xfffd) invalid++;
    else if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x1b) || c === 0x7f) control++;
  }
  return control / total > CONTROL_RATIO || invalid / total > INVALID_RATIO;
}

/** Redacted rendering of one output stream. */
export interface RenderedOutput {
  text: string;
  binary: boolean;
  redaction: Pick<RedactionResult, 'counts' | 'total'>;
}

/**
 * Renders one stream. When `truncated`, the last partial line is dropped before redaction so that a secret cut in
 * half at the byte cap cannot slip past rules that need its whole shape, then a marker is appended.
 * @param raw the raw bytes (not modified; the caller zeroes them).
 * @param opts truncation state, byte cap and the session's pseudonym table.
 * `opts.totalBytes` is what the target sent on both streams, for the marker; `opts.marker: false` cuts without a marker.
 */
export function renderOutput(
  raw: Buffer,
  opts: {
    truncated: boolean;
    cap: number;
    totalBytes: number;
    pseudonyms?: PseudonymTable;
    marker?: boolean;
    /** TEST-ONLY: rules to disable (canary tests break the redactor on purpose). */
    disabledRules?: ReadonlySet<string>;
    /** The command that printed `raw`: context for Layer 1 (a command that prints a secret alone). */
    command?: string;
  },
): RenderedOutput {
  const marker = opts.truncated && opts.marker !== false ? truncationMarker(opts.cap, opts.totalBytes) : '';
  if (looksBinary(raw)) {
    return {
      text: `[BINARY OUTPUT OMITTED: ${raw.length} bytes]` + marker,
      binary: true,
      redaction: { counts: {}, total: 0 },
    };
  }
  let body = raw;
  if (opts.truncated) {
    const lastNl = raw.lastIndexOf(0x0a);
    body = lastNl >= 0 ? raw.subarray(0, lastNl + 1) : Buffer.alloc(0);
  }
  const res = redact(body, {
    ...(opts.pseudonyms ? { pseudonyms: opts.pseudonyms } : {}),
    ...(opts.disabledRules ? { disabledRules: opts.disabledRules } : {}),
    ...(opts.command ? { command: opts.command } : {}),
  });
  return {
    text: res.text + marker,
    binary: false,
    redaction: { counts: res.counts, total: res.total },
  };
}

function truncationMarker(cap: number, total: number): string {
  return `\n[OUTPUT TRUNCATED: limit ${cap} bytes reached, at least ${total} bytes produced; command stopped]\n`;
}
