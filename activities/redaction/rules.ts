/**
 * Layer 1 rules written for this project: provider key formats, key/value secrets in every config syntax we meet on
 * servers, command-line credentials, headers, connection strings, PII. Each rule records its `source`.
 *
 * Linear-time discipline (issue 3 item 4): every pattern here has bounded quantifiers, no nested quantifiers and no
 * alternation under a quantifier that can match the same text two ways, so V8 needs a bounded number of steps per
 * start position; multi-line structures (PEM blocks, tables) are handled by hand-written scanners in `scanners.ts`
 * that only use `indexOf` and single passes. `test/redos.test.ts` checks the classic ReDoS shapes at 1 MiB.
 * @module
 */

import { isIPv6 } from 'node:net';
import type { Candidate, RedactionCategory, Scanner } from './candidates';
import {
  DATE_OR_DOTTED_QUAD,
  PLACEHOLDER_RE,
  DOTNET_TYPE_NAME,
  MYSQL_LOCKED_HASH,
  X_MASK,
  charTable,
  isGenericWindowsName,
  isSystemAccount,
  isWrittenPhoneNumber,
  lineStartWithin,
  looksDialled,
  lineStartsWhere,
  WORD_CHARS,
  FOREIGN_MASK,
  isSealedSecretValue,
  BOOLEAN_LIKE,
  HASH_SCHEME_NAME,
  PRINTED_IN_PLACE,
  lineEndsAt,
  luhnValid,
  previousLine,
  grepLinePrefixStart,
} from './candidates';
import { classifyHostName } from './hosts';
import { NAME_WORDS, looksLikePersonName } from './names';
import {
  EMPTY_CALL,
  classifyColumn,
  columnKey,
  genericRoleHost,
  looksLikeOpaqueToken,
  shannonEntropy,
  PUBLISHABLE_KEY,
} from './scanners';

/**
 * Where a setting named `key` starts (`key` then `:`, `=`, ` =`, a quote): the anchors of the rules whose pattern is
 * `key["']?[ \t]{0,4}(?:=>|[:=])…` (a key padded by two blanks or more before its `=` is not tried: each anchor costs a
 * hit list per payload).
 */
const KEY_SETTING_ANCHORS = ['key":', "key':", 'key =', 'key:', 'key=', "key' =>", 'key" =>'];

/** A regex rule. */
export interface RegexRule {
  name: string;
  category: RedactionCategory;
  priority: number;
  /** Global (`g`) regex. */
  re: RegExp;
  /**
   * Capture group holding the sensitive value (0 = whole match). When it did not take part in the match, the first later
   * group that did is used (alternatives may hold the value in different groups).
   */
  group: number;
  /**
   * Keywords (ASCII, case-insensitive) found by the one Aho-Corasick pass; the rule runs only on the lines holding
   * them. Absent: the rule runs on the whole text, so its pattern must start with a literal.
   */
  keywords?: readonly string[];
  /**
   * Literals (ASCII, found case-insensitively by the keyword pass) one of which every match of `re` starts with. The
   * engine then runs `re` sticky at each occurrence instead of scanning lines or the whole text: a left-to-right scan
   * can only find a match at such a position, so the matches are the same and the cost is per occurrence, not per
   * byte. Replaces `keywords`; `test/anchors.test.ts` checks the premise on the corpus and on random text.
   */
  anchors?: readonly string[];
  /** The character before a match must not match this (a cheap left boundary instead of a leading lookbehind). */
  notAfter?: RegExp;
  /**
   * Sticky (`y`) regex a line must match at its start for the rule to run on it: the rule then runs only on the lines
   * of its keyword hits that pass, never on the whole text (`user ` is on every other line of an auth log, a Redis
   * ACL line is rare). It must accept every line the rule can match on.
   */
  lineGate?: RegExp;
  /** Final filter on the captured value. */
  accept?: (value: string, text: string, index: number) => boolean;
  /** Where the rule comes from. */
  source: string;
}

const SRC_DOC = 'architecture document §06 (categories and placeholders)';
const SRC_CORPUS_README = 'shared/corpus/README.md category definitions';

/**
 * A credential line of a note: a short label, a colon, then `<login> / <password>` ending the line. Groups: 1 the label,
 * 2 the login, 3 the password.
 */
const LOGIN_SLASH_PASSWORD =
  /^[ \t#*-]{0,8}([A-Za-z][A-Za-z .]{0,30}):[ \t]{1,4}([A-Za-z_][A-Za-z0-9._@-]{0,63})[ \t]{1,4}\/[ \t]{1,4}([^\s]{6,128})[ \t]*\r?$/gm;

/** Words of a label that announces a credential (`Admin login`, `root pw`, `Web UI`, `Credentials`). */
const CREDENTIAL_LABEL =
  /\b(?:login|logon|credentials?|creds|pw|pwd|pass(?:word)?|account|user(?:name)?|ui|console|portal|access)\b/i;

/** Whether the line of the value at `index` opens with a label of {@link CREDENTIAL_LABEL}. */
function credentialLabelBefore(text: string, index: number): boolean {
  let ls = index;
  while (ls > 0 && index - ls < 200 && text.charCodeAt(ls - 1) !== 10) ls--;
  const line = text.slice(ls, index);
  const colon = line.indexOf(':');
  return colon > 0 && CREDENTIAL_LABEL.test(line.slice(0, colon));
}

/** The last blank-separated word of the line of `index` (the password of {@link LOGIN_SLASH_PASSWORD}). */
function lastCell(text: string, index: number): string {
  // the line break searched for in the next 400 characters only: an unbounded search per match on one long line
  // would be quadratic
  const ahead = text.slice(index, index + 400);
  const nl = ahead.indexOf('\n');
  const words = (nl < 0 ? ahead : ahead.slice(0, nl)).trim().split(/[ \t]+/);
  return words[words.length - 1]!;
}

/**
 * Lines of a network device configuration that can hold a secret (at line start, after indentation or `!`): IOS,
 * NX-OS, ASA, EOS, VRP, Junos/VyOS `set`, FortiOS `set`; an indented `password` is a `line vty`/`line con` one.
 */
const DEVICE_CONFIG_LINE =
  /[ \t]{1,12}password[ \t]|[ \t]{0,12}(?:enable|username|snmp-server|snmp-agent|tacacs-server|radius-server|hwtacacs-server|ntp|key|key-string|crypto|ikev[12]|pre-shared-key|neighbor|set|local-user|tacacs|radius|server-private|ppp|wpa-psk|ip[ \t]+ospf|ip[ \t]+rip|standby|vrrp)\b/y;

/** What follows the login of a device's `username`/`local-user` line (IOS, NX-OS, ASA, EOS, VRP). */
const DEVICE_ACCOUNT_SETTING =
  /^["']?[ \t]+(?:privilege|password|secret|role|nopassword|attributes|sshkey|view|autocommand|algorithm-type|service-type|level|ftp-directory)\b/;

/** Words of device configurations that sit where a secret's value may (types, levels, roles), never a secret. */
const DEVICE_CONFIG_WORD =
  /^(?:privilege|role|level|generate|chain|config-key|encryption|version|ro|rw|read|write|read-only|read-write|view|group|access|cipher|irreversible-cipher|ENC|sha512|sha256|md5|auth|priv|localizedkey|none|local|type|value|hidden|simple|encrypted|authorization|network-admin|network-operator|admin|\*+|<removed>|[0-9]{1,2})$/i;

/**
 * A RouterOS line that adds, sets or prints an account (`/user`, `/ppp secret`; `export`, or `print detail` with the
 * item's number and flags first): it has `password=`, `group=` or `profile=`.
 */
const ROUTEROS_ACCOUNT_LINE =
  /^[ \t]{0,8}(?:(?:add|set)[ \t]|\d{1,5}[ \t]+(?:[A-Z][ \t]+){0,3})[^\n]{0,400}[ \t](?:password|group|profile)=/;

/** The line around `index` (at most 400 characters either side). */
function lineAround(text: string, index: number): string {
  let ls = index;
  while (ls > 0 && index - ls < 400 && text.charCodeAt(ls - 1) !== 10) ls--;
  // (forward, only the next 400 characters are searched: see lastCell)
  const ahead = text.slice(index, index + 400);
  const nl = ahead.indexOf('\n');
  return text.slice(ls, nl < 0 ? index + ahead.length : index + nl);
}

/**
 * Keys of the audit fields of API objects and records (`"CreatedBy": "jdoe"`, `updated_by=`), as keyword-pass literals:
 * the value names a login or a person.
 */
const AUDIT_FIELD_KEYS: readonly string[] = [
  'createdby',
  'created_by',
  'updatedby',
  'updated_by',
  'modifiedby',
  'modified_by',
];

/** An Asterisk voicemail.conf mailbox: `<mailbox> => <PIN>,<full name>,…`. Groups: 1 the PIN, 2 the full name. */
const VOICEMAIL_MAILBOX = /^[ \t]{0,4}\d{1,10}[ \t]*=>[ \t]*(-?\d{3,12}),([^,\n]{1,80}),/gm;

/**
 * A password as a shell command line passes it: in single quotes, in double quotes, or bare up to white space (one
 * group per form; the secret rule of {@link loginAndSecret} takes whichever took part).
 */
const SHELL_ARGUMENT_SECRET = '(?:\'([^\'\\n]{1,256})\'|"([^"\\n]{1,256})"|([^\\s\'"]{1,256}))';

/**
 * A Dovecot passwd-file line with its password scheme: `user[@domain]:{SCHEME}password:uid:gid:gecos:home:…`. Groups:
 * 1 the password after its scheme, 2 the GECOS field.
 */
const DOVECOT_PASSWD_FILE_LINE =
  /^[^:\s]{1,320}:\{[A-Z0-9.-]{2,24}\}([^:\n]{1,512}):\d{0,10}:\d{0,10}:([^:\n]{0,100}):/gm;
/** The same line through its home field: group 1 the home's last segment (`/var/mail/vhosts/example.com/jdoe`). */
const DOVECOT_PASSWD_FILE_HOME =
  /^[^:\s]{1,320}:\{[A-Z0-9.-]{2,24}\}[^:\n]{1,512}:\d{0,10}:\d{0,10}:[^:\n]{0,100}:\/(?:[^:/\n]{1,100}\/){1,8}([A-Za-z0-9._-]{2,64})\/?:/gm;

/**
 * An entry of Asterisk's caller-id name cache (`asterisk -rx "database show cidname"`): `/cidname/<number>  : <name>`.
 * Groups: 1 the calling number, 2 the name it was seen with.
 */
const ASTDB_CIDNAME = /^\/cidname\/(\+?\d{3,16})[ \t]+:[ \t]+(\S[^\n]{0,80}?)[ \t]*\r?$/gm;

/** Secret-looking key names (values are secrets). */
export const SECRET_KEY_WORD =
  '(?:pass(?:word|wd|phrase|wrd|code|key)?(?![a-z])|pwd(?![a-z])|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?(?![a-z])|salt(?![a-z])|nonce(?![a-z])|signing[_-]?key|encrypt(?:ion)?[_-]?key|join[_-]?key|fernet[_-]?key|master[_-]?key|key[_-]?base|secret[_-]?key|session[_-]?key|(?<![a-z])dsn(?![a-z])|masterauth|primaryauth|requirepass|erlang[_-]?cookie|rediscli_auth|(?:preshared|routing|service|integration|stored|server|validation|decryption|des|transaction)[_-]?key|psk(?![a-z])|cookie[_-]?iv(?![a-z])|authtok|bindpw|(?<![a-z])_auth(?![a-z])|server[_-]?auth(?![a-z_])|hmac[_-]?key|logged[_-]?in[_-]?key|authident|push[_-]?magic)';

/** A whole name that holds {@link SECRET_KEY_WORD} anywhere (`DB_PASSWORD`, `upstream_token`). */
const SECRET_NAME = new RegExp(SECRET_KEY_WORD, 'i');

/** Keywords (Aho-Corasick, case-insensitive) that gate {@link keyValueSecrets}: every alternative of SECRET_KEY_WORD. */
export const SECRET_KEYWORDS: readonly string[] = [
  'pass',
  'pwd',
  'secret',
  'token',
  'key',
  'credential',
  'salt',
  'nonce',
  'dsn',
  'masterauth',
  // Valkey's name for `masterauth` (valkey.io/topics/replication)
  'primaryauth',
  'erlang',
  'rediscli_auth',
  // WireGuard `PresharedKey`, PagerDuty `routing_key`/`service_key`/`integration_key` (Alertmanager), sssd
  // `ldap_default_authtok`, nslcd `bindpw`, npm `_auth` and Yarn `npmAuthIdent`: `key` and `pass` find the first two
  'authtok',
  'bindpw',
  '_auth',
  'authident',
  // Joomla's `$redis_server_auth` / `$session_redis_server_auth` (configuration.php): `_auth` finds the first
  'server-auth',
  'serverauth',
  // IPsec and Wi-Fi pre-shared keys (`wpa_psk=`, `psk = …`)
  'psk',
  // PrestaShop 1.7+ `parameters.php` `'cookie_iv' => …` beside its `cookie_key`
  'cookie_iv',
  // Apple MDM's `PushMagic` (the secret an MDM server must send with every push to the device: Apple's MDM protocol,
  // TokenUpdate check-in)
  'pushmagic',
  'push_magic',
];

/** A lower-case letter or digit then an upper-case letter: the boundary of a camelCase word (`TokenExpirationSeconds`). */
const CAMEL_HUMP = /([a-z0-9])([A-Z])/g;
/** {@link CAMEL_HUMP} without the global flag: a test that allocates nothing. */
const CAMEL_KEY = /[a-z0-9][A-Z]/;

/** After a value: more words of a name, then `:` or `=` (`inactive\t\t: never`, `last set: …`, `expiration date:`). */
const MULTIWORD_KEY_REST = /^(?:[ \t]{1,8}[A-Za-z][a-z]{1,15}){0,3}[ \t]*[:=](?![:=])/;

/**
 * After a blank-separated value: two more cells apart by runs of blanks (`Secret     ingress-nginx  ingress-nginx-secrets
 * Synced`, a kind column in `argocd app get`): the line is a table row, not a `secret <value>` directive.
 */
const ALIGNED_CELLS_AFTER = /^[ \t]{2,}[^\s#][^\s]*[ \t]{2,}[^\s#]/;

/** After a lower-case word: at most one more, then two or more blanks and a value (a label padded to its column). */
const PADDED_LABEL_REST = /^(?:[ \t][a-z]{2,15})?[ \t]{2,}[^\s#]/;

/** Role session names the SDKs, CLIs and AWS services choose, not a person (`botocore-session-1699…`, `i-0abc…`). */
const SDK_SESSION_NAME =
  /^(?:i-[0-9a-f]{8,17}|botocore-session-\d+|aws-go-sdk-\d+|aws-sdk-[a-z]+-\d+|awscli-session|githubactions|gitlab-ci|terraform|session|default|\d+)$/i;

/** An ISO 8601 date and time (`2024-10-03T23:45:55Z`, `2024-10-03 23:45:55.123+02:00`), quoted or not. */
const ISO_TIMESTAMP = /^["']?\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?["']?$/;

/** A key of an account's item beside its `comment` (Ansible user module: `'groups':`, `"home":`). */
const USER_ITEM_KEY = /["'](?:groups|home|uid|shell)["']:/;

/** A setting's on/off value (`enabled`, `disabled`, `required`, `optional`). */
const SWITCH_VALUE = /^(?:enabled|disabled|required|optional)$/i;

/** Vault AppRole's `secret_id` (the credential a role logs in with; its `secret_id_accessor` only names it). */
const VAULT_SECRET_ID_KEY = /^secret[_-]id$/i;

/** A key naming credentials (`credentials`, `cred`, `credentials_file`). */
const CREDENTIALS_KEY = /^(?:cred|credentials?)(?:[_-]?file)?$/i;
/** An absolute or home-relative path (`/root/.smbcredentials`, `~/.aws/credentials`). */
const ABSOLUTE_PATH = /^~?\/[\w.@/-]{1,4096}$/;

/** One word of letters, digits, `-` and `_` (no `:`, `/` or `@`: no address, no credential). */
const BARE_WORD = /^[A-Za-z][A-Za-z0-9_-]{0,30}$/;
/** An upper-case environment variable named for a secret (`DB_PASSWORD`, `STRIPE_SECRET_KEY`, `GITHUB_TOKEN`). */
const SECRET_ENV_NAME =
  /^(?:[A-Z][A-Z0-9]*_)+(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|KEY|CREDENTIALS?)(?:_[A-Z0-9]+)?$|^(?:PASSWORD|SECRET|TOKEN)_[A-Z0-9_]+$/;
/** A SQL query where a value would be (`password_query = SELECT …`, Dovecot's dovecot-sql.conf.ext). */
const SQL_QUERY_VALUE = /^(?:SELECT|UPDATE|INSERT)[ \t]/i;

/** Key comment hosts that name no machine of anyone's (`localhost`, a container's default, CI runners' names). */
const GENERIC_KEY_HOST =
  /^(?:localhost|ubuntu|debian|raspberrypi|runner|buildkitsandbox|docker-desktop|host|server|laptop|desktop|workstation|example)$/i;

/** A query parameter naming a public key, before its value (`publishable_key=`, `sitekey=`). */
const PUBLIC_KEY_PARAM = /(?:public|publishable|site)_?key=$/i;

/** A lower-case SQL column name (`expire_date`, `user_email`). */
const COLUMN_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** Words that follow `password` in status text and log prose, never a password of their own. */
const PROSE_WORD =
  /^(?:for|of|is|was|has|had|not|and|or|to|in|on|the|a|an|changed|reset|expired|expires|verification|authentication|required|updated|mismatch|incorrect|invalid|accepted|rejected|denied|ok|set|must|can|never|policy|change|hash|file|prompt|login|check|length|strength|complexity|history|age|quality)$/i;

/** LDAP entries named like logins that are the directory's own (`cn=admin`, `cn=config`, `cn=Manager`, `cn=Users`). */
const LDAP_NOT_LOGIN =
  /^(?:config|manager|users|computers|groups|schema|monitor|replicator|readonly|directory manager|krbtgt|subschema|builtin)$/i;

/** The header of a `faillock` table (pam_faillock faillock(8)). */
const FAILLOCK_HEADER = /When[ \t]+Type[ \t]+Source[ \t]+Valid/y;

/**
 * `faillock` output (pam_faillock faillock(8)): each user's login alone on a line, `jdoe:`, above the table header
 * `When  Type  Source  Valid`.
 */
export const faillockUsers: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    const ls = lineStartWithin(text, end - 1, 64);
    FAILLOCK_HEADER.lastIndex = ls;
    if (ls < 2 || !FAILLOCK_HEADER.test(text)) continue;
    const [prevStart, prevEnd] = previousLine(text, ls, 40);
    const m = /^([A-Za-z_][A-Za-z0-9._-]{0,31}):$/.exec(text.slice(prevStart, prevEnd));
    if (m && !isSystemAccount(m[1]!))
      emit({ start: prevStart, end: prevStart + m[1]!.length, category: 'USER', rule: 'faillock-user', priority: 57 });
  }
};

/**
 * `~/.google_authenticator` (google-authenticator-libpam): the TOTP secret (base32) on the first line, `" OPTION` lines,
 * then up to ten 8-digit emergency scratch codes, one per line. Found from an option line; the secret and the codes of
 * that block are redacted.
 */
export const googleAuthenticatorFiles: Scanner = (text, emit, keywordEnds) => {
  let done = -1;
  for (const end of keywordEnds ?? []) {
    if (end <= done) continue;
    let ls = lineStartWithin(text, end - 1, 200);
    if (text[ls] !== '"') continue;
    // up over the option lines to the secret
    while (ls > 1 && text[lineStartWithin(text, ls - 2, 200)] === '"') ls = lineStartWithin(text, ls - 2, 200);
    if (ls > 1) {
      const [prevStart, prevEnd] = previousLine(text, ls, 200);
      if (/^[A-Z2-7]{16,128}$/.test(text.slice(prevStart, prevEnd)))
        emit({ start: prevStart, end: prevEnd, category: 'APIKEY', rule: 'google-authenticator-secret', priority: 80 });
    }
    // down over the option lines to the scratch codes
    let pos = ls;
    while (pos < text.length && text[pos] === '"') {
      const nl = text.indexOf('\n', pos);
      pos = nl < 0 ? text.length : nl + 1;
    }
    for (let codes = 0; pos < text.length && codes < 20; codes++) {
      const m = /^(\d{8})\r?(?:\n|$)/.exec(text.slice(pos, pos + 10));
      if (!m) break;
      emit({ start: pos, end: pos + 8, category: 'PASSWORD', rule: 'google-authenticator-scratch-code', priority: 80 });
      pos += m[0].length;
    }
    done = pos;
  }
};

/** An rsyncd secrets file line (rsyncd.conf(5) `secrets file`): `user:password`. */
const RSYNCD_SECRET_LINE = /^([A-Za-z0-9._@-]{1,64}):([^\s:][^\s]{0,255})$/;

/**
 * rsync daemon secrets (rsyncd.conf(5): the `secrets file` holds `user:password` lines), printed after the config that
 * names it: every such line of the output after a `secrets file =` setting.
 */
export const rsyncdSecrets: Scanner = (text, emit, keywordEnds) => {
  const first = keywordEnds?.[0];
  if (first === undefined) return;
  let pos = text.indexOf('\n', first) + 1;
  while (pos > 0 && pos < text.length) {
    const { end, next } = lineEndsAt(text, pos);
    const m = end - pos <= 330 ? RSYNCD_SECRET_LINE.exec(text.slice(pos, end)) : null;
    if (m && !/^\d+$/.test(m[2]!)) {
      const at = pos + m[1]!.length + 1;
      emit({ start: at, end: at + m[2]!.length, category: 'PASSWORD', rule: 'rsyncd-secret', priority: 76 });
      if (!isSystemAccount(m[1]!))
        emit({ start: pos, end: pos + m[1]!.length, category: 'USER', rule: 'rsyncd-secret-user', priority: 76 });
    }
    pos = next;
  }
};

/** The start of a Jenkins build cause line that names who started the build. */
const JENKINS_CAUSE = '(?:Started by (?:user|GitLab push by|GitHub push by|Bitbucket push by))';

/** A UUID in its canonical 8-4-4-4-12 hex form (RFC 9562). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Source of the `.netrc` rules. */
const SRC_NETRC = '~/.netrc tokens machine, login, password, account (netrc(5), curl and git credential use)';

/**
 * A `~/.netrc` entry up to `token` and its value (group 1): `machine H`, then up to four `other` tokens with their
 * values, then `token V`; tokens are separated by any white space, newlines included (netrc(5)).
 */
function netrcToken(token: string, others: readonly string[], maxValue: number): RegExp {
  return new RegExp(
    `machine[ \\t]+[^\\s]{1,253}(?:\\s{1,40}(?:${others.join('|')})[ \\t]+[^\\s]{1,256}){0,4}\\s{1,40}${token}[ \\t]+([^\\s]{1,${maxValue}})`,
    'g',
  );
}

/** `echo 'user:password' | [sudo] chpasswd`: group 2 the user, group 3 the password (chpasswd(8) input). */
const CHPASSWD_ECHO =
  '\\becho[ \\t]+(?:-[ne][ \\t]+)?(["\']?)([^:\\s\'"]{1,64}):([^\\s\'"]{1,256})\\1[ \\t]*\\|[ \\t]*(?:sudo[ \\t]+)?chpasswd\\b';

/**
 * HAProxy `userlist` entries (haproxy configuration manual §3.4 "Userlists"): `user <name> password <crypt hash>` or
 * `user <name> insecure-password <password>`; group 1 the login, group 2 the clear-text password.
 */
const HAPROXY_USERLIST_ENTRY =
  '^[ \\t]+user[ \\t]+([A-Za-z0-9_.@-]{1,64})[ \\t]+(?:insecure-password[ \\t]+([^\\s]{1,256})|password[ \\t])';

/** HAProxy `stats auth <user>:<password>` (haproxy manual, `stats auth`): group 1 the login, group 2 the password. */
const HAPROXY_STATS_AUTH = '\\bstats[ \\t]+auth[ \\t]+([^\\s:]{1,64}):([^\\s]{1,256})';

/**
 * Go MySQL driver DSNs (github.com/go-sql-driver/mysql "DSN (Data Source Name)"): `user:password@tcp(host:port)/db`, as
 * Telegraf, exporters and Go services print them; group 1 the user, group 2 the password.
 */
const GO_MYSQL_DSN = '([A-Za-z0-9_.-]{1,64}):([^@\\s"\'\\]]{1,256})@(?:tcp|tcp6|unix|udp)?\\(';

/**
 * A PHP database connection in a stack trace or a log (`PDO->__construct('mysql:host=…', 'user', 'password')`,
 * `mysqli->__construct('host', 'user', 'password', 'db')`, `mysqli_connect(…)`): group 1 the user, group 2 the password.
 * PHP cuts string arguments in traces at 15 characters (`'mysql:host=10.2...'`).
 */
const PHP_DB_CONNECT =
  "(?:PDO->__construct|mysqli->__construct|mysqli->real_connect|mysqli_connect|mysqli_real_connect|new PDO)\\((?:Object\\(mysqli\\), )?'[^'\\n]{0,200}', '([^'\\n]{1,64})', '((?:[^'\\\\\\n]|\\\\.){1,256})'";

/**
 * A connect call in source code (`grep -rn` output): the host or DSN (a literal or a variable), then a literal login
 * (group 1 or 2), then optionally a literal password (group 3 or 4).
 */
const CODE_DB_CONNECT =
  /(?:mysqli_connect|mysql_connect|new mysqli|new PDO|DriverManager\.getConnection|pymysql\.connect|MySQLdb\.connect)\([ \t]{0,4}(?:'[^'\n]{0,300}'|"[^"\n]{0,300}"|\$?[A-Za-z_][\w.>$-]{0,60}),[ \t]{0,4}(?:'([^'\\\n]{1,64})'|"([^"\\\n]{1,64})")(?:,[ \t]{0,4}(?:'((?:[^'\\\n]|\\.){1,256})'|"((?:[^"\\\n]|\\.){1,256})"))?/g;
const CODE_DB_CONNECT_KEYWORDS = [
  'mysqli_connect(',
  'mysql_connect(',
  'new mysqli(',
  'new pdo(',
  'getconnection(',
  'pymysql.connect(',
  'mysqldb.connect(',
];

/**
 * A PHP stack frame of a login call with its arguments (`App\Auth\LdapAuth->bind('jdoe', 'password', …)`,
 * `ldap_bind(Object(LDAP\Connection), 'uid=jdoe,…', 'password')`): group 1 the login, group 2 the password.
 */
const PHP_LOGIN_CALL =
  "(?:->(?:bind|login|authenticate|checkCredentials|validateCredentials|verifyCredentials)|\\bldap_bind)\\((?:Object\\([^)\\n]{1,60}\\), )?'([^'\\n]{1,200})', '((?:[^'\\\\\\n]|\\\\.){1,256})'";

/** SNMP's well-known default communities (`public`, `private`): they name no secret of the site. */
const DEFAULT_SNMP_COMMUNITY = /^(?:public|private)$/i;

/**
 * A Net-SNMP `createUser` line (snmpd.conf(5)): name, auth protocol and passphrase (groups 1, 2), then optionally the
 * privacy protocol and passphrase (groups 3, 4); each passphrase quoted or bare.
 */
const SNMP_CREATE_USER =
  /^[ \t]*createUser[ \t]+(?:-e[ \t]+\S+[ \t]+)?[A-Za-z0-9._@-]{1,64}[ \t]+(?:MD5|SHA|SHA-224|SHA-256|SHA-384|SHA-512)[ \t]+(?:"([^"\n]{1,128})"|([^\s"]{1,128}))(?:[ \t]+(?:DES|AES|AES-128|AES-192|AES-256)[ \t]+(?:"([^"\n]{1,128})"|([^\s"]{1,128})))?/gim;

/** A JAAS PlainLoginModule user entry `user_<name>="<password>"`: group 1 the login, group 2 the password. */
// (not a log's `user_name="jdoe"`, `user_id="…"`, `user_agent="…"`, `user_group="…"`: fields named `user_…`, Sophos XG)
const JAAS_USER_ENTRY =
  '\\buser_(?!(?:name|id|agent|group|gp|type|email|login|role|domain|ip|mac)=)([A-Za-z0-9._-]{1,64})="((?:[^"\\\\\\n]|\\\\.){1,256})"';

/** An environment variable's name as shells and `.env` files write them: upper case, digits and `_`. */
const ENV_NAME = /^[A-Z][A-Z0-9_]{2,127}$/;

/** The configuration passes of Windows Setup (learn.microsoft.com "Windows Setup Configuration Passes"). */
const WINDOWS_SETUP_PASS = /^(?:windowsPE|offlineServicing|generalize|specialize|auditSystem|auditUser|oobeSystem)$/;

/** Keys that name an OpenPGP key by its id (duplicity's `--encrypt-key`/`--sign-key`, duply's `GPG_KEY`, `GPG_KEYS_ENC`). */
const PGP_KEY_NAME =
  /^-{0,2}(?:(?:hidden-)?encrypt(?:-sign)?-key|sign-key|gpg_keys?(?:_enc|_sign)?|(?:user\.)?signingkey)$/i;

/** References to a secret kept elsewhere (GlassFish aliases, the JBoss vault, WildFly/Payara expressions). */
const SECRET_STORE_REF = /^\$\{(?:ALIAS=|VAULT::|env\.|ENV=|MPCONFIG=)[^}\n]{1,200}\}$/;

/**
 * A numbered user row up to its address (`23 yilmazel yilmaz.e@quayside.cz`), as a regex source: the row number, the
 * login (group 1), the address.
 */
const NUMBERED_ROW_ADDRESS =
  '^[ \\t]{0,8}\\d{1,9}[ \\t]{1,8}([a-z][a-z0-9._-]{1,31})[ \\t]{1,8}[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}';

/** The start of a numbered listing row: a number, blanks, a lower-case word. */
const NUMBERED_ROW_START = /[ \t]{0,8}\d{1,9}[ \t]{1,8}[a-z]/y;

/** SQL*Plus feedback after `User`: `User created.`, `User altered.`, `User dropped.` */
const SQLPLUS_FEEDBACK = /^(?:created|altered|dropped|granted|revoked)\.?$/i;
/** Schemas Oracle supplies (no customer account): SYS, SYSTEM and the option owners. */
const ORACLE_SUPPLIED_SCHEMA =
  /^(?:SYS|SYSTEM|SYSMAN|DBSNMP|OUTLN|XDB|MDSYS|CTXSYS|ORDSYS|ORDDATA|WMSYS|EXFSYS|OLAPSYS|APEX_\d+|FLOWS_FILES|AUDSYS|GSMADMIN_INTERNAL|LBACSYS|DVSYS|OJVMSYS|APPQOSSYS|DBSFWUSER|REMOTE_SCHEDULER_AGENT|SCOTT|HR|OE|SH|PM|IX|BI)$/;
/** A 64-bit digest in hex (`fly secrets list` DIGEST column). */
const HEX16 = /^[0-9a-f]{16}$/;
/** The heading of `fly secrets list` (flyctl: `NAME  DIGEST  STATUS`, older `NAME  DIGEST  CREATED AT`). */
const DIGEST_HEADING = /^NAME[ \t]+DIGEST[ \t]/m;
/** What a program prints after the word `Password` to report a change or a check (kpasswd, passwd, chage). */
const PASSWORD_STATUS =
  /^(?:changed|updated|expired|expires|accepted|rejected|incorrect|required|mismatch|unchanged|verified|saved|reset|set|ok)[.!]?$/i;
/** pam_ldap(5) `pam_password` values: the scheme a changed password is stored in. */
const PAM_PASSWORD_SCHEME = /^(?:clear|clear_remove_old|crypt|md5|nds|racf|ad|exop|exop_send_old)$/i;

/** Key suffixes that name metadata about a secret, not the secret. */
/** Apache mod_proxy's directives (`ProxyPass "/api/" "balancer://app/api/"`, `ProxyPassReverse`, `ProxyPassMatch`). */
const APACHE_PROXY_PASS = /^ProxyPass(?:Reverse|Match|ReverseCookiePath|ReverseCookieDomain|Inherit|Interpolate)?$/;

const NOT_SECRET_KEY =
  /(?:_|-|\.|^)(?:bypass|file|path|dir|ttl|lifetime|expires?|expiry|timeout|length|len|size|type|algo|algorithm|cost|rounds|min|max|policy|reset|hint|enabled|required|complexity|strength|name|header|field|param|prefix|ttl_s|url|uri|endpoint|id|format|mode|version|count|retries|interval|cache|store|driver|class|providers?|process|accessor|issuer|audience|scope|command|cmd|broker|table|column|guard|connection|stdin|helper|prompt|encryption|days|age|warn|seconds?|secs?|ms|millis|minutes?|mins?|hours?|hrs|backends?|hashers?|engine|manager|handler|strategy|adapter|scheme|maps?|duration|expiration|expires_at|expiry_date|publickeytoken|cert[_-]hash|date|time|timestamp|changed_at|updated_at|created_at|set_at|reset_at|source)$/i;

/**
 * Words that make a capitalised firewall comment a description, not a person (`Allow Monitoring`, `Office VPN`,
 * `Load Balancer`, `GitHub Runners`).
 */
const FIREWALL_COMMENT_WORD =
  /\b(?:Allow|Deny|Block|Drop|Accept|Reject|Permit|Office|VPN|Vpn|Monitoring|Backups?|Servers?|Cluster|Load|Balancer|Health|Check|Admins?|Home|Internal|External|Public|Private|Web|Mail|Database|Bastion|Jump|Hosts?|Gateway|Proxy|Cloudflare|Prometheus|Grafana|Nagios|Zabbix|Docker|Kubernetes|Traffic|Access|SSH|Ssh|HTTPS?|Https?|Temp|Temporary|Legacy|Old|New|Main|Primary|Secondary|Partners?|Vendors?|Customers?|Support|Team|Staff|Dev|Staging|Production|Prod|Test|Rules?|Ports?|Range|Network|Subnet|DNS|Dns|NTP|Ntp|SMTP|Smtp|API|Api|Uptime|Robot|Pingdom|GitHub|Github|GitLab|Gitlab|Jenkins|Runners?|CI|Build|Deploy|Branch|Site|Datacenter|Remote|Guest|WiFi|Wifi|Printers?|Cameras?|IoT|NAS|SFTP|FTP|NFS|Samba|Windows|Linux|Laptop|Desktop|Phone|Mobile|Office365|Azure|AWS|Google)\b/;

/** nginx upstream directives that end in `_pass` but name a backend, not a password (nginx.org/en/docs/dirindex). */
const PASS_DIRECTIVE =
  /(?:^|[_-])(?:proxy|fastcgi|uwsgi|grpc|scgi|memcached)_pass$|^(?:proxy|fastcgi|uwsgi|grpc|scgi|memcached)_pass_/;

/**
 * The placeholders of shipped sample configs: wp-config-sample.php's `put your unique phrase here`, `password_here`,
 * `username_here`, `database_name_here`, exactly, and the `YOUR-ACCESS-KEY(-HERE)` / `YOUR-SECRET-KEY` of MinIO's and
 * cloud SDKs' examples (`your`/`my`, up to three words, then `key`, `secret`, `password`, `token` or `id`). They show an
 * operator that a value was never set; a value merely shaped like the first ones (`real_password_here`) is still a
 * secret.
 */
const SAMPLE_PLACEHOLDER =
  /^(?:put your unique phrase here|password_here|username_here|database_name_here|(?:your|my)[-_ ](?:[a-z]{1,12}[-_ ]){0,3}(?:key|secret|password|token|id)(?:[-_ ]here)?)$/i;

/**
 * An `accept` for a value whose key ends right before it: `keyBefore` (anchored at `$`, key in group 1) is matched on the
 * 80 characters before the value; the value must be plausible and the key must not name metadata (`token_ttl`).
 */
function plausibleUnderSecretKey(keyBefore: RegExp): (v: string, text: string, index: number) => boolean {
  return (v, text, index) => {
    const key = keyBefore.exec(text.slice(Math.max(0, index - 80), index));
    return plausibleSecretValue(v) && !(key && NOT_SECRET_KEY.test(key[1]!));
  };
}

/** Compiled once for {@link plausibleSecretValue}: a regex literal in a function allocates 57 bytes per evaluation. */
const CALL_OPENING = /^[A-Za-z_][\w\\:]{0,63}\($/;

/**
 * The longest quoted value {@link scanValue} reads to its closing quote, and the longest value
 * {@link plausibleSecretValue} accepts, in UTF-16 units.
 */
const QUOTED_VALUE_MAX = 16384;

/**
 * Words that follow the word for user in log messages of {@link REGEX_RULES} `localised-login-word` and are no login:
 * German, Portuguese, Spanish, French, Italian, Dutch and Polish function words and states (`Benutzer nicht gefunden`,
 * `utilizador inexistente`, `usuario bloqueado`).
 */
const LOCAL_LOGIN_STOPWORD: ReadonlySet<string> = new Set(
  (
    'nicht wurde wird ist hat konnte kann existiert unbekannt gesperrt angemeldet abgemeldet erfolgreich ' +
    'nao inexistente invalido bloqueado desconhecido foi tem com para sem e o a de do da ' +
    'no ha fue es con sin desconocido bloqueado el la los las y ' +
    'inconnu introuvable bloque est a ete non et ' +
    'non sconosciuto bloccato ha e il lo ' +
    'niet onbekend bestaat is heeft werd ' +
    'nie jest zostal zablokowany nieznany'
  ).split(' '),
);

/** A batch file's comment (`rem …`, `:: …`). */
const BATCH_COMMENT = /^[ \t]*(?:rem|REM|Rem|::)[ \t]/;

/** Words of the tools and teams that manage files (`managed by Puppet Enterprise`, `maintained by Platform Team`). */
const TOOL_OR_TEAM_WORD: ReadonlySet<string> = new Set(
  "Let's Encrypt Ansible Puppet Chef Salt SaltStack Terraform Helm Kubernetes Flux Argo ArgoCD Tower Enterprise Cloud Team Teams Platform Ops DevOps SRE Infra Infrastructure Operator Controller Manager Engineering IT Support Department Group Automation Script Scripts Bot Jenkins GitLab GitHub Renovate Dependabot Certbot Webmin Plesk cPanel".split(
    ' ',
  ),
);

/** A line that is a comment (`#`, `//`, `;`, `--` first). */
const COMMENT_LINE_START = /^[ \t]*(?:#|\/\/|;|--)/;

/** An XML character or entity reference cut before its `;`. */
const XML_ENTITY_CUT = /&(?:amp|quot|lt|gt|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6})$/;
/** Characters that end a connection-string value inside an XML attribute. */
const XML_VALUE_END = /[;\s"]/;

/**
 * The end of a connection-string value in an XML attribute that began at `s` and was read to `e`: over the `;` of
 * entities (`a&amp;b`, ADO.NET in web.config), or to the closing `&quot;` of a quoted value (`&quot;` doubled is a
 * quote inside, as `""` is in ADO.NET). At most 1 KiB further. @returns `e` when neither applies.
 */
function overXmlEntities(text: string, s: number, e: number): number {
  const stop = Math.min(text.length, s + 1024);
  if (text.startsWith('&quot;', s)) {
    for (let p = s + 6; p < stop;) {
      const q = text.indexOf('&quot;', p);
      if (q < 0 || q >= stop || text.charCodeAt(q - 1) === 10) return e;
      if (!text.startsWith('&quot;', q + 6)) return q + 6;
      p = q + 12;
    }
    return e;
  }
  while (text[e] === ';' && XML_ENTITY_CUT.test(text.slice(Math.max(s, e - 9), e))) {
    let p = e + 1;
    while (p < stop && !XML_VALUE_END.test(text[p]!)) p++;
    if (p === e + 1) break;
    e = p;
  }
  return e;
}

/** The `name` attribute of the XML element whose `value` follows ({@link REGEX_RULES} `xml-name-value-secret`). */
const XML_SETTING_NAME_BEFORE = /\bname="([^"\n]{1,120})"[^<>\n]{0,200}?\bvalue="$/;
/** The end of a setting's name that makes it about a secret, not the secret (`tokenTtl`, `passwordFile`, `secretName`). */
const SECRET_METADATA_NAME_END =
  /(?:ttl|timeout|expiry|expires|expiration|lifetime|length|size|file|path|dir|url|uri|type|name|enabled|policy|mode|header|algorithm|prefix)$/i;

/** A file's path then `:` as `grep -H` starts each line of it with (`/root/.smbcredentials:`). */
const GREP_FILE_PREFIX = /^\/[^\s:]{1,250}:$/;

/** Keys whose string values PHP var_dump() output shows ({@link REGEX_RULES} `php-var-dump-secret`). */
const VAR_DUMP_SECRET_KEYS = [
  'password',
  'passwd',
  'pass',
  'dbpass',
  'db_password',
  'smtppass',
  'smtp_password',
  'secret',
  'api_key',
  'apikey',
  'token',
  'auth_token',
  'access_token',
  'client_secret',
  'private_key',
  'app_key',
  'encryption_key',
];

/** Field names of OAuth token responses (RFC 6749 §5.1) used as a setting's value. */
const TOKEN_FIELD_NAME = /^(?:access|refresh|id)_token$/;
/** `generated` or `created` before `by` and the tool's name. */
const GENERATED_BY = /\b(?:generated|created)\b[^\n]{0,30}by @?$/;

/** The type column of `reg query` output (`REG_SZ`, `REG_BINARY` …, learn.microsoft.com "reg query"). */
const REG_VALUE_TYPE = /^REG_(?:SZ|EXPAND_SZ|MULTI_SZ|BINARY|DWORD|QWORD|NONE)$/;

/** Rejects values that are not secrets: empty, placeholders, variable references, booleans, masks. */
export function plausibleSecretValue(v: string): boolean {
  if (v.length === 0 || v.length > QUOTED_VALUE_MAX) return false;
  // each pattern below starts with a fixed character or bounds the length: tested only when that can hold
  const first = v.charCodeAt(0);
  if (first === 91 /* [ */ && (PLACEHOLDER_RE.test(v) || /^\[[A-Z]+_(?:REDACTED|\d{3,})\]/.test(v))) return false;
  // a mask spelled out between asterisks (Nextcloud `occ config:list`: `***REMOVED SENSITIVE VALUE***`)
  if (first === 42 /* * */ && /^\*{2,}[A-Z][A-Z ]{1,40}\*{2,}$/.test(v)) return false;
  // a function call in the value's place (`file_get_contents('…/salt.txt')` in Drupal's settings.php)
  if (CALL_OPENING.test(v)) return false;
  // a mask some other software already wrote in the secret's place: Rails' `[FILTERED]` parameter filter, `[REDACTED]`,
  // `<hidden>`, asterisks
  if (v.length <= 12 && FOREIGN_MASK.test(v)) return false;
  if (BOOLEAN_LIKE.test(v) || SAMPLE_PLACEHOLDER.test(v) || PRINTED_IN_PLACE.test(v)) return false;
  // the name of a hash scheme in a secret's place (DVC's `hash: md5`, `password_hash: bcrypt`): which one, not a value
  if (v.length <= 14 && HASH_SCHEME_NAME.test(v)) return false;
  // a placeholder in angle brackets where the value goes (Tomcat's sample `password="<must-be-changed>"`)
  if (first === 60 /* < */ && /^<[a-z][a-z -]{1,40}>$/.test(v)) return false;
  // Vault's audit log writes each sensitive value as its HMAC (`hmac-sha256:…`, developer.hashicorp.com/vault/docs/audit)
  if (first === 104 /* h */ && /^hmac-sha256:[0-9a-f]{32,128}$/.test(v)) return false;
  // a PowerShell subexpression in the value's place (`-NewPassword (ConvertTo-SecureString …)`, `(Read-Host …)`)
  if (first === 40 /* ( */ && /^\([A-Z][A-Za-z]{1,15}-[A-Z][A-Za-z]{1,40}$/.test(v)) return false;
  // the configuration passes of Windows Setup (unattend.xml `<settings pass="oobeSystem">`)
  if (WINDOWS_SETUP_PASS.test(v)) return false;
  // the hashes MySQL gives accounts that cannot log in (`*THISISNOTAVALIDPASSWORDTHATCANBEUSEDHERE` for mysql.sys,
  // `$A$005$THISISACOMBINATIONOFINVALIDSALTANDPASSWORDTHATMUSTNEVERBRBEUSED` for caching_sha2_password), and the `x`s the
  // MySQL clients write over a password in their argv (`mysqldump … -pxxxxxxxxxx`, what `ps` then shows)
  if (MYSQL_LOCKED_HASH.test(v) || X_MASK.test(v)) return false;
  // the name of the field a token is read from (Superset `'token_key': 'access_token'`)
  if (first === 97 || first === 114 || first === 105 ? TOKEN_FIELD_NAME.test(v) : false) return false;
  // a .NET type name PowerShell prints for an object it does not expand (`SecurePassword : System.Security.SecureString`)
  if (first === 83 /* S */ && DOTNET_TYPE_NAME.test(v)) return false;
  // Terraform's `(sensitive value)` cut at its blank, Ansible's `no_log` mask, and the modes of Ansible's user modules
  // (`update_password: always`, `on_create`)
  if (v === '(sensitive' || v === 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' || v === 'always' || v === 'on_create')
    return false;
  // `$VAR`, `${VAR}`, `$db_password`: a variable reference, not a value; but `$` then mixed case with a digit
  // (`$Welcome2024`) is a password that starts with `$`
  if (
    first === 36 /* $ */ &&
    /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v) &&
    !(/[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v) && v[1] !== '{')
  )
    return false;
  if (first === 37 /* % */ && /^%\(?[A-Za-z_]+\)?s?%?$/.test(v)) return false;
  // a reference to a stored secret in its place: GlassFish password aliases `${ALIAS=db-pw}`, the JBoss vault
  // `${VAULT::block::attribute::1}`, WildFly expressions `${env.DB_PASS}`
  if (first === 36 && SECRET_STORE_REF.test(v)) return false;
  // Symfony container parameters and env processors in a secret's place (`%kernel.project_dir%/config/jwt/private.pem`)
  // (parameter names are snake_case: `%C47iVz9.sojzKB%` with capitals and digits is a password that starts with `%`)
  if (first === 37 && /^%(?:[a-z_][a-z0-9_.]{0,80}|env\([A-Za-z0-9_:]{1,80}\))%(?:\/\S{0,200})?$/.test(v)) return false;
  if (first === 123 /* { */ && /^\{\{.*\}\}$/.test(v)) return false;
  // a kubectl JSONPath template naming where a token is found (`token-key: '{.credential.access_token}'`)
  if (first === 123 && /^\{\.[A-Za-z0-9_.[\]'"@*-]{1,200}\}$/.test(v)) return false;
  // an SQL bind placeholder or shell positional parameter (`"remember_token" = $1`)
  if (first === 36 && /^\$\d{1,3}$/.test(v)) return false;
  if (v.length <= 3 && /^\d{1,3}$/.test(v)) return false; // ports, counts, booleans as digits
  // the first word of a file type file(1) prints after a key file's name (`/home/ops/.pgpass: ASCII text`)
  if (v.length <= 10 && FILE_TYPE_WORD.test(v)) return false;
  // separators alone (`PASSWORD= = …`, `x == y`): the key's delimiter doubled, not a value
  if ((first === 61 || first === 58) && /^[=:]+$/.test(v)) return false;
  if ((first === 47 || first === 46 || v.includes('/')) && FILE_PATH.test(v)) return false;
  return true;
}

/** First words of file(1) descriptions (`ASCII text`, `OpenSSH private key`, `PEM RSA private key`, `data`). */
const FILE_TYPE_WORD = /^(?:ASCII|UTF-8|Unicode|ISO-8859-\d{1,2}|OpenSSH|PEM|PGP|GPG|gzip|Zip|ELF|JSON|XML|CSV)$/;

/**
 * A file's path in a secret's place (`GOOGLE_APPLICATION_CREDENTIALS=/var/www/app/storage/gcp.json`,
 * `FIREBASE_CREDENTIALS=storage/app/firebase.json`): a path ending in a key/config file extension, or an absolute path
 * of three or more lower-case segments, or any path under a root directory of the Filesystem Hierarchy Standard
 * (`pgpass: /tmp/pgpass0`; the same roots as gitleaks' global allowlist, plus `run`, `srv`, `root`, `mnt`). A password
 * holding a `/` matches none.
 */
const FILE_PATH =
  /^(?:~?\/|\.{1,2}\/)?(?:[\w.@-]+\/)+[\w.@-]+\.(?:json|pem|key|crt|cer|p12|pfx|jks|ya?ml|txt|conf|ini|env|pub|gpg|asc)$|^\/(?:[a-z0-9_.-]+\/){2,}[a-z0-9_.-]+$|^\/(?:bin|etc|home|opt|tmp|usr|var|run|srv|root|mnt)\/[\w.@-]+(?:\/[\w.@-]+)*$/;

/**
 * Fixed logins registries document for token authentication: no person or customer account (GitLab CI
 * `gitlab-ci-token`, Amazon ECR `AWS`, Google `oauth2accesstoken` / `_json_key`, GitHub `x-access-token`, Azure's
 * all-zero GUID).
 */
const REGISTRY_TOKEN_LOGINS = new Set([
  'gitlab-ci-token',
  'aws',
  'oauth2accesstoken',
  '_json_key',
  '_json_key_base64',
  'x-access-token',
  'oauth2',
  'x-oauth-basic',
  'token',
  '00000000-0000-0000-0000-000000000000',
  'iamapikey',
]);

/** Words of group, container and service entries (`CN=Domain Admins`, `CN=Finance Team`): no person. */
const LDAP_GROUP_WORD =
  /\b(?:admins?|administrators?|users|groups?|team|teams|services?|servers?|computers?|domain|staff|all|readers|writers|operators|managers|accounts?|policies|builtin)\b/i;

/** A query-string value decoded (`+` as a blank, then percent-escapes); null when the escapes are not valid UTF-8. */
function decodeQueryValue(v: string): string | null {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/*
 * Command prefixes shared by a rule for the login and a rule for the password of the same command line (each rule
 * captures one value): up to the flag or argument that differs.
 */
/** `docker|podman|helm … login … ` then a flag. */
const REGISTRY_LOGIN = String.raw`\b(?:docker|podman|nerdctl|buildah|skopeo|helm|oras|crane)\b[^\n]{0,40}?\blogin\b[^\n]{0,300}?[ \t]`;
/** Samba clients' `-U [DOMAIN/]` before the login (`-U user%password`). */
const SMB_USER_FLAG = String.raw`\b(?:smbclient|smbget|smbcacls|rpcclient|smbmap)\b[^\n]{0,300}?[ \t](?:-U|--user(?:name)?)[ =]{1,4}['"]?(?:[A-Za-z0-9._-]{1,64}[\\/])?`;
/** FreeRDP clients, up to a `/x:` option. */
const FREERDP = String.raw`\b(?:x|wl|sdl-)?freerdp3?\b[^\n]{0,300}?[ \t]`;
/** `mc alias set ALIAS URL ` before ACCESSKEY SECRETKEY. */
const MINIO_ALIAS = String.raw`\bmc[ \t]{1,4}(?:alias[ \t]{1,4}set|config[ \t]{1,4}host[ \t]{1,4}add)[ \t]{1,4}\S{1,64}[ \t]{1,4}\S{1,512}[ \t]{1,4}`;
/** `define('WP_REDIS_PASSWORD', [` before `'user', 'password'`. */
const WP_REDIS_PAIR = String.raw`WP_REDIS_PASSWORD(['"])[ \t]{0,8},[ \t]{0,8}(?:\[|array\()[ \t]{0,8}['"]`;

/**
 * What stands between a name and its number: `, `, ` (tel. `, ` (` before `+` or a trunk `0`, ` at `, ` / ` (a Xen or
 * vSphere description: `Sofía Ibáñez / +55 11 97058-1199 / sofia@…`).
 */
const NAME_PHONE_SEP =
  '(?:,[ \\t](?:tel\\.?|phone:?|mobile:?)?[ \\t]{0,2}|[ \\t]\\(tel\\.?[ \\t]{0,2}|[ \\t]\\((?=[+0])|[ \\t]at[ \\t]|[ \\t]/[ \\t](?=[+(0]))';
/** Keywords of the rules that read a name and the number after it ({@link NAME_PHONE_SEP}). */
const NAME_PHONE_KEYWORDS = [
  ', +',
  ', (0',
  ', 0',
  ' (tel',
  ' (+',
  ' (0',
  ' at 0',
  ' at +',
  ', tel',
  ', phone',
  ', mobile',
  ' / +',
  ' / (',
  ' / 0',
];
/** A number after a name: a country code or a national trunk prefix `0`, then digit groups. */
// (a digit other than 0 in it: a placeholder already in the text is read as a run of `0`, and `Name / [IP_REDACTED]` is
// no name and number)
const PHONE_AFTER_NAME =
  '(?=[+(\\d][\\d \\t().+-]{0,30}?[1-9])(?:\\+\\d{1,3}|\\(?0\\d{0,4}\\)?)[ \\t.(-]{0,2}\\d[\\d \\t().-]{5,20}\\d';
/**
 * A name and its separator ending a text (the look-back of `phone-after-person`; the `(` needs no look-ahead here, the
 * number follows the text).
 */
/** An e-mail address ending right before a contact number, joined by ` at ` or `, ` (rule `phone-after-email`). */
const EMAIL_BEFORE_PHONE = /@[A-Za-z0-9.-]{1,80}\.[A-Za-z]{2,24}(?:[ \t]+at[ \t]+|, )$/;

const NAME_BEFORE_PHONE = new RegExp(`${NAME_WORDS}${NAME_PHONE_SEP.replace(/\(\?=\[\+\(?0\]\)/g, '')}$`, 'u');

/** Whether a name-shaped text names an office, a line or a team, not a person (`Support Hotline`, `Billing Office`). */
function namesNoPerson(v: string): boolean {
  return v.split(/[ \t]/).some((w) => GENERIC_ADDRESSEE.test(w) || NOT_A_PERSON_WORD.test(w) || ORG_WORD.test(w));
}
/** Words of office, line and company names. */
const ORG_WORD =
  /^(?:hotline|helpline|office|reception|sales|billing|accounts|service|services|center|centre|headquarters|hq|line|emergency|main|company|gmbh|inc|ltd|llc|ag|sa|bv|plc|corp|group|department|dept)$/i;

/** The line {@link lineMentionsAuthentication} looked at last, and its answer (one test per line, not per match). */
let authLine: { text: string; start: number; end: number; answer: boolean } | null = null;

/**
 * True when the line holding `index` speaks of authentication (auth, logon, login, password, NT_STATUS, credential,
 * Kerberos, account). Each line is searched once per payload however many matches it holds: a 1 MiB line of `A\\b`
 * stays linear.
 */
function lineMentionsAuthentication(text: string, index: number): boolean {
  const c = authLine;
  if (c && c.text === text && index >= c.start && index <= c.end) return c.answer;
  const start = text.lastIndexOf('\n', index - 1) + 1;
  let end = text.indexOf('\n', index);
  if (end < 0) end = text.length;
  const answer = /auth|logon|log[ -]?in|password|NT_STATUS|credential|kerberos|account/i.test(text.slice(start, end));
  authLine = { text, start, end, answer };
  return answer;
}

/** Drops the rules' reference to the payload they last looked at (the engine calls it after every payload). */
export function forgetPayload(): void {
  authLine = null;
}

/** True when the line holding `index` also holds an e-mail address or a phone/SMS flag (`--sms`, `--phone`, `--to +…`). */
function lineHasContact(text: string, index: number): boolean {
  const start = lineStartWithin(text, index, 2000);
  const ahead = text.slice(index, index + 2000).indexOf('\n');
  const end = ahead < 0 ? Math.min(text.length, index + 2000) : index + ahead;
  return /[A-Za-z0-9._%+-]@[A-Za-z0-9-]{1,63}\.[A-Za-z]|--(?:sms|phone|mobile|tel|msisdn)\b/.test(
    text.slice(start, end),
  );
}

/** Compiled once for {@link formDecoded}: a regex literal in a function allocates 57 bytes per evaluation. */
const FORM_ENCODED_VALUE = /^[^\s]*(?:\+|%[0-9A-Fa-f]{2})[^\s]*$/;

/**
 * `v` decoded as an `application/x-www-form-urlencoded` value (WHATWG URL §5: `+` is a blank, `%XX` a UTF-8 byte) when
 * it is one word holding `+` or `%XX`; otherwise (or when the escapes are not UTF-8) `v` itself.
 */
function formDecoded(v: string): string {
  if (!FORM_ENCODED_VALUE.test(v)) return v;
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

/** Thread states InnoDB prints where a login would be when the thread has none (`… query id 5 localhost updating`). */
const INNODB_THREAD_STATE =
  /^(?:updating|executing|starting|init|statistics|preparing|end|cleaning|freeing|closing|checking|opening|waiting|sleeping|sending|creating|copying|removing|rolling|sorting|system|NULL)$/i;

/** A number and ` for ` ending a text (the look-back of `person-after-phone`). */
const PHONE_BEFORE_FOR = /(\+?\(?\d[\d ().-]{5,24}\d)[ \t]+for[ \t]+$/;
/** A number ending a text (the look-back of `person-in-parentheses-after-phone`). */
const PHONE_BEFORE_PAREN = /(\+?\(?\d[\d ().-]{5,24}\d)$/;
/** Addressees of a greeting that name no one (`Dear Customer,`, `Hello World,`). */
/** Words that follow `login is` / `username is` in prose but are not logins. */
/** Keys naming one part of a person's name, whose value is one word (`first_name`, `familyName`, `vorname`). */
/** A path of an admin's people list (`/admin/customers`, `/users`, `/patients`) on a request log line. */
const PEOPLE_LIST_PATH =
  /\/(?:admin\/)?(?:customers|users|members|patients|contacts|clients|guests|people|employees|students|subscribers|accounts)\b/;

/** Commands with `_`, `-` or `.` in their names that start crontab lines (`run-parts`, `pg_dump`, `php8.2`). */
const CRON_COMMAND_WORD =
  /^(?:run-parts|pg_dump(?:all)?|pg_basebackup|docker-compose|apt-get|php\d?[\d.]*|python\d?[\d.]*|perl\d?[\d.]*|ruby\d?[\d.]*|node\d*|certbot-auto|mysql_upgrade|logrotate|test|nice|ionice|timeout|flock|sudo)$/;

/** A log level's name (`-l info`, `--log-level debug`). */
const LOG_LEVEL_WORD =
  /^(?:trace|debug|info|notice|warn|warning|error|err|critical|crit|fatal|alert|emerg|verbose|quiet)$/i;

/** Words after `for user` that are no login (`for user accounts`, `for user input`, `for user management`). */
const NOT_A_LOGIN_AFTER_USER =
  /^(?:accounts?|mappings?|lists?|tables?|types?|objects?|entries|entry|quotas?|limits?|preferences|defined|specified|provided|supplied|given|found|exists?|input|data|management|creation|deletion|authentication|authori[sz]ation|access|sessions?|logins?|profiles?|groups?|roles?|info|information|details|settings|records?|ids?|names?|requests?|interface|space|mode|level|agents?|permissions?|lookup|sync|provisioning|registration|shells?|prompts?|attempts?|failures?|events?|tokens?|credentials?|purposes?|only|and|or|the|a|an|in|on|with|to|of|from|by|at|is|was|has|as|via|not|that|this|which|who|id|uid|null|none|unknown|undefined|anonymous|admin|guest|[A-Z][a-z]+)$/;

// (an application's own prefix before it too: `MAGENTO_FIRST_NAME`, `WC_ADMIN_LAST_NAME`)
const NAME_PART_KEY =
  /^(?:[a-z0-9]{1,20}_){0,3}(?:(?:guest|customer|client|patient|member|student|employee|contact|user|holder|billing|shipping|owner|buyer|driver|passenger|traveller|traveler|applicant|tenant|account|cardholder|admin)_?)?(?:first|last|given|family|middle|maiden|sur|vor|nach|f|l)_?name$/i;

/**
 * True when `key` is a bare `name` and a `surname` key follows in the same object (`"name": "Søren", "surname": "Rossi"`,
 * the Zabbix API's user object): the name is then a given name, one word by definition. `after` is the text after the
 * value.
 */
function givenNameBeforeSurname(key: string, after: string): boolean {
  return /^name$/i.test(key) && /^[^{}\n]{0,40}\r?\n?[^{}\n]{0,80}?["']?surname["']?[ \t]{0,4}[=:]/i.test(after);
}

/** A name-part key written with a blank (`First name:` in `ipa user-show`), ending right before a value. */
const SPACED_NAME_PART_BEFORE = /(?:first|last|given|family|middle) name["']?[ \t]{0,4}(?:=>|[=:])[ \t]{0,4}["']?$/i;

/**
 * A login quoted in prose (`my login is oscarj`, `password reset requested for ilse.j`): not a system account, not an
 * ordinary word of such sentences, and login-shaped (a digit, `.`, `_`, `-` or `@` in it, or four or more letters).
 */
function loginInProse(v: string): boolean {
  return !isSystemAccount(v) && !PROSE_AFTER_LOGIN_IS.test(v) && (/[0-9._@-]/.test(v) || v.length >= 4);
}

const PROSE_AFTER_LOGIN_IS =
  /^(?:not|broken|failing|failed|locked|blocked|disabled|expired|working|correct|wrong|invalid|incorrect|still|now|same|different|fine|okay|empty|missing|required|unknown|taken|already|case|the|your|their|this|that|also|just|shown|below|above|here|there|changed|reset|unchanged|valid)$/i;

/** A change to a credential or an access grant, then up to 60 characters, then ` by ` (the look-back of `person-after-credential-action`). */
const CREDENTIAL_ACTION_BEFORE =
  /\b(?:rotated|reset|changed|renewed|revoked|granted|approved|requested|reviewed|started|triggered|initiated|deployed|merged|cancell?ed|paused|resumed|rolled back)\b[^\n]{0,60}?[ \t]by[ \t]{1,4}$/i;

/** First path segments of Comet and W&B site pages (not workspaces). */
const TRACKER_SITE_PATH =
  /^(?:site|docs|api|login|signup|settings|authorize|pricing|blog|organizations|projects|home|site-api|support|fully-connected|reports|registry|artifacts)$/i;

/** Lower-case words after `by` that are no login (`rotated by hand`, `changed by script`). */
const NOT_A_LOGIN_AFTER_BY =
  /^(?:hand|script|cron|ansible|terraform|vault|automation|ci|pipeline|the|a|an|system|default|policy|admin|operator|request|ticket|jenkins|puppet|chef|salt|renovate|dependabot|helm|kubectl|kubeadm|kustomize|docker|certbot|cloud-init|packer|pulumi|github|gitlab|argocd|flux|eksctl|kops|rancher|apt|dpkg|yum|dnf|pip|npm|composer|webpack|django|rails|sphinx|doxygen|autoconf|automake|cmake|make|poetry|cargo|protoc|openapi-generator|swagger-codegen|hugo|jekyll|systemd|netplan|networkmanager|dhclient|resolvconf|mkdocs|bundler|gradle|maven|mix|wp-cli|plesk|cpanel|webmin|letsencrypt|acme\.sh|aws|gcloud|azure|az)$/;

/** Words of tool, bot and team names that follow `by` (`rotated by Vault Agent`, `approved by Change Board`). */
const NOT_A_PERSON_WORD =
  /^(?:bot|agent|automation|pipeline|jenkins|github|gitlab|actions?|renovate|dependabot|terraform|ansible|vault|cron|system|service|board|committee|policy|job|script|ci|cd|cloud|platform|security|it|sre|infra|helpdesk|desk|scheduler|scheduled|schedule|timer|manual|webhook|hook|release|deploy|build|worker|daemon|systemd|kubernetes|argo|argocd|flux|spinnaker|octopus|user|admin)$/i;

const GENERIC_ADDRESSEE =
  /^(?:customers?|clients?|users?|team|all|everyone|everybody|there|world|sir|madam|friends?|members?|guests?|admins?|administrators?|support|colleagues?|folks|partners?|valued|applicants?|subscribers?|developers?|webmaster|postmaster|hostmaster|tenants?|ops|devops|sysadmins?|readers?|visitors?|owners?|managers?|recipients?|students?|patients?|buyers?|sellers?|merchants?|vendors?|suppliers?|shoppers?|travell?ers?|hosts?|participants?|attendees?|candidates?|teams?|staff|operators?|maintainers?|contributors?|engineers?|moderators?)$/i;

/** `dc=` labels that name no organisation (directory defaults and documentation examples). */
const GENERIC_DC_LABEL = new Set([
  'example',
  'domain',
  'company',
  'local',
  'localdomain',
  'corp',
  'ad',
  'my-domain',
  'samdom',
]);

/**
 * Whether a `user:password` pair starts at `userStart` after an auth-named key: the key's name ends at that `auth`,
 * `creds` word (`wsrep_sst_auth`, `BASIC_AUTH`, `HTTP_BASIC_AUTH`, `API_CREDS`) and is not about a mode or a URL.
 */
function credentialPairAt(text: string, userStart: number, user: string): boolean {
  if (user && /^(?:https?|ftp|s3|file|basic|bearer|digest|oauth2?|none|true|false)$/i.test(user)) return false;
  // walked back by hand (quote, blanks, `=` or `:`, blanks, quote, the key): a regex over the line's end cost time
  // proportional to the line for every pair on it
  let i = userStart;
  if (text[i - 1] === '"' || text[i - 1] === "'") i--;
  while (i > 0 && userStart - i < 16 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (text[i - 1] !== '=' && text[i - 1] !== ':') return false;
  i--;
  while (i > 0 && userStart - i < 64 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (text[i - 1] === '"' || text[i - 1] === "'") i--;
  const keyEnd = i;
  while (i > 0 && keyEnd - i < 80 && KEY_CHAR[text.charCodeAt(i - 1)] === 1) i--;
  const key = text.slice(i, keyEnd);
  if (!/(?:auth|creds|userpass|user_pass|basicauth\.users)$/i.test(key)) return false;
  return !/(?:^|[_.-])(?:o?auth[_.-]?(?:mode|type|method|url|uri|provider|driver|plugin|enabled|backend|source|header|realm|scheme))$/i.test(
    key,
  );
}

/** Start of the login that ends at the `:` at `colon` (login characters walked back, at most 64). */
function pairUserStart(text: string, colon: number): number {
  let i = colon;
  while (i > 0 && colon - i < 64 && LOGIN_CHAR[text.charCodeAt(i - 1)] === 1) i--;
  return i;
}
const LOGIN_CHAR = charTable('A-Za-z0-9._@-');

/** A password after `user:` in a pair: not a port, not a path, and not a plain lower-case word (`oauth:google`). */
function plausiblePairPassword(v: string): boolean {
  if (!plausibleSecretValue(v) || /^\d{1,5}$/.test(v) || v.startsWith('/')) return false;
  return v.length >= 8 || /[^a-z]/.test(v);
}

/** Whether `text[i]` is whitespace as the regex `\s` defines it (ASCII by table). */
function isSpace(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? SPACE[c] === 1 : /\s/.test(text[i]!);
}
const SPACE = charTable(' \t\n\v\f\r');

/** Characters of a key name: `A-Z a-z 0-9 _ . -`. */
const KEY_CHAR = charTable('A-Za-z0-9_.-');
/** Characters that end a bare value: ASCII white space (as `\s`), quotes, backtick, angle brackets. */
const TOKEN_STOP = charTable(' \t\n\v\f\r"\'`<>');
/** Punctuation trimmed from the end of a bare value. */
const TRAILING_PUNCT = charTable(',;)&]}');

/** Scans a value starting at `p`: quoted (with backslash escapes) or bare, per `mode`. Returns [start, end). */
export function scanValue(
  text: string,
  p: number,
  mode: 'eol' | 'token' | 'word' | 'json-string' | 'property',
  limit = mode === 'token' || mode === 'word' || mode === 'property' ? 1024 : 4096,
): [number, number] | null {
  const n = Math.min(text.length, p + limit);
  const c = text[p];
  // Grafana's ini and Python's configparser-style files quote a value holding `#` or `;` in triple quotes
  // (grafana.com/docs/grafana/latest/setup-grafana/configure-grafana: `password = """#password;"""`)
  if (c === '"' && text.startsWith('"""', p)) {
    const close = text.indexOf('"""', p + 3);
    const nl = text.indexOf('\n', p);
    if (close > p + 3 && close < n && (nl < 0 || close < nl)) return [p + 3, close];
  }
  if (c === '"' || c === "'") {
    // (a quoted value is read to its closing quote on its line, up to 16 KiB: registry tokens such as ECR's run to
    // 2–3 KB, and a limit shorter than the value left all of it in the clear)
    const qn = Math.min(text.length, p + Math.max(limit, QUOTED_VALUE_MAX));
    let i = p + 1;
    while (i < qn && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    if (i < qn && text[i] === c) return [p + 1, i];
    // no closing quote: in a JSON string or a whole word the quote is the value's first character
    // (`"SESSION_SECRET='7Yg8…"`, `--db-pass 'x…`); elsewhere nothing is taken
    if (mode !== 'json-string' && mode !== 'word') return null;
  }
  if (mode === 'json-string') {
    let i = p;
    while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    return [p, Math.min(i, n)];
  }
  let i = p;
  if (mode === 'eol') {
    // character codes, not one-character strings: this walk was a third of the scanner's time on config payloads
    for (let ch = text.charCodeAt(i); i < n && ch !== 10 && ch !== 13; ch = text.charCodeAt(++i));
    let e = i;
    while (e > p && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
    // a trailing " # comment" in conf/YAML: the first `#` with whitespace either side, the whitespace before it after p
    // (searched within the value only, so the cost stays linear in the value)
    for (let h = p + 1; h + 1 < e; h++)
      if (text.charCodeAt(h) === 35 /* # */ && isSpace(text, h - 1) && isSpace(text, h + 1)) {
        if (h - 1 > p) e = h - 1;
        break;
      }
    return [p, e];
  }
  if (mode === 'property') {
    for (; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 59 /* ; */ || (ch < 128 ? TOKEN_STOP[ch] === 1 : /\s/.test(text[i]!))) break;
    }
    return i > p ? [p, i] : null;
  }
  if (mode === 'word') {
    // a whole whitespace-delimited word: CLI flag values and conf directives (`requirepass <8[}mthB`, `-p-F6sN,I+k`)
    for (; i < n; i++) if (isSpace(text, i)) break;
    return i > p ? [p, i] : null;
  }
  for (; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 128 ? TOKEN_STOP[ch] === 1 : /\s/.test(text[i]!)) break;
  }
  let e = i;
  while (e > p && TRAILING_PUNCT[text.charCodeAt(e - 1)] === 1) e--;
  // mid-line values end at `&` (query strings) and `,` (dict/log separators) when followed by a key
  // (the value is sliced for the search only when it holds a `&` or `,` at all)
  let sep = p;
  while (sep < e && text.charCodeAt(sep) !== 38 && text.charCodeAt(sep) !== 44) sep++;
  if (sep < e) {
    const cut = text.slice(p, e).search(/[&,](?=[A-Za-z_][A-Za-z0-9_.-]{0,40}[=:])/);
    if (cut > 0) e = p + cut;
  }
  return [p, e];
}

/** Compiled once for {@link keyValueSecrets}: a regex literal in a function allocates 57 bytes per evaluation. */
const POSTMAN_TOKEN_KEY = /^postman-token$/i;
const YAML_BLOCK_START = /^(?:[{[]|[|>][-+]?)$/;
const JSON_OPENING_ONLY = /^[{}[\],]+$/;
const YAML_TAG_BEFORE_BLOCK = /^![A-Za-z][\w-]{0,40}[ \t]+[|>][-+]?$/;
const DECODING_CALL = /^(?:sodium_hex2bin|hex2bin|base64_decode|str_rot13|rawurldecode|urldecode|\[\]byte)\($/;
const JSON_SCALAR_ITEM = /^(?:true|false|null|nil|None|undefined|-?\d+(?:\.\d+)?),$/;
const ASTERISK_MASK_END = /\*{4,}$/;
/** A value masked but for its last characters (`aws configure list`: `access_key ****************ABCD`). */
const ASTERISK_MASK_START = /^\*{8,}[A-Za-z0-9]{0,6}$/;
/** base64 of `00000000-0000-0000-0000-000000000000:`, the login Azure Container Registry writes for token logins. */
const NULL_GUID_LOGIN_BASE64 = Buffer.from('00000000-0000-0000-0000-000000000000:').toString('base64');
/** A field's name in snake case (`card_number`, `remote_addr`). */
const SNAKE_CASE_FIELD = /^[a-z]+(?:_[a-z]+)+$/;
/** The value test of `bind-pair-secret`: plausible as a secret under the key before it. */
const bindPairValue = plausibleUnderSecretKey(/([A-Za-z0-9_.-]{1,60})["'][ \t]{0,4},[ \t]{0,4}["']$/);
/** `+` and a dotted quad: an added line of a diff that starts with an IPv4 address. */
const DOTTED_QUAD_AFTER_PLUS = /^\+\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/**
 * `v` with OpenSSL's `\\XX` byte escapes (x509 `-nameopt` default `esc_msb`) decoded as UTF-8.
 * @returns the decoded text, or null when a byte sequence is not valid UTF-8.
 */
function decodeOpensslEscapes(v: string): string | null {
  const bytes = Buffer.from(
    v.replace(/\\([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  );
  const text = bytes.toString('utf8');
  return text.includes('\ufffd') ? null : text;
}
/** A constant of a program in capitals and underscores, maybe closing its expression (`API_KEY}`, `SECRET_TOKEN)`). */
const CODE_CONSTANT_REFERENCE = /^[A-Z][A-Z0-9]*(?:_[A-Z]+)+[})\]]?$/;
/** Blanks, `=`, blanks and no path after a key (`PWD = q-4=h7…` in odbc.ini); sticky, see {@link paddedEqualsAt}. */
const PADDED_EQUALS = /[ \t]{1,20}=[ \t]{1,20}[^\s/~]/y;

/** @returns whether {@link PADDED_EQUALS} matches at index `at` of `text`. */
function paddedEqualsAt(text: string, at: number): boolean {
  PADDED_EQUALS.lastIndex = at;
  return PADDED_EQUALS.test(text);
}
/** DigitalOcean's default droplet name: image, size slug, region, number (`ubuntu-s-2vcpu-4gb-fra1-01`). */
const DEFAULT_DROPLET_NAME = /^[a-z]+-s-\d{1,2}vcpu-\d{1,3}gb(?:-[a-z0-9]{2,12})?-[a-z]{3}\d-\d{2}$/;
/** An HTTP request method (RFC 9110 §9). */
const HTTP_METHOD = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;
/** A shell variable's expansion, quoted or not (`"$DB_PASS"`, `${MYSQL_PWD}`): the script's text, not a value. */
const SHELL_VARIABLE_REFERENCE = /^(["']?)\$\{?[A-Za-z_][A-Za-z0-9_]*\}?\1$/;
const DSN_KEY = /dsn$/i;
const LOWER_WORD = /^[a-z]{2,20}$/;
const LINE_NUMBER_PREFIX = /^\d{1,7}:/;
const ACCESS_KEY_ID_KEY = /access[_-]?key[_-]?id$/i;

/**
 * Key/value secrets in .env, shell, YAML, JSON, INI, TOML, properties, docker env arrays, PHP arrays, query strings
 * and command-line flags (`--password=`, `--db-pass value`). Source: OWASP Secrets Management Cheat Sheet key names,
 * gitleaks `generic-api-key` key list (MIT), and the config formats of shared/corpus/README.md families.
 */
export const keyValueSecrets: Scanner = (text, emit, keywordEnds) => {
  // whether the text holds a `NAME  DIGEST` table heading: looked up once, when a value first needs it
  let digestTable: boolean | undefined;
  // keyword-led: every match holds a SECRET_KEYWORDS hit at most KV_LEAD characters after its start, so with the
  // hits known the regex starts near each one instead of testing its alternation at every position of the text; the
  // matches are the same as one scan from the start. The key's prefix is walked by hand.
  const re = KV_RE;
  re.lastIndex = 0;
  let h = 0;
  for (;;) {
    if (keywordEnds) {
      while (h < keywordEnds.length && keywordEnds[h]! <= re.lastIndex) h++;
      if (h === keywordEnds.length) return;
      re.lastIndex = Math.max(re.lastIndex, keywordEnds[h]! - KV_LEAD);
    }
    const m = re.exec(text);
    if (!m) return;
    // no skip inside the previous value: a key-looking word there proposes its own candidate, which loses to the longer
    // enclosing value in resolve() — unless that value itself loses (then this one still counts: idempotence)
    const q2 = m[1]!;
    const sep = m[3]!;
    let ks = m.index;
    while (ks > 0 && m.index - ks < 60 && KEY_CHAR[text.charCodeAt(ks - 1)] === 1) ks--;
    let q1 = '';
    let pre = text[ks - 1] ?? '';
    // a configuration path with `:` between its sections (.NET `"Twilio:AuthToken": "…"` in secrets.json and
    // `dotnet user-secrets list --json`): the quote opens the whole path
    if (pre === ':' && q2 !== '') {
      let p0 = ks - 1;
      while (p0 > 0 && ks - p0 < 120 && /[A-Za-z0-9_.:-]/.test(text[p0 - 1]!)) p0--;
      if (text[p0 - 1] === q2) pre = q2;
    }
    if (pre === '"' || pre === "'") {
      q1 = pre;
      pre = text[ks - 2] ?? '';
    }
    // the key is the match's leading run of key characters (the quote, blanks and separator after it are not)
    let keyEnd = m.index;
    while (KEY_CHAR[text.charCodeAt(keyEnd)] === 1) keyEnd++;
    const key = text.slice(ks, keyEnd);
    if (key.length === 0) continue;
    // `grep -H` naming a credentials file before each of its lines (`/root/.smbcredentials:username=jdoe`): the file's
    // lines are read on their own by the prefixed-line pass, the file name is no key
    if (sep === ':' && GREP_FILE_PREFIX.test(text.slice(lineStartWithin(text, ks, 300), keyEnd + 1))) continue;
    // nginx's `*_pass` directives are lower case and take their backend after a blank; `PROXY_PASSWORD=` /
    // `MEMCACHED_PASSWORD=` are environment secrets, and `proxy_pass = …` (New Relic's newrelic.ini) is a password
    if (
      ((NOT_SECRET_KEY.test(key) || (CAMEL_KEY.test(key) && NOT_SECRET_KEY.test(key.replace(CAMEL_HUMP, '$1_$2')))) &&
        !ACCESS_KEY_ID_KEY.test(key) &&
        !VAULT_SECRET_ID_KEY.test(key)) ||
      (((PASS_DIRECTIVE.test(key) && key === key.toLowerCase()) || APACHE_PROXY_PASS.test(key)) &&
        (sep === ' ' || sep === '\t'))
    )
      continue;
    // the shell's working directory (sudo logs, env), not a password — but PayPal's NVP API names the password `PWD`
    // in a query string (`USER=…&PWD=…&SIGNATURE=…`), where the value is no path
    // (an ODBC data source in odbc.ini pads the key: `PWD = …`, never a shell's `PWD=`; unixODBC odbc.ini(5))
    if ((key === 'PWD' || key === 'OLDPWD') && pre !== '&' && !(key === 'PWD' && paddedEqualsAt(text, keyEnd)))
      continue;
    // a message about a password, not a setting (Cisco ASA: `reason = Invalid password : local database`)
    // (the word before is read only after a blank that follows a letter: indentation allocates nothing)
    if ((pre === ' ' || pre === '\t') && LETTER_BEFORE.test(text[ks - 2] ?? '')) {
      let w = ks - 1;
      while (w > 0 && ks - 1 - w < 10 && LETTER_BEFORE.test(text[w - 1]!)) w--;
      if (MESSAGE_WORDS.has(text.slice(w, ks - 1).toLowerCase())) continue;
    }
    // BuildKit's build check warning names a rule, not a secret (docs.docker.com/reference/build-checks)
    if (key === 'SecretsUsedInArgOrEnv') continue;
    // Postman's `Postman-Token` request header is a fresh UUID per request that busts caches, not a credential
    if (POSTMAN_TOKEN_KEY.test(key)) continue;
    // sudoers tags (`(ALL) NOPASSWD: ALL`, sudoers(5)) name a rule's options, not a password
    // (Gitea's app.ini writes the mail and database passwords as `PASSWD = …`)
    if ((key === 'NOPASSWD' || key === 'PASSWD') && sep === ':') continue;
    // Postfix's delivery status `dsn=2.0.0` (an RFC 3463 enhanced status code), not a data source name
    if (
      key === 'dsn' &&
      /^[245]\.\d{1,3}\.\d{1,3}\b/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8))
    )
      continue;
    const keyStart = q1 ? ks - 1 : ks;
    const isFlag = key.startsWith('-');
    // whitespace as separator only for CLI flags, header names and conf directives at line start
    // a `.env` file held in one quoted string (a ConfigMap's `.env: "A=1\r\nDB_PASSWORD=…"`, JSON-escaped env files):
    // an escaped newline starts a line too, and the value ends at the next escape
    const escapedLine = afterEscapedNewline(text, keyStart);
    // `composer config --list` prints `[http-basic.repo.example.com.password] value`: the bracket opens the line
    const atLineStart =
      escapedLine || isLineStart(text, keyStart) || (pre === '[' && text[keyEnd] === ']' && isLineStart(text, ks - 1));
    if ((sep === ' ' || sep === '\t') && !isFlag && !atLineStart) continue;
    // a sentence that starts with the key word (`Password successfully updated for user …`), not a directive and its value
    if (
      (sep === ' ' || sep === '\t') &&
      !isFlag &&
      /^[A-Za-z]{2,20}[ \t]+[A-Za-z]{2,20}[ \t]+[A-Za-z]{2,20}/.test(
        text.slice(m.index + m[0].length, m.index + m[0].length + 64),
      )
    )
      continue;
    const last = text.charCodeAt(m.index + m[0].length - 1);
    if (
      sep === ':' &&
      last !== 32 &&
      last !== 9 &&
      !q1 &&
      /\S/.test(text[m.index + m[0].length] ?? '') &&
      !atLineStart &&
      !(isFlag && m[2]!.length > 0) &&
      !kvStorePathKey(text, ks) &&
      !goPrintedField(text, ks, key)
    ) {
      // `key:value` without a space mid-line: a URL scheme, a time, a field path — skip
      continue;
    }
    // a whole assignment in single quotes is how `set -x` (bash's xtrace) prints an argument holding shell-special
    // characters (`+ export 'PGPASSWORD=R2f4p!Gz'`, `+ mysqldump '--password=Phoenix2025?'`): the value runs to the
    // closing quote, an embedded quote written `'\''`
    if (q1 === "'" && q2 === '' && sep === '=') {
      let c = text.indexOf("'", m.index + m[0].length);
      while (c >= 0 && text.startsWith("'\\''", c) && c - m.index < 1024) c = text.indexOf("'", c + 4);
      const s = m.index + m[0].length;
      if (c > s && c - s <= 1024 && !text.slice(s, c).includes('\n') && plausibleSecretValue(text.slice(s, c)))
        emit({ start: s, end: c, category: 'PASSWORD', rule: 'key-value-secret', priority: 70 });
      continue;
    }
    if (q1 !== q2 && !(pre === '"' || q1 === '"')) continue;
    let p = m.index + m[0].length;
    // `--db-pass :a?s,…`: a flag, a blank, then a value that starts with `:` (the pattern took the `:` for a separator)
    if (isFlag && sep === ':' && m[2]!.length > 0) p = m.index + m[0].lastIndexOf(':');
    let mode: 'eol' | 'token' | 'word' | 'json-string' | 'property' = 'token';
    // `…;User ID=x;Password=Kt!gQ,Ww=i;Encrypt=True;`: in a `;`-separated property list (ADO.NET, ODBC, JDBC) a value ends
    // at the next `;`, whatever `,` or `=` it holds
    if (pre === ';' && !q1 && sep === '=') mode = 'property';
    else if ((pre === '"' || q1 === '"') && q2 === '' && sep === '=') mode = 'json-string';
    else if (atLineStart && !isFlag && sep !== ' ' && sep !== '\t') mode = 'eol';
    // a flag's value and a conf directive's (`masterauth x`) end only at white space: `<`, `,` and quotes are theirs
    else if (isFlag || (atLineStart && (sep === ' ' || sep === '\t'))) mode = 'word';
    const span = scanValue(text, p, mode);
    if (!span) continue;
    let [s, e] = span;
    if (escapedLine) {
      const cut = text.slice(s, e).search(/\\[rnt"]|"/);
      if (cut >= 0) e = s + cut;
      if (e <= s) continue;
    }
    let v = text.slice(s, e);
    if (mode === 'eol' && YAML_BLOCK_START.test(v)) continue;
    // a padded table row named for a secret (Symfony `debug:container --env-vars`: `APP_SECRET   n/a   "9e14…"`,
    // `debug:dotenv`, `secrets:list --reveal`): each cell after the name that looks like a secret, quotes removed
    if ((sep === ' ' || sep === '\t') && atLineStart && ENV_NAME.test(key) && text.startsWith('  ', e)) {
      paddedSecretCells(text, s, emit);
      continue;
    }
    // a time stamp (`token_obtained_at = 2024-10-03T23:45:55Z`, GitLab Runner's config.toml)
    if (ISO_TIMESTAMP.test(v)) continue;
    // a call that asks for it (mongosh `pwd: passwordPrompt(),`, Python `getpass()`), and 1Password's note in place of
    // a concealed field (`op item get`: `[use 'op item get … --reveal' to reveal]`)
    if (EMPTY_CALL.test(v) || v.startsWith("[use 'op item get ")) continue;
    // a note in parentheses after the word (`Password (will be hidden):`, `password (optional)`), not a value
    if ((sep === ' ' || sep === '\t') && v.startsWith('(')) continue;
    // a status after the word (`Password changed.` from kpasswd, `Password expired`), not a blank-separated value
    if ((sep === ' ' || sep === '\t') && PASSWORD_STATUS.test(v)) continue;
    // `fly secrets list` prints each secret's digest under a `NAME  DIGEST` heading, never the value
    if ((sep === ' ' || sep === '\t') && HEX16.test(v) && (digestTable ??= DIGEST_HEADING.test(text))) continue;
    // nss_ldap / pam_ldap's `pam_password md5` picks the hash scheme of password changes (pam_ldap(5))
    if (key.toLowerCase() === 'pam_password' && PAM_PASSWORD_SCHEME.test(v)) continue;
    // a message after a program's name (`passwd: password updated successfully`): a lower-case word, then more words
    if (sep === ':' && LOWER_WORD.test(v) && /^ [a-z]{2,20} [a-z]{2,20}/.test(text.slice(e, e + 48))) continue;
    // a test runner's result line (Jest ` PASS  src/app.test.js (5.2 s)`), not an FTP password
    if (key === 'PASS' && (sep === ' ' || sep === '\t') && /\/|\.(?:[cm]?[jt]sx?|py|rb|go|php)$/.test(v)) continue; // YAML block/flow start: nested values scanned separately
    // a key named in prose, its `=` then a blank and a word (`Http Client Body contains pass= in cleartext`)
    if (sep === '=' && p > m.index + m[0].length - 1 && isSpace(text, p - 1) && PROSE_WORD.test(v)) continue;
    // a value the program masked itself (Jupyter's `GET /?token=[secret]`: the value stops before the `]`)
    if (v.charCodeAt(0) === 91 /* [ */ && FOREIGN_MASK.test(`${v}]`)) continue;
    // an empty or opening JSON object or list (`"gitlab-token": {},`), or a YAML tag before a block (Ansible's
    // `password: !vault |`, whose encrypted body is not the password)
    if (JSON_OPENING_ONLY.test(v) || YAML_TAG_BEFORE_BLOCK.test(v)) continue;
    // an object holding the value (Spring Boot Actuator `/env`: `"spring.mail.password": {"value": "******"}`): the
    // `actuator-env-secret` rule reads its `value`
    if (v.charCodeAt(0) === 123 /* { */ && /^\{\s{0,4}"value"\s{0,4}:/.test(v)) continue;
    // a JSON object held in a string (`"SecretString": "{\"username\":\"…\",\"password\":\"…\"}"`, AWS Secrets
    // Manager): its own keys are read by these rules, so the structure (engine, port) stays readable
    if (v.startsWith('{\\"') && /^\{\\"[A-Za-z_][\w.-]{0,60}\\":/.test(v)) continue;
    // `--flag --next`: the next flag, not a value (after `=` a leading `-` is the value's: `-Dx.password=-xA,*4`)
    // the same for a line-start word (`htpasswd -b file …` is a command and its flags, not a directive and its value)
    // a flag is letters, digits, `-` and `_` (`--queue`, `-b`, `--no-color=x`); a value with other punctuation after
    // its leading `-` is a password (`--db-pass -N&Vq,69I`, `requirepass -Kq7Z.s9h!`)
    if ((isFlag || atLineStart) && (sep === ' ' || sep === '\t') && /^-{1,2}[A-Za-z][A-Za-z0-9_-]*(?:=\S*)?$/.test(v))
      continue;
    // a flag named in prose (`WARNING! Using --password via the CLI is insecure.`, docker and helm)
    if (
      isFlag &&
      (sep === ' ' || sep === '\t') &&
      /^(?:via|is|and|or|for|on|the|to|in|of|with|from|flag|option)$/i.test(v)
    )
      continue;
    // a file that holds the credentials (mount.cifs `credentials=/root/.smbcredentials`, `credentials_file`)
    if (CREDENTIALS_KEY.test(key) && ABSOLUTE_PATH.test(v)) continue;
    // a data source name without an address (Symfony's `LOCK_DSN=flock`, `semaphore`): a store's name, no credential
    if (DSN_KEY.test(key) && BARE_WORD.test(v)) continue;
    // the name of the environment variable that holds the secret (node-config's custom-environment-variables.json:
    // `"password": "DB_PASSWORD"`), and a query that reads it (Dovecot's `password_query = SELECT …`)
    if (SECRET_ENV_NAME.test(v) || SQL_QUERY_VALUE.test(v)) continue;
    // a header row of tab-separated output (`mysql -B`: `session_key<TAB>expire_date<TAB>user_email`): a column name
    // after the key's, then another tab
    if (sep === '\t' && text.charCodeAt(e) === 9 && COLUMN_NAME.test(v)) continue;
    // a list of variable names (`printenv | cut -d= -f1 | column`): an upper-case name after an upper-case name
    if ((sep === ' ' || sep === '\t') && ENV_NAME.test(key) && ENV_NAME.test(v)) continue;
    // an OpenPGP key named by its id or fingerprint (duplicity `--encrypt-key 59285C95`, duply `GPG_KEY=…`) is public
    if (PGP_KEY_NAME.test(key) && /^(?:0x)?(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{16}|[0-9A-Fa-f]{40})$/.test(v)) continue;
    // a blank after the key, then a word and a separator: one name in several words (`Password inactive : never`,
    // `Password last set:` in chage(1) and pdbedit), or prose (`password verification failed`)
    if (
      (sep === ' ' || sep === '\t') &&
      !isFlag &&
      (MULTIWORD_KEY_REST.test(text.slice(e, e + 48)) ||
        PROSE_WORD.test(v) ||
        // a name, blanks and a URL: a listing's row (`az keyvault secret list`: `RedisPassword  https://…/secrets/…`);
        // credentials inside a URL are the connection-string rules'
        /^https?:\/\//.test(v) ||
        ALIGNED_CELLS_AFTER.test(text.slice(e, e + 48)) ||
        // a padded label of words, then its value (`net user <login>`: `Password last set            1/4/2025 …`)
        (/^[a-z]{2,20}$/.test(v) && PADDED_LABEL_REST.test(text.slice(e, e + 40))))
    )
      continue;
    // a table's column separator (psql `\x` output: `rolpassword | SCRAM-…`), not a value: the hash rule reads on
    if (v === '|') continue;
    // a decoding call around the literal (phpMyAdmin `$cfg['blowfish_secret'] = sodium_hex2bin('…')`): the literal
    if (DECODING_CALL.test(v) && /['"]/.test(text[e] ?? '')) {
      const inner = scanValue(text, e, 'token');
      if (!inner) continue;
      [s, e] = inner;
      v = text.slice(s, e);
    }
    // gdb prints a `char *` member as its address and then the string (`db_password = 0x55b2241e2b99 "…"`)
    if (v.charCodeAt(0) === 48 && /^0x[0-9a-f]{4,16},?$/.test(v) && text.startsWith(' "', s + v.length)) {
      const inner = scanValue(text, s + v.length + 1, 'token');
      if (!inner) continue;
      [s, e] = inner;
      v = text.slice(s, e);
    }
    if (v === 'echo') {
      // --password-command echo VALUE
      const next = scanValue(text, e + 1, 'token');
      if (!next) continue;
      [s, e] = next;
      v = text.slice(s, e);
    }
    // a registry value's type before the value (`reg query`: `    Password    REG_SZ    …`), and PowerShell's
    // conversion before the literal (`$Password = ConvertTo-SecureString "…" -AsPlainText -Force`)
    if (REG_VALUE_TYPE.test(v) || v === 'ConvertTo-SecureString') {
      let p = e;
      while (text[p] === ' ' || text[p] === '\t') p++;
      if (v !== 'ConvertTo-SecureString' && text.charCodeAt(p) === 10) continue;
      if (text.startsWith('-String ', p)) p += 8;
      const next = scanValue(text, p, text[p] === '"' || text[p] === "'" ? 'token' : 'word');
      if (!next || next[1] <= next[0]) continue;
      [s, e] = next;
      v = text.slice(s, e);
    }
    // in an XML attribute a value read to `;` may have stopped inside an entity (`Password=a&amp;b;` in a web.config
    // connection string) or be quoted by the connection string (`Password=&quot;…&quot;`)
    if (v.charCodeAt(0) === 38 /* & */ || (text[e] === ';' && v.includes('&'))) {
      const e2 = overXmlEntities(text, s, e);
      if (e2 !== e) {
        e = e2;
        v = text.slice(s, e);
      }
    }
    if (!plausibleSecretValue(v) || isSealedSecretValue(v)) continue;
    // a sample that names the setting as its value (iscsid.conf: `#node.session.auth.password_in = password_in`)
    if (key.includes('.') && key.slice(key.lastIndexOf('.') + 1) === v) continue;
    // code that names the secret instead of holding it, as `grep -rn password` prints it: a constant or variable ending a
    // statement (`$mail->Password = SMTP_PASSWORD;`, `this.token = token;`), an object's member (`$this->…`, `self.…`),
    // a CI expression (`${{ secrets.REGISTRY_PASSWORD }}`), a function, object literal or template (`function(…)`,
    // `() => …`, `{type: …}`, `` `Bearer ${token}` ``; Gitea's INI quotes a password in backticks), a Ruby symbol (`has_secure_token :api_token`), a generator call
    // (`bin2hex(random_bytes(32))`), and the line number after a file named for the key (`bcrypt/password.rb:45:`)
    if (looksLikeCodeReference(v, text, s, e, sep)) continue;
    // `grep -rn` naming a file for the key, then the line number and the line (`k8s/secret.yaml:2:kind: Secret`)
    if (sep === ':' && LINE_NUMBER_PREFIX.test(v) && /\.[A-Za-z0-9]{1,8}$/.test(key)) continue;
    // a call (`os.getenv("DB_PASS", "fallback")`, `fmt.Sprintf("%s:%s@tcp(%s)/%s", …)`, `flag.String("password", …)`):
    // only a literal argument that looks like a secret (a default), not a format, a name or a description
    // (the call may end its item or statement: `'password' => env('REDIS_PASSWORD'),`, `os.Getenv("API_TOKEN"),`)
    if (CALL_END.test(v) && /^[A-Za-z_$][\w.$]{0,60}\(/.test(v) && /["']/.test(v)) {
      const lit = secretLiteralIn(v);
      if (!lit) continue;
      e = s + lit[1];
      s += lit[0];
      v = text.slice(s, e);
    }
    // a JSON boolean, null or number before its comma (`"can-use-api-keys": true,`), a token some tool already masked
    // (`gh auth status`: `Token: gho_************`), and the second word of a name in two words (`Credential kind: …`)
    if (JSON_SCALAR_ITEM.test(v) || ASTERISK_MASK_END.test(v) || ASTERISK_MASK_START.test(v)) continue;
    // a request line after the word (`requesting OAuth token: GET https://…`): the method, not a token
    if (HTTP_METHOD.test(v) && text.startsWith(' http', e)) continue;
    if ((sep === ' ' || sep === '\t') && /^[A-Za-z]{2,20}:$/.test(v)) continue;
    // a DSN without credentials (Symfony `MAILER_DSN=null://null`, `doctrine://default?auto_setup=0`): the connection
    // string rule reads those that hold a user and password
    if (DSN_KEY.test(key) && /^[a-z][a-z0-9+.-]{0,30}:\/\/[^@\s]*$/.test(v)) continue;
    emit({ start: s, end: e, category: secretCategoryOfKey(key), rule: 'key-value-secret', priority: 70 });
  }
};

/**
 * Upper bound on (end of a SECRET_KEYWORDS hit) − (start of the KV_RE match holding it): the longest alternative
 * prefix before its keyword (`encryption_`, 11) plus the longest keyword (`credential`, `masterauth`, 10), rounded up.
 */
const KV_LEAD = 24;

const KV_RE = new RegExp(
  `${SECRET_KEY_WORD}[A-Za-z0-9_.-]{0,40}(["']?)[\\]}]?([ \\t]{0,40})(=>|:=|=|:(?!//)|[ \\t])[ \\t]{0,40}`,
  'gi',
);

/**
 * Whether the key at `ks` is the last segment of a key path that starts its line (`consul kv get -recurse` prints
 * `config/app/db/password:value`): bounded look-back, O(256).
 */
function kvStorePathKey(text: string, ks: number): boolean {
  if (text[ks - 1] !== '/') return false;
  let j = ks - 1;
  while (j > 0 && ks - j < 256 && /[\w./-]/.test(text[j - 1]!)) j--;
  return (j === 0 || text[j - 1] === '\n') && ks - j < 256;
}

/**
 * Whether the key `key` at `ks` is a field of a Go value printed with `%+v` or `%v` (`{DatabaseURL:… RedisPassword:x
 * JWTSecret:y}`, `map[email:… password:x]`): a field name after `{`, `[` or a blank, inside braces or `map[` opened
 * earlier on its line (bounded look-back, O(4096)).
 */
function goPrintedField(text: string, ks: number, key: string): boolean {
  const before = text[ks - 1];
  if ((before !== ' ' && before !== '{' && before !== '[') || !/^[A-Za-z][A-Za-z0-9]{1,63}$/.test(key)) return false;
  const ls = lineStartWithin(text, ks, 4096);
  const line = text.slice(ls, ks);
  return line.includes('map[') || (line.includes('{') && /[A-Z]/.test(key[0]!) && !line.includes('"'));
}

/**
 * Whether only blanks and an optional `export ` precede `i` on its line, or a unified diff's `+` (bounded look-back:
 * O(1)).
 */
function isLineStart(text: string, i: number): boolean {
  let j = i;
  while (j > 0 && i - j < 64 && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
  if (j >= 6 && text.startsWith('export', j - 6)) {
    j -= 6;
    while (j > 0 && i - j < 80 && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
  }
  // an added line of a unified diff (`+requirepass x` in `diff -u`, `git diff`), also indented (Chef Infra Client
  // prints a template's diff four blanks in)
  if (text[j - 1] === '+') {
    let k = j - 1;
    while (k > 0 && j - k < 16 && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
    if (k === 0 || text[k - 1] === '\n') j = k;
  }
  // a line as `grep -n` prints it (`74:` a match, `74-` its context) and `grep -rn` (`app/build.gradle:74:`)
  if (j > 1 && (text[j - 1] === ':' || text[j - 1] === '-')) j = grepLinePrefixStart(text, j - 1) ?? j;
  // a line as `cat -n` and `nl` print it: its number right-aligned in six columns, then a tab (GNU coreutils)
  else if (j > 0 && text[j] === '\t' && isDigitCode(text.charCodeAt(j - 1))) j = catNumberPrefixStart(text, j) ?? j;
  return j === 0 || text[j - 1] === '\n' || text[j - 1] === '\r';
}

/** A decimal digit's character code. */
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Where the `cat -n` line number that ends before the tab at `tab` starts its line (blanks, 1–9 digits), or null when
 * anything else comes before the digits. O(16).
 */
function catNumberPrefixStart(text: string, tab: number): number | null {
  let k = tab;
  while (k > 0 && tab - k < 9 && isDigitCode(text.charCodeAt(k - 1))) k--;
  while (k > 0 && tab - k < 16 && text.charCodeAt(k - 1) === 32) k--;
  return k === 0 || text[k - 1] === '\n' ? k : null;
}

/** Whether only blanks stand between an escaped newline (`\n` as two characters, not `\\n`) and `i`. */
function afterEscapedNewline(text: string, i: number): boolean {
  // the key's walk back over word characters took the `n` of `\n` (`\r\nDB_PASSWORD`)
  if (text[i] === 'n' && text[i - 1] === '\\' && text[i - 2] !== '\\') return true;
  let j = i;
  while (j > 0 && i - j < 64 && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
  return text[j - 1] === 'n' && text[j - 2] === '\\' && text[j - 3] !== '\\';
}

/**
 * The last quoted argument of a call that looks like a secret: not a format (`%s`), not words with blanks, not an
 * environment variable's name (`DB_PASS`), not a short name of the setting (`"password"`). @returns its [start, end)
 * within `call`, or null.
 */
function secretLiteralIn(call: string): [number, number] | null {
  let best: [number, number] | null = null;
  for (const m of call.matchAll(/(["'])((?:(?!\1)[^\\\n]|\\.){4,256})\1/g)) {
    const lit = m[2]!;
    if (/%[-+ #0]?\d{0,3}[sdvqfx]|\s/.test(lit) || /^[A-Z0-9_]+$/.test(lit)) continue;
    if (/^[a-z_.-]{1,24}$/i.test(lit) && /pass|secret|token|key|user/i.test(lit)) continue;
    if (!plausibleSecretValue(lit)) continue;
    best = [m.index + 1, m.index + 1 + lit.length];
  }
  return best;
}

/** An ASCII letter (one character). */
const LETTER_BEFORE = /^[A-Za-z]$/;
/** Words before a secret's key that make the line a message about it (`Invalid password : …`). */
const MESSAGE_WORDS: ReadonlySet<string> = new Set([
  'invalid',
  'incorrect',
  'wrong',
  'bad',
  'expired',
  'empty',
  'missing',
]);

/** Whether only blanks (one or more) stand between the start of the line holding `i` and `i`. */
function isIndentedLineStart(text: string, i: number): boolean {
  let j = i;
  while (j > 0 && i - j < 17 && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
  return j < i && (j === 0 || text[j - 1] === '\n');
}

/**
 * Compiled once for {@link looksLikeCodeReference}: a regex literal in a function allocates 57 bytes per
 * evaluation.
 */
const DURATION_OR_COUNT = /^\d{1,6}\.(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)$|^\d{1,6} of \d{1,6}$/;
const CODE_EXPRESSION_START =
  /^(?:\$this-|this\.|self\.|\$\{\{|function\b|new |await |async |lambda\b|\{[A-Za-z_]{1,40}:|`[^`]{0,40}\$\{)/;

/**
 * Whether the value [s, e) of a key (`v`) is code that names a secret rather than holding it (see the caller). Cheap
 * character tests first: this runs for every key/value match.
 */
function looksLikeCodeReference(v: string, text: string, s: number, e: number, sep: string): boolean {
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(v.length - 1);
  // a constant or variable ending a statement (`SMTP_PASSWORD;`)
  if ((last === 59 /* ; */ || text.charCodeAt(e) === 59) && /^[A-Za-z_][A-Za-z_]{2,63};?$/.test(v)) return true;
  // an object's member, a CI expression, a function, a closure, an object literal, a template
  if (
    (first === 36 /* $ */ ||
      first === 116 /* t */ ||
      first === 115 /* s */ ||
      first === 102 /* f */ ||
      first === 110 /* n */ ||
      first === 97 /* a */ ||
      first === 108 /* l */ ||
      first === 123 /* { */ ||
      first === 96) /* ` */ &&
    CODE_EXPRESSION_START.test(v)
  )
    return true;
  if (first === 40 /* ( */ && /^\((?:[A-Za-z_, ]{0,40}\))?$/.test(v)) return true;
  // a generator call (`bin2hex(random_bytes(32))`, `secrets.token_hex(…)`)
  if (
    (v.includes('(') || v.includes('.') || v.includes(':')) &&
    /^(?:(?:bin2hex|random_bytes|uniqid|md5|sha1|hash|str_random|uuid4?)\(|(?:crypto|secrets|uuid)\.|Str::random)/.test(
      v,
    )
  )
    return true;
  // a method chain that is called (`req.headers.authorization?.split(' ')`), an ERB or Jinja expression
  // (`<%= ENV['DATABASE_PASSWORD'] %>`), a Ruby duration (`config.reset_password_within = 6.hours`), a counter
  // (detect-secrets `Secret:      1 of 5`)
  if (
    (last === 40 /* ( */ && /^[A-Za-z_$][\w$]{0,40}(?:\??\.[A-Za-z_$][\w$]{0,40}){1,8}\($/.test(v)) ||
    ((first === 60 /* < */ || first === 123) /* { */ && /^(?:<%=?|\{\{|\{%)/.test(v)) ||
    DURATION_OR_COUNT.test(v)
  )
    return true;
  // a type annotation (`def verify_password(plain_password: str, hashed_password: str)`, `password: string;`)
  if (sep === ':' && TYPE_NAMES.has(v) && /^[ \t]*[,)=;]|^[ \t]*$/.test(text.slice(e, e + 8).split('\n')[0]!))
    return true;
  // a Ruby symbol (`has_secure_token :api_token`), and the line number after a file named for the key
  if (text.charCodeAt(s - 1) === 58 && text.charCodeAt(s - 2) === 32 && /^[a-z_]{2,40}$/.test(v)) return true;
  return sep === ':' && last === 58 && /^\d{1,7}:$/.test(v);
}

/**
 * Whether the value at `index` belongs to an IMAP `LOGIN` command: only a tag (letters, digits, `.`), perhaps after one
 * word of a capture's prefix (`C:`) or joined to the header bytes `tcpdump -A` prints before it (`..@8.u.Ua001`), stands
 * between the line's start and ` LOGIN ` (bounded look-back, O(400)).
 */
function imapCommandLine(text: string, index: number): boolean {
  const ls = lineStartWithin(text, index, 400);
  const at = text.lastIndexOf(' LOGIN ', index);
  return at >= ls && /^[ \t]{0,8}(?:\S{1,40}[ \t]{1,4})?\S{0,40}[A-Za-z0-9.]{1,12}$/.test(text.slice(ls, at));
}

/**
 * Emits the cells of the table row from `s` to its line's end (cells apart by two or more blanks) that look like
 * secrets: quotes removed, `n/a`-like cells and values without a digit or symbol skipped (bounded: O(line)).
 */
function paddedSecretCells(text: string, s: number, emit: (c: Candidate) => void): void {
  let le = text.indexOf('\n', s);
  if (le < 0) le = text.length;
  if (le - s > 4096) return;
  for (const m of text.slice(s, le).matchAll(/[^ \t\r]+(?: [^ \t\r]+)*/g)) {
    let a = s + m.index;
    let b = a + m[0].length;
    if (b - a >= 2 && (text[a] === '"' || text[a] === "'") && text[b - 1] === text[a]) {
      a++;
      b--;
    }
    const v = text.slice(a, b);
    if (/^(?:n\/a|null|none|-|~|empty|\(empty\))$/i.test(v) || !/[\d\W_]/.test(v) || /\s/.test(v)) continue;
    // a DSN without credentials (`null://null`, `doctrine://default?auto_setup=0`): the connection-string rules read
    // those that hold a password
    if (/^[a-z][a-z0-9+.-]{0,30}:\/\/[^@\s]*$/.test(v)) continue;
    if (plausibleSecretValue(v) && v.length >= 6)
      emit({ start: a, end: b, category: 'PASSWORD', rule: 'key-value-secret', priority: 70 });
  }
}

/** Type names that follow a parameter's or field's name and its `:` in Python, TypeScript and Kotlin signatures. */
const TYPE_NAMES: ReadonlySet<string> = new Set([
  'str',
  'bytes',
  'string',
  'String',
  'SecretStr',
  'Optional[str]',
  'str | None',
  'string | undefined',
  'string | null',
  'CharArray',
]);

/** A value that ends with a call's closing parenthesis, then perhaps the `,` or `;` after it. */
const CALL_END = /\)[,;]?$/;

/**
 * A log field holding a person's name with the login in parentheses (Check Point `src_user_name:"Jane Doe (jdoe)"`,
 * `fw log -n`'s `src_user_name: Jane Doe (jdoe);`). Groups: 1 the name, 2 the login.
 */
const LOG_FIELD_NAME_WITH_LOGIN =
  /\b(?:src_|dst_)?user(?:_name)?(?:[:=]"|: )([^"();\n]{2,80}) \(([A-Za-z0-9_][A-Za-z0-9._@-]{0,63})\)(?=[";]|\r?$)/gm;
/** Keywords of the rules using {@link LOG_FIELD_NAME_WITH_LOGIN}. */
const LOG_FIELD_NAME_WITH_LOGIN_KEYWORDS = ['user_name:"', 'user:"', 'user_name="', 'user="', 'user_name: '];
/**
 * A configuration comment naming a person with the login in parentheses (`# Daan van der Berg (vanderbergd) pixel`),
 * matched from its `#`. Groups: 1 the name, 2 the login.
 */
const COMMENT_NAME_WITH_LOGIN =
  /# {1,4}(\p{L}[\p{L}\p{M}'’.-]{0,30}(?:[ \t]\p{L}[\p{L}\p{M}'’.-]{0,30}){0,5}) \(([a-z][a-z0-9._-]{1,31})\)/gu;

/** Keys of audit lines that write a login with its owner's name in parentheses (`user=hsaito(Haruto Saito RN)`). */
const AUDIT_ROLE_ANCHORS = ['user=', 'witness=', 'nurse=', 'operator=', 'pharmacist=', 'verifier='];

/** Redacts a value found at [s, e) if plausible. */
function emitValue(
  emit: (c: Candidate) => void,
  text: string,
  s: number,
  e: number,
  category: RedactionCategory,
  rule: string,
  priority: number,
): void {
  const v = text.slice(s, e);
  if (plausibleSecretValue(v)) emit({ start: s, end: e, category, rule, priority });
}

/**
 * Roles that follow a password in a properties realm: Jetty's and ActiveMQ's demo roles, Tomcat's manager roles,
 * Karaf's groups (`_g_:admingroup`) and RabbitMQ-style monitoring roles.
 */
const REALM_ROLE =
  'admin|administrator|users?|guest|manager(?:-gui|-script)?|viewer|operator|monitoring|content-administrator|server-administrator|_g_:[A-Za-z0-9_-]{1,40}';
/** The keywords that find {@link REALM_ROLE} after its comma, with and without a blank. */
const REALM_ROLE_KEYWORDS: readonly string[] = [
  'admin',
  'user',
  'guest',
  'manager',
  'viewer',
  'operator',
  'monitoring',
  '_g_:',
].flatMap((r) => [`,${r}`, `, ${r}`]);

/**
 * Folders that hold one folder per person (HR files, Windows and macOS profiles, school and clinic shares), in the
 * languages of the shares they name; matched in any case. Not `home`, `customers` or `clients`, whose folders are as
 * often shared ones or companies (`/home/Shared Docs`, `customers/Acme Corp`).
 */
const PERSON_FOLDERS: readonly string[] = [
  'Personalakten',
  'Mitarbeiter',
  'Mitarbeitende',
  'Bewerbungen',
  'Bewerber',
  'Schueler',
  'employees',
  'employee',
  'staff',
  'personnel',
  'people',
  'users',
  'students',
  'pupils',
  'patients',
  'applicants',
  'candidates',
];

/** Vendors and model lines that follow a device kind (`Laptop Dell Latitude`, `Desktop HP EliteDesk`). */
const DEVICE_VENDOR_WORD =
  /\b(?:Dell|HP|Lenovo|Apple|Asus|Acer|Microsoft|Samsung|Toshiba|Fujitsu|Huawei|Xiaomi|ThinkPad|ThinkCentre|Latitude|Precision|OptiPlex|EliteBook|EliteDesk|ProBook|Surface|Pro|Air|Mini|Max|Ultra|Plus|Gen)\b/;

/** Words that name a shared device's place or role, not its user (`pc-reception`, `nb-loaner`, `wks-lab`). */
const DEVICE_ROLE_WORD =
  /^(?:pro|air|mini|max|plus|ultra|office|reception|front|desk|frontdesk|lobby|lab|test|testing|dev|build|kiosk|print|printer|scan|scanner|admin|guest|shared|meeting|conf|conference|room|spare|loaner|pool|training|class|classroom|library|store|shop|warehouse|it|hr|sales|support|helpdesk|service|server|backup|demo|temp|new|old|win|mac|linux|ubuntu|debian|windows|local|home|main|master|primary)$/i;

/**
 * A comment line naming a person and, in parentheses after an optional role, a phone (seven digits or more, not an ISO
 * date): groups 1 the name, 2 the phone.
 */
const COMMENT_PERSON_PHONE = `^[ \\t]*#[ \\t]?${NAME_WORDS}[ \\t]+\\((?:[^()\\n]{0,60}?,[ \\t]*)?(?!\\d{4}-\\d\\d-\\d\\d)(?=(?:[^\\d)\\n]{0,4}\\d){7})(\\+?\\d[\\d ().-]{5,24}\\d)\\)[ \\t]*\\r?$`;

/** {@link COMMENT_PERSON_PHONE}, sticky: tried once at the start of each comment line that a `# ` hit is on. */
const COMMENT_PERSON_PHONE_AT = new RegExp(COMMENT_PERSON_PHONE.replace(/^\^/, ''), 'ymu');

/**
 * A comment naming the person an entry is for, with a phone number in parentheses (`# Jane Doe (NOC, +30 69 1234
 * 5678)` above a users-file, sudoers or hosts entry): the name as a person, the number (in whatever national format:
 * `069 8961 7758`, `07500 050680`) as a phone. One regex run per comment line for both. Source: corpus README
 * PERSON_NAME and PHONE.
 */
export const commentPersonPhone: Scanner = (text, emit) => {
  // the gate `# ` has no letter, so the engine tests it with `includes` and passes no hits: found here, then the next
  // search starts on the next line (one try per line, at its start)
  for (let hit = text.indexOf('# '); hit >= 0;) {
    let le = text.indexOf('\n', hit);
    if (le < 0) le = text.length;
    const ls = lineStartWithin(text, hit, 64);
    hit = text.indexOf('# ', le);
    if (ls > 0 && text.charCodeAt(ls - 1) !== 10) continue;
    COMMENT_PERSON_PHONE_AT.lastIndex = ls;
    const m = COMMENT_PERSON_PHONE_AT.exec(text);
    if (!m || !looksLikePersonName(m[1]!, false)) continue;
    const nameAt = ls + m[0].indexOf(m[1]!, m[0].indexOf('#'));
    emit({
      start: nameAt,
      end: nameAt + m[1]!.length,
      category: 'PERSON',
      rule: 'comment-person-with-phone',
      priority: 60,
    });
    const phoneAt = ls + m[0].lastIndexOf(m[2]!);
    emit({
      start: phoneAt,
      end: phoneAt + m[2]!.length,
      category: 'PHONE',
      rule: 'comment-phone-after-person',
      priority: 62,
    });
  }
};

/** A record of a Subversion hash dump: `K <len>`, `username` or `password`, `V <len>`, the value. */
const SVN_AUTH_RECORD = /^K \d{1,4}\r?\n(username|password)\r?\nV \d{1,4}\r?\n([^\r\n]{1,512})/gm;

/**
 * Subversion's credential cache (`~/.subversion/auth/svn.simple/<hash>`, `svn auth --show-passwords`): a hash dump of
 * `K <len>` / key / `V <len>` / value records; the `username` record is a login, the `password` record its password.
 * Found from the records every such file holds (`svn:realmstring`, `passtype`).
 */
export const svnAuthCache: Scanner = (text, emit) => {
  SVN_AUTH_RECORD.lastIndex = 0;
  for (let m = SVN_AUTH_RECORD.exec(text); m; m = SVN_AUTH_RECORD.exec(text)) {
    const v = m[2]!;
    const a = m.index + m[0].length - v.length;
    if (m[1] === 'password')
      emit({ start: a, end: a + v.length, category: 'PASSWORD', rule: 'svn-auth-cache-password', priority: 82 });
    else if (!isSystemAccount(v))
      emit({ start: a, end: a + v.length, category: 'USER', rule: 'svn-auth-cache-user', priority: 58 });
  }
};

/** The payload {@link textHas} last answered for, and its answers. */
let textHasFor: string | null = null;
const textHasAnswers = new Map<string, boolean>();
/**
 * `text.includes(needle)`, remembered for the current payload: an `accept` that asks it for every match would search
 * the whole text each time (quadratic when a payload repeats the matched shape).
 */
function textHas(text: string, needle: string): boolean {
  if (text !== textHasFor) {
    textHasFor = text;
    textHasAnswers.clear();
  }
  let a = textHasAnswers.get(needle);
  if (a === undefined) {
    a = text.includes(needle);
    if (textHasAnswers.size < 256) textHasAnswers.set(needle, a);
  }
  return a;
}

/** Regex rules. Order does not matter; priority decides overlaps. */
/**
 * The two rules of a pattern that captures a login (group 1) and its secret (group 2): `<name>-user` redacts the login
 * unless it is a system account, `<name>-password` the secret. One pattern, one source, both categories.
 * @param spec `re`: the pattern's source (compiled with `g` for each rule); `login`/`secret`: category and priority.
 */
function loginAndSecret(spec: {
  name: string;
  re: string;
  /** Default: a USER at priority 57 (the login rules' level). */
  login?: { category: RedactionCategory; priority: number };
  /** Default: a PASSWORD at priority 76 (a password given on a command line). */
  secret?: { category: RedactionCategory; priority: number };
  keywords: readonly string[];
  /** The keywords are anchors: each match starts at one, and may span lines (see RegexRule `anchors`). */
  anchored?: boolean;
  notAfter?: RegExp;
  /** Regex flags besides `g` (`m` for a line-anchored pattern). */
  flags?: string;
  /** Final filter on the secret (a mask or a variable in its place). */
  acceptSecret?: (value: string) => boolean;
  source: string;
}): RegexRule[] {
  const shared = {
    ...(spec.anchored ? { anchors: spec.keywords } : { keywords: spec.keywords }),
    notAfter: spec.notAfter,
    source: spec.source,
  };
  return [
    {
      name: `${spec.name}-user`,
      ...(spec.login ?? { category: 'USER', priority: 57 }),
      group: 1,
      re: new RegExp(spec.re, `g${spec.flags ?? ''}`),
      accept: (v: string): boolean => !isSystemAccount(v),
      ...shared,
    },
    {
      name: `${spec.name}-password`,
      ...(spec.secret ?? { category: 'PASSWORD', priority: 76 }),
      group: 2,
      re: new RegExp(spec.re, `g${spec.flags ?? ''}`),
      ...(spec.acceptSecret ? { accept: spec.acceptSecret } : {}),
      ...shared,
    },
  ];
}

/** Compiled once for the rules below: a regex literal in a function allocates 57 bytes per evaluation. */
const DOVECOT_LOGIN_BEFORE = /(?:imap|pop3|submission|managesieve|lmtp)-login:[ \t]*$/;
const UPPER_START = /^[A-Z]/;
const BASE64_CHAR = /[A-Za-z0-9+/]/;
const DIGIT_START = /^\d/;
const AWS_PRINCIPAL_ID = /^(?:AIDA|AROA|AGPA|AIPA|ANPA|ANVA|ASCA)[A-Z0-9]{12,20}$/;
const OPAQUE_KEY_ID = /^(?:[A-Z0-9]{16,40}|[0-9a-f]{16,64})$/;
const KEY_BEFORE_VALUE = /([A-Za-z_]{1,40})\\?["']?\]?[ \t]{0,4}(?:=>|[=:])[ \t]{0,4}\\?["']?$/;
const PROVIDER_NAME_KEY = /^provider_?name$/i;
/**
 * The name of a thing, not a person: `APP_NAME="Larkspur Dispatch"` (Laravel), `SITE_NAME`, `PROJECT_NAME`,
 * `COMPANY_NAME`, `SERVICE_NAME`, `DB_NAME` … (a prefix before `NAME` that is no person's role).
 */
const THING_NAME_KEY =
  /^(?:app|application|site|website|project|service|company|product|brand|org|organization|team|queue|db|database|bucket|cluster|host|server|store|shop|tenant|env|environment|stack|job|task|container|image|volume|network|region|zone|domain|realm|theme|template|platform|system|instance|plan|pool|topic|channel|index|schema|table|node|device|printer)[_.-]?name$/i;
const NAME_KEY_END = /name$/i;
const PERSON_NAME_KEY =
  /^(?:[a-z_]{0,20}_)?name$|^(?:author|assignee|owner|reporter|requester|approver|(?:created|updated|modified)_?by|patient|provider|doctor|physician|guardian|tutor|teacher|student|guest|donor|borrower|employee|assigned_?to|shopper|payer|payee|buyer|beneficiary|debtor|creditor|remitter|originator|on_?call)$/i;

/** The RDN after a group entry's own: `,ou=groups`, `,ou=Group`, `,ou=roles`, `,cn=groups` (posixGroup branches). */
const LDAP_GROUP_BRANCH = /^,(?:ou|cn)=(?:groups?|roles?|teams?|posixgroups?|unixgroups?|security groups)(?:,|$)/i;

/** The text of `index`'s line before it, looking back at most `reach` characters. */
function linePrefix(text: string, index: number, reach: number): string {
  return text.slice(lineStartWithin(text, index, reach), index);
}

/** A comment marker before a position on its line: `#`, `//`, `--`, `;` or `/*` at the start or after a blank. */
const COMMENT_BEFORE = /(?:^|[ \t])(?:#|\/\/|--|;|\/\*)/;

/**
 * The accept test of the rules that read a person named in a configuration comment: a name (one word of a caseless
 * script or capitalised words, {@link looksLikePersonName}), no team, tool or office word in it, on a line whose text
 * before it opens a comment (`#`, `//`, `--`, `;`, `/*`). @param index where the name starts in `text`.
 */
function personInComment(v: string, text: string, index: number): boolean {
  return !namesNoPerson(v) && looksLikePersonName(v, false) && COMMENT_BEFORE.test(linePrefix(text, index, 160));
}

/**
 * The accept test of the rules that read a name heading or signing a comment after ` -- `: two or more name words or a
 * caseless script, with a letter beyond ASCII (`Inés Gonçalves`, `Αλέξανδρος Παπαδόπουλος`, `이민준`). An ASCII-only
 * pair is as often a heading (`# Nginx Configuration -- generated`, `# Daily Report -- Sales Team`), and no word list
 * tells them apart.
 */
function signedComment(v: string, text: string, index: number): boolean {
  return NON_ASCII.test(v) && looksLikePersonName(v, true) && personInComment(v, text, index);
}
const NON_ASCII = /[\u0080-\uffff]/;

/** Operator words of JavaScript, Python and C# that start an expression (`await`, `new`, `yield`): no login. */
const CODE_OPERATOR_WORD = /^(?:await|new|yield|typeof|lambda|not)$/;

/** A member access on an object of request-handling code (`self.request.user`, `req.body.user`): no login. */
const CODE_MEMBER_ACCESS =
  /^(?:self|this|request|req|ctx|context|session|params|args|kwargs|form|body|payload|opts|options)\./;

export const REGEX_RULES: readonly RegexRule[] = [
  {
    name: 'jwt',
    category: 'JWT',
    priority: 95,
    group: 0,
    keywords: ['eyj'],
    notAfter: /[A-Za-z0-9_-]/,
    re: /eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,8192}/g,
    source: 'RFC 7519 compact serialisation (base64url header starting {"…)',
  },
  {
    name: 'aws-access-key-id',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    anchors: ['akia', 'asia', 'agpa', 'aida', 'aroa', 'aipa', 'anpa', 'anva', 'a3t'],
    notAfter: /[A-Z0-9]/,
    re: /(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Z0-9])/g,
    source: 'AWS IAM identifier prefixes (docs.aws.amazon.com IAM reference: unique identifiers)',
  },
  {
    name: 'aws-secret-access-key',
    category: 'APIKEY',
    priority: 91,
    group: 1,
    keywords: ['secret', 'aws'],
    re: /(?:secret[_-]?access[_-]?key|aws[_-]?secret[_-]?(?:access[_-]?)?key|SecretAccessKey)["']?[ \t]{0,4}(?:=>|[:=,]|[ \t])[ \t]{0,4}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    source: 'AWS secret access key: 40 base64 characters next to its key name (AWS CLI config, env, SDK arrays)',
  },
  {
    name: 'stripe-key',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    keywords: ['_live_', '_test_', 'whsec_'],
    notAfter: /[A-Za-z0-9]/,
    re: /(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,250}|whsec_[A-Za-z0-9]{16,250})/g,
    source: 'Stripe API keys (docs.stripe.com/keys: sk_/rk_ secret and restricted keys, whsec_ signing secrets)',
  },
  {
    name: 'github-token',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    keywords: ['gh', 'github_pat_'],
    notAfter: /[A-Za-z0-9]/,
    re: /(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/g,
    source: 'GitHub token formats (github.blog 2021-04-05 "Behind GitHub’s new authentication token formats")',
  },
  {
    name: 'docker-personal-access-token',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    keywords: ['dckr_'],
    notAfter: /[A-Za-z0-9_]/,
    re: /dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,64}/g,
    source:
      'Docker Hub personal and organization access token prefixes dckr_pat_/dckr_oat_ (docs.docker.com/security/for-developers/access-tokens)',
  },
  {
    name: 'google-oauth-access-token',
    category: 'TOKEN',
    priority: 92,
    group: 0,
    keywords: ['ya29.'],
    notAfter: /[A-Za-z0-9_.-]/,
    re: /ya29\.[0-9A-Za-z_-]{20,2048}/g,
    source:
      'Google OAuth 2.0 access tokens (`gcloud auth print-access-token`), prefix ya29. (developers.google.com/identity/protocols/oauth2)',
  },
  {
    name: 'azure-sas-signature',
    category: 'TOKEN',
    priority: 88,
    group: 1,
    keywords: ['sig='],
    // the `sig` of a shared access signature: only in a query that also has the SAS version `sv=` or expiry `se=`
    re: /[?&;]sig=([A-Za-z0-9%+/=]{16,256})/g,
    accept: (_v: string, text: string, index: number): boolean =>
      /[?&;](?:sv|se|sp)=/.test(text.slice(Math.max(0, index - 300), index)),
    source:
      'Azure Storage shared access signatures (learn.microsoft.com/rest/api/storageservices/create-service-sas: sv, se, sp, sig)',
  },
  {
    name: 'generated-bare-key',
    category: 'APIKEY',
    priority: 66,
    group: 1,
    // anchored: tried only where the key is the whole word `key` (the `notAfter` table drops `api_key:` before any run)
    anchors: KEY_SETTING_ANCHORS,
    notAfter: /[A-Za-z0-9_.-]/,
    // a setting named just `key` (ASP.NET `"Jwt": {"Key": …}`, rclone `key = …`) whose value looks generated: mixed
    // case with digits, 24+ characters, high entropy (`"Key": "Name"` tags and `key: value` examples stay)
    // (any printable characters but quotes and separators: `"Key": "8~LacMaPD?uk0zHctvr…"`)
    re: /key["']?[ \t]{0,4}(?:=>|[:=])[ \t]{0,4}["']?([^\s"',;]{24,512})(?![^\s"',;])/gi,
    // WireGuard's `wg show` prints a peer's `public key:` (public by design)
    accept: (v: string, text: string, index: number): boolean =>
      /[a-z]/.test(v) &&
      /[A-Z]/.test(v) &&
      /\d/.test(v) &&
      shannonEntropy(v) >= 4 &&
      !/^[0-9a-f-]+$/i.test(v) &&
      !/public key[ \t]{0,4}:[ \t]{0,4}$/i.test(text.slice(Math.max(0, index - 24), index)) &&
      // iDRAC `racadm get` section headers name an attribute group: `[Key=iDRAC.Embedded.1#SNMP.1]`
      !/^[A-Za-z][\w.]{0,60}#[\w.]{1,60}\]?$/.test(v) &&
      // a cache key under its namespaces, also URL-encoded (memcached `lru_crawler metadump`: `key=cache%3Acatalog%3Af418…`)
      !/^[a-z_]{2,20}(?::|%3A)[a-z_]{2,20}(?::|%3A)/i.test(v),
    source:
      "ASP.NET appsettings `Jwt:Key`, rclone remotes `key =`, PHP arrays `'key' => …` (Magento env.php crypt key); entropy test as in gitleaks generic-api-key",
  },
  {
    name: 'hex-key-setting',
    category: 'APIKEY',
    priority: 66,
    group: 1,
    anchors: KEY_SETTING_ANCHORS,
    // a setting named `key` or `…Key` whose value is 32+ hex digits or a long run of capitals and digits: LoRaWAN root
    // and session keys (`AppKey`, `NwkSKey`, `AppSKey`, TTN's `"app_key": {"key": "…"}`), OctoPrint's `api: key:` and
    // `PrinterKey`, which {@link generated-bare-key} leaves (a hex value there may be a checksum)
    // (anchored at `key`: the name's letters before it are read back by `accept`; a leading `[A-Za-z]{0,24}` made V8 try
    // the pattern at every position of the line, 6 % of the time on 1 MiB of configuration)
    re: /(?:key|Key|KEY)["']?[ \t]{0,4}(?:=>|[:=])[ \t]{0,4}["']?([0-9A-Fa-f]{32,128}|[A-Z0-9]{32,64})(?![A-Za-z0-9+/=_.-])/g,
    accept: (v: string, text: string, index: number): boolean => {
      if (!/[0-9]/.test(v) || !/[A-Za-z]/.test(v) || shannonEntropy(v) < 3.2) return false;
      // a NATS public NKey (a user's, account's, server's, operator's: `U…`, `A…`, `N…`, `O…`, 56 base32 characters)
      if (/^[UANOCX][A-Z2-7]{55}$/.test(v)) return false;
      // the key's name: a public key, a checksum or an id of a row, object or cache entry names no secret
      const before = text.slice(Math.max(0, index - 41), index);
      const name = /([A-Za-z]{0,24})["']?[ \t]{0,4}(?:=>|[:=])[ \t]{0,4}["']?$/.exec(before);
      // the name starts the word: a letter, digit or `_` before it is a longer name's (`ssh_host_key=…`)
      if (!name || /[A-Za-z0-9_]/.test(before[name.index - 1] ?? ' ')) return false;
      return !/pub|host|cache|partition|sort|primary|foreign|idempotency|dedup|hash|object|etag|row|file|check|finger|kid|id$/i.test(
        name[1]!,
      );
    },
    source:
      'LoRaWAN 1.0/1.1 root and session keys (AppKey, NwkKey, AppSKey, NwkSKey: 128-bit, hex; TTN, ChirpStack); OctoPrint API keys',
  },
  {
    name: 'lmic-key-array',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    keywords: ['key['],
    // an Arduino LMIC sketch's keys as C byte arrays (`static const u1_t PROGMEM APPKEY[16] = { 0x3C, 0xC3, … };`)
    re: /\b[A-Z_]{0,16}KEY\[\d{1,3}\][ \t]{0,4}=[ \t]{0,4}\{[ \t]{0,4}((?:0x[0-9A-Fa-f]{2}[ \t]{0,4},[ \t]{0,4}){7,63}0x[0-9A-Fa-f]{2})/g,
    source: 'MCCI Arduino LMIC examples (ttn-otaa.ino, ttn-abp.ino: APPKEY, NWKSKEY, APPSKEY arrays)',
  },
  {
    name: 'byte-list-key',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    keywords: ['key: ['],
    // a key written as a YAML list of its bytes (Zigbee2MQTT's `advanced: network_key: [108, 230, …]`, 16 bytes)
    re: /\b[a-z_]{0,24}key:[ \t]{0,4}\[((?:\d{1,3},[ \t]{0,2}){15,63}\d{1,3})\]/g,
    source: 'Zigbee2MQTT configuration.yaml advanced.network_key (zigbee2mqtt.io/guide/configuration/zigbee-network)',
  },
  {
    name: 'account-role-list',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ['(role: '],
    // the accounts a CLI lists with their roles (Expo's `eas whoami`: `• jdoe (Role: Owner)`)
    re: /^[ \t]{0,4}[•*-][ \t]{1,2}([A-Za-z0-9_][A-Za-z0-9._-]{0,63}) \(Role: [A-Z][a-z]{2,20}\)/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Expo EAS CLI `eas whoami` (accounts with their roles)',
  },
  {
    name: 'squid-access-log-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['hier_', 'direct/', '_parent/', '_hit/', 'original_dst/'],
    // Squid's native access.log: `time elapsed client code/status bytes method URL user hierarchy/peer type`; the
    // user is `-` without proxy authentication (a Windows login arrives percent-encoded: `CORP%5cjdoe`)
    re: /^\d{9,11}\.\d{3}[ \t]{1,12}\d{1,9} \S{1,64} [A-Z_]{2,40}\/\d{3} \d{1,12} [A-Z_-]{3,16} \S{1,4096} ([^\s/]{1,128}) (?:HIER_[A-Z_]{2,24}|DIRECT|[A-Z]{2,16}_(?:PARENT|HIT|DST|SIBLING)|CARP|SOURCE_FASTEST)\//gm,
    accept: (v: string): boolean => v !== '-' && !isSystemAccount(v.replace(/^[^%]{1,32}%5[cC]/, '')),
    source: 'Squid native access.log format (wiki.squid-cache.org/Features/LogFormat: squid format)',
  },
  {
    name: 'squid-cache-peer-login',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['cache_peer'],
    // `cache_peer parent.example 8080 0 no-query default login=user:password` (squid.conf cache_peer `login=`)
    re: /^[ \t]{0,8}cache_peer[ \t][^\n]{0,400}?[ \t]login=[^:\s]{1,128}:(\S{1,256})/gm,
    accept: (v: string): boolean => v !== '*' && !/^PASS(?:THRU)?$/.test(v),
    source: 'squid.conf cache_peer login=user:password (www.squid-cache.org/Doc/config/cache_peer)',
  },
  {
    name: 'squid-cache-peer-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['cache_peer'],
    re: /^[ \t]{0,8}cache_peer[ \t][^\n]{0,400}?[ \t]login=([^:\s*]{1,128}):/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^PASS/.test(v),
    source: 'squid.conf cache_peer login=user:password (www.squid-cache.org/Doc/config/cache_peer)',
  },
  {
    name: 'dnsmasq-dhcp-host-name',
    category: 'HOST',
    priority: 52,
    group: 1,
    keywords: ['dhcp-host='],
    // `dhcp-host=11:22:33:44:55:66,aoife-mbp,192.168.1.20,infinite` (dnsmasq.conf)
    re: /dhcp-host=(?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}(?:,(?:id:)?[^,\s]{0,64})?,([A-Za-z][A-Za-z0-9_-]{0,62}),/g,
    accept: (v: string): boolean => !/^(?:set|tag|id|infinite|ignore)$/.test(v) && !genericRoleHost(v),
    source: 'dnsmasq(8) --dhcp-host=[<hwaddr>][,<hostname>][,<ipaddr>][,<lease time>]',
  },
  {
    name: 'dhcp-log-client-name',
    category: 'HOST',
    priority: 52,
    group: 1,
    keywords: ['dhcpack', 'dhcpoffer', 'dhcprequest', 'dhcpinform', 'dhcpdiscover', 'dhcprelease'],
    // the name a DHCP client sends (option 12, RFC 2132 §3.14), often its owner's (`iPad-de-Lena`, `Jose-ThinkPad`):
    // dnsmasq logs it after the hardware address at the line's end (`DHCPACK(br0) 10.0.0.5 ec:2b:…:3f Pixel-7-Priya`),
    // ISC dhcpd in parentheses before the interface (`DHCPACK on 10.0.0.5 to ec:2b:…:3f (Pixel-7-Priya) via eth0`)
    re: /DHCP[A-Z]{3,8}\([^)\s]{1,16}\)(?: \S{1,64})? (?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2} ([A-Za-z0-9][A-Za-z0-9_.-]{0,62})[ \t]*$|DHCP[A-Z]{3,8} (?:on|for) \S{1,64} (?:to|from) (?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2} \(([^()\s]{1,63})\) via /gm,
    accept: (v: string): boolean => !genericRoleHost(v),
    source: 'RFC 2132 §3.14 Host Name option; dnsmasq(8) and dhcpd(8) log lines',
  },
  {
    name: 'drbd-node-name',
    category: 'HOST',
    priority: 52,
    group: 1,
    keywords: [' {', '# resource ', ' role:'],
    // DRBD names each node by its `uname -n`: `on nfs01 {` in a resource, `# resource r0 on nfs01: …` from
    // `drbdadm dump`, `nfs01 role:Primary` from `drbdadm status`
    re: /^[ \t]{0,12}on ([A-Za-z][A-Za-z0-9.-]{0,62})[ \t]{1,4}\{|^# resource \S{1,64} on ([A-Za-z][A-Za-z0-9.-]{0,62}):|^[ \t]{0,4}([A-Za-z][A-Za-z0-9.-]{0,62}) role:(?:Primary|Secondary|Unknown)\b/gm,
    accept: (v: string): boolean => !genericRoleHost(v) && !/^(?:node|host|server|peer|local|remote)\d{0,2}$/i.test(v),
    source: 'drbd.conf(5) `on <hostname>` sections; drbdadm(8) dump and status',
  },
  {
    name: 'snmp-system-name',
    category: 'HOST',
    priority: 52,
    group: 1,
    keywords: ['sysname.0 = string: ', 'sysdescr.0 = string: linux '],
    // `snmpwalk` of the system group: `SNMPv2-MIB::sysName.0 = STRING: core-sw1`, and the node name a Linux agent
    // puts in `sysDescr` (`STRING: Linux core-sw1 5.15.0-105-generic …`, uname -a)
    re: /\bsys(?:Name\.0 = STRING: "?|Descr\.0 = STRING: "?Linux )([A-Za-z][A-Za-z0-9.-]{0,62})(?=[\s"]|$)/g,
    accept: (v: string): boolean => !genericRoleHost(v) && v !== 'localhost',
    source: 'SNMPv2-MIB sysName and sysDescr (RFC 3418) as net-snmp snmpwalk prints them',
  },
  {
    name: 'snmp-usm-localized-key',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['usmuser '],
    // net-snmp's persistent store (`/var/lib/snmp/snmpd.conf`): `usmUser 1 3 <engineID> "user" "user" NULL <auth
    // protocol OID> 0x<localized auth key> <priv protocol OID> 0x<localized priv key> ""` — keys as good as the
    // passwords for this engine
    re: /\busmUser[ \t][^\n]{0,400}?[ \t]\.1\.3\.6\.1\.6\.3\.10\.1\.1\.\d{1,2}[ \t]{1,4}(0x[0-9A-Fa-f]{16,256})/g,
    source: 'net-snmp snmpd.conf(5) persistent usmUser lines (localized keys, RFC 3414 §2.6)',
  },
  {
    name: 'snmp-usm-localized-priv-key',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['usmuser '],
    re: /\busmUser[ \t][^\n]{0,400}?[ \t]\.1\.3\.6\.1\.6\.3\.10\.1\.2\.\d{1,2}[ \t]{1,4}(0x[0-9A-Fa-f]{16,256})/g,
    source: 'net-snmp snmpd.conf(5) persistent usmUser lines (localized keys, RFC 3414 §2.6)',
  },
  {
    name: 'vsftpd-log-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['] ok ', '] fail '],
    // vsftpd.log (`[pid 23730] [jdoe] OK LOGIN: Client "::ffff:10.0.0.5"`, `… [jdoe] OK UPLOAD: …`)
    re: /\[pid \d{1,9}\] \[([^\]\s]{1,64})\] (?:OK|FAIL) (?:LOGIN|UPLOAD|DOWNLOAD|MKDIR|RMDIR|DELETE|RENAME|CHMOD):/g,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== 'anonymous',
    source: 'vsftpd log lines (vsftpd.conf(5) vsftpd_log_file: `[pid N] [user] OK LOGIN`)',
  },
  {
    name: 'cluster-node-name',
    category: 'HOST',
    priority: 50,
    group: 1,
    keywords: ['hostname=', 'nodename=', 'node_name=', 'host_name=', 'pcmk_host_list=', 'running on ', ': authorized'],
    // a machine named by its `uname -n` where clusters and daemons print it: fence agents' `hostname=` and
    // `pcmk_host_list=` (crm, pcs), `pcs host auth`'s `db01: Authorized`, BIND's `running on ns2: Linux …`
    re: /\b(?:hostname|nodename|node_name|host_name|pcmk_host_list)=["']?([A-Za-z][A-Za-z0-9-]{1,62})(?=[\s"',;]|$)|\brunning on ([A-Za-z][A-Za-z0-9.-]{1,62}): Linux\b|^[ \t]{0,4}([A-Za-z][A-Za-z0-9.-]{1,62}): Authorized\r?$/gm,
    accept: (v: string): boolean => /[\d.-]/.test(v) && !genericRoleHost(v) && !/^localhost/i.test(v),
    source:
      'Pacemaker fence agent parameters (fence_ipmilan hostname=, pcmk_host_list), pcs host auth, named -V / rndc status',
  },
  {
    name: 'crm-node-name',
    category: 'HOST',
    priority: 50,
    group: 1,
    anchors: ['node '],
    notAfter: /[^\n]/,
    // `crm configure show`: `node 1: web01 \` (the node's id, then its name)
    re: /node \d{1,10}: ([A-Za-z][A-Za-z0-9.-]{1,62})(?=[ \t]*(?:\\|\r?$))/gm,
    accept: (v: string): boolean => /[\d.-]/.test(v) && !genericRoleHost(v),
    source: 'crmsh `crm configure show` node lines (crmsh.github.io/man: node [id:]name)',
  },
  {
    name: 'proftpd-log-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: [' - user '],
    // ProFTPD's syslog lines (`host (10.0.0.5[10.0.0.5]) - USER jdoe: Login successful.`)
    re: /\) - USER ([^\s:]{1,64}): (?:Login successful|no such user found|Login failed|Incorrect password|Too many)/g,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== 'anonymous',
    source: 'ProFTPD mod_auth log messages (`USER %s: Login successful.`)',
  },
  {
    name: 'hpc-job-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['userid=', 'users=', 'disk quotas for ', 'user logged in: ', 'uid: '],
    // Slurm `scontrol show job` (`UserId=jdoe(1001)`) and reservations (`Users=jdoe,asmith`), Lustre `lfs quota`
    // (`Disk quotas for usr jdoe (uid 1001):`), JupyterHub (`User logged in: jdoe`), `unmunge` (`UID:  jdoe (1001)`)
    re: /\bUserId=([A-Za-z_][A-Za-z0-9._-]{0,63})\(\d{1,10}\)|\bUsers=((?!\(null\))[A-Za-z_][A-Za-z0-9._-]{0,63}(?:,[A-Za-z_][A-Za-z0-9._-]{0,63}){0,50})(?=[ \t]|\r?$)|\bDisk quotas for (?:usr|user) ([A-Za-z_][A-Za-z0-9._-]{0,63}) \((?:uid|id) \d{1,10}\)|\bUser logged in: ([A-Za-z_][A-Za-z0-9._@-]{0,63})|^UID:[ \t]{1,20}([A-Za-z_][A-Za-z0-9._-]{0,63}) \(\d{1,10}\)/gm,
    accept: (v: string): boolean => !v.split(',').every((u) => isSystemAccount(u)),
    source:
      'Slurm scontrol(1) job and reservation records; Lustre lfs-quota(1); JupyterHub login log; munge unmunge(1) output',
  },
  {
    name: 'munge-credential',
    category: 'TOKEN',
    priority: 86,
    group: 0,
    keywords: ['munge:'],
    // a MUNGE credential (`munge -n`): `MUNGE:` then base64 and a closing `:` — replayable until it expires
    re: /MUNGE:[A-Za-z0-9+/=]{40,2048}:/g,
    source: 'MUNGE credential format (munge(7), github.com/dun/munge)',
  },
  {
    name: 'beegfs-quota-user',
    category: 'USER',
    priority: 61,
    group: 1,
    keywords: ['||'],
    // `beegfs-ctl --getquota --uid`: `      jdoe| 65167|| 3359.91 GiB|…` (name, id, then the usage columns)
    re: /^[ \t]{0,24}([a-z_][a-z0-9._-]{0,31})\|[ \t]{0,10}\d{1,10}\|\|/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'BeeGFS beegfs-ctl --getquota output (name | id || size || chunk files)',
  },
  {
    name: 'python-set-of-logins',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ['admin_users', 'allowed_users', 'blocked_users'],
    // JupyterHub `c.Authenticator.admin_users = {'jdoe', 'asmith'}` (a Python set or list of logins)
    re: /\b(?:admin|allowed|blocked)_users[ \t]{0,4}=[ \t]{0,4}[{[(]((?:[ \t]{0,4}['"][A-Za-z0-9._@-]{1,64}['"][ \t]{0,4},?){1,50})[}\])]/g,
    source: 'JupyterHub Authenticator.admin_users / allowed_users (jupyterhub.readthedocs.io)',
  },
  {
    name: 'cpanel-userdata-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['==main==', '==sub==', '==addon==', '==parked=='],
    // cPanel `/etc/userdatadomains`: `domain: user==owner==type==main domain==docroot==ip:port==…`
    re: /^[^\s:]{1,253}: ([a-z][a-z0-9_]{0,15})==[a-z][a-z0-9_]{0,15}==(?:main|sub|addon|parked)==/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source:
      'cPanel /etc/userdatadomains format (docs.cpanel.net: user, owner, type, main domain, document root, IP:port)',
  },
  {
    name: 'cpanel-userdata-owner',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['==main==', '==sub==', '==addon==', '==parked=='],
    re: /^[^\s:]{1,253}: [a-z][a-z0-9_]{0,15}==([a-z][a-z0-9_]{0,15})==(?:main|sub|addon|parked)==/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'cPanel /etc/userdatadomains format (the reseller owning the account)',
  },
  {
    name: 'pure-pw-list-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['/./'],
    // `pure-pw list`: `login   /home/ftpusers/login/./   Full Name` (the `/./` chroots the user to the directory)
    re: /^([a-z_][a-z0-9._@-]{0,63})[ \t]{2,}\/\S{0,400}\/\.\/(?=[ \t]|\r?$)/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Pure-FTPd pure-pw(8) list output (login, home with /./ chroot marker, GECOS)',
  },
  {
    name: 'pure-pw-list-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['/./'],
    re: /^[a-z_][a-z0-9._@-]{0,63}[ \t]{2,}\/\S{0,400}\/\.\/[ \t]{2,}([^\n]{2,100}?)[ \t]*\r?$/gm,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'Pure-FTPd pure-pw(8) list output (login, home with /./ chroot marker, GECOS)',
  },
  {
    name: 'xml-person-element',
    category: 'PERSON',
    priority: 60,
    group: 2,
    keywords: ['name>', 'holder>'],
    // an element named for a person's name, read by its name as a table's column is (`<firstName>`, `<lastName>`,
    // `<cardholderName>`, `<fullName>`: payment gateway requests, SOAP and XML exports)
    re: /<([A-Za-z][A-Za-z0-9_.:-]{0,40})>([^<>\n]{1,100})<\/\1>/g,
    accept: (v: string, text: string, index: number): boolean => {
      const tag = /<([A-Za-z][A-Za-z0-9_.:-]{0,40})>$/.exec(text.slice(Math.max(0, index - 43), index));
      return (
        tag !== null && tag[1]!.toLowerCase() !== 'name' && classifyColumn(columnKey(tag[1]!), v)?.category === 'PERSON'
      );
    },
    source: SRC_CORPUS_README + ' (PERSON_NAME in XML elements: Authorize.net billTo, Worldpay, SOAP exports)',
  },
  {
    name: 'xml-phone-element',
    category: 'PHONE',
    priority: 58,
    group: 2,
    keywords: ['phone>', 'phonenumber>', 'mobile>', 'telephone>', 'tel>', 'msisdn>'],
    re: /<([A-Za-z][A-Za-z0-9_.:-]{0,40})>([^<>\n]{6,40})<\/\1>/g,
    accept: (v: string, text: string, index: number): boolean => {
      const tag = /<([A-Za-z][A-Za-z0-9_.:-]{0,40})>$/.exec(text.slice(Math.max(0, index - 43), index));
      return tag !== null && classifyColumn(columnKey(tag[1]!), v)?.category === 'PHONE';
    },
    source: SRC_CORPUS_README + ' (PHONE in XML elements)',
  },
  {
    name: 'api-login-id-setting',
    category: 'APIKEY',
    priority: 78,
    group: 1,
    keywords: ['api_login_id', 'apiloginid'],
    // Authorize.net's API login id beside its transaction key (`AUTHNET_API_LOGIN_ID=…`, `apiLoginId: …`)
    re: /\b[A-Za-z_]{0,30}(?:API_LOGIN_ID|api_login_id|apiLoginId|ApiLoginId)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?([A-Za-z0-9]{6,32})(?![A-Za-z0-9])/g,
    source: 'Authorize.net API credentials (API Login ID and Transaction Key: support.authorize.net)',
  },
  {
    name: 'form-encoded-phone',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['phone=', 'mobile=', 'tel='],
    // a phone number in a form body or IPN (`contact_phone=%2B48+633+051+753`: `+` encoded, blanks as `+`)
    re: /[?&](?:[a-z_]{0,20}phone|mobile|tel)=((?:%2B|\+)?\d{1,4}(?:\+\(?\d{1,6}\)?){1,5}(?:-\d{2,6})?)(?=[&#\s"']|$)/gi,
    source: 'WHATWG application/x-www-form-urlencoded; PayPal IPN contact_phone / night_phone_* variables',
  },
  {
    name: 'fluentd-directive-secret',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['shared_key', 'aws_sec_key', 'aws_key_id', 'self_hostname'],
    // Fluentd's forward and S3 plugins: `shared_key …` (in `<security>` and `<server>`), `aws_key_id`, `aws_sec_key`
    re: /^[ \t]{0,16}(?:shared_key|aws_sec_key|aws_key_id)[ \t]{1,8}"?([^\s"#]{6,256})"?[ \t]*\r?$/gm,
    accept: (v: string): boolean => plausibleSecretValue(v) && !FOREIGN_MASK.test(v),
    source: 'Fluentd in_forward/out_forward <security> shared_key, out_s3 aws_key_id/aws_sec_key (docs.fluentd.org)',
  },
  {
    name: 'fluentd-directive-user',
    category: 'USER',
    priority: 60,
    group: 1,
    anchors: ['user ', 'user\t', 'username ', 'username\t'],
    notAfter: /[^ \t]/,
    // a plugin's login in a Fluentd section (`<match>` / `<user>`: `user "fluentd_writer"`, `username fluentd_ops`):
    // only in a configuration with Fluentd's `@type` directives
    re: /(?:user|username)[ \t]{1,8}"?([A-Za-z0-9._@-]{1,64})"?[ \t]*\r?$/gm,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) &&
      isIndentedLineStart(text, text.lastIndexOf('user', index)) &&
      /@type[ \t]/.test(text.slice(Math.max(0, index - 3000), index + 3000)),
    source: 'Fluentd output plugin parameters user/username (docs.fluentd.org: out_elasticsearch, out_http <auth>)',
  },
  {
    name: 'liquibase-changeset-author',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['.yaml::', '.yml::', '.xml::', '.sql::', '.json::'],
    // a changeset's id as Liquibase prints it, `changelog path::id::author` (`Running Changeset: db/changes/001.yaml::1::Jane Doe`)
    re: /\.(?:ya?ml|xml|sql|json)::[^:\s]{1,64}::([^:\n]{2,80}?)[ \t]*(?=\r?\n|$|[ \t]{2})/g,
    accept: (v: string): boolean =>
      looksLikePersonName(v, false) || (/^[a-z][a-z0-9._-]{1,31}$/.test(v) && !isSystemAccount(v)),
    source: 'Liquibase changeset identifiers (changelog file::id::author, docs.liquibase.com)',
  },
  {
    name: 'log-field-person-with-login',
    category: 'PERSON',
    priority: 61,
    group: 1,
    keywords: LOG_FIELD_NAME_WITH_LOGIN_KEYWORDS,
    // a log field holding a person's name with the login in parentheses (Check Point: `src_user_name:"Jane Doe (jdoe)"`)
    // (also unquoted, as `fw log -n` prints its fields: `src_user_name: Jane Doe (jdoe);`)
    re: LOG_FIELD_NAME_WITH_LOGIN,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'Check Point Log Exporter fields src_user_name / user (sk122323)',
  },
  {
    name: 'log-field-login-after-person',
    category: 'USER',
    priority: 61,
    group: 2,
    keywords: LOG_FIELD_NAME_WITH_LOGIN_KEYWORDS,
    // (also unquoted, as `fw log -n` prints its fields: `src_user_name: Jane Doe (jdoe);`)
    re: LOG_FIELD_NAME_WITH_LOGIN,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Check Point Log Exporter fields src_user_name / user (sk122323)',
  },
  {
    name: 'log-field-machine-name',
    category: 'HOST',
    priority: 50,
    group: 1,
    keywords: ['machine_name:"', 'devicehostname='],
    // an endpoint named in a firewall or proxy log (Check Point `src_machine_name:"ws-jdoe-30@ad.example"`, Zscaler
    // `devicehostname=NB-JDOE-34`)
    re: /\b(?:src_|dst_)machine_name:"([A-Za-z0-9][A-Za-z0-9-]{0,62})(?=[@".])|\bdevicehostname=([A-Za-z0-9][A-Za-z0-9-]{0,62})(?=[\s,;]|$)/g,
    accept: (v: string): boolean => !genericRoleHost(v) && !isGenericWindowsName(v),
    source: 'Check Point Log Exporter src_machine_name; Zscaler NSS web feed devicehostname',
  },
  {
    name: 'zscaler-device-owner',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ['deviceowner='],
    re: /\bdeviceowner=([A-Za-z0-9_][A-Za-z0-9._@-]{0,63})(?=[\s,;]|$)/g,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== 'None',
    source: 'Zscaler NSS web feed deviceowner field',
  },
  {
    name: 'captive-portal-login',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ['logportalauth'],
    // pfSense captive portal (`logportalauth[…]: Zone: staff - ACCEPT: jdoe, 74:d6:bf:…, 10.0.0.5`); a voucher code is
    // the password
    re: /logportalauth\[\d{1,10}\]: Zone: \S{1,64} - (?:ACCEPT|FAILURE|DISCONNECT|CONCURRENT LOGIN - TERMINATING OLD SESSION|LOGOUT|TIMEOUT|IDLE TIMEOUT|FAILURE \(unknown user\)): ([^,\s]{1,128}),/g,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== 'unauthenticated',
    source: 'pfSense captive portal log lines (logportalauth)',
  },
  {
    name: 'captive-portal-voucher',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: ['voucher login good for'],
    re: /Voucher login good for \d{1,6} min\.: ([^,\s]{4,64}),/g,
    source: 'pfSense captive portal voucher log lines',
  },
  {
    name: 'comment-person-with-login',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: ['# '],
    notAfter: /[^ \t\n]/,
    // a peer's owner in a WireGuard or OpenVPN configuration comment (`# Daan van der Berg (vanderbergd) pixel`)
    re: COMMENT_NAME_WITH_LOGIN,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: SRC_CORPUS_README + ' (PERSON_NAME and USERNAME in configuration comments)',
  },
  {
    name: 'comment-login-after-person',
    category: 'USER',
    priority: 60,
    group: 2,
    anchors: ['# '],
    notAfter: /[^ \t\n]/,
    re: COMMENT_NAME_WITH_LOGIN,
    // (the words before the parentheses must be a person's name: `# Peer (server) config` names none)
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) &&
      looksLikePersonName(
        text.slice(lineStartWithin(text, index, 200), index - 2).replace(/^[ \t]{0,8}# {1,4}/, ''),
        true,
      ),
    source: SRC_CORPUS_README + ' (PERSON_NAME and USERNAME in configuration comments)',
  },
  {
    name: 'cef-leef-user',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ['suser=', 'duser=', 'usrname='],
    // the source and destination users of ArcSight CEF and QRadar LEEF events (`suser=jdoe`, `usrName=jdoe`)
    re: /(?<![A-Za-z0-9_])(?:suser|duser|usrName)=([^\s=|\\]{1,128})(?=[\s|]|$)/g,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== '-',
    source:
      'ArcSight CEF extension keys suser/duser (Micro Focus CEF implementation standard); IBM QRadar LEEF usrName',
  },
  {
    name: 'tsig-key-argument',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    keywords: [' -y '],
    // a TSIG key on the command line of dig or nsupdate (`-y hmac-sha256:xfer:Ayw0kw0a…=`), which dig echoes in its
    // header (`; <<>> DiG 9.20.4 <<>> @10.0.0.2 -y hmac-sha256:xfer:… example.lan AXFR`)
    re: /[ \t]-y[ \t]{1,4}(?:hmac-[a-z0-9-]{2,16}:)?[A-Za-z0-9._-]{1,64}:([A-Za-z0-9+/]{16,512}={0,2})(?![A-Za-z0-9+/=])/g,
    source: 'dig(1) and nsupdate(1) `-y [hmac:]keyname:secret` (BIND 9 manual)',
  },
  {
    name: 'txt-record-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['txt', 'descriptive text'],
    // a responsible person published in DNS as a TXT pair, name then number (`rp  IN TXT "Jane Doe" "0113 683 0965"`)
    re: /(?:\bTXT|descriptive text)[ \t]{1,12}"([^"\n]{2,80})"[ \t]{1,4}"(?=\+?[\d(][\d ()./-]{5,24}")/g,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'RFC 1183 RP / TXT records naming a zone contact; dig and host(1) output',
  },
  {
    name: 'txt-record-phone',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['txt', 'descriptive text'],
    re: /(?:\bTXT|descriptive text)[ \t]{1,12}"[^"\n]{2,80}"[ \t]{1,4}"(\+?[\d(][\d ()./-]{5,24})"/g,
    accept: (v: string, text: string, index: number): boolean =>
      looksLikePersonName(
        /"([^"\n]{2,80})"[ \t]{1,4}"$/.exec(text.slice(Math.max(0, index - 90), index))?.[1] ?? '',
        true,
      ),
    source: 'RFC 1183 RP / TXT records naming a zone contact; dig and host(1) output',
  },
  {
    name: 'acme-eab-argument',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    keywords: ['eab-hmac-key'],
    // certbot's and acme.sh's external account binding key (`--eab-hmac-key X`, certbot's debug log of its arguments:
    // `'--eab-hmac-key', 'X'`)
    re: /--eab-hmac-key['"]?(?:,[ \t]{0,2}['"]|[ \t=]{1,4}['"]?)([A-Za-z0-9_-]{16,256})/g,
    source: 'RFC 8555 §7.3.4 external account binding; certbot --eab-hmac-key, acme.sh --eab-hmac-key',
  },
  {
    name: 'whois-contact-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: ['contact:', 'contact ', 'person:', 'person ', 'holder:', 'holder '],
    notAfter: /[^\n]/,
    // whois objects that name a person (AFNIC `contact:   Jane Doe`, RIPE `person:`)
    re: /(?:contact|person|holder)[ \t]{0,4}:[ \t]{1,40}([^\n]{2,80}?)[ \t]*\r?$/gm,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'AFNIC and RIPE whois object formats (contact:, person:)',
  },
  {
    name: 'spew-dump-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [': (string) (len='],
    // go-spew's `spew.Dump` of a struct: `Name: (string) (len=12) "Giulia Russo",` (the field read by its name)
    re: /\b[A-Za-z_][A-Za-z0-9_]{0,40}: \(string\) \(len=\d{1,6}\) "([^"\n]{1,200})"/g,
    accept: (v: string, text: string, index: number): boolean => {
      const key = /([A-Za-z_][A-Za-z0-9_]{0,40}): \(string\) \(len=\d{1,6}\) "$/.exec(
        text.slice(Math.max(0, index - 70), index),
      );
      return key !== null && classifyColumn(columnKey(key[1]!), v)?.category === 'PERSON';
    },
    source: 'github.com/davecgh/go-spew Dump output (field: (type) (len=N) value)',
  },
  {
    name: 'authorize-net-login-id',
    category: 'APIKEY',
    priority: 80,
    group: 1,
    keywords: ['merchantauthentication>'],
    // Authorize.net's API login id: `<merchantAuthentication><name>…</name><transactionKey>…</transactionKey>`
    re: /<merchantAuthentication>\s{0,40}<name>([^<\s]{4,64})<\/name>/g,
    source: 'Authorize.net API merchantAuthentication (developer.authorize.net/api/reference: name, transactionKey)',
  },
  {
    name: 'mosquitto-bridge-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['remote_username'],
    // a bridge's login in mosquitto.conf (`remote_username bridge-flat8`; a client's in the log is
    // `mosquitto-client-username`'s)
    re: /^[ \t]{0,8}remote_username[ \t]{1,8}(\S{1,128})/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'mosquitto.conf(5) bridge remote_username',
  },
  {
    name: 'hikari-config-user',
    category: 'DBUSER',
    priority: 60,
    group: 1,
    // HikariCP's DEBUG dump of its configuration (`com.zaxxer.hikari.HikariConfig : username......"orders_app"`)
    keywords: ['username....'],
    re: /\busername\.{4,60}"([^"\n]{1,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'HikariCP HikariConfig.logConfiguration (DEBUG): each property name padded with dots, then its value',
  },
  {
    name: 'go-printed-person',
    category: 'PERSON',
    priority: 58,
    group: 1,
    // a person's name in a Go map printed with `%v` (`variables="map[input:map[email:… fullName:Giulia Esposito …]]"`,
    // logrus and gqlgen logs): the words up to the next `key:` or the closing bracket
    keywords: ['name:'],
    // (and a struct printed with `%+v`: `user=&{ID:20190 Username:jdoe Name:Oliver Hughes Roles:[admin]}`)
    re: /(?<=[[{ ])(?:full|first|last|display|given|family|sur)?_?[Nn]ame:(\p{Lu}[\p{L}\p{M}'’-]{0,30}(?: \p{Lu}[\p{L}\p{M}'’-]{0,30}){0,3})(?= [A-Za-z_][A-Za-z0-9_]{0,40}:|[\]}])/gu,
    accept: (v: string, text: string, index: number): boolean => {
      // a bare `name` names anything (`map[name:Ingress kind:Service]`): two words or more there
      if (!looksLikePersonName(v, /[[{ ][Nn]ame:$/.test(text.slice(Math.max(0, index - 6), index)))) return false;
      const before = text.slice(lineStartWithin(text, index, 4096), index);
      return before.includes('map[') || before.includes('&{');
    },
    source: 'Go fmt `%v` of a map and `%+v` of a struct pointer (pkg.go.dev/fmt) in resolver and request logs',
  },
  {
    name: 'session-store-key',
    category: 'TOKEN',
    priority: 70,
    group: 1,
    // a key of a session or reset-token store as `redis-cli --scan` / `KEYS *` list them (`laravel_database_session:…`,
    // `myapp:sess:…`, `PHPREDIS_SESSION:…`, `pwreset:…`): its last segment is the session id or token
    keywords: ['session:', 'sess:', 'pwreset:', 'password_reset:', 'remember:'],
    re: /(?<![A-Za-z0-9])(?:session|sess|pwreset|password_reset|remember)s?:([A-Za-z0-9_-]{16,128})(?=["'\s]|$)/gi,
    accept: (v: string): boolean => /\d/.test(v) && /[A-Za-z]/.test(v) && shannonEntropy(v) >= 3.2,
    source:
      'session and reset-token store keys: Laravel cache prefix `<app>_database_` (laravel.com/docs/redis), phpredis `PHPREDIS_SESSION:`, connect-redis `sess:`',
  },
  {
    name: 'mongo-session-id',
    category: 'TOKEN',
    priority: 70,
    group: 1,
    // express-session documents of connect-mongo (`mongoexport -c sessions`): `{"_id":"<session id>","expires":…`
    keywords: ['","expires":'],
    re: /"_id":"([A-Za-z0-9_-]{20,128})","expires":/g,
    source:
      'connect-mongo session documents (github.com/jdesboeufs/connect-mongo: _id is the session id, expires, session)',
  },
  {
    name: 'composer-list-bearer',
    category: 'TOKEN',
    priority: 76,
    group: 1,
    anchors: ['[bearer.'],
    // `composer config --list` prints auth.json entries as `[bearer.<host>] <token>` (getcomposer.org/doc/articles/authentication-for-private-packages.md)
    re: /\[bearer\.[^\]\s]{1,253}\][ \t]+(\S{8,512})/g,
    source: 'Composer `config --list` output of bearer authentication',
  },
  {
    name: 'composer-list-user',
    category: 'USER',
    priority: 60,
    group: 1,
    anchors: ['[http-basic.'],
    re: /\[http-basic\.[^\]\s]{1,253}\.username\][ \t]+([^\s]{1,128})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Composer `config --list` output of http-basic authentication',
  },
  {
    name: 'postgres-log-prefix-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['@'],
    // Debian's and Ubuntu's default `log_line_prefix = '%m [%p] %q%u@%d '`: `… [1668] app_rw@shop LOG:  …`
    re: /\] ([A-Za-z_][A-Za-z0-9_.-]{0,62})@[A-Za-z0-9_$.-]{1,63} (?=(?:LOG|ERROR|FATAL|WARNING|STATEMENT|DETAIL|HINT|CONTEXT|NOTICE|PANIC|LOCATION|DEBUG\d?|[A-ZÄÖÜÉÈÊÀÂÇÑ]{3,12}):)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'PostgreSQL log_line_prefix %u@%d (Debian/Ubuntu postgresql-common default `%m [%p] %q%u@%d `)',
  },
  {
    name: 'numbered-row-login-before-email',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['@'],
    // (only lines that start with a row number: `@` is on every line of a mail log)
    lineGate: NUMBERED_ROW_START,
    // a user listing printed as `id login email full name …` (a Django or Rails shell's `print(u.id, u.username,
    // u.email, …)`): a login-shaped word between the row's number and an address
    re: new RegExp(`${NUMBERED_ROW_ADDRESS}(?![A-Za-z0-9.-])`, 'gm'),
    accept: (v: string): boolean => !isSystemAccount(v) && !/[._-]$/.test(v),
    source: SRC_CORPUS_README + ' (USERNAME); numbered user listings from application shells',
  },
  {
    name: 'numbered-row-name-after-email',
    category: 'PERSON',
    priority: 55,
    group: 1,
    keywords: ['@'],
    // (only lines that start with a row number: `@` is on every line of a mail log)
    lineGate: NUMBERED_ROW_START,
    // the same listing's full name after the address, up to a date, a number or the end of the line
    // (the row's login is group 1 of the shared source, made non-capturing here)
    re: new RegExp(
      `${NUMBERED_ROW_ADDRESS.replace('([a-z]', '(?:[a-z]')}[ \\t]{1,8}([^\\s\\d][^\\t\\n\\d]{0,60}?)(?=[ \\t]{1,8}(?:\\d|None\\b|null\\b|NULL\\b|nil\\b|-[ \\t]|True\\b|False\\b|true\\b|false\\b)|[ \\t]*\\r?$)`,
      'gm',
    ),
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: SRC_CORPUS_README + ' (PERSON_NAME); numbered user listings from application shells',
  },
  ...loginAndSecret({
    name: 'registry-creds-flag',
    // skopeo's `--creds`, `--src-creds`, `--dest-creds` and `--from-creds`/`--to-creds` take `USERNAME[:PASSWORD]`
    re: '(?:^|[ \\t])--(?:src-|dest-|from-|to-)?creds(?:=|[ \\t]{1,4})[\'"]?([A-Za-z0-9][A-Za-z0-9._@+$-]{0,127}):([^\\s\'"]{1,256})',
    flags: 'm',
    login: { category: 'USER', priority: 62 },
    secret: { category: 'PASSWORD', priority: 80 },
    acceptSecret: (v: string): boolean => !/^[$%]\{?[A-Za-z_]/.test(v),
    keywords: ['creds'],
    source: 'skopeo(1) copy/inspect --creds USERNAME[:PASSWORD] (github.com/containers/skopeo docs)',
  }),
  {
    name: 'distribution-auth-user',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ['auth.user.name'],
    // CNCF distribution (registry:2) logs the authenticated user as a logrus field: `auth.user.name=jdoe` or
    // `"auth.user.name":"jdoe"`
    re: /\bauth\.user\.name"?[ \t]{0,2}[=:][ \t]{0,2}"?([A-Za-z0-9][A-Za-z0-9._@+$-]{0,127})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'CNCF distribution registry access logs (auth.user.name context field)',
  },
  {
    name: 'distribution-auth-failure-user',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ['error authenticating user'],
    // the htpasswd access controller's failure: `msg="error authenticating user \"jdoe\": authentication failure"`
    re: /error authenticating user \\?"([^"\\\s]{1,128})\\?"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'CNCF distribution registry htpasswd access controller log messages',
  },
  {
    name: 'toml-registry-auth',
    category: 'AUTH',
    priority: 88,
    group: 1,
    keywords: ['auth ='],
    // containerd's `[plugins."io.containerd.grpc.v1.cri".registry.configs."…".auth]` table: `auth = "<base64 user:pass>"`
    re: /^[ \t]{0,16}auth[ \t]{0,4}=[ \t]{0,4}"([A-Za-z0-9+/]{8,4096}={0,2})"/gm,
    accept: (v: string): boolean => Buffer.from(v, 'base64').toString('latin1').includes(':'),
    source: 'containerd CRI registry configs (github.com/containerd/containerd docs/cri/registry.md: auth field)',
  },
  {
    name: 'harbor-robot-account',
    category: 'USER',
    priority: 60,
    group: 0,
    anchors: ['robot$'],
    // Harbor names robot accounts `robot$<project>+<name>` (or `robot$<name>` system-wide; the prefix is configurable)
    re: /robot\$[A-Za-z0-9][A-Za-z0-9._-]{0,127}(?:\+[A-Za-z0-9][A-Za-z0-9._-]{0,127})?/g,
    source: 'Harbor robot accounts (goharbor.io docs: robot account name prefix robot$)',
  },
  {
    name: 'doveadm-who-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: [' imap ', ' pop3 ', ' submission ', ' managesieve ', ' lmtp '],
    // `doveadm who`: `username  #  proto  (pids)  (ips)` rows, the login first (an address is the e-mail rule's)
    re: /^([A-Za-z0-9._-]{1,64})[ \t]+\d{1,5}[ \t]+(?:imap|pop3|submission|managesieve|lmtp)[ \t]+\(/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Dovecot doveadm-who(1) output columns username, #, proto, (pids), (ips)',
  },
  {
    name: 'nginx-basic-auth-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['": password mismatch', '" was not found in'],
    // ngx_http_auth_basic_module error log: `user "jdoe": password mismatch`, `user "jdoe" was not found in "…"`
    re: /\buser "([^"\n]{1,64})"(?=: password mismatch| was not found in)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'nginx ngx_http_auth_basic_module error messages',
  },
  {
    name: 'magento-crypt-key',
    category: 'APIKEY',
    priority: 80,
    group: 1,
    anchors: ["'crypt'"],
    // Magento `app/etc/env.php`: `'crypt' => ['key' => '<32 hex digits or base64…>']` (the encryption key)
    re: /'crypt'[ \t]*=>[ \t]*(?:\[|array[ \t]*\()\s{0,40}'key'[ \t]*=>[ \t]*'([^'\n]{16,512})'/g,
    source: 'Magento 2 app/etc/env.php crypt/key (experienceleague.adobe.com: env.php reference)',
  },
  {
    name: 'python-name-email-tuple',
    category: 'PERSON',
    priority: 58,
    group: 2,
    keywords: ["', '", '", "', "','", '","'],
    // Django `ADMINS` / `MANAGERS` and other (name, e-mail) pairs: `('José García', 'joseg@example.com')`
    re: /\((\s{0,4})['"]([^'"\n]{2,80})['"][ \t]{0,4},[ \t]{0,4}['"][A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}['"]\s{0,4},?\s{0,4}\)/g,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'Django settings ADMINS and MANAGERS: a list of (full name, email address) tuples (docs.djangoproject.com)',
  },
  {
    name: 'ldap-dn-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['uid=', 'cn=', 'samaccountname='],
    // a login as an LDAP entry's first RDN (`uid=jdoe,ou=people,dc=…`, slapd `BIND dn="cn=svc_ci,ou=services,…"`) or in a
    // search filter (`(uid=jdoe)`, `(sAMAccountName=jdoe)`); `cn=` with blanks is a person's name, left to the name rules
    re: /(?<![A-Za-z0-9])(?:uid|cn|sAMAccountName)=([A-Za-z0-9._-]{2,64})(?=,(?:ou|dc|cn|o)=|\))/gi,
    // (an entry under a groups or roles branch is a group: `cn=linux-admins,ou=groups,dc=…`)
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) &&
      !LDAP_NOT_LOGIN.test(v) &&
      !LDAP_GROUP_BRANCH.test(text.slice(index + v.length, index + v.length + 24)),
    source: 'LDAP DNs (RFC 4514) and search filters (RFC 4515) naming entries by uid, cn or sAMAccountName',
  },
  {
    name: 'ldap-member-uid',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['memberuid'],
    // a posixGroup's members by login (RFC 2307 memberUid), as LDIF prints them or a filter names one
    re: /(?:^memberUid:[ \t]{1,4}|\(memberUid=)([A-Za-z0-9._-]{1,64})(?=[ \t]*\r?$|\))/gim,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'RFC 2307 posixGroup memberUid attribute (LDIF, RFC 2849)',
  },
  {
    name: 'klist-key',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['(0x'],
    // `klist -kteK` prints each keytab key after its enctype: `(aes256-cts-hmac-sha1-96)  (0x9f…)` — the long-term key,
    // password-equivalent
    re: /\((?:aes|des|des3|rc4|arcfour|camellia)[A-Za-z0-9-]{0,40}\)[ \t]{1,8}\((0x[0-9a-fA-F]{16,256})\)/g,
    source: 'MIT krb5 klist(1) -K (display the value of each key in the keytab)',
  },
  {
    name: 'kadmin-pw-flag',
    category: 'PASSWORD',
    priority: 80,
    group: 2,
    keywords: [' -pw '],
    // kadmin's `addprinc -pw PASSWORD principal`, `cpw -pw PASSWORD principal`, `ank -pw …`
    re: /(?:^|[ \t:])(?:addprinc|add_principal|ank|cpw|change_password|modprinc)(?:[ \t]{1,4}-[A-Za-z+]{1,20}(?:[ \t]{1,4}[^\s-]\S{0,40})?){0,4}[ \t]{1,4}-pw[ \t]{1,4}(['"]?)(\S{1,256}?)\1(?=[ \t]|\r?$)/gm,
    source: 'MIT krb5 kadmin(1) add_principal / change_password -pw password',
  },
  {
    name: 'pam-lockout-user',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['login failures for user ', 'pam_tally'],
    // pam_faillock(8) `Consecutive login failures for user jdoe account temporarily locked`, pam_tally2(8)
    // `pam_tally2(sshd:auth): user jdoe (1004) tally 6, deny 3`
    re: /(?:Consecutive login failures for user |pam_tally2?\([^)\n]{0,40}\): user )([A-Za-z0-9._@-]{1,64}[A-Za-z0-9_-])(?=[ \t])/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'pam_faillock(8) and pam_tally2(8) syslog messages (linux-pam modules)',
  },
  {
    name: 'adcli-short-domain',
    category: 'HOST',
    priority: 60,
    group: 1,
    keywords: ['short domain name:'],
    // `adcli join -v`: `* Looked up short domain name: CORP` (the NetBIOS name of the customer's AD domain)
    re: /Looked up short domain name: ([A-Z0-9][A-Z0-9_-]{1,14})\b/g,
    source: 'adcli(8) join --verbose output',
  },
  {
    name: 'jenkins-started-by',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['started by '],
    // a Jenkins build's cause (`Started by user Jane Doe`, `Started by GitLab push by Jane Doe`): a display name, or a
    // login when it has no blank
    re: new RegExp(`^${JENKINS_CAUSE}[ \\t]+([^\\n]{2,100}?)[ \\t]*\\r?$`, 'gm'),
    accept: (v: string): boolean => looksLikePersonName(v, false) && !/^(?:anonymous|SYSTEM|admin)$/i.test(v),
    source:
      'Jenkins build causes (hudson.model.Cause$UserIdCause, GitLab/GitHub push triggers) at the top of a console log',
  },
  {
    name: 'jenkins-started-by-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['started by '],
    re: new RegExp(`^${JENKINS_CAUSE}[ \\t]+([A-Za-z0-9._-]{2,64})[ \\t]*\\r?$`, 'gm'),
    accept: (v: string): boolean => !isSystemAccount(v) && !/^(?:anonymous|SYSTEM)$/i.test(v),
    source: 'Jenkins build causes (a user id when no display name is set)',
  },
  {
    name: 'actions-context-actor',
    category: 'USER',
    priority: 57,
    group: 2,
    anchors: ['"k": "', '"k":"'],
    // a GitHub Actions runner's job message (`_diag/Worker_*.log`): context data as `{"k": "actor", "v": "jdoe"}`
    re: /"k"[ \t]{0,4}:[ \t]{0,4}"(actor|triggering_actor|sender|author|committer|username|login)"[ \t]{0,4},\s{0,200}"v"[ \t]{0,4}:[ \t]{0,4}"([A-Za-z0-9._-]{1,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !/\[bot\]$/.test(v),
    source: 'GitHub Actions runner job message context data (k/v pairs: github.actor, triggering_actor)',
  },
  {
    name: 'actions-context-name',
    category: 'PERSON',
    priority: 57,
    group: 1,
    anchors: ['"k": "name"', '"k":"name"'],
    re: /"k"[ \t]{0,4}:[ \t]{0,4}"name"[ \t]{0,4},\s{0,200}"v"[ \t]{0,4}:[ \t]{0,4}"([^"\n]{2,100})"/g,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'GitHub Actions runner job message context data (an author or committer name)',
  },
  {
    name: 'nagios-contact-name',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['contact_name'],
    re: /^[ \t]+contact_name[ \t]+([A-Za-z0-9._@-]{1,64})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^(?:nagiosadmin|icingaadmin)$/i.test(v),
    source: 'Nagios/Icinga 1 object definitions: define contact { contact_name, alias, email, pager }',
  },
  {
    name: 'nagios-contact-alias',
    category: 'PERSON',
    priority: 58,
    group: 1,
    anchors: ['define contact'],
    // the contact's `alias` (its full name) within the same `define contact { … }` block
    re: /define contact[ \t]*\{[^}]{0,800}?\n[ \t]+alias[ \t]+([^\n;]{2,100}?)[ \t]*\r?\n/g,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'Nagios/Icinga 1 object definitions: define contact { contact_name, alias, email, pager }',
  },
  {
    name: 'nagios-contact-pager',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['pager'],
    // Icinga 2 writes the attribute as `pager = "(045) 6565 3794"`
    re: /^[ \t]+pager[ \t]+(?:=[ \t]*"?)?(\+?[0-9(][0-9 ()./-]{5,30}[0-9])"?[ \t]*\r?$/gm,
    source: "Nagios/Icinga 1 object definitions and Icinga 2 `User` objects: a contact's pager number",
  },
  {
    name: 'icinga2-user-object',
    category: 'USER',
    priority: 58,
    group: 1,
    anchors: ['object user "', 'object apiuser "'],
    re: /object (?:User|ApiUser) "([A-Za-z0-9._@-]{1,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^(?:nagiosadmin|icingaadmin)$/i.test(v),
    source: 'Icinga 2 object configuration: `object User "<login>"` and `object ApiUser "<login>"` (icinga.com/docs)',
  },
  {
    name: 'nagios-resource-macro',
    category: 'PASSWORD',
    priority: 58,
    group: 1,
    keywords: ['$user'],
    // resource.cfg's `$USERn$` macros hold "sensitive information such as usernames and passwords" (Nagios Core docs,
    // "Standard Macros"); $USER1$ and $USER2$ are by convention the plugin and event-handler paths, which stay
    re: /^\$USER(?:[2-9]|[1-9][0-9]{1,2})\$=([^\s/$][^\n]{0,255}?)[ \t]*\r?$/gm,
    source: 'Nagios Core resource.cfg: $USERn$ macros for credentials (nagios.org docs, Standard Macros)',
  },
  {
    name: 'zabbix-media-sendto-phone',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['"sendto"'],
    // a user's SMS medium in `user.get` with `selectMedias` (an e-mail medium is read by the e-mail scanner)
    re: /"sendto"[ \t]{0,4}:[ \t]{0,4}"(\+?[0-9(][0-9 ()./-]{5,30}[0-9])"/g,
    source: 'Zabbix API user.get selectMedias: the `sendto` address of an SMS medium',
  },
  {
    name: 'datadog-nested-api-key',
    category: 'APIKEY',
    priority: 70,
    group: 1,
    anchors: ['api:'],
    // Datadog's YAML (the OpenTelemetry Collector's `datadog` exporter, datadog.yaml's `api:` block): `api:` and, a few
    // lines under it, `key:` with the 32-hex API key
    re: /api:[ \t]*\r?\n(?:[ \t]+[A-Za-z_]{1,40}:[^\n]{0,200}\n){0,4}[ \t]+key:[ \t]*["']?([0-9a-f]{32})["']?[ \t]*\r?$/gm,
    source: 'Datadog API keys (32 hex) under `api: key:` (OpenTelemetry Collector datadog exporter configuration)',
  },
  {
    name: 'spaced-api-key',
    category: 'APIKEY',
    priority: 70,
    group: 1,
    keywords: ['api key'],
    // netdata's stream.conf `[stream]` section: `api key = 11111111-2222-3333-4444-555555555555`
    re: /^[ \t]*api key[ \t]*=[ \t]*([^\s#;][^\s]{7,255})[ \t]*\r?$/gim,
    source: 'netdata stream.conf `api key = <uuid>` (learn.netdata.cloud streaming configuration)',
  },
  {
    name: 'wireguard-dump-private-key',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    // `wg show <if> dump` prints an interface's private key first, tab-separated: [interface,] private key, public
    // key, listen port, fwmark; the public key and the peers' lines are public
    keywords: ['=\t'],
    re: /^(?:[A-Za-z0-9_.@-]{1,15}\t)?([A-Za-z0-9+/]{43}=)\t(?:[A-Za-z0-9+/]{43}=|\(none\))\t\d{1,5}\t(?:off|0x[0-9a-f]{1,8}|\d{1,10})\r?$/gm,
    source: 'wg(8) `show … dump`: the interface line is private-key, public-key, listen-port, fwmark',
  },
  {
    name: 'wireguard-dump-preshared-key',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    // a peer's line: [interface,] public key, preshared key (`(none)` when unset), endpoint, allowed IPs, handshake,
    // rx, tx, keepalive
    keywords: ['=\t'],
    re: /^(?:[A-Za-z0-9_.@-]{1,15}\t)?[A-Za-z0-9+/]{43}=\t([A-Za-z0-9+/]{43}=)\t[^\t\n]{1,300}\t[^\t\n]{0,4000}\t\d{1,20}\t\d{1,20}\t\d{1,20}\t(?:off|\d{1,5})\r?$/gm,
    source:
      'wg(8) `show … dump`: a peer line is public-key, preshared-key, endpoint, allowed-ips, latest-handshake, transfer-rx, transfer-tx, persistent-keepalive',
  },
  {
    name: 'netrc-login',
    category: 'USER',
    priority: 78,
    group: 1,
    anchors: ['machine'],
    notAfter: /[A-Za-z0-9_-]/,
    re: netrcToken('login', ['account', 'port', 'password'], 128),
    accept: (v: string): boolean => !v.includes('@') && !isSystemAccount(v),
    source: SRC_NETRC,
  },
  {
    name: 'netrc-password',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    anchors: ['machine'],
    notAfter: /[A-Za-z0-9_-]/,
    re: netrcToken('password', ['account', 'port', 'login'], 256),
    source: SRC_NETRC,
  },
  {
    name: 'chpasswd-password',
    category: 'PASSWORD',
    priority: 78,
    group: 3,
    keywords: ['chpasswd'],
    // `echo 'user:password' | sudo chpasswd` in a shell history or a provisioning script
    re: new RegExp(CHPASSWD_ECHO, 'g'),
    source: 'chpasswd(8) input `user:password` on standard input',
  },
  {
    name: 'chpasswd-user',
    category: 'USER',
    priority: 78,
    group: 2,
    keywords: ['chpasswd'],
    re: new RegExp(CHPASSWD_ECHO, 'g'),
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'chpasswd(8) input `user:password` on standard input',
  },
  {
    name: 'npmrc-username',
    category: 'USER',
    priority: 70,
    group: 1,
    keywords: ['/:username='],
    re: /\/:username=([^\s"']{1,128})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'npm registry-scoped credentials `//registry/path/:username=` (docs.npmjs.com/cli/configuring-npm/npmrc)',
  },
  {
    name: 'aws-iam-arn-user',
    category: 'USER',
    priority: 70,
    group: 1,
    keywords: ['arn:aws'],
    // the IAM user (or MFA device, named after its user by default) an ARN names: `arn:aws:iam::123:user/jdoe`,
    // `mfa_serial = arn:aws:iam::123:mfa/jdoe`
    re: /arn:aws[a-z-]{0,12}:(?:iam|sts)::\d{12}:(?:user|mfa)\/(?:[A-Za-z0-9+=,.@_-]{1,64}\/)*([A-Za-z0-9+=,.@_-]{1,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source:
      'AWS IAM ARNs arn:aws:iam::account:user/path/name and :mfa/name (docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html)',
  },
  {
    name: 'uri-auth-parameter',
    category: 'CONNSTR',
    priority: 81,
    group: 0,
    keywords: ['auth=', 'password=', 'requirepass='],
    // a session or cache address with its password as a query parameter: PHP `session.save_path =
    // "tcp://10.0.0.5:6379?auth=…"` (phpredis), `redis://host:6379?password=…`
    re: /\b(?:tcp|redis|rediss|unix|memcached?|tls):\/\/[^\s"'?]{1,512}\?(?:[^\s"'&]{1,256}&)*?(?:auth|password|requirepass)=[^\s"'&]{1,256}(?:&[^\s"']{0,512})?/gi,
    source: 'phpredis session.save_path `tcp://host:port?auth=` (github.com/phpredis/phpredis#php-session-handler)',
  },
  {
    name: 'terraform-sensitive-output',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    anchors: ['"sensitive"'],
    // `terraform output -json`: an output marked sensitive prints its value in clear (keys sorted: sensitive, type, value)
    re: /"sensitive"[ \t]{0,4}:[ \t]{0,4}true,?\s{0,200}(?:"type"[ \t]{0,4}:[ \t]{0,4}(?:"[^"\n]{0,100}"|\[[^\]\n]{0,200}\]),?\s{0,200})?"value"[ \t]{0,4}:[ \t]{0,4}"((?:[^"\\\n]|\\.){1,4096})"/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'terraform output -json (developer.hashicorp.com/terraform/cli/commands/output): sensitive outputs',
  },
  {
    name: 'terraform-random-password-result',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['"result"'],
    // the `result` attribute of a `random_password` resource in `terraform show -json` / state
    re: /"result"[ \t]{0,4}:[ \t]{0,4}"((?:[^"\\\n]|\\.){1,1024})"/g,
    accept: (v: string, text: string, index: number): boolean =>
      plausibleSecretValue(v) && text.slice(Math.max(0, index - 3000), index).includes('random_password'),
    source: 'hashicorp/random random_password result (registry.terraform.io/providers/hashicorp/random)',
  },
  {
    name: 'ssm-securestring-value',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    anchors: ['"securestring"'],
    // `aws ssm get-parameter(s) --with-decryption`: the `Value` right after `"Type": "SecureString"`
    re: /"SecureString"[ \t]{0,4},?\s{0,200}"Value"[ \t]{0,4}:[ \t]{0,4}"((?:[^"\\\n]|\\.){1,4096})"/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'AWS Systems Manager Parameter Store SecureString parameters (docs.aws.amazon.com/systems-manager)',
  },
  {
    name: 'azure-storage-account-key',
    category: 'APIKEY',
    priority: 88,
    group: 1,
    anchors: ['"keyname"'],
    // `az storage account keys list`: `{"creationTime": …, "keyName": "key1", "permissions": "FULL", "value": "…"}`
    re: /"keyName"[ \t]{0,4}:[ \t]{0,4}"key\d",?\s{0,200}(?:"permissions"[ \t]{0,4}:[ \t]{0,4}"[^"\n]{0,20}",?\s{0,200})?"value"[ \t]{0,4}:[ \t]{0,4}"([A-Za-z0-9+/=]{40,128})"/g,
    source: 'Azure CLI az storage account keys list output (learn.microsoft.com/cli/azure/storage/account/keys)',
  },
  {
    name: 'argv-list-secret',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    anchors: ['- --', '- "--', "- '--"],
    // a YAML argv list (`command:` in compose and Kubernetes) with a secret flag and its value as the next item
    re: /- ["']?--(?:requirepass|masterauth|password|pass|passwd|token|secret|api-key|auth)["']?[ \t]*\r?\n[ \t]*- ["']?([^\s"']{1,256})/g,
    accept: (v: string): boolean => plausibleSecretValue(v) && !v.startsWith('-'),
    source: 'Compose and Kubernetes container command/args lists (YAML sequences)',
  },
  {
    name: 'gitlab-token',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    keywords: ['gl'],
    notAfter: /[A-Za-z0-9]/,
    re: /gl(?:pat|dt|rt|ptt|ft|imt|agent|oas|soat|cbt)-[A-Za-z0-9_-]{20,255}/g,
    source: 'GitLab token prefixes (docs.gitlab.com/ee/security/token_overview)',
  },
  {
    name: 'slack-token',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    keywords: ['xox'],
    notAfter: /[A-Za-z0-9]/,
    re: /xox[abposre]-[A-Za-z0-9-]{10,250}/g,
    source: 'Slack token prefixes (api.slack.com/authentication/token-types)',
  },
  {
    name: 'openai-anthropic-key',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    keywords: ['sk-'],
    notAfter: /[A-Za-z0-9]/,
    re: /sk-(?:proj-|ant-[a-z0-9]{2,10}-|svcacct-|admin-)?[A-Za-z0-9_-]{20,250}/g,
    source: 'OpenAI (sk-, sk-proj-) and Anthropic (sk-ant-api03-) key formats',
  },
  {
    name: 'google-api-key',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    keywords: ['aiza'],
    notAfter: /[A-Za-z0-9]/,
    re: /AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
    source: 'Google API key format (cloud.google.com/docs/authentication/api-keys)',
  },
  {
    name: 'sendgrid-key',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    keywords: ['sg.'],
    notAfter: /[A-Za-z0-9]/,
    re: /SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/g,
    source: 'SendGrid API key format (SG.<id>.<secret>)',
  },
  {
    name: 'npm-token',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    keywords: ['npm_'],
    notAfter: /[A-Za-z0-9]/,
    re: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g,
    source: 'npm access token format (github.blog 2021-09-23 npm token format)',
  },
  {
    name: 'pypi-token',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    keywords: ['pypi-'],
    re: /pypi-AgE[A-Za-z0-9_-]{50,1000}/g,
    source: 'PyPI API token format (pypi.org/help/#apitoken)',
  },
  {
    name: 'mailgun-key',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    keywords: ['key-'],
    notAfter: /[A-Za-z0-9]/,
    re: /key-[0-9a-f]{32}(?![A-Za-z0-9])/g,
    source: 'Mailgun private API key format (key-<32 hex>)',
  },
  {
    name: 'twilio-key',
    category: 'APIKEY',
    priority: 92,
    group: 0,
    anchors: ['sk', 'ac'],
    notAfter: /[A-Za-z0-9]/,
    re: /(?:SK|AC)[0-9a-f]{32}(?![A-Za-z0-9])/g,
    source: 'Twilio API key SID / account SID format',
  },
  {
    name: 'azure-storage-key',
    category: 'APIKEY',
    priority: 92,
    group: 1,
    keywords: ['accountkey'],
    // (System.Text.Json escapes `+` as `\u002B` in appsettings.json written by .NET: the key's length then varies)
    re: /AccountKey=((?:[A-Za-z0-9+/]|\\u002[Bb]|\\u002[Ff]){86,400}={0,2})/g,
    source: 'Azure Storage connection string AccountKey (learn.microsoft.com storage-configure-connection-string)',
  },
  {
    name: 'json-escaped-plus-phone',
    category: 'PHONE',
    priority: 56,
    group: 0,
    keywords: ['\\u002b'],
    // an international number whose `+` a JSON writer escaped (.NET's System.Text.Json writes `\u002B31 6 0694 4188`)
    re: /\\u002[Bb]\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,6}(?![\d])/g,
    accept: (v: string): boolean => (v.slice(6).match(/\d/g)?.length ?? 0) >= 8,
    source: 'E.164 numbers (ITU-T E.164) as RFC 8259 §7 escapes the plus sign',
  },
  {
    name: 'docker-auth',
    category: 'AUTH',
    priority: 90,
    group: 2,
    keywords: ['"auth"', '\\"auth\\"'],
    // also JSON-escaped inside a string (`DOCKER_AUTH_CONFIG={\"auths\":{…{\"auth\":\"dGhv…\"}}}` in `docker inspect`)
    re: /(\\?)"auth\1"\s{0,4}:\s{0,4}\1"([A-Za-z0-9+/=]{8,4096})\1"/g,
    // Azure Container Registry's placeholder beside an `identitytoken`: the null GUID and no password
    // (learn.microsoft.com, "az acr login --expose-token")
    accept: (v: string): boolean => v !== NULL_GUID_LOGIN_BASE64,
    source: 'Docker config.json registry auths (docs.docker.com/reference/cli/docker/login)',
  },
  {
    name: 'laravel-app-key',
    category: 'APPKEY',
    priority: 80,
    group: 1,
    keywords: ['app_key', 'app_previous_keys'],
    // (also as phpinfo() prints the environment: `APP_KEY => base64:…`, `$_SERVER['APP_KEY'] => base64:…`)
    // (the whole value with its `base64:` prefix, as the architecture document §06 writes `APP_KEY=[APPKEY_REDACTED]`)
    re: /\bAPP_(?:PREVIOUS_)?KEYS?(?:'\])?[ \t]{0,4}=>?[ \t]{0,4}["']?([^\s"'#]{1,4000})/g,
    // `sed 's/=.*/=***/' .env` prints a mask, not the key
    accept: (v: string): boolean => !(v.length <= 12 && FOREIGN_MASK.test(v)),
    source:
      'Laravel APP_KEY and APP_PREVIOUS_KEYS (laravel.com/docs/encryption, key rotation); document §06 [APPKEY_REDACTED]',
  },
  {
    name: 'authorization-header',
    category: 'AUTH',
    priority: 86,
    group: 1,
    keywords: ['authorization', 'cookie'],
    // also as JSON header maps print them (Caddy `"Cookie":["…"]`, Traefik `"request_Cookie":"…"`)
    // any auth-scheme (RFC 9110 §11.4: a token) before the credentials: Basic, Bearer, Digest, AWS4-HMAC-SHA256, and the
    // providers' own (Okta `SSWS`, Discord `Bot`, MessageBird `AccessKey`, Zoho `Zoho-oauthtoken`)
    // (an HTTP request printed in a JSON string has its header lines after a `\r\n` escape: Suricata's `payload_printable`)
    re: /(?:(?<![A-Za-z0-9])|(?<=\\[rn]))(?:Proxy-)?(?:Authorization|Cookie|Set-Cookie)["']?[ \t]{0,4}[:=][ \t]{0,4}(?:\[[ \t]{0,4})?["']?((?:[A-Za-z][A-Za-z0-9!#$%&*+.^_|~-]{0,40}[ \t]{1,4})?(?:[^\s"',;}\]\\]|\\(?![rn])){1,4096})/gi,
    // a value the logger masked already (`"Authorization":["REDACTED"]`, GitHub Actions' `AUTHORIZATION: basic ***`)
    // (the value stops before a `]`, so Sentry's `"[Filtered]"` arrives as `[Filtered`)
    // (dig prints the EDNS server cookie it got: `; COOKIE: f7b63cc3…e3850f16 (good)`, no HTTP cookie)
    accept: (v: string, text: string, index: number): boolean => {
      const x = v.replace(/^[A-Za-z][A-Za-z0-9!#$%&*+.^_|~-]{0,40}[ \t]+/, '');
      if (/^[0-9a-f]{16,80}$/.test(v) && text.startsWith('; COOKIE: ', index - 10)) return false;
      // a switch, not a credential (mongod.conf `security: authorization: enabled`)
      if (BOOLEAN_LIKE.test(v) || SWITCH_VALUE.test(v)) return false;
      // a string built in code: a Python f-string's prefix (`{"Authorization": f"Token {API_TOKEN}"}`), a template
      // literal's scheme before its placeholder (`` `Bearer ${API_TOKEN}` ``)
      const after = text.charCodeAt(index + v.length);
      if (v.length <= 2 && /^(?:[fbru]|rb|br|fr|rf)$/i.test(v) && (after === 34 || after === 39)) return false;
      if (v.charCodeAt(0) === 96 /* ` */ && text.startsWith('${', index + v.length + 1)) return false;
      // a template's variable in the credentials' place (Postman, REST Client and Bruno `Bearer {{authToken}}`, shell
      // and CI `Bearer ${TOKEN}`, `Bearer $TOKEN`): the value is elsewhere
      if (
        /^(?:\{\{[A-Za-z_$][\w.$-]{0,80}|\$\{?[A-Za-z_][\w.]{0,80})$/.test(x) &&
        /^\}/.test(text.slice(index + v.length, index + v.length + 2))
      )
        return false;
      if (/^\$[A-Za-z_][A-Za-z0-9_]{0,80}$/.test(x)) return false;
      return !FOREIGN_MASK.test(x) && !FOREIGN_MASK.test(`${x}]`);
    },
    source: 'RFC 9110 §11.6.2 Authorization, RFC 6265 Cookie',
  },
  {
    name: 'bearer-token',
    category: 'TOKEN',
    priority: 87,
    group: 1,
    keywords: ['bearer'],
    re: /\bBearer[ \t]{1,4}([A-Za-z0-9._~+/=-]{8,8192})/gi,
    source: 'RFC 6750 bearer tokens',
  },
  {
    name: 'basic-credentials',
    category: 'PASSWORD',
    priority: 87,
    group: 1,
    keywords: ['basic'],
    re: /\bBasic[ \t]{1,4}([A-Za-z0-9+/]{8,4096}={0,2})/g,
    // the credentials decode to `user-id:password` (RFC 7617 §2); a word after `Basic` (`# Basic Settings` in stock
    // nginx.conf and my.cnf) does not. Only letters-only values are decoded to check; any other is taken.
    accept: (v: string): boolean => !/^[A-Za-z]+$/.test(v) || Buffer.from(v, 'base64').toString('latin1').includes(':'),
    source: 'RFC 7617 Basic credentials (base64 user:password)',
  },
  {
    name: 'origin-verify-header',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    keywords: ['verif'],
    // a shared secret an origin checks to accept only its CDN (AWS CloudFront custom origin header `X-Origin-Verify`)
    re: /\bX-[A-Za-z0-9-]{0,40}Verif(?:y|ication)["']?[ \t]{0,4}(?::[ \t]{0,4}|[ \t]{1,4})["']?([^\s"';,]{16,4096})/gi,
    accept: (v: string): boolean => /\d/.test(v) && /[A-Za-z]/.test(v),
    source: 'AWS CloudFront docs, "Restricting access to Application Load Balancers" (custom header X-Origin-Verify)',
  },
  {
    name: 'secret-header',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    keywords: ['x-'],
    re: /\bX-[A-Za-z0-9-]{0,40}(?:Key|Token|Secret|Auth[A-Za-z]*|Signature|Password)["']?[ \t]{0,4}(?::[ \t]{0,4}|[ \t]{1,4})["']?([^\s"';,]{6,4096})/gi,
    // a program's constant or variable (`headers={"X-Api-Key": API_KEY}`, `proxy_set_header X-Api-Key $api_key;`)
    accept: (v: string): boolean => !CODE_CONSTANT_REFERENCE.test(v) && !SHELL_VARIABLE_REFERENCE.test(v),
    source: 'custom API headers (X-Api-Key, X-Auth-Token …) in nginx proxy_set_header, curl -H, logs',
  },
  {
    name: 'vendor-key-header',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    // observability vendors' key headers whose names do not say `key` or `token` at the end (Honeycomb's
    // `x-honeycomb-team`, Datadog's `DD-API-KEY` / `DD-APPLICATION-KEY`, Lightstep's `lightstep-access-token`), as
    // OpenTelemetry collector exporters and curl set them
    keywords: ['honeycomb-team', 'dd-api-key', 'dd-application-key', 'lightstep-access-token'],
    re: /\b(?:x-honeycomb-team|dd-api-key|dd-application-key|lightstep-access-token)["']?[ \t]{0,4}(?::[ \t]{0,4}|[ \t]{1,4})["']?([^\s"';,]{8,512})/gi,
    source: 'Honeycomb, Datadog and Lightstep API authentication headers (vendor API docs)',
  },
  {
    name: 'proxy-header-secret',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    keywords: ['proxy_set_header', 'add_header', '$http_', '$arg_', '$cookie_'],
    // `proxy_set_header apikey …;` (a header named for a key without `X-`) and `if ($http_x_api_key != "…")`
    re: /(?:\b(?:proxy_set_header|add_header|grpc_set_header)[ \t]{1,8}["']?[A-Za-z0-9-]{0,40}(?:api-?key|apikey|token|secret|password)["']?[ \t]{1,8}|\$(?:http|arg|cookie)_[a-z0-9_]{0,40}(?:api_?key|apikey|token|secret|password)[ \t]{0,4}!?[=~][ \t]{0,4})["']?([^\s"';$]{8,4096})/gi,
    source:
      'nginx proxy_set_header / add_header with a key-named header, and $http_<header> comparisons (nginx.org/en/docs/http/ngx_http_core_module.html#var_http_)',
  },
  {
    name: 'request-header-literal',
    category: 'TOKEN',
    priority: 83,
    group: 1,
    keywords: ['$http_'],
    // a request header compared with a fixed generated value (`if ($http_x_breakglass = "t6lw…")`,
    // `map $http_x_deploy_key …`): a shared secret whatever the header is called
    re: /\$http_[a-z0-9_]{1,60}[ \t]{0,4}!?=[ \t]{0,4}["']?([A-Za-z0-9_-]{24,512})(?![A-Za-z0-9_-])/gi,
    accept: (v: string): boolean => looksLikeOpaqueToken(v),
    source:
      'nginx `$http_<header>` comparisons with a literal (nginx.org/en/docs/http/ngx_http_core_module.html#var_http_)',
  },
  {
    name: 'password-reset-path-token',
    category: 'TOKEN',
    priority: 84,
    group: 1,
    keywords: ['reset/'],
    // Django's password-reset link carries the token in its path, after the user's id in base64:
    // `/reset/<uidb64>/<timestamp base36>-<hmac hex>/` (django.contrib.auth.tokens.PasswordResetTokenGenerator)
    re: /reset\/(?:confirm\/)?[A-Za-z0-9_-]{1,64}\/([0-9a-z]{1,13}-[0-9a-f]{20,64})(?![0-9A-Za-z])/gi,
    source: "Django's PasswordResetTokenGenerator token in the password_reset_confirm URL (docs.djangoproject.com)",
  },
  {
    name: 'url-query-key',
    category: 'APIKEY',
    priority: 66,
    group: 2,
    keywords: ['key='],
    // a URL's query parameter named for a key (`?cron_key=…`, `&access_key=…`, `&feed_key=…`) whose value looks
    // generated: mixed case with digits; public keys (`public_key`, `publishable_key`, reCAPTCHA's `sitekey`) stay
    re: /[?&;]([A-Za-z0-9_.-]{0,40}[_.-]|api|auth)?key=([A-Za-z0-9_~.%+/-]{16,512})(?![A-Za-z0-9_~.%+/-])/gi,
    accept: (v: string, text: string, index: number): boolean =>
      /[a-z]/.test(v) &&
      /[A-Z]/.test(v) &&
      /\d/.test(v) &&
      shannonEntropy(v) >= 3.5 &&
      !PUBLIC_KEY_PARAM.test(text.slice(Math.max(0, index - 24), index)),
    source: 'secrets in URL query parameters (OWASP ASVS V8.3.1: sensitive data not in query strings)',
  },
  {
    name: 'proxy-header-credential',
    category: 'AUTH',
    priority: 86,
    group: 1,
    keywords: ['proxy_set_header', 'add_header', 'grpc_set_header'],
    // `proxy_set_header Cookie "laravel_session=…";`, `proxy_set_header Authorization "Bearer …";`: a fixed credential
    // the proxy sends upstream (a variable such as `$http_authorization` only forwards the client's)
    re: /\b(?:proxy_set_header|add_header|grpc_set_header)[ \t]{1,8}["']?(?:Cookie|Authorization|Proxy-Authorization)["']?[ \t]{1,8}(?:"([^"\n]{1,4096})"|'([^'\n]{1,4096})'|([^\s;"']{1,4096}))/gi,
    accept: (v: string): boolean => !v.includes('$') && plausibleSecretValue(v),
    source:
      'nginx proxy_set_header / add_header with a literal Cookie or Authorization value (RFC 9110 §11.6.2, RFC 6265)',
  },
  {
    name: 'slack-webhook',
    category: 'TOKEN',
    priority: 88,
    group: 1,
    keywords: ['hooks.slack.com'],
    re: /hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9/_-]{20,200})/g,
    source: 'Slack incoming webhooks (api.slack.com/messaging/webhooks): the path is the credential',
  },
  {
    name: 'slack-webhook-path',
    category: 'TOKEN',
    priority: 88,
    group: 1,
    // the path alone, as urllib3 and other HTTP clients log it (`HTTPSConnectionPool(host='hooks.slack.com', port=443):
    // … url: /services/T…/B…/…`): a team id, a bot id and the 24-character secret
    keywords: ['/services/t'],
    re: /\/services\/(T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24})(?![A-Za-z0-9])/g,
    source: 'Slack incoming webhook paths (api.slack.com/messaging/webhooks: /services/T…/B…/secret)',
  },
  {
    name: 'password-hash',
    category: 'PASSWORD',
    priority: 82,
    group: 0,
    keywords: [
      '$2',
      '$argon',
      '$6$',
      '$5$',
      '$1$',
      '$y$',
      '{ssha',
      '{sha',
      'pbkdf2',
      '$apr1$',
      'scrypt',
      '$a$0',
      'md5',
      '0x0200',
      '0x0100',
      '244124303035',
      '$p$',
      '$h$',
      '$7$',
      '$s$',
    ],
    re: /(?:\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}|\$\$2[aby]\$\$\d{2}\$\$[./A-Za-z0-9]{53}|\$argon2(?:id|i|d)\$v=\d{1,3}\$m=\d{1,8},t=\d{1,4},p=\d{1,3}\$[A-Za-z0-9+/]{8,128}\$[A-Za-z0-9+/]{16,256}|(?<![0-9a-f])\$(?:1|5|6|y|apr1)\$(?:rounds=\d{1,9}\$)?[./A-Za-z0-9$+=]{8,256}|\$[PH]\$[./A-Za-z0-9]{30,40}(?![./A-Za-z0-9])|\$S\$[./A-Za-z0-9]{52}(?![./A-Za-z0-9])|\$7\$\d{1,7}\$[A-Za-z0-9+/.]{8,64}\$[A-Za-z0-9+/=.]{20,200}|\{S?SHA(?:256|512)?\}[A-Za-z0-9+/=]{16,256}|pbkdf2_sha(?:1|256|512)\$\d{1,7}\$[A-Za-z0-9./+]{4,64}\$[A-Za-z0-9./+=]{16,128}|scrypt:\d{1,6}:\d{1,3}:\d{1,3}\$[A-Za-z0-9./+=$]{16,256}|\$A\$0\d{2}\$\S{20,120}|(?<![A-Za-z0-9])md5[0-9a-f]{32}(?![A-Za-z0-9])|(?<![A-Za-z0-9])0x0[12]00[0-9A-F]{48,160}(?![A-Za-z0-9])|(?<![A-Za-z0-9])(?:0x)?24412430303[0-9A-Fa-f]{20,300}(?![A-Za-z0-9]))/gi,
    // (MySQL's locked system accounts hold a hash that names itself invalid)
    accept: (v: string): boolean => !MYSQL_LOCKED_HASH.test(v),
    source:
      'crypt(3) / bcrypt / phpass portable hashes ($P$ WordPress, $H$ phpBB, $S$ Drupal 7 password.inc) / mosquitto_passwd $7$ (PBKDF2-SHA512) / argon2 PHC string / Django pbkdf2 / LDAP {SSHA} / Werkzeug scrypt / MySQL caching_sha2_password ($A$005$, also hex) / PostgreSQL md5 verifiers (postgresql.org/docs/current/catalog-pg-authid.html) / SQL Server password_hash 0x0100/0x0200 formats',
  },
  {
    name: 'aspnet-identity-password-hash',
    category: 'PASSWORD',
    priority: 82,
    group: 0,
    anchors: ['aqaaaa'],
    notAfter: /[A-Za-z0-9+/]/,
    // ASP.NET Core Identity's PasswordHash (`AspNetUsers`): base64 of a format marker (0x01, V3: PBKDF2) and its
    // parameters, so it starts `AQAAAA`; offline-crackable like any verifier
    re: /AQAAAA[A-Za-z0-9+/]{40,300}={0,2}(?![A-Za-z0-9+/=])/g,
    source:
      'ASP.NET Core Identity PasswordHasher V3 format (learn.microsoft.com; github.com/dotnet/aspnetcore PasswordHasher.cs)',
  },
  {
    name: 'mysql-native-password-hash',
    category: 'PASSWORD',
    priority: 82,
    group: 0,
    anchors: ['*'],
    notAfter: /[A-Za-z0-9*]/,
    // `authentication_string` of mysql_native_password: `*` and the upper-case hex SHA1(SHA1(password)), which
    // cracks like any unsalted hash
    re: /\*[0-9A-F]{40}(?![0-9A-Za-z])/g,
    source: 'MySQL mysql_native_password hashes (dev.mysql.com/doc/refman/8.0/en/native-pluggable-authentication.html)',
  },
  {
    name: 'scram-verifier',
    category: 'PASSWORD',
    priority: 82,
    group: 0,
    keywords: ['scram-sha-'],
    // PostgreSQL `rolpassword` / MongoDB SCRAM verifiers: `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`,
    // an offline-crackable verifier, redacted whole as the crypt(3) hashes are (`$6$…` with its prefix)
    re: /SCRAM-SHA-(?:1|256)\$\d{1,7}:[A-Za-z0-9+/=]{8,64}\$[A-Za-z0-9+/=]{16,128}:[A-Za-z0-9+/=]{16,128}/g,
    source:
      'RFC 5802 / RFC 7677 SCRAM verifiers as PostgreSQL stores them (postgresql.org/docs/current/catalog-pg-authid.html)',
  },
  {
    name: 'oracle-identified-by',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['identified by'],
    // Oracle `CREATE USER u IDENTIFIED BY pw`, `ALTER USER u IDENTIFIED BY "pw" ACCOUNT UNLOCK`, `CREATE DATABASE LINK …
    // CONNECT TO u IDENTIFIED BY pw USING '…'`: unquoted or double-quoted (a quoted password keeps its case)
    re: /\bIDENTIFIED\s{1,4}BY\s{1,4}(?!VALUES\b|EXTERNALLY\b|GLOBALLY\b|PASSWORD\s)"?((?<=")[^"\n]{1,500}(?=")|(?<!")[A-Za-z0-9_$#%@!*+=.?~^&-]{1,128}(?=[\s;]|$))/gi,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'Oracle SQL Language Reference: CREATE USER / ALTER USER / CREATE DATABASE LINK … IDENTIFIED BY password',
  },
  {
    name: 'oracle-connect-to-user',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ['connect to'],
    // a database link's remote user: `CONNECT TO "PAYROLL_OWNER" IDENTIFIED BY …` (also in DBA_DB_LINKS DDL)
    re: /\bCONNECT\s{1,4}TO\s{1,4}"?([A-Za-z][A-Za-z0-9_$#]{0,127})"?\s{1,4}IDENTIFIED\b/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Oracle SQL Language Reference: CREATE DATABASE LINK … CONNECT TO user IDENTIFIED BY',
  },
  ...loginAndSecret({
    name: 'oracle-tool-logon',
    // `sqlplus user/password@tns`, `impdp userid=user/pw@//host:1521/svc`, RMAN `connect catalog user/pw@cat`, SQL*Plus
    // `SQL> connect user/pw@tns` (a password in double quotes keeps its case)
    re: '(?:\\b(?:sqlplus|rman|expdp|impdp|dgmgrl|sqlldr|exp|imp)(?:[ \\t]{1,4}-[A-Za-z]{1,10}){0,3}[ \\t]{1,4}(?:(?:userid|target|catalog)=)?|\\buserid=|\\bconnect(?:[ \\t]{1,4}(?:target|catalog|auxiliary))?[ \\t]{1,4})["\']?([A-Za-z][A-Za-z0-9_$#]{0,127})\\/"?([^\\s/"@]{1,256})"?@',
    flags: 'i',
    login: { category: 'USER', priority: 62 },
    secret: { category: 'PASSWORD', priority: 78 },
    // (Data Pump logs its own logon masked: `system/********@ORCL`)
    acceptSecret: (v: string): boolean => plausibleSecretValue(v) && !/^\*+$/.test(v),
    keywords: [
      'sqlplus',
      'rman',
      'expdp',
      'impdp',
      'dgmgrl',
      'sqlldr',
      'userid=',
      'connect target',
      'connect catalog',
      'connect auxiliary',
      'sql>',
    ],
    source: 'Oracle SQL*Plus, RMAN, Data Pump and DGMGRL logon strings (username/password@connect_identifier)',
  }),
  {
    name: 'oracle-password-verifier',
    category: 'PASSWORD',
    priority: 80,
    group: 0,
    anchors: ['s:'],
    notAfter: /[A-Za-z0-9]/,
    // SYS.USER$.SPARE4: the 11g SHA-1 verifier `S:` + 60 hex, the 12c `T:` SHA-512 verifier and `H:` digest after it
    re: /S:[0-9A-F]{60}(?:;T:[0-9A-F]{160})?(?:;H:[0-9A-F]{32})?/g,
    source: 'Oracle Database Security Guide: password verifiers (11G S:, 12C T:) stored in SYS.USER$.SPARE4',
  },
  {
    name: 'datapump-exported-schema',
    category: 'USER',
    priority: 56,
    group: 1,
    anchors: ['. . exported "', '. . imported "'],
    // Data Pump's per-table lines name the schema, an Oracle user: `. . exported "WMS_API"."CUSTOMERS"  633.5 KB  1875 rows`
    re: /\. \. (?:exported|imported) "([A-Z][A-Z0-9_$#]{0,127})"\./g,
    accept: (v: string): boolean => !isSystemAccount(v) && !ORACLE_SUPPLIED_SCHEMA.test(v),
    source: 'Oracle Data Pump export and import logs',
  },
  {
    name: 'oracle-schema-parameter',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['schemas=', 'remap_schema=', 'fromuser=', 'touser='],
    // Data Pump and exp/imp parameters naming schemas, which are Oracle users: `schemas=LOYALTY_RPT,DWH_ETL`,
    // `remap_schema=CRM_APP:CRM_APP_UAT`
    re: /\b(?:schemas|remap_schema|fromuser|touser)=([A-Za-z][A-Za-z0-9_$#]{0,127}(?:[,:][A-Za-z][A-Za-z0-9_$#]{0,127}){0,20})(?![A-Za-z0-9_$#])/gi,
    accept: (v: string): boolean => !v.split(/[,:]/).every((u) => isSystemAccount(u) || ORACLE_SUPPLIED_SCHEMA.test(u)),
    source: 'Oracle Data Pump (expdp/impdp SCHEMAS, REMAP_SCHEMA) and original exp/imp (FROMUSER, TOUSER) parameters',
  },
  {
    name: 'oracle-db-link-owner',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['database link "'],
    // `DBMS_METADATA.GET_DDL` of a database link names its owner first: `CREATE DATABASE LINK "WMS_APP"."DWHPRD_LINK"`
    re: /\bCREATE (?:SHARED )?DATABASE LINK "([A-Za-z][A-Za-z0-9_$#]{0,127})"\."/gi,
    accept: (v: string): boolean => !isSystemAccount(v) && !ORACLE_SUPPLIED_SCHEMA.test(v),
    source: 'Oracle DBMS_METADATA.GET_DDL output for database links (owner-qualified names)',
  },
  {
    name: 'oracle-jdbc-thin-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['jdbc:oracle:thin:'],
    // the JDBC thin URL with credentials: `jdbc:oracle:thin:user/password@host:1521/service`
    re: /jdbc:oracle:thin:([A-Za-z][A-Za-z0-9_$#]{0,127})\/(?=[^\s@]{1,256}@)/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Oracle JDBC Developer’s Guide: thin driver URL jdbc:oracle:thin:user/password@host:port/service',
  },
  {
    name: 'emctl-secure-agent-password',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['emctl secure agent'],
    // `emctl secure agent <registration password>` (Oracle Enterprise Manager agent)
    re: /\bemctl secure agent[ \t]{1,4}(?!-)(\S{1,256})/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'Oracle Enterprise Manager Cloud Control: emctl secure agent registration_password',
  },
  {
    name: 'windows-machine-account-host',
    category: 'HOST',
    priority: 52,
    group: 1,
    keywords: ['\\'],
    // `DOMAIN\MACHINE` as Oracle's V$SESSION.MACHINE and SQL Server's host_name print a Windows client: both parts in
    // capitals, the machine's with a digit (`CORP\LT-8191`, `HALCYON\WS-2161`)
    re: /(?<![\\\w])([A-Z][A-Z0-9-]{1,14}\\(?=[A-Z0-9-]{0,14}\d)[A-Z][A-Z0-9-]{1,14})(?![\w\\])/g,
    source: 'Oracle V$SESSION.MACHINE for Windows clients (NetBIOS DOMAIN\\COMPUTERNAME)',
  },
  {
    name: 'jetty-password-forms',
    category: 'PASSWORD',
    priority: 80,
    group: 0,
    anchors: ['obf:', 'md5:', 'crypt:'],
    notAfter: /[A-Za-z0-9_]/,
    // Jetty's org.eclipse.jetty.util.security.Password forms (realm.properties, jetty-ssl.ini): `OBF:` obfuscated
    // (reversible), `MD5:` hex digest, `CRYPT:` Unix crypt
    re: /(?:OBF:[0-9a-z]{8,1024}|MD5:[0-9a-f]{32}|CRYPT:[A-Za-z0-9./$]{13,128})(?![A-Za-z0-9./$])/g,
    source: 'Eclipse Jetty Password utility (org.eclipse.jetty.util.security.Password: OBF, MD5, CRYPT)',
  },
  {
    name: 'wlst-connect',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['connect('],
    // WLST `connect('weblogic','welcome1','t3://host:7001')`: the password, second
    re: /\bconnect\([ \t]{0,4}(?:username=)?['"][^'"\n]{1,128}['"][ \t]{0,4},[ \t]{0,4}(?:password=)?['"]([^'"\n]{1,256})['"]/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'Oracle WebLogic Scripting Tool connect(username, password, url)',
  },
  {
    name: 'wlst-connect-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['connect(', 'with userid '],
    // the user of the same call, and WLST's echo `Connecting to t3://host:7001 with userid weblogic ...`
    re: /(?:\bconnect\([ \t]{0,4}(?:username=)?['"]|\bwith userid )([A-Za-z0-9._@-]{1,128})(?=['"]|[ \t]\.\.\.)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Oracle WebLogic Scripting Tool connect(username, password, url) and its connection message',
  },
  {
    name: 'wildfly-secret-value',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['<secret value='],
    // add-user.sh's server-identities hint and standalone.xml: `<secret value="base64(password)"/>`
    re: /<secret value="([A-Za-z0-9+/=]{4,1024})"/g,
    source: 'WildFly add-user.sh output and server-identities (secret value is the base64 of the password)',
  },
  {
    name: 'wildfly-added-user',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ["added user '", "updated user '"],
    // add-user.sh: `Added user 'kmensah' to file '…/mgmt-users.properties'`
    re: /\b(?:Added|Updated) user '([^'\n]{1,128})' (?:to file|with groups)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'WildFly/JBoss EAP add-user.sh output',
  },
  {
    name: 'jmxremote-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['monitorrole', 'controlrole'],
    // jmxremote.password: `monitorRole  QED` / `controlRole  R&D` (role, blanks, password)
    re: /^[ \t]*(?:monitorRole|controlRole)[ \t]+(\S{1,256})[ \t]*\r?$/gm,
    accept: (v: string): boolean => plausibleSecretValue(v) && !/^(?:readonly|readwrite)$/.test(v),
    source: 'JDK jmxremote.password file (Monitoring and Management Using JMX Technology)',
  },
  {
    name: 'asadmin-password-file',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['asadmin://'],
    // GlassFish/Payara ~/.gfclient/pass (.asadminpass): `asadmin://admin@localhost:4848 <base64 password>`
    re: /^asadmin:\/\/[^@\s]{1,128}@\S{1,300}[ \t]+([A-Za-z0-9+/=]{4,1024})[ \t]*\r?$/gm,
    source: 'GlassFish asadmin login password file (~/.gfclient/pass)',
  },
  {
    name: 'authentication-refused-for',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['authentication refused for ['],
    // GlassFish's audit: `Audit: Authentication refused for [jdoe].`
    re: /Authentication refused for \[([^\]\s]{1,128})\]/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'GlassFish/Payara security audit log',
  },
  {
    name: 'xml-user-name-element',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ['<user-name>', '"user-name" => "'],
    // WildFly datasources: `<user-name>crm_user</user-name>` (standalone.xml) and `"user-name" => "crm_user"` (jboss-cli)
    re: /(?:<user-name>|"user-name" => ")([^<"\n]{1,128})(?:<\/user-name>|")/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^\$\{/.test(v),
    source: 'WildFly datasources subsystem (user-name element, management model attribute)',
  },
  {
    name: 'credential-reference-clear-text',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['clear-text='],
    // WildFly Elytron `<credential-reference clear-text="…"/>` and jboss-cli `credential-reference={clear-text=…}`
    re: /clear-text="?((?<=")[^"\n]{1,256}(?=")|(?<!")[^,}\s"]{1,256})/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'WildFly Elytron credential-reference clear-text attribute',
  },
  {
    name: 'sql-identified-by',
    category: 'PASSWORD',
    priority: 75,
    group: 1,
    keywords: ['identified'],
    re: /\bIDENTIFIED\s{1,4}(?:WITH\s{1,4}\S{1,64}\s{1,4})?BY\s{1,4}(?:PASSWORD\s{1,4})?'((?:[^'\\\n]|\\.|''){1,500})'/gi,
    source: 'MySQL/MariaDB CREATE USER / GRANT … IDENTIFIED BY (dev.mysql.com/doc create-user)',
  },
  {
    name: 'xml-secret-element',
    category: 'PASSWORD',
    priority: 72,
    group: 2,
    keywords: [
      'password>',
      'secret>',
      'token>',
      'apikey>',
      'psk>',
      'pre-shared-key>',
      'otp_seed>',
      'community>',
      'domainkey>',
      'transactionkey>',
    ],
    // (attributes may come first: Collabora's coolwsd.xml `<secure_password desc="…">…</secure_password>`)
    // … and pfSense/OPNsense `config.xml`: IPsec pre-shared keys (`<ipsecpsk>`, `<pre-shared-key>`, WireGuard `<psk>`),
    // TOTP seeds (`<otp_seed>`), SNMP communities (`<rocommunity>`), dynamic DNS keys (`<ddnsdomainkey>`)
    re: /<([A-Za-z0-9_.:-]{0,40}(?:[Pp]assword|[Ss]ecret|[Tt]oken|[Aa]pi[Kk]ey|PASSWORD|SECRET|TOKEN|psk|PSK|pre-shared-key|otp_seed|community|ddnsdomainkey|transactionKey))(?:[ \t][^<>\n]{0,400})?>([^<\n]{1,1000})<\/\1>/g,
    // a flag named for a secret holds none (Jenkins `<usernameSecret>false</usernameSecret>`); SNMP's default
    // communities `public` and `private` are no one's secret (RFC 1157)
    accept: (v: string, text: string, start: number): boolean =>
      plausibleSecretValue(v) && !(/^(?:public|private)$/.test(v) && text.startsWith('community>', start - 10)),
    source: 'XML config elements (Maven settings.xml <password>, .NET, Tomcat, pfSense/OPNsense config.xml)',
  },
  {
    name: 'xml-private-key-element',
    category: 'PRIVKEY',
    priority: 90,
    group: 1,
    keywords: ['privkey>', 'private-key>', 'privatekey>', 'private_key>'],
    // a WireGuard private key in OPNsense/pfSense `config.xml` (`<privkey>` base64 of 32 bytes) and the like
    re: /<(?:privkey|private-key|privateKey|PrivateKey|private_key)>([A-Za-z0-9+/=_-]{16,4096})<\/(?:privkey|private-key|privateKey|PrivateKey|private_key)>/g,
    source: 'OPNsense/pfSense config.xml WireGuard <privkey>; XML private key elements',
  },
  {
    name: 'opnsense-api-key',
    category: 'APIKEY',
    priority: 85,
    group: 1,
    anchors: ['<apikeys>'],
    // OPNsense `<apikeys><item><key>…</key><secret>…</secret>`: the key half of a user's API credential
    re: /<apikeys>\s{0,80}<item>\s{0,80}<key>([^<\s]{8,512})<\/key>/g,
    source: 'OPNsense config.xml system user apikeys',
  },

  {
    name: 'xml-user-element',
    category: 'USER',
    priority: 60,
    group: 2,
    keywords: ['username>', 'user>', 'login>'],
    // Maven `settings.xml` `<server><username>`, .NET and Tomcat configs; a `${…}` reference names a variable, not a login
    re: /<([A-Za-z0-9_.:-]{0,40}(?:[Uu]ser[Nn]ame|[Uu]ser|[Ll]ogin|USERNAME|USER|LOGIN))(?:[ \t][^<>\n]{0,400})?>([A-Za-z0-9._@-]{1,64})<\/\1>/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'XML config elements (Maven settings.xml <server><username>, Tomcat users)',
  },
  {
    name: 'sonarqube-token',
    category: 'APIKEY',
    priority: 88,
    group: 0,
    keywords: ['sqa_', 'sqp_', 'squ_'],
    // SonarQube 9.5+ tokens: global analysis `sqa_`, project analysis `sqp_`, user `squ_`, then 40 hex digits
    re: /\bsq[apu]_[0-9a-f]{40}\b/g,
    source: 'SonarQube documentation "Managing your tokens" (token prefixes sqa_/sqp_/squ_)',
  },
  {
    name: 'private-key-parameter',
    category: 'PRIVKEY',
    priority: 90,
    group: 1,
    keywords: [
      '"d"',
      '"p"',
      '"q"',
      '"dp"',
      '"dq"',
      '"qi"',
      '"inverseq"',
      '<d>',
      '<p>',
      '<q>',
      '<dp>',
      '<dq>',
      '<inverseq>',
    ],
    // the private parameters of an RSA or EC key written as JSON (JWK, RFC 7518 §6.2.2 and §6.3.2: `d`, `p`, `q`, `dp`,
    // `dq`, `qi`; .NET `RSAParameters` as the GitHub Actions runner's `.credentials_rsaparams` writes them: `inverseQ`)
    // or as .NET `<RSAKeyValue>` XML; the public modulus and exponent stay
    re: /"(?:d|p|q|dp|dq|qi|inverseQ)"[ \t]{0,4}:[ \t]{0,4}"([A-Za-z0-9+/_-]{32,4096}={0,2})"|<(?:D|P|Q|DP|DQ|InverseQ)>([A-Za-z0-9+/]{32,4096}={0,2})<\/(?:D|P|Q|DP|DQ|InverseQ)>/g,
    source: 'RFC 7518 §6.3.2 (JWK RSA private parameters), .NET RSAParameters / RSAKeyValue XML',
  },
  {
    name: 'composer-bearer-token',
    category: 'TOKEN',
    priority: 80,
    group: 1,
    anchors: ['"bearer"'],
    // composer `auth.json` `"bearer": {"repo.example.org": "<token>"}` (getcomposer.org/doc/articles/authentication-for-private-packages.md)
    re: /"bearer"[ \t]{0,4}:[ \t]{0,4}\{\s{0,200}"[^"\n]{1,253}"[ \t]{0,4}:[ \t]{0,4}"([^"\s]{8,1024})"/g,
    source: 'composer auth.json bearer authentication (getcomposer.org authentication-for-private-packages)',
  },
  {
    name: 'sshpass',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['sshpass'],
    re: /\bsshpass[ \t]{1,4}-p[ \t]{0,4}(\S{1,500})/g,
    // sshpass overwrites its argument with `z` once read, so `ps` shows `-p zzzzzzzz`
    accept: (v: string): boolean => !/^z+$/.test(v),
    source: 'sshpass(1) -p password',
  },
  {
    name: 'mysql-attached-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['mysql', 'mariadb'],
    // also quoted whole, as `set -x` prints an argument with shell metacharacters: `'-pWelcome13!'`
    re: /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mariadb|mariadb-dump)\b[^\n]{0,400}?[ \t](?:'-p([^'\n]{1,500})'|-p(\S{1,500}))/g,
    // a script's variable (`-p"$DB_PASS"`, `-p${MYSQL_PWD}`) is no password, nor the `x`s the client writes over its
    // password in its argv (what `ps` shows of a running `mysqldump`)
    accept: (v: string): boolean => !SHELL_VARIABLE_REFERENCE.test(v) && !X_MASK.test(v),
    source: 'mysql(1) -pPASSWORD (password attached to -p)',
  },
  {
    name: 'password-command-echo',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['password-command'],
    re: /--password-command[ =]{1,2}["']?echo[ \t]{1,4}([^\s"']{1,500})/g,
    source: 'restic --password-command (restic.readthedocs.io) with an inline echo',
  },
  {
    name: 'redis-cli-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['redis-cli'],
    re: /\bredis-cli\b[^\n]{0,400}?[ \t]-a[ \t]{1,4}(\S{1,500})/g,
    source: 'redis-cli -a password',
  },
  {
    name: 'curl-user',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['curl', 'wget'],
    re: /\b(?:curl|wget)\b[^\n]{0,400}?[ \t](?:-u|--user|--password|--http-password)[ =]{1,4}(?:[^\s:]{1,128}:)?(\S{1,500})/g,
    source: 'curl -u user:password, wget --password',
  },
  {
    name: 'curl-user-name',
    category: 'USER',
    priority: 56,
    group: 1,
    // anchored at the flag, not at `curl` (a line of `curl ` repeated would rescan 400 characters per word)
    anchors: [' -u', '\t-u', ' --user', '\t--user'],
    re: /[ \t](?:-u|--user)[ =]{1,4}['"]?([A-Za-z0-9._@-]{1,64}):/g,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) && /\b(?:curl|wget)\b/.test(text.slice(lineStartWithin(text, index, 400), index)),
    source: 'curl -u user:password (the login part)',
  },
  {
    name: 'home-directory-user',
    category: 'USER',
    priority: 56,
    group: 1,
    anchors: ['/home/', '/users/'],
    // the login a home directory is named after (`/home/lmartin/.ssh/id_ecdsa`, macOS `/Users/lmartin/.ssh/config`),
    // also where it appears nowhere else
    // (and a ZFS snapshot of a home dataset: `tank/home/lmartin@autosnap_2025-03-06_daily`)
    re: /\/(?:home|Users)\/([A-Za-z_][A-Za-z0-9_.-]{0,31})(?=[/\s:"',;)\]}@]|$)/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !v.endsWith('.') && !HOME_NOT_LOGIN.has(v.toLowerCase()),
    source: SRC_CORPUS_README + ' (USERNAME: personal logins); useradd(8) default HOME=/home/<login>',
  },
  {
    name: 'nt-hash-setting',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: ['smbhash', 'smb_hash', 'nthash', 'nt_hash', 'lmhash', 'lm_hash'],
    // the NT or LM hash of a password under its name (TrueNAS `midclt call user.query`: `"smbhash": "ABFB8D…"`,
    // impacket's `--nthash`/`-hashes` output): 32 hex digits, as good as the password for pass-the-hash
    re: /(?<![A-Za-z])(?:smb|nt|lm)_?hash["']?[ \t]{0,8}[:=][ \t]{0,8}["']?([0-9A-Fa-f]{32})(?![0-9A-Fa-f])/gi,
    source: 'MS-NLMP §3.3.1 NTOWFv1 (the NT hash); TrueNAS middleware user.query smbhash',
  },
  {
    name: 'zfs-userspace-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['posix user', 'smb user'],
    // `zfs userspace tank/home`: `TYPE  NAME  USED  QUOTA …`, one row per owner (`POSIX User  jdoe  77.8G  100G …`)
    re: /^(?:POSIX|SMB) User[ \t]{1,8}([A-Za-z_][A-Za-z0-9_.-]{0,63})[ \t]{1,40}\d/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'zfs(8) userspace: TYPE NAME USED QUOTA OBJUSED OBJQUOTA',
  },
  {
    name: 'windows-profile-user',
    category: 'USER',
    priority: 56,
    group: 1,
    anchors: ['\\users\\'],
    notAfter: /[A-Za-z0-9_]/,
    // a Windows profile directory (`C:\Users\jkowalski\AppData`, the `PS C:\Users\jkowalski>` prompt), also
    // JSON-escaped (`C:\\Users\\jkowalski`); `Public`, `Default` and `All Users` are not logins
    re: /\\Users\\{1,2}([A-Za-z0-9_][A-Za-z0-9_.$-]{0,19})(?=[\\\s:"',;)\]}>]|$)/gi,
    accept: (v: string): boolean =>
      !isSystemAccount(v) && !v.endsWith('.') && !HOME_NOT_LOGIN.has(v.toLowerCase()) && !/^default(?:user)?$/i.test(v),
    source:
      'Windows user profiles `%SystemDrive%\\Users\\<login>` (learn.microsoft.com: "User profile folder"); USERNAME as in ' +
      SRC_CORPUS_README,
  },
  {
    name: 'lftp-user',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    anchors: [' -u', '\t-u', ' --user', '\t--user'],
    // the password may be quoted on its own (`lftp -u jdoe,'p@ss w0rd!' sftp://…`)
    re: /[ \t](?:-u|--user)[ \t=]{1,4}['"]?[^\s,'"]{1,128},(?:'([^'\n]{1,500})'|"([^"\n]{1,500})"|([^\s'"]{1,500}))/g,
    accept: (_v, text, index) => isLftpLine(text, index),
    source: 'lftp(1) `-u user,password` (lftp.yar.ru manual: "-u user[,pass]")',
  },
  {
    name: 'lftp-user-name',
    category: 'USER',
    priority: 56,
    group: 1,
    anchors: [' -u', '\t-u', ' --user', '\t--user'],
    re: /[ \t](?:-u|--user)[ \t=]{1,4}['"]?([A-Za-z0-9._@-]{1,64})(?=,|['"]?[\s]|['"]?$)/g,
    accept: (v, text, index) => !isSystemAccount(v) && isLftpLine(text, index),
    source: 'lftp(1) `-u user[,pass]` (the login part)',
  },
  {
    name: 'htpasswd-batch-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['htpasswd'],
    // `-b [-c…] passwdfile username password` (no -n: a file comes first)
    re: /\bhtpasswd(?:[ \t]{1,8}-[A-Za-mo-z]{1,8}(?:[ \t]{1,8}\d{1,3}(?=[ \t]))?){1,4}[ \t]{1,8}[^\s;|&<>-][^\s;|&<>]{0,255}[ \t]{1,8}[^\s;|&<>]{1,128}[ \t]{1,8}('[^'\n]{1,500}'|"[^"\n]{1,500}"|[^\s;|&<>'"]{1,500})/g,
    accept: (_v, text, index) => /b/.test(htpasswdCommand(text, index)?.flags ?? ''),
    source: 'htpasswd(1) batch mode `-b passwdfile username password` (Apache httpd manual, htpasswd)',
  },
  {
    name: 'htpasswd-display-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['htpasswd'],
    // `-nb username password` (-n: no file, the result goes to stdout)
    re: /\bhtpasswd(?:[ \t]{1,8}-[A-Za-z]{1,8}){1,4}[ \t]{1,8}[^\s;|&<>-][^\s;|&<>]{0,127}[ \t]{1,8}('[^'\n]{1,500}'|"[^"\n]{1,500}"|[^\s;|&<>'"]{1,500})/g,
    accept: (_v, text, index) => /^(?=.*n)(?=.*b)/.test(htpasswdCommand(text, index)?.flags ?? ''),
    source: 'htpasswd(1) `-nb username password` (Apache httpd manual, htpasswd)',
  },
  {
    name: 'htpasswd-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['htpasswd'],
    // without -n the username is the second argument, after the file
    re: /\bhtpasswd(?:[ \t]{1,8}-[A-Za-mo-z]{1,8}(?:[ \t]{1,8}\d{1,3}(?=[ \t]))?){1,4}[ \t]{1,8}[^\s;|&<>-][^\s;|&<>]{0,255}[ \t]{1,8}([A-Za-z0-9._@-]{1,64})(?=[\s;|&<>]|$)/g,
    accept: (v: string, text: string, index: number): boolean =>
      htpasswdCommand(text, index)?.args === 1 && !isSystemAccount(v),
    source: 'htpasswd(1) `[-b] [-c] passwdfile username …` (the login part)',
  },
  {
    name: 'htpasswd-display-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['htpasswd'],
    // with -n (no file) the username is the first argument
    re: /\bhtpasswd(?:[ \t]{1,8}-[A-Za-z]{1,8}){1,4}[ \t]{1,8}([A-Za-z0-9._@-]{1,64})(?=[\s;|&<>]|$)/g,
    accept: (v: string, text: string, index: number): boolean => {
      const cmd = htpasswdCommand(text, index);
      return cmd !== null && cmd.args === 0 && cmd.flags.includes('n') && !isSystemAccount(v);
    },
    source: 'htpasswd(1) `-n username …` (the login part)',
  },
  {
    name: 'redis-sentinel-auth-pass',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['auth-pass', 'sentinel-pass'],
    re: /^[ \t]*sentinel[ \t]+(?:auth-pass[ \t]+\S{1,128}|sentinel-pass)[ \t]+(\S{1,1000})/gm,
    source: 'redis sentinel.conf `sentinel auth-pass <master> <password>` and `sentinel sentinel-pass <password>`',
  },
  {
    name: 'redis-acl-command-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['acl getuser ', 'acl setuser ', 'acl deluser ', 'acl dryrun '],
    // the user a redis-cli ACL command names (`10.0.0.5:6379> ACL GETUSER etl_cache`, `ACL SETUSER etl on >…`)
    re: /\bACL[ \t]+(?:GETUSER|SETUSER|DELUSER|DRYRUN)[ \t]+"?([A-Za-z0-9_.@:-]{1,64})"?(?=[\s"]|$)/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Redis ACL GETUSER / SETUSER / DELUSER / DRYRUN <username> (redis.io/commands)',
  },
  {
    name: 'redis-acl-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['user '],
    lineGate: /(?:\d{1,7}:| {0,8}\d{1,9}\t)?[ \t]*(?:\d{1,4}\) "?)?(?:ACL SETUSER|user)[ \t]/iy,
    re: /(?:^|[ \t])(?:[<>]([^\s"]{1,1000})|#([0-9a-f]{64}))(?=[\s"]|$)/gm,
    accept: (_v, text, index) =>
      /^(?:\d{1,7}:| {0,8}\d{1,9}\t)?[ \t]*(?:\d{1,4}\) "?)?(?:ACL SETUSER|user)[ \t]/i.test(
        text.slice(lineStartWithin(text, index, 4096), index + 1),
      ),
    source:
      'Redis ACL rules (redis.io/docs/management/security/acl): >password and #<sha256>, also as redis-cli prints ACL LIST (`1) "user …"`)',
  },

  {
    name: 'windows-domain-user',
    category: 'USER',
    priority: 55,
    group: 1,
    // `CORP\jdoe` (a down-level logon name, DOMAIN\user) on a line about authentication: winbindd, Samba, sssd, IIS
    anchors: ['\\'],
    re: /\\([A-Za-z_][A-Za-z0-9._$-]{0,31})(?![A-Za-z0-9_\\/])/g,
    accept: (v: string, text: string, index: number): boolean => {
      // JSON writes the separator doubled (`"HQ\\\\mvasquez"`); a single backslash in a JSON-escaped line is an escape
      // (`AUTH LOGIN\\nretrying`), not a separator
      const doubled = text.charCodeAt(index - 2) === 92;
      if (
        !doubled &&
        /^[nrtbfu]/.test(v) &&
        /\\"|"[ \t]*:[ \t]*"/.test(text.slice(Math.max(0, index - 200), index + 200))
      )
        return false;
      const end = index - (doubled ? 2 : 1);
      const domain = /(?:^|[\s'"([=])([A-Z][A-Z0-9-]{0,14})$/.exec(text.slice(Math.max(0, end - 16), end))?.[1];
      // registry hives and Windows' built-in principals (`HKLM\Software`, `BUILTIN\Administrators`, `NT SERVICE\…`,
      // `IIS APPPOOL\…`) name no login, nor do Active Directory's built-in groups (`CORP\Domain Users`)
      if (!domain || /^(?:HK(?:LM|CU|CR|U|CC)|BUILTIN|AUTHORITY|NT|SERVICE|APPPOOL)$/.test(domain)) return false;
      if (
        /^[ \t](?:Users|Admins|Computers|Controllers|Guests|Group|Policy)\b/.test(
          text.slice(index + v.length, index + v.length + 12),
        )
      )
        return false;
      return !isSystemAccount(v.replace(/\$$/, '')) && lineMentionsAuthentication(text, index);
    },
    source:
      'Microsoft down-level logon name DOMAIN\\user (learn.microsoft.com, user name formats) in winbindd/Samba/sssd logs',
  },
  {
    name: 'pg-hba-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['hostssl', 'hostnossl', 'hostgssenc', 'host ', 'host\t', 'local ', 'local\t'],
    // pg_hba.conf records `TYPE DATABASE USER [ADDRESS [MASK]] METHOD` (postgresql.org/docs/current/auth-pg-hba-conf):
    // the USER field, unless it is `all`, a `+group`, an `@file` or a system account
    re: /^[ \t]*(?:local|host(?:ssl|nossl|gssenc|nogssenc)?)[ \t]+[^\s#]{1,200}[ \t]+([^\s#]{1,200})[ \t]+(?:[^\s#]{1,200}[ \t]+){0,2}(?:trust|reject|scram-sha-256|md5|password|gss|sspi|ident|peer|ldap|radius|cert|pam|bsd)(?=[ \t]|$)/gm,
    accept: (v: string): boolean =>
      v.split(',').some((u) => u !== 'all' && !/^[+@"]/.test(u) && !isSystemAccount(u) && u !== 'replication'),
    source: 'PostgreSQL pg_hba.conf USER field (postgresql.org/docs/current/auth-pg-hba-conf.html)',
  },
  {
    name: 'innodb-thread-user',
    category: 'USER',
    priority: 56,
    group: 1,
    anchors: ['query id '],
    // SHOW ENGINE INNODB STATUS transactions: `MySQL thread id 198567, OS thread handle …, query id 82935302
    // 192.168.229.109 app_zeder updating`: the client's host, then its login, then the thread's state
    re: /query id \d{1,20} [^\s,]{1,255} ([A-Za-z0-9_.$-]{1,32})(?= |$)/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !INNODB_THREAD_STATE.test(v),
    source: 'MySQL SHOW ENGINE INNODB STATUS, TRANSACTIONS section (dev.mysql.com innodb-standard-monitor)',
  },
  {
    name: 'access-log-remote-user',
    category: 'USER',
    priority: 56,
    group: 1,
    // the `$remote_user` field of the combined log format (`203.0.113.7 - jdoe [30/Nov/2026:04:05:12 +0000] "GET …`):
    // the login of HTTP authentication; `-` when there is none
    anchors: [' - '],
    re: / - ([^\s[\]"]{1,64}) \[\d{1,2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\]/g,
    accept: (v: string): boolean => v !== '-' && !isSystemAccount(v),
    source:
      'nginx/Apache combined log format `$remote_addr - $remote_user [$time_local]` (nginx.org ngx_http_log_module)',
  },
  {
    name: 'session-login',
    category: 'USER',
    priority: 55,
    group: 1,
    keywords: ['[sudo] ', 'new session', 'password for user'],
    // sudo's password prompt (`[sudo] password for jdoe:`) and systemd-logind (`New session 226 of user jdoe.`); curl's
    // prompt quotes the login (`Enter host password for user 'jdoe':`)
    // (translated prompts put the login last too: `[sudo] Passwort für jdoe:`, `[sudo] Mot de passe de jdoe :`)
    re: /(?:\[sudo\] (?:password for|Passwort für|Mot de passe de|contraseña para|senha para|wachtwoord voor|password di|hasło użytkownika|Пароль для) |New session [0-9a-z]{1,12} of user |[Pp]assword for user '?)([A-Za-z0-9._-]{0,63}[A-Za-z0-9_-])(?='?\.?(?:[\s:]|$))/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'sudo(8) default prompt `[sudo] password for %p:`; systemd-logind session messages',
  },
  {
    name: 'id-command-user',
    category: 'USER',
    priority: 56,
    group: 1,
    // anchored: sshd and PAM print `uid=0` on every session line; the sticky pattern fails at once there
    anchors: ['uid=', 'gid='],
    notAfter: /[A-Za-z0-9_]/,
    // id(1): `uid=1172(odvorak) gid=1172(odvorak) groups=…`
    re: /(?:uid|gid)=\d{1,10}\(([A-Za-z_][A-Za-z0-9._-]{0,31})\)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'coreutils id(1) output',
  },
  {
    name: 'account-report-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: [
      'entries for ',
      'may run the following',
      'grants for ',
      'never logged in',
      'listing permissions for user',
    ],
    // `sudo -l` (`Matching Defaults entries for jdoe on web-1:`, `User jdoe may run …`), MySQL `SHOW GRANTS`
    // (`Grants for jdoe@%`), rabbitmqctl (`Listing permissions for user "jdoe"`), lastlog (`jdoe  **Never logged in**`)
    re: /(?:\bMatching Defaults entries for |^User (?=[A-Za-z_][A-Za-z0-9._-]{0,63} may run the following)|\bGrants for |\bListing permissions for user ")([A-Za-z_][A-Za-z0-9._-]{0,63})|^([A-Za-z_][A-Za-z0-9._-]{0,31})[ \t]{1,60}\*\*Never logged in\*\*/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'sudo(8) -l, MySQL SHOW GRANTS, rabbitmqctl list_user_permissions, shadow lastlog(8) output',
  },
  {
    name: 'haproxy-userlist-user',
    category: 'USER',
    priority: 70,
    group: 1,
    // a crypt(3) hash after `password` starts with `$`: `Failed password for` (every sshd failure) is no hit
    keywords: ['password $', 'insecure-password'],
    lineGate: /[ \t]+user[ \t]/y,
    re: new RegExp(HAPROXY_USERLIST_ENTRY, 'gm'),
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'haproxy configuration manual §3.4 userlist `user <name> [password|insecure-password] <pw>`',
  },
  {
    name: 'haproxy-userlist-password',
    category: 'PASSWORD',
    priority: 78,
    group: 2,
    keywords: ['insecure-password'],
    re: new RegExp(HAPROXY_USERLIST_ENTRY, 'gm'),
    source: 'haproxy configuration manual §3.4 userlist `user <name> insecure-password <password>`',
  },
  ...loginAndSecret({
    name: 'haproxy-stats-auth',
    re: HAPROXY_STATS_AUTH,
    login: { category: 'USER', priority: 70 },
    secret: { category: 'PASSWORD', priority: 78 },
    keywords: ['stats auth'],
    source: 'haproxy configuration manual `stats auth <user>:<passwd>`',
  }),
  ...loginAndSecret({
    name: 'go-mysql-dsn',
    re: GO_MYSQL_DSN,
    login: { category: 'DBUSER', priority: 70 },
    secret: { category: 'CONNSTR', priority: 80 },
    // (the protocol may be left out: mysqld_exporter's `data_source_name: "user:pw@(host:3306)/"`)
    keywords: ['@tcp(', '@tcp6(', '@unix(', '@udp(', '@('],
    notAfter: /[^\s"'=,[(]/,
    source: 'github.com/go-sql-driver/mysql DSN format `[user[:password]@][protocol[(address)]]/dbname`',
  }),
  {
    name: 'logstash-cloud-auth',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['cloud_auth'],
    // Logstash elasticsearch output `cloud_auth => "user:password"` (elastic.co logstash-output-elasticsearch docs)
    re: /\bcloud_auth[ \t]*(?:=>|=|:)[ \t]*["']?[^"'\s:]{1,64}:([^"'\s]{1,256})/g,
    source: 'Logstash elasticsearch plugins `cloud_auth => "<username>:<password>"`',
  },
  {
    name: 'fluent-bit-http-user',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ['http_user'],
    // Fluent Bit classic configuration: `HTTP_User  <login>` (docs.fluentbit.io outputs es, http, opensearch)
    re: /^[ \t]*http_user[ \t]+([^\s]{1,64})[ \t]*\r?$/gim,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Fluent Bit output plugins `HTTP_User` (classic configuration format)',
  },
  {
    name: 'apache-basic-auth-user',
    category: 'USER',
    priority: 63,
    group: 1,
    keywords: ['ah01617', 'ah01618'],
    // mod_auth_basic (httpd.apache.org/docs/2.4/mod/mod_auth_basic.html): `AH01617: user jdoe: authentication failure`,
    // `AH01618: user jdoe not found`
    re: /\bAH0161[78]: user ([^\s:]{1,64})(?=: authentication failure| not found)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Apache httpd mod_auth_basic error log messages AH01617/AH01618',
  },
  ...loginAndSecret({
    name: 'php-db-connect',
    re: PHP_DB_CONNECT,
    login: { category: 'DBUSER', priority: 72 },
    secret: { category: 'PASSWORD', priority: 78 },
    keywords: ['__construct(', 'mysqli_connect(', 'real_connect(', 'new pdo('],
    source:
      'PHP stack traces of PDO::__construct / mysqli::__construct (php.net manual, argument order dsn, username, password)',
  }),
  {
    name: 'login-quoted-after-by-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ["by user '", 'by user "', "username input '"],
    // an authentication portal's log message (Authelia: `Unsuccessful 1FA authentication attempt by user 'jdoe'`,
    // `… getting details for user with username input 'jdoe' …`)
    re: /\b(?:by user|username input) (?:'([A-Za-z0-9._@-]{1,64})'|"([A-Za-z0-9._@-]{1,64})")/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Authelia authentication log messages (authelia.com, internal/handlers)',
  },
  {
    name: 'credential-representation-password',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['"type":"password"', '"type" : "password"', '"type": "password"', '\\"type\\":\\"password\\"'],
    // a password credential as identity APIs write it (Keycloak's CredentialRepresentation `{"type":"password",
    // "value":"…","temporary":false}`, also JSON-escaped inside an admin event's `representation`)
    re: /\\?"type\\?"[ \t]{0,2}:[ \t]{0,2}\\?"password\\?"[ \t]{0,2},[ \t]{0,2}\\?"value\\?"[ \t]{0,2}:[ \t]{0,2}\\?"((?:[^"\\\n]|\\[^"\n]){1,256})\\?"/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'Keycloak Admin REST API CredentialRepresentation (type, value, temporary) and admin events',
  },
  {
    name: 'padded-secret-label',
    category: 'APIKEY',
    priority: 70,
    group: 1,
    keywords: ['secret ', 'token ', 'password '],
    lineGate: /[ \t]{0,8}(?:[A-Za-z]{1,20}[ \t]){0,3}(?:SECRET|Secret|secret|TOKEN|Token|PASSWORD|Password)[ \t]{2}/y,
    // a CLI's two-column record: a label in words, padding, then the value alone (`auth0 apps show --reveal-secrets`:
    // `CLIENT SECRET         ZI_mqxc6f…`)
    re: /^[ \t]{0,8}(?:[A-Za-z]{1,20}[ \t]){0,3}(?:SECRET|Secret|secret|TOKEN|Token|PASSWORD|Password)[ \t]{2,40}([^\s]{12,512})[ \t]*\r?$/gm,
    accept: (v: string): boolean =>
      plausibleSecretValue(v) && /\d/.test(v) && /[A-Za-z]/.test(v) && !/^\d{4}-\d\d-\d\d/.test(v),
    source: 'Auth0 CLI `apps show --reveal-secrets` and similar label/value listings',
  },
  {
    name: 'camel-case-person-key',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [
      'displayname',
      'fullname',
      'firstname',
      'lastname',
      'givenname',
      'familyname',
      'surname',
      'realname',
      'longname',
    ],
    // a person's name under a camel-case key with a prefix (`"userDisplayName": "Ayşe Demirci"` in Entra ID sign-in
    // logs, `"customerFullName"`, `"contactFirstName"`, Apple MDM's `UserLongName`, which the name/value pass reads from
    // a plist as `UserLongName=…`); the bare keys are person-key-value's. Unquoted, the value must be a whole name
    re: /[a-z](?:DisplayName|FullName|FirstName|LastName|GivenName|FamilyName|Surname|RealName|LongName)"?[ \t]{0,4}[:=][ \t]{0,4}(?:"([^"\n]{1,100})"|([^\s"',;{[][^\n"',;]{0,99}))/g,
    accept: (v: string, text: string, start: number): boolean =>
      looksLikePersonName(v.trim(), text.charCodeAt(start - 1) !== 34),
    source: 'Microsoft Graph signIn resource userDisplayName; camel-case person fields of JSON APIs',
  },
  {
    name: 'code-db-connect-user',
    category: 'DBUSER',
    priority: 72,
    group: 1,
    keywords: CODE_DB_CONNECT_KEYWORDS,
    // source code as `grep -rn` prints it: the login of a connect call whose password may be a variable
    // (`mysqli_connect('db', 'shop_rw', $db_pass)`, `DriverManager.getConnection(url, "billing", "…")`)
    re: new RegExp(CODE_DB_CONNECT.source, 'g'),
    accept: (v: string): boolean => !isSystemAccount(v) && !/[$%{]/.test(v),
    source:
      'php.net mysqli_connect/mysql_connect/PDO::__construct (host or dsn, username, password); JDBC DriverManager.getConnection(url, user, password); PyMySQL/MySQLdb connect',
  },
  {
    name: 'code-db-connect-password',
    category: 'PASSWORD',
    priority: 78,
    group: 3,
    keywords: CODE_DB_CONNECT_KEYWORDS,
    re: new RegExp(CODE_DB_CONNECT.source, 'g'),
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'as code-db-connect-user: the literal third argument',
  },
  {
    name: 'password-hash-call-literal',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: [
      'hash::make(',
      'bcrypt(',
      'password_hash(',
      'set_password(',
      'hash_password(',
      'make_password(',
      'hashpw(',
      'hashsync(',
      'bcrypt.hash(',
      'password.create(',
      'argon2.hash(',
      'encoder().encode(',
      'encoder.encode(',
    ],
    // a literal password handed to a hashing or setter call in source code, seeders and shells (`Hash::make('…')`,
    // `passwordEncoder().encode("…")`, `wp_set_password( '…', 1 )`, `make_password('…')`, `bcrypt.hashSync('…', 10)`)
    re: /(?:Hash::make|bcrypt|password_hash|set_password|hash_password|make_password|hashpw|hashSync|bcrypt\.hash|Password\.create|argon2\.hash|[Ee]ncoder\(\)\.encode|[Ee]ncoder\.encode)\([ \t]{0,4}b?(?:'((?:[^'\\\n]|\\.){1,256})'|"((?:[^"\\\n]|\\.){1,256})")/g,
    accept: (v: string): boolean => plausibleSecretValue(v) && !/^%[sd]$|\$\{/.test(v),
    source:
      'Laravel Hash::make, PHP password_hash, WordPress wp_set_password/wp_hash_password, Django make_password/set_password, Werkzeug generate_password_hash, bcrypt hashpw/hash/hashSync, Ruby BCrypt::Password.create, argon2.hash, Spring PasswordEncoder.encode',
  },
  {
    name: 'spring-user-builder-user',
    category: 'USER',
    priority: 64,
    group: 1,
    keywords: ['.username(', 'withusername('],
    // Spring Security's in-memory users (`User.withUsername("ops").password(…)`, `.username("jdoe").password(…)`)
    re: /\.(?:username|withUsername)\([ \t]{0,4}"([A-Za-z0-9._@-]{1,64})"[ \t]{0,4}\)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Spring Security User.UserBuilder username()/withUsername() (docs.spring.io in-memory authentication)',
  },
  {
    name: 'spring-user-builder-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['.password("'],
    re: /\.password\([ \t]{0,4}"((?:[^"\\\n]|\\.){1,256})"[ \t]{0,4}\)/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'Spring Security User.UserBuilder password() with a literal (`{noop}…`, `{bcrypt}…`)',
  },
  {
    name: 'env-default-login',
    category: 'USER',
    priority: 64,
    group: 2,
    keywords: ['env(', 'getenv(', 'environ.get(', 'env.fetch('],
    // the fallback of an environment lookup named for a login (`env('DB_USERNAME', 'shop_web')`,
    // `os.environ.get("DB_USER", "billing")`, `ENV.fetch('DB_USER', 'app')`)
    re: /(?:\benv|getenv|environ\.get|ENV\.fetch)\([ \t]{0,4}(["'])[A-Za-z0-9_]{0,40}(?:USER(?:NAME)?|LOGIN|User(?:name)?|user(?:name)?|login)\1[ \t]{0,4},[ \t]{0,4}(?:'([A-Za-z0-9._@-]{1,64})'|"([A-Za-z0-9._@-]{1,64})")/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source:
      'Laravel env(key, default), PHP getenv, Python os.getenv/os.environ.get(key, default), Ruby ENV.fetch(key, default)',
  },
  {
    name: 'env-fallback-secret',
    category: 'PASSWORD',
    priority: 76,
    group: 2,
    keywords: ["'] ||", '"] ||', "') ?:", '") ?:'],
    // a literal after a failed environment lookup (`ENV['DB_PASSWORD'] || '…'`, PHP `getenv('DB_PASS') ?: '…'`), when
    // the variable is named for a secret
    re: /(?:ENV\[|getenv\()(["'])[A-Za-z0-9_]{0,40}(?:PASS(?:WORD|WD)?|SECRET|TOKEN|KEY)[A-Z0-9_]{0,20}\1[\])] (?:\|\||\?:) (?:'((?:[^'\\\n]|\\.){1,256})'|"((?:[^"\\\n]|\\.){1,256})")/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: "Ruby `ENV['X'] || default`, PHP `getenv('X') ?: default`",
  },
  ...loginAndSecret({
    name: 'php-login-call',
    re: PHP_LOGIN_CALL,
    login: { category: 'USER', priority: 72 },
    secret: { category: 'PASSWORD', priority: 78 },
    keywords: ['->bind(', '->login(', '->authenticate(', 'credentials(', 'ldap_bind('],
    source:
      'PHP stack traces print call arguments (php.net Exception::getTraceAsString, unless zend.exception_ignore_args); ldap_bind(ldap, dn, password)',
  }),
  {
    name: 'php-trace-truncated-email',
    category: 'EMAIL',
    priority: 62,
    group: 1,
    keywords: ["...')", "...', "],
    // PHP cuts a string argument of a stack frame to 15 bytes and `...` (php.net Exception::getTraceAsString,
    // zend.exception_string_param_max_len = 15): `->findByEmail('francois_rousse...')` keeps an address's first part;
    // a method named for e-mail says what it was
    re: /(?:->|::)[A-Za-z_]{0,40}(?:[Ee]mail|EMAIL|[a-z]Mail)[A-Za-z_]{0,40}\((?:[^()\n]{0,200}, )?'([^'\n]{1,15})\.\.\.'/g,
    accept: (v: string): boolean => /^[A-Za-z0-9._%+-]{3,15}$/.test(v) || /^[A-Za-z0-9._%+-]{1,14}@/.test(v),
    source:
      'PHP stack traces print call arguments, strings cut at 15 bytes (php.net zend.exception_string_param_max_len)',
  },
  {
    name: 'php-trace-truncated-login',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ["...')", "...', "],
    // … and a method named for a login (`->findByUsername('kowalczyk.pio...')`, `::loadUserByIdentifier(…)`)
    re: /(?:->|::)[A-Za-z_]{0,40}(?:[Uu]sername|USERNAME|[Ll]ogin|[a-z]UserBy[A-Za-z]{0,20}|[a-z]User)\((?:[^()\n]{0,200}, )?'([^'\n]{1,15})\.\.\.'/g,
    accept: (v: string): boolean => /^[A-Za-z0-9._@-]{3,15}$/.test(v) && !isSystemAccount(v),
    source:
      'PHP stack traces print call arguments, strings cut at 15 bytes (php.net zend.exception_string_param_max_len)',
  },
  {
    name: 'mailer-job-token',
    category: 'TOKEN',
    priority: 70,
    group: 1,
    keywords: ['"deliver_now"', '"deliver_later"'],
    // a token passed to a mailer as an argument of its ActiveJob (Rails `ActionMailer::MailDeliveryJob` in Sidekiq's
    // JSON: `"arguments":["UserMailer","password_reset","deliver_now",{"args":["a@b.c","kU662OYp0pLeU8Fd6Al9"]…`;
    // Devise's reset, confirmation and unlock tokens are 20 characters): a random-looking string among the args
    re: /"deliver_(?:now|later)",\{"args":\[(?:"[^"\n]{0,200}",|-?\d{1,20},|\{[^{}\n]{0,300}\},|null,|true,|false,){0,6}"([A-Za-z0-9_-]{16,128})"/g,
    accept: (v: string): boolean => /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v) && shannonEntropy(v) >= 3.3,
    source:
      'Rails ActionMailer::MailDeliveryJob arguments (api.rubyonrails.org); Devise tokens (Devise.friendly_token, 20 characters)',
  },
  {
    name: 'password-reset-url-token',
    category: 'TOKEN',
    priority: 70,
    group: 1,
    keywords: [
      '/reset/',
      'reset-password/',
      'reset_password/',
      'password-reset/',
      'password_reset/',
      'magic-link/',
      'magic_link/',
      '/use-token/',
    ],
    // the token in a password-reset or magic-link path (Laravel `password/reset/{token}`, Devise-style routes)
    // and Drupal's one-time login links (`drush uli`: `/user/reset/<uid>/<timestamp>/<hash>/login`)
    re: /\/(?:password\/reset|passwords?\/reset|reset[-_]password|password[-_]reset|magic[-_]link|recovery\/use-token|user\/reset\/\d{1,12}\/\d{9,12})\/([A-Za-z0-9_-]{20,256})/g,
    source: 'Laravel password reset route password/reset/{token}; common reset and magic-link routes',
  },
  {
    name: 'url-one-time-code',
    category: 'TOKEN',
    priority: 66,
    group: 1,
    keywords: [
      'code=',
      'key=',
      'otp=',
      'hash=',
      'signature=',
      'sig=',
      'session=',
      'sessionid=',
      'session_id=',
      'session_state=',
    ],
    // a one-time code or key in a URL's query (`/account/reset?code=K5BYDWAR`, `wp-login.php?action=rp&key=…`,
    // newsletter confirmations, OAuth callbacks `?code=…&state=…`, signed links): the value, six characters or more,
    // with a digit, or sixteen or more
    // (and a session id: an SSO callback's `?session=2c22…`)
    // (any case: PayPal's NVP API writes `&SIGNATURE=…`)
    // (and the OIDC `session_state` of a Keycloak callback, which its authorization code contains)
    re: /[?&](?:code|key|otp|hash|signature|sig|session|sessionid|session_id|session_state)=([A-Za-z0-9_.~%-]{6,512})(?=[&#\s"'\\]|$)/gi,
    accept: (v: string): boolean => (/\d/.test(v) && /[A-Za-z]/.test(v)) || v.length >= 16,
    source:
      'one-time codes and keys in URLs: WordPress password reset links (wp-login.php?action=rp&key=), OAuth 2.0 authorization codes (RFC 6749 §4.1.2), e-mail confirmation and reset links',
  },
  {
    name: 'url-app-key',
    category: 'APIKEY',
    priority: 70,
    group: 1,
    keywords: ['appid=', 'app_key=', 'appkey=', 'apikey='],
    // an API key in a URL's query under the provider's own parameter name (OpenWeatherMap `?appid=<32 hex>`, Home
    // Assistant logging the failed URL), 16 characters or more with letters and digits (a numeric app id is public)
    re: /[?&](?:appid|app_key|appkey|apikey)=([A-Za-z0-9_.~%-]{16,512})(?=[&#\s"'\\]|$)/gi,
    accept: (v: string): boolean => /\d/.test(v) && /[A-Za-z]/.test(v),
    source:
      'OpenWeatherMap API calls (openweathermap.org/appid: the `appid` parameter); common `apikey` query parameters',
  },
  {
    name: 'woocommerce-api-key',
    category: 'APIKEY',
    priority: 80,
    group: 0,
    keywords: ['ck_', 'cs_'],
    notAfter: /[A-Za-z0-9_]/,
    // WooCommerce REST API consumer key and secret (`ck_` / `cs_` and 40 hex digits), also in query strings
    re: /(?:ck|cs)_[0-9a-f]{40}(?![0-9a-f])/g,
    source:
      'WooCommerce REST API keys (woocommerce.github.io/woocommerce-rest-api-docs: consumer_key ck_…, consumer_secret cs_…)',
  },
  {
    name: 'json-camel-case-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['user"', 'username"', 'login"', 'principalname"'],
    // JSON fields whose camel-case name ends in `User`, `Username` or `Login` (Traefik's access log `ClientUsername`)
    // and MongoDB's authentication log `"principalName":"…"`
    re: /"(?:[A-Za-z][A-Za-z0-9]{0,60}[a-z0-9](?:User|Username|UserName|Login)|principalName)"[ \t]{0,4}:[ \t]{0,4}"([A-Za-z0-9._@-]{2,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^\d/.test(v),
    source: 'Traefik access log fields (ClientUsername); camelCase JSON keys',
  },
  {
    name: 'mail-log-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['user=<', 'pam(', 'passwd-file(', 'sql(', 'ldap(', 'shadow(', 'checkpassword('],
    // Dovecot login and auth lines (doc.dovecot.org): `imap-login: Login: user=<jdoe>`, `auth-worker(123):
    // pam(jdoe,203.0.113.5,<session>)`, `passwd-file(jdoe,…)`; an address in the brackets is the e-mail rule's
    re: /(?:\buser=<([^<>\s@]{1,64})>|\b(?:pam|passwd-file|sql|ldap|shadow|checkpassword)\(([A-Za-z0-9._-]{1,64}),[0-9A-Fa-f.:]{2,45}[,)])/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Dovecot log formats (login_log_format, auth passdb lookups)',
  },
  {
    name: 'mysql-slow-log-user',
    category: 'DBUSER',
    priority: 66,
    group: 1,
    keywords: ['user@host:'],
    // the MySQL slow and general query logs: `# User@Host: app_rw[app_rw] @ web1 [10.0.0.5]` (dev.mysql.com slow query log)
    re: /# User@Host: ([^\s[\]]{1,64})\[([^\s[\]]{0,64})\]/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'MySQL slow query log entry header `# User@Host: user[priv_user] @ host [ip]`',
  },
  {
    name: 'redis-monitor-auth',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['"auth" "'],
    // `redis-cli MONITOR` echoes commands with their arguments: `"AUTH" "password"`, `"AUTH" "user" "password"`
    re: /"AUTH"(?: "(?:[^"\\\n]|\\.){1,64}")? "((?:[^"\\\n]|\\.){1,512})"/gi,
    // (Redis 7 prints `"auth" "(redacted)" "(redacted)"`)
    accept: (v: string): boolean => !FOREIGN_MASK.test(v),
    source: 'Redis MONITOR output (redis.io/docs/latest/commands/monitor), AUTH [username] password',
  },
  {
    name: 'php-session-id',
    category: 'TOKEN',
    priority: 70,
    group: 1,
    keywords: ['phpredis_session:', 'sess_', '"_token'],
    // a PHP session's id in its store key (`PHPREDIS_SESSION:<id>`, the files handler's `sess_<id>`), and Laravel's
    // CSRF token in a serialized session (`s:6:"_token";s:40:"<token>"`)
    re: /(?:PHPREDIS_SESSION:|\bsess_)([A-Za-z0-9,-]{22,128})|s:6:\\?"_token\\?";s:40:\\?"([A-Za-z0-9]{40})/g,
    source:
      'PHP session save handlers (phpredis key prefix PHPREDIS_SESSION:, files handler sess_<id>), Laravel session payload',
  },
  {
    name: 'ssh-verbose-login',
    category: 'USER',
    priority: 63,
    group: 1,
    keywords: ["' as '", " as '"],
    // `ssh -v`: `debug1: Authenticating to host:22 as 'jdoe'` (OpenSSH sshconnect.c)
    re: /\bAuthenticating to [^\s]{1,300} as '([^'\s]{1,64})'/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: "OpenSSH ssh -v debug output (sshconnect.c `Authenticating to %s as '%s'`)",
  },
  {
    name: 'ssh-key-comment-login',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['ssh-rsa ', 'ssh-ed25519 ', 'ecdsa-sha2-', 'ssh-dss ', 'sk-ssh-ed25519'],
    // a public key line's comment that is a bare login (`ssh-ed25519 AAAA… jdoe`, as ssh-keygen -C jdoe writes it);
    // `user@host` comments are the e-mail and host rules'
    re: /\b(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com)[ \t]+AAAA[A-Za-z0-9+/]{16,8192}={0,3}[ \t]+([A-Za-z_][A-Za-z0-9._-]{1,31})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'OpenSSH authorized_keys(5) key comment; ssh-keygen -C',
  },
  {
    name: 'ssh-key-comment-host',
    category: 'HOST',
    priority: 50,
    group: 1,
    keywords: ['ssh-rsa ', 'ssh-ed25519 ', 'ecdsa-sha2-', 'ssh-dss ', 'sk-ssh-ed25519'],
    // the machine of a `user@host` key comment, as ssh-keygen writes it by default (`jdoe@benoit-laptop`,
    // `deploy@build-07`): a one-label name with a letter; dotted names are the host rules'
    re: /\b(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com)[ \t]+AAAA[A-Za-z0-9+/]{16,8192}={0,3}[ \t]+[A-Za-z0-9_.-]{1,64}@([A-Za-z][A-Za-z0-9-]{0,62})["']?[ \t]*(?:["',]|\r?$)/gm,
    accept: (v: string): boolean => !GENERIC_KEY_HOST.test(v) && !genericRoleHost(v),
    source: 'ssh-keygen(1) -C default comment `user@hostname`',
  },
  {
    name: 'pull-request-author',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['merge pull request #'],
    // GitHub's merge commit message `Merge pull request #12 from jdoe/branch`: the fork owner's login
    re: /\bMerge pull request #\d{1,9} from ([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/[^\s]/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'GitHub merge commit message format `Merge pull request #N from owner/branch`',
  },
  {
    name: 'net-use-password',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['/user:'],
    // Windows `net use Z: \\\\server\\share /user:DOMAIN\\login password` (Microsoft net use syntax)
    re: /\bnet use [^\n]{0,300}?\/user:[^\s]{1,100}[ \t]+([^\s/][^\s]{0,255})/gi,
    accept: (v: string): boolean => !/^(?:&&|\|\||\/persistent)/i.test(v),
    source: 'Microsoft `net use` command syntax (/user:[domain\\]username password)',
  },
  // a JAAS PlainLoginModule's user entries (Kafka and ZooKeeper `user_<name>="<password>"`, kafka.apache.org
  // security SASL/PLAIN): `=` then a quote right after the name, which `user_id=42` in logs does not have
  ...loginAndSecret({
    name: 'jaas-plain',
    re: JAAS_USER_ENTRY,
    login: { category: 'USER', priority: 70 },
    secret: { category: 'PASSWORD', priority: 78 },
    keywords: ['user_'],
    source: 'Apache Kafka SASL/PLAIN JAAS configuration `user_<username>="<password>"`',
  }),
  {
    name: 'crypt-passwd-file-user',
    category: 'USER',
    priority: 70,
    group: 1,
    keywords: [':$1$', ':$5$', ':$6$', ':$7$', ':$y$', ':$2a$', ':$2b$', ':$2y$', ':$apr1$', ':scram-sha-256$', ':md5'],
    // `user:<crypt hash>` files: Mosquitto `passwd` (`$7$` PBKDF2, `$6$`), htpasswd, Dovecot passwd-file; and
    // PostgreSQL's `rolname:rolpassword` as `psql -At -F:` prints pg_authid (SCRAM verifiers, `md5` + 32 hex)
    re: /^([A-Za-z0-9_.@-]{1,64}):(?:\$(?:[1567y]|2[aby]|apr1)\$|SCRAM-SHA-256\$\d|md5[0-9a-f]{32}\b)/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'mosquitto_passwd(1) file format `username:hash`; Apache htpasswd; crypt(5) prefixes',
  },
  {
    name: 'exim-log-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: [' u=', '=> ', '-> '],
    // Exim main log (exim.org spec, "Log files"): the local sender `U=jdoe` and a local delivery `=> jdoe <jdoe@…>`
    re: /(?:\bU=([A-Za-z0-9._-]{1,64})(?=\s|$)|(?:=>|->) ([A-Za-z0-9._-]{1,64}) <[^>\s]{1,254}@)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Exim main log line format (U= sender login, => local delivery)',
  },
  {
    name: 'rabbitmq-definitions-user',
    category: 'USER',
    priority: 62,
    group: 1,
    keywords: ['"password_hash"'],
    // `rabbitmqctl export_definitions`: each user object's `"name"` beside its `"password_hash"`
    re: /"name"[ \t]{0,4}:[ \t]{0,4}"([^"\\\n]{1,64})"[ \t]{0,4},[ \t]{0,4}"password_hash"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'RabbitMQ definitions export format (users: name, password_hash, hashing_algorithm, tags)',
  },
  {
    name: 'kerberos-admin-principal',
    category: 'USER',
    priority: 63,
    group: 1,
    keywords: ['/admin@'],
    // a Kerberos admin instance (`jdoe/admin@EXAMPLE.COM`): the login is the principal's first component
    re: /(?<![A-Za-z0-9._-])([A-Za-z_][A-Za-z0-9._-]{0,63})\/admin@[A-Z0-9.-]{1,253}/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Kerberos principal names primary/instance@REALM (MIT kadmin listprincs)',
  },
  {
    name: 'postgres-acl-role',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['=arwd', '=r/', '=c/', '=ct', '=u/', '=x/', '=w/', '=a/', '=d/', '=t/', '=uc/', '=r*/'],
    // PostgreSQL ACL items `grantee=privileges/grantor` in `\dp`, `\l`, `\dn+` (postgresql.org/docs/current/ddl-priv.html)
    re: /(?<![A-Za-z0-9_.-])([a-z_][a-z0-9_.-]{0,62})=[arwdDxtXUCcTsAm*]{1,24}\//g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'PostgreSQL aclitem text form grantee=privileges/grantor (ddl-priv)',
  },
  {
    name: 'postgres-acl-grantor',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['=arwd', '=r/', '=c/', '=ct', '=u/', '=x/', '=w/', '=a/', '=d/', '=t/', '=uc/', '=r*/'],
    re: /=[arwdDxtXUCcTsAm*]{1,24}\/([a-z_][a-z0-9_.-]{0,62})(?![A-Za-z0-9_.-])/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'PostgreSQL aclitem text form grantee=privileges/grantor (ddl-priv)',
  },
  {
    name: 'mongo-user-id',
    category: 'USER',
    priority: 56,
    group: 1,
    // anchored: JSON logs are full of `request_id`, `trace_id`; `notAfter` drops those before any run
    anchors: ['_id'],
    notAfter: /[A-Za-z0-9_]/,
    // `db.getUsers()` / `system.users`: `_id: 'admin.jdoe'`, the user's database and name
    re: /_id["']?[ \t]{0,4}:[ \t]{0,4}["'][A-Za-z0-9_$-]{1,64}\.([A-Za-z0-9._@-]{1,64})["']/g,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) && /\buser["']?[ \t]{0,4}:/.test(text.slice(index, index + 400)),
    source:
      'MongoDB system.users documents (_id = "<db>.<user>", mongodb.com/docs/manual/reference/system-users-collection)',
  },
  {
    name: 'ldif-person-attribute',
    category: 'PERSON',
    priority: 60,
    group: 2,
    keywords: ['cn:', 'sn:', 'givenname:', 'displayname:'],
    // LDIF person attributes (RFC 4519: cn, sn, givenName, displayName) on lines of their own; a surname or given name
    // is one word, a common name two or more (`cn: Domain Admins` of a group entry stays, see namesNoPerson)
    re: /^(cn|sn|givenName|displayName):[ \t]{1,4}([^\n:]{1,100}?)[ \t]*\r?$/gim,
    accept: (v: string, text: string, index: number): boolean =>
      looksLikePersonName(v, /^(?:cn|displayName):/i.test(text.slice(lineStartWithin(text, index, 40), index))) &&
      !namesNoPerson(v),
    source: 'RFC 4519 person attributes in ldapsearch LDIF output',
  },
  {
    name: 'x509-subject-cn-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['cn = '],
    // a client certificate's subject as `openssl x509 -text` prints it: `Subject: C = US, O = X, CN = Leonie Hartmann`
    re: /\bCN = ([^,\n/=]{1,100}?)(?=[ \t]*(?:,|\r?$))/gm,
    // (OpenSSL's default `-nameopt` escapes each byte of a UTF-8 name as `\XX`: `CN = B\C3\A1lint T\C3\B3th`; judged
    // decoded)
    accept: (v: string): boolean => {
      const name = v.includes('\\') ? decodeOpensslEscapes(v) : v;
      return name !== null && looksLikePersonName(name, true) && !namesNoPerson(name);
    },
    source: 'OpenSSL x509 -text subject lines (RFC 4514 attribute names)',
  },
  {
    name: 'ldif-base64-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['cn::', 'sn::', 'givenname::', 'displayname::', 'gecos::'],
    // LDIF writes a non-ASCII value base64-encoded after `::` (RFC 2849): `cn:: U8O4cmVu…`
    re: /^(?:cn|sn|givenName|displayName|gecos)::[ \t]{0,4}([A-Za-z0-9+/]{4,400}={0,2})[ \t]*\r?$/gim,
    accept: (v: string): boolean => {
      const name = Buffer.from(v, 'base64').toString('utf8');
      return !name.includes('\ufffd') && looksLikePersonName(name, false);
    },
    source: 'RFC 2849 LDIF base64 values of person attributes (cn, sn, givenName, displayName)',
  },
  {
    name: 'ldif-password-attribute',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['pw:', 'pw::', 'password:', 'password::', 'cleartextutf8::', 'unicodepwd::', 'clearTextPassword::'],
    // password attributes, plain or base64 after `::` (RFC 2849): `userPassword`, OpenLDAP `olcRootPW`, Samba AD
    // `unicodePwd`, `virtualClearTextUTF8`, `clearTextPassword` (samba-tool user getpassword)
    re: /^(?:userPassword|olcRootPW|unicodePwd|virtualClearTextUTF8|virtualClearTextUTF16|clearTextPassword|sambaNTPassword|sambaLMPassword|olcDbPassword):(?::[ \t]{0,4}([A-Za-z0-9+/]{4,1000}={0,2})|[ \t]{1,4}(\S[^\n]{0,999}?))[ \t]*\r?$/gim,
    source: 'RFC 2849 LDIF; RFC 4519 userPassword; OpenLDAP slapd-config olcRootPW; Samba AD password attributes',
  },
  {
    name: 'google-authenticator-file-head',
    category: 'APIKEY',
    priority: 80,
    group: 1,
    anchors: ['.google_authenticator <=='],
    // `head -1 /home/*/.google_authenticator`: each file's `==> path <==` header, then its first line, the TOTP secret
    re: /\.google_authenticator <==\r?\n([A-Z2-7]{16,128})\r?$/gm,
    source: 'google-authenticator-libpam ~/.google_authenticator (secret on line 1), as head(1) and tail(1) name files',
  },
  {
    name: 'ntp-symmetric-key',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: [
      ' md5 ',
      ' sha1 ',
      ' sha256 ',
      ' sha384 ',
      ' sha512 ',
      ' aes128',
      ' aes256',
      ' rmd160 ',
      ' m ',
      'hex:',
      'ascii:',
    ],
    // chrony.keys and ntp.keys lines: key id, hash, key (chrony: `HEX:`/`ASCII:` prefixes; ntp-keygen writes `M` for MD5)
    re: /^[ \t]*\d{1,5}[ \t]+(?:MD5|SHA1|SHA|SHA-1|SHA256|SHA384|SHA512|SHA3-224|SHA3-256|SHA3-384|SHA3-512|RMD160|TIGER|WHIRLPOOL|AES128|AES256|AES128CMAC|AES256CMAC|M)[ \t]+(?:HEX:|ASCII:)?([!-~]{4,128})(?=[ \t]*(?:#|\r?$))/gim,
    source:
      'chrony.conf(5) `keyfile` format (ID TYPE KEY, HEX:/ASCII: prefixes); ntp.keys(5) / ntp-keygen(8) symmetric keys',
  },
  {
    name: 'windows-switch-password',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['/pass:', '/password:', '/pwd:', '/rp '],
    // Windows command switches that take a password: cmdkey `/add:host /user:x /pass:<password>`, `/password:`,
    // schtasks `/ru <user> /rp <password>` (the switch's value quoted or one word)
    re: /(?<![A-Za-z0-9_])\/(?:pass:|password:|pwd:|rp[ \t]+)("[^"\n]{1,256}"|[^\s"]{1,256})/gi,
    accept: (v: string): boolean => v !== '*' && plausibleSecretValue(v.replace(/^"(.*)"$/, '$1')),
    source: 'Microsoft cmdkey and schtasks command-line references (/pass, /rp)',
  },
  {
    name: 'net-user-full-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['full name '],
    // `net user <login>`: `Full Name                    Wiremu Tipene` (the label, blanks, the name; no colon)
    re: /^Full Name[ \t]{2,}(\S[^\n]{0,100}?)[ \t]*\r?$/gm,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'Microsoft net user <username> output (Full Name line)',
  },
  {
    name: 'free-text-pw',
    category: 'PASSWORD',
    priority: 70,
    group: 1,
    keywords: ['pw '],
    // an administrator's note that carries a password (`Comment  temp pw Welc0me60? (reset at first logon)`, a
    // description `Vendor login, pw Ksato1998!`): a word with a digit or a sign after the abbreviation `pw`
    re: /(?<![A-Za-z0-9_])pw:?[ \t]+([^\s,;()=]{4,64})(?=[\s,;()]|$)/gi,
    accept: (v: string): boolean => /[\d\W]/.test(v) && !/^\W+$/.test(v) && plausibleSecretValue(v),
    source: 'account descriptions and comments (net user, Get-LocalUser, AD description attributes)',
  },
  {
    name: 'local-user-list-name',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['name '],
    // `Get-LocalUser | Format-List`: `Name : kenjis` right above the account's `SID : S-1-5-21-…`
    re: /^Name[ \t]*: ([A-Za-z0-9_][A-Za-z0-9._$-]{0,63})[ \t]*\r?\nSID[ \t]*: S-1-5-21-/gm,
    accept: (v: string): boolean =>
      !isSystemAccount(v) && !/^(?:Administrator|Guest|DefaultAccount|WDAGUtilityAccount)$/i.test(v),
    source: 'PowerShell Get-LocalUser / Get-ADUser | Format-List (Name above SID)',
  },
  {
    name: 'ado-net-server-name',
    category: 'HOST',
    priority: 50,
    group: 1,
    keywords: ['data source=', 'server='],
    // a SQL Server named by its NetBIOS name in an ADO.NET connection string (`Data Source=GRB-SQL03;Initial
    // Catalog=…`, also HTML-escaped inside Entity Framework's `provider connection string=&quot;…`), before a port
    // or an instance name; dotted names and addresses are the host and IP rules'
    re: /(?<![A-Za-z0-9_])(?:data source|server)=(?:tcp:)?([A-Za-z][A-Za-z0-9-]{0,14})(?=[;,\\"'&]|\r?$)/gim,
    accept: (v: string, text: string, at: number): boolean =>
      !isGenericWindowsName(v) &&
      !/^(?:localhost|local|sqlexpress)$/i.test(v) &&
      /(?:initial catalog|database|user id|uid|integrated security|trusted_connection)=/i.test(
        text.slice(Math.max(0, at - 200), at + 300),
      ),
    source: 'Microsoft ADO.NET connection string syntax (SqlConnection.ConnectionString: Data Source, Server)',
  },
  {
    name: 'woocommerce-order-key',
    category: 'TOKEN',
    priority: 80,
    group: 0,
    anchors: ['wc_order_'],
    notAfter: /[A-Za-z0-9_]/,
    // WooCommerce order keys: `wc_order_` and 13 letters and digits (wc_generate_order_key(): wp_generate_password(13,
    // false)); with the order id they open the order's pages without a login
    re: /wc_order_[A-Za-z0-9]{13}(?![A-Za-z0-9])/g,
    source: 'WooCommerce wc_generate_order_key() (includes/wc-core-functions.php)',
  },
  {
    name: 'wordpress-session-token',
    category: 'TOKEN',
    priority: 80,
    group: 1,
    keywords: ['"expiration"'],
    // WordPress `session_tokens` user meta: each session keyed by its token's SHA-256 (`s:64:"<hex>";a:4:{s:10:
    // "expiration";…`, WP_User_Meta_Session_Tokens)
    re: /s:64:\\?"([0-9a-f]{64})\\?";a:\d{1,2}:\{s:10:\\?"expiration\\?"/g,
    source: 'WordPress WP_User_Meta_Session_Tokens (wp-includes/class-wp-user-meta-session-tokens.php)',
  },
  {
    name: 'magento-store-email-sender-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['trans_email/ident_'],
    // `bin/magento config:show`: a store e-mail identity's sender name (`trans_email/ident_support/name - Yuki Satō`),
    // a person where the shop signs with one
    re: /trans_email\/ident_[a-z0-9_]{1,30}\/name(?: - |[ \t]*\|[ \t]*|[ \t]*=[ \t]*)([^\n|]{2,100}?)[ \t]*(?:\||\r?$)/gm,
    accept: (v: string): boolean =>
      looksLikePersonName(v, true) && !/\b(?:Support|Sales|Team|Store|Shop|Service|Owner|General|Contact)\b/i.test(v),
    source: 'Magento 2 Stores > Configuration > Store Email Addresses (trans_email/ident_*/name)',
  },
  {
    name: 'callerid-name-set',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['callerid(name)='],
    // Asterisk dialplan traces: `Set("PJSIP/itsp-0000013e", "CALLERID(name)=Rafaela Conceição")` (also `CALLERID(name)=`
    // in extensions.conf)
    re: /CALLERID\(name\)=([^"\n),]{2,80}?)[ \t]*(?=["),]|\r?$)/gim,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'Asterisk CALLERID() dialplan function (docs.asterisk.org), verbose pbx.c Executing lines',
  },
  {
    name: 'freepbx-astdb-cidname',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['/ampuser/'],
    // `asterisk -rx 'database show'` on FreePBX: `/AMPUSER/2006/cidname  : Declan O'Donoghue`
    re: /^\/AMPUSER\/\d{1,10}\/cidname[ \t]*: (\S[^\n]{0,100}?)[ \t]*\r?$/gm,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'FreePBX AstDB AMPUSER family (asterisk database show)',
  },
  {
    name: 'freepbx-astdb-number',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['/ampuser/', '/cf/', '/cfb/', '/cfu/'],
    // the same: call-forward targets (`/CF/2006 : 0691940451`) and an extension's outbound caller id (`/AMPUSER/134/
    // outboundcid : "Benoît Girardeau" <07450350882>`)
    re: /^\/(?:CF[BU]?\/\d{1,10}|AMPUSER\/\d{1,10}\/outboundcid)[ \t]*: (?:"[^"\n]{0,80}" ?)?<?(\+?\d{6,15})>?[ \t]*\r?$/gm,
    source: 'FreePBX AstDB CF/CFB/CFU and AMPUSER outboundcid keys',
  },
  {
    name: 'pjsip-endpoint-callerid-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['endpoint:'],
    // `pjsip show endpoints`: ` Endpoint:  2025/"Çağla Çelik" <2025>   Not in use`
    re: /^[ \t]{0,4}Endpoint:[ \t]+[^\s/]{1,80}\/"([^"\n]{1,80})" </gm,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'Asterisk pjsip show endpoints (Endpoint/CID column)',
  },
  {
    name: 'pjsip-outbound-auth-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['outauth:'],
    // `pjsip show endpoint(s)`: `OutAuth:  itsp-auth/silverpine_trunk` (the auth object, then its username)
    re: /^[ \t]{0,12}OutAuth:[ \t]+[^\s/]{1,80}\/([A-Za-z0-9_.@+-]{2,64})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v) || /^\d{5,}$/.test(v),
    source: 'Asterisk pjsip show endpoint (OutAuth: AuthId/UserName)',
  },
  {
    name: 'sip-peer-description',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [' ms)  ', 'unknown  ', 'unmonitored  ', 'unreachable  '],
    // `sip show peers`: the Description column after the status (`OK (55 ms)  欧阳志强`, `UNKNOWN     山本 美咲`)
    re: /(?:OK|LAGGED) \(\d{1,5} ms\)[ \t]{2,}(\S[^\n]{0,80}?)[ \t]*\r?$|(?:UNKNOWN|UNREACHABLE|Unmonitored)[ \t]{2,}(\S[^\n]{0,80}?)[ \t]*\r?$/gm,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'Asterisk chan_sip sip show peers (Status and Description columns)',
  },
  {
    name: 'prose-password-is',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: ['password i use is', 'password i used is', 'password is', 'passwort ist', 'password was'],
    // a password written into a ticket or a mail (`the password I use is ExlnE3J27mHVYIPoiBS - it says …`): a word with
    // a digit or a sign after `password (I use) is`; `password is required` and `password was reset` stay
    re: /\bpass(?:word|wort) (?:I (?:use|used|am using)|I'm using)?[ ]?(?:is|ist|was)(?: set to| now)?:? ["'“]?([^\s"'”,]{4,64}?)["'”]?(?=[\s,.;)]|$)/gi,
    accept: (v: string): boolean =>
      /\d|[^\p{L}\p{N}]/u.test(v) && !/^\d{1,3}$/.test(v) && !PROSE_WORD.test(v) && plausibleSecretValue(v),
    source: 'help-desk tickets and mails (passwords written in prose)',
  },
  {
    name: 'pin-reset-to',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: ['pin '],
    // `The voicemail PIN for extension 261 was reset to 811240`: a PIN set to a number
    re: /\bPIN\b[^\n.]{0,60}? (?:reset|set|changed) to (\d{4,8})\b/g,
    source: 'voicemail and phone PIN resets in tickets and logs',
  },
  {
    name: 'new-relic-prefixed-key',
    category: 'APIKEY',
    priority: 80,
    group: 0,
    keywords: ['nrii-', 'nral'],
    // New Relic's insert keys (`NRII-` and 32 characters) and license keys (40 characters ending `NRAL`), wherever they
    // are: gitleaks' rules want the word `newrelic` before them, which agent configs' `licenseKey:` lacks
    re: /(?<![A-Za-z0-9_-])(?:NRII-[A-Za-z0-9_-]{32}|[a-z0-9]{36}NRAL)(?![A-Za-z0-9_-])/g,
    source: 'New Relic API keys (docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys: license key, insert key)',
  },
  {
    name: 'pushover-user-key',
    category: 'APIKEY',
    priority: 74,
    group: 1,
    keywords: ['user_key', 'userkey'],
    // a Pushover user or group key (30 characters; Alertmanager's `pushover_configs: user_key:`, Grafana's `userKey`)
    re: /\buser_?key["']?[ \t]{0,4}[:=][ \t]{0,4}["']?([A-Za-z0-9]{30})(?![A-Za-z0-9])/gi,
    accept: (v: string): boolean => /\d/.test(v) && /[a-z]/i.test(v),
    source: 'Pushover API (pushover.net/api: user and group keys, 30 characters); Alertmanager pushover_config',
  },
  ...loginAndSecret({
    name: 'http-auth-pair',
    // Nagios/Icinga HTTP checks' basic-auth pair: `check_http … -a user:pass`, Icinga 2's `http_auth_pair = "user:pass"`
    re: String.raw`(?:\bcheck_(?:http|curl)\b[^\n]{0,300}?[ \t]-a[ \t]{1,4}|\bhttp_auth_pair[ \t]{0,4}=[ \t]{0,4}")([A-Za-z0-9._@-]{1,64}):([^\s"']{1,128})`,
    login: { category: 'USER', priority: 72 },
    keywords: ['http_auth_pair', 'check_http', 'check_curl'],
    source: 'monitoring-plugins check_http/check_curl -a AUTH_PAIR; Icinga 2 ITL http command http_auth_pair',
  }),
  {
    name: 'nagios-notification-contact',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: [' notification: ', "contact '"],
    // the contact a Nagios/Icinga 1 log names (`SERVICE NOTIFICATION: ibanezr;web10…;HTTP;CRITICAL;…`,
    // `Warning: Contact 'ibanezr' host notification command …`): a contact_name, the person's login
    re: /\b(?:(?:SERVICE|HOST) NOTIFICATION: ([A-Za-z0-9._@-]{1,64});|Contact '([A-Za-z0-9._@-]{1,64})' (?:host|service) notification)/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^(?:nagios|icinga|nagiosadmin|icingaadmin)$/i.test(v),
    source: 'Nagios Core log formats (nagios.log: SERVICE/HOST NOTIFICATION contact;host;…)',
  },
  {
    name: 'nagios-acknowledgement-author',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['acknowledge_svc_problem;', 'acknowledge_host_problem;'],
    // who acknowledged a problem, from the external command's author field (Nagios external commands
    // ACKNOWLEDGE_SVC_PROBLEM;host;service;sticky;notify;persistent;author;comment, the host form one field shorter)
    re: /\bACKNOWLEDGE_(?:SVC_PROBLEM;[^;\n]{1,255};[^;\n]{1,255}|HOST_PROBLEM;[^;\n]{1,255});\d;\d;\d;([^;\n]{1,64});/g,
    accept: (v: string): boolean => looksLikePersonName(v, false) && !namesNoPerson(v),
    source: 'Nagios external commands ACKNOWLEDGE_SVC_PROBLEM / ACKNOWLEDGE_HOST_PROBLEM (author field)',
  },
  {
    name: 'pagerduty-phone-contact',
    category: 'PHONE',
    priority: 60,
    group: 1,
    keywords: ['phone_contact_method', 'sms_contact_method'],
    // a PagerDuty user's phone or SMS contact method (`{"type":"phone_contact_method",…,"address":"7481374082"}`,
    // developer.pagerduty.com API reference, Contact Methods): the number without its country code
    re: /"type"[ \t]{0,4}:[ \t]{0,4}"(?:phone|sms)_contact_method"[^{}\n]{0,300}?"address"[ \t]{0,4}:[ \t]{0,4}"(\+?[\d ().-]{6,24})"/g,
    accept: (v: string): boolean => (v.match(/\d/g)?.length ?? 0) >= 6,
    source: 'PagerDuty REST API contact methods (phone_contact_method, sms_contact_method)',
  },
  {
    name: 'alert-script-recipient-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['alert script'],
    // the user a Zabbix media alert went to (`executing alert script "sms.sh" for "07658 758455" (Leilani Kahananui)
    // failed`): the send-to address, then the user's name in parentheses
    re: new RegExp(`\\balert script "[^"\\n]{1,100}" for "[^"\\n]{1,100}" \\(${NAME_WORDS}\\)`, 'gu'),
    accept: (v: string): boolean => looksLikePersonName(v, false) && !namesNoPerson(v),
    source: 'Zabbix server log, media type script alerts (executing alert script … for "<sendto>" (<user name>))',
  },
  {
    name: 'alert-script-recipient-phone',
    category: 'PHONE',
    priority: 60,
    group: 1,
    keywords: ['alert script'],
    // … and its send-to when it is a number
    re: /\balert script "[^"\n]{1,100}" for "(\+?[\d ().-]{6,24})"/g,
    accept: (v: string): boolean => {
      const digits = v.match(/\d/g)?.length ?? 0;
      return digits >= 7 && digits <= 15;
    },
    source: 'Zabbix server log, media type script alerts (executing alert script … for "<sendto>")',
  },
  {
    name: 'apikey-auth-scheme',
    category: 'APIKEY',
    priority: 80,
    group: 1,
    keywords: ['apikey '],
    // Elasticsearch's `Authorization: ApiKey <base64 id:key>` (elastic.co, "Create API key"), also as a header value
    // alone (Grafana's `httpHeaderValue1: 'ApiKey …'`)
    re: /\bApiKey[ \t]{1,4}([A-Za-z0-9+/_-]{20,512}={0,2})(?![A-Za-z0-9+/=_-])/g,
    accept: (v: string): boolean => /\d/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v),
    source: 'Elasticsearch API key authentication (Authorization: ApiKey <base64(id:api_key)>)',
  },
  {
    name: 'password-typed-as-command',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: ['command not found'],
    // a password typed at the shell prompt instead of a password prompt: the shell reports it as an unknown command
    // (`-bash: Lumencare@2024: command not found`, zsh's `zsh: command not found: Winter2025@`); a command name
    // (`python3.11`, `docker-compose`) has no mix of cases and digits or other punctuation
    re: /^(?:-?(?:ba|z|k|da)?sh: (?:line \d{1,6}: )?)?([^\s:]{6,128}): command not found\r?$|\bzsh: command not found: (\S{6,128})\r?$/gm,
    accept: (v: string): boolean =>
      !v.includes('/') &&
      /\d/.test(v) &&
      /[A-Za-z]/.test(v) &&
      ((/[a-z]/.test(v) && /[A-Z]/.test(v)) || /[^A-Za-z0-9._-]/.test(v)),
    source: 'bash(1)/zsh(1) "command not found" errors (a password typed at the prompt)',
  },
  {
    name: 'cron-job-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['cron['],
    // the account a job ran as, in cron's syslog line (`CRON[4253]: (cron-svc-ambergro) CMD (…)`, Debian cron and
    // cronie: `(user) CMD|RELOAD|MAIL|INFO …`)
    re: /\bCRON\[\d{1,10}\]: \(([A-Za-z_][A-Za-z0-9._-]{0,31})\) (?:CMD|RELOAD|MAIL|INFO|ORPHAN|DELETE|REPLACE|LIST|BEGIN EDIT|END EDIT)\b/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'cron(8) syslog messages (Debian cron, cronie: `(<user>) CMD (<command>)`)',
  },
  {
    name: 'person-before-device-word',
    category: 'PERSON',
    priority: 59,
    group: 1,
    anchors: ['#', 'comment "', "comment '"],
    // whose device or home a firewall rule or a peer is for, in its comment (`--comment "ssh Tóth Gábor home"`, nft
    // `comment "RDP 王静 workstation"`, `# Jihoon Park laptop` over a WireGuard peer): at most one word (a protocol,
    // `VPN`) after the comment opens, a name, then the device
    re: new RegExp(
      `(?:#[ \\t]{0,4}|comment[ \\t]{1,4}["'])(?:[A-Za-z]{2,10}[ \\t])?${NAME_WORDS}(?:'s)?[ \\t](?:laptop|notebook|desktop|workstation|home|home office|phone|mobile|iphone|ipad|tablet|pc|mac|macbook)(?=["'\\s]|$)`,
      'gmu',
    ),
    accept: (v: string): boolean => looksLikePersonName(v, false) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the owner of a device a firewall rule or VPN peer is for',
  },
  {
    name: 'person-in-document-file-name',
    category: 'PERSON',
    priority: 59,
    group: 1,
    keywords: [
      'invoice_',
      'contract_',
      'angebot_',
      'offer_',
      'quote_',
      'rechnung_',
      'factura_',
      'facture_',
      'vertrag_',
      'cv_',
      'resume_',
      'lebenslauf_',
      'payslip_',
      'passport_',
    ],
    // a person named in a document's file name (`Invoice_Inês_Gonçalves_2025.pdf`, `CV_Olivia_Walker.docx` in an `ls -l`
    // of a home or upload directory): the document word, the name's words joined by `_`, then a year or the extension
    re: /\b(?:Invoice|Contract|Angebot|Offer|Offerte|Quote|Rechnung|Factura|Facture|Vertrag|CV|Resume|Lebenslauf|Payslip|Passport)_(\p{Lu}[\p{Ll}\p{M}'-]{1,30}(?:_\p{Lu}[\p{Ll}\p{M}'-]{1,30}){1,3})(?=_(?:19|20)\d\d|\.(?:pdf|docx?|xlsx?|odt|ods|png|jpe?g)\b)/gu,
    accept: (v: string): boolean =>
      looksLikePersonName(v.replace(/_/g, ' '), true) && !namesNoPerson(v.replace(/_/g, ' ')),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the customer or employee a document file is named after',
  },
  {
    name: 'person-named-document',
    category: 'PERSON',
    priority: 59,
    group: 1,
    keywords: ['.pdf', '.doc', '.xls', '.odt', '.ods'],
    // a document named only for a person, in a path (`smbstatus`, `ls`, upload logs: `Payroll/2025-03/Inês Muñoz.xlsx`,
    // `Contracts/Jana Procházka - Arbeitsvertrag.pdf`); with a letter beyond ASCII, as `Quarterly Report.pdf` is named
    // the same way
    re: new RegExp(
      `(?<=/)${NAME_WORDS}(?=\\.(?:pdf|docx?|xlsx?|odt|ods)\\b|[ \\t]-[ \\t][^/\\n]{1,80}\\.(?:pdf|docx?|xlsx?|odt|ods)\\b)`,
      'gu',
    ),
    accept: (v: string): boolean => NON_ASCII.test(v) && looksLikePersonName(v, true) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the customer or employee a document file is named after',
  },
  {
    name: 'person-greeted',
    category: 'PERSON',
    priority: 59,
    group: 1,
    keywords: ['welcome back, ', 'welcome, '],
    // the signed-in user a web page greets (`<p>Welcome back, Tomáš Veselý</p>` in `curl` output)
    re: new RegExp(`\\bWelcome(?: back)?, ${NAME_WORDS}(?=[<!.,]|[ \\t]*\\r?$)`, 'gmu'),
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the signed-in person a web page greets',
  },
  {
    name: 'easyrsa-index-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['\tunknown\t/cn='],
    // a client certificate's common name in easy-rsa's `pki/index.txt` (OpenSSL CA database: status, expiry,
    // revocation, serial, `unknown`, subject): for VPN clients the CN is the person's login
    re: /^[VRE]\t\d{12,14}Z\t(?:\d{12,14}Z(?:,[A-Za-z]{1,30})?)?\t[0-9A-F]{2,64}\tunknown\t\/CN=([A-Za-z_][A-Za-z0-9._-]{1,63})\r?$/gm,
    accept: (v: string): boolean =>
      !isSystemAccount(v) &&
      !/^(?:server|client|ca|vpn|openvpn)(?:[_-]?\d{0,3})$/i.test(v) &&
      classifyHostName(v) === null,
    source: 'OpenSSL ca index.txt format (easy-rsa pki/index.txt), VPN client common names',
  },
  {
    name: 'person-with-id-before-email',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [') <'],
    // a recipient as applications log it, the record's id between the name and the address (`Sending messages to Ştefan
    // Popescu (751) <s.popescu@example.ro>`)
    re: new RegExp(`(?<![\\p{L}\\p{M}])${NAME_WORDS} \\(\\d{1,10}\\) <[^\\s<>@]{1,64}@`, 'gu'),
    accept: (v: string): boolean => looksLikePersonName(v, false) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); a display name with a record id before its e-mail address',
  },
  {
    name: 'person-on-call-in-comment',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['on-call', 'on call'],
    // who is on call, named first in a comment (`# Iñigo Fernández, on-call +34 …`)
    re: new RegExp(`(?:#|//|--|;)[ \\t]{0,4}${NAME_WORDS},?[ \\t]{1,4}(?:is[ \\t])?on[- ]call\\b`, 'gu'),
    accept: personInComment,
    source: SRC_CORPUS_README + ' (PERSON_NAME); the on-call person a comment names',
  },
  {
    name: 'discord-webhook-token',
    category: 'APIKEY',
    priority: 88,
    group: 1,
    keywords: ['/api/webhooks/'],
    // a Discord webhook URL's token (`https://discord.com/api/webhooks/<id>/<token>`): whoever has it posts as the hook
    // (with the hook's id: the pair is the credential, as a URL path)
    re: /discord(?:app)?\.com\/api\/webhooks\/(\d{16,20}\/[A-Za-z0-9_-]{40,100})/g,
    source: 'Discord developer documentation, Webhook resource (Execute Webhook URL)',
  },
  {
    name: 'teams-webhook-url',
    category: 'APIKEY',
    priority: 88,
    group: 1,
    keywords: ['webhook.office.com/', 'outlook.office.com/webhook', '/webhookb2/'],
    // a Microsoft Teams incoming webhook: the group and tenant ids, `IncomingWebhook`, the hook's id and its creator
    // (and on the newer URLs a signature segment) after `/webhookb2/`
    re: /\/webhook(?:b2)?\/([0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}(?:\/[A-Za-z0-9_-]{20,100})?)/gi,
    source: 'Microsoft Teams incoming webhooks (learn.microsoft.com, Create an Incoming Webhook)',
  },
  {
    name: 'mattermost-hook-id',
    category: 'TOKEN',
    priority: 80,
    group: 1,
    keywords: ['/hooks/', 'incoming:'],
    // a Mattermost incoming webhook's id, which is its secret: in its URL (`https://chat…/hooks/<26 characters>`) and in
    // `mmctl webhook list` (`Incoming:\tGitLab CI (<id>)`)
    re: /(?:\/hooks\/|^Incoming:[ \t]+[^\n(]{1,80}\()([a-z0-9]{26})(?![A-Za-z0-9])/gm,
    accept: (v: string): boolean => /\d/.test(v) && /[a-z]/.test(v),
    source: 'Mattermost incoming webhooks (developers.mattermost.com) and mmctl webhook list',
  },
  {
    name: 'synapse-signing-key',
    category: 'PRIVKEY',
    priority: 95,
    group: 1,
    // (anchored: `ED25519 ` is in every sshd public-key login line)
    anchors: ['ed25519 '],
    // a Matrix homeserver's signing key file (`homeserver.signing.key`): `ed25519 <key id> <unpadded base64 seed>`
    re: /^ed25519 [A-Za-z0-9_]{1,32} ([A-Za-z0-9+/]{43}=?)[ \t]*\r?$/gm,
    source: 'Synapse signing key format (matrix-org/synapse docs, generate_signing_key)',
  },
  {
    name: 'errbot-admins',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['bot_admins'],
    // errbot's `config.py`: `BOT_ADMINS = ('@priya84', '@rsubramanian', )` (chat handles of the bot's administrators)
    re: /(?<=BOT_ADMINS[ \t]*=[ \t]*[([][^\n)\]]{0,400})['"]@?([A-Za-z0-9._-]{1,64})(?::[A-Za-z0-9.-]{1,253})?['"]/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'errbot config-template.py BOT_ADMINS',
  },
  {
    name: 'threepid-msisdn',
    category: 'PHONE',
    priority: 60,
    group: 1,
    keywords: ['"msisdn"', '"sms"', '"phone"'],
    // a phone number stored as a contact or third-party id (Synapse admin API `"medium": "msisdn", "address": "…"`,
    // PagerDuty contact methods `"type": "sms_contact_method", "address": "…"`): the address after its medium
    re: /"(?:medium|type)"[ \t]{0,4}:[ \t]{0,4}"(?:msisdn|sms|phone|sms_contact_method|phone_contact_method)"[ \t]{0,4},\s{0,200}(?:"[a-z_]{1,20}"[ \t]{0,4}:[ \t]{0,4}(?:"[^"\n]{0,80}"|\d{1,16}|null|true|false)[ \t]{0,4},\s{0,200}){0,3}"address"[ \t]{0,4}:[ \t]{0,4}"(\+?\d{6,15})"/g,
    source: 'Matrix client-server API third-party identifiers (msisdn), PagerDuty contact methods',
  },
  {
    name: 'xmpp-failed-auth-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['failed authentication attempt'],
    // Prosody's auth log: `Failed authentication attempt (not-authorized) for user restrepo.s from IP: …`
    re: /Failed authentication attempt \([a-z-]{1,40}\) for user ([A-Za-z0-9._@-]{1,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Prosody mod_saslauth log lines',
  },
  {
    name: 'dicom-person-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [') pn ['],
    // DICOM attributes of value representation PN (PS3.5 §6.2: `family^given^middle^prefix^suffix`), as dcmdump and
    // findscu print them: `(0010,0010) PN [DESHPANDE^RAHUL]  #  16, 1 PatientName`, ReferringPhysicianName, OperatorsName
    re: /\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\) PN \[([^\]\n]{1,64})\]/g,
    accept: (v: string): boolean => /\p{L}/u.test(v),
    source: 'DICOM PS3.5 value representation PN; DCMTK dcmdump output',
  },
  {
    name: 'dicom-telephone',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['(0010,2154)'],
    // PatientTelephoneNumbers (0010,2154), SH, backslash-separated values
    re: /\(0010,2154\) SH \[([^\]\n]{4,64})\]/g,
    accept: (v: string): boolean => /\d{3}/.test(v),
    source: 'DICOM PS3.6 data dictionary (0010,2154) Patient Telephone Numbers',
  },
  {
    name: 'clinical-role-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['patient: ', 'prescriber: ', 'physician: ', 'provider: ', 'pharmacist: ', 'guarantor: ', 'subscriber: '],
    // e-prescribing and clinical logs naming people by role: `Prescriber: Dr. Minh Anh Nguyễn NPI=…`, `Patient: OKAFOR,
    // CHINEDU DOB=…` (a name in capitals, `FAMILY, GIVEN`)
    re: new RegExp(
      `\\b(?:Patient|Prescriber|Physician|Provider|Pharmacist|Guarantor|Subscriber|Insured|Attending|Referring|Ordering Provider)(?: Name)?: (?:(?:Dr|Mr|Mrs|Ms|Prof)\\.? )?((?:\\p{Lu}[\\p{L}'’-]{0,30},? ){0,3}\\p{Lu}[\\p{L}'’-]{0,30})(?= (?:[A-Z]{2,6}[=:]|\\(|DOB|MRN|NPI)|[,;]|\\r?$)`,
      'gmu',
    ),
    accept: (v: string): boolean => looksLikePersonName(v.replace(/,/g, ''), false),
    source: 'Surescripts/NCPDP SCRIPT client logs and clinical application logs (role: name)',
  },
  {
    name: 'login-with-name-in-parentheses',
    category: 'USER',
    priority: 57,
    group: 1,
    // (anchored: `user=` is on every other line of some logs, and a match starts with its key)
    anchors: AUDIT_ROLE_ANCHORS,
    notAfter: /[A-Za-z0-9_]/,
    // audit lines that write a login with its owner's name (`user=hsaito(Haruto Saito RN) witness=falsayed(…)`,
    // dispensing cabinets, controlled-substance waste audits)
    // (`user=` only with its parentheses: alone it is the key/value rules')
    re: /user=([A-Za-z][A-Za-z0-9._-]{1,63})(?=\()|(?:witness|nurse|operator|pharmacist|verifier)=([A-Za-z][A-Za-z0-9._-]{1,63})(?=\(|[ \t]|\r?$)/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'medication dispensing cabinet and controlled-substance audit logs (user=login(Name))',
  },
  {
    name: 'name-in-parentheses-after-login',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: AUDIT_ROLE_ANCHORS,
    notAfter: /[A-Za-z0-9_]/,
    // … and the name in the parentheses, without a trailing credential (`RN`, `MD`, `PharmD`)
    re: /(?:user|witness|nurse|operator|pharmacist|verifier)=[A-Za-z][A-Za-z0-9._-]{1,63}\(([^()\n]{2,80}?)(?: (?:RN|LPN|MD|DO|NP|PA|PharmD|RPh|CPhT|DDS))?\)/gu,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'medication dispensing cabinet and controlled-substance audit logs (user=login(Name))',
  },
  {
    name: 'cardholder-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['cardholder '],
    // reconciliation and payment logs: `(cardholder DESHPANDE/RAHUL)` (the card's track-1 `SURNAME/GIVEN` form) or
    // `(cardholder "Jae-won Park")`
    re: /\bcardholder[ :=]{1,3}(?:"([^"\n]{2,80})"|(\p{Lu}[\p{L}'’ -]{0,30}\/\p{Lu}[\p{L}'’ -]{0,30}?)(?=[)\s,;]))/gu,
    accept: (v: string): boolean => looksLikePersonName(v.replace('/', ' '), false),
    source: 'ISO/IEC 7813 track 1 name field (SURNAME/GIVEN); card reconciliation logs',
  },
  {
    name: 'nacha-entry-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    // (anchored at the record type and transaction code: the digits occur everywhere, a record only at a line's start)
    // (transaction codes 21–59: checking, savings, general ledger and loan accounts, returns and notifications of change
    // `21`/`26`/`31`/`36` among them)
    anchors: [
      '621',
      '622',
      '623',
      '624',
      '625',
      '626',
      '627',
      '628',
      '629',
      '631',
      '632',
      '633',
      '634',
      '635',
      '636',
      '637',
      '638',
      '639',
      '641',
      '642',
      '643',
      '644',
      '645',
      '646',
      '647',
      '648',
      '649',
      '651',
      '652',
      '653',
      '654',
      '655',
      '656',
      '657',
      '658',
      '659',
    ],
    // a NACHA ACH entry detail record (type 6, 94 characters): positions 55–76 hold the receiver's name
    // (`6221260493035963503490       0000559218E312358        OYELARAN GRACE          0741628570000001`, also as
    // `cat -A` shows a CRLF file: `…0000001^M$`)
    re: /^6[2-5][1-9]\d{9}[0-9A-Za-z -]{17}\d{10}[0-9A-Za-z -]{15}([A-Za-z][A-Za-z'., -]{0,21}?)[ ]*[0-9A-Za-z ]{2}[01]\d{15}[ \t]*(?:\r|\^M\$)?$/gm,
    accept: (v: string): boolean => /[A-Za-z]{2}/.test(v) && v.trim().includes(' '),
    source: 'NACHA Operating Rules, ACH file format: Entry Detail Record (record type 6), Individual Name 55–76',
  },
  ...loginAndSecret({
    name: 'inline-username-password',
    // a login and its password on one line of an access device's configuration (ZTE OLT `wan-ip 1 mode pppoe username
    // x password y`, Huawei `ont ipconfig … pppoe user-account username x password y`, Cisco `username x password 0 y`)
    // (a table's header, `| username | password |`, is no such line)
    // (prose is not: `The username and password that were used …`)
    re: 'username [ \\t]*(?!(?:and|or|the|that|is|was|of|for|to|with|must|will|are|were|you)[ \\t])"?([A-Za-z0-9][^\\s"|]{0,63})"?[ \\t]+(?:privilege[ \\t]+\\d{1,2}[ \\t]+)?password[ \\t]+(?:[07][ \\t]+)?"?([^\\s"|][^\\s"]{0,127})"?',
    keywords: ['username '],
    anchored: true,
    source: 'ZTE and Huawei GPON ONT configuration (pppoe username/password), Cisco IOS username command',
  }),
  {
    name: 'wpa-psk-key',
    category: 'PASSWORD',
    priority: 76,
    group: 2,
    keywords: ['wpa-psk', 'wpa2-psk', 'wpapsk', 'wpa2psk'],
    // a Wi-Fi pre-shared key on an access device's SSID line (ZTE `ssid auth wpa wifi_0/1 wpa2-psk encrypt aes key x`)
    re: /\bwpa2?-?psk\b[^\n]{0,60}?\bkey[ \t]+("?)([^\s"]{8,63})\1/gi,
    source: 'IEEE 802.11i WPA2-PSK passphrase (8–63 characters); ZTE ONT ssid auth command',
  },
  {
    name: 'kannel-log-phone',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['[to:', '[from:'],
    // Kannel's access log (`Sent SMS [SMSC:x] [SVC:y] … [from:SENDER] [to:48694394994]`): numbers without their `+`
    re: /\[(?:to|from):\+?(\d{7,15})\]/g,
    source: 'Kannel bearerbox access log format (gateway user guide, "access-log")',
  },
  {
    name: 'kannel-log-service',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['[svc:'],
    // … and the sendsms user that sent the message (`[SVC:billing-notify]`)
    re: /\[SVC:([^\]\s]{1,64})\]/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Kannel bearerbox access log format (SVC: the sendsms-user username)',
  },
  {
    name: 'docsis-config-credential',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['snmpmibobject', 'password "'],
    // a cable modem's configuration file as `docsis -d` decodes it: SNMP communities set through the docsDev MIB
    // (`SnmpMibObject docsDevNmAccessCommunity.1 String "x" ;`) and TR-069 passwords (`ConnectionRequestPassword "x";`)
    re: /^[ \t]*(?:SnmpMibObject[ \t]+[A-Za-z0-9]*Community(?:\.\d{1,4})*[ \t]+String|[A-Za-z]*Password)[ \t]+"([^"\n]{1,128})"[ \t]*;/gm,
    source:
      'DOCSIS config file decoder (docsis -d) output; DOCSIS-DEV-MIB docsDevNmAccessCommunity; TR-069 eRouter TLVs',
  },
  {
    name: 'docsis-config-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['username "'],
    // … and its TR-069 logins (`Username "x";`, `ConnectionRequestUsername "x";`)
    re: /^[ \t]*[A-Za-z]*Username[ \t]+"([^"\n]{1,64})"[ \t]*;/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'DOCSIS config file decoder (docsis -d) output; TR-069 eRouter TLVs',
  },
  {
    name: 'account-command-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['useradd', 'adduser', 'usermod', 'userdel', 'deluser', 'chage', 'passwd', 'added user '],
    // the account an account-management command acts on, its last word (`useradd -m -G finance -c "…" jdoe`, `chage -d
    // 0 jdoe`, `passwd --stdin jdoe`, `smbpasswd -a jdoe`, `getent passwd jdoe`), and smbpasswd's `Added user jdoe.`
    re: /(?:(?:(?<=\/s?bin\/)|(?<![/.\w-]))(?:useradd|adduser|usermod|userdel|deluser|chage|passwd|smbpasswd)(?=[ \t])[^\n;&|#]{0,300}?[ \t]|\bAdded user )([a-z_][a-z0-9._-]{0,31})(?=\.?[ \t]*(?:\r?$|;|&|\||\)|#))/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^(?:-|stdin$|user$|users$)/.test(v),
    source: 'shadow-utils useradd(8), usermod(8), chage(1), passwd(1); Samba smbpasswd(8)',
  },
  {
    name: 'ldappasswd-new-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['ldappasswd'],
    // the new password given to ldappasswd(1) with `-s` (`-w` is the bind password, a flag rule's)
    re: /\bldappasswd\b[^\n]{0,300}?[ \t]-s[ \t]+(?:'([^'\n]{1,128})'|"([^"\n]{1,128})"|([^\s'"]{1,128}))/g,
    source: 'OpenLDAP ldappasswd(1) -s newPasswd',
  },
  ...loginAndSecret({
    name: 'tcl-set-credentials',
    // an expect(1) script's variables (`set user "jdoe"` … `set pass "…"`): a login and its password on two lines
    re: '\\bset[ \\t]+(?:user(?:name)?|login)[ \\t]+"?([^\\s"$\\[]{1,64})"?[ \\t]*\\r?\\n(?:[^\\n]{0,200}\\r?\\n){0,3}?[ \\t]*set[ \\t]+(?:pass(?:word|wd)?|pw)[ \\t]+"?([^\\s"$\\[]{1,128})"?',
    keywords: ['set user', 'set login', 'set username'],
    source: 'expect(1) scripts: Tcl set commands holding the login and the password',
    anchored: true,
  }),
  {
    name: 'expect-send-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    anchors: ['expect '],
    // the reply an expect(1) script sends to a password prompt (`expect "*assword:*"` then `send "…\r"`, on its line
    // or the next)
    re: /expect[ \t]+(?:-[a-z]+[ \t]+)?"[^"\n]{0,40}(?:assword|asswort|passphrase|PIN)[^"\n]{0,40}"[ \t]*(?:\{[ \t]*|\r?\n[ \t]*)send(?:[ \t]+--)?[ \t]+"((?:[^"\\\n$]|\\[^rn\n]){1,128}?)(?:\\r|\\n)?"/g,
    source: 'expect(1): send after an expect on a password prompt',
  },
  {
    name: 'expect-block-send-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['send '],
    // … and inside an `expect { … }` block, a password prompt's pattern and its action on one line (`"*assword:*"
    // { send "…\r" }`)
    re: /"[^"\n]{0,40}(?:assword|asswort|passphrase)[^"\n]{0,40}"[ \t]*\{[ \t]*(?:exp_)?send(?:[ \t]+--)?[ \t]+"((?:[^"\\\n$]|\\[^rn\n]){1,128}?)(?:\\r|\\n)?"/g,
    source: 'expect(1): pattern/action pairs of an expect block',
  },
  {
    name: 'stdin-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['--stdin', 'smbpasswd -s'],
    // a password piped into a command that reads it (`echo 'x' | passwd --stdin jdoe`, `printf '%s\n' x x | smbpasswd -s`)
    re: /\becho[ \t]+(?:-[ne][ \t]+)?(?:'([^'\n]{1,128})'|"([^"\n$]{1,128})"|([^\s'"|$][^\s|]{0,127}))[ \t]*\|[ \t]*(?:sudo[ \t]+)?(?:passwd[ \t]+--stdin|smbpasswd[ \t]+-s)\b/g,
    source: 'passwd(1) --stdin (shadow-utils on RHEL), smbpasswd(8) -s',
  },
  {
    name: 'email-verification-path-hash',
    category: 'TOKEN',
    priority: 80,
    group: 1,
    keywords: ['/verify-email/', '/email/verify/'],
    // Laravel's e-mail verification link: `/email/verify/{id}/{hash}` (the SHA-1 of the address; the starter kits route
    // it as `/verify-email/{id}/{hash}`), signed by its query; the hash identifies the address and opens the link
    re: /\/(?:verify-email|email\/verify)\/\d{1,12}\/([0-9a-f]{40}|[0-9a-f]{64})(?=[/?#'"\s),]|$)/g,
    source: 'Laravel email verification (laravel.com/docs/verification, the verification.verify route {id}/{hash})',
  },
  {
    name: 'slack-response-url',
    category: 'TOKEN',
    priority: 82,
    group: 1,
    keywords: ['hooks.slack.com'],
    // a slash command's or interaction's `response_url` (`https://hooks.slack.com/commands/T…/<id>/<secret>`), also
    // percent-encoded in the form body a Slack app logs (`response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F…`):
    // posting to it answers in the channel for 30 minutes
    re: /hooks\.slack\.com(?:\/|%2F)(?:commands|actions)(?:\/|%2F)([A-Z0-9]{8,12}(?:\/|%2F)\d{8,16}(?:\/|%2F)[A-Za-z0-9]{20,32})(?![A-Za-z0-9])/gi,
    source:
      'Slack slash commands and interactivity, response_url (api.slack.com/interactivity/handling#message_responses)',
  },
  {
    name: 'zapier-catch-hook',
    category: 'TOKEN',
    priority: 80,
    group: 1,
    keywords: ['/hooks/catch/'],
    // a Zapier catch hook: `https://hooks.zapier.com/hooks/catch/<account id>/<hook secret>/`: whoever has the path can post
    re: /\/hooks\/catch\/(\d{3,12}\/[A-Za-z0-9]{4,16})(?=[/?#'"\s),]|$)/g,
    source: 'Zapier Webhooks by Zapier catch hook URLs (help.zapier.com)',
  },
  {
    name: 'url-path-token',
    category: 'TOKEN',
    priority: 80,
    group: 1,
    keywords: [
      '/session/',
      '/sessions/',
      '/token/',
      '/tokens/',
      '/reset/',
      '/verify/',
      '/confirm/',
      '/invite/',
      '/magic/',
      '/activate/',
      '/shared/',
      '/share/',
      '/unsubscribe/',
      '/invitation/',
      '/invitations/',
      '/magic-link/',
      '/reset-password/',
      '/password-reset/',
    ],
    // an opaque credential as a URL's path segment (`/api/session/<token>`, password-reset, e-mail confirmation,
    // invitation, unsubscribe, shared-report and magic-link URLs): mixed case and digits (a WebDriver session's hex id,
    // `/session/<32 hex>/url`, is a handle to a browser, no credential)
    re: /\/(?:sessions?|tokens?|reset|verify|confirm|invite|invitations?|magic(?:-link)?|activate|shared?|unsubscribe|reset-password|password-reset)\/([A-Za-z0-9_-]{20,256})(?=[/?#'"\s),]|$)/g,
    accept: (v: string): boolean => looksLikeOpaqueToken(v),
    source: 'OWASP Session Management Cheat Sheet (session ids in URLs); password-reset and magic-link URL shapes',
  },
  {
    name: 'cypress-typed-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    anchors: ['cy:command'],
    // cypress-terminal-report's command log: `get input[name=password]`, then `type <what was typed>`
    re: /cy:command[ \t]+\S{1,3}[ \t]+get[ \t]+[^\n]{0,80}?(?:pass|pwd)[^\n]{0,40}\r?\n[ \t]*cy:command[ \t]+\S{1,3}[ \t]+type[ \t]+(\S[^\n]{0,127}?)[ \t]*\r?$/gm,
    source: 'cypress-terminal-report command log (cy.get, cy.type)',
  },
  {
    name: 'cypress-typed-login',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['cy:command'],
    re: /cy:command[ \t]+\S{1,3}[ \t]+get[ \t]+[^\n]{0,80}?(?:user|login)[^\n]{0,40}\r?\n[ \t]*cy:command[ \t]+\S{1,3}[ \t]+type[ \t]+([A-Za-z0-9._@-]{1,64})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'cypress-terminal-report command log (cy.get, cy.type)',
  },
  {
    name: 'browser-fill-password',
    category: 'PASSWORD',
    priority: 76,
    group: 2,
    keywords: ['fill(', 'type('],
    // a browser test filling a password field (Playwright `page.fill('#password', '…')`, Puppeteer `page.type(…)`)
    re: /\.(?:fill|type)\([ \t]*(['"`])[^'"`\n]{0,80}(?:pass|pwd)[^'"`\n]{0,80}\1[ \t]*,[ \t]*(?:'([^'\n]{1,128})'|"([^"\n]{1,128})")/gi,
    source: 'Playwright page.fill / Puppeteer page.type calls in test code and failure frames',
  },
  {
    name: 'browser-fill-login',
    category: 'USER',
    priority: 57,
    group: 2,
    keywords: ['fill(', 'type('],
    re: /\.(?:fill|type)\([ \t]*(['"`])[^'"`\n]{0,80}(?:user|login)[^'"`\n]{0,80}\1[ \t]*,[ \t]*(?:'([A-Za-z0-9._-]{1,64})'|"([A-Za-z0-9._-]{1,64})")/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Playwright page.fill / Puppeteer page.type calls in test code and failure frames',
  },
  {
    name: 'playwright-log-fill-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    anchors: ['waiting for locator('],
    // Playwright's API log (`DEBUG=pw:api`): `waiting for locator('#password')`, then within a few lines `fill("…")`
    re: /waiting for locator\('[^'\n]{0,80}(?:pass|pwd)[^'\n]{0,80}'\)(?:\r?\n[^\n]{0,300}){0,3}?\r?\n[^\n]{0,80}?\bfill\("((?:[^"\\\n]|\\.){1,128})"\)/g,
    source: 'Playwright API log (DEBUG=pw:api): locator waits and fill calls',
  },
  {
    name: 'playwright-log-fill-login',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['waiting for locator('],
    re: /waiting for locator\('[^'\n]{0,80}(?:user|login|email)[^'\n]{0,80}'\)(?:\r?\n[^\n]{0,300}){0,3}?\r?\n[^\n]{0,80}?\bfill\("([A-Za-z0-9._-]{1,64})"\)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Playwright API log (DEBUG=pw:api): locator waits and fill calls',
  },
  {
    name: 'filezilla-pass-element',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['<pass'],
    // FileZilla's sitemanager.xml and recentservers.xml: `<Pass encoding="base64">…</Pass>` (the password, base64) or a
    // plain `<Pass>…</Pass>` in older files
    re: /<Pass(?:[ \t]+encoding="(?:base64|plain)")?>([^<\n]{1,512})<\/Pass>/g,
    source: 'FileZilla Client sitemanager.xml / recentservers.xml (Server element Pass)',
  },
  {
    name: 'ago-by-person',
    category: 'PERSON',
    priority: 59,
    group: 1,
    keywords: ['ago by '],
    // who last changed a record, after a relative time (1Password `op item get`: `Updated:  5 weeks ago by Jane Doe`,
    // forges' `updated 2 days ago by …`)
    re: /\bago by (\p{Lu}[\p{L}\p{M}'’-]{0,30}(?: \p{Lu}[\p{L}\p{M}'’-]{0,30}){1,3})[ \t]*(?=\r?$|[,.)])/gmu,
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: '1Password CLI op item get (Updated: … ago by …); relative-time audit lines',
  },
  {
    name: 'radlast-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: [' ppp ', ' slip '],
    // FreeRADIUS `radlast` (last(1) over radwtmp): the login, the port type `PPP`, the address, then the session's
    // times (`jdoe  PPP  10.1.2.3  Sat May  4 18:26  still logged in`)
    re: /^([A-Za-z0-9._@-]{1,64})[ \t]+(?:PPP|SLIP|CSLIP)[ \t]+[^\n]{0,80}?(?:still logged in|\(\d{1,3}\+?\d{0,2}:\d{2}\)|- \d{2}:\d{2})/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'FreeRADIUS radlast (last(1) on the radwtmp file)',
  },
  {
    name: 'directive-login',
    category: 'USER',
    priority: 57,
    group: 1,
    // (anchored: `user ` is on most lines of an auth log, and each try fails at once unless a line starts there)
    anchors: ['username ', 'user '],
    // a line that is a login directive and its value alone (`User jdoe` in ssh_config, Jasmin jcli's `username x` in a
    // connector listing); `user nginx;` and other directives with more after them are not
    re: /(?<=^[ \t]{0,8})(?:[Uu]ser(?:name)?|USER(?:NAME)?) [ \t]*([A-Za-z0-9][A-Za-z0-9._@-]{0,63})[ \t]*\r?$/gm,
    // (a directive among directives: the line before or after is one too, so a heading such as `USER INFORMATION` over
    // a rule is none; a login has a lower-case letter)
    accept: (v: string, text: string, start: number): boolean =>
      /[a-z]/.test(v) &&
      !isSystemAccount(v) &&
      !/^(?:none|null|nil|true|false|yes|no|root|\d+)$/i.test(v) &&
      // (`User` is ssh_config's among its host directives; `User profile` in `net user` output is no login)
      besideDirective(
        text,
        start,
        /^(?:u|U|USER)[a-z]*name/.test(text.slice(lineStartWithin(text, start, 16), start).trim())
          ? DIRECTIVE_LINE
          : SSH_CONFIG_LINE,
      ),
    source: 'ssh_config(5) User; Jasmin SMS gateway jcli smppccm -s output',
  },
  {
    name: 'device-description-person',
    category: 'PERSON',
    priority: 59,
    group: 1,
    keywords: ['desc "', 'desc=', 'description:', 'description "'],
    // a subscriber named in an access device's description, before an address or a phone number (Huawei OLT `ont add …
    // desc "Jane Doe, Main St 4"`, `display ont info`'s `Description: Jane Doe, …`, `desc "Jane Doe 0152 2522690"`)
    re: /(?:\bdesc(?:ription)?[ \t]*=?[ \t]*"|^[ \t]*Description[ \t]*:[ \t]+)(\p{Lu}[\p{L}'’-]{1,30}(?: \p{Lu}[\p{L}'’-]{1,30}){1,2})(?=, |[ \t]+\+?\d)/gmu,
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: 'Huawei MA5600/MA5800 OLT ont add / display ont info; subscriber descriptions on access devices',
  },
  {
    name: 'radius-server-secret',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['server='],
    // accel-ppp's `[radius]` section: `server=<address>,<secret>,auth-port=…` and `dae-server=<address>:<port>,<secret>`
    re: /^(?:dae-)?server=[^,\s]{1,80},([^,=\s]{1,128})(?=,|[ \t]*\r?$)/gm,
    source: 'accel-ppp.conf(5) [radius] server and dae-server',
  },
  {
    name: 'passwd-columns-gecos',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [' x '],
    // `/etc/passwd` with its colons turned into blanks (`getent passwd | column -t -s:`, `awk -F:` output): login, `x`,
    // uid, gid, then the GECOS field's full name before its first comma (passwd(5))
    re: /^[a-z_][a-z0-9._-]{0,31}[ \t]+x[ \t]+\d{1,10}[ \t]+\d{1,10}[ \t]+([^,\n/][^,\n]{1,79}?),[^\n]{0,200}?[ \t]\/[A-Za-z]/gm,
    accept: (v: string): boolean => looksLikePersonName(v.trim(), false) && !namesNoPerson(v),
    source: 'passwd(5) GECOS field (full name, room, phones), as getent passwd | column -t -s: prints it',
  },
  {
    name: 'card-track-data',
    category: 'CARD',
    priority: 90,
    group: 1,
    keywords: ['^'],
    // a card's magnetic-stripe data (ISO/IEC 7813): track 1 `%B<PAN>^SURNAME/GIVEN^YYMM…`; the PAN sits between the
    // format code and the separator, where digit boundaries do not hold
    re: /(?<![A-Za-z0-9])%?B(\d{13,19})\^(?=[A-Z][A-Z './-]{0,25}\^\d{4})/g,
    accept: (v: string): boolean => luhnValid(v),
    source: 'ISO/IEC 7813 track 1 format; ISO 8583 data element 45',
  },
  {
    name: 'card-track2-data',
    category: 'CARD',
    priority: 90,
    group: 1,
    keywords: ['field id="35"', 'track 2', 'track2', 'de35', 'de 35', '[035]', 'f35'],
    // track 2 as switches dump ISO 8583 data element 35 (`<field id="35" value="<PAN>=2512…"`, `[035] TRACK 2 DATA ..:
    // [<PAN>D2512…]`), `D` or `=` after the PAN
    re: /(?:<field id="35" value="|\bTRACK[ _-]?2\b[^\n[]{0,40}\[?|\b(?:DE|F)[ ]?0?35[ \t]*[:=][ \t]*\[?|\[035\][^\n[]{0,60}\[)(\d{13,19})[=D](?=\d{7})/gi,
    accept: (v: string): boolean => luhnValid(v),
    source: 'ISO/IEC 7813 track 2 format; ISO 8583 data element 35',
  },
  {
    name: 'card-track-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['^'],
    // the cardholder's name in track 1 data (`B4111…^DOE/JANE^2512…`)
    re: /(?<![A-Za-z0-9])%?B\d{13,19}\^([A-Z][A-Z '.-]{0,25}\/[A-Z '.-]{0,25})\^\d{4}/g,
    accept: (v: string): boolean => looksLikePersonName(v.replace('/', ' ').trim(), false),
    source: 'ISO/IEC 7813 track 1 name field (SURNAME/GIVEN)',
  },
  {
    name: 'iso8583-pin-block',
    category: 'PASSWORD',
    priority: 85,
    group: 1,
    keywords: ['pin block', 'pin_block', 'pinblock', 'field id="52"', 'de52', 'de 52', '[052]', 'f52'],
    // an encrypted PIN block (ISO 9564, ISO 8583 data element 52, 8 bytes as 16 hex digits) as switch and jPOS logs dump
    // it: `<field id="52" value="…"`, `[052] PIN BLOCK ........: […]`, `DE52=…`
    re: /(?:<field id="52" value="|\bPIN[ _-]?BLOCK\b[ .:=\t]{0,40}\[?|\b(?:DE|F)[ ]?0?52[ \t]*[:=][ \t]*\[?|\[052\][^\n[]{0,60}\[)([0-9A-Fa-f]{16})(?![0-9A-Za-z])/gi,
    source: 'ISO 9564 PIN blocks; ISO 8583 data element 52 (PIN data) in jPOS Q2 and switch debug logs',
  },
  {
    name: 'psu-id',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['psu'],
    // the payment service user's login at the bank (Berlin Group NextGenPSD2 `PSU-ID` header, Open Banking gateway logs
    // `psu=…`, `"psuId": "…"`)
    re: /\b(?:PSU-ID|psu[_-]?id|psuId|psu)["']?[ \t]{0,4}[=:][ \t]{0,4}["']?([A-Za-z0-9._@-]{1,64})/gi,
    accept: (v: string): boolean => !isSystemAccount(v) && /[A-Za-z]/.test(v),
    source: 'Berlin Group NextGenPSD2 XS2A framework (PSU-ID request header); Open Banking gateway logs',
  },
  {
    name: 'iso20022-party-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['<nm>'],
    // a party's name in ISO 20022 payment messages (SEPA pain.001 / pain.008 credit transfers and direct debits, camt.053
    // statements: `<Cdtr><Nm>…</Nm>`, `<Dbtr>`, `<UltmtCdtr>`), when it is a person's, not a company's
    re: /<Nm>([^<\n]{2,140})<\/Nm>/g,
    accept: (v: string): boolean => looksLikePersonName(v.trim(), true) && !namesNoPerson(v),
    source: 'ISO 20022 message definitions (pain.001.001.09, camt.053.001.08): PartyIdentification Nm',
  },
  {
    name: 'swift-mt-party-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: [':50k:', ':50f:', ':59:'],
    // the ordering customer (`:50K:` / `:50F:`) and beneficiary (`:59:`) of a SWIFT MT103: an account line `/…`, then
    // the name on the next line (`:50F:` numbers its lines: `1/NAME`), also behind `grep -A`'s `file.fin-` prefix
    re: /:(?:50K|50F|59):(?:\/[^\n]{1,40}\r?\n(?:[^\s]{1,200}?\.[A-Za-z0-9]{1,8}-)?)?(?:1\/)?([^\n/:][^\n]{1,69}?)[ \t]*\r?$/gm,
    accept: (v: string): boolean => looksLikePersonName(v.trim(), true) && !namesNoPerson(v),
    source: 'SWIFT MT103 field specifications 50a (Ordering Customer) and 59a (Beneficiary Customer)',
  },
  {
    name: 'swift-mt940-counterparty',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['?32', '?33', '/name/'],
    // the counterparty in an MT940 `:86:` line: the German DFÜ structure's `?32` / `?33` subfields, or SWIFT's
    // `/NAME/…` code word
    re: /(?:\?3[23]|\/NAME\/)([^?/\n]{2,70})/g,
    accept: (v: string): boolean => looksLikePersonName(v.trim(), true) && !namesNoPerson(v),
    source: 'DFÜ-Abkommen Anlage 3 (MT940 field 86 subfields ?32/?33); SWIFT MT940 field 86 code words',
  },
  {
    name: 'bank-transaction-party',
    category: 'PERSON',
    priority: 59,
    group: 1,
    keywords: ['org:', 'bnf:', 'payee ', 'payment from ', 'payment to ', 'transfer from ', 'transfer to '],
    // a person in a bank transaction's text (BAI2 `16` records, statement lines: `INCOMING WIRE ORG:JANE DOE`, `OUTGOING
    // WIRE BNF:…`, `CHECK PAID PAYEE …`, `ZELLE PAYMENT FROM …`)
    re: /(?:\b(?:ORG|BNF|ORIG|BENE)[:=]|\bPAYEE |\b(?:PAYMENT|TRANSFER) (?:FROM|TO) )(\p{Lu}[\p{L}'’.-]{0,30}(?: \p{Lu}[\p{L}'’.-]{0,30}){1,4})(?=[ \t]*(?:\r?$|[,/;]|[ ]{2}))/gmu,
    accept: (v: string): boolean => looksLikePersonName(v.trim(), true) && !namesNoPerson(v),
    source: 'BAI2 cash management format (16 transaction detail text); bank statement transaction descriptions',
  },
  {
    name: 'salutation-name',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['hi ', 'hi+', 'dear ', 'dear+', 'hello ', 'hello+'],
    // a message greeting its recipient by name (`Hi Rafael, this is Summit Clinic`, URL-encoded `Hi+Rafael%2C+` in an SMS
    // gateway's request body, `Dear Mr Qureshi,`); `Hi there,`, `Dear Customer,` and `Hello World,` stay
    re: /\b(?:Hi|Hello|Dear|Hallo|Hola|Bonjour|Ciao|Olá)(?: |\+)(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?(?: |\+))?(\p{Lu}[\p{L}'’-]{1,30}(?:(?: |\+)(?:\p{Lu}[\p{L}'’-]{1,30}|van|de|der|da|di|le|la|del|von)){0,3})(?:,|%2C|!)/gu,
    accept: (v: string): boolean =>
      !/^(?:(?:Customer|Team|Sir|Madam|All|Everyone|Guest|User|Admin|Administrator|Support|Friend|World|There|Member|Colleague|Folk|Patient|Client|Valued|Partner|Student|Parent|Applicant|Candidate|Developer|Subscriber|Reader|Visitor|Traveller|Traveler|Shopper|Buyer|Seller|Host|Owner|Manager|Teammate|Reviewer|Contributor|Maintainer|Participant|Attendee|Organizer|Speaker|Author|Editor|Patron|Resident|Tenant|Neighbo(?:u)?r|Guardian|Player|Creator|Community|Supporter|Donor|Volunteer|Employee|Staff|Agent|Operator|Engineer|Sir or Madam|Hiring Manager|Valued Customer)s?)$/i.test(
        v.replace(/\+/g, ' '),
      ),
    source: 'salutations in notification texts (SMS gateways, mail bodies, chat messages)',
  },
  {
    name: 'employee-record-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['emp ', 'employee '],
    // payroll and HR batch logs: an employee number, then the name as `FAMILY, GIVEN` (`[Calc] EMP 100203 NAKAMURA, HIRO
    // gross=5,200.36 …`)
    re: /\b(?:EMP|Emp|Employee|employee)[ #:]{1,3}[A-Z]?\d{3,10} (\p{Lu}[\p{L}'’-]{1,30}, \p{Lu}[\p{L}'’-]{1,30}(?: \p{Lu}[\p{L}'’-]{1,30}){0,2})(?= [a-z_]{2,20}=| \(|[,;]|\r?$)/gmu,
    accept: (v: string): boolean => looksLikePersonName(v.replace(',', ''), false),
    source: 'payroll calculation and HR provisioning batch logs (employee number, FAMILY, GIVEN)',
  },
  {
    name: 'employee-login-in-parentheses',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['employee '],
    // `matched card ending 4709 to employee E92258 (okovalenko)`: an employee number, then the login in parentheses
    re: /\bemployee [A-Z]?\d{3,10} \(([a-z][a-z0-9._-]{1,63})\)/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'card reconciliation and HR batch logs',
  },
  {
    name: 'connecting-as-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['connecting to '],
    // a client's progress line: `Connecting to sftp.bank.example:22 as highmeadow_ach06 (key …)`
    re: /\bConnecting to [^\s]{1,260} as ([A-Za-z0-9_][A-Za-z0-9._@-]{0,63})(?![A-Za-z0-9._@-])/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'SFTP/SSH/database client progress lines (connecting to host as user)',
  },
  {
    name: 'password-set-for-user',
    category: 'PASSWORD',
    priority: 74,
    group: 1,
    // (anchored: `password for ` is on every failed ssh login)
    anchors: [
      'password set for ',
      'password reset for ',
      'password changed for ',
      'password generated for ',
      'password for ',
    ],
    notAfter: /[A-Za-z0-9_]/,
    // provisioning logs that print the password they set: `ad: initial password set for jdoe: Winter2022@ (must change at
    // next logon)`
    re: /password (?:(?:set|reset|changed|generated) )?for [^:\n]{1,80}: ["']?([^\s"']{4,128})["']?(?=[\s,;)]|$)/gi,
    accept: (v: string): boolean => !PROSE_WORD.test(v) && plausibleSecretValue(v),
    source: 'identity provisioning logs (AD/M365 onboarding scripts)',
  },
  {
    name: 'provisioning-employee-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['processing ', 'provisioning ', 'onboarding ', 'offboarding ', 'deprovisioning '],
    // HR provisioning runs: `provision: processing E29207 Hiro Nakamura (start 2025-11-07, IT Operations)`
    re: /\b(?:processing|provisioning|onboarding|offboarding|deprovisioning)(?: employee| user| hire)? [A-Z]{0,3}\d{3,10} (\p{Lu}[\p{L}'’-]{1,30}(?: (?:\p{Lu}[\p{L}'’-]{1,30}|van|de|der|da|di|le|la|del|von|al|el)){1,3})(?= \(|[,;:]|\r?$)/gmu,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'HR provisioning batch logs (employee number and name)',
  },
  {
    name: 'keystone-ec2-access',
    category: 'APIKEY',
    priority: 85,
    group: 1,
    anchors: ['"access"'],
    // an OpenStack Keystone EC2 credential blob (`openstack credential list`: `{"access": "<32 hex>", "secret": "…"}`):
    // the access key beside its secret
    re: /"access"[ \t]{0,4}:[ \t]{0,4}"([0-9a-f]{32})"(?=[^\n]{0,200}"secret")/g,
    source: 'OpenStack Keystone credentials API, type ec2 (blob with access and secret)',
  },
  {
    name: 'proxmox-token-owner',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['!'],
    // a Proxmox VE API token id names its owner: `<user>@<realm>!<token name>` (`bjorn44@ad!ci`, `pveum user token add`)
    re: /(?<![\w.@-])([A-Za-z0-9][A-Za-z0-9._-]{0,63})@(?:pam|pve|pbs|ad|ldap|openid|[a-z][a-z0-9-]{1,30})![A-Za-z][A-Za-z0-9_-]{1,40}(?![\w-])/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Proxmox VE API tokens (pve.proxmox.com/wiki/User_Management: USER@REALM!TOKENID)',
  },
  {
    name: 'proxmox-token-secret',
    category: 'TOKEN',
    priority: 85,
    group: 1,
    keywords: ['!'],
    // … and its secret: in `priv/token.cfg` after the id (`jdoe@pam!ci 28acbad2-…`)
    re: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}(?:@[a-z][a-z0-9-]{1,30})?![A-Za-z][A-Za-z0-9_-]{1,40}[ \t]+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[ \t]*\r?$/gm,
    source: 'Proxmox VE /etc/pve/priv/token.cfg',
  },
  {
    name: 'proxmox-token-add-value',
    category: 'TOKEN',
    priority: 85,
    group: 1,
    anchors: ['full-tokenid'],
    // … and in `pveum user token add`'s table, the `value` row under `full-tokenid`
    re: /full-tokenid[ \t]*[│|][^\n]{0,200}\r?\n(?:[^\n]{0,200}\r?\n)?[^\n]{0,8}value[ \t]*[│|][ \t]*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g,
    source: 'Proxmox VE pveum user token add output',
  },
  {
    name: 'proxmox-user-cfg-names',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['user:'],
    // `/etc/pve/user.cfg`: `user:<userid>:<enable>:<expire>:<firstname>:<lastname>:<email>:<comment>:<keys>:`
    re: /^user:[^:\s]{1,128}:[01]:\d{1,12}:((?:[^:\n]{1,64})?:[^:\n]{1,64}|[^:\n]{1,64}:)(?=:)/gm,
    accept: (v: string): boolean => looksLikePersonName(v.replace(':', ' ').trim(), false),
    source: 'Proxmox VE user.cfg format (pve-access-control)',
  },
  {
    name: 'proxmox-storage-username',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['username '],
    // `/etc/pve/storage.cfg`: a storage's indented `username <login>` (PBS, CIFS, ESXi storages)
    re: /^[ \t]+username[ \t]+([A-Za-z0-9][A-Za-z0-9._@-]{0,63})[ \t]*\r?$/gm,
    accept: (v: string, text: string, at: number): boolean =>
      !isSystemAccount(v.replace(/@(?:pam|pve|pbs)$/, '')) &&
      /^(?:pbs|cifs|nfs|esxi|rbd|cephfs|glusterfs|iscsi|btrfs|zfspool|dir|lvm|lvmthin):[ \t]/m.test(
        text.slice(Math.max(0, at - 400), at),
      ),
    source: 'Proxmox VE storage.cfg (pve.proxmox.com/wiki/Storage)',
  },
  {
    name: 'echo-to-password-stdin',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['--password-stdin', '--passwd-on-stdin', '--password-from-stdin'],
    // a password echoed into a registry login (`echo 'x' | docker login registry -u deploy --password-stdin`, podman,
    // helm, skopeo, oras, nerdctl) or any program reading it from stdin (`echo 'x' | sudo openconnect --user=…
    // --passwd-on-stdin vpn.example`)
    re: /\b(?:echo|printf)(?: -[neE]{1,3})? (?:'([^'\n]{1,256})'|"([^"\n]{1,256})"|([^\s'"|]{1,256})) ?\| ?(?:sudo )?[A-Za-z0-9_./-]{1,64}\b[^\n|]{0,300}?--(?:password-stdin|passwd-on-stdin|password-from-stdin)/g,
    accept: (v: string): boolean => !v.startsWith('$') && plausibleSecretValue(v),
    source: 'docker login --password-stdin (docs.docker.com/reference/cli/docker/login)',
  },
  {
    name: 'wazuh-authd-random-password',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['random password chosen'],
    // wazuh-authd / ossec-authd at start: `Random password chosen for agent authentication: 48c2fd…`
    re: /Random password chosen for agent authentication: ([^\s]{8,128})/g,
    source: 'Wazuh wazuh-authd (agent enrollment password) log line',
  },
  {
    name: 'found-user-with-uid',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['(uid ', '(uid=', '(uid:'],
    // an audit naming an account with its uid: Lynis `Result: found user jweiss (UID 1197)`
    re: /\buser ([A-Za-z_][A-Za-z0-9._-]{0,63}) \((?:UID|uid)[ =:]?\d{1,10}\)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Lynis log (AUTH tests: found user … (UID …))',
  },
  {
    name: 'maildir-owner',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['/maildir'],
    // a virtual mailbox's directory (`/var/vmail/example.org/jdoe/Maildir/new/…`, Dovecot and Postfix layouts): the
    // directory over `Maildir` is the mailbox's login
    re: /\/([A-Za-z0-9_][A-Za-z0-9._+-]{0,63})\/Maildir(?=[/\s:'"]|$)/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== 'vmail',
    source: 'Dovecot/Postfix virtual mailbox layout (mail_location = maildir:/var/vmail/%d/%n/Maildir)',
  },
  ...loginAndSecret({
    name: 'nmap-brute-valid-credentials',
    // nmap brute-force scripts (http-brute, ssh-brute, mysql-brute …): `|     jdoe:Winter2022# - Valid credentials`
    re: '^\\|[ \\t]{1,12}([^:\\s|]{1,64}):(\\S{1,128}) - Valid credentials',
    flags: 'm',
    secret: { category: 'PASSWORD', priority: 80 },
    keywords: ['valid credentials'],
    source: 'Nmap NSE brute library output (Accounts: user:pass - Valid credentials)',
  }),
  {
    name: 'device-comment-person',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: [
      '# laptop - ',
      '# home - ',
      '# vpn - ',
      '# office - ',
      '# desktop - ',
      '# phone - ',
      '# pc - ',
      '# laptop:',
      '# home:',
      '# vpn:',
      '# office:',
      '# desktop:',
      '# phone:',
      '# pc:',
    ],
    // a firewall rule's comment naming whose device it admits (`ufw status numbered`: `# laptop - Zofia Wiśniewska`)
    // (also `# home: Siobhán Ní Bhriain` in an nginx allow list, and names in caseless scripts: `# home: 王 伟`)
    re: /#[ \t]{0,4}(?:laptop|home|vpn|office|desktop|phone|mobile|pc|workstation|notebook|tablet|remote)(?:[ \t]+-[ \t]+|:[ \t]{0,4})([^\s#;](?:[^\n\r#;]{0,78}[^\s#;])?)[ \t]*\r?$/gimu,
    accept: (v: string): boolean => looksLikePersonName(v, true) && !FIREWALL_COMMENT_WORD.test(v),
    source: 'ufw/iptables rule comments (ufw allow from … comment)',
  },
  {
    name: 'firewall-comment-person',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['--comment ', 'comment "'],
    // whose address a rule admits, named at the start of its comment: iptables `-m comment --comment "Åsa Jónsdóttir
    // home (temp)"`, nftables set elements `198.51.100.7 comment "Łukasz Wójcik"`
    re: /(?:--comment|\bcomment)[ \t]+"(\p{Lu}[\p{L}'’-]{0,30}(?:[ \t]\p{Lu}[\p{L}'’-]{0,30}){1,3})(?=[ \t",(]|$)/gmu,
    accept: (v: string): boolean => looksLikePersonName(v, true) && !FIREWALL_COMMENT_WORD.test(v),
    source: 'iptables-extensions(8) comment match; nft(8) set element comments',
  },
  {
    name: 'ufw-rule-comment-person',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['allow', 'deny', 'reject', 'limit'],
    // `ufw status [numbered]` prints a rule's comment after `#` at the end of its line: `22/tcp  ALLOW IN  203.0.113.9
    // # Amélie Lefèvre`
    re: /\b(?:ALLOW|DENY|REJECT|LIMIT)(?:[ \t]+(?:IN|OUT|FWD))?[ \t]+\S{1,64}[ \t]+#[ \t]*(\p{Lu}[\p{L}'’-]{0,30}(?:[ \t]\p{Lu}[\p{L}'’-]{0,30}){1,3})[ \t]*(?:\r?$|[(,-])/gmu,
    accept: (v: string): boolean => looksLikePersonName(v, true) && !FIREWALL_COMMENT_WORD.test(v),
    source: 'ufw(8) status output (rule comments, ufw allow … comment)',
  },
  {
    name: 'sshd-authorized-keys-command-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['authorizedkeyscommanduser', 'authorizedprincipalscommanduser'],
    // `sshd -T` and sshd_config: the account that runs AuthorizedKeysCommand (sshd_config(5))
    re: /^[ \t]*Authorized(?:Keys|Principals)CommandUser[ \t]+([A-Za-z0-9_][A-Za-z0-9._-]{0,63})[ \t]*\r?$/gim,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'sshd_config(5) AuthorizedKeysCommandUser, AuthorizedPrincipalsCommandUser',
  },
  {
    name: 'session-cookie',
    category: 'TOKEN',
    priority: 84,
    group: 1,
    keywords: [
      'laravel_session=',
      'xsrf-token=',
      'phpsessid=',
      'jsessionid=',
      'connect.sid=',
      'sessionid=',
      '_session=',
    ],
    // a framework's session cookie anywhere a cookie string is written (Rails names it `_<app>_session`) (`…; laravel_session=eyJpdiI6…`, a Cookie header
    // quoted in a JSON alert, Suricata's `http.cookie`)
    re: /(?<![A-Za-z0-9_.-])(?:laravel_session|ci_session|XSRF-TOKEN|PHPSESSID|JSESSIONID|connect\.sid|sessionid|_[a-z0-9_]{1,30}_session)=([^;\s"',&\\]{16,4096})/gi,
    // (Cyrus IMAP logs its connection's id as `SESSIONID=<cyrus-17702-…>`: a log correlation id, not a cookie)
    accept: (v: string): boolean => !/^(?:deleted|null|undefined)$/i.test(v) && !v.startsWith('<'),
    source: 'framework session cookie names (Laravel, PHP, Java servlet, express-session, Django)',
  },
  {
    name: 'percent-encoded-token-parameter',
    category: 'TOKEN',
    priority: 82,
    group: 1,
    keywords: ['token%3d', 'token%253d'],
    // a token parameter inside a percent-encoded URL parameter (OpenStack's noVNC console URL:
    // `vnc_lite.html?path=%3Ftoken%3D50f5bbdf-…`, redirect targets, `next=` parameters)
    re: /token%(?:25)?3D([A-Za-z0-9._~-]{12,512})/gi,
    source: 'RFC 3986 §2.1 percent-encoding; OpenStack nova novncproxy console URLs',
  },
  {
    name: 'api-key-printed-once',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    anchors: ["api key for '"],
    // a key a CLI shows once, on a line of its own under its owner's name (CrowdSec `cscli bouncers add`:
    // `API key for 'fw-1':`, a blank line, then the key indented)
    re: /API key for '[^'\n]{1,100}':[ \t]{0,4}\r?\n(?:[ \t]{0,8}\r?\n)?[ \t]{0,8}([A-Za-z0-9+/=_.-]{16,256})[ \t]{0,4}(?=\r?\n|$)/gi,
    source: 'CrowdSec cscli bouncers add (docs.crowdsec.net/docs/cscli/cscli_bouncers_add)',
  },
  {
    name: 'snmp-community-setting',
    category: 'PASSWORD',
    priority: 74,
    group: 2,
    keywords: ['community', 'communities'],
    // a setting named for the SNMP community, its value quoted: Telegraf `[[inputs.snmp]] community = "…"`, macros and
    // variables (`SNMP_COMMUNITY`, `snmp_community: '…'`), LibreNMS `$config['snmp']['community'] = ['…']`
    re: /(?<![A-Za-z0-9])(?:snmp[_.-]?)?community(?:[_-]?string)?["']?\]?[ \t]{0,8}(?:=>|=|:)[ \t]{0,8}(?:\[[ \t]{0,4})?(["'])([^"'\n]{1,128})\1/gi,
    accept: (v: string): boolean => !DEFAULT_SNMP_COMMUNITY.test(v) && plausibleSecretValue(v),
    source: 'Telegraf inputs.snmp `community`, Zabbix {$SNMP_COMMUNITY}, LibreNMS config.php snmp.community',
  },
  {
    name: 'snmp-community-map',
    category: 'PASSWORD',
    priority: 74,
    group: 3,
    keywords: ['communities'],
    // Checkmk's WATO `rules.mk`/`main.mk`: `explicit_snmp_communities.update({'host': 'community', …})` (also `= {`):
    // each value of the map is a host's community
    re: /(?<=communities(?:\.update\(|[ \t]{0,4}[=:][ \t]{0,4})\{[^\n{}]{0,400})(["'])[^"'\n]{1,253}\1[ \t]{0,4}:[ \t]{0,4}(["'])([^"'\n]{1,128})\2/g,
    accept: (v: string): boolean => !DEFAULT_SNMP_COMMUNITY.test(v),
    source: 'Checkmk WATO configuration files (explicit_snmp_communities)',
  },
  // Checkmk's Oracle agent plugin `mk_oracle.cfg`: `DBUSER='<user>:<password>:<role>:<host>:<port>…'` (also per SID,
  // `DBUSER_ORCL=…`, and `ASMUSER=` for ASM instances)
  ...loginAndSecret({
    name: 'checkmk-oracle-dbuser',
    re: '^[ \\t]{0,8}(?:DBUSER|ASMUSER)(?:_[A-Za-z0-9_$#]{1,30})?=[\'"]?([^\'":\\s]{1,64}):([^:\\n\'"]{1,256})',
    flags: 'm',
    login: { category: 'DBUSER', priority: 57 },
    secret: { category: 'PASSWORD', priority: 76 },
    keywords: ['dbuser', 'asmuser'],
    source: 'Checkmk mk_oracle.cfg DBUSER/ASMUSER (docs.checkmk.com, Monitoring Oracle databases)',
  }),
  {
    name: 'puppet-lookup-found-secret',
    category: 'PASSWORD',
    priority: 74,
    group: 1,
    keywords: ['found key: "'],
    // `puppet lookup --explain`: `Found key: "profile::mysql::root_password" value: "…"` for a key named as a secret
    re: new RegExp(
      `\\bFound key: "[A-Za-z0-9_:.-]{0,200}${SECRET_KEY_WORD}[A-Za-z0-9_.-]{0,40}" value: "((?:[^"\\\\\\n]|\\\\.){1,1024})"`,
      'gi',
    ),
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'Puppet lookup --explain output (puppet.com/docs/puppet/latest/hiera_automatic.html)',
  },
  {
    name: 'user-record-comment-name',
    category: 'PERSON',
    priority: 60,
    group: 2,
    keywords: ['comment'],
    // an account's full name in its `comment` (the GECOS field) where configuration management declares users: Puppet
    // `user` resources and Hiera data, Chef data bags, Ansible's `user` module; only beside the record's uid, shell,
    // home or groups
    re: /^[ \t]{0,40}(?:- )?["']?comment["']?[ \t]{0,4}(?:=>|:)[ \t]{0,4}(["'])([^"'\n]{2,100})\1/gm,
    accept: (v: string, text: string, at: number): boolean =>
      looksLikePersonName(v, true) &&
      /(?:^|[\s"'])(?:uid|gid|shell|home|groups|ssh_?keys|sshkeys|password)["']?[ \t]{0,4}(?:=>|:)/m.test(
        text.slice(Math.max(0, at - 400), at + 400),
      ),
    source: 'Puppet user resource and Chef/Ansible user data (`comment` = GECOS full name, passwd(5))',
  },
  {
    name: 'snmp-community',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['community', 'com2sec', 'trap2sink', 'trapsink', 'informsink'],
    // snmpd.conf(5): `rocommunity <community> [source [OID]]`, `com2sec <name> <source> <community>`, `trap2sink <host>
    // <community>`, `trapcommunity <community>`; `public` and `private` are the well-known defaults and stay
    re: /^[ \t]*(?:(?:ro|rw)community6?[ \t]+|trapcommunity[ \t]+|com2sec6?[ \t]+(?:-Cn[ \t]+\S+[ \t]+)?\S+[ \t]+\S+[ \t]+|(?:trap2sink|trapsink|informsink)[ \t]+\S+[ \t]+)([^\s#]{1,128})/gim,
    accept: (v: string): boolean => !DEFAULT_SNMP_COMMUNITY.test(v) && !/^-(?:V|C[a-z]?)$/.test(v),
    source: 'Net-SNMP snmpd.conf(5) community directives (rocommunity, rwcommunity, com2sec, trap2sink)',
  },
  {
    name: 'snmp-usm-user',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['createuser ', 'rouser ', 'rwuser '],
    // snmpd.conf(5) / net-snmp-create-v3-user: `createUser <name> SHA "auth pass" AES "priv pass"`, `rouser <name>`
    re: /^[ \t]*(?:createUser|rouser|rwuser)[ \t]+(?:-e[ \t]+\S+[ \t]+)?([A-Za-z0-9._@-]{1,64})/gim,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Net-SNMP snmpd.conf(5) USM users (createUser, rouser, rwuser)',
  },
  {
    name: 'snmp-usm-auth-passphrase',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['createuser '],
    re: SNMP_CREATE_USER,
    source: 'Net-SNMP snmpd.conf(5) createUser authentication passphrase',
  },
  {
    name: 'snmp-usm-priv-passphrase',
    category: 'PASSWORD',
    priority: 78,
    group: 3,
    keywords: ['createuser '],
    re: SNMP_CREATE_USER,
    source: 'Net-SNMP snmpd.conf(5) createUser privacy passphrase',
  },
  {
    name: 'snmp-cli-secret',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    anchors: [' -c', ' -a', ' -x'],
    // `snmpwalk -v2c -c <community> host`, `-A <auth pass> -X <priv pass>` (snmpcmd(1)); the line must run a Net-SNMP
    // command (`bash -c`, `grep -c` do not count)
    re: / -(?:c|A|X)[ \t]?(?:'([^'\n]{1,128})'|"([^"\n]{1,128})"|([^\s'"-][^\s'"]{0,127}))/g,
    accept: (v: string, text: string, index: number): boolean =>
      !DEFAULT_SNMP_COMMUNITY.test(v) &&
      /\bsnmp(?:walk|get|bulkwalk|bulkget|set|trap|table|getnext|status|df|netstat)\b/.test(
        text.slice(lineStartWithin(text, index, 300), index),
      ),
    source: 'Net-SNMP snmpcmd(1) options -c (community), -A (auth passphrase), -X (privacy passphrase)',
  },
  {
    name: 'wifi-psk-or-identity',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['psk=', 'psk:', 'wpa_passphrase=', 'wep_key', 'wep-key', 'shared_secret='],
    // wpa_supplicant.conf `psk="…"`/`psk=<64 hex>` (and wpa_passphrase's commented `#psk="…"`), NetworkManager keyfiles and
    // `nmcli -s connection show` (`802-11-wireless-security.psk:`), hostapd `wpa_passphrase=`, `wpa_psk=`, WEP keys,
    // RADIUS shared secrets
    re: /(?:^[ \t]*#?(?:psk|wpa_psk|wpa_passphrase|wep_key\d|auth_server_shared_secret|acct_server_shared_secret)[ \t]*=[ \t]*|\b(?:802-11-wireless-security\.(?:psk|wep-key\d|leap-password)|802-1x\.(?:password|private-key-password|pin))[ \t]*:[ \t]*)(?:"([^"\n]{1,128})"|([^\s"]{1,128}))/gim,
    accept: (v: string): boolean => v !== '--' && v !== '<hidden>' && plausibleSecretValue(v),
    source:
      'wpa_supplicant.conf(5) psk; hostapd.conf wpa_passphrase/wpa_psk; nm-settings(5) 802-11-wireless-security.psk',
  },
  {
    name: 'eap-identity',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['identity=', 'identity:'],
    // the EAP login of a wpa_supplicant network block or a NetworkManager 802-1x setting (not `anonymous_identity`)
    re: /(?:^[ \t]*identity[ \t]*=[ \t]*|\b802-1x\.identity[ \t]*:[ \t]*)"?([^\s"@]{1,64})(?:@[^\s"]{1,253})?"?/gim,
    accept: (v: string): boolean => v !== '--' && !isSystemAccount(v) && !/^anonymous$/i.test(v),
    source: 'wpa_supplicant.conf(5) identity; nm-settings(5) 802-1x.identity',
  },
  {
    name: 'hostapd-psk-file-entry',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['00:00:00:00:00:00 '],
    // hostapd's wpa_psk_file: `<MAC> <passphrase or 64 hex>`, optional `keyid=`; only the any-station entry
    // (00:00:00:00:00:00) is found: a keyword for every MAC address would gate the rule on every `:` of a log
    re: /^(?:keyid=\S+[ \t]+)?(?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}[ \t]+([!-~]{8,64})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !/^(?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(v),
    source: 'hostapd.conf wpa_psk_file format (MAC address, then a passphrase or PSK)',
  },
  {
    name: 'bmc-snmp-community',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['community string', 'agentcommunity', 'communityname'],
    // `ipmitool lan print`: `SNMP Community String   : …`; iDRAC `racadm get iDRAC.SNMP`: `AgentCommunity=…`
    re: /(?:SNMP Community String[ \t]*:[ \t]*|\b(?:AgentCommunity|CommunityName)[ \t]*=[ \t]*)([^\s]{1,128})/gi,
    accept: (v: string): boolean => !DEFAULT_SNMP_COMMUNITY.test(v),
    source: 'ipmitool(1) lan print; Dell iDRAC RACADM iDRAC.SNMP.AgentCommunity',
  },
  {
    name: 'iscsi-chap-user',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['.auth.username', 'incominguser', 'outgoinguser'],
    // open-iscsi node records (`node.session.auth.username[_in] = …`), tgt/LIO `incominguser`/`outgoinguser <user> <pw>`
    re: /(?:\b(?:node\.session|discovery\.sendtargets)\.auth\.username(?:_in)?[ \t]*=[ \t]*|^[ \t]*(?:incominguser|outgoinguser)[ \t]+)([^\s<]{1,64})/gim,
    // (iscsid.conf's commented samples name the setting as its value: `#node.session.auth.username_in = username_in`)
    accept: (v: string): boolean => !isSystemAccount(v) && !/^username(?:_in)?$/.test(v),
    source:
      'open-iscsi iscsid.conf / iscsiadm node records (CHAP username, username_in); tgt targets.conf incominguser',
  },
  {
    name: 'ipmitool-user-list',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['administrator', 'operator', 'true       user', 'false      user', 'no access', 'callback'],
    // `ipmitool user list`: ID, Name, Callin, Link Auth, IPMI Msg (three true/false), Channel Priv Limit
    re: /^\d{1,3}[ \t]+([!-~]{1,16})[ \t]+(?:true|false)[ \t]+(?:true|false)[ \t]+(?:true|false)[ \t]+(?:ADMINISTRATOR|OPERATOR|USER|CALLBACK|NO ACCESS|OEM|Unknown)/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^(?:true|false|USERID)$/i.test(v),
    source: 'ipmitool(1) `user list` output (ipmitool lib/ipmi_user.c column layout); USERID is the Lenovo XCC default',
  },
  {
    name: 'ceph-key',
    category: 'APIKEY',
    priority: 80,
    group: 1,
    keywords: ['=='],
    // a CephX secret (`ceph auth ls` `key: AQ…==`, keyrings `key = AQ…==`, `ceph auth get-key` alone on a line): the
    // base64 of a 28-byte CryptoKey (type 1 = AES, so it starts `AQ`)
    re: /(?:\bkey[ \t]*[:=][ \t]*|^)(AQ[A-Za-z0-9+/]{36}==)(?![A-Za-z0-9+/=])/gm,
    source: 'Ceph CephX keys (docs.ceph.com "User Management": keyring `key = AQ…==`; CryptoKey encoding, 28 bytes)',
  },
  {
    name: 'snmp-oid-ipv4-index',
    category: 'IP',
    priority: 60,
    group: 1,
    keywords: ['-mib::'],
    // addresses used as the index of an SNMP table row (`IP-MIB::ipAdEntAddr.10.1.2.3 = IpAddress: …`,
    // `ipNetToMediaPhysAddress.2.10.1.2.3`, RFC 4293 / RFC 1213 tables indexed by IpAddress)
    re: /(?<=-MIB::[A-Za-z][A-Za-z0-9]{0,60}\.(?:\d{1,10}\.)?)((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})(?=[ \t]|$)/gm,
    accept: (v: string): boolean => !/^(?:127\.|0\.0\.0\.0$)/.test(v),
    source: 'Net-SNMP output of IP-MIB tables indexed by IpAddress (RFC 4293 ipAdEntAddr, ipNetToMedia, ipRoute)',
  },
  {
    name: 'cpanel-backend-ip',
    category: 'IP',
    priority: 60,
    group: 1,
    keywords: ['apache_backend_'],
    // cPanel's ea-nginx names the Apache upstream after the account's address with `_` for `.`:
    // `upstream apache_backend_http_203_0_113_9 {`, `set $CPANEL_APACHE_PROXY_PASS $scheme://apache_backend_${scheme}_203_0_113_9;`
    re: /apache_backend_(?:https?|\$\{scheme\}|\$scheme)_((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:_(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})(?![\w])/g,
    accept: (v: string): boolean => !/^(?:127_|0_0_0_0$)/.test(v),
    source: 'cPanel ea-nginx generated configuration (/etc/nginx/conf.d/users/*.conf, upstream apache_backend_*)',
  },
  {
    name: 'cpanel-ssl-file-domain',
    category: 'HOST',
    priority: 60,
    group: 1,
    keywords: ['.key', '.crt'],
    // cPanel stores a domain's TLS key and certificate as `<domain with _ for .>_<5 hex>_<5 hex>_<epoch>_<md5>.key` under
    // ~/ssl/keys and ~/ssl/certs (`example_co_uk_1ea21_cea8b_1704596447_95a839feaed11aed17756d142c63a4ae.key`): the
    // domain part names the customer
    re: /(?<![\w.-])([A-Za-z0-9-]{1,63}(?:_[A-Za-z0-9-]{1,63}){1,5})_[0-9a-f]{5}_[0-9a-f]{5}_\d{9,11}_[0-9a-f]{32}\.(?:key|crt)(?![\w])/g,
    source: 'cPanel SSL storage file names (~/ssl/keys, ~/ssl/certs; cPanel SSL Storage Manager)',
  },
  {
    name: 'jenkins-encrypted-secret',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['{aqaaab'],
    // a hudson.util.Secret as Jenkins stores it (credentials.xml, config.xml): `{AQAAABAAAA…}`, version byte 1 and a
    // 16-byte IV length, decryptable with the controller's master key
    re: /\{(AQAAAB[A-Za-z0-9+/]{16,16384}={0,2})\}/g,
    source: 'Jenkins hudson.util.Secret serialized form (jenkins.io, "Credentials storage": {AQAAAB…})',
  },
  {
    name: 'xml-named-property-secret',
    category: 'PASSWORD',
    priority: 74,
    group: 1,
    keywords: ['password"', 'passwd"', 'secret"', 'token"', 'key"', 'credentials"'],
    // `<property name="hibernate.connection.password">…</property>` (Atlassian dbconfig.xml, Hibernate, Spring XML),
    // `<entry key="…password">…</entry>` (Java properties XML), `<param name="…secret">`
    re: /<(?:property|entry|param|parameter|setting|add)[ \t]+(?:name|key)="[^"\n]{0,80}(?:password|passwd|secret|token|private\.key|privatekey|private-key|api[._-]?key|apikey|credentials?)"[^>\n]{0,200}>([^<\n]{1,16384})</gi,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source:
      'Hibernate/Atlassian dbconfig.xml `<property name=…>`, Java XML properties `<entry key=…>` (java.util.Properties)',
  },
  {
    name: 'xml-named-property-user',
    category: 'USER',
    priority: 60,
    group: 1,
    keywords: ['username"', 'user"', 'login"'],
    re: /<(?:property|entry|param|parameter|setting|add)[ \t]+(?:name|key)="(?:[^"\n]{0,80}[._-])?(?:username|user|login)"[^>\n]{0,200}>([A-Za-z0-9._@\\-]{1,64})</gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Hibernate/Atlassian dbconfig.xml `hibernate.connection.username`, Java XML properties',
  },
  {
    name: 'jenkins-user-config',
    category: 'USER',
    priority: 58,
    group: 1,
    anchors: ['<user>'],
    // a Jenkins user's config.xml (`$JENKINS_HOME/users/<name>/config.xml`): `<user>`, `<version>`, then `<id>login</id>`
    re: /<user>\s{0,40}(?:<version>\d{1,4}<\/version>\s{0,40})?<id>([^<\s]{1,64})<\/id>/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Jenkins users/<id>/config.xml (hudson.model.User)',
  },
  {
    name: 'jenkins-user-full-name',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['<fullname>'],
    re: /<fullName>([^<\n]{2,100})<\/fullName>/gi,
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: 'Jenkins users/<id>/config.xml <fullName> (hudson.model.User)',
  },
  {
    name: 'yaml-id-before-password',
    category: 'USER',
    priority: 58,
    group: 1,
    anchors: ['- id:'],
    // Jenkins Configuration as Code local users (`securityRealm: local: users: - id: "jdoe"` then `password:`)
    re: /- id:[ \t]*["']?([A-Za-z0-9._@-]{1,64})["']?[ \t]*\r?\n[ \t]{1,40}password:/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Jenkins Configuration as Code securityRealm.local.users (id, password)',
  },
  {
    name: 'mattermost-webhook-id',
    category: 'TOKEN',
    priority: 74,
    group: 1,
    keywords: ['/hooks/'],
    // Mattermost incoming webhooks: `https://<server>/hooks/<26-character id>` (the id is the credential)
    re: /\/hooks\/([a-z0-9]{26})(?![A-Za-z0-9])/g,
    source: 'Mattermost incoming webhooks (developers.mattermost.com, "Incoming webhooks")',
  },
  {
    name: 'rails-console-user',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['find_by_username(', 'find_by(username:', '#<user id:'],
    // GitLab/Rails consoles: `User.find_by_username('jdoe')`, `User.find_by(username: 'jdoe')`, `#<User id:5 @jdoe>`
    re: /(?:find_by_username\(|find_by\(username:[ \t]{0,4})["']([A-Za-z0-9._-]{1,64})["']|#<User id:\d{1,10} @([A-Za-z0-9._-]{1,64})>/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'GitLab Rails console (docs.gitlab.com "Rails console cheat sheet"): User lookups and User#inspect',
  },
  {
    name: 'rails-console-echo',
    category: 'PERSON',
    priority: 58,
    group: 1,
    anchors: ['user.name', 'user.username'],
    // an irb echo of a user's name or login (`irb(main):007:0> user.name` then `=> "Käthe Köhler"`)
    re: /user\.(?:name|username)[ \t]*\r?\n=> "([^"\n]{1,100})"/g,
    source: 'Rails console (irb) echo of User#name / User#username',
  },
  {
    name: 'hadoop-xml-property-secret',
    category: 'PASSWORD',
    priority: 74,
    group: 1,
    anchors: ['<name>'],
    // Hadoop-style XML configuration (core-site.xml, hive-site.xml, ssl-server.xml): `<name>fs.s3a.secret.key</name>`
    // then `<value>…</value>`
    re: /<name>[^<\n]{0,80}(?:secret|password|passwd|token|access\.key|secret\.key|credential|keystore\.pass)[^<\n]{0,40}<\/name>\s{0,200}<value>([^<\n]{1,4096})<\/value>/gi,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source:
      'Apache Hadoop configuration XML (<property><name>…</name><value>…</value>), hadoop.apache.org core-default.xml',
  },
  {
    name: 'clickhouse-password-element',
    category: 'PASSWORD',
    priority: 74,
    group: 1,
    keywords: ['<password_sha256_hex>', '<password_double_sha1_hex>'],
    re: /<(?:password_sha256_hex|password_double_sha1_hex)>([^<\n]{1,200})</g,
    source: 'ClickHouse users.xml password_sha256_hex / password_double_sha1_hex (clickhouse.com/docs settings-users)',
  },
  {
    name: 'spark-conf-user',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['connectionusername', '.user ', '.username '],
    // spark-defaults.conf, blank-separated: `spark.hadoop.javax.jdo.option.ConnectionUserName hive`
    re: /^[ \t]*(?:spark|hadoop|hive)\.[\w.]{0,120}(?:ConnectionUserName|\.user(?:name)?)[ \t]+(\S{1,64})[ \t]*\r?$/gim,
    accept: (v: string): boolean => !isSystemAccount(v),
    source:
      'Spark spark-defaults.conf (blank-separated properties); Hive metastore javax.jdo.option.ConnectionUserName',
  },
  {
    name: 'kerberos-trace-salt',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['etype info:'],
    // `KRB5_TRACE` lines: `Selected etype info: etype aes256-cts, salt "EXAMPLE.COMjdoe", params ""`; the default salt
    // is the realm followed by the principal's name (RFC 4120 §4, "default salt")
    re: /etype info: etype [^,\n]{1,40}, salt "([^"\n]{1,500})"/gi,
    source: 'MIT Kerberos KRB5_TRACE output; RFC 4120 default salt = realm + principal name components',
  },
  {
    name: 'passwd-status-login',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: [' l ', ' lk ', ' np ', ' p ', ' ps '],
    // `passwd -S -a`: login, status (L locked, NP no password, P usable), date of last change, min, max, warn, inactive
    // (passwd(1))
    re: /^([A-Za-z_][A-Za-z0-9_.-]{0,31}(?:@[A-Za-z0-9.-]{1,253})?) (?:L|LK|NP|P|PS) (?:\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}\/\d{4}|never) -?\d{1,6} -?\d{1,6} -?\d{1,6} -?\d{1,6}(?: \([^)\n]{0,80}\))?\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'passwd(1) -S status lines (shadow-utils)',
  },
  {
    name: 'keycloak-client-secret',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    anchors: ['"type" : "secret"', '"type": "secret"', '"type":"secret"'],
    // `kcadm.sh get clients/<id>/client-secret` prints `{ "type" : "secret", "value" : "…" }`
    re: /"type"[ \t]?:[ \t]?"secret",?\s{0,40}"value"[ \t]?:[ \t]?"([^"\n]{1,500})"/g,
    source: 'Keycloak admin CLI: the client-secret credential representation (keycloak.org/docs admin CLI)',
  },
  {
    name: 'entra-guest-upn',
    category: 'EMAIL',
    priority: 70,
    group: 1,
    keywords: ['#ext#@'],
    // a guest's user principal name in Microsoft Entra ID spells the guest's own address: `jane_gmail.com#EXT#@x.onmicrosoft.com`
    re: /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64}_[A-Za-z0-9.-]{1,253}#EXT#@[A-Za-z0-9.-]{1,253})/gi,
    source: 'Microsoft Entra B2B guest user principal names (learn.microsoft.com, "B2B collaboration user properties")',
  },
  {
    name: 'auth-log-user',
    category: 'USER',
    priority: 55,
    group: 1,
    anchors: [
      'failed ',
      'accepted ',
      'session ',
      'disconnected from ',
      'connection closed by ',
      'pam_unix(',
      'user=',
      'maximum authentication attempts ',
    ],
    re: /\b(?:Failed (?:password|publickey|none) for (?:invalid user )?|maximum authentication attempts exceeded for (?:invalid user )?|Accepted (?:publickey|password|keyboard-interactive\/pam|gssapi-with-mic) for |session (?:opened|closed) for user |Disconnected from (?:authenticating |invalid )?user |Connection closed by (?:authenticating |invalid )?user |pam_unix\([a-z-]{1,20}:auth\): authentication failure;[^\n]{0,200}? user=|\bUSER=)([A-Za-z0-9._-]{1,64})(?=[\s:(]|$)/g,
    // `[Ii]nvalid user ` right before the value, compared in place
    accept: (v, text, index) =>
      !isSystemAccount(v) &&
      !(
        index >= 13 &&
        text.startsWith('nvalid user ', index - 12) &&
        (text[index - 13] === 'I' || text[index - 13] === 'i')
      ),
    source: 'OpenSSH sshd and pam_unix auth.log messages; attackers’ guesses after "Invalid user" kept (corpus README)',
  },
  {
    name: 'sshd-user-not-allowed',
    category: 'USER',
    priority: 55,
    group: 1,
    keywords: [' not allowed because '],
    // sshd's access checks (OpenSSH auth.c allowed_user()): `User jdoe from 203.0.113.5 not allowed because not listed
    // in AllowUsers`, `… because listed in DenyUsers`, `… none of user's groups are listed in AllowGroups`, `User jdoe
    // not allowed because account is locked` / `shell /bin/false does not exist`: an existing account, not a guess
    re: /\bUser ([A-Za-z0-9._@-]{1,100}) (?:from [^\s]{1,100} )?not allowed because /g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'OpenSSH sshd auth.c allowed_user() log messages ("User %.100s from %.100s not allowed because …")',
  },
  {
    name: 'radius-log-password',
    category: 'PASSWORD',
    priority: 80,
    group: 2,
    keywords: ['login incorrect', 'login ok'],
    // FreeRADIUS with `auth_badpass`/`auth_goodpass = yes` logs the password after the login (radiusd.conf `log {}`):
    // `Auth: (33) Login incorrect (pap: …): [jdoe/Secret1] (from client ap-1 port 0 …)`
    re: /\bLogin (?:incorrect|OK)\b[^\n]{0,160}?: \[([^/\]\n]{1,64})\/([^\]\n]{1,128})\] \((?:from|via) /g,
    accept: (v: string): boolean => v !== '<no User-Password attribute>' && plausibleSecretValue(v),
    source: 'FreeRADIUS radiusd.conf log section (auth_badpass, auth_goodpass) and radius.log Auth lines',
  },
  {
    name: 'radius-log-login',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['login incorrect', 'login ok'],
    // the login in the same lines (`[jdoe/…]`, or `[jdoe]` without the password logged)
    re: /\bLogin (?:incorrect|OK)\b[^\n]{0,160}?: \[([^/\]\n]{1,64})(?:\/[^\]\n]{0,128})?\] \((?:from|via) /g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'FreeRADIUS radius.log Auth lines (`Login incorrect … [user/pass] (from client …)`)',
  },
  {
    name: 'dovecot-debug-password',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: [") != '"],
    // Dovecot's `auth_debug_passwords = yes` prints the password tried inside the scheme's name, then the stored hash:
    // `passwd-file(jdoe@…,203.0.113.5): SHA512-CRYPT(Secret1) != '$6$…'`
    re: /\b(?:[A-Z][A-Z0-9]{1,12}-)?(?:CRYPT|PLAIN|CLEARTEXT|SSHA\d{0,3}|SHA\d{0,3}|MD5|SMD5|PLAIN-MD5|CRAM-MD5|ARGON2I|ARGON2ID|PBKDF2|BLF-CRYPT|DIGEST-MD5|SCRAM-SHA-1|SCRAM-SHA-256)\(((?:[^)\n]|\)(?! != ')){1,128})\) != '/g,
    source: 'Dovecot auth_debug_passwords (doc.dovecot.org, "Authentication debugging": password mismatch lines)',
  },
  {
    name: 'snmptrapd-community',
    category: 'PASSWORD',
    priority: 75,
    group: 1,
    keywords: ['authcommunity'],
    // snmptrapd.conf(5): `authCommunity log,execute,net COMMUNITY [SOURCE [OID]]`
    re: /^[ \t]*authCommunity[ \t]+[a-z,]{3,30}[ \t]+([^\s#]{1,128})/gm,
    accept: (v: string): boolean => v !== 'public' && plausibleSecretValue(v),
    source: 'snmptrapd.conf(5) authCommunity directive (Net-SNMP)',
  },
  {
    name: 'confluent-basic-auth-user-info',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['basic.auth.user.info'],
    // Confluent Schema Registry clients: `basic.auth.user.info=<api key>:<api secret>` (or `user:password`)
    re: /basic\.auth\.user\.info["']?[ \t]*[=:][ \t]*["']?[^:\s"']{1,100}:([^\s"']{1,256})/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'Confluent Schema Registry client configuration (docs.confluent.io, basic.auth.user.info)',
  },
  {
    name: 'confluent-basic-auth-user-key',
    category: 'APIKEY',
    priority: 70,
    group: 1,
    keywords: ['basic.auth.user.info'],
    // … and the API key before the colon (Confluent Cloud keys: 16 upper-case letters and digits)
    re: /basic\.auth\.user\.info["']?[ \t]*[=:][ \t]*["']?([A-Z0-9]{16}):/g,
    source: 'Confluent Cloud API keys (docs.confluent.io, "API keys": 16-character key, 64-character secret)',
  },
  {
    name: 'php-var-dump-secret',
    category: 'PASSWORD',
    priority: 75,
    group: 1,
    anchors: VAR_DUMP_SECRET_KEYS.map((k) => `["${k}"]=>`),
    // PHP var_dump() of a settings object or array (`var_dump(new JConfig)`): `["password"]=>` then, on the next line,
    // `string(22) "…"`
    re: new RegExp(
      `\\["(?:${VAR_DUMP_SECRET_KEYS.join('|')})"\\]=>\\r?\\n[ \\t]{0,40}string\\(\\d{1,6}\\) "([^\\n]{1,1024})"\\r?$`,
      'gim',
    ),
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'PHP var_dump() output of strings (php.net/manual/function.var-dump)',
  },
  {
    name: 'magento-print-r-crypt-key',
    category: 'APIKEY',
    priority: 80,
    group: 1,
    anchors: ['[crypt] =>'],
    // Magento's app/etc/env.php printed with print_r(): `[crypt] => Array ( [key] => <32 hex, or base64…> )`
    re: /\[crypt\] => Array\s{0,40}\(\s{0,40}\[key\] => (\S{16,512})/g,
    source: 'Magento 2 app/etc/env.php crypt key (developer.adobe.com/commerce, "env.php reference")',
  },
  {
    name: 'oauth-code-in-callback-query',
    category: 'TOKEN',
    priority: 70,
    group: 1,
    keywords: ['code='],
    // an OAuth 2.0 / OIDC authorization code in a callback request (RFC 6749 §4.1.2), as access logs print the query
    // (IIS W3C logs after a blank: `GET /signin-oidc code=…&state=…`)
    re: /(?:signin-oidc|\/callback|\/oauth2?\/[A-Za-z_/-]{0,40}|\/auth\/[A-Za-z_/-]{0,40}|\/login\/[A-Za-z_-]{1,40})[ ?]code=([A-Za-z0-9_.~%-]{16,512})/g,
    source: 'RFC 6749 section 4.1.2 (authorization response), as web server access logs record it',
  },
  {
    name: 'dpapi-blob',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['01000000d08c9ddf0115d1118c7a00c04fc297eb'],
    // a DPAPI-protected blob as ConvertFrom-SecureString writes it (hex; the version and the provider GUID
    // df9d8cd0-1501-11d1-8c7a-00c04fc297eb first): the secret encrypted for the user or machine, which can decrypt it
    re: /(01000000d08c9ddf0115d1118c7a00c04fc297eb[0-9a-f]{32,65536})(?![0-9a-f])/gi,
    source:
      'Windows DPAPI blob layout (dwVersion, guidProvider df9d8cd0-1501-11d1-8c7a-00c04fc297eb); ConvertFrom-SecureString',
  },
  {
    name: 'mariadb-ed25519-hash',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['via ed25519 using'],
    // MariaDB's ed25519 authentication stores a 43-character base64 hash: `IDENTIFIED VIA ed25519 USING '…'`
    re: /IDENTIFIED VIA ed25519 USING (?:PASSWORD\()?'([A-Za-z0-9+/]{43})'/gi,
    source: 'MariaDB Knowledge Base, "Authentication Plugin - ed25519"',
  },
  {
    name: 'vpn-identity-login',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['eap identity', 'failed to authenticate', 'defsecurityname'],
    // strongSwan charon `received EAP identity 'jdoe'`, OpenVPN's PAM plugin `AUTH-PAM: BACKGROUND: user 'jdoe' failed
    // to authenticate`, and Net-SNMP snmp.conf(5) `defSecurityName jdoe` (the SNMPv3 user)
    re: /(?:\breceived EAP identity '|\buser '|^[ \t]*defSecurityName[ \t]+)([A-Za-z0-9._@\\-]{1,64})(?:'(?: failed to authenticate)?|(?=[ \t]*\r?$))/gm,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) &&
      (text.charCodeAt(index - 1) !== 39 /* ' */ ||
        text.startsWith('EAP identity', index - 14) ||
        text.startsWith(' failed to authenticate', index + v.length + 1)),
    source:
      'strongSwan charon log (EAP identity), OpenVPN openvpn-plugin-auth-pam log lines, snmp.conf(5) defSecurityName',
  },
  {
    name: 'pstree-user-change',
    category: 'USER',
    priority: 55,
    group: 1,
    keywords: ['sshd(', 'sshd,', 'su(', 'sudo('],
    // `pstree -u` shows the user where a process's uid changes, after its name (and pid with -p): `└─sshd,1850(jdoe)`
    re: /(?<![\w.])(?:sshd|su|sudo)(?:,\d{1,7})?\(([a-z_][a-z0-9._-]{0,31})\)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'pstree(1) -u ("show uid transitions": the user name in parentheses after the process)',
  },
  {
    name: 'php-var-dump-login',
    category: 'USER',
    priority: 56,
    group: 1,
    anchors: ['["user"]=>', '["username"]=>', '["dbuser"]=>', '["db_user"]=>', '["smtpuser"]=>', '["proxy_user"]=>'],
    // PHP var_dump() of a settings object (`var_dump(new JConfig)`): `["user"]=>` then `string(12) "…"` on the next line
    re: /\["(?:user|username|dbuser|db_user|smtpuser|proxy_user)"\]=>\r?\n[ \t]{0,40}string\(\d{1,6}\) "([^"\n]{1,128})"/g,
    accept: (v: string): boolean => !isSystemAccount(v) && /^[A-Za-z0-9._@-]+$/.test(v),
    source: 'PHP var_dump() output of strings (php.net/manual/function.var-dump)',
  },
  {
    name: 'localised-login-word',
    category: 'USER',
    priority: 55,
    group: 1,
    keywords: ['benutzer ', 'utilizador ', 'usuario ', 'utilisateur ', 'utente ', 'gebruiker ', 'ytkownik '],
    // an application's log in another language naming the login after its word for user (`Benutzer ghoffmann8 hat sich
    // angemeldet`, `Falha na autenticação do utilizador araujoh a partir de …`, `L'utilisateur jdupont s'est connecté`)
    re: /(?:\b[Bb]enutzer|\b[Uu]tilizador|\b[Uu]su[aá]rio|\b[Uu]tilisateur|\b[Uu]tente|\b[Gg]ebruiker|\b[Uu]żytkownik)[ \t]+»?["']?([a-z][a-z0-9._-]{2,31})(?=["'«]?[ \t,:;)]|$)/gm,
    // (a comment describes an account, it does not log one: `# Użytkownik monitoringu dla Prometheusa`)
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) && !LOCAL_LOGIN_STOPWORD.has(v) && !COMMENT_LINE_START.test(linePrefix(text, index, 160)),
    source:
      SRC_CORPUS_README +
      ' (USERNAME); application log lines in German, Portuguese, Spanish, French, Italian, Dutch, Polish',
  },
  {
    name: 'login-before-kullanici',
    category: 'USER',
    priority: 55,
    group: 1,
    keywords: [' kullan'],
    // Turkish puts the login before the word: `dcelik6 kullanıcısı başarıyla giriş yaptı`
    re: /(?<![\w.-])([a-z][a-z0-9._-]{2,31}) kullanıcı/gu,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) && !COMMENT_LINE_START.test(linePrefix(text, index, 160)),
    source: SRC_CORPUS_README + ' (USERNAME); application log lines in Turkish',
  },
  {
    name: 'tomcat-shutdown-command',
    category: 'PASSWORD',
    priority: 75,
    group: 1,
    keywords: ['shutdown="'],
    // Tomcat's server.xml `<Server port="8005" shutdown="…">`: the command that stops the server, a shared secret for
    // anyone who can reach the port (tomcat.apache.org/tomcat-10.1-doc/config/server.html); `SHUTDOWN` is the default
    re: /<Server\b[^<>\n]{0,200}?\bshutdown="([^"\n]{4,256})"/g,
    accept: (v: string): boolean => v !== 'SHUTDOWN' && plausibleSecretValue(v),
    source: 'Apache Tomcat server.xml Server element, shutdown attribute',
  },
  {
    name: 'servlet-session-id',
    category: 'TOKEN',
    priority: 66,
    group: 1,
    keywords: ['session=', 'sessionid=', 'session_id='],
    // a servlet container's session id, 32 upper-case hex digits (Tomcat's default StandardSessionIdGenerator, 16 bytes),
    // logged by request filters and auth listeners (`CommonsRequestLoggingFilter`: `session=070E…`)
    re: /\b(?:session|sessionId|session_id)=([0-9A-F]{32})(?:\.[A-Za-z0-9_-]{1,32})?(?![0-9A-Za-z])/gi,
    source:
      'Apache Tomcat StandardSessionIdGenerator (32 hex digits, optional .jvmRoute); Spring CommonsRequestLoggingFilter',
  },
  {
    name: 'actuator-env-secret',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    anchors: [
      'password":{',
      'password": {',
      'secret":{',
      'secret": {',
      'token":{',
      'token": {',
      'key":{',
      'key": {',
      'credentials":{',
      'credentials": {',
    ],
    // Spring Boot Actuator `/env`: each property is an object with its `value` (`"spring.datasource.password": {
    // "value": "…" }`, pretty-printed across lines or not); Boot masks such values as `******` unless configured
    // otherwise (docs.spring.io, "Sanitize Sensitive Values")
    re: /(?:password|secret|token|key|credentials)"[ \t]*:[ \t]*\{\s{0,40}"value"[ \t]*:[ \t]*"((?:[^"\\\n]|\\.){1,1024})"/gi,
    accept: (v: string): boolean => plausibleSecretValue(v) && !/^\*+$/.test(v),
    source: 'Spring Boot Actuator env endpoint response (docs.spring.io/spring-boot/api/rest/actuator/env.html)',
  },
  {
    name: 'xml-name-value-secret',
    category: 'PASSWORD',
    priority: 72,
    keywords: ['name="'],
    // an XML element naming a secret setting and its value in attributes: Tomcat context.xml `<Parameter
    // name="jwt.signing.secret" value="…"/>` and `<Environment name="aws/secretAccessKey" value="…"/>`, web.config
    // `<environmentVariable name="Smtp__Password" value="…"/>`, `name="Jwt__Key"` (ASP.NET Core's `__` section separator)
    re: /<[A-Za-z][\w:.-]{0,40}[ \t][^<>\n]{0,200}?\bname="([^"\n]{0,80}?(?:password|passwd|pwd|secret|token|api[_.-]?key|access[_.-]?key|secret[_.-]?key|private[_.-]?key|signing[_.-]?key|[_.:]key(?="))[^"\n]{0,40})"[^<>\n]{0,200}?\bvalue="([^"\n]{1,1024})"/gi,
    group: 2,
    // (a setting about the secret is none: `name="tokenTtl" value="3600"`, `name="passwordFile" value="/…"`)
    accept: (v: string, text: string, index: number): boolean => {
      const name = XML_SETTING_NAME_BEFORE.exec(text.slice(Math.max(0, index - 400), index))?.[1] ?? '';
      return plausibleSecretValue(v) && !/^\d+$/.test(v) && !SECRET_METADATA_NAME_END.test(name);
    },
    source: 'Tomcat context.xml Parameter and Environment elements; IIS/ASP.NET Core environmentVariable elements',
  },
  {
    name: 'ncftp-encoded-password',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['*encoded*'],
    // NcFTP's bookmarks file stores a password as `*encoded*` and its base64 (`~/.ncftp/bookmarks`)
    re: /\*encoded\*([A-Za-z0-9+/]{4,512}={0,2})/g,
    source: 'NcFTP bookmarks file format (ncftp.com: passwords kept `*encoded*` in base64)',
  },
  {
    name: 'proxmox-token-shadow',
    category: 'TOKEN',
    priority: 80,
    group: 1,
    keywords: ['@pbs!', '@pam!', '@pve!'],
    // Proxmox token.shadow: `{"user@pbs!token-name": "<secret uuid>"}` (the API token secrets)
    re: /"[^"\s]{1,64}@(?:pbs|pam|pve)![^"\s]{1,64}"[ \t]*:[ \t]*"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/g,
    source: 'Proxmox VE / Backup Server API token secrets (/etc/proxmox-backup/token.shadow, /etc/pve/priv/token.cfg)',
  },
  {
    name: 'redis-acl-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['user '],
    // `user` in lower case as redis.conf and users.acl write it (`USER  PID %CPU` is a `ps aux` header)
    lineGate:
      /(?:\d{1,7}:| {0,8}\d{1,9}\t)?[ \t]{0,8}(?:\d{1,4}\) "?)?(?:[Aa][Cc][Ll] [Ss][Ee][Tt][Uu][Ss][Ee][Rr]|user)[ \t]/y,
    re: /^(?:\d{1,7}:| {0,8}\d{1,9}\t)?[ \t]{0,8}(?:\d{1,4}\) "?)?(?:[Aa][Cc][Ll] [Ss][Ee][Tt][Uu][Ss][Ee][Rr]|user)[ \t]{1,8}([A-Za-z0-9._:-]{1,64})(?=[ \t]{1,8}(?:on|off|reset|nopass|resetpass|resetkeys|allkeys|allcommands|allchannels|[>#<!~&%+-]))/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    // (also as `grep -n` prints redis.conf: `1061:user orders_rw on >…`)
    source: 'Redis ACL users (redis.io/docs/management/security/acl: `user <name> <rules>`), users.acl and redis.conf',
  },
  {
    name: 'sudo-log-user',
    category: 'USER',
    priority: 55,
    group: 1,
    anchors: ['sudo'],
    re: /\bsudo(?:\[\d{1,10}\])?:\s{1,10}([A-Za-z0-9._-]{1,64}) : /g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'sudo(8) syslog line format',
  },
  {
    name: 'sshd-process-user',
    category: 'USER',
    priority: 55,
    group: 1,
    keywords: ['sshd:'],
    re: /\bsshd(?:-session)?: ([A-Za-z0-9._-]{1,64})(?= \[priv\]|@| \[net\]|@notty)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'OpenSSH privilege-separated process titles (sshd: user [priv], sshd: user@pts/0)',
  },
  {
    name: 'netstat-sshd-user',
    category: 'USER',
    priority: 55,
    group: 1,
    keywords: ['sshd:'],
    // `netstat -tnp`'s last column is `PID/Program name`, cut to its width: `99022/sshd: hanako_` (a login, maybe cut)
    re: /\d\/sshd(?:-session)?: ([A-Za-z0-9._-]{1,64})[ \t]*(?=\r?\n|$)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'netstat(8) `-p` "PID/Program name" column over an OpenSSH process title (sshd: user)',
  },
  {
    name: 'postgres-backend-user',
    category: 'USER',
    priority: 55,
    group: 1,
    keywords: ['postgres:'],
    // a replication connection's title names its user after `walsender`, with a database only for logical replication
    re: /\bpostgres: (?:\d{1,3}\/[A-Za-z0-9_-]{1,40}: )?(?:walsender ([A-Za-z0-9._-]{1,64}) (?:[A-Za-z0-9_$-]{1,64} )?|([A-Za-z0-9._-]{1,64}) [A-Za-z0-9_$-]{1,64} )(?:\d|\[local\]|\[[0-9A-Fa-f]{0,4}:|[0-9A-Fa-f]{0,4}:)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source:
      'PostgreSQL backend process titles (postgres: user database host(port) state; postgres: walsender user host(port) streaming)',
  },
  {
    name: 'pam-by-user',
    category: 'USER',
    priority: 55,
    group: 1,
    anchors: ['by '],
    re: /by ([A-Za-z0-9._-]{1,64})\(uid=\d{1,10}\)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'pam_unix session messages (`session opened for user root(uid=0) by jdoe(uid=1000)`, linux-pam pam_unix)',
  },
  {
    name: 'account-admin-user',
    category: 'USER',
    priority: 55,
    group: 1,
    anchors: [
      'new user: name=',
      "delete user '",
      "add '",
      'password changed for ',
      'changed password expiry for ',
      'successful su for ',
      'failed su for ',
      '(to ',
    ],
    re: /(?:new user: name=|delete user '|add '(?=[A-Za-z0-9._-]{1,64}' to (?:shadow )?group ')|password changed for |changed password expiry for |(?:Successful|FAILED) su for [A-Za-z0-9._-]{1,32} by |\(to [A-Za-z0-9._-]{1,32}\) )([A-Za-z0-9._-]{1,64})(?=[',\s]|$)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source:
      "shadow-utils useradd/usermod/userdel/passwd/chage and su(1) syslog messages (`new user: name=`, `add 'u' to group`, `password changed for`)",
  },

  {
    name: 'cli-user-flag',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['-u', '--user', 'username'],
    re: /(?:\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|psql|pg_dump|pg_dumpall|mongo|mongosh|mongodump|redis-cli)\b[^\n]{0,200}?[ \t]-u[ \t]{0,4}|\b(?:psql|pg_dump|pg_dumpall|pg_restore|pg_basebackup|createdb|dropdb|vacuumdb|reindexdb|pgbench)\b[^\n]{0,200}?[ \t]-U[ \t]{0,4}|[ \t]--(?:[a-z]{1,20}[.-])?user(?:name)?[ =]{1,2})([A-Za-z0-9._@-]{1,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'database client -u/--user flags (PostgreSQL clients: -U), exporter --*.username flags',
  },
  {
    name: 'login-in-prose',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['login is', 'username is', 'user name is', 'user id is', 'login was', 'username was', 'account name is'],
    // `my login is oscarj, need 2FA reset` in a support ticket or chat log: a login-shaped word (a digit, `.`, `_`, `-`
    // or `@` in it, or four or more letters that are not an ordinary word of such sentences)
    re: /\b(?:login|user[ _]?name|user[ _]?id|account[ _]name)[ \t]{1,4}(?:is|was)[ \t]{1,4}["'`]?([A-Za-z0-9._@-]{2,64})/gi,
    accept: loginInProse,
    source: SRC_CORPUS_README + ' (USERNAME); a login quoted in support tickets and chat transcripts',
  },
  {
    name: 'login-after-account-event',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['password reset', 'account locked', 'account unlocked', 'user locked', 'reassigned', 'boarded by'],
    // application logs of account events name the account by login: `password reset requested for ilse.j`, `account
    // locked: tberg`, `ticket reassigned from kowalski_s to …`, `onboarded by haddad_e`
    re: /\b(?:password reset(?: requested| request| link sent| e-?mail sent| code sent)?[ \t]{1,4}for|(?:account|user)[ \t]{1,4}(?:locked|unlocked)(?:[ \t]{1,4}for|:)?|reassigned[ \t]{1,4}from|(?:onboarded|offboarded)[ \t]{1,4}by)[ \t]{1,4}(?:user[ \t]{1,4})?["'`]?([A-Za-z0-9._@-]{2,64})/gi,
    accept: loginInProse,
    source: SRC_CORPUS_README + ' (USERNAME); account events in application logs',
  },
  {
    name: 'login-slash-password',
    category: 'PASSWORD',
    priority: 70,
    group: 3,
    keywords: [' / '],
    // a note's credential line, `<what>: <login> / <password>` (`Admin login: root / S3cret!`, `Web UI: jdoe / …`), as
    // tickets, VM descriptions and handover notes write them
    re: LOGIN_SLASH_PASSWORD,
    accept: (v: string, text: string, index: number): boolean =>
      credentialLabelBefore(text, index) && /[^A-Za-z]|^.{12}/.test(v) && !/^[/~.]/.test(v),
    source: SRC_CORPUS_README + ' (PASSWORD); credentials written into notes and descriptions',
  },
  {
    name: 'login-slash-password-user',
    category: 'USER',
    priority: 56,
    group: 2,
    keywords: [' / '],
    // the login of {@link LOGIN_SLASH_PASSWORD}'s line
    re: LOGIN_SLASH_PASSWORD,
    accept: (v: string, text: string, index: number): boolean =>
      credentialLabelBefore(text, index) && !isSystemAccount(v) && /[^A-Za-z]|^.{12}/.test(lastCell(text, index)),
    source: SRC_CORPUS_README + ' (USERNAME); credentials written into notes and descriptions',
  },
  {
    name: 'device-config-secret',
    category: 'PASSWORD',
    priority: 72,
    group: 2,
    keywords: ['secret', 'password', 'passwd', 'key', 'community', 'psksecret', 'ascii-text', 'securityname'],
    // network device configurations (Cisco IOS/NX-OS/ASA `show running-config`, Arista EOS, Huawei VRP, Junos and VyOS
    // `set` commands, FortiOS): a secret word, the encryption type the device prints before the value (`7`, `9`,
    // `sha512`, `ENC`, `cipher`, `irreversible-cipher`, `ascii-text`, `type md5 value`), then the value
    lineGate: DEVICE_CONFIG_LINE,
    re: /(?:^|[ \t])(?:secret|password|passwd|key|key-string|pre-shared-key|pre-shared-secret|community|authentication-key|message-digest-key|shared-key|psksecret|plaintext-password|simple-password|securityname)(?:[ \t]+(?:[0-9]{1,3}|sha512|sha256|md5|ENC|cipher|irreversible-cipher|simple|ascii-text|encrypted|read|write|type[ \t]+md5[ \t]+value)){0,3}(?:[ \t]+(?:read|write|ro|rw)?[ \t]*cipher)?[ \t]+(["']?)([^\s"']{4,256})\1(?=[ \t]|\r?$)/gm,
    // (Fluentd's `--dry-run` prints a `password` as `xxxxxx`)
    // (an OpenVPN `key /etc/openvpn/server/server.key` directive names the file that holds the key)
    accept: (v: string): boolean => !DEVICE_CONFIG_WORD.test(v) && !FOREIGN_MASK.test(v) && !ABSOLUTE_PATH.test(v),
    source:
      'Cisco IOS/NX-OS/ASA and Arista EOS configuration guides (enable secret, username … secret, snmp-server community, key 7), Junos/VyOS set commands, Huawei VRP cipher, FortiOS ENC',
  },
  {
    name: 'device-config-full-name',
    category: 'PERSON',
    priority: 60,
    group: 2,
    keywords: ['full-name'],
    // Junos/VyOS `set system login user jdoe full-name "Jane Doe"`
    re: /[ \t]full-name[ \t]+(["'])([^"'\n]{1,100})\1/g,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'Junos and VyOS system login user full-name',
  },
  {
    name: 'routeros-user-name',
    category: 'USER',
    priority: 57,
    group: 2,
    keywords: ['name='],
    // MikroTik RouterOS `/export` of `/user` and `/ppp secret`: `add comment="Jane Doe" group=full name=jdoe password=…`
    re: /(?:^|[ \t])name=(["']?)([A-Za-z_][A-Za-z0-9._@-]{0,63})\1(?=[ \t\\]|\r?$)/gm,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) && ROUTEROS_ACCOUNT_LINE.test(lineAround(text, index)),
    source: 'MikroTik RouterOS /user and /ppp secret export (name=, password=, group=, profile=)',
  },
  {
    name: 'routeros-user-comment',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['comment="'],
    // … and the person its `comment=` names
    re: /(?:^|[ \t])comment="([^"\n]{1,100})"/gm,
    accept: (v: string, text: string, index: number): boolean =>
      looksLikePersonName(v, true) && ROUTEROS_ACCOUNT_LINE.test(lineAround(text, index)),
    source: 'MikroTik RouterOS /user and /ppp secret export (comment=)',
  },
  {
    name: 'fortios-account-edit',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['edit "', 'set accprofile', 'set type password', 'set passwd', 'set two-factor', 'set email-to'],
    // FortiOS `config system admin` / `config user local`: `edit "jdoe"`, then the account's settings
    re: /^[ \t]{0,8}edit[ \t]+"([A-Za-z_][A-Za-z0-9._@-]{0,63})"\r?\n[ \t]{4,16}set[ \t]+(?:accprofile|type[ \t]+password|passwd|password|two-factor|email-to|trusthost\d|remote-auth|vdom)\b/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'FortiOS CLI reference: config system admin, config user local (edit <name>)',
  },
  {
    name: 'matrix-user-id',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['@'],
    notAfter: /[A-Za-z0-9_.-]/,
    // Matrix user ids (`@jdoe:matrix.example.org`, spec.matrix.org "User Identifiers") as Synapse logs and its admin
    // API print them: the localpart is the login; the server name is left to the host rules
    re: /@([a-z0-9._=\-/]{1,64}):((?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24})(?![A-Za-z0-9.-])/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Matrix specification, user identifiers (@localpart:server_name)',
  },
  // coturn `turnserver.conf` long-term credentials: `user=<login>:<password>` (or `:0x<key>`)
  ...loginAndSecret({
    name: 'turnserver-static',
    re: '^[ \\t]{0,8}user=([A-Za-z0-9_][A-Za-z0-9._@-]{0,63}):([^\\s]{1,200})[ \\t]*\\r?$',
    flags: 'm',
    login: { category: 'USER', priority: 57 },
    secret: { category: 'PASSWORD', priority: 72 },
    keywords: ['user='],
    source: 'coturn turnserver.conf `user=` (long-term credential mechanism, RFC 8489)',
  }),
  {
    name: 'asterisk-cidname-number',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['/cidname/'],
    re: ASTDB_CIDNAME,
    source: 'Asterisk AstDB cidname family (database show cidname)',
  },
  {
    name: 'asterisk-cidname-name',
    category: 'PERSON',
    priority: 60,
    group: 2,
    keywords: ['/cidname/'],
    re: ASTDB_CIDNAME,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'Asterisk AstDB cidname family (database show cidname)',
  },
  {
    name: 'asterisk-voicemail-pin',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: [' => '],
    // Asterisk voicemail.conf mailboxes: `<mailbox> => <PIN>,<full name>,<email>,<pager>,<options>`
    re: VOICEMAIL_MAILBOX,
    source: 'Asterisk voicemail.conf mailbox definitions (password, full name, e-mail)',
  },
  {
    name: 'asterisk-voicemail-name',
    category: 'PERSON',
    priority: 60,
    group: 2,
    keywords: [' => '],
    re: VOICEMAIL_MAILBOX,
    accept: (v: string): boolean => looksLikePersonName(v.trim(), false),
    source: 'Asterisk voicemail.conf mailbox definitions (full name)',
  },
  {
    name: 'asterisk-register-secret',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: ['register'],
    // sip.conf `register => user[:secret[:authuser]]@host[:port][/extension]`
    re: /^[ \t]{0,4}register[ \t]*=>[ \t]*[^:@/\s]{1,64}:([^\s]{1,128})@[A-Za-z0-9.-]{1,253}(?::\d{1,5})?(?:\/[^\s]{0,64})?[ \t]*\r?$/gm,
    source: 'Asterisk sip.conf register => user:secret@host',
  },
  {
    name: 'sip-display-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['<sip:', '<sips:', '<tel:', 'callerid', '" <'],
    // the display name of a SIP address (RFC 3261 §20.10 name-addr: `"Jane Doe" <sip:1000@…>`), Asterisk's
    // `callerid="Jane Doe" <1000>` and its CSV CDR form (the name in doubled quotes, `""Jane Doe"" <1000>`)
    re: /"{1,2}([^"\n<>]{1,80})"{1,2}[ \t]{0,2}<(?:sips?:|tel:|\+?\d{2,15}>)/g,
    accept: (v: string): boolean => looksLikePersonName(v.trim(), false),
    source: 'RFC 3261 §20.10 name-addr display names; Asterisk callerid and CDR clid',
  },
  {
    name: 'windows-event-account-name',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['account name:'],
    // Windows Security events (4624/4625/4740 …, `Get-WinEvent` messages): `Account Name:		jdoe` under Subject,
    // New Logon or Account For Which Logon Failed; `-` and machine accounts (`WS01$`) are no one's login
    re: /\bAccount Name:[ \t]{1,12}([A-Za-z0-9._@-]{1,64})(?=[ \t]*\r?$)/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== '-',
    source: 'Windows Security auditing event messages (Account Name field)',
  },
  {
    name: 'windows-service-start-name',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['startname', 'runasuser', 'serviceaccount'],
    // the account a Windows service runs as (`Win32_Service.StartName`, `sc qc` SERVICE_START_NAME): `DOMAIN\jdoe`,
    // `.\svc_x`, JSON-escaped (`"GBBAU\\svc_sql"`); `LocalSystem` and `NT AUTHORITY\…` are built in
    re: /(?:StartName|SERVICE_START_NAME|RunAsUser|ServiceAccount)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?(?:[A-Za-z0-9._-]{1,64}|\.)\\{1,2}([A-Za-z0-9._-]{1,64})/gi,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) && !/NT (?:AUTHORITY|SERVICE)\\{1,2}$/i.test(text.slice(Math.max(0, index - 16), index)),
    source: 'Win32_Service StartName / sc qc SERVICE_START_NAME (the service logon account)',
  },
  {
    name: 'sam-account-name',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['samaccountname'],
    // Active Directory logins: `-SamAccountName jdoe` (New-ADUser), `"OnPremisesSamAccountName": "jdoe"` (Microsoft
    // Graph), `sAMAccountName: jdoe` (ldapsearch), `SamAccountName : jdoe` (Format-List)
    re: /(?:-SamAccountName[ \t]{1,4}|SamAccountName["']?[ \t]{0,4}[:=][ \t]{0,4})["']?([A-Za-z0-9._-]{1,64})(?=["',\s]|$)/gi,
    accept: (v: string): boolean => !isSystemAccount(v) && !v.endsWith('$'),
    source: 'Active Directory sAMAccountName (MS-ADA3), New-ADUser and Microsoft Graph onPremisesSamAccountName',
  },
  {
    name: 'powershell-person-parameter',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['-givenname', '-surname', '-displayname', 'new-aduser', 'set-aduser', 'new-localuser', 'new-mailbox'],
    // the name parameters of the cmdlets that create accounts (`New-ADUser -Name "Jane Doe" -GivenName "Jane" -Surname
    // "Doe"`, `New-LocalUser -FullName …`); `-Name` only on such a line
    re: /[ \t]-(?:GivenName|Surname|DisplayName|FullName|Name)[ \t]+(?:"([^"\n]{1,100})"|'([^'\n]{1,100})')/gi,
    accept: (v: string, text: string, index: number): boolean => {
      const line = lineAround(text, index);
      if (!/\b(?:New|Set)-(?:ADUser|LocalUser|Mailbox|MgUser|AzureADUser)\b/i.test(line)) return false;
      return looksLikePersonName(v.trim(), /-Name[ \t]+["']$/i.test(text.slice(Math.max(0, index - 8), index)));
    },
    source:
      'PowerShell ActiveDirectory/LocalAccounts/Exchange cmdlets (New-ADUser -GivenName -Surname -DisplayName -Name)',
  },
  {
    name: 'unattend-password-value',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: ['<value>', '<password>', '<administratorpassword>'],
    // Windows unattend.xml (`<AdministratorPassword>`, `<AutoLogon><Password>`, `<LocalAccount><Password>`): the
    // `<Value>` holds the password, base64 of UTF-16 when `<PlainText>false`
    re: /<(?:AdministratorPassword|Password)>\s{0,200}<Value>([^<\n]{1,400})<\/Value>/g,
    // Windows Setup masks what it logs (`*SENSITIVE*DATA*DELETED*`)
    accept: (v: string): boolean => !/^\*SENSITIVE\*DATA\*DELETED\*$/.test(v),
    source: 'Microsoft unattend.xml reference (Microsoft-Windows-Shell-Setup UserAccounts, AutoLogon Password/Value)',
  },
  {
    name: 'registry-password-value',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: ['password'],
    // `reg query …\Winlogon`: `    DefaultPassword    REG_SZ    S3cret`
    lineGate: /[ \t]{2,8}[A-Za-z]{0,40}Password[A-Za-z]{0,20}[ \t]{2,8}REG_/y,
    re: /^[ \t]{2,8}[A-Za-z]{0,40}Password[A-Za-z]{0,20}[ \t]{2,8}REG_(?:SZ|EXPAND_SZ)[ \t]{2,8}([^\r\n]{1,256}?)[ \t]*\r?$/gm,
    source: 'reg query output (Winlogon DefaultPassword, AutoAdminLogon)',
  },
  {
    name: 'registry-user-value',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['username', 'defaultusername'],
    lineGate: /[ \t]{2,8}[A-Za-z]{0,40}User[Nn]ame[ \t]{2,8}REG_/y,
    re: /^[ \t]{2,8}[A-Za-z]{0,40}User[Nn]ame[ \t]{2,8}REG_(?:SZ|EXPAND_SZ)[ \t]{2,8}([A-Za-z0-9._@-]{1,64})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'reg query output (Winlogon DefaultUserName)',
  },
  {
    name: 'groovy-dsl-password',
    category: 'PASSWORD',
    priority: 72,
    group: 2,
    keywords: ['password'],
    // Gradle's Groovy DSL `credentials { username "…"  password "…" }` (a method call without parentheses)
    re: /^[ \t]{0,40}password[ \t]+(["'])([^"'\n]{1,256})\1[ \t]*\r?$/gm,
    source: 'Gradle PasswordCredentials in the Groovy DSL (credentials { username … password … })',
  },
  {
    name: 'groovy-dsl-username',
    category: 'USER',
    priority: 57,
    group: 2,
    keywords: ['username'],
    re: /^[ \t]{0,40}username[ \t]+(["'])([A-Za-z0-9._@-]{1,64})\1[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Gradle PasswordCredentials in the Groovy DSL (credentials { username … password … })',
  },
  {
    name: 'asterisk-callerid-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['callerid'],
    // an unquoted caller id name (`callerid=Tomáš Dvořák <6031>` in pjsip.conf / sip.conf)
    re: /\bcallerid[ \t]{0,4}=>?[ \t]{0,4}([^"<>\n=]{1,80}?)[ \t]{0,4}<\+?\d{2,15}>/gi,
    accept: (v: string): boolean => looksLikePersonName(v.trim(), false),
    source: 'Asterisk pjsip.conf/sip.conf callerid (name <number>)',
  },
  {
    name: 'fhir-human-name-family',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['"family"'],
    // FHIR HumanName (hl7.org/fhir/datatypes.html#HumanName): `"family": "Doe"` next to its `"given"` names
    re: /"family"[ \t]{0,4}:[ \t]{0,4}"([^"\\\n]{1,100})"/g,
    accept: (v: string, text: string, index: number): boolean =>
      looksLikePersonName(v, false) &&
      /"given"[ \t]{0,4}:/.test(text.slice(Math.max(0, index - 400), Math.min(text.length, index + 400))),
    source: 'HL7 FHIR HumanName.family',
  },
  {
    name: 'fhir-human-name-given',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: ['"given"'],
    // … and each of its `"given": ["Jane", "Q."]` names (the array may span lines)
    re: /"given"[ \t]{0,4}:[ \t]{0,4}\[\s{0,80}"([^"\\\n]{1,100})"(?:\s{0,80},\s{0,80}"([^"\\\n]{1,100})")?(?:\s{0,80},\s{0,80}"([^"\\\n]{1,100})")?/g,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'HL7 FHIR HumanName.given',
  },
  {
    name: 'fhir-telecom-phone',
    category: 'PHONE',
    priority: 58,
    group: 1,
    anchors: ['"system"'],
    // FHIR ContactPoint (`{"system": "phone", "value": "+44 20 7946 0000", "use": "home"}`)
    re: /"system"[ \t]{0,4}:[ \t]{0,4}"(?:phone|sms|fax)"\s{0,80},\s{0,80}(?:"use"[ \t]{0,4}:[ \t]{0,4}"[a-z]{1,10}"\s{0,80},\s{0,80})?"value"[ \t]{0,4}:[ \t]{0,4}"([^"\\\n]{4,40})"/g,
    accept: (v: string): boolean => {
      const digits = v.replace(/\D/g, '').length;
      return digits >= 6 && digits <= 15;
    },
    source: 'HL7 FHIR ContactPoint (system phone/sms/fax, value)',
  },
  {
    name: 'fhir-reference-display',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: ['"reference"'],
    // FHIR Reference to a person (`{"reference": "Practitioner/6295", "display": "Dr. Jane Doe"}`)
    re: /"reference"[ \t]{0,4}:[ \t]{0,4}"(?:Practitioner|Patient|RelatedPerson|Person)\/[^"\\\n]{1,64}"\s{0,80},\s{0,80}"display"[ \t]{0,4}:[ \t]{0,4}"([^"\\\n]{1,100})"/g,
    accept: (v: string): boolean => looksLikePersonName(v.replace(/^(?:Dr|Prof|Mr|Mrs|Ms)\.?[ \t]+/, ''), false),
    source: 'HL7 FHIR Reference.display of a Practitioner, Patient, RelatedPerson or Person',
  },
  {
    name: 'password-in-prose',
    category: 'PASSWORD',
    priority: 70,
    group: 1,
    keywords: [
      'password is',
      'password was',
      'new password',
      'temporary password',
      'temp password',
      'initial password',
      'password set to',
      'password changed to',
      'password reset to',
      'pw is',
      'passwort ist',
      'pass is',
      'using password ',
      'with password ',
    ],
    // a password written into a ticket, chat or note: `my password is Verano@2023`, `new password Kx9!… not accepted`,
    // `password set to …`; only a value that does not read as a word (a digit or a symbol in it)
    re: /\b(?:(?:new|temporary|temp|initial|one-time)[ \t]{1,4}password|password|pw|pass|passwort)(?:[ \t]{1,4}(?:is|was|ist|set[ \t]{1,4}to|changed[ \t]{1,4}to|reset[ \t]{1,4}to))?[ \t]{0,4}:?[ \t]{1,4}["'`]?([^\s"'`]{6,64}?)["'`]?(?=[\s,;)]|\.(?:\s|$)|$)/gi,
    accept: (v: string, text: string, index: number): boolean =>
      /[0-9]/.test(v) &&
      /[A-Za-z]/.test(v) &&
      !/^(?:https?:|\/|\$\{|\{\{|<|\[)/.test(v) &&
      // after a bare `password`/`pw`, the sentence must say so (`is`, `was`, `set to`, `new`, `temporary`, an exception's
      // `… using password Kangaroo2000`) or use a colon
      /(?:new|temporary|temp|initial|one-time)[ \t]{1,4}password|(?:is|was|ist|to)[ \t]{1,4}["'`]?$|:[ \t]{1,4}["'`]?$|(?:using|with)[ \t]{1,4}password[ \t]{1,4}["'`]?$/i.test(
        text.slice(Math.max(0, index - 40), index),
      ),
    source: SRC_CORPUS_README + ' (PASSWORD); passwords written into tickets, chat and notes',
  },
  {
    name: 'by-key-login',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['by=', '"by":', '"by" :'],
    // who did it, as an audit field of a structured log line (`status=CANCELLED by=fd.jdoe`, `"by": "reception.ana"`)
    re: /(?:^|[\s{,])"?by"?[ \t]{0,2}[=:][ \t]{0,2}"?([A-Za-z_][A-Za-z0-9._@-]{1,63})(?=["\s,}]|$)/g,
    // a login-shaped value only (a `.`, `_`, `-`, `@` or digit in it): `sort by=name`, `group by=hour` are not actors
    // … and not the field of a sort or grouping (`sort by=created_at`, `order_by=last_name`)
    accept: (v: string, text: string, index: number): boolean =>
      /[._@0-9-]/.test(v) &&
      !isSystemAccount(v) &&
      !/(?:sort|order|group|partition|filter|split|search|index)(?:ed)?[ \t_-]?"?by"?[ \t]{0,2}[=:][ \t]{0,2}"?$/i.test(
        text.slice(Math.max(0, index - 32), index),
      ),
    source: SRC_CORPUS_README + ' (USERNAME); the actor field of audit and application log lines',
  },
  {
    name: 'telegram-bot-token-in-url',
    category: 'APIKEY',
    priority: 88,
    group: 1,
    keywords: ['/bot'],
    // a Telegram Bot API token in its URL (`https://api.telegram.org/bot<id>:<secret>/sendMessage`, core.telegram.org/bots/api)
    re: /\/bot(\d{6,12}:[A-Za-z0-9_-]{30,40})(?=[/?#\s"'`]|$)/g,
    source: 'Telegram Bot API request URLs (https://api.telegram.org/bot<token>/METHOD_NAME)',
  },
  {
    name: 'powershell-plaintext-securestring',
    category: 'PASSWORD',
    priority: 78,
    group: 2,
    keywords: ['convertto-securestring'],
    // `ConvertTo-SecureString 'S3cret' -AsPlainText -Force`, `ConvertTo-SecureString -AsPlainText "S3cret" -Force`,
    // `-String 'S3cret'`: a plain-text password in a script or transcript
    re: /ConvertTo-SecureString[ \t]+(?:-String[ \t]+)?(?:-AsPlainText[ \t]+)?(?:-String[ \t]+)?(["'])([^"'\n]{1,256})\1/gi,
    accept: (v: string): boolean => !/^\$/.test(v),
    source: 'PowerShell ConvertTo-SecureString -AsPlainText (Microsoft.PowerShell.Security)',
  },
  {
    name: 'powershell-ad-identity',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['-identity'],
    // the account an ActiveDirectory cmdlet acts on (`Set-ADAccountPassword -Identity jdoe`, `Unlock-ADAccount jdoe`)
    re: /\b(?:Set|Get|Remove|Enable|Disable|Unlock|Search)-AD(?:User|Account[A-Za-z]{0,20}|PrincipalGroupMembership)[ \t]+-Identity[ \t]+["']?([A-Za-z0-9._-]{1,64})/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'PowerShell ActiveDirectory module cmdlets (-Identity: a sAMAccountName)',
  },
  {
    name: 'unattend-registered-owner',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['<registeredowner>', '<fullname>'],
    // unattend.xml `<RegisteredOwner>`, `<FullName>` (Microsoft-Windows-Shell-Setup, UserData)
    re: /<(?:RegisteredOwner|FullName)>([^<\n]{1,100})<\/(?:RegisteredOwner|FullName)>/g,
    accept: (v: string): boolean => looksLikePersonName(v.trim(), false),
    source: 'Microsoft unattend.xml reference (RegisteredOwner, UserData/FullName)',
  },
  {
    name: 'unattend-local-account-name',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['<group>'],
    // a `<LocalAccount>` of unattend.xml: `<Group>Administrators</Group>` then `<Name>login</Name>`
    re: /<Group>[^<\n]{1,64}<\/Group>\s{0,200}<Name>([^<\n]{1,64})<\/Name>/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Microsoft unattend.xml reference (UserAccounts/LocalAccounts/LocalAccount Name)',
  },
  {
    name: 'exchange-alias',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['alias'],
    // Exchange `Get-Mailbox | Format-List`: `Alias : jdoe` (the mailbox's login-shaped alias)
    re: /^Alias[ \t]{0,40}:[ \t]{1,4}([A-Za-z0-9._-]{1,64})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Exchange Get-Mailbox Alias (Format-List output)',
  },
  {
    name: 'sql-server-login-row',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['sql_login', 'windows_login'],
    // SQL Server `sys.server_principals` / `sys.sql_logins` rows as sqlcmd prints them: `<name> SQL_LOGIN …`
    re: /^(?:[A-Za-z0-9._-]{1,32}\\)?([A-Za-z0-9._-]{1,64})[ \t]+(?:SQL_LOGIN|WINDOWS_LOGIN)\b/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^##/.test(v),
    source: 'SQL Server sys.server_principals type_desc (SQL_LOGIN, WINDOWS_LOGIN)',
  },
  {
    name: 'asterisk-dialed-number',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['@from-', '@ext-', '@outbound', '@outgoing', '@macro-', '@sub-', '@default:', '@to-'],
    // a number dialled through an Asterisk dialplan context (`Executing [16122755401@from-internal:1]`, `core show
    // channels`: `14596564814@from-trunk:3`); six digits or more, so internal extensions (`1001@from-internal`) stay
    re: /(?:^|[[\s"'(])(\+?\d{6,15})@(?:from|ext|outbound|outgoing|macro|sub|default|to)[a-z0-9_-]{0,40}:\d{1,4}\b/gm,
    source: 'Asterisk dialplan extension@context:priority (pbx.c Executing, core show channels)',
  },
  {
    name: 'asterisk-register-user',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['register'],
    // the user of an Asterisk `register =>` line, a provider's DID when it is a number (`register => 4930123456:…@…`)
    re: /^[ \t]{0,4}register[ \t]*=>[ \t]*(\+?\d{7,15}):/gm,
    source: 'Asterisk sip.conf register => user:secret@host (the user, a phone number)',
  },
  {
    name: 'java-server-encrypted-password',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    anchors: ['{aes}', '{aes256}', '{3des}', '{xor}'],
    // WebLogic's encrypted values (`{AES256}…` in config.xml and boot.properties, docs.oracle.com "weblogic.security.
    // Encrypt") and WebSphere's XOR-encoded ones (`{xor}…` in security.xml): reversible with the domain's key
    re: /\{(?:AES|AES256|3DES|xor)\}((?:[A-Za-z0-9+/=]|\\=){4,512})/gi,
    source: 'WebLogic {AES}/{AES256}/{3DES} encrypted attributes; WebSphere {xor} encoded passwords',
  },
  {
    name: 'jboss-masked-password',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    anchors: ['mask-'],
    // JBoss/WildFly vault masked values (`MASK-5dOaAVafCSd;1234abcd;120`, PicketBox): decodable with the salt and count
    re: /MASK-([A-Za-z0-9+/=.]{8,256}(?:;[^;\s"'<]{1,64};\d{1,6})?)/g,
    source: 'PicketBox/WildFly vault MASK- values (masked keystore password, salt, iteration count)',
  },
  // strongSwan ipsec.secrets(5): `[ids] : PSK "secret"`, `user : EAP "pw"`, `: XAUTH 0sBASE64` (a quoted string, a
  // `0s` base64 or `0x` hex value, or a bare word); `: RSA file.key` names a file and is not read
  {
    name: 'ipsec-secrets-value',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: [': psk', ':psk', ': eap', ': xauth', ': ntlm', ': pin'],
    re: /^(?:[^\n#"]{0,400}[ \t])?:[ \t]*(?:PSK|EAP|XAUTH|NTLM|PIN)[ \t]+(?:"((?:[^"\\\n]|\\.){1,256})"|([^\s"#]{1,512}))/gm,
    source: 'strongSwan ipsec.secrets(5) (PSK, EAP, XAUTH, NTLM, PIN secrets)',
  },
  {
    name: 'ipsec-secrets-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: [': eap', ': xauth', ': ntlm'],
    // … and the one id before an EAP, XAUTH or NTLM secret: the user it authenticates
    re: /^[ \t]*([A-Za-z0-9_][A-Za-z0-9._@\\-]{0,127})[ \t]+:[ \t]*(?:EAP|XAUTH|NTLM)[ \t]/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'strongSwan ipsec.secrets(5) (EAP/XAUTH user ids)',
  },
  {
    name: 'swanctl-eap-secret-id',
    category: 'USER',
    priority: 57,
    group: 1,
    // (the section spans lines, so the rule runs sticky from each section name, not over keyword lines)
    anchors: ['eap-', 'xauth-', 'ntlm-'],
    notAfter: /[A-Za-z0-9_-]/,
    // swanctl.conf(5) `secrets { eap-<name> { id = <user>  secret = … } }`: the id of an EAP/XAuth/NTLM secret is a user
    re: /(?:eap|xauth|ntlm)-[^\s{}]{1,64}[ \t]*\{[ \t]*\r?\n(?:[ \t]*[A-Za-z_][\w-]{0,40}[ \t]*=[^\n]{0,512}\n){0,4}?[ \t]*id(?:-[\w-]{1,40})?[ \t]*=[ \t]*"?([^\s"{}]{1,128})/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !v.startsWith('%'),
    source: 'strongSwan swanctl.conf(5) secrets section (eap-/xauth-/ntlm- ids)',
  },
  {
    name: 'swanctl-eap-secret-name',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['eap-', 'xauth-', 'ntlm-'],
    // … and the section's own name when it is that user's (`eap-jdoe { id = jdoe`)
    re: /^[ \t]*(?:eap|xauth|ntlm)-([^\s{}]{1,64})[ \t]*\{/gm,
    accept: (v: string, text: string): boolean =>
      !isSystemAccount(v) && (textHas(text, `= ${v}`) || textHas(text, `= "${v}"`) || textHas(text, `=${v}`)),
    source: 'strongSwan swanctl.conf(5) secrets section (eap-/xauth-/ntlm- ids)',
  },
  {
    name: 'strongswan-eap-identity',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['eap: ', 'eap identity: ', 'xauth: ', 'xauth identity: '],
    // `swanctl --list-sas` (`EAP: 'jdoe' [10.3.0.2]`, `XAuth: 'jdoe'`) and `ipsec statusall` (`Remote EAP identity: jdoe`)
    re: /\b(?:EAP|XAuth)(?:[ \t]identity)?:[ \t]'?([^\s'[\]]{1,128})/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !v.startsWith('%'),
    source: 'strongSwan swanctl --list-sas and ipsec statusall (EAP/XAuth identities)',
  },
  {
    name: 'junos-type9-secret',
    category: 'PASSWORD',
    priority: 82,
    group: 0,
    anchors: ['$9$'],
    // Junos `$9$` secrets (`secret "$9$…"; ## SECRET-DATA`, `authentication-key`, `privacy-key`): an obfuscation that
    // anyone can reverse, so the cleartext is as good as printed
    re: /\$9\$[A-Za-z0-9./-]{4,512}/g,
    notAfter: /[A-Za-z0-9$]/,
    source: 'Junos OS configuration ($9$ reversible secrets, ## SECRET-DATA)',
  },
  {
    name: 'junos-login-user-block',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['user '],
    // hierarchical `show configuration system`: `login { user jdoe { uid 2001; class super-user; … } }`
    re: /^[ \t]{1,40}user[ \t]+([A-Za-z0-9_][A-Za-z0-9._-]{0,63})[ \t]*\{[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Junos OS system login user statement (hierarchical form)',
  },
  {
    name: 'junos-last-commit-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['## last commit:', '## last changed:'],
    // the header of `show configuration`: `## Last commit: 2024-04-01 06:40:57 UTC by jdoe`
    re: /^## Last (?:commit|changed): [^\n]{0,60}? by ([A-Za-z0-9_][A-Za-z0-9._-]{0,63})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Junos OS show configuration header (## Last commit … by user)',
  },
  {
    name: 'junos-snmp-community-block',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['community '],
    // hierarchical `snmp { community s3cret { authorization read-only; } }`
    re: /^[ \t]{1,40}community[ \t]+"?([^\s"{};]{1,64})"?[ \t]*\{[ \t]*\r?$/gm,
    accept: (v: string): boolean => !/^(?:public|private)$/.test(v),
    source: 'Junos OS snmp community statement (hierarchical form)',
  },
  {
    name: 'freeradius-users-file-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['-password :=', '-password =', '-password:='],
    // FreeRADIUS `mods-config/files/authorize` (the users file): `jdoe  Cleartext-Password := "…"`, `Crypt-Password`
    re: /^"?([A-Za-z0-9_][A-Za-z0-9._@-]{0,127})"?[ \t]+(?:Cleartext|Crypt|MD5|SMD5|SHA|SSHA|SHA2|SSHA2-256|SSHA2-512|NT|LM|PBKDF2|Password-With-Header)-Password[ \t]*:?=/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== 'DEFAULT',
    source: 'FreeRADIUS users file (rlm_files authorize entries)',
  },
  {
    name: 'radius-user-name-attribute',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['user-name ='],
    // `radiusd -X`, `radtest`, `radclient` and detail files print the request's `User-Name = "jdoe"`
    re: /\bUser-Name[ \t]*:?=[ \t]*"([^"\s]{1,128})"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'RFC 2865 User-Name attribute as FreeRADIUS prints it (radiusd -X, radtest, detail files)',
  },

  {
    name: 'audit-acct',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['acct='],
    // Linux audit records of PAM and login events (`acct="jdoe"`, `ausearch -i`: `acct=jdoe`); a hex-encoded name is
    // left to the hex rules, `?` and `(unknown)` name no one
    re: /\bacct=(?:"([^"\s]{1,64})"|([A-Za-z_][A-Za-z0-9._@-]{0,63})(?=[ \t'"]|\r?$))/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^(?:unknown|unset)$/.test(v),
    source: 'Linux audit (auditd) USER_AUTH/USER_ACCT/USER_LOGIN records, acct field (ausearch -i interprets it)',
  },
  {
    name: 'audit-interpreted-ids',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['auid=', ' id='],
    // `ausearch -i` writes user ids as names (`auid=jdoe`, `uid=jdoe`, `op=login id=jdoe`): on audit records only
    re: /(?:^|[ \t'])(?:a|e|s|fs|o)?(?:uid|id)=([A-Za-z_][A-Za-z0-9._-]{0,63})(?=[ \t'"]|\r?$)/gm,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) && !/^(?:unset|unknown)$/.test(v) && lineAround(text, index).includes('msg=audit('),
    source: 'Linux audit ausearch(8) --interpret (uid, auid, euid, id fields as names)',
  },
  {
    name: 'aureport-account',
    category: 'USER',
    priority: 57,
    group: 1,
    // (the program and the result ending each row: ` yes `/` no ` alone are in most prose)
    keywords: ['sshd yes ', 'sshd no ', 'sudo yes ', 'sudo no ', 'login yes ', 'login no ', 'su yes ', 'su no '],
    // `aureport -au` / `-l` rows: `2. 11/24/2025 19:00:50 jdoe 10.0.0.5 ssh /usr/sbin/sshd yes 276260`
    re: /^\d{1,7}\. \d\d\/\d\d\/\d{2,4} \d\d:\d\d:\d\d ([A-Za-z_][A-Za-z0-9._@-]{0,63}) \S{1,255} \S{1,64} \S{1,255} (?:yes|no) \d{1,12}[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Linux audit aureport(8) authentication and login reports (date time acct host term exe success event)',
  },
  {
    name: 'bcrypt-keyed-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: [': $2', ": '$2", ': "$2'],
    // a map of logins to bcrypt hashes (Prometheus/Alertmanager `web-config.yml` `basic_auth_users:`, Traefik and
    // Caddy user lists): each key is a login; a key named for the hash itself (`password:`) is none
    re: /^[ \t]{1,12}([A-Za-z0-9_][A-Za-z0-9._@-]{0,63}):[ \t]+["']?\$2[aby]\$\d\d\$/gm,
    accept: (v: string): boolean =>
      !isSystemAccount(v) && !/pass|pwd|hash|secret|token|key|auth|digest|crypt|salt/i.test(v),
    source: 'Prometheus exporter-toolkit web-config.yml basic_auth_users (login: bcrypt hash)',
  },
  {
    name: 'elasticsearch-reset-password-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['password of the [', 'password for the ['],
    // `elasticsearch-reset-password -u x`: "This tool will reset the password of the [x] user …", "Password for the [x]
    // user successfully reset."
    re: /\b[Pp]assword (?:of|for) the \[([^\]\s]{1,64})\] user\b/g,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== 'elastic',
    source: 'Elasticsearch elasticsearch-reset-password tool output',
  },
  {
    name: 'elasticsearch-reset-password-value',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['new value: '],
    // … and the password it generated: `New value: <password>`
    re: /^New value: (\S{6,256})[ \t]*\r?$/gm,
    source: 'Elasticsearch elasticsearch-reset-password tool output',
  },
  {
    name: 'elasticsearch-encoded-api-key',
    category: 'APIKEY',
    priority: 85,
    group: 1,
    keywords: ['"encoded"'],
    // `POST /_security/api_key` answers `"encoded": base64(id:api_key)`, the credential clients send
    re: /"encoded"[ \t]*:[ \t]*"([A-Za-z0-9+/]{20,512}={0,2})"/g,
    source: 'Elasticsearch create API key API response (encoded field)',
  },
  {
    name: 'quoted-uid-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['uid="'],
    // rsyslog's database outputs (`action(type="ommysql" … uid="rsyslog" pwd="…")`) and other `uid="login"` settings;
    // a numeric uid or a UUID is no login
    re: /(?:^|[ \t(,])uid="([A-Za-z_][A-Za-z0-9._@-]{0,63})"/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(v),
    source: 'rsyslog ommysql/ompgsql action parameters (uid, pwd)',
  },
  {
    name: 'ecs-user-name',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['"user"'],
    // Elastic Common Schema documents (`"user": {"name": "jdoe"}` in `_search` hits, Filebeat/Auditbeat events)
    re: /"user"[ \t]*:[ \t]*\{\s{0,80}(?:"(?:id|domain|email|full_name|roles)"[ \t]*:[ \t]*"[^"\n]{0,200}"[ \t]*,\s{0,80}){0,4}"name"[ \t]*:[ \t]*"([^"\s]{1,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Elastic Common Schema user.name field',
  },
  {
    name: 'github-actions-add-mask',
    category: 'PASSWORD',
    priority: 82,
    group: 1,
    keywords: ['::add-mask::'],
    // the value a workflow asks GitHub Actions to mask (`echo "::add-mask::$VALUE"`), printed in the step's own
    // `##[group]Run` header before the mask exists: a secret by the workflow's own word
    re: /::add-mask::([^\s"'`]{1,1024})/g,
    accept: (v: string): boolean => !v.startsWith('$') && !v.startsWith('***'),
    source: 'GitHub Actions workflow commands (add-mask), docs.github.com/actions/reference/workflow-commands',
  },
  // a Jenkins script-console dump of credentials, one per line with its class (`id | UsernamePasswordCredentialsImpl |
  // login | password`, `id | AWSCredentialsImpl | access key | secret key`): the cells after the class
  ...loginAndSecret({
    name: 'jenkins-credentials-dump',
    re: '\\b(?:UsernamePasswordCredentialsImpl|AWSCredentialsImpl)[ \\t]*[|,;\\t][ \\t]*([^|,;\\s]{1,128})[ \\t]*[|,;\\t][ \\t]*([^|\\s][^|\\n]{0,255}?)[ \\t]*(?:\\||\\r?$)',
    flags: 'm',
    secret: { category: 'PASSWORD', priority: 80 },
    keywords: ['usernamepasswordcredentialsimpl', 'awscredentialsimpl'],
    source:
      'Jenkins credentials plugin classes (UsernamePasswordCredentialsImpl, AWSCredentialsImpl) in script-console dumps',
  }),
  // Perl configuration (OTRS/Znuny `Kernel/Config.pm`: `$Self->{DatabaseUser} = 'otrs';`, `$Self->{DatabasePw} = '…';`,
  // `$Self->{'SendmailModule::AuthPassword'} = '…';`; hashes `UserPw => '…'`)
  {
    name: 'perl-config-password',
    category: 'PASSWORD',
    priority: 76,
    group: 2,
    keywords: ['pw}', "pw'}", 'password}', "password'}", 'pw =>', 'pw=>'],
    re: /(?:\$Self->\{['"]?[A-Za-z0-9:_]{0,60}(?:Pw|Password|Passwd)['"]?\}[ \t]*=|\b[A-Za-z]{0,30}Pw[ \t]*=>)[ \t]*(['"])((?:(?!\1)[^\\\n]|\\.){1,256})\1/g,
    source: 'OTRS/Znuny Kernel/Config.pm settings (DatabasePw, SendmailModule::AuthPassword, UserPw)',
  },
  {
    name: 'perl-config-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['user}', "user'}", 'username}', "username'}"],
    re: /\$Self->\{['"]?[A-Za-z0-9:_]{0,60}(?:User|UserName|Login)['"]?\}[ \t]*=[ \t]*['"]([A-Za-z0-9_][A-Za-z0-9._@-]{0,63})['"]/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'OTRS/Znuny Kernel/Config.pm settings (DatabaseUser, SendmailModule::AuthUser)',
  },
  {
    name: 'samba-virtual-cleartext',
    category: 'PASSWORD',
    priority: 82,
    group: 1,
    keywords: ['virtualcleartext', 'cleartextpassword'],
    // `samba-tool user getpassword --attributes=virtualClearTextUTF8` prints the account's cleartext password
    re: /^(?:virtualClearTextUTF8|virtualClearTextUTF16|clearTextPassword):: ?(\S[^\n]{0,1000}?)[ \t]*\r?$|^(?:virtualClearTextUTF8|virtualClearTextUTF16|clearTextPassword): (\S[^\n]{0,1000}?)[ \t]*\r?$/gm,
    source: 'Samba samba-tool user getpassword (virtualClearTextUTF8/UTF16 attributes)',
  },
  {
    name: 'suitecrm-login-log-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['user authentication for ', 'failed login:'],
    // SuiteCRM/SugarCRM `suitecrm.log`: `SECURITY: User authentication for jdoe failed`, `FAILED LOGIN:attempts[4] - jdoe`
    re: /\bUser authentication for (\S{1,64}) failed\b|\bFAILED LOGIN:[^\n]{0,80}? - ([A-Za-z0-9_][A-Za-z0-9._@-]{0,63})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'SuiteCRM/SugarCRM application log (authentication failures)',
  },
  {
    name: 'sugarcrm-unique-key',
    category: 'APIKEY',
    priority: 80,
    group: 1,
    keywords: ['unique_key'],
    // SuiteCRM/SugarCRM `config.php` `'unique_key' => '<32 hex>'`: the instance secret its sessions and hashes use
    re: /['"]unique_key['"][ \t]*=>[ \t]*['"]([0-9a-f]{32})['"]/g,
    source: 'SuiteCRM/SugarCRM config.php unique_key',
  },
  {
    name: 'snmp-community-name-listing',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['community name:'],
    // Arista EOS / Cisco `show snmp community`: `Community name: <community>`; the defaults `public`/`private` are none
    re: /^[ \t]{0,8}Community name: (\S{1,64})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !/^(?:public|private)$/.test(v),
    source: 'Arista EOS and Cisco IOS show snmp community',
  },
  {
    name: 'owner-named-device-host',
    category: 'HOST',
    priority: 58,
    group: 1,
    keywords: ['s-macbook', 's-iphone', 's-ipad', 's-imac', 's-galaxy', 's-pixel', 's-laptop', 's-surface', 's-mbp'],
    // the host names Apple, Samsung and Google devices give themselves from their owner's first name
    // (`Janes-MacBook-Pro`, `Olgas-Galaxy-S23`, `Jihos-iPad`), as DHCP leases and router tables print them
    re: /(?<![\w.-])(\p{Lu}[\p{L}\p{M}]{1,24}s-(?:MacBook(?:-Pro|-Air)?|MBP|iPhone|iPad|iMac|Galaxy(?:-[A-Za-z0-9]{1,8}){0,2}|Pixel(?:-[A-Za-z0-9]{1,4}){0,2}|Laptop|Surface(?:-[A-Za-z0-9]{1,8})?)(?:-\d{1,3})?)(?![\w.-])/gu,
    source: 'macOS/iOS/Android default device names (<Owner>s-MacBook-Pro) in DHCP leases',
  },
  {
    name: 'changed-password-for-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['changed password for '],
    // `drush user:password jdoe …`: `[success] Changed password for jdoe.`
    re: /\bChanged password for ([A-Za-z0-9_][A-Za-z0-9._@-]{0,63}?)\.?(?=[ \t]|\r?$)/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Drush user:password output',
  },
  {
    name: 'login-before-bcrypt',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: [' $2a$', ' $2b$', ' $2y$', ' jdjhjd', ' jdjyjd', ' jdj5jd'],
    // a login and its bcrypt hash on one line: Caddy's `basic_auth { jdoe $2a$14$… }` (also the base64 of the hash that
    // Caddy 1 configs hold, `JDJhJDE0…`), Traefik `users` entries without the colon
    re: /^[ \t]+([A-Za-z0-9_][A-Za-z0-9._@-]{0,63})[ \t]+(?:\$2[aby]\$\d\d\$|JDJ[hiy5]JD)/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^(?:hash|password|basic_?auth|basicauth)$/i.test(v),
    source: 'Caddy basic_auth directive (caddyserver.com/docs/caddyfile/directives/basic_auth)',
  },
  {
    name: 'django-admins-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['admins=', 'managers='],
    // django-environ `DJANGO_ADMINS=Jane Doe:jane@…,John Roe:john@…` (the ADMINS/MANAGERS setting as `name:email` pairs)
    re: new RegExp(`(?:=|,)[ \\t]*${NAME_WORDS}:[A-Za-z0-9._%+-]{1,64}@`, 'gu'),
    accept: (v: string, text: string, index: number): boolean =>
      looksLikePersonName(v, false) && /(?:ADMINS|MANAGERS)=/.test(lineAround(text, index)),
    source: 'django-environ ADMINS/MANAGERS (name:email pairs)',
  },
  {
    name: 'jdbc-realm-connection-name',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['connectionname='],
    // Tomcat `JDBCRealm`/`DataSourceRealm` `connectionName="…"`: the database login the realm connects with
    re: /\bconnectionName="([^"\s]{1,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Apache Tomcat JDBCRealm attributes (connectionName, connectionPassword)',
  },
  {
    name: 'ruby-hash-username',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: [':username=>', ':username =>', ':user=>', ':user =>'],
    // a Ruby hash printed by `pp`/`inspect` (`{:adapter=>"postgresql", :username=>"crm_rw", …}`)
    re: /:(?:username|user)[ \t]*=>[ \t]*"([^"\s]{1,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Rails database configuration printed as a Ruby hash (rails runner pp)',
  },
  {
    name: 'base64-bcrypt-after-login',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: [' jdjhjd', ' jdjyjd', ' jdj5jd', ' jdjijd'],
    // … and the base64 of a bcrypt hash (`JDJhJDE0…` is `$2a$14…`), which Caddy's `basic_auth` accepted in place of it
    re: /^[ \t]+[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}[ \t]+(JDJ[hiy5]JD[A-Za-z0-9+/]{20,120}={0,2})[ \t]*\r?$/gm,
    source: 'Caddy basic_auth directive (caddyserver.com/docs/caddyfile/directives/basic_auth)',
  },
  {
    name: 'json-header-array-key',
    category: 'APIKEY',
    priority: 80,
    group: 1,
    anchors: [
      '"x-api-key"',
      '"api-key"',
      '"apikey"',
      '"x-auth-token"',
      '"x-api-token"',
      '"private-token"',
      '"x-access-token"',
    ],
    // a request header set as a JSON list of values (Caddy's admin API `"headers": {"request": {"set": {"X-Api-Key":
    // ["…"]}}}`, Envoy and Traefik JSON dumps)
    re: /"(?:x-api-key|api-key|apikey|x-auth-token|x-api-token|private-token|x-access-token)"[ \t]*:[ \t]*\[\s{0,200}"((?:[^"\\\n]|\\.){8,1000})"/gi,
    accept: (v: string): boolean => plausibleSecretValue(v) && !v.startsWith('{'),
    source: 'Caddy JSON config (http.handlers.headers request set), API key request headers',
  },
  {
    name: 'proxysql-admin-credentials',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['admin_credentials'],
    // ProxySQL `admin-admin_credentials` (`admin:pass;cluster:pass`, a `;`-separated list of login:password pairs), as
    // `global_variables` prints it and as proxysql.cnf sets it (`admin_credentials="…"`)
    re: /admin[-_]admin_credentials["']?[ \t]*(?:\|[ \t]*|=[ \t]*"?|,[ \t]*')([^\s:;|"']{1,64}:[^\s;|"']{1,128}(?:;[^\s:;|"']{1,64}:[^\s;|"']{1,128}){0,8})/g,
    source:
      'ProxySQL admin variables (admin-admin_credentials, proxysql.com/documentation/global-variables/admin-variables)',
  },
  {
    name: 's3fs-passwd-secret',
    category: 'APIKEY',
    priority: 88,
    group: 1,
    anchors: ['akia', 'asia'],
    notAfter: /[A-Za-z0-9]/,
    // s3fs `/etc/passwd-s3fs` and `~/.passwd-s3fs` (`ACCESS_KEY_ID:SECRET_ACCESS_KEY`, also `bucket:ID:SECRET`): the
    // secret half after an AWS access key id
    re: /(?:AKIA|ASIA)[A-Z0-9]{16}:([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/g,
    source: 's3fs-fuse password file format (github.com/s3fs-fuse/s3fs-fuse, passwd-s3fs)',
  },
  {
    name: 'ssh-key-comment-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['ssh-ed25519 aaaa', 'ssh-rsa aaaa', 'ecdsa-sha2-nistp', 'sk-ssh-ed25519'],
    // the comment of a public key (`authorized_keys`, `ssh-add -L`) that is its owner's name: `ssh-ed25519 AAAA… Jane
    // Doe (laptop)`
    re: new RegExp(
      `(?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp\\d{3}|sk-ssh-ed25519@openssh\\.com) AAAA[A-Za-z0-9+/]{20,1000}={0,3} ${NAME_WORDS}(?:[ \\t]+\\([^()\\n]{0,40}\\))?[ \\t]*\\r?$`,
      'gmu',
    ),
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'OpenSSH authorized_keys(5) key comments',
  },
  {
    name: 'sudo-list-host',
    category: 'HOST',
    priority: 56,
    group: 1,
    keywords: ['matching defaults entries for', 'may run the following commands on'],
    // `sudo -l`: `Matching Defaults entries for jdoe on web-03:`, `User jdoe may run the following commands on web-03:`
    re: /\b(?:Matching Defaults entries for \S{1,64} on|may run the following commands on) ([A-Za-z0-9][A-Za-z0-9.-]{0,252}):/g,
    // (a role and a number, `srv01`, `app01`, names no one, nor does a cloud's default droplet name,
    // `ubuntu-s-2vcpu-4gb-fra1-01`)
    accept: (v: string): boolean =>
      v !== 'localhost' && !/^(?:this|the)$/i.test(v) && !genericRoleHost(v) && !DEFAULT_DROPLET_NAME.test(v),
    source: 'sudo(8) -l output',
  },
  {
    name: 'sudo-list-runas-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['nopasswd:', ') /', ') passwd:'],
    // … and the account a rule runs commands as (`    (appsvc) NOPASSWD: /srv/app/bin/console`)
    re: /^[ \t]{2,8}\(([A-Za-z0-9_][A-Za-z0-9._-]{0,31})(?:[ \t]*:[ \t]*[A-Za-z0-9_.-]{1,32})?\)[ \t]+(?:(?:NOPASSWD|PASSWD|SETENV|NOEXEC):[ \t]*)*\//gm,
    accept: (v: string): boolean => v !== 'ALL' && !isSystemAccount(v),
    source: 'sudo(8) -l output (runas specification)',
  },
  {
    name: 'connected-to-database-as',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['connected to database', 'connected to db'],
    // an application's start-up line: `connected to database db1:5432 as portal_rw`
    re: /\bconnected to (?:database|db)\b[^\n]{0,120}? as ([A-Za-z0-9_][A-Za-z0-9._@-]{0,63})(?![A-Za-z0-9._@-])/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'application start-up log lines (database login)',
  },
  {
    name: 'gh-auth-status-account',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['logged in to '],
    // `gh auth status`: `✓ Logged in to github.com account jdoe (keyring)` (older: `… as jdoe`); `glab auth status`
    re: /\bLogged in to [A-Za-z0-9.-]{1,253}(?::\d{1,5})? (?:account|as) ([A-Za-z0-9_][A-Za-z0-9._-]{0,63})(?![A-Za-z0-9._-])/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'GitHub CLI gh auth status, GitLab CLI glab auth status',
  },
  ...loginAndSecret({
    name: 'bundler-source-credentials',
    // Bundler credentials for a gem source: `BUNDLE_RUBYGEMS__EXAMPLE__COM: "user:pass"` (.bundle/config) and `bundle
    // config` printing `Set for your local app (…/.bundle/config): "user:pass"`
    re: '(?:BUNDLE_[A-Z0-9_]{3,200}:[ \\t]+|\\.bundle/config\\): )"([^":\\s]{1,64}):([^"\\s]{1,256})"',
    secret: { category: 'PASSWORD', priority: 80 },
    keywords: ['bundle_', '.bundle/config): "'],
    source: 'Bundler configuration (bundler.io/v2.5/man/bundle-config.1.html, credentials for gem sources)',
  }),
  {
    name: 'git-log-author-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [' ago : ', ' ago) ', ' ago, ', ' mon ', ' tue ', ' wed ', ' thu ', ' fri ', ' sat ', ' sun '],
    // `git log --format='%h - %an, %ar : %s'` (and `%h %an (%ar)`): the author's name before a relative date; and
    // before the default `%ad` date (`--format='%H %an %ad'`: `2ca113d… Deepika Chatterjee Tue Sep 24 23:16:35 2024`)
    re: new RegExp(
      `^[0-9a-f]{7,40} (?:- )?${NAME_WORDS}(?:(?:, | \\()\\d{1,4} (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago| (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}\\d{1,2} \\d\\d:\\d\\d:\\d\\d \\d{4})`,
      'gmu',
    ),
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'git-log(1) pretty formats (%an author name, %ar relative date)',
  },
  {
    name: 'git-blame-author-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [' +0', ' +1', ' -0', ' -1'],
    lineGate: /\^?[0-9a-f]{7,40} /y,
    // `git blame`'s default format: the commit, the file name when it differs, then the author's name, padded, before
    // the author date and the line number (`^bf12918 (Anna Meyer   2022-06-09 05:58:49 +0000  1) …`)
    re: new RegExp(
      `^\\^?[0-9a-f]{7,40} (?:[^\\s(]{1,200} {1,4})?\\(${NAME_WORDS} {1,40}\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4} {1,8}\\d{1,7}\\)`,
      'gmu',
    ),
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'git-blame(1) default output (commit, author name, author date, line number)',
  },
  {
    name: 'docker-credential-list-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['docker.io', '/v2/'],
    // `docker-credential-<helper> list`: a JSON map of registry URL → login
    re: /"https?:\/\/[^"\s]{1,253}"[ \t]*:[ \t]*"([A-Za-z0-9_][A-Za-z0-9._@-]{0,63})"/g,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) && /"https?:\/\/(?:index\.)?docker\.io\/v1\/"|\/v2\/"/.test(lineAround(text, index)),
    source: 'docker-credential-helpers list output (registry → username)',
  },
  {
    name: 'card-holder-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['holder '],
    // a payment log naming the card holder in prose (`capture failed for card … (exp 12/30, holder Jane Doe)`)
    re: new RegExp(`\\b(?:card ?)?holder:? ${NAME_WORDS}(?=[),;]|\\r?$)`, 'gmu'),
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'payment and order logs (card holder names)',
  },
  {
    name: 'person-folder-name',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: PERSON_FOLDERS.flatMap((f) => [`${f}/`, `${f}\\`]),
    // one folder per person under a folder of people (`Personalakten/Jane Doe/Arbeitsvertrag.pdf` in `smbstatus`,
    // `C:\Users\Jane Doe\`, `students/Jane Doe/`): a name of two or more words as the whole folder name
    re: new RegExp(`(?<![\\w.-])(?:${PERSON_FOLDERS.join('|')})[/\\\\]${NAME_WORDS}(?=[/\\\\])`, 'giu'),
    accept: (v: string): boolean => !v.includes('\t') && looksLikePersonName(v, true),
    source: 'corpus README PERSON_NAME (names in file paths: per-person folders of HR, school and customer shares)',
  },
  {
    name: 'quoted-guest-name',
    category: 'PERSON',
    priority: 60,
    group: 2,
    keywords: [
      "guest '",
      'guest "',
      "customer '",
      'customer "',
      "passenger '",
      'passenger "',
      "patient '",
      'patient "',
    ],
    // a hotel interface or order log quoting the person it acts for (`Posting 313.66 EUR to room 130 folio 11202 guest
    // 'João Araújo' - OK`, Oracle OPERA interface logs)
    re: new RegExp(`\\b(?:guest|customer|passenger|patient)[ \\t]{1,4}(['"])${NAME_WORDS}\\1`, 'giu'),
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'corpus README PERSON_NAME (hotel PMS interface and order logs)',
  },
  {
    name: 'emv-cardholder-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['cardholder name', '5f20'],
    // the cardholder name as the chip or track 1 carries it, `SURNAME/GIVEN` in capitals (EMV Book 3 tag 5F20,
    // ISO/IEC 7813 track 1): `5F20 Cardholder name: DESHPANDE/ARJUN`
    re: /\b(?:5F20\b[^:=\n]{0,24}|Cardholder[ _]?name[ \t]*)[:=][ \t]*["']?([A-Z][A-Z'-]{0,25}(?: [A-Z][A-Z'-]{0,25}){0,2}\/[A-Z][A-Z'.-]{0,25}(?: [A-Z][A-Z'.-]{0,25}){0,2})/gi,
    source: 'EMV Book 3 (tag 5F20 Cardholder Name), ISO/IEC 7813 track 1 name field',
  },
  {
    name: 'smbpasswd-login',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: [':lct-'],
    // Samba's smbpasswd file and `pdbedit -L -w`: `login:uid:LM hash:NT hash:[flags]:LCT-<hex time>:` (smbpasswd(5))
    re: /^([A-Za-z0-9._$-]{1,64}):\d{1,10}:(?:[0-9A-F]{32}|X{32}|NO PASSWORDX{21}):(?:[0-9A-F]{32}|X{32}|NO PASSWORDX{21}):\[[A-Z ]{11}\]:LCT-[0-9A-F]{8}:/gm,
    accept: (v: string): boolean => !isSystemAccount(v) && !v.endsWith('$'),
    source: 'smbpasswd(5) file format (Samba)',
  },
  {
    name: 'smbpasswd-hash',
    category: 'PASSWORD',
    priority: 85,
    group: 1,
    keywords: [':lct-'],
    // the LM and NT hashes of the same lines: each is a password equivalent (pass-the-hash); `X` × 32 is none
    re: /(?<=^[A-Za-z0-9._$-]{1,64}:\d{1,10}:(?:[0-9A-F]{32}:|X{32}:|NO PASSWORDX{21}:)?)([0-9A-F]{32})(?=:(?:[0-9A-F]{32}|X{32}|NO PASSWORDX{21}|\[[A-Z ]{11}\]))/gm,
    source: 'smbpasswd(5) file format (Samba): LANMAN and NT password hashes',
  },
  {
    name: 'owner-named-person',
    category: 'PERSON',
    priority: 59,
    group: 1,
    keywords: ['owner '],
    // a share, volume or asset described by its owner (`comment = Finance share - owner Jane Doe` in smb.conf)
    re: new RegExp(`\\b[Oo]wner:?[ \\t]{1,4}${NAME_WORDS}(?=[ \\t]*(?:\\r?$|[,;)(]))`, 'gmu'),
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'corpus README PERSON_NAME (owners named in share and asset descriptions)',
  },
  {
    name: 'proxmox-token-secret',
    category: 'TOKEN',
    priority: 82,
    group: 1,
    anchors: ['"tokenid"'],
    // `pveum user token add` / `proxmox-backup-manager user generate-token` print the token's secret once, under its id
    // (`"tokenid": "backup@pbs!pve02",` then `"value": "<uuid>"`)
    re: /"tokenid"[ \t]*:[ \t]*"[^"\n]{1,160}",?\s{0,40}"value"[ \t]*:[ \t]*"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/g,
    source: 'Proxmox VE and Proxmox Backup Server API token creation output (pveum(1), proxmox-backup-manager(1))',
  },
  {
    name: 'proxmox-backup-encryption-key',
    category: 'PRIVKEY',
    priority: 90,
    group: 1,
    anchors: ['"kdf"'],
    // a Proxmox Backup client encryption key file (`/etc/pve/priv/storage/<id>.enc`, `proxmox-backup-client key
    // create`): JSON whose `"data"` is the key itself, base64
    re: /"kdf"[ \t]*:[ \t]*(?:null|\{[^{}]{0,600}\})[^{}]{0,400}?"data"[ \t]*:[ \t]*"([A-Za-z0-9+/]{20,400}={0,2})"/g,
    source: 'Proxmox Backup Server client encryption key files (pbs.proxmox.com docs, "Encryption")',
  },
  {
    name: 'vault-unseal-key',
    category: 'APIKEY',
    priority: 88,
    group: 1,
    keywords: ['unseal key '],
    // `vault operator init` prints each unseal key share once (`Unseal Key 1: <base64>`; `-format=json` is left to the
    // JSON readers)
    re: /^Unseal Key \d{1,2}:[ \t]{1,4}([A-Za-z0-9+/]{20,200}={0,2})[ \t]*\r?$/gm,
    source: 'HashiCorp Vault `operator init` output (developer.hashicorp.com/vault/docs/commands/operator/init)',
  },
  {
    name: 'kubeadm-bootstrap-token',
    category: 'TOKEN',
    priority: 84,
    group: 1,
    keywords: ['bootstrappers', '--token', 'kubeadm'],
    // a bootstrap token, `[a-z0-9]{6}.[a-z0-9]{16}` (kubernetes.io "Authenticating with Bootstrap Tokens"): in
    // `kubeadm token list` rows, `kubeadm join --token`, `kubeadm init` output and join configurations
    re: /(?<![\w.-])([a-z0-9]{6}\.[a-z0-9]{16})(?![\w.-])/g,
    accept: (v: string): boolean => /[0-9]/.test(v) && /[a-z]/.test(v.slice(7)),
    source: 'Kubernetes bootstrap token format (kubernetes.io/docs/reference/access-authn-authz/bootstrap-tokens)',
  },
  {
    name: 'consul-acl-secret-id',
    category: 'TOKEN',
    priority: 84,
    group: 1,
    keywords: ['secretid'],
    // a Consul ACL token's secret (`consul acl token read`/`create`, `acl bootstrap`: `SecretID:  <uuid>`, and the API's
    // `"SecretID": "<uuid>"`); its `AccessorID` is the public handle and stays
    re: /\bSecretID"?[ \t]*:[ \t]*"?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])/g,
    source: 'HashiCorp Consul ACL tokens (developer.hashicorp.com/consul/commands/acl/token)',
  },
  ...loginAndSecret({
    name: 'scheme-without-colon-url',
    // a connection URL missing the `:` after its scheme, echoed by the parser that refused it (SQLAlchemy: `Could not
    // parse rfc1738 URL from string 'mysql+pymysql//user:pw@host/db'`): its credentials are still in it
    re: '\\b[a-z][a-z0-9+.-]{1,30}//([A-Za-z0-9._%-]{1,64}):([^\\s\'"/]{1,128}?)@[A-Za-z0-9.[\\]-]{1,253}(?=[:/\'"\\s]|$)',
    // (the scheme's end, not `//` alone: a run of slashes would hit at every position)
    keywords: [
      'sql//',
      'postgres//',
      'psycopg2//',
      'asyncpg//',
      'pg8000//',
      'mysqldb//',
      'mysqlconnector//',
      'oracle//',
      'oracledb//',
      'pyodbc//',
      'redis//',
      'rediss//',
      'mongodb//',
      'amqp//',
      'amqps//',
      'ldap//',
      'ldaps//',
      'ftp//',
      'smtp//',
      'http//',
      'https//',
    ],
    source: 'SQLAlchemy ArgumentError messages (RFC 1738 URL parse failures echoing the string)',
  }),
  {
    name: 'login-call-password',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ['.login('],
    // a password passed in code to a login call (Python smtplib/imaplib/ftplib `server.login("user", "pw")`), as a
    // traceback's source line or a script shows it
    re: /\.login\([ \t]{0,4}(?:"[^"\n]{1,128}"|'[^'\n]{1,128}')[ \t]{0,4},[ \t]{0,4}["']([^"'\n]{1,128})["'][ \t]{0,4}\)/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'Python smtplib/imaplib/ftplib login(user, password) calls',
  },
  {
    name: 'echo-to-sudo-password',
    category: 'PASSWORD',
    priority: 78,
    group: 2,
    keywords: ['sudo -s', 'sudo --stdin'],
    // a password piped to `sudo -S` (it reads the password from standard input): `echo 'pw' | sudo -S systemctl …`
    re: /\b(?:echo|printf(?:[ \t]+'%s\\n')?)[ \t]+(?:-[neE][ \t]+)?(["']?)([^\s"'|]{1,128})\1[ \t]*\|[ \t]*sudo[ \t]+(?:-[A-Za-z]{1,4}[ \t]+){0,4}(?:-S|--stdin)\b/g,
    accept: (v: string): boolean => plausibleSecretValue(v) && !v.startsWith('$'),
    source: 'sudo(8) -S (--stdin): the password read from standard input',
  },
  {
    name: 'wp-cli-user-create',
    category: 'USER',
    priority: 57,
    group: 2,
    keywords: ['wp user create'],
    // WP-CLI's `wp user create <user-login> <user-email>` (developer.wordpress.org/cli/commands/user/create)
    re: /\bwp user create[ \t]+(["']?)([A-Za-z0-9._@-]{1,60})\1(?=[ \t]|$)/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'WP-CLI `wp user create <user-login> <user-email>`',
  },
  {
    name: 'spring-started-by-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['started by '],
    // Spring Boot's startup line names the account that started the JVM: `… with PID 20340 (/srv/app.jar started by
    // jdoe in /srv/app)`
    re: /\bstarted by ([A-Za-z0-9._-]{1,64}) in [/~.A-Za-z]/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Spring Boot StartupInfoLogger ("Starting … with PID … started by <user> in <dir>")',
  },
  {
    name: 'prisma-credentials-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['credentials for `'],
    // Prisma's P1000 error: `the provided database credentials for \`app_user\` are not valid`
    re: /\bcredentials for `([A-Za-z0-9._@-]{1,64})` are not valid/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Prisma error P1000 (prisma.io/docs/orm/reference/error-reference)',
  },
  {
    name: 'sudoers-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['defaults:', ' all=', ' all =', '\tall='],
    // sudoers(5): per-user defaults (`Defaults:jdoe !requiretty`) and user specifications (`jdoe ALL=(svc) NOPASSWD: …`);
    // `%group` and `User_Alias` names (capitals) are not logins
    re: /^[ \t]*(?:Defaults:|(?=[a-z_][a-z0-9._-]{0,31}[ \t]+(?:ALL|[A-Z][A-Z0-9_]{0,30}|[a-z0-9.-]{1,63})[ \t]*=[ \t]*(?:\(|[A-Z]{2,}[:( ]|\/)))([a-z_][a-z0-9._-]{0,31})(?=[ \t,]|$)/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'sudoers(5) Defaults_Entry and User_Spec',
  },
  {
    name: 'device-owner-description',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['laptop ', 'notebook ', 'desktop ', 'macbook', 'iphone ', 'ipad ', 'workstation ', 'tablet '],
    // a device described by its user in a DHCP reservation or an address object (pfSense/OPNsense `<descr><![CDATA[Laptop
    // Jane Doe]]></descr>`, `description "MacBook Jane Doe"`, `comment=iPhone Jane Doe`)
    re: new RegExp(
      `(?:<descr>(?:<!\\[CDATA\\[)?|\\b(?:descr|description|comments?)["']?[ \\t]*[:=]?[ \\t]*["']?)(?:Laptop|Notebook|Desktop|MacBook(?: Pro| Air)?|iPhone|iPad|Workstation|Tablet)[ \\t]+(?:(?:von|of|de|for)[ \\t]+)?${NAME_WORDS}(?=[ \\t]*(?:\\]\\]>|<|["',;)]|\\r?$))`,
      'gmu',
    ),
    // (a vendor and model is no person: `Laptop Dell Latitude`, `iPad Air`)
    accept: (v: string): boolean => looksLikePersonName(v, true) && !DEVICE_VENDOR_WORD.test(v),
    source: 'corpus README PERSON_NAME (device owners in DHCP reservations and address objects)',
  },
  {
    name: 'person-device-hostname',
    category: 'HOST',
    priority: 47,
    group: 1,
    keywords: [
      'pc-',
      'nb-',
      'wks-',
      'laptop-',
      'desktop-',
      'mbp-',
      'macbook-',
      'iphone-',
      'ipad-',
      'pc_',
      'nb_',
      'wks_',
    ],
    // a client device named by the convention `<kind>-<surname><n>` (`pc-kowalczyk1`, `NB-OKAFOR4`, `wks-sato7`): its
    // name carries its user's; common words after the prefix (`pc-reception`, `nb-loaner`) are no one's
    re: /(?<![\w.-])((?:pc|nb|wks|laptop|desktop|mbp|macbook|iphone|ipad)[-_][A-Za-z][A-Za-z]{2,30}\d{0,4})(?![\w-])/gi,
    accept: (v: string): boolean => !DEVICE_ROLE_WORD.test(v.slice(v.search(/[-_]/) + 1).replace(/\d+$/, '')),
    source: "corpus README HOSTNAME (client device names that carry a person's name)",
  },
  {
    name: 'windows-computer-name',
    category: 'HOST',
    priority: 47,
    group: 1,
    keywords: [
      'hostname:',
      'computer name:',
      'workstation name:',
      'source workstation:',
      'computername',
      'machinename',
      'termsrv/',
      'target=',
      '\\\\',
    ],
    // a Windows machine named by its NetBIOS name: a UNC path's server (`\\\\KEL-FS05\\backup$`), schtasks' `HostName:`,
    // the event log's `Workstation Name:` and `Caller Computer Name:`, `-ComputerName`, stored RDP credentials'
    // `TERMSRV/` and `target=`; a name with dots goes on to the host rules
    re: /(?:\\\\|\b(?:HostName|Caller Computer Name|Workstation Name|Source Workstation|Computer ?Name|MachineName)["']?[ \t]*[:=][ \t]*["']?|(?<![^\s(])-ComputerName[ \t]+|TERMSRV\/|target=)([A-Za-z][A-Za-z0-9-]{1,14})(?=\$?(?:[\\\s"',;:/]|$))/gi,
    accept: (v: string): boolean =>
      /[0-9-]/.test(v) && !isGenericWindowsName(v) && !genericRoleHost(v) && !/^(?:TERMSRV|MicrosoftOffice)/i.test(v),
    source:
      'Windows NetBIOS computer names (UNC paths, schtasks /v, Security event 4624/4625/4776 fields, cmdkey targets)',
  },
  {
    name: 'windows-event-data-user',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ["username'>", 'username">'],
    // a Security event as XML (`.ToXml()`, `wevtutil qe /f:xml`): `<Data Name='TargetUserName'>jdoe</Data>`
    re: /<Data Name=["'](?:Target|Subject|Member)UserName["']>([^<\s]{1,64})<\/Data>/g,
    accept: (v: string): boolean => v !== '-' && !isSystemAccount(v.replace(/\$$/, '')),
    source: 'Windows Security auditing event XML (EventData Data elements TargetUserName, SubjectUserName)',
  },
  {
    name: 'windows-event-data-host',
    category: 'HOST',
    priority: 47,
    group: 1,
    keywords: ["domainname'>", 'domainname">', "workstationname'>", 'workstationname">'],
    re: /<Data Name=["'](?:TargetDomainName|SubjectDomainName|WorkstationName)["']>([A-Za-z][A-Za-z0-9-]{1,14})<\/Data>/g,
    accept: (v: string): boolean => !isGenericWindowsName(v),
    source: 'Windows Security auditing event XML (TargetDomainName, SubjectDomainName, WorkstationName)',
  },
  {
    name: 'windows-event-account',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['account name:', 'logon account:'],
    // a Security event's message text (`Get-WinEvent … | Format-List`, Event Viewer): `Account Name:\t\tjdoe`; a machine
    // account (`WEB01$`) is the machine's name
    re: /^[ \t]*(?:Account Name|Logon Account):[ \t]+([A-Za-z0-9._@-]{1,64})(?=[ \t]*\r?$)/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Windows Security event message text (4624, 4625, 4740, 4776)',
  },
  {
    name: 'windows-event-domain',
    category: 'HOST',
    priority: 47,
    group: 1,
    keywords: ['account domain:', 'account name:'],
    // (a machine account named with its site or customer prefix, `TID-DC08$`; a bare `WS01$` names no one)
    re: /^[ \t]*(?:Account Domain:[ \t]+|Account Name:[ \t]+(?=[A-Za-z][A-Za-z0-9]{0,6}-[A-Za-z0-9-]{1,12}\$))([A-Za-z][A-Za-z0-9-]{1,14})\$?[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isGenericWindowsName(v),
    source: 'Windows Security event message text (Account Domain; machine accounts ending in $)',
  },
  ...loginAndSecret({
    name: 'nagios-check-command-credentials',
    // a Nagios/Icinga command's arguments carrying `user:password` (`check_command  check_http_auth!web01!/admin/!jdoe:pw`)
    re: '^[ \\t]*check_command[ \\t]+[^\\n;]{0,400}?!([A-Za-z0-9._@-]{2,64}):([^!\\s;]{3,128})(?=!|[ \\t]*(?:;|\\r?$))',
    keywords: ['check_command'],
    flags: 'm',
    source: 'Nagios object definitions (check_command arguments after `!`)',
  }),
  {
    name: 'magento-crypt-key',
    category: 'APPKEY',
    priority: 90,
    group: 1,
    anchors: ["'crypt'"],
    // Magento 2's `app/etc/env.php`: `'crypt' => ['key' => '<32 hex>']`, several keys one per line during a key
    // rotation, newer ones `base64…`
    re: /'crypt'[ \t]*=>[ \t]*(?:\[|array[ \t]*\()\s{0,40}'key'[ \t]*=>[ \t]*'([^'\\]{16,2000})'/g,
    source: 'Magento 2 app/etc/env.php crypt key (developer.adobe.com/commerce, "env.php reference")',
  },
  {
    name: 'yaml-account-list-login',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['- name:'],
    // a list of accounts in YAML (Ansible `mysql_users`, `users:` vars): an item's `name` is its login when the same item
    // holds its password (`- name: jdoe` / `host: "10.%"` / `password: "…"`); task names (`- name: Install nginx`) hold none
    re: /- name:[ \t]{0,4}["']?([a-z_][A-Za-z0-9._@-]{0,63})["']?[ \t]*\r?\n(?:[ \t]{2,40}[a-z_]{1,40}:[^\n]{0,200}\n){0,8}?[ \t]{2,40}(?:password|passwd|pass|password_hash|hashed_password|encrypted_password):/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Ansible account lists (community.mysql.mysql_user, ansible.builtin.user loops over vars)',
  },
  {
    name: 'mysql-grant-key-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ["%':", '%":', "localhost':", 'localhost":'],
    // a MySQL account written `'user@host'` as a hash key (Puppet `mysql::server::users`, hiera): `'jdoe@10.0.%':`
    re: /^[ \t]*['"]([a-z_][a-z0-9._-]{0,31})@(?:localhost|%|[0-9.%]{1,40}|[a-z0-9.%-]{1,253})['"][ \t]*:/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'puppetlabs-mysql `mysql::server::users` hash keys (user@host)',
  },
  {
    name: 'order-log-customer',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [' for ', ' to '],
    // an order log line addressing a customer: `label created for Jane Doe, 3 rue des Lilas`, `refunded 41.45 EUR to
    // Jane Doe, card ending 9157` (the name, a comma, then a street number or the card)
    re: new RegExp(`\\b(?:for|to) ${NAME_WORDS}, (?=\\d{1,5}[a-zA-Z]? |card )`, 'gu'),
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'order-processing logs (customer named before an address or a card)',
  },
  {
    name: 'payment-event-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [
      'declined for ',
      'refused for ',
      'refunded for ',
      'charged for ',
      'captured for ',
      'authorized for ',
      'authorised for ',
      'failed for ',
      'cancelled for ',
      'canceled for ',
      'renewed for ',
      'issued for ',
    ],
    // a payment, order or subscription event naming its customer: `card **** 4242 declined for Maximilian Schäfer`,
    // `refund issued for 王伟.` (the event's subject word earlier in the sentence, the name ending it)
    re: new RegExp(
      `\\b(?:card|payment|charge|transaction|refund|order|invoice|subscription|renewal|booking)\\b[^\\n"]{0,60}?[ \\t](?:declined|refused|refunded|charged|captured|authori[sz]ed|failed|cancell?ed|renewed|issued)[ \\t]for[ \\t]{1,4}${NAME_WORDS}(?=[ \\t]*(?:[.,;:)\\]'"\\\\]|\\r?$))`,
      'gmu',
    ),
    accept: (v: string): boolean => !namesNoPerson(v) && looksLikePersonName(v, true),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the customer a payment or order event in an application log names',
  },
  {
    name: 'querydict-password',
    category: 'PASSWORD',
    priority: 78,
    group: 1,
    keywords: ["password1'", "password2'", "password'", "passwd'", 'new_password'],
    // Django's `QueryDict` (and any dict of lists) printed in a log: `'password1': ['…']`
    re: /'(?:password\d?|passwd|new_password\d?|old_password|pwd)'[ \t]*:[ \t]*\[[ \t]*'((?:[^'\\\n]|\\.){1,256})'/g,
    source: 'Django QueryDict repr in logs (request.POST dumps)',
  },
  {
    name: 'querydict-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ["name': ['"],
    // … and the names in it (`'first_name': ['Aoife'], 'last_name': ['Ní Bhriain']`)
    re: /'(?:first_name|last_name|full_name|given_name|family_name|surname|display_name)'[ \t]*:[ \t]*\[[ \t]*'([^'\\\n]{1,100})'/g,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'Django QueryDict repr in logs (request.POST dumps)',
  },
  {
    name: 'quoted-name-before-email',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ["', '", '", "', "','"],
    // a list or tuple literal holding a name and then an address (Celery task args `[16597, 'Jane Doe', 'jane@…']`)
    re: new RegExp(
      `(?<=[[(,][ \\t]{0,4})['"]${NAME_WORDS}['"],[ \\t]*['"][A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,24}['"]`,
      'gu',
    ),
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'positional arguments in task and job logs (name, e-mail)',
  },
  {
    name: 'laravel-session-id-binding',
    category: 'TOKEN',
    priority: 61,
    group: 1,
    keywords: ['from `sessions`', 'sessionhandler'],
    // Laravel's QueryException prints bindings in place, unquoted (`select * from \`sessions\` where \`id\` = <id>`),
    // and its stack trace the same id cut to 15 characters (`DatabaseSessionHandler.php(96): …->find('<id>...')`)
    re: /from `sessions` where `id` = ([A-Za-z0-9]{16,128})\b|SessionHandler\.php\(\d{1,6}\): [^\n]{0,200}?->(?:find|read|destroy)\('([A-Za-z0-9]{8,128})(?:\.\.\.)?'\)/g,
    source: 'Laravel database session driver (sessions table ids) in QueryException messages and stack traces',
  },
  {
    name: 'aws-access-key-owner',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['accesskeymetadata', 'active', 'inactive'],
    // `aws iam list-access-keys`: the user a key belongs to, last in the text output (`ACCESSKEYMETADATA  AKIA…  date
    // Active  jdoe`) and in the table (`||  AKIA…  |  date  |  Active  |  jdoe  ||`, columns in alphabetical order)
    re: /^ACCESSKEYMETADATA\t\S{16,128}\t\S{10,40}\t(?:Active|Inactive)\t([A-Za-z0-9_+=,.@-]{1,64})[ \t]*\r?$|\|\|[ \t]+(?:AKIA|ASIA)[A-Z0-9]{16}[ \t]*\|[^|\n]{1,40}\|[ \t]*(?:Active|Inactive)[ \t]*\|[ \t]*([A-Za-z0-9_+=,.@-]{1,64})[ \t]*\|\|/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'AWS CLI iam list-access-keys (text and table output: AccessKeyId, CreateDate, Status, UserName)',
  },
  {
    name: 'ssm-parameter-path-secret',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['secret\t', 'token\t', 'password\t', 'passwd\t', 'key\t'],
    // `aws ssm get-parameters-by-path --query … --output text`: a parameter's path, a tab, its value; a path whose last
    // segment names a secret (`/app/prod/JWT_SECRET`, `/app/prod/TWILIO_AUTH_TOKEN`)
    re: /^\/[A-Za-z0-9_./-]{0,200}\/[A-Za-z0-9_.-]{0,60}(?:SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|APIKEY|PRIVATE_KEY)[A-Za-z0-9_]{0,30}\t([^\t\r\n]{6,4096})/gim,
    source: 'AWS SSM Parameter Store paths in CLI text output',
  },
  {
    name: 'azure-key-vault-secret-value',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['"value":'],
    // `az keyvault secret show`: the secret's `"value"` beside its `vault.azure.net/secrets/` id
    re: /"value":[ \t]{0,4}"((?:[^"\\\n]|\\.){1,4096})"/g,
    accept: (v: string, text: string): boolean => textHas(text, '.vault.azure.net/secrets/') && plausibleSecretValue(v),
    source: 'Azure CLI az keyvault secret show (id, value)',
  },
  {
    name: 'backblaze-b2-key-id',
    category: 'APIKEY',
    priority: 74,
    group: 1,
    keywords: ['b2_account_id', 'b2_application_key_id', 'b2_key_id', 'account'],
    // a Backblaze B2 application key's ID: 25 hex digits, the account ID's 12 then a run of zeros and a serial
    // (`0072971ac55200000000bea91`), after the B2 tools' variables or rclone's `account =` of a b2 remote; the pair
    // with its secret application key is the credential, and restic and the b2 CLI read it from these variables
    re: /(?:B2_ACCOUNT_ID|B2_APPLICATION_KEY_ID|B2_KEY_ID|\baccount)["']?[ \t]{0,4}[=:][ \t]{0,4}["']?([0-9a-f]{12}0{5,10}[0-9a-f]{3,8}|00[0-9a-f]{23})(?![0-9A-Za-z])/gi,
    // (or any 25 hex digits that start `00`, as application key IDs do)
    accept: (v: string): boolean => v.length === 25,
    source:
      'Backblaze B2 application keys (backblaze.com/docs/cloud-storage-application-keys); rclone b2 backend `account`; restic B2_ACCOUNT_ID',
  },
  {
    name: 'ec2-password-data',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['"passworddata"'],
    // `aws ec2 get-password-data [--priv-launch-key …]`: the Windows Administrator password (decrypted), or its
    // encrypted base64 form, in `"PasswordData"` (a CamelCase suffix the key/value rule does not read as a key)
    re: /"PasswordData"[ \t]{0,4}:[ \t]{0,4}"((?:[^"\\\n]|\\.){1,4096})"/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source:
      'AWS CLI ec2 get-password-data output (docs.aws.amazon.com/cli/latest/reference/ec2/get-password-data.html)',
  },
  {
    name: 'oci-user-description-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['"description":'],
    // `oci iam user list/get`: a user's `"description"`, which the console fills with the person's name
    re: new RegExp(`"description":[ \\t]{0,4}"${NAME_WORDS}"`, 'gu'),
    accept: (v: string, text: string): boolean => looksLikePersonName(v, true) && textHas(text, 'ocid1.user.'),
    source: 'OCI CLI iam user list/get (description of a user)',
  },
  {
    name: 'nats-auth-error-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['authentication error - user "'],
    // nats-server: `[ERR] 10.0.0.5:36248 - cid:15 - authentication error - User "jdoe"`
    re: /\bauthentication error - User "([^"\s]{1,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'NATS server log (authentication error lines)',
  },
  {
    name: 'pulsar-permission-role',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['"produce"', '"consume"'],
    // `pulsar-admin namespaces permissions`: a JSON map of role → granted actions (`"billing-worker" : [ "consume" ]`)
    re: /"([A-Za-z0-9_.@-]{2,64})"[ \t]{0,4}:[ \t]{0,4}\[[ \t]{0,4}"(?:produce|consume|functions|sources|sinks|packages)"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Apache Pulsar pulsar-admin namespaces/topics permissions (role → AuthAction list)',
  },
  {
    name: 'openvpn-verify-cn',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['verify ok: depth=0'],
    // OpenVPN's server log: the client certificate's common name, which names the user (`VERIFY OK: depth=0, CN=jdoe`);
    // later lines prefix it (`jdoe/10.0.0.5:1194 …`, `[jdoe] Peer Connection Initiated`), found as a learned value
    re: /\bVERIFY OK: depth=0, CN=([^,\s/]{1,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== 'server',
    source: 'OpenVPN server log (tls verify of the client certificate)',
  },
  {
    name: 'fortios-user-comment-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['set comments "'],
    // FortiOS `config user local` / `config system admin` entries: `set comments "Jane Doe"`, the person behind the account
    re: new RegExp(`^[ \\t]{0,16}set comments "${NAME_WORDS}"[ \\t]*\\r?$`, 'gmu'),
    accept: (v: string, text: string): boolean =>
      looksLikePersonName(v, true) && (textHas(text, 'config user local') || textHas(text, 'config system admin')),
    source: 'FortiOS CLI reference (config user local, config system admin: comments)',
  },
  {
    name: 'unifi-admin-name',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['"name" :', '"name":'],
    // a UniFi controller's `db.admin` documents (`"name" : "jdoe"` beside `"x_shadow"`, the password hash)
    re: /"name"[ \t]{0,2}:[ \t]{0,2}"([A-Za-z0-9_][A-Za-z0-9._@-]{0,63})"/g,
    accept: (v: string, text: string): boolean => !isSystemAccount(v) && textHas(text, '"x_shadow"'),
    source: 'UniFi Network controller MongoDB admin collection (name, x_shadow)',
  },
  {
    name: 'unifi-system-cfg-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['users.'],
    // a UniFi device's `/tmp/system.cfg`: `users.1.name=<device ssh login>`
    re: /^users\.\d{1,3}\.name=([A-Za-z0-9_][A-Za-z0-9._@-]{0,63})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'UniFi/airOS system.cfg (users.N.name)',
  },
  {
    name: 'unifi-mgmt-key',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    keywords: ['x_mgmt_key'],
    // the key a UniFi device and its controller share (`"x_mgmt_key" : "<32 hex>"`, `mgmt.authkey=` on the device)
    re: /"x_mgmt_key"[ \t]{0,2}:[ \t]{0,2}"([0-9a-f]{32})"/g,
    source: 'UniFi Network controller device documents (x_mgmt_key)',
  },
  {
    name: 'rails-active-record-encryption-key',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    keywords: ['active_record_encryption_'],
    // Rails 7 Active Record encryption keys as environment variables (Mastodon's `.env.production`:
    // `ACTIVE_RECORD_ENCRYPTION_PRIMARY_KEY`, `…_DETERMINISTIC_KEY`, `…_KEY_DERIVATION_SALT`)
    re: /ACTIVE_RECORD_ENCRYPTION_(?:PRIMARY_KEY|DETERMINISTIC_KEY|KEY_DERIVATION_SALT)[ \t]*[=:][ \t]*["']?([^\s"']{8,512})/g,
    source: 'Rails Active Record encryption configuration (guides.rubyonrails.org/active_record_encryption.html)',
  },
  {
    name: 'moodle-password-salt',
    category: 'APIKEY',
    priority: 82,
    group: 1,
    keywords: ['$cfg->passwordsalt'],
    // Moodle `config.php`: `$CFG->passwordsaltmain = '…'` (and the older `passwordsalt1`…), the pepper of its hashes
    re: /\$CFG->passwordsalt(?:main|alt\d{1,2}|\d{0,2})[ \t]*=[ \t]*'((?:[^'\\\n]|\\.){4,512})'/g,
    source: 'Moodle config.php password salts',
  },
  // Jetty realm.properties (`user: OBF:1v2j1uum…,role`, `MD5:…`, `CRYPT:…`; eclipse.dev/jetty HashLoginService)
  ...loginAndSecret({
    name: 'jetty-realm',
    re: '^[ \\t]*([A-Za-z_][A-Za-z0-9._@-]{0,63})[ \\t]*[:=][ \\t]*(?:OBF|MD5|CRYPT):([A-Za-z0-9./$]{4,512})',
    flags: 'm',
    login: { category: 'USER', priority: 57 },
    secret: { category: 'PASSWORD', priority: 80 },
    keywords: ['obf:', 'md5:', 'crypt:'],
    source: 'Jetty HashLoginService realm.properties (username: credential[,role …])',
  }),
  // a plain credential in the same files (`billing-ingest: billing-ingest@2022, user`: ActiveMQ's jetty-realm.properties,
  // Karaf's users.properties `login = password, _g_:admingroup`): told from other `key: value, word` lines by the role
  // that follows and a password that is more than letters
  ...loginAndSecret({
    name: 'realm-properties-plain',
    re: `^([a-z_][A-Za-z0-9._@-]{0,63})[ \\t]*[:=][ \\t]*(?!(?:OBF|MD5|CRYPT):)(?=[^\\s,]{0,255}[^A-Za-z\\s,])([^\\s,]{1,256})[ \\t]*,[ \\t]*(?:${REALM_ROLE})(?:[ \\t]*,[ \\t]*[A-Za-z_][A-Za-z0-9_:-]{0,40}){0,16}[ \\t]*\\r?$`,
    flags: 'm',
    secret: { category: 'PASSWORD', priority: 80 },
    keywords: REALM_ROLE_KEYWORDS,
    source: 'Jetty HashLoginService realm.properties, Apache Karaf etc/users.properties (username: password[,role …])',
  }),
  {
    name: 'anaconda-channel-token',
    category: 'TOKEN',
    priority: 85,
    group: 1,
    keywords: ['anaconda.'],
    // an Anaconda token in a channel URL (`https://conda.anaconda.org/t/<token>/<channel>`, anaconda.org docs "tokens")
    re: /anaconda\.(?:org|com|cloud)\/t\/([A-Za-z0-9-]{16,80})\//g,
    source: 'Anaconda.org token channel URLs (/t/<token>/)',
  },
  {
    name: 'db2-authorization-id',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['authorization id'],
    // `db2 connect` prints the session's login: ` SQL authorization ID   = EMBTWEB`; `db2 attach` the instance's
    // (` Authorization ID       = FVANDIJK` under `Instance Attachment Information`)
    re: /\b(?:SQL )?authorization ID[ \t]*=[ \t]*([A-Za-z0-9._@$#-]{1,64})/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'IBM Db2 CONNECT and ATTACH output (SQL authorization ID, Authorization ID)',
  },
  {
    name: 'db2-local-application-id',
    category: 'USER',
    priority: 56,
    group: 1,
    anchors: ['*local.'],
    // a local connection's application id names the connecting login between `*LOCAL.` and its timestamp
    // (`*LOCAL.jdoe.240913175740` in `list applications`, `db2pd -applications`); usually the instance owner
    re: /\*LOCAL\.([A-Za-z0-9_$#@]{1,30})\.\d{12}(?!\d)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'IBM Db2 application ids (`*LOCAL.<login>.<timestamp>`, Db2 docs "appl_id monitor element")',
  },
  // Db2 CLP `connect to <db> user <login> using <password>` (and `attach to <node> …`), in scripts, shell history and
  // `bash -x` traces; CLP keywords are case-insensitive
  ...loginAndSecret({
    name: 'db2-connect-using',
    re: '\\b(?:connect|attach)[ \\t]+to[ \\t]+[A-Za-z0-9_]{1,18}[ \\t]+user[ \\t]+([A-Za-z0-9_.@$#-]{1,128})[ \\t]+using[ \\t]+(?:\'([^\'\\n]{1,256})\'|"([^"\\n]{1,256})"|([^\\s;\'"]{1,256}))',
    flags: 'i',
    keywords: ['using'],
    source: 'IBM Db2 CLP CONNECT TO … USER … USING and ATTACH TO … USER … USING',
  }),
  {
    name: 'oracle-wallet-username-entry',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['oracle.security.client.'],
    // `mkstore -viewEntry oracle.security.client.username3` prints `oracle.security.client.username3 = <login>`
    re: /oracle\.security\.client\.(?:default_)?username\d*[ \t]*=[ \t]*([A-Za-z0-9_.@$#-]{1,128})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Oracle mkstore -viewEntry (secure external password store entries)',
  },
  // `mkstore -createCredential <connect_string> <username> <password>` (and -modifyCredential)
  ...loginAndSecret({
    name: 'oracle-mkstore-credential',
    re: '-(?:create|modify)Credential[ \\t]+\\S{1,256}[ \\t]+([A-Za-z0-9_.@$#-]{1,128})[ \\t]+' + SHELL_ARGUMENT_SECRET,
    flags: 'i',
    keywords: ['credential'],
    source: 'Oracle mkstore -createCredential / -modifyCredential <connect_string> <username> <password>',
  }),
  // SAP HANA `hdbuserstore SET <key> <env> <user> <password>` (hdbuserstore's own commands are case-insensitive)
  ...loginAndSecret({
    name: 'hana-hdbuserstore-set',
    re:
      '\\bhdbuserstore(?:[ \\t]+-[A-Za-z]{1,4})*[ \\t]+SET[ \\t]+\\S{1,64}[ \\t]+\\S{1,512}[ \\t]+([A-Za-z0-9_.@$#-]{1,128})[ \\t]+' +
      SHELL_ARGUMENT_SECRET,
    flags: 'i',
    keywords: ['hdbuserstore'],
    source: 'SAP HANA hdbuserstore SET <KEY> <ENV> <USERNAME> <PASSWORD>',
  }),
  // Teradata BTEQ `.LOGON <tdpid>/<user>,<password>` (the password may be left to a prompt)
  ...loginAndSecret({
    name: 'teradata-bteq-logon',
    re: '^[ \\t]{0,8}\\.LOGON[ \\t]+(?:[A-Za-z0-9_.-]{1,253}\\/)?([A-Za-z0-9_$#@.-]{1,128}),[ \\t]*([^\\s;]{1,256})?',
    flags: 'im',
    keywords: ['.logon'],
    source: 'Teradata BTEQ .LOGON [tdpid/]username,[password]',
  }),
  {
    name: 'sql-create-user-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['create user', 'alter user'],
    // SAP HANA (and Exasol, Snowflake-style) `CREATE USER <name> PASSWORD "<password>"`, `ALTER USER … PASSWORD …`
    re: /\b(?:CREATE|ALTER)[ \t]+USER[ \t]+[A-Za-z0-9_$#"]{1,130}[ \t]+PASSWORD[ \t]*=?[ \t]*(?:"([^"\n]{1,256})"|'([^'\n]{1,256})'|([^\s;"']{1,256}))/gi,
    accept: (v: string): boolean => !/^(?:LIFETIME|NO|DISABLE|ENABLE)$/i.test(v),
    source: 'SAP HANA SQL reference CREATE USER … PASSWORD <password>, ALTER USER … PASSWORD',
  },
  {
    name: 'webmail-session-id',
    category: 'TOKEN',
    priority: 80,
    group: 1,
    keywords: ['in session '],
    // Roundcube's userlogins log: `Successful login for jdoe (ID: 97) from 10.0.0.5 in session <session id>`
    re: /\bin session ([A-Za-z0-9]{20,128})\b/g,
    source: 'Roundcube logs/userlogins.log (session id of a login)',
  },
  {
    name: 'webmail-login-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['login for '],
    re: /\b(?:Successful|Failed) login for ([A-Za-z0-9._+-]{1,64})(?= \(ID: \d{1,12}\) from | from )/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Roundcube logs/userlogins.log (Successful/Failed login for <user>)',
  },
  // Dovecot passwd-file lines: `user@domain:{SCHEME}password:uid:gid:gecos:home:…` (the password in the second field,
  // a plain one after `{PLAIN}`; the GECOS field is the person)
  {
    name: 'dovecot-passwd-file-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['}'],
    lineGate: /[^:\s]{1,320}:\{[A-Z0-9.-]{2,24}\}/y,
    re: DOVECOT_PASSWD_FILE_LINE,
    source: 'Dovecot passwd-file format (doc.dovecot.org, "Passwd-file")',
  },
  {
    name: 'dovecot-passwd-file-gecos',
    category: 'PERSON',
    priority: 60,
    group: 2,
    keywords: ['}'],
    lineGate: /[^:\s]{1,320}:\{[A-Z0-9.-]{2,24}\}/y,
    re: DOVECOT_PASSWD_FILE_LINE,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'Dovecot passwd-file format (doc.dovecot.org, "Passwd-file")',
  },
  {
    name: 'dovecot-passwd-file-home-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['}'],
    lineGate: /[^:\s]{1,320}:\{[A-Z0-9.-]{2,24}\}/y,
    // the mailbox's home, named for its login (`…:5000:5000::/var/mail/vhosts/example.com/alkhatibf::…`), which may
    // differ from the address's local part
    re: DOVECOT_PASSWD_FILE_HOME,
    accept: (v: string): boolean => !isSystemAccount(v) && /[a-z]/i.test(v),
    source: 'Dovecot passwd-file format (doc.dovecot.org, "Passwd-file"): the home field',
  },
  {
    name: 'nextcloud-user-list-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['  - '],
    lineGate: / {2}- [a-z0-9][a-z0-9._@-]{0,63}: /y,
    // `occ user:list` (Nextcloud/ownCloud): `  - <uid>: <display name>`, two blanks in; the display name must be a
    // person's (so `  - core:` app sections and settings with other values are passed over)
    re: new RegExp(`^  - ([a-z0-9][a-z0-9._@-]{0,63}): ${NAME_WORDS}\\r?$`, 'gmu'),
    accept: (v: string): boolean => !isSystemAccount(v) && !/^(?:display_?name|name|owner|author)$/.test(v),
    source: 'Nextcloud occ user:list (uid: display name)',
  },
  {
    name: 'nextcloud-user-list-name',
    category: 'PERSON',
    priority: 60,
    group: 2,
    keywords: ['  - '],
    // (an LDAP backend's uid is the directory entry's UUID, in capitals: `  - 3D4FCF52-4073-…: Jane Doe`)
    lineGate: / {2}- [A-Za-z0-9][A-Za-z0-9._@-]{0,63}: /y,
    re: new RegExp(`^  - ([A-Za-z0-9][A-Za-z0-9._@-]{0,63}): ${NAME_WORDS}\\r?$`, 'gmu'),
    accept: (v: string, text: string, index: number): boolean =>
      looksLikePersonName(v, true) && !/- (?:display_?name|name|owner|author): $/.test(text.slice(index - 24, index)),
    source: 'Nextcloud occ user:list (uid: display name)',
  },
  {
    name: 'healthchecks-ping-uuid',
    category: 'TOKEN',
    priority: 80,
    group: 1,
    keywords: ['hc-ping.com/'],
    // a Healthchecks.io check's ping URL is its credential: anyone holding it can report the job as up
    // (`https://hc-ping.com/<uuid>`, healthchecks.io docs "Pinging API")
    re: /\bhc-ping\.com\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])/gi,
    source: 'Healthchecks.io ping URLs (healthchecks.io/docs/http_api)',
  },
  {
    name: 'nextcloud-login-tokens',
    category: 'TOKEN',
    priority: 80,
    group: 1,
    anchors: ['- login_token:'],
    // `occ user:setting <uid>` lists the user's remembered-login tokens under `login_token:` as `<token>: <unix time>`
    re: /- login_token:\r?\n((?:[ \t]{2,12}- [A-Za-z0-9]{24,64}: \d{9,11}\r?\n?){1,64})/g,
    source: 'Nextcloud occ user:setting (login_token entries)',
  },
  {
    name: 'file-share-link-token',
    category: 'TOKEN',
    priority: 80,
    group: 1,
    keywords: ['/f/', '/d/', '/s/', '/seafhttp/'],
    // public share links: Seafile `/f/<20 hex>/` (file) and `/d/<20 hex>/` (folder), Nextcloud/ownCloud `/s/<token>`,
    // and Seafile's per-download access token in `/seafhttp/files/<token>/`
    re: /\/(?:[fd]\/([0-9a-f]{20})(?=[/?"\s]|$)|(?:index\.php\/)?s\/([A-Za-z0-9]{15,32})(?=[/?"\s]|$)|seafhttp\/(?:files|upload-api|update-api|zip)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))/g,
    source:
      'Seafile share links (/f/, /d/) and file server access tokens (/seafhttp/files/), Nextcloud public shares (/s/)',
  },
  {
    name: 'nextcloud-audit-share-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['the user '],
    // Nextcloud's admin_audit log: `… has been shared to the user \"pawelw\" with permissions …`
    re: /\bto the user \\?"([A-Za-z0-9._@-]{1,64})\\?"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Nextcloud admin_audit log (share messages)',
  },
  {
    name: 'borg-key-export',
    category: 'PRIVKEY',
    priority: 95,
    group: 1,
    anchors: ['borg_key '],
    // `borg key export`: `BORG_KEY <repository id>` then the repository key, base64 in lines of 76 (the key that,
    // with the passphrase, decrypts every archive)
    re: /BORG_KEY [0-9a-f]{64}\r?\n((?:[A-Za-z0-9+/]{4,100}={0,2}\r?\n?){1,80})/g,
    source: 'BorgBackup borg key export (keyfile format: BORG_KEY <id> + base64)',
  },
  {
    name: 'minio-user-list',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['enabled', 'disabled'],
    lineGate: /(?:en|dis)abled[ \t]/y,
    // `mc admin user list <alias>`: `<status>  <access key>  <policies>`
    re: /^(?:enabled|disabled)[ \t]+([A-Za-z0-9._@=,+-]{3,128})(?:[ \t]+[A-Za-z0-9_,:-]{1,512})?[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'MinIO client mc admin user list (status, access key, policy)',
  },
  {
    name: 'contact-name-before-phone',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['contact'],
    // a resource's description naming whom to call: `Description = "app server, contact Łukasz Wójcik +48 600 123 456"`
    re: new RegExp(`\\bcontact:?[ \\t]+${NAME_WORDS}(?=[ \\t,]{1,3}(?:\\+\\d|\\(?0\\d))`, 'gu'),
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'free-text contact notes in configuration descriptions (name before a phone number)',
  },
  {
    name: 's3-acl-grantee',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['acl:'],
    // `s3cmd info s3://…`: `ACL:       <owner display name>: FULL_CONTROL`
    re: /\bACL:[ \t]+([A-Za-z0-9._@+-]{1,64}): (?:FULL_CONTROL|READ_ACP|WRITE_ACP|READ|WRITE)\b/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^\*?anon/i.test(v),
    source: 's3cmd info (ACL grantee: permission)',
  },
  {
    name: 's3-acl-grantee-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['acl:'],
    // … whose display name is a person's (`ACL:       Jane Doe: FULL_CONTROL`)
    re: /\bACL:[ \t]+([^\s:*][^:\n]{1,80}?): (?:FULL_CONTROL|READ_ACP|WRITE_ACP|READ|WRITE)\b/g,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 's3cmd info (ACL grantee: permission)',
  },
  {
    name: 'access-key-listing',
    category: 'APIKEY',
    priority: 84,
    group: 1,
    keywords: ['access key:', 'accesskey:', 'access key id:'],
    // `s3cmd info`/`mc admin user info`/`mc admin user svcacct info` (`Access Key: 7GN2ZGBZ4AS44XLN49M7`): an S3-style
    // access key id, 16–40 upper-case letters and digits
    re: /^[ \t]{0,8}Access ?Key(?: ID)?:[ \t]+([A-Z0-9]{16,40})[ \t]*\r?$/gim,
    source: 's3cmd info and MinIO mc admin user info output',
  },
  {
    name: 's3cmd-attrs-owner',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['uname:', 'gname:'],
    // `x-amz-meta-s3cmd-attrs: …/gname:<group>/…/uname:<user>` (s3cmd --preserve stores the file's owner)
    re: /[/ ][ug]name:([A-Za-z0-9._-]{1,64})(?=\/|\s|$)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 's3cmd x-amz-meta-s3cmd-attrs (uname, gname of --preserve)',
  },
  {
    name: 'owner-of-device-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    // (keywords are ASCII: the typographic apostrophe is found through the model names)
    keywords: ["'s ", '&#39;s ', 'macbook', 'iphone', 'ipad', 'thinkpad', 'chromebook'],
    // a device named for its owner (`Ayşe's MacBook Pro` in Syncthing, DHCP leases, mDNS, MDM inventories)
    re: /(?<![\p{L}\p{M}])(\p{Lu}[\p{L}\p{M}-]{1,30})(?:'|&#39;|’)s (?:MacBook|iMac|Mac|iPhone|iPad|Laptop|Notebook|PC|Desktop|Phone|Pixel|Galaxy|ThinkPad|Surface|Chromebook|Watch|Tablet|Kindle)\b/gu,
    accept: (v: string): boolean => !/^(?:Apple|Google|Samsung|Microsoft|Dell|Lenovo|Admin|User|Guest)$/.test(v),
    source: "device names formed as <owner>'s <model> (Apple default device names, Syncthing, DHCP host names)",
  },
  {
    name: 'per-user-service-instance',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['syncthing@', 'borgmatic@', 'rclone@', 'restic@'],
    // systemd template units run per user: `syncthing@jdoe.service` (Syncthing's documented per-user unit)
    re: /\b(?:syncthing|borgmatic|rclone|restic)@([A-Za-z0-9._-]{1,64}?)(?:\.service)?(?![A-Za-z0-9._-])/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'systemd template instances of per-user services (syncthing@<user>.service)',
  },
  // `mosquitto_passwd -b <file> <user> <password>` (batch mode: the password on the command line)
  ...loginAndSecret({
    name: 'mosquitto-passwd-batch',
    re:
      '\\bmosquitto_passwd(?:[ \\t]+-[A-Za-z]{1,3})*[ \\t]+-b(?:[ \\t]+-[A-Za-z]{1,3})*[ \\t]+\\S{1,512}[ \\t]+([A-Za-z0-9._@+-]{1,128})[ \\t]+' +
      SHELL_ARGUMENT_SECRET,
    keywords: ['mosquitto_passwd'],
    source: 'mosquitto_passwd(1) -b passwordfile username password',
  }),
  {
    name: 'mosquitto-client-username',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ["u'"],
    // the broker log: `New client connected from 10.0.0.5:55058 as plc-gw-19 (p5, c0, k120, u'plc_gw_19').`
    re: /\(p\d, c\d, k\d{1,6}, u'([^'\s]{1,128})'\)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: "Mosquitto broker log (New client connected … u'<username>')",
  },
  {
    name: 'activemq-invalid-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['user name ['],
    // `Security error occurred on connection to: tcp://…, User name [pricing_svc] or password is invalid.`
    re: /\bUser name \[([^\]\s]{1,128})\] or password is invalid/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'ActiveMQ Classic broker log (SimpleAuthenticationBroker security errors)',
  },
  // Artemis `artemis-users.properties`: `<user> = ENC(<iterations>:<salt>:<hash>)`
  ...loginAndSecret({
    name: 'artemis-user-hash',
    re: '^[ \\t]{0,8}([A-Za-z0-9._@-]{1,128})[ \\t]*=[ \\t]*ENC\\((\\d{1,7}:[0-9A-Fa-f]{8,256}:[0-9A-Fa-f]{16,512})\\)',
    flags: 'm',
    keywords: ['enc('],
    source: 'ActiveMQ Artemis PropertiesLoginModule users file (ENC(iterations:salt:hash))',
  }),
  {
    name: 'nats-nkey-seed',
    category: 'PRIVKEY',
    priority: 95,
    group: 0,
    keywords: ['nkey', 'seed'],
    notAfter: /[A-Z2-7]/,
    // an NKEY seed (base32, `S` then the key type: `SU` user, `SA` account, `SO` operator, `SN` server, `SC` cluster,
    // `SX` curve): the private key of a NATS identity, in `.creds` files and `nkey:`/`seed:` settings
    re: /S[UAONCPX][A-Z2-7]{56}(?![A-Z2-7])/g,
    source: 'NATS nkeys (github.com/nats-io/nkeys: seed prefix S + type byte, base32, 58 characters)',
  },
  // ZooKeeper digest ACLs: `getAcl` prints `'digest,'<user>:<base64 SHA-1>`, `setAcl` takes `digest:<user>:<hash>:cdrwa`
  ...loginAndSecret({
    name: 'zookeeper-digest-acl',
    re: "(?:'digest,'|\\bdigest:)([A-Za-z0-9._@-]{1,128}):([A-Za-z0-9+/]{27}=)",
    keywords: ['digest'],
    source: 'ZooKeeper ACLs, digest scheme (user:base64(sha1(user:password)))',
  }),
  // `addauth digest <user>:<password>` in zkCli sessions and scripts
  ...loginAndSecret({
    name: 'zookeeper-addauth',
    re: '\\baddauth[ \\t]+digest[ \\t]+([A-Za-z0-9._@-]{1,128}):(\\S{1,256})',
    keywords: ['addauth'],
    source: 'ZooKeeper zkCli addauth digest user:password',
  }),
  {
    name: 'kafka-user-principal',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['user-principal', 'user:'],
    // `kafka-configs --describe --entity-type users`: `… for user-principal 'svc_ledger' are …`; ACL principals
    // `User:svc_ledger` (kafka-acls --list)
    re: /(?:\buser-principal '([^'\s]{1,128})'|\bUser:(?!CN=)([A-Za-z0-9._@-]{1,128}))/g,
    // (Ruby's inspect of a `User` object is `#<User:0x00007fa2e8febc21 …>`: an address, no principal)
    accept: (v: string): boolean =>
      !isSystemAccount(v) && v !== '*' && v !== 'ANONYMOUS' && !/^0x[0-9a-f]{6,16}$/.test(v),
    source: 'Kafka kafka-configs (user-principal) and kafka-acls (User:<name> principals)',
  },
  {
    name: 'pulsar-role-list',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['superuserroles', 'proxyroles'],
    // broker.conf `superUserRoles=admin,pulsar-proxy,reporting-app`: each role is a token subject (a client's login)
    re: /^[ \t]*(?:superUserRoles|proxyRoles)[ \t]*=[ \t]*([^\n]{1,1024}?)[ \t]*\r?$/gm,
    accept: (v: string): boolean => v.split(',').some((r) => !isSystemAccount(r.trim())),
    source: 'Apache Pulsar broker.conf superUserRoles / proxyRoles',
  },
  {
    name: 'mediawiki-db-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['$wgdb'],
    // LocalSettings.php `$wgDBuser = "wikiuser";` (and `$wgDBadminuser`)
    re: /\$wgDB(?:admin)?user[ \t]*=[ \t]*["']([^"'\n]{1,64})["']/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'MediaWiki LocalSettings.php ($wgDBuser, $wgDBadminuser)',
  },
  {
    name: 'mediawiki-upgrade-key',
    category: 'APIKEY',
    priority: 80,
    group: 1,
    keywords: ['$wgupgradekey'],
    // the key that unlocks the web installer's upgrade (mediawiki.org Manual:$wgUpgradeKey)
    re: /\$wgUpgradeKey[ \t]*=[ \t]*["']([^"'\n]{8,128})["']/g,
    source: 'MediaWiki Manual:$wgUpgradeKey',
  },
  {
    name: 'redis-auth-setting',
    category: 'PASSWORD',
    priority: 74,
    group: 1,
    keywords: ['redis_auth', 'redisauth'],
    // Moodle `$CFG->session_redis_auth = '…'`, and other PHP/INI settings named for the Redis AUTH password
    re: /redis_?auth["']?[ \t]{0,40}(?:=>|=|:)[ \t]{0,40}["']([^"'\s]{4,256})["']/gi,
    source: 'Moodle config.php session_redis_auth (Redis AUTH password)',
  },
  {
    name: 'prompted-username',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['enter username', 'enter user name', 'enter login'],
    // an interactive CLI's prompt and the login typed after it (`Enter username (manual authentication only): jdoe`,
    // Moodle admin/cli/reset_password.php)
    re: /\bEnter (?:user ?name|login)\b[^:\n]{0,60}:[ \t]*([A-Za-z0-9._@-]{1,64})[ \t]*\r?$/gim,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'interactive username prompts echoed in a terminal session',
  },
  {
    name: 'password-prompt-login',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['password for'],
    // a password prompt names the account (`Enter current password for embtweb:`, `[sudo] password for jdoe:`)
    // (clickhouse-client asks `Password for user (jdoe):`)
    re: /\bpassword for (?:user )?["'(]?([A-Za-z0-9._@-]{1,64})["')]?:/gi,
    // (`enter password for repository:` is restic asking for the repository's key, not an account's)
    accept: (v: string): boolean =>
      !isSystemAccount(v) && !/^(?:repository|repo|key|keystore|wallet|keyfile|archive|volume|vault)$/i.test(v),
    source: 'password prompts of sudo, Db2, passwd and database clients',
  },
  {
    name: 'device-config-snmp-host-community',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: ['snmp-server host'],
    // `snmp-server host 10.0.0.5 traps version 2c <community>`, ASA `snmp-server host inside 10.0.0.5 community <c>`
    re: /snmp-server[ \t]+host[ \t]+(?:[^\s]{1,64}[ \t]+){1,2}(?:(?:traps|informs)[ \t]+)?(?:version[ \t]+(?:1|2c)[ \t]+)?(?:community[ \t]+(?:[0-9][ \t]+)?)?([^\s]{4,64})/g,
    accept: (v: string): boolean =>
      !DEVICE_CONFIG_WORD.test(v) && !/^(?:version|traps|informs|community|udp-port|vrf)$/.test(v),
    source: 'Cisco IOS/ASA snmp-server host (the SNMPv1/v2c community string)',
  },
  {
    name: 'device-config-snmp-user-key',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: ['snmp-server user'],
    // SNMPv3 users (`snmp-server user jdoe network-admin auth sha <key> priv aes-128 <key> [localizedkey]`): the auth key
    re: /snmp-server[ \t]+user[ \t]+[^\s]{1,64}(?:[ \t]+[^\s]{1,64}){0,3}?[ \t]+auth[ \t]+(?:md5|sha[0-9-]{0,8})[ \t]+([^\s]{4,256})/g,
    source: 'Cisco NX-OS/IOS snmp-server user … auth (SNMPv3 authentication key)',
  },
  {
    name: 'device-config-snmp-priv-key',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    keywords: ['snmp-server user'],
    // … and the privacy key after `priv [aes-128|des|3des]`
    re: /snmp-server[ \t]+user[ \t][^\n]{0,300}?[ \t]priv[ \t]+(?:(?:aes(?:-?[0-9]{3})?|3?des)[ \t]+)?([^\s]{4,256})/g,
    source: 'Cisco NX-OS/IOS snmp-server user … priv (SNMPv3 privacy key)',
  },
  {
    name: 'device-config-user',
    category: 'USER',
    priority: 57,
    group: 2,
    keywords: ['username', 'local-user', 'login user', 'snmp-server user', 'configuration change at'],
    // the accounts of a device configuration: IOS/NX-OS/EOS `username jdoe …`, Huawei `local-user jdoe …`, Junos/VyOS
    // `set system login user jdoe …`, SNMPv3 users, and who changed the configuration (`! Last configuration change at
    // … by jdoe`)
    lineGate:
      /[ \t!]{0,12}(?:username|local-user|set|snmp-server|Last configuration change|NVRAM config last updated)[ \t]/y,
    re: /(?:^[ \t]{0,12}(?:username|local-user|snmp-server[ \t]+user|set[ \t]+system[ \t]+login[ \t]+user)[ \t]+|[ \t]by[ \t]+)(["']?)([A-Za-z_][A-Za-z0-9._@-]{0,63})\1(?=[ \t]|\r?$)/gm,
    // after `username`/`local-user`, the account's own settings follow (not a table header: `username  proto  pid`)
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) &&
      !DEVICE_CONFIG_WORD.test(v) &&
      (!/(?:username|local-user)[ \t]+["']?$/.test(text.slice(Math.max(0, index - 80), index)) ||
        DEVICE_ACCOUNT_SETTING.test(text.slice(index + v.length, index + v.length + 24))),
    source: 'Cisco/Arista username, Huawei local-user, Junos/VyOS system login user, IOS configuration-change banner',
  },
  {
    name: 'login-reassigned-to',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['reassigned'],
    // the second login of `reassigned from <login> to <login>`
    re: /\breassigned[ \t]{1,4}from[ \t]{1,4}["'`]?[A-Za-z0-9._@-]{2,64}["'`]?[ \t]{1,4}to[ \t]{1,4}["'`]?([A-Za-z0-9._@-]{2,64})/gi,
    accept: loginInProse,
    source: SRC_CORPUS_README + ' (USERNAME); account events in application logs',
  },
  {
    name: 'odbc-ini-uid',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['uid'],
    // a data source's login in odbc.ini (unixODBC odbc.ini(5), `UID = meridiaetl`): the key in capitals alone on its
    // line; Grafana's and LDAP's lower-case `uid:` name objects
    re: /^[ \t]*UID[ \t]*=[ \t]*([A-Za-z_][A-Za-z0-9._@\\-]{0,63})[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'unixODBC odbc.ini(5) data source keys UID and PWD',
  },
  {
    name: 'config-user',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: [
      'user',
      'login',
      'masteruser',
      'owner',
      'author',
      'assignee',
      'reporter',
      'requester',
      'approver',
      'dbuser',
      'usename',
      'uname',
      'ciuser',
      'defaultuser',
      'fromuser',
      'authuser',
      'cashier',
      'assigned_to',
      'assignedto',
      ...AUDIT_FIELD_KEYS,
    ],
    notAfter: /[A-Za-z0-9:]/,
    // (`usename` is PostgreSQL's column, as postgres_exporter labels print it: `usename="app_rw"`; Grafana's request
    // log names its user `uname=`)
    // aligned option files pad the key (`report_user              = x`): up to 40 blanks either side; the people a
    // ticket or commit names by login (`author=kenji61`, `assignee=petrov_t`)
    // (Roundcube's and Debian dbconfig's `$dbuser='…'`)
    // (phpMyAdmin's `$cfg['Servers'][$i]['user'] = '…'`: a quote and a bracket after the key)
    // (Proxmox's cloud-init `ciuser: jdoe`; the audit fields of API objects: Portainer's `"CreatedBy": "jdoe"`; the
    // till's operator in a point-of-sale log: `cashier=arjund`; a review queue's `"assigned_to": "l.haddad"`)
    re: /(?:user(?:name|_name|id|_id)?|usename|uname|login|masteruser|owner|author|assignee|reporter|requester|approver|dbuser|ciuser|defaultuser|fromuser|authuser|cashier|assigned_?to|(?:created|updated|modified)_?by)(?:\\?["'])?\]?[ \t]{0,40}(?:=>|[=:])[ \t]{0,40}(?:\\?["'])?([A-Za-z0-9._@-]{2,64})/gi,
    // a value followed by `=` is the next key (`new user: name=jdoe`), not a login
    // a leading digit is a uid or a count (`user_id: 1001`), unless the value is a generated credential given as the
    // login (`MAIL_USERNAME=<Postmark server token>`, a UUID)
    accept: (v: string, text: string, index: number): boolean =>
      // Dovecot's login processes (`imap-login: Disconnected (auth failed …)`) are process names, not keys
      !DOVECOT_LOGIN_BEFORE.test(text.slice(Math.max(0, index - 40), index)) &&
      // vsftpd's `OK LOGIN: Client "::ffff:10.0.0.5"` names the client's address, the login is in brackets before it
      !(v === 'Client' && text.startsWith(' "', index + v.length)) &&
      !isSystemAccount(v) &&
      // a case's assignee is a login or a person (`"assigned_to": "Ana Ruiz"`, person-key-value's): a capitalised word
      // before a blank is a name's first part
      !(UPPER_START.test(v) && /assigned_?to["']?[ \t]{0,4}[=:]/i.test(text.slice(Math.max(0, index - 20), index))) &&
      // a jq path (`jq '{user: .user.email}'`), not a login
      v.charCodeAt(0) !== 46 &&
      // an assignment in source code a traceback or `grep` shows (`user = await auth.authenticate(…)`,
      // `owner = self.request.user`): an operator word before more code, or a member access on a code object
      !(CODE_OPERATOR_WORD.test(v) && text.charCodeAt(index + v.length) === 32) &&
      !CODE_MEMBER_ACCESS.test(v) &&
      // a constructor call (`userId: UUID('…')` in mongosh), not a login
      text.charCodeAt(index + v.length) !== 40 &&
      // the start of a longer base64 value (a SealedSecret's `username: AgCW…/…`, cut at 64 characters), not a login
      !BASE64_CHAR.test(text[index + v.length] ?? '') &&
      (!DIGIT_START.test(v) || UUID.test(v)) &&
      // a UUID under a user *id* key (Keycloak events `userId="…"`) is a record id, not a login or a token
      !(
        UUID.test(v) &&
        /(?:user_?id|uid)["']?[ \t]{0,4}[=:][ \t]{0,4}["']?$/i.test(text.slice(Math.max(0, index - 16), index))
      ) &&
      // an AWS IAM unique id (`"UserId": "AIDA…"`: users AIDA, roles AROA, groups AGPA; docs.aws.amazon.com IAM
      // identifiers "Unique identifiers") names a record, not a login
      !AWS_PRINCIPAL_ID.test(v) &&
      // an identity provider's prefix before the account's id (Auth0 `"user_id": "auth0|5f…"`, `google-oauth2|…`), and
      // an opaque upper-case or hex id under a user *id* key (Duo `"user_id": "DUMG9TIN68Y2C7ZZY63J"`, a MongoDB
      // ObjectId)
      text.charCodeAt(index + v.length) !== 124 &&
      !(
        OPAQUE_KEY_ID.test(v) &&
        /\d/.test(v) &&
        /user_?id["']?[ \t]{0,4}[=:][ \t]{0,4}["']?$/i.test(text.slice(Math.max(0, index - 16), index))
      ) &&
      text.charCodeAt(index + v.length) !== 61 &&
      // the first field of a longer colon-separated name (`user: arn:aws:eks:…:cluster/x`, `system:serviceaccount:…`)
      !(text.charCodeAt(index + v.length) === 58 && WORD_CHARS[text.charCodeAt(index + v.length + 1)] === 1),
    source: SRC_CORPUS_README + ' (USERNAME: DB, replication, exporter and service users)',
  },
  {
    name: 'live-prefixed-api-key',
    category: 'APIKEY',
    priority: 70,
    group: 0,
    keywords: ['_live_'],
    // a provider's live-mode secret key named like Stripe's (`sk_live_`, `rk_live_`) by other SaaS APIs (`ak_live_…`,
    // `key_live_…`, `api_live_…`): two to five letters, `_live_`, then 20 or more random characters; Stripe's
    // publishable `pk_live_` keys are public and stay
    re: /(?<![A-Za-z0-9_])(?!pk_live_)[a-z]{2,5}_live_[A-Za-z0-9]{20,99}(?![A-Za-z0-9_])/g,
    accept: (v: string): boolean => looksLikeOpaqueToken(v.slice(v.indexOf('_live_') + 6)),
    source: 'live-mode key prefixes after Stripe API keys (docs.stripe.com/keys: sk_live_, rk_live_)',
  },
  {
    name: 'kafka-sasl-api-key',
    category: 'APIKEY',
    priority: 70,
    group: 1,
    keywords: ['sasl', 'plainloginmodule', 'confluent'],
    // a Confluent Cloud API key given as the SASL/PLAIN username (`sasl.username=ABCD1234EFGH5678`, kafkajs
    // `sasl: { mechanism: 'plain', username: '590B…' }`, JAAS `PlainLoginModule required username="…"`): 16 upper-case
    // letters and digits; the API secret is its password
    re: /\b(?:sasl[._]username|sasl[._]plain[._]username|username)\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?([A-Z0-9]{16})(?![A-Za-z0-9])/g,
    accept: (v: string, text: string, index: number): boolean =>
      /[A-Z]/.test(v) && /\d/.test(v) && /sasl|PlainLoginModule|confluent/i.test(linePrefix(text, index, 400)),
    source: 'Confluent Cloud API keys as SASL/PLAIN credentials (docs.confluent.io, client configuration)',
  },
  {
    name: 'search-query-person',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['"q"=>', '"q":', '"search"=>', '"search":', '"query"=>', '"query":'],
    // a search for a person in an admin's people list, as a request log prints its parameters (Rails `params={"q"=>
    // "Réka Dvořák"}`, Lograge JSON `"params":{"q":"María Núñez"}`): the query when it reads as a full name and the
    // line requests a list of customers, users, members, patients or contacts (a request line's own `?q=` is
    // people-search-query's)
    re: /"(?:q|search|query)"[ \t]{0,2}(?:=>|:)[ \t]{0,2}"([^"\\\n]{3,80})"/g,
    accept: (v: string, text: string, index: number): boolean =>
      PEOPLE_LIST_PATH.test(linePrefix(text, index, 600)) && looksLikePersonName(v.trim(), true) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); a name searched for in a people list, in request logs',
  },
  {
    name: 'oidc-prefixed-username',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['oidc:', 'okta:', 'dex:', 'sso:', 'keycloak:', 'azuread:'],
    // the Kubernetes API server's OIDC usernames carry the `--oidc-username-prefix` (`"username":"oidc:zszabo"` in an
    // audit event, `User "oidc:jdoe" cannot list …` in an RBAC denial): the login after the prefix
    re: /(?:user(?:name)?\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']|\bUser \\?")(?:oidc|okta|dex|sso|keycloak|azuread):([A-Za-z0-9._@-]{2,64})(?=\\?["'])/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source:
      'Kubernetes API server --oidc-username-prefix (kubernetes.io/docs/reference/access-authn-authz/authentication)',
  },
  {
    name: 'login-after-for-user',
    category: 'USER',
    priority: 57,
    group: 2,
    keywords: ['for user ', 'for principal ', 'of user ', 'by user ', 'for login ', 'for username '],
    // an application log naming the account an event was for (`SMS provider rejected number … for user helene_faure`,
    // Spring Security's `Bad credentials for principal 'layla_mansour'`), quoted or not
    re: /\b(?:for|of|by)[ \t](?:user(?:name)?|principal|login)[ \t]{1,4}(\\?['"]?)([A-Za-z0-9._@-]{0,63}[A-Za-z0-9_-])\1(?=[\s,;:()'"]|\.(?![A-Za-z0-9_@-])|$)/g,
    accept: (v: string): boolean => /[A-Za-z]/.test(v) && !NOT_A_LOGIN_AFTER_USER.test(v) && !isSystemAccount(v),
    source:
      'application and framework logs naming the account of an event (Spring Security AbstractUserDetailsAuthenticationProvider messages)',
  },
  {
    name: 'player-handle',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['"player"', '"player_name"', '"playername"', '"nickname"', '"gamertag"', '"gamer_tag"'],
    // a game server's JSON log names each player by the handle they log in with (`"player":"xXKalani_TTV"`)
    re: /"(?:player(?:_?name)?|nickname|gamer_?tag)"[ \t]{0,4}:[ \t]{0,4}"([A-Za-z0-9._@-]{2,64})"/gi,
    accept: (v: string): boolean => !isSystemAccount(v) && !DIGIT_START.test(v),
    source: 'game server and matchmaking JSON logs (player handles are account logins)',
  },
  {
    name: 'camel-case-user-key',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['user', 'login'],
    // settings whose camel-case name ends in `User`, `Username` or `Login` (a letter or digit before it): Zabbix
    // `DBUser=`, Gradle `nexusUsername=` and `systemProp.http.proxyUser=`; snake and lower case keys are config-user's
    // (`user=`, `USER=` in logs stop at the character table, before any regex)
    notAfter: /[^A-Za-z0-9]/,
    re: /(?:User|Username|UserName|Login)[ \t]{0,40}[=:][ \t]{0,40}["']?([A-Za-z0-9._@-]{2,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^\d/.test(v),
    source: 'Zabbix server configuration DBUser, Gradle/Java properties naming (camelCase keys)',
  },
  {
    name: 'env-user-suffix',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['user='],
    // `PGUSER=`: an upper-case prefix glued to USER (sudo's ` USER=root` has none and is another rule's)
    notAfter: /[^A-Z0-9]/,
    re: /USER=["']?([A-Za-z0-9._@-]{2,64})/g,
    accept: (v: string, text: string, index: number): boolean => {
      const user = text.lastIndexOf('USER=', index);
      let p = user;
      while (p > 0 && /[A-Z0-9]/.test(text[p - 1]!)) p--;
      return (
        user - p >= 2 &&
        user - p <= 20 &&
        /[A-Z]/.test(text[p]!) &&
        !/\w/.test(text[p - 1] ?? ' ') &&
        !isSystemAccount(v)
      );
    },
    source: 'environment variables naming a login without a separator (libpq PGUSER, FTPUSER, SMTPUSER)',
  },
  {
    name: 'session-id',
    category: 'TOKEN',
    priority: 69,
    group: 1,
    keywords: ['session_id', 'sessionid', 'session-id', 'sessid', 'sid='],
    // also the session cookies of servlet containers (`JSESSIONID`), PHP (`PHPSESSID`) and ASP.NET (`ASP.NET_SessionId`),
    // and the `sid=` of application logs (`session created sid=rN6Lc9Jo… ttl=86400`)
    re: /\b(?:(?:j|php|asp\.net_)?sess(?:ion)?[_-]?id["']?[ \t]{0,4}(?:=>|[=:])|sid=)[ \t]{0,4}["']?([A-Za-z0-9_\-.+/=%]{16,256})/gi,
    // a session identifier is a bearer credential; short or single-class ids (counters, `SESSION_ID=4527`) are not;
    // after a bare `sid=`, only a random-looking value (upper, lower and digits, 20 or more): not an Oracle SID, a
    // Windows security identifier (`S-1-5-21-…`) or a Twilio resource id (`SM` + 32 hex: a message, not a session)
    accept: (v: string, text: string, index: number): boolean =>
      /[0-9]/.test(v) &&
      /[A-Za-z]/.test(v) &&
      (!/(?:^|[^A-Za-z0-9_])sid=[ \t]*["']?$/i.test(text.slice(Math.max(0, index - 12), index)) ||
        (v.length >= 20 && /[a-z]/.test(v) && /[A-Z]/.test(v) && !/^S-1-|^[A-Z]{2}[0-9a-f]{32}$/.test(v))) &&
      // Asterisk's security events number each SIP dialog (`SecurityEvent="…",…,SessionID="…"`): no credential
      !text.slice(lineStartWithin(text, index, 400), index).includes('SecurityEvent="') &&
      // RADIUS accounting numbers each session of a NAS (RFC 2866 §5.5 Acct-Session-Id): a record id, no credential
      !/Acct-Session-Id(?:\(44\) l=\d{1,3} val=|[ \t]{0,4}[:=][ \t]{0,4}"?)$/i.test(
        text.slice(Math.max(0, index - 40), index),
      ),
    source: SRC_CORPUS_README + ' (TOKEN: session and remember tokens); OWASP Session Management Cheat Sheet',
  },
  {
    name: 'modified-property-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: ['"displayname": "', '"displayname":"'],
    // an audit record's changed property named for a person's name, then its new value (Entra ID provisioning and
    // directory audit logs: `{"displayName": "name.givenName", "oldValue": null, "newValue": "Ingrid"}`)
    re: /"displayName": ?"(?:name\.)?(?:givenName|familyName|surname|displayName|formatted|GivenName|Surname|DisplayName)", ?\s{0,40}"oldValue": ?(?:null|"[^"\n]{0,100}"), ?\s{0,40}"newValue": ?"([^"\n]{1,100})"/g,
    accept: (v: string): boolean => looksLikePersonName(v.replace(/^\[?"|"\]?$/g, ''), false),
    source:
      'Microsoft Graph provisioningObjectSummary / directoryAudit modifiedProperties (displayName, oldValue, newValue)',
  },
  {
    name: 'typed-phone-number',
    category: 'PHONE',
    priority: 62,
    group: 1,
    anchors: ['"number":'],
    // a phone in a typed list (JumpCloud `"phoneNumbers":[{"id":"…","number":"07592 080579","type":"mobile"}]`)
    re: /"number": ?"(\+?[0-9][0-9 ().-]{5,22}[0-9])", ?"type": ?"(?:mobile|work|home|cell|fax|other|main|pager)"/g,
    source: 'JumpCloud systemusers phoneNumbers; SCIM phoneNumbers (RFC 7643 §4.1.2: value, type)',
  },
  {
    name: 'camel-case-session-id',
    category: 'TOKEN',
    priority: 69,
    group: 1,
    keywords: ['sessionid'],
    // a session id under a camel-case key with a prefix (Okta System Log `"rootSessionId": "102…"`,
    // `"externalSessionId"`); the bare keys are session-id's. Only a random-looking value: upper, lower and digits, 20 or
    // more
    re: /[a-z]SessionId"?[ \t]{0,4}[:=][ \t]{0,4}"?([A-Za-z0-9_\-.+/=%]{20,256})/g,
    accept: (v: string): boolean => /\d/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v),
    source: SRC_CORPUS_README + ' (TOKEN: session tokens); Okta System Log API authenticationContext',
  },
  {
    name: 'connect-session-id',
    category: 'TOKEN',
    priority: 69,
    group: 1,
    keywords: ['sess:'],
    // express-session ids as connect-redis keys them (`sess:U5AWFKgTxOmCjESbqU-dOj2w5Fzuw4im`): a bearer credential
    re: /\bsess:([A-Za-z0-9_-]{24,128})(?![A-Za-z0-9_-])/g,
    accept: (v: string): boolean => /\d/.test(v) && /[A-Za-z]/.test(v),
    source: 'express-session / connect-redis session keys (`sess:` prefix, github.com/tj/connect-redis)',
  },
  {
    name: 'session-token',
    category: 'TOKEN',
    priority: 69,
    group: 1,
    // `"session": "3ZjT…"` in structured logs, `session_token=…`: only generated values (24+ characters, mixed case and
    // digits, entropy >= 3.5), so `session opened`, `session=42` and `session: closed` stay
    anchors: ['session'],
    notAfter: /[A-Za-z0-9_.-]/, // `session`, not `tmux_session` or `x.session`
    re: /session(?:[_-]?token)?\\?["']?[ \t]{0,4}(?:=>|[=:])[ \t]{0,4}\\?["']?([A-Za-z0-9_-]{24,512})(?![A-Za-z0-9_-])/gi,
    accept: (v: string): boolean => looksLikeOpaqueToken(v),
    source: SRC_CORPUS_README + ' (TOKEN: session and remember tokens); OWASP Session Management Cheat Sheet',
  },
  {
    name: 'redis-conf-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['masteruser', 'primaryuser', 'auth-user', 'sentinel-user'],
    // (Valkey names `masteruser` `primaryuser`; values may be quoted)
    re: /^(?:\d{1,7}:)?[ \t]*(?:masteruser|primaryuser|sentinel[ \t]+auth-user[ \t]+\S{1,128}|sentinel[ \t]+sentinel-user)[ \t]+["']?([^\s"']{1,128})/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'redis.conf `masteruser`, sentinel.conf `sentinel auth-user <master> <user>` and `sentinel sentinel-user`',
  },
  {
    name: 'openssl-pass-arg',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['pass:'],
    re: /(?:^|[ \t])-pass(?:in|out)?[ \t]{1,4}pass:(\S{1,500})/g,
    source: 'OpenSSL pass phrase arguments `-passin pass:…` (openssl-passphrase-options(1ssl))',
  },
  {
    name: 'key-suffix-value',
    category: 'APIKEY',
    priority: 66,
    group: 1,
    anchors: ['_key', '-key', '.key', '_licen', '-licen', '.licen'],
    // the name's last word, then the separator and the value; the name must go on to the left (`MEILISEARCH_KEY`)
    notAfter: /[^A-Za-z0-9]/,
    // the value taken whole (a lookahead capture then its backreference: atomic), so a run longer than 512 fails once
    // instead of backtracking through every shorter length (`A_KEY=` repeated: 737 -> ~100 ms per MiB)
    re: /[_.-](?:key|licen[cs]e(?:[_-]?key)?)["']?[ \t]{0,4}(?:=>|=|:[ \t]|,|[ \t])[ \t]{0,4}["']?(?=([A-Za-z0-9+/_=-]{20,512}))\1(?![A-Za-z0-9+/_=-])/gi,
    // any `*_KEY` / `--*-key` / `*_LICENSE_KEY` name, but only with a value shaped like a generated key: long, letters
    // and digits, high entropy (a path, a word or a file name under such a name is configuration)
    accept: (v: string, text: string, index: number): boolean => {
      if (v.charCodeAt(0) === 47 /* a path */ || v.charCodeAt(0) === 45 /* the next flag */) return false;
      // a publishable key is public by design (Stripe `pk_live_…`, served to every browser; corpus README: unlabelled)
      if (PUBLISHABLE_KEY.test(v)) return false;
      const key = keySuffixName(text, index);
      // names with a secret word (`AWS_SECRET_ACCESS_KEY`, `api_key`) are the key/value scanner's
      if (!key || SECRET_NAME.test(key.name) || NOT_A_KEY_NAME.test(key.name)) return false;
      // a `.key` file name then a blank is a path, not an assignment (`--key-file=/pki/sa.key --next`)
      if (key.blankSeparator && key.name.toLowerCase().endsWith('.key')) return false;
      // an environment-style name (MEILISEARCH_KEY), a CLI flag (--b2-key) or a licence key; lower-case log fields
      // (`object_key=`, `idempotency_key=`, `cache_key=`) name ids and paths
      // … but a quoted name in a PHP or Ruby settings array is configuration (PrestaShop `'cookie_key' => '…'`)
      const arrayKey = /['"][ \t]{0,4}=>[ \t]{0,4}['"]$/.test(text.slice(Math.max(0, index - 12), index));
      // … and a lower-case name that starts its line with a long value is a setting of a configuration file (Zulip's
      // `zulip-secrets.conf`: `camo_key = 0755…`), not a log field
      const setting = !key.blankSeparator && v.length >= 32 && isLineStart(text, key.start);
      if (key.name !== key.name.toUpperCase() && !key.flag && !arrayKey && !setting && !/licen[cs]e/i.test(key.name))
        return false;
      return /[0-9]/.test(v) && /[A-Za-z]/.test(v) && shannonEntropy(v) >= 3.5;
    },
    source:
      'gitleaks generic-api-key shape (MIT): a key-like name then a high-entropy value; here the names ending in key or license',
  },
  {
    name: 'quoted-auth-key',
    category: 'PASSWORD',
    priority: 70,
    group: 3,
    anchors: ["'auth'", '"auth"'],
    re: /(['"])auth\1[ \t]{0,16}(?:=>|:)[ \t]{0,16}(['"])([^'"\n]{4,256})\2/g,
    accept: (v: string): boolean => plausibleSecretValue(v) && !/^[a-z]+$/.test(v) && v !== NULL_GUID_LOGIN_BASE64,
    source: "Redis client options in PHP arrays and JSON (`'auth' => '…'`, phpredis and predis `auth` parameter)",
  },
  {
    name: 'server-directive-secret',
    category: 'PASSWORD',
    priority: 71,
    group: 2,
    keywords: ['fastcgi_param', 'uwsgi_param', 'scgi_param', 'setenv', 'set $'],
    re: /^[ \t]*(?:fastcgi_param|uwsgi_param|scgi_param|SetEnv|set[ \t]+\$)[ \t]*([A-Za-z_][A-Za-z0-9_]{0,80})[ \t]+(?:"([^"\n]{1,512})"|'([^'\n]{1,512})'|([^\s;"']{1,512}))/gim,
    // the name is the directive's first argument: a secret only when it names one (nginx fastcgi_param DB_PASSWORD,
    // set $api_token, Apache SetEnv)
    accept: (v: string, text: string, index: number): boolean => {
      const line = text.slice(lineStartWithin(text, index, 256), index);
      const name = /([A-Za-z_][A-Za-z0-9_]{0,80})[ \t]+["']?$/.exec(line)?.[1] ?? '';
      const secretName = SECRET_NAME.test(name) || /(?:^|_)(?:KEY|SALT)$/i.test(name);
      return secretName && !NOT_SECRET_KEY.test(name) && !v.startsWith('$') && plausibleSecretValue(v);
    },
    source: 'nginx fastcgi_param/uwsgi_param/scgi_param and set (nginx.org/en/docs), Apache mod_env SetEnv',
  },
  {
    name: 'server-directive-user',
    category: 'USER',
    priority: 57,
    group: 2,
    keywords: ['fastcgi_param', 'uwsgi_param', 'scgi_param', 'setenv', 'set $', 'proxy_set_header'],
    re: /^[ \t]*(?:fastcgi_param|uwsgi_param|scgi_param|SetEnv|proxy_set_header|set[ \t]+\$)[ \t]*([A-Za-z_][A-Za-z0-9_-]{0,80}(?:USER|USERNAME|LOGIN))[ \t]+["']?([A-Za-z0-9._@-]{1,64})/gim,
    accept: (v: string): boolean => !isSystemAccount(v) && !v.startsWith('$'),
    source:
      'nginx fastcgi_param DB_USERNAME, Apache SetEnv DB_USER, nginx `set $upstream_user`, and a fixed login sent in an ' +
      'auth-proxy header (`proxy_set_header X-WEBAUTH-USER jdoe`, Grafana auth proxy); `$remote_user` and other ' +
      'variables stay',
  },
  {
    name: 'nginx-secure-link-secret',
    category: 'PASSWORD',
    priority: 71,
    group: 1,
    anchors: ['secure_link_md5'],
    // the expression's literal word is the shared secret (nginx.org ngx_http_secure_link_module:
    // `secure_link_md5 "$secure_link_expires$uri$remote_addr secret";`); variables are skipped whole
    re: /secure_link_md5[ \t]{1,8}["']?(?:\$\{?[A-Za-z0-9_]{1,60}\}?(?![A-Za-z0-9_])|[ \t]){0,24}([^\s"';$]{4,128})/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source:
      'nginx ngx_http_secure_link_module secure_link_md5 (nginx.org/en/docs/http/ngx_http_secure_link_module.html)',
  },
  {
    name: 'url-key-parameter',
    category: 'APIKEY',
    priority: 66,
    group: 1,
    anchors: ['?key=', '&key='],
    // `?key=` carries an API key in many HTTP APIs (Google Maps, auth_http backends); only generated values: hex of 20+
    // characters or a mixed-case token, so `?key=homepage_banner` stays
    re: /[?&]key=([A-Za-z0-9_-]{20,256})(?![A-Za-z0-9_-])/g,
    accept: (v: string): boolean => /^[0-9a-f]{20,}$/i.test(v) || looksLikeOpaqueToken(v),
    source: 'API keys in URL query strings (Google Maps Platform `key=`; OWASP: credentials in URLs)',
  },
  {
    name: 'db-name',
    category: 'DBNAME',
    priority: 68,
    group: 1,
    keywords: ['db_', 'database'],
    re: /\b(?:DB_(?:DATABASE|NAME)|DATABASE_NAME|POSTGRES_DB|MYSQL_DATABASE)["']?[ \t]{0,4}[=:][ \t]{0,4}["']?([^\s"'#]{1,200})/g,
    source: SRC_DOC + ' ([DBNAME_REDACTED])',
  },
  {
    name: 'db-user',
    category: 'DBUSER',
    priority: 68,
    group: 1,
    keywords: ['db_user', 'db_username'],
    re: /\bDB_(?:USERNAME|USER)["']?[ \t]{0,4}[=:][ \t]{0,4}["']?([^\s"'#]{1,200})/g,
    // `DB_USERNAME=root` in `.env.example` is no login of the site; `"DB_USER": {` (Spring's /actuator/env) opens an
    // object, and `${DB_USER:app}` ends in the placeholder's brace
    accept: (v: string): boolean => !isSystemAccount(v) && /[A-Za-z0-9]/.test(v[0]!) && !v.endsWith('}'),
    source: SRC_DOC + ' ([DBUSER_REDACTED])',
  },

  {
    name: 'dump-database-name',
    category: 'DBNAME',
    priority: 68,
    group: 1,
    keywords: ['database:', 'use `'],
    re: /(?:\bDatabase:[ \t]{1,20}|\bUSE `)([A-Za-z0-9_$-]{1,64})(?![:A-Za-z0-9_$-])/g, // not `Database: jdbc:postgresql://…` (Flyway)
    source: 'mysqldump header and USE statements',
  },
  {
    name: 'person-key-value',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [
      'name',
      'customer',
      'holder',
      'contact',
      'creator',
      'signatory',
      'maintainer',
      'author',
      'assignee',
      'owner',
      'reporter',
      'requester',
      'approver',
      'gecos',
      'recipient',
      ...AUDIT_FIELD_KEYS,
      'patient',
      'provider',
      'doctor',
      'physician',
      'guardian',
      'tutor',
      'teacher',
      'student',
      'guest',
      'donor',
      'borrower',
      'employee',
      'fname',
      'lname',
      'realname',
      'real_name',
      'assigned',
      'shopper',
      'payer',
      'payee',
      'buyer',
      'beneficiary',
      'debtor',
      'creditor',
      'remitter',
      'originator',
      'oncall',
      'on_call',
      'requested',
      // the same keys in other languages (`(Inhaber: Günther Meißner)`, `(titular: Rúben Louçã)`, `Responsável: …`)
      'inhaber',
      'titular',
      'titulaire',
      'intestatario',
      'kunde',
      'cliente',
      'klant',
      'klient',
      'ansprechpartner',
      'contacto',
      'contato',
      'responsable',
      'vel:',
      'destinatario',
    ],
    notAfter: /[A-Za-z0-9]/,
    // (Mailchimp's merge fields: `"FNAME": "…"`, `"LNAME": "…"`)
    re: /(?:support_?name|inhaber|karteninhaber|titular|titulaire|intestatario|kunde|cliente|klant|klient|ansprechpartner|contacto|contato|responsable|respons[aá]vel|destinatario|[fl]name|name|full[_ ]?name|real_?name|from_?name|sender_?name|debfullname|gecos|author|assignee|owner|reporter|requester|approver|first[_ ]?name|last[_ ]?name|given_?name|family_?name|surname|display_?name|customer|customer_?name|cardholder|cardholder_?name|holder_?name|name_?on_?card|contact|contact_?name|contact_?person|holder|creator|signatory|maintainer|vorname|nachname|billing_?name|shipping_?name|recipient|assigned_?to|shopper|payer|payee|buyer|beneficiary|debtor|creditor|remitter|originator|(?:created|updated|modified)_?by|patient|provider|doctor|physician|guardian|tutor|teacher|student|guest|donor|borrower|employee|on_?call|(?:technical|business|billing|security|primary|emergency)_?contact|requested_?by|(?:business|technical|data|service)_?owner)(?:[_ ]?name)?(?:\\?["'])?[\]}]?[ \t]{0,24}(?:=>|[=:])[ \t]{0,24}(?:"([^"\n]{1,400})"|'([^'\n]{1,100})'|\\"((?:[^"\\\n]|\\x[0-9a-fA-F]{2}){1,400})\\"|([^\s,;)"'\]}|\\](?:(?![ \t]{1,4}[A-Za-z_][A-Za-z0-9_.]{0,30}=|&[A-Za-z_][A-Za-z0-9_.]{0,30}=)[^,;)\n"'\]}|]|(?<=[A-Za-z])'(?=[A-Z])){0,99}))/gi,
    // an apostrophe between letters is part of an unquoted name (`O'Sullivan`, `D'Alessandra`)
    // also `name=\"…\"` inside a quoted log message (Go slog, journalctl -o json), and JSON `\u00e9` escapes in the name
    accept: (raw: string, text: string, index: number): boolean => {
      // (a form body encodes blanks as `+` and other bytes as `%XX`: `name=Jos%C3%A9+N%C3%BA%C3%B1ez&email=…`)
      // (redis-cli prints the bytes of non-ASCII text as `\xNN` escapes: `Th\xc3\xa9o Mercier`)
      const v = formDecoded(raw)
        .replace(/\\u([0-9A-Fa-f]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
        .replace(/(?:\\x[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/\\x/g, ''), 'hex').toString('utf8'));
      // (`print_r` writes the key in brackets: `[first_name] => Ana`)
      const key = KEY_BEFORE_VALUE.exec(text.slice(Math.max(0, index - 60), index));
      if (BOOLEAN_LIKE.test(v.trim())) return false; // `check_user_name = OFF`
      // .NET's `providerName="System.Data.SqlClient"` names a data provider
      if (key && PROVIDER_NAME_KEY.test(key[1]!)) return false;
      // `APP_NAME="Larkspur Dispatch"`: the name of an app, a site or a company
      if (key && THING_NAME_KEY.test(key[1]!)) return false;
      // a product or plan named next to its SKU or price (`name="Starter Kit" sku=…`) is no person; a card holder or
      // customer next to an amount is
      const after = text.slice(index + raw.length, index + raw.length + 80);
      if (
        (!key || NAME_KEY_END.test(key[1]!)) &&
        /^[^\n]*?\b(?:sku|price|qty|quantity|product_id|plan_id|amount)=/i.test(after)
      )
        return false;
      // a command-line `--name=` names a project, machine or job unless the person's contact is on the same line
      if (key && text.startsWith('--', index - key[0].length - 2) && !lineHasContact(text, index)) return false;
      // a bare `name` and the role keys (`author`, `owner` …) want two words or a caseless script: `name: Ingress`,
      // `owner: Platform` stay; a part of a name (`first_name`, `last_name`) is one word by definition
      return looksLikePersonName(
        v.trim(),
        !key ||
          (PERSON_NAME_KEY.test(key[1]!) &&
            !NAME_PART_KEY.test(key[1]!) &&
            !givenNameBeforeSurname(key[1]!, after) &&
            !SPACED_NAME_PART_BEFORE.test(text.slice(Math.max(0, index - 24), index))),
      );
    },
    source: SRC_CORPUS_README + ' (PERSON_NAME as written, diacritics and non-Latin scripts)',
  },

  {
    name: 'person-email-tuple',
    category: 'PERSON',
    priority: 60,
    group: 2,
    keywords: ['admins', 'managers'],
    // Django `ADMINS = [('Noor Vasquez', 'nvasquez@example.org')]` (docs.djangoproject.com/en/stable/ref/settings/#admins)
    re: /\([ \t]{0,4}(["'])([^"'\n]{1,100})\1[ \t]{0,4},[ \t]{0,4}["'][^"'\s@]{1,64}@/gu,
    accept: (v: string): boolean => looksLikePersonName(v, false) && !namesNoPerson(v),
    source: 'Django ADMINS and MANAGERS settings: (full name, e-mail address) tuples',
  },
  {
    name: 'person-before-phone',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: NAME_PHONE_KEYWORDS,
    // `… for Rafael Nogueira, +55 11 91234-5678`, `shipped to João Gonçalves, (02) 5607 5304`, `for Guðrún Jónsdóttir
    // (tel. 03-3347-9069)`, `requested by Grace Thompson at 021 933 4470`: two to four capitalised words, then a number
    // with a country code or a national trunk prefix `0`
    re: new RegExp(`(?<![\\p{L}\\p{M}])${NAME_WORDS}${NAME_PHONE_SEP}${PHONE_AFTER_NAME}`, 'gu'),
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); a name written before its contact number in application logs',
  },
  {
    name: 'phone-after-person',
    category: 'PHONE',
    priority: 58,
    group: 2,
    keywords: NAME_PHONE_KEYWORDS,
    // `… for Rafael Nogueira, +55 11 91234-5678`, `shipped to João Gonçalves, (02) 5607 5304`, `for Guðrún Jónsdóttir
    // (tel. 03-3347-9069)`, `requested by Grace Thompson at 021 933 4470`: two to four capitalised words, then a number
    // with a country code or a national trunk prefix `0`
    re: new RegExp(`(?<![\\p{L}\\p{M}])${NAME_WORDS}${NAME_PHONE_SEP}(${PHONE_AFTER_NAME})`, 'gu'),
    accept: (v: string, text: string, index: number): boolean => {
      const name = NAME_BEFORE_PHONE.exec(text.slice(Math.max(0, index - 140), index));
      const digits = v.replace(/\D/g, '').length;
      return (
        !!name && looksLikePersonName(name[1]!, true) && digits >= 7 && digits <= 15 && !DATE_OR_DOTTED_QUAD.test(v)
      );
    },
    source: SRC_CORPUS_README + ' (PHONE); the contact number written after a person name in application logs',
  },
  {
    name: 'person-after-phone',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: [' for '],
    notAfter: /[^0-9)]/, // the number ends right before ` for `
    // `SMS sent to 010-9698-6097 for Zsófia Nagy`: two to four capitalised words after `for`, right after a number
    re: new RegExp(
      ` for[ \\t]+${NAME_WORDS}(?=[ \\t]*(?:[.,;:)\\]'"]|\\r?$)|[ \\t]+(?:failed|bounced|was|could|did|returned)\\b)`,
      'gmu',
    ),
    accept: (v: string, text: string, index: number): boolean =>
      looksLikePersonName(v, true) &&
      looksDialled(PHONE_BEFORE_FOR.exec(text.slice(Math.max(0, index - 40), index))?.[1] ?? ''),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person a message to a number was for, in application logs',
  },
  {
    name: 'person-after-for-in-event',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [
      'failed for ',
      'number for ',
      'phone for ',
      'sms for ',
      'reminder for ',
      'notification for ',
      'invoice for ',
      'receipt for ',
      'skipped for ',
      'rejected for ',
      'error for ',
    ],
    // an application log naming the customer an event concerned, the name ending the message (`contact sync failed
    // for Jörg Müller`, `ValueError('invalid phone number for Mikkel Bergqvist: …')`, `reminder for 高橋 陽菜.`)
    re: new RegExp(
      `\\b(?:failed|number|phone|sms|SMS|reminder|notification|invoice|receipt|skipped|rejected|error)[ \\t]for[ \\t]{1,4}${NAME_WORDS}(?=[ \\t]*(?:[.,;:)\\]'"]|\\r?$))`,
      'gmu',
    ),
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the customer an event in an application log names',
  },
  {
    name: 'unicode-error-person',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['unicodeencodeerror(', 'unicodedecodeerror('],
    // Python's repr of the error holds the string it failed on: `UnicodeEncodeError('ascii', 'Huỳnh Ngọc Ánh', 2, 3,
    // 'ordinal not in range(128)')`, a customer's name when an export or mail task hit it
    re: /\bUnicode(?:En|De)codeError\('[A-Za-z0-9_-]{1,20}', '([^'\n]{2,120})', \d/g,
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: 'Python UnicodeEncodeError(encoding, object, start, end, reason) repr (docs.python.org exceptions)',
  },
  {
    name: 'person-in-parentheses-after-phone',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: [' ('],
    notAfter: /[^0-9]/, // the number ends right before ` (`
    // `Sent SMS to +84 28 2708 5457 (Lê Thị Thảo)`: two to four capitalised words or a caseless-script name in
    // parentheses right after a dialled number
    re: new RegExp(` \\(${NAME_WORDS}\\)`, 'gu'),
    accept: (v: string, text: string, index: number): boolean =>
      looksLikePersonName(v, true) &&
      !namesNoPerson(v) &&
      looksDialled(PHONE_BEFORE_PAREN.exec(text.slice(Math.max(0, index - 40), index - 2))?.[1] ?? ''),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person a message to a number was for, in application logs',
  },
  {
    name: 'phone-after-email',
    category: 'PHONE',
    priority: 58,
    group: 1,
    anchors: [' at ', ', 0', ', +', ', ('],
    notAfter: /[^A-Za-z]/, // the address's top-level domain ends right before ` at ` or `, `
    // `callback requested by kofi@corvus-dental.be at 02 9876 5432`, `placed by Sipho Dlamini (sipho@…, 072 990 7723)`:
    // a number with a country code or trunk `0` right after an e-mail address
    re: new RegExp(`(?: at[ \\t]+|, )(${PHONE_AFTER_NAME})`, 'g'),
    accept: (v: string, text: string, index: number): boolean =>
      isWrittenPhoneNumber(v) &&
      text.charCodeAt(index + v.length) !== 58 /* `:` a time follows: `at 03.11.2026 09:00` */ &&
      EMAIL_BEFORE_PHONE.test(text.slice(Math.max(0, index - 120), index)),
    source: SRC_CORPUS_README + ' (PHONE); a contact number written after the e-mail address of the same person',
  },
  {
    name: 'person-name-flag',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: ['--name', '--full-name', '--fullname', '--display-name', '--customer-name'],
    // `notify.py --email … --name "Ines Hadžić"`: a quoted value of two or more name words (a container or job
    // `--name web-1` is one token and stays)
    re: /--(?:full-?|display-|customer-)?name(?:[ \t]{1,4}|=)(?:"([^"\n]{1,100})"|'([^'\n]{1,100})')/g,
    // only next to a contact of the same person (an address or a phone flag): `--name "GitHub Actions"`,
    // `--display-name "CI Deployer"` and `--name "Ubuntu Server"` name service principals, accounts and machines
    accept: (v: string, text: string, index: number): boolean =>
      v.includes(' ') && looksLikePersonName(v.trim(), true) && lineHasContact(text, index),
    source: SRC_CORPUS_README + ' (PERSON_NAME); a person named on a command line next to their contact (ps aux)',
  },
  {
    name: 'git-author-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['user.name', 'git_author_name', 'git_committer_name'],
    // `git -c user.name=Lucia Cohen -c user.email=…`, `git config --global user.name "Lucia Cohen"`,
    // `GIT_AUTHOR_NAME=Lucia Cohen`: the name git records as author; bots and CI identities stay
    re: /\b(?:user\.name|GIT_(?:AUTHOR|COMMITTER)_NAME)(?:[ \t]*=[ \t]*|[ \t]+)(?:"([^"\n]{1,100})"|'([^'\n]{1,100})'|(\p{Lu}[\p{L}\p{M}'’-]{0,30}(?:[ \t]\p{Lu}[\p{L}\p{M}'’-]{0,30}){0,3}|[\p{Lo}][\p{Lo}\p{M}]{1,12}(?:[ \t][\p{Lo}][\p{Lo}\p{M}]{0,12}){0,2}))/gu,
    accept: (v: string): boolean => !namesNoPerson(v) && looksLikePersonName(v.trim(), false),
    source:
      SRC_CORPUS_README +
      ' (PERSON_NAME); git-config(1) user.name and the GIT_AUTHOR_NAME/GIT_COMMITTER_NAME variables',
  },
  {
    name: 'salutation-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: ['hi ', 'hello ', 'dear ', 'hey '],
    notAfter: /[\p{L}\p{M}]/u,
    // `'Hi Yusuf, your code is 354059'`, `Dear Mr. Castellanos,` in an SMS or mail body: one to three name words between a
    // greeting (and a title) and a comma; generic addressees (`Dear Customer,`, `Hello Developer,`) stay
    re: /(?:Hi|Hello|Dear|Hey)[ \t]{1,4}(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?[ \t]{1,4})?(\p{Lu}[\p{L}\p{M}'’-]{1,30}(?:[ \t]\p{Lu}[\p{L}\p{M}'’-]{1,30}){0,2}|[\p{Lo}][\p{Lo}\p{M}]{0,12})(?=[ \t]?,)/gu,
    accept: (v: string): boolean =>
      !v.split(/[ \t]/).some((w) => GENERIC_ADDRESSEE.test(w)) && looksLikePersonName(v, false),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the addressee of a greeting in a message body',
  },
  {
    name: 'person-after-credential-action',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: [' by '],
    // `// staging creds rotated 2024-01-03 by Σοφία Παππά`, `password reset by Farid Fitzgerald.`: the person a change
    // to a credential or an access request is credited to, two to four capitalised words or one caseless-script name,
    // ending the sentence; `signed by`/`issued by` (certificate authorities) and `created by` (tools) are not such verbs
    re: new RegExp(` by[ \\t]{1,4}${NAME_WORDS}(?=[ \\t]*(?:[.,;)\\]'"]|\\*\\/|\\r?$))`, 'gmu'),
    accept: (v: string, text: string, index: number): boolean =>
      !namesNoPerson(v) && looksLikePersonName(v, false) && CREDENTIAL_ACTION_BEFORE.test(linePrefix(text, index, 120)),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person a credential change is credited to in comments and logs',
  },
  {
    name: 'person-credited-in-comment',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [
      'edited by ',
      'modified by ',
      'updated by ',
      'maintained by ',
      'managed by ',
      'changed by ',
      'owned by ',
      'added by ',
    ],
    // a comment crediting a person with the file or a change (`# last edited by Käthe Weiß on 2025-03-26`, `//
    // maintained by 王伟`): two to four capitalised words or a caseless-script name, then a date, a sentence end or the
    // line's end; `created by` and `generated by` name tools and stay out
    re: new RegExp(
      `\\b(?:edited|modified|updated|maintained|managed|changed|owned|added)[ \\t]by[ \\t]{1,4}${NAME_WORDS}(?=[ \\t]+(?:on|at|in|for|via|from)\\b|[ \\t]+\\d{4}-\\d\\d-\\d\\d|[ \\t]*(?:[.,;:)(<\\]'"]|-{1,3}(?:[ \\t]|\\r?$)|\\*\\/|\\r?$))`,
      'gmu',
    ),
    // (`rem` and `::` start a batch file's comment: `rem Drive mappings - maintained by Karthik Kulkarni`; a tool or a
    // team is no one: `managed by Puppet Enterprise`)
    accept: (v: string, text: string, index: number): boolean =>
      !v.split(' ').some((w) => TOOL_OR_TEAM_WORD.has(w)) &&
      (personInComment(v, text, index) ||
        (looksLikePersonName(v, false) && !namesNoPerson(v) && BATCH_COMMENT.test(linePrefix(text, index, 160)))),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person a configuration comment credits with the file or a change',
  },
  {
    name: 'person-dated-in-comment',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [', 19', ', 20', ' this week)', ' on call)'],
    // a comment signed in parentheses with a date (`# nightly DB backup -> S3   (Oğuz Kaya, 2024-08-08)`) or naming who
    // is on call (`-- pages whoever is on call (Nguyễn Văn Đức this week)`)
    re: new RegExp(`\\(${NAME_WORDS}(?:, (?:19|20)\\d\\d-\\d\\d-\\d\\d| this week| on call)\\)`, 'gu'),
    accept: personInComment,
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person who signed or is on call for a script, in its comments',
  },
  {
    name: 'person-heading-comment',
    category: 'PERSON',
    priority: 60,
    group: 1,
    // (gated on the comment's mark: ` - ` is on every line of an access log)
    keywords: ['# ', '// '],
    // a comment that starts with its author's or owner's name, then a dash and what the file is for
    // (`# Inés Gonçalves -- sync exports to the NAS`, `// 이민준 -- nightly reports`), or a WireGuard peer's device
    // (`# Nils Brückner - Galaxy Tab`)
    re: new RegExp(`^[ \\t]*(?:#|//|;)[ \\t]*${NAME_WORDS}(?=[ \\t]+--?[ \\t])`, 'gmu'),
    accept: signedComment,
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person who wrote or owns a script or config file, in its comments',
  },
  {
    name: 'person-signing-comment',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [' -- '],
    // a comment that ends with a dash and its author's or owner's name (`# personal client defaults -- Agnieszka Zieliński`)
    re: new RegExp(`(?<=[ \\t]--[ \\t]{1,4})${NAME_WORDS}(?=[ \\t]*\\r?$)`, 'gmu'),
    accept: signedComment,
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person who wrote or owns a script or config file, in its comments',
  },
  {
    name: 'person-after-comment-date',
    category: 'PERSON',
    priority: 60,
    group: 1,
    // (gated on the comment's mark: `/20` is in every web server log's date)
    keywords: ['# ', '// ', '-- '],
    // who last changed a file, written at the end of a comment after the date, in any language (`# Dernière
    // modification le 18/11/2025 par Gaël Chevalier`, `# Zuletzt geändert am 20.06.2023 von Ömer Kühn`, `# Ostatnia
    // zmiana 27.07.2025, Joanna Ślusarczyk`)
    re: new RegExp(
      `\\b\\d{1,2}[./]\\d{1,2}[./](?:19|20)\\d\\d(?:,[ \\t]{0,4}|[ \\t]+(?:by|par|por|von|door|da|di|de|przez|av|af)[ \\t]+)${NAME_WORDS}(?=[ \\t]*\\r?$)`,
      'gmu',
    ),
    accept: (v: string, text: string, index: number): boolean =>
      looksLikePersonName(v, true) && personInComment(v, text, index),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person who last changed a configuration file, in its comments',
  },
  {
    name: 'person-after-customer-id',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['customer ', 'client ', 'member ', 'patient ', 'guest ', 'subscriber '],
    // an application log naming a record by its id and then, in parentheses, the person
    // (`Address updated for customer 128179 (Lukáš Procházka): Brno -> Praha`, `member #4411 (Jane Doe, …)`)
    re: new RegExp(
      `\\b(?:[Cc]ustomer|[Cc]lient|[Mm]ember|[Pp]atient|[Gg]uest|[Ss]ubscriber)[ \\t]#?\\d{1,12}[ \\t]\\(${NAME_WORDS}(?=\\)|,)`,
      'gu',
    ),
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the customer an application log line is about, after the record id',
  },
  {
    name: 'person-acting-by',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [' by '],
    // who did something, in an application log (`Shipping address changed by Théo Lévêque from 203.0.113.5`, `order
    // placed by "Jane Doe", …`): two or more name words, not a tool or a team
    re: new RegExp(
      `\\b(?:changed|updated|placed|submitted|requested|booked|deleted|approved|rejected|refunded|cancell?ed|opened|closed|paid) by "?${NAME_WORDS}"?(?=[ \\t]+(?:from|via|at|on|for|with|using)\\b|[ \\t]*[,.;:)(]|[ \\t]*\\r?$)`,
      'gmu',
    ),
    accept: (v: string): boolean =>
      looksLikePersonName(v, true) && !namesNoPerson(v) && !v.split(' ').some((w) => TOOL_OR_TEAM_WORD.has(w)),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person an application log says acted',
  },
  {
    name: 'person-before-card',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: [' card'],
    // the cardholder a payment log names before the card (`Authorization refused by "payu" for "Çağla Yılmaz" card …`,
    // `… for Ayşe Öztürk card 4111…`)
    re: new RegExp(`\\bfor "?${NAME_WORDS}"?[ \\t]+card\\b`, 'gu'),
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the cardholder of a payment attempt in application logs',
  },
  {
    name: 'person-quoted-after-order-verb',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['for "', 'to "'],
    // the person an order or message was for, quoted by a structured logger (Serilog: `Order 566256 created for
    // "Maximilian Groß" ("+49 …")`)
    re: new RegExp(
      `\\b(?:created|placed|shipped|refunded|registered|issued|sent|booked|confirmed|cancell?ed|delivered) (?:for|to) "${NAME_WORDS}"`,
      'gu',
    ),
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the customer of an order or message in structured application logs',
  },
  {
    name: 'phone-in-parentheses-after-email',
    category: 'PHONE',
    priority: 58,
    group: 1,
    anchors: ['@'],
    // a contact number right after an address, in the same parentheses or after it in them (`New ticket 79320 from
    // jane@example.es (797 895 136) via email`, `Customer #54670 created (jane@example.es, 927 312 136)`)
    re: /@[A-Za-z0-9.-]{1,80}\.[A-Za-z]{2,24}(?:[ \t]\(|,[ \t])(\+?\(?\d[\d .()/-]{5,20}\d)\)/g,
    accept: (v: string): boolean => {
      const digits = v.replace(/\D/g, '').length;
      return digits >= 7 && digits <= 15 && !DATE_OR_DOTTED_QUAD.test(v) && !/^\d+$/.test(v);
    },
    source: SRC_CORPUS_README + ' (PHONE); a contact number written next to the e-mail address of the same person',
  },
  {
    name: 'person-with-job-role',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: [
      '(dba)',
      '(sre)',
      '(on-call)',
      '(oncall)',
      '(contractor)',
      '(consultant)',
      'dba - ',
      'sre - ',
      'dba: ',
      'owner - ',
    ],
    // a person named with their job role: `# VPN egress - Käthe Vogelsang (DBA)` in a comment, `DBA - Chiamaka Okafor`
    // in a role's description (psql `\du+`, a table cell); the role word in capitals or as the team writes it
    re: new RegExp(
      `${NAME_WORDS}[ \\t]{0,4}\\((?:DBA|SRE|on-?call|[Cc]ontractor|[Cc]onsultant)\\)|\\b(?:DBA|SRE|[Oo]wner)[ \\t]{0,2}[-–—:][ \\t]{1,4}${NAME_WORDS}(?=[ \\t]*(?:[|.,;)]|\\r?$))`,
      'gmu',
    ),
    accept: (v: string): boolean => !namesNoPerson(v) && looksLikePersonName(v, false),
    source: SRC_CORPUS_README + ' (PERSON_NAME); a person named with a job role in comments and role descriptions',
  },
  {
    name: 'comment-label-person',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['on-call:', 'oncall:', 'on call:', 'contact:', 'escalation:', 'owner:', 'maintainer:', 'responsible:'],
    // a configuration comment labelling whom to reach (`# On-call: Дмитрий Попова (8 (938) 313-68-53)`, `// Contact:
    // Thiago Araujo / (21) 97915-0533`, `# Owner: 王伟`): the name after the label, then a phone, address or the end
    re: new RegExp(
      `(?:[Oo]n-?[Cc]all|ONCALL|[Oo]n [Cc]all|[Cc]ontact|CONTACT|[Ee]scalation|[Oo]wner|OWNER|[Mm]aintainer|[Rr]esponsible)[ \\t]{0,2}:[ \\t]{1,4}${NAME_WORDS}(?=[ \\t]*(?:[,(/<|;]|-[ \\t]|\\r?$))`,
      'gmu',
    ),
    accept: personInComment,
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person a configuration comment labels as contact or on-call',
  },
  {
    name: 'yaml-comment-field-person',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['comment:'],
    // an account's GECOS comment as Ansible's user module and cloud-init take it (`comment: Grace Hughes`, `gecos:`'s
    // sibling): the whole value, when it reads as a full name
    re: new RegExp(`^[ \\t]*(?:-[ \\t]+)?comment:[ \\t]{1,4}["']?${NAME_WORDS}["']?[ \\t]*\\r?$`, 'gmu'),
    // (a firewall rule's comment describes traffic: `comment: Allow SSH`)
    accept: (v: string): boolean => !namesNoPerson(v) && !FIREWALL_COMMENT_WORD.test(v) && looksLikePersonName(v, true),
    source: 'Ansible ansible.builtin.user `comment` (the GECOS field), cloud-init users',
  },
  {
    name: 'system-crontab-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['* * ', ' * *', '@reboot', '@daily', '@hourly', '@weekly', '@monthly'],
    // the user field of a system crontab line (`/etc/crontab`, `/etc/cron.d/*`: five time fields or an `@` nickname,
    // the user, then the command; crontab(5)): a site account that reads as one (a `_`, `-` or `.` in it, or digits),
    // so that a user crontab's command word (`php /var/www/…`) is not taken for a login
    re: /^[ \t]*(?:@(?:reboot|yearly|annually|monthly|weekly|daily|midnight|hourly)|[\d*/,-]{1,20}(?:[ \t]+[\w*/,-]{1,20}){4})[ \t]+([a-z_][a-z0-9_.-]{1,31})[ \t]+(?=[/a-z$(])/gm,
    accept: (v: string): boolean =>
      /[_.\d-]/.test(v) && !isSystemAccount(v) && !CRON_COMMAND_WORD.test(v) && !/^[\d.-]+$/.test(v),
    source: 'crontab(5): system crontab lines (minute hour day month weekday user command)',
  },
  {
    name: 'person-to-ask-in-comment',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['ask ', 'contact ', 'ping ', 'check with ', 'talk to '],
    // a comment naming whom to consult (`# prod primary - ask Дмитрий Соколов before changing`, `-- contact Jane Doe
    // for access`): two to four capitalised words or a caseless-script name, then a conjunction or the end
    re: new RegExp(
      `\\b(?:[Aa]sk|[Cc]ontact|[Pp]ing|[Cc]heck with|[Tt]alk to)[ \\t]{1,4}${NAME_WORDS}(?=[ \\t]+(?:before|if|for|about|first|when|or|to)\\b|[ \\t]*(?:[.,;)]|\\r?$))`,
      'gmu',
    ),
    accept: personInComment,
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person a configuration comment says to consult',
  },
  {
    name: 'cut-ipv4-at-line-end',
    category: 'IP',
    priority: 50,
    group: 1,
    anchors: ['@', ' -h', '\t-h', ' --host', '\t--host'],
    // `ps aux` cuts a long command line at the terminal's width, in the middle of an address (`ssh deploy@192.168.211.`,
    // `psql -h 172.28`): the part left still identifies the network
    // (after `@`, octets cut right after a dot or a fourth octet cut short: `pkg@4.17.21` at a line's end is a version)
    re: /(?:@(?=(?:(?:\d{1,3}\.){1,3}|(?:\d{1,3}\.){3}\d{1,2})[ \t]*\r?$)|[ \t](?:-h[ \t]?|--host[= ]))((?:\d{1,3}\.){1,3}\d{0,3})[ \t]*\r?$/gm,
    // (a whole address is the ipv4 rule's)
    accept: (v: string): boolean => !/^\d{1,3}\.$/.test(v) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(v),
    source: 'IPv4 addresses (RFC 791) cut at the end of a ps(1) line',
  },
  {
    name: 'pgpass-escaped-ipv6',
    category: 'IP',
    priority: 60,
    group: 1,
    keywords: ['\\:'],
    // `.pgpass` escapes the colons of an IPv6 host (`fd00\:1\:\:5:5432:db:user:pw`, libpq "The Password File")
    re: /^((?:[0-9A-Fa-f]{0,4}\\:){2,7}[0-9A-Fa-f]{0,4}):(?:\d{1,5}|\*):/gm,
    accept: (v: string): boolean => /[0-9A-Fa-f]/.test(v),
    source: 'libpq password file (postgresql.org/docs/current/libpq-pgpass.html): `:` and `\\` escaped with `\\`',
  },
  {
    name: 'stat-owner',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['-rw', '-r--'],
    // `stat -c '%A %U %s %y'` and similar: the mode, the owner, the size, a full timestamp
    re: /^[-dl][rwxsStT-]{9}[.+@]?[ \t]+([A-Za-z_][A-Za-z0-9._-]{0,31})[ \t]+\d{1,15}[ \t]+\d{4}-\d\d-\d\d[ \t]+\d\d:\d\d:\d\d\.\d{1,9}/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'GNU stat(1) --format %A %U %s %y',
  },
  {
    name: 'login-after-credential-action',
    category: 'USER',
    priority: 58,
    group: 1,
    anchors: [' by '],
    // the login a credential change is credited to in a comment (`# last rotated by gkrawczyk`), ending the line
    re: / by[ \t]{1,4}([a-z][a-z0-9._-]{1,30}[a-z0-9])(?=[ \t]*(?:\*\/)?[ \t]*\r?$)/gm,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) &&
      !NOT_A_LOGIN_AFTER_BY.test(v) &&
      ((before) => COMMENT_BEFORE.test(before) && CREDENTIAL_ACTION_BEFORE.test(before))(linePrefix(text, index, 120)),
    source: SRC_CORPUS_README + ' (USERNAME); the login a credential change is credited to in comments',
  },
  {
    name: 'nginx-access-rule-owner',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['allow ', 'deny '],
    // whose address an nginx or Apache access rule admits, in its comment (`allow 203.0.113.7/32;  # Jane Doe home`)
    re: new RegExp(
      `^[ \\t]*(?:allow|deny|Require ip)[ \\t]+[0-9A-Fa-f.:/\\[\\]A-Z_]{2,60};?[ \\t]*#[ \\t]*${NAME_WORDS}(?=[ \\t]*(?:[-–—(,:]|home\\b|office\\b|vpn\\b|laptop\\b|\\r?$))`,
      'gmu',
    ),
    accept: (v: string): boolean => !namesNoPerson(v) && looksLikePersonName(v, false),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the person an access rule is for, in its comment',
  },
  {
    name: 'tracker-url-workspace',
    category: 'USER',
    priority: 56,
    group: 1,
    anchors: ['comet.com/', 'wandb.ai/'],
    // an experiment tracker's run URL names the user's workspace first (`https://www.comet.com/jdoe/llm-eval/7017…`,
    // `https://wandb.ai/jdoe/project/runs/…`)
    re: /(?:comet\.com|wandb\.ai)\/([A-Za-z0-9][A-Za-z0-9._-]{1,38})\/[A-Za-z0-9]/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !TRACKER_SITE_PATH.test(v),
    source: 'Comet and Weights & Biases run URLs (workspace or entity, then project, then run)',
  },
  {
    name: 'run-started-by-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: [' by '],
    // who launched a job, in its log (`Run started by elifo on dgx-a100-02`, `job submitted by jdoe on login01`)
    re: /\b(?:[Rr]un|[Jj]ob|[Tt]ask|[Tt]raining|[Ss]weep|[Ee]xperiment)? ?(?:started|launched|submitted|triggered|initiated|queued|scheduled) by ([a-z][a-z0-9._-]{1,30}[a-z0-9]) (?=on |from |at |via |\()/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !NOT_A_LOGIN_AFTER_BY.test(v),
    source: SRC_CORPUS_README + ' (USERNAME); the login a job is started by in its log',
  },
  {
    name: 'person-after-contact-label',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['on-call', 'oncall', 'escalation', 'contact', 'emergency'],
    // a name under an on-call or contact label, its number after it (`# on-call escalation: Noémie Girard +33 6 12 …`,
    // `Emergency contact: Jürgen Böhm 0171 2345678`)
    re: new RegExp(
      `(?:on-?call|escalation|contact|emergency)[^:\\n]{0,30}:[ \\t]{1,4}${NAME_WORDS}(?=[ \\t,]{1,4}(?:\\+\\d|\\(?0\\d))`,
      'giu',
    ),
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); a name under an on-call or contact label, before its number',
  },
  {
    name: 'person-after-action-by',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: [' by '],
    // the customer an application log names as the one who acted (`Order #806194 placed by Barış Kılıç (customer_id=…)`,
    // `Booking 4411 cancelled by Ana Lima, refund issued`): a full name after the action and `by`, quoted by structured
    // loggers (Serilog's `placed by "김민준"`)
    re: new RegExp(
      `\\b(?:placed|submitted|ordered|booked|requested|paid|cancell?ed|refunded|returned|reserved|purchased) by ["']?${NAME_WORDS}["']?(?=[ \\t]*(?:\\(|,|;|\\.(?:[ \\t]|$)|$| on | at | for | via | from ))`,
      'gmu',
    ),
    accept: (v: string): boolean => looksLikePersonName(v, true) && !namesNoPerson(v),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the customer an application log says acted',
  },
  {
    name: 'su-target-user',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['(to '],
    // the account `su` switched to, in its syslog line (`su[15037]: (to kjaers) jdoe on pts/1`, util-linux su(1))
    re: /\bsu(?:\[\d{1,10}\])?: (?:FAILED SU )?\(to ([A-Za-z_][A-Za-z0-9._-]{0,31})\)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'util-linux su(1) syslog messages `(to <user>) <caller> on <tty>`',
  },
  {
    name: 'ansible-user-comment',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ["'comment':", '"comment":'],
    // the GECOS full name of an account Ansible's user module manages, as `-v` prints its item and result
    // (`(item={'name': 'cl', 'comment': 'Chloé Lefèvre', 'groups': ['sudo']}) => {… "comment": "Chloé Lefèvre", …}`)
    re: new RegExp(`["']comment["']:[ \\t]{0,4}["']${NAME_WORDS}["']`, 'gu'),
    accept: (v: string, text: string, index: number): boolean =>
      looksLikePersonName(v, true) &&
      !namesNoPerson(v) &&
      USER_ITEM_KEY.test(text.slice(lineStartWithin(text, index, 2000), index + 2000)),
    source: 'Ansible ansible.builtin.user module `comment` (the GECOS field, passwd(5))',
  },
  {
    name: 'ldap-bind-dn',
    category: 'USER',
    priority: 70,
    group: 1,
    keywords: ['binddn', 'bind_dn', 'bind-dn', 'queryuser', 'query_user', 'managerdn', 'manager_dn'],
    // the whole DN a service binds to the directory with (`bind_dn: "cn=svc-elastic,ou=services,dc=acme,dc=co,dc=jp"`,
    // pg_hba `ldapbinddn="…"`, MongoDB `queryUser`, nslcd `binddn …`): the account and the customer's naming context
    // in one value, redacted whole (its parts are the DN rules' elsewhere)
    re: /(?:bind[_-]?dn|query[_-]?user|manager[_-]?dn)["']?[ \t]*[:=]?[ \t]*["']?((?:cn|uid)=[^"'\n]{1,600})/gi,
    accept: (v: string): boolean => /,[ \t]*(?:dc|ou|o)=/i.test(v),
    source:
      'LDAP bind DNs in service configs (RFC 4514 DNs; Elasticsearch/OpenSearch, PostgreSQL pg_hba ldap, MongoDB, nslcd)',
  },
  {
    name: 'keycloak-added-user',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ["added user '"],
    // Keycloak's start-up import of its admin (`KC-SERVICES0009: Added user 'kc-admin' to realm 'master'`)
    re: /\bAdded user '([^'\s]{1,64})' to realm/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Keycloak server log KC-SERVICES0009 (keycloak.org)',
  },
  {
    name: 'quoted-name-for-recipient',
    category: 'PERSON',
    priority: 58,
    group: 1,
    keywords: ['for "'],
    // the customer a mail or job is for, quoted after the address on a log line (`Sent order confirmation to
    // a@b.example (message-id <…>) for "Mihai Ionescu"`)
    re: new RegExp(`\\bfor "${NAME_WORDS}"`, 'gu'),
    accept: (v: string, text: string, index: number): boolean =>
      looksLikePersonName(v, true) && !namesNoPerson(v) && linePrefix(text, index, 2000).includes('@'),
    source: SRC_CORPUS_README + ' (PERSON_NAME); the quoted name a mail or job is for, beside the address',
  },
  {
    name: 'comment-by-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: [' by '],
    // who deployed or keeps a file, in its comment (`# deployed 2024-10-15 by kavya_nair (rev a5394…)`, `# maintained
    // by olga_ivanova -- last change …`, `// generated 2024-01-02 by jdoe`): one login-shaped word, then the comment goes on
    // or ends
    re: /(?:#|\/\/|--|;)[^\n]{0,80}?\b(?:deployed|maintained|managed|generated|edited|updated|modified|changed|rotated|installed|provisioned|owned)(?: (?:on )?\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?)? by @?([a-z][a-z0-9._-]{1,30}[a-z0-9])(?=[ \t]*(?:\(|--|-|,|;|\.?[ \t]*\r?$|on |at |via |from |for ))/gm,
    // (`generated … by` names a tool as often: `# generated 2024-12-30 by wg-portal`, `by certbot`)
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) &&
      !NOT_A_LOGIN_AFTER_BY.test(v) &&
      !(
        /-(?:portal|ui|admin|manager|tool|tools|cli|gen|generator|ctl|bot|sync)$/.test(v) &&
        GENERATED_BY.test(text.slice(Math.max(0, index - 40), index))
      ),
    source: SRC_CORPUS_README + " (USERNAME); the login a file's comment says deployed or keeps it",
  },
  {
    name: 'env-default-secret',
    category: 'PASSWORD',
    priority: 72,
    group: 2,
    keywords: ['environ', 'getenv', 'get_env', 'env(', 'env.fetch', 'env.', 'env[', 'config('],
    // the fallback a program uses when a secret's environment variable is unset, written in its source:
    // `os.environ.get("DJANGO_SECRET_KEY", "…")`, `env('SECURITY_SALT', '…')`, `System.get_env("SECRET_KEY_BASE") ||
    // "…"`, `ENV.fetch("SECRET_KEY_BASE") { "…" }`, `process.env.JWT_SECRET || '…'`, `config('APP_KEY', default='…')`
    re: /(?:environ\.get|getenv|get_env|getEnv|\benv|ENV\.fetch|ENV\[|process\.env\.|\bconfig)\(?[ \t]*["']?([A-Z0-9_]{0,40}(?:SECRET|PASSWORD|PASSWD|TOKEN|KEY|SALT|PASS|CREDENTIALS?|COOKIE)[A-Z0-9_]{0,40})["']?[ \t]*\]?[ \t]*\)?[ \t]*(?:,[ \t]*(?:default[ \t]*=[ \t]*)?|\|\||\?\?|\?:|\{)[ \t]*(?:"([^"\n]{4,512})"|'([^'\n]{4,512})')/g,
    accept: (v: string): boolean => !v.includes('${') && plausibleSecretValue(v),
    source:
      'defaults of secret environment variables in Django, Laravel, Phoenix, Rails and Node settings (12factor.net/config)',
  },
  {
    name: 'ec2-private-hostname',
    category: 'HOST',
    priority: 52,
    group: 0,
    keywords: ['ip-'],
    notAfter: /[A-Za-z0-9_-]/,
    // an EC2 instance's private DNS name spells its address (`ip-10-0-1-23`, `ip-10-0-1-23.ec2.internal`,
    // `ip-172-31-5-9.eu-west-1.compute.internal`; docs.aws.amazon.com "Amazon EC2 instance hostname types"), in prompts,
    // key comments (`ubuntu@ip-172-31-5-9`) and syslog lines
    re: /ip-(?:25[0-5]|2[0-4]\d|1?\d{1,2})(?:-(?:25[0-5]|2[0-4]\d|1?\d{1,2})){3}(?:\.(?:ec2\.internal|[a-z]{2}-[a-z]+-\d\.compute\.internal))?(?![A-Za-z0-9_-])/g,
    source: 'EC2 private IP DNS names (docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-naming.html)',
  },
  {
    name: 'presigned-url-signature',
    category: 'TOKEN',
    priority: 84,
    group: 1,
    keywords: ['signature='],
    // the signature of a pre-signed object URL: whoever holds the URL can fetch the object until it expires (AWS SigV4
    // query authentication `X-Amz-Signature`, Google Cloud Storage V4 `X-Goog-Signature`, SigV2 `Signature=` beside
    // `Expires=`, Azure SAS `sig=` is the url-one-time-code rule's)
    re: /[?&;](?:X-Amz-Signature|X-Goog-Signature|Signature)=([A-Za-z0-9%+/=_-]{20,1024})/g,
    source:
      'AWS SigV4 query-string authentication (docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html), GCS V4 signing',
  },
  {
    name: 'query-appid-key',
    category: 'APIKEY',
    priority: 80,
    group: 1,
    keywords: ['appid='],
    // OpenWeather's API key is passed as `appid` (openweathermap.org/appid): 32 hex digits
    re: /[?&;]appid=([0-9a-f]{32})(?![0-9a-f])/gi,
    source: 'OpenWeather API key parameter `appid` (openweathermap.org/appid)',
  },
  {
    name: 'web-server-auth-user',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['user `', 'user ', 'user ['],
    // the login a web server's authentication names: Apache mod_auth_digest `AH01790: user `jdoe' in realm`, Apache 2.2
    // `user jdoe: authentication failure for "/x"`, Tomcat's LockOutRealm `User [jdoe] successfully authenticated` and
    // `locked user [jdoe]`
    re: /\b(?:user `([^'`\s]{1,64})' in realm|user ([^\s:]{1,64}): authentication failure|[Uu]ser \[([^\]\s]{1,64})\] (?:successfully authenticated|failed to authenticate|has been locked)|locked user \[([^\]\s]{1,64})\])/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Apache httpd mod_auth_digest AH01790 and mod_auth_basic messages; Tomcat LockOutRealm log messages',
  },
  {
    name: 'aws-session-token',
    category: 'TOKEN',
    priority: 88,
    group: 0,
    keywords: ['iqojb3jpz2lux2vj', 'fwogzxivyxdze', 'fqogzxivyxdze'],
    notAfter: /[A-Za-z0-9+/]/,
    // an STS session token, whatever it is named: its serialized form starts with the same bytes, so its base64 with
    // `IQoJb3JpZ2luX2Vj` (`origin_ec…`, current) or `FwoGZXIvYXdzE` / `FQoGZXIvYXdzE` (older tokens)
    // (percent-encoded in a pre-signed URL's `X-Amz-Security-Token=`: `%2B`, `%2F`, `%3D`)
    re: /(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE|FQoGZXIvYXdzE)(?:[A-Za-z0-9+/]|%2[BFbf]){40,4096}(?:(?:%3[Dd]){1,2}|={0,2})/g,
    source:
      'AWS STS session tokens (docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html), their fixed prefix',
  },
  {
    name: 'aws-secret-beside-key-id',
    category: 'APIKEY',
    priority: 86,
    group: 1,
    keywords: ['akia', 'asia'],
    // a secret access key printed on the line of its access key id, in no named field: `aws … --output text`
    // (`CREDENTIALS  ASIA…  <expiry>  <secret>  <token>`), credentials.csv (`jdoe,AKIA…,<secret>`), tables
    // (or right after the key id and a `/`, as S3's SignatureDoesNotMatch error and some credential strings print it)
    re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}(?:\/|\b[^\n]{0,120}?(?<![A-Za-z0-9/+]))([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
    accept: (v: string): boolean => /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v) && shannonEntropy(v) >= 4,
    source:
      'AWS access keys: 20-character key id (AKIA/ASIA) and 40-character secret (docs.aws.amazon.com IAM access keys)',
  },
  {
    name: 'gcp-private-key-id',
    category: 'APIKEY',
    priority: 80,
    group: 1,
    keywords: ['private_key_id', 'created key ['],
    // a service account key's id (`"private_key_id": "<40 hex>"` in its JSON, `gcloud iam service-accounts keys create`
    // prints `created key [<id>]`): it names the key a leaked file holds
    re: /(?:"private_key_id"[ \t]*:[ \t]*"|created key \[)([0-9a-f]{40})(?=["\]])/g,
    source: 'Google Cloud service account key file format (cloud.google.com/iam/docs/keys-create-delete)',
  },
  {
    name: 'aiven-service-password',
    category: 'PASSWORD',
    priority: 86,
    group: 0,
    keywords: ['avns_'],
    notAfter: /[A-Za-z0-9_]/,
    // Aiven generates service passwords with the prefix `AVNS_` (`avn service user-list`, `doctl databases` on Aiven)
    re: /AVNS_[A-Za-z0-9_-]{16,128}/g,
    source: 'Aiven service user passwords (AVNS_ prefix, aiven.io docs)',
  },
  {
    name: 'password-manager-session',
    category: 'TOKEN',
    priority: 84,
    group: 1,
    keywords: ['bw_session', 'op_session_', '--session'],
    // the unlocked vault's session key of Bitwarden's CLI (`export BW_SESSION="…"`) and 1Password's CLI v1
    // (`OP_SESSION_<account>=…`)
    // (and `bw … --session <key>`)
    re: /(?:\b(?:BW_SESSION|OP_SESSION_[A-Za-z0-9_]{1,64})["']?[ \t]*=|\bbw\b[^\n]{0,200}?[ \t]--session[ =])[ \t]*["']?([A-Za-z0-9+/=_-]{20,512})/g,
    source: 'Bitwarden CLI `bw unlock` (BW_SESSION) and 1Password CLI v1 `op signin` (OP_SESSION_*)',
  },
  {
    name: 'azure-storage-key-row',
    category: 'APIKEY',
    priority: 86,
    group: 1,
    keywords: ['key1', 'key2'],
    // `az storage account keys list -o table`: `<created>  key1  FULL  <88-character key>`
    re: /\bkey[12][ \t]+(?:FULL|READ)[ \t]+([A-Za-z0-9+/]{86}==)/g,
    source: 'Azure Storage account keys (az storage account keys list)',
  },
  {
    name: 'vault-display-name-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['display_name'],
    // a Vault token's display name is its auth method and the login (`vault token lookup`: `display_name  ldap-jdoe`)
    re: /\bdisplay_name["']?[ \t]*[:=]?[ \t]*["']?(?:ldap|userpass|oidc|okta|radius|github|jwt|kerberos)-([A-Za-z0-9._@-]{2,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'HashiCorp Vault token display_name (<auth mount>-<login>), vault token lookup',
  },
  {
    name: 'devise-mailer-token',
    category: 'TOKEN',
    priority: 84,
    group: 1,
    keywords: ['_instructions'],
    // Devise's raw token as the job that mails it logs its arguments (`MailDeliveryJob … "Devise::Mailer",
    // "reset_password_instructions", "deliver_now", {:args=>[#<GlobalID …>, "2t363PRA5vvAtefGn8a5", {}]}`): 20
    // characters of Devise.friendly_token
    re: /(?:reset_password|confirmation|unlock)_instructions"[^\n]{0,400}?"([A-Za-z0-9_-]{20})"/g,
    source: 'Devise token mails (Devise::Mailer reset_password_instructions; Devise.friendly_token, 20 characters)',
  },
  {
    name: 'aws-role-session-name',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['aroa', 'assumed-role/'],
    // the session name of an assumed role, which SSO and most people set to their login (`"AssumedRoleId":
    // "AROAPQORAUQKAH7JDCBNH:kyamamoto"`, `arn:aws:sts::…:assumed-role/ReadOnlyAccess/j.schaefer`); SDK and instance
    // sessions (`botocore-session-…`, `i-0abc…`) stay
    re: /(?:\bAROA[A-Z0-9]{12,20}:|:assumed-role\/[A-Za-z0-9+=,.@_-]{1,64}\/)([A-Za-z0-9+=,.@_-]{2,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !SDK_SESSION_NAME.test(v),
    source:
      'AWS STS role session names (docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html, RoleSessionName)',
  },
  {
    name: 'erlang-setcookie',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    keywords: ['-setcookie'],
    // the distribution cookie on an Erlang/Elixir node's command line or vm.args (`-setcookie <cookie>`): whoever has it
    // can run code on the node (erlang.org/doc/system/distributed.html, "Security")
    re: /-setcookie[ \t]+["']?([^\s"'$]{1,255})/g,
    source: 'erl(1) -setcookie, Elixir releases vm.args (the Erlang distribution cookie)',
  },
  {
    name: 'phone-after-call-cue',
    category: 'PHONE',
    priority: 56,
    group: 1,
    keywords: ['call', 'voicemail', 'ring me', 'reach me', 'text me', 'whatsapp'],
    // a number written after what to do with it, in notes and chats (`Left voicemail on 0161 883 8236`, `Call back
    // 081 675 0977`, `call me if anything 653 388 686`)
    re: /\b(?:[Cc]all(?:ed)?(?: me| us| him| her| them)?(?: back)?(?: (?:on|at))?|[Cc]all me if anything|[Vv]oicemail (?:on|at)|[Rr]ing me (?:on|at)|[Rr]each me (?:on|at)|[Tt]ext me (?:on|at)|[Ww]hats[Aa]pp(?: me)?(?: on| at)?)[: \t]{1,4}(\+?\(?\d[\d ()./-]{5,20}\d)(?![\d])/g,
    accept: (v: string): boolean => looksDialled(v),
    source: SRC_CORPUS_README + ' (PHONE); numbers people write after a call-back cue in notes and chats',
  },
  {
    name: 'chat-transcript-speaker',
    category: 'PERSON',
    priority: 56,
    group: 1,
    keywords: ['] '],
    // (`] ` is on most lines of a log: only lines that open with a bracketed date are read)
    lineGate: /\[\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d)?\] /y,
    // a transcript line: a bracketed time, the speaker's full name, a colon (`[2024-09-22 13:04:25] Jürgen Schäfer: Hi`)
    re: new RegExp(`^\\[\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d(?::\\d\\d)?\\] ${NAME_WORDS}:[ \\t]`, 'gmu'),
    accept: (v: string): boolean => !namesNoPerson(v) && looksLikePersonName(v, true),
    source: SRC_CORPUS_README + ' (PERSON_NAME); speakers of chat transcripts',
  },
  {
    name: 'chat-self-introduction',
    category: 'PERSON',
    priority: 55,
    group: 1,
    keywords: ["i'm ", 'my name is ', 'this is '],
    // an agent or customer naming themselves in a chat (`I'm Yael. Could you…`, `my name is Ana Souza`)
    // (a full name: one capitalised word after `I'm` is as often a state, `I'm Sorry.`)
    re: new RegExp(`\\b(?:I'm|I am|[Mm]y name is|[Tt]his is)[ \\t]{1,4}${NAME_WORDS}(?=[.,!])`, 'gu'),
    accept: (v: string): boolean => !namesNoPerson(v) && looksLikePersonName(v, true),
    source: SRC_CORPUS_README + ' (PERSON_NAME); people naming themselves in chats and mails',
  },
  {
    name: 'duplicate-entry-phone',
    category: 'PHONE',
    priority: 58,
    group: 1,
    anchors: ["duplicate entry '"],
    re: /Duplicate entry '([^'\n]{1,64})' for key '[^'\n]{0,128}(?:phone|mobile|msisdn|tel)[^'\n]{0,64}'/gi,
    accept: (v: string): boolean => /^[+(]?\d[\d ()./-]{5,30}$/.test(v),
    source: 'MySQL error 1062 `Duplicate entry … for key` (replica Last_SQL_Error) on a phone column',
  },
  {
    name: 'duplicate-entry-user',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ["duplicate entry '"],
    re: /Duplicate entry '([A-Za-z0-9._@-]{1,64})' for key '[^'\n]{0,128}(?:user|login)[^'\n]{0,64}'/gi,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^\d+$/.test(v),
    source: 'MySQL error 1062 `Duplicate entry … for key` (replica Last_SQL_Error) on a username column',
  },
  {
    name: 'vault-token',
    category: 'TOKEN',
    priority: 80,
    group: 0,
    keywords: ['hvs.', 'hvb.', 'hvr.'],
    notAfter: /[A-Za-z0-9_.-]/,
    re: /hv[sbr]\.[A-Za-z0-9_-]{24,300}(?![A-Za-z0-9_-])/g,
    source:
      'HashiCorp Vault token prefixes hvs./hvb./hvr. (developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes); gitleaks only takes the 90+ character form',
  },
  {
    name: 'db-auth-error-user',
    category: 'USER',
    priority: 57,
    group: 2,
    keywords: ['for user', 'pg_hba.conf', 'role "', 'authenticate user'],
    // Dex's LDAP connector: `ldap: invalid password for user \"jdoe\"` (in a logfmt message, its quotes escaped)
    re: /(?:\bdenied for user |\bauthentication failed for user |\bLogin failed for user |\b(?:invalid|incorrect|wrong|bad) password for user |\bto authenticate user |\bpg_hba\.conf entry for host "[^"\n]{0,64}", user |\brole )(\\?['"])([A-Za-z0-9._@-]{1,64})\1/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source:
      'MySQL error 1045 `Access denied for user \'u\'@\'h\'`, PostgreSQL `password authentication failed for user "u"`, `no pg_hba.conf entry for host …, user "u"`, `role "u" does not exist`',
  },
  {
    name: 'mysql-account-name',
    category: 'USER',
    priority: 56,
    group: 2,
    keywords: ["'@'", '`@`', '"@"'],
    // a MySQL account name, `'user'@'host'` (quoted with ' ` or "), as GRANT, CREATE USER, SHOW GRANTS and the server's
    // errors write it in every language (`Acesso negado para o usuário 'svc_x'@'10.0.0.5'`, `TO \`app\`@\`%\``)
    re: /(?<![A-Za-z0-9._$-])(['`"])([A-Za-z0-9._$-]{1,64})\1@(['`"])[^'`"\s]{1,255}\3/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: "MySQL Reference Manual 8.4, \"Specifying Account Names\" (`'user_name'@'host_name'`)",
  },
  {
    name: 'login-attempt-user',
    category: 'USER',
    priority: 57,
    group: 2,
    keywords: [
      'attempt for ',
      'attempts for ',
      'authenticating as ',
      'logged user ',
      'logged in user ',
      'logged-in user ',
      'authentication succeeded for ',
      'authentication failed for ',
      'login failed for ',
      'credentials for ',
      'logged in as ',
      'login for user',
      'logon for user',
      'sign-in for user',
      'signin for user',
      'login for account',
    ],
    // application logs naming the account a login was for or is made as (Jamf Pro `Failed login attempt for username
    // "jdoe" from …`, Django and Flask apps' `Failed login for user jdoe from …`, the GLPI agent's `authenticating as
    // inv-agent` and `found logged user jdoe from …`)
    re: /(?:\b(?:login|logon|sign-?in|authentication|auth)(?: attempts?)? for (?:user(?:name)? |account )|\bauthenticating as |\b(?:found )?logged(?:[ -]in)? user |\bpeer authentication (?:succeeded|failed) for |\blogin failed for |\b(?:bad|invalid|wrong) credentials for |\blogged in as )(\\?['"]?)([A-Za-z0-9._@-]{0,63}[A-Za-z0-9_-])\1(?=[\s,;:)'"]|$)/gi,
    // (kadmin's `Authenticating as principal root/admin@REALM with password.`: the word, not a login)
    accept: (v: string): boolean =>
      !isSystemAccount(v) && !/^(?:anonymous|guest|nobody|unknown|null|none|principal)$/i.test(v),
    source: 'Jamf Pro server log (AuthenticationFilter), GLPI agent log (http client, Inventory::Linux::Users)',
  },
  {
    name: 'mongo-shell-password-argument',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['changeuserpassword(', '.auth('],
    // mongosh and the legacy mongo shell: `db.changeUserPassword('u', 'p')` and `db.auth('u', 'p')`, the password the
    // second string argument (a call that prompts, `passwordPrompt()`, has no string there)
    re: /\b(?:changeUserPassword|auth)\([ \t]*(?:'[^'\n]{1,64}'|"[^"\n]{1,64}")[ \t]*,[ \t]*(?:'((?:[^'\\\n]|\\.){1,256})'|"((?:[^"\\\n]|\\.){1,256})")/g,
    source: 'MongoDB shell methods db.changeUserPassword(username, password), db.auth(username, password)',
  },
  {
    name: 'fdw-options-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ["password '"],
    // a foreign server's user mapping, as `\deu+` lists it and `CREATE USER MAPPING … OPTIONS (…)` sets it:
    // `("user" 'fdw_app', password 'p')` ('' escapes a quote inside the value)
    re: /(?:\(|,[ \t]{1,4})"?password"?[ \t]{1,4}'((?:[^'\n]|''){1,256})'(?=[ \t]*[,)])/g,
    source: 'PostgreSQL postgres_fdw user mapping options (user, password); psql \\deu+ FDW options column',
  },
  {
    name: 'fdw-options-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['"user" \'', "(user '", ", user '"],
    re: /(?:\(|,[ \t]{1,4})"?user"?[ \t]{1,4}'([A-Za-z0-9_.@$-]{1,64})'(?=[ \t]*[,)])/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'PostgreSQL postgres_fdw user mapping options (user, password); psql \\deu+ FDW options column',
  },
  {
    name: 'conninfo-sql-quoted-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ["password=''", "password = ''"],
    // a libpq conninfo value quoted inside a SQL string literal, its quotes doubled: `primary_conninfo = 'user=r
    // password=''willow maple canyon 51'' host=…'` (postgresql.auto.conf, `SHOW primary_conninfo`, pg_subscription)
    re: /\bpassword[ \t]?=[ \t]?''((?:[^'\n\\]|\\.){1,256}?)''(?!')/g,
    source: 'libpq connection strings, keyword/value form with a quoted value (postgresql.org libpq-connect 34.1.1)',
  },
  {
    name: 'settings-row-secret',
    category: 'PASSWORD',
    priority: 74,
    group: 1,
    keywords: [
      "token'",
      "secret'",
      "password'",
      "passwd'",
      "_pass'",
      "key'",
      "_path'",
      "_url'",
      'token\t',
      'secret\t',
      'password\t',
      'passwd\t',
      '_pass\t',
      'key\t',
      '_path\t',
      '_url\t',
    ],
    // a row of a settings table (`options`, `settings`, `core_config_data`) in a dump or a query's output: a cell naming a
    // secret setting, then its value (`(7,'twilio_auth_token','6762…',0,…)`, `COPY` rows `6\ttwilio_auth_token\t5e16…\tt`)
    // (the quoted form inside a tuple, the tab-separated form after a numeric id: not a header or a list of names)
    re: /(?<=[(,][ \t]{0,4})'(?:[A-Za-z0-9_./-]{0,60}(?:token|secret|password|passwd|_pass|api_?key|apikey|private_?key|auth_?key|access_?key|secret_?key|webhook_(?:path|url)))'[ \t]{0,4},[ \t]{0,4}'((?:[^'\\\n]|\\.|''){4,1000})'(?=[ \t]{0,4}[,)])|(?<=(?:^|\t)\d{1,10}\t)(?:[A-Za-z0-9_./-]{0,60}(?:token|secret|password|passwd|_pass|api_?key|apikey|private_?key|auth_?key|access_?key|secret_?key|webhook_(?:path|url)))\t([^\t\n]{4,1000}?)(?=\t|\r?$)/gim,
    accept: (v: string, text: string, index: number): boolean => {
      const key = /([A-Za-z0-9_./-]{1,80})['\t][ \t]{0,4},?[ \t]{0,4}'?$/.exec(
        text.slice(Math.max(0, index - 100), index),
      );
      if (!key || /^\\N$|^NULL$/i.test(v)) return false;
      // another setting's name: a list of names (`WHERE variable_name IN ('…_password', 'mysql-monitor_username')`)
      if (
        /^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*[-_.](?:username|user|password|passwd|token|secret|key|url|path|name)$/.test(
          v,
        )
      )
        return false;
      // a webhook's path is its secret (Slack: `T…/B…/<secret>`), though a `_path` key usually names a file
      if (/webhook_(?:path|url)$/i.test(key[1]!)) return v.length >= 20 && /[A-Z]/.test(v) && /\d/.test(v);
      return !NOT_SECRET_KEY.test(key[1]!) && plausibleSecretValue(v);
    },
    source: 'settings tables as key/value rows (WordPress wp_options, Magento core_config_data, app `settings` tables)',
  },
  {
    name: 'sql-role-password',
    category: 'PASSWORD',
    priority: 75,
    group: 1,
    keywords: ['alter user', 'alter role', 'create user', 'create role', 'attach user'],
    // (ClickHouse stores each SQL-defined user as an `ATTACH USER` statement in its access directory)
    re: /\b(?:ALTER|CREATE|ATTACH)[ \t]{1,4}(?:USER|ROLE)[ \t]{1,4}[^\n;']{1,200}?\bPASSWORD[ \t]{1,4}'((?:[^'\\\n]|\\.|''){1,500})'/gi,
    source: "PostgreSQL CREATE/ALTER ROLE … PASSWORD 'x' (postgresql.org/docs/current/sql-alterrole.html)",
  },
  {
    name: 'registry-login-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    // the command words, not `login` (in every other auth.log line): a gate scanning each such line for them cost 3 %
    // of a 4 KiB log payload
    keywords: ['docker', 'podman', 'nerdctl', 'buildah', 'skopeo', 'helm', 'oras', 'crane'],
    re: new RegExp(`${REGISTRY_LOGIN}(?:-p|--password)[ =]{1,4}(\\S{1,500})`, 'g'),
    accept: (v: string): boolean => plausibleSecretValue(v) && !v.startsWith('-'),
    source: 'docker/podman/helm registry login -u user -p password (docs.docker.com/reference/cli/docker/login)',
  },
  {
    name: 'registry-login-user',
    category: 'USER',
    priority: 56,
    group: 1,
    // the command words, not `login` (in every other auth.log line): a gate scanning each such line for them cost 3 %
    // of a 4 KiB log payload
    keywords: ['docker', 'podman', 'nerdctl', 'buildah', 'skopeo', 'helm', 'oras', 'crane'],
    re: new RegExp(`${REGISTRY_LOGIN}(?:-u|--username)[ =]{1,4}['"]?([A-Za-z0-9._@-]{1,64})`, 'g'),
    accept: (v: string): boolean => !isSystemAccount(v) && !REGISTRY_TOKEN_LOGINS.has(v.toLowerCase()),
    source: 'docker/podman/helm registry login -u user (docs.docker.com/reference/cli/docker/login)',
  },
  {
    name: 'smb-user-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['smbclient', 'smbget', 'smbcacls', 'rpcclient', 'smbmap'],
    re: new RegExp(`${SMB_USER_FLAG}[A-Za-z0-9._@-]{1,64}%([^\\s'"]{1,500})`, 'g'),
    source: 'Samba client credentials `-U user%password` (smbclient(1) -U|--user=[DOMAIN\\]USERNAME[%PASSWORD])',
  },
  {
    name: 'smb-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['smbclient', 'smbget', 'smbcacls', 'rpcclient', 'smbmap'],
    re: new RegExp(`${SMB_USER_FLAG}([A-Za-z0-9._@-]{1,64})`, 'g'),
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Samba client credentials `-U user%password` (smbclient(1)): the login',
  },
  {
    name: 'rdp-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['freerdp'],
    re: new RegExp(`${FREERDP}[/+-]p:(\\S{1,500})`, 'g'),
    source: 'FreeRDP command line `/u:user /p:password` (github.com/FreeRDP/FreeRDP/wiki/CommandLineInterface)',
  },
  {
    name: 'rdp-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['freerdp'],
    re: new RegExp(`${FREERDP}[/+-]u:(?:[A-Za-z0-9._-]{1,64}\\\\)?([A-Za-z0-9._@-]{1,64})`, 'g'),
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'FreeRDP command line `/u:[domain\\]user` (github.com/FreeRDP/FreeRDP/wiki/CommandLineInterface)',
  },
  {
    name: 'ldap-bind-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['ldap'],
    // (and the LDAP helpers of Squid, `basic_ldap_auth` / `ext_ldap_group_acl`, which take the same `-D … -w …`)
    re: /\b(?:ldap(?:search|modify|add|delete|whoami|passwd|compare|modrdn|exop)|basic_ldap_auth|ext_ldap_group_acl|squid_ldap_auth|squid_ldap_group)\b[^\n]{0,300}?[ \t]-w[ \t]{1,4}(\S{1,500})/g,
    accept: (v: string): boolean => plausibleSecretValue(v) && !v.startsWith('-'),
    source: 'OpenLDAP clients `-D binddn -w passwd` (ldapsearch(1)); Squid basic_ldap_auth(8)',
  },
  {
    name: 'ldap-bind-dn-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['-d ', 'binddn', 'bind_dn', 'ldap_user', 'ldap_dn', 'ldap_bind'],
    re: /(?:[ \t]-D[ \t]{1,4}|(?<![A-Za-z0-9])bind_?dn["']?[ \t]{0,4}[=:][ \t]{0,4}|\bLDAP_(?:BIND_)?(?:USER(?:NAME)?|DN)["']?[ \t]{0,4}[=:][ \t]{0,4})["']?(?:cn|uid)=([A-Za-z0-9._-]{1,64}),/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'LDAP bind DNs (`-D cn=user,…` in OpenLDAP clients, LDAP_USERNAME / bind_dn settings): the bind login',
  },
  {
    name: 'ldap-dc-domain',
    category: 'HOST',
    priority: 47,
    group: 1,
    keywords: ['dc='],
    notAfter: /[A-Za-z0-9]/,
    // every `dc=` label but the last names the organisation's domain (`dc=acme-corp,dc=local`)
    re: /dc=([A-Za-z0-9-]{2,63})(?=,[ \t]{0,2}dc=)/gi,
    accept: (v: string): boolean => !GENERIC_DC_LABEL.has(v.toLowerCase()),
    source: 'LDAP domain components (RFC 4519 dc, RFC 2247 domain names in DNs): the customer domain',
  },
  {
    name: 'mssql-password',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['sqlcmd', 'bcp', 'osql', 'isql', 'ipmitool', 'mosquitto_'],
    re: /\b(?:sqlcmd|bcp|osql|isql|ipmitool|mosquitto_(?:pub|sub|rr))\b[^\n]{0,300}?[ \t]-P[ \t]{0,4}(\S{1,500})/g,
    accept: (v: string): boolean => plausibleSecretValue(v) && !v.startsWith('-'),
    source:
      'sqlcmd/bcp and Sybase isql `-U login -P password`, ipmitool `-U user -P password`, mosquitto clients `-u user -P password`',
  },
  {
    name: 'mssql-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['sqlcmd', 'bcp', 'osql', 'isql', 'ipmitool', 'mosquitto_'],
    re: /\b(?:sqlcmd|bcp|osql|isql|ipmitool|mosquitto_(?:pub|sub|rr))\b[^\n]{0,300}?[ \t]-[Uu][ \t]{0,4}([A-Za-z0-9._@-]{1,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'sqlcmd/bcp and Sybase isql `-U login`, ipmitool `-U user`, mosquitto clients `-u user`',
  },
  {
    name: 'single-dash-credential-flags',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    keywords: ['influx', 'mongo', 'zip', '7z'],
    re: /(?:\b|(?<=>))(?:influx[ \t][^\n]{0,300}?[ \t]-password[ \t=]{1,4}|mongo(?:sh|dump|restore|export|import|stat|top|files)?[ \t][^\n]{0,300}?[ \t]-p[ \t]{1,4}|(?:zip|unzip)[ \t][^\n]{0,300}?[ \t]-P[ \t]{1,4}|7z(?:a|r|z)?(?:\.exe)?"?[ \t][^\n]{0,300}?[ \t]-p|(?:^|[>\s])[ax][ \t]+-t(?:zip|7z)\b[^\n]{0,200}?[ \t]-p)(\S{1,500})/g,
    accept: (v: string): boolean => plausibleSecretValue(v) && !v.startsWith('-'),
    // (a scheduled task keeps 7-Zip's arguments apart from its program: `<Arguments>a -tzip -pSecret -mem=AES256 …`)
    source: 'influx `-password`, mongo shell/tools `-p password`, zip/unzip `-P password`, 7-Zip `-pPASSWORD`',
  },
  {
    name: 'single-dash-user-flags',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['influx'],
    re: /\binflux[ \t][^\n]{0,300}?[ \t]-username[ \t=]{1,4}([A-Za-z0-9._@-]{1,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'influx CLI `-username` (InfluxDB 1.x)',
  },
  {
    name: 'credential-pair-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['auth', 'creds', 'userpass', 'user_pass'],
    re: /(?:auth|creds|userpass|user_pass|basicauth\.users)["']?[ \t]{0,40}[=:][ \t]{0,8}["']?([A-Za-z0-9._@-]{1,64}):(?=[^\s/])/gi,
    accept: (v: string, text: string, index: number): boolean =>
      credentialPairAt(text, index, v) && !isSystemAccount(v),
    source:
      'user:password pairs under auth-named keys: Galera wsrep_sst_auth (mariadb.com/kb wsrep_sst_auth), HTTP basic-auth settings, Traefik basicauth.users',
  },
  {
    name: 'credential-pair-password',
    category: 'PASSWORD',
    priority: 76,
    group: 2,
    keywords: ['auth', 'creds', 'userpass', 'user_pass'],
    re: /(?:auth|creds|userpass|user_pass)["']?[ \t]{0,40}[=:][ \t]{0,8}(["']?)[A-Za-z0-9._@-]{1,64}:([^\s"']{1,256})/gi,
    accept: (v: string, text: string, index: number): boolean =>
      credentialPairAt(text, pairUserStart(text, index - 1), '') && plausiblePairPassword(v),
    source: 'user:password pairs under auth-named keys: Galera wsrep_sst_auth, HTTP basic-auth settings',
  },
  {
    name: 'hash-owner-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['$apr1$', '$2y$', '$2b$', '$2a$', '$6$', '$5$', '$1$', '$y$', '{sha}', '{ssha}'],
    notAfter: /[A-Za-z0-9._@-]/,
    // `!` in front of the hash: a locked /etc/shadow entry (passwd -l), whose hash still works once unlocked
    re: /([A-Za-z0-9._@-]{1,64}):!?(?:\$\$?(?:apr1|2[aby]|1|5|6|y)\$|\{S?SHA\})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source:
      'htpasswd lines `user:$apr1$…` / `user:$2y$…` (httpd.apache.org/docs/current/misc/password_encryptions.html), also in Traefik labels; /etc/shadow entries (shadow(5): yescrypt `$y$`, SHA-crypt `$6$`/`$5$`, MD5-crypt `$1$`)',
  },
  {
    name: 'shadow-locked-login',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: [':!:', ':!!:', ':*:', ':!*:'],
    // an /etc/shadow entry without a usable hash (locked `!`/`!!`/`!*`, or `*`: no password login), which the hash rule
    // above cannot anchor on: login, marker, then the seven numeric or empty fields (shadow(5))
    re: /^([A-Za-z_][A-Za-z0-9._-]{0,31}):(?:!{1,2}|\*|!\*):\d{0,6}:\d{0,6}:\d{0,6}:\d{0,6}:\d{0,6}:\d{0,6}:\d{0,6}[ \t\r]*$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'shadow(5): locked and password-less /etc/shadow entries (passwd -l, useradd without a password)',
  },
  {
    name: 'pw-suffix-secret',
    category: 'PASSWORD',
    priority: 70,
    group: 1,
    // a rule of its own, not an alternative of the key/value pattern: a two-letter alternative there weakened V8's
    // first-characters check and cost every payload ~5 µs per 4 KiB
    anchors: ['_pw', '-pw', '.pw', '_psw', '-psw'],
    notAfter: /[^A-Za-z0-9]/,
    re: /[_.-]ps?w["']?[ \t]{0,4}(?:=>|[=:])[ \t]{0,4}(?:"([^"\n]{1,500})"|'([^'\n]{1,500})'|([^\s"'][^\s"',]{0,499}))/gi,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'environment names ending in _PW / _PSW (Jenkins credentials() binding NAME_PSW; LDAP_BIND_PW, SMTP_PW)',
  },
  {
    name: 'wp-redis-acl-user',
    category: 'USER',
    priority: 57,
    group: 2,
    keywords: ['wp_redis_password'],
    re: new RegExp(`${WP_REDIS_PAIR}([^'"\\n]{1,64})['"][ \\t]{0,8},`, 'g'),
    accept: (v: string): boolean => !isSystemAccount(v),
    source: "Redis Object Cache for WordPress: `define('WP_REDIS_PASSWORD', ['user', 'password'])` (Redis 6 ACL login)",
  },
  {
    name: 'wp-redis-acl-password',
    category: 'PASSWORD',
    priority: 76,
    group: 2,
    keywords: ['wp_redis_password'],
    re: new RegExp(
      `${WP_REDIS_PAIR}[^'"\\n]{1,64}['"][ \\t]{0,8},[ \\t]{0,8}['"]((?:[^'"\\\\\\n]|\\\\.){1,500})['"]`,
      'g',
    ),
    source: "Redis Object Cache for WordPress: `define('WP_REDIS_PASSWORD', ['user', 'password'])`",
  },
  {
    name: 'ado-user-id',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['user id', ';uid=', '"uid=', "'uid="],
    // (MySQL Connector/NET and ODBC name it `Uid=` beside `Pwd=`: `Server=…;Database=…;Uid=app;Pwd=…;`)
    re: /(?:\bUser ID|(?<=[;"'])Uid)[ \t]{0,4}=[ \t]{0,4}([^;'"\s]{1,64})/gi,
    accept: (v: string): boolean => !isSystemAccount(v),
    source:
      'ADO.NET / SQL Server connection strings `User ID=…;` (learn.microsoft.com SqlConnection.ConnectionString); MySQL Connector/NET and ODBC `Uid=`',
  },
  {
    name: 'hash-key-secret',
    category: 'PASSWORD',
    priority: 71,
    group: 2,
    anchors: ["['", '["'],
    // Ruby/PHP hash element assignments: GitLab omnibus `gitlab_rails['smtp_password'] = '…'`, `$cfg['db_password'] = '…'`
    re: /\[['"]([A-Za-z0-9_]{0,40}(?:password|passwd|secret|token))['"]\][ \t]{0,4}=[ \t]{0,4}(?:"((?:[^"\\\n]|\\.){1,500})"|'((?:[^'\\\n]|\\.){1,500})')/gi,
    accept: (v: string, text: string, index: number): boolean => {
      const key = /\[['"]([A-Za-z0-9_]{1,60})['"]\][ \t]{0,4}=[ \t]{0,4}["']$/.exec(
        text.slice(Math.max(0, index - 90), index),
      );
      return plausibleSecretValue(v) && !(key && NOT_SECRET_KEY.test(key[1]!));
    },
    source:
      'GitLab omnibus gitlab.rb settings (docs.gitlab.com/omnibus/settings/smtp), PHP $cfg arrays (phpMyAdmin config.inc.php)',
  },
  {
    name: 'escaped-json-secret',
    category: 'PASSWORD',
    priority: 70,
    group: 2,
    keywords: ['\\"'],
    // JSON inside a quoted log message (`said into stderr: "… {\\"password\\":\\"x\\"}"`): the key/value scanner
    // reads plain JSON only
    re: /\\"([A-Za-z0-9_.-]{0,40}(?:password|passwd|secret|token|api_?key))\\"[ \t]{0,4}:[ \t]{0,4}\\"((?:[^"\\\n]|\\[^"\n]){1,500})\\"/gi,
    accept: plausibleUnderSecretKey(/\\"([A-Za-z0-9_.-]{1,60})\\"[ \t]{0,4}:[ \t]{0,4}\\"$/),
    source: 'JSON objects escaped inside a log line (PHP-FPM `said into stderr`, JSON-in-JSON loggers)',
  },
  {
    name: 'bind-pair-secret',
    category: 'PASSWORD',
    priority: 70,
    // anchored at the opening bracket and quote (a window per secret keyword cost ~7 µs per 4 KiB config payload)
    anchors: ['["', "['"],
    // `[["remember_token", "PF2i…"], ["LIMIT", 1]]`: a secret as a [name, value] pair (Rails ActiveRecord bind
    // parameters in debug logs, Python tuple lists); the key/value scanner reads `name = value` shapes only
    re: /\[(["'])([A-Za-z0-9_.-]{0,40}(?:password|passwd|secret|token|api_?key))\1[ \t]{0,4},[ \t]{0,4}(?:"([^"\n]{1,512})"|'([^'\n]{1,512})')[ \t]{0,4}\]/gi,
    group: 3,
    // (a list of field names is no pair: Logstash `remove_field => ["password", "card_number"]`)
    accept: (v: string, text: string, index: number): boolean =>
      !SNAKE_CASE_FIELD.test(v) && bindPairValue(v, text, index),
    source: 'Rails ActiveRecord bind parameters in debug logs (`[["remember_token", "…"]]`), name/value pair lists',
  },
  {
    name: 'ssh-config-user',
    category: 'USER',
    priority: 56,
    group: 1,
    // anchored at `User ` (auth logs hold `user ` on every other line; a line gate per hit cost more)
    anchors: ['user '],
    re: /User [ \t]{0,7}([A-Za-z0-9._@-]{1,64})[ \t]*(?=\r?\n|$)/g,
    // (`User profile` with nothing after it is a label of `net user <login>`, whose value is empty; `User profiles` is
    // the heading `netsh wlan show profiles` writes over a rule of dashes)
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) &&
      v !== 'profile' &&
      v !== 'profiles' &&
      !SQLPLUS_FEEDBACK.test(v) &&
      isLineStart(text, text.lastIndexOf('User', index)),
    source: 'OpenSSH client configuration `User` keyword (ssh_config(5)) in ~/.ssh/config',
  },
  {
    name: 'kubeconfig-impersonated-user',
    category: 'USER',
    priority: 56,
    group: 1,
    anchors: ['as:'],
    re: /as:[ \t]{1,8}["']?([A-Za-z0-9._@-]{1,64})["']?[ \t]*(?=\r?\n|$)/g,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) && !v.startsWith('system') && isLineStart(text, text.lastIndexOf('as:', index)),
    source: 'kubeconfig AuthInfo `as` (impersonated user, kubernetes.io/docs/reference/config-api/kubeconfig.v1)',
  },
  {
    name: 'openshift-context-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['/api-'],
    // `oc login` names its contexts and users `<user>/api-<cluster host with dashes>:<port>`
    re: /(?:user|name):[ \t]{1,8}["']?([A-Za-z0-9._@-]{1,64})\/api-[A-Za-z0-9-]{3,200}:\d{2,5}/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'OpenShift `oc login` kubeconfig entries `user/api-<host>:<port>` (docs.openshift.com, oc login)',
  },
  {
    name: 'openshift-context-name-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['/api-'],
    re: /\/api-[A-Za-z0-9-]{3,200}:\d{2,5}\/([A-Za-z0-9._@-]{1,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'OpenShift `oc login` context names `<namespace>/api-<host>:<port>/<user>` (docs.openshift.com, oc login)',
  },
  {
    name: 'openshift-dashed-host',
    category: 'HOST',
    priority: 47,
    group: 1,
    anchors: ['api-'],
    notAfter: /[A-Za-z0-9.-]/,
    re: /api-([a-z0-9]+(?:-[a-z0-9]+){2,20}):\d{2,5}(?![\d])/g,
    // the API host with its dots written as dashes: a customer host when the dotted form is one
    accept: (v: string): boolean => classifyHostName(v.replace(/-/g, '.')) === 'customer',
    source: 'OpenShift `oc login` cluster and context names (the API host with `.` replaced by `-`)',
  },
  {
    name: 'useradd-comment-person',
    category: 'PERSON',
    priority: 60,
    group: 2,
    keywords: ['useradd', 'usermod', 'adduser', 'chfn'],
    // quoted, or unquoted with sudo's `\x20` for each blank (`COMMAND=/usr/sbin/usermod -c Δημήτρης\x20Γεωργίου jdoe`)
    // (and as an argument list, as cloud-init logs the command it runs: `['useradd', 'jdoe', '--comment', 'Jane Doe']`)
    // or unquoted with its blanks when a GECOS comma follows (sudo's log: `useradd -m -c Zhiqiang Huang,zh@… zhuang`),
    // or when only the login follows at the end (`COMMAND=/usr/sbin/useradd -m -s /bin/bash -c Olena Shevchenko oshev`)
    re: /\b(?:useradd|usermod|adduser|chfn)\b[^\n]{0,200}?[ \t'"](?:-c|--comment|--gecos|-f)(?:["'],)?[ \t=]{1,4}(?:(["'])([^"'\n]{1,100})\1|((?:[^\s\\,]{1,40}\\x20){1,4}[^\s\\,]{1,40})|((?:[^\s\\,'"-][^\s\\,'"]{0,39} ){1,3}[^\s\\,'"]{1,40})(?=,|[ \t]+[a-z_][a-z0-9._-]{0,31}[ \t]*(?:\r?$|;)))/gm,
    accept: (v: string): boolean => looksLikePersonName(v.split(',')[0]!.replaceAll('\\x20', ' ').trim(), true),
    source: 'useradd/usermod `-c` and adduser `--gecos`: the GECOS full name (passwd(5))',
  },
  {
    name: 'sql-role-name',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['alter user', 'alter role', 'create user', 'create role', 'attach user'],
    // (ClickHouse stores each SQL-defined user as an `ATTACH USER` statement in its access directory)
    re: /\b(?:ALTER|CREATE|ATTACH)[ \t]{1,4}(?:USER|ROLE)[ \t]{1,4}(?:IF[ \t]{1,4}NOT[ \t]{1,4}EXISTS[ \t]{1,4})?["'`]?([A-Za-z0-9._-]{1,64})/gi,
    accept: (v: string): boolean =>
      // (`CREATE USER MAPPING FOR …`: postgres_fdw's statement, whose login comes after FOR)
      !isSystemAccount(v) && !/^(?:current_user|session_user|current_role|user|role|if|all|mapping)$/i.test(v),
    source: 'PostgreSQL CREATE/ALTER ROLE|USER name, MySQL CREATE/ALTER USER name (the database login)',
  },
  {
    name: 'powershell-credential-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['pscredential', '-username'],
    re: /(?:PSCredential[ \t]{0,4}\([ \t]{0,4}["'](?:[A-Za-z0-9._-]{1,64}\\)?|[ \t]-User[Nn]ame[ \t]{1,4}["']?(?:[A-Za-z0-9._-]{1,64}\\)?)([A-Za-z0-9._@-]{1,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !v.startsWith('$'),
    source: 'PowerShell PSCredential(user, …) and -Username parameters',
  },
  {
    name: 'powershell-secure-string',
    category: 'PASSWORD',
    priority: 76,
    group: 2,
    keywords: ['convertto-securestring'],
    re: /ConvertTo-SecureString[ \t]{1,4}(?:-String[ \t]{1,4})?(["'])([^"'\n]{1,500})\1/gi,
    source: 'PowerShell ConvertTo-SecureString with a plain-text password (-AsPlainText)',
  },
  {
    name: 'minio-alias-credentials',
    category: 'PASSWORD',
    priority: 76,
    group: 2,
    keywords: ['mc '],
    re: new RegExp(`${MINIO_ALIAS}(\\S{1,128})[ \\t]{1,4}([^\\s"']{1,500})`, 'g'),
    source:
      'MinIO client `mc alias set ALIAS URL ACCESSKEY SECRETKEY` (min.io/docs/minio/linux/reference/minio-mc/mc-alias-set)',
  },
  {
    name: 'minio-alias-user',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['mc '],
    re: new RegExp(`${MINIO_ALIAS}([A-Za-z0-9._@-]{1,128})[ \\t]{1,4}\\S`, 'g'),
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'MinIO client `mc alias set ALIAS URL ACCESSKEY SECRETKEY`: the access key names the account',
  },
  {
    name: 'gossip-encryption-key',
    category: 'APIKEY',
    priority: 76,
    group: 1,
    keywords: ['-encrypt'],
    re: /[ \t]-{1,2}encrypt[ =]{1,2}["']?([A-Za-z0-9+/]{22,88}={0,2})(?![A-Za-z0-9+/=])/g,
    source:
      'Consul/Serf gossip encryption key `-encrypt=<base64>` (developer.hashicorp.com/consul/docs/agent/config/cli-flags)',
  },
  {
    name: 'fcm-legacy-server-key',
    category: 'APIKEY',
    priority: 84,
    group: 0,
    keywords: [':apa91b'],
    re: /AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,200}/g,
    source:
      'Firebase Cloud Messaging legacy server key `AAAA…:APA91b…` (firebase.google.com/docs/cloud-messaging/auth-server)',
  },
  {
    name: 'ldap-cn-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['cn='],
    notAfter: /[A-Za-z0-9]/,
    // Active Directory keeps users in the `CN=Users` container (`CN=Lena Müller,CN=Users,DC=…`)
    re: /cn=((?:[^,=\n"\\]|\\,){3,64}),[ \t]{0,2}(?:ou=|dc=|o=|cn=users,)/gi,
    accept: (v: string): boolean => looksLikePersonName(v.replace(/\\,/g, ','), true) && !LDAP_GROUP_WORD.test(v),
    source: 'LDAP/AD distinguished names `CN=Given Family,OU=…` (RFC 4514): a person entry',
  },
  {
    name: 'query-person-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['name=', 'customer='],
    notAfter: /[^?&;]/,
    // percent-encoded in a request line (`GET /search?name=Bj%C3%B6rn%20Lindqvist&phone=…`): judged decoded
    re: /(?:full_?name|first_?name|last_?name|display_?name|customer|name)=([^&\s"'#;]{1,300})/gi,
    accept: (v: string): boolean => {
      const d = decodeQueryValue(v);
      return d !== null && d !== v && looksLikePersonName(d, true);
    },
    source: SRC_CORPUS_README + ' (PERSON_NAME, encoded forms: percent-encoding in URIs)',
  },
  {
    name: 'people-search-query',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['q=', 'query=', 'search=', 'term=', 'keyword='],
    // a search of a people resource in a request line (`GET /api/v2/customers/search?q=Camila+Restrepo`,
    // `/admin/users?search=Zo%C3%AB+M%C3%BCller`): the term is the person looked up, judged decoded
    re: /\/(?:customers?|users?|members?|contacts?|patients?|employees?|people|persons?|clients?|students?|guests?|staff|subscribers?)(?:\/[^\s?"'#]{0,80})?\?(?:[^\s"'#?]{0,200}&)?(?:q|query|search|term|keyword)=([^&\s"'#;]{1,300})/gi,
    accept: (v: string): boolean => {
      const d = decodeQueryValue(v);
      return d !== null && looksLikePersonName(d, true);
    },
    source: SRC_CORPUS_README + ' (PERSON_NAME, encoded forms: percent-encoding in URIs)',
  },
  {
    name: 'query-phone',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['phone=', 'mobile=', 'tel=', 'msisdn=', 'number='],
    notAfter: /[^?&;]/,
    // (a bare `number=` key only on a phone lookup path or for a value written like a phone, with blanks or a `+`:
    // `/api/lookup/phone?number=07573%20183366`; an order `number=2024` stays)
    re: /(?:phone|mobile|tel|msisdn)(?:_?(?:number|no))?=([^&\s"'#;]{1,100})|number=(?<=\/(?:phone|sms|mobile|msisdn)[\w/-]{0,40}\?(?:[^\s"'#?]{0,200}&)?number=)([^&\s"'#;]{1,100})|number=((?:%2[Bb]|\+)[^&\s"'#;]{1,100})/gi,
    accept: (v: string): boolean => {
      const d = decodeQueryValue(v);
      if (d === null || !/^\+?[\d ().-]{6,24}$/.test(d.trim()) || /^(?:19|20)\d\d[ .-]\d/.test(d)) return false;
      const digits = d.replace(/\D/g, '').length;
      return digits >= 7 && digits <= 15 && !DATE_OR_DOTTED_QUAD.test(d.trim());
    },
    source: SRC_CORPUS_README + ' (PHONE, encoded forms: percent-encoding in URIs)',
  },
  {
    name: 'redis-config-get-value',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    anchors: ['"requirepass"', '"masterauth"', '"primaryauth"'],
    // `redis-cli CONFIG GET requirepass` prints the name and the value as numbered lines
    re: /"(?:requirepass|masterauth|primaryauth)"\r?\n\d{1,4}\) "((?:[^"\\\n]|\\.){1,500})"/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'redis-cli CONFIG GET output (redis.io/docs/latest/commands/config-get)',
  },
  {
    name: 'redis-config-get-user',
    category: 'USER',
    priority: 56,
    group: 1,
    anchors: ['"masteruser"'],
    re: /"masteruser"\r?\n\d{1,4}\) "([A-Za-z0-9._@-]{1,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'redis-cli CONFIG GET output (redis.io/docs/latest/commands/config-get)',
  },
  {
    name: 'env-creds-usr',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['_usr=', '_actor=', '_admin='],
    re: /_(?:USR|ACTOR|ADMIN)=["']?([A-Za-z0-9._@-]{2,64})(?=["',\r\n]|$)/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !BOOLEAN_LIKE.test(v) && !/^(?:enabled|disabled)$/i.test(v),
    source:
      'Jenkins credential bindings `NAME_USR` (jenkins.io/doc/book/pipeline/jenkinsfile, credentials()), GITHUB_ACTOR, KEYCLOAK_ADMIN',
  },
  {
    name: 'env-author-user',
    category: 'USER',
    priority: 56,
    group: 1,
    anchors: ['_author=', '_creator=', '_triggered_by=', '_login='],
    re: /_(?:AUTHOR|CREATOR|TRIGGERED_BY|LOGIN)=["']?([A-Za-z0-9._@-]{2,64})(?=["',\r\n]|$)/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !v.includes('@'),
    source: 'CI environment (Drone DRONE_COMMIT_AUTHOR, Buildkite BUILDKITE_BUILD_CREATOR, GitLab GITLAB_USER_LOGIN)',
  },
  {
    name: 'quoted-flag-argument',
    category: 'PASSWORD',
    priority: 70,
    group: 1,
    anchors: ['"-'],
    // an argv array (`"Cmd": ["redis-server", "--requirepass", "x"]`): a secret-named flag, then its value element
    re: /"--?[A-Za-z0-9_.-]{0,40}(?:pass(?:word|wd)?|secret|token|auth)"[ \t]{0,4},[ \t\r\n]{0,40}"((?:[^"\\\n]|\\.){1,500})"/gi,
    accept: (v: string): boolean => plausibleSecretValue(v) && !v.startsWith('-'),
    source: 'docker inspect Config.Cmd / Kubernetes args arrays: a flag and its value as separate elements',
  },
  {
    name: 'quoted-flag-login',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['"-u"', '"--user"', '"--username"', '"-U"', '"--login"', '"-l"'],
    // an argv array's login flag and its value element (strace `execve("/usr/bin/mysql", ["mysql", "-u", "jdoe", …])`,
    // `docker inspect` `"Args": ["--user", "jdoe"]`)
    re: /"(?:-u|--user|--username|-U|--login|-l)"[ \t]{0,4},[ \t]{0,4}"([A-Za-z0-9._@-]{1,64})"/g,
    // (`"-l", "info"`: Celery's and Gunicorn's log level, not ssh's login)
    accept: (v: string): boolean => !isSystemAccount(v) && !v.startsWith('-') && !LOG_LEVEL_WORD.test(v),
    source: 'argv arrays as strace (execve), docker inspect and Kubernetes print them: a login flag and its value',
  },
  {
    name: 'quoted-mysql-password-argument',
    category: 'PASSWORD',
    priority: 72,
    group: 1,
    anchors: ['"-p'],
    // the MySQL client's password glued to `-p` as one argv element (`["mysql", "-u", "app", "-pS3cret!", "crm"]`)
    // (mysql(1): `--password[=password], -p[password]`), in an array that runs a MySQL client
    re: /"-p((?:[^"\\\s]|\\.){1,256})"(?=[ \t]{0,4}[,\]])/g,
    accept: (v: string, text: string, index: number): boolean =>
      plausibleSecretValue(v) &&
      /(?:mysql|mariadb|mysqldump|mysqladmin|mysqlimport|mysqlcheck)"/.test(
        text.slice(lineStartWithin(text, index, 400), index),
      ),
    source: 'mysql(1) -p[password] as one argv element (strace execve, docker inspect Cmd)',
  },
  {
    name: 'sasl-plain-credentials',
    category: 'PASSWORD',
    priority: 82,
    group: 1,
    anchors: ['auth plain '],
    // the SASL PLAIN initial response (RFC 4616: base64 of authzid NUL authcid NUL password) after SMTP/IMAP/POP3
    // `AUTH PLAIN` (RFC 4954), as tcpdump -A, ngrep, openssl s_client and strace print the session
    re: /AUTH PLAIN ([A-Za-z0-9+/]{8,1024}={0,2})/gi,
    source: 'RFC 4616 SASL PLAIN; RFC 4954 SMTP AUTH',
  },
  {
    name: 'imap-login-user',
    category: 'USER',
    priority: 60,
    group: 2,
    anchors: [' login '],
    // an IMAP client's LOGIN command (RFC 9051 §6.2.3: `tag LOGIN userid password`), as a captured session prints it
    re: / LOGIN ("?)([A-Za-z0-9._@+-]{1,64})\1 (?:"(?:[^"\\\r\n]|\\.){1,256}"|[^\s"]{1,256})(?:\r|\.\.)?$/gm,
    accept: (v: string, text: string, index: number): boolean => !isSystemAccount(v) && imapCommandLine(text, index),
    source: 'RFC 9051 §6.2.3 IMAP LOGIN command',
  },
  {
    name: 'imap-login-password',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    anchors: [' login '],
    re: / LOGIN "?[A-Za-z0-9._@+-]{1,64}"? (?:"((?:[^"\\\r\n]|\\.){1,256})"(?:\.\.)?|([^\s"]{1,256}))\r?$/gm,
    accept: (v: string, text: string, index: number): boolean =>
      plausibleSecretValue(v) && imapCommandLine(text, index),
    source: 'RFC 9051 §6.2.3 IMAP LOGIN command',
  },
  {
    name: 'radius-attribute-value',
    category: 'USER',
    priority: 60,
    group: 1,
    anchors: ['user-name'],
    // Wireshark's RADIUS dissector (`tshark -V`, `-O radius`): `AVP: t=User-Name(1) l=12 val=jdoe` and the decoded
    // `User-Name: jdoe` beneath it
    re: /User-Name(?:\(1\) l=\d{1,3} val=|: )([^\s"]{1,128})\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'RFC 2865 §5.1 User-Name as the Wireshark RADIUS dissector prints it',
  },
  {
    name: 'radius-calling-station-phone',
    category: 'PHONE',
    priority: 62,
    group: 1,
    anchors: ['calling-station-id', 'called-station-id'],
    // a dial-up or mobile subscriber's number (RFC 2865 §5.30/§5.31; 3GPP TS 29.061 MSISDN), not a MAC address
    re: /Call(?:ing|ed)-Station-Id(?:\(3[01]\) l=\d{1,3} val=|: | = "?)(\+?\d{7,15})"?\r?$/gm,
    source: 'RFC 2865 §5.30 Calling-Station-Id (an MSISDN for mobile access, 3GPP TS 29.061)',
  },
  {
    name: 'radius-user-password',
    category: 'PASSWORD',
    priority: 82,
    group: 1,
    anchors: ['user-password'],
    // the decrypted User-Password (Wireshark with the shared secret: `AVP: t=User-Password(2) l=18 Decrypted: x`)
    re: /User-Password(?:\(2\) l=\d{1,3} (?:Decrypted: |val=)|: | = ")([^\r\n"]{1,128})"?\r?$/gm,
    accept: (v: string): boolean => plausibleSecretValue(v) && !/^Encrypted/.test(v),
    source: 'RFC 2865 §5.2 User-Password as Wireshark and radiusd -X print it',
  },
  {
    name: 'minecraft-player',
    category: 'USER',
    priority: 58,
    group: 1,
    anchors: ['uuid of player '],
    // a Minecraft server's login lines name the player (`[User Authenticator #1/INFO]: UUID of player zoltan_sz76 is
    // a648a7dd-…`); the name is learned and redacted in its other lines (`… joined the game`, `<zoltan_sz76> hi`)
    re: /UUID of player ([A-Za-z0-9_]{3,16}) is [0-9a-f-]{32,36}/g,
    source: 'Minecraft Java server log (player names: 3–16 of A–Z a–z 0–9 _)',
  },
  {
    name: 'minecraft-game-profile',
    category: 'USER',
    priority: 58,
    group: 1,
    anchors: ['gameprofile@'],
    // a player's profile printed by the server (`com.mojang.authlib.GameProfile@0c46d1fb[id=…,name=rafael_go71,…]`)
    re: /GameProfile@[0-9a-f]{1,8}\[id=[0-9a-f-]{0,36},name=([A-Za-z0-9_]{3,16}),/g,
    source: 'Minecraft Java server log (authlib GameProfile toString)',
  },
  {
    name: 'minecraft-player-list',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['players online:', 'whitelisted player'],
    // the `list uuids` and `whitelist list` replies: names apart by `, `, each perhaps with its UUID in parentheses
    // (`There are 2 of a max of 50 players online: Huong1998 (6b82ed5c-…), Bich1996 (e76db5ef-…)`)
    re: /(?:: |, )([A-Za-z0-9_]{3,16})(?= \([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)|,|\r?$)/gm,
    accept: (v: string, text: string, index: number): boolean =>
      /(?:players online|whitelisted player\(s\)): /.test(text.slice(lineStartWithin(text, index, 400), index + 2)),
    source: 'Minecraft Java server commands `list uuids` and `whitelist list`',
  },
  {
    name: 'minecraft-json-player',
    category: 'USER',
    priority: 58,
    group: 1,
    anchors: ['"uuid": "', '"uuid":"'],
    // ops.json, whitelist.json, banned-players.json: `{"uuid": "…", "name": "SaltyFox929", …}`
    re: /"uuid": ?"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",\s{0,40}"name": ?"([A-Za-z0-9_]{3,16})"/g,
    source: 'Minecraft Java server ops.json / whitelist.json / banned-players.json',
  },
  {
    name: 'teamspeak-query-nickname',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: ['client_nickname=', 'invokername='],
    // TeamSpeak ServerQuery replies and event reasons escape a blank as `\s` (`client_nickname=Jürgen\sHäußler`,
    // `invokername=Anna\sKowalska`)
    re: /(?:client_nickname|invokername)=([^\s|]{2,100})/g,
    accept: (v: string): boolean => looksLikePersonName(v.replace(/\\s/g, ' '), true),
    source: 'TeamSpeak 3 ServerQuery manual (escaping: \\s for a blank; clientlist, clientdblist, event reasons)',
  },
  {
    name: 'teamspeak-query-login',
    category: 'USER',
    priority: 58,
    group: 1,
    anchors: ['client_nickname=', 'invokername='],
    re: /(?:client_nickname|invokername)=([A-Za-z0-9._-]{2,32})(?=[\s|]|$)/g,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== 'serveradmin' && !looksLikePersonName(v, false),
    source: 'TeamSpeak 3 ServerQuery manual (clientlist, clientdblist, event reasons)',
  },
  {
    name: 'minecraft-player-login',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ['] logged in with entity id'],
    // `zoltan_sz76[/203.0.113.7:52886] logged in with entity id 459 at (…)`
    re: /\]: ([A-Za-z0-9_]{3,16})\[\/[^\]\s]{1,64}\] logged in with entity id/g,
    source: 'Minecraft Java server log (PlayerList.placeNewPlayer)',
  },
  {
    name: 'teamspeak-client-nickname',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ["'(id:"],
    // TeamSpeak 3 server log: a client's nickname before its database id (`client connected 'Jürgen Häußler'(id:4) from
    // …`, `by client 'Kwame Mensah'(id:12)`, `created by '…'(id:12)`); a person's name, or else a login-like nickname
    re: /(?:client (?:connected|disconnected) |by client |by )'([^'\n]{2,64})'\(id:\d{1,9}\)/g,
    accept: (v: string): boolean => looksLikePersonName(v, false),
    source: 'TeamSpeak 3 server log (VirtualServerBase client and channel events)',
  },
  {
    name: 'teamspeak-client-login',
    category: 'USER',
    priority: 58,
    group: 1,
    keywords: ["'(id:"],
    re: /(?:client (?:connected|disconnected) |by client |by )'([A-Za-z0-9._-]{2,32})'\(id:\d{1,9}\)/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !looksLikePersonName(v, false) && v !== 'serveradmin',
    source: 'TeamSpeak 3 server log (VirtualServerBase client and channel events)',
  },
  {
    name: 'mumble-session-user',
    category: 'USER',
    priority: 58,
    group: 1,
    anchors: ['=> <'],
    // Mumble server log: `<W>2025-05-08 19:01:40.639 1 => <32:juergenhae(28)> Authenticated` (session, name, user id)
    re: /=> <\d{1,6}:([^()<>\s]{1,64})\(-?\d{1,9}\)>/g,
    accept: (v: string): boolean => !isSystemAccount(v) && v !== 'SuperUser',
    source: 'Mumble server (murmur) log format (ServerUser: <session:name(userid)>)',
  },
  {
    name: 'login-in-account-message',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['failed authentication attempt for ', "new user '", 'with username ', "'s password has been"],
    // account messages of forges and forums (Gitea/Forgejo `Failed authentication attempt for jdoe from …`, `New user
    // 'jdoe' has been successfully created!`, `jdoe's password has been successfully updated!`; Discourse rake
    // `Account created successfully with username jdoe`)
    re: /(?:Failed authentication attempt for ([A-Za-z0-9._-]{1,64}) from |New user '([A-Za-z0-9._-]{1,64})' has been|created successfully with username ([A-Za-z0-9._-]{1,64})\b|^([A-Za-z0-9._-]{1,64})'s password has been)/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Gitea/Forgejo auth and admin CLI messages; Discourse admin:create rake task',
  },
  {
    name: 'git-http-repo-owner',
    category: 'USER',
    priority: 56,
    group: 1,
    keywords: ['.git/info/refs', '.git/git-upload-pack', '.git/git-receive-pack'],
    notAfter: /[^ ]/,
    // the owner in a Git smart-HTTP request path (`GET /jdoe-ci/infra.git/info/refs?service=git-upload-pack`)
    re: /\/([A-Za-z0-9._-]{1,64})\/[A-Za-z0-9._-]{1,100}\.git\/(?:info\/refs|git-upload-pack|git-receive-pack)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Git smart HTTP protocol paths (git-scm.com/docs/http-protocol), as forge access logs print them',
  },
  {
    name: 'freeswitch-caller-number',
    category: 'PHONE',
    priority: 62,
    group: 1,
    anchors: ['sofia/'],
    // a caller on an external SIP profile (FreeSWITCH `New Channel sofia/external/601498952@10.0.0.5`)
    re: /sofia\/[A-Za-z0-9_-]{1,32}\/(\+?\d{7,15})@/g,
    source: 'FreeSWITCH channel names (sofia/<profile>/<user>@<host>)',
  },
  {
    name: 'freeswitch-dialplan-caller',
    category: 'PHONE',
    priority: 62,
    group: 1,
    anchors: ['processing '],
    // `mod_dialplan_xml.c:639 Processing Jane Doe <0207719791>->58755 in context public`: the caller's number
    re: /Processing [^<>\n]{0,64}<(\+?\d{7,15})>->/g,
    source: 'FreeSWITCH mod_dialplan_xml log line (caller id name and number, destination)',
  },
  {
    name: 'freeswitch-dialplan-caller-name',
    category: 'PERSON',
    priority: 60,
    group: 1,
    anchors: ['processing '],
    re: /Processing ([^<>\n]{2,64}) <\+?\d{3,15}>->/g,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'FreeSWITCH mod_dialplan_xml log line (caller id name and number, destination)',
  },
  {
    name: 'cups-page-log-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: [' total ', ' page '],
    lineGate: /[A-Za-z0-9_.@-]{1,127} [A-Za-z0-9._@-]{1,64} \d{1,9} \[/y,
    // CUPS page_log (cupsd.conf(5) PageLogFormat default): printer, job owner, job id, [time], `total` or page number
    re: /^[A-Za-z0-9_.@-]{1,127} ([A-Za-z0-9._@-]{1,64}) \d{1,9} \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] (?:total|\d{1,6}) /gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'CUPS page_log format (cupsd.conf(5) PageLogFormat: %p %u %j %T %P …)',
  },
  {
    name: 'lpstat-job-owner',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: [' mon ', ' tue ', ' wed ', ' thu ', ' fri ', ' sat ', ' sun '],
    lineGate: /[A-Za-z0-9_.@-]{1,127}-\d{1,9} {1,40}[A-Za-z0-9._@-]{1,64} {1,40}\d/y,
    // `lpstat -o` / `-W completed -o`: the job (`printer-jobid`), its owner, its size in bytes, its time
    re: /^[A-Za-z0-9_.@-]{1,127}-\d{1,9} {1,40}([A-Za-z0-9._@-]{1,64}) {1,40}\d{1,12} {1,6}(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) /gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'CUPS lpstat(1) -o output (job id, user, size, date)',
  },
  {
    name: 'console-user-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['console user is ', 'consoleuser', 'user_shortname', 'usershortname'],
    // the logged-in user of a managed Mac (Munki `Console user is jdoe`, `"ConsoleUser" => "jdoe"`; MicroMDM
    // `user_shortname=jdoe`; a NanoMDM plist's `<key>UserShortName</key>` then `<string>jdoe</string>`)
    re: /(?:Console user is |"ConsoleUser" => "|\buser_shortname=|<key>UserShortName<\/key>\s{0,40}<string>)([A-Za-z0-9._-]{1,64})/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source:
      'Munki ManagedSoftwareUpdate.log and ManagedInstallReport; MicroMDM/NanoMDM Authenticate/TokenUpdate (UserShortName)',
  },
  {
    name: 'jamf-login-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: [' logged in from ', 'for search '],
    // Jamf Pro server log: `[JSSLoginServlet] - User jdoe logged in from 10.0.0.5`, `[LdapServiceImpl] - Found 1 user(s)
    // for search jdoe: …`
    re: /(?:- User ([A-Za-z0-9._@-]{1,64}) logged in from |user\(s\) for search ([A-Za-z0-9._@-]{1,64}):)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Jamf Pro JAMFSoftwareServer.log (JSSLoginServlet, LdapServiceImpl messages)',
  },
  {
    name: 'intune-device-name-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['manageddevicename'],
    // Intune names an enrolled device `<user>_<platform>_<enrollment date>` (`"managedDeviceName":
    // "jdoe_Windows_3/1/2024_4:50 AM"`): the login before the platform
    re: /"managedDeviceName": ?"([A-Za-z0-9.-]{2,64})_(?:Windows|iPhone|iPad|IPad|MacOS|macOS|AndroidEnterprise|AndroidForWork|Android[A-Za-z]{0,20})_\d/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Microsoft Intune managedDevice.managedDeviceName default (learn.microsoft.com, device naming)',
  },
  {
    name: 'teamviewer-connection-partner',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['\tremotecontrol\t', '\tfiletransfer\t', '\tremotesupport\t', '\tmeeting\t'],
    // TeamViewer's Connections_incoming.txt: partner id, partner name, start, end, local login, connection type, id
    re: /^\d{6,12}\t([^\t\n]{2,80})\t\d\d-\d\d-\d{4} \d\d:\d\d:\d\d\t\d\d-\d\d-\d{4} \d\d:\d\d:\d\d\t[^\t\n]{1,64}\t/gm,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'TeamViewer Connections_incoming.txt (tab-separated: ID, name, start, end, user, type, session id)',
  },
  {
    name: 'teamviewer-connection-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['\tremotecontrol\t', '\tfiletransfer\t', '\tremotesupport\t', '\tmeeting\t'],
    re: /^\d{6,12}\t[^\t\n]{2,80}\t\d\d-\d\d-\d{4} \d\d:\d\d:\d\d\t\d\d-\d\d-\d{4} \d\d:\d\d:\d\d\t([A-Za-z0-9._@-]{1,64})\t/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'TeamViewer Connections_incoming.txt (tab-separated: ID, name, start, end, user, type, session id)',
  },
  {
    name: 'anydesk-session-partner',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['session request: '],
    // AnyDesk trace: `app.backend_session - Incoming session request: Jane Doe (7535486081)`
    re: /session request: ([^()\n]{2,80}) \(\d{6,12}\)/g,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'AnyDesk ad_svc.trace / ad.trace (backend_session messages)',
  },
  {
    name: 'grandstream-p-value-secret',
    category: 'PASSWORD',
    priority: 78,
    group: 2,
    anchors: ['<p2>', '<p34>', '<p196>', '<p406>', '<p446>'],
    // Grandstream provisioning P-values (cfg<MAC>.xml): P2 admin password, P196 end-user password, P34/P406/P446 the SIP
    // authentication passwords of accounts 1–3
    re: /<P(2|34|196|406|446)>([^<\n]{1,128})<\/P\1>/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'Grandstream configuration template P-value list (P2, P34, P196, P406, P446)',
  },
  {
    name: 'grandstream-p-value-login',
    category: 'USER',
    priority: 57,
    group: 2,
    anchors: ['<p36>', '<p405>', '<p445>'],
    // the SIP authentication ids of accounts 1–3 (P36, P405, P445); P35 is the extension (a number) and stays
    re: /<P(36|405|445)>([A-Za-z0-9._@-]{1,64})<\/P\1>/g,
    accept: (v: string): boolean => !isSystemAccount(v) && !/^\d{1,6}$/.test(v),
    source: 'Grandstream configuration template P-value list (P36, P405, P445 authenticate ids)',
  },
  {
    name: 'grandstream-p-value-name',
    category: 'PERSON',
    priority: 60,
    group: 2,
    anchors: ['<p3>', '<p270>', '<p407>', '<p417>'],
    // the display and account names of accounts 1–2 (P3, P270, P407, P417)
    re: /<P(3|270|407|417)>([^<\n]{2,80})<\/P\1>/g,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'Grandstream configuration template P-value list (P3/P407 display name, P270/P417 account name)',
  },
  {
    name: 'salesforce-access-token',
    category: 'TOKEN',
    priority: 90,
    group: 0,
    anchors: ['00d'],
    notAfter: /[A-Za-z0-9]/,
    // a Salesforce session id / OAuth access token: the org id (`00D` + 12 or 15 characters), `!`, then the session
    // (`sf org display`: `Access Token 00D4x00001c0dO3!AQtX…`)
    re: /00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{40,512}/g,
    source: 'Salesforce access token format (org id `00D…` ! session), as `sf org display` prints it',
  },
  {
    name: 'logged-in-user-message',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['logged in user '],
    // Uptime Kuma: `[AUTH] INFO: Successfully logged in user jdoe. IP=…`
    re: /\blogged in user ([A-Za-z0-9_@-]+(?:\.[A-Za-z0-9_@-]+)*)/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Uptime Kuma server log (server/auth, "Successfully logged in user")',
  },
  {
    name: 'edge-auth-token-hmac',
    category: 'TOKEN',
    priority: 72,
    group: 1,
    anchors: ['~hmac=', '~hmac%3d'],
    // an Akamai EdgeAuth token's signature (`hdnts=exp=…~acl=/*~hmac=<hex>`, `__token__=…`), also URL-encoded in a
    // CDN log's query string (`~hmac%3D4582…`): whoever holds it fetches the protected path until it expires
    re: /~hmac(?:=|%3[Dd])([0-9a-f]{40,128})/g,
    source: 'Akamai EdgeAuth token format (EdgeAuth-Token-Python: exp, acl, hmac fields joined by ~)',
  },
  {
    name: 'bugzilla-password-hash',
    category: 'PASSWORD',
    priority: 82,
    group: 0,
    keywords: ['{sha-256}'],
    notAfter: /[A-Za-z0-9]/,
    // Bugzilla's `profiles.cryptpassword`: an 8-character salt, the algorithm in braces, the base64 digest
    // (`ZZlx1ker{SHA-256}A0GuuE44Z+…`)
    re: /[A-Za-z0-9]{8}\{SHA-256\}[A-Za-z0-9+/]{43}=?/g,
    source: 'Bugzilla Bugzilla::Util::bz_crypt (salt{SHA-256}digest, PASSWORD_DIGEST_ALGORITHM)',
  },
  {
    name: 'redmine-mail-handler-person',
    category: 'PERSON',
    priority: 60,
    group: 1,
    keywords: ['mailhandler: issue #'],
    // Redmine's mail handler log: `MailHandler: issue #8191 created by Jane Doe`
    re: /MailHandler: issue #\d{1,9} (?:created|updated) by ([^\n]{2,80}?)[ \t]*\r?$/gm,
    accept: (v: string): boolean => looksLikePersonName(v, true),
    source: 'Redmine MailHandler log messages (app/models/mail_handler.rb)',
  },
  {
    name: 'redmine-mail-handler-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['mailhandler: ['],
    // `MailHandler: [jdoe] account created`
    re: /MailHandler: \[([A-Za-z0-9._@-]{1,64})\] account created/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'Redmine MailHandler log messages (app/models/mail_handler.rb)',
  },
  {
    name: 'vault-display-name-login',
    category: 'USER',
    priority: 58,
    group: 1,
    anchors: ['"display_name":'],
    // a Vault token's display name is the auth method and the login (`"display_name":"ldap-jdoe"`, `userpass-jdoe`)
    re: /"display_name": ?"(?:ldap|userpass|oidc|okta|github|radius|jwt|cert)-([A-Za-z0-9._@-]{1,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'HashiCorp Vault token display_name (<auth mount type>-<login>) in audit logs and token lookups',
  },
  {
    name: 'kubernetes-oidc-subject',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['oidc:'],
    notAfter: /[A-Za-z0-9_.-]/,
    // a user named with the API server's OIDC prefix (`--oidc-username-prefix=oidc:`): `oidc:jdoe` in RBAC subjects,
    // audit events and `kubectl auth whoami`
    re: /oidc:([A-Za-z0-9._-]{1,64})(?![A-Za-z0-9@])/g,
    // (group names carry the group prefix, and `kubectl auth whoami` lists them beside `system:authenticated`)
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) &&
      !text
        .slice(lineStartWithin(text, index, 400), index + 400)
        .split('\n', 1)[0]!
        .includes('system:authenticated'),
    source: 'kube-apiserver --oidc-username-prefix (kubernetes.io/docs/reference/access-authn-authz/authentication)',
  },
  {
    name: 'rbac-subject-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['user '],
    lineGate: /[ \t]{0,8}User[ \t]{2}/y,
    // a RoleBinding's subject as `kubectl describe` lists it (`Kind  Name  Namespace` over `User  jdoe`)
    re: /^[ \t]{0,8}User[ \t]{2,40}([A-Za-z0-9._@-]{1,64})(?:[ \t]{2,}\S{0,64})?[ \t]*\r?$/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'kubectl describe rolebinding/clusterrolebinding Subjects (Kind, Name, Namespace)',
  },
  {
    name: 'unifi-rtsp-alias',
    category: 'TOKEN',
    priority: 70,
    group: 1,
    anchors: ['"rtspalias":'],
    // UniFi Protect's RTSP stream alias is the secret part of `rtsps://host:7441/<alias>` (anyone holding it watches)
    re: /"rtspAlias": ?"([A-Za-z0-9]{12,64})"/g,
    source: 'UniFi Protect bootstrap camera channels (rtspAlias, the stream URL token)',
  },
  {
    name: 'couchdb-password-hash',
    category: 'PASSWORD',
    priority: 82,
    group: 0,
    anchors: ['-pbkdf2-', '-pbkdf2:', '-hashed-'],
    // CouchDB's admin password hashes in local.ini `[admins]` and `_node/_local/_config` (`-pbkdf2-<derived>,<salt>,<iterations>`,
    // `-pbkdf2:sha256-…` since 3.4, `-hashed-` for SHA-1)
    re: /-(?:pbkdf2(?::sha(?:1|224|256|384|512))?|hashed)-[0-9a-f]{32,128},[0-9a-f]{16,64}(?:,\d{1,7})?/g,
    source: 'CouchDB admin password hashing (docs.couchdb.org, Configuration: [admins], [chttpd_auth] pbkdf2)',
  },
  {
    name: 'couchdb-admin-login',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['-pbkdf2', '-hashed-'],
    // the admin a CouchDB password hash belongs to (`"jcarter": "-pbkdf2-…"` in `_node/_local/_config`, `jcarter =
    // -pbkdf2-…` under local.ini `[admins]`)
    re: /(?:"([A-Za-z0-9._@-]{1,64})": ?"|^[ \t]{0,8}([A-Za-z0-9._@-]{1,64})[ \t]{0,4}=[ \t]{0,4})-(?:pbkdf2|hashed)[-:]/gm,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'CouchDB [admins] section (docs.couchdb.org, Configuration: Server Administrators)',
  },
  {
    name: 'memcached-session-key',
    category: 'TOKEN',
    priority: 70,
    group: 1,
    anchors: ['memc.sess.key.'],
    // PHP sessions stored by ext-memcached (session.save_handler=memcached, prefix `memc.sess.key.`): the key holds the
    // session id (`VALUE memc.sess.key.22us5r8rd10h1f9duhachno1o4 0 240`, `lru_crawler metadump`)
    re: /memc\.sess\.key\.([A-Za-z0-9,-]{20,128})/g,
    source: 'php-memcached session handler (memcached.sess_prefix default "memc.sess.key.")',
  },
  {
    name: 'couchdb-user-derived-key',
    category: 'PASSWORD',
    priority: 80,
    group: 1,
    anchors: ['"derived_key":', '"password_sha":'],
    // a `_users` document's password hash (`"password_scheme":"pbkdf2",…,"derived_key":"5fd3…","salt":"…"`)
    re: /"(?:derived_key|password_sha)": ?"([0-9a-f]{32,128})"/g,
    source: 'CouchDB _users database documents (docs.couchdb.org, Security: Users Documents)',
  },
  {
    name: 'couchdb-log-user',
    category: 'USER',
    priority: 57,
    group: 1,
    keywords: ['couchdb@'],
    // the request log line (`[notice] … couchdb@node <0.12791.8> 9c2d47df2b host:5984 10.8.49.73 jdoe POST /_session 200 ok 25`):
    // the peer, then the authenticated user (`undefined` when anonymous), then the method
    re: /couchdb@\S{1,255} <\d{1,5}\.\d{1,9}\.\d{1,9}> [0-9a-f-]{1,40} \S{1,261} \S{1,64} ([A-Za-z0-9._@-]{1,64}) (?:GET|POST|PUT|DELETE|HEAD|COPY|OPTIONS) /g,
    accept: (v: string): boolean => v !== 'undefined' && !isSystemAccount(v),
    source: 'CouchDB chttpd request log format (couch_log: peer, user, method, path, code)',
  },
  {
    name: 'couchbase-user-id',
    category: 'USER',
    priority: 57,
    group: 1,
    anchors: ['"id": "', '"id":"'],
    // a Couchbase RBAC user (`couchbase-cli user-manage --list`, `system:user_info`): `"id"` beside its `"domain"`
    re: /"id": ?"([A-Za-z0-9._@-]{1,64})"/g,
    accept: (v: string, text: string, index: number): boolean =>
      !isSystemAccount(v) && /"domain": ?"(?:local|external)"/.test(text.slice(Math.max(0, index - 300), index + 300)),
    source: 'Couchbase Server RBAC users REST API and system:user_info (id, domain, roles)',
  },
  {
    name: 'csrf-token-field',
    category: 'TOKEN',
    priority: 70,
    group: 1,
    anchors: ['"csrf', '\\"csrf', '"_csrf', '\\"_csrf'],
    // a session's anti-CSRF token as a JSON field, also JSON-escaped inside a stored session (`{\"csrf\":\"aff3…\"}`)
    re: /\\?"_?csrf(?:_?token|Token|_secret)?\\?": ?\\?"([A-Za-z0-9_+/=.-]{16,256})\\?"/g,
    source: 'OWASP CSRF Prevention Cheat Sheet (synchronizer tokens are per-session secrets)',
  },
  {
    name: 'ftp-passive-address',
    category: 'IP',
    priority: 50,
    group: 1,
    anchors: ['passive mode (', 'port '],
    // the IPv4 address an FTP server or client names in its PASV reply or PORT command, written with commas
    // (RFC 959 §4.1.2: `227 Entering Passive Mode (192,168,33,249,193,24)`, `PORT 10,0,0,5,7,138`)
    re: /(?:Passive Mode \(|PORT )((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:,(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}),\d{1,3},\d{1,3}\b/g,
    accept: (v: string): boolean => !/^(?:127|0),/.test(v),
    source: 'RFC 959 §4.1.2 PASV reply and PORT command (h1,h2,h3,h4,p1,p2)',
  },
  {
    name: 'curl-basic-auth-user',
    category: 'USER',
    priority: 60,
    group: 1,
    anchors: ['* server auth using '],
    // curl -v: `* Server auth using Basic with user 'jdoe'`
    re: /\* Server auth using [A-Za-z-]{1,20} with user '([^'\n]{1,64})'/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'curl(1) verbose output (lib/http.c, "Server auth using %s with user \'%s\'")',
  },
  {
    name: 'curl-added-cookie',
    category: 'TOKEN',
    priority: 72,
    group: 1,
    anchors: ['* added cookie '],
    // curl -v with a cookie engine: `* Added cookie laravel_session="eyJ…" for domain …`
    re: /\* Added cookie [^\s="]{1,128}="([^"\s]{16,4096})"/g,
    accept: (v: string): boolean => /\d/.test(v) && /[A-Za-z]/.test(v),
    source: 'curl(1) verbose output with a cookie engine (lib/cookie.c, `Added cookie %s="%s"`)',
  },
  {
    name: 'netscape-cookie-jar-value',
    category: 'TOKEN',
    priority: 72,
    group: 1,
    lineGate: /(?:#HttpOnly_)?[A-Za-z0-9.-]{1,253}\t(?:TRUE|FALSE)\t/y,
    keywords: ['\tfalse\t', '\ttrue\t'],
    // a cookie in a Netscape cookie file (curl -c, wget --save-cookies): domain, subdomains flag, path, secure flag,
    // expiry, name, value, tab-separated
    re: /^(?:#HttpOnly_)?[A-Za-z0-9.-]{1,253}\t(?:TRUE|FALSE)\t[^\t\n]{1,1024}\t(?:TRUE|FALSE)\t\d{1,12}\t[^\t\n]{1,256}\t([^\t\r\n]{16,4096})\r?$/gm,
    accept: (v: string): boolean => /\d/.test(v) && /[A-Za-z]/.test(v),
    source: 'Netscape cookie file format as curl writes it (curl.se/docs/http-cookies.html)',
  },
  {
    name: 'gdb-string-member-login',
    category: 'USER',
    priority: 58,
    group: 1,
    anchors: ['user = 0x', 'username = 0x', 'login = 0x'],
    // gdb's print of a struct whose `char *` member names a login: the address, then the string
    // (`db_user = 0x55b2241e2b87 "sync_portal01"`)
    re: /(?:user|username|login) = 0x[0-9a-f]{4,16} "([A-Za-z0-9._@-]{1,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'gdb print output of char * members (sourceware.org/gdb/current/onlinedocs/gdb, Print Settings)',
  },
  {
    name: 'traced-getenv-login',
    category: 'USER',
    priority: 60,
    group: 1,
    anchors: ['getenv("'],
    // a library call and its result as ltrace prints them (`getenv("DB_USER") = "etl_mailer"`), for a variable named
    // for a login
    re: /getenv\("[A-Z0-9_]{0,40}(?:USER|USERNAME|LOGIN)"\)[ \t]{0,60}= "([A-Za-z0-9._@-]{1,64})"/g,
    accept: (v: string): boolean => !isSystemAccount(v),
    source: 'ltrace(1) call and return value output',
  },
  {
    name: 'traced-getenv-secret',
    category: 'PASSWORD',
    priority: 76,
    group: 1,
    anchors: ['getenv("'],
    // the same for a variable named for a secret (`getenv("DB_PASSWORD") = "…"`, `getenv("AWS_SECRET_ACCESS_KEY")`)
    re: /getenv\("[A-Z0-9_]{0,40}(?:PASS|PASSWORD|PASSWD|SECRET|TOKEN|KEY)[A-Z0-9_]{0,20}"\)[ \t]{0,60}= "((?:[^"\\\n]|\\.){1,512})"/g,
    accept: (v: string): boolean => plausibleSecretValue(v),
    source: 'ltrace(1) call and return value output',
  },
  {
    name: 'name-value-secret',
    category: 'PASSWORD',
    priority: 70,
    group: 1,
    anchors: ['name:'],
    // Kubernetes/kubeconfig env entries: `- name: DB_PASSWORD` then `value: x` on the next line
    re: /\bname:[ \t]{1,4}["']?[A-Za-z0-9_.-]{1,100}["']?[ \t]{0,8}\r?\n[ \t]{0,40}value:[ \t]{1,4}(?:"((?:[^"\\\n]|\\.){1,1000})"|'([^'\n]{1,1000})'|([^\s"'][^\n]{0,999}))/gi,
    // the entry's name (the last `name:` before the value) must name a secret, and not its file or id
    accept: (v: string, text: string, index: number): boolean => {
      const at = text.lastIndexOf('name:', index);
      const name = /^name:[ \t]{1,4}["']?([A-Za-z0-9_.-]{1,100})/.exec(text.slice(at, at + 120))?.[1] ?? '';
      return (
        (SECRET_NAME.test(name) || /_PSW?$/i.test(name)) && !NOT_SECRET_KEY.test(name) && plausibleSecretValue(v.trim())
      );
    },
    source:
      'Kubernetes EnvVar name/value pairs (kubernetes.io/docs/reference/kubernetes-api EnvVar), kubeconfig exec env',
  },
  {
    name: 'phone-nanp-parenthesised',
    category: 'PHONE',
    priority: 58,
    group: 0,
    keywords: [') '],
    notAfter: /[A-Za-z0-9]/,
    re: /\(\d{3}\)[ \t]?\d{3}[-. ]\d{4}(?![\d-])/g,
    source:
      'North American Numbering Plan written `(NPA) NXX-XXXX` (the parenthesised area code is a phone-only format)',
  },
  {
    name: 'quoted-phone-in-sms-line',
    category: 'PHONE',
    priority: 57,
    group: 2,
    keywords: ['sms', 'whatsapp', 'otp', 'twilio'],
    // groups of up to 8 digits: German mobiles are written `0173 41630790`
    re: /(['"])(\(?\+?\d{1,4}\)?(?:[ .-]\(?\d{1,8}\)?){1,6})\1/g,
    accept: (v: string): boolean => {
      const digits = v.replace(/\D/g, '').length;
      // dates and times in quotes are no numbers to call
      return digits >= 8 && digits <= 15 && !DATE_OR_DOTTED_QUAD.test(v);
    },
    source: 'a quoted phone-shaped argument on a line about SMS/WhatsApp/OTP delivery (Celery task args, job logs)',
  },
  {
    name: 'phone-international',
    category: 'PHONE',
    priority: 58,
    group: 0,
    anchors: ['+'],
    notAfter: /[+\d]/,
    re: /\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,6}(?![\w]|[.-]\d)/g, // never ends inside a dotted number (an IPv4 address)
    // no country code starts with 0 (E.164): `+0000 2024` is a UTC offset and a year (`lastlog`, `date`)
    accept: (v: string): boolean => {
      const digits = v.replace(/\D/g, '').length;
      // (an IPv4 address after a diff's `+` mark is no number: `+172.25.70.155:*:replication:…`)
      return v.charCodeAt(1) !== 48 && digits >= 8 && digits <= 15 && !DOTTED_QUAD_AFTER_PLUS.test(v);
    },
    source: 'ITU-T E.164 (+CC then up to 15 digits) as commonly grouped',
  },
  {
    name: 'phone-to-from',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: ['to=', 'from=', 'to":', 'from":', "to':", "from':", 'to: ', 'from: '],
    // the numbers of an SMS or call record (`sending reminder to="020 0854 3179"`, `{"from": "+14155550123", "to": …}`):
    // an E.164 number, or a national one written with separators (a bare run of digits there may be an id or a time)
    // (`%2B` is a URL-encoded `+`: Twilio's webhook posts `From=%2B14155550123`; on an SMS line, a bare run of digits
    // is a number too: `"msisdn":"…","to":"447700900123"`, `from=447700900123&to=…&text=…`)
    re: /\b(?:to|from)(?:\\?["'])?[ \t]{0,4}[=:][ \t]{0,4}(?:\\?["'])?((?:\+|%2B)\d{8,15}|\d{10,15}|\+?\(?\d{1,5}\)?(?:[ .-]\(?\d{1,6}\)?){1,5})(?=\\?["'&,;\s]|$)/gi,
    accept: (v: string, text: string, index: number): boolean => {
      const digits = v.replace(/%2B/i, '').replace(/\D/g, '').length;
      if (digits < 8 || digits > 15 || DATE_OR_DOTTED_QUAD.test(v.trim())) return false;
      return !/^\d+$/.test(v) || /msisdn|\bsms\b|[?&]text=|inbound-sms|outbound-sms/i.test(lineAround(text, index));
    },
    source: 'SMS gateway and call records: the to/from numbers (E.164, or national formats with separators)',
  },
  {
    name: 'phone-in-context',
    category: 'PHONE',
    priority: 58,
    group: 1,
    keywords: [
      'phone',
      'whatsapp',
      'tel',
      'mobile',
      'sms',
      'fax',
      'call',
      'landline',
      'twilio',
      'sender',
      'hotline',
      'delivered to',
      'sent to',
      'recipient',
      'delivery failed',
      'otp to',
      'code to',
      'reach me',
      'reach us',
      'text me',
      'ring me',
      'contact me',
      'contact us',
      // PayPal's phone objects (`"phone_number": {"national_number": "…"}`)
      'national_number',
      // a customer's message (`Hi, my new number is 206-433-5638`)
      'number is',
      // an SMS gateway refusing a customer's number (`SMS provider rejected number 06 45 93 92 40 for user …`)
      'pager',
      'fromnumber',
      'from_number',
      'rejected number',
      'invalid number',
      'unreachable number',
      'blocked number',
      'undeliverable number',
    ],
    re: /(?:(?:my|our)[ \t]{1,4}(?:new[ \t]{1,4})?number[ \t]{1,4}is|(?:rejected|invalid|unreachable|blocked|undeliverable)[ \t]{1,4}number|pager|phone|tel\.?|telephone|telefon|telefono|landline|mobile|cell|fax|msisdn|recipient|sms[ _-]to|sms(?=\\?["']?[ \t]{0,4}(?:=>|[=:]))|sms\((?=["']?\+?\d)|(?:sms|message|text|delivery|push)[ \t]{1,4}(?:delivered|sent|queued|failed)[ \t]{1,4}to|sent[ \t]{1,4}(?:an?[ \t]{1,4})?(?:otp|sms|(?:verification|login|one-time)[ \t]{1,4}code|code|text)[ \t]{1,4}to|(?:otp|sms|code)[ \t]{1,4}sent[ \t]{1,4}to|(?:call|ring|text|reach|contact)[ \t]{1,4}(?:me|us)(?:[ \t]{1,4}back)?[ \t]{1,4}(?:on|at)|call[ -]?back[ \t]{1,4}(?:scheduled|requested|booked)(?:[ \t]{1,4}(?:for|to|on|at))?|call(?:ed)?[ \t]{1,4}(?:from|on|at)|(?:twilio|sms)[_-]?from|from(?=[_-]?number)|sender[_-]?(?:number|no|nr)|caller[_-]?id|hotline|call(?:ing)?|whatsapp|national_number)(?:_?(?:number|no|nr))?(?:\\?["'])?\]?[ \t]{0,4}(?:=>|[=:])?[ \t]{0,4}(?:\\?["'])?(\(?\+?\d{1,4}\)?(?:[ ./-]{0,2}\(?\d{1,6}\)?){1,6})/gi,
    accept: (v: string): boolean => {
      const digits = v.replace(/\D/g, '').length;
      return digits >= 7 && digits <= 15 && !DATE_OR_DOTTED_QUAD.test(v.trim());
    },
    source:
      'national phone formats next to a phone/SMS keyword (E.164 national significant numbers; DIN 5008 area code / number as 0151/…; print_r `[phone] =>`)',
  },
  {
    name: 'phone-nanp-dotted',
    category: 'PHONE',
    priority: 56,
    group: 1,
    keywords: ['on-call', 'oncall', 'contact', 'phone', 'tel', 'mobile', 'cell', 'pager', 'call', 'sms', '# ', '// '],
    // a North American number written with dots (`281.994.5413`, NANP: area code and exchange start with 2–9) on a
    // comment or contact line (`// On-call: Jane Doe (281.994.5413)`)
    re: /(?<![\w.])([2-9]\d{2}\.[2-9]\d{2}\.\d{4})(?![\w.])/g,
    source: 'North American Numbering Plan (NPA-NXX-XXXX; NPA and NXX start with 2–9), written with dots',
  },
  {
    name: 'phone-kr-mobile',
    category: 'PHONE',
    priority: 56,
    group: 0,
    keywords: ['010-', '011-', '016-', '017-', '018-', '019-'],
    // a South Korean mobile number in its national form `010-2756-8935` (prefix 010–019, then 3–4 and 4 digits)
    re: /(?<![\w+.-])01[016-9]-\d{3,4}-\d{4}(?![\w-])/g,
    source: 'Korean numbering plan (KCC): mobile numbers 010-XXXX-XXXX',
  },
  {
    name: 'phone-national-area-code',
    category: 'PHONE',
    priority: 56,
    group: 1,
    keywords: [') '],
    // national numbers written with the area code in parentheses and no trunk zero: Brazil `(21) 97915-0533` (two-digit
    // DDD, then 4 or 5 digits, a hyphen, 4 digits) and Russia `8 (938) 313-68-53` (trunk 8, three-digit code, 3-2-2)
    re: /(?<![\w+])((?:8[ \t]?)?\(\d{2,3}\)[ \t]?(?:\d{4,5}-\d{4}|\d{3}-\d{2}-\d{2}))(?![\d-])/g,
    source: 'ANATEL numbering plan (Brazil, (DDD) XXXXX-XXXX); Russian national notation 8 (XXX) XXX-XX-XX',
  },
  {
    name: 'phone-parenthesized-trunk-code',
    category: 'PHONE',
    priority: 56,
    group: 1,
    keywords: ['(0'],
    // a national number with its trunk prefix and area code in parentheses, `(020) 7946 0000`, `(02) 9314 0625`: a
    // phone without any keyword beside it (`assigned to driver Luíza Gonçalves ((027) 1264 1376)`)
    re: /(?<!\w)(\(0\d{1,4}\)[ \t]?\d{3,4}[ -]?\d{3,4})(?![\d-])/g,
    accept: (v: string): boolean => {
      const digits = v.replace(/\D/g, '').length;
      return digits >= 9 && digits <= 12;
    },
    source: 'ITU-T E.123 §7.1 national notation (area code with trunk prefix in parentheses: (0607) 123 4567)',
  },
];

/** After a phone keyword: the rest of a key naming a list of numbers, then `: [` or `= [`. */
const PHONE_ARRAY_HEAD = /(?:s|[_-]?[Nn]umbers?|[_-]?nos?|[_-]?list)?\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\[/y;
/** One quoted array item (JSON, Python, JSON escaped in a log line; one per line when pretty-printed) and the `,` or `]` after it. */
const QUOTED_ITEM = /\s{0,40}(\\?["'])([^"'\\\n]{0,64})\1\s{0,40}([,\]])/y;
/**
 * Phone numbers listed in an array under a phone key (`"phone": ["+41 71 …", "027 742 4930"]`, `phones=['…']`): each
 * quoted item of 7 to 15 digits in phone characters, not a date or dotted quad. The keyword pass gives where each key
 * ends; the key must start a word (`hotel` is no `tel`).
 */
export const phoneArrays: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    // back to the word's start, at most as far as the longest key word (`telephone`): a long run of letters holding
    // `tel` many times must not be walked once per hit
    let k = end - 1;
    while (k >= 0 && end - k <= 10 && ASCII_LETTER[text.charCodeAt(k)] === 1) k--;
    // (or its last camel-case word: Microsoft Graph's `businessPhones`)
    const word = text.slice(k + 1, end);
    if (
      !/^(?:phone|telephone|tel|mobile|msisdn|fax|landline|whatsapp)$/i.test(word) &&
      !/[a-z](?:Phone|Telephone|Mobile|Fax)$/.test(word)
    )
      continue;
    PHONE_ARRAY_HEAD.lastIndex = end;
    if (!PHONE_ARRAY_HEAD.test(text)) continue;
    let at = PHONE_ARRAY_HEAD.lastIndex;
    for (let n = 0; n < 64; n++) {
      QUOTED_ITEM.lastIndex = at;
      const m = QUOTED_ITEM.exec(text);
      if (!m) break;
      const v = m[2]!;
      if (isWrittenPhoneNumber(v)) {
        const start = at + m[0].indexOf(m[1]!) + m[1]!.length;
        emit({ start, end: start + v.length, category: 'PHONE', rule: 'phone-array-in-context', priority: 58 });
      }
      at = QUOTED_ITEM.lastIndex;
      if (m[3] === ']') break;
    }
  }
};

const ASCII_LETTER = charTable('A-Za-z');

/** After the key `name`: its quote, `:` and the `{` of an object (JSON, mongosh, YAML flow, Python). */
const NAME_OBJECT_OPEN = /\\?["']?[ \t]{0,4}:[ \t]{0,4}\{/y;
/** One part of a name object: `first: 'Jörg',`, `"last":"Smit"}`; groups: 1 the part, 2 the quote, 3 the value, 4 `,` or `}`. */
const NAME_PART =
  /\s{0,40}\\?["']?(first|last|given|family|middle|sur)(?:_?name)?\\?["']?[ \t]{0,4}:[ \t]{0,4}(\\?["'])([^"'\\\n]{1,60})\2\s{0,40}([,}])/y;
const KEY_WORD_CHAR = charTable('A-Za-z0-9_');

/**
 * A person's name stored as an object of parts under a `name` key (`"name":{"first":"Maartje","last":"Smit"}` in a
 * document store's `find()` output, `name: { first: 'Jörg', last: 'Vogelsang' }` pretty-printed by mongosh): each part
 * that reads as a name word. Source: corpus README PERSON_NAME ("when first and last name sit in separate columns,
 * each is labelled"), the same for a document's fields. Bounded: six parts per object.
 */
export const nameObjectParts: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    // the key `name` itself, not the end of a longer key (`username: {`)
    if (end >= 5 && KEY_WORD_CHAR[text.charCodeAt(end - 5)] === 1) continue;
    NAME_OBJECT_OPEN.lastIndex = end;
    if (!NAME_OBJECT_OPEN.test(text)) continue;
    let at = NAME_OBJECT_OPEN.lastIndex;
    for (let n = 0; n < 6; n++) {
      NAME_PART.lastIndex = at;
      const m = NAME_PART.exec(text);
      if (!m) break;
      const v = m[3]!.trim();
      if (v && looksLikePersonName(v, false)) {
        const start = at + m[0].indexOf(m[2]! + m[3]!) + m[2]!.length + m[3]!.indexOf(v);
        emit({ start, end: start + v.length, category: 'PERSON', rule: 'name-object-part', priority: 60 });
      }
      at = NAME_PART.lastIndex;
      if (m[4] === '}') break;
    }
  }
};

/**
 * Laravel Sanctum plain-text API tokens, `{id}|{40 random characters}` (laravel.com/docs/sanctum, issuing API tokens):
 * the random part is redacted, the id stays. Each `|` found by `indexOf` (tables are full of them; a regex scan cost
 * ~4 µs per 4 KiB config payload), then a digit before it and 40 letters and digits after it, mixed case, entropy >= 4.
 */
export const sanctumTokens: Scanner = (text, emit) => {
  for (let bar = text.indexOf('|'); bar >= 0; bar = text.indexOf('|', bar + 1)) {
    const before = text.charCodeAt(bar - 1);
    if (before < 48 || before > 57) continue;
    let e = bar + 1;
    while (e < text.length && e - bar <= 41 && WORD_ALNUM[text.charCodeAt(e)] === 1) e++;
    if (e - bar !== 41) continue;
    const v = text.slice(bar + 1, e);
    if (/[0-9]/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v) && shannonEntropy(v) >= 4)
      emit({ start: bar + 1, end: e, category: 'TOKEN', rule: 'laravel-sanctum-token', priority: 80 });
  }
};
const WORD_ALNUM = charTable('A-Za-z0-9');

/** Compiled once for {@link connectionStrings}: a regex literal in a function allocates 57 bytes per evaluation. */
const HOST_PREFIX_CHAR = /[A-Za-z0-9+.-]/;
const LETTER = /[A-Za-z]/;
const WORD_CHAR = /[A-Za-z0-9_]/;
const PROPERTY_LIST_ITEM = /;[A-Za-z][A-Za-z0-9_. ]{0,40}=/;
const ASTERISKS_ONLY = /^\*+$/;
const PORT_PATH_QUERY = /^\d{1,5}\/[^\s?]{0,200}\?[^\s]{0,500}[=&]/;

/** Connection-string credentials: `scheme://user:password@host` (password CONNSTR, user USER). RFC 3986 §3.2.1. */
export const connectionStrings: Scanner = (text, emit) => {
  // literal-led: find `://`, then read the scheme backwards and the authority forwards with a sticky pattern
  // a raw `'` may sit in the password (RFC 3986 sub-delims; encodeURIComponent leaves it), not in user or host; so
  // may a raw `<` or `>` (`env` prints DATABASE_URL unencoded): a `<user>:<password>@<host>` template still fails on
  // its user
  // (the host may be empty before the path: Airflow's `aws://KEY:SECRET@/?region_name=…`, libpq's `postgres://u:p@/db?host=/run/postgresql`)
  const authority = /([^\s:@/'"<>]{0,200}):([^\s"]{0,1000}?)@([^\s@/'"?#<>]{1,255}(?=[/?#\s'"<>,;)]|$)|(?=\/))/y;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    let ss = at;
    while (ss > 0 && at - ss < 31 && HOST_PREFIX_CHAR.test(text[ss - 1]!)) ss--;
    if (at - ss < 2 || !LETTER.test(text[ss]!) || WORD_CHAR.test(text[ss - 1] ?? ' ')) continue;
    authority.lastIndex = at + 3;
    const a = authority.exec(text);
    if (!a) continue;
    const m = Object.assign([text.slice(ss, authority.lastIndex), text.slice(ss, at), a[1], a[2], a[3]], { index: ss });
    const user = m[2]!;
    const pass = m[3]!;
    // `jdbc:sqlserver://host:1433;databaseName=x;password=p@ss`: JDBC/ODBC properties after the port, not userinfo
    // (the key/value scanner reads their `password=`)
    if (PROPERTY_LIST_ITEM.test(pass)) continue;
    // `//10.0.0.5:5432/db?user=u&password=…%40…`: a port, a path and a query after a host, whose `@` is a decoded
    // `%40` of a query value (the decoded layer re-reads URLs); userinfo holds no `/`, `?` or `&` (RFC 3986 §3.2.1)
    if (PORT_PATH_QUERY.test(pass)) continue;
    // (a syntax template in a comment is no account: `scheme://[user[:password]@]host`)
    if (user.charCodeAt(0) === 91 /* [ */) continue;
    const userStart = m.index + m[1]!.length + 3;
    const passStart = userStart + user.length + 1;
    // (asterisks alone are a mask the program printed: Celery and Kombu log `redis://:**@host:6379/0`)
    if (
      pass.length > 0 &&
      !PLACEHOLDER_RE.test(pass) &&
      !SHELL_VARIABLE_REFERENCE.test(pass) &&
      !ASTERISKS_ONLY.test(pass)
    )
      emit({
        start: passStart,
        end: passStart + pass.length,
        category: 'CONNSTR',
        rule: 'connection-string-password',
        priority: 90,
      });
    if (user.length > 0 && !isSystemAccount(user) && !PLACEHOLDER_RE.test(user))
      emit({
        start: userStart,
        end: userStart + user.length,
        category: 'USER',
        rule: 'connection-string-user',
        priority: 89,
      });
  }
};

/**
 * Whether a card scheme issues numbers of this prefix and length (ISO/IEC 7812 IINs as the schemes publish them): Visa
 * 4 (13, 16, 19), Mastercard 51–55 and 2221–2720 (16), Mir 2200–2204 (16–19), Amex 34/37 (15), JCB 3528–3589, Diners
 * 30/36/38/39 (14–19), Discover/UnionPay/Maestro 6 and 50/56–58 (12–19), RuPay/UnionPay 81–82 (16–19), UATP 1 (15),
 * Troy 9792 (16).
 * A Luhn-valid number outside them (an InnoDB thread handle `441523216363547`, a 7… id) is no card: a random number
 * passes Luhn one time in ten.
 */
function issuedPrefixAndLength(d: string): boolean {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p4 = Number(d.slice(0, 4));
  switch (d[0]) {
    case '1':
      return n === 15;
    case '2':
      return (p4 >= 2221 && p4 <= 2720 && n === 16) || (p4 >= 2200 && p4 <= 2204 && n >= 16);
    case '3':
      if (p2 === 34 || p2 === 37) return n === 15;
      if (p4 >= 3528 && p4 <= 3589) return n >= 16;
      return (p2 === 30 || p2 === 36 || p2 === 38 || p2 === 39) && n >= 14;
    case '4':
      return n === 13 || n === 16 || n === 19;
    case '5':
      return p2 >= 51 && p2 <= 55 ? n === 16 : p2 === 50 || (p2 >= 56 && p2 <= 58);
    case '6':
      return n >= 12;
    case '8':
      return (p2 === 81 || p2 === 82) && n >= 16;
    case '9':
      // Troy (Türkiye's domestic scheme: 9792 and 65)
      return p4 === 9792 && n === 16;
    default:
      return false;
  }
}

/** What may follow a CSV field: a delimiter, a quote or the line's end. */
const CSV_FIELD_END = /[,;\t\r\n"]/;

/** Compiled once for {@link cardNumbers}: a regex literal in a function allocates 57 bytes per evaluation. */
const CARD_GROUP_SEPARATOR = /[.,-]/;
const DIGIT = /\d/;
const WORD_START_CHAR = /[A-Za-z_]/;
const THREAD_ID_LABEL = /\b(?:tid|pid|ppid|lwp|thread(?:_id)?)[ =:#]{1,2}$/i;
/** A field named for an id (`query_id`, `traceId`, `id`), then a separator: the number after it is that id. */
const ID_FIELD_BEFORE = /(?:(?:\b|_)(?:id|ID)|[a-z]Id)["']?[ \t]*[|:=][ \t]*["']?$/;

/** Card numbers: 13–19 digits plain, or in the 4-4-4-4(-3), 4-6-5 and 4-6-4 groupings; Luhn-valid (ISO/IEC 7812). */
export const cardNumbers: Scanner = (text, emit) => {
  // every digit run start is tried (a failed or rejected attempt never hides a later start inside its anchor)
  // (`\d\d\d\d` is `\d{4}` written out: V8 scans for it ~2.3x faster, 1.60 → 0.69 ms on the 1 MiB bench log, measured)
  // (`+` separates groups where a form body encodes the blanks: `cc_number=4111+1111+1111+1111`)
  const anchor = /(?<!\d)\d\d\d\d[ +-]?\d\d\d\d/g;
  // 19-digit Maestro/UnionPay in five groups (4-4-4-4-3) first, then 4-4-4-x and Amex/Diners 4-6-5
  const full =
    /\d{13,19}|\d{4}([ +-])\d{4}\1\d{4}\1\d{4}\1\d{1,3}|\d{4}([ +-])\d{4}\2\d{4}\2\d{1,7}|\d{4}([ +-])\d{6}\3\d{4,5}/y;
  for (let m = anchor.exec(text); m; m = anchor.exec(text)) {
    anchor.lastIndex = m.index + 1;
    const prev = text[m.index - 1] ?? ' ';
    // inside a longer number (`0.4111…`, `12-4111…`, `3,4111…`) — but a CSV field after a numeric one
    // (`21:51:59,4711-1981-4943-8206,07/26`) starts at its comma
    // (… not after an id that ends in digits: `…-353a4c5335b3,6011…` follows a UUID's last group)
    const inNumber =
      CARD_GROUP_SEPARATOR.test(prev) && DIGIT.test(text[m.index - 2] ?? ' ') && !afterIdWord(text, m.index - 2);
    if (inNumber && prev !== ',') continue;
    // digits inside a hex id or a word (`"EndpointID": "4ad38bc8fc4539…"`) are not a card
    if (WORD_START_CHAR.test(prev)) continue;
    // a thread or process id (Apache's error log `[pid 4034:tid 140882466369438]`, `thread_id=`)
    if (THREAD_ID_LABEL.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    // a numeric id under its field's name (`query_id | 6794614741253805302` in psql's expanded output, `trace_id=`)
    if (ID_FIELD_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index)) && DIGIT.test(text[m.index + 4]!))
      continue;
    full.lastIndex = m.index;
    let f = full.exec(text);
    if (!f) continue;
    // five groups whose digits fail the checks may be four and the next field (`5518 2990 2079 0939 06/28`: an expiry)
    if (f[1] && !cardDigitsPlausible(f[0].replace(/\D/g, ''))) {
      FOUR_GROUPS.lastIndex = m.index;
      f = FOUR_GROUPS.exec(text) ?? f;
    }
    const end = m.index + f[0].length;
    // a longer number goes on after `.` (`4111…1111.5`) and after `,` inside a list of numbers (`3,4111…1111,5`); a CSV
    // row's next field (`…8206,07/26`, an expiry; `…6089,3324.43`, an amount) does not
    if (
      /[\w-]/.test(text[end] ?? ' ') ||
      (/\d/.test(text[end + 1] ?? ' ') &&
        (text[end] === '.' || (text[end] === ',' && inNumber && !/^,\d{1,4}[/:-]/.test(text.slice(end, end + 7)))))
    )
      continue;
    if (inNumber && !CSV_FIELD_END.test(text[end] ?? '\n')) continue;
    const digits = f[0].replace(/\D/g, '');
    if (!cardDigitsPlausible(digits)) continue;
    // 13 digits are issued only by Visa (IIN 4, ISO/IEC 7812); a 13-digit Unix time in ms (`1747223456786`) is not a card
    if (digits.length === 13 && digits.charCodeAt(0) !== 52) continue;
    // no issuer uses a leading 0, and 1 only for 15-digit UATP: a leading 1 is an epoch time (ms, µs), not a card
    if (digits.charCodeAt(0) === 48 || (digits.charCodeAt(0) === 49 && digits.length !== 15)) continue;
    if (!issuedPrefixAndLength(digits)) continue;
    emit({ start: m.index, end, category: 'CARD', rule: 'luhn-card-number', priority: 89 });
    anchor.lastIndex = end;
  }
};

/** Whether the line before or after the one holding `i` passes `directive` (a `key value` line, ssh_config's). */
function besideDirective(text: string, i: number, directive: RegExp): boolean {
  const ls = text.lastIndexOf('\n', i) + 1;
  let le = text.indexOf('\n', i);
  if (le < 0) le = text.length;
  const ps = ls > 0 ? text.lastIndexOf('\n', ls - 2) + 1 : -1;
  const ne = le < text.length ? text.indexOf('\n', le + 1) : -1;
  return (
    (ps >= 0 && ls - ps <= 400 && directive.test(text.slice(ps, ls - 1))) ||
    (le < text.length &&
      (ne < 0 ? text.length : ne) - le <= 400 &&
      directive.test(text.slice(le + 1, ne < 0 ? text.length : ne)))
  );
}
const DIRECTIVE_LINE = /^[ \t]{0,8}[A-Za-z_][A-Za-z0-9_]{1,40}[ \t]+[^\s]{1,200}[ \t]*\r?$/;
/** An ssh_config(5) host directive and its value (`HostName`, `Port`, `IdentityFile` …). */
// (any case: `ssh -G` prints the resolved options in lower case, `hostname x`, `port 22`)
const SSH_CONFIG_LINE =
  /^[ \t]{0,8}(?:Host|HostName|Port|IdentityFile|IdentitiesOnly|ProxyJump|ProxyCommand|ForwardAgent|StrictHostKeyChecking|UserKnownHostsFile|LocalForward|ServerAliveInterval)[ \t]+[^\n]{1,200}$/i;

/** 13–19 digits that pass Luhn (ISO/IEC 7812-1 Annex B) and are not one digit repeated. */
function cardDigitsPlausible(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && !/^(\d)\1+$/.test(digits);
}
/** Four groups of four digits apart by one separator, sticky (the retry of {@link cardNumbers}). */
const FOUR_GROUPS = /\d{4}([ +-])\d{4}\1\d{4}\1\d{4}(?!\d)/y;

/** Whether the digits that end at `i` (inclusive) close a word holding letters (a hex id, a UUID), at most 64 back. */
function afterIdWord(text: string, i: number): boolean {
  let k = i;
  while (k >= 0 && i - k < 64 && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k--;
  return k >= 0 && LETTER.test(text[k]!);
}

/**
 * The end of a Samba `smbpasswd` line after its two hashes (`[U          ]:LCT-5F0A1B2C:`, smbpasswd(5)): such a line
 * also has the shape of a .pgpass entry (`login:uid:LM:NT:…`) and is left to the smbpasswd rules.
 */
const SMBPASSWD_TAIL = /^\[[A-Z ]{11}\]:LCT-[0-9A-F]{8}:/;

/**
 * A line number before a line's text: `cat -n` (blanks, digits, a tab), `grep -n` (`12:` or `12-`) and `grep -rn`
 * (`path:12:`), when a .pgpass-shaped line follows (a host, then a port or `*`).
 */
const PGPASS_NUMBER_PREFIX = /^(?: {0,8}\d{1,9}\t|(?:[^\s:]{1,255}:)?\d{1,9}[:-](?=[^\s:]{1,255}:(?:\d{1,5}|\*):))/;

const PGPASS_LINE =
  /((?:[^:\s#\\]|\\.){1,255}):(\d{1,5}|\*):((?:[^:\s\\]|\\.){1,128}):((?:[^:\s\\]|\\.){1,128}):((?:[^\n\\]|\\.){1,512})$/my;
/**
 * Units a .pgpass line can start with: anything but `:` and ASCII white space but the blank that starts a `cat -n` line
 * number (`#` starts a commented-out entry; the rest is left to the regex).
 */
const PGPASS_FIRST = (() => {
  const t = new Uint8Array(128).fill(1);
  // (a blank only opens a `cat -n` line number, checked in the scan)
  for (const ch of ':\t\n\r\v\f') t[ch.charCodeAt(0)] = 0;
  return t;
})();

/**
 * Whether the first field of the line at `p` may end in `:` as {@link PGPASS_LINE} needs: false only when a `:`-free
 * run of at most 255 plain units ends in ASCII white space, `#` or the text's end. A `\\` or a non-ASCII unit answers
 * true (the regex decides).
 */
function pgpassFieldEnds(text: string, p: number): boolean {
  const stop = Math.min(text.length, p + 256);
  for (let j = p; j < stop; j++) {
    const c = text.charCodeAt(j);
    if (c === 58) return j > p;
    if (c === 92 || c >= 128) return true;
    if (c === 32 || c === 35 || (c >= 9 && c <= 13)) return false;
  }
  return false;
}

/**
 * An /etc/shadow entry (shadow(5): login, hash, then seven numeric or empty fields: last change, min, max, warn,
 * inactive, expire, reserved), which has the colons of a .pgpass line (`daemon:*:19511:0:99999:7:::`).
 */
const SHADOW_LINE = /^[^:\s]{1,64}:[^:\s]*:\d*:\d*:\d*:\d*:\d*:\d*:\d*[ \t\r]*$/;

/**
 * Whether a {@link PGPASS_LINE} match has a host field a .pgpass line can have: no `=` (`SSH_CLIENT=2604:…` is an
 * assignment) and no leading `[`, the line's first word is not an IPv6 address (`2604:2550:5dfc:c37a:e66:…` splits into
 * five fields), and the line is no /etc/shadow entry.
 */
function pgpassHost(m: RegExpExecArray): boolean {
  if (m[1]!.includes('=')) return false;
  // a clock in brackets opens a log line (ESPHome's `[05:51:41][I][app:100]: …`), never a host
  if (m[1]!.startsWith('[')) return false;
  // … nor does a date written with colons (Sophos UTM: `2025:06:08-13:43:59 utm-hq aua[16948]: …`)
  if (/^\d{4}$/.test(m[1]!) && /^\d{2}$/.test(m[2]!)) return false;
  if (SHADOW_LINE.test(m[0])) return false;
  // a known_hosts entry names its host and address (`db01.example,2001:db8::7 ecdsa-sha2-nistp256 AAAA…`)
  const word = /^\S+/.exec(m[0])![0].replace(/^.*,/, '');
  return !isIPv6(word) && !isIPv6(word.replace(/:\d{1,5}$/, ''));
}

/**
 * A .pgpass line as `column -t -s:` aligns it: host, a PostgreSQL or PgBouncer port (5432–5439, 6432) or `*`, database,
 * user and password, apart by runs of blanks. Groups: 1 the user, 2 the password.
 */
const PGPASS_COLUMNS_LINE =
  /^[^\s:]{1,255}[ \t]{2,}(?:543\d|6432|\*)[ \t]{2,}[^\s]{1,128}[ \t]{2,}([^\s]{1,128})[ \t]{2,}([^\s]{1,512})[ \t]*\r?$/gm;

/** The user and password of .pgpass lines printed as columns ({@link PGPASS_COLUMNS_LINE}), two or more of them. */
export const pgpassColumns: Scanner = (text, emit) => {
  if (!/ {2}(?:543\d|6432|\*) {2}/.test(text)) return;
  const rows = [...text.matchAll(PGPASS_COLUMNS_LINE)];
  if (rows.length < 2) return;
  for (const m of rows) {
    const end = m.index + m[0].trimEnd().length;
    const passStart = end - m[2]!.length;
    const userStart = m.index + m[0].lastIndexOf(m[1]!, passStart - m.index - 1);
    emit({ start: passStart, end, category: 'PASSWORD', rule: 'pgpass-columns', priority: 76 });
    if (!isSystemAccount(m[1]!))
      emit({ start: userStart, end: userStart + m[1]!.length, category: 'USER', rule: 'pgpass-columns', priority: 76 });
  }
};

/**
 * PostgreSQL password files: `hostname:port:database:username:password`, `\:` and `\\` escaped (postgresql.org
 * docs libpq-pgpass). Only when at least three consecutive lines have this shape (one stray line with four colons is
 * not a .pgpass file) or the text names `.pgpass`.
 */
export const pgpassLines: Scanner = (text, emit) => {
  // cheap gate: a line of the shape host:port: (most payloads have none)
  if (!/:(?:\d{1,5}|\*):/.test(text)) return;
  // the pattern tried sticky at line starts whose first field could end in `:` (a multiline `^` made V8 try every
  // position: 1.6 ms per MiB of logs); the same matches as a /gm scan
  const matches: RegExpExecArray[] = [];
  let resume = 0;
  for (let p of lineStartsWhere(text, PGPASS_FIRST)) {
    // a commented-out entry (`#host:5432:db:user:password`) still holds a working password
    if (text.charCodeAt(p) === 35 /* # */) {
      p++;
      while (text[p] === ' ') p++;
    }
    // a line as `cat -n` prints it (`     3\thost:5432:…`) or `grep -n` / `grep -rn` (`3:host:5432:…`, `~/.pgpass:3:`)
    // (when the text after it is no entry, the line is read from its start: a password may hold `:`)
    const numbered = PGPASS_NUMBER_PREFIX.exec(text.slice(p, p + 300));
    if (!numbered && text.charCodeAt(p) === 32) continue;
    // a match may run past a lone `\r` (the password field stops only at `\n`); a scan resumes after it
    if (p < resume) continue;
    let m: RegExpExecArray | null = null;
    if (numbered && pgpassFieldEnds(text, p + numbered[0].length)) {
      PGPASS_LINE.lastIndex = p + numbered[0].length;
      m = PGPASS_LINE.exec(text);
    }
    if (!m && text.charCodeAt(p) !== 32 && pgpassFieldEnds(text, p)) {
      PGPASS_LINE.lastIndex = p;
      m = PGPASS_LINE.exec(text);
    }
    // (PHP's serialize() format has the same colons: `a:2:{s:6:"status";…}`; a database or role name has no `{` or `"`)
    if (!m || !pgpassHost(m) || SMBPASSWD_TAIL.test(m[5]!) || /[{"]/.test(m[3]! + m[4]!)) continue;
    matches.push(m);
    resume = p + m[0].length;
  }
  if (matches.length === 0) return;
  // one entry alone is a .pgpass when the name says so or when it is the payload's only line besides comments (a file
  // with a single active entry, `cat ~/.pgpass`)
  if (matches.length < 2 && !/pgpass/i.test(text) && !onlyActiveLine(text, matches[0]!.index)) return;
  for (const m of matches) {
    // an IPv6 host has its colons escaped (`fd00\:\:5`): the address scanners cannot see it as one
    const host = m[1]!.replace(/\\(.)/g, '$1');
    if (m[1]!.includes('\\:') && isIPv6(host) && host !== '::1' && host !== '::')
      emit({ start: m.index, end: m.index + m[1]!.length, category: 'IP', rule: 'pgpass-ipv6-host', priority: 77 });
    const userStart = m.index + m[1]!.length + 1 + m[2]!.length + 1 + m[3]!.length + 1;
    const passStart = userStart + m[4]!.length + 1;
    emit({
      start: passStart,
      end: passStart + m[5]!.trimEnd().length,
      category: 'PASSWORD',
      rule: 'pgpass-password',
      priority: 77,
    });
    if (!isSystemAccount(m[4]!))
      emit({ start: userStart, end: userStart + m[4]!.length, category: 'USER', rule: 'pgpass-user', priority: 77 });
  }
};

/**
 * A Postfix `sasl_passwd` entry (postfix.org/SASL_README.html): `[relay]:port username:password` (the brackets turn off
 * the MX lookup). An app password may hold blanks, so the password runs to the end of the line (from a non-blank).
 * The relay is a dotted name or address (a log line's `[request id]` is not). Groups: 1 the blanks before the username,
 * 2 the username, 3 the password.
 */
const SASL_PASSWD_LINE =
  /\[(?=[A-Za-z0-9-]{0,63}\.)[A-Za-z0-9.-]{1,253}\](?::[A-Za-z0-9-]{1,16})?([ \t]+)([^\s:]{1,128}):([^\s](?:[^\n]{0,254}[^\s])?)[ \t]*\r?(?:\n|$)/y;

/**
 * Postfix `sasl_passwd` entries: the username and the password of each line that starts with `[relay]`. Lines are found
 * by `indexOf('\n[')` (logs print `[` on every line, mid-line: a keyword for it cost ~9 µs per 4 KiB of logs).
 */
export const postfixSaslEntries: Scanner = (text, emit) => {
  for (let i = text.startsWith('[') ? 0 : text.indexOf('\n['); i >= 0; i = text.indexOf('\n[', i + 1)) {
    const at = text.charCodeAt(i) === 10 ? i + 1 : i;
    SASL_PASSWD_LINE.lastIndex = at;
    const m = SASL_PASSWD_LINE.exec(text);
    // a URL after a bracketed name is a setting (`composer config --list`: `[repositories.x.url] https://…`)
    if (!m || m[3]!.startsWith('//')) continue;
    const userStart = at + m[0].indexOf(m[1]!) + m[1]!.length;
    const passStart = userStart + m[2]!.length + 1;
    emit({
      start: passStart,
      end: passStart + m[3]!.length,
      category: 'PASSWORD',
      rule: 'postfix-sasl-password',
      priority: 78,
    });
    if (!m[2]!.includes('@') && !isSystemAccount(m[2]!))
      emit({
        start: userStart,
        end: userStart + m[2]!.length,
        category: 'USER',
        rule: 'postfix-sasl-user',
        priority: 78,
      });
  }
};

/** A PgBouncer `auth_file` line (pgbouncer(5) "Authentication file format"): `"user" "password or hash"`. */
const PGBOUNCER_AUTH_LINE = /"([^"\s]{1,64})"[ \t]+"([^"\n]{1,512})"[ \t]*\r?(?:\n|$)/y;

/**
 * PgBouncer `userlist.txt` entries: the user and the password (plain, `md5…` or a SCRAM secret, redacted whole) of each
 * line that is `"user" "password"`. Lines are found by `indexOf('\n"')` (an access log's `"-" "Mozilla…"` holds `" "`
 * on every line, never at its start).
 */
export const pgbouncerAuthFile: Scanner = (text, emit) => {
  for (let i = text.startsWith('"') ? 0 : text.indexOf('\n"'); i >= 0; i = text.indexOf('\n"', i + 1)) {
    const at = text.charCodeAt(i) === 10 ? i + 1 : i;
    PGBOUNCER_AUTH_LINE.lastIndex = at;
    const m = PGBOUNCER_AUTH_LINE.exec(text);
    if (!m) continue;
    const user = m[1]!;
    const passStart = at + m[0].indexOf('"', user.length + 2) + 1;
    // above the hash rules, so a SCRAM secret or an md5 hash goes whole, mechanism included
    emit({
      start: passStart,
      end: passStart + m[2]!.length,
      category: 'PASSWORD',
      rule: 'pgbouncer-auth-file',
      priority: 92,
    });
    if (!isSystemAccount(user))
      emit({ start: at + 1, end: at + 1 + user.length, category: 'USER', rule: 'pgbouncer-auth-file', priority: 70 });
  }
};

/** Whether every non-blank line of `text` other than the one starting at `lineStart` is a `#` comment. */
function onlyActiveLine(text: string, lineStart: number): boolean {
  for (let p = 0; p < text.length;) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    if (p !== lineStart) {
      const line = text.slice(p, e).trim();
      if (line.length > 0 && !line.startsWith('#')) return false;
    }
    p = e + 1;
  }
  return true;
}

/**
 * The name before a `key-suffix-value` value at `valueStart`, read backwards over what the rule's pattern allows
 * between them (`["']?`, blanks, `=>`/`=`/`:`/a blank, blanks, `["']?`). A hand walk: a `…$`-anchored regex over the
 * 100 characters before was tried at every one of them (~30 µs per 4 KiB config payload).
 * @returns the name without leading dashes, whether it had them (a CLI flag), whether the separator was a blank.
 */
function keySuffixName(
  text: string,
  valueStart: number,
): { name: string; start: number; flag: boolean; blankSeparator: boolean } | null {
  let p = valueStart;
  const quote = (c: string | undefined): boolean => c === '"' || c === "'";
  const blank = (c: string | undefined): boolean => c === ' ' || c === '\t';
  if (quote(text[p - 1])) p--;
  const blanksEnd = p;
  while (blank(text[p - 1])) p--;
  let blankSeparator = false;
  let comma = false;
  if (text[p - 1] === '>' && text[p - 2] === '=') p -= 2;
  else if (text[p - 1] === '=') p--;
  else if (text[p - 1] === ':' && p < blanksEnd) p--;
  // PHP `define( 'ACF_PRO_LICENSE', '…' )`: a quoted name, a comma, a quoted value
  else if (text[p - 1] === ',' && quote(text[p - 2]) && quote(text[valueStart - 1])) {
    p--;
    comma = true;
  } else if (p < blanksEnd) blankSeparator = true;
  else return null;
  while (blank(text[p - 1])) p--;
  if (quote(text[p - 1])) p--;
  const end = p;
  while (p > 0 && end - p < 100 && KEY_CHAR[text.charCodeAt(p - 1)] === 1) p--;
  let nameStart = p;
  while (text[nameStart] === '-') nameStart++;
  if (nameStart >= end) return null;
  if (comma && !/define\([ \t]{0,4}["']$/i.test(text.slice(Math.max(0, p - 12), p))) return null;
  return { name: text.slice(nameStart, end), start: p, flag: nameStart > p, blankSeparator };
}

/**
 * `*_KEY` names that hold no secret: key fingerprints and public keys (`GPG_KEY` in the official Python images), and
 * ids, paths and cache names (`IDEMPOTENCY_KEY`, `OBJECT_KEY`, `CACHE_KEY`, `PARTITION_KEY`).
 */
const NOT_A_KEY_NAME =
  /(?:^|[_.-])(?:gpg|pgp|public|pub|publishable|site|ssh|host|fingerprint|cache|idempotency|partition|object|sort|primary|foreign|routing|dedup|lock|index|row|hash|range|s3|file|redis|pusher[_-]?app|borg)[_.-]?key$/i;

/** From a `define()` value that is not a literal to the literal in it: after a `?:`/`??` fallback, a `getenv_docker` default or a decoding call. */
const PHP_FALLBACK =
  /(?:getenv_docker\([ \t]{0,8}(['"])[A-Za-z0-9_]{1,80}\1[ \t]{0,8},[ \t]{0,40}|(?:base64_decode|str_rot13|rawurldecode|urldecode|hex2bin|stripslashes|trim)\([ \t]{0,8}|[^\n;]{0,200}?(?:\?:|\?\?)[ \t]{0,8})(?=['"])/y;

/**
 * PHP `define('NAME', 'value')` constants (WordPress keys and salts, DB_NAME, DB_USER, SMTP passwords), also the literal
 * after a `getenv(…) ?: 'fallback'` or inside `base64_decode('…')`. The value is
 * read with PHP single/double-quote escaping, so salts full of quotes and brackets are taken whole.
 */
export const phpDefines: Scanner = (text, emit) => {
  if (!text.includes('define')) return;
  const re = /\bdefine\(\s{0,8}(['"])([A-Za-z0-9_]{1,80})\1\s{0,8},\s{0,16}/g;
  for (const m of text.matchAll(re)) {
    const name = m[2]!;
    let at = m.index + m[0].length;
    // `getenv('X') ?: 'fallback'` / `?? 'fallback'`, the official Docker image's `getenv_docker('X', 'default')` and
    // a decoding wrapper (`base64_decode('…')`: the encoded literal is the secret, one call away): the literal after
    // the operator, comma or parenthesis is the value
    if (!/['"]/.test(text[at] ?? '')) {
      PHP_FALLBACK.lastIndex = at;
      const f = PHP_FALLBACK.exec(text);
      if (f) at += f[0].length;
    }
    const span = scanValue(text, at, 'token');
    if (!span || !/['"]/.test(text[at] ?? '')) continue;
    const [s, e] = span;
    let category: RedactionCategory | null = null;
    if (name === 'DB_NAME' || name === '_DB_NAME_') category = 'DBNAME';
    else if (name === 'DB_USER' || name === '_DB_USER_') category = isSystemAccount(text.slice(s, e)) ? null : 'DBUSER';
    // (PrestaShop 1.6 wraps its names in underscores: `_COOKIE_KEY_`, `_RIJNDAEL_KEY_`, `_DB_PASSWD_`)
    else if (SECRET_NAME.test(name) || /_(?:KEY|SALT|IV)_?$/.test(name) || /_PASSWD_$/.test(name))
      category = /_(?:KEY|SALT|IV)_?$/.test(name) ? 'APIKEY' : 'PASSWORD';
    else if (/(?:FROM|SENDER|CONTACT|AUTHOR|OWNER|ADMIN)_NAME$/.test(name)) {
      // a mail sender's or contact's display name (WP Mail SMTP `WPMS_MAIL_FROM_NAME`)
      if (looksLikePersonName(text.slice(s, e), true))
        emit({ start: s, end: e, category: 'PERSON', rule: 'php-define-person', priority: 60 });
      continue;
    } else if (/(?:^|_)(?:USER|USERNAME|LOGIN)_?$/.test(name)) {
      if (!isSystemAccount(text.slice(s, e)) && !SAMPLE_PLACEHOLDER.test(text.slice(s, e)))
        emit({ start: s, end: e, category: 'USER', rule: 'php-define-user', priority: 71 });
      continue;
    }
    if (category) emitValue(emit, text, s, e, category, 'php-define', 72);
  }
};

/**
 * Directories under /home that name no login: Homebrew on Linux (`/home/linuxbrew`, docs.brew.sh/Homebrew-on-Linux),
 * a shared Go workspace (`GOPATH=/home/go`), and shared data directories.
 */
const HOME_NOT_LOGIN = new Set([
  'go',
  'linuxbrew',
  'shared',
  'share',
  'common',
  'data',
  'backup',
  'backups',
  'public',
  'example',
]);

/**
 * Where the command word `word` starts that runs the line before `index`: its last occurrence, at most `reach`
 * characters back and on the same line, that starts the text or follows a blank, `/`, `;`, `|` or `&`, and (with
 * `flagged`) is followed by a flag. `-1` when there is none. Costs the distance walked, never a rescan of the line.
 */
function commandWordBefore(text: string, index: number, word: string, reach: number, flagged: boolean): number {
  const floor = Math.max(0, index - reach);
  const win = text.slice(floor, index); // lastIndexOf on the text itself would walk to its start when `word` is absent
  const nl = Math.max(win.lastIndexOf('\n'), win.lastIndexOf('\r'));
  for (
    let at = win.lastIndexOf(word, win.length - word.length);
    at > nl;
    at = at === 0 ? -1 : win.lastIndexOf(word, at - 1)
  ) {
    const c = at === 0 ? (floor === 0 ? 10 : text.charCodeAt(floor - 1)) : win.charCodeAt(at - 1);
    const boundary = c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 59 || c === 124 || c === 38;
    if (!boundary) continue;
    const after = win.charCodeAt(at + word.length);
    if (after !== 32 && after !== 9) continue;
    if (flagged && !/^[ \t]+-/.test(win.slice(at + word.length, at + word.length + 10))) continue;
    return floor + at;
  }
  return -1;
}

/**
 * The `htpasswd` command that runs the line before `index` (flags first, within 600 characters: the longest match of
 * its rules): its flag letters (`-nbB -c` → `nbBc`) and how many arguments stand between its flags and `index`; `null`
 * when there is none.
 */
function htpasswdCommand(text: string, index: number): { flags: string; args: number } | null {
  const at = commandWordBefore(text, index, 'htpasswd', 600, true);
  if (at < 0) return null;
  const words = text
    .slice(at + 8, index)
    .trim()
    .split(/[ \t]+/);
  let k = 0;
  let flags = '';
  // (`-C 10`: bcrypt's cost takes the next word)
  while (k < words.length && words[k]!.startsWith('-')) {
    flags += words[k++]!.slice(1);
    if (flags.endsWith('C') && /^\d{1,3}$/.test(words[k] ?? '')) k++;
  }
  return { flags, args: words.length - k };
}

/** Whether the line before `index` (up to 400 characters back) runs lftp. */
function isLftpLine(text: string, index: number): boolean {
  return commandWordBefore(text, index, 'lftp', 400, false) >= 0;
}

/**
 * FTP and POP3 credentials as a packet capture or a client's trace prints the session (`tcpdump -A` puts header bytes
 * before each command): a `PASS <password>` line, and the `USER <login>` line before it (at most 1,500 characters back).
 * RFC 959 §4.1.1, RFC 1939 §7. Found from each `pass ` keyword hit; the upper-case commands are required.
 */
export const plaintextProtocolLogins: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    const at = end - 5;
    if (!text.startsWith('PASS ', at) || /[A-Za-z0-9_]/.test(text[at - 1] ?? '')) continue;
    let e = end;
    while (e < text.length && e - end < 128 && !/\s/.test(text[e]!)) e++;
    if (e === end || (e < text.length && text[e] !== '\n' && text[e] !== '\r')) continue;
    const before = text.slice(Math.max(0, at - 1500), at);
    const user = /(?:^|[^A-Za-z0-9_])USER ([A-Za-z0-9._@-]{1,64})\r?\n(?![\s\S]*(?:^|[^A-Za-z0-9_])USER )/.exec(before);
    if (!user) continue;
    const password = text.slice(end, e);
    if (plausibleSecretValue(password))
      emit({ start: end, end: e, category: 'PASSWORD', rule: 'plaintext-protocol-password', priority: 80 });
    const login = user[1]!;
    if (!isSystemAccount(login)) {
      const ls = at - before.length + user.index + user[0].indexOf('USER ') + 5;
      emit({ start: ls, end: ls + login.length, category: 'USER', rule: 'plaintext-protocol-login', priority: 58 });
    }
  }
};

/** `Password:` in base64, the SMTP server's second challenge of AUTH LOGIN (RFC 4954 §4, draft-murchison-sasl-login). */
const SMTP_PASSWORD_CHALLENGE = '334 UGFzc3dvcmQ6';

/**
 * The password of an SMTP `AUTH LOGIN` exchange: the base64 line the client sends after the server's `334 UGFzc3dvcmQ6`
 * (`Password:`), as a session transcript or a packet capture prints it (`tcpdump -A` puts header bytes before it, and a
 * packet header line between). The first of the next six lines that ends in a base64 run of 8 or more characters and is
 * no capture header.
 */
export const smtpAuthLoginPasswords: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    if (!text.startsWith(SMTP_PASSWORD_CHALLENGE, end - SMTP_PASSWORD_CHALLENGE.length)) continue;
    let ls = text.indexOf('\n', end);
    for (let k = 0; k < 6 && ls >= 0 && ls - end < 2048; k++) {
      const le0 = text.indexOf('\n', ls + 1);
      const le = le0 < 0 ? text.length : le0;
      let e = le;
      if (text.charCodeAt(e - 1) === 13) e--;
      let b = e;
      while (b > ls + 1 && e - b < 1024 && B64_CHAR[text.charCodeAt(b - 1)] === 1) b--;
      while (b < e && text[b] === '=') b++;
      const line = text.slice(ls + 1, le);
      if (line.includes('334 ')) break;
      if (e - b >= 8 && !/ > |Flags \[|^\d\d:\d\d:\d\d/.test(line) && /[A-Za-z]/.test(text.slice(b, e))) {
        emit({ start: b, end: e, category: 'PASSWORD', rule: 'smtp-auth-login-password', priority: 80 });
        break;
      }
      ls = le0;
    }
  }
};
/** Base64 characters and its padding (RFC 4648 §4). */
const B64_CHAR = charTable('A-Za-z0-9+/=');

/** One element of a redis-cli reply list that is a SHA-256 password hash (`4) 1) "0b83…"`, `   2) "d3d1…"`). */
const REDIS_PASSWORD_HASH_LINE = /^[ \t]{0,12}(?:\d{1,3}\) ){1,2}"([0-9a-f]{64})"\r?$/;

/**
 * The password hashes of `ACL GETUSER` as redis-cli prints them: the list after the `"passwords"` field, one SHA-256 per
 * line (redis.io/commands/acl-getuser). Found from each `"passwords"` keyword hit: the following lines while they are
 * such elements (at most 64).
 */
export const redisAclPasswordHashes: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    let ls = text.indexOf('\n', end);
    for (let k = 0; k < 64 && ls >= 0; k++) {
      const nl = text.indexOf('\n', ls + 1);
      const le = nl < 0 ? text.length : nl;
      if (le - ls > 100) break;
      const m = REDIS_PASSWORD_HASH_LINE.exec(text.slice(ls + 1, le));
      if (!m) break;
      const at = ls + 1 + m[0].indexOf('"') + 1;
      emit({ start: at, end: at + 64, category: 'PASSWORD', rule: 'redis-acl-password-hash', priority: 76 });
      ls = nl;
    }
  }
};

/** Compiled once for {@link secretCategoryOfKey}: a regex literal in a function allocates 57 bytes per evaluation. */
const KEY_LIKE_NAME = /api[_-]?key|apikey|access[_-]?key|secret[_-]?key|key[_-]?base|signing|_key$|-key$/i;
const TOKEN_LIKE_NAME = /token|push[_-]?magic/i;

/**
 * The category of a secret by the name of the key that holds it: `APIKEY` for key names (`api_key`, `SECRET_KEY`,
 * `signing…`, `…_key`), `TOKEN` for token names, `PASSWORD` otherwise.
 */
function secretCategoryOfKey(key: string): RedactionCategory {
  return KEY_LIKE_NAME.test(key) ? 'APIKEY' : TOKEN_LIKE_NAME.test(key) ? 'TOKEN' : 'PASSWORD';
}

/**
 * The category of a value by the name of its setting: Laravel's `APP_KEY` (`APPKEY`), a secret (`APIKEY` for key names,
 * `TOKEN` for token names, `PASSWORD` otherwise) when the name holds {@link SECRET_KEY_WORD} and is no setting about a secret
 * ({@link NOT_SECRET_KEY}: `PASSWORD_RESET_TTL`), a login for `…user`, `…username`, `…login`; else null.
 */
function categoryOfSettingName(name: string): RedactionCategory | null {
  const last = name.replace(/^.*[.:/]/, '');
  if (/^app_key$/i.test(last)) return 'APPKEY';
  if (SECRET_NAME.test(last) && !NOT_SECRET_KEY.test(last) && !/public[_-]?key|key[_-]?id$/i.test(last))
    return secretCategoryOfKey(last);
  if (/(?:^|[_.-])(?:user|username|login)$|[a-z](?:User|Username|Login)$/i.test(last)) return 'USER';
  return null;
}

/** Emits `value` at [a, b) in the category its setting's name gives it, when it is plausible for that category. */
export function emitNamedValue(emit: (c: Candidate) => void, name: string, v: string, a: number, rule: string): void {
  const category = categoryOfSettingName(name);
  if (!category) return;
  if (category === 'USER') {
    if (/^[A-Za-z0-9._@-]{2,64}$/.test(v) && !isSystemAccount(v) && !/^\d/.test(v))
      emit({ start: a, end: a + v.length, category, rule, priority: 57 });
  } else if (plausibleSecretValue(v) && !/^(?:n\/a|null|none|no value)$/i.test(v))
    emit({ start: a, end: a + v.length, category, rule, priority: 70 });
}

/**
 * One row of a two-column key/value table drawn with box characters or `|` (Railway's `railway variables`: `║ PGPASSWORD
 * │ 38Tq… ║`; Netlify's `env:list`; the AWS CLI's `--output table`, which nests `||  SecretAccessKey |  … ||`): group 1 the name (absent on a row that continues the value above it, which the
 * printer wrapped), group 2 the value.
 */
const BOX_SETTING_ROW =
  /^[ \t]{0,8}[║│┃|]\|?[ \t]+(?:([A-Za-z_][A-Za-z0-9_.]{1,100})[ \t]+)?[│┃|][ \t]+(\S[^│┃║|\n]{0,2000})[║│┃|]\|?[ \t]*\r?$/gm;
/** A URL cut inside its password by a wrapped cell: `postgresql://postgres:38TqZfhO6…`. Group 1 the password part. */
const CUT_URL_PASSWORD = /^[a-z][a-z0-9+.-]{1,20}:\/\/[^:/@\s]{1,100}:([^@\s]{1,500})$/;

/**
 * The values of two-column setting tables drawn with box characters or `|`, each in the category of its name ({@link
 * categoryOfSettingName}); a value the printer wrapped onto the rows below keeps that category there, and a URL cut
 * inside its password has the password's pieces redacted up to the `@`. Runs only on text holding a vertical box border
 * or a line that starts with `| `.
 */
export const boxSettingRows: Scanner = (text, emit) => {
  if (
    !text.includes('║') &&
    !text.includes('┃') &&
    !text.includes('│') &&
    !text.includes('\n| ') &&
    !text.includes('\n|| ') &&
    !text.startsWith('| ')
  )
    return;
  let rowEnd = -2;
  // what continues onto the next row: a secret's category, or the password of a cut URL
  let carry: RedactionCategory | 'url-password' | null = null;
  BOX_SETTING_ROW.lastIndex = 0;
  for (let m = BOX_SETTING_ROW.exec(text); m; m = BOX_SETTING_ROW.exec(text)) {
    // (the cell's padding is matched greedily with it, then trimmed: a lazy cell before optional blanks is quadratic)
    const v = m[2]!.trimEnd();
    const a = m.index + m[0].lastIndexOf(m[2]!);
    const continues = !m[1] && m.index === rowEnd + 1;
    rowEnd = m.index + m[0].length;
    if (!m[1]) {
      if (!continues || carry === null || /\s/.test(v)) {
        carry = null;
        continue;
      }
      if (carry === 'url-password') {
        const at = v.indexOf('@');
        const end = at < 0 ? v.length : at;
        if (end > 0) emit({ start: a, end: a + end, category: 'CONNSTR', rule: 'box-setting-row', priority: 70 });
        if (at >= 0) carry = null;
      } else emit({ start: a, end: a + v.length, category: carry, rule: 'box-setting-row', priority: 70 });
      continue;
    }
    carry = null;
    const cut = CUT_URL_PASSWORD.exec(v);
    if (cut) {
      emit({
        start: a + v.length - cut[1]!.length,
        end: a + v.length,
        category: 'CONNSTR',
        rule: 'box-setting-row',
        priority: 70,
      });
      carry = 'url-password';
      continue;
    }
    let emitted: RedactionCategory | null = null;
    emitNamedValue(
      (c) => {
        emitted = c.category;
        emit(c);
      },
      m[1],
      v,
      a,
      'box-setting-row',
    );
    carry = emitted === 'USER' ? null : emitted;
  }
};

/**
 * A line of davfs2's secrets file: a mount point or server URL, the login, the password (quoted when it holds blanks or
 * `"`), and nothing else (davfs2.conf(5), "secrets"). Groups: 1 the login, 2 the quoted password, 3 the bare one.
 */
const DAVFS_SECRET_LINE =
  /^[ \t]*(?:\/[^\s]{1,4096}|https?:\/\/[^\s]{1,4096})[ \t]+([^\s"#]{1,64})[ \t]+(?:"((?:[^"\\\n]|\\.){1,256})"|([^\s"]{1,256}))[ \t]*\r?$/gm;

/**
 * davfs2 credentials (`/etc/davfs2/secrets`, `~/.davfs2/secrets`): each three-field line's login and password, in a
 * text that names davfs (a three-field line is no fstab entry, which has four to six).
 */
export const davfsSecrets: Scanner = (text, emit) => {
  if (!text.includes('davfs')) return;
  DAVFS_SECRET_LINE.lastIndex = 0;
  for (let m = DAVFS_SECRET_LINE.exec(text); m; m = DAVFS_SECRET_LINE.exec(text)) {
    const login = m[1]!;
    const pw = m[2] ?? m[3]!;
    const end = m.index + m[0].trimEnd().length - (m[2] !== undefined ? 1 : 0);
    const ls = m.index + m[0].lastIndexOf(login, end - pw.length - m.index);
    if (!isSystemAccount(login) && /[A-Za-z]/.test(login))
      emit({ start: ls, end: ls + login.length, category: 'USER', rule: 'davfs-secret', priority: 62 });
    emit({ start: end - pw.length, end, category: 'PASSWORD', rule: 'davfs-secret', priority: 74 });
  }
};

/**
 * The head of MySQL's `master.info` file (MySQL Reference Manual, "Replication Metadata Repositories"; MariaDB the
 * same): its line count, the source's binary log and position, host, user, password and port, one per line. Groups:
 * 1 the user, 2 the password.
 */
const MASTER_INFO_HEAD =
  /^\d{1,3}\r?\n[A-Za-z0-9_.-]{1,64}\.\d{6}\r?\n\d{1,20}\r?\n[^\s]{1,255}\r?\n([^\s]{1,64})\r?\n([^\n\r]{1,256})\r?\n\d{1,5}\r?\n/my;

/**
 * A replica's `master.info` as `cat` prints it: the replication user and its password in the clear, found from the
 * binary log's name (`mysql-bin.001677`, `mariadb-bin.000012`, `binlog.000003`) on the file's second line.
 */
export const masterInfoFiles: Scanner = (text, emit, keywordEnds) => {
  let done = -1;
  for (const end of keywordEnds ?? []) {
    if (end < done) continue;
    const ls = text.lastIndexOf('\n', end - 1);
    if (ls < 1) continue;
    const prev = text.lastIndexOf('\n', ls - 1 - (text.charCodeAt(ls - 1) === 13 ? 1 : 0)) + 1;
    MASTER_INFO_HEAD.lastIndex = prev;
    const m = MASTER_INFO_HEAD.exec(text);
    if (!m) continue;
    done = prev + m[0].length;
    // lines 5 and 6 of the match: after its fourth and fifth newline
    let userStart = prev;
    for (let n = 0; n < 4; n++) userStart = text.indexOf('\n', userStart) + 1;
    const pwStart = text.indexOf('\n', userStart) + 1;
    const pwEnd = pwStart + m[2]!.length;
    if (!isSystemAccount(m[1]!))
      emit({
        start: userStart,
        end: userStart + m[1]!.length,
        category: 'DBUSER',
        rule: 'mysql-master-info',
        priority: 62,
      });
    emit({ start: pwStart, end: pwEnd, category: 'PASSWORD', rule: 'mysql-master-info', priority: 74 });
  }
};

/**
 * A parameter row of `aws ssm get-parameters(-by-path) --output text`: `PARAMETERS  <arn>  <data type>  <modified>
 * <name>  <type>  <value>  <version>`, tab-separated. Groups: 1 the name's last segment, 2 the value.
 */
const SSM_PARAMETER_ROW =
  /^PARAMETERS\t[^\t\n]{1,2048}\t[^\t\n]{0,64}\t[^\t\n]{0,64}\t(?:[^\t\n]{0,2048}\/)?([^\t\n/]{1,256})\t(?:SecureString|String|StringList)\t([^\t\n]{1,4096})\t\d{1,10}\r?$/gm;

/** The value of each SSM parameter row ({@link SSM_PARAMETER_ROW}) in the category its name gives (`DB_PASSWORD`). */
export const ssmParameterRows: Scanner = (text, emit) => {
  if (!text.includes('PARAMETERS\t')) return;
  SSM_PARAMETER_ROW.lastIndex = 0;
  for (let m = SSM_PARAMETER_ROW.exec(text); m; m = SSM_PARAMETER_ROW.exec(text)) {
    const a = m.index + m[0].lastIndexOf(`\t${m[2]!}\t`) + 1;
    emitNamedValue(emit, m[1]!, m[2]!, a, 'ssm-parameter-row');
  }
};

/**
 * A setting printed with a dot leader between its name and value (HikariCP's DEBUG config dump: `password
 * ..........<masked>`, `username..........svc_orders`; the same layout in other Java pools and BIOS-style reports).
 * Groups: 1 the name, 2 a double-quoted value, 3 a bare value.
 */
const DOT_LEADER_SETTING = /\b([A-Za-z][A-Za-z0-9_]{1,60})\.{4,}(?:"([^"\n]{1,512})"|([^\s"]{1,512}))/g;

/** The values of dot-leader settings ({@link DOT_LEADER_SETTING}), each in the category its name gives. */
export const dotLeaderSettings: Scanner = (text, emit) => {
  DOT_LEADER_SETTING.lastIndex = 0;
  for (let m = DOT_LEADER_SETTING.exec(text); m; m = DOT_LEADER_SETTING.exec(text)) {
    const v = m[2] ?? m[3]!;
    // HikariCP masks the password itself (`<masked>`)
    if (v === '<masked>' || v === 'none' || v === 'null') continue;
    emitNamedValue(
      emit,
      m[1]!,
      v,
      m.index + m[0].length - v.length - (m[2] === undefined ? 0 : 1),
      'dot-leader-setting',
    );
  }
};

/** A mapping key alone on its line: group 1 its indentation, 2 the key (bare or quoted). */
const YAML_KEY_LINE = /^( *)["']?([A-Za-z0-9_.@-]{1,64})["']?:[ \t]*\r?$/my;

/**
 * The accounts of a YAML `users:` mapping, each a key on its own line one level under it (ClickHouse `users.d/*.yaml`:
 * `users:` over `  jdoe:` over `    password_sha256_hex: …`): logins, unless a system or role account. Read down from
 * each `users:` line to the first line indented no deeper than it. O(lines under it). Also OpenSearch's top-level
 * accounts over their `hash:` lines.
 */
export const yamlUsersMapKeys: Scanner = (text, emit, keywordEnds) => {
  let done = -1;
  for (const end of keywordEnds ?? []) {
    if (end < done) continue;
    const ls = lineStartWithin(text, end - 1, 200);
    const head = text.slice(ls, end);
    // OpenSearch's internal_users.yml: an account's name is a top-level key, its password hash the first line under it
    // (`jdoe:` over `  hash: "$2y$12$…"`)
    if (head.endsWith('hash:')) {
      if (!/^ {1,8}hash:$/.test(head) || ls < 2 || !/^[ \t]*["']?\$2[aby]?\$/.test(text.slice(end, end + 12))) continue;
      const prev = text.lastIndexOf('\n', ls - 2) + 1;
      YAML_KEY_LINE.lastIndex = prev;
      const m = YAML_KEY_LINE.exec(text);
      if (m && m[1] === '' && YAML_KEY_LINE.lastIndex <= ls && /[A-Za-z]/.test(m[2]!) && !isSystemAccount(m[2]!)) {
        const at = text.indexOf(m[2]!, prev);
        emit({ start: at, end: at + m[2]!.length, category: 'USER', rule: 'yaml-users-map-key', priority: 57 });
      }
      continue;
    }
    if (!/^ *users$/.test(head.slice(0, -1)) || !/^[ \t]*\r?(?:\n|$)/.test(text.slice(end, end + 4))) continue;
    const parent = head.length - head.trimStart().length;
    let child = -1;
    let p = text.indexOf('\n', end) + 1;
    for (let n = 0; p > 0 && p < text.length && n < 10000; n++) {
      let le = text.indexOf('\n', p);
      if (le < 0) le = text.length;
      let k = p;
      while (text.charCodeAt(k) === 32) k++;
      if (k < le && text.charCodeAt(k) !== 35 /* # */ && !(k === le - 1 && text.charCodeAt(k) === 13)) {
        const indent = k - p;
        if (indent <= parent) break;
        if (child < 0) child = indent;
        if (indent === child) {
          YAML_KEY_LINE.lastIndex = p;
          const m = YAML_KEY_LINE.exec(text);
          if (m && /[A-Za-z]/.test(m[2]!) && !isSystemAccount(m[2]!)) {
            const at = text.indexOf(m[2]!, p);
            emit({ start: at, end: at + m[2]!.length, category: 'USER', rule: 'yaml-users-map-key', priority: 57 });
          }
        }
      }
      done = le;
      p = le + 1;
    }
  }
};

/** A line that is only a quoted string, after optional blanks (and a `cat -n` number): group 1 the string's text. */
const QUOTED_LINE = /[ \t]*(?:\d{1,9}\t[ \t]*)?"([^"\n\\]{8,512})",?[ \t]*\r?$/my;

/**
 * A secret-named key that ends its line, with the value alone on the next (`secret_key_base:` over `"cq+W7…"`, as
 * `mix format` breaks an Elixir keyword list whose value is too long; `SECRET_KEY =` over a string in Python), or a
 * secret's environment lookup that ends its line in `||` over its fallback: the string, when it looks like a secret
 * ({@link plausibleSecretValue}). Found from each `:`, `=` or `||` before a newline.
 */
export const nextLineSecretValues: Scanner = (text, emit) => {
  for (const sep of [':\n', '=\n', '||\n']) {
    for (let i = text.indexOf(sep); i >= 0; i = text.indexOf(sep, i + 2)) {
      let q = i + sep.length;
      while (
        text.charCodeAt(q) === 32 ||
        text.charCodeAt(q) === 9 ||
        (text.charCodeAt(q) >= 48 && text.charCodeAt(q) <= 57)
      )
        q++;
      if (text.charCodeAt(q) !== 34 /* " */) continue;
      if (sep === '||\n') {
        // the fallback after an environment lookup that a formatter broke (`System.get_env("SECRET_KEY_BASE") ||`)
        if (!SECRET_NAME.test(linePrefix(text, i, 200))) continue;
      } else {
        let k = i;
        while (k > 0 && text.charCodeAt(k - 1) === 32) k--;
        const ke = k;
        while (k > 0 && ke - k < 60 && KEY_CHAR[text.charCodeAt(k - 1)] === 1) k--;
        if (ke === k || !SECRET_NAME.test(text.slice(k, ke))) continue;
      }
      QUOTED_LINE.lastIndex = i + sep.length;
      const m = QUOTED_LINE.exec(text);
      if (!m || !plausibleSecretValue(m[1]!)) continue;
      const a = text.indexOf('"', i + sep.length) + 1;
      emit({ start: a, end: a + m[1]!.length, category: 'PASSWORD', rule: 'next-line-secret-value', priority: 70 });
    }
  }
};

/** A row under Pulumi's `OUTPUT  VALUE` heading: indent, the output's name, blanks, its value. */
const PULUMI_OUTPUT_ROW = /[ \t]{2,8}([A-Za-z_][A-Za-z0-9_]{0,100})[ \t]{2,80}(\S[^\n]{0,2000})$/my;

/**
 * `pulumi stack output` (`Current stack outputs (5):`, `    OUTPUT      VALUE`, then a row per output): each value in
 * the category of its output's name ({@link categoryOfSettingName}: `dbUsername` a login, `dbPassword` a secret;
 * `[secret]` is Pulumi's own mask). Read down from the heading to the first line of another shape.
 */
export const pulumiStackOutputs: Scanner = (text, emit, keywordEnds) => {
  let done = -1;
  for (const end of keywordEnds ?? []) {
    if (end < done) continue;
    let p = text.indexOf('\n', end);
    for (let n = 0; p >= 0 && n < 10000; n++) {
      PULUMI_OUTPUT_ROW.lastIndex = p + 1;
      const m = PULUMI_OUTPUT_ROW.exec(text);
      if (!m) break;
      // (greedy to the line's end, then trimmed: a lazy value before optional blanks is quadratic in the line)
      const v = m[2]!.trimEnd();
      const a = p + 1 + m[0].length - m[2]!.length;
      if (v !== '[secret]') emitNamedValue(emit, m[1]!, v, a, 'pulumi-stack-output');
      p = text.indexOf('\n', p + 1);
    }
    done = p < 0 ? text.length : p;
  }
};

/** After a `<name>user</name>` hit: blanks (a line break too), then the value element. Group 1 the value. */
const JDBC_USER_VALUE_AFTER = /\s{0,80}<value>([^<\n]{1,128})<\/value>/y;

/**
 * A WebLogic JDBC module's driver property `<property><name>user</name><value>crm_app</value></property>`, the value
 * element often on the next line: the login. Found from each `<name>user</name>` hit.
 */
export const jdbcXmlUserProperties: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    JDBC_USER_VALUE_AFTER.lastIndex = end;
    const m = JDBC_USER_VALUE_AFTER.exec(text);
    if (!m || isSystemAccount(m[1]!)) continue;
    const a = JDBC_USER_VALUE_AFTER.lastIndex - 8 - m[1]!.length;
    emit({ start: a, end: a + m[1]!.length, category: 'USER', rule: 'jdbc-xml-user-property', priority: 60 });
  }
};

/** After `"sensitive": true`: the rest of the output object up to its `"value"` string. Group 1 the value. */
const SENSITIVE_OUTPUT_VALUE = /,?[^{}]{0,200}?"value"[ \t]*:[ \t]*"((?:[^"\\\n]|\\.){1,4000})"/y;

/**
 * The values Terraform and OpenTofu mark sensitive themselves (`terraform output -json`: `"db_password": {"sensitive":
 * true, "type": "string", "value": "…"}`): a string value of the object holding `"sensitive": true`, as a password.
 */
export const sensitiveOutputValues: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    SENSITIVE_OUTPUT_VALUE.lastIndex = end;
    const m = SENSITIVE_OUTPUT_VALUE.exec(text);
    if (!m || !plausibleSecretValue(m[1]!)) continue;
    const a = SENSITIVE_OUTPUT_VALUE.lastIndex - 1 - m[1]!.length;
    emit({ start: a, end: a + m[1]!.length, category: 'PASSWORD', rule: 'sensitive-output-value', priority: 72 });
  }
};

/** A named XML property with its value in an attribute: `<property name="Password" value="…">`. */
const XML_PROPERTY_NAME_VALUE = /<property name="([A-Za-z][A-Za-z0-9_.-]{0,60})" value="([^"\n]{1,512})"/y;

/**
 * GlassFish/Payara `domain.xml` pool properties and similar (`<property name="User" value="billing_user">`,
 * `<property name="Password" value="…">`): each value in the category of its property's name ({@link
 * categoryOfSettingName}). Found from each `<property name="` hit.
 */
export const xmlPropertyNameValues: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    XML_PROPERTY_NAME_VALUE.lastIndex = end - 16;
    const m = XML_PROPERTY_NAME_VALUE.exec(text);
    if (!m) continue;
    emitNamedValue(emit, m[1]!, m[2]!, XML_PROPERTY_NAME_VALUE.lastIndex - 1 - m[2]!.length, 'xml-property-value');
  }
};

/** The line above a Spring property's `"value"`: `"MAIL_SMTP_PASS" : {`. Group 1 the name. */
const SPRING_PROPERTY_OPEN = /^[ \t]*"([A-Za-z0-9_.:[\]-]{1,120})" ?: ?\{[ \t]*\r?$/;
/** After a Spring property's value: `,` then the `"origin"` line naming an environment variable (group 1). */
const SPRING_ORIGIN_AFTER =
  /^,?[ \t]*\r?\n[ \t]*"origin" ?: ?"System Environment Property \\"([A-Za-z_][A-Za-z0-9_.]{0,120})\\""/;

/**
 * Values of settings printed as a name over its value object (Spring Boot `/actuator/env`: `"MAIL_SMTP_PASS": {` then
 * `"value": "…"` on the next line) and as phpinfo()'s HTML rows (`<td class="e">DB_PASSWORD </td><td class="v">…
 * </td>`), each in the category of its name ({@link categoryOfSettingName}). Found from each `"value"` and `<td
 * class="e">` keyword hit.
 */
export const namedSettingValues: Scanner = (text, emit, keywordEnds) => {
  for (const end of keywordEnds ?? []) {
    if (text.charCodeAt(end - 1) === 62 /* > */) {
      // phpinfo: `<td class="e">NAME </td><td class="v">VALUE </td>`
      const m = /^([A-Za-z0-9_.$'[\]-]{1,100}) ?<\/td><td class="v">([^<\n]{1,2000}?) ?<\/td>/.exec(
        text.slice(end, end + 2200),
      );
      if (m) {
        const name = m[1]!.replace(/^\$_(?:SERVER|ENV)\['|'\]$/g, '');
        emitNamedValue(
          emit,
          name,
          m[2]!,
          end + m[0].length - 5 - m[2]!.length - (m[0].endsWith(' </td>') ? 1 : 0),
          'phpinfo-setting',
        );
      }
      continue;
    }
    // Spring: `"value" : "…"` (Jackson puts a blank before the colon), the name on the line above
    const v = /^ ?: ?"((?:[^"\\\n]|\\.){1,2000})"/.exec(text.slice(end, end + 2010));
    if (!v) continue;
    const ls = lineStartWithin(text, end, 200);
    if (!/^[ \t]*"value"/.test(text.slice(ls, end))) continue;
    const [ps, pe] = previousLine(text, ls, 300);
    const a = end + v[0].length - 1 - v[1]!.length;
    // `/actuator/env/{name}` prints the value under `"property": {`; the `origin` line after it names the variable
    const name =
      SPRING_ORIGIN_AFTER.exec(text.slice(end + v[0].length, end + v[0].length + 300)) ??
      SPRING_PROPERTY_OPEN.exec(text.slice(ps, pe));
    if (name) emitNamedValue(emit, name[1]!, v[1]!, a, 'named-setting-value');
  }
};

/**
 * Laravel's `config:show` and `about` print a setting's path, a dotted leader, then its value (`connections ⇁ mysql ⇁
 * password ........ Liverpool2022*`): the value in the category of the path's last name.
 */
export const dottedLeaderSettings: Scanner = (text, emit, keywordEnds) => {
  let lineEnd = -1;
  for (const end of keywordEnds ?? []) {
    if (end <= lineEnd) continue;
    const ls = lineStartWithin(text, end, 400);
    let le = text.indexOf('\n', end);
    if (le < 0) le = text.length;
    lineEnd = le;
    const m =
      /^[ \t]{0,8}(?:[^\s.][^\n.]{0,200}?[ \t])?([A-Za-z_][A-Za-z0-9_-]{0,60}) \.{3,} (\S[^\n]{0,1000}?)[ \t]*\r?$/.exec(
        text.slice(ls, le),
      );
    if (!m) continue;
    emitNamedValue(
      emit,
      m[1]!,
      m[2]!,
      ls + m[0].length - m[2]!.length - (m[0].length - m[0].trimEnd().length),
      'dotted-leader-setting',
    );
  }
};
