/**
 * Anchor-first scanners for the always-on identifiers: e-mail addresses (anchor `@`, `%40`, `\u0040`), IPv4 (a
 * literal-led dotted-quad search), IPv6 (anchor `::` or `h:h:`), host names (anchor `.letter`), and the user in
 * `user@host`. Each finds its anchor with one native search and then expands left and right by hand over bounded
 * character runs, so the work is linear in the text and V8 never tries a character-class-led pattern at every
 * position (measured 20–30× slower on 1 MiB of logs).
 * @module
 */

import { isIPv6 } from 'node:net';
import type { Candidate, CharTable, Scanner } from './candidates';
import {
  HOST_CHARS,
  PLACEHOLDER_RE,
  WORD_CHARS,
  charTable,
  isSystemAccount,
  lineStartWithin,
  literalOccurrences,
} from './candidates';
import { classifyHostName, cloudEndpointCustomerPart, isMailProvider, isMailTld, isPublicServiceHost } from './hosts';
import { NAME_PARTICLES, NAME_WORDS, looksLikePersonName } from './names';

const LOCAL = charTable('A-Za-z0-9._%+-');
const WORD = /[A-Za-z0-9_]/;
const IPV6_CHARS = charTable('0-9A-Fa-f:.');
const HOST_PORT = charTable('A-Za-z0-9.:-');
/** A host name cannot start right after one of these (it would be the tail of a longer token). */
const HOST_LEFT_STOP = charTable('A-Za-z0-9_%');
const WORD_OR_DOT = charTable('A-Za-z0-9_.');
const LETTER = charTable('A-Za-z');
const DIGIT = charTable('0-9');
const HEX = charTable('0-9A-Fa-f');
const ZONE = charTable('A-Za-z0-9_.-');

const inTable = (t: CharTable, text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c < 128 && t[c] === 1;
};

/** @returns the index where a run of `cls` characters ending at `end` starts, looking back at most `max`. */
function runStart(text: string, end: number, cls: CharTable, max: number): number {
  let i = end;
  while (i > 0 && end - i < max && inTable(cls, text, i - 1)) i--;
  return i;
}

/** @returns the index where a run of `cls` characters starting at `start` ends, looking ahead at most `max`. */
function runEnd(text: string, start: number, cls: CharTable, max: number): number {
  let i = start;
  while (i < text.length && i - start < max && inTable(cls, text, i)) i++;
  return i;
}

/** The `@` of an address, plain, URL-escaped (once or twice: Matomo's segments in a URL) and JSON-escaped. */
const EMAIL_AT = ['@', '%40', '%2540', '\\u0040'];

/** What precedes a message id's `<` (Postfix `message-id=<`, the `Message-ID:`/`In-Reply-To:` headers). */
const MESSAGE_ID_BEFORE = /(?:message-id=|(?:Message-ID|In-Reply-To|References):?[ \t]{0,4})<$/i;

/** A Docker/OCI label naming the image's maintainer or authors. */
const MAINTAINER_LINE = /\b(?:maintainer|org\.opencontainers\.image\.(?:authors|vendor))\b/i;

/** The digest after `@` in an OCI image reference (`@sha256:…`, OCI image-spec descriptor digests). */
const IMAGE_DIGEST_AT = /^sha(?:256|384|512):/;

/** A module version after `@` (`3.0.5.Final`, `5.3.31.RELEASE`): two or more numeric labels, then a word. */
const MODULE_VERSION = /^\d{1,4}(?:\.\d{1,4}){1,4}\.[A-Za-z]{2,12}$/;

/** Domains that namespace SSH algorithm names (RFC 4251 §6), not mail domains. */
const SSH_ALGORITHM_DOMAIN = /^(?:openssh\.com|libssh\.org)$/i;

/** Compiled once for {@link emailsAndLogins}: a regex literal in a function allocates 57 bytes per evaluation. */
const TOP_LEVEL_DOMAIN = /\.([A-Za-z]{2,24})$/;

const LOWER = /[a-z]/;
/** A dotted name whose labels are host labels and whose first label has a letter. */
const URL_HOST_NAME =
  /^(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?){1,6}$(?<!\.(?:example|test|invalid|localhost))/i;

/**
 * True when the `@` before `hostStart` ends the userinfo of a URL with a password (`scheme://user:password@`), looked
 * for within the 300 characters of the same blank-free token.
 */
function urlAuthorityBefore(text: string, hostStart: number): boolean {
  let k = hostStart - 1;
  const stop = Math.max(0, hostStart - 300);
  while (k > stop && !isBlank(text.charCodeAt(k - 1))) k--;
  const token = text.slice(k, hostStart - 1);
  const scheme = token.indexOf('://');
  return scheme > 0 && token.indexOf(':', scheme + 3) > scheme + 3;
}

/** Blank, tab, CR, LF, quote characters: what ends a token on a command line. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 34 || c === 39;
}
/** A principal's primary name before its `/instance` (RFC 4120 §6.2.1). */
const PRINCIPAL_PRIMARY = /([A-Za-z0-9._-]{1,64})\/$/;

/**
 * The parts of a Kerberos principal `primary[/instance]@REALM` found at an `@` whose local part (`local`, from
 * `localStart` to `at`) follows a `/` or stands alone: the person's name (primary, or the local part when it has no
 * instance) as a login unless it is a system or service account, and the realm as a customer domain.
 */
function kerberosPrincipal(
  text: string,
  localStart: number,
  at: number,
  afterAt: number,
  domainEnd: number,
  emit: (c: Candidate) => void,
): void {
  let ns = localStart;
  let ne = at;
  if (text[localStart - 1] === '/') {
    // `jdoe/admin@…`: the primary names the person; a service principal's instance (`HTTP/web01.corp.io@…`) is a host,
    // left to the host rules
    const m = PRINCIPAL_PRIMARY.exec(text.slice(Math.max(0, localStart - 65), localStart));
    if (!m) ns = ne = 0;
    else {
      ne = localStart - 1;
      ns = ne - m[1]!.length;
    }
  }
  const name = text.slice(ns, ne);
  if (ne > ns && LOWER.test(name) && !isSystemAccount(name) && !SERVICE_PRINCIPAL.test(name))
    emit({ start: ns, end: ne, category: 'USER', rule: 'kerberos-principal-name', priority: 62 });
  if (classifyHostName(text.slice(afterAt, domainEnd).toLowerCase(), true) === 'customer')
    emit({ start: afterAt, end: domainEnd, category: 'HOST', rule: 'kerberos-realm', priority: 62 });
}

/** Service principal names' primaries (MIT krb5 and AD conventions): not people. */
const SERVICE_PRINCIPAL =
  /^(?:krbtgt|kadmin|changepw|host|http|https|nfs|cifs|ldap|imap|pop|smtp|postgres|mysql|hdfs|yarn|hive|hbase|zookeeper|kafka|HTTP|DNS|dns|afs|ftp|sip|xmpp|mongodb|cassandra|elasticsearch|oozie|spark|impala|kudu|livy|hue|rangeradmin|knox|nn|dn|rm|nm|jhs|jn|hbase|K\/M|WELLKNOWN|kiprop)$/i;

/**
 * E-mail addresses (RFC 5322 dot-atom subset; `@` also URL- and JSON-escaped), the display name in front of an
 * address (`Jane Doe <jane@…>`, `Jane Doe (jane@…)`, RFC 5322 name-addr), and the login in `user@host` where the host
 * is an address or a bare name (ssh/scp/rsync arguments).
 */
export const emailsAndLogins: Scanner = (text, emit) => {
  const anchors = literalOccurrences(text, EMAIL_AT);
  let lastEnd = 0;
  for (let q = 0; q < anchors.length; q += 2) {
    const at = anchors[q]!;
    if (at < lastEnd) continue;
    const plainAt = anchors[q + 1] === 0;
    const afterAt = at + EMAIL_AT[anchors[q + 1]!]!.length;
    let localStart = runStart(text, at, LOCAL, 64);
    // a JSON-escaped `<` in front (`\u003cjane@…`, Go's encoding of `<`) is not part of the local part
    if (text.startsWith('u003c', localStart) && text[localStart - 1] === '\\' && at - localStart > 5) localStart += 5;
    // a URL-encoded separator before the address (`segment=userId%3D%3Djane%40example.com`): the local part starts after it
    // (looked for within the local part only: at most 64 characters, never a search through the rest of the text)
    let pct = localStart;
    while (pct < at && text.charCodeAt(pct) !== 37) pct++;
    if (pct < at) {
      const m = /^.*%(?:3[DdAaFf]|2[6CcFf02]|27|5[Bb])/.exec(text.slice(localStart, at));
      if (m) localStart += m[0].length;
    }
    if (localStart === at) continue;
    let domainEnd = runEnd(text, afterAt, HOST_CHARS, 253);
    while (domainEnd > afterAt && (text[domainEnd - 1] === '.' || text[domainEnd - 1] === '-')) domainEnd--;
    const domain = text.slice(afterAt, domainEnd);
    const local = text.slice(localStart, at);
    const tld = TOP_LEVEL_DOMAIN.exec(domain);
    if (tld && !WORD.test(text[domainEnd] ?? '') && domain.split('.').every((l) => l.length > 0 && l.length < 64)) {
      if (PLACEHOLDER_RE.test(local)) continue;
      // a Kerberos principal (`jdoe@CORP.EXAMPLE.COM`, `jdoe/admin@CORP.EXAMPLE.COM`, RFC 4120 §6.2): the realm is
      // written in capitals by convention, the name is not
      if (plainAt && LOWER.test(local) && !LOWER.test(domain)) {
        kerberosPrincipal(text, localStart, at, afterAt, domainEnd, emit);
        lastEnd = domainEnd;
        continue;
      }
      // no mailbox: systemd template units and image variants without a real top-level domain
      // (`serial-getty@ttyS0.service`, `hero@2x.webp`), a service's generic account at a public host (`git@github.com`),
      // SSH algorithm names, which carry their namespace after an `@` (RFC 4251 §6: `chacha20-poly1305@openssh.com` in
      // sshd_config and `ssh -Q` output)
      // (also a Java module and its version in a stack frame, `at org.jboss.ironjacamar.jdbcadapters@3.0.5.Final//org…`)
      if (
        !isMailTld(tld[1]!) ||
        (isSystemAccount(local) && isPublicServiceHost(domain)) ||
        SSH_ALGORITHM_DOMAIN.test(domain) ||
        MODULE_VERSION.test(domain)
      ) {
        lastEnd = domainEnd;
        continue;
      }
      // a message id (`message-id=<20241018105258.F71B489C3D@shop.nl>`, RFC 5322 §3.6.4) names a message, not a
      // mailbox: only its domain can be the customer's
      const opening = text.charCodeAt(localStart - 1) === 60 /* < */ || text.startsWith('u003c', localStart - 5);
      if (opening && MESSAGE_ID_BEFORE.test(text.slice(Math.max(0, localStart - 16), localStart))) {
        if (classifyHostName(domain, true) === 'customer')
          emit({ start: afterAt, end: domainEnd, category: 'HOST', rule: 'message-id-domain', priority: 62 });
        lastEnd = domainEnd;
        continue;
      }
      // an image's vendor (`"maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>"`): the publisher's
      // address at its public domain, not the customer's
      if (
        opening &&
        isPublicServiceHost(domain) &&
        !isMailProvider(domain) &&
        MAINTAINER_LINE.test(text.slice(lineStartWithin(text, localStart, 200), localStart))
      ) {
        lastEnd = domainEnd;
        continue;
      }
      emit({ start: localStart, end: domainEnd, category: 'EMAIL', rule: 'email', priority: 62 });
      lastEnd = domainEnd;
      displayName(text, localStart, emit);
      if (!ROLE_MAILBOX.test(local)) displayNameAfter(text, domainEnd, emit);
      continue;
    }
    // user@host (no TLD: an address, a bare or internal name)
    if (!plainAt || !/^[A-Za-z_]/.test(local) || local.length > 32) continue;
    // an image reference pinned by digest (`registry/app@sha256:…`), not a login
    if (IMAGE_DIGEST_AT.test(text.slice(afterAt, afterAt + 8))) continue;
    // a SIP Call-ID is a random word at the caller's host (RFC 3261 §8.1.1.4: `Call-ID: a84b4c76e66710@pc33.example`)
    if (CALL_ID_BEFORE.test(text.slice(Math.max(0, localStart - 16), localStart))) continue;
    const hostRun = text.slice(afterAt, runEnd(text, afterAt, HOST_PORT, 255));
    if (
      !/^(?:\d{1,3}\.){3}\d{1,3}(?![\d.])|^(?=[A-Za-z0-9.-]*[A-Za-z])[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,6}(?::|$)/.test(
        hostRun,
      )
    )
      continue;
    const next = text[afterAt + hostRun.length];
    // a shell prompt ends the host with its working directory (`jdoe@web-03:~$`) or its sigil (`jdoe@web-03$`) …
    if (next !== undefined && !/[\s/:'"~$#\]]/.test(next)) continue;
    // … and starts its line (`Uck=Zj@4jtqX#8~*` in a password is no prompt)
    if (
      (next === '#' || next === '$') &&
      !PROMPT_START.test(text.slice(lineStartWithin(text, localStart, 80), localStart))
    )
      continue;
    // `org.postgresql.jdbc.PgConnection@5896bf20`: Java's Object.toString(), a class and its identity hash
    if (/^[0-9a-f]{1,16}$/.test(hostRun) && /\d/.test(hostRun)) continue;
    // a version after a name (`actions/checkout@v4`, `lodash@4.17.21`, `node@20`): a package or action reference
    if (/^v?\d{1,4}(?:\.\d{1,6}){0,2}$/.test(hostRun)) continue;
    // a systemd template unit's instance (`postgresql@13-main`, `openvpn@server.service`, `getty@tty1`), named after
    // `systemctl` or with its unit suffix, and a Traefik router or service in its provider (`shop@docker`)
    if (
      SYSTEMD_INSTANCE.test(hostRun) ||
      TRAEFIK_PROVIDER.test(hostRun) ||
      /\bsystemctl\b[^\n]{0,80}$/.test(text.slice(Math.max(0, localStart - 80), localStart))
    )
      continue;
    if (!isSystemAccount(local) && !/[@%]/.test(local))
      emit({ start: localStart, end: at, category: 'USER', rule: 'user-at-host', priority: 54 });
    // a shell prompt's host (`jdoe@bluefin-worker-02:~$`, `[admin@shop-prod-app-06 ~]$`): the machine's name, the
    // customer's whatever the login (a dotted name is the host rules'); `localhost` stays
    const hostEnd = hostRun.endsWith(':') ? hostRun.length - 1 : hostRun.length;
    if (
      hostEnd > 0 &&
      isPromptAfter(text, afterAt + hostEnd) &&
      PROMPT_HOST.test(hostRun.slice(0, hostEnd)) &&
      PROMPT_START.test(text.slice(lineStartWithin(text, localStart, 80), localStart))
    )
      emit({ start: afterAt, end: afterAt + hostEnd, category: 'HOST', rule: 'prompt-host', priority: 54 });
  }
};

/**
 * Whether a prompt's working directory and sigil follow index `i` (just after its host): `:~$`, `:/etc/mysql#`,
 * ` ~]$`, ` conf]#`, or the sigil alone (`$`, `#`), then a blank or the line's end.
 */
function isPromptAfter(text: string, i: number): boolean {
  PROMPT_REST.lastIndex = i;
  return PROMPT_REST.test(text);
}

/** A prompt's host: one label with a letter, not `localhost`. */
const PROMPT_HOST = /^(?!localhost$)(?=[0-9-]*[A-Za-z])[A-Za-z0-9-]{1,63}$/i;

/** See {@link isPromptAfter} (sticky). */
const PROMPT_REST = /(?::[~/][^\s$#]{0,200}|[ \t][^\s\]]{1,200}\]|\])?[$#%>](?:[ \t]|\r?$)/my;

/** What may stand before a prompt's `user@host$` on its line: nothing, blanks, `[`, `(venv) `. */
const PROMPT_START = /^[ \t]*(?:\([^()\n]{1,40}\)[ \t]?)?\[?$/;

/** Words in a name's place that are roles or headers, not names. */
const NOT_A_NAME = /^(?:User|From|To|Cc|Bcc|Reply-To|Sender|Name|Customer|Contact|Author|Owner)$/;
/**
 * Words that make a display name a role, team or robot, not a person (`Zendesk Support`, `Invoice Reminder`,
 * `Slack Webhook`, `Daily Report`).
 */
const ROLE_WORD =
  /\b(?:Support|Team|Maintainers?|Sales|Billing|Service|Services|Desk|Help|Helpdesk|Reminder|Reminders|Webhook|Bot|Robot|Report|Reports|Alerts?|Notifications?|Newsletter|Mailer|System|Admin|Administrator|Noreply|Reply|Monitor|Monitoring|Ops|Security|Info|Daily|Weekly|Monthly|Digest|Updates?|News|Marketing|Accounts?|Payments?|Orders?|Invoices?|Shop|Store|Office|Department|Center|Centre|Group|Inc|Ltd|GmbH|LLC|Welcome|Series|Campaign|Onboarding|Feedback|Survey)\b/;

/**
 * Role mailboxes (RFC 2142 and common practice) and the senders applications are configured with (`django@`,
 * `wordpress@`, `cron@`): the comment after one names the role, not a person, and the local part is no login.
 */
export const ROLE_MAILBOX =
  /^(?:ops|alerts?|billing|support|info|no-?reply|admin|sales|hello|contact|team|mail|marketing|newsletter|notifications?|webmaster|postmaster|hostmaster|security|abuse|help|jobs|careers|office|accounts?|invoices?|orders?|devops|it|hr|press|legal|privacy|finance|django|rails|laravel|wordpress|app|server|www|web|cron|monitor|nagios|zabbix|bounces?|robot|bot|notify|donotreply|do-not-reply|reports?|status)$/i;

const NAME_BEFORE = new RegExp(
  `(?:^|[\\s:>"'=,(]|\\bby )((?:\\p{Lu}|\\p{Lo}|\\p{Script=Georgian})[\\p{L}\\p{M}\\u05BE'’.-]{0,30}(?: (?:\\p{Lu}|\\p{Lo}|\\p{Script=Georgian}|(?:${NAME_PARTICLES})\\b)[\\p{L}\\p{M}\\u05BE'’.-]{0,30}){0,4})$`,
  'u',
);

/** The RFC 5322 display-name before `<addr>` or `(addr)` ending at `addrStart`. */
function displayName(text: string, addrStart: number, emit: Parameters<Scanner>[1]): void {
  const open = text[addrStart - 1];
  // `<` also JSON-escaped as Go writes it (`"maintainer": "Jane Doe \u003cjane@…\u003e"`, docker inspect labels) and
  // XML-escaped inside an element (libvirt's `<description>Owner: Jane Doe &lt;jane@…&gt;</description>`)
  const openLength =
    open === '<' || open === '('
      ? 1
      : text.startsWith('\\u003c', addrStart - 6)
        ? 6
        : text.startsWith('&lt;', addrStart - 4)
          ? 4
          : 0;
  const nameEnd = addrStart - openLength - 1;
  if (openLength === 0) {
    commaNameBefore(text, addrStart, emit);
    return;
  }
  if (text[nameEnd] !== ' ') return;
  const lineStart = lineStartWithin(text, addrStart, 160);
  const before = text.slice(lineStart, nameEnd);
  // RFC 5322 quoted display name: `"陈志强" <chen@…>`, `"Nguyễn, Thị" <…>`
  if (before.endsWith('"')) {
    const q = before.lastIndexOf('"', before.length - 2);
    let name = before.slice(q + 1, -1);
    // a help desk writes a customer's mail as `"Jane Doe via Acme Support" <support@…>` (Zendesk, Zammad, Freshdesk,
    // Google Groups): the person is the part before ` via `
    const via = name.indexOf(' via ');
    if (via > 0) name = name.slice(0, via);
    const title = HONORIFIC.exec(name)?.[0].length ?? 0;
    const person = name.slice(title);
    if (
      q < 0 ||
      !person ||
      NOT_A_NAME.test(person) ||
      ROLE_WORD.test(person) ||
      !looksLikePersonName(person.replace(/,/g, ''), false)
    )
      return;
    emit({
      start: lineStart + q + 1 + title,
      end: via > 0 ? lineStart + q + 1 + via : nameEnd - 1,
      category: 'PERSON',
      rule: 'display-name-before-email',
      priority: 60,
    });
    return;
  }
  // an RFC 2047 encoded word is the display name written in another charset (`=?utf-8?b?5by15b+X5YGJ?= <…>`, Mailman)
  const encoded = ENCODED_WORD_BEFORE.exec(before);
  if (encoded) {
    const start = lineStart + before.length - encoded[0].length;
    emit({ start, end: nameEnd, category: 'PERSON', rule: 'display-name-before-email', priority: 60 });
    return;
  }
  const m = NAME_BEFORE.exec(before);
  if (!m || !looksLikePersonName(m[1]!, false)) return;
  if (NOT_A_NAME.test(m[1]!) || ROLE_WORD.test(m[1]!)) return;
  // a title before the name is not the name (`Dr. Ananya Sharma <…>`)
  const title = HONORIFIC.exec(m[1]!);
  const start = lineStart + before.length - m[1]!.length + (title ? title[0].length : 0);
  if (start >= nameEnd) return;
  emit({ start, end: nameEnd, category: 'PERSON', rule: 'display-name-before-email', priority: 60 });
}

/** One or more RFC 2047 encoded words (`=?charset?B|Q?text?=`) ending a display name. */
const ENCODED_WORD_BEFORE =
  /(?:^|(?<=[\s:>"',]))=\?[A-Za-z0-9_-]{1,40}\?[BbQq]\?[^?\s]{1,400}\?=(?:[ \t]+=\?[A-Za-z0-9_-]{1,40}\?[BbQq]\?[^?\s]{1,400}\?=){0,4}$/;

/** A courtesy or academic title and its blank before a name (`Dr. `, `Prof. Dr. `, `Mrs `). */
const HONORIFIC = /^(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx|Sr|Sra|Hr|Fr|Mme|Mlle)\.? )+/;

/**
 * A name, a comma, then the address, after a log field's colon, `for`/`by`, or an opening parenthesis (`new signup:
 * Emily Carter, emily@…`, `customer 6916 (Emily Carter, emily@…)`): two to four capitalised words or a caseless-script
 * name, not a role or team.
 */
function commaNameBefore(text: string, addrStart: number, emit: Parameters<Scanner>[1]): void {
  if (text.charCodeAt(addrStart - 1) !== 32 || text.charCodeAt(addrStart - 2) !== 44 /* , */) return;
  const lineStart = lineStartWithin(text, addrStart, 160);
  const before = text.slice(lineStart, addrStart - 2);
  const m = COMMA_NAME_BEFORE.exec(before);
  if (!m || NOT_A_NAME.test(m[1]!) || ROLE_WORD.test(m[1]!) || !looksLikePersonName(m[1]!, true)) return;
  const start = lineStart + before.length - m[1]!.length;
  emit({ start, end: addrStart - 2, category: 'PERSON', rule: 'display-name-before-email', priority: 60 });
}
// (`(` too: `geocoding customer 6916 (Jane Doe, jane@example.com)`)
const COMMA_NAME_BEFORE = new RegExp(`(?::[ \\t]|\\b(?:for|by|from|to)[ \\t]|\\()${NAME_WORDS}$`, 'u');

/**
 * The name in parentheses after an address, `jane@example.com (Jane Doe)`: the RFC 822 comment form (RFC 822 §6.1
 * example `Wilt . (the Stilt) Chamberlain@NIT.ARPA`; mailers and apps log `addr (Full Name)`). At least two words or a
 * caseless script, so `(expired)` or `(Admin)` stays.
 */
function displayNameAfter(text: string, addrEnd: number, emit: Parameters<Scanner>[1]): void {
  // the address may be quoted, also inside a JSON string: `mail to \"jane@example.com\" (Jane Doe)`
  let at = addrEnd;
  const q = text.charCodeAt(at);
  if (q === 92 /* \ */ && text.charCodeAt(at + 1) === 34) at += 2;
  else if (q === 34 || q === 39 || q === 62 /* " ' > */) at++;
  if (text.charCodeAt(at) !== 32 || text.charCodeAt(at + 1) !== 40 /* ( */) return;
  const start = at + 2;
  // `)` within 100 characters, searched only that far (an indexOf to the end per address would be quadratic)
  let close = start;
  const stop = Math.min(text.length, start + 101);
  while (close < stop && text.charCodeAt(close) !== 41) close++;
  if (close === stop) return;
  const written = text.slice(start, close);
  // a name in a JSON string may be written as `\\uXXXX` escapes (`(\\u092a\\u094d…)`, PHP's json_encode default)
  const name = JSON_UNICODE_ESCAPES.test(written)
    ? written.replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    : written;
  if (name.includes('\n') || NOT_A_NAME.test(name) || ROLE_WORD.test(name) || !looksLikePersonName(name, true)) return;
  emit({ start, end: close, category: 'PERSON', rule: 'display-name-after-email', priority: 60 });
}

/** A name written only in JSON `\\uXXXX` escapes and blanks. */
const JSON_UNICODE_ESCAPES = /^(?:\\u[0-9a-fA-F]{4}){2,}(?:[ \t](?:\\u[0-9a-fA-F]{4}){2,}){0,3}$/;

/** A host name written as a regular expression: labels joined by escaped dots (`\\.` or, in a PHP or JSON string, `\\\\.`). */
const ESCAPED_HOST = /(?:[A-Za-z0-9-]{1,63}\\{1,2}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/y;

/**
 * Host names written as regular expressions, their dots escaped: Drupal `trusted_host_patterns` (`'^www\\.example\\.com$'`),
 * TYPO3 `trustedHostsPattern` (`'www\\\\.example\\\\.com'` in PHP), nginx `server_name ~^(www\\.)?example\\.com$`, Apache
 * `RewriteCond %{HTTP_HOST} ^example\\.com$`. The name is read without its escapes and, when it is a customer's
 * ({@link classifyHostName}), its escaped text is redacted. Found from each `\\.`; each run is read once.
 */
export const escapedHostNames: Scanner = (text, emit) => {
  let done = -1;
  // (`\\.` has no letter, so the keyword pass gates this scanner but does not give the hits: `indexOf` finds them)
  for (let bs = text.indexOf('\\.'); bs >= 0; bs = text.indexOf('\\.', bs + 2)) {
    const end = bs + 2;
    if (end <= done) continue;
    // back over the run of label characters and escapes that holds this `\\.` (bounded: a name is at most 253 long)
    // (not back past the last run read: every character is walked over at most once per hit before it)
    let a = end - 2;
    while (a > Math.max(0, done) && end - a < 300) {
      const c = text.charCodeAt(a - 1);
      if (inTable(ZONE, text, a - 1) || c === 92) a--;
      else break;
    }
    // the run may open with escapes or dots (`\\.example`): the name starts at its first label character
    while (a < end && !inTable(LABEL_START, text, a)) a++;
    ESCAPED_HOST.lastIndex = a;
    const m = ESCAPED_HOST.exec(text);
    if (!m) {
      done = end;
      continue;
    }
    const e = a + m[0].length;
    done = e;
    const name = m[0].replace(/\\+\./g, '.');
    if (classifyHostName(name) === 'customer')
      emit({ start: a, end: e, category: 'HOST', rule: 'escaped-host', priority: 50 });
  }
};
/** Characters a DNS label starts with. */
const LABEL_START = charTable('A-Za-z0-9');

/** @returns true for IPv4 addresses that are not loopback/wildcard/broadcast (corpus README keeps those). */
export function isReportableIpv4(v: string): boolean {
  // (255.0.0.0/8 is reserved, RFC 1112 §4: a quad starting with 255 is a netmask, `permit=10.0.0.0/255.255.255.0`)
  // (the whole loopback block, RFC 1122 §3.2.1.3: `127.0.0.0/8` in an ignore list, Debian's `127.0.1.1` host line)
  if (v.startsWith('127.') || v === '0.0.0.0' || v.startsWith('255.')) return false;
  // every dot-separated part at most 255, read in place (the scanner calls this once per dotted quad)
  let octet = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 46) {
      if (octet > 255) return false;
      octet = 0;
    } else if (c >= 48 && c <= 57) octet = octet * 10 + (c - 48);
    else return v.split('.').every((o) => Number(o) <= 255); // not digits and dots: the general rule
  }
  return octet <= 255;
}

/** `kubectl describe pod`'s `Node:` label and padding before the node's name, at the end of the text tested. */
const NODE_FIELD_BEFORE = /(?:^|\n)Node:[ \t]+$/;

/**
 * Whether the word ending at `slash` (exclusive) is a host name: dotted, or a generated node name (a product name has
 * neither). Bounded: O(253).
 */
function hostBeforeSlash(text: string, slash: number): boolean {
  let k = slash;
  let dots = 0;
  let hyphens = 0;
  let digit = false;
  while (k > 0 && slash - k < 253 && inTable(HOST_CHARS, text, k - 1)) {
    const c = text[k - 1];
    if (c === '.') dots++;
    else if (c === '-') hyphens++;
    else if (c! >= '0' && c! <= '9') digit = true;
    k--;
  }
  if (text[slash - 1] === '.') return false;
  // `kubectl describe pod`'s `Node:` field is always `<node name>/<address>`, whatever the node's name
  if (k >= 5 && NODE_FIELD_BEFORE.test(text.slice(Math.max(0, k - 24), k))) return true;
  // a generated node name without dots (`kubectl describe pod`: `Node: gke-prod-pool-1-93a49b5a-ymin/10.146.0.7`,
  // `aks-nodepool1-12345678-vmss000000/…`): two or more hyphens and a digit, which no product name before a version has
  return dots >= 1 || (hyphens >= 2 && digit);
}

/**
 * Whether the word ending at `slash` (exclusive) is itself a path segment, after another `/` (`/host/Cluster-Prod/`),
 * or a service principal's class (`TERMSRV/`): an address there names an inventory object or a service's host, where
 * a product's version follows a word after a blank (`Chrome/1.2.3.4`). Bounded: O(64).
 */
function segmentBeforeSlash(text: string, slash: number): boolean {
  let k = slash;
  while (k > 0 && slash - k < 64 && inTable(HOST_CHARS, text, k - 1)) k--;
  if (k < slash && text[k - 1] === '/') return true;
  // a Kerberos service principal's class before its host (`TERMSRV/10.0.0.5` in cmdkey's targets, `MSSQLSvc/…`,
  // `HOST/…`): an address, not a product's version
  if (SPN_SERVICE_CLASS.test(text.slice(k, slash))) return true;
  // a Squid hierarchy code before the peer's address (access.log: `HIER_DIRECT/172.31.163.59`, `FIRSTUP_PARENT/…`)
  return SQUID_HIERARCHY.test(text.slice(Math.max(0, slash - 32), slash));
}

/** Squid's hierarchy codes (wiki.squid-cache.org/SquidFaq/SquidLogs, "Hierarchy Codes"), with or without `HIER_`. */
const SQUID_HIERARCHY =
  /(?:^|[ \t])(?:HIER_[A-Z_]{2,24}|DIRECT|[A-Z]{2,16}_(?:PARENT|HIT|DST|SIBLING)|CARP|SOURCE_FASTEST|TIMEOUT_[A-Z_]{2,24})$/;

/** Service classes of Windows service principal names (Microsoft "Service Principal Names", well-known classes). */
const SPN_SERVICE_CLASS =
  /^(?:TERMSRV|HOST|HTTP|HTTPS|MSSQLSvc|WSMAN|CIFS|LDAP|RestrictedKrbHost|RPCSS|GC|DNS|SMTP|exchangeMDB|MSOMSdkSvc|FTP)$/;

/** A build's commit after a four-part version: ` (9b53102964)` then `:`, `)` or the line's end. */
const VERSION_COMMIT_AFTER = /^ \([0-9a-f]{7,12}\)(?::|,|;|\r?$|\n)/;

/** Compiled once for {@link afterVersionKey}: a regex literal in a function allocates 57 bytes per evaluation. */
const VERSION_KEY_END = /version[ _-]?(?:number|no\.?|string)$/i;
const REG_VERSION_BEFORE = /version[ \t]+REG_(?:EXPAND_)?SZ$/i;

/**
 * Whether the value at `s` is the value of a version key: `"Version": "8.2.0.0"`, `FileVersion=10.0.19041.1`,
 * `AssemblyVersion("1.0.0.0")`, `version: v4.2.1.0` (a four-part .NET or Windows version, not an address). Reads back
 * over the quote, blanks and separator only: O(1) per address.
 */
function afterVersionKey(text: string, s: number): boolean {
  // a runtime's or product's version after its name (`Loading production environment (Rails 7.0.8.4)`)
  if (text[s - 1] === ' ' && PRODUCT_BEFORE_VERSION.test(text.slice(Math.max(0, s - 24), s))) return true;
  // `client version 23.7.8.4` (ClickHouse), `server version 10.11.6.2`: the word `version` and one blank before it
  if (text[s - 1] === ' ' && /\bversion $/i.test(text.slice(Math.max(0, s - 9), s))) return true;
  // the open-iscsi version heading each node record `iscsiadm -m node -o show` prints (`# BEGIN RECORD 2.1.9`)
  if (text.startsWith('BEGIN RECORD ', s - 13)) return true;
  let k = quotesAndBlanksBefore(text, text[s - 1] === 'v' || text[s - 1] === 'V' ? s - 1 : s);
  // `reg query`: `    Version    REG_SZ    8.5.1.128`
  if (text[k - 1] === 'Z' && REG_VERSION_BEFORE.test(text.slice(Math.max(0, k - 32), k))) return true;
  const sep = text[k - 1];
  // (PHP: `'version' => '28.0.4.1'`, `define('_PS_VERSION_', '1.6.1.18')`)
  const arrow = sep === '>' && text[k - 2] === '=';
  if (sep !== ':' && sep !== '=' && sep !== '(' && !arrow && !(sep === ',' && text[k - 2] === "'")) return false;
  k = quotesAndBlanksBefore(text, arrow ? k - 2 : k - 1);
  while (text[k - 1] === '_') k--;
  if (k >= 7 && text.slice(k - 7, k).toLowerCase() === 'version') return true;
  // an ASN.1 object identifier of four arcs (`keytool -v`'s `ObjectId: 2.5.29.14 Criticality=false`, `OID: 1.3.6.1`)
  if (
    (text.charCodeAt(k - 1) | 0x20) === 100 /* d */ &&
    /(?:object_?id|\boid)$/i.test(text.slice(Math.max(0, k - 9), k))
  )
    return true;
  // `Server version number: 9.0.91.0` (Tomcat's VersionLoggerListener), `Version No: …`
  if (VERSION_KEY_END.test(text.slice(Math.max(0, k - 16), k))) return true;
  // an XML setting's value attribute after its key attribute (`<add key="webpages:Version" value="3.0.0.0" />`)
  return (
    sep === '=' &&
    text.slice(Math.max(0, k - 5), k) === 'value' &&
    /version["'][ \t]+$/i.test(text.slice(Math.max(0, k - 24), k - 5))
  );
}

/** A two-word dotted key whose last word names a field (`plugin.name`, `pipeline.id`, appcmd's `APPPOOL.NAME`). */
const FIELD_KEY =
  /^[a-z][a-z0-9_-]{0,40}\.(?:name|id|email|phone|mobile|host|user|type|mode|topic|group|app|info|link|page|site|data|zone|style|version|status)$/i;
/** The end of a key whose value names a topic, table, index, queue or class, then its opening quote. */
const NON_HOST_KEY_BEFORE = /(?:topic|table|index|queue|class|schema|prefix)"[ \t]{0,2}(?::|=>?)[ \t]{0,2}"$/i;
/** A date pattern written with dots (`YYYY.MM.dd`, Joda and Logstash `%{+YYYY.MM}`). */
const DATE_PATTERN =
  /^(?:[yY]{2,4}|[M]{1,4}|[dD]{1,2}|HH|hh|mm|ss)(?:\.(?:[yY]{2,4}|[M]{1,4}|[dD]{1,2}|HH|hh|mm|ss)){1,4}$/;

/** A dotted property name under a big-data configuration namespace (Spark, Hadoop, Hive, YARN, JDO), three labels or more. */
const PROPERTY_NAMESPACE =
  /^(?:spark|hadoop|hive|yarn|mapreduce|dfs|fs|javax|hbase|flink|trino|presto)\.[a-z0-9_-]+\.[a-z0-9_.-]+$/i;

/**
 * Names of runtimes and products whose four-part versions are printed after them (`Rails 7.0.8.4`, `Jenkins 2.440.1.1`,
 * Teradata `BTEQ 17.20.00.08`, `IBM Spectrum LSF Standard 10.1.0.13`, Db2's `Database server = DB2/LINUXX8664 11.5.8.0`), and Teradata's `Release is …` lines.
 */
/** A user-agent key and a device's vendor and model after it (`User-Agent: Yealink SIP-T46S `; see {@link ipv4Addresses}). */
const USER_AGENT_BEFORE =
  /(?:[Uu]ser[-_ ]?[Aa]gent|\b[Aa]gent)["']?[ \t]*[:=][ \t]*["']?[A-Z][A-Za-z0-9_-]{1,30}(?: [A-Za-z0-9_/.-]{1,30}){0,3} $/;

const PRODUCT_BEFORE_VERSION =
  /(?:(?:^|[^A-Za-z])(?:Rails|Ruby|Python|PHP|Perl|Java|Gradle|Maven|Jenkins|GitLab|Gitea|Forgejo|Kernel|BTEQ|LSF Standard|LSF Advanced|LSF Suite|jruby|JRuby|for Windows|for Linux|for macOS)|DB2\/[A-Z0-9]{2,16}|(?:Release|Version) is) $/;

/** The start of the run of quotes and blanks that ends at `k` (exclusive). */
function quotesAndBlanksBefore(text: string, k: number): number {
  while (k > 0 && (text[k - 1] === '"' || text[k - 1] === "'" || text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
  return k;
}

/**
 * What follows the client address in a Db2 application id (`10.1.2.3.49838.240331194502`, `db2 list applications`,
 * `db2pd -applications`): `.port.` and the connection's time as `YYMMDDhhmmss`.
 */
const DB2_APPL_ID_TAIL = /^\.\d{1,5}\.\d{12}(?![\w.])/;

/**
 * Whether a `.port` at `dot` ends the address at `start` as tcpdump prints one: `IP 198.51.100.7.35208 > 10.0.0.5.80:
 * Flags …` (tcpdump(8) "source and destination address and port"): after `IP `, `IP6 ` or `> `, one to five digits,
 * then ` >` or `:` and a blank.
 */
function tcpdumpPort(text: string, start: number, dot: number): boolean {
  if (!tcpdumpEndpointStart(text, start)) return false;
  let i = dot + 1;
  while (i < text.length && i - dot <= 5 && inTable(DIGIT, text, i)) i++;
  return i - dot >= 2 && i - dot <= 6 && tcpdumpEndpointEnd(text, i);
}

/** Whether a tcpdump endpoint may start at `at`: after `IP `, `IP6 ` or the ` > ` between source and destination. */
function tcpdumpEndpointStart(text: string, at: number): boolean {
  return /(?:\bIP6? |> )$/.test(text.slice(Math.max(0, at - 4), at));
}

/** Whether a tcpdump endpoint ends at `at`: before ` >` (the source) or `: ` (the destination). */
function tcpdumpEndpointEnd(text: string, at: number): boolean {
  return (text[at] === ' ' && text[at + 1] === '>') || (text[at] === ':' && text[at + 1] === ' ');
}

/** DNS labels that follow an underscore in service names: DKIM, DMARC, SRV protocols, ACME challenges, MTA-STS. */
const UNDERSCORE_LABEL = /^(?:domainkey|dmarc|tcp|udp|tls|acme-challenge|mta-sts|smtp|bimi)$/;

/** A port or service name tcpdump(8) appends to a host (`.52176`, `.http`, `.domain`, `.postgresql`, `.ssh`). */
const TCPDUMP_SERVICE = /\.(?:\d{1,5}|[a-z][a-z0-9-]{1,15})$/;

/**
 * Where the host ends in a tcpdump endpoint `[a, b)`: after `IP `, `IP6 ` or `> ` and before ` > ` or `: `, the name less
 * its last label (the port or service); 0 when `[a, b)` is not one.
 */
function tcpdumpEndpoint(text: string, a: number, b: number): number {
  if (!tcpdumpEndpointEnd(text, b) || !tcpdumpEndpointStart(text, a)) return 0;
  const m = TCPDUMP_SERVICE.exec(text.slice(a, b));
  return m && m.index > 0 ? a + m.index : 0;
}

/**
 * IPv4 dotted quads (RFC 791), not inside longer dotted numbers (but with tcpdump's `.port`) and not a version after
 * `Name/` (`Chrome/122.0.0.0`).
 */
export const ipv4Addresses: Scanner = (text, emit) => {
  // `\d\d?\d?` is `\d{1,3}` written out: V8 scans for the unrolled form ~1.5x faster (its lookahead analysis stops at a
  // counted loop; 1.16 → 0.79 ms on the 1 MiB bench log, measured)
  const re = /\d\d?\d?\.\d\d?\d?\.\d\d?\d?\.\d\d?\d?/g;
  // (a user agent is looked for only when the payload names one at all)
  const agents = text.includes('gent');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let s = m.index;
    // the literal-led search may start inside a longer run of digits: `1234.1.1.1` is not an address
    // … except a host flag with its value attached (`mysql -h10.0.0.5`, `pg_dump -h10.1.2.3`)
    const hostFlag =
      (text[s - 1] === 'h' || text[s - 1] === 'H') && text[s - 2] === '-' && !inTable(WORD_CHARS, text, s - 3);
    // … and the far end of a range (`10.0.0.1...192.0.2.7` in strongSwan's `statusall`, `a..b`): two dots before it
    const rangeEnd = text[s - 1] === '.' && text[s - 2] === '.';
    // … and a value after a URL-encoded separator (Matomo segments: `segment=visitIp%21%3D95.30.198.12`); not after an
    // encoded `/`, which puts a version after a product (`Chrome%2F124.0.0.0` in a CDN log's user agent)
    const urlEscaped = text[s - 3] === '%' && /^(?:3[DdAa]|2[0Cc2]|27|28|5[Bb])$/.test(text.slice(s - 2, s));
    if (s > 0 && inTable(WORD_OR_DOT, text, s - 1) && !hostFlag && !rangeEnd && !urlEscaped) continue;
    // a version after a product name (`Chrome/122.0.0.0`); after a host name (`Node: ip-10-0-1-5.ec2.internal/10.0.1.5`
    // in `kubectl describe pod`) it is the address
    // (`Path: /DC-FRA/host/Cluster-Prod/10.0.4.5` in govc: a path segment before it, so an address named as an object)
    // (a JSON-escaped slash too: `Chrome\/124.0.0.0` in a JSON log's user agent)
    if (text[s - 1] === '/' && text[s - 2] === '\\' && s > 2 && inTable(LETTER, text, s - 3)) continue;
    // (an address with its port after the slash is no version: OpenVPN's `jdoe/203.0.113.5:4958` client prefix)
    // (a model number ends the name as often: `snom D785/10.1.159.12` in a SIP user agent)
    if (
      text[s - 1] === '/' &&
      s > 1 &&
      (inTable(LETTER, text, s - 2) || (inTable(DIGIT, text, s - 2) && modelBeforeSlash(text, s - 1))) &&
      !hostBeforeSlash(text, s - 1) &&
      !segmentBeforeSlash(text, s - 1) &&
      !/^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}\b/.test(text.slice(s, s + 22))
    )
      continue;
    if (afterVersionKey(text, s)) continue;
    // a version with its build's commit (`# 2.3.19.1 (9b53102964): /etc/dovecot/dovecot.conf`, doveconf's first line)
    if (
      text.startsWith(' (', s + m[0].length) &&
      VERSION_COMMIT_AFTER.test(text.slice(s + m[0].length, s + m[0].length + 16))
    )
      continue;
    // the product version in a CEF or LEEF header (`LEEF:1.0|Symantec|ProxySG|7.3.16.2|TCP_HIT|`, `CEF:0|Vendor|Product|…`)
    if (
      text[s - 1] === '|' &&
      /(?:LEEF:\d\.\d|CEF:\d)\|[^|\n]{1,64}\|[^|\n]{1,64}\|$/.test(text.slice(Math.max(0, s - 140), s))
    )
      continue;
    // the far end of a version range (`<bindingRedirect oldVersion="0.0.0.0-13.0.0.0" …/>` in a .NET web.config)
    if (text[s - 1] === '-' && /[Vv]ersion="\d{1,5}(?:\.\d{1,5}){3}-$/.test(text.slice(Math.max(0, s - 40), s)))
      continue;
    // a firmware version after a device model in a user agent (`User-Agent: Fanvil X4U 2.12.12.6`, Asterisk's
    // `Useragent    : Grandstream GXP2170 1.0.11.64`)
    if (agents && text[s - 1] === ' ' && USER_AGENT_BEFORE.test(text.slice(Math.max(0, s - 90), s))) continue;
    const e = s + m[0].length;
    if (
      e < text.length &&
      (inTable(WORD_CHARS, text, e) ||
        (text[e] === '.' &&
          inTable(DIGIT, text, e + 1) &&
          !tcpdumpPort(text, s, e) &&
          !DB2_APPL_ID_TAIL.test(text.slice(e, e + 20))))
    )
      continue;
    if (!isReportableIpv4(m[0])) continue;
    emit({ start: s, end: e, category: 'IP', rule: 'ipv4', priority: 50 });
    s = e;
  }
  // an address pattern with a wildcard last octet (GlusterFS `auth.allow: 172.20.70.*`, exports(5), hosts.allow)
  if (text.includes('.*')) {
    WILDCARD_IPV4.lastIndex = 0;
    for (let m = WILDCARD_IPV4.exec(text); m; m = WILDCARD_IPV4.exec(text))
      if (
        isReportableIpv4(`${m[0].slice(0, -1)}1`) &&
        !afterVersionKey(text, m.index) &&
        !inTable(LETTER, text, m.index - 1)
      )
        emit({ start: m.index, end: m.index + m[0].length, category: 'IP', rule: 'ipv4', priority: 50 });
  }
  // an address written as a regular expression, its dots escaped (`192\.168\.1\.20` in coolwsd.xml's `<host>` allow
  // list, nginx `if ($remote_addr ~ "^10\.0\.0\.5$")`, Apache `SetEnvIf Remote_Addr`)
  if (!text.includes('\\.')) return;
  ESCAPED_IPV4.lastIndex = 0;
  for (let m = ESCAPED_IPV4.exec(text); m; m = ESCAPED_IPV4.exec(text))
    if (isReportableIpv4(m[0].replaceAll('\\', '')))
      emit({ start: m.index, end: m.index + m[0].length, category: 'IP', rule: 'ipv4', priority: 50 });
};
/** A process id after a host name's letter-led last label: `.12342` in `rq-1.example.internal.12342`. */
const PID_SUFFIX = /(?<=[A-Za-z][A-Za-z0-9-]{0,62})\.\d{1,7}$/;
/** Three octets and `.*`, not inside a longer run of digits and dots. */
const WILDCARD_IPV4 = /(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\*(?![\w.*])/g;
/** Four octets with backslash-escaped dots, not inside a longer run of digits and dots. */
const ESCAPED_IPV4 = /(?<![\d.\\])\d{1,3}\\\.\d{1,3}\\\.\d{1,3}\\\.\d{1,3}(?![\d]|\\\.\d)/g;

/**
 * The matches of `/:[0-9A-Fa-f]{0,4}:/g` in `text` as `[index, length, …]`, found from each `:` by `indexOf`: the
 * regex tried every position (1.2 ms per MiB of logs; ~0.4 ms this way). A match ends in the `:` the next search
 * starts at, so `a:b:c:d` has one match (`:b:`), as with the regex.
 */
export function hexColonAnchors(text: string): number[] {
  const out: number[] = [];
  let resume = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    if (i < resume) continue;
    // greedy [0-9A-Fa-f]{0,4} then `:`; backing off cannot help (a shorter run is followed by a hex digit, not `:`)
    let h = i + 1;
    while (h < text.length && h - i <= 4 && inTable(HEX, text, h)) h++;
    if (text.charCodeAt(h) !== 58) continue;
    out.push(i, h + 1 - i);
    resume = h + 1;
  }
  return out;
}

/** An IPv6 netmask: groups of all ones (`ffff`), then at most one partial group, then zeros or `::`. */
const IPV6_NETMASK = /^ffff(?::ffff){0,7}(?::(?:fff[ec8]|ff[ec8]0|f[ec8]00|[ec8]000))?(?:(?::0{1,4}){1,6}|::)?$/i;

/** IPv6 text forms (RFC 4291 §2.2, RFC 4007 zone ids), validated with node:net `isIPv6`; `::` and `::1` are kept. */
export const ipv6Addresses: Scanner = (text, emit) => {
  // anchor: `:h:` ({@link hexColonAnchors}), then a cheap shape test; times (`09:20:07`) fall out before any slicing
  let lastEnd = 0;
  const digit = (i: number): boolean => inTable(DIGIT, text, i);
  const anchors = hexColonAnchors(text);
  for (let q = 0; q < anchors.length; q += 2) {
    const i = anchors[q]!;
    const anchorLength = anchors[q + 1]!;
    if (i < lastEnd) continue;
    // `d:dd:dd`: a time of day, not an address
    if (anchorLength === 4 && digit(i - 1) && digit(i + 1) && digit(i + 2) && digit(i + 4) && digit(i + 5)) continue;
    const s = runStart(text, i + 1, IPV6_CHARS, 64);
    let e = runEnd(text, i, IPV6_CHARS, 64);
    lastEnd = e;
    while (e > s && (text[e - 1] === '.' || (text[e - 1] === ':' && text[e - 2] !== ':'))) e--;
    let a = s;
    while (a < e && text[a] === ':' && text[a + 1] !== ':') a++;
    if (a > 0 && /[\w]/.test(text[a - 1]!) && text[a - 1] !== '[') continue;
    // a `grep -n` line number before an address that starts its line (`49263:2a02:8b51:…:b4c7 - - [06/Nov/2025…`): the
    // address after it (an address's first group has at most four hex digits)
    const numbered = GREP_NUMBER_PREFIX.exec(text.slice(a, a + 11));
    if (numbered && (a === 0 || text.charCodeAt(a - 1) === 10) && isIPv6(text.slice(a + numbered[0].length, e)))
      a += numbered[0].length;
    let addr = text.slice(a, e);
    // `user:x:1002:1002::/opt/etl`: a passwd entry's uid, gid and empty GECOS after a field separator, no address
    if (a > s && addr.endsWith('::') && /^\d{1,10}:\d{1,10}::$/.test(addr)) continue;
    // cheap shape check before isIPv6: without `::` an address has exactly seven colons (times have two)
    if (!addr.includes('::') && addr.split(':').length < 8 && !/^[0-9A-Fa-f:]+:\d{1,5}$/.test(addr)) continue;
    let zoneEnd = e;
    if (text[e] === '%') zoneEnd = runEnd(text, e + 1, ZONE, 32);
    if (WORD.test(text[zoneEnd] ?? '')) continue;
    if (!isIPv6(addr)) {
      // `addr:port` — drop a trailing :port; tcpdump writes an IPv6 endpoint `addr.port` (`2a01:4f8::31f.51101 >`)
      const port = /:(\d{1,5})$/.exec(addr) ?? /\.(\d{1,5})$/.exec(addr);
      if (!port || !isIPv6(addr.slice(0, port.index))) continue;
      addr = addr.slice(0, port.index);
      zoneEnd = a + addr.length;
    }
    if (addr === '::' || addr === '::1' || !addr.includes(':') || /^\d{1,2}:\d{2}(?::\d{2})?$/.test(addr)) continue;
    // the well-known names every Debian and Ubuntu /etc/hosts lists (`fe00::0 ip6-localnet`, `ff00::0 ip6-mcastprefix`,
    // `ff02::1 ip6-allnodes`, `ff02::2 ip6-allrouters`): link-local multicast groups and prefixes (RFC 4291 §2.7.1),
    // the same on every machine
    if (WELL_KNOWN_IPV6.test(addr)) continue;
    // an IPv4-mapped address (`::ffff:10.0.0.5`, RFC 4291 §2.5.5.2, as dual-stack servers log IPv4 clients) is its IPv4
    // address: the IPv4 scanner redacts that, with the same pseudonym as the address written alone
    if (/^::ffff:\d{1,3}(?:\.\d{1,3}){3}$/i.test(addr)) continue;
    // one group of letters after `::` and a word joined by `-` is a command, not an address (GitHub Actions'
    // `::add-mask::`, `::set-output`)
    if (/^::[a-f]{1,4}$/i.test(addr) && text[zoneEnd] === '-') continue;
    // a netmask (`ffff:ffff:ffff:ffff::`, the all-ones mask of pg_hba_file_rules' `netmask` column): a prefix length
    // written out, no one's address
    if (IPV6_NETMASK.test(addr)) continue;
    emit({ start: a, end: zoneEnd, category: 'IP', rule: 'ipv6', priority: 50 });
  }
};

/** A systemd template instance after `@`: a PostgreSQL cluster (`13-main`) or a name with a unit suffix. */
const SYSTEMD_INSTANCE =
  /^(?:\d{1,2}-[a-z0-9_-]{1,32}|[A-Za-z0-9_.:-]{1,64}\.(?:service|socket|timer|target|mount|path))$/;

/** Traefik's provider namespaces after a router, service or middleware name (`shop@docker`, `auth@file`). */
const TRAEFIK_PROVIDER =
  /^(?:docker|swarm|file|internal|kubernetescrd|kubernetesingress|kubernetesgateway|consulcatalog|nomad|ecs|marathon|rest|http|redis|etcd|zookeeper|consul)$/;

/** A line number of five to nine digits and its `:` (`grep -n`), too long for an IPv6 group. */
const GREP_NUMBER_PREFIX = /^\d{5,9}:/;

/** IPv6 names that are everyone's: `fe00::0`, `ff00::0` and the all-nodes/all-routers groups `ff0X::1`, `ff0X::2`. */
const WELL_KNOWN_IPV6 = /^(?:fe00::0?|ff00::0?|ff0[1-8]::[12])$/i;

/** An ISO 8601 date (and hour) joined to a name by `-` (`-2024-02-07`, `-2024-02-07T18`). */
const DATE_STAMP_SUFFIX = /(?<=[A-Za-z])-\d{4}-\d\d-\d\d(?:T\d\d)?$/;

/** A SIP Call-ID key right before a value (`Call-ID:`, `call_id=`, `"callid": "`). */
const CALL_ID_BEFORE = /call[-_]?id["']?[ \t]*[:=][ \t]*["']?$/i;

/**
 * Whether the word ending at `slash` is a device's model number: a capital letter then digits and capitals, three to
 * twelve in all (`D785`, `T46S`, `GXP2170`), after a blank. Bounded: O(13).
 */
function modelBeforeSlash(text: string, slash: number): boolean {
  let i = slash;
  while (i > 0 && slash - i < 13 && /[A-Z0-9]/.test(text[i - 1]!)) i--;
  return slash - i >= 3 && /[A-Z]/.test(text[i]!) && (i === 0 || text[i - 1] === ' ');
}

/** A key or directive that says the next token is a host name (nginx server_name, Apache ServerName, *_HOST=, …). */
const HOST_KEY_BEFORE =
  /(?:server_name|server_?alias|servername|host(?:name)?|domain|fqdn|vhost|cn)["']?[ \t]*[:=]?[ \t]*["']?(?:[A-Za-z0-9.-]+[ \t]+){0,8}$/i;

/** {@link HOST_KEY_BEFORE}, tried only when one of its key words occurs at all (most dotted tokens have none). */
function hostKeyBefore(before: string): boolean {
  return HOST_KEY_WORD.test(before) && HOST_KEY_BEFORE.test(before);
}
/** The key words of {@link HOST_KEY_BEFORE}, any case: one native scan instead of a lower-case copy and five searches. */
const HOST_KEY_WORD = /host|domain|fqdn|server|cn/i;

const FILE_SUFFIX =
  /\.(?:access|error|log|conf|cfg|ini|crt|cert|key|pem|csr|chain|fullchain|bak|old|orig|save|disabled|json|ya?ml|txt|gz|zip|tar|sql|d|sock|pid|socket|service|vhost|ssl|le)$/i;

/** The first option of an NFS export's client in `/etc/exports` and `exportfs -v` (exports(5)). */
const NFS_EXPORT_OPTIONS =
  /^(?:rw|ro|sync|async|no_|root_squash|all_squash|sec=|fsid=|secure|insecure|crossmnt|hide|nohide|wdelay|subtree_check|anon)/;

/** Compiled once for {@link hostNames}: a regex literal in a function allocates 57 bytes per evaluation. */
const ODATA_PREFIX = /^odata\./i;
const WHITESPACE = /\s/;
const ASSIGNMENT_AFTER_BLANKS = /^[ \t]{1,16}=/;
const DOCUMENTATION_URL_BEFORE = /Documentation=(?:[^\s=]{1,200}[ \t]{1,4}){0,3}https?:\/\/$/;

/**
 * Host names: every dotted token with a letter-led last label is classified ({@link classifyHostName}); customer
 * names are redacted (cloud endpoints only in their identifying part); file-name suffixes are dropped first
 * (`shop.example.de.access.log`); tokens used as keys (`spring.mail.host=`) are skipped.
 */
/** A YAML mapping's parent key `hosts:` alone on its line (Ansible's YAML inventory format). */
const HOSTS_KEY_LINE = /^[ \t]*hosts:[ \t]*\r?$/;

/**
 * Whether the name at `a` is a key of an Ansible YAML inventory's `hosts:` mapping (`hosts:` over `  web01.example.lan:`):
 * the name starts its line after blanks, and the nearest line above it with less indentation is `hosts:` (Ansible docs,
 * "How to build your inventory", YAML format). Looks back at most 64 lines of 4096 characters.
 */
function ansibleInventoryHost(text: string, a: number): boolean {
  // (YAML indents with blanks only; a tab before them ends a `cat -n` line number)
  let ls = a;
  while (ls > 0 && a - ls < 64 && text.charCodeAt(ls - 1) === 32) ls--;
  const numbered = ls > 0 && text.charCodeAt(ls - 1) === 9 ? catNumberedLineStart(text, ls) : -1;
  if (numbered < 0 && ls > 0 && text.charCodeAt(ls - 1) !== 10) return false;
  const indent = a - ls;
  if (indent === 0) return false;
  let end = (numbered >= 0 ? numbered : ls) - 1;
  for (let lines = 0; end > 0 && lines < 64 && a - end < 4096; lines++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    let k = start;
    if (numbered >= 0) {
      const tab = text.indexOf('\t', start);
      if (tab < 0 || tab >= end) return false;
      k = tab + 1;
    }
    const content = k;
    while (k < end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    if (k < end && text.charCodeAt(k) !== 35 /* # */ && k - content < indent)
      return HOSTS_KEY_LINE.test(text.slice(content, end));
    end = start - 1;
  }
  return false;
}

/**
 * Where the line holding `i` starts when it opens with a `cat -n` number (blanks, digits, a tab) and only blanks follow
 * up to `i`; -1 otherwise. O(80).
 */
function catNumberedLineStart(text: string, i: number): number {
  let k = i;
  if (text.charCodeAt(k - 1) !== 9) return -1;
  k--;
  const digitsEnd = k;
  while (k > 0 && digitsEnd - k < 9 && text.charCodeAt(k - 1) >= 48 && text.charCodeAt(k - 1) <= 57) k--;
  if (k === digitsEnd) return -1;
  while (k > 0 && i - k < 80 && text.charCodeAt(k - 1) === 32) k--;
  return k === 0 || text.charCodeAt(k - 1) === 10 ? k : -1;
}

export const hostNames: Scanner = (text, emit) => {
  const cache = new Map<string, ReturnType<typeof classifyHostName>>();
  const classifyCached = (h: string): ReturnType<typeof classifyHostName> => {
    let r = cache.get(h);
    if (r === undefined) {
      r = classifyHostName(h);
      cache.set(h, r);
    }
    return r;
  };
  const trustedCache = new Map<string, ReturnType<typeof classifyHostName>>();
  const classifyTrusted = (h: string): ReturnType<typeof classifyHostName> => {
    let r = trustedCache.get(h);
    if (r === undefined) {
      r = classifyHostName(h, true);
      trustedCache.set(h, r);
    }
    return r;
  };
  // anchor: a `.` then a letter, each `.` found by indexOf: the matches of /\.[A-Za-z][A-Za-z0-9-]{0,62}/g, which hold
  // no second `.` (the regex tried every position: 0.88 ms per MiB of logs; ~0.4 ms this way)
  let lastEnd = 0;
  for (let dot = text.indexOf('.'); dot >= 0; dot = text.indexOf('.', dot + 1)) {
    if (dot < lastEnd || !inTable(LETTER, text, dot + 1)) continue;
    const s = runStart(text, dot, HOST_CHARS, 253);
    const e = runEnd(text, dot, HOST_CHARS, 253);
    lastEnd = e;
    let a = s;
    while (a < e && (text[a] === '.' || text[a] === '-')) a++;
    let b = e;
    while (b > a && (text[b - 1] === '.' || text[b - 1] === '-')) b--;
    // a service label before the domain (`selector._domainkey.example.com` in OpenDKIM tables, `_ldap._tcp.example.com`,
    // `_dmarc.example.com`): the domain after it
    if (text[a - 1] === '_' && text[a - 2] !== '_') {
      const label = text.indexOf('.', a);
      if (label > a && label < b && UNDERSCORE_LABEL.test(text.slice(a, label))) a = label + 1;
    }
    // a date stamped on a host name (Borg's `{hostname}-{now}` archive names: `db04.example.lan-2024-02-07T18:11:07`):
    // the name without it
    const last = text.charCodeAt(b - 1);
    if (last >= 48 && last <= 57 && b - a > 11) {
      const stamp = DATE_STAMP_SUFFIX.exec(text.slice(Math.max(a, b - 15), b));
      if (stamp) b -= stamp[0].length;
      // a process id after the name (RQ's worker names `hostname.pid`: `rq-1.example.internal.12342 busy: default`)
      else {
        const pid = PID_SUFFIX.exec(text.slice(Math.max(a, b - 9), b));
        if (pid && text.slice(a, b - pid[0].length).split('.').length >= 3) b -= pid[0].length;
      }
    }
    if (a >= b || (a > 0 && inTable(HOST_LEFT_STOP, text, a - 1) && text[a - 1] !== '.') || text[b] === '_') continue;
    // a dotenv file (`.env.local`, `.env.prod.local` in Symfony's `debug:dotenv`, `ls -a`): a file name under `.local`
    if (text[a - 1] === '.' && text.startsWith('env.', a)) continue;
    // a file at the end of a path under the `.info` TLD (MySQL's `/var/lib/mysql/master.info` and `relay-log.info`,
    // Drupal's `views.info`): one `/` before a two-label name; a customer's directory named for its domain keeps `.com`
    // (or after a field named for a file: `Relay_Log_Info_File: relay-log.info` in `SHOW REPLICA STATUS`)
    if (
      ((text[a - 1] === '/' && text[a - 2] !== '/') || text.startsWith('File: ', a - 6)) &&
      text.startsWith('.info', b - 5) &&
      text.indexOf('.', a) === b - 5
    )
      continue;
    // tcpdump's `src.port > dst.service:` (`IP web04.example.corp.52176 > db1.example.corp.postgresql: Flags`): the name
    // without its port or service
    const dumped = tcpdumpEndpoint(text, a, b);
    if (dumped > 0) {
      if (classifyCached(text.slice(a, dumped)) === 'customer')
        emit({ start: a, end: dumped, category: 'HOST', rule: 'hostname', priority: 48 });
      continue;
    }
    // a property reference in a template (`${user.home}`, Maven and Gradle): a key, not a host
    if (text[a - 1] === '{' && text[a - 2] === '$') continue;
    // a field reference of a Kubernetes downward-API variable (`POD_NAME:  (v1:metadata.name)` in `kubectl describe`)
    if (text[a - 1] === ':' && /\(v\d{1,2}:$/.test(text.slice(Math.max(0, a - 5), a))) continue;
    // a key, not a value: `name=` or `name:` then a space or the end
    // (unless a resolver message names it: fail2ban's `Unable to find a corresponding IP address for host.tld:`)
    // (a Salt minion's id heads its map: `web01.example.de:` over `    ----------`, the nested outputter)
    // (and a minion's answer under its id: `web01.example.de:` at a line's start over `    True` or a command's output,
    // Salt's outputters indent by four; YAML's dotted keys at the start of a line are not followed by that)
    const minion =
      text[b] === ':' &&
      (text.startsWith('\n    ----------', b + 1) ||
        ((a === 0 || text.charCodeAt(a - 1) === 10) &&
          text.startsWith('\n    ', b + 1) &&
          text.charCodeAt(b + 6) !== 32 &&
          text.charCodeAt(b + 6) !== 45));
    // (cPanel's domain maps key a line by the domain: `/etc/trueuserdomains` `example.com: jdoe`, `/etc/userdatadomains`
    // `example.com: jdoe==root==main==…`)
    const domainMap =
      text[b] === ':' &&
      text[b + 1] === ' ' &&
      (a === 0 || text.charCodeAt(a - 1) === 10) &&
      /^: [a-z][a-z0-9_]{0,15}(?:==|\r?\n|$)/.test(text.slice(b, b + 20));
    if (
      !minion &&
      !domainMap &&
      !(text[b] === ':' && ansibleInventoryHost(text, a)) &&
      // (a name mapped to its address stays a host: compose `extra_hosts`, `--add-host`: `node01.example.lan=10.0.0.5`)
      ((text[b] === '=' && !/^=(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/.test(text.slice(b, b + 17))) ||
        (text[b] === ':' &&
          (b + 1 === text.length || WHITESPACE.test(text[b + 1]!)) &&
          // (showmount(8) heads its lists with the server: `Export list for nas01.corp.example:`, `All mount points on …:`)
          !/(?:address for|resolve|resolving|lookup for|export list for|mount points on) $/i.test(
            text.slice(Math.max(0, a - 18), a),
          )))
    )
      continue;
    // a dotted key at a line's start, blanks, then `=` (php-fpm `listen.group = www-data`, properties files)
    if (
      (text[b] === ' ' || text[b] === '\t') &&
      ASSIGNMENT_AFTER_BLANKS.test(text.slice(b, b + 18)) &&
      /^[ \t]*$/.test(text.slice(lineStartWithin(text, a, 64), a))
    )
      continue;
    // a logger's name after a bracketed time and before the level (Python's `[%(asctime)s] %(name)-16s %(levelname)s`:
    // Frigate's `[2024-09-29 21:17:57] frigate.app      INFO    : Starting`)
    if (
      text[b] === ' ' &&
      text[a - 1] === ' ' &&
      text[a - 2] === ']' &&
      /^ {1,30}(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|NOTICE)\b/.test(text.slice(b, b + 42))
    )
      continue;
    // the project pages a systemd unit names as its documentation (`Documentation=https://www.varnish-cache.org/docs/`)
    if (text[a - 1] === '/' && DOCUMENTATION_URL_BEFORE.test(text.slice(Math.max(0, a - 300), a))) continue;
    // a stack frame: a method call `java.lang.Thread.run(` and its source file `(Thread.java:840)`
    // (an NFS export's client is followed by its options: `app01.example.lan(rw,sync,no_subtree_check)`, exports(5))
    if (
      (text[b] === '(' && !NFS_EXPORT_OPTIONS.test(text.slice(b + 1, b + 20))) ||
      (text[a - 1] === '(' &&
        /^:\d{1,6}\)/.test(text.slice(b, b + 8)) &&
        !/(?:tcp6?|udp)\($/.test(text.slice(a - 5, a)))
    )
      continue;
    const name = text.slice(a, b);
    // a product and its version (`insomnia.desktop.app:v2023.5.8`, an export's source), no host and port
    if (text.charCodeAt(b) === 58 && text.charCodeAt(b + 1) === 118 && /\d/.test(text[b + 2] ?? '')) continue;
    // a dotted key of a JSON object, Ruby hash or properties line (`"plugin.name": …`, Logstash's `{"pipeline.id"=>…}`,
    // Debezium's logged `slot.name = debezium_slot`), and a
    // date pattern (`%{+YYYY.MM}` in a Logstash index name)
    if (
      (FIELD_KEY.test(name) && /^"?[ \t]{0,4}(?::|=>|=)/.test(text.slice(b, b + 7))) ||
      DATE_PATTERN.test(name) ||
      // the value of a key that names a topic, table, index, queue or class (`"…kafka.topic":"schema-changes.shop"`)
      (text[a - 1] === '"' && NON_HOST_KEY_BEFORE.test(text.slice(Math.max(0, a - 24), a)))
    )
      continue;
    const cloud = cloudEndpointCustomerPart(name);
    if (cloud) {
      emit({ start: a + cloud[0], end: a + cloud[1], category: 'HOST', rule: 'cloud-endpoint', priority: 49 });
      continue;
    }
    // a Spark/Hadoop property name (`spark.hadoop.fs.s3a.path.style.access`, `fs.s3a.secret.key`): its last word can be
    // a TLD (`.style`, `.access`), its first is the configuration's namespace
    if (PROPERTY_NAMESPACE.test(name)) continue;
    // OData's control annotations (`"@odata.id"`, `@odata.type`, `@odata.context`: Redfish, Microsoft Graph) are keys
    if (text[a - 1] === '@' && ODATA_PREFIX.test(name)) continue;
    // a dotted setting named in an XML attribute (`<property name="jwt.private.key">`, `<entry key="mail.smtp.host">`)
    if (
      text[a - 1] === '"' &&
      /[ \t](?:name|key)="$/.test(text.slice(Math.max(0, a - 7), a)) &&
      /^[\w.-]*"/.test(text.slice(b, b + 80))
    )
      continue;
    let host = name;
    const trusted =
      text[a - 1] === '@' ||
      (text[a - 1] === '/' && text[a - 2] === '/' && text[a - 3] === ':') ||
      (classifyCached(name) === null && hostKeyBefore(text.slice(Math.max(0, a - 48), a)));
    if (trusted) {
      const verdict = classifyTrusted(host);
      if (verdict === 'customer') emit({ start: a, end: b, category: 'HOST', rule: 'hostname', priority: 48 });
      // the host of a URL with credentials (`postgres://app:…@pg03.corp.intern/db`) is a host whatever its last label,
      // also when `ps` cut the line inside it (`@greyfell-main.5p2ml0h6hq49.`)
      else if (verdict === null && text[a - 1] === '@' && URL_HOST_NAME.test(host) && urlAuthorityBefore(text, a))
        emit({ start: a, end: b, category: 'HOST', rule: 'url-host', priority: 48 });
      continue;
    }
    while (classifyCached(host) === null && FILE_SUFFIX.test(host)) host = host.replace(FILE_SUFFIX, '');
    if (classifyCached(host) === 'customer')
      emit({ start: a, end: a + host.length, category: 'HOST', rule: 'hostname', priority: 48 });
  }
};
