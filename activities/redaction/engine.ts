/**
 * The Layer 1 engine: decode → propose candidates (our rules, structural scanners, gitleaks) → learn identifiers →
 * resolve overlaps → write placeholders and byte spans. Pure TypeScript, no Temporal imports.
 * @module
 */

import { bareLineSecrets } from './bare-lines';
import { commandOutputSecrets } from './command-context';
import { azureAppSettings, iamAccessKeyRows, rdsRowLogins, ssmPathRows, terraformRandomResults } from './cloud-cli';
import type { Candidate, RedactionCategory, Scanner } from './candidates';
import {
  HOST_CHARS,
  PLACEHOLDER_RE,
  WORD_CHARS,
  grepLinePrefixStart,
  isSystemAccount,
  lineStartWithin,
  sortByStart,
} from './candidates';
import { decodeInput } from './decode';
import { WINDOW, defaultGitleaksRules, scanGitleaksRule, type GitleaksRuleSet } from './gitleaks';
import { KeywordAutomaton, LiteralAutomaton } from './keywords';
import { ROLE_MAILBOX, emailsAndLogins, escapedHostNames, hostNames, ipv4Addresses, ipv6Addresses } from './network';
import { classifyHostName } from './hosts';
import { IDENTIFIER_PREFIX, type PseudonymTable } from './pseudonyms';
import {
  REGEX_RULES,
  type RegexRule,
  SECRET_KEYWORDS,
  cardNumbers,
  connectionStrings,
  keyValueSecrets,
  plaintextProtocolLogins,
  smtpAuthLoginPasswords,
  redisAclPasswordHashes,
  namedSettingValues,
  dottedLeaderSettings,
  faillockUsers,
  rsyncdSecrets,
  googleAuthenticatorFiles,
  pgpassLines,
  pgpassColumns,
  postfixSaslEntries,
  pgbouncerAuthFile,
  phpDefines,
  commentPersonPhone,
  svnAuthCache,
  forgetPayload,
  phoneArrays,
  sanctumTokens,
  nameObjectParts,
  boxSettingRows,
  xmlPropertyNameValues,
  jdbcXmlUserProperties,
  sensitiveOutputValues,
  pulumiStackOutputs,
  nextLineSecretValues,
  davfsSecrets,
  dotLeaderSettings,
  masterInfoFiles,
  ssmParameterRows,
  yamlUsersMapKeys,
} from './rules';
import {
  base64PemKeys,
  derPrivateKeys,
  customerDomainOfEmail,
  kubernetesSecretData,
  accountDatabaseLines,
  loginLists,
  failingRowTuples,
  syslogHostNames,
  saltNestedValues,
  nagiosContacts,
  yamlUserMapKeys,
  colonCredentialLines,
  capitalsTableLogins,
  varDumpStrings,
  phpSerializedPairs,
  nginxCredentialMaps,
  otherPrivateKeyBlocks,
  pemBlocks,
  processAndFileOwners,
  psLinesOnTerminals,
  registrableDomain,
  sqlDumpCells,
  pgCopyCells,
  directoryUserLists,
  yamlUserFileLogins,
  samlAttributeValues,
  pythonRowLists,
  yamlUserListLogins,
  chpasswdLists,
  hl7People,
  astmRecords,
  propertiesRealmUsers,
  blankSeparatedLogins,
  mailAliases,
  hibernateBindParameters,
  tableCells,
  htmlTableCells,
  alignedTableCells,
  csvCells,
  headerlessCsvRows,
  cdrRows,
  boxTableCells,
  glimpseColumns,
  rightAlignedFrames,
  tibbleFrames,
  chpasswdInput,
  pdbeditList,
  pppSecrets,
  truncatedEmails,
  mkstoreCredentialLists,
  gshadowEntries,
  fieldChangeOldValues,
  mailxHeaderSenders,
  pamTallyLogins,
  quotaReportLogins,
  synologyAccountLists,
  namesBesideContactInLists,
  windowsDomainLogins,
  netUserAccounts,
  rtCustomFields,
  xmlUserElements,
  cloudInitRandomPasswords,
  redisHashFields,
  redisRawReplies,
  xmlUserRecords,
  jsonValueObjects,
  inlineValueObjects,
  binlogRowValues,
  attributeValueRows,
  configPathValues,
  redisMonitorHashWrites,
  sqlLiteralCells,
  xmlFieldCells,
  pgIdentMaps,
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
  /**
   * The command that printed the input, when known (the exec activity, the CLI's `command` field): a command that
   * exists to print a secret has every lone token of its output redacted ({@link commandOutputSecrets}).
   */
  command?: string;
}

/** A scanner, the keywords that gate it (absent: always runs on the whole text), and where its rule comes from. */
interface ScannerEntry {
  name: string;
  scan: Scanner;
  keywords?: readonly string[];
}

const SCANNERS: readonly ScannerEntry[] = [
  { name: 'pem-private-key', scan: pemBlocks, keywords: ['private key', 'openvpn static key'] },
  { name: 'base64-pem-private-key', scan: base64PemKeys, keywords: ['ls0tls1crudjt'] },
  {
    name: 'der-private-key',
    scan: derPrivateKeys,
    keywords: [
      'adanbgkqhkig9w0baqefaasc',
      'ibaakc',
      'ibaakb',
      'mhccaqeei',
      'agebbd',
      'agebbe',
      'byqgsm49age',
      'mc4caqawbqydk2v',
      'bgkqhkig9w0bbq0w',
      'b3blbnnzac1rzxktdjea',
    ],
  },
  { name: 'ssh2-putty-private-key', scan: otherPrivateKeyBlocks, keywords: ['---- begin ssh2', 'putty-user-key-file'] },
  { name: 'key-value-secret', scan: keyValueSecrets, keywords: SECRET_KEYWORDS },
  { name: 'connection-string', scan: connectionStrings, keywords: ['://'] },
  { name: 'pgpass', scan: pgpassLines, keywords: [':'] },
  // (no keyword: a port column between runs of blanks is its gate)
  { name: 'pgpass-columns', scan: pgpassColumns },
  { name: 'postfix-sasl-passwd', scan: postfixSaslEntries, keywords: ['[', ':'] },
  { name: 'pgbouncer-auth-file', scan: pgbouncerAuthFile, keywords: ['" "'] },
  { name: 'php-define', scan: phpDefines, keywords: ['define'] },
  { name: 'comment-person-phone', scan: commentPersonPhone, keywords: ['# '] },
  { name: 'svn-auth-cache', scan: svnAuthCache, keywords: ['svn:realmstring', 'passtype'] },
  { name: 'luhn-card-number', scan: cardNumbers },
  {
    name: 'phone-array-in-context',
    scan: phoneArrays,
    keywords: ['phone', 'telephone', 'tel', 'mobile', 'msisdn', 'fax', 'landline', 'whatsapp'],
  },
  { name: 'name-object-part', scan: nameObjectParts, keywords: ['name'] },
  { name: 'pg-ident-map', scan: pgIdentMaps, keywords: ['pg-username', 'pg_ident.conf'] },
  { name: 'laravel-sanctum-token', scan: sanctumTokens, keywords: ['|'] },
  { name: 'table-cells', scan: tableCells, keywords: ['|', '\t', ': ', '---'] },
  { name: 'html-table-cells', scan: htmlTableCells, keywords: ['<th>'] },
  {
    name: 'aligned-table-cells',
    scan: alignedTableCells,
    keywords: [
      'name',
      'user',
      'login',
      'owner',
      'phone',
      'mobile',
      'password',
      'author',
      'authid',
      'patient',
      'student',
      // (`column -t` of an expense or roster export: `employee  email  card_number`, `customer`, `guardian`)
      'employee',
      'customer',
      'guardian',
      'holder',
    ],
  },
  {
    name: 'csv-cells',
    scan: csvCells,
    // a personal column's name; not `user` or `password`, on every other line of an auth log (a CSV of logins has an
    // e-mail column)
    keywords: [
      'name',
      'mail',
      'courriel',
      'phone',
      'mobile',
      'tel',
      'naam',
      'nom',
      'recipient',
      'holder',
      'contact',
      'gsm',
      'handy',
      'cashier',
      'student',
      'patient',
    ],
  },
  { name: 'headerless-csv-rows', scan: headerlessCsvRows, keywords: ['@'] },
  { name: 'failing-row-tuples', scan: failingRowTuples, keywords: ['failing row contains ('] },
  // (no keyword: each line's first character is its gate)
  { name: 'syslog-host', scan: syslogHostNames },
  { name: 'salt-nested-values', scan: saltNestedValues, keywords: ['----------'] },
  { name: 'nagios-contacts', scan: nagiosContacts, keywords: ['define contact'] },
  { name: 'yaml-user-map-keys', scan: yamlUserMapKeys, keywords: ['  active: '] },
  { name: 'capitals-table-logins', scan: capitalsTableLogins, keywords: ['user', 'owner'] },
  { name: 'var-dump-strings', scan: varDumpStrings, keywords: ['string('] },
  // (no keyword: a `:` before a run that ends a line is its gate)
  { name: 'colon-credential-lines', scan: colonCredentialLines },
  { name: 'php-serialized-pairs', scan: phpSerializedPairs, keywords: ['";s:', '\\";s:', '|s:'] },
  // (box characters are not ASCII, so no keyword gates it: it looks for them itself)
  { name: 'box-table-cells', scan: boxTableCells },
  { name: 'box-setting-row', scan: boxSettingRows },
  { name: 'xml-property-value', scan: xmlPropertyNameValues, keywords: ['<property name="'] },
  { name: 'jdbc-xml-user-property', scan: jdbcXmlUserProperties, keywords: ['<name>user</name>'] },
  // (no keyword: each `:` or `=` that ends a line is its gate)
  { name: 'next-line-secret-value', scan: nextLineSecretValues },
  { name: 'davfs-secret', scan: davfsSecrets, keywords: ['davfs'] },
  { name: 'mysql-master-info', scan: masterInfoFiles, keywords: ['bin.', 'binlog.'] },
  // (no keyword: `PARAMETERS` and a tab are its gate)
  { name: 'ssm-parameter-row', scan: ssmParameterRows },
  // (no keyword: a lone token on its own line is the gate)
  { name: 'bare-line-secret', scan: bareLineSecrets },
  // (no keyword: a line that starts with `/` and holds a tab is the gate)
  { name: 'ssm-path-row', scan: ssmPathRows },
  { name: 'dot-leader-setting', scan: dotLeaderSettings, keywords: ['....'] },
  { name: 'iam-access-key-row', scan: iamAccessKeyRows, keywords: ['accesskey\t', 'accesskeymetadata\t'] },
  { name: 'rds-row-login', scan: rdsRowLogins, keywords: ['.rds.amazonaws.com'] },
  {
    name: 'terraform-random-result',
    scan: terraformRandomResults,
    keywords: ['resource "random_password"', 'resource "random_string"'],
  },
  { name: 'azure-app-setting', scan: azureAppSettings, keywords: ['"slotsetting"', 'slotsetting  '] },
  { name: 'yaml-users-map-key', scan: yamlUsersMapKeys, keywords: ['users:', 'hash:'] },
  { name: 'pulumi-stack-output', scan: pulumiStackOutputs, keywords: ['current stack outputs ('] },
  { name: 'sensitive-output-value', scan: sensitiveOutputValues, keywords: ['"sensitive": true', '"sensitive":true'] },
  { name: 'truncated-email', scan: truncatedEmails },
  { name: 'glimpse-columns', scan: glimpseColumns },
  { name: 'tibble-frame', scan: tibbleFrames },
  { name: 'chpasswd-input', scan: chpasswdInput, keywords: ['chpasswd'] },
  { name: 'pdbedit-list', scan: pdbeditList, keywords: ['pdbedit -l', 'pdbedit --list'] },
  { name: 'ppp-secrets', scan: pppSecrets, keywords: ['secrets for authentication using', '# client'] },
  {
    name: 'right-aligned-frame',
    scan: rightAlignedFrames,
    // personal columns' names (see columnKind)
    keywords: [
      'name',
      'user',
      'login',
      'mail',
      'phone',
      'mobile',
      'card',
      'holder',
      'customer',
      'employee',
      'contact',
      'owner',
      'address',
      'password',
      'token',
    ],
  },
  {
    name: 'mkstore-credential-list',
    scan: mkstoreCredentialLists,
    keywords: ['list credential (index: connect_string username)'],
  },
  {
    name: 'quota-report-login',
    scan: quotaReportLogins,
    keywords: ['block limits', 'warn/grace'],
  },
  {
    name: 'synology-account-list',
    scan: synologyAccountLists,
    keywords: ['user listed:', 'group members:'],
  },
  {
    name: 'pam-tally-login',
    scan: pamTallyLogins,
    keywords: ['failures latest failure'],
  },
  {
    name: 'list-name-beside-contact',
    scan: namesBesideContactInLists,
    keywords: ['@'],
  },
  {
    name: 'cdr-rows',
    scan: cdrRows,
    // Asterisk dispositions and the FreeSWITCH hangup causes of calls (Q.850 cause names)
    keywords: [
      'answered',
      'no answer',
      'failed',
      'busy',
      'congestion',
      'normal_clearing',
      'originator_cancel',
      'no_answer',
      'no_user_response',
      'user_busy',
      'call_rejected',
    ],
  },
  { name: 'windows-domain-logins', scan: windowsDomainLogins, keywords: ['\\'] },
  { name: 'xml-user-elements', scan: xmlUserElements, keywords: ['<users>'] },
  { name: 'rt-custom-fields', scan: rtCustomFields, keywords: ['cf.{'] },
  { name: 'net-user-accounts', scan: netUserAccounts, keywords: ['user accounts for \\\\', 'members'] },
  { name: 'redis-hash-fields', scan: redisHashFields, keywords: ['1) "'] },
  { name: 'xml-user-records', scan: xmlUserRecords, keywords: ['<user>'] },
  { name: 'json-value-objects', scan: jsonValueObjects, keywords: ['"value"'] },
  { name: 'json-inline-value-objects', scan: inlineValueObjects, keywords: ['"value"'] },
  {
    name: 'attribute-value-rows',
    scan: attributeValueRows,
    // an attribute name ending before its value's separator
    keywords: [
      'name|',
      'name\t',
      'phone|',
      'phone\t',
      'number|',
      'number\t',
      'mobile|',
      'mobile\t',
      'login|',
      'login\t',
    ],
  },
  {
    name: 'config-path-values',
    scan: configPathValues,
    // a path's last segment before ` - ` (the segments whose values are personal or secret)
    keywords: ['phone - ', 'key - ', 'password - ', 'secret - ', 'token - ', 'username - ', 'user - '],
  },
  { name: 'binlog-row-values', scan: binlogRowValues, keywords: ['### insert into', '### update', '### delete from'] },
  {
    name: 'redis-raw-replies',
    scan: redisRawReplies,
    // words of the field names whose values are personal or secret (a field name is read only when one is in it)
    keywords: [
      'name',
      'mail',
      'phone',
      'mobile',
      'user',
      'login',
      'pass',
      'secret',
      'token',
      'auth',
      'customer',
      'contact',
    ],
  },
  {
    name: 'redis-monitor-hash-writes',
    scan: redisMonitorHashWrites,
    keywords: ['"hset" "', '"hmset" "', '"hsetnx" "'],
  },
  { name: 'sql-literals', scan: sqlLiteralCells, keywords: ["= '", "='", "like '"] },
  { name: 'mysql-xml-cells', scan: xmlFieldCells, keywords: ['<field name='] },
  { name: 'sql-dump', scan: sqlDumpCells, keywords: ['insert into'] },
  { name: 'pg-copy-cells', scan: pgCopyCells, keywords: ['from stdin;'] },
  { name: 'directory-user-lists', scan: directoryUserLists, keywords: ['krbtgt'] },
  { name: 'yaml-user-file-logins', scan: yamlUserFileLogins, keywords: ['displayname:', 'comment:'] },
  { name: 'saml-attribute-values', scan: samlAttributeValues, keywords: ['attributevalue', 'nameid'] },
  { name: 'python-row-lists', scan: pythonRowLists },
  { name: 'plaintext-protocol-logins', scan: plaintextProtocolLogins, keywords: ['pass '] },
  { name: 'smtp-auth-login-passwords', scan: smtpAuthLoginPasswords, keywords: ['334 ugfzc3dvcmq6'] },
  { name: 'redis-acl-password-hashes', scan: redisAclPasswordHashes, keywords: ['"passwords"'] },
  { name: 'named-setting-values', scan: namedSettingValues, keywords: ['"value"', '<td class="e">'] },
  {
    name: 'dotted-leader-settings',
    scan: dottedLeaderSettings,
    keywords: ['password ...', 'username ...', 'user ...', 'secret ...', 'token ...', 'key ...', 'passphrase ...'],
  },
  {
    name: 'yaml-user-list-logins',
    scan: yamlUserListLogins,
    keywords: [
      'gecos:',
      'groups:',
      'passwd:',
      'sudo:',
      'ssh_authorized_keys:',
      'ssh-authorized-keys:',
      'ssh_import_id:',
      'primary_group:',
      'homedir:',
      'expiredate:',
    ],
  },
  { name: 'chpasswd-list', scan: chpasswdLists, keywords: ['chpasswd'] },
  {
    name: 'cloud-init-random-passwords',
    scan: cloudInitRandomPasswords,
    keywords: ["set the following 'random' passwords"],
  },
  {
    name: 'properties-realm-users',
    scan: propertiesRealmUsers,
    keywords: ['managementrealm', 'applicationrealm', 'realm_name', 'add-user.sh'],
  },
  {
    name: 'hl7-people',
    scan: hl7People,
    keywords: ['pid|', 'nk1|', 'pv1|', 'evn|', 'gt1|', 'in1|', 'orc|', 'obr|', 'obx|', 'pd1|', 'txa|'],
  },
  { name: 'astm-records', scan: astmRecords, keywords: ['p|', 'r|'] },
  { name: 'blank-separated-logins', scan: blankSeparatedLogins, keywords: ['username', 'login', 'user '] },
  { name: 'faillock-users', scan: faillockUsers, keywords: ['type  source'] },
  { name: 'rsyncd-secrets', scan: rsyncdSecrets, keywords: ['secrets file'] },
  {
    name: 'google-authenticator-file',
    scan: googleAuthenticatorFiles,
    keywords: ['" totp_auth', '" hotp_counter', '" rate_limit', '" window_size', '" disallow_reuse'],
  },
  { name: 'mail-aliases', scan: mailAliases, keywords: ['postmaster:', 'postmaster@'] },
  { name: 'hibernate-bind-parameters', scan: hibernateBindParameters, keywords: ['binding parameter'] },
  {
    name: 'process-and-file-owners',
    scan: processAndFileOwners,
    keywords: ['user', 'rwx', 'rw-', 'r--', '---', '?', 'ppid'],
  },
  { name: 'ps-lines-on-terminals', scan: psLinesOnTerminals, keywords: ['pts/', 'tty'] },
  {
    name: 'kubernetes-secret-data',
    scan: kubernetesSecretData,
    keywords: ['kind: secret', '"kind": "secret"', '"kind":"secret"'],
  },
  // `getent passwd` of SSSD or winbind accounts writes `*` for the password (`jdoe@corp.example:*:1234:…`), found by
  // their home directory (a keyword without letters would only gate the scanner, not say where)
  {
    name: 'passwd-and-group-entries',
    scan: accountDatabaseLines,
    keywords: [':x:', ':/home/', ':$1$', ':$5$', ':$6$', ':$y$', ':$2y$', ':$2b$'],
  },
  {
    name: 'field-change-old-values',
    scan: fieldChangeOldValues,
    keywords: ["' -> '", "' => '"],
  },
  {
    name: 'mailx-header-senders',
    scan: mailxHeaderSenders,
    keywords: [' mon ', ' tue ', ' wed ', ' thu ', ' fri ', ' sat ', ' sun '],
  },
  {
    name: 'gshadow-entries',
    scan: gshadowEntries,
    keywords: [':!:', ':*:', ':!!:'],
  },
  {
    name: 'login-lists',
    scan: loginLists,
    keywords: [
      'allowusers',
      'require user',
      'require not user',
      'user_alias',
      'match user',
      'denyusers',
      'audit_incl_users',
      'audit_excl_users',
      'audit-incl-users',
      'audit-excl-users',
      'valid users',
      'admin users',
      'auth users',
      'read list',
      'write list',
      'simple_allow_users',
      'simple_deny_users',
      'admin_users',
      'stats_users',
      'contacts',
      '_admin=',
      '_admins=',
      '_users=',
      '_owners=',
      '_maintainers=',
    ],
  },
  { name: 'nginx-credential-map', scan: nginxCredentialMaps, keywords: ['map $http_'] },
  { name: 'email', scan: emailsAndLogins },
  { name: 'ipv4', scan: ipv4Addresses },
  { name: 'ipv6', scan: ipv6Addresses },
  { name: 'hostname', scan: hostNames },
  { name: 'escaped-host', scan: escapedHostNames, keywords: ['\\.'] },
];

/**
 * Each rule's `notAfter` class as a table over ASCII (its regex tested on every code once, at load), so the per-match
 * check is a load instead of a one-character string and a regex call; other characters still go to the regex.
 */
const NOT_AFTER: ReadonlyArray<Uint8Array | null> = REGEX_RULES.map((r) => {
  if (!r.notAfter) return null;
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) t[c] = r.notAfter.test(String.fromCharCode(c)) ? 1 : 0;
  return t;
});

/**
 * Whether `at` follows a `\n`, `\r` or `\t` escape (not an escaped backslash before the letter): a line break of text
 * printed inside a JSON or log string (`"payload": "…\r\n\r\nusername=…"`), so a word starting there starts a line,
 * although the letter before it would fail a rule's `notAfter`; or a `grep` prefix ({@link grepLinePrefixStart}).
 */
function afterEscape(text: string, at: number): boolean {
  const c = text.charCodeAt(at - 1);
  // … or a `grep -H` / `grep -n` prefix (`/path/user.conf:username=…`): the line of the file starts after it
  if (c === 58 /* : */) return grepLinePrefixStart(text, at - 1) !== null;
  return (c === 110 || c === 114 || c === 116) && text.charCodeAt(at - 2) === 92 && text.charCodeAt(at - 3) !== 92;
}

/** Each anchored rule's regex with the sticky flag instead of the global one (null for other rules). */
const STICKY: ReadonlyArray<RegExp | null> = REGEX_RULES.map((r) =>
  r.anchors ? new RegExp(r.re.source, `${r.re.flags.replace('g', '')}y`) : null,
);

/**
 * True when every match of `re` starts at a line start and stays on that line: multiline `^` first, no top-level
 * alternative, and nothing that can match a line feed (`\n`, `\s`, `\W`, `\D`, a negated class that does not exclude
 * `\n`, code escapes). Conservative: a pattern it cannot read this way is reported false.
 */
export function matchesWithinOneLine(re: RegExp): boolean {
  const src = re.source;
  if (!re.flags.includes('m') || re.flags.includes('s') || !src.startsWith('^')) return false;
  let depth = 0;
  for (let i = 1; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      if ('nsWDcuxpP0'.includes(src[i + 1] ?? '')) return false;
      i++;
    } else if (c === '[') {
      let j = i + 1;
      const negated = src[j] === '^';
      if (negated) j++;
      let body = '';
      while (j < src.length && src[j] !== ']') {
        if (src[j] === '\\') {
          body += src.slice(j, j + 2);
          j += 2;
        } else body += src[j++];
      }
      i = j;
      if (negated ? !/\\n|\\s/.test(body) : /\\[nsWDcuxpP0]|\\t-/.test(body)) return false;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return false;
  }
  return true;
}

/**
 * Each keyword rule whose matches begin a line and stay on it ({@link matchesWithinOneLine}), as a sticky regex: it is
 * run once at the start of each line holding one of its keywords, instead of over line windows (or the whole text
 * when its keywords are dense). A left-to-right scan of those lines finds a match only at their start, so the matches
 * are the same; the cost is one short sticky run per line, not a regex pass per byte (`user=` is on every few lines
 * of an application log: the coturn `^[ \t]{0,8}user=` rule scanned all of 1 MiB of logs, 9 % of its time).
 */
const LINE_STICKY: ReadonlyArray<RegExp | null> = REGEX_RULES.map((r) =>
  !r.anchors && r.keywords && matchesWithinOneLine(r.re)
    ? new RegExp(r.re.source, `${r.re.flags.replace('g', '')}y`)
    : null,
);

/** Categories whose values are learned and redacted wherever else they appear in the same payload. */
const LEARNED = new Set(['HOST', 'USER', 'DBUSER', 'PERSON', 'PHONE']);

/**
 * How far our own rules look around a keyword: whole lines up to 64 KiB (JWTs, base64 key data and PEM-in-JSON lines
 * are long). Our patterns are linear, so this bounds memory, not time.
 */
const RULE_REACH = 65536;

/**
 * Windows closer than this (characters) merge into one regex run: lines with hits next to each other become one run,
 * but text between distant hits is not scanned. At 1024, one window of each gitleaks rule spanned most of a 4 KiB
 * config payload (gitleaks 51 → 42 µs there at 64); at 0, a text with a hit on every line paid one run per line
 * (57 → 81 ms per MiB).
 */
const MERGE_GAP = 64;
/** Largest merged window (characters): bounds the text any one backtracking run sees. */
const MERGED_MAX = 16384;

/**
 * Largest merged window for a gitleaks rule (characters): about one hit's own window ({@link WINDOW} either side).
 * Some of gitleaks' patterns have unbounded `.*` between a keyword and what follows it (`curl-auth-user`:
 * `\bcurl\b(?:.*|…)[ \t\n\r](?:-u|--user)…`), so V8 spends time quadratic in the window at each keyword: a line of
 * `curl ` repeated took 9.4 s per MiB in 16 KiB windows, 1.4 s in these (the bench payloads do not change).
 */
const GITLEAKS_MERGED_MAX = 1024;

/**
 * Keyword hits per rule above which a rule scans the whole text instead of line windows (cheaper than many small
 * runs): 48, or one per KiB of text when that is more (on 1 MiB of logs, 50–300 hits of `gh`, `xox`, `curl` cover a
 * few hundred lines, far less than the whole text).
 */
const DENSE_WINDOWS = 48;
const DENSE_PER_BYTES = 1024;

interface Prepared {
  gitleaks: GitleaksRuleSet | null;
  automaton: KeywordAutomaton;
  /** keyword id → owners: our rule indexes (>= 0) or ~gitleaks rule index (< 0) */
  owners: number[][];
  ruleKeywordIds: number[][];
  /** Per rule: ids of its anchors (empty for rules without). */
  ruleAnchorIds: number[][];
  /**
   * Keyword id → our rules (indexes into REGEX_RULES) that it gates or anchors. A payload visits only the rules some
   * hit names (and those with neither keywords nor anchors): walking all ~170 rules to find most of them idle cost
   * ~15 µs per 4 KiB payload.
   */
  ruleOwners: number[][];
  /** Our rules with neither keywords nor anchors: they run on every payload. */
  alwaysOn: number[];
  /** Keyword id → length of the keyword. */
  keywordLength: number[];
  /** A cleared keyword-hits array (all entries absent or undefined) for the next payload, or null while one is in use. */
  spareHits: Array<number[] | undefined> | null;
  /** A zeroed rule-activation array for the next payload, or null while one is in use. */
  spareActive: Uint8Array | null;
  scannerKeywordIds: number[][];
  /**
   * Per scanner: keywords without letters that no rule needs the positions of (`:`, `|`, tab). They only gate a
   * scanner, are very frequent in logs (every timestamp has `:`), and have no case, so native `includes` tests them
   * far faster than reporting every hit from the automaton.
   */
  scannerLiterals: string[][];
  /** Per {@link NAME_VALUE_FORMS} entry: the id of its anchor keyword. */
  nameValueKeywords: number[];
  /** Ids of {@link PERCENT_TEXT_ESCAPES}. */
  percentKeywords: number[];
}

let preparedCache: { gitleaks: GitleaksRuleSet | null; prepared: Prepared } | null = null;

/** Builds (once per rule set) the keyword automaton over our rules' and gitleaks' keywords. */
function prepare(gitleaks: GitleaksRuleSet | null): Prepared {
  if (preparedCache && preparedCache.gitleaks === gitleaks) return preparedCache.prepared;
  const all: string[] = [];
  const idOf = new Map<string, number>();
  const id = (k: string): number => {
    const low = k.toLowerCase();
    let i = idOf.get(low);
    if (i === undefined) {
      i = all.length;
      all.push(low);
      idOf.set(low, i);
    }
    return i;
  };
  const ruleKeywordIds = REGEX_RULES.map((r) => (r.keywords ?? []).map(id));
  const ruleAnchorIds = REGEX_RULES.map((r) => (r.anchors ?? []).map(id));
  const glIds = (gitleaks?.rules ?? []).map((r) => r.keywords.map(id));
  const nameValueKeywords = NAME_VALUE_FORMS.map((f) => id(f.anchor));
  const percentKeywords = PERCENT_TEXT_ESCAPES.map(id);
  const positional = new Set(all);
  const literal = (k: string): boolean => !/[A-Za-z]/.test(k) && !positional.has(k.toLowerCase());
  const scannerLiterals = SCANNERS.map((sc) => (sc.keywords ?? []).filter(literal));
  const scannerKeywordIds = SCANNERS.map((sc) => (sc.keywords ?? []).filter((k) => !literal(k)).map(id));
  const owners: number[][] = all.map(() => []);
  const ruleOwners: number[][] = all.map(() => []);
  ruleKeywordIds.forEach((ids, ri) => ids.forEach((k) => ruleOwners[k]!.push(ri)));
  ruleAnchorIds.forEach((ids, ri) => ids.forEach((k) => ruleOwners[k]!.push(ri)));
  glIds.forEach((ids, gi) => ids.forEach((k) => owners[k]!.push(~gi)));
  const prepared: Prepared = {
    gitleaks,
    automaton: new KeywordAutomaton(all),
    owners,
    ruleKeywordIds,
    ruleAnchorIds,
    ruleOwners,
    alwaysOn: REGEX_RULES.flatMap((r, ri) => (r.keywords || r.anchors ? [] : [ri])),
    keywordLength: all.map((k) => k.length),
    spareHits: null,
    spareActive: null,
    nameValueKeywords,
    percentKeywords,
    scannerKeywordIds,
    scannerLiterals,
  };
  preparedCache = { gitleaks, prepared };
  return prepared;
}

/**
 * Merged line windows around keyword hits, appended to `out` as flat [start, end) pairs (no tuple per window), each
 * cut to `reach` characters either side of its hit. Windows never overlap, so a rule reads each character at most
 * once per payload.
 */
function windowsOf(
  text: string,
  ends: readonly number[] | undefined,
  out: number[],
  reach: number,
  mergedMax = MERGED_MAX,
): void {
  if (!ends) return;
  // the newline after each hit, searched again only once a hit has passed it (hits ascend): searching from every
  // window's hit scanned to the end of a long line each time (quadratic in the line)
  let nextNl = -2;
  for (const hit of ends) {
    const n = out.length;
    if (n > 0 && hit <= out[n - 1]!) continue;
    let a = lineStartWithin(text, hit - 1, reach);
    if (nextNl !== -1 && nextNl < hit) nextNl = text.indexOf('\n', hit);
    let b = nextNl < 0 ? text.length : nextNl;
    a = Math.max(a, hit - reach);
    b = Math.min(b, hit + reach);
    // neighbouring windows merge (fewer, larger regex runs), up to mergedMax characters each
    if (n > 0 && a <= out[n - 1]! + MERGE_GAP && b - out[n - 2]! <= mergedMax) out[n - 1] = Math.max(out[n - 1]!, b);
    else out.push(a, b);
  }
}

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
    // terminal escapes (`grep --color`, `ls --color`, `journalctl` highlighting) are taken out before the rules run, so
    // `AWS_SECRET_ACCESS_\e[01;31mKEY\e[m=…` reads as one key; spans are mapped back onto the input, whose escapes
    // outside them stay in the text
    const plain = stripTerminalEscapes(decoded.text);
    if (!plain) return render(decoded.text, decoded.byteOffset, propose(decoded.text, context), context);
    const chosen = propose(plain.text, context);
    const values = chosen.map((c) => plain.text.slice(c.start, c.end));
    const mapped = chosen.map((c) => ({ ...c, start: plain.at[c.start]!, end: plain.at[c.end - 1]! + 1 }));
    return render(decoded.text, decoded.byteOffset, mapped, context, values);
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
function propose(original: string, context: RedactionContext): Candidate[] {
  // Placeholders already in the input are scanned as runs of `0`, so the context around them looks to
  // every rule as it did before the value was replaced; this keeps redaction idempotent.
  const placeholders = placeholderMask(original);
  const text = placeholders ? maskPlaceholders(original) : original;
  const disabled = context.disabledRules;
  const candidates: Candidate[] = [];
  const emit = (c: Candidate): void => {
    // a phone pattern may take the `)` that closes the parentheses around the number (`(010-4901-7403)`): it is
    // the text's, not the number's
    if (c.category === 'PHONE' && text.charCodeAt(c.end - 1) === 41 && text.lastIndexOf('(', c.end - 1) < c.start)
      c = { ...c, end: c.end - 1 };
    if (c.end > c.start && !disabled?.has(c.rule)) candidates.push(c);
  };
  const gl = context.gitleaks === undefined ? defaultGitleaksRules() : context.gitleaks;
  const prep = prepare(gl);
  // one pass: keyword id → end offsets of its hits
  // (sized up front: an empty array first written at an index past 1024 turns into a dictionary, and every later
  // `hits[k]` of this payload became a hash lookup once the rules' keywords pushed common keywords' ids that far:
  // config 4 KiB 0.39 → 0.51 ms, measured)
  // (the array is reused across payloads: ~12 KB per call otherwise; a nested call finds it taken and makes its own)
  const hits = prep.spareHits ?? new Array<number[] | undefined>(prep.keywordLength.length);
  prep.spareHits = null;
  const found: number[] = [];
  const b64: number[] = [];
  prep.automaton.collect(text, hits, context.nested ? undefined : b64, found);
  // ascending ids: rules and gitleaks rules then run in the order of their keywords' ids, whatever the text's order
  insertionSort(found, ascendingNumbers);
  /** End offsets of the hits of keywords `kids`, in text order. */
  const endsOf = (kids: readonly number[]): readonly number[] => {
    // most rules have one keyword in the text: its list as is, no list of lists
    let only: number[] | undefined;
    let n = 0;
    for (const k of kids)
      if (hits[k]) {
        only = hits[k];
        n++;
      }
    if (n <= 1) return only ?? NO_ENDS;
    const lists: number[][] = [];
    for (const k of kids) if (hits[k]) lists.push(hits[k]);
    return mergeAscending(lists);
  };
  const windowsFor = (kids: readonly number[]): number[] | 'all' | null => {
    let count = 0;
    for (const k of kids) if (hits[k]) count += hits[k].length;
    if (count === 0) return null;
    if (count > Math.max(DENSE_WINDOWS, text.length / DENSE_PER_BYTES)) return 'all';
    const w: number[] = [];
    windowsOf(text, endsOf(kids), w, RULE_REACH);
    return w;
  };

  /** The lines [start, end) holding hits of `kids` whose start passes `gate` (each at most RULE_REACH long). */
  const gatedLines = (gate: RegExp, kids: readonly number[]): number[] | null => {
    const w: number[] = [];
    let line = -1;
    // the newlines before each hit are found walking forward once over the text (hits ascend): walking back from
    // every hit cost up to RULE_REACH per hit on one long line (`user ` repeated: 8.8 s at 128 KiB)
    let lastNl = -1;
    let nextNl = text.indexOf('\n');
    for (const hit of endsOf(kids)) {
      while (nextNl >= 0 && nextNl < hit - 1) {
        lastNl = nextNl;
        nextNl = text.indexOf('\n', nextNl + 1);
      }
      // = lineStartWithin(text, hit - 1, RULE_REACH): after the last newline before the hit, if within reach
      const stop = Math.max(0, hit - 1 - RULE_REACH);
      const ls = lastNl >= stop ? lastNl + 1 : stop;
      if (ls === line || (ls > 0 && text.charCodeAt(ls - 1) !== 10)) continue;
      line = ls;
      gate.lastIndex = ls;
      if (!gate.test(text)) continue;
      let le = text.indexOf('\n', hit);
      if (le < 0) le = text.length;
      w.push(ls, Math.min(le, ls + RULE_REACH));
    }
    return w.length ? w : null;
  };
  // the rules a keyword or anchor of this payload names, and those that always run
  const active = prep.spareActive ?? new Uint8Array(REGEX_RULES.length);
  prep.spareActive = null;
  for (const ri of prep.alwaysOn) active[ri] = 1;
  for (const kid of found) for (const ri of prep.ruleOwners[kid]!) active[ri] = 1;
  // newline offsets, found once when a line-sticky rule first needs a line start
  let newlines: Int32Array | null = null;
  /** Start of the line holding index `i`: after the last newline before it (binary search in `newlines`). */
  const lineStartOf = (i: number): number => {
    if (!newlines) {
      const nl: number[] = [];
      for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) nl.push(p);
      newlines = Int32Array.from(nl);
    }
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newlines[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : newlines[lo - 1]! + 1;
  };
  // one call per rule this payload activates: a closure per rule (a `forEach` callback whose locals an inner closure
  // captured) allocated a context for every rule, active or not (~30 KB per 4 KiB payload, measured)
  const runRule = (rule: RegexRule, ri: number): void => {
    const lineSticky = LINE_STICKY[ri];
    if (lineSticky) {
      let line = -1;
      for (const hit of endsOf(prep.ruleKeywordIds[ri]!)) {
        const ls = lineStartOf(hit - 1);
        if (ls === line) continue;
        line = ls;
        lineSticky.lastIndex = ls;
        const m = lineSticky.exec(text);
        if (m) takeMatch(rule, ri, m, ls, text, emit);
      }
      return;
    }
    const sticky = STICKY[ri];
    if (sticky) {
      // anchored: one sticky run per anchor occurrence, in text order, skipping those inside the previous match
      // (where a scan would have resumed), so the matches are exactly those of a scan of the whole text
      const lists: number[][] = [];
      for (const k of prep.ruleAnchorIds[ri]!) {
        const ends = hits[k];
        if (!ends) continue;
        const len = prep.keywordLength[k]!;
        const starts = new Array<number>(ends.length);
        for (let q = 0; q < ends.length; q++) starts[q] = ends[q]! - len;
        lists.push(starts);
      }
      let resume = 0;
      let tried = -1;
      const notAfter = NOT_AFTER[ri];
      for (const at of mergeAscending(lists)) {
        if (at < resume || at === tried) continue;
        tried = at;
        // a sticky match starts at `at`, so the character before it is known before the regex runs
        if (notAfter && at > 0) {
          const c = text.charCodeAt(at - 1);
          if ((c < 128 ? notAfter[c] === 1 : rule.notAfter!.test(text[at - 1]!)) && !afterEscape(text, at)) continue;
        }
        sticky.lastIndex = at;
        const m = sticky.exec(text);
        if (!m) continue;
        resume = at + Math.max(1, m[0].length);
        takeMatch(rule, ri, m, at, text, emit);
      }
      return;
    }
    const where = rule.lineGate
      ? gatedLines(rule.lineGate, prep.ruleKeywordIds[ri]!)
      : rule.keywords
        ? windowsFor(prep.ruleKeywordIds[ri]!)
        : 'all';
    if (where === null) return;
    if (where === 'all') runRegex(rule, ri, text, 0, text.length, emit);
    else for (let q = 0; q < where.length; q += 2) runRegex(rule, ri, text, where[q]!, where[q + 1]!, emit);
  };
  for (let ri = 0; ri < REGEX_RULES.length; ri++) {
    if (active[ri] === 0) continue;
    const rule = REGEX_RULES[ri]!;
    if (!disabled?.has(rule.name)) runRule(rule, ri);
  }
  for (let si = 0; si < SCANNERS.length; si++) {
    const sc = SCANNERS[si]!;
    if (disabled?.has(sc.name)) continue;
    if (sc.keywords && !anyHit(hits, prep.scannerKeywordIds[si]!) && !anyIncluded(text, prep.scannerLiterals[si]!))
      continue;
    // scanners gated by keywords alone also get where those keywords are
    if (sc.keywords && prep.scannerLiterals[si]!.length === 0) sc.scan(text, emit, endsOf(prep.scannerKeywordIds[si]!));
    else sc.scan(text, emit);
  }
  if (context.command && !context.nested && !disabled?.has('command-output-secret'))
    commandOutputSecrets(text, context.command, emit);
  if (gl && !disabled?.has('gitleaks')) {
    const perRule = new Map<number, number[][]>();
    for (const kid of found) {
      const ends = hits[kid]!;
      for (const o of prep.owners[kid]!)
        if (o < 0) {
          const lists = perRule.get(~o);
          if (lists) lists.push(ends);
          else perRule.set(~o, [ends]);
        }
    }
    for (const [gi, lists] of perRule) {
      const w: number[] = [];
      windowsOf(text, mergeAscending(lists), w, WINDOW, GITLEAKS_MERGED_MAX);
      scanGitleaksRule(gl, gl.rules[gi]!, text, w, emit);
    }
  }
  if (!context.nested && !disabled?.has('base64-encoded-secret')) base64Secrets(text, b64, context, emit);
  if (!context.nested && !disabled?.has('audit-hex-field')) auditHexFields(text, context, emit);
  if (!context.nested && !disabled?.has('prefixed-lines')) prefixedLines(text, context, emit);
  if (!context.nested && !disabled?.has('name-value-pair'))
    nameValuePairs(
      text,
      prep.nameValueKeywords.map((k) => hits[k]),
      context,
      emit,
    );

  if (!context.nested && !disabled?.has('percent-encoded-text'))
    percentEncodedText(text, endsOf(prep.percentKeywords), context, emit);

  forgetPayload();
  for (const kid of found) hits[kid] = undefined;
  prep.spareHits = hits;
  active.fill(0);
  prep.spareActive = active;
  if (text.includes('contexts:')) dropClusterNamedUsers(text, candidates);
  const chosen = resolve(text.length, candidates, placeholders);
  return learn(text, chosen, placeholders, disabled);
}

/**
 * Runs `rule` over `text[a, b)` and takes each match. An exec loop, not String#matchAll: matchAll clones the regex on
 * every call (~300 ns, measured), and rules run once per window, hundreds of times per payload.
 */
function runRegex(rule: RegexRule, ri: number, text: string, a: number, b: number, emit: (c: Candidate) => void): void {
  const sub = a === 0 && b === text.length ? text : text.slice(a, b);
  const re = rule.re;
  re.lastIndex = 0;
  for (let m = re.exec(sub); m; m = re.exec(sub)) {
    if (m[0].length === 0) re.lastIndex++; // as matchAll does: step past an empty match
    takeMatch(rule, ri, m, a + m.index, text, emit);
  }
}

/** Whether any keyword of `ids` has a hit (a loop, not `some` with a closure allocated per scanner and payload). */
function anyHit(hits: ReadonlyArray<number[] | undefined>, ids: readonly number[]): boolean {
  for (let q = 0; q < ids.length; q++) if (hits[ids[q]!]) return true;
  return false;
}

/** Whether `text` contains any of `literals`. */
function anyIncluded(text: string, literals: readonly string[]): boolean {
  for (let q = 0; q < literals.length; q++) if (text.includes(literals[q]!)) return true;
  return false;
}

/** A context's `cluster:` line in a kubeconfig (`kubectl config view`): the cluster it names. */
const KUBECONFIG_CLUSTER_LINE = /^[ \t]+cluster:[ \t]+["']?([^\s"']{1,253})["']?[ \t]*\r?$/gm;

/**
 * Drops (in place) the login candidates of a kubeconfig whose value is also the name of one of its clusters: a
 * credential entry named after its cluster (`users: - name: shop-prod`, DigitalOcean, Linode, k3s) names no person,
 * and redacting it as a login also hid every context and cluster line that shares the name.
 */
function dropClusterNamedUsers(text: string, candidates: Candidate[]): void {
  let clusters: Set<string> | null = null;
  for (const m of text.matchAll(KUBECONFIG_CLUSTER_LINE)) (clusters ??= new Set<string>()).add(m[1]!);
  if (!clusters) return;
  let k = 0;
  for (const c of candidates)
    if (!((c.category === 'USER' || c.category === 'DBUSER') && clusters.has(text.slice(c.start, c.end))))
      candidates[k++] = c;
  candidates.length = k;
}

/**
 * The checks after a match `m` of rule `ri` found at `at` in `text`: the character before it (`notAfter`), the value's
 * group, placeholders, the rule's `accept`. Emits the candidate when they pass. (A function of its own, not a closure
 * per rule and payload: those were ~3 KB of garbage per 4 KiB payload.)
 */
function takeMatch(
  rule: RegexRule,
  ri: number,
  m: RegExpExecArray,
  at: number,
  text: string,
  emit: (c: Candidate) => void,
): void {
  const notAfter = NOT_AFTER[ri];
  if (notAfter && at > 0) {
    const c = text.charCodeAt(at - 1);
    if ((c < 128 ? notAfter[c] === 1 : rule.notAfter!.test(text[at - 1]!)) && !afterEscape(text, at)) return;
  }
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
  if (value === undefined || value.length === 0) return;
  if (value.charCodeAt(0) === 91 /* [ */ && PLACEHOLDER_RE.test(value)) return;
  const start = g === 0 ? at : groupStart(rule, ri, m, g, value, at, text);
  if (rule.accept && !rule.accept(value, text, start)) return;
  emit({ start, end: start + value.length, category: rule.category, rule: rule.name, priority: rule.priority });
}

/** Per rule, its regex with match indices (`d`) and sticky (`y`), built the first time {@link groupStart} needs it. */
const WITH_INDICES: Array<RegExp | undefined> = new Array<RegExp | undefined>(REGEX_RULES.length);

/**
 * Where group `g` of the match `m` of rule `ri` (found at `at`) starts in `text`. A value at the end of its match (the
 * key/value shape of most rules) starts `value.length` before the match's end, and a value the match holds once starts
 * where it is found. Otherwise the rule is run again at `at` with match indices: searching the match for the value's text found a later copy when a later group repeats it (a
 * password that holds its login, `"ironbark_app" "ironbark_app_2022"`).
 */
function groupStart(
  rule: RegexRule,
  ri: number,
  m: RegExpExecArray,
  g: number,
  value: string,
  at: number,
  text: string,
): number {
  const whole = m[0];
  if (whole.endsWith(value)) return at + whole.length - value.length;
  const last = whole.lastIndexOf(value);
  if (whole.indexOf(value) === last) return at + last;
  let re = WITH_INDICES[ri];
  if (!re) re = WITH_INDICES[ri] = new RegExp(rule.re.source, `${rule.re.flags.replace(/[gy]/g, '')}dy`);
  re.lastIndex = at;
  const d = re.exec(text);
  const span = d && d[0] === whole ? d.indices?.[g] : undefined;
  return span ? span[0] : at + whole.lastIndexOf(value);
}

/**
 * The union of ascending lists, ascending (duplicates kept): one list comes back as is, several are merged pairwise.
 * Keyword hits arrive in text order per keyword, so no sort (and no sort work array) is needed.
 */
function mergeAscending(lists: readonly number[][]): number[] {
  if (lists.length === 0) return [];
  let acc = lists[0]!;
  for (let k = 1; k < lists.length; k++) {
    const b = lists[k]!;
    const out = new Array<number>(acc.length + b.length);
    let i = 0;
    let j = 0;
    let o = 0;
    while (i < acc.length && j < b.length) out[o++] = acc[i]! <= b[j]! ? acc[i++]! : b[j++]!;
    while (i < acc.length) out[o++] = acc[i++]!;
    while (j < b.length) out[o++] = b[j++]!;
    acc = out;
  }
  return acc;
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
 * True when some 4-character group of `run` starts with `A`, `B` or `E`–`H`: its first decoded byte is then 0x00–0x07 or
 * 0x10–0x1F, a control character the binary test in {@link base64Secrets} rejects anyway (UTF-8 decodes bytes below
 * 0x80 as themselves). Most random base64 (keys, PEM bodies) has such a group, so most runs skip the decode.
 */
function decodesToControlByte(run: string): boolean {
  for (let i = 0; i < run.length; i += 4) {
    const c = run.charCodeAt(i);
    if (c === 65 || c === 66 || (c >= 69 && c <= 72)) return true;
  }
  return false;
}

/** Compiled once for {@link base64Secrets}: a regex literal in a function allocates 57 bytes per evaluation. */
// eslint-disable-next-line no-control-regex -- detecting binary bytes is the point
const CONTROL_OR_REPLACEMENT = /[\u0000-\u0008\u000e-\u001f\ufffd]/;

/**
 * Base64-encoded secrets (encoded config, CI variables, Kubernetes data): every base64 run of 24+ characters that
 * decodes to text is scanned with the same rules, one level deep; if a secret is inside, the whole run is redacted.
 */
function base64Secrets(
  text: string,
  runs: readonly number[],
  context: RedactionContext,
  emit: (c: Candidate) => void,
): void {
  for (let r = 0; r < runs.length; r += 2) {
    let end = runs[r + 1]!;
    while (end < text.length && end - runs[r + 1]! < 2 && text[end] === '=') end++;
    const m = { index: runs[r]!, 0: text.slice(runs[r], end) };
    const run = m[0];
    if (run.length % 4 === 1 || decodesToControlByte(run)) continue;
    const decoded = Buffer.from(run, 'base64').toString('utf8');
    if (decoded.length < 12 || CONTROL_OR_REPLACEMENT.test(decoded)) continue;
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
 * Binary search over records of `stride` numbers kept in one flat array, sorted by the number at `offset` of each:
 * the index of the last record whose number is at most `value` (0 when none is).
 */
function lastRecordAtOrBefore(records: readonly number[], stride: number, offset: number, value: number): number {
  let lo = 0;
  let hi = records.length / stride - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (records[mid * stride + offset]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A prefix another tool wrote before a file's line (one per line, sticky at the line's start): a unified diff's
 * context, added or removed mark (only inside a hunk, see {@link prefixedLines}); a normal diff's `< ` and `> `;
 * `cat -n`'s and `nl`'s number and
 * tab; `bat`'s number and `│`; `grep -n`'s `12:` / `12-` and `grep -rn`'s `path:12:`; `grep -r`'s `path:` (a path
 * with a `/`).
 */
const LINE_PREFIX =
  /(?:[<>] | {0,7}\d{1,7}(?:\t| {1,2}│ ?)|\d{1,7}[:-](?!\d)|(?:\.{0,2}\/)?[\w.-]{1,100}(?:\/[\w.-]{1,100}){0,20}:\d{1,7}[:-]|(?:\.{0,2}\/)?[\w.-]{1,100}(?:\/[\w.-]{1,100}){1,20}:(?=\S))/y;

/** A unified diff's hunk header (`@@ -2,6 +2,6 @@`, GNU diffutils "Detailed Unified"). */
const HUNK_HEADER = /^@@ -\d{1,9}(?:,(\d{1,9}))? \+\d{1,9}(?:,(\d{1,9}))? @@/;

/** Whether some line of a text may carry a {@link LINE_PREFIX} or open a diff hunk (a cheap test before the walk). */
const MAY_HAVE_PREFIXES =
  /^(?:@@ -\d|[<>] | {0,7}\d{1,7}(?:\t| {1,2}│)|\d{1,7}[:-](?!\d)|[\w./-]{1,200}:(?:\d{1,7}[:-]|\S))/m;

/**
 * Lines of a file as diff, `cat -n`, `bat` and `grep` print them: each behind a prefix, so the rules that read a line
 * from its start (`.pgpass` fields, passwd entries, `user` directives, INI keys) do not see it. The prefixes are cut,
 * the cut lines scanned once as one text (one level deep, like {@link base64Secrets}), and what is found there is
 * mapped back to the same characters of `text`.
 * @param emit gets the view's candidates at their offsets in `text`.
 */
function prefixedLines(text: string, context: RedactionContext, emit: (c: Candidate) => void): void {
  if (!MAY_HAVE_PREFIXES.test(text)) return;
  const parts: string[] = [];
  const starts: number[] = []; // per cut line: [its start in the view, its start in `text`]
  let length = 0;
  // the old and new lines the current hunk has still to show (its header's counts)
  let oldLeft = 0;
  let newLeft = 0;
  for (let i = 0; i < text.length;) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = text.length;
    let cut = -1;
    const first = text.charCodeAt(i);
    const hunk = first === 64 /* @ */ ? HUNK_HEADER.exec(text.slice(i, Math.min(nl, i + 60))) : null;
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
    } else if ((oldLeft > 0 || newLeft > 0) && (first === 32 || first === 43 || first === 45)) {
      cut = i + 1;
      if (first !== 43) oldLeft--;
      if (first !== 45) newLeft--;
    } else if (first !== 92 /* `\ No newline at end of file` */) {
      LINE_PREFIX.lastIndex = i;
      if (LINE_PREFIX.test(text) && LINE_PREFIX.lastIndex < nl) cut = LINE_PREFIX.lastIndex;
    }
    if (cut >= 0) {
      starts.push(length, cut);
      parts.push(text.slice(cut, nl));
      length += nl - cut + 1;
    }
    i = nl + 1;
  }
  if (parts.length === 0) return;
  /** The offset in `text` of view offset `v` (within a cut line, or at its end). */
  const toText = (v: number): number => {
    const lo = lastRecordAtOrBefore(starts, 2, 0, v);
    return starts[lo * 2 + 1]! + v - starts[lo * 2]!;
  };
  for (const c of propose(parts.join('\n'), { ...context, pseudonyms: undefined, nested: true }))
    emit({
      start: toText(c.start),
      end: toText(c.end - 1) + 1,
      category: c.category,
      rule: c.rule,
      priority: c.priority,
    });
}

/**
 * The auditd fields that hold a hex-encoded value (linux-audit `audit.rules(7)` and `auditd` record formats: the kernel
 * and `pam_tty_audit`/sudo write a value as upper-case hex when it contains a blank, a quote or a control byte):
 * `proctitle=` (the command line, arguments separated by NUL), `cmd=` (USER_CMD), `data=` (TTY keystrokes), `acct=`.
 */
const AUDIT_HEX_FIELD = /(?<![A-Za-z0-9_])(?:proctitle|cmd|data|acct)=((?:[0-9A-F]{2}){8,4096})(?![0-9A-Za-z])/g;

/** Keywords of {@link AUDIT_HEX_FIELD}, tried with `indexOf` before the regex runs. */
const AUDIT_HEX_KEYS = ['proctitle=', 'cmd=', 'data=', 'acct='];

/**
 * Secrets inside auditd's hex-encoded fields (`proctitle=6D7973716C202D75…`: `mysql -u … -p…`): each field is decoded
 * (NUL argument separators read as blanks) and scanned with the same rules, one level deep, like
 * {@link base64Secrets}; when a secret, login or address is inside, the whole hex value is redacted. A value that does
 * not decode to printable UTF-8 is skipped.
 * @param emit gets one candidate per sensitive field, covering its hex digits.
 */
function auditHexFields(text: string, context: RedactionContext, emit: (c: Candidate) => void): void {
  if (!AUDIT_HEX_KEYS.some((k) => text.includes(k))) return;
  // every field's decoded text on its own line of one string, scanned once (a nested scan per field cost ~60 µs, a
  // payload of many short fields would be slow)
  const fields: number[] = []; // [start, end, decodedStart] per field
  const parts: string[] = [];
  let length = 0;
  AUDIT_HEX_FIELD.lastIndex = 0;
  for (let m = AUDIT_HEX_FIELD.exec(text); m; m = AUDIT_HEX_FIELD.exec(text)) {
    const hex = m[1]!;
    const decoded = Buffer.from(hex, 'hex').toString('utf8').replace(/\0/g, ' ');
    if (CONTROL_OR_REPLACEMENT.test(decoded)) continue;
    const start = m.index + m[0].length - hex.length;
    fields.push(start, start + hex.length, length);
    parts.push(decoded);
    length += decoded.length + 1;
  }
  if (parts.length === 0) return;
  const inner = propose(parts.join('\n'), { ...context, pseudonyms: undefined, nested: true });
  // each candidate counts for the field its start is in (binary search over the fields' decoded starts); a secret
  // category wins over an identifier one
  const found: Array<string | undefined> = new Array<string | undefined>(fields.length / 3);
  for (const c of inner) {
    const secret = BASE64_TRIGGERS.has(c.category);
    if (!secret && !AUDIT_HEX_TRIGGERS.has(c.category)) continue;
    const lo = lastRecordAtOrBefore(fields, 3, 2, c.start);
    if (secret ? !found[lo] || !BASE64_TRIGGERS.has(found[lo]) : !found[lo]) found[lo] = c.category;
  }
  for (let f = 0; f < found.length; f++)
    if (found[f])
      emit({
        start: fields[f * 3]!,
        end: fields[f * 3 + 1]!,
        category: found[f]!,
        rule: 'audit-hex-field',
        priority: 90,
      });
}

/** Categories that, beyond {@link BASE64_TRIGGERS}, make an auditd hex field sensitive: a command line's identifiers. */
const AUDIT_HEX_TRIGGERS = new Set(['USER', 'HOST', 'IP', 'DBNAME', 'DBUSER', 'PERSON', 'PHONE']);

/**
 * Settings written as a name and a value apart, read by {@link nameValuePairs} as the environment line they stand for.
 * Each pattern is tried sticky at its anchor (a keyword of the shared pass); named groups: `name`, and the value as
 * `dq` (double-quoted), `sq` (single-quoted) or `plain`.
 */
const NAME_VALUE_FORMS: ReadonlyArray<{ anchor: string; re: RegExp; base64?: true }> = [
  // Kubernetes EnvVar (kubernetes.io/docs/reference/kubernetes-api EnvVar; also kubeconfig `exec.env`): `name:` and
  // its variable, then `value:` on the next line
  {
    anchor: 'name:',
    re: /name:[ \t]{1,4}(["']?)(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})\1[ \t]{0,8}\r?\n[ \t]{0,40}value:[ \t]{1,4}(?:"(?<dq>(?:[^"\\\n]|\\.){1,1000})"|'(?<sq>[^'\n]{1,1000})'|(?<plain>[^\s"'#][^\n]{0,999}))/y,
  },
  // JSON name/value objects: ECS task definitions (`"environment": [{"name": "DB_PASSWORD", "value": "…"}]`), Kubernetes
  // `-o json`, CloudFormation parameters; AWS SSM parameters (`aws ssm get-parameters`: `"Name": "/prod/api/DB_USER",
  // "Type": "String", "Value": "…"`), named by the last segment of their path
  {
    anchor: '"name"',
    re: /"[Nn]ame"[ \t]{0,4}:[ \t]{0,4}"(?:\/?[A-Za-z0-9_.-]{1,100}\/){0,8}(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})"[ \t]{0,4},?\s{0,200}(?:"Type"[ \t]{0,4}:[ \t]{0,4}"[A-Za-z]{1,20}"[ \t]{0,4},\s{0,200})?"[Vv]alue"[ \t]{0,4}:[ \t]{0,4}"(?<dq>(?:[^"\\\n]|\\.){1,1000})"/y,
  },
  // … and objects whose name and value have other members between them, in sorted order (HTTPie 3 sessions' cookies:
  // `{"domain": "", "expires": null, "name": "_session", "path": "/", "secure": true, "value": "…"}`)
  {
    anchor: '"name"',
    re: /"[Nn]ame"[ \t]{0,4}:[ \t]{0,4}"(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})"[ \t]{0,4},(?:\s{0,200}"(?:path|secure|domain|expires|httpOnly|httponly|sameSite|samesite|type|Type)"[ \t]{0,4}:[ \t]{0,4}(?:"[^"\n]{0,200}"|true|false|null|\d{1,20})[ \t]{0,4},){1,6}\s{0,200}"[Vv]alue"[ \t]{0,4}:[ \t]{0,4}"(?<dq>(?:[^"\\\n]|\\.){1,1000})"/y,
  },
  // labelled fields of password managers' JSON (1Password `op item get --format json`: `"label": "password", "value":
  // "…"`, with `"reference"` and the like around)
  {
    anchor: '"label"',
    re: /"[Ll]abel"[ \t]{0,4}:[ \t]{0,4}"(?<name>[A-Za-z_][A-Za-z0-9_. -]{0,100})"[ \t]{0,4},(?:\s{0,200}"(?:id|type|purpose|section|reference)"[ \t]{0,4}:[ \t]{0,4}(?:"[^"\n]{0,200}"|true|false|null|\d{1,20})[ \t]{0,4},){0,4}\s{0,200}"[Vv]alue"[ \t]{0,4}:[ \t]{0,4}"(?<dq>(?:[^"\\\n]|\\.){1,1000})"/y,
  },
  // header objects of proxies (Envoy `request_headers_to_add`: `"header": {"key": "x-api-key", "value": "…"}`, Istio,
  // Kong), in JSON and in YAML: the header's name reads as the variable's
  {
    anchor: '"key"',
    re: /"[Kk]ey"[ \t]{0,4}:[ \t]{0,4}"(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})"[ \t]{0,4},?\s{0,200}"[Vv]alue"[ \t]{0,4}:[ \t]{0,4}"(?<dq>(?:[^"\\\n]|\\.){1,1000})"/y,
  },
  {
    anchor: 'key:',
    re: /key:[ \t]{1,4}(["']?)(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})\1[ \t]{0,8}\r?\n[ \t]{0,40}value:[ \t]{1,4}(?:"(?<dq>(?:[^"\\\n]|\\.){1,1000})"|'(?<sq>[^'\n]{1,1000})'|(?<plain>[^\s"'#][^\n]{0,999}))/y,
  },
  // fish shell variables (fishshell.com/docs/current/cmds/set.html: `set -gx DD_API_KEY …`, `set -Ux TF_VAR_db_password
  // '…'`): the scope and export flags, the name, then the value
  {
    anchor: 'set -',
    re: /set[ \t]+(?:-{1,2}[A-Za-z-]{1,12}[ \t]+){1,3}(?<name>[A-Za-z_][A-Za-z0-9_]{0,100})[ \t]+(?:"(?<dq>(?:[^"\\\n]|\\.){1,1000})"|'(?<sq>[^'\n]{1,1000})'|(?<plain>[^\s"'#;][^\s;]{0,999}))/y,
  },
  // Zabbix user macros (`usermacro.get` over the API, templates exported as JSON or YAML): `"macro": "{$MYSQL.PASSWORD}"`,
  // then `"value": "…"`; the macro's name (its context after `:` dropped) reads as the variable's
  {
    anchor: '"macro"',
    re: /"macro"[ \t]{0,4}:[ \t]{0,4}"\{\$(?<name>[A-Za-z_][A-Za-z0-9_.]{0,100})(?::[^"}\n]{0,200})?\}"[ \t]{0,4},?\s{0,200}"value"[ \t]{0,4}:[ \t]{0,4}"(?<dq>(?:[^"\\\n]|\\.){1,1000})"/y,
  },
  {
    anchor: 'macro:',
    re: /macro:[ \t]{1,4}(["']?)\{\$(?<name>[A-Za-z_][A-Za-z0-9_.]{0,100})(?::[^"'}\n]{0,200})?\}\1[ \t]{0,8}\r?\n[ \t]{0,40}value:[ \t]{1,4}(?:"(?<dq>(?:[^"\\\n]|\\.){1,1000})"|'(?<sq>[^'\n]{1,1000})'|(?<plain>[^\s"'#][^\n]{0,999}))/y,
  },
  // Consul's `kv export` (and `kv get -detailed` as JSON): a key's path, its flags, then its value base64-encoded; the
  // value is decoded and read as the last segment of the path's variable (`config/shop/db/password` → `password`)
  {
    anchor: '"key"',
    re: /"key"[ \t]{0,4}:[ \t]{0,4}"(?:[A-Za-z0-9_.-]{1,100}\/){0,12}(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})"[ \t]{0,4},\s{0,200}"flags"[ \t]{0,4}:[ \t]{0,4}\d{1,20}[ \t]{0,4},\s{0,200}"value"[ \t]{0,4}:[ \t]{0,4}"(?<dq>[A-Za-z0-9+/]{4,4000}={0,2})"/y,
    base64: true,
  },
  // Terraform `output -json`: an output's name, then its value (`"db_username": {"sensitive": false, "type": "string",
  // "value": "…"}`); sensitive outputs are redacted whole by the terraform rule
  {
    anchor: '"sensitive"',
    re: /(?<="(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})"[ \t]{0,4}:[ \t]{0,4}\{\s{0,200})"sensitive"[ \t]{0,4}:[ \t]{0,4}false,?\s{0,200}(?:"type"[ \t]{0,4}:[ \t]{0,4}"string",?\s{0,200})?"value"[ \t]{0,4}:[ \t]{0,4}"(?<dq>(?:[^"\\\n]|\\.){1,1000})"/y,
  },
  // PowerShell `Format-List` of name/value objects (`Get-ChildItem Env: | Format-List`): `Name  : X`, then `Value : Y`
  {
    anchor: 'name  : ',
    re: /Name[ \t]{2}:[ \t](?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})[ \t]*\r?\nValue[ \t]:[ \t](?<plain>[^\s][^\n]{0,999})/y,
  },
  // GenieACS device documents (its NBI `GET /devices`, `jq`): a TR-069 parameter's name, then its `_object: false` node
  // with `_timestamp`, `_type`, `_writable` and the `_value` (`"ConnectionRequestPassword": {"_object": false, …,
  // "_value": "…"}`)
  {
    anchor: '"_object"',
    re: /(?<="(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})"[ \t]{0,4}:[ \t]{0,4}\{\s{0,200})"_object"[ \t]{0,4}:[ \t]{0,4}false,?(?:\s{0,200}"_(?:timestamp|type|writable)"[ \t]{0,4}:[ \t]{0,4}(?:"[^"\n]{0,80}"|true|false),?){0,4}\s{0,200}"_value"[ \t]{0,4}:[ \t]{0,4}"(?<dq>(?:[^"\\\n]|\\.){1,1000})"/y,
  },
  // .NET `<add key="…" value="…"/>` settings: appSettings, NuGet.config packageSourceCredentials (`Username`,
  // `ClearTextPassword`)
  {
    anchor: '<add key="',
    re: /<add[ \t]+key="(?<name>[A-Za-z_][A-Za-z0-9_.:-]{0,100})"[ \t]+value="(?<sq>[^"'\n]{1,1000})"/y,
  },
  // XML settings as name/value attributes: FreeSWITCH gateways and directory users (`<param name="password"
  // value="…"/>`, `<variable name="effective_caller_id_name" value="…"/>`); the value is read as single-quoted (one
  // quote character either way), so `user_context="default"` does not read as a JAAS `user_<name>="<password>"` entry
  {
    anchor: '<param name="',
    re: /<param[ \t]+name="(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})"[ \t]+value="(?<sq>[^"'\n]{1,1000})"/y,
  },
  {
    anchor: '<variable name="',
    re: /<variable[ \t]+name="(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})"[ \t]+value="(?<sq>[^"'\n]{1,1000})"/y,
  },
  // Apple property lists (plutil(1), MDM check-in and command messages, configuration profiles): `<key>Password</key>`
  // then `<string>…</string>` or `<data>…</data>`, on the same line or the next
  {
    anchor: '<key>',
    re: /<key>(?<name>[A-Za-z_][A-Za-z0-9_.-]{0,100})<\/key>\s{0,80}<(?:string|data)>\s{0,80}(?<plain>[^<\s](?:[^<\n]{0,998}[^<\s])?)(?=\s{0,80}<\/(?:string|data)>)/y,
  },
  // php-fpm pool environment (php.net/manual/en/install.fpm.configuration.php): `env[DB_USERNAME] = value`
  {
    anchor: 'env[',
    re: /env\[(?<name>[A-Za-z_][A-Za-z0-9_]{0,100})\][ \t]{0,8}=[ \t]{0,8}(?:"(?<dq>(?:[^"\\\n]|\\.){1,1000})"|'(?<sq>[^'\n]{1,1000})'|(?<plain>[^\s"';][^\n]{0,999}))/y,
  },
];

/**
 * Name/value settings ({@link NAME_VALUE_FORMS}) read as the environment line they stand for: `- name: DB_USERNAME` /
 * `value: svc_x` is proposed as `DB_USERNAME=svc_x` (one level deep, like {@link base64Secrets}), so every rule that
 * knows the variable (logins, names, database names, hosts, secrets) applies to the value; the findings inside the
 * value are emitted at their place in `text`.
 * @param anchorEnds per form, end offsets of the keyword pass's hits of its anchor, ascending (undefined: none).
 */
function nameValuePairs(
  text: string,
  anchorEnds: ReadonlyArray<readonly number[] | undefined>,
  context: RedactionContext,
  emit: (c: Candidate) => void,
): void {
  // per pair: [start of its value in the joined text, the value's length, its start in `text`]
  const items: number[] = [];
  const lines: string[] = [];
  let length = 0;
  NAME_VALUE_FORMS.forEach(({ anchor, re, base64 }, f) => {
    for (const end of anchorEnds[f] ?? []) {
      const at = end - anchor.length;
      re.lastIndex = at;
      const m = re.exec(text);
      if (!m) continue;
      const g = m.groups!;
      const quote = g.dq !== undefined ? '"' : g.sq !== undefined ? "'" : '';
      const raw = g.dq ?? g.sq ?? g.plain!;
      const valueStart = at + m[0].length - quote.length - raw.length;
      if (base64) {
        // a finding anywhere in the decoded value takes the whole encoded value (its bytes cannot be mapped back)
        const decoded = Buffer.from(raw, 'base64').toString('utf8');
        // (binary data: an invalid UTF-8 sequence or a control byte other than the blanks)
        let binary = decoded.includes('\ufffd');
        for (let i = 0; i < decoded.length && !binary; i++) {
          const c = decoded.charCodeAt(i);
          binary = c < 32 && (c < 9 || c > 13);
        }
        if (binary) continue;
        const prefix = `${g.name!}="`;
        const found = propose(`${prefix}${decoded.replace(/["\n]/g, ' ')}"`, {
          ...context,
          pseudonyms: undefined,
          nested: true,
        }).find((c) => c.start >= prefix.length && c.end <= prefix.length + decoded.length);
        if (found)
          emit({
            start: valueStart,
            end: valueStart + raw.length,
            category: found.category,
            rule: `base64-${found.rule}`,
            priority: found.priority,
          });
        continue;
      }
      const value = quote ? raw : raw.replace(/[ \t\r]+$/, '');
      const prefix = `${g.name!}=${quote}`;
      // the value's place in the joined text and in `text`
      items.push(length + prefix.length, value.length, valueStart);
      lines.push(`${prefix}${value}${quote}`);
      length += prefix.length + value.length + quote.length + 1;
    }
  });
  if (lines.length === 0) return;
  // every pair as its environment line, one per line of one text scanned once (a scan per pair cost ~60 µs: a payload
  // of many short pairs would be slow)
  for (const c of propose(lines.join('\n'), { ...context, pseudonyms: undefined, nested: true })) {
    const lo = lastRecordAtOrBefore(items, 3, 0, c.start);
    const at = items[lo * 3]!;
    if (c.start < at || c.end > at + items[lo * 3 + 1]!) continue;
    emit({
      start: items[lo * 3 + 2]! + c.start - at,
      end: items[lo * 3 + 2]! + c.end - at,
      category: c.category,
      rule: c.rule,
      priority: c.priority,
    });
  }
}

/** Percent escapes of the characters that make free text (blank, line break, `:`, `,`): RFC 3986 §2.1. */
const PERCENT_TEXT_ESCAPES = ['%20', '%0a', '%3a', '%2c'];

/**
 * Decoded text per payload (characters) up to which {@link percentEncodedText} reads lines: it bounds the cost of the
 * nested pass on logs full of encoded query strings (each line is redacted a second time).
 */
const PERCENT_TEXT_BUDGET = 65536;

/**
 * Free text stored percent-encoded (RFC 3986 §2.1), read decoded: Proxmox writes a VM's `description:` that way
 * (`Owner%3A J%C3%BCrgen Sch%C3%A4fer <juergen@…>%0AAdmin login%3A jdoe / S3cret`), and so do `sshkeys:`, form posts
 * and URL-encoded log fields. Each line holding one of {@link PERCENT_TEXT_ESCAPES} (at most {@link PERCENT_TEXT_BUDGET}
 * characters per payload, each line at most {@link RULE_REACH}) is decoded, and the decoded lines are scanned together
 * with the same rules one level deep (like {@link base64Secrets}); each finding is emitted over the encoded characters
 * it came from. A run of escapes that is not valid UTF-8 stays as written.
 * @param hitEnds end offsets of the keyword pass's hits of {@link PERCENT_TEXT_ESCAPES}, ascending.
 */
function percentEncodedText(
  text: string,
  hitEnds: readonly number[],
  context: RedactionContext,
  emit: (c: Candidate) => void,
): void {
  let budget = PERCENT_TEXT_BUDGET;
  let lineDone = -1;
  const lines: DecodedText = { parts: [], from: [], to: [] };
  for (let h = 0; h < hitEnds.length && budget > 0; h++) {
    const hit = hitEnds[h]!;
    if (hit <= lineDone) continue;
    const ls = lineStartWithin(text, hit - 1, RULE_REACH);
    let le = text.indexOf('\n', hit);
    if (le < 0) le = text.length;
    le = Math.min(le, ls + RULE_REACH);
    lineDone = le;
    budget -= le - ls;
    decodePercentLine(text, ls, le, lines);
  }
  if (lines.parts.length === 0) return;
  // one nested pass over the decoded lines, joined by their own line breaks (each line's last unit is its break or the
  // text's end, so a finding never spans two lines)
  for (const c of propose(lines.parts.join(''), { ...context, pseudonyms: undefined, nested: true })) {
    const start = lines.from[c.start]!;
    const end = lines.to[c.end - 1]!;
    if (end > start) emit({ start, end, category: c.category, rule: c.rule, priority: c.priority });
  }
}

/** Two `name=value` fields joined by `&` with no blank: a form body or a query string. */
const FORM_BODY = /[A-Za-z_][A-Za-z0-9_.-]{0,40}=[^&\s]{0,400}&[A-Za-z_][A-Za-z0-9_.-]{0,40}=/;

/** Decoded text in parts, and for each decoded unit the encoded range `[from, to)` of the input it came from. */
interface DecodedText {
  parts: string[];
  from: number[];
  to: number[];
}

/**
 * Appends the line `text[a, b)` to `out` with its percent escapes decoded as UTF-8, then a line break (mapped to the
 * empty range at `b`). Escapes that do not form valid UTF-8 are kept as written.
 */
function decodePercentLine(text: string, a: number, b: number, out: DecodedText): void {
  const push = (s: string, start: number, end: number): void => {
    out.parts.push(s);
    for (let k = 0; k < s.length; k++) {
      out.from.push(start);
      out.to.push(end);
    }
  };
  // a form body (`application/x-www-form-urlencoded`, WHATWG URL §5: PayPal IPN, POST logs) writes a blank as `+`
  const form = FORM_BODY.test(text.slice(a, Math.min(b, a + 4096)));
  let i = a;
  while (i < b) {
    const byte = escapeAt(text, i, b);
    if (byte < 0) {
      push(form && text.charCodeAt(i) === 43 ? ' ' : text[i]!, i, i + 1);
      i++;
      continue;
    }
    // one code point: its lead byte says how many escapes it takes (RFC 3629 §3)
    const n = byte < 0x80 ? 1 : byte >= 0xf0 && byte < 0xf8 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 0;
    const bytes: number[] = [byte];
    for (let k = 1; k < n; k++) {
      const next = escapeAt(text, i + 3 * k, b);
      if (next < 0x80 || next >= 0xc0) break;
      bytes.push(next);
    }
    const decoded = n > 0 && bytes.length === n ? Buffer.from(bytes).toString('utf8') : '\ufffd';
    if (decoded.includes('\ufffd')) {
      push(text.slice(i, i + 3), i, i + 3);
      i += 3;
      continue;
    }
    push(decoded, i, i + 3 * n);
    i += 3 * n;
  }
  push('\n', b, b);
}

/** The byte of the percent escape at `i` (`%3A` → 0x3a), or -1 when there is none before `b`. */
function escapeAt(text: string, i: number, b: number): number {
  if (i + 2 >= b || text.charCodeAt(i) !== 37) return -1;
  const hi = hexValue(text.charCodeAt(i + 1));
  const lo = hexValue(text.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

/** The value of one hex digit's code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * Picks non-overlapping winners: higher priority first, then longer. A bitmap over the text makes this O(total
 * candidate length), linear in the input for a bounded number of rules.
 */
function resolve(length: number, candidates: Candidate[], placeholders: Uint8Array | null): Candidate[] {
  return place(length, candidates, null, placeholders);
}

/**
 * Stable in-place sort for the small arrays of one cluster: Array.prototype.sort allocates a work array per call,
 * which at thousands of clusters per payload was the engine's largest source of garbage. Falls back to it above 32.
 */
function insertionSort<T>(a: T[], cmp: (x: T, y: T) => number, n = a.length): void {
  if (n > 32) {
    if (n === a.length) a.sort(cmp);
    else {
      const part = a.slice(0, n).sort(cmp);
      for (let i = 0; i < n; i++) a[i] = part[i]!;
    }
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = a[i]!;
    let j = i;
    for (; j > 0 && cmp(a[j - 1]!, x) > 0; j--) a[j] = a[j - 1]!;
    a[j] = x;
  }
}

/** Earlier start first. */
const byStart = (a: Candidate, b: Candidate): number => a.start - b.start;
const ascendingNumbers = (a: number, b: number): number => a - b;
/** No keyword hits (frozen: shared by every caller). */
const NO_ENDS: readonly number[] = Object.freeze([]);

/** Greedy order: higher priority first, then longer, then earlier. */
const byPriority = (a: Candidate, b: Candidate): number =>
  b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start;

/**
 * Greedy placement: keeps each candidate, in {@link byPriority} order, that overlaps no placeholder, no candidate of
 * `fixed` and no candidate kept before it. A candidate's fate depends only on the candidates it overlaps, so the greedy
 * runs per cluster of transitively overlapping candidates; most clusters are one candidate, which needs no sort and no
 * marking. Sorting by start first is cheap because every rule emits in text order ({@link sortByStart} merges those
 * runs). The winners are those of one global greedy pass (stable sorts keep full ties in emit order).
 * @param length text length in UTF-16 units (size of the bitmap of taken positions, allocated only for a cluster of
 *   more than 32 candidates).
 * @param fixed winners placed earlier (sorted by start, disjoint) that every candidate must avoid, or null.
 * @returns the kept candidates sorted by start.
 */
function place(
  length: number,
  candidates: Candidate[],
  fixed: readonly Candidate[] | null,
  placeholders: Uint8Array | null,
): Candidate[] {
  sortByStart(candidates);
  const chosen: Candidate[] = [];
  let taken: Uint8Array | null = null;
  const fits = (c: Candidate): boolean => {
    if (placeholders && overlapsPlaceholder(c, placeholders)) return false;
    if (fixed && overlapsSorted(c, fixed)) return false;
    if (taken) for (let i = c.start; i < c.end; i++) if (taken[i]) return false;
    return true;
  };
  // one array for every cluster and one for its kept candidates, each with its own fill count: `length = 0` drops an
  // array's backing store, so every cluster allocated a new one (~9 KB per 4 KiB payload, measured)
  const cluster: Candidate[] = [];
  let clusterLen = 0;
  const kept: Candidate[] = [];
  const settle = (): void => {
    if (clusterLen === 1) {
      if (fits(cluster[0]!)) chosen.push(cluster[0]!);
      return;
    }
    insertionSort(cluster, byPriority, clusterLen);
    let keptLen = 0;
    // only candidates of the same cluster can overlap: a small cluster checks its kept ones directly, a large one
    // marks them in the bitmap (allocated on first need)
    const small = clusterLen <= 32;
    for (let q = 0; q < clusterLen; q++) {
      const c = cluster[q]!;
      if (!fits(c)) continue;
      if (small) {
        let clash = false;
        for (let k = 0; k < keptLen && !clash; k++) clash = c.start < kept[k]!.end && kept[k]!.start < c.end;
        if (clash) continue;
      } else (taken ??= new Uint8Array(length + 1)).fill(1, c.start, c.end);
      kept[keptLen++] = c;
    }
    insertionSort(kept, byStart, keptLen);
    for (let k = 0; k < keptLen; k++) chosen.push(kept[k]!);
  };
  let clusterEnd = -1;
  for (const c of candidates) {
    if (c.start >= clusterEnd) {
      if (clusterLen > 0) {
        settle();
        clusterLen = 0;
      }
      clusterEnd = c.end;
    } else if (c.end > clusterEnd) clusterEnd = c.end;
    cluster[clusterLen++] = c;
  }
  if (clusterLen > 0) settle();
  return chosen;
}

/**
 * Whether `c` overlaps one of `sorted` (sorted by start and disjoint, so their ends ascend too): a binary search for the
 * first one ending after `c` starts. O(log n), no bitmap over the text.
 */
function overlapsSorted(c: Candidate, sorted: readonly Candidate[]): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.end <= c.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]!.start < c.end;
}

/**
 * Placeholders already in the input (`[IP_REDACTED]`, `[HOST_003]`) are never redacted again (idempotence, issue 3
 * item 5): a candidate that overlaps one is dropped.
 */
function overlapsPlaceholder(c: Candidate, mask: Uint8Array): boolean {
  for (let i = c.start; i < c.end; i++) if (mask[i]) return true;
  return false;
}

const PLACEHOLDER_G = /\[[A-Z][A-Z0-9]{0,20}_(?:REDACTED|FAILED|\d{3,6})\]/g;
/** {@link PLACEHOLDER_G}, sticky: tried at one position. */
const PLACEHOLDER_AT = new RegExp(PLACEHOLDER_G.source, 'y');

/** `text` with every placeholder replaced by the same number of `0` (a word character that starts no rule). */
function maskPlaceholders(text: string): string {
  return text.replace(PLACEHOLDER_G, (m) => '0'.repeat(m.length));
}

/** Marks the placeholders present in `text`; null when there are none (the common case). */
function placeholderMask(text: string): Uint8Array | null {
  if (!text.includes('_')) return null;
  let mask: Uint8Array | null = null;
  // each `[` found by indexOf, the pattern tried there only when an upper-case letter follows: the regex alone tries
  // every position (0.65 ms per MiB of logs, which hold two `[` per line; this walk: ~0.15 ms)
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) {
    const c = text.charCodeAt(i + 1);
    if (c < 65 || c > 90) continue;
    PLACEHOLDER_AT.lastIndex = i;
    const m = PLACEHOLDER_AT.exec(text);
    if (!m) continue;
    mask ??= new Uint8Array(text.length + 1);
    mask.fill(1, i, i + m[0].length);
    i += m[0].length - 1;
  }
  return mask;
}

/** Logins `ps` could have cut to `first7` (its USER column is 8 wide); a word of 8–32 login characters. */
const CUT_LOGIN_TAIL = /^[A-Za-z0-9_-]{1,25}(?:\.[A-Za-z0-9_-]{1,24})?(?![A-Za-z0-9_.-])/;

/**
 * The whole logins behind a `ps` USER cell cut to its first 7 characters and `+` (`krainav+`): the words of `text` that
 * start with those 7 characters and go on with login characters (`/var/www/krainavoln/artisan` → `krainavoln`), system
 * accounts excepted. One `indexOf` walk; at most 8 logins.
 * @returns (login, `USER`) pairs for {@link learn}.
 */
function wholeLoginsOf(text: string, first7: string): Array<[string, RedactionCategory]> {
  const found: Array<[string, RedactionCategory]> = [];
  for (let at = text.indexOf(first7); at >= 0 && found.length < 8; at = text.indexOf(first7, at + 1)) {
    if (isTokenChar(text[at - 1]) || text[at - 1] === '.') continue;
    const tail = CUT_LOGIN_TAIL.exec(text.slice(at + 7, at + 40));
    if (!tail) continue;
    const login = first7 + tail[0];
    if (!isSystemAccount(login) && !found.some(([l]) => l === login)) found.push([login, 'USER']);
  }
  return found;
}

/** A file extension of dumps, exports, logs and keys after a learned value (`.dump`, `.sql`, `.csv`, `.pub`). */
const FILE_EXTENSION_AFTER =
  /^\.(?:dump|sql|csv|tsv|log|txt|json|bak|tar|gz|tgz|zip|xlsx?|pdf|pub|key|pem|gpg|asc)(?![A-Za-z0-9_])/;

/**
 * Learned identifiers: a customer host, personal login or name found by a structural rule is redacted wherever else
 * it appears in the same payload (home directories, file names, URLs, log lines), on whole-token boundaries. The
 * domains of e-mail addresses that are not mailbox providers are learned as customer domains.
 */
function learn(
  text: string,
  chosen: Candidate[],
  placeholders: Uint8Array | null,
  disabled?: ReadonlySet<string>,
): Candidate[] {
  if (disabled?.has('learned')) return chosen;
  const values = new Map<string, RedactionCategory>();
  // what each (category, value) learns, computed once per payload: logs repeat the same users and hosts thousands of
  // times. The writes are replayed in order, so the last category seen for a value still wins.
  const learnt = new Map<RedactionCategory, Map<string, ReadonlyArray<[string, RedactionCategory]>>>();
  const NOTHING: ReadonlyArray<[string, RedactionCategory]> = [];
  let secrets = 0;
  for (const c of chosen) {
    if (c.rule === 'docker-auth' || c.rule === 'basic-credentials' || c.rule === 'toml-registry-auth') {
      // the login inside base64 `user:password` credentials is printed in the clear elsewhere (`podman login
      // --get-login`, an access log's user field)
      const login = basicCredentialsLogin(text.slice(c.start, c.end));
      if (login && !values.has(login)) values.set(login, 'USER');
    }
    if (LEARNED_SECRETS.has(c.category)) {
      // a credential printed twice (`PGPASSWORD='x' psql …`, then `echo '…:x' >> ~/.pgpass`; a Terraform output's
      // `"value"`) goes everywhere it appears, once it looks like one (see learnableSecret); a value whose own rule
      // needs no context is found wherever it appears already (most secrets of a config payload: provider keys)
      if (secrets < LEARNED_SECRETS_MAX && c.end - c.start >= 8 && !SELF_EVIDENT_RULES.has(c.rule)) {
        const v = text.slice(c.start, c.end);
        if (!values.has(v) && learnableSecret(v)) {
          values.set(v, c.category);
          secrets++;
        }
      }
      continue;
    }
    if (c.category !== 'EMAIL' && !LEARNED.has(c.category)) continue;
    const v = text.slice(c.start, c.end);
    let byValue = learnt.get(c.category);
    if (!byValue) learnt.set(c.category, (byValue = new Map<string, ReadonlyArray<[string, RedactionCategory]>>()));
    let writes = byValue.get(v);
    if (!writes) {
      writes = NOTHING;
      if (c.category === 'EMAIL') {
        const d = customerDomainOfEmail(v);
        const local = mailboxLogin(v);
        writes = [
          ...(d ? [[d, 'HOST'] as [string, RedactionCategory]] : []),
          ...(local ? [[local, 'USER'] as [string, RedactionCategory]] : []),
        ];
      } else if (v.length >= 3 && !((c.category === 'USER' || c.category === 'DBUSER') && isSystemAccount(v))) {
        writes = [[v, c.category === 'DBUSER' ? 'USER' : c.category]];
        // `ps` prints a login longer than its USER column (8) as its first 7 characters and `+` (`agniesz+`)
        if (c.category === 'USER' && v.length > 8 && /^[A-Za-z0-9._-]+$/.test(v))
          writes = [...writes, [`${v.slice(0, 7)}+`, 'USER']];
        // and the other way: the truncated cell names the login written whole elsewhere (`/var/www/<login>/artisan`)
        if (c.category === 'USER' && v.length === 7 && text.charCodeAt(c.end) === 43 /* + */)
          writes = [...writes, ...wholeLoginsOf(text, v)];
        if (c.category === 'HOST' && classifyHostName(v) === 'customer')
          writes = [...writes, [registrableDomain(v), 'HOST']];
        // the identifying part of an RDS endpoint (`<id>.<hash>`) names the instance, which AWS prints alone too
        // (`DBInstanceIdentifier`, the ARN's `db:<id>`, table cells)
        const instance = c.category === 'HOST' ? RDS_INSTANCE_PART.exec(v) : null;
        if (instance && (instance[1]!.includes('-') || instance[1]!.length > 8))
          writes = [...writes, [instance[1]!, 'HOST']];
        // an E.164 number is also written without its `+` (`dst_ouser=+441137502106;dst_user=441137502106` in a SIP
        // proxy's accounting line, CDR columns)
        if (c.category === 'PHONE' && /^\+\d{8,15}$/.test(v)) writes = [...writes, [v.slice(1), 'PHONE']];
      }
      byValue.set(v, writes);
    }
    for (const [value, cat] of writes) values.set(value, cat);
  }
  if (values.size === 0) return chosen;
  const extra: Candidate[] = [];
  const consider = (value: string, cat: RedactionCategory, i: number): void => {
    // a secret's own occurrences are redacted already
    if (LEARNED_SECRETS.has(cat) && startsChosen(chosen, i)) return;
    // an occurrence inside a chosen span would lose to it (every chosen candidate outranks a learned one): the login
    // learned from an address recurs in every copy of that address
    if (insideChosen(chosen, i, i + value.length)) return;
    let start = i;
    const end = i + value.length;
    if (
      isTokenChar(text[end]) ||
      (text[end] === '.' &&
        isTokenChar(text[end + 1]) &&
        cat !== 'HOST' &&
        // (a file named for the value keeps it: `/var/backups/pg/<login>.dump`, `<login>.csv`)
        !FILE_EXTENSION_AFTER.test(text.slice(end, end + 8)))
    )
      return;
    // (after a percent escape it starts a token of URL-encoded text: `ssh-ed25519%20AAAA…%20jdoe%40laptop` in Proxmox's
    // `sshkeys:`)
    if (isTokenChar(text[i - 1]) && !percentEscapeBefore(text, i)) return;
    // a learned domain also covers the sub-domain labels in front of it (`www.` + `example.de`)
    if (cat === 'HOST' && text[i - 1] === '.') {
      while (start > 0 && i - start < 253 && HOST_CHARS[text.charCodeAt(start - 1)] === 1) start--;
      if (isTokenChar(text[start - 1])) return;
    } else if (
      text[i - 1] === '.' ||
      // (a compound host name keeps its identity after a prefix: `filebeat-kestrel-mon-09` names `kestrel-mon-09`)
      (text[i - 1] === '-' && !(cat === 'HOST' && value.length >= 8 && value.includes('-')))
    )
      return;
    extra.push({ start, end, category: cat, rule: `learned-${cat.toLowerCase()}`, priority: LEARNED_PRIORITY });
  };
  if (values.size <= LEARN_INDEXOF_VALUES || text.length * values.size <= LEARN_INDEXOF_MAX) {
    // few values or a small payload: one native indexOf walk per value beats building the automaton below
    for (const [value, cat] of values) {
      if (value.length === 0) continue; // indexOf('') would never stop
      for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) consider(value, cat, at);
    }
  } else {
    // one Aho-Corasick walk finds every occurrence of every learned value (overlapping ones too); `consider` decides
    // each on its token boundaries
    const entries = [...values].filter(([value]) => value.length > 0);
    new LiteralAutomaton(entries.map(([value]) => value)).scan(text, (k, at) => {
      const [value, cat] = entries[k]!;
      consider(value, cat, at);
    });
  }
  if (extra.length === 0) return chosen;
  return resolveMore(text.length, chosen, extra, placeholders);
}

/**
 * Text length × learned values up to which {@link learn} finds occurrences with one `indexOf` walk per value instead of
 * one {@link LiteralAutomaton} (whose tables cost more than the walks on small payloads: config 4 KiB p50 0.34 → 0.58 ms
 * with the automaton on every payload, measured).
 */
const LEARN_INDEXOF_MAX = 1 << 20;
/**
 * Learned values up to which {@link learn} uses the `indexOf` walks at any payload size: a few native searches over
 * 1 MiB cost less than building and walking the automaton (1 MiB of `a.b` repeated, whose one 253-character learned host
 * matches at every third position: ~290 ms this way, ~240 ms with the automaton, both dominated by the 350,000
 * occurrences themselves).
 */
const LEARN_INDEXOF_VALUES = 4;

/** Secret categories whose values {@link learn} also redacts wherever else they appear. */
const LEARNED_SECRETS = new Set(['PASSWORD', 'APIKEY', 'TOKEN', 'APPKEY']);

/**
 * At most this many secret values are learned per payload, the first in text order: each is one more alternative of the
 * search for learned values, and on 1 MiB of logs 24 of them tripled it (2.3 → 8.1 ms; 8 cost 1.2 ms).
 */
const LEARNED_SECRETS_MAX = 8;

/**
 * Our rules whose whole match is the value (`group: 0`: provider keys such as `AKIA…`, `ghp_…`, `sk_live_…`, password
 * hashes): they find a value wherever it appears, so learning their values would only add work.
 */
const SELF_EVIDENT_RULES: ReadonlySet<string> = new Set(REGEX_RULES.filter((r) => r.group === 0).map((r) => r.name));

/** Whether some candidate of `chosen` (sorted by start) starts at `i` (binary search). */
function startsChosen(chosen: readonly Candidate[], i: number): boolean {
  let lo = 0;
  let hi = chosen.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (chosen[mid]!.start < i) lo = mid + 1;
    else hi = mid;
  }
  return lo < chosen.length && chosen[lo]!.start === i;
}

/** Whether [start, end) lies within one of `chosen` (sorted by start, not overlapping). */
function insideChosen(chosen: readonly Candidate[], start: number, end: number): boolean {
  let lo = 0;
  let hi = chosen.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (chosen[mid]!.start <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && chosen[lo - 1]!.end >= end;
}

/** Compiled once for {@link learnableSecret}: a regex literal in a function allocates 57 bytes per evaluation. */
const DOTTED_NAME = /^[\w-]+(?:\.[\w-]+)+$/;

/**
 * Whether a redacted secret value is distinctive enough to redact wherever else it appears: 8–256 characters without
 * blanks, of at least two of lower case, upper case, digits and symbols, with a digit or a symbol, and not a path, URL
 * or dotted name (a rule may take `production` or `/etc/app/key.pem` for a secret; spreading those would hide the
 * words everywhere).
 */
function learnableSecret(v: string): boolean {
  if (v.length < 8 || v.length > 256) return false;
  // one pass: a bit per character class (1 lower, 2 upper, 4 digit, 8 symbol); blanks and `/` rule the value out
  let classes = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 97 && c <= 122) classes |= 1;
    else if (c >= 65 && c <= 90) classes |= 2;
    else if (c >= 48 && c <= 57) classes |= 4;
    else if (c === 32 || c === 9 || c === 47 || c === 10 || c === 13) return false;
    // `-`, `_` and `.` join the words of names (`ingress-nginx`, `billing_app`): they count as symbols only beside
    // another class than lower case
    else if (c === 45 || c === 95 || c === 46) classes |= 16;
    else classes |= 8;
  }
  if (classes & 16) classes = (classes & 15) | (classes & 14 ? 8 : 0);
  if ((classes & 12) === 0 || (classes & 1) + ((classes >> 1) & 1) + ((classes >> 2) & 1) + (classes >> 3) < 2)
    return false;
  return !DOTTED_NAME.test(v);
}

/** Compiled once for {@link mailboxLogin}: a regex literal in a function allocates 57 bytes per evaluation. */
const MAILBOX_LOCAL_PART = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const LETTER = /[A-Za-z]/;

/**
 * The local part of a redacted address when it is a person's login, learned so that it is redacted where the mail
 * system prints it alone: a virtual mailbox's directory (`/var/vmail/example.io/rossiv`), a Cyrus mailbox
 * (`user/joaquin.castaneda/Sent`). Not a role or system mailbox (RFC 2142 `postmaster`, `noreply`), and at least four
 * characters with a letter, so it is unlikely to be an ordinary word of the text. @returns the local part, or null.
 */
function mailboxLogin(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 4 || at > 64) return null;
  const local = address.slice(0, at);
  if (!MAILBOX_LOCAL_PART.test(local) || !LETTER.test(local)) return null;
  return isSystemAccount(local) || ROLE_MAILBOX.test(local) ? null : local;
}

/** Role logins of basic credentials (services, robots, CI): not a person's. */
const ROLE_LOGIN =
  /^(?:webhooks?|prometheus|grafana|monitoring|metrics|registry|readonly|readwrite|jenkins|gitlab|github|deployer|service|scraper|exporter|healthcheck|integration|anonymous)$/i;
/** A login as registries and HTTP servers accept it: 3–64 characters, a letter, no blank or colon. */
const CREDENTIAL_LOGIN = /^(?=[^:]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9._@+$-]{2,63}$/;

/**
 * The user-id of base64 `user-id:password` credentials (RFC 7617 §2; Docker's config.json `auth` has the same form),
 * when it is a personal login: not a system or role account and not an e-mail address (the e-mail rule finds those).
 * @param b64 the base64 text (up to 4096 characters). @returns the login, or null.
 */
function basicCredentialsLogin(b64: string): string | null {
  if (b64.length > 4096) return null;
  const decoded = Buffer.from(b64, 'base64').toString('latin1');
  const colon = decoded.indexOf(':');
  if (colon < 3 || colon > 64) return null;
  const login = decoded.slice(0, colon);
  if (!CREDENTIAL_LOGIN.test(login) || login.includes('@') || isSystemAccount(login)) return null;
  // a short plain word is more often a role (`webhook`, `metrics`, `grafana`) than a person, and as a learned value it
  // would take that word out of every log message
  if (/^[A-Za-z]{1,7}$/.test(login) || ROLE_LOGIN.test(login)) return null;
  return login;
}

/** Priority of learned identifiers: below every structural rule that can find the same value in place. */
const LEARNED_PRIORITY = 44;

/**
 * The identifying part of an RDS endpoint as the cloud-endpoint rule redacts it: the instance or cluster identifier
 * (1–63 letters, digits and hyphens, starting with a letter: AWS RDS `CreateDBInstance` constraints) and the account's
 * 12-character hash, for clusters after `cluster-`, `cluster-ro-` or `cluster-custom-`. Group 1: the identifier.
 */
const RDS_INSTANCE_PART = /^([a-z][a-z0-9-]{5,62})\.(?:cluster-(?:ro-|custom-)?)?[a-z0-9]{12}$/;

/**
 * `resolve([...chosen, ...extra])` without re-sorting the winners: candidates above {@link LEARNED_PRIORITY} came first
 * in the first round and still win, so only the lower ones compete again with `extra` (all at the learned priority).
 * @param chosen winners of {@link resolve}, sorted by start.
 * @returns the same winners {@link resolve} would pick from `chosen` and `extra`, sorted by start.
 */
function resolveMore(
  length: number,
  chosen: Candidate[],
  extra: Candidate[],
  placeholders: Uint8Array | null,
): Candidate[] {
  const fixed: Candidate[] = [];
  const rest: Candidate[] = extra;
  for (const c of chosen) (c.priority > LEARNED_PRIORITY ? fixed : rest).push(c);
  const placed = place(length, rest, fixed, placeholders);
  // merge two start-sorted lists
  const out: Candidate[] = new Array<Candidate>(fixed.length + placed.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < fixed.length && j < placed.length)
    out[k++] = fixed[i]!.start <= placed[j]!.start ? fixed[i++]! : placed[j++]!;
  while (i < fixed.length) out[k++] = fixed[i++]!;
  while (j < placed.length) out[k++] = placed[j++]!;
  return out;
}

/** Whether a percent escape (`%20`, `%0A`: RFC 3986 §2.1) ends at `i`. */
function percentEscapeBefore(text: string, i: number): boolean {
  return i >= 3 && text.charCodeAt(i - 3) === 37 && HEX_DIGIT.test(text.slice(i - 2, i));
}
const HEX_DIGIT = /^[0-9A-Fa-f]{2}$/;

/** True when `ch` is a letter, digit or `_` (Unicode-aware): a learned value must not continue into one. */
function isTokenChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return c < 128 ? WORD_CHARS[c] === 1 : /[\p{L}\p{N}_]/u.test(ch);
}

/**
 * @param values the value of each chosen candidate when it differs from `text`'s slice (the same value with terminal
 *   escapes taken out), so one value gets one pseudonym whatever colour it was printed in.
 */
function render(
  text: string,
  byteOffset: (i: number) => number,
  chosen: Candidate[],
  context: RedactionContext,
  values?: readonly string[],
): RedactionResult {
  // arrays sized up front (no regrowth by `push`); the value is sliced only where a pseudonym needs it
  const spans = new Array<RedactionSpan>(chosen.length);
  const counts: Record<string, number> = {};
  const parts = new Array<string>(2 * chosen.length + 1);
  let cursor = 0;
  for (let k = 0; k < chosen.length; k++) {
    const c = chosen[k]!;
    const placeholder =
      context.pseudonyms && c.category in IDENTIFIER_PREFIX
        ? context.pseudonyms.placeholderFor(c.category, values ? values[k]! : text.slice(c.start, c.end))
        : redactedPlaceholder(c.category);
    parts[2 * k] = text.slice(cursor, c.start);
    parts[2 * k + 1] = placeholder;
    spans[k] = { start: byteOffset(c.start), end: byteOffset(c.end), category: c.category, rule: c.rule, placeholder };
    counts[c.category] = (counts[c.category] ?? 0) + 1;
    cursor = c.end;
  }
  parts[2 * chosen.length] = text.slice(cursor);
  return { text: parts.join(''), spans, counts, total: spans.length };
}

/** `[<category>_REDACTED]`, one string per category (built once, not per span). */
function redactedPlaceholder(category: string): string {
  let ph = REDACTED_PLACEHOLDER.get(category);
  if (ph === undefined) REDACTED_PLACEHOLDER.set(category, (ph = `[${category}_REDACTED]`));
  return ph;
}
const REDACTED_PLACEHOLDER = new Map<string, string>();

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

/**
 * `text` without its terminal escape sequences (ECMA-48: CSI `ESC [ params intermediates final`, OSC `ESC ] … BEL` or
 * `ESC ] … ESC \\` up to 512 characters, and two-character `ESC` sequences such as the charset selection `ESC ( B`), and
 * where each remaining character was: `at[k]` is the index in `text` of character `k` of the result. One pass, O(n).
 * @returns null when `text` holds no `ESC` (the common case) or no complete sequence.
 */
export function stripTerminalEscapes(text: string): { text: string; at: Int32Array } | null {
  let esc = text.indexOf('\u001b');
  if (esc < 0) return null;
  const at = new Int32Array(text.length);
  const parts: string[] = [];
  let n = 0;
  let from = 0;
  const ends: OscEnds = { bel: -1, st: -1 };
  for (; esc >= 0; esc = text.indexOf('\u001b', esc + 1)) {
    const end = escapeEnd(text, esc, ends);
    if (end < 0) continue;
    parts.push(text.slice(from, esc));
    for (let i = from; i < esc; i++) at[n++] = i;
    from = end;
    esc = end - 1;
  }
  if (parts.length === 0) return null;
  parts.push(text.slice(from));
  for (let i = from; i < text.length; i++) at[n++] = i;
  return { text: parts.join(''), at: at.subarray(0, n) };
}

/**
 * The next BEL and the next ST (`ESC \\`) at or after the OSC being read, kept across the calls of one text (whose
 * `ESC`s ascend), so every OSC finds its terminator without rescanning: `ESC ]` repeated no longer costs 512 reads each.
 * `Infinity` once none is left.
 */
interface OscEnds {
  bel: number;
  st: number;
}

/** The end (exclusive) of the escape sequence starting with the `ESC` at `i`, or -1 when none starts there. */
function escapeEnd(text: string, i: number, ends: OscEnds): number {
  const c = text.charCodeAt(i + 1);
  if (c === 0x5b /* [ */) {
    // CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E
    let j = i + 2;
    while (j < text.length && j - i < 64 && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x3f) j++;
    while (j < text.length && j - i < 64 && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
    const f = text.charCodeAt(j);
    return f >= 0x40 && f <= 0x7e ? j + 1 : -1;
  }
  if (c === 0x5d /* ] */) {
    // OSC (window titles, hyperlinks): ends at BEL or ST (`ESC \\`), within 512 characters
    if (ends.bel < i + 2) {
      const b = text.indexOf('\u0007', i + 2);
      ends.bel = b < 0 ? Infinity : b;
    }
    if (ends.st < i + 2) {
      const t = text.indexOf('\u001b\\', i + 2);
      ends.st = t < 0 ? Infinity : t;
    }
    const end = Math.min(ends.bel + 1, ends.st + 2);
    return end - i <= 514 ? end : -1;
  }
  // charset designations `ESC ( B`, `ESC ) 0`
  if (c >= 0x28 && c <= 0x2b) return i + 2 < text.length ? i + 3 : -1;
  // two-character sequences: `ESC =`, `ESC >`, `ESC 7`, `ESC 8`, `ESC M`, Fe `ESC @`…`ESC _`
  if ((c >= 0x40 && c <= 0x5f) || c === 0x3d || c === 0x3e || c === 0x37 || c === 0x38) return i + 2;
  return -1;
}
