/**
 * BERT uncased WordPiece tokenizer (the tokenizer of all-MiniLM-L6-v2), read from a Hugging Face `tokenizer.json`.
 *
 * Implements what that file declares: `BertNormalizer` (clean text, CJK spacing, lowercase, strip accents),
 * `BertPreTokenizer` (split on whitespace and punctuation), `WordPiece` (greedy longest match, `##` continuation,
 * 100-character word cap) and the `[CLS] … [SEP]` template with truncation. No network, no other dependency.
 * @module
 */
import { readFileSync } from 'node:fs';

/** Token ids and attention mask of one text, `[CLS]` and `[SEP]` included. */
export interface Encoding {
  ids: number[];
  mask: number[];
}

interface TokenizerJson {
  model: { type: string; vocab: Record<string, number>; unk_token?: string; max_input_chars_per_word?: number };
  truncation?: { max_length?: number } | null;
}

const isControl = (cp: number): boolean =>
  (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp < 0xa0) || cp === 0xfffd;
const isWhitespace = (ch: string): boolean => /\s/u.test(ch);
const isPunctuation = (ch: string): boolean => {
  const cp = ch.codePointAt(0)!;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
    return true;
  }
  return /\p{P}/u.test(ch);
};
const isCjk = (cp: number): boolean =>
  (cp >= 0x4e00 && cp <= 0x9fff) ||
  (cp >= 0x3400 && cp <= 0x4dbf) ||
  (cp >= 0x20000 && cp <= 0x2a6df) ||
  (cp >= 0x2a700 && cp <= 0x2b73f) ||
  (cp >= 0x2b740 && cp <= 0x2b81f) ||
  (cp >= 0x2b820 && cp <= 0x2ceaf) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0x2f800 && cp <= 0x2fa1f);

/** WordPiece tokenizer loaded from a `tokenizer.json` of type WordPiece. */
export class WordPieceTokenizer {
  private readonly vocab: Map<string, number>;
  private readonly unkId: number;
  private readonly clsId: number;
  private readonly sepId: number;
  private readonly maxCharsPerWord: number;
  /** Longest encoding (special tokens included) this tokenizer returns. */
  readonly maxLength: number;

  /** @throws when the file is not a WordPiece tokenizer with `[CLS]`, `[SEP]`, `[UNK]` tokens. */
  constructor(json: TokenizerJson) {
    if (json.model?.type !== 'WordPiece') throw new Error('tokenizer.json is not a WordPiece tokenizer');
    this.vocab = new Map(Object.entries(json.model.vocab));
    const id = (t: string): number => {
      const v = this.vocab.get(t);
      if (v === undefined) throw new Error(`tokenizer vocabulary lacks ${t}`);
      return v;
    };
    this.unkId = id(json.model.unk_token ?? '[UNK]');
    this.clsId = id('[CLS]');
    this.sepId = id('[SEP]');
    this.maxCharsPerWord = json.model.max_input_chars_per_word ?? 100;
    this.maxLength = json.truncation?.max_length ?? 128;
  }

  /** Loads `tokenizer.json` from disk. */
  static fromFile(path: string): WordPieceTokenizer {
    return new WordPieceTokenizer(JSON.parse(readFileSync(path, 'utf8')) as TokenizerJson);
  }

  /** Normalised, pre-tokenised words (exported for tests). */
  words(text: string): string[] {
    let clean = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0 || isControl(cp)) continue;
      if (isWhitespace(ch)) clean += ' ';
      else if (isCjk(cp)) clean += ` ${ch} `;
      else clean += ch;
    }
    clean = clean
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{Mn}/gu, '');
    const out: string[] = [];
    for (const chunk of clean.split(' ')) {
      let cur = '';
      for (const ch of chunk) {
        if (isPunctuation(ch)) {
          if (cur) out.push(cur);
          out.push(ch);
          cur = '';
        } else cur += ch;
      }
      if (cur) out.push(cur);
    }
    return out;
  }

  /** WordPiece ids of one text, without special tokens. */
  tokenize(text: string): number[] {
    const ids: number[] = [];
    for (const word of this.words(text)) {
      const chars = [...word];
      if (chars.length > this.maxCharsPerWord) {
        ids.push(this.unkId);
        continue;
      }
      const pieces: number[] = [];
      let start = 0;
      let bad = false;
      while (start < chars.length) {
        let end = chars.length;
        let found: number | undefined;
        while (start < end) {
          const sub = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
          found = this.vocab.get(sub);
          if (found !== undefined) break;
          end--;
        }
        if (found === undefined) {
          bad = true;
          break;
        }
        pieces.push(found);
        start = end;
      }
      if (bad) ids.push(this.unkId);
      else ids.push(...pieces);
    }
    return ids;
  }

  /** `[CLS] tokens [SEP]`, truncated to {@link maxLength}. */
  encode(text: string): Encoding {
    const body = this.tokenize(text).slice(0, this.maxLength - 2);
    const ids = [this.clsId, ...body, this.sepId];
    return { ids, mask: ids.map(() => 1) };
  }
}
