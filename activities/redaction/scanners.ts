/**
 * Hand-written, single-pass scanners for structures a line regex cannot see: PEM blocks, base64-wrapped keys,
 * mysql table output (ASCII, tab-separated and `\G` vertical), SQL dumps, `ps aux` and `ls -l` owner columns, the
 * Kubernetes Secret `data:` block, and host names. All are O(n) in the text length (indexOf and one walk per line).
 * @module
 */

import type { Candidate, CharTable, RedactionCategory, Scanner } from './candidates';
import {
  PLACEHOLDER_RE,
  DOTNET_TYPE_NAME,
  MYSQL_LOCKED_HASH,
  HOST_CHARS,
  charTable,
  isSealedSecretValue,
  isGenericWindowsName,
  isSystemAccount,
  isTruncatedSystemAccount,
  isWrittenPhoneNumber,
  lineStartWithin,
  looksDialled,
  lineStartsWhere,
  FOREIGN_MASK,
  BOOLEAN_LIKE,
  HASH_SCHEME_NAME,
  PRINTED_IN_PLACE,
  TEMPLATE_REF,
  lineEndsAt,
  luhnValid,
  previousLine,
  WORD_CHARS,
} from './candidates';
import { classifyHostName, isMailProvider } from './hosts';
import { looksLikePersonName } from './names';

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY(?: BLOCK)?|OpenVPN Static key V1)-----/g;

/**
 * A line of a PEM body (RFC 7468: base64 lines; RFC 1421 / RFC 4880 headers such as `Proc-Type:`, `DEK-Info:`,
 * `Version:`, `Comment:`; the blank line after them), also with a diff's or a paste's leading `+`, `>` or blanks.
 */
const PEM_BODY_LINE = /[ \t>+-]{0,4}(?:[A-Za-z0-9+/=]+|[A-Za-z-]{1,24}: [^\n]{0,200})?[ \t]*(?:\r?\n|$)/y;

/**
 * The end of a PEM block that has no END line (`head -n 6 ~/.ssh/id_rsa`): the end of its last body line after the
 * BEGIN marker ending at `from`, at most `limit` (the next BEGIN marker or the end of the text). A JSON-escaped block
 * (`\n` as two characters) has no lines to walk: it runs to `limit`.
 */
function unterminatedPemEnd(text: string, from: number, limit: number): number {
  if (text.startsWith('\\n', from)) return limit;
  // the rest of the BEGIN line (a key pasted on one line) is the block's
  const nl = text.indexOf('\n', from);
  if (nl < 0 || nl >= limit) return limit;
  let end = text.slice(from, nl).trim().length > 0 ? nl - (text.charCodeAt(nl - 1) === 13 ? 1 : 0) : from;
  let p = nl + 1;
  while (p < limit) {
    PEM_BODY_LINE.lastIndex = p;
    const m = PEM_BODY_LINE.exec(text);
    if (!m || m[0].length === 0) break;
    const body = m[0].trim();
    if (body.length > 0) end = Math.min(limit, p + m[0].replace(/\r?\n$/, '').length);
    p += m[0].length;
  }
  return end;
}

/**
 * PEM / OpenSSH / PGP private key blocks and OpenVPN static keys (`tls-auth`, `tls-crypt`), raw or JSON-escaped (`\n`
 * as two characters), from BEGIN through END (or, when truncated, through the last line that can be its body). Source:
 * RFC 7468 §2 textual encoding; OpenSSH PROTOCOL.key; RFC 4880 §6.2; OpenVPN `--genkey secret` output.
 */
export const pemBlocks: Scanner = (text, emit) => {
  if (!text.includes('PRIVATE KEY') && !text.includes('OpenVPN Static key')) return;
  PEM_BEGIN.lastIndex = 0;
  // END markers already searched for to the end of the text and not found: never searched again (a text of
  // unterminated BEGIN lines cost one full scan per line: 22 s per MiB)
  const absent = new Set<string>();
  // … and the END marker found last for each kind: the first one after a later BEGIN too while it lies beyond it
  const found = new Map<string, number>();
  for (let m = PEM_BEGIN.exec(text); m; m = PEM_BEGIN.exec(text)) {
    const start = m.index;
    const endMarker = `-----END ${m[1]}-----`;
    const known = found.get(endMarker);
    const e =
      known !== undefined && known >= start + m[0].length
        ? known
        : absent.has(endMarker)
          ? -1
          : text.indexOf(endMarker, start + m[0].length);
    if (e < 0) absent.add(endMarker);
    else found.set(endMarker, e);
    let end = e + endMarker.length;
    if (e < 0) {
      // unterminated: up to the next BEGIN marker (a block of its own) or the end of the text. Swallowing the later
      // markers would hide them whenever this block is dropped (it overlaps a placeholder), and a second pass, with
      // this marker redacted, would then find them: redaction would not be idempotent.
      PEM_BEGIN.lastIndex = start + m[0].length;
      const next = PEM_BEGIN.exec(text);
      // … and only over the lines that can be its body: the prompt and output that follow a `head -n 6` stay
      end = unterminatedPemEnd(text, start + m[0].length, next ? next.index : text.length);
    }
    emit({ start, end, category: 'PRIVKEY', rule: 'pem-private-key', priority: 100 });
    // a terminated block also offers the part a truncated one would have (the BEGIN line and the body lines after it):
    // it loses to the whole block, and stands when the block is dropped for covering a placeholder, as it would on a
    // second pass once the END line is gone (idempotence)
    // (a BEGIN marker inside the block is read too: its own block stands where this one is dropped)
    if (e >= 0) {
      const head = unterminatedPemEnd(text, start + m[0].length, e);
      emit({ start, end: head, category: 'PRIVKEY', rule: 'pem-private-key', priority: 100 });
      PEM_BEGIN.lastIndex = Math.max(head, start + m[0].length);
    } else PEM_BEGIN.lastIndex = end;
  }
};

/**
 * Private keys in the two non-PEM text formats a server may hold: the SSH.com / RFC 4716-style
 * `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----` block (through its END line), and PuTTY `.ppk` files from the
 * `Private-Lines:` line up to `Private-MAC:` (the.earth.li/~sgtatham/putty/0.78/htmldoc/AppendixC.html).
 * An unterminated block runs to the next such header or the end of the text.
 */
export const otherPrivateKeyBlocks: Scanner = (text, emit) => {
  const begin = /---- BEGIN SSH2 (?:ENCRYPTED )?PRIVATE KEY ----|PuTTY-User-Key-File-\d: /g;
  // closing markers already searched for to the end of the text and not found: never searched again (a text of
  // unterminated headers would otherwise cost one full scan per header)
  const absent = new Set<string>();
  const find = (marker: string, from: number): number => {
    if (absent.has(marker)) return -1;
    const at = text.indexOf(marker, from);
    if (at < 0) absent.add(marker);
    return at;
  };
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    const putty = m[0].startsWith('PuTTY');
    let start = m.index;
    let end: number;
    // a block without its closing line runs to the next header or the end of the text (as pemBlocks does: swallowing a
    // later key would hide it whenever this block is dropped)
    const here = m.index + m[0].length;
    /** Where the next header starts, or the end of the text. */
    const nextHeader = (): number => {
      const next = new RegExp(begin.source, 'g');
      next.lastIndex = here;
      return next.exec(text)?.index ?? text.length;
    };
    if (putty) {
      // the private lines, up to the `Private-MAC:` line: the header, comment and public lines are not secret, nor is
      // the MAC (an HMAC-SHA-256 over the file's fields, which proves integrity and reveals no key material)
      const mac = find('Private-MAC:', here);
      end = mac < 0 ? nextHeader() : mac;
      while (end > here && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
      // the lines after `Private-Lines: N` (the count itself says nothing)
      const priv = text.indexOf('Private-Lines:', here);
      const body = priv < 0 ? -1 : text.indexOf('\n', priv) + 1;
      if (body > 0 && body < end) start = body;
    } else {
      const marker = m[0].replace('BEGIN', 'END');
      const e = find(marker, here);
      end = e < 0 ? nextHeader() : e + marker.length;
    }
    emit({ start, end, category: 'PRIVKEY', rule: 'ssh2-putty-private-key', priority: 100 });
    begin.lastIndex = Math.max(end, here);
  }
};

/**
 * A private key's DER as bare base64, without PEM armour (AnyDesk's `ad.anynet.pkey=`, keys exported by hand, armour-less
 * `.p8`/`.key` values in JSON and env files). Each structure's first bytes are fixed, so their base64 is too:
 * - PKCS#8 RSA `30 82 LL LL 02 01 00 30 0d 06 09 2a 86 48 86 f7 0d 01 01 01 05 00 04 82` → `MII???IBADANBgkqhkiG9w0BAQEFAASC`;
 * - PKCS#1 RSAPrivateKey `30 82 LL LL 02 01 00 02 82|81` → `MII???IBAAK[CB]`;
 * - SEC1 ECPrivateKey `30 77 02 01 01 04 20` (P-256) → `MHcCAQEEI`; `30 81 a4|dc 02 01 01 04` → `MIGkAgEBBD`, `MIHcAgEBBE`;
 * - PKCS#8 EC `30 81 LL 02 01 00 30 LL 06 07 2a 86 48 ce 3d 02 01` → `MI??AgEAMB??ByqGSM49AgE`;
 * - PKCS#8 Ed25519 / X25519 `30 2e 02 01 00 30 05 06 03 2b 65 70|6e` → `MC4CAQAwBQYDK2V[wu]`;
 * - encrypted PKCS#8 (PBES2) `30 82 LL LL 30 LL 06 09 2a 86 48 86 f7 0d 01 05 0d` → `MII?????BgkqhkiG9w0BBQ0w`;
 * - OpenSSH's key format, whose armour-less body starts with `openssh-key-v1\0` → `b3BlbnNzaC1rZXktdjEA`.
 * Public keys (SubjectPublicKeyInfo `MII…IjANBgkq`, `MFkwEwYHKoZIzj0CAQYI`, `MCowBQYDK2Vw`) start otherwise. Wrapped
 * base64 continues over full lines of 60–80 characters; its last line is shorter only when `=`-padded or 16+ long (a
 * heredoc's `EOF` after a key is not the key's). Sources: RFC 5208 (PKCS#8), RFC 8017 A.1.2 (RSAPrivateKey), RFC 5915
 * (ECPrivateKey), RFC 8410 (Ed25519), RFC 8018 (PBES2), OpenSSH PROTOCOL.key (`openssh-key-v1`).
 */
const DER_PRIVATE_KEY =
  /(?:MII[A-Za-z0-9+/]{3}(?:IBADANBgkqhkiG9w0BAQEFAASC|IBAAK[BC])|MII[A-Za-z0-9+/]{5}BgkqhkiG9w0BBQ0w|MHcCAQEEI|MIGkAgEBBD|MIHcAgEBBE|MI[A-Za-z0-9+/]{2}AgEAMB[A-Za-z0-9+/]{2}ByqGSM49AgE|MC4CAQAwBQYDK2V[wu]|b3BlbnNzaC1rZXktdjEA)[A-Za-z0-9+/]{16,16000}(?:\r?\n[A-Za-z0-9+/]{60,80}(?![^\r\n]))*(?:\r?\n(?:[A-Za-z0-9+/]{16,80}={0,2}|[A-Za-z0-9+/]{1,15}={1,2})(?![^\r\n])|={1,2})?/y;
export const derPrivateKeys: Scanner = (text, emit, keywordEnds) => {
  let done = -1;
  for (const end of keywordEnds ?? []) {
    if (end <= done) continue;
    // each prefix starts at most 38 characters before the end of the keyword it holds, at the start of a base64 run (a
    // longer run around it is some other blob that happens to hold the prefix)
    let at = end;
    while (at > 0 && end - at < 40 && B64_CHAR[text.charCodeAt(at - 1)] === 1) at--;
    if (at > 0 && B64_CHAR[text.charCodeAt(at - 1)] === 1) continue;
    // a PEM body's first line (the line before is its `-----BEGIN … PRIVATE KEY-----`) is pemBlocks'
    if (text.charCodeAt(at - 1) === 10 && text.charCodeAt(at - 2) === 45 /* - */) continue;
    DER_PRIVATE_KEY.lastIndex = at;
    const m = DER_PRIVATE_KEY.exec(text);
    if (!m) continue;
    done = at + m[0].length;
    emit({ start: at, end: done, category: 'PRIVKEY', rule: 'der-private-key', priority: 96 });
  }
};
const B64_CHAR = charTable('A-Za-z0-9+/');

/** base64("-----BEGIN ") starts with these, whatever the alignment of what follows. */
const B64_PEM_PREFIX = /LS0tLS1CRUdJT[A-Za-z0-9+/]{20,65536}={0,2}/g;

/**
 * Base64 of a PEM private key (kubeconfig `client-key-data`, Kubernetes TLS Secrets, CI variables): decoded and
 * checked for a PRIVATE KEY header. Source: corpus README ("base64 of a PEM key (kubeconfig client-key-data)").
 */
export const base64PemKeys: Scanner = (text, emit) => {
  if (!text.includes('LS0tLS1CRUdJT')) return;
  for (const m of text.matchAll(B64_PEM_PREFIX)) {
    const head = Buffer.from(m[0].slice(0, 96), 'base64').toString('latin1');
    if (/PRIVATE KEY/.test(head))
      emit({
        start: m.index,
        end: m.index + m[0].length,
        category: 'PRIVKEY',
        rule: 'base64-pem-private-key',
        priority: 97,
      });
  }
};

/** Compiled once for {@link classifyColumn}: a regex literal in a function allocates 57 bytes per evaluation. */
const FILTERED_CELL = /^["']?\[FILTERED\]["']?,?$/;
const YAML_TAG_BEFORE_BLOCK = /^![A-Za-z][\w-]{0,40}[ \t]+[|>][-+]?$/;
const QUOTED_CELL = /^(["'])(.*)\1$/;
const EMPTY_CELL = /^(?:null|none|nil|n\/a|\\N|redacted|data\+omitted)$/i;
const SQL_BIND_PARAMETER = /^(?:\$\d{1,3}|\?|%s|:[A-Za-z_][A-Za-z0-9_]{0,30})$/;
const WINDOWS_SID = /^S-1-\d{1,3}(?:-\d{1,10}){1,8}$/;

/**
 * Cells of tables printed by mysql/psql (`+---+` ASCII, tab-separated batch output, `\G` vertical) and SQL dump
 * INSERTs, classified by their column name. Source: corpus README PERSON_NAME ("when first and last name sit in
 * separate columns, each is labelled"), the mysql client output formats.
 * @param column the column's name as printed (any case).
 * @param value the cell's text.
 * @param kinds optional per-payload cache of column-name kinds (lower-case name → kind), filled as names are seen.
 * @returns the category and rule to redact the cell with, or null to keep it.
 */
export function classifyColumn(
  column: string,
  value: string,
  kinds?: Map<string, ColumnKind>,
): { category: RedactionCategory; rule: string } | null {
  const v = value.trim();
  // kubectl prints `REDACTED` / `DATA+OMITTED` in place of secrets it hides: nothing left to redact
  if (
    v.length === 0 ||
    (v.length <= 12 && EMPTY_CELL.test(v)) ||
    // Rails' filtered attributes (`encrypted_password: "[FILTERED]"` in a console's record dump)
    FILTERED_CELL.test(v) ||
    (v.length <= 14 && FOREIGN_MASK.test(v.replace(QUOTED_CELL, '$2'))) ||
    PLACEHOLDER_RE.test(v) ||
    // a bind parameter of a prepared statement (`VALUES ($1, $2, $3)` in pg_stat_statements, `?`, `%s`, `:actor`)
    SQL_BIND_PARAMETER.test(v) ||
    // a template (`username: system:node:{{EC2PrivateDNSName}}`, `${DB_USER}`) names no account
    TEMPLATE_REF.test(v) ||
    PRINTED_IN_PLACE.test(v) ||
    // a YAML tag before a block (Ansible's `password: !vault |`): the encrypted body follows, nothing is in the cell
    YAML_TAG_BEFORE_BLOCK.test(v) ||
    isSealedSecretValue(v)
  )
    return null;
  const c = column.toLowerCase();
  switch (kindOf(c, kinds)) {
    case 'user':
      // a `userid` column holds a login (Koha, Moodle) or a record id (`UUID("…")`, a number, a UUID string)
      // … and so does `uid` (Nextcloud's `oc_accounts`, LDAP) or a number (`/etc/passwd` exports)
      if (
        (c === 'userid' || c === 'uid') &&
        (!/^["']?[A-Za-z_][A-Za-z0-9._@-]{0,63}["']?,?$/.test(v) || UUID_CELL.test(v))
      )
        return null;
      // `owner: root:root` (cloud-init write_files, Ansible): an owner and group, both system accounts; a quoted login
      // is read without its quotes (`smtp_auth_username: 'apikey'`, SendGrid's fixed SMTP login)
      // `NT AUTHORITY\\LocalService`, `.\\svc_backup`: the account after its domain decides
      // (`root@pam`: a Proxmox login with its realm; the account before `@` decides)
      return isSystemAccount(
        v
          .replace(/^(["'])(.*)\1$/, '$2')
          .replace(/^[^\\\s]{0,32}(?: [A-Za-z]+)?\\/, '')
          .replace(/@(?:pam|pve|pbs)$/, ''),
      ) ||
        (/^[^:\s]+:[^:\s]+$/.test(v) && v.split(':').every((x) => isSystemAccount(x)))
        ? null
        : { category: 'USER', rule: 'table-user-column' };
    case 'not-personal':
      return null;
    case 'mail-alias':
      // a login-shaped alias only (an alias with dots or blanks is a DNS name or a description)
      return /^[a-z][a-z0-9_-]{1,63}$/.test(v) && !isSystemAccount(v)
        ? { category: 'USER', rule: 'table-mail-alias' }
        : null;
    case 'netbios':
      // a name with dots is the host rules' to classify; a NetBIOS name (15 characters at most) is the customer's
      // (a role and a number, `web05`, `ci03`, `vpn-01`, names no one: Lynis reports `Hostname: web05` too)
      if (NETBIOS_NAME.test(v) && !isGenericWindowsName(v) && !genericRoleHost(v))
        return { category: 'HOST', rule: 'table-netbios-column' };
      // … unless the printer cut it (`ws-jdoe.corp.example…`, Polars and tibble cells): what is left names no public
      // service the host rules could recognise
      return (v.endsWith('…') || v.endsWith('...')) &&
        /^[A-Za-z0-9][A-Za-z0-9-]{0,62}\.[A-Za-z0-9.-]{1,250}(?:…|\.\.\.)$/.test(v)
        ? { category: 'HOST', rule: 'table-cut-host-column' }
        : null;
    case 'person':
      if (looksLikePersonName(v, c === 'name' || c === 'naam' || c === 'nome' || c === 'display'))
        return { category: 'PERSON', rule: 'table-person-column' };
      // one lower-case word in a role's column is the person's login (`assigned_to` in a review queue, `agent`), not a
      // name (a column named for a name, `name` or `parent`, lists services, hosts and snapshots too)
      return /(?:^|_)(?:assigned_?to|agent|technician|cashier|analyst|reviewer|handler)$/.test(c) &&
        /^[a-z][a-z0-9._-]{2,31}$/.test(v) &&
        /[a-z]{2}/.test(v) &&
        !isSystemAccount(v)
        ? { category: 'USER', rule: 'table-person-column-login' }
        : null;
    case 'phone':
      return (v.match(/\d/g)?.length ?? 0) >= 6 ? { category: 'PHONE', rule: 'table-phone-column' } : null;
    case 'secret':
      // (a call that asks for it is none: mongosh `pwd: passwordPrompt(),`; nor 1Password's concealed-field note
      // `[use 'op item get … --reveal' to reveal]`)
      // (nor a .NET type name that PowerShell prints for a value it does not show: `SecurePassword :
      // System.Security.SecureString`)
      return BOOLEAN_LIKE.test(v.replace(/^(["'])(.*)\1$/, '$2')) ||
        (v.length <= 14 && HASH_SCHEME_NAME.test(v)) ||
        EMPTY_CALL.test(v) ||
        v.startsWith("[use 'op item get ") ||
        DOTNET_TYPE_NAME.test(v) ||
        MYSQL_LOCKED_HASH.test(v)
        ? null
        : { category: 'PASSWORD', rule: 'table-secret-column' };
    case 'token':
      // a Windows security identifier (`S-1-5-21-…-1104` under `SID`) names an account, it grants nothing
      // … nor does a Stripe object's id (`pm_…` under a payment method's `token`): it is usable only with the account's
      // secret key (docs.stripe.com/api, object ids)
      return v.length >= 8 && !WINDOWS_SID.test(v) && !STRIPE_OBJECT_ID.test(v)
        ? { category: 'TOKEN', rule: 'table-token-column' }
        : null;
    case 'pii':
      // a network address in an `address` column (OpenVPN's `Real Address`, `Virtual Address`) is the IP rules' to
      // redact, with its pseudonym
      // … and so is a listen or server URL (`address: 'tcp://0.0.0.0:9091/'`, Authelia)
      // … and a memory address is no one's (Informix `onstat -u`: `address  4b4f940b`), nor a host name (a mail
      // server's `SMTP_ADDRESS: smtp.mailgun.org`: the host rules decide it)
      return NETWORK_ADDRESS_CELL.test(v) ||
        /^["']?[a-z][a-z0-9+.-]{1,20}:\/\//.test(v) ||
        /^(?:0x)?[0-9a-f]{8,16}$/i.test(v) ||
        /^["']?[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24}["']?$/i.test(v)
        ? null
        : { category: 'PII', rule: 'table-pii-column' };
    case 'keyed-secret':
      // a column named for a key (`aws_secret_access_key`, `client_secret`, a key/value table's key cell): its value
      // when it looks generated, not a path, a template or a word (`ssl_private_key: /etc/ssl/private/x.key`)
      return looksGenerated(v) ? { category: 'APIKEY', rule: 'table-key-column' } : null;
    default:
      // an opaque high-entropy cell (session ids stored as `id`, API keys in ad-hoc columns)
      // (a publishable key is public by design: Stripe serves it to every browser)
      return looksLikeOpaqueToken(v) && !STRIPE_OBJECT_ID.test(v) && !PUBLISHABLE_KEY.test(v)
        ? { category: 'TOKEN', rule: 'table-opaque-token' }
        : null;
  }
}

/**
 * A cell that is an IPv4 or IPv6 address, with a port, a prefix length (`10.1.1.0/24`, RouterOS `ADDRESS`) and
 * OpenVPN's protocol prefix (`udp4:`) optional.
 */
const NETWORK_ADDRESS_CELL =
  /^(?:(?:tcp|udp)[46]?(?:-server|-client)?:)?(?:\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5}|\/\d{1,2})?|\[?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}\]?(?::\d{1,5}|\/\d{1,3})?)$/;

/**
 * Stripe object ids (`pm_1MAx7D…`, `cus_…`, `pi_…`): references to objects in the customer's Stripe account, which
 * only its secret key can read; not credentials (docs.stripe.com/api, object id prefixes).
 */
const STRIPE_OBJECT_ID =
  /^(?:pm|cus|pi|ch|in|sub|prod|price|txn|evt|acct|src|card|seti|si|ii|il|tr|py|po|re|cs|ba|btok|tok|cn|dp|du|ic|ipi|mbur|prv|trr)_[A-Za-z0-9]{14,}$/;

/** What a column's name says about its cells (see {@link columnKind}). */
export type ColumnKind =
  | 'user'
  | 'not-personal'
  | 'person'
  | 'phone'
  | 'secret'
  | 'token'
  | 'keyed-secret'
  | 'pii'
  | 'netbios'
  | 'mail-alias'
  | 'other';

/** {@link columnKind} of a lower-case name, cached per payload in `kinds` when given. */
function kindOf(name: string, kinds?: Map<string, ColumnKind>): ColumnKind {
  let kind = kinds?.get(name);
  if (kind === undefined) {
    kind = columnKind(name);
    kinds?.set(name, kind);
  }
  return kind;
}

/** Whether `v` is a role word and a number (`web05`, `ci03`, `db-2`): see {@link GENERIC_HOST_WORDS}. */
export function genericRoleHost(v: string): boolean {
  const m = /^([A-Za-z]{2,20})-?\d{1,4}$/.exec(v);
  return m !== null && GENERIC_HOST_WORDS.has(m[1]!.toLowerCase());
}

/** A NetBIOS computer or domain name (at most 15 characters, a letter first; a machine account's `$` after it). */
const NETBIOS_NAME = /^[A-Za-z][A-Za-z0-9-]{1,14}\$?$/;

/** A UUID, quoted or not (RFC 9562 text form). */
const UUID_CELL = /^["']?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}["']?,?$/i;

/** Compiled once for {@link columnKind}: a regex literal in a function allocates 57 bytes per evaluation. */
const LAST_LOGIN_COLUMN =
  /^(?:last|first|prev(?:ious)?|latest)_?(?:login|logon|sign_?in)(?:_?(?:at|time|date|ts|ip))?$/;
const LOGIN_COLUMN =
  /^(?:common_name|sam_?account_?name|start_?name|service_start_name|run_?as_?user|user_?name|user name|(?:blocked|blocking|waiting|holding|locking)_?user|grantee|grantor|login|username|user|owner|account|usename|rolname|role name|master_user|db_user|users_name|loginame|origname|user_login|user_nicename|nickname|login_name|actor|assignee|assigned|assigned_user(?:_name)?|(?:verified|approved|reviewed|performed|entered|signed|witnessed|dispensed|resulted|called|started|triggered|initiated|created|updated|modified|deleted|closed|resolved|owned)_?by|manager|line_manager|supervisor|author|reporter|requester|approver|userid|uid|os_?user|auth_?id|(?:target|subject)_user_name|run_as(?:_user)?|start_name|authorization_?id|(?:system|session)auth_?id)$|_(?:login|username|auth_?id|login_?id)$|^(?:ad|os|db|sam|unix|linux|windows|domain|sso|ldap|network|vpn|mail|console|current|logged_?in|primary|local)_user$|(?:^|_)(?:benutzer(?:_?name)?|nutzername|anmeldename|utilisateur|usuario|utente|gebruikersnaam|uzytkownik)$|^user_short_?name$|^mail_name$|^samid$|^sqlcmduser$|^(?:gamer_?tag|screen_?name|handle)$/;
const HOST_COLUMN =
  /^(?:(?:target|subject)_domain_name|workstation_name|computer_name|machine_name|host_name|hostname|run_as_domain|server_name|(?:client|server)_hostname|(?:alt_)?default_domain_name|netbios_domain(?:_name)?|logon_domain|userdomain|computername)$/;
const NAMED_THING_COLUMN =
  /(?:^|_)(?:host_?name|server_?name|file_?name|table_?name|db_?name|schema_?name|app_?name|queue_?name|plan_?name|role_?name|job_?name|column_?name|index_?name|product_?name|type_?name)$/;
const PUBLIC_KEY_COLUMN = /(?:^|_)(?:site_?key|publishable_?key)$/;
const PERSON_NAME_COLUMN =
  /^name$|^[fl]name$|^(?:ad|soyad|soyadı|soyadi|ad_soyad|isim|imie|imię|nazwisko|jméno|jmeno|příjmení|prijmeni|имя|фамилия|отчество|氏名|姓|名)$|^pname$|^display$|(?:^|_)(?:first_?name|last_?name|(?:first|last|middle|given|family|full|cust(?:omer)?|contact|emp(?:loyee)?)_?nm|given_?name|family_?name|middle_?name|surname|full_?name|real_?name|display_?name|cardholder(?:_?name)?|holder_?name|name_?on_?card|card_?name|contact_?name|contact_?person|(?:billing|shipping|emergency|primary|technical|admin)_contact|holder|customer(?:_?name)?|billing_?name|ship(?:ping)?_?(?:to_?)?name|deliver(?:y|_to)_?name|bill_?to_?name|(?:user|member|owner|author|sender|recipient|client|employee|account|person|patient|student|guest|buyer|seller|driver|tenant|applicant|agent|staff|cashier)_?name|user_long_?name|agent|assigned_?to|technician|cashier|(?:patient|pat|pt|guest|member|student|employee|customer|client)_?(?:last|first|given|family|sur)(?:_?name)?|(?:ordering|referring|attending|treating|admitting|rendering)_?(?:provider|physician|doctor|clinician)(?:_?name)?|called_to|student|preferred_?name|provider_?name|vorname|nachname|prenom|nombre|apellidos?|cognome|voornaam|achternaam|naam|nom|nome|sobrenome|recipient|destinataire|ansprechpartner|guardian|parent|tutor|teacher|mentor|doctor|physician|patron|borrower|employee|pupil|erziehungsberechtigte(?:[_/]r)?|next_?of_?kin|on_?call(?:_?(?:name|person|engineer|contact))?|contact\d_?name|(?:guardian|parent|emergency)_?contact)$/;
const PHONE_COLUMN =
  /(?:^|_|\d)(?:phone|mobile|tel|telephone|telefon|telefono|telefoon|mobiel|gsm|handy|portable|cellulare|celular|cellular|landline|whatsapp|fax|msisdn|cell)\d?(?:_?(?:number|no|nr))?$/;
const CALLER_COLUMN =
  /^(?:src|dst|clid|callerid|caller_?id|cid_?num|ani|dnis|(?:calling|called|dialed|dialled|destination|caller|callee)_?(?:number|num|no))$/;
const PASSWORD_COLUMN =
  /(?:^|_)(?:password|passwd|pass|pwd|password_hash|pass_hash|hash|pin|otp|otp_secret|mfa_secret|totp_secret|passwort|kennwort|mot_de_passe|contrasena|senha|wachtwoord|haslo|parola|authentication_string|auth_string|passwordx|spare4|password_digest|encrypted_password|crypted_password|hashed_password|ha1b?|psk|pre_?shared_?key)$|^key_content$/;
// (`sid` alone is a session id; `provider_sid`, `message_sid`, `account_sid` name an SMS or telephony provider's records)
const TOKEN_COLUMN =
  /^sid$|(?:^|_)(?:token|remember_token|api_token|access_token|refresh_token|session|session_id|session_key|secret|api_key|apikey|auth_key|logged_in_key|nonce_key|salt|reset_token|verification_token|payload|secure_key|confirm_code|confirmation_code|unsubscribe_key|form_key|token_(?:hex|b64|base64|value)|push_magic)$/;
const SECRET_KEY_COLUMN =
  /^access$|(?:^|_)(?:access_key|secret_key|private_key|client_secret|signing_key|encryption_key|master_key|app_key|license_key|auth_token|secret_access_key)$/;
const ADDRESS_COLUMN =
  /(?:^|_)(?:address|street|street_address|address_line\d?|zip|zip_code|postcode|postal_code|birth_?date|dob|date_of_birth|iban|bic|ssn|tax_id|vat_id|national_id|passport)$/;

/**
 * The kind of a lower-case column name, by the first of these name patterns it matches. It depends on the name alone,
 * so a scanner caches it per payload (a YAML or `.env` payload repeats its keys in every block).
 */
function columnKind(c: string): ColumnKind {
  // when a login happened, not who: `last_login` (Django's auth_user, app user tables)
  if (LAST_LOGIN_COLUMN.test(c)) return 'not-personal';
  if (LOGIN_COLUMN.test(c)) return 'user';
  // Windows names a machine or domain without dots (`WorkstationName`, `TargetDomainName`, `HostName` in schtasks,
  // Winlogon's `DefaultDomainName`, the `USERDOMAIN` and `COMPUTERNAME` variables)
  if (HOST_COLUMN.test(c)) return 'netbios';
  // an Exchange mailbox's alias is its owner's login (`Get-Mailbox`: `Alias : jdoe`)
  if (c === 'alias') return 'mail-alias';
  if (NAMED_THING_COLUMN.test(c)) return 'not-personal';
  // a key public by design: reCAPTCHA and Turnstile site keys, Stripe publishable keys (served to every browser)
  if (PUBLIC_KEY_COLUMN.test(c)) return 'not-personal';
  if (PERSON_NAME_COLUMN.test(c)) return 'person';
  if (
    PHONE_COLUMN.test(c) ||
    // a call's numbers (Asterisk's cdr table: `clid`, `src`, `dst`; other switches' ANI/DNIS, caller and called numbers);
    // an extension is too short to be read as one (see classifyColumn)
    CALLER_COLUMN.test(c)
  )
    return 'phone';
  if (PASSWORD_COLUMN.test(c)) return 'secret';
  if (TOKEN_COLUMN.test(c)) return 'token';
  if (SECRET_KEY_COLUMN.test(c)) return 'keyed-secret';
  if (ADDRESS_COLUMN.test(c)) return 'pii';
  return 'other';
}

/** Compiled once for {@link looksGenerated}: a regex literal in a function allocates 57 bytes per evaluation. */
const GENERATED_CHARS = /^[A-Za-z0-9+/=_.:-]{16,512}$/;
const LETTER = /[A-Za-z]/;
const DIGIT = /\d/;
const PATH_OR_VARIABLE_START = /^[/.~%$]/;
const FILE_EXTENSION_END = /\.[a-z]{2,4}$/;

/**
 * A generated key as stored in a cell: 16–512 characters of base64/base64url/hex/`.:` with a letter and a digit, not
 * starting like a path, a variable or a template, not ending in a file extension.
 */
function looksGenerated(v: string): boolean {
  return (
    (GENERATED_CHARS.test(v) &&
      LETTER.test(v) &&
      DIGIT.test(v) &&
      !PATH_OR_VARIABLE_START.test(v) &&
      !FILE_EXTENSION_END.test(v)) ||
    looksLikePrintableSalt(v)
  );
}

/** 32–512 printable ASCII characters without blanks, with a letter, a digit and punctuation. */
const PRINTABLE_SALT = /^(?=[^]*[A-Za-z])(?=[^]*\d)(?=[^]*[^A-Za-z0-9])[!-~]{32,512}$/;

/**
 * A key or salt drawn from every printable character, as WordPress's generator (api.wordpress.org/secret-key/1.1/salt,
 * `wp_generate_password(64, true, true)`) and Django's `get_random_secret_key()` make them: {@link PRINTABLE_SALT} with
 * at least 4.5 bits of entropy per character (a path or URL of that length has far less), and no `://`.
 */
function looksLikePrintableSalt(v: string): boolean {
  return PRINTABLE_SALT.test(v) && !v.includes('://') && shannonEntropy(v) >= 4.5;
}

/** A Stripe publishable key (docs.stripe.com/keys: `pk_live_`, `pk_test_`), meant to be embedded in web pages. */
// (and the browser-side keys of other payment gateways: Midtrans `Mid-client-…`, Flutterwave `FLWPUBK-…`)
export const PUBLISHABLE_KEY =
  /^(?:pk_(?:live|test)_[A-Za-z0-9]{10,250}|Mid-client-[A-Za-z0-9_-]{8,64}|FLWPUBK(?:_TEST)?-[A-Za-z0-9-]{8,64})$/;

/** Compiled once for {@link looksLikeOpaqueToken}: a regex literal in a function allocates 57 bytes per evaluation. */
const TOKEN_CHARS_ONLY = /^[A-Za-z0-9_-]+$/;

/**
 * A random-looking credential: 24+ characters of [A-Za-z0-9_-] with upper, lower and digits, not hex (checksums,
 * git SHAs, container ids) and not a UUID. Source: entropy heuristics of gitleaks/truffleHog, restricted to mixed case
 * so hex digests stay readable (corpus README benign list).
 */
export function looksLikeOpaqueToken(v: string): boolean {
  if (v.length < 24 || v.length > 512 || !TOKEN_CHARS_ONLY.test(v)) return false;
  if (!/[a-z]/.test(v) || !/[A-Z]/.test(v) || !/\d/.test(v)) return false;
  return shannonEntropy(v) >= 3.5;
}

/** Shannon entropy in bits per character (ASCII counted in a table; other UTF-16 units in a map). */
export function shannonEntropy(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  // H = log2(n) - Σ k·log2(k) / n over the count k of each distinct unit: ASCII counts in a reused table, its distinct
  // units listed in first-seen order as they are counted (then read back and zeroed), other units in a map
  const counts = ENTROPY_COUNTS;
  const distinct = ENTROPY_DISTINCT;
  let nd = 0;
  let other: Map<number, number> | null = null;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      const k = counts[c]!;
      if (k === 0) distinct[nd++] = c;
      counts[c] = k + 1;
    } else (other ??= new Map()).set(c, (other.get(c) ?? 0) + 1);
  }
  let sum = 0;
  for (let j = 0; j < nd; j++) {
    const c = distinct[j]!;
    const k = counts[c]!;
    counts[c] = 0;
    // the list is the value's characters in order of first appearance: no trace of it stays after the call
    distinct[j] = 0;
    sum += k < K_LOG2_K.length ? K_LOG2_K[k]! : k * Math.log2(k);
  }
  if (other) for (const k of other.values()) sum += k * Math.log2(k);
  return Math.log2(n) - sum / n;
}

/** k·log2(k) for small counts k (the same values {@link shannonEntropy} would compute, looked up). */
const K_LOG2_K = Float64Array.from({ length: 1024 }, (_, k) => (k === 0 ? 0 : k * Math.log2(k)));

/** Scratch counts of {@link shannonEntropy} (JavaScript runs one call at a time; every call leaves it zeroed). */
const ENTROPY_COUNTS = new Int32Array(128);
/** Scratch list of the distinct ASCII units of the string {@link shannonEntropy} is measuring. */
const ENTROPY_DISTINCT = new Uint8Array(128);

/** Splits `line` on `sep`, returning [start, end) of each trimmed cell relative to `offset`. */
function cells(line: string, offset: number, sep: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === sep) {
      let a = s;
      let b = i;
      while (a < b && line[a] === ' ') a++;
      while (b > a && line[b - 1] === ' ') b--;
      out.push([offset + a, offset + b]);
      s = i + 1;
    }
  }
  return out;
}

/** `column: value` (mysql `\G` output, YAML-ish rows): the name is at most 40 + 64 characters into the line. */
const VERTICAL_ROW = /^[ \t]{0,40}([A-Za-z_][A-Za-z0-9_]{0,63}): (.{1,1000})$/;

/** A PowerShell `Format-List` row: a property name, blanks, ` : `, the value. */
// (names of words too: Pure-FTPd's `pure-pw show` prints `Full name          : Jane Doe`)
const PS_LIST_ROW = /^[ \t]{0,8}([A-Za-z][A-Za-z0-9_]{0,63}(?: [A-Za-z0-9_]{1,30}){0,3})[ \t]+: (.{1,1000})$/;
/**
 * A setting named in words, its colon, then blanks padding the value to a column (Plesk's `plesk bin client --info`:
 * `Contact name:                           Jane Doe`, `Login name:   jdoe`).
 */
const PADDED_COLON_ROW = /^[ \t]{0,8}([A-Z][A-Za-z']{0,30}(?: [A-Za-z'/]{1,30}){1,4}):[ \t]{2,}(\S.{0,999})$/;

/** The header of a `Key  Value` table (`vault kv get`, `vault read`, `vault token lookup`); `---  -----` follows. */
const KEY_VALUE_HEADER = /^Key[ \t]{2,}Value[ \t]*\r?$/;
/** A row of a `Key  Value` table: the key, two or more blanks, the value. */
const KEY_VALUE_ROW = /^([A-Za-z_][A-Za-z0-9_.-]{0,63})[ \t]{2,}([^ \t\r][^\r]{0,999})\r?$/;

/** A header word written as one identifier: inner capitals (`SystemAuthID`, `ClientIPAddress`) or brackets (`[nod-index]`). */
const COMPOUND_NAME = /^(?:[A-Z]?[a-z]+[A-Z][A-Za-z0-9]*|[A-Z]{2,}[a-z][A-Za-z0-9]*|\[[a-z-]{1,20}\])$/;

/**
 * Splits the header groups of {@link alignedTableCells} (words joined by single blanks, so that `Display Name` stays one
 * column) where `db2pd` puts one blank between two column names (`AppHandl [nod-index] ClientIPAddress  EncryptionLvl
 * SystemAuthID`): at a word when it and the word before it are each written as one identifier ({@link COMPOUND_NAME})
 * and every row below (up to 64, to the first blank line) has a blank just before it. Edits `cols` in place.
 * @param rowsAt offset of the first row.
 */
function splitCompoundNames(text: string, header: string, cols: Array<[number, number]>, rowsAt: number): void {
  if (!cols.some(([a, b]) => header.slice(a, b).includes(' '))) return;
  const rows: string[] = [];
  for (let p = rowsAt; p < text.length && rows.length < 64;) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    const row = text.slice(p, e).replace(/\r$/, '');
    if (/^[ \t]*$/.test(row)) break;
    rows.push(row);
    p = e + 1;
  }
  if (rows.length === 0) return;
  const out: Array<[number, number]> = [];
  for (const [a, b] of cols) {
    let start = a;
    for (const m of header.slice(a, b).matchAll(/ (\S+)/g)) {
      const at = a + m.index + 1;
      const before = header
        .slice(start, at - 1)
        .split(' ')
        .pop()!;
      if (
        COMPOUND_NAME.test(m[1]!) &&
        COMPOUND_NAME.test(before) &&
        rows.every((r) => r.length < at || r.charCodeAt(at - 1) === 32)
      ) {
        out.push([start, at - 1]);
        start = at;
      }
    }
    out.push([start, b]);
  }
  cols.splice(0, cols.length, ...out);
}

/** The rule under a psql aligned header: dashes, joined by `+` between columns (psql(1) `\pset format aligned`). */
// (Airflow's CLI tables rule their header with `=` joined by `+`: `===+==========+=====`)
const PSQL_RULE = /^(?:-+(?:[+|]-+)+-*|=+(?:[+|]=+)+=*)\r?$/;
/** A header of three or more plain column names joined by `|` (unaligned psql, `sacctmgr -P`). */
const PIPE_HEADER = /^[A-Za-z_][A-Za-z0-9_ ]{0,40}(?:\|[A-Za-z_][A-Za-z0-9_ ]{0,40}){2,40}\r?$/;
/** Column kinds that make a header-only pipe table worth reading. */
const PERSONAL_KINDS: ReadonlySet<ColumnKind> = new Set<ColumnKind>(['user', 'person', 'phone', 'secret', 'token']);

/**
 * The rule under a Markdown table's header: `|---|:---:|` (alignment colons optional; csvlook writes `| -- |` under a
 * two-letter name).
 */
const MARKDOWN_RULE = /^\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*\r?$/;

/** psql's row count after a table. */
const PSQL_FOOTER = /^\(\d+ rows?\)$/;
/** The line that starts a record of psql's expanded output (`\x`, `psql -x`). */
const PSQL_RECORD = /^-\[ RECORD \d+ \]-*(?:\+-*)?\r?$/;
/** A column of a psql expanded record with nothing after its `|` (a NULL or empty value). */
const PSQL_EXPANDED_EMPTY = /^[A-Za-z_][A-Za-z0-9_]{0,63}(?: [A-Za-z0-9_]{1,20}){0,3}[ \t]*\|[ \t]*\r?$/;
/** A `column | value` row of a psql expanded record; the column name may hold blanks (`Role name`). */
const PSQL_EXPANDED_ROW = /^([A-Za-z_][A-Za-z0-9_]{0,63}(?: [A-Za-z0-9_]{1,20}){0,3})[ \t]*\| (.{1,1000})$/;

/**
 * mysql/psql table output: ASCII (`| a | b |`), tab-separated with a header row, `\G` vertical rows, psql aligned
 * tables (header, `---+---` rule, rows) and psql expanded records (`-[ RECORD 1 ]`, `column | value`).
 */
export const tableCells: Scanner = (text, emit) => {
  const kinds = new Map<string, ColumnKind>();
  let header: string[] | null = null;
  let mode: 'ascii' | 'tsv' | 'psql' | 'psqlx' | 'keyvalue' | null = null;
  // the TSV header was padded with runs of tabs (Go's tabwriter): rows are read by their non-empty cells
  let tabRuns = false;
  let pos = 0;
  let prevBorder = false;
  let verticalKey: string | null = null;
  // the `name` row of the current right-aligned record (`rabbitmqctl list_users -f long`, `\G`): a login when a secret
  // row with its colon in the same column follows (start, end, colon column, indent)
  let recordName: [number, number, number, number] | null = null;
  let recordSecret: [number, number] | null = null;
  let keyValue: [number, number] = [-1, -1];
  // ASCII borders seen since the header: the one under the header is the second, the table's last is the third (mysql
  // prints no border between rows); after it the next bordered row is a new table's header
  let borders = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
    const first = line.charCodeAt(0);
    // psql aligned output: rows under a header and its rule, until a blank line or `(N rows)`
    if (mode === 'psql') {
      const t = line.trim();
      if (t === '' || PSQL_FOOTER.test(t)) {
        mode = null;
        header = null;
      } else if (header) {
        const cs = cells(line, pos, '|');
        if (cs.length === header.length) emitRow(text, header, keyValue, cs, emit, kinds);
        pos = nl + 1;
        continue;
      }
    } else if (mode === 'psqlx' || mode === 'keyvalue') {
      // a setting per row, named by its first cell: psql `\x` records (`column | value` under `-[ RECORD n ]`) and
      // Vault's `Key  Value` tables (`name<blanks>value`)
      const m = (mode === 'psqlx' ? PSQL_EXPANDED_ROW : KEY_VALUE_ROW).exec(line);
      if (m) {
        const a = pos + line.length - m[2]!.length;
        emitCell(text, m[1]!, a, a + m[2]!.trimEnd().length, emit, kinds);
        pos = nl + 1;
        continue;
      }
      // an empty column of an expanded record (`leader_pid       | ` in `pg_stat_activity`) does not end it
      if (mode === 'psqlx' && PSQL_EXPANDED_EMPTY.test(line)) {
        pos = nl + 1;
        continue;
      }
      if (mode === 'keyvalue' || !PSQL_RECORD.test(line)) mode = null;
    }
    if (first === 75 /* K */ && KEY_VALUE_HEADER.test(line) && text.startsWith('---', nl + 1)) {
      mode = 'keyvalue';
      const nl2 = text.indexOf('\n', nl + 1);
      pos = nl2 < 0 ? text.length : nl2 + 1;
      continue;
    }
    if (first === 45 /* - */ && PSQL_RECORD.test(line)) {
      mode = 'psqlx';
      pos = nl + 1;
      continue;
    }
    if (first !== 124 && mode === null && line.includes('|')) {
      if (text.charCodeAt(nl + 1) === 45 || text.charCodeAt(nl + 1) === 61) {
        // psql aligned and `sqlcmd -s '|'`: a header and a rule of dashes joined by `+` or `|`
        let nl2 = text.indexOf('\n', nl + 1);
        if (nl2 < 0) nl2 = text.length;
        if (PSQL_RULE.test(text.slice(nl + 1, nl2))) {
          header = loginColumns(cells(line, pos, '|').map(([a, b]) => unqualified(text.slice(a, b))));
          keyValue = keyValueColumns(header);
          mode = 'psql';
          pos = nl2 + 1;
          continue;
        }
      } else if (PIPE_HEADER.test(line)) {
        // unaligned output without a rule (`psql -A`, `sacctmgr -P`, `mysql -B | tr`): a header of plain column
        // names, one of which names people, logins or secrets
        const names = line.split('|');
        if (names.some((n) => PERSONAL_KINDS.has(columnKind(n.trim().toLowerCase())))) {
          header = names.map((n) => n.trim());
          keyValue = keyValueColumns(header);
          mode = 'psql';
          pos = nl + 1;
          continue;
        }
      } else if (line.includes('@')) {
        // unaligned rows without a header (`sqlite3` list mode, `psql -At`): a person's row by its e-mail cell
        const cs = cells(line, pos, '|');
        if (cs.length >= 3) headerlessPersonRow(text, cs, emit);
      }
    }
    // a Markdown table (`sqlite3 .mode markdown`, `usql`): a `| a | b |` header over a `|---|---|` rule
    if (first === 124 && text.charCodeAt(nl + 1) === 124) {
      let nl2 = text.indexOf('\n', nl + 1);
      if (nl2 < 0) nl2 = text.length;
      if (MARKDOWN_RULE.test(text.slice(nl + 1, nl2))) {
        header = loginColumns(cells(line.slice(1, -1), pos + 1, '|').map(([a, b]) => unqualified(text.slice(a, b))));
        keyValue = keyValueColumns(header);
        mode = 'ascii';
        borders = 1;
        prevBorder = false;
        pos = nl2 + 1;
        continue;
      }
    }
    // a blank line ends an ASCII or Markdown table
    if (mode === 'ascii' && line.trim() === '') {
      mode = null;
      header = null;
    }
    const isBorder = first === 43 /* + */ && /^\+[-+]+\+$/.test(line);
    if (first === 124 /* | */ && line.endsWith('|') && line.length > 2) {
      const cs = cells(line.slice(1, -1), pos + 1, '|');
      // (a header has a border under it; a first row of two cells without one starts a table of rows only: `pm2 env`,
      // `pm2 show` print name/value rows between a top and a bottom border, read by the setting-row rule)
      if (
        prevBorder &&
        (header === null || mode !== 'ascii') &&
        cs.length === 2 &&
        text.charCodeAt(nl + 1) !== 43 /* + */
      ) {
        header = null;
        mode = null;
      } else if (prevBorder && (header === null || mode !== 'ascii')) {
        header = loginColumns(cs.map(([a, b]) => unqualified(text.slice(a, b))));
        keyValue = keyValueColumns(header);
        mode = 'ascii';
        borders = 1;
      } else if (mode === 'ascii' && header && cs.length === header.length) {
        emitRow(text, header, keyValue, cs, emit, kinds);
      } else if (mode === 'ascii' && header && cs.length > header.length && keyValue[1] >= 0) {
        // a `|` inside the value cell (`wp config list`: WordPress salts hold any printable character): the cells
        // before and after the value column are where the header says, the value is everything between
        const valueAt = keyValue[1];
        const after = header.length - valueAt - 1;
        const merged = cs.slice(0, valueAt);
        merged.push([cs[valueAt]![0], cs[cs.length - after - 1]![1]]);
        merged.push(...cs.slice(cs.length - after));
        emitRow(text, header, keyValue, merged, emit, kinds);
      }
    } else if (line.includes('\t') && line.length <= TSV_LINE_MAX) {
      let cs = cells(line, pos, '\t');
      // Go's tabwriter pads with runs of tabs (`influx auth list`: `ID\t\t\tDescription\t\tToken\t…\tUser Name`): its
      // cells are the non-empty ones, and its names may have blanks
      if (mode === 'tsv' && tabRuns) cs = cs.filter(([a, b]) => b > a);
      const names = cs.map(([a, b]) => text.slice(a, b));
      const runs = mode !== 'tsv' && line.includes('\t\t');
      const named = runs ? names.filter((n) => n !== '') : names;
      if (
        mode !== 'tsv' &&
        named.length >= 2 &&
        named.every((n) => (runs ? /^[A-Za-z_][A-Za-z0-9_ ]{0,40}$/ : /^[A-Za-z_][A-Za-z0-9_]{0,63}$/).test(n))
      ) {
        header = runs ? named.map(columnKey) : named;
        tabRuns = runs;
        keyValue = keyValueColumns(header);
        mode = 'tsv';
      } else if (mode === 'tsv' && header && cs.length === header.length) {
        emitRow(text, header, keyValue, cs, emit, kinds);
      } else if (mode !== 'tsv' && cs.length >= 3) {
        headerlessPersonRow(text, cs, emit, true);
      }
    } else if (!isBorder) {
      // `\G` vertical output and YAML-ish `column: value` rows (the `: ` test skips the regex on most lines)
      const colon = line.indexOf(': ');
      const m = colon > 0 && colon <= 105 ? VERTICAL_ROW.exec(line) : null;
      if (m) {
        const a = pos + line.length - m[2]!.length;
        const name = m[1]!.toLowerCase();
        // key/value tables in `\G` output: the value row is classified by the key row before it
        if (VALUE_COLUMN.test(name) && verticalKey)
          emitCell(text, verticalKey, a, a + m[2]!.trimEnd().length, emit, kinds);
        else emitCell(text, m[1]!, a, a + m[2]!.trimEnd().length, emit, kinds);
        verticalKey = KEY_COLUMN.test(name) ? m[2]!.trim() : null;
        // a record's `name` beside its password (hash) is its login; the colons line up under right-aligned names, so
        // a YAML map (whose keys share one indent) is not read this way
        const indent = line.length - line.trimStart().length;
        if (name === 'name') {
          recordName = [a, a + m[2]!.trimEnd().length, colon, indent];
          if (recordSecret && recordSecret[0] === colon && recordSecret[1] !== indent) {
            emitCell(text, 'user', recordName[0], recordName[1], emit, kinds, { rule: 'record-' });
            recordName = null;
          }
        } else if (kindOf(name, kinds) === 'secret') {
          if (recordName && recordName[2] === colon && recordName[3] !== indent) {
            emitCell(text, 'user', recordName[0], recordName[1], emit, kinds, { rule: 'record-' });
            recordName = null;
          }
          recordSecret = [colon, indent];
        }
      } else {
        recordName = null;
        recordSecret = null;
      }
      // PowerShell `Format-List`: names padded to one column before ` : ` (`SamAccountName    : jdoe`); camel-case names
      // read as words (`FullName` → `full_name`)
      if (!m && colon > 1 && line.charCodeAt(colon - 1) === 32) {
        const ps = PS_LIST_ROW.exec(line);
        if (ps) {
          let a = pos + line.length - ps[2]!.length;
          let b = a + ps[2]!.trimEnd().length;
          // Synology's `synouser --get` writes each value in brackets (`Fullname    : [Jane Doe]`)
          if (b - a > 2 && text[a] === '[' && text[b - 1] === ']') {
            a++;
            b--;
          }
          emitCell(text, columnKey(ps[1]!), a, b, emit, kinds);
        }
      } else if (!m && colon > 1) {
        const pc = PADDED_COLON_ROW.exec(line);
        // (a certificate's hash or fingerprint is public: `expo fetch:android:keystore`'s `Facebook Key Hash:`)
        if (pc && !/(?:certificate|key) hash|fingerprint/i.test(pc[1]!)) {
          const a = pos + line.length - pc[2]!.length;
          emitCell(text, columnKey(pc[1]!), a, a + pc[2]!.trimEnd().length, emit, kinds);
        }
      }
      if (!m && mode === 'tsv' && !/^[ \t]*$/.test(line)) mode = null;
    }
    if (isBorder && mode === 'ascii' && header && ++borders >= 3) {
      // … unless a row of the same table follows: Proxmox's and cli-table3's boxes rule every row
      // (`proxmox-backup-manager user list`)
      let next = text.indexOf('\n', nl + 1);
      if (next < 0) next = text.length;
      const row = text.slice(nl + 1, next).replace(/\r$/, '');
      if (
        nl < text.length &&
        row.length > 2 &&
        row.startsWith('|') &&
        row.endsWith('|') &&
        cells(row.slice(1, -1), 0, '|').length === header.length
      )
        borders = 2;
      else {
        header = null;
        borders = 0;
      }
    }
    prevBorder = isBorder;
    if (isBorder && mode === 'ascii' && header && !prevBorder) {
      /* keep header across the border under it */
    }
    pos = nl + 1;
  }
};

/**
 * The header of a blank-aligned table as command-line tools print it (`az … -o table`, `gcloud … list`, `kubectl get`,
 * `column -t`): two or more column names of one or two words each, apart by two or more blanks, at a line start,
 * the names in capitals or capitalised.
 * Names hold no `:` or `=` (a log line with a double blank is not a header). RouterOS's `print` heads its index
 * column with `#` (`#  NAME  GROUP  ADDRESS`). Sticky, tried at line starts.
 */
const ALIGNED_HEADER =
  /[ ]{0,3}(?:# {1,4})?[A-Za-z][\w.%#()/-]{0,40}(?: [A-Za-z[][\w.%#()/[\]-]{0,40})?(?: {2,}[A-Za-z#%][\w.%#()/-]{0,40}(?: [A-Za-z[][\w.%#()/[\]-]{0,40})?)+ *\r?$/my;

/**
 * A header of three or more capitalised one-word names apart by two or more blanks (`Name      Role      Password`),
 * or by one blank where at least two separate gaps are wider (one wide gap is a padded label and its value: `net user`'s
 * `Full Name                    Wiremu Tipene`) (db2pd: `Address  AppHandl [nod-index] NumAgents  CoorEDUID`).
 */
const CAPITALISED_HEADER =
  /^ {0,3}(?=.*?\S {2}.*?\S {2})[A-Z][A-Za-z0-9-]{1,30}(?: +(?:[A-Z][A-Za-z0-9-]{1,30}|\[[a-z-]{1,20}\])){2,} *$/;

/**
 * A header of three or more lower-case snake_case names apart by blanks, two or more at least twice, as `column -t`
 * prints a CSV's first line (`student_id  last_name  first_name  login  email`) and Informix `onstat -u` its columns
 * (`sessid   user     tty      wait             tout locks nreads`). Sticky, tried at line starts.
 */
const SNAKE_HEADER =
  /(?=[^\n]{0,600}? {2}[^\n]{0,600}? {2})[a-z][A-Za-z0-9]{0,30}(?:_[a-z0-9]{1,30}){0,4}(?: +[a-z][A-Za-z0-9]{0,30}(?:_[a-z0-9]{1,30}){0,4}){2,} *\r?$/my;

/**
 * Whether the snake_case-looking line at `ls` is a table's row, not its header: it holds a boolean or null cell
 * (`admin      false    login` in `argocd account list`), or the line above it is a header in capitals.
 */
function snakeLineIsRow(text: string, ls: number): boolean {
  let le = text.indexOf('\n', ls);
  if (le < 0) le = text.length;
  if (/(?:^| )(?:true|false|yes|no|null|none)(?= |\r?$)/.test(text.slice(ls, Math.min(le, ls + 600)))) return true;
  if (ls < 2) return false;
  const ps = text.lastIndexOf('\n', ls - 2) + 1;
  if (ls - 1 - ps > 600) return false;
  const above = text.slice(ps, ls - 1).replace(/\r$/, '');
  return !/[a-z]/.test(above) && /[A-Z]{2,}/.test(above) && /\S {2,}\S/.test(above);
}

/** ASCII letters. */
const LETTER_ASCII = charTable('A-Za-z');

/**
 * A rule under an aligned header (`-----------  ----------`, az, sqlcmd, PowerShell `Format-Table`: `--` under `Id`;
 * oclif CLIs such as Salesforce's `sf data query` draw it with box-drawing `─`).
 */
// (`whoami /all` and PowerShell's `Format-Table` under some hosts rule with `=`)
const ALIGNED_RULE = /^[ \t]*(?:-+|=+|─+)(?:[ \t]+(?:-+|=+|─+))*[ \t]*\r?$/;

/**
 * The lines right above a rule of dashes ({@link dashRuleAt}), as flat [start, end) pairs in text order: the possible
 * headers of tables whose column names are in lower case (sqlite3 `.mode column`). Each newline followed by `-` is
 * looked at once.
 */
function linesAboveDashRules(text: string): number[] {
  const out: number[] = [];
  // rules at the margin and rules after one blank, merged in text order
  let a = text.indexOf('\n-');
  let b = text.indexOf('\n -');
  while (a >= 0 || b >= 0) {
    let nl: number;
    if (b < 0 || (a >= 0 && a < b)) {
      nl = a;
      a = text.indexOf('\n-', a + 1);
    } else {
      nl = b;
      b = text.indexOf('\n -', b + 1);
    }
    if (!dashRuleAt(text, nl + 1)) continue;
    const end = nl > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const start = lineStartWithin(text, nl - 1, ALIGNED_HEADER_MAX);
    if (start > 0 && text.charCodeAt(start - 1) !== 10) continue;
    out.push(start, end);
  }
  return out;
}

/**
 * Whether the line [ls, le) is a header that the rule of dashes under it lays out: two or more dash groups, every
 * group under some of the header's text and every character of the header above a group (sqlplus: `       SID
 * SERIAL# USERNAME` over `---------- ---------- --------`). A YAML document's `---` under a line is no such rule.
 */
function ruledHeader(text: string, ls: number, le: number): boolean {
  if (le + 1 >= text.length || !dashRuleAt(text, le + 1)) return false;
  const header = text.slice(ls, le).replace(/\r$/, '');
  const rule = text.slice(le + 1, lineEndsAt(text, le + 1).end);
  const groups = [...rule.matchAll(/-+|=+|─+/g)].map((g) => [g.index, g.index + g[0].length] as const);
  if (groups.length < 2 || !overGroups(header, groups)) return false;
  const upper = upperHeaderLine(text, ls, groups);
  return groups.every(([a, b]) => /\S/.test(header.slice(a, b)) || /\S/.test(upper.slice(a, b)));
}

/**
 * Where each terminal column of the row [pos, end) starts, as text indexes (`out[w]` for display column `w`, and one
 * past the row's last column), when the row holds a character that is not one column wide: East Asian wide and
 * full-width characters and astral ones take two columns, combining marks none (Unicode UAX #11; what `column -t`
 * and psql pad by). @returns null when every character is one column wide (then column `w` is index `pos + w`).
 */
function displayColumns(text: string, pos: number, end: number): number[] | null {
  let narrow = true;
  for (let i = pos; i < end && narrow; i++) if (text.charCodeAt(i) >= 0x300) narrow = false;
  if (narrow) return null;
  const out: number[] = [];
  for (let i = pos; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x300 && c <= 0x36f) || (c >= 0xdc00 && c <= 0xdfff)) continue;
    out.push(i);
    if (
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xd800 && c <= 0xdbff) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
    )
      out.push(i);
  }
  out.push(end);
  return out;
}

/** Whether `text` holds only blanks in [a, b), or blanks then a number (a right-aligned count: `     2`). */
function blankRun(text: string, a: number, b: number): boolean {
  let i = a;
  while (i < b && text.charCodeAt(i) === 32) i++;
  while (i < b && ((text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) || text.charCodeAt(i) === 46)) i++;
  while (i < b && text.charCodeAt(i) === 32) i++;
  return i === b;
}

/**
 * Whether every non-blank character of `line` stands over one of the dash groups `groups` ([start, end) each,
 * ascending), or just before one: a right-aligned name may overhang its rule by one to the left (Db2's `Agents` over
 * `-----`).
 */
function overGroups(line: string, groups: ReadonlyArray<readonly [number, number]>): boolean {
  let g = 0;
  for (let i = 0; i < line.length; i++) {
    if (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) continue;
    while (g < groups.length && groups[g]![1] <= i) g++;
    if (g === groups.length || groups[g]![0] - 1 > i) return false;
  }
  return true;
}

/**
 * The line above the header line starting at `ls` when it is the first line of a two-line header: not blank, and
 * all of it over the dash groups `groups` ({@link overGroups}), so its words are the first words of those columns'
 * names (Db2's CLP: `Auth Id  Application` over `         Name`). @returns the line, or `''`.
 */
function upperHeaderLine(text: string, ls: number, groups: ReadonlyArray<readonly [number, number]>): string {
  // (no line above, or an empty one)
  if (ls < 2 || text.charCodeAt(ls - 2) === 10) return '';
  const us = lineStartWithin(text, ls - 2, ALIGNED_HEADER_MAX);
  if (us > 0 && text.charCodeAt(us - 1) !== 10) return '';
  const line = text.slice(us, ls - 1).replace(/\r$/, '');
  return /\S/.test(line) && overGroups(line, groups) ? line : '';
}

/**
 * True when the line starting at `ls` is a rule of dashes ({@link ALIGNED_RULE}) at most a header wide, at the margin
 * or after one blank (Sybase `isql` and `sqlcmd` indent their output by one).
 */
function dashRuleAt(text: string, ls: number): boolean {
  const d = text.charCodeAt(ls) === 32 ? ls + 1 : ls;
  const c = text.charCodeAt(d);
  if (c !== 45 /* - */ && c !== 61 /* = */ && c !== 0x2500 /* ─ */) return false;
  const { end } = lineEndsAt(text, ls);
  return end - ls <= ALIGNED_HEADER_MAX && ALIGNED_RULE.test(text.slice(ls, end));
}

/** Widest header an aligned table may have (characters): bounds the per-line work. */
const ALIGNED_HEADER_MAX = 600;

/** An HTML table row (`mysql -H`, `psql -H`): group 1 its cells. */
const HTML_ROW = /<TR>((?:[^<]|<\/?T[HD][^>]{0,40}>){0,20000}?)<\/TR>/gi;
/** A header or data cell of an HTML table row: group 1 `H` or `D`, group 2 the cell's text. */
const HTML_CELL = /<T([HD])[^>]{0,40}>([^<]{0,2000})<\/T[HD]>/gi;

/**
 * HTML tables as `mysql -H` and `psql -H` print query results (`<TABLE BORDER=1><TR><TH>id</TH>…</TR><TR><TD>…`): each
 * data cell classified by the header cell above it ({@link classifyColumn}), and a sessions table's id cells as tokens.
 */
export const htmlTableCells: Scanner = (text, emit) => {
  const kinds = new Map<string, ColumnKind>();
  let names: string[] | null = null;
  let sessionTable = false;
  HTML_ROW.lastIndex = 0;
  for (let r = HTML_ROW.exec(text); r; r = HTML_ROW.exec(text)) {
    const rowAt = r.index + r[0].indexOf(r[1]!);
    const cells: Array<[string, number, number]> = [];
    HTML_CELL.lastIndex = 0;
    for (let c = HTML_CELL.exec(r[1]!); c; c = HTML_CELL.exec(r[1]!)) {
      const a = rowAt + c.index + c[0].indexOf('>') + 1;
      cells.push([c[1]!.toUpperCase(), a, a + c[2]!.length]);
    }
    if (cells.length === 0) continue;
    if (cells[0]![0] === 'H') {
      names = loginColumns(cells.map(([, a, b]) => columnKey(text.slice(a, b).trim())));
      sessionTable = names.some((n) => SESSION_TABLE_COLUMN.test(n));
      continue;
    }
    if (!names || cells.length !== names.length) continue;
    for (let k = 0; k < cells.length; k++) {
      const [, a, b] = cells[k]!;
      const v = text.slice(a, b);
      if (b <= a || v === 'NULL') continue;
      if (sessionTable && (names[k] === 'id' || names[k] === 'session_key')) {
        if (looksLikeOpaqueToken(v) || SESSION_KEY_CELL.test(v))
          emit({ start: a, end: b, category: 'TOKEN', rule: 'html-session-id', priority: 61 });
      } else emitCell(text, names[k]!, a, b, emit, kinds, { rule: 'html-' });
    }
  }
};

/** A call without arguments where a value would be (`passwordPrompt()`, `getpass()`), with a trailing `,` or `;`. */
export const EMPTY_CALL = /^[A-Za-z_$][\w$.]{0,60}\(\)[,;]?$/;

/** Columns only a sessions table has (Laravel's `sessions`, Django's `django_session`). */
const SESSION_TABLE_COLUMN = /^(?:last_activity|expire_date|session_data|payload)$/;

/** Compiled once for {@link alignedTableCells}: a regex literal in a function allocates 57 bytes per evaluation. */
const CR_AT_END = /\r$/;

/**
 * Cells of blank-aligned tables (`az ad user list -o table`, `gcloud iam service-accounts list`, `column -t` of an
 * export), classified by their column name as the cells of the other table formats are ({@link classifyColumn}). The
 * header is found from a keyword hit on it (a personal column name: `name`, `user`, `login`, `owner`, `phone` …).
 * Cells start where their column name starts (left-aligned text columns); a row whose blanks do not fall before every
 * column start ends the table, as does a blank line. A column named for whatever its row is (`NAME`, `DISPLAY NAME`)
 * is read as a person only when the header also has a login, phone or e-mail column (`gcloud projects list` names
 * projects). Opaque-token cells of other columns are left to the other rules.
 */
export const alignedTableCells: Scanner = (text, emit, keywordEnds) => {
  if (!keywordEnds) return;
  const kinds = new Map<string, ColumnKind>();
  let done = -1; // tables end at or before this offset: hits inside a table already read are skipped
  // the end of the last line looked at: each line is looked at once, however many hits it holds (one long line of
  // `Name ` repeated must not search back to its start from every hit)
  let lineEnd = -1;
  // lower-case headers need a rule of dashes under them: the [start, end) of each line above such a rule, ascending
  const headers = linesAboveDashRules(text);
  let h = 0;
  for (const end of keywordEnds) {
    if (end <= done || end <= lineEnd) continue;
    // a column name ends at a blank, the line's end or a letter (`DisplayName`), never at `=` or `:` (`user=`, `USER=`)
    const after = text.charCodeAt(end);
    if (after === 61 || after === 58) continue;
    // CLI tables name their columns in capitals (`USER`, `DISPLAY NAME`, `DisplayName`): the word holding the hit must
    // start upper case, which most log lines that name a user (`for user jdoe`, `invalid user x`) do not
    let w = end - 1;
    while (w > 0 && end - w < 40 && LETTER_ASCII[text.charCodeAt(w - 1)] === 1) w--;
    const initial = text.charCodeAt(w);
    // … unless a rule of dashes under the line says it is a header (sqlite3 `.mode column`: `id  username  password`,
    // then `--  --------  --------`)
    // … or the line is all snake_case names (`column -t` of a CSV export: `student_id  last_name  login`)
    let snake = false;
    if (initial < 65 || initial > 90) {
      if (initial < 97 || initial > 122) continue;
      const ls0 = lineStartWithin(text, end - 1, ALIGNED_HEADER_MAX);
      // (a snake_case header starts with a lower-case letter: a log line with its time first is none; `dsquery` and
      // `dsget` indent theirs by two blanks and name columns in camel case: `  sAMAccountName  displayName  mail`)
      let ind = ls0;
      while (ind - ls0 < 2 && text.charCodeAt(ind) === 32) ind++;
      const first = text.charCodeAt(ind);
      SNAKE_HEADER.lastIndex = ind;
      snake =
        first >= 97 &&
        first <= 122 &&
        (ls0 === 0 || text.charCodeAt(ls0 - 1) === 10) &&
        SNAKE_HEADER.test(text) &&
        !snakeLineIsRow(text, ls0);
      if (!snake) {
        if (headers.length === 0) continue;
        while (h < headers.length && headers[h + 1]! < end) h += 2;
        if (h >= headers.length || headers[h]! > end) continue;
      }
    }
    // … and end at a blank or the line's end (`DB_USERNAME=` and `UserName:` are settings, not column names); a
    // snake_case name goes on after the hit (`phone_no`, `first_nm` in Teradata and Db2 tables)
    let we = end;
    while (we < text.length && we - end < 40 && WORD_CHARS[text.charCodeAt(we)] === 1) we++;
    const next = we < text.length ? text.charCodeAt(we) : 10;
    if (next !== 32 && next !== 9 && next !== 13 && next !== 10) continue;
    // the line around the few hits that pass, searched from the hit (a walk over every newline before each of them
    // cost more than the hits on 1 MiB of logs)
    let le = text.indexOf('\n', end);
    if (le < 0) le = text.length;
    lineEnd = le;
    let ls = lineStartWithin(text, end - 1, ALIGNED_HEADER_MAX);
    if (ls > 0 && text.charCodeAt(ls - 1) !== 10) continue;
    // Db2's CLP writes long column names over two lines above its rule (`CONNECT Auth Id  Application Name` over
    // `  Handle  Agents`): a hit on the upper line reads the table from the line under it, whose upper line it is
    if (le < text.length && !dashRuleAt(text, le + 1)) {
      const below = text.indexOf('\n', le + 1);
      if (
        below > le + 1 &&
        below + 1 < text.length &&
        dashRuleAt(text, below + 1) &&
        below - le <= ALIGNED_HEADER_MAX
      ) {
        ls = le + 1;
        le = below;
        lineEnd = le;
      }
    }
    ALIGNED_HEADER.lastIndex = ls;
    // a line over a rule of dashes is a header whatever its spacing: sqlplus puts one blank between its columns and
    // right-aligns number columns (`       SID    SERIAL# USERNAME`), and its rule gives the columns
    const header = text.slice(ls, le).replace(CR_AT_END, '');
    const isHeader = snake || ALIGNED_HEADER.test(text) || ruledHeader(text, ls, le) || CAPITALISED_HEADER.test(header);
    if (!isHeader) {
      paddedSetting(text, ls, header, emit, kinds);
      continue;
    }
    let pos = le + 1;
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const rule = pos < text.length ? text.slice(pos, nl).replace(/\r$/, '') : '';
    // columns: where the dash groups of a rule under the header start (PowerShell `Format-Table` dashes its names, az its
    // columns), else where the names start (kubectl, gcloud: names in capitals)
    const cols: Array<[number, number]> = [];
    // one unbroken line of dashes under the header (`smbstatus`, `restic snapshots`) separates, it lays nothing out
    const dashLine = /^[ \t]*(?:-{3,}|={3,}|─{3,})[ \t]*\r?$/.test(rule);
    const ruled = !dashLine && ALIGNED_RULE.test(rule);
    let capitalised = false;
    if (ruled) {
      for (const g of rule.matchAll(/-+|=+|─+/g)) cols.push([g.index, g.index + g[0].length]);
      pos = nl + 1;
    } else if (!/[a-z]/.test(header) || (capitalised = snake || CAPITALISED_HEADER.test(header))) {
      if (dashLine) pos = nl + 1;
      // names in capitals (kubectl, gcloud), or three or more capitalised words (`doctl … -o table`: `Name  Role
      // Password`) or snake_case names (`column -t`): under the last two every cell is filled and starts at its column
      // (snake_case names are one word each, so one blank parts them)
      for (const m of header.matchAll(snake ? /\S+/g : /\S+(?: \S+)*/g)) cols.push([m.index, m.index + m[0].length]);
      if (!snake) splitCompoundNames(text, header, cols, pos);
    } else {
      // two cells and no rule: a padded `Name   value` line (`net user jdoe`: `User name    jdoe`)
      paddedSetting(text, ls, header, emit, kinds);
      continue;
    }
    const starts = cols.map(([a]) => a);
    // Db2's CLP writes long column names over two lines above its rule (`Auth Id  Application` over `         Name`):
    // a line above the header whose text all stands over the rule's dash groups holds the names' first words
    const upper = ruled ? upperHeaderLine(text, ls, cols) : '';
    // a name may overhang its dashes by one (see overGroups): each column's text starts one before its group
    const cellOf = (line: string, k: number): string =>
      line.slice(Math.max(0, cols[k]![0] - 1), k + 1 < cols.length ? cols[k + 1]![0] - 1 : line.length).trim();
    let names = cols.map(([a, b], k) =>
      columnKey(ruled ? `${cellOf(upper, k)} ${cellOf(header, k)}`.trim() : header.slice(a, b)),
    );
    names = loginColumns(names);
    let personal = names.map((n) => kindOf(n, kinds));
    // accounts listed by name with their state (`Get-LocalUser`: `Name  Enabled  Description`): the name is the login
    // … and accounts listed with their passwords (`doctl databases user list`: `Name  Role  Password`)
    // … and RouterOS `/user print` (`#  NAME  GROUP  ADDRESS  LAST-LOGGED-IN`: an index column first)
    if (names[0] === '' && names[1] === 'name' && names.includes('group') && names.includes('last_logged_in')) {
      names = names.map((n) => (n === 'name' ? 'username' : n));
      personal = names.map((n) => kindOf(n, kinds));
    }
    const nameAt = names[0] === '' ? 1 : 0;
    if (
      names[nameAt] === 'name' &&
      !personal.includes('user') &&
      ((ruled &&
        names.includes('enabled') &&
        names.some((n) => n === 'description' || n === 'sid' || n === 'principal_source' || n === 'last_logon')) ||
        // … and Argo CD's `argocd account list` (`NAME  ENABLED  CAPABILITIES`)
        (names.includes('enabled') && names.includes('capabilities')) ||
        // … and `gcloud sql users list` (`NAME  HOST  TYPE  PASSWORD_POLICY`: database users)
        (names.includes('host') && names.includes('type') && names.length <= 5) ||
        personal.includes('secret'))
    ) {
      names = names.map((n) => (n === 'name' ? 'username' : n));
      personal = names.map((n) => kindOf(n, kinds));
    }
    const people = aboutPeople(names, personal);
    // a sessions table (Laravel's and Django's: `id`/`session_key` beside `user_id`, `ip_address`, `last_activity`,
    // `expire_date`): its opaque cells are the session ids
    const sessionTable =
      names.some((n) => SESSION_TABLE_COLUMN.test(n)) && names.some((n) => n === 'id' || n === 'session_key');
    const read = names.map(
      (n, k) =>
        (personal[k] !== 'other' && personal[k] !== 'not-personal' && (people || !ROW_NAMING_KEY.test(n))) ||
        DESCRIPTION_COLUMN.test(n) ||
        (sessionTable && (n === 'id' || n === 'session_key')),
    );
    // a two-column table of names and their values (PowerShell's `Get-ChildItem env:` and hashtables, `Name  Value` over
    // `----  -----`): each value is classified by the name in its row, as a setting is; its rows are no headers
    if (ruled && cols.length === 2 && NAME_VALUE_HEADER.test(header)) {
      done = nameValueRows(text, pos, cols[1]![0], emit, kinds);
      continue;
    }
    if (!read.includes(true)) continue;
    while (pos < text.length) {
      nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const rowEnd = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (rowEnd === pos || /^[ \t]*$/.test(text.slice(pos, rowEnd))) break;
      // RouterOS prints an item's comment on a line of its own above it (`;;; Jane Doe - IT`): a person it names
      if (nameAt === 1 && text.startsWith(';;; ', pos)) {
        routerosComment(text, pos + 4, rowEnd, emit);
        pos = nl + 1;
        continue;
      }
      // every column start falls after a blank (or past the row's end), else the row is not this table's; under a rule
      // a right-aligned number may run into its column from the left (PowerShell's `Id`), so only the cells read are
      // checked, each on its own
      // under a rule, one column may be run into (a right-aligned number); two misplaced starts, or a line that opens
      // like JSON (`{`, `"key": …`), end the table
      // terminal columns, not characters: `column -t` and psql pad a row with wide (CJK) characters by display width
      const at0 = displayColumns(text, pos, rowEnd);
      const col = (w: number): number => (at0 ? (at0[Math.min(w, at0.length - 1)] ?? rowEnd) : pos + w);
      let misplaced = 0;
      let firstMisplaced = starts.length;
      for (let k = 1; k < starts.length && misplaced <= (ruled ? 1 : 0); k++) {
        const at = col(starts[k]!);
        // under capitalised names every cell is filled and starts at its column (`Host      Port` under `Name  Role
        // Password` is the next table's header, not a row)
        // (an empty cell is blank all the way to the next column, and a number may be right-aligned in its cell:
        // `voicemail show users` leaves `Zone` empty and right-aligns `NewMsg`)
        if (
          at < rowEnd &&
          (text.charCodeAt(at - 1) !== 32 ||
            (capitalised &&
              text.charCodeAt(at) === 32 &&
              !blankRun(text, at, k + 1 < starts.length ? Math.min(rowEnd, col(starts[k + 1]!)) : rowEnd)))
        ) {
          misplaced++;
          firstMisplaced = Math.min(firstMisplaced, k);
        }
      }
      // under capitalised names a long value may push the later columns right (`smbstatus`: a long `Machine`): the cells
      // before the first pushed column are still in place when at least the first two columns are
      let upTo = starts.length;
      // … and a cell that is one token longer than its column (`smbstatus`: `adaeze_adeyemi users`) pushed the rest:
      // it is read to its first blank
      let overflowEnd = -1;
      if (misplaced > (ruled ? 1 : 0)) {
        if (!capitalised) break;
        const k = firstMisplaced;
        const prevAt = k >= 2 ? col(starts[k - 1]!) : -1;
        let tokenEnd = prevAt;
        if (prevAt > pos && text.charCodeAt(prevAt) !== 32)
          while (tokenEnd < rowEnd && text.charCodeAt(tokenEnd) !== 32 && text.charCodeAt(tokenEnd) !== 9) tokenEnd++;
        if (prevAt > pos && tokenEnd >= col(starts[k]!)) {
          upTo = k;
          overflowEnd = tokenEnd;
        } else if (firstMisplaced < 3) break;
        else upTo = firstMisplaced - 1;
      }
      if (JSON_LINE_START.test(text.slice(pos, Math.min(rowEnd, pos + 64)))) break;
      for (let k = 0; k < upTo; k++) {
        if (!read[k]) continue;
        let a = col(starts[k]!);
        let b = k + 1 < starts.length ? Math.min(rowEnd, col(starts[k + 1]!)) : rowEnd;
        if (k === upTo - 1 && overflowEnd >= 0) b = overflowEnd;
        if (ruled && a > pos && a < rowEnd && text.charCodeAt(a - 1) !== 32) continue;
        while (a < b && text.charCodeAt(a) === 32) a++;
        while (b > a && text.charCodeAt(b - 1) === 32) b--;
        if (b <= a) continue;
        if (sessionTable && (names[k] === 'id' || names[k] === 'session_key')) {
          const v = text.slice(a, b);
          if (looksLikeOpaqueToken(v) || SESSION_KEY_CELL.test(v))
            emit({ start: a, end: b, category: 'TOKEN', rule: 'aligned-session-id', priority: 61 });
        } else emitCell(text, names[k]!, a, b, emit, kinds, { rule: 'aligned-', opaque: false });
      }
      pos = nl + 1;
    }
    done = pos;
  }
};

/** Compiled once for {@link nameValueRows}: a regex literal in a loop allocates on every row. */
const BLANK_LINE = /^[ \t]*$/;
const HAS_BLANK = /\s/;

/** The header of a table of names and values (PowerShell `Format-Table` of a hashtable or of `env:`). */
const NAME_VALUE_HEADER = /^[ \t]*(?:Name|Key|Property)[ \t]+Value[ \t]*$/;

/**
 * The rows of a `Name  Value` table from `pos`, its values starting at column `valueAt`, up to the first blank line:
 * each value is classified by the name in its row ({@link emitCell}), as `COMPUTERNAME  WEB16` is a setting's.
 * @returns the offset after the table.
 */
function nameValueRows(
  text: string,
  pos: number,
  valueAt: number,
  emit: (c: Candidate) => void,
  kinds: Map<string, ColumnKind>,
): number {
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const rowEnd = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (rowEnd === pos || BLANK_LINE.test(text.slice(pos, rowEnd))) break;
    const a = pos + valueAt;
    // the name fills its column and a blank parts it from the value (a longer name is cut by `Format-Table`)
    if (a < rowEnd && text.charCodeAt(a - 1) === 32) {
      const name = text.slice(pos, a).trim();
      if (name && !HAS_BLANK.test(name))
        emitCell(text, columnKey(name), a, rowEnd, emit, kinds, { rule: 'aligned-', opaque: false });
    }
    pos = nl + 1;
  }
  return pos;
}

/**
 * A RouterOS item comment (`;;; Jane Doe - IT`, `;;; Jane Doe laptop`) in [a, b): the words before a ` - ` or `(`, or
 * the first two or three, when they are a person's name ({@link looksLikePersonName}).
 */
function routerosComment(text: string, a: number, b: number, emit: (c: Candidate) => void): void {
  const comment = text.slice(a, b);
  const m = /^([^\s\-(,;:]+(?: [^\s\-(,;:]+){1,2}?)(?= - | \(|,|$| [a-z])/u.exec(comment);
  if (m && looksLikePersonName(m[1]!, true))
    emit({ start: a, end: a + m[1]!.length, category: 'PERSON', rule: 'routeros-comment-person', priority: 60 });
}

/** The rule under a blank-aligned table's header: runs of `=` or `-` apart by blanks. */
const HEADER_RULE = /^[=-]{3,}(?:[ \t]+[=-]{3,})+[ \t]*\r?(?:\n|$)/;

/** A line that opens like JSON: a brace or bracket, or a quoted key and its colon. */
const JSON_LINE_START = /^[ \t]*(?:[{}[\]]|"[^"\n]{1,60}"[ \t]*:)/;

/** A padded `Name   value` line (`net user jdoe`: `User name    jdoe`, `Full Name    Jane Doe`). */
const PADDED_SETTING = /^([A-Z][A-Za-z']*(?: [A-Za-z']+){0,3}) {2,}(\S.*?)[ \t]*$/;

/**
 * A setting printed as its name, blanks and its value (`net user`), the value classified by the name as a table cell
 * is ({@link classifyColumn}); opaque tokens are left to the other rules.
 * @param ls where `line` starts in `text`.
 */
function paddedSetting(
  text: string,
  ls: number,
  line: string,
  emit: (c: Candidate) => void,
  kinds: Map<string, ColumnKind>,
): void {
  const kv = PADDED_SETTING.exec(line);
  // a name in words with lower case (`ps`'s `USER   PID %CPU` is a header), one value (no second run of blanks), not a
  // `Format-List` row's ` : `
  if (!kv || !/[a-z]/.test(kv[1]!) || /^[:=]|\S {2,}\S/.test(kv[2]!)) return;
  // a table's header over its rule of `=` or `-` runs (`whoami /user`: `User Name    SID`, then `=====  =====`)
  let next = ls + line.length;
  if (text.charCodeAt(next) === 13) next++;
  if (text.charCodeAt(next) === 10 && HEADER_RULE.test(text.slice(next + 1, next + 400))) return;
  const a = ls + line.lastIndexOf(kv[2]!);
  emitCell(text, columnKey(kv[1]!), a, a + kv[2]!.length, emit, kinds, { rule: 'padded-', opaque: false });
}

/**
 * A column name as a key: accents dropped, lower case, every run of other characters one `_` (`Prénom` → `prenom`,
 * `E-Mail` → `e_mail`, `N° client` → `n_client`), so {@link columnKind} reads names in any language and spelling.
 */
export function columnKey(name: string): string {
  return (
    name
      // Active Directory's `sAMAccountName` (the `sAM` is one word)
      .replace(/^sAM(?=[A-Z])/, 'Sam')
      // a query's short alias before the property (Cypher `p.name`, SQL `c.email`): the property names the column
      .replace(/^[a-z]{1,3}\.(?=[A-Za-z])/, '')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      // a qualifier in parentheses after the name (WooCommerce exports: `First Name (Billing)`, `Phone (Billing)`)
      .replace(/[ \t]*\([^()]{1,40}\)[ \t]*$/, '')
      // camel case apart (`SamAccountName` → `sam_account_name`, `DBUser` → `db_user`)
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '')
  );
}

/** A CSV header cell: a column name, quoted or not (letters of any script first; digits, blanks, `_.°#()/-` after). */
const CSV_HEADER_CELL =
  /^(?:"[\p{L}#°][\p{L}\p{N} _.°#()/&:-]{0,47}"|[\p{L}#°](?:[\p{L}\p{N} _.°#()/&-]|:(?= )){0,47})$/u;

/** ASCII characters a CSV header may start with: a letter, a quote, `#` (`#id,name,…`). */
const CSV_HEADER_FIRST = charTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"#');
/** ASCII characters no CSV header line holds (see {@link CSV_HEADER_CELL}; `:` and `=` end most log lines' chances). */
const CSV_HEADER_STOP = charTable(":=[]{}<>|\t\\@!?*+$%^`~'");

/** Widest CSV header (characters). */
const CSV_HEADER_MAX = 2000;

/**
 * The [start, end) of each field of the CSV line [ls, le) split on `delim` (RFC 4180: a field in double quotes may hold
 * the delimiter, a doubled `""` is a quote); quoted fields without their quotes, leading blanks skipped.
 */
function csvFields(text: string, ls: number, le: number, delim: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = ls;
  for (;;) {
    // blanks after the delimiter pad the field (`p.name, p.email` and `"Wei Zhang", "wei@…"` in cypher-shell's plain
    // format): they are the layout's, and a quoted field starts after them
    while (i < le && text.charCodeAt(i) === 32) i++;
    if (text.charCodeAt(i) === 34 /* " */) {
      let j = i + 1;
      while (j < le && !(text.charCodeAt(j) === 34 && text.charCodeAt(j + 1) !== 34))
        j += text.charCodeAt(j) === 34 ? 2 : 1;
      out.push([i + 1, Math.min(j, le)]);
      i = j + 1;
      while (i < le && text.charCodeAt(i) !== delim) i++;
    } else {
      let j = i;
      while (j < le && text.charCodeAt(j) !== delim) j++;
      out.push([i, j]);
      i = j;
    }
    if (i >= le) return out;
    i++; // the delimiter
    if (i === le) {
      out.push([le, le]);
      return out;
    }
  }
}

/** Longest CSV record read across lines (characters): a stray quote must not swallow the rest of a payload. */
const CSV_RECORD_MAX = 16384;

/**
 * The offset of the `\n` that ends the CSV record starting at `pos` (RFC 4180 §2.6: line breaks inside a quoted field
 * belong to it), or -1 at the text's end; -2 when a quote is still open after {@link CSV_RECORD_MAX} characters or at
 * the text's end (a stray quote: the caller reads line by line from then on, so no record is searched twice).
 */
function csvRecordEnd(text: string, pos: number): number {
  let quoted = false;
  for (let i = pos; i < text.length && i - pos <= CSV_RECORD_MAX; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) return i;
  }
  return quoted || text.length - pos > CSV_RECORD_MAX ? -2 : -1;
}

/**
 * CSV rows printed without a header (`head` of an export written with `--no-header`, `mysql -N` piped through `tr`):
 * a line of three or more `,` or `;` fields, one of which is an e-mail address, is a person's row and is read as
 * {@link headerlessPersonRow} reads tab and pipe rows (`"EMP0132","Njoroge","Wanjiru","w.njoroge@…","020 3065 7925"`).
 * Found from each `@`; a line is read once. Rows under a header are read by {@link csvCells} too: both may propose
 * the same cell, and overlap resolution keeps one.
 */
export const headerlessCsvRows: Scanner = (text, emit) => {
  let lineEnd = -1;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at <= lineEnd) continue;
    // an address that is a whole cell follows a delimiter, a quote or the line's start (`user=a@b.io` in a log does not)
    let l = at - 1;
    while (l >= 0 && at - l <= 64 && EMAIL_LOCAL_CHAR[text.charCodeAt(l)] === 1) l--;
    const before = l < 0 ? 10 : text.charCodeAt(l);
    if (before !== 44 && before !== 59 && before !== 34 && before !== 10 && before !== 9) continue;
    const ls = lineStartWithin(text, at, CSV_HEADER_MAX);
    if (ls > 0 && text.charCodeAt(ls - 1) !== 10) continue;
    let le = text.indexOf('\n', at);
    if (le < 0) le = text.length;
    lineEnd = le;
    if (text.charCodeAt(le - 1) === 13) le--;
    if (le - ls > CSV_HEADER_MAX) continue;
    // the delimiter: the more frequent of `,` and `;`, outside nothing (quotes are csvFields' to read)
    let commas = 0;
    let semis = 0;
    for (let i = ls; i < le; i++) {
      const c = text.charCodeAt(i);
      if (c === 44) commas++;
      else if (c === 59) semis++;
    }
    const delim = commas >= semis ? 44 : 59;
    if (Math.max(commas, semis) < 2) continue;
    // a line with an odd number of quotes is part of a record whose quoted field spans lines (a ticket's description):
    // its cells are not where it seems (csvCells reads such a record whole, under its header)
    let quotes = 0;
    for (let i = ls; i < le; i++) if (text.charCodeAt(i) === 34) quotes++;
    if (quotes % 2 === 1) continue;
    const cs = csvFields(text, ls, le, delim);
    if (cs.length >= 3) headerlessPersonRow(text, cs, emit);
  }
};

/**
 * The row PostgreSQL prints when a constraint rejects it (`DETAIL:  Failing row contains (6186, Jane, Doe,
 * jane@example.com, null, 2024-12-31 …).`, and `Key (email)=(…) already exists`'s sibling): its cells, apart by `, `,
 * read as a row without a header ({@link headerlessPersonRow}): names beside an address or a phone are persons.
 */
export const failingRowTuples: Scanner = (text, emit, ends) => {
  if (!ends) return;
  for (const end of ends) {
    // the hit is `failing row contains (`; the row runs to `)` at the line's end (a `.` may follow)
    let le = text.indexOf('\n', end);
    if (le < 0) le = text.length;
    if (le - end > 4000) continue;
    const line = text.slice(end, le).replace(/\r$/, '');
    const close = line.search(/\)\.?[ \t]*$/);
    if (close < 0) continue;
    const cs: Array<[number, number]> = [];
    let a = 0;
    for (let i = 0; i <= close; i++) {
      if (i === close || (line.charCodeAt(i) === 44 && line.charCodeAt(i + 1) === 32)) {
        cs.push([end + a, end + i]);
        a = i + 2;
        i++;
      }
    }
    if (cs.length >= 3) headerlessPersonRow(text, cs, emit);
  }
};

/**
 * Words that name a server's role, platform or environment (`web-prod-01`, `bastion-01`, `ubuntu-s-1vcpu`): a host name
 * that starts with one says nothing about whose it is.
 */
const GENERIC_HOST_WORDS: ReadonlySet<string> = new Set(
  (
    'web www app apps api db database sql mysql postgres pg redis mongo es elastic kafka mq rabbit rabbitmq mail smtp ' +
    'imap mx ns dns dhcp ldap ad dc vpn fw firewall gw gateway router sw switch lb haproxy nginx proxy cache cdn edge ' +
    'bastion jump jumphost mon monitor monitoring grafana prometheus log logs elk ci cd build jenkins gitlab git runner ' +
    'k8s kube node master worker control cp etcd storage nas san backup bkp nfs files fs file print test testing dev ' +
    'devel stage staging stg qa uat prod production prd demo sandbox lab local localhost ubuntu debian centos rhel ' +
    'fedora alpine rocky alma win windows srv server host vm vps ip pve proxmox esx esxi hv docker swarm nomad consul ' +
    'vault auth sso idp portal shop store crm erp hr pay billing admin ops infra core int ext pub priv internal public ' +
    'frontend backend front back ws pc nb laptop desktop office svc service tools util misc shared common data ' +
    'analytics bi etl report reports search queue scheduler cron batch job jobs stream media static assets img video ' +
    'chat sip voip pbx asterisk zabbix nagios icinga wiki docs jira confluence sentry minio s3 registry harbor nexus ' +
    'artifactory repo mirror ntp syslog graylog loki kibana opensearch solr memcached varnish traefik caddy apache ' +
    'tomcat php python java ruby ec2 gke aks eks az aws gcp do hetzner ovh linode vultr cloud instance compute'
  ).split(' '),
);

/** The host field of a syslog line after its time stamp (RFC 3164 `Mmm dd hh:mm:ss host`, or RFC 5424/ISO 8601). */
const SYSLOG_TIME =
  /(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)) /y;

/** Compiled once for {@link syslogHostNames}: a regex literal in a function allocates 57 bytes per evaluation. */
const DASH_OR_UNDERSCORE = /[-_]/;
const LOWER_WORD = /^[a-z]{4,30}$/;

/** A role word and an optional number (`jump01`, `gw01`, `edge`): the first part of a role-first host name. */
const ROLE_PART = /^([a-z]{2,20})\d{0,4}$/;
/** A later part of a host name that names a customer or site: a lower-case word of 6 or more letters. */
const SITE_PART = /^[a-z]{6,30}$/;

/**
 * Words of 6 or more letters that host names use for roles, tiers, places and vendors (`db-replica`, `mail-relay01`,
 * `k8s-control-plane`, `web-frankfurt`), so after a role word they do not make the name a customer's.
 */
const HOST_ROLE_LONG_WORDS: ReadonlySet<string> = new Set(
  (
    'replica primary secondary standby collector exporter central controller manager worker router gateway private ' +
    'public internal external frontend backend cluster server storage archive mirror builder runner scheduler indexer ' +
    'ingest ingestor bastion jumphost master leader follower arbiter sentinel monitor metrics logging elastic kibana ' +
    'grafana postgres postgresql mariadb mongodb rabbit rabbitmq zookeeper compute general default legacy shared ' +
    'office remote europe america frankfurt amsterdam london paris ashburn virginia oregon singapore sydney tokyo mumbai ' +
    'nuremberg falkenstein helsinki dublin stockholm toronto montreal chicago dallas seattle newyork tenant client ' +
    'customer staging production testing develop development sandbox preview canary release stable nightly relay ' +
    'balancer loadbalancer firewall ubuntu debian centos almalinux rockylinux fedora docker kubernetes openshift ' +
    'proxmox hetzner digitalocean linode contabo netcup scaleway outpost upstream downstream inbound outbound'
  ).split(' '),
);

/**
 * Whether a syslog host field names a customer or site: its first part is a word that names no role or platform
 * (`lumenfield-bastion-05`), or it starts with a role (`jump01-emberpri`, `edge-1-pinecrest`, `git-kantostu`) and a
 * later part is a long word that is neither a role, tier, place nor vendor ({@link HOST_ROLE_LONG_WORDS}).
 */
function customerSyslogHost(host: string): boolean {
  const dash = host.search(DASH_OR_UNDERSCORE);
  if (dash <= 0) return false;
  const first = host.slice(0, dash).toLowerCase();
  if (LOWER_WORD.test(first) && !GENERIC_HOST_WORDS.has(first)) return true;
  const role = ROLE_PART.exec(first);
  if (!role || !GENERIC_HOST_WORDS.has(role[1]!)) return false;
  const parts = host
    .slice(dash + 1)
    .toLowerCase()
    .split(DASH_OR_UNDERSCORE);
  return parts.some((p) => SITE_PART.test(p) && !GENERIC_HOST_WORDS.has(p) && !HOST_ROLE_LONG_WORDS.has(p));
}

/**
 * The host of each syslog line (`Jan 19 12:07:06 lumenfield-bastion-05 sshd[35845]: …`, journalctl's short format)
 * when its name starts with a word that names no role or platform (`lumenfield-bastion-05`, `kestrel-mon-09`: a
 * customer's or site's name), redacted once per line and then everywhere by the learned values. `web-prod-01`,
 * `bastion-01` and `ip-10-0-1-5` stay. Each line is looked at once: its first character, then one sticky match.
 */
export const syslogHostNames: Scanner = (text, emit) => {
  const decided = new Map<string, boolean>();
  for (let ls = 0; ls < text.length;) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    const c = text.charCodeAt(ls);
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) {
      SYSLOG_TIME.lastIndex = ls;
      if (SYSLOG_TIME.test(text)) {
        const hs = SYSLOG_TIME.lastIndex;
        let he = hs;
        while (he < le && he - hs < 64 && HOST_NAME_CHAR[text.charCodeAt(he)] === 1) he++;
        // the host, a blank, then the program (`sshd[35845]:`, `kernel:`)
        if (he > hs && text.charCodeAt(he) === 32) {
          const host = text.slice(hs, he);
          let customer = decided.get(host);
          if (customer === undefined) {
            customer = customerSyslogHost(host);
            decided.set(host, customer);
          }
          if (customer) emit({ start: hs, end: he, category: 'HOST', rule: 'syslog-host', priority: 47 });
        }
      }
    }
    ls = le + 1;
  }
};

/** Characters of a bare host name (RFC 1123 labels; `_` as some hosts are named). */
const HOST_NAME_CHAR = charTable('A-Za-z0-9_.-');

/** Keys of a map whose own keys are logins (Salt pillars and Ansible/Puppet data: `users:`, `mysql:users:`). */
const ACCOUNT_MAP_KEY =
  /^(?:users|accounts|logins|admins|members|(?:db|mysql|postgres(?:ql)?|local|system|sftp|ftp)_users)$/;
/** A login as a map key: a letter first, then login characters. */
const LOGIN_KEY = /^[A-Za-z][A-Za-z0-9._-]{1,63}$/;

/** A key alone on its line, as Salt's nested outputter prints it (`        password:`): group 1 the indent, 2 the key. */
const NESTED_KEY_LINE = /^([ ]{0,40})([A-Za-z_][A-Za-z0-9_.-]{0,63}):\r?$/;

/**
 * Salt's `nested` outputter (`salt '*' pillar.items`, `salt-call grains.items`): a key alone on its line, its scalar
 * value on the next line indented deeper (`password:` then `    Kyoto37-`), maps under `----------`. Each value is
 * classified by its key as a table cell is ({@link classifyColumn}); a minion's id above its `----------` is a host
 * (left to the host rules, which pass over a key otherwise). Only payloads holding Salt's `----------` separator.
 */
export const saltNestedValues: Scanner = (text, emit) => {
  if (!text.includes('\n    ----------')) return;
  const kinds = new Map<string, ColumnKind>();
  let prevKey: string | null = null;
  let prevIndent = -1;
  // a map of accounts (`users:` over `----------`): the indent of its own keys, which are logins (-1: none open)
  let accountsIndent = -1;
  for (let ls = 0; ls < text.length;) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    const line = text.slice(ls, Math.min(le, ls + 1100));
    const key = le - ls <= 110 ? NESTED_KEY_LINE.exec(line) : null;
    const indent = line.length - line.trimStart().length;
    if (accountsIndent >= 0 && line.trim() && indent < accountsIndent) accountsIndent = -1;
    if (
      key &&
      key[1]!.length === accountsIndent &&
      text.startsWith(`${' '.repeat(accountsIndent + 4)}----------`, le + 1)
    ) {
      const login = key[2]!;
      if (LOGIN_KEY.test(login) && !isSystemAccount(login))
        emit({
          start: ls + indent,
          end: ls + indent + login.length,
          category: 'USER',
          rule: 'salt-nested-account',
          priority: 56,
        });
    }
    if (key) {
      prevKey = key[2]!;
      prevIndent = key[1]!.length;
      if (ACCOUNT_MAP_KEY.test(prevKey) && text.startsWith(`${' '.repeat(prevIndent + 4)}----------`, le + 1))
        accountsIndent = prevIndent + 4;
    } else if (prevKey !== null) {
      const value = line.trim();
      // the scalar under its key: indented deeper, not a map's `----------` nor a list item
      if (indent > prevIndent && value && !/^-{10}$/.test(value) && !value.startsWith('- ')) {
        const at = ls + indent;
        emitCell(text, columnKey(prevKey.slice(prevKey.lastIndexOf('.') + 1)), at, at + value.length, emit, kinds, {
          rule: 'salt-nested-',
        });
      }
      prevKey = null;
    }
    ls = le + 1;
  }
};

/** A YAML mapping key alone on its line at the margin (group 1): a login as a user map's key (`jdoe:`). */
const YAML_LOGIN_KEY = /^([A-Za-z0-9_][A-Za-z0-9._@-]{0,63}):[ \t]*\r?$/;

/**
 * Logins that key a YAML map of accounts (OctoPrint's `users.yaml`: `jdoe:` over `  active: true`, `  apikey: …`,
 * `  password: …`): the margin key above an `active:` line indented by two, in a block that also has `password:`
 * within its next 16 lines. Found from each `active: ` hit.
 */
export const yamlUserMapKeys: Scanner = (text, emit, ends) => {
  if (!ends) return;
  for (const end of ends) {
    // `  active: ` at a line's start (the hit's start is two blanks after a newline)
    const ls = end - 'active: '.length - 2;
    if (ls < 2 || text.charCodeAt(ls - 1) !== 10 || !text.startsWith('  active: ', ls)) continue;
    if (!/^(?:true|false)\b/.test(text.slice(end, end + 6))) continue;
    const [ps, pe] = previousLine(text, ls, 80);
    const m = YAML_LOGIN_KEY.exec(text.slice(ps, pe));
    if (!m || isSystemAccount(m[1]!) || (ps > 0 && text.charCodeAt(ps - 1) !== 10)) continue;
    let block = ls;
    for (let k = 0; k < 16 && block < text.length; k++) {
      const nl = text.indexOf('\n', block);
      if (nl < 0) break;
      block = nl + 1;
      if (text.charCodeAt(block) !== 32 && text.charCodeAt(block) !== 45) break;
    }
    if (!/\n {2}password: \S/.test(text.slice(ls - 1, block))) continue;
    emit({ start: ps, end: ps + m[1]!.length, category: 'USER', rule: 'yaml-user-map-key', priority: 62 });
  }
};

/** Characters of the secret of a credential line (`A-Za-z0-9./+=_-`). */
const SECRET_FIELD = charTable('A-Za-z0-9./+=_-');
/** Characters of a login field (`A-Za-z0-9._@-`). */
const LOGIN_FIELD = charTable('A-Za-z0-9._@-');
/** A login as the first field of a credential line. */
const CREDENTIAL_LINE_LOGIN = /^[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}$/;

/**
 * Files of `login:secret` lines: stunnel's `psk.txt` (`identity:key`, a key of 16 characters or more), htpasswd with
 * DES crypt (`jdoe:uhYjej/ClaW5x`, 13 characters of `./0-9A-Za-z`). A line counts when its secret is a DES hash or a
 * generated key (mixed case, digits, high entropy; a hex digest is not one); two such lines make a file. Found from
 * each `:` (a regex for `:` and a run ending the line cost ~0.9 ms per MiB of logs; a walk over every line 4 µs per
 * 4 KiB of configuration).
 */
export const colonCredentialLines: Scanner = (text, emit) => {
  const found: number[] = [];
  // from each `:` whose neighbours fit (a login character before, a secret character after: most `:` in logs and
  // configuration have a blank after them or a digit of a time before), back to the line's start and on to its end
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    const after = text.charCodeAt(colon + 1);
    const before = text.charCodeAt(colon - 1);
    if (SECRET_FIELD[after] !== 1 || LOGIN_FIELD[before] !== 1) continue;
    // a time of day (`04:00:02`): two digits either side, not the end of a login (`etl-14:3RZF…`)
    if (before >= 48 && before <= 57 && after >= 48 && after <= 57 && LOGIN_FIELD[text.charCodeAt(colon - 3)] !== 1)
      continue;
    let ls = colon;
    while (ls > 0 && colon - ls < 64 && LOGIN_FIELD[text.charCodeAt(ls - 1)] === 1) ls--;
    if (ls > 0 && text.charCodeAt(ls - 1) !== 10) continue;
    let end = colon + 1;
    while (end < text.length && end - colon <= 257 && SECRET_FIELD[text.charCodeAt(end)] === 1) end++;
    const eol = text.charCodeAt(end) === 13 ? end + 1 : end;
    if (end - colon - 1 < 13 || end - colon - 1 > 256 || (eol < text.length && text.charCodeAt(eol) !== 10)) continue;
    if (!CREDENTIAL_LINE_LOGIN.test(text.slice(ls, colon))) continue;
    const secret = text.slice(colon + 1, end);
    const des =
      secret.length === 13 && /^[./0-9A-Za-z]{13}$/.test(secret) && /[\d./]/.test(secret) && /[a-z]/i.test(secret);
    const key =
      secret.length >= 16 &&
      /[a-z]/.test(secret) &&
      /[A-Z]/.test(secret) &&
      /\d/.test(secret) &&
      shannonEntropy(secret) >= 3.5;
    if (des || key) found.push(ls, colon, end);
  }
  if (found.length < 6) return;
  for (let q = 0; q < found.length; q += 3) {
    const ls = found[q]!;
    const colon = found[q + 1]!;
    if (!isSystemAccount(text.slice(ls, colon)))
      emit({ start: ls, end: colon, category: 'USER', rule: 'credential-line-login', priority: 66 });
    emit({ start: colon + 1, end: found[q + 2]!, category: 'PASSWORD', rule: 'credential-line-secret', priority: 76 });
  }
};

/** A header of capitalised column names only (three or more): `JOBID PARTITION NAME USER ST TIME NODES …`. */
const CAPITALS_HEADER = /^[ \t]*[A-Z][A-Z0-9_()/%#@.:+-]*(?:[ \t]+[A-Z][A-Z0-9_()/%#@.:+-]*){2,24}[ \t]*\r?$/;
/** A login as such tables print it (lower case first). */
const TABLE_LOGIN = /^[a-z_][a-z0-9._-]{0,31}$/;

/**
 * The login column (`USER`, `OWNER`, `USER/GROUP`) of tables whose header is all capitals and whose cells may be
 * right-aligned or overflow their column: Slurm `squeue` (`%.8u`), LSF `bjobs` and `busers`, HTCondor `condor_q`. In each
 * row the cell is the one word that overlaps the header's name, so a cell with blanks elsewhere (`sinfo -R`'s
 * `Kernel panic`) does not shift it. Rows run to a blank line or a line with no such word.
 */
export const capitalsTableLogins: Scanner = (text, emit, ends) => {
  if (!ends) return;
  let done = -1;
  for (const end of ends) {
    if (end <= done) continue;
    const hs = text.startsWith('OWNER', end - 5) ? end - 5 : end - 4;
    const word = text.slice(hs, end);
    if (word !== 'USER' && word !== 'OWNER') continue;
    const after = text.charCodeAt(end);
    if (!(after === 32 || after === 9 || after === 10 || after === 13 || after === 47) || end >= text.length) continue;
    let he = end;
    if (after === 47 && text.startsWith('/GROUP', end)) he = end + 6;
    else if (after === 47) continue;
    const before = hs > 0 ? text.charCodeAt(hs - 1) : 10;
    if (before !== 32 && before !== 9 && before !== 10) continue;
    const ls = lineStartWithin(text, hs, 400);
    if (ls > 0 && text.charCodeAt(ls - 1) !== 10) continue;
    let le = text.indexOf('\n', end);
    if (le < 0) le = text.length;
    if (!CAPITALS_HEADER.test(text.slice(ls, le))) continue;
    const [c0, c1] = [hs - ls, he - ls];
    let pos = le + 1;
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const row = text.slice(pos, nl);
      if (!/\S/.test(row)) break;
      // the words of the row that overlap the header's name
      let v = '';
      let at = 0;
      let overlaps = 0;
      for (const m of row.matchAll(/\S+/g)) {
        if (m.index < c1 && m.index + m[0].length > c0) {
          overlaps++;
          v = m[0];
          at = m.index;
        }
      }
      if (overlaps !== 1) break;
      if (TABLE_LOGIN.test(v) && !isSystemAccount(v))
        emit({
          start: pos + at,
          end: pos + at + v.length,
          category: 'USER',
          rule: 'capitals-table-login',
          priority: 61,
        });
      pos = nl + 1;
    }
    done = pos;
  }
};

/** A `var_dump` element's key line: `  ["name"]=>`. Group 1 the key. */
const VAR_DUMP_KEY =
  /^[ \t]{0,40}\["([A-Za-z_][A-Za-z0-9_-]{0,63})"(?::"[^"\n]{0,80}")?(?::(?:protected|private))?\]=>[ \t]*\r?$/;
/** The value line under it: `  string(12) "Giulia Russo"`. Group 1 the string. */
const VAR_DUMP_STRING = /^[ \t]{0,40}string\(\d{1,7}\) "(.{0,1000})"[ \t]*\r?$/;

/**
 * PHP `var_dump` of an array or object: each string element is classified by its key as a table's cell is
 * (`["name"]=>` over `string(12) "Giulia Russo"`, `["api_token"]=>` over `string(64) "…"`). Found from each `string(`
 * hit (a keyword needs a letter to give a scanner its hits).
 */
export const varDumpStrings: Scanner = (text, emit, ends) => {
  if (!ends) return;
  const kinds = new Map<string, ColumnKind>();
  for (const end of ends) {
    // the hit is `string(` on the value line; the key is on the line above
    const ls = lineStartWithin(text, end, 48);
    if (ls < 2 || text.charCodeAt(ls - 1) !== 10) continue;
    const { end: ve } = lineEndsAt(text, ls);
    const v = VAR_DUMP_STRING.exec(text.slice(ls, Math.min(ve, ls + 1100)));
    if (!v || v[1]!.length === 0) continue;
    const [ps, pe] = previousLine(text, ls, 200);
    const k = VAR_DUMP_KEY.exec(text.slice(ps, pe));
    if (!k) continue;
    const a = ls + text.slice(ls, ve).indexOf('"') + 1;
    emitCell(text, columnKey(k[1]!), a, a + v[1]!.length, emit, kinds, { rule: 'var-dump-' });
  }
};

/** A directive line of a Nagios object definition: group 1 the directive, 2 its value (before a `;` comment). */
const NAGIOS_DIRECTIVE = /^[ \t]+([a-z_]{2,40})[ \t]+([^;\n]{1,400}?)[ \t]*(?:;[^\n]*)?\r?$/;

/**
 * Nagios and Icinga 1 contact definitions (`define contact { contact_name jdoe  alias Jane Doe  email … pager … }`) and
 * contact groups (`members jdoe,mroe`): the contact's login, full name and pager number, and each member. Only inside
 * `define contact`/`define contactgroup` blocks, where `alias` is a person's name (in a host's it names the host).
 */
export const nagiosContacts: Scanner = (text, emit, ends) => {
  if (!ends) return;
  let done = -1;
  for (const end of ends) {
    if (end <= done) continue;
    const group = text.startsWith('group', end);
    let pos = text.indexOf('\n', end);
    while (pos >= 0 && pos + 1 < text.length) {
      const ls = pos + 1;
      let le = text.indexOf('\n', ls);
      if (le < 0) le = text.length;
      const line = text.slice(ls, Math.min(le, ls + 500));
      if (/^[ \t]*\}/.test(line) || /^[ \t]*define[ \t]/.test(line)) break;
      const m = NAGIOS_DIRECTIVE.exec(line);
      if (m) {
        const v = m[2]!;
        const at = ls + line.indexOf(v, m[1]!.length);
        if (m[1] === 'contact_name' && !group && !isSystemAccount(v))
          emit({ start: at, end: at + v.length, category: 'USER', rule: 'nagios-contact-name', priority: 57 });
        else if (m[1] === 'alias' && !group && looksLikePersonName(v, true))
          emit({ start: at, end: at + v.length, category: 'PERSON', rule: 'nagios-contact-alias', priority: 60 });
        else if (m[1] === 'pager' && looksDialled(v))
          emit({ start: at, end: at + v.length, category: 'PHONE', rule: 'nagios-contact-pager', priority: 58 });
        else if (m[1] === 'members' && group) {
          let off = 0;
          for (const item of v.split(',')) {
            const lead = item.length - item.trimStart().length;
            const login = item.trim();
            if (/^[A-Za-z_][A-Za-z0-9._-]{0,63}$/.test(login) && !isSystemAccount(login))
              emit({
                start: at + off + lead,
                end: at + off + lead + login.length,
                category: 'USER',
                rule: 'nagios-contact-member',
                priority: 56,
              });
            off += item.length + 1;
          }
        }
      }
      pos = le;
    }
    done = pos < 0 ? text.length : pos;
  }
};

/**
 * A key and its string in PHP's `serialize()` format (`s:4:"name";s:16:"Jane Doe";`), quotes escaped or not (a session
 * as `redis-cli` prints it: `s:4:\\"name\\";`): group 1 the key, 2 the value as written.
 */
const PHP_SERIALIZED_PAIR =
  /s:\d{1,4}:\\?"([A-Za-z_][A-Za-z0-9_-]{0,63})\\?";s:\d{1,5}:\\?"((?:[^"\\\n]|\\(?!")){0,400})\\?";/g;

/**
 * A variable of a PHP session and its string (`csrf_token|s:40:"…";`, PHP's `php` session serialize handler), after the
 * start of a line, a quote or the end of the variable before: group 1 the name, 2 the value as written.
 */
const PHP_SESSION_STRING =
  /(?<=^|[\s"};]|\d\) ")([A-Za-z_][A-Za-z0-9_]{0,63})\|s:\d{1,5}:\\?"((?:[^"\\\n]|\\(?!")){0,400})\\?";/gm;

/**
 * PHP sessions and serialized options (`customer|a:4:{s:2:"id";i:38593;s:4:"name";s:16:"Jane Doe";…}` in Redis or
 * files, WooCommerce CartFlows `other_fields`): each string value is classified by its key as a table cell is
 * ({@link classifyColumn}): `name`, `first_name` persons, `phone` numbers, `password` secrets. Found from `;s:`.
 */
export const phpSerializedPairs: Scanner = (text, emit) => {
  const kinds = new Map<string, ColumnKind>();
  // a session's own variables, `name|<value>` (session.serialize_handler `php`): `csrf_token|s:40:"…";`
  if (text.includes('|s:')) {
    PHP_SESSION_STRING.lastIndex = 0;
    for (let m = PHP_SESSION_STRING.exec(text); m; m = PHP_SESSION_STRING.exec(text)) {
      const v = m[2]!;
      if (!v) continue;
      const at = m.index + m[0].length - 2 - (m[0].endsWith('\\";') ? 1 : 0) - v.length;
      emitCell(text, columnKey(m[1]!), at, at + v.length, emit, kinds, { rule: 'php-session-' });
    }
  }
  PHP_SERIALIZED_PAIR.lastIndex = 0;
  for (let m = PHP_SERIALIZED_PAIR.exec(text); m; m = PHP_SERIALIZED_PAIR.exec(text)) {
    const v = m[2]!;
    if (!v) continue;
    const at = m.index + m[0].length - 2 - (m[0].endsWith('\\";') ? 1 : 0) - v.length;
    emitCell(text, columnKey(m[1]!), at, at + v.length, emit, kinds, { rule: 'php-serialized-' });
    // the value's own pair may be the next key: resume right after the key's string
    PHP_SERIALIZED_PAIR.lastIndex = at + v.length;
  }
};

/** A Request Tracker custom field and its value (`CF.{Guest Name}: 高橋 陽菜`, `rt show`): group 1 the field, 2 the value. */
const RT_CUSTOM_FIELD = /^[ \t]{0,8}CF\.\{([^}\n]{1,60})\}:[ \t]*([^\n]{1,400}?)[ \t]*\r?$/gm;

/**
 * Request Tracker's custom fields (`rt show ticket/…`, REST 1.0 `CF.{Name}: value`): each value classified by its field's
 * name as a table cell is ({@link classifyColumn}): `Guest Name` a person, `Phone` a number, `Door Code` a secret.
 */
export const rtCustomFields: Scanner = (text, emit) => {
  const kinds = new Map<string, ColumnKind>();
  RT_CUSTOM_FIELD.lastIndex = 0;
  for (let m = RT_CUSTOM_FIELD.exec(text); m; m = RT_CUSTOM_FIELD.exec(text)) {
    const v = m[2]!;
    if (!v) continue;
    const at = m.index + m[0].indexOf(v, m[1]!.length + 5);
    emitCell(text, columnKey(m[1]!), at, at + v.length, emit, kinds, { rule: 'rt-custom-field-' });
  }
};

/**
 * Calls `visit(ls, le)` for each line after the one holding `from` (`[ls, le)`, without its `\n`), at most `max` lines,
 * until `visit` returns false. Shared by the listings read line by line under a heading (`net user`, cloud-init's
 * generated passwords, `users.xml`, `mkstore -listCredential`). @returns the start of the line `visit` refused, or the
 * text's length when the lines ran out first.
 */
function eachLineAfter(text: string, from: number, max: number, visit: (ls: number, le: number) => boolean): number {
  let pos = text.indexOf('\n', from);
  for (let n = 0; pos >= 0 && pos + 1 < text.length && n < max; n++) {
    const ls = pos + 1;
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    if (!visit(ls, le)) return ls;
    pos = le < text.length ? le : -1;
  }
  return text.length;
}

/**
 * Walks the listing after each keyword hit with {@link eachLineAfter}, skipping hits inside a listing already read:
 * `visitor()` gives the line visitor of each new listing (its own state), at most `max` lines each.
 */
function eachListingAfter(
  text: string,
  keywordEnds: readonly number[] | undefined,
  max: number,
  visitor: () => (ls: number, le: number) => boolean,
): void {
  let done = -1;
  for (const end of keywordEnds ?? []) if (end > done) done = eachLineAfter(text, end, max, visitor());
}

/** A `login:password` line (chpasswd(8) input; cloud-init's generated passwords), perhaps indented in a YAML block. */
const LOGIN_PASSWORD_LINE = /^[ \t]*([A-Za-z_][A-Za-z0-9._-]{0,31}):(\S{1,256})[ \t]*\r?$/;

/**
 * Emits the login (unless a system account) and the password of the `login:password` line [ls, le), under the rule
 * names `rules` gives. @returns false when the line is not one.
 */
function loginPasswordLine(
  text: string,
  ls: number,
  le: number,
  emit: (c: Candidate) => void,
  rules: { login: string; password: string; priority: number },
): boolean {
  const m = le - ls <= 300 ? LOGIN_PASSWORD_LINE.exec(text.slice(ls, le)) : null;
  if (!m) return false;
  const at = ls + m[0].indexOf(m[1]!);
  if (!isSystemAccount(m[1]!))
    emit({ start: at, end: at + m[1]!.length, category: 'USER', rule: rules.login, priority: 57 });
  // (cloud-init writes `RANDOM` or `R` where it is to generate one)
  const pw = at + m[1]!.length + 1;
  if (m[2] !== 'RANDOM' && m[2] !== 'R')
    emit({ start: pw, end: pw + m[2]!.length, category: 'PASSWORD', rule: rules.password, priority: rules.priority });
  return true;
}

/**
 * The passwords cloud-init generated for `chpasswd` (`cloud-init-output.log`: `Set the following 'random' passwords`,
 * then one `login:password` line per user): each password, and each login that is not a system account.
 */
export const cloudInitRandomPasswords: Scanner = (text, emit, keywordEnds) => {
  const rules = { login: 'cloud-init-random-password', password: 'cloud-init-random-password', priority: 80 };
  for (const end of keywordEnds ?? [])
    eachLineAfter(text, end, 64, (ls, le) => loginPasswordLine(text, ls, le, emit, rules));
};

/**
 * The accounts of a ClickHouse `users.xml` / `users.d/*.xml` (`<users>`, then one element per login holding its
 * `<password>`, `<password_sha256_hex>`, `<networks>` …; clickhouse.com docs "Settings Users"): the name of each element
 * directly under `<users>`, the stock `default` account excepted. Bounded: 2000 lines per block.
 */
export const xmlUserElements: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    let indent = -1;
    eachLineAfter(text, end, 2000, (ls, le) => {
      if (/^[ \t]*<\/users>/.test(text.slice(ls, ls + 40))) return false;
      const m = XML_CHILD_OPEN.exec(text.slice(ls, Math.min(le, ls + 200)));
      if (m) {
        if (indent < 0) indent = m[1]!.length;
        const login = m[2]!;
        const at = ls + indent + 1;
        if (m[1]!.length === indent && !isSystemAccount(login))
          emit({ start: at, end: at + login.length, category: 'USER', rule: 'xml-user-element', priority: 57 });
      }
      return true;
    });
  }
};
/** An element opening on its own line: group 1 the indent, 2 the element's name. */
const XML_CHILD_OPEN = /^([ \t]*)<([A-Za-z_][A-Za-z0-9_.-]{0,63})>[ \t]*\r?$/;

/** One row of `mkstore -listCredential`: `<index>: <connect_string> <username>`. Group 1 the username. */
const MKSTORE_CREDENTIAL_ROW = /^[ \t]*\d{1,5}:[ \t]+\S{1,512}[ \t]+([A-Za-z0-9_.@$#-]{1,128})[ \t]*\r?$/;

/**
 * The usernames of `mkstore -wrl <wallet> -listCredential` (Oracle secure external password store): the rows under
 * its `List credential (index: connect_string username)` line, up to the first line of another shape.
 */
export const mkstoreCredentialLists: Scanner = (text, emit, keywordEnds) =>
  eachListingAfter(text, keywordEnds, Infinity, () => (ls, le) => {
    const m = MKSTORE_CREDENTIAL_ROW.exec(text.slice(ls, le));
    if (!m) return false;
    const v = m[1]!;
    const at = ls + m[0].trimEnd().length - v.length;
    if (!isSystemAccount(v))
      emit({ start: at, end: at + v.length, category: 'USER', rule: 'mkstore-credential-list', priority: 57 });
    return true;
  });

/** A row of `pam_tally2`: `login  failures  MM/DD/YY HH:MM:SS  [from]`. Group 1 the login. */
const TALLY_ROW = /^([A-Za-z_][A-Za-z0-9._@-]{0,63})[ \t]{1,40}\d{1,6}[ \t]{1,40}\d\d\/\d\d\/\d\d[ \t]/;

/**
 * The logins of `pam_tally2` (`Login  Failures Latest failure  From`, then one row per account with failures), read
 * down from the heading up to the first line of another shape.
 */
export const pamTallyLogins: Scanner = (text, emit, keywordEnds) =>
  eachListingAfter(text, keywordEnds, 100000, () => (ls, le) => {
    const m = le - ls <= 400 ? TALLY_ROW.exec(text.slice(ls, le)) : null;
    if (!m) return false;
    if (!isSystemAccount(m[1]!))
      emit({ start: ls, end: ls + m[1]!.length, category: 'USER', rule: 'pam-tally-login', priority: 57 });
    return true;
  });

/**
 * One row of a per-user disk quota report: the login (or `#<uid>`), repquota's `--`/`+-` limit flags, then the space
 * used (`jdoe      --   1234  100000 …`, `jc465       23.5G   100G   110G  00 [------]`). Group 1 the login.
 */
const QUOTA_REPORT_ROW =
  /^[ \t]{0,8}([A-Za-z_][A-Za-z0-9._-]{0,31}|#\d{1,10})[ \t]{1,40}(?:[-+]{2}[ \t]{1,20})?\d[\d.]{0,20}[KMGTPE]?[ \t]/;

/**
 * The logins of a per-user disk quota report: `repquota` (its `Block limits  File limits` heading, the column names,
 * a dashed rule, then one row per user) and `xfs_quota -x -c 'report -u'` (`User ID  Used  Soft  Hard Warn/Grace`, a
 * dashed rule, the rows). Reads down from the heading: up to three lines before the first row, then rows until a line
 * of another shape. Bounded: 100000 lines per report.
 */
export const quotaReportLogins: Scanner = (text, emit, keywordEnds) =>
  eachListingAfter(text, keywordEnds, 100000, () => {
    let before = 0;
    let rows = 0;
    return (ls, le) => {
      const m = QUOTA_REPORT_ROW.exec(text.slice(ls, Math.min(le, ls + 120)));
      if (!m) return rows === 0 && ++before <= 3;
      rows++;
      const v = m[1]!;
      const at = ls + m[0].indexOf(v);
      if (v[0] !== '#' && !isSystemAccount(v))
        emit({ start: at, end: at + v.length, category: 'USER', rule: 'quota-report-login', priority: 57 });
      return true;
    };
  });

/** A login alone on its line (`synouser --enum`), or numbered in brackets (`synogroup --get`: `0:[jdoe]`). */
const SYNOLOGY_LISTED_LOGIN =
  /^(?:\d{1,6}:\[([A-Za-z_][A-Za-z0-9_.@-]{0,63})\]|([A-Za-z_][A-Za-z0-9_.@-]{0,63}))[ \t]*\r?$/;

/**
 * The logins Synology DSM's account tools list: `synouser --enum local|all` (`6 User Listed:`, then one login per line)
 * and `synogroup --get <group>` (`Group Members:`, then `0:[jdoe]` per member). Up to the first line of another shape.
 */
export const synologyAccountLists: Scanner = (text, emit, keywordEnds) =>
  eachListingAfter(text, keywordEnds, 100000, () => (ls, le) => {
    const m = le - ls <= 80 ? SYNOLOGY_LISTED_LOGIN.exec(text.slice(ls, le)) : null;
    if (!m) return false;
    const v = m[1] ?? m[2]!;
    const at = ls + m[0].indexOf(v);
    if (!isSystemAccount(v))
      emit({ start: at, end: at + v.length, category: 'USER', rule: 'synology-account-list', priority: 57 });
    return true;
  });

/** An item of an argument list that reaches someone: an e-mail address or a phone number in E.164 or with blanks. */
const CONTACT_ITEM = /^[^\s@]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+$|^\+?\d[\d ()-]{6,18}\d$/;
/** Words of the subjects and labels jobs are passed beside an address (`'Password Reset'`, `'Weekly Digest'`): no names. */
const JOB_PHRASE_WORD: ReadonlySet<string> = new Set(
  (
    'Password Reset Welcome Email Mail Invoice Order Receipt Notification Report Update New Your Subject Team Support ' +
    'Confirm Confirmation Verify Verification Code Login Sign Signup Reminder Alert Digest Weekly Daily Monthly ' +
    'Newsletter Payment Failed Success Export Import Sync Contact Customer Message Hello Dear Thanks Thank Ticket ' +
    'Request Subscription Trial Admin Test Account Billing Shipping Delivery Status Summary Security Notice ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August ' +
    'September October November December'
  ).split(' '),
);
/** A given name or surname alone: one capitalised word (the pair test needs both). */
const SINGLE_NAME_WORD = /^\p{Lu}[\p{Ll}\p{M}'’-]{1,30}$/u;

/**
 * The quoted items of the argument list opening at `open` (`[` or `(`): `[start, end)` of each item's text, without
 * its quotes — `'…'`, `"…"`, `\"…\"` inside a JSON string, and a JSON string holding a quoted string (Hangfire's
 * `"\"Jane Doe\""`). Unquoted items (numbers, `None`) are passed over. Null when the list nests, is not closed on its
 * line within 3000 characters, or holds more than 40 items.
 */
function quotedListItems(text: string, open: number): Array<[number, number]> | null {
  const close = text[open] === '[' ? ']' : ')';
  const items: Array<[number, number]> = [];
  const limit = Math.min(text.length, open + 3000);
  let p = open + 1;
  while (p < limit && items.length <= 40) {
    const c = text[p]!;
    if (c === close) return items;
    if (c === ' ' || c === ',' || c === '\t') {
      p++;
      continue;
    }
    if (c === '\n' || c === '[' || c === '(' || c === '{') return null;
    const escaped = c === '\\' && text[p + 1] === '"';
    if (c === "'" || c === '"' || escaped) {
      const delim = escaped ? '\\"' : c;
      let s = p + delim.length;
      let e = s;
      for (;;) {
        e = text.indexOf(delim, e);
        if (e < 0 || e >= limit) return null;
        if (escaped || text[e - 1] !== '\\') break;
        e++;
      }
      p = e + delim.length;
      let b = e;
      if (!escaped && text.startsWith('\\"', s) && b - s > 4 && text.startsWith('\\"', b - 2)) {
        s += 2;
        b -= 2;
      }
      items.push([s, b]);
      continue;
    }
    while (p < limit && text[p] !== ',' && text[p] !== close && text[p] !== '\n') p++;
  }
  return null;
}

/**
 * Names passed to a job beside an address or phone number, in a positional argument list (Celery's `'args': [106837,
 * 'jane@x.io', 'Jane Doe', 'de']`, `TaskPool: Apply … (args:(…))`, Sidekiq and Resque `"args":[…]`, GoodJob's
 * `"arguments"`, Hangfire's `["932335","\"Jane Doe\""]`): each item that reads as a full name, and two single names in
 * a row (a given name and a surname as two arguments). Lists are found from each quoted address or `+` number, back
 * to the `[` or `(` that opens them on the same line (a `:`, `=` or brace first means a keyed value, not a list).
 */
export const namesBesideContactInLists: Scanner = (text, emit) => {
  let listEnd = -1;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at < listEnd) continue;
    // the local part, then its opening quote
    let q = at;
    while (q > 0 && at - q < 64 && text.charCodeAt(q - 1) !== 39 && EMAIL_LOCAL_CHAR[text.charCodeAt(q - 1)] === 1) q--;
    const quote = text[q - 1];
    if (quote !== "'" && quote !== '"') {
      // a YAML block sequence item (a Delayed::Job handler's `args:` then `- 933054`, `- jane@x.io`, `- Jane Doe`)
      if (quote === ' ' && text[q - 2] === '-') {
        const items = yamlSequenceItems(text, q - 2);
        if (items) {
          listEnd = items[items.length - 1]![1];
          namesInListItems(text, items, emit);
        }
      }
      continue;
    }
    let open = -1;
    for (let b = q - 2; b >= 0 && q - b < 400; b--) {
      const c = text[b]!;
      if (c === '[' || c === '(') {
        open = b;
        break;
      }
      if (c === '\n' || c === ':' || c === '=' || c === '{' || c === '}' || c === ']' || c === ')') break;
    }
    if (open < 0) continue;
    const items = quotedListItems(text, open);
    if (!items) continue;
    const last = items[items.length - 1];
    listEnd = last ? last[1] : at;
    namesInListItems(text, items, emit);
  }
};

/**
 * The items of the YAML block sequence whose item marker `-` is at `dash`: the lines around it with the same indent and
 * `- `, each item's text without quotes ([start, end)). Null when the marker does not start its line or an item is not
 * a plain scalar on one line. At most 40 items either way.
 */
function yamlSequenceItems(text: string, dash: number): Array<[number, number]> | null {
  // every walk is bounded (blanks before the marker, 210 characters per item line): a long line costs no rescans
  let ls = dash;
  while (ls > 0 && dash - ls < 40 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
  if (ls > 0 && text[ls - 1] !== '\n') return null;
  const marker = `${text.slice(ls, dash)}- `;
  /** The item on the line starting at `start`, or null. */
  const item = (start: number): [number, number] | null => {
    if (!text.startsWith(marker, start)) return null;
    let s = start + marker.length;
    let e = s;
    while (e < text.length && e - s <= 200 && text[e] !== '\n') e++;
    if (e - s > 200) return null;
    if (text.charCodeAt(e - 1) === 13) e--;
    while (e > s && text.charCodeAt(e - 1) === 32) e--;
    if (e - s >= 2 && (text[s] === '"' || text[s] === "'") && text[e - 1] === text[s]) {
      s++;
      e--;
    }
    return e > s ? [s, e] : null;
  };
  let p = ls;
  for (let n = 0; n < 40 && p > 0; n++) {
    // (a line longer than an item can be is cut by the reach: its start is then no line start)
    const [prev] = previousLine(text, p, 260);
    if ((prev > 0 && text[prev - 1] !== '\n') || !item(prev)) break;
    p = prev;
  }
  const items: Array<[number, number]> = [];
  for (let n = 0; n < 80 && p < text.length; n++) {
    const it = item(p);
    if (!it) break;
    items.push(it);
    let nl = it[1];
    while (nl < text.length && text[nl] !== '\n') nl++;
    p = nl + 1;
  }
  return items.length ? items : null;
}

/**
 * Emits the names among the items of one argument list that holds an address or phone number ({@link
 * namesBesideContactInLists}), and the password right after a full name.
 */
function namesInListItems(text: string, items: Array<[number, number]>, emit: (c: Candidate) => void): void {
  const values = items.map(([s, e]) => text.slice(s, e));
  if (!values.some((v) => CONTACT_ITEM.test(v))) return;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    // a login listed first, or after the row's id, right before its address (`[40, "quang.tran", "quang@x.pl", …]`)
    if (
      LISTED_LOGIN.test(v) &&
      // (a settings row names its key before the address: WordPress `wp_options` `(6,'admin_email','…')`)
      !ADDRESS_KEY_ITEM.test(v) &&
      (k === 0 || /^\d{1,9}$/.test(values[k - 1]!)) &&
      EMAIL_ITEM.test(values[k + 1] ?? '') &&
      !isSystemAccount(v)
    ) {
      emit({ start: items[k]![0], end: items[k]![1], category: 'USER', rule: 'list-login-beside-email', priority: 55 });
      continue;
    }
    const single = SINGLE_NAME_WORD.test(v);
    const pair =
      single &&
      ((k + 1 < values.length && SINGLE_NAME_WORD.test(values[k + 1]!) && !JOB_PHRASE_WORD.has(values[k + 1]!)) ||
        (k > 0 && SINGLE_NAME_WORD.test(values[k - 1]!) && !JOB_PHRASE_WORD.has(values[k - 1]!)));
    if (v.split(' ').some((w) => JOB_PHRASE_WORD.has(w))) continue;
    if ((pair && looksLikePersonName(v, false)) || (!single && looksLikePersonName(v, true))) {
      emit({
        start: items[k]![0],
        end: items[k]![1],
        category: 'PERSON',
        rule: 'list-name-beside-contact',
        priority: 55,
      });
      // a password right after the full name (a welcome or reset job's `(id, email, name, password, locale)`)
      const next = values[k + 1];
      if (
        !pair &&
        next !== undefined &&
        LISTED_PASSWORD.test(next) &&
        !CONTACT_ITEM.test(next) &&
        !HEX_OR_UUID.test(next)
      )
        emit({
          start: items[k + 1]![0],
          end: items[k + 1]![1],
          category: 'PASSWORD',
          rule: 'list-password-beside-name',
          priority: 55,
        });
    }
  }
}
/** A login as user listings print it: lower case, 2–32 characters, not ending in punctuation. */
const LISTED_LOGIN = /^[a-z][a-z0-9._-]{0,30}[a-z0-9]$/;
/** A setting's key naming an address (`admin_email`, `new_admin_email`, `reply_to_mail`). */
const ADDRESS_KEY_ITEM = /(?:^|_)(?:e_?mail|mail|address|recipient|sender|reply_to)$/;
/** An item that is one e-mail address. */
const EMAIL_ITEM = /^[^\s@]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+$/;
/**
 * A password as a job passes it: 8–64 characters without blanks, a letter and a digit, and a symbol or both cases
 * (`Dolphin*8068`, `98LU.9Olk9w62y_4`, `velvet-correct-orbit-meadow2`); not a lower-case identifier (`welcome_v2`).
 */
const LISTED_PASSWORD =
  /^(?=[^\s]{8,64}$)(?=.*[A-Za-z])(?=.*\d)(?:(?=.*[^A-Za-z0-9])|(?=.*[a-z])(?=.*[A-Z]))(?![a-z][a-z0-9]*(?:[_.][a-z0-9]+)+$)\S+$/;
/** Hex digests and UUIDs: tokens and ids, not passwords. */
const HEX_OR_UUID =
  /^(?:[0-9a-fA-F]{16,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/** Characters of an e-mail address's local part (RFC 5322 dot-atom, as addresses in exports are written). */
const EMAIL_LOCAL_CHAR = charTable("A-Za-z0-9.!#$%&'*+/=?^_`{|}~-");

/** Box-drawing characters of Unicode tables and the ASCII each stands for (one UTF-16 unit each, so offsets stay). */
const BOX_TO_ASCII: Readonly<Record<string, string>> = {
  '│': '|',
  '┃': '|',
  '║': '|',
  // Polars draws the lines between columns dashed (`│ id ┆ name │`)
  '┆': '|',
  '─': '-',
  '━': '-',
  '═': '-',
  '┌': '+',
  '┬': '+',
  '┐': '+',
  '├': '+',
  '┼': '+',
  '┤': '+',
  '└': '+',
  '┴': '+',
  '┘': '+',
  '╞': '+',
  '╪': '+',
  '╡': '+',
  '╔': '+',
  '╦': '+',
  '╗': '+',
  '╠': '+',
  '╬': '+',
  '╣': '+',
  '╚': '+',
  '╩': '+',
  '╝': '+',
};

/**
 * Tables drawn with box-drawing characters (`rabbitmqctl … --formatter pretty_table`, `ghost ls`, cli-table3 and
 * Python `tabulate` output): read by {@link tableCells} as the ASCII table they draw, on a copy of the text with each
 * box character replaced by its ASCII counterpart (same length, so every offset is the text's).
 */
export const boxTableCells: Scanner = (text, emit) => {
  if (!text.includes('│') && !text.includes('┃') && !text.includes('║') && !text.includes('┆')) return;
  tableCells(
    text.replace(BOX_CHAR, (c) => BOX_TO_ASCII[c]!),
    emit,
  );
  if (text.includes('┌─')) namedBorderTables(text, emit);
};

/**
 * ClickHouse's Pretty formats write the column names into the top border (`┌─user_id─┬─full_name──┐`), then the rows
 * (`│ 3607040 │ Thiago Carvalho  │`): each cell is classified by the name over it ({@link classifyColumn}).
 */
function namedBorderTables(text: string, emit: (c: Candidate) => void): void {
  const kinds = new Map<string, ColumnKind>();
  NAMED_TOP_BORDER.lastIndex = 0;
  for (let m = NAMED_TOP_BORDER.exec(text); m; m = NAMED_TOP_BORDER.exec(text)) {
    const names = m[0]
      .trimEnd()
      .slice(1, -1)
      .split('┬')
      .map((n) => n.replace(/─/g, '').trim());
    let pos = m.index + m[0].length + 1;
    for (let n = 0; pos < text.length && n < 10000; n++) {
      let le = text.indexOf('\n', pos);
      if (le < 0) le = text.length;
      if (text.charCodeAt(pos) !== 0x2502 /* │ */) break;
      const cs = cells(text.slice(pos + 1, text.charCodeAt(le - 1) === 0x2502 ? le - 1 : le), pos + 1, '│');
      if (cs.length === names.length)
        for (let k = 0; k < cs.length; k++) emitCell(text, columnKey(names[k]!), cs[k]![0], cs[k]![1], emit, kinds);
      pos = le + 1;
    }
  }
}

/**
 * E-mail addresses cut short by a table printer (Spark's `show()` cuts cells at 20 characters and writes `...`, Polars
 * and R's tibble end a cut cell with `…`): the local part, `@` and what is left of the domain, up to the ellipsis.
 * Found from each ellipsis, walking back at most a domain's and a local part's length (RFC 5321 §4.5.3.1: 64 and 255).
 */
export const truncatedEmails: Scanner = (text, emit) => {
  if (!text.includes('@')) return;
  // the next `…` and `...` at or after the search point, each searched again only once passed (an absent one is
  // searched once: a search per hit from every ellipsis was quadratic)
  let unicode = text.indexOf('…');
  let dots = text.indexOf('...');
  for (;;) {
    const i = unicode < 0 ? dots : dots < 0 ? unicode : Math.min(unicode, dots);
    if (i < 0) break;
    if (unicode === i) unicode = text.indexOf('…', i + 1);
    if (dots >= 0 && dots <= i) dots = text.indexOf('...', i + 1);
    // (one walk per run of dots: a dot before the ellipsis belongs to the run, a domain's last label ends in a letter)
    if (text.charCodeAt(i - 1) === 46) continue;
    let at = i;
    while (at > 0 && i - at < 255 && HOST_CHARS[text.charCodeAt(at - 1)] === 1) at--;
    if (text.charCodeAt(at - 1) !== 64 /* @ */) continue;
    let l = at - 1;
    while (l > 0 && at - 1 - l < 64 && EMAIL_LOCAL_CHAR[text.charCodeAt(l - 1)] === 1 && text.charCodeAt(l - 1) !== 124)
      l--;
    if (l === at - 1) continue;
    emit({ start: l, end: i, category: 'EMAIL', rule: 'truncated-email', priority: 61 });
  }
};

/**
 * One column per line, its type, then its first values: Polars' and dplyr's `glimpse()` (`$ username <str> 'iyer_a',
 * 'zofia.nowak', …` / `$ email <chr> "ana@…", …`). Each value is classified by the column's name
 * ({@link classifyColumn}).
 */
export const glimpseColumns: Scanner = (text, emit) => {
  if (!text.includes('$ ')) return;
  const kinds = new Map<string, ColumnKind>();
  GLIMPSE_LINE.lastIndex = 0;
  for (let m = GLIMPSE_LINE.exec(text); m; m = GLIMPSE_LINE.exec(text)) {
    const column = columnKey(m[1]!);
    const kind = kindOf(column, kinds);
    if (kind === 'other' || kind === 'not-personal') continue;
    const valuesAt = m.index + m[0].length - m[2]!.length;
    GLIMPSE_VALUE.lastIndex = 0;
    for (let v = GLIMPSE_VALUE.exec(m[2]!); v; v = GLIMPSE_VALUE.exec(m[2]!)) {
      const raw = v[1] ?? v[2] ?? v[3]!;
      const a = valuesAt + v.index + (v[3] === undefined ? 1 : 0);
      emitCell(text, column, a, a + raw.length, emit, kinds, { rule: 'glimpse-' });
    }
  }
};
/** A `glimpse()` line: `$ name <type> values` (the name padded to the longest). */
const GLIMPSE_LINE = /^\$ ([A-Za-z_.][A-Za-z0-9_.]{0,63})[ \t]+<[A-Za-z0-9_[\], ]{1,40}>[ \t]+([^\n]{1,4000})$/gm;
/** One value of a `glimpse()` line: quoted either way, or bare up to the next `, `. */
const GLIMPSE_VALUE = /"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s,"'…][^,\n…]{0,199})/g;

/**
 * Data frames as pandas and R print them: a header of column names indented past the row labels, and rows whose cells
 * are right-aligned under each name (`print(df)`, `df.head()`, `df.to_string()`, R's `print.data.frame`). Each cell is
 * the text between the previous column's end and its own name's end, so a cell may hold blanks (`Layla El Amrani`).
 * pandas' `\` at the end of a wrapped block's lines and its index-name line under the header are read past. A row
 * ends the frame when its cells do not end where the names do. Sources: pandas `DataFrame.to_string` (justify right by
 * default), R `print.data.frame` (`right = TRUE`).
 */
export const rightAlignedFrames: Scanner = (text, emit, keywordEnds) => {
  if (!keywordEnds) return;
  const kinds = new Map<string, ColumnKind>();
  let done = -1;
  // the newlines around each hit, found walking forward once (hits ascend): a walk back from every hit to its line's
  // start cost a read of each line of a log that names users on every line
  let lastNl = -1;
  let nextNl = text.indexOf('\n');
  for (const end of keywordEnds) {
    if (end <= done) continue;
    while (nextNl >= 0 && nextNl < end) {
      lastNl = nextNl;
      nextNl = text.indexOf('\n', nextNl + 1);
    }
    const ls = lastNl + 1;
    const le = nextNl < 0 ? text.length : nextNl;
    done = le;
    // the header is indented past the row labels and holds nothing but names, blanks and a wrap mark
    if (text.charCodeAt(ls) !== 32 || le - ls > FRAME_LINE_MAX) continue;
    let i = ls;
    while (i < le && FRAME_HEADER_CHAR[text.charCodeAt(i)] === 1) i++;
    if (i < le && !(text.charCodeAt(i) === 13 && i === le - 1)) continue;
    // … and the line under it starts with a row's label (or pandas' index name), not a blank: indented blocks of
    // settings (`    server_name x;`) are read no further
    const under = text.charCodeAt(le + 1);
    if (!(under > 32)) continue;
    const header = frameLine(text, ls, le);
    const cols: Array<[number, number]> = [];
    for (const m of header.matchAll(/\S+/g)) cols.push([m.index, m.index + m[0].length]);
    if (cols.length < 2) continue;
    const names = cols.map(([a, b]) => columnKey(header.slice(a, b)));
    const colKinds = names.map((n) => kindOf(n, kinds));
    if (!colKinds.some((k) => k !== 'other' && k !== 'not-personal')) continue;
    let pos = le + 1;
    // pandas names the index on a line of its own under the header (`user_id` then blanks)
    let belowEnd = text.indexOf('\n', pos);
    if (belowEnd < 0) belowEnd = text.length;
    const indexName =
      belowEnd - pos <= FRAME_LINE_MAX
        ? /^[A-Za-z_][A-Za-z0-9_.]{0,63}[ ]*\\?\r?$/.exec(text.slice(pos, belowEnd))
        : null;
    if (indexName && pos < text.length) pos += indexName[0].length + 1;
    for (let rows = 0; pos < text.length && rows < 100000; rows++) {
      let re = text.indexOf('\n', pos);
      if (re < 0) re = text.length;
      if (re - pos > FRAME_LINE_MAX) break;
      const row = frameLine(text, pos, re);
      // a row starts with its label (pandas' index, R's row names), left-aligned: a padded `Key   value` listing's
      // lines start with a blank
      if (!row.trim() || row.charCodeAt(0) === 32) break;
      // each cell ends where its name does: that column filled, the one after it blank or the line's end
      let aligned = 0;
      for (const [, e] of cols) if (row.charCodeAt(e - 1) > 32 && !(row.charCodeAt(e) > 32)) aligned++;
      if (aligned < cols.length - 1) break;
      // the row's label (index) is its first word, in the room the header leaves for it
      let labelEnd = 0;
      while (labelEnd < row.length && row.charCodeAt(labelEnd) !== 32) labelEnd++;
      if (labelEnd >= cols[0]![1]) break;
      for (let k = 0; k < cols.length; k++) {
        if (colKinds[k] === 'other' || colKinds[k] === 'not-personal') continue;
        const a = k === 0 ? labelEnd : cols[k - 1]![1];
        let b = Math.min(cols[k]![1], row.length);
        while (b > a && row.charCodeAt(b - 1) === 32) b--;
        if (b > a) emitCell(text, names[k]!, pos + a, pos + b, emit, kinds, { rule: 'frame-' });
      }
      pos = re + 1;
    }
    done = Math.max(done, pos);
  }
};
/**
 * Tibbles as R prints them (`# A tibble: 5 × 4`): a header of names, a row of their types (`<chr>`, `<int>`), then
 * numbered rows. Text columns are left-aligned under their names, numbers right-aligned (tibble's `print` via pillar),
 * so a text cell runs from its name's start to the next column's (a number cell, blank-free, is the last word before
 * its name's end). A cell cut short ends in `…`; what stands before it is classified. Sources: pillar `tbl_format_*`
 * (type abbreviations), tibble `print.tbl`.
 */
export const tibbleFrames: Scanner = (text, emit) => {
  if (!text.includes('<chr>')) return;
  const kinds = new Map<string, ColumnKind>();
  TIBBLE_TYPES.lastIndex = 0;
  for (let m = TIBBLE_TYPES.exec(text); m; m = TIBBLE_TYPES.exec(text)) {
    const typesAt = m.index;
    const hs = text.lastIndexOf('\n', typesAt - 2) + 1;
    if (typesAt - hs > FRAME_LINE_MAX) continue;
    const header = text.slice(hs, typesAt - 1).replace(/\r$/, '');
    const names = [...header.matchAll(/\S+/g)];
    const types = [...m[0].matchAll(/<([a-z0-9]+)>/g)];
    if (names.length !== types.length) continue;
    const cols = types.map((t, k) => ({
      left: !TIBBLE_NUMBER_TYPE.test(t[1]!),
      start: Math.min(t.index, names[k]!.index),
      end: Math.max(t.index + t[0].length, names[k]!.index + names[k]![0].length),
      key: columnKey(names[k]![0]),
    }));
    if (!cols.some((c) => !['other', 'not-personal'].includes(kindOf(c.key, kinds)))) continue;
    let pos = typesAt + m[0].length + 1;
    while (pos < text.length) {
      let re = text.indexOf('\n', pos);
      if (re < 0) re = text.length;
      if (re - pos > FRAME_LINE_MAX) break;
      const row = text.slice(pos, re).replace(/\r$/, '');
      if (!/^ *\d+ /.test(row)) break;
      for (let k = 0; k < cols.length; k++) {
        const c = cols[k]!;
        let a: number;
        let b: number;
        if (c.left) {
          a = c.start;
          const next = cols[k + 1];
          if (!next) b = row.length;
          else if (next.left) b = next.start;
          else {
            // the number cell after it is the last word before that column's end
            b = Math.min(next.end, row.length);
            while (b > a && row.charCodeAt(b - 1) === 32) b--;
            while (b > a && row.charCodeAt(b - 1) !== 32) b--;
          }
        } else {
          b = Math.min(c.end, row.length);
          a = b;
          while (a > 0 && row.charCodeAt(a - 1) !== 32) a--;
        }
        while (b > a && row.charCodeAt(b - 1) === 32) b--;
        // a cut cell: its visible part, without the ellipsis
        if (row.charCodeAt(b - 1) === 0x2026) b--;
        if (b > a) emitCell(text, c.key, pos + a, pos + b, emit, kinds, { rule: 'tibble-' });
      }
      pos = re + 1;
    }
  }
};
/** A tibble's row of column types (pillar's abbreviations), alone on its line. */
const TIBBLE_TYPES = /^[ ]{0,40}<[a-z][a-z0-9]{0,9}>(?:[ ]{1,200}<[a-z][a-z0-9]{0,9}>){0,200}[ ]*\r?$/gm;
/** Types pillar right-aligns (numbers, times). */
const TIBBLE_NUMBER_TYPE = /^(?:int|dbl|int64|num|cpl|i64|drtn|time|dttm|date)$/;

/**
 * pppd's secrets files (`/etc/ppp/chap-secrets`, `pap-secrets`; pppd(8) "AUTHENTICATION"): after their header comment
 * (`# Secrets for authentication using CHAP`, `# client  server  secret  IP addresses`), each line is a client, a
 * server (often `*`), the secret and the addresses the client may use, each word optionally in double quotes. The
 * client is a login, the secret a password (`*` and `-` are none; `@/path` names a file holding it).
 */
export const pppSecrets: Scanner = (text, emit, keywordEnds) => {
  let done = -1;
  for (const end of keywordEnds ?? []) {
    if (end <= done) continue;
    // (the header names the secrets: `# client  server  secret …`; a comment that starts with `# client` elsewhere
    // heads other settings)
    const nl = text.indexOf('\n', end);
    if (nl < 0 || !/secret/i.test(text.slice(end, nl))) continue;
    done = eachLineAfter(text, end, 100000, (pos, le) => {
      const line = text.slice(pos, le);
      if (line.trim() === '' || /^[ \t]*#/.test(line)) return true;
      const words = [...line.matchAll(PPP_WORD)];
      if (words.length < 3 || words.length > 12 || le - pos > 2000) return false;
      const word = (k: number): [number, string] => {
        const w = words[k]!;
        return w[1] !== undefined ? [pos + w.index + 1, w[1]] : [pos + w.index, w[2]!];
      };
      const [ca, client] = word(0);
      const [sa, secret] = word(2);
      if (client !== '*' && client !== '' && !isSystemAccount(client))
        emit({ start: ca, end: ca + client.length, category: 'USER', rule: 'ppp-secrets-client', priority: 57 });
      if (secret !== '' && secret !== '*' && secret !== '-' && !secret.startsWith('@'))
        emit({ start: sa, end: sa + secret.length, category: 'PASSWORD', rule: 'ppp-secrets-secret', priority: 76 });
      return true;
    });
  }
};

/**
 * `pdbedit -L` (Samba's account list, pdbedit(8)): after the command, lines of `login:uid:Full Name`. The login is a
 * USER, the full name (when it is one) a PERSON.
 */
export const pdbeditList: Scanner = (text, emit, keywordEnds) =>
  eachListingAfter(text, keywordEnds, 100000, () => (pos, le) => {
    const m = le - pos <= 200 ? PDBEDIT_LINE.exec(text.slice(pos, le)) : null;
    if (!m) return false;
    if (!isSystemAccount(m[1]!))
      emit({ start: pos, end: pos + m[1]!.length, category: 'USER', rule: 'pdbedit-list', priority: 57 });
    const name = m[2]!.trim();
    const at = pos + m[0].length - m[2]!.length;
    if (looksLikePersonName(name, false))
      emit({ start: at, end: at + name.length, category: 'PERSON', rule: 'pdbedit-list-name', priority: 60 });
    return true;
  });

/** One line of `pdbedit -L`: login, uid, full name. */
const PDBEDIT_LINE = /^([a-z_][a-z0-9._$-]{0,31}):\d{1,10}:([^:\n]{0,80}?)[ \t]*\r?$/;

/** A word of a pppd secrets line: double-quoted (no escapes) or bare. */
const PPP_WORD = /"([^"\n]{0,256})"|([^\s"]{1,256})/g;

/**
 * `login:password` lines fed to chpasswd(8): a here-document (`chpasswd <<'EOF'` … `EOF`) or cloud-init's `chpasswd:`
 * `list: |` block (cloudinit.readthedocs.io, module "Set Passwords"). Each line's login and password are emitted.
 */
export const chpasswdInput: Scanner = (text, emit, keywordEnds) => {
  const rules = { login: 'chpasswd-input-login', password: 'chpasswd-input-password', priority: 76 };
  let done = -1;
  for (const end of keywordEnds ?? []) {
    if (end <= done) continue;
    const nl = text.indexOf('\n', end);
    if (nl < 0) return;
    const line = text.slice(end, nl);
    // a here-document runs to its delimiter; cloud-init's `list: |`, to the first line less indented than its first
    const here = /<<-?[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]{0,31})\1/.exec(line);
    let from = end;
    if (!here) {
      const next = text.indexOf('\n', nl + 1);
      if (
        !/^:[ \t]*\r?$/.test(line) ||
        next < 0 ||
        !/^[ \t]+list:[ \t]*\|[-+]?[ \t]*\r?$/.test(text.slice(nl + 1, next))
      )
        continue;
      from = nl + 1;
    }
    let indent = -1;
    done = eachLineAfter(text, from, 10000, (pos, e) => {
      const l = text.slice(pos, e).replace(/\r$/, '');
      if (here ? l.trim() === here[2] : l.trim() === '') return false;
      if (!here) {
        const ind = /^[ \t]*/.exec(l)![0].length;
        if (indent < 0) indent = ind;
        if (ind < indent || ind === 0) return false;
      }
      loginPasswordLine(text, pos, e, emit, rules);
      return true;
    });
  }
};

/** Longest header or row line read as a data frame's (characters). */
const FRAME_LINE_MAX = 4000;
/** Characters of a data frame's header line: names (`user_id`, `df.col`), blanks, pandas' wrap mark and `...`. */
const FRAME_HEADER_CHAR = charTable('A-Za-z0-9_. \\');
/** The line [a, b) without its CR and pandas' trailing wrap mark (` \`), which stands outside every cell. */
function frameLine(text: string, a: number, b: number): string {
  let e = b;
  if (text.charCodeAt(e - 1) === 13) e--;
  if (text.charCodeAt(e - 1) === 92 /* \ */ && text.charCodeAt(e - 2) === 32) e--;
  return text.slice(a, e);
}

/** A top border that holds the column names (ClickHouse PrettyCompact: `┌─id─┬─name─┐`). */
const NAMED_TOP_BORDER = /^┌─[^\n]*?[A-Za-z][^\n]*┐[ \t]*$/gm;

/** Any key of {@link BOX_TO_ASCII}. */
const BOX_CHAR = new RegExp(`[${Object.keys(BOX_TO_ASCII).join('')}]`, 'g');

/** A CDR's call time cell (`2025-07-12 07:50:44`). */
const CDR_TIME_CELL = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d{1,6})?$/;
/** A dialled number cell: 7–16 digits, perhaps after `+` (shorter all-digit cells are extensions and durations). */
const CDR_NUMBER_CELL = /^\+?\d{7,16}$/;

/**
 * Call detail records printed without a header: Asterisk's and FreeSWITCH's `Master.csv` (`cat`, `tail`, `grep -r`,
 * the `sql` template's `INSERT INTO cdr VALUES (…)`, `column -t` of `cut` output). A line found from its disposition or
 * hangup cause (`ANSWERED`, `NORMAL_CLEARING`, `NO_USER_RESPONSE`, the `keywordEnds` hits) whose cells hold two call
 * times is a call: its 7–16 digit cells are the dialled and calling numbers, and its cells that are a person's name
 * of two or more words (the caller id name) are persons. Extensions (3–6 digits) and durations stay. Sources: Asterisk
 * cdr_csv field list (accountcode, src, dst, dcontext, clid, …, disposition), FreeSWITCH mod_cdr_csv templates.
 */
export const cdrRows: Scanner = (text, emit, keywordEnds) => {
  if (!keywordEnds) return;
  let lineEnd = -1;
  for (const end of keywordEnds) {
    if (end <= lineEnd) continue;
    const ls = lineStartWithin(text, end - 1, CSV_HEADER_MAX);
    if (ls > 0 && text.charCodeAt(ls - 1) !== 10) continue;
    let le = text.indexOf('\n', end);
    if (le < 0) le = text.length;
    lineEnd = le;
    if (text.charCodeAt(le - 1) === 13) le--;
    // CDR lines quote their text cells; most lines naming a failure (`Failed password for …`) have no quote
    const quote = text.indexOf('"', ls);
    if (le - ls > CSV_HEADER_MAX || quote < 0 || quote >= le) continue;
    // an SQL template's row starts after `VALUES (`; `grep -r` puts the file's name and `:` in front
    const line = text.slice(ls, le);
    const values = line.indexOf('VALUES (');
    let cs: Array<[number, number]>;
    if (line.includes('",') || line.includes(',"')) cs = csvFields(text, values >= 0 ? ls + values + 8 : ls, le, 44);
    else {
      cs = [];
      for (const m of line.matchAll(/"([^"\n]*)"/g)) cs.push([ls + m.index + 1, ls + m.index + 1 + m[1]!.length]);
    }
    let times = 0;
    for (const [a, b] of cs) if (b - a >= 19 && CDR_TIME_CELL.test(text.slice(a, b))) times++;
    if (times < 2) continue;
    for (const [a, b] of cs) {
      if (b - a < 7 || b - a > 100) continue;
      const v = text.slice(a, b);
      if (CDR_NUMBER_CELL.test(v)) emit({ start: a, end: b, category: 'PHONE', rule: 'cdr-number', priority: 58 });
      // (a disposition in capitals, `NO ANSWER`, is no name)
      else if (looksLikePersonName(v, true) && /\p{Ll}|\p{Lo}/u.test(v) && !ROW_LABEL.test(v))
        emit({ start: a, end: b, category: 'PERSON', rule: 'cdr-caller-name', priority: 58 });
    }
  }
};

/**
 * Whether a header's columns are about people: a login, phone or e-mail column. Only then is a column named for
 * whatever its row is (`name`, `display_name`, `title`) read as a person's name (`name,price,sku` names products).
 */
function aboutPeople(keys: readonly string[], kinds: readonly ColumnKind[]): boolean {
  return keys.some(
    (k, i) => kinds[i] === 'user' || kinds[i] === 'mail-alias' || kinds[i] === 'phone' || /mail|courriel/.test(k),
  );
}

/** Column keys ({@link columnKey}) of a person's first name. */
const FIRST_NAME_KEY = /^(?:first_?name|given_?name|forename|vorname|prenom|nombre|voornaam|fornavn|fornamn|imie)$/;

/**
 * `keys` with a bare `name` column read as a surname when another column is the first name (`Personalnr;Name;Vorname`
 * in a German payroll export): a one-word cell there is a person's family name, not whatever the row is.
 */
function surnameColumn(keys: string[]): string[] {
  if (!keys.includes('name') || !keys.some((k) => FIRST_NAME_KEY.test(k))) return keys;
  return keys.map((k) => (k === 'name' ? 'last_name' : k));
}

/** Column names that name whatever their row is (product, project, person). */
const ROW_NAMING_KEY = /^(?:name|naam|nome|display_?name|title|label)$/;

/**
 * CSV exports (`head customers.csv`, RFC 4180, comma or the semicolon of European spreadsheets): a header of column
 * names, one of which is personal (found from a keyword hit on it), then rows whose cells are classified by their
 * column's name as table cells are ({@link classifyColumn}; names in other languages through {@link columnKey}). The
 * rows end at a blank line or a line with more fields than the header; a shorter last line (cut by `head -c`) still
 * counts.
 */
export const csvCells: Scanner = (text, emit, keywordEnds) => {
  if (!keywordEnds) return;
  const kinds = new Map<string, ColumnKind>();
  let done = -1;
  // the end of the last line looked at: each line is looked at once, however many hits it holds
  let lineEnd = -1;
  for (const end of keywordEnds) {
    if (end <= done || end <= lineEnd) continue;
    // a column name goes on to a delimiter, a quote, a blank, the line's end or more of its name, never to `.` or `@`
    // (`gmail.com`, `mail@…` in logs)
    const after = text.charCodeAt(end);
    if (after === 46 || after === 64 || after === 61 || after === 58) continue;
    const nl = text.indexOf('\n', end);
    let le = nl < 0 ? text.length : nl;
    lineEnd = le;
    let ls = lineStartWithin(text, end - 1, CSV_HEADER_MAX);
    if (ls > 0 && text.charCodeAt(ls - 1) !== 10) continue;
    // a UTF-8 byte order mark may open the file
    if (text.charCodeAt(ls) === 0xfeff) ls++;
    if (text.charCodeAt(le - 1) === 13) le--;
    if (le - ls > CSV_HEADER_MAX) continue;
    // one walk counts the delimiters and stops at the first character no header holds (a log line's `:` or `=`, a
    // JSON `{`), so the lines of logs that name users cost a few reads each
    const first = text.charCodeAt(ls);
    if (first < 128 && !(CSV_HEADER_FIRST[first] === 1)) continue;
    let commas = 0;
    let semis = 0;
    let tabs = 0;
    // OpenVPN's status-version 3 file is tab-separated (`HEADER<TAB>CLIENT_LIST<TAB>Common Name<TAB>…`)
    const tabbed = text.startsWith('HEADER\t', ls);
    let i = ls;
    // (a quoted column name may hold a `:`: schtasks /fo csv /v writes `"Repeat: Every"`)
    let quoted = false;
    // (and an unquoted one after a letter, before a blank, past the first column of a wide header: Snipe-IT's custom
    // asset report names `Checked Out To: Full Name`; a log line's `app: …` comes first)
    let colons = 0;
    for (; i < le; i++) {
      const c = text.charCodeAt(i);
      if (c === 44) commas++;
      else if (c === 59) semis++;
      else if (c === 9 && tabbed) tabs++;
      else if (c === 34) quoted = !quoted;
      else if (c < 128 && CSV_HEADER_STOP[c] === 1 && !(quoted && c === 58)) {
        if (
          c !== 58 ||
          commas + semis === 0 ||
          text.charCodeAt(i + 1) !== 32 ||
          LETTER_ASCII[text.charCodeAt(i - 1)] !== 1
        )
          break;
        colons++;
      }
    }
    if (i < le || Math.max(commas, semis, tabs) < (colons > 0 ? 5 : 2)) continue;
    const delim = tabbed ? 9 : semis > commas ? 59 : 44;
    const header = csvFields(text, ls, le, delim);
    if (
      !header.every(([a, b]) =>
        CSV_HEADER_CELL.test(
          text.slice(a - (text.charCodeAt(a - 1) === 34 ? 1 : 0), b + (text.charCodeAt(b) === 34 ? 1 : 0)),
        ),
      )
    )
      continue;
    // OpenVPN's status file (status-version 2/3) names its row type in a first `HEADER` column the rows lack
    const openvpn = text.startsWith('HEADER', header[0]![0]) && header[0]![1] - header[0]![0] === 6;
    const keys = surnameColumn((openvpn ? header.slice(1) : header).map(([a, b]) => columnKey(text.slice(a, b))));
    const colKinds = keys.map((k) => kindOf(k, kinds));
    const people = aboutPeople(keys, colKinds);
    const read = keys.map((k, i) => colKinds[i] !== 'not-personal' && (people || !ROW_NAMING_KEY.test(k)));
    if (!colKinds.some((k) => k !== 'other' && k !== 'not-personal')) continue;
    let pos = nl < 0 ? text.length : nl + 1;
    let multiline = true;
    while (pos < text.length) {
      // a record ends at the first line end outside quotes (RFC 4180 §2.6: a quoted field may hold line breaks)
      let nl = multiline ? csvRecordEnd(text, pos) : text.indexOf('\n', pos);
      if (nl === -2) {
        multiline = false;
        nl = text.indexOf('\n', pos);
      }
      if (nl < 0) nl = text.length;
      const rowEnd = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (rowEnd === pos) break;
      const cells = csvFields(text, pos, rowEnd, delim);
      // another header (OpenVPN's `HEADER,ROUTING_TABLE,…` after `HEADER,CLIENT_LIST,…`) ends the table, and so does an
      // OpenVPN row of another type (`GLOBAL_STATS,…`)
      const type = text.slice(cells[0]![0], cells[0]![1]);
      if (
        cells.length > header.length ||
        cells.length < 2 ||
        type === text.slice(header[0]![0], header[0]![1]) ||
        (openvpn && type !== text.slice(header[1]![0], header[1]![1]))
      )
        break;
      for (let k = 0; k < cells.length; k++) {
        if (!read[k]) continue;
        const [a, b] = cells[k]!;
        if (b <= a) continue;
        emitCell(text, keys[k]!, a, b, emit, kinds, { rule: 'csv-' });
      }
      pos = nl + 1;
    }
    done = pos;
  }
};

/** One line of `redis-cli` reply output: ` 12) "value"` (the index right-aligned, the value C-escaped in quotes). */
const REDIS_REPLY_LINE =
  /[ \t]{0,8}(?:\d{1,7}\)[ \t]{1,4})?(\d{1,7})\) (?:"((?:[^"\\\n]|\\.){0,4096})"|\(integer\) -?\d{1,20}|\(nil\)|\(empty array\))\r?$/my;

/** `redis-cli`'s escapes `\xHH` (bytes) decoded as UTF-8, `\"` and `\\` unescaped: the text the value holds. */
function redisUnescape(v: string): string {
  if (!v.includes('\\')) return v;
  const bytes: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 92 && v[i + 1] === 'x' && /^[0-9a-fA-F]{2}$/.test(v.slice(i + 2, i + 4))) {
      bytes.push(parseInt(v.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (c === 92 && i + 1 < v.length) {
      bytes.push(v.charCodeAt(++i));
    } else for (const b of Buffer.from(v[i]!, 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * `redis-cli HGETALL` (and `CONFIG GET`) replies: numbered lines alternating a field name and its value. Each value is
 * classified by its field's name as a table cell is ({@link classifyColumn}), on its unescaped text (`\xe5\xb1…` names
 * are UTF-8 bytes), and redacted as printed. Found from the first reply line (`1) "`).
 */
export const redisHashFields: Scanner = (text, emit) => {
  const kinds = new Map<string, ColumnKind>();
  let done = -1;
  // the gate `1) "` has no letter, so the engine tests it with `includes` and passes no hits: found here
  for (let at = text.indexOf('1) "'); at >= 0; at = text.indexOf('1) "', at + 1)) {
    const end = at + 4;
    if (end <= done) continue;
    const ls = lineStartWithin(text, end - 1, 16);
    if (ls > 0 && text.charCodeAt(ls - 1) !== 10) continue;
    // the reply's lines, in pairs from index 1
    const fields: Array<{ key: string; a: number; b: number }> = [];
    let pos = ls;
    let expect = 1;
    let key = '';
    for (;;) {
      REDIS_REPLY_LINE.lastIndex = pos;
      const m = REDIS_REPLY_LINE.exec(text);
      if (!m || Number(m[1]) !== expect) break;
      const b = pos + m[0].length - (m[0].endsWith('\r') ? 2 : 1);
      // (a nested reply, ACL LOG's entries, starts with its outer index: `1)  1) "count"`; an integer or nil element
      // holds no text)
      if (expect % 2 === 1) key = m[2] === undefined ? '' : columnKey(redisUnescape(m[2]));
      else if (m[2] !== undefined) fields.push({ key, a: b - m[2].length, b });
      expect++;
      pos = REDIS_REPLY_LINE.lastIndex + 1;
      if (pos > text.length) break;
    }
    done = pos;
    if (fields.length === 0) continue;
    const keys = fields.map((f) => f.key);
    const colKinds = keys.map((k) => kindOf(k, kinds));
    const people = aboutPeople(keys, colKinds);
    for (const f of fields) {
      if (f.b <= f.a || (!people && ROW_NAMING_KEY.test(f.key))) continue;
      emitCell(text, f.key, f.a, f.b, emit, kinds, { rule: 'redis-', value: redisUnescape(text.slice(f.a, f.b)) });
    }
  }
};

/** A field name as `redis-cli --raw` prints it alone on its line: an identifier, parts joined by `.`, `:` or `-`. */
const REDIS_RAW_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}(?:[-.:][A-Za-z0-9_]{1,63}){0,4}$/;
/**
 * A line that ends a run of pairs: a stream entry id (`1742880044918-0`: milliseconds and a sequence number,
 * redis.io/docs/data-types/streams), or the length line of a Subversion hash dump (`K 8`, `V 15`, `END` in
 * `~/.subversion/auth/svn.simple/*`), whose names and values are the svn rules' to read.
 */
const REDIS_STREAM_ID = /^(?:\d{10,16}-\d{1,10}|[KV] \d{1,6}|END)$/;
/** `CONFIG GET` parameters that hold a credential (redis.conf: `requirepass`, `masterauth`, `masteruser`), as columns. */
const REDIS_CONFIG_KEYS: Readonly<Record<string, string>> = {
  requirepass: 'password',
  masterauth: 'password',
  masteruser: 'user',
};
/** Lines {@link redisRawReplies} reads at most in one reply, either side of a field name. */
const REDIS_RAW_LINES = 2048;

/**
 * `redis-cli` replies printed without a terminal (as over `ssh host redis-cli …`, or with `--raw`): `HGETALL`,
 * `XRANGE`, `CONFIG GET` and `SENTINEL masters` print one element per line, a field's name on one line and its value on
 * the next (redis.io/docs/connect/cli, "Raw output"). A run of such pairs is found from a field name a keyword names,
 * alone on its line; every value is classified by its field's name as a table cell is ({@link classifyColumn}).
 * A run needs two pairs or more, field names that are identifiers and all different, and one value that is not an
 * identifier (`ls -1` prints identifiers on every line); stream entry ids split a reply into its entries.
 */
export const redisRawReplies: Scanner = (text, emit, ends) => {
  if (!ends) return;
  const kinds = new Map<string, ColumnKind>();
  let done = -1;
  for (const hit of ends) {
    if (hit <= done) continue;
    // the line holding the hit must be a bare field name: walk out over identifier characters only
    // (each walk at most one name's length, so a long run of name characters costs no more per hit; forward first, where
    // most hits fail: `password=`, `user: `)
    let b = hit;
    while (b < text.length && b - hit < 320 && RAW_KEY_CHAR[text.charCodeAt(b)] === 1) b++;
    if (b < text.length && text.charCodeAt(b) !== 10 && !(text.charCodeAt(b) === 13 && text.charCodeAt(b + 1) === 10))
      continue;
    let a = hit - 1;
    while (a > 0 && b - a < 320 && RAW_KEY_CHAR[text.charCodeAt(a - 1)] === 1) a--;
    if (a > 0 && text.charCodeAt(a - 1) !== 10) continue;
    // lines as [start, end) without their `\r\n`
    const lineAt = (s: number): [number, number] | null => {
      if (s < 0 || s >= text.length) return null;
      let e = text.indexOf('\n', s);
      if (e < 0) e = text.length;
      const ee = e > s && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
      return ee > s ? [s, ee] : null;
    };
    const prevLine = (s: number): [number, number] | null => {
      if (s <= 0) return null;
      const ls = text.lastIndexOf('\n', s - 2) + 1;
      return lineAt(ls);
    };
    const str = (l: [number, number]): string => text.slice(l[0], l[1]);
    const isKey = (l: [number, number] | null): boolean =>
      l !== null && l[1] - l[0] <= 320 && REDIS_RAW_KEY.test(str(l)) && !REDIS_STREAM_ID.test(str(l));
    const isId = (l: [number, number] | null): boolean => l !== null && REDIS_STREAM_ID.test(str(l));
    type Pair = { name: string; key: string; a: number; b: number };
    /** The run of pairs through the name line `from`: back while the line two up is a name, then forward. */
    const run = (from: [number, number]): { pairs: Pair[]; plain: boolean; stop: number } => {
      let first = from;
      for (let n = 0; n < REDIS_RAW_LINES; n += 2) {
        const v = prevLine(first[0]);
        if (!v || isId(v)) break;
        const k = prevLine(v[0]);
        // (not back into a reply already read: each line is read once however many hits it has)
        if (!isKey(k) || k![0] <= done) break;
        first = k!;
      }
      const pairs: Pair[] = [];
      let at = first[0];
      let plain = false;
      let stop = at;
      for (let n = 0; n < REDIS_RAW_LINES; n += 2) {
        const k = lineAt(at);
        if (!isKey(k)) break;
        const v = lineAt(k![1] + (text.charCodeAt(k![1]) === 13 ? 2 : 1));
        if (!v || isId(v)) break;
        const key = columnKey(str(k!));
        pairs.push({ name: key, key: REDIS_CONFIG_KEYS[key] ?? key, a: v[0], b: v[1] });
        if (!REDIS_RAW_KEY.test(str(v))) plain = true;
        stop = v[1];
        at = v[1] + (text.charCodeAt(v[1]) === 13 ? 2 : 1);
      }
      return { pairs, plain, stop };
    };
    // the hit's line is a name, or a value that looks like one (`customer.updated` after `event`): the reading with
    // more pairs wins
    let best = run([a, b]);
    const above = prevLine(a);
    if (above && above[0] > done && isKey(above)) {
      const other = run(above);
      if (other.pairs.length > best.pairs.length) best = other;
    }
    const { pairs, plain, stop } = best;
    done = Math.max(stop, b);
    if (pairs.length < 2 || !plain) continue;
    if (new Set(pairs.map((p) => p.name)).size !== pairs.length) continue;
    const keys = pairs.map((p) => p.key);
    const colKinds = keys.map((k) => kindOf(k, kinds));
    const people = aboutPeople(keys, colKinds);
    for (const p of pairs) {
      if (!people && ROW_NAMING_KEY.test(p.key)) continue;
      emitCell(text, p.key, p.a, p.b, emit, kinds, { rule: 'redis-raw-' });
    }
  }
};

/** Characters of a {@link REDIS_RAW_KEY} (ASCII letters, digits, `_`, `.`, `:`, `-`), by code unit. */
const RAW_KEY_CHAR = ((): Uint8Array => {
  const t = new Uint8Array(65536);
  for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-') t[ch.charCodeAt(0)] = 1;
  return t;
})();

/** A child element of an XML `<user>` record: its name, and its text inside an optional CDATA section. */
const XML_USER_CHILD =
  /<(name|descr|fullname|full_name|realname|email)>(?:<!\[CDATA\[)?([^<\]\n]{1,200})(?:\]\]>)?<\/\1>/g;

/**
 * Accounts of appliance configurations kept as XML (pfSense/OPNsense `config.xml`: `<system><user><name>jdoe</name>
 * <descr><![CDATA[Jane Doe]]></descr>…</user>`): within each `<user>` element (up to its `</user>`, at most 8 KiB),
 * `<name>` is the login and `<descr>` or `<fullname>` the person's name when it reads as one.
 */
export const xmlUserRecords: Scanner = (text, emit, ends) => {
  if (!ends) return;
  // the first `</user>` after the hit, searched again only once a hit has passed it (each search from every hit
  // scanned to the end of a text without one: quadratic)
  let close = -2;
  for (let h = 0; h < ends.length; h++) {
    const hit = ends[h]!;
    if (close !== -1 && close < hit) close = text.indexOf('</user>', hit);
    if (close < 0) break;
    // the record is the last `<user>` before its `</user>` (a nested or unclosed one before it is not this user's)
    if ((h + 1 < ends.length && ends[h + 1]! < close) || close - hit > 8192) continue;
    const body = text.slice(hit, close);
    XML_USER_CHILD.lastIndex = 0;
    for (let m = XML_USER_CHILD.exec(body); m; m = XML_USER_CHILD.exec(body)) {
      const v = m[2]!.trim();
      const a = hit + m.index + m[0].indexOf(m[2]!) + (m[2]!.length - m[2]!.trimStart().length);
      if (m[1] === 'name') {
        if (/^[A-Za-z0-9._@-]{1,64}$/.test(v) && !isSystemAccount(v))
          emit({ start: a, end: a + v.length, category: 'USER', rule: 'xml-user-record-name', priority: 58 });
      } else if (m[1] !== 'email' && looksLikePersonName(v, true))
        emit({ start: a, end: a + v.length, category: 'PERSON', rule: 'xml-user-record-person', priority: 60 });
    }
  }
};

/**
 * Calls `visit(ls, le, hit)` once for each line that holds a keyword hit, in text order: [ls, le) is the line without its
 * `\n`, `hit` the first hit on it. Hits ascend, so later hits on a visited line are skipped and each line is searched
 * once; a line that starts more than `reach` characters before its hit is passed over, so the walk back costs at most
 * `reach` however long the line (one long line of hits stays linear). `visit` may return an offset: hits up to it are
 * skipped too (a reader that consumed the lines after its header).
 */
function forEachHitLine(
  text: string,
  ends: readonly number[] | undefined,
  reach: number,
  visit: (ls: number, le: number, hit: number) => number | void,
): void {
  let skip = -1;
  for (const hit of ends ?? []) {
    if (hit <= skip) continue;
    let le = text.indexOf('\n', hit);
    if (le < 0) le = text.length;
    skip = le;
    const ls = lineStartWithin(text, hit - 1, reach);
    if (ls > 0 && text.charCodeAt(ls - 1) !== 10) continue;
    const until = visit(ls, le, hit);
    if (typeof until === 'number' && until > skip) skip = until;
  }
}

/** A `"value": "…"` line of a property object (the value JSON-escaped). */
const JSON_VALUE_LINE = /[ \t]*"value"[ \t]*:[ \t]*"((?:[^"\\\n]|\\.){1,1000})"/y;
/** The line that opens a property object: `"spring.datasource.username": {`. Group 1 the property name. */
const JSON_PROPERTY_OPEN = /^[ \t]*"([A-Za-z0-9_.[\]-]{1,200})"[ \t]*:[ \t]*\{[ \t]*\r?$/;

/**
 * Property objects that hold their value under `"value"` (Spring Boot `/actuator/env` and `/actuator/configprops`,
 * Consul and etcd JSON): `"spring.datasource.username": {` then `"value": "portal_web"`. The value is classified by the
 * property name's last segment as a table cell is ({@link classifyColumn}), so `…username` is a login and `…password`
 * a secret; a value the server already masked (`******`) is left as it is.
 */
export const jsonValueObjects: Scanner = (text, emit, ends) => {
  const kinds = new Map<string, ColumnKind>();
  forEachHitLine(text, ends, 401, (ls, _le, hit) => {
    JSON_VALUE_LINE.lastIndex = ls;
    const m = JSON_VALUE_LINE.exec(text);
    if (!m || JSON_VALUE_LINE.lastIndex < hit || ls < 2) return;
    const ps = text.lastIndexOf('\n', ls - 2) + 1;
    if (ls - 1 - ps > 400) return;
    const open = JSON_PROPERTY_OPEN.exec(text.slice(ps, ls - 1));
    if (!open) return;
    const name = open[1]!;
    const last = name.slice(name.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
    const a = JSON_VALUE_LINE.lastIndex - 1 - m[1]!.length;
    // a name for a whole secret (`app.jwt.secret`) reads as its column does; `auth` at its end names a token too
    // (`app.sms.twilio-auth`)
    const key = /(?:^|[-_])auth(?:[_-]?token)?$/i.test(last) ? 'auth_token' : columnKey(last);
    emitCell(text, key, a, a + m[1]!.length, emit, kinds, { rule: 'json-value-' });
  });
};

/** After `"value"`: the colon and the JSON string (group 1, escaped as written). */
const JSON_VALUE_AFTER = /[ \t]*:[ \t]*"((?:[^"\\\n]|\\.){1,1000})"/y;
/** Before `{"value"` (read backwards from the brace): `"key":` with a plain key name (group 1). */
const JSON_KEY_BEFORE_BRACE = /"([A-Za-z][A-Za-z0-9_.-]{0,63})"[ \t]*:[ \t]*$/;

/**
 * Property objects written on one line (`{"displayname":{"value":"Jane Doe","scope":"v2-federated"}, …}`: Nextcloud's
 * `oc_accounts.data`, compact Consul/etcd JSON): the value is classified by its key as a table cell is
 * ({@link classifyColumn}), on its JSON-decoded text (`\u00e9`). Found from each `"value"` hit, with a bounded look
 * back for the key.
 */
export const inlineValueObjects: Scanner = (text, emit, ends) => {
  if (!ends) return;
  const kinds = new Map<string, ColumnKind>();
  for (const end of ends) {
    // `{` right before the hit's `"value"` (blanks between)
    let b = end - 7;
    while (b > 0 && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9)) b--;
    if (b < 1 || text.charCodeAt(b - 1) !== 123) continue;
    const key = JSON_KEY_BEFORE_BRACE.exec(text.slice(Math.max(0, b - 1 - 80), b - 1));
    if (!key) continue;
    JSON_VALUE_AFTER.lastIndex = end;
    const m = JSON_VALUE_AFTER.exec(text);
    if (!m) continue;
    const raw = m[1]!;
    let value = raw;
    // (`mysql` in batch mode doubles the backslashes of the JSON it prints: `\\u00e9` is decoded twice)
    for (let pass = 0; pass < 2 && value.includes('\\'); pass++)
      try {
        value = JSON.parse(`"${value}"`) as string;
      } catch {
        break;
      }
    const a = JSON_VALUE_AFTER.lastIndex - 1 - raw.length;
    emitCell(text, columnKey(key[1]!), a, a + raw.length, emit, kinds, {
      rule: 'json-inline-value-',
      value: value === raw ? undefined : value,
    });
  }
};

/** A row event header of `mysqlbinlog -v` (`### INSERT INTO \`shop\`.\`customers\``): group 1 the table. */
const BINLOG_ROW_EVENT = /^### (?:INSERT INTO|UPDATE|DELETE FROM) (?:`[^`\n]{1,64}`\.)?`([^`\n]{1,64})`[ \t]*\r?$/;
/** A column of a decoded row (`###   @3='Ayşe' /* VARSTRING(400) … *\/`): group 1 the quoted value. */
const BINLOG_ROW_VALUE = /^### {3}@\d{1,4}='((?:[^'\\\n]|\\.){1,400})'/;

/**
 * Row events that `mysqlbinlog -v`/`-vv` decodes into pseudo-SQL: the columns have no names (`@1`, `@2`), so in a table
 * of people ({@link PEOPLE_TABLE}: `customers`, `users`) a string value is read by its shape, a name as a person's
 * ({@link looksLikePersonName}) and a dialled number as a phone. Addresses, cards and hashes are the other rules'.
 */
export const binlogRowValues: Scanner = (text, emit, ends) => {
  // (a header is one short line; the rows under it are read with it)
  forEachHitLine(text, ends, 200, (ls, le) => {
    const ev = BINLOG_ROW_EVENT.exec(text.slice(ls, le));
    if (!ev || !PEOPLE_TABLE.test(ev[1]!)) return;
    let pos = le + 1;
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      if (!text.startsWith('###', pos) || BINLOG_ROW_EVENT.test(text.slice(pos, Math.min(nl, pos + 200)))) break;
      const m = BINLOG_ROW_VALUE.exec(text.slice(pos, Math.min(nl, pos + 1000)));
      if (m) {
        const a = pos + m[0].length - 1 - m[1]!.length;
        const v = m[1]!;
        if (looksDialled(v))
          emit({ start: a, end: a + v.length, category: 'PHONE', rule: 'binlog-row-phone', priority: 58 });
        else if (!v.includes('@') && looksLikePersonName(v, false))
          emit({ start: a, end: a + v.length, category: 'PERSON', rule: 'binlog-row-person', priority: 60 });
      }
      pos = nl + 1;
    }
    return pos;
  });
};

/** An entity-attribute-value row: an id, the attribute's name, its value, apart by `|` or a tab (groups 1–3). */
const EAV_ROW = /^([^|\t\n]{1,64})([|\t])([A-Za-z_][A-Za-z0-9_ ]{1,40})\2([^|\t\n]{1,200}?)[ \t]*\r?$/;

/**
 * Rows of an attribute table printed without a header (`sqlite3` list mode, `psql -At`, `mysql -N`, drush SQL):
 * `<id>|DisplayName|Jane Doe`, `2528<TAB>first_name<TAB>Ananya` (Drupal user fields, Mozilla/Thunderbird address
 * books, WordPress `usermeta`). The value is classified by the attribute's name as a table cell is
 * ({@link classifyColumn}). Found from the keyword hit on the attribute (`name|`, `phone<TAB>`).
 */
export const attributeValueRows: Scanner = (text, emit, ends) => {
  const kinds = new Map<string, ColumnKind>();
  // (a row is at most 320 characters: a longer line is passed over whole)
  forEachHitLine(text, ends, 321, (ls, le) => {
    if (le - ls > 320) return;
    const m = EAV_ROW.exec(text.slice(ls, le));
    if (!m) return;
    const key = columnKey(m[3]!);
    const kind = kindOf(key, kinds);
    if (kind !== 'person' && kind !== 'phone' && kind !== 'user' && kind !== 'secret') return;
    // a bare `name` names whatever the table holds (a `DisplayName` attribute is a person's)
    if (/^(?:name|title|label)$/.test(key)) return;
    const a = ls + m[1]!.length + 1 + m[3]!.length + 1;
    emitCell(text, key, a, a + m[4]!.length, emit, kinds, { rule: 'attribute-row-' });
  });
};

/** A `bin/magento config:show` line: a configuration path, ` - `, its value (groups 1 and 2). */
const CONFIG_PATH_LINE = /^([a-z0-9_]{1,64}(?:\/[a-z0-9_]{1,64}){1,6}) - ([^\n]{1,500}?)[ \t]*\r?$/;

/**
 * `bin/magento config:show` (`general/store_information/phone - 03-1498-8898`,
 * `algoliasearch_credentials/credentials/api_key - …`): each value is classified by its path's last segment as a table
 * cell is ({@link classifyColumn}). Found from a keyword hit on that segment before ` - `.
 */
export const configPathValues: Scanner = (text, emit, ends) => {
  const kinds = new Map<string, ColumnKind>();
  forEachHitLine(text, ends, 400, (ls, le) => {
    if (le - ls > 900) return;
    const m = CONFIG_PATH_LINE.exec(text.slice(ls, le));
    if (!m) return;
    const key = m[1]!.slice(m[1]!.lastIndexOf('/') + 1);
    // (`general/store_information/name` names the store)
    if (ROW_NAMING_KEY.test(key)) return;
    const a = ls + m[1]!.length + 3;
    emitCell(text, key, a, a + m[2]!.length, emit, kinds, { rule: 'config-path-' });
  });
};

/**
 * A column compared with or set to a string literal in SQL (`WHERE c.last_name LIKE 'Ørsted%'`, `SET \`phone\` =
 * '030 1293706'`, `WHERE email = 'x'`): group 1 the column, group 2 the literal ('' escapes a quote).
 */
const SQL_LITERAL =
  /[`"]?([A-Za-z_][A-Za-z0-9_]{0,63})[`"]?[ \t]{0,8}(?:=|\b(?:NOT[ \t]+)?I?LIKE)[ \t]{0,8}'((?:[^'\\\n]|''|\\.){1,256})'/gi;

/** What precedes a shell variable's name in an assignment: nothing on its line, or a builtin that declares it. */
const SHELL_ASSIGNMENT_BEFORE = /^[ \t]*(?:(?:export|declare(?:[ \t]+-[A-Za-z]{1,4})?|readonly|local|typeset)[ \t]+)?$/;

/** Characters that end a `LIKE` prefix before its `%` (`'mysql.%'`, `'svc_%'`, `'app-%'`). */
const SEPARATOR_BEFORE_WILDCARD = charTable('._-');

/** A statement on a session table before a literal: its `id` column holds session ids. */
const FROM_SESSIONS =
  /\b(?:FROM|UPDATE|INTO)[ \t]+[`"]?(?:[A-Za-z0-9_]{1,64}[`"]?\.[`"]?)?(?:sessions?|user_sessions|django_session)[`"]?[ \t]/i;

/**
 * String literals in SQL that a process list, a slow query log or `pg_stat_activity` shows (dev.mysql.com SHOW
 * PROCESSLIST Info, slow query log, postgresql.org pg_stat_activity.query): each compared or assigned literal is
 * classified by its column's name as a table cell is ({@link classifyColumn}), `LIKE` wildcards left out; an `id`
 * looked up in a sessions table is a session id.
 */
export const sqlLiteralCells: Scanner = (text, emit) => {
  const kinds = new Map<string, ColumnKind>();
  SQL_LITERAL.lastIndex = 0;
  for (let m = SQL_LITERAL.exec(text); m; m = SQL_LITERAL.exec(text)) {
    const col = m[1]!;
    // a shell assignment, not SQL: the name starts its line or follows a builtin (`export PWD='/srv/shop'`,
    // `declare -x DBUS_SESSION_BUS_ADDRESS='unix:path=…'`)
    if (SHELL_ASSIGNMENT_BEFORE.test(text.slice(lineStartWithin(text, m.index, 40), m.index))) continue;
    let a = m.index + m[0].length - 1 - m[2]!.length;
    let b = a + m[2]!.length;
    while (a < b && text.charCodeAt(a) === 37 /* % */) a++;
    const cut = b;
    while (b > a && text.charCodeAt(b - 1) === 37) b--;
    // a prefix pattern ends at its separator (`user NOT LIKE 'mysql.%'`, MySQL's `mysql.sys`, `mysql.session`): the
    // accounts are the ones of the prefix's name
    if (b < cut) while (b > a && SEPARATOR_BEFORE_WILDCARD[text.charCodeAt(b - 1)] === 1) b--;
    if (b <= a) continue;
    const v = text.slice(a, b);
    if (/^id$/i.test(col)) {
      const ls = lineStartWithin(text, m.index, 400);
      if (v.length >= 16 && /^[A-Za-z0-9_,-]+$/.test(v) && FROM_SESSIONS.test(text.slice(ls, m.index)))
        emit({ start: a, end: b, category: 'TOKEN', rule: 'sql-session-id', priority: 61 });
      continue;
    }
    emitCell(text, columnKey(col), a, b, emit, kinds, {
      rule: 'sql-literal-',
      opaque: false,
      value: v.replace(/''/g, "'"),
    });
  }
};

/** A `redis-cli MONITOR` line's hash write: `"HSET" "key" "field" "value" …` (also HMSET and HSETNX). */
const REDIS_MONITOR_HSET =
  /"(?:HSET|HMSET|HSETNX)" "(?:[^"\\\n]|\\.){1,512}"((?: "(?:[^"\\\n]|\\.){0,4096}" "(?:[^"\\\n]|\\.){0,4096}"){1,64})/giy;

/** One quoted argument of a MONITOR line. */
const REDIS_MONITOR_ARG = / "((?:[^"\\\n]|\\.){0,4096})"/y;

/**
 * Hash writes that `redis-cli MONITOR` echoes (redis.io MONITOR): each value is classified by its field's name, on its
 * unescaped text, as the fields of an HGETALL reply are ({@link redisHashFields}).
 */
export const redisMonitorHashWrites: Scanner = (text, emit, keywordEnds) => {
  if (!keywordEnds) return;
  const kinds = new Map<string, ColumnKind>();
  let done = -1;
  for (const end of keywordEnds) {
    // the hit `"hset" "` ends at the key's opening quote: the command's opening quote is the one before `" "`
    const at = text.lastIndexOf('"', end - 4);
    if (at < done || at < 0) continue;
    REDIS_MONITOR_HSET.lastIndex = at;
    const m = REDIS_MONITOR_HSET.exec(text);
    if (!m) continue;
    done = REDIS_MONITOR_HSET.lastIndex;
    let pos = at + m[0].length - m[1]!.length;
    let field = '';
    for (let k = 0; ; k++) {
      REDIS_MONITOR_ARG.lastIndex = pos;
      const arg = REDIS_MONITOR_ARG.exec(text);
      if (!arg || pos >= done) break;
      const b = pos + arg[0].length - 1;
      if (k % 2 === 0) field = columnKey(redisUnescape(arg[1]!));
      else if (arg[1]!.length > 0) {
        emitCell(text, field, b - arg[1]!.length, b, emit, kinds, { rule: 'redis-', value: redisUnescape(arg[1]!) });
      }
      pos = REDIS_MONITOR_ARG.lastIndex;
    }
  }
};

/** Windows domains whose accounts are built in or virtual (`NT AUTHORITY\\SYSTEM`, `NT SERVICE\\MSSQLSERVER`, `BUILTIN\\Users`, `Window Manager\\DWM-1`). */
const BUILTIN_DOMAIN = /^(?:AUTHORITY|SERVICE|BUILTIN|NT|IIS|APPPOOL|HKLM|HKCU|HKU|HKCR|HKCC)$/;

/**
 * Windows logins written `DOMAIN\\login` (process and service lists, scheduled tasks, IIS identities, event logs) or
 * `.\\login` (a local account): the login, when the domain is a NetBIOS name in capitals (1–15 of `A-Z0-9-`) after a
 * boundary and the login ends at one. Built-in domains, system accounts and all-capital names (SQL Server instances
 * `HOST\\SQLEXPRESS`) stay. Found from each `\\` (Microsoft "Domain and user name formats": down-level logon name).
 */
export const windowsDomainLogins: Scanner = (text, emit) => {
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (!(WORD_LOGIN_START[next] === 1)) continue;
    let d = i;
    while (d > 0 && i - d < 15 && DOMAIN_CHAR[text.charCodeAt(d - 1)] === 1) d--;
    const local = d === i && text.charCodeAt(i - 1) === 46; /* . */
    let machine = false;
    if (local) d = i - 1;
    else if (d === i || !/[A-Z]/.test(text.slice(d, i))) {
      // a computer name in lower case (`web01\\jdoe`) only where `whoami` prints one: alone on its line, or before
      // the account's SID (`whoami /user`)
      d = i;
      while (d > 0 && i - d < 15 && MACHINE_CHAR[text.charCodeAt(d - 1)] === 1) d--;
      let ls = d;
      while (ls > 0 && d - ls < 16 && (text.charCodeAt(ls - 1) === 32 || text.charCodeAt(ls - 1) === 9)) ls--;
      // (`whoami /all` and `/fo list` print it after `User Name:`)
      if (ls >= 10 && text.startsWith('User Name:', ls - 10)) ls -= 10;
      // (… or a CSV field's `domain\\user`: PAN-OS writes the source user of its traffic logs in lower case)
      const csvField =
        d < i && text.charCodeAt(d - 1) === 44 && /^[A-Za-z0-9._-]{1,64},/.test(text.slice(i + 1, i + 66));
      if (!csvField && (d === i || !/^[a-z]/i.test(text[d]!) || (ls > 0 && text.charCodeAt(ls - 1) !== 10))) continue;
      machine = !csvField;
    } else if (d > 0 && text.charCodeAt(d - 1) === 46) {
      // a DNS domain in capitals (vCenter's SSO domain `VSPHERE.LOCAL\\svc-vrops`, `CORP.EXAMPLE.COM\\jdoe`)
      let f = d - 1;
      while (f > 0 && i - f < 64 && (DOMAIN_CHAR[text.charCodeAt(f - 1)] === 1 || text.charCodeAt(f - 1) === 46)) f--;
      if (/^[A-Z0-9-]{1,15}(?:\.[A-Z0-9-]{1,63}){1,4}$/.test(text.slice(f, i))) d = f;
    }
    const before = d > 0 ? text.charCodeAt(d - 1) : 32;
    if (!(LOGIN_BOUNDARY[before] === 1) || BUILTIN_DOMAIN.test(text.slice(d, i))) continue;
    if (text.slice(Math.max(0, d - 3), d) === 'NT ') continue;
    let e = i + 1;
    while (e < text.length && e - i <= 64 && LOGIN_CHAR[text.charCodeAt(e)] === 1) e++;
    while (e > i + 1 && text.charCodeAt(e - 1) === 46) e--;
    const after = e < text.length ? text.charCodeAt(e) : 32;
    if (e - i < 3 || !(LOGIN_BOUNDARY[after] === 1)) continue;
    if (machine && !WHOAMI_AFTER.test(text.slice(e, e + 12))) continue;
    const login = text.slice(i + 1, e);
    // a JSON or C escape after a word in capitals (`ERROR\\nStack`) reads like one; a login has a lower-case letter
    if (!/[a-z]/.test(login)) continue;
    // an escape in a JSON string after a word in capitals (`"SMTP AUTH LOGIN\\nretrying"`), not a login
    if ('nrtbfu'.includes(login[0]!) && /^\s*\{|":/.test(text.slice(lineStartWithin(text, i, 2000), i))) continue;
    // a JSON `\uXXXX` escape anywhere (`K\u003cY` inside a Go-escaped environment string): four hex digits after `u`
    if (UNICODE_ESCAPE_LOGIN.test(login)) continue;
    // the NetBIOS domain names the customer (`REDWOODFOODS\\jdoe`), whatever account follows it; `whoami` prints it in
    // lower case (`redwoodfoods\\jdoe`), where a computer's role name (`web01\\jdoe`) stays
    if (
      !local &&
      i - d >= 3 &&
      !isGenericWindowsName(text.slice(d, i)) &&
      (!machine ||
        (/^[A-Za-z]{4,15}$/.test(text.slice(d, i)) && !GENERIC_HOST_WORDS.has(text.slice(d, i).toLowerCase())))
    )
      emit({ start: d, end: i, category: 'HOST', rule: 'windows-domain', priority: 47 });
    if (isSystemAccount(login)) continue;
    // a group whose name has words (`KESTREL\\Domain Users`, `CORP\\Remote Desktop Users`)
    if (/^[A-Z][a-z]+$/.test(login) && text.charCodeAt(e) === 32 && /[A-Z]/.test(text[e + 1] ?? '')) continue;
    // … or hyphens (`CORP\Deploy-Operators`, `BUILTIN\Remote-Desktop-Users`): capitalised words are a group's
    if (/^[A-Z][a-z]+(?:-[A-Z][a-z]+)+$/.test(login)) continue;
    emit({ start: i + 1, end: e, category: 'USER', rule: 'windows-domain-login', priority: 62 });
  }
};

/** A login read after `\\` that is a JSON `\\uXXXX` escape: `u` then four hex digits (RFC 8259 §7). */
const UNICODE_ESCAPE_LOGIN = /^u[0-9A-Fa-f]{4}/;

/** Accounts every Windows installation has (`net user` lists them beside the site's own). */
const WINDOWS_BUILTIN_ACCOUNTS =
  /^(?:Administrator|Administrateur|Administrador|Guest|Gast|Invité|DefaultAccount|WDAGUtilityAccount|krbtgt|HelpAssistant|SUPPORT_388945a0)$/i;

/**
 * `net user` (and `net user /domain`): `User accounts for \\\\HOST`, a rule of dashes, then the accounts in columns
 * of 25 characters up to `The command completed …`. The host after `\\\\` and every account but the built-in ones
 * (Microsoft `net user` reference). `net localgroup` and `net group … /domain` list a group's members the same way
 * under a line `Members` (a member with its domain is `windowsDomainLogins`' to read). Bounded: at most 500 lines per
 * listing.
 */
export const netUserAccounts: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    // `net localgroup <group>` and `net group <group> /domain`: a line `Members`, a blank line, the rule, the members
    const members = text.startsWith('Members', end - 7);
    // the keyword `members` also ends inside words (`members_id_seq`): only `User accounts for \\\\` reads a host
    if (!members && !text.startsWith('\\\\', end - 2)) continue;
    if (members && !((end === 7 || text.charCodeAt(end - 8) === 10) && /^\r?\n/.test(text.slice(end, end + 2))))
      continue;
    let he = end;
    if (!members) {
      while (he < text.length && he - end < 63 && HOST_NAME_CHAR[text.charCodeAt(he)] === 1) he++;
      const host = text.slice(end, he);
      if (he > end && !isGenericWindowsName(host) && !GENERIC_HOST_WORDS.has(host.toLowerCase()))
        emit({ start: end, end: he, category: 'HOST', rule: 'net-user-host', priority: 47 });
    }
    let pos = text.indexOf('\n', he);
    // blank lines, then the rule of dashes
    while (pos >= 0 && (text.charCodeAt(pos + 1) === 10 || text.startsWith('\r\n', pos + 1)))
      pos = text.indexOf('\n', pos + 1);
    if (pos < 0 || !text.startsWith('-----', pos + 1)) continue;
    eachLineAfter(text, pos + 1, 500, (ls, le) => {
      const line = text.slice(ls, Math.min(le, ls + 400));
      if (!line.trim() || /^The command /.test(line) || !/^[A-Za-z0-9._$-]/.test(line)) return false;
      for (const m of line.matchAll(NET_USER_CELL)) {
        const login = m[1]!;
        if (WINDOWS_BUILTIN_ACCOUNTS.test(login) || isSystemAccount(login)) continue;
        const at = ls + m.index;
        emit({ start: at, end: at + login.length, category: 'USER', rule: 'net-user-account', priority: 57 });
      }
      return true;
    });
  }
};

/** One account of a `net user` grid: a login at a line's start or after two blanks, then two blanks or the end. */
const NET_USER_CELL = /(?<=^|[ ]{2})([A-Za-z0-9._$-]{1,64})(?=[ ]{2}|[ \t]*\r?$)/g;

/** Characters of a NetBIOS domain name as Windows prints it (capitals, digits, `-`). */
const DOMAIN_CHAR = charTable('A-Z0-9-');
/** Characters of a computer name as `whoami` prints it (lower case too). */
const MACHINE_CHAR = charTable('A-Za-z0-9-');
/** After `computer\\login` in `whoami` output: the line's end, or blanks and the account's SID. */
const WHOAMI_AFTER = /^(?:[ \t]*\r?(?:\n|$)|[ \t]+S-1-5-)/;
/** Characters a login may start with after `\\`. */
const WORD_LOGIN_START = charTable('A-Za-z0-9_');
/** Characters of a login after `\\` (sAMAccountName: letters, digits, `._-`, `$` for machine accounts). */
const LOGIN_CHAR = charTable('A-Za-z0-9._$-');
/** What may stand around `DOMAIN\\login`: blanks, line ends, quotes, brackets, `=`, `:`, `,`, `;`, `|`. */
const LOGIN_BOUNDARY = charTable(' \t\r\n"\'()[]=:,;|<>');

/**
 * A header whose `name` (or `role`) column holds logins: cqlsh `LIST USERS` / `LIST ROLES` (`name | super`,
 * `role | super | login`) and `rabbitmqadmin list users` (`name | tags`). Other headers come back as they are.
 */
function loginColumns(header: string[]): string[] {
  const low = header.map((h) => h.trim().toLowerCase());
  // a role listed with its login rights is an account (RabbitMQ `list_users`: `tags`; Cassandra `LIST ROLES`: `super`,
  // `login`; `system_auth.roles`: `can_login`, `salted_hash`)
  const roles = low.some((h) => h === 'super' || h === 'tags' || h === 'can_login' || h === 'salted_hash');
  // a name beside the account's full name is its login (SAP ASE `master..syslogins`: `suid  name  fullname`)
  const named = low.includes('name') && low.some((h) => h === 'fullname' || h === 'full_name');
  // … and so is a name listed with its domain or project, mail and state (`openstack user list --long`: `ID | Name |
  // Project | Domain | Description | Email | Enabled`)
  const accounts =
    low.includes('name') &&
    low.includes('enabled') &&
    low.includes('email') &&
    low.some((h) => h === 'domain' || h === 'project');
  if (!roles && !named && !accounts) return header;
  return header.map((h, k) => (low[k] === 'name' || (roles && low[k] === 'role') ? 'username' : h));
}

/**
 * A column name without the table that qualifies it: Hive's beeline and Spark SQL print `customers.name`,
 * `customers.email`. Only one identifier and a dot are taken off (`a.b.c` keeps `b.c`).
 */
function unqualified(name: string): string {
  return name.replace(/^([ \t]*)[A-Za-z_][A-Za-z0-9_]{0,63}\.(?=[A-Za-z_])/, '$1');
}

/** Longest tab-separated line read as a table row (characters): a row of a listing, not a dump on one line. */
const TSV_LINE_MAX = 16384;

/** A cell that is one e-mail address and nothing else. */
const EMAIL_CELL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}$/;

/**
 * A row printed without a header (`mysql -N`, `psql -At`, `cut`) that holds an e-mail cell is a person's row. Its cells
 * before the address that are names (`SELECT id, first_name, last_name, email`: one or more name words, any script)
 * are redacted as persons; any of its cells that is a dialled phone number (`+`, `(`, trunk `0` or grouped digits, not
 * a bare integer such as a timestamp or a size) as a phone (`Ines Hadžić<TAB>i.hadzic@web.de<TAB>+45 26 03 29 96`).
 * Cells after the address are read as names only in a contact row (one with a phone number too): elsewhere they hold
 * roles, plans and statuses. Without an e-mail cell nothing is assumed.
 */
function headerlessPersonRow(
  text: string,
  cs: Array<[number, number]>,
  emit: (c: Candidate) => void,
  byCard = false,
): void {
  let email = -1;
  for (let k = 0; k < cs.length && email < 0; k++) {
    const [a, b] = cs[k]!;
    if (b - a >= 6 && b - a <= 320 && EMAIL_CELL.test(text.slice(a, b))) email = k;
  }
  const phone = cs.map(([a, b], k) => k !== email && b > a && b - a <= 40 && looksDialled(text.slice(a, b)));
  // a row with a card number (`payment_methods`: holder, number, expiry) is a person's row too; its names may stand
  // anywhere in it
  const card = byCard && email < 0 && cs.some(([a, b]) => b - a >= 13 && b - a <= 19 && isCardCell(text.slice(a, b)));
  if (card) email = cs.length;
  if (email < 0) return;
  const contactRow = card || phone.includes(true);
  // an account row holds a password hash beside the address (`wp_users`: login, hash, nicename, e-mail, …, display
  // name): its login-shaped cells are the account's logins and its names may stand after the address
  const accountRow = !card && cs.some(([a, b]) => b - a >= 20 && HASH_CELL.test(text.slice(a, b)));
  for (let k = 0; k < cs.length; k++) {
    const [a, b] = cs[k]!;
    if (k === email || b <= a || b - a > 100) continue;
    const v = text.slice(a, b);
    if (phone[k]) emit({ start: a, end: b, category: 'PHONE', rule: 'headerless-row-phone', priority: 58 });
    // (a word in capitals is a code or a status: `EUR`, `DECLINED`, `VISA`, PAN-OS's `GLOBALPROTECT`)
    else if (
      (k < email || contactRow || accountRow) &&
      looksLikePersonName(v, false) &&
      !ROW_LABEL.test(v) &&
      !/^[A-Z]{2,24}$/.test(v)
    )
      emit({ start: a, end: b, category: 'PERSON', rule: 'headerless-row-person', priority: 58 });
    else if (accountRow && LOGIN_CELL.test(v) && !ROW_LABEL.test(v) && !isSystemAccount(v))
      emit({ start: a, end: b, category: 'USER', rule: 'headerless-row-login', priority: 57 });
    // a session's key beside its user's address (Django's `django_session`, Laravel's `sessions`: 32–40 lower-case
    // letters and digits, not hex)
    else if (k !== email && email < cs.length && SESSION_KEY_CELL.test(v))
      emit({ start: a, end: b, category: 'TOKEN', rule: 'headerless-row-session-key', priority: 58 });
  }
}

/** A session key: 32–40 lower-case letters and digits, with a digit and a letter past `f` (so no hex digest). */
const SESSION_KEY_CELL = /^(?=[a-z0-9]*\d)(?=[a-z0-9]*[g-z])[a-z0-9]{32,40}$/;

/** A cell that is a password hash in a crypt(3), phpass or PHC format (`$2y$10$…`, `$P$B…`, `$wp$2y$…`, `pbkdf2_sha256$…`). */
const HASH_CELL =
  /^(?:\$(?:wp\$)?2[abxy]?\$\d{2}\$|\$[PH]\$|\$(?:1|5|6|y|apr1|argon2(?:id|i|d))\$|pbkdf2_sha(?:1|256|512)\$)/;

/** A cell shaped like a login: a letter, then letters, digits, `.`, `_` or `-` (no blanks: a name is read as a person). */
const LOGIN_CELL = /^[A-Za-z][A-Za-z0-9._-]{1,63}$/;

/** A cell that is a card number: 13–19 digits (grouped or not) passing the Luhn check, not one digit repeated. */
function isCardCell(v: string): boolean {
  // (grouped by blanks or dashes as checkout forms store it: `4111 1111 1111 1111`)
  const digits = /^\d{4}(?:[ -]?\d{2,7}){2,4}$/.test(v) ? v.replace(/[ -]/g, '') : v;
  return /^\d{13,19}$/.test(digits) && luhnValid(digits) && !/^(\d)\1+$/.test(digits);
}

/** Single words that label a row rather than name a person (`Active`, `Admin`), for {@link headerlessPersonRow}. */
const ROW_LABEL =
  /^(?:active|inactive|pending|enabled|disabled|admin|administrator|user|guest|member|owner|editor|viewer|manager|staff|customer|yes|no|true|false|null|none|n\/a|ok|new|open|closed|paid|unpaid|trial|free|pro|basic|premium|enterprise|default|refunded|failed|succeeded|captured|declined|disputed|canceled|cancelled|voided|settled|authorized|expired|overdue|draft|sent|delivered|bounced|approved|rejected|completed|processing|string|securestring|stringlist)$/i;

/** A `mysql --xml` cell from its `name=` attribute: `<field name="email">…</field>`. */
const XML_FIELD = /<field name="([A-Za-z_][A-Za-z0-9_]{0,63})"[^>\n]{0,80}>([^<\n]{1,1000})<\/field>/y;

/**
 * `mysql --xml` result sets: each `<field name="column">value</field>` cell is classified by its column name, as the
 * cells of the other table formats are (dev.mysql.com mysql client `--xml`). Found from each `<field name=` hit.
 */
export const xmlFieldCells: Scanner = (text, emit, keywordEnds) => {
  const kinds = new Map<string, ColumnKind>();
  // the result set's statement names the table (`<resultset statement="SELECT … FROM products" …>`); without one the
  // table is unknown and a `name` column is read as for the other table formats. Hits ascend, so the statements are
  // found walking forward once.
  const marker = '<resultset statement="';
  let nextStatement = text.indexOf(marker);
  let people = true;
  for (const end of keywordEnds ?? []) {
    XML_FIELD.lastIndex = end - '<field name='.length;
    const m = XML_FIELD.exec(text);
    if (!m) continue;
    while (nextStatement >= 0 && nextStatement < end) {
      const from = RESULTSET_FROM.exec(text.slice(nextStatement, nextStatement + 2000));
      people = !from || PEOPLE_TABLE.test(from[1]!);
      nextStatement = text.indexOf(marker, nextStatement + 1);
    }
    if (!people && NAMES_ITS_ROW.test(m[1]!)) continue;
    const b = XML_FIELD.lastIndex - '</field>'.length;
    emitCell(text, m[1]!, b - m[2]!.length, b, emit, kinds);
  }
};

/** The first table after `FROM` in a `<resultset statement="…">` attribute (back-quoted or schema-qualified too). */
const RESULTSET_FROM =
  /^<resultset statement="[^"\n]{0,1900}?\bFROM[ \t]+`?(?:[A-Za-z0-9_]{1,64}`?\.`?)?([A-Za-z0-9_]{1,64})/i;

/**
 * Columns of key/value tables (WordPress `wp_usermeta`/`wp_options`, `SHOW VARIABLES`): the value cell is classified
 * as if the key cell's text were its column name (`first_name | Øystein`, `billing_phone | 0823 396 0907`).
 */
const KEY_COLUMN =
  /^(?:(?:meta|option|variable|setting|config|field|param|parameter|secret|credential|env|integration)_?(?:key|name)|attribute|property|field)$/;
const VALUE_COLUMN =
  /^(?:(?:meta|option|setting|config|field|param|parameter|secret|credential|env|integration|variable)_?value|value)$/;

/** Indexes of a header's key and value columns (each -1 when absent): read once per table. */
function keyValueColumns(header: readonly string[]): [number, number] {
  let keyAt = -1;
  let valueAt = -1;
  for (let k = 0; k < header.length; k++) {
    const h = header[k]!.toLowerCase();
    if (keyAt < 0 && KEY_COLUMN.test(h)) keyAt = k;
    else if (valueAt < 0 && VALUE_COLUMN.test(h)) valueAt = k;
  }
  // next to a value column, a plain `name`/`key` column holds the keys (`wp config list`: `| name | value | type |`,
  // `SHOW GLOBAL STATUS`-style listings)
  if (keyAt < 0 && valueAt >= 0)
    keyAt = header.findIndex((h) => /^(?:name|key|variable|setting|option|parameter|param)$/i.test(h));
  return [keyAt, valueAt];
}

/** Emits a table row's cells by their column names, a key/value table's value cell by the row's key cell. */
function emitRow(
  text: string,
  header: readonly string[],
  [keyAt, valueAt]: [number, number],
  cs: Array<[number, number]>,
  emit: (c: Candidate) => void,
  kinds: Map<string, ColumnKind>,
): void {
  // the stock administrator's row (`admin | … | Airflow | Admin`): its name cells name the product, not a person
  // (a numeric `uid` cell is an id, not the stock account: `uid | username | realName` in TYPO3's `be_users`)
  let systemRow = false;
  for (let k = 0; k < cs.length && k < header.length && !systemRow; k++) {
    const v = text.slice(cs[k]![0], cs[k]![1]).trim();
    systemRow = kindOf(header[k]!.toLowerCase(), kinds) === 'user' && /[A-Za-z]/.test(v) && isSystemAccount(v);
  }
  for (let k = 0; k < cs.length; k++) {
    // (a key cell in camel case is read by its words: `adminPass` in `openstack server create`'s Field | Value table)
    const column = k === valueAt && keyAt >= 0 ? columnKey(text.slice(cs[keyAt]![0], cs[keyAt]![1])) : header[k]!;
    // (… unless the cell is a person's full name: a WordPress site's `admin` account shows its owner's display name)
    if (
      systemRow &&
      kindOf(column.toLowerCase(), kinds) === 'person' &&
      !FULL_NAME_CELL.test(text.slice(cs[k]![0], cs[k]![1]).trim())
    )
      continue;
    emitCell(text, column, cs[k]![0], cs[k]![1], emit, kinds);
  }
}

/**
 * Two or three capitalised words of any script with no role or product word among them (`Дмитрий Соколов`, `Ana
 * Lima`): a person's name in an administrator account's row, where `Super Admin` or `Airflow Admin` names the product.
 */
const FULL_NAME_CELL =
  /^(?!.*\b(?:Admin|Administrator|System|Service|Root|User|Default|Super|Site|Web|Master|Owner|Manager|Team|Support|Account|Test|Demo)\b)\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){1,2}$/u;

/** Column names of free-text descriptions (any case, as printed or as a {@link columnKey}). */
const DESCRIPTION_COLUMN = /^(?:comment|comments|comment_?string|description|descr|remarks?|notes?)$/i;
/** Departments and roles written after a person's name in a description (`- Finance`, `(contractor)`). */
const DEPARTMENT =
  '(?:contractor|consultant|intern|Contractor|Consultant|Intern|Platform|SRE|DevOps|Infra|Infrastructure|Network|NetOps|Helpdesk|Service Desk|Backend|Frontend|Data|BI|Finance|Accounting|Controlling|DBA|IT|HR|Sales|Marketing|Legal|Support|Operations|Ops|NOC|SOC|Security|Engineering|Development|Data Science|Analytics|Research|Procurement|Purchasing|Logistics|Payroll|Treasury|Audit|Compliance|Management|Admin|Administration|Customer Service|Product|QA|Facilities)(?: [A-Z][\\w&/-]{0,20}){0,2}';
/**
 * A person's name, then a department: after ` - ` (`Misaki Sato - Finance`, `Seoyeon Park - DBA`) or in parentheses
 * (`Björn Lindqvist (NOC)`, ESXi's account descriptions).
 */
const NAME_THEN_DEPARTMENT = new RegExp(`^([^\\s-][^-\\n(]{1,60}?)(?: - ${DEPARTMENT}| \\(${DEPARTMENT}\\))$`, 'u');
/** A name, then a login in parentheses (`Jane Doe (jdoe)`): groups 1 the name, 2 the login. */
const NAME_THEN_LOGIN = /^([^()\n]{3,80}) \(([a-z_][a-z0-9._-]{0,31})\)[ \t]*$/;
/** An e-mail address (the contact that makes a description's bare name a person's: `openstack user list --long`). */
const EMAIL_IN_LINE = /[A-Za-z0-9._%+-]@[A-Za-z0-9-]{1,63}\.[A-Za-z]/;

/** The line around `i`, at most 2000 characters either side (bounded, so a call on a 1 MiB line is not O(n)). */
function lineAt(text: string, i: number): string {
  const ahead = text.slice(i, i + 2000);
  const nl = ahead.indexOf('\n');
  return text.slice(lineStartWithin(text, i, 2000), nl < 0 ? i + ahead.length : i + nl);
}

/** Compiled once for {@link emitCell}: a regex literal in a function allocates 57 bytes per evaluation. */
const CONTACT_OR_OWNER = /contact|owner/i;

/**
 * Emits the cell [a, b) of `text` as its column's name classifies it ({@link classifyColumn}).
 * @param how `rule`: a prefix for the rule name (the format it was read from); `opaque: false` leaves cells of
 *   unnamed kinds that only look like tokens to the other rules (formats whose columns are less certain); `value`: the
 *   text to classify when the cell is printed escaped (`redis-cli`'s `\\xHH`, SQL's `''`).
 */
function emitCell(
  text: string,
  column: string,
  a: number,
  b: number,
  emit: (c: Candidate) => void,
  kinds: Map<string, ColumnKind>,
  how: { rule?: string; opaque?: boolean; value?: string } = {},
): void {
  // the blanks that pad a cell to its column are the layout's, not the value's
  while (a < b && (text.charCodeAt(a) === 32 || text.charCodeAt(a) === 9)) a++;
  if (b <= a) return;
  // a quoted string cell (cypher-shell prints strings quoted: `| "José Hernández" | "PUBLIC" |`): the value is inside
  if (!how.value && b - a >= 3 && text.charCodeAt(a) === 34) {
    let e = b;
    while (e > a && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
    if (e - a >= 3 && text.charCodeAt(e - 1) === 34 && text.indexOf('"', a + 1) === e - 1) {
      a++;
      b = e - 1;
    }
  }
  // a comment or description naming a person and a department (Teradata `CommentString` `Jane Doe - Finance`, AD
  // `description`): the name before the ` - `
  if (DESCRIPTION_COLUMN.test(column)) {
    const v = how.value ?? text.slice(a, b);
    const m = NAME_THEN_DEPARTMENT.exec(v);
    // … or the whole description is a name, on a row that holds an e-mail address (a user list with its contact)
    // (a GECOS field as osquery's `users` table prints it: `Omar Nasser,,,` — the full name before the room and phones)
    const gecos = /^([^,\n]{2,80}),[^,\n]{0,40},[^,\n]{0,40},/.exec(v);
    const name = m
      ? m[1]!
      : gecos && looksLikePersonName(gecos[1]!.trim(), true)
        ? gecos[1]!
        : EMAIL_IN_LINE.test(lineAt(text, a))
          ? v.trimEnd()
          : '';
    if (name && looksLikePersonName(name, true) && !how.value)
      emit({
        start: a,
        end: a + name.length,
        category: 'PERSON',
        rule: `${how.rule ?? ''}description-person`,
        priority: 60,
      });
    return;
  }
  // a person's name with the login after it in parentheses (Plesk: `Owner's contact name:  Jane Doe (jdoe)`)
  // (a contact's or owner's name only: a display name's parentheses hold anything, `Azure Pipelines Agent (build01)`)
  if (!how.value && CONTACT_OR_OWNER.test(column) && kindOf(column.toLowerCase(), kinds) === 'person') {
    const nl = NAME_THEN_LOGIN.exec(text.slice(a, b));
    if (nl && looksLikePersonName(nl[1]!, true)) {
      const at = a + nl[1]!.length + 2;
      emit({
        start: a,
        end: a + nl[1]!.length,
        category: 'PERSON',
        rule: `${how.rule ?? ''}table-person-column`,
        priority: 61,
      });
      if (!isSystemAccount(nl[2]!))
        emit({
          start: at,
          end: at + nl[2]!.length,
          category: 'USER',
          rule: `${how.rule ?? ''}table-person-login`,
          priority: 61,
        });
      return;
    }
  }
  const k = classifyColumn(column, how.value ?? text.slice(a, b), kinds);
  if (!k || (how.opaque === false && k.rule === 'table-opaque-token')) return;
  emit({
    start: a,
    end: b,
    category: k.category,
    rule: (how.rule ?? '') + k.rule,
    priority: k.category === 'PASSWORD' ? 74 : 61,
  });
}

/**
 * Tables whose rows are people (`users`, `wp_users`, `customer`, `crm_contacts`): a bare `name` column there names a
 * person. In other tables (`roles`, `permissions`, `countries`, `plans`) it names the row's thing.
 */
const PEOPLE_TABLE =
  /(?:^|_)(?:users?|customers?|clients?|members?|contacts?|employees?|staff|people|persons?|accounts?|subscribers?|authors?|patients?|students?|guests?|leads?|recipients?|owners?|drivers?|applicants?|candidates?|tenants?|profiles?|admins?|agents?|suppliers?|vendors?|doctors?|teachers?|buyers?|sellers?|travell?ers?|passengers?)$/i;

/** Columns that name whatever their row is (person, role, product): personal only in a {@link PEOPLE_TABLE}. */
const NAMES_ITS_ROW = /^(?:name|display_?name|title|label)$/i;

/** Names in an `INSERT` column list: plain, back-quoted or double-quoted identifiers. */
const INSERT_COLUMN = /[`"]?([A-Za-z_][A-Za-z0-9_]{0,63})[`"]?/y;

/** `CREATE TABLE [IF NOT EXISTS] name (`, the name back-quoted, double-quoted or bare (mysqldump, sqlite3 `.dump`). */
const CREATE_TABLE = /CREATE TABLE (?:IF NOT EXISTS )?[`"]?([A-Za-z0-9_]{1,64})[`"]? ?\(/g;
/** A column definition's name: back-quoted, double-quoted or bare, then its type. */
const COLUMN_DEFINITION = /^\s*[`"]?([A-Za-z0-9_]{1,64})[`"]?\s+[A-Za-z]/;
/** Table constraints among the column definitions (SQL:2016 table elements; MySQL's `KEY`/`INDEX`). */
const TABLE_CONSTRAINT = /^\s*(?:PRIMARY|UNIQUE|KEY|INDEX|CONSTRAINT|FOREIGN|CHECK|FULLTEXT|SPATIAL|EXCLUDE)\b/i;

/**
 * The column names of a `CREATE TABLE` body, in order: its elements split at the commas outside parentheses
 * (`"price" decimal(10, 2)` is one), table constraints skipped. O(body).
 */
function createTableColumns(body: string): string[] {
  const cols: string[] = [];
  let depth = 0;
  let from = 0;
  for (let k = 0; k <= body.length; k++) {
    const c = body.charCodeAt(k);
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */) depth--;
    if (k === body.length || (c === 44 /* , */ && depth === 0) || depth < 0) {
      const element = body.slice(from, k);
      const m = TABLE_CONSTRAINT.test(element) ? null : COLUMN_DEFINITION.exec(element);
      if (m) cols.push(m[1]!);
      from = k + 1;
      if (depth < 0) break;
    }
  }
  return cols;
}

/**
 * SQL PII: values of personal columns in `INSERT INTO t [(columns)] VALUES (...), (...)`, named by the statement's
 * own column list or, without one, by the `CREATE TABLE` before it (mysqldump). Statements anywhere in the text count,
 * also those quoted inside a replication error (`Last_Error: … Query: 'INSERT INTO users (name, …) VALUES (…)'`).
 * Values are walked once: quoted strings (with `\'` and `''` escapes), nested parentheses (`NOW()`) and commas.
 */
export const sqlDumpCells: Scanner = (text, emit) => {
  const kinds = new Map<string, ColumnKind>();
  const columns = new Map<string, string[]>();
  if (text.includes('CREATE TABLE'))
    for (const m of text.matchAll(CREATE_TABLE)) {
      const end = text.indexOf(';', m.index);
      const body = text.slice(m.index + m[0].length, end < 0 ? Math.min(text.length, m.index + 20000) : end);
      columns.set(m[1]!, createTableColumns(body));
    }
  const insert =
    /INSERT[ \t]+INTO[ \t]+[`"]?([A-Za-z0-9_.]{1,128})[`"]?[ \t]*(?:\(([^)\n]{0,2000})\))?[ \t]*VALUES[ \t]*/gi;
  for (const m of text.matchAll(insert)) {
    const table = m[1]!.slice(m[1]!.lastIndexOf('.') + 1);
    let cols = m[2] === undefined ? columns.get(table) : listedColumns(m[2]);
    if (cols === null) continue;
    // no column list and no `CREATE TABLE` (`pg_dump --inserts`, `mysqldump --no-create-info`): each row is read as a
    // headerless one, a person's when it holds an e-mail address or a card number
    const headerless = cols === undefined;
    cols ??= [];
    const people = PEOPLE_TABLE.test(table);
    let i = m.index + m[0].length;
    // bindings printed in place without quotes (Laravel's QueryException: `values (Chloé Dubois, c@x.fr, $2y$…)`): the
    // values apart by `, ` when there are exactly as many as columns
    if (!headerless && text[i] === '(') {
      const close = text.indexOf(')', i);
      const inner = close > i ? text.slice(i + 1, close) : '';
      if (close > i && close - i < 4000 && !/['"\n(]/.test(inner)) {
        const parts = inner.split(', ');
        if (parts.length === cols.length && parts.length >= 2) {
          let a = i + 1;
          parts.forEach((v, k) => {
            const name = cols[k]!;
            if (!(NAMES_ITS_ROW.test(name) && !people))
              emitCell(text, name, a, a + v.length, emit, kinds, { rule: 'sql-bindings-' });
            a += v.length + 2;
          });
          continue;
        }
      }
    }
    let col = 0;
    let depth = 0;
    let row: Array<[number, number]> = [];
    // rows may stand one per line between the statement's parentheses (`pg_dump --rows-per-insert`: `VALUES\n\t(…),\n\t(…);`)
    while (i < text.length && text[i] !== ';' && (text[i] !== '\n' || depth === 0)) {
      const ch = text[i]!;
      if (ch === '(') {
        if (depth++ === 0) {
          col = 0;
          row = [];
        }
        i++;
      } else if (ch === ')') {
        if (depth === 0) break; // the statement ended (a quoted query's closing parenthesis)
        if (--depth === 0 && headerless && row.length >= 2) headerlessPersonRow(text, row, emit, true);
        i++;
      } else if (headerless && depth === 1 && ch >= '0' && ch <= '9' && !/[\w.]/.test(text[i - 1] ?? '')) {
        let j = i;
        while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        row.push([i, j]);
        i = j;
      } else if (ch === ',' && depth === 1) {
        col++;
        i++;
      } else if (ch === "'" && depth >= 1) {
        let j = i + 1;
        while (j < text.length && text[j] !== '\n') {
          if (text[j] === '\\') j += 2;
          else if (text[j] === "'" && text[j + 1] === "'") j += 2;
          else if (text[j] === "'") break;
          else j++;
        }
        const name = cols[col] ?? '';
        if (headerless) {
          if (depth === 1) row.push([i + 1, j]);
        } else if (depth === 1 && !(NAMES_ITS_ROW.test(name) && !people)) {
          const k = classifyColumn(name, text.slice(i + 1, j), kinds);
          if (k) emit({ start: i + 1, end: j, category: k.category, rule: 'sql-dump-' + k.rule, priority: 61 });
          // a person's table: its name, e-mail and address columns are personal even where the value's shape is not
          // conclusive (a one-word name); other tables' `name` columns name roles, products, countries
          else if (
            kinds.get(name.toLowerCase()) !== 'not-personal' &&
            (people
              ? /(?:^|_)(?:name|email|e_?mail|ip|ip_address)$/i
              : /(?:^|_)(?:email|e_?mail|ip|ip_address)$/i
            ).test(name)
          )
            emit({ start: i + 1, end: j, category: 'PII', rule: 'sql-dump-pii-column', priority: 55 });
        }
        i = j + 1;
      } else if (depth === 0 && ch !== ' ' && ch !== ',' && ch !== '\t' && ch !== '\r' && ch !== '\n') break;
      else i++;
    }
  }
};

/**
 * Hibernate's bind logging (`org.hibernate.orm.jdbc.bind` / `BasicBinder` at TRACE): `binding parameter [3] as
 * [VARCHAR] - [Aleksandra]` (Hibernate 5, 6.0–6.1) or `binding parameter (3:VARCHAR) <- [Aleksandra]` (6.2+).
 */
const HIBERNATE_BIND =
  /binding parameter (?:\[(\d{1,4})\] as \[[A-Z_]{1,30}\] - \[|\((\d{1,4}):[A-Z_]{1,30}\) <- \[)([^\n]{0,1000})\]\r?(?=\n|$)/y;
/** A line that opens a logged statement: Hibernate's logger name or banner, or an SQL verb. */
const SQL_OPENING = /org\.hibernate\.SQL|Hibernate:|\b(?:insert|update|select|delete)\b/i;
/** An `insert into t (a, b) values (?, ?)` statement: its column and value lists. */
const SQL_INSERT = /insert\s+into\s+[^\s(]{1,200}\s*\(([^)]{1,4000})\)\s*values\s*\(([^)]{1,4000})\)/i;
/** The column a `?` is compared with or assigned to, just before it (`u1_0.email=?`, `set last_name = ?`, `like ?`). */
const BOUND_COLUMN = /([A-Za-z_][A-Za-z0-9_]{0,63})[ \t]*(?:=|<>|!=|<=|>=|<|>|[ \t]like|[ \t]in[ \t]*\()[ \t]*$/i;

/**
 * The column each `?` of `sql` binds, in order ('' where none is named): an insert's column list, else the column
 * each placeholder is compared with or assigned to.
 */
function boundColumns(sql: string): string[] {
  const ins = SQL_INSERT.exec(sql);
  if (ins) {
    const cols = ins[1]!.split(',').map((c) => c.trim().replace(/^[`"]|[`"]$/g, ''));
    const out: string[] = [];
    ins[2]!.split(',').forEach((v, k) => {
      if (v.trim() === '?') out.push(cols[k] ?? '');
    });
    return out;
  }
  const out: string[] = [];
  for (let q = sql.indexOf('?'); q >= 0 && out.length < 1000; q = sql.indexOf('?', q + 1)) {
    const m = BOUND_COLUMN.exec(sql.slice(Math.max(0, q - 80), q));
    out.push(m ? m[1]! : '');
  }
  return out;
}

/**
 * Values Hibernate logs as it binds them (`spring.jpa` TRACE logging of `org.hibernate.orm.jdbc.bind`): each is
 * classified by the column its `?` binds in the SQL statement logged before it (the nearest earlier line with a `?`
 * that is not itself a bind line), as table cells are. Unnamed columns get only the opaque-token test.
 */
export const hibernateBindParameters: Scanner = (text, emit, keywordEnds) => {
  const kinds = new Map<string, ColumnKind>();
  let statementLine = -1;
  let columns: string[] = [];
  let lastBindLine = -1;
  let lastSql = -1;
  for (const end of keywordEnds ?? []) {
    const at = end - 'binding parameter'.length;
    HIBERNATE_BIND.lastIndex = at;
    const m = HIBERNATE_BIND.exec(text);
    if (!m) continue;
    // the statement: walk back over the bind lines before this one (at most 200 lines, 64 KiB), stopping at the last
    // bind line already walked from (its answer holds: every bind line of a run is one step)
    let ls = text.lastIndexOf('\n', at) + 1;
    const bindLine = ls;
    let sql = -1;
    for (let lines = 0; ls > 0 && lines < 200 && at - ls < 65536; lines++) {
      const prev = text.lastIndexOf('\n', ls - 2) + 1;
      if (prev === lastBindLine) {
        sql = lastSql;
        break;
      }
      const line = text.slice(prev, ls - 1);
      if (!line.includes('binding parameter') && line.includes('?')) {
        sql = prev;
        break;
      }
      ls = prev;
    }
    lastBindLine = bindLine;
    lastSql = sql;
    if (sql < 0) continue;
    if (sql !== statementLine) {
      statementLine = sql;
      let le = text.indexOf('\n', sql);
      if (le < 0) le = text.length;
      // a formatted statement (`hibernate.format_sql`) spans lines: back to the line that opens it (at most 40)
      let from = sql;
      for (let k = 0; k < 40 && from > 0 && !SQL_OPENING.test(text.slice(from, text.indexOf('\n', from))); k++)
        from = text.lastIndexOf('\n', from - 2) + 1;
      columns = boundColumns(text.slice(from, le).replace(/\s+/g, ' '));
    }
    const index = Number(m[1] ?? m[2]) - 1;
    const value = m[3]!;
    const a = at + m[0].length - value.length - 1 - (m[0].endsWith('\r') ? 1 : 0);
    emitCell(text, columns[index] ?? '', a, a + value.length, emit, kinds, { rule: 'hibernate-bind-' });
  }
};

/** Alias names that name a role or a sink, not a person (RFC 2142 mailbox names and aliases(5) defaults). */
const ROLE_ALIASES: ReadonlySet<string> = new Set(
  'postmaster mailer-daemon hostmaster webmaster abuse noc security support helpdesk billing sales info office contact reports devnull nobody usenet news www ftp marketing hr jobs careers team all staff alerts postfix uucp operator decode dumper manager bin daemon games ingres system toor ldap spam ham privacy legal accounts accounting finance orders newsletter'.split(
    ' ',
  ),
);
/** A line of aliases(5) (`name: target, target`) or of a Postfix virtual(5) table (`address target, target`). */
const ALIAS_LINE = /^([A-Za-z0-9._+-]{1,64}(?:@[A-Za-z0-9.-]{1,253})?)(:?)[ \t]+([^\n#]{1,2000}?)[ \t]*\r?$/;
/** A local login as an alias target. */
const ALIAS_LOGIN = /^[A-Za-z_][A-Za-z0-9._-]{1,31}$/;

/**
 * Mail alias tables, recognised by their `postmaster` entry: `/etc/aliases` (aliases(5): `support: jdoe, asmith`,
 * `jdoe: j.doe@example.com`) and Postfix `virtual` maps (`info@example.com jdoe`). Local logins among the targets are
 * redacted, and so is an alias named after a person (not a role, RFC 2142) that forwards to one mailbox.
 */
export const mailAliases: Scanner = (text, emit) => {
  if (!/^postmaster(?::|@)/m.test(text)) return;
  let pos = 0;
  while (pos < text.length) {
    const { end, next } = lineEndsAt(text, pos);
    const m = end - pos <= 2200 ? ALIAS_LINE.exec(text.slice(pos, end)) : null;
    if (m && (m[2] === ':') !== m[1]!.includes('@')) {
      const targetsAt = pos + m[0].indexOf(m[3]!, m[1]!.length);
      let logins = 0;
      let a = 0;
      for (const part of m[3]!.split(',')) {
        const t = part.trim();
        const start = targetsAt + a + part.indexOf(t);
        a += part.length + 1;
        if (!ALIAS_LOGIN.test(t) || isSystemAccount(t) || ROLE_ALIASES.has(t.toLowerCase())) continue;
        logins++;
        emit({ start, end: start + t.length, category: 'USER', rule: 'mail-alias-target', priority: 56 });
      }
      const name = m[1]!;
      const single = !m[3]!.includes(',') && (logins === 1 || EMAIL_CELL.test(m[3]!.trim()));
      if (m[2] === ':' && single && !ROLE_ALIASES.has(name.toLowerCase()) && !isSystemAccount(name))
        emit({ start: pos, end: pos + name.length, category: 'USER', rule: 'mail-alias-name', priority: 56 });
    }
    pos = next;
  }
};

/** A NetBIOS domain and its backslash in front of an account (`CORP\\`, as `wbinfo -u` prints them). */
const NETBIOS_DOMAIN = /^[A-Za-z0-9-]{1,15}\\/;
/** A line that is one account name and nothing else. */
const BARE_ACCOUNT_LINE = /^[A-Za-z0-9_][A-Za-z0-9._$-]{0,63}$/;

/**
 * A listing's header from its line start: three or more identifier words, each capitalised or a digit (`ID`, `Username`,
 * `IsActive`, `2FA`); a line of prose (`my login is not working`) is not one.
 */
const LISTING_HEADER = /[ \t]{0,8}[A-Z0-9][A-Za-z0-9_]{0,30}(?:[ \t]+[A-Z0-9][A-Za-z0-9_]{0,30}){2,20}[ \t]*\r?$/my;

/**
 * Logins in blank-separated listings whose cells hold no blanks (`gitea admin user list`: `ID  Username  Email
 * IsActive IsAdmin 2FA`), read by the header's login column (`Username`, `Login`, `User`, `UserName`): each following
 * row with as many cells as the header gives its cell in that column. A row with another count (an empty or spaced cell)
 * ends the listing, so a wrong reading stops at once.
 */
export const blankSeparatedLogins: Scanner = (text, emit, keywordEnds) => {
  let done = -1;
  for (const ls of hitLineStarts(text, keywordEnds, 300)) {
    if (ls <= done) continue;
    // the line must be three or more identifier words and nothing else (a log line has punctuation and fails early)
    LISTING_HEADER.lastIndex = ls;
    if (!LISTING_HEADER.test(text)) continue;
    const { end: le, next } = lineEndsAt(text, ls);
    const header = text
      .slice(ls, le)
      .trim()
      .split(/[ \t]+/);
    const col = header.findIndex((h) => /^(?:user(?:_?name)?|login)$/i.test(h));
    if (col < 0) continue;
    let pos = next;
    while (pos <= text.length) {
      const row = lineEndsAt(text, pos);
      const line = text.slice(pos, row.end);
      if (line.length > 2000) break;
      const lead = /^[ \t]*/.exec(line)![0].length;
      const cells = line.slice(lead).split(/[ \t]+/);
      if (cells.length !== header.length || cells[0] === '') break;
      let at = pos + lead;
      for (let k = 0; k < col; k++) at = line.indexOf(cells[k + 1]!, at - pos + cells[k]!.length) + pos;
      const v = cells[col]!;
      // (a rule of dashes under the header is no row: sqlplus `------------ --------`)
      if (/^[A-Za-z0-9._@-]{1,64}$/.test(v) && !/^-+$/.test(v) && !isSystemAccount(v))
        emit({ start: at, end: at + v.length, category: 'USER', rule: 'listing-login', priority: 57 });
      done = row.end;
      pos = row.next;
    }
  }
};

/**
 * HL7 v2 fields that hold people (HL7 v2.5 chapters 3 and 6): XPN names (family^given^middle …), XCN staff (id^family^
 * given …) and XTN phones (number^use^equipment …), by segment and field number.
 */
const HL7_PERSON_FIELDS: Readonly<Record<string, Readonly<Record<number, 'XPN' | 'XCN' | 'XTN'>>>> = {
  PID: { 5: 'XPN', 6: 'XPN', 9: 'XPN', 13: 'XTN', 14: 'XTN' },
  NK1: { 2: 'XPN', 5: 'XTN', 6: 'XTN' },
  PV1: { 7: 'XCN', 8: 'XCN', 9: 'XCN', 17: 'XCN' },
  EVN: { 5: 'XCN' },
  GT1: { 3: 'XPN', 6: 'XTN', 7: 'XTN' },
  IN1: { 16: 'XPN' },
  ORC: { 10: 'XCN', 11: 'XCN', 12: 'XCN' },
  OBR: { 16: 'XCN' },
  OBX: { 16: 'XCN' },
  PD1: { 4: 'XCN' },
  TXA: { 5: 'XCN' },
};

/**
 * People in ASTM E1394 (LIS2-A2) records as laboratory instruments and LIS exports write them, numbered as
 * {@link HL7_PERSON_FIELDS} count (the first field after the record type is 1): the patient record's name (P.6) and the
 * result record's operator (R.11, a login or an id).
 */
const ASTM_PERSON_FIELDS: Readonly<Record<string, Readonly<Record<number, 'XPN' | 'XCN'>>>> = {
  P: { 5: 'XPN' },
  R: { 10: 'XCN' },
};

/**
 * People in ASTM E1394 patient (`P|1||72780481||PARK^JAE-WON||19941219|M`) and result (`R|1|^^^NA|142|…||evirtanen||…`)
 * records: at a line's start, a record type, `|` and a sequence number; each record read field by field.
 */
export const astmRecords: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    const start = end - 2;
    if (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) continue;
    const c = text.charCodeAt(end);
    if (c < 48 || c > 57) continue;
    const fields = ASTM_PERSON_FIELDS[text[start]!.toUpperCase()];
    if (fields) personFields(text, end, fields, emit);
  }
};

/**
 * The person fields of one segment or record whose first field starts at `from`: its `|`-separated fields up to the line's
 * end (at most 8192 characters on), numbered from 1, each of `fields` read by {@link hl7Field}.
 */
function personFields(
  text: string,
  from: number,
  fields: Readonly<Record<number, 'XPN' | 'XCN' | 'XTN'>>,
  emit: Parameters<Scanner>[1],
): void {
  let segEnd = from;
  while (segEnd < text.length && segEnd - from < 8192) {
    const c = text.charCodeAt(segEnd);
    if (c === 10 || c === 13) break;
    segEnd++;
  }
  let field = 0;
  let fieldStart = from;
  for (let i = from; i <= segEnd; i++) {
    if (i < segEnd && text.charCodeAt(i) !== 124 /* | */) continue;
    field++;
    const kind = fields[field];
    if (kind) hl7Field(text, fieldStart, i, kind, emit);
    fieldStart = i + 1;
  }
}

/**
 * People in HL7 v2 messages (ADT, ORM, ORU as interface engines log them; segments end in CR or LF): the patient's, next
 * of kin's, guarantor's and insured's names and phones, and the staff named in PV1/EVN/ORC/OBR/TXA (their id is a login
 * when it has letters). Found from the segment ids; each segment is read field by field, so the cost is its length.
 */
export const hl7People: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    const start = end - 4;
    const before = text.charCodeAt(start - 1);
    if (start > 0 && before !== 10 && before !== 13) continue;
    const id = text.slice(start, start + 3).toUpperCase();
    const fields = HL7_PERSON_FIELDS[id];
    if (fields) personFields(text, start + 4, fields, emit);
  }
};

/** The people of one HL7 field `[a, b)` of type `kind`, each repetition (`~`) by its components (`^`). */
function hl7Field(text: string, a: number, b: number, kind: 'XPN' | 'XCN' | 'XTN', emit: Parameters<Scanner>[1]): void {
  let repStart = a;
  for (let r = a; r <= b; r++) {
    if (r < b && text.charCodeAt(r) !== 126 /* ~ */) continue;
    let comp = 0;
    let compStart = repStart;
    for (let i = repStart; i <= r; i++) {
      if (i < r && text.charCodeAt(i) !== 94 /* ^ */) continue;
      comp++;
      const v = text.slice(compStart, i);
      if (v.length > 0 && v.length <= 80) {
        const nameComp = kind === 'XPN' ? comp <= 3 : kind === 'XCN' && comp >= 2 && comp <= 4;
        if (nameComp && /\p{L}/u.test(v) && !/\\/.test(v))
          emit({ start: compStart, end: i, category: 'PERSON', rule: 'hl7-person', priority: 60 });
        else if (kind === 'XCN' && comp === 1 && /^[A-Za-z][A-Za-z0-9._-]{1,31}$/.test(v) && !isSystemAccount(v))
          emit({ start: compStart, end: i, category: 'USER', rule: 'hl7-person', priority: 57 });
        else if (kind === 'XTN' && comp === 1 && /^\+?[\d ()./-]{7,24}$/.test(v)) {
          const digits = v.replace(/\D/g, '').length;
          if (digits >= 7 && digits <= 15)
            emit({ start: compStart, end: i, category: 'PHONE', rule: 'hl7-person', priority: 58 });
        }
      }
      compStart = i + 1;
    }
    repStart = r + 1;
  }
}

/** A user of a WildFly/JBoss properties realm: `login=<32 hex>` (commented out when disabled). */
const PROPERTIES_REALM_USER = /^#?([A-Za-z_][A-Za-z0-9._@-]{0,63})=([0-9a-f]{32})[ \t]*\r?$/gm;

/**
 * Users of WildFly/JBoss properties realms (`mgmt-users.properties`, `application-users.properties`, written by
 * add-user.sh): each `login=HEX(MD5(login:realm:password))` line, its login and its hash, disabled ones (`#login=…`)
 * too. Gated by the realm names the files declare (`#$REALM_NAME=ManagementRealm$`).
 */
export const propertiesRealmUsers: Scanner = (text, emit) => {
  const re = new RegExp(PROPERTIES_REALM_USER.source, 'gm');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const login = m[1]!;
    const at = m.index + (m[0].startsWith('#') ? 1 : 0);
    if (!isSystemAccount(login))
      emit({ start: at, end: at + login.length, category: 'USER', rule: 'properties-realm-user', priority: 57 });
    const hashAt = at + login.length + 1;
    emit({ start: hashAt, end: hashAt + 32, category: 'PASSWORD', rule: 'properties-realm-user', priority: 80 });
  }
};

/** A setting that only an account's record has (uid, shell, home, groups, password, SSH keys), as a YAML key. */
const USER_RECORD_KEY = /^[ \t]+["']?(?:uid|gid|shell|home|groups|ssh_?keys|sshkeys|password)["']?[ \t]{0,4}:/m;

/** A YAML mapping key alone on its line, indented: a user's entry in a users file (`  jdoe:`). */
const YAML_USER_KEY = /^( {1,8})([A-Za-z0-9._@-]{1,64}):[ \t]*$/;

/**
 * Users of an Authelia file backend (`users_database.yml`: `users:`, then one mapping per login holding `disabled`,
 * `displayname`, `password`, `email`, `groups`; authelia.com/reference/guides/passwords), and of Puppet/Hiera and
 * Ansible user maps (`priyar1:` over `comment: 'Priya Raghunathan'`, `uid:`, `shell:`). Found from a `displayname:` or
 * `comment:` hit: up over the entry's deeper-indented settings (at most four lines) to the key that opens it, which is
 * the login.
 */
export const yamlUserFileLogins: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    let ls = lineStartWithin(text, end - 1, 80);
    const indent = /^ */.exec(text.slice(ls, ls + 40))![0].length;
    if (indent < 2 || text.charCodeAt(ls + indent) === 45 /* - */) continue;
    // a `comment:` (the GECOS full name of Puppet's and Ansible's user data) opens a login's entry only in a user record
    if (text.startsWith('comment:', ls + indent) && !USER_RECORD_KEY.test(text.slice(Math.max(0, ls - 400), ls + 400)))
      continue;
    for (let up = 0; up < 5 && ls > 1; up++) {
      const [prevStart, prevEnd] = previousLine(text, ls, 200);
      const line = text.slice(prevStart, prevEnd);
      const key = YAML_USER_KEY.exec(line);
      if (key && key[1]!.length < indent) {
        if (!isSystemAccount(key[2]!)) {
          const a = prevStart + key[1]!.length;
          emit({ start: a, end: a + key[2]!.length, category: 'USER', rule: 'yaml-user-file-login', priority: 57 });
        }
        break;
      }
      // only the entry's own settings lie between: deeper-indented `key: value` lines
      if (!line.startsWith(' '.repeat(indent)) || !/^ +[A-Za-z_]{1,40}:/.test(line)) break;
      ls = prevStart;
    }
  }
};

/** A user's entry in a YAML list of users (cloud-init `users:`, Ansible user lists): `  - name: jdoe`. */
const YAML_LIST_NAME = /^( {0,16})- name:[ \t]{1,4}(["']?)([a-z_][a-z0-9._-]{0,31})\2[ \t]*$/;

/** A setting of a user's entry (cloud-init `users:` keys, cloudinit.readthedocs.io "Users and Groups"). */
const YAML_USER_SETTING =
  /^( {2,18})(?:gecos|groups|passwd|hashed_passwd|plain_text_passwd|lock_passwd|sudo|ssh_authorized_keys|ssh-authorized-keys|ssh_import_id|primary_group|homedir|expiredate):/;

/**
 * Logins of a YAML list of users: cloud-init's `users:` (and LXD's `cloud-init.user-data`), where each entry opens
 * with `- name: <login>` and holds `gecos`, `groups`, `passwd`, `sudo`, `ssh_authorized_keys` … Found from such a
 * setting: up over at most three sibling `key: value` lines of the same entry to its `- name:` line.
 */
export const yamlUserListLogins: Scanner = (text, emit, keywordEnds) => {
  let done = -1;
  for (const end of keywordEnds ?? []) {
    let ls = lineStartWithin(text, end - 1, 80);
    if (ls <= done) continue;
    const setting = YAML_USER_SETTING.exec(text.slice(ls, end + 1));
    if (!setting) continue;
    const indent = setting[1]!.length;
    for (let up = 0; up < 4 && ls > 1; up++) {
      const [prevStart, prevEnd] = previousLine(text, ls, 200);
      const line = text.slice(prevStart, prevEnd);
      const entry = YAML_LIST_NAME.exec(line);
      if (entry) {
        // the entry's settings line up under its name (`- ` is two columns)
        if (entry[1]!.length + 2 === indent && !isSystemAccount(entry[3]!)) {
          const a = prevStart + line.indexOf(entry[3]!, line.indexOf('name:') + 5);
          emit({ start: a, end: a + entry[3]!.length, category: 'USER', rule: 'yaml-user-list-login', priority: 57 });
          done = prevStart;
        }
        break;
      }
      if (!line.startsWith(' '.repeat(indent)) || line[indent] === ' ' || !/^ +[A-Za-z_-]{1,40}:/.test(line)) break;
      ls = prevStart;
    }
  }
};

/** cloud-init's `chpasswd:` key alone on its line (commented out too). */
const CHPASSWD_KEY = /^[ \t]*(?:#[ \t]*)?chpasswd:[ \t]*\r?(?:\n|$)/;

/** A `user:password` line of a `chpasswd` list (`    jdoe:S3cret!`, or `    - jdoe:S3cret!`). */
const CHPASSWD_ENTRY = /^( {1,24})(?:- )?([A-Za-z0-9_][A-Za-z0-9._-]{0,31}):([^\s]{1,200})[ \t]*$/;

/**
 * Passwords of cloud-init's `chpasswd: list:` (`user:password` per line, `|` block or YAML list;
 * cloudinit.readthedocs.io "Set Passwords"), found from the `chpasswd` key: its `list:` within the next three lines,
 * then each deeper-indented `user:password` line. `R` or `RANDOM` asks cloud-init for a random one: not a secret. The
 * login is emitted too unless it is a system account.
 */
export const chpasswdLists: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    const ls = lineStartWithin(text, end - 1, 80);
    // the key alone on its line (read at most 120 characters: a long line holding the word many times stays linear)
    if ((ls > 0 && text.charCodeAt(ls - 1) !== 10) || !CHPASSWD_KEY.test(text.slice(ls, ls + 120))) continue;
    let pos = text.indexOf('\n', end) + 1;
    if (pos === 0) continue;
    let inList = false;
    let listIndent = -1;
    for (let n = 0; n < 64 && pos <= text.length; n++) {
      const row = lineEndsAt(text, pos);
      const line = text.slice(pos, Math.min(row.end, pos + 400));
      if (!inList) {
        const m = /^( +)list:[ \t]*(?:\|[-+]?)?[ \t]*$/.exec(line);
        if (m) {
          inList = true;
          listIndent = m[1]!.length;
        } else if (n >= 3 || !/^ +[A-Za-z_]{1,40}:/.test(line)) break;
      } else {
        const e = CHPASSWD_ENTRY.exec(line);
        if (!e || e[1]!.length <= listIndent - (line.trimStart().startsWith('- ') ? 1 : 0)) break;
        const value = e[3]!;
        const userAt = pos + e[0].indexOf(e[2]! + ':');
        const valueAt = userAt + e[2]!.length + 1;
        if (!/^(?:R|RANDOM)$/.test(value))
          emit({
            start: valueAt,
            end: valueAt + value.length,
            category: 'PASSWORD',
            rule: 'chpasswd-list',
            priority: 72,
          });
        if (!isSystemAccount(e[2]!))
          emit({ start: userAt, end: userAt + e[2]!.length, category: 'USER', rule: 'chpasswd-list', priority: 57 });
      }
      pos = row.next;
    }
  }
};

/**
 * `samba-tool user list` and `wbinfo -u` (Active Directory accounts, one per line, with the built-in `krbtgt` among
 * them): every other bare name of that run of lines is a login. Found from the `krbtgt` line.
 */
export const directoryUserLists: Scanner = (text, emit, keywordEnds) => {
  let done = -1;
  for (const end of keywordEnds ?? []) {
    if (end <= done) continue;
    const ls = lineStartWithin(text, end - 1, 80);
    const le = text.indexOf('\n', end);
    const lineEnd = le < 0 ? text.length : le;
    if (!/^(?:[A-Za-z0-9-]{1,15}\\)?krbtgt\r?$/i.test(text.slice(ls, lineEnd))) continue;
    // the run of bare-name lines around it
    let top = ls;
    while (top > 1) {
      const [prev, prevEnd] = previousLine(text, top, 80);
      if (!BARE_ACCOUNT_LINE.test(text.slice(prev, prevEnd).replace(NETBIOS_DOMAIN, ''))) break;
      top = prev;
    }
    let pos = top;
    while (pos < text.length) {
      const { end: rowEnd, next } = lineEndsAt(text, pos);
      const line = text.slice(pos, rowEnd);
      const domain = NETBIOS_DOMAIN.exec(line)?.[0].length ?? 0;
      const login = line.slice(domain);
      if (!BARE_ACCOUNT_LINE.test(login)) break;
      if (!isSystemAccount(login) && !login.endsWith('$'))
        emit({ start: pos + domain, end: rowEnd, category: 'USER', rule: 'directory-user-list', priority: 56 });
      pos = next;
    }
    done = pos;
  }
};

/** A `COPY … FROM stdin;` header of pg_dump's data: the table and its column list. */
const PG_COPY =
  /COPY[ \t]+(?:"?[A-Za-z0-9_]{1,63}"?\.)?"?([A-Za-z0-9_]{1,63})"?[ \t]*\(([^)\n]{1,4000})\)[ \t]+FROM[ \t]+stdin;\r?(?=\n|$)/y;

/**
 * pg_dump's data blocks (postgresql.org/docs/current/sql-copy.html, text format): `COPY t (col, …) FROM stdin;`, then
 * one row per line, cells apart by tabs, `\N` for NULL, backslash escapes, until `\.`. Each cell is classified by its
 * column's name as the other table formats' cells are; a bare `name` column counts only in a people's table.
 */
export const pgCopyCells: Scanner = (text, emit, keywordEnds) => {
  const kinds = new Map<string, ColumnKind>();
  let done = -1;
  for (const end of keywordEnds ?? []) {
    if (end <= done) continue;
    const ls = lineStartWithin(text, end - 1, 4200);
    if (ls > 0 && text.charCodeAt(ls - 1) !== 10) continue;
    PG_COPY.lastIndex = ls;
    const m = PG_COPY.exec(text);
    if (!m) continue;
    const cols = listedColumns(m[2]!);
    if (!cols) continue;
    const people = PEOPLE_TABLE.test(m[1]!);
    const read = cols.map((c) => people || !NAMES_ITS_ROW.test(c));
    let pos = text.indexOf('\n', PG_COPY.lastIndex);
    if (pos < 0) break;
    pos++;
    while (pos < text.length) {
      const { end: rowEnd, next } = lineEndsAt(text, pos);
      if (text.startsWith('\\.', pos) && rowEnd - pos === 2) break;
      let a = pos;
      for (let k = 0; a <= rowEnd; k++) {
        // the next tab within the row, walked (an indexOf past a row without one searched the rest of the text)
        let b = a;
        while (b < rowEnd && text.charCodeAt(b) !== 9) b++;
        if (k < cols.length && read[k] && !(b - a === 2 && text.startsWith('\\N', a)))
          emitCell(text, cols[k]!, a, b, emit, kinds, { rule: 'pg-copy-' });
        a = b + 1;
      }
      pos = next;
    }
    done = pos;
  }
};

/** The column names of an `INSERT` column list (`name, \`email\`, "phone"`); null when one is not an identifier. */
function listedColumns(list: string): string[] | null {
  const out: string[] = [];
  for (const part of list.split(',')) {
    const p = part.trim();
    INSERT_COLUMN.lastIndex = 0;
    const m = INSERT_COLUMN.exec(p);
    if (!m || m[0].length !== p.length) return null;
    out.push(m[1]!);
  }
  return out;
}

const PS_HEADER = /USER[ \t]+PID[ \t]+%CPU/y;
const PS_EF_HEADER = /UID[ \t]+PID[ \t]+PPID[ \t]+C[ \t]+STIME/y;
/** A `ps -ef` row: UID, PID, PPID, C, STIME, TTY, TIME (procps ps(1) `-f`). */
const PS_EF_LINE =
  /^([A-Za-z_][A-Za-z0-9._+-]{0,31})[ \t]+\d{1,10}[ \t]+\d{1,10}[ \t]+\d{1,3}[ \t]+\S{1,8}[ \t]+\S{1,12}[ \t]+(?:\d{1,4}-)?\d{1,4}:\d\d(?::\d\d)?[ \t]/gm;
const PS_HEADER_FIRST = charTable('U');
const LS_GATE = /[-d][rwx-]{9}/y;
const LS_GATE_FIRST = charTable('d-');

/**
 * The first line start (as a multiline `^` sees them) where the sticky `re` matches, or -1; only starts whose unit is in
 * `first` (the units `re` can begin with) are tried. Same answer as `/^…/m.exec(text)?.index`, without the regex
 * trying every position ({@link lineStartsWhere}).
 */
function firstLineMatch(text: string, first: CharTable, re: RegExp): number {
  for (const p of lineStartsWhere(text, first)) {
    re.lastIndex = p;
    if (re.test(text)) return p;
  }
  return -1;
}

/** A `ps aux` line without its header: USER PID %CPU %MEM VSZ RSS TTY STAT (procps ps(1) `u` format). */
const PS_AUX_LINE =
  /([A-Za-z_][A-Za-z0-9._+-]{0,31})[ \t]+\d{1,10}[ \t]+\d{1,3}\.\d[ \t]+\d{1,3}\.\d[ \t]+\d{1,12}[ \t]+\d{1,12}[ \t]+(?:\?|pts\/\d{1,4}|tty[A-Za-z0-9]{0,6}|console)[ \t]+[RSDZTIWXKPs<NLl+]{1,8}[ \t]/y;

/**
 * The `ps aux` line holding the TTY column text at `at`, when the line has the whole USER PID %CPU %MEM VSZ RSS TTY
 * STAT shape: its USER cell is redacted unless a system account.
 */
function headerlessPsLine(text: string, at: number, emit: (c: Candidate) => void): void {
  const ls = lineStartWithin(text, at, 160);
  if (ls > 0 && text.charCodeAt(ls - 1) !== 10) return;
  PS_AUX_LINE.lastIndex = ls;
  const m = PS_AUX_LINE.exec(text);
  if (m && PS_AUX_LINE.lastIndex >= at) psUserCell(m[1]!, ls, emit);
}

/**
 * A `ps aux` USER cell at `start` (`somchai+` is ps's truncation of a longer login; `w` truncates the same way): redacted
 * unless a system account.
 */
function psUserCell(cell: string, start: number, emit: (c: Candidate) => void, rule = 'ps-user-column'): void {
  const v = cell.replace(/\+$/, '');
  if (!isSystemAccount(v) && !isTruncatedSystemAccount(cell))
    emit({ start, end: start + v.length, category: 'USER', rule, priority: 55 });
}

/**
 * Headerless `ps aux` lines of processes on a terminal, at the keyword pass's `pts/` and `tty` hits (a text search
 * for them cost ~0.8 ms per MiB of logs, where sudo lines print `TTY=pts/0`).
 */
export const psLinesOnTerminals: Scanner = (text, emit, keywordEnds) => {
  if (!keywordEnds) return;
  let header: boolean | undefined; // looked up once, at the first candidate line (a walk over every line start)
  let lastLine = -1;
  for (const end of keywordEnds) {
    // the TTY column follows blanks (sudo's `TTY=pts/0` does not) and is lower case, `tty` then its number (`tty1`,
    // `ttyS0`): `pts/` or `tty` ends at `end`
    const pts = text.charCodeAt(end - 1) === 47; /* / */
    // `ssh:notty`: the terminal `last`/`lastb` record for SSH sessions and failed logins without a pty
    const notty = !pts && text.startsWith('ssh:notty', end - 9);
    const before = text.charCodeAt(end - (pts ? 5 : notty ? 10 : 4));
    if (before !== 32 && before !== 9) continue;
    if (!notty && text.charCodeAt(end - (pts ? 4 : 3)) !== (pts ? 112 : 116)) continue;
    if (!pts && !notty && !/[A-Za-z0-9]/.test(text[end] ?? '')) continue;
    const ls = lineStartWithin(text, end, 160);
    if (ls === lastLine) continue;
    lastLine = ls;
    if (ls > 0 && text.charCodeAt(ls - 1) !== 10) continue;
    if (utmpLoginLine(text, ls, end, emit)) continue;
    header ??= firstLineMatch(text, PS_HEADER_FIRST, PS_HEADER) >= 0;
    if (!header) headerlessPsLine(text, end - 1, emit);
  }
};

/**
 * A login-session line of `who`, `w`, `last`, `lastb` or `lastlog` (util-linux last(1), procps w(1), coreutils who(1),
 * shadow lastlog(8)): the login, blanks, then the terminal (`pts/N`, `ttyN`, `ssh:notty`) as the second column.
 */
// (`who -T` and `who -a` print the message status, `+`, `-` or `?`, between the login and the terminal)
const UTMP_LINE =
  /([A-Za-z_][A-Za-z0-9._+-]{0,31})[ \t]+(?:[+?-][ \t]+)?(?:pts\/\d{1,4}|tty[A-Za-z0-9]{1,6}|ssh:notty)(?=[ \t])/y;

/**
 * The login of the utmp-style line starting at `ls` whose terminal column ends at `end` (the keyword hit): redacted
 * unless a system account (`reboot`, `root`). @returns true when the line has that shape.
 */
function utmpLoginLine(text: string, ls: number, end: number, emit: (c: Candidate) => void): boolean {
  UTMP_LINE.lastIndex = ls;
  const m = UTMP_LINE.exec(text);
  if (!m || UTMP_LINE.lastIndex < end) return false;
  const login = m[1]!;
  // `ssh:notty` lines are mostly `lastb`'s failed logins: attackers' guesses (`support`, `pi`), kept as after sshd's
  // `Invalid user` (corpus README); a first.last login among them is a person's own
  if (m[0].endsWith('ssh:notty') && !login.includes('.')) return true;
  // `w`'s header names its columns (`USER     TTY`), and `lastb` records what was typed at the login prompt
  if (login !== 'USER' && login !== 'Username') psUserCell(login, ls, emit, 'utmp-login');
  // `last` cuts the host column to 16 characters: an IPv6 address loses its end (`2a03:b0c0:6dd4:1`), which the
  // address scanner no longer reads as one
  UTMP_CUT_IPV6.lastIndex = UTMP_LINE.lastIndex;
  const cut = UTMP_CUT_IPV6.exec(text);
  if (cut && cut[1]!.length === 16) {
    const start = UTMP_CUT_IPV6.lastIndex - cut[1]!.length;
    emit({ start, end: start + 16, category: 'IP', rule: 'utmp-cut-ipv6', priority: 60 });
  }
  return true;
}

/** After a utmp line's terminal: blanks and a host column holding the first 16 characters of an IPv6 address. */
const UTMP_CUT_IPV6 = /[ \t]+([0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){2,7})(?=[ \t])/y;

/** `ps aux` USER column and `ls -l` owner/group columns (non-system accounts). procps ps(1), coreutils ls(1). */
export const processAndFileOwners: Scanner = (text, emit) => {
  const psHeader = firstLineMatch(text, PS_HEADER_FIRST, PS_HEADER);
  if (psHeader < 0) {
    // `ps aux | grep …` prints no header: a daemon's line has `?` in its TTY column (found by indexOf: `?` is rare);
    // lines on a terminal (`pts/N`, `ttyN`) are found from the keyword pass by {@link psLinesOnTerminals}
    for (let i = text.indexOf('?'); i >= 0; i = text.indexOf('?', i + 1))
      if (text.charCodeAt(i - 1) === 32 && text.charCodeAt(i + 1) === 32) headerlessPsLine(text, i, emit);
  } else {
    const re = /^([A-Za-z_][A-Za-z0-9._+-]{0,31})[ \t]+\d{1,10}[ \t]+\d{1,3}\.\d/gm;
    re.lastIndex = psHeader;
    for (const m of text.matchAll(re)) if (m.index >= psHeader && m[1] !== 'USER') psUserCell(m[1]!, m.index, emit);
  }
  // `ps -ef` (UID PID PPID C STIME TTY TIME CMD): the UID column holds the login
  const efHeader = firstLineMatch(text, PS_HEADER_FIRST, PS_EF_HEADER);
  if (efHeader >= 0)
    for (const m of text.slice(efHeader).matchAll(PS_EF_LINE)) psUserCell(m[1]!, efHeader + m.index, emit);
  const ls =
    /^[-dlcbps][rwxsStT-]{9}[.+@]?[ \t]{1,8}\d{1,6}[ \t]{1,8}([A-Za-z_][A-Za-z0-9._-]{0,31})[ \t]{1,8}([A-Za-z_][A-Za-z0-9._-]{0,31})[ \t]{1,8}\d/gm;
  if (firstLineMatch(text, LS_GATE_FIRST, LS_GATE) < 0) return;
  for (const m of text.matchAll(ls)) {
    const ownerStart = m.index + m[0].indexOf(m[1]!, 11);
    if (!isSystemAccount(m[1]!))
      emit({
        start: ownerStart,
        end: ownerStart + m[1]!.length,
        category: 'USER',
        rule: 'ls-owner-column',
        priority: 55,
      });
    const groupStart = text.indexOf(m[2]!, ownerStart + m[1]!.length);
    if (!isSystemAccount(m[2]!) && groupStart >= 0)
      emit({
        start: groupStart,
        end: groupStart + m[2]!.length,
        category: 'USER',
        rule: 'ls-group-column',
        priority: 55,
      });
  }
};

/**
 * The distinct starts of the lines that hold keyword hits (`keywordEnds`, ascending), each within `reach` characters
 * before its hit's end; a hit further into a longer line gives none.
 */
function hitLineStarts(text: string, keywordEnds: readonly number[] | undefined, reach: number): number[] {
  const starts: number[] = [];
  // the newline before each hit is found walking forward once over the text (hits ascend): walking back from every hit
  // cost up to `reach` per hit on one long line (`a:x:` repeated)
  let lastNl = -1;
  let nextNl = text.indexOf('\n');
  for (const end of keywordEnds ?? []) {
    while (nextNl >= 0 && nextNl < end - 1) {
      lastNl = nextNl;
      nextNl = text.indexOf('\n', nextNl + 1);
    }
    const ls = lastNl + 1;
    if (end - 1 - ls > reach || ls === starts[starts.length - 1]) continue;
    starts.push(ls);
  }
  return starts;
}

/**
 * An `/etc/passwd` entry from its start: login, `x`, uid, gid, GECOS, home, shell (passwd(5)); `getent passwd` of SSSD
 * or winbind accounts writes `*` for the password and may qualify the login (`jdoe@corp.example.com`, sssd.conf(5)
 * `use_fully_qualified_names`).
 */
const PASSWD_ENTRY =
  /([A-Za-z_][A-Za-z0-9_.-]{0,31}(?:@[A-Za-z0-9.-]{1,253})?\$?):[x*]:(\d{1,10}):\d{1,10}:([^:\n]{0,256}):([^:\n]{0,256}):[^:\n]{0,256}(?=\r?\n|$)/y;
/**
 * A virtual FTP user's entry from its start (Pure-FTPd `pureftpd.passwd`, ProFTPD `AuthUserFile`): login, a crypt(3)
 * hash in place of `x`, uid, gid, GECOS, home, then Pure-FTPd's further fields. Groups: 1 the GECOS.
 */
const CRYPT_PASSWD_ENTRY =
  /[A-Za-z_][A-Za-z0-9_.@-]{0,63}:\$[0-9a-z]{1,6}\$[^:\n]{8,200}:\d{1,10}:\d{1,10}:([^:\n]{0,256}):\/[^:\n]{0,256}(?::[^\n]{0,256})?(?=\r?\n|$)/y;
/**
 * An `/etc/gshadow` entry from its start: group, a locked or empty password (`!`, `*`, `!!`), administrators, members
 * (gshadow(5)). Groups: 1 the administrators, 2 the members (either may be empty).
 */
const GSHADOW_ENTRY =
  /[A-Za-z_][A-Za-z0-9_.-]{0,31}:(?:!|\*|!!)?:([A-Za-z0-9_.,$-]{0,4000}):([A-Za-z0-9_.,$-]{0,4000})(?=\r?\n|$)/y;
/** An `/etc/group` entry from its start: group, `x`, gid, comma-separated members (group(5)). */
const GROUP_ENTRY = /[A-Za-z_][A-Za-z0-9_.-]{0,31}:x:\d{1,10}:([A-Za-z0-9_.,$-]{1,4000})(?=\r?\n|$)/y;

/** A service account of the site by its name (`svc_billing_app`, `svc-etl`, `portal-svc-amberhea`). */
const SITE_SERVICE_LOGIN = /^svc[_-][A-Za-z0-9]|[A-Za-z0-9][_-]svc(?:[_-]|$)/;

/** A pg_ident.conf map line: map name, system user name (or `/regex`), database user name (pg_ident.conf(5)). */
const PG_IDENT_LINE =
  /^[ \t]*([A-Za-z0-9_.-]{1,63})[ \t]+("[^"\n]{1,128}"|\S{1,128})[ \t]+("[^"\n]{1,63}"|\S{1,63})[ \t]*\r?$/;

/**
 * The user name maps of `pg_ident.conf`, after its header comment (`# MAPNAME SYSTEM-USERNAME PG-USERNAME`) or its
 * name (`==> pg_ident.conf <==`, `cat …/pg_ident.conf`): each map line's system user and database user that are no
 * system accounts (a `/regex` system name is a pattern, left to the host rules). Comments and blank lines are skipped;
 * the first other line ends the file. Source: PostgreSQL documentation 21.2 "User Name Maps". Bounded: 200 lines.
 */
export const pgIdentMaps: Scanner = (text, emit, keywordEnds) => {
  let done = -1;
  for (const end of keywordEnds ?? []) {
    if (end <= done) continue;
    done = eachLineAfter(text, end, 200, (ls, le) => {
      const line = text.slice(ls, Math.min(le, ls + 300));
      const t = line.trimStart();
      if (t === '' || t === '\r' || t.startsWith('#')) return true;
      const m = PG_IDENT_LINE.exec(line);
      if (!m) return false;
      const sysAt = ls + line.indexOf(m[2]!, m[1]!.length + (line.length - t.length));
      const pgAt = ls + line.lastIndexOf(m[3]!);
      for (const [v, at] of [
        [m[2]!, sysAt],
        [m[3]!, pgAt],
      ] as const) {
        const login = v.startsWith('"') ? v.slice(1, -1) : v;
        const a = v.startsWith('"') ? at + 1 : at;
        if (
          login.startsWith('/') ||
          login.startsWith('\\') ||
          isSystemAccount(login) ||
          !/^[A-Za-z0-9_.@$-]+$/.test(login)
        )
          continue;
        emit({ start: a, end: a + login.length, category: 'USER', rule: 'pg-ident-map-user', priority: 56 });
      }
      return true;
    });
  }
};

/**
 * `/etc/passwd` and `/etc/group` lines (`cat`, `getent passwd|group`), each found from a `:x:` hit: a passwd entry's
 * login when it belongs to a person or service of the site (uid 1000–59999, or a home under /home) and is no system
 * account, with its GECOS full name (two or more name words); a group entry's members that are no system accounts.
 */
export const accountDatabaseLines: Scanner = (text, emit, keywordEnds) => {
  for (const ls of hitLineStarts(text, keywordEnds, 900)) {
    PASSWD_ENTRY.lastIndex = ls;
    const p = PASSWD_ENTRY.exec(text);
    if (p) {
      const login = p[1]!;
      const uid = Number(p[2]);
      const home = p[4]!;
      // an account of the site: a uid from the range useradd gives people and local services (Debian policy 9.2.2:
      // 1000–59999; 60000–64999 are allocated by Debian packages, 65534 is nobody) or a home under /home. A
      // package's own account has neither, and its comment names the package, not a person (`Mailing List Manager`).
      // The site's own service accounts made with `useradd --system` (uid below 1000) carry the `svc_` prefix of
      // service-account naming conventions, which no distribution package uses.
      if (
        isSystemAccount(login) ||
        !((uid >= 1000 && uid < 60000) || home.startsWith('/home/') || SITE_SERVICE_LOGIN.test(login))
      )
        continue;
      emit({ start: ls, end: ls + login.length, category: 'USER', rule: 'passwd-login', priority: 56 });
      const gecos = p[3]!;
      const gecosAt = ls + p[0].indexOf(':' + gecos + ':') + 1;
      const name = gecos.split(',')[0]!.trim();
      if (name && looksLikePersonName(name, true)) {
        const a = gecosAt + gecos.indexOf(name);
        emit({ start: a, end: a + name.length, category: 'PERSON', rule: 'passwd-gecos-person', priority: 60 });
      }
      // the GECOS sub-fields after the name: room, work phone, home phone, other (chfn(1))
      let at = gecosAt;
      for (const field of gecos.split(',')) {
        if (at > gecosAt && isWrittenPhoneNumber(field))
          emit({ start: at, end: at + field.length, category: 'PHONE', rule: 'passwd-gecos-phone', priority: 58 });
        at += field.length + 1;
      }
      continue;
    }
    // (a virtual FTP user's: its login and hash are the crypt-file rules'; its GECOS names the person)
    CRYPT_PASSWD_ENTRY.lastIndex = ls;
    const f = CRYPT_PASSWD_ENTRY.exec(text);
    if (f) {
      const name = f[1]!.split(',')[0]!.trim();
      if (name && looksLikePersonName(name, true)) {
        const a = ls + f[0].indexOf(':' + f[1]! + ':') + 1 + f[1]!.indexOf(name);
        emit({ start: a, end: a + name.length, category: 'PERSON', rule: 'passwd-gecos-person', priority: 60 });
      }
      continue;
    }
    GROUP_ENTRY.lastIndex = ls;
    const g = GROUP_ENTRY.exec(text);
    if (g) emitLogins(text, GROUP_ENTRY.lastIndex - g[1]!.length, g[1]!, ',', 'group-member', emit);
  }
};

/** The markers of a locked or empty group password in gshadow(5). */
const GSHADOW_MARKERS = [':!:', ':*:', ':!!:'];

/**
 * `/etc/gshadow` lines (`group:!:admins:members`): the administrators and members that are no system accounts. Its
 * markers have no letter, so the engine gives no hit positions: each marker is found here with `indexOf`, and each line
 * is read once.
 */
export const gshadowEntries: Scanner = (text, emit) => {
  for (const marker of GSHADOW_MARKERS) {
    // (a line holding two markers is read twice: its candidates are the same)
    let done = -1;
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
      if (at < done) continue;
      const ls = lineStartWithin(text, at, 40);
      if (ls > 0 && text[ls - 1] !== '\n') continue;
      GSHADOW_ENTRY.lastIndex = ls;
      const gs = GSHADOW_ENTRY.exec(text);
      if (!gs) continue;
      done = GSHADOW_ENTRY.lastIndex;
      const membersAt = GSHADOW_ENTRY.lastIndex - gs[2]!.length;
      if (gs[1]) emitLogins(text, membersAt - 1 - gs[1].length, gs[1], ',', 'group-member', emit);
      if (gs[2]) emitLogins(text, membersAt, gs[2], ',', 'group-member', emit);
    }
  }
};

/** A field's change as anonymisation and audit jobs log it: `first_name 'Levente' -> 'Anon'`. Groups: field, old. */
const FIELD_CHANGE = /\b([A-Za-z][A-Za-z0-9_]{1,40}) '([^'\n]{1,200})' (?:->|=>|→) '/g;

/**
 * The old values of fields changed by anonymisation or data-fix jobs (`- profile: first_name 'Levente' -> 'Anon',
 * username 'lkovacs' -> 'deleted_20788'`): each classified by its field name as a table cell is ({@link
 * classifyColumn}). Runs only on text holding `' -> '` (or `=>`, `→`).
 */
export const fieldChangeOldValues: Scanner = (text, emit) => {
  if (!text.includes("' -> '") && !text.includes("' => '") && !text.includes("' → '")) return;
  const kinds = new Map<string, ColumnKind>();
  FIELD_CHANGE.lastIndex = 0;
  for (let m = FIELD_CHANGE.exec(text); m; m = FIELD_CHANGE.exec(text)) {
    const a = m.index + m[1]!.length + 2;
    emitCell(text, columnKey(m[1]!), a, a + m[2]!.length, emit, kinds, { rule: 'field-change-' });
  }
};

/**
 * A header line of mailx `mail -H` / `mail` summaries: status, number, the sender (a name or an address cut to 18
 * characters), the date. Groups: 1 the sender.
 */
const MAILX_HEADER =
  /[> ]?[NORUDP* ]{0,2}[ \t]{0,3}\d{1,5} (\S(?:[^\n]{0,16}\S)?)[ \t]+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d[ \t]+\d{1,6}\/\d{1,9}/y;

/**
 * The senders of a mailx header summary (`>O  1 Åsa Lindqvist      Wed Nov 27 02:28 104/6256  Re: …`): a full name as
 * a person, an address or its cut local part as a login. Read on the lines of weekday-name hits (the sender is at
 * most 40 characters before the weekday).
 */
export const mailxHeaderSenders: Scanner = (text, emit, keywordEnds) => {
  for (const ls of hitLineStarts(text, keywordEnds, 40)) {
    MAILX_HEADER.lastIndex = ls;
    const m = MAILX_HEADER.exec(text);
    if (!m) continue;
    const v = m[1]!;
    const a = ls + m[0].indexOf(' ' + v) + 1;
    if (looksLikePersonName(v, true))
      emit({ start: a, end: a + v.length, category: 'PERSON', rule: 'mailx-header-sender', priority: 55 });
    else if (/^[A-Za-z0-9._%+-]{3,18}(?:@[A-Za-z0-9.-]{0,17})?$/.test(v) && !isSystemAccount(v.replace(/@.*/, '')))
      emit({ start: a, end: a + v.length, category: 'USER', rule: 'mailx-header-sender', priority: 55 });
  }
};

/**
 * Lists of logins in server configuration, one match per directive, every listed login emitted: OpenSSH
 * `AllowUsers`/`DenyUsers` (sshd_config(5): space-separated `user` or `user@host` patterns), MariaDB audit plugin
 * `server_audit_incl_users`/`server_audit_excl_users` (comma-separated), Samba `valid users`, `invalid users`,
 * `admin users`, `read list`, `write list` (smb.conf(5): `@group` and `+group` entries are groups and stay), SSSD
 * `simple_allow_users`/`simple_deny_users` (sssd-simple(5)), PgBouncer `admin_users`/`stats_users` (pgbouncer(5)),
 * Nagios host and service `contacts` (comma-separated contact names), sudoers(5) `User_Alias` and sshd_config(5)
 * `Match User` lists (comma-separated), Apache httpd `Require user` (mod_authz_user: space-separated), and CI servers' admin lists in the environment
 * (`WOODPECKER_ADMIN=alice,bob`).
 */
const LOGIN_LIST =
  /[ \t]*(?:(?:Allow|Deny)Users[ \t]+|contacts[ \t]+|(?:export[ \t]+)?[A-Z][A-Z0-9_]{0,60}_(?:ADMINS?|USERS|OWNERS|MAINTAINERS)=["']?|(?:loose[_-])?server[_-]audit[_-](?:incl|excl)[_-]users[ \t]*=[ \t]*|(?:valid|invalid|admin|auth) users[ \t]*=[ \t]*|User_Alias[ \t]+[A-Z][A-Z0-9_]{0,30}[ \t]*=[ \t]*|Match[ \t]+User[ \t]+|Require[ \t]+(?:not[ \t]+)?user[ \t]+|(?:read|write) list[ \t]*=[ \t]*|(?:simple_(?:allow|deny)|admin|stats)_users[ \t]*=[ \t]*)([^\n#;]{1,4000})/iy;

export const loginLists: Scanner = (text, emit, keywordEnds) => {
  for (const ls of hitLineStarts(text, keywordEnds, 200)) {
    LOGIN_LIST.lastIndex = ls;
    const m = LOGIN_LIST.exec(text);
    if (!m) continue;
    const list = m[1]!.replace(/[ \t\r]+$/, '');
    // Samba's lists take blanks or commas (smb.conf(5) "valid users": `@"DOM\staff" jdoe, mroe`)
    const sep = /^[ \t]*(?:(?:allow|deny)users|require)/i.test(m[0])
      ? ' '
      : /(?:users|list)[ \t]*=/i.test(m[0])
        ? ' ,'
        : ',';
    emitLogins(text, ls + m[0].length - m[1]!.length, list, sep, 'login-list', emit);
  }
};

/**
 * Emits each login of a `sep`-separated `list` that starts at `offset` (`sep` `' ,'`: blanks or commas): the part
 * before `@` (sshd `user@host`),
 * skipping groups (`@staff`, `+staff`), patterns with `*`/`?`/`%`, variables and system accounts.
 */
function emitLogins(
  text: string,
  offset: number,
  list: string,
  sep: string,
  rule: string,
  emit: (c: Candidate) => void,
): void {
  let at = 0;
  for (const raw of list.split(sep === ' ' ? /([ \t]+)/ : sep === ' ,' ? /([ \t,]+)/ : /(,)/)) {
    const here = at;
    at += raw.length;
    const lead = raw.length - raw.trimStart().length;
    const item = raw.trim();
    if (!item || item === sep || /^[ \t,]+$/.test(item) || /^[@+&$%]|[*?%]/.test(item)) continue;
    const login = item.split('@')[0]!;
    if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/.test(login) || isSystemAccount(login) || BOOLEAN_LIKE.test(login)) continue;
    const start = offset + here + lead;
    emit({ start, end: start + login.length, category: 'USER', rule, priority: 56 });
  }
}

/**
 * nginx `map` blocks keyed by a credential header (`map $http_x_api_key $client { "k3y…" partner; }`): each entry's
 * source value is an API key the proxy accepts (nginx.org/en/docs/http/ngx_http_map_module.html). Only maps over a
 * `$http_` variable whose name holds key, token, secret or auth, and only values that look generated (at least 16
 * characters, letters and digits, entropy ≥ 3), so `default` and hostnames stay.
 */
export const nginxCredentialMaps: Scanner = (text, emit) => {
  const head =
    /\bmap[ \t]{1,8}\$http_[a-z0-9_]{0,40}(?:api_?key|apikey|token|secret|auth[a-z_]{0,20})[ \t]{1,8}\$[A-Za-z0-9_]{1,64}[ \t]{0,8}\{/gi;
  const entry = /^[ \t]*(?:"([^"\n]{16,512})"|'([^'\n]{16,512})'|([^\s"';{}]{16,512}))[ \t]{1,40}[^\n;]{1,200};/gm;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    const open = m.index + m[0].length;
    let close = text.indexOf('}', open);
    if (close < 0 || close - open > 65536) close = Math.min(text.length, open + 65536);
    // entries are read in the block's own text, so a block without any costs its length, not the rest of the payload
    const block = text.slice(open, close);
    entry.lastIndex = 0;
    for (let e = entry.exec(block); e; e = entry.exec(block)) {
      const v = e[1] ?? e[2] ?? e[3]!;
      if (!/[0-9]/.test(v) || !/[A-Za-z]/.test(v) || shannonEntropy(v) < 3) continue;
      const start = open + e.index + e[0].indexOf(v);
      emit({ start, end: start + v.length, category: 'APIKEY', rule: 'nginx-credential-map', priority: 80 });
    }
    head.lastIndex = Math.max(close, open);
  }
};

/**
 * Kubernetes Secret manifests: every value under `data:`/`stringData:` (kubernetes.io/docs/concepts/configuration/secret),
 * in YAML (`-o yaml`, `helm get manifest`: only in the `---` documents that are Secrets, so a ConfigMap after a Secret
 * keeps its values) and in JSON (`-o json`).
 */
export const kubernetesSecretData: Scanner = (text, emit) => {
  if (/"kind"[ \t]*:[ \t]*"Secret"/.test(text)) jsonSecretData(text, emit);
  if (!/kind:\s*Secret\b/.test(text)) return;
  const re = /^([ \t]*)(?:data|stringData):[ \t]*$/gm;
  // the YAML document (between `---` lines) of the last block, and whether it is a Secret: looked up once per
  // document, walking forward (blocks ascend), so many blocks in one long document cost one pass
  let docEnd = -1;
  let isSecret = false;
  for (const m of text.matchAll(re)) {
    if (m.index >= docEnd) {
      const docStart = docEnd < 0 ? Math.max(0, text.lastIndexOf('\n---', m.index)) : docEnd;
      docEnd = text.indexOf('\n---', m.index);
      if (docEnd < 0) docEnd = text.length;
      isSecret = /kind:\s*Secret\b/.test(text.slice(docStart, docEnd));
    }
    if (!isSecret) continue;
    const indent = m[1]!.length;
    let pos = m.index + m[0].length + 1;
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const line = text.slice(pos, nl);
      const kv = /^([ \t]*)[A-Za-z0-9_.-]{1,253}:[ \t]+(\S.*)$/.exec(line);
      if (!kv || kv[1]!.length <= indent) break;
      const a = pos + line.length - kv[2]!.length;
      if (!kv[2]!.startsWith(BASE64_CERTIFICATE))
        emit({
          start: a,
          end: a + kv[2]!.trimEnd().length,
          category: 'PASSWORD',
          rule: 'kubernetes-secret-data',
          priority: 73,
        });
      pos = nl + 1;
    }
  }
};

/**
 * `-----BEGIN CERTIFICATE` in base64: a Secret's `tls.crt` and `ca.crt` hold the public certificate chain, which the
 * TLS handshake shows anyone (corpus README benign list: certificate data).
 */
const BASE64_CERTIFICATE = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS';

/** A `"name": "value"` member of a JSON Secret's `data`/`stringData` object, with the comma after it (sticky). */
const JSON_SECRET_MEMBER = /\s*"[^"\\\n]{1,253}"[ \t]*:[ \t]*"((?:[^"\\\n]|\\.){1,65536})"\s*,?/y;

/** The values of `"data": {…}` and `"stringData": {…}` in a JSON Secret (`kubectl get secret -o json`). */
function jsonSecretData(text: string, emit: (c: Candidate) => void): void {
  const open = /"(?:data|stringData)"[ \t]*:[ \t]*\{/g;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    JSON_SECRET_MEMBER.lastIndex = m.index + m[0].length;
    for (let v = JSON_SECRET_MEMBER.exec(text); v; v = JSON_SECRET_MEMBER.exec(text)) {
      const end = JSON_SECRET_MEMBER.lastIndex - v[0].length + v[0].lastIndexOf('"');
      if (!v[1]!.startsWith(BASE64_CERTIFICATE))
        emit({ start: end - v[1]!.length, end, category: 'PASSWORD', rule: 'kubernetes-secret-data', priority: 73 });
    }
  }
}

/** The registrable part of a host name: last two labels, or three under a two-letter second-level like co.uk. */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().split('.');
  if (labels.length <= 2) return labels.join('.');
  const sld = labels[labels.length - 2]!;
  const take = /^(?:co|com|net|org|gov|ac|edu|ne|or|go)$/.test(sld) && labels[labels.length - 1]!.length === 2 ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** Compiled once for {@link customerDomainOfEmail}: a regex literal in a function allocates 57 bytes per evaluation. */
const DOMAIN_AFTER_AT = /(?:@|%40|\\u0040)([A-Za-z0-9.-]{1,253})$/;

/** The customer domain of an e-mail address, or null for mailbox providers and non-hosts. */
export function customerDomainOfEmail(address: string): string | null {
  const m = DOMAIN_AFTER_AT.exec(address);
  if (!m) return null;
  const d = m[1]!.toLowerCase();
  return !isMailProvider(d) && classifyHostName(d, true) === 'customer' ? registrableDomain(d) : null;
}

/**
 * SAML attribute names (the last segment of `Name` or `FriendlyName`, lower case) whose values are personal data, by
 * category: the LDAP/X.500 names and their OIDs (RFC 4519, eduPerson), and the claim URIs of AD FS and Entra ID
 * (`…/identity/claims/givenname`).
 */
const SAML_ATTRIBUTE_CATEGORY: ReadonlyMap<string, RedactionCategory> = new Map<string, RedactionCategory>([
  ...[
    'givenname',
    'firstname',
    'first_name',
    'surname',
    'sn',
    'lastname',
    'last_name',
    'familyname',
    'displayname',
    'display_name',
    'fullname',
    'name',
    'cn',
    'commonname',
    '2.5.4.42',
    '2.5.4.4',
    '2.5.4.3',
    '2.16.840.1.113730.3.1.241',
  ].map((k): [string, RedactionCategory] => [k, 'PERSON']),
  ...['uid', 'username', 'user', 'login', 'samaccountname', 'windowsaccountname', '0.9.2342.19200300.100.1.1'].map(
    (k): [string, RedactionCategory] => [k, 'USER'],
  ),
  ...[
    'telephonenumber',
    'phone',
    'phonenumber',
    'phone_number',
    'mobile',
    'mobilephone',
    'otherphone',
    '2.5.4.20',
    '0.9.2342.19200300.100.1.41',
  ].map((k): [string, RedactionCategory] => [k, 'PHONE']),
]);

/**
 * Values of a SAML assertion's attributes named for a person, login or phone (`<saml:Attribute Name="…/givenname">`
 * over `<saml:AttributeValue …>Ingrid</saml:AttributeValue>`), and a `NameID` of unspecified format that is a login
 * (OASIS SAML 2.0 Core §2.2.2, §2.7.3.1). Found from each `AttributeValue`/`NameID` keyword: the opening tag's value up
 * to its closing tag on the same line, the attribute's name from the nearest `Attribute ` tag before it (at most 2,048
 * characters back, not closed in between).
 */
export const samlAttributeValues: Scanner = (text, emit, keywordEnds) => {
  // every search below moves forward with the (ascending) hits, so the scanner stays linear: the next `>` and `</`,
  // and the last `Attribute ` opening and `Attribute>` closing before the hit
  let gt = -1;
  let close = -1;
  let lastOpen = -1;
  let nextOpen = text.indexOf('Attribute ');
  let lastClosed = -1;
  let nextClosed = text.indexOf('Attribute>');
  for (const end of keywordEnds ?? []) {
    const c = text.charCodeAt(end);
    // an opening tag: `<AttributeValue>`, `<saml2:AttributeValue xsi:type=…>`, `<saml:NameID Format=…>`
    if (c !== 62 /* > */ && c !== 32) continue;
    let nameStart = end - 1;
    while (nameStart > 0 && end - nameStart < 40 && /[A-Za-z0-9:_-]/.test(text[nameStart - 1]!)) nameStart--;
    if (text.charCodeAt(nameStart - 1) !== 60 /* < */) continue;
    if (gt < end && gt !== -2) gt = text.indexOf('>', end);
    if (gt < 0) gt = -2;
    if (gt < 0 || gt - end > 1024) continue;
    const vs = gt + 1;
    if (close < vs && close !== -2) close = text.indexOf('</', vs);
    if (close < 0) close = -2;
    if (close < 0 || close - vs > 256 || close === vs) continue;
    const value = text.slice(vs, close);
    if (value.includes('\n') || value.includes('<') || value.trim() !== value) continue;
    const tag = text.slice(nameStart, end);
    if (/nameid$/i.test(tag)) {
      // a login in an unspecified-format NameID (emails are the address rule's; persistent and transient ids are opaque)
      const attrs = text.slice(end, gt);
      if (/persistent|transient|emailAddress|entity|X509|kerberos/i.test(attrs)) continue;
      if (/^[A-Za-z][A-Za-z0-9._-]{1,63}$/.test(value) && !isSystemAccount(value))
        emit({ start: vs, end: close, category: 'USER', rule: 'saml-nameid-login', priority: 58 });
      continue;
    }
    while (nextOpen >= 0 && nextOpen < nameStart) {
      lastOpen = nextOpen;
      nextOpen = text.indexOf('Attribute ', nextOpen + 1);
    }
    while (nextClosed >= 0 && nextClosed < nameStart) {
      lastClosed = nextClosed;
      nextClosed = text.indexOf('Attribute>', nextClosed + 1);
    }
    if (lastOpen < 0 || nameStart - lastOpen > 2048 || lastClosed > lastOpen) continue;
    const openEnd = text.indexOf('>', lastOpen);
    if (openEnd < 0 || openEnd > nameStart) continue;
    const head = text.slice(lastOpen, openEnd);
    let category: RedactionCategory | undefined;
    for (const m of head.matchAll(/\b(?:Friendly)?Name="([^"]{1,200})"/g)) {
      const key = m[1]!.toLowerCase().replace(/^.*[/:]/, '');
      category ??= SAML_ATTRIBUTE_CATEGORY.get(key) ?? SAML_ATTRIBUTE_CATEGORY.get(m[1]!.replace(/^urn:oid:/, ''));
    }
    if (!category) continue;
    const fits =
      category === 'PERSON'
        ? looksLikePersonName(value, false)
        : category === 'USER'
          ? /^[A-Za-z0-9._-]{2,64}$/.test(value) && !isSystemAccount(value)
          : (value.match(/\d/g)?.length ?? 0) >= 7;
    if (fits) emit({ start: vs, end: close, category, rule: 'saml-attribute-value', priority: 58 });
  }
};

/** A Python string literal (single or double quotes, backslash escapes), sticky. */
const PY_STRING = /'((?:[^'\\\n]|\\.){0,1000})'|"((?:[^"\\\n]|\\.){0,1000})"/y;
/** A non-string element of a Python row list: a number, `None`, `True`, `False`. */
const PY_SCALAR = /-?\d[\d.eE+-]{0,40}|None|True|False/y;

/**
 * Rows printed as a Python list of lists whose first list is the header (gspread's `get_all_values()`, csv.reader
 * output through `pprint`: `[['First name', 'Email', …],\n ['Matthias',\n  'matthias@…', …], …]`): each string cell is
 * classified by its column's name, as the cells of the other table formats are ({@link emitCell}). Found from each
 * `[['` and `[["`; the walk reads each character once (elements, commas, white space and brackets).
 */
export const pythonRowLists: Scanner = (text, emit) => {
  const kinds = new Map<string, ColumnKind>();
  let from = 0;
  // the next `[['` and `[["`, each searched again only once passed (a search that finds nothing is not repeated)
  let single = -2;
  let double = -2;
  for (;;) {
    if (single !== -1 && single < from) single = text.indexOf("[['", from);
    if (double !== -1 && double < from) double = text.indexOf('[["', from);
    const at = single < 0 ? double : double < 0 ? single : Math.min(single, double);
    if (at < 0) return;
    let i = at + 1;
    const header: string[] = [];
    let keys: string[] = [];
    let rowCells: Array<[number, number]> = [];
    let inHeader = true;
    let ok = true;
    // one list at a time: `[`, elements apart by `,`, `]`; then `,` and the next list, or the closing `]`
    for (;;) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (text[i] !== '[') {
        ok = false;
        break;
      }
      i++;
      rowCells = [];
      for (;;) {
        while (i < text.length && /\s/.test(text[i]!)) i++;
        PY_STRING.lastIndex = i;
        const s = PY_STRING.exec(text);
        if (s) {
          const a = i + 1;
          rowCells.push([a, a + (s[1] ?? s[2]!).length]);
          if (inHeader) header.push(s[1] ?? s[2]!);
          i = PY_STRING.lastIndex;
        } else {
          PY_SCALAR.lastIndex = i;
          if (inHeader || !PY_SCALAR.test(text)) {
            ok = false;
            break;
          }
          rowCells.push([-1, -1]);
          i = PY_SCALAR.lastIndex;
        }
        while (i < text.length && /\s/.test(text[i]!)) i++;
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          break;
        } else {
          ok = false;
          break;
        }
      }
      if (!ok) break;
      if (inHeader) {
        // a header is two or more short column names
        if (header.length < 2 || !header.every((h) => /^[\p{L}][\p{L}\p{N} _.#()/-]{0,47}$/u.test(h))) {
          ok = false;
          break;
        }
        inHeader = false;
        keys = surnameColumn(header.map(columnKey));
      } else if (rowCells.length === header.length) {
        rowCells.forEach(([a, b], c) => {
          if (a >= 0 && b > a) emitCell(text, keys[c]!, a, b, emit, kinds, { rule: 'pylist-' });
        });
      }
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    from = Math.max(i, at + 2);
  }
};
