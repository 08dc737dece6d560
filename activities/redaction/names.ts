/**
 * Person-name shape test shared by the key/value, table and display-name rules.
 * Source: shared/corpus/README.md PERSON_NAME ("names as written, including diacritics and non-Latin scripts").
 * @module
 */

/**
 * Lower-case surname particles (Dutch, German, Romance, Portuguese, Scandinavian, Arabic, Filipino `dela`/`delos`, Malay
 * `binti`/`binte`): `Ana Paula dos Santos`, `Maria Cristina dela Cruz`, `Nurul Aisyah binti Hassan`.
 */
export const NAME_PARTICLES =
  "van|von|de|da|das|do|dos|del|dela|delos|della|delle|dei|der|den|di|du|le|la|zu|af|bin|bint|binti|binte|ibn|ben|al|el|ter|ten|'t|'T";

/** A card's track-1 name: `SURNAME/GIVEN`, upper case, two letters or more each side (ISO/IEC 7813 format B, name field; `N/A` is none). */
const TRACK_NAME = /^\p{Lu}[\p{Lu}\p{M} '’.-]{1,25}\/\p{Lu}[\p{Lu}\p{M} '’.-]{1,25}$/u;

/** One word of a name: upper-case led (any cased script), a particle, or a caseless-script word with its marks. */
const NAME_WORD = new RegExp(
  `^(?:\\p{Lu}[\\p{L}\\p{M}'’.-]{0,30}|(?:${NAME_PARTICLES})|(?:al|el|d)[-'’]\\p{Lu}[\\p{L}\\p{M}'’.-]{0,30}|[\\p{Lo}\\p{Script=Georgian}][\\p{Lo}\\p{Script=Georgian}\\p{M}\\u05BE\\u30FB'’-]{0,24})$`,
  'u',
);

/** Compiled once for {@link looksLikePersonName}: a regex literal in a function allocates 57 bytes per evaluation. */
const NOT_NAME_CHAR = /[\d_@/\\:=<>{}[\]]/;

/**
 * A person's name as written: 1–6 words, each starting upper-case (any script with case) or in a caseless script
 * (CJK with the katakana middle dot `・` between given and family name, Arabic, Devanagari and Thai with their
 * combining marks …); no digits or underscores. `strict` (a bare `name` column) wants two or more words or a caseless
 * script, so `name: Ingress` stays.
 */
export function looksLikePersonName(v: string, strict: boolean): boolean {
  // the card's track-1 form `SURNAME/GIVEN` (ISO/IEC 7813), upper case on both sides: a name with its parts apart by `/`
  if (v.includes('/') && TRACK_NAME.test(v)) v = v.replace('/', ' ');
  if (v.length > 100 || NOT_NAME_CHAR.test(v)) return false;
  // `Last, First` (Active Directory's `Name` and `CN=`, `"van der Berg, Femke"` in a roster): the comma is the
  // writing's, not the name's
  const words = v
    .trim()
    .replace(/^([^,]{1,60}), (?=\S)/, '$1 ')
    .split(/\s+/);
  if (words.length > 6) return false;
  if (!words.every((w) => NAME_WORD.test(w))) return false;
  // the words of product, site and directory object names (`Default Web Site`, `Domain Computers`)
  if (words.some((w) => NOT_NAME_WORD.has(w))) return false;
  if (strict && words.length < 2 && !/\p{Lo}/u.test(v)) return false;
  return true;
}

/** Capitalised words that name things, not people: IIS sites, AD groups and containers, services, built-in accounts. */
const NOT_NAME_WORD: ReadonlySet<string> = new Set([
  'Default',
  'Web',
  'Site',
  'Server',
  'Service',
  'Services',
  'Application',
  'Domain',
  'Computers',
  'Controllers',
  'Administrators',
  'Users',
  'Group',
  'Policy',
  'Network',
  'Account',
  // the descriptions appliances give their built-in accounts (pfSense `System Administrator`, `Backup Operator`); not
  // `User`, `Operator` or `Guest`, which log lines put before a person's name (`User Jane Doe (jane@…) logged in`)
  'System',
  'Backup',
  // what keys and machines are named (`Deploy Key`, `CI Runner`, `Build Laptop` as an SSH key's comment)
  'Deploy',
  'Key',
  'Runner',
  'Laptop',
  'Desktop',
  'Workstation',
  // the row of maximum scores in a Canvas gradebook export (`Points Possible,,,,,100.00,…`)
  'Points',
  'Possible',
  // what security products and their clients are called (Check Point `client_name:"Endpoint Security VPN"`, Sophos
  // `name="Authentication successful"`, `Cisco AnyConnect VPN Agent`)
  'Endpoint',
  'Security',
  'Agent',
  'Client',
  'Gateway',
  'Firewall',
  'Portal',
  'Authentication',
  'VPN',
  // what whois privacy services put in place of a registrant (`Registrant Name: Registration Private`, `REDACTED FOR
  // PRIVACY`, `Domains By Proxy`)
  'Registration',
  'Private',
  'Privacy',
  'Proxy',
  'Redacted',
  'Withheld',
  // certificate authorities named in a subject (`CN = Copperleaf Intermediate CA`, `Example Root CA`)
  'CA',
  'Intermediate',
  'Root',
  'Issuing',
]);

/**
 * A name as written, captured: two to four capitalised words (any cased script), with up to two surname particles
 * before a later word (`Maartje van der Berg`, `Ana Paula dos Santos`), or one to three words of a caseless script
 * (`渡辺 大輔`, `黄伟`, `สมชาย บุญมา`, `王 伟`; at least two characters, and a one-character word only with another).
 */
export const NAME_WORDS =
  "(\\p{Lu}[\\p{L}\\p{M}'’-]{0,30}(?:[ \\t](?:(?:van|von|de|da|der|den|del|dela|delos|della|di|du|dos|das|do|la|le|ter|ten|zu|bin|binti|binte|ibn|al)[ \\t]){0,2}\\p{Lu}[\\p{L}\\p{M}'’-]{0,30}){1,3}|[\\p{Lo}](?:[\\p{Lo}\\p{M}]{1,12}(?:[ \\t][\\p{Lo}][\\p{Lo}\\p{M}]{0,12}){0,2}|(?:[ \\t][\\p{Lo}][\\p{Lo}\\p{M}]{0,12}){1,2}))";
