/**
 * Person-name shape test shared by the key/value, table and display-name rules.
 * Source: shared/corpus/README.md PERSON_NAME ("names as written, including diacritics and non-Latin scripts").
 * @module
 */

const NAME_WORD =
  /^(?:\p{Lu}[\p{L}\p{M}'’.-]{0,30}|(?:van|von|de|da|del|der|den|di|du|le|la|bin|al|el|ter|ten)|[\p{Lo}]{1,12})$/u;

/**
 * A person's name as written: 1–5 words, each starting upper-case (any script with case) or in a caseless script
 * (CJK, Arabic …); no digits or underscores. `strict` (a bare `name` column) wants two or more words or a caseless
 * script, so `name: Ingress` stays.
 */
export function looksLikePersonName(v: string, strict: boolean): boolean {
  if (v.length > 100 || /[\d_@/\\:=<>{}[\]]/.test(v)) return false;
  const words = v.trim().split(/\s+/);
  if (words.length > 5) return false;
  if (!words.every((w) => NAME_WORD.test(w))) return false;
  if (strict && words.length < 2 && !/\p{Lo}/u.test(v)) return false;
  return true;
}
