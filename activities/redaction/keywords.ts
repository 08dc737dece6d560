/**
 * The keyword prefilter: one Aho-Corasick automaton (Aho & Corasick 1975, "Efficient string matching") over every
 * rule keyword, ASCII case-insensitive, run once per payload in O(n + hits). It tells each rule where its keywords
 * occur, so rules only look at those places.
 *
 * Why our own automaton and not a library: measured on 1 MiB of logs (`npm run bench:redact` payload), the
 * `modern-ahocorasick` package runs at ~24 MB/s (it segments Unicode graphemes) and one V8 alternation regex over the
 * 250 gitleaks keywords at ~80 MB/s; this dense ASCII DFA over `charCodeAt` runs several times faster. It is ~100 lines
 * of a textbook algorithm, tested against a naive `indexOf` oracle in `test/keywords.test.ts`.
 * @module
 */

/** Width of the alphabet: ASCII, upper case folded to lower; everything else maps to 0 (no keyword contains it). */
const ALPHABET = 128;

/** Shortest base64 run worth decoding (18 bytes decoded: shorter blobs rarely hold a whole secret line). */
export const BASE64_MIN_RUN = 24;

const B64 = new Uint8Array(256);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') B64[ch.charCodeAt(0)] = 1;

/** A compiled keyword set. */
export class KeywordAutomaton {
  readonly keywords: readonly string[];
  /** Byte (0–255, upper case folded) → character class; 0 = a byte no keyword contains. */
  readonly #classOf256: Uint8Array;
  /**
   * Premultiplied transitions: #next[state * width + class] → next state * width, bitwise-complemented (negative) when
   * a keyword ends in the next state: one load per byte instead of two, and every value stays a small integer (a flag
   * in bit 31 of a Uint32Array made V8 compute states as doubles, 2.5x slower per byte).
   */
  readonly #next: Int32Array;
  /** out[state * width] → ids of keywords ending in this state (including through failure links), or null. */
  readonly #out: Array<readonly number[] | null>;

  /**
   * @param keywords ASCII keywords (matched case-insensitively); duplicates are merged.
   * @throws Error when a keyword is empty or contains a non-ASCII character.
   */
  constructor(keywords: readonly string[]) {
    const unique = [...new Set(keywords.map((k) => k.toLowerCase()))];
    for (const k of unique)
      if (k.length === 0 || [...k].some((ch) => ch !== '\t' && (ch < ' ' || ch > '~')))
        throw new Error('keyword must be printable ASCII or a tab');
    this.keywords = unique;
    // trie
    const goto: Array<Map<number, number>> = [new Map<number, number>()];
    const outSets: number[][] = [[]];
    unique.forEach((k, id) => {
      let s = 0;
      for (let i = 0; i < k.length; i++) {
        const c = k.charCodeAt(i);
        let nxt = goto[s]!.get(c);
        if (nxt === undefined) {
          nxt = goto.length;
          goto.push(new Map<number, number>());
          outSets.push([]);
          goto[s]!.set(c, nxt);
        }
        s = nxt;
      }
      outSets[s]!.push(id);
    });
    // character classes: one per distinct keyword character, 0 for the rest
    const classOf = new Uint8Array(ALPHABET);
    let width = 1;
    for (const k of unique)
      for (let i = 0; i < k.length; i++) if (!classOf[k.charCodeAt(i)]) classOf[k.charCodeAt(i)] = width++;
    for (let c = 65; c <= 90; c++) classOf[c] = classOf[c | 0x20]!;
    // BFS: failure links folded into a dense DFA over classes
    const n = goto.length;
    const delta = n < 65536 ? new Uint16Array(n * width) : new Uint32Array(n * width);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    // a trie edge per class (keywords are lower case, so each class has one code)
    const codeOfClass = new Int32Array(width).fill(-1);
    for (let c = 0; c < ALPHABET; c++) if (classOf[c] && (c < 65 || c > 90)) codeOfClass[classOf[c]!] = c;
    const edge = (s: number, cls: number): number | undefined =>
      cls === 0 ? undefined : goto[s]!.get(codeOfClass[cls]!);
    for (let cls = 0; cls < width; cls++) {
      const t = edge(0, cls);
      if (t !== undefined) {
        delta[cls] = t;
        fail[t] = 0;
        queue.push(t);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      outSets[s]!.push(...outSets[fail[s]!]!);
      for (let cls = 0; cls < width; cls++) {
        const t = edge(s, cls);
        if (t !== undefined) {
          fail[t] = delta[fail[s]! * width + cls]!;
          delta[s * width + cls] = t;
          queue.push(t);
        } else delta[s * width + cls] = delta[fail[s]! * width + cls]!;
      }
    }
    const outs = outSets.map((o) => (o.length ? [...new Set(o)] : null));
    this.#out = new Array<readonly number[] | null>(n * width).fill(null);
    outs.forEach((o, st) => {
      this.#out[st * width] = o;
    });
    if (n * width >= 0x40000000) throw new Error('keyword set too large');
    this.#next = new Int32Array(n * width);
    for (let k = 0; k < n * width; k++) this.#next[k] = outs[delta[k]!] ? ~(delta[k]! * width) : delta[k]! * width;
    this.#classOf256 = new Uint8Array(256);
    this.#classOf256.set(classOf);
  }

  /**
   * Every keyword occurrence in `text`.
   * @param onHit called with (keyword id, end index exclusive) in text order.
   * @param base64Runs when given, also collects [start, end) pairs of runs of at least {@link BASE64_MIN_RUN} base64
   *   characters (`A-Z a-z 0-9 + /`), in the same pass.
   */
  scan(text: string, onHit: (id: number, end: number) => void, base64Runs?: number[]): void {
    const hits: number[][] = [];
    this.collect(text, hits, base64Runs);
    const pairs: Array<[number, number]> = [];
    hits.forEach((ends, id) => ends.forEach((end) => pairs.push([id, end])));
    pairs.sort((x, y) => x[1] - y[1] || x[0] - y[0]);
    for (const [id, end] of pairs) onHit(id, end);
  }

  /**
   * {@link scan} into lists: `hits[id]` gets the end index (exclusive) of each hit of keyword `id`, in text order (a list
   * is created for each keyword that occurs; others stay absent). No call per hit (a callback per hit cost ~60 ns, 1.5 ms
   * on 1 MiB of logs). The walk records (state, end) pairs in a reused buffer; the lists are then allocated at their
   * exact length: growing one list per keyword by `push` was ~19 KB of garbage per 4 KiB payload.
   * @param hits written at the ids found; an entry must be absent or `undefined` before the call.
   * @param foundIds when given, gets each id whose list this call created, in order of first hit.
   */
  collect(text: string, hits: Array<number[] | undefined>, base64Runs?: number[], foundIds?: number[]): void {
    // latin1 keeps one byte per UTF-16 unit, so indexes stay aligned; a unit above U+00FF keeps only its low byte,
    // which can at worst cause a spurious hit (extra work for a rule), never a missed one (keywords are ASCII).
    const bytes = latin1Bytes(text);
    let found: number;
    try {
      found = this.#walk(text, bytes, base64Runs);
    } finally {
      // the reused buffer must not keep a copy of the payload after the call
      if (bytes === scratch) bytes.fill(0, 0, text.length);
    }
    const rec = records;
    const out = this.#out;
    const counts = (this.#counts ??= new Int32Array(this.keywords.length));
    for (let r = 0; r < found; r += 2) {
      const ids = out[rec[r]!]!;
      for (let q = 0; q < ids.length; q++) counts[ids[q]!]!++;
    }
    for (let r = 0; r < found; r += 2) {
      const ids = out[rec[r]!]!;
      for (let q = 0; q < ids.length; q++) {
        const id = ids[q]!;
        let list = hits[id];
        // counts[id] runs down from the total, so it is the number of this keyword's hits still to place
        if (!list) {
          list = hits[id] = new Array<number>(counts[id]!);
          foundIds?.push(id);
        }
        list[list.length - counts[id]!--] = rec[r + 1]!;
      }
    }
    if (rec.length > RECORDS_KEEP) records = new Int32Array(RECORDS_KEEP);
  }

  /** Per keyword id, a count used by {@link collect} (all zero between calls). */
  #counts: Int32Array | null = null;

  /**
   * The walk of {@link collect} over `bytes`, the latin1 form of `text`: appends (state, end) for each state where a
   * keyword ends to the module's `records` buffer. @returns how many numbers it wrote.
   */
  #walk(text: string, bytes: Buffer, base64Runs?: number[]): number {
    const delta = this.#next;
    const classOf = this.#classOf256;
    // states are premultiplied by the alphabet width (state * width), so a step is one add and one load
    let s = 0;
    let found = 0;
    let rec = records;
    const n = text.length;
    if (!base64Runs) {
      for (let i = 0; i < n; i++) {
        s = delta[s + classOf[bytes[i]!]!]!;
        if (s < 0) {
          s = ~s;
          if (found === rec.length) rec = growRecords();
          rec[found++] = s;
          rec[found++] = i + 1;
        }
      }
      return found;
    }
    const wide = !isLatin1Only(text);
    let run = 0;
    for (let i = 0; i < n; i++) {
      const c = bytes[i]!;
      s = delta[s + classOf[c]!]!;
      if (s < 0) {
        s = ~s;
        if (found === rec.length) rec = growRecords();
        rec[found++] = s;
        rec[found++] = i + 1;
      }
      // branch-free run count: a branch on every word boundary of ordinary text mispredicts (6.1 → 4.9 ms per MiB)
      const b = wide && text.charCodeAt(i) >= ALPHABET ? 0 : B64[c]!;
      if (run >= BASE64_MIN_RUN && b === 0) base64Runs.push(i - run, i);
      run = (run + 1) & -b;
    }
    if (run >= BASE64_MIN_RUN) base64Runs.push(n - run, n);
    return found;
  }
}

/** Numbers of the (state, end) buffer kept between calls; a larger payload's buffer is dropped after its call. */
const RECORDS_KEEP = 1 << 16;
/** The (state, end) records of the current walk (an even count of numbers is used). */
let records: Int32Array = new Int32Array(1024);

/** Doubles {@link records}, keeping its contents. @returns the new buffer. */
function growRecords(): Int32Array {
  const next = new Int32Array(records.length * 2);
  next.set(records);
  records = next;
  return next;
}

/** Texts up to this many units are converted into one reused buffer (larger ones get their own, freed after the call). */
const SCRATCH_MAX = 4 << 20;
let scratch = Buffer.allocUnsafeSlow(0);

/**
 * `text` as latin1 bytes (one per UTF-16 unit, its low byte) in the first `text.length` bytes of the returned buffer,
 * which is reused across calls up to {@link SCRATCH_MAX} units, valid until the next call and zeroed by
 * {@link KeywordAutomaton.collect} when it is done. `Buffer.from` allocated an ArrayBuffer per payload of 4 KiB or
 * more (the pool serves only smaller ones), and every young-generation GC then spent ~0.12 of its ~0.33 ms sweeping
 * those buffers (`--trace-gc-nvp`, 4 KiB config payloads).
 */
function latin1Bytes(text: string): Buffer {
  const n = text.length;
  if (n > SCRATCH_MAX) return Buffer.from(text, 'latin1');
  if (scratch.length < n)
    scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX, Math.max(n, 2 * scratch.length, 8192)));
  scratch.write(text, 0, n, 'latin1');
  return scratch;
}

/** True when no UTF-16 unit of `text` is above U+00FF (so its latin1 bytes are exactly its units). */
function isLatin1Only(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- the point is the range above latin1
  return !/[^\u0000-\u00ff]/.test(text);
}

/**
 * An exact (case-sensitive) Aho-Corasick automaton over arbitrary UTF-16 strings, for the values the engine learns per
 * payload (logins, hosts, names: tens to hundreds of them). Built per payload, so it is small: a dense transition table
 * over the classes of the code units the values contain (code units below 128 by table, others by map).
 *
 * Why not one V8 alternation regex: irregexp backtracks through the alternatives at every position; on the 1 MiB log
 * payload of `npm run bench:redact` with ~150 learned values it took ~3.5 ms, this walk ~1 ms (measured).
 */
export class LiteralAutomaton {
  readonly values: readonly string[];
  /** UTF-16 code unit → class (0: a unit no value contains). */
  readonly #classOf: Uint8Array | Uint16Array;
  /** #next[state * width + class] → next state * width; bitwise-complemented when some value ends in the next state. */
  readonly #next: Int32Array;
  /** out[state] → indexes into `values` ending in this state (through failure links too), or null. */
  readonly #out: Array<number[] | null>;
  readonly #width: number;

  /**
   * @param values non-empty strings; duplicates are kept once.
   * @throws Error when a value is empty.
   */
  constructor(values: readonly string[]) {
    const unique = [...new Set(values)];
    if (unique.some((v) => v.length === 0)) throw new Error('value must not be empty');
    this.values = unique;
    const units = new Map<number, number>();
    let total = 1;
    for (const v of unique) {
      total += v.length;
      for (let i = 0; i < v.length; i++) if (!units.has(v.charCodeAt(i))) units.set(v.charCodeAt(i), units.size + 1);
    }
    const width = units.size + 1;
    if (total * width >= 0x40000000) throw new Error('value set too large');
    const classOf = width < 256 ? new Uint8Array(65536) : new Uint16Array(65536);
    for (const [unit, cls] of units) classOf[unit] = cls;
    // the trie, dense: trie[state * width + class] → child state, 0 = none (state 0 is the root, never a child)
    const trie = new Int32Array(total * width);
    const out: Array<number[] | null> = [null];
    let states = 1;
    unique.forEach((v, id) => {
      let s = 0;
      for (let i = 0; i < v.length; i++) {
        const at = s * width + classOf[v.charCodeAt(i)]!;
        if (trie[at] === 0) {
          trie[at] = states++;
          out.push(null);
        }
        s = trie[at]!;
      }
      (out[s] ??= []).push(id);
    });
    // breadth-first: failure links and the full transition function, in place of the trie
    const delta = trie.subarray(0, states * width);
    const fail = new Int32Array(states);
    const queue = new Int32Array(states);
    let tail = 0;
    for (let cls = 1; cls < width; cls++) if (delta[cls] !== 0) queue[tail++] = delta[cls]!;
    for (let head = 0; head < tail; head++) {
      const s = queue[head]!;
      const f = fail[s]!;
      if (out[f]) out[s] = out[s] ? [...out[s], ...out[f]] : out[f];
      for (let cls = 1; cls < width; cls++) {
        const t = delta[s * width + cls]!;
        if (t !== 0) {
          fail[t] = delta[f * width + cls]!;
          queue[tail++] = t;
        } else delta[s * width + cls] = delta[f * width + cls]!;
      }
    }
    const next = new Int32Array(states * width);
    for (let k = 0; k < next.length; k++) next[k] = out[delta[k]!] ? ~(delta[k]! * width) : delta[k]! * width;
    this.#classOf = classOf;
    this.#next = next;
    this.#out = out;
    this.#width = width;
  }

  /**
   * Calls `onMatch(index into values, start)` for every occurrence of every value in `text` (overlapping ones too), in
   * order of their ends (UTF-16 offsets). O(n + matches).
   */
  scan(text: string, onMatch: (value: number, start: number) => void): void {
    const next = this.#next;
    const classOf = this.#classOf;
    const out = this.#out;
    const width = this.#width;
    const values = this.values;
    let s = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      s = next[s + classOf[text.charCodeAt(i)]!]!;
      if (s < 0) {
        s = ~s;
        const ids = out[s / width]!;
        for (let q = 0; q < ids.length; q++) onMatch(ids[q]!, i + 1 - values[ids[q]!]!.length);
      }
    }
  }
}
