import { describe, expect, it } from 'vitest';
import { redact } from '..';

/**
 * Linear time on hostile input (issue 3 item 4). Each shape is built at 256 KiB and at 1 MiB; the 4× larger input
 * must take at most ~10× as long (linear would be 4×, quadratic 16×). A ratio, not a time budget, so a slow machine
 * does not fail it; the absolute cap only catches a catastrophic regression.
 */
const SHAPES: Record<string, (n: number) => string> = {
  'one long line of a': (n) => 'a'.repeat(n),
  'equals signs': (n) => '='.repeat(n),
  'password= repeated': (n) => 'password='.repeat(n / 9),
  'key: with no value': (n) => 'api_key: '.repeat(n / 9),
  'at signs': (n) => '@'.repeat(n),
  'local parts then @': (n) => ('a'.repeat(60) + '@').repeat(n / 61),
  'dotted digits': (n) => '1.'.repeat(n / 2),
  'colons and hex': (n) => 'a:'.repeat(n / 2),
  'scheme without @': (n) => 'http://x:'.repeat(n / 9),
  'quotes and escapes': (n) => '"\\'.repeat(n / 2),
  'BEGIN without END': (n) => `-----BEGIN ${['RSA', 'PRIVATE', 'KEY'].join(' ')}-----\n${'A'.repeat(n)}`,
  'one huge base64 run': (n) => 'QUJD'.repeat(n / 4),
  'JWT prefix without dots': (n) => 'eyJ' + 'a'.repeat(n),
  'digits and spaces': (n) => '1234 '.repeat(n / 5),
  'plus digits': (n) => '+1 '.repeat(n / 3),
  'table rows': (n) => '| a | b |\n'.repeat(n / 10),
  'dotted names': (n) => 'a.b'.repeat(n / 3),
  'bearer tokens': (n) => 'Bearer '.repeat(n / 7),
  'define( without end': (n) => "define('DB_PASSWORD', '".repeat(n / 23),
  'user= repeated': (n) => 'user='.repeat(n / 5),
  'name= repeated': (n) => 'name="A'.repeat(n / 7),
  newlines: (n) => '\n'.repeat(n),
  'gitleaks keywords': (n) => 'xoxb-ghp_sk_live_AKIAglpat-'.repeat(n / 27),
  'config lines without comments': (n) => 'password = x1\n'.repeat(n / 14),
  'anchors of auth-log rules': (n) => 'Failed password for session user USER=sudo '.repeat(n / 44),
  'user on every word': (n) => 'user '.repeat(n / 5),
  'curl on one line (gitleaks .* patterns)': (n) => 'curl '.repeat(n / 5),
  'addresses with an unclosed parenthesis': (n) => 'a@b.io (Ab Cd '.repeat(n / 14),
  '_KEY= repeated': (n) => 'A_KEY='.repeat(n / 6),
  'htpasswd commands with file and login': (n) => 'htpasswd -b f u '.repeat(n / 16),
  'lftp logins glued to the next lftp': (n) => 'lftp -u a,'.repeat(n / 10), // a rejected word at a window's start
  '-u flags without lftp': (n) => ' -u x'.repeat(n / 5),
  'registry logins without a password': (n) => 'docker login -u a '.repeat(n / 18),
  'client flags on one line (smbclient, ldapsearch, sqlcmd)': (n) =>
    'smbclient -U a ldapsearch -w sqlcmd -P '.repeat(n / 40),
  'ALTER USER without PASSWORD': (n) => 'ALTER USER a '.repeat(n / 13),
  'auth pairs without a password': (n) => 'x_auth = a:'.repeat(n / 11),
  'dc= chains': (n) => 'dc=a,'.repeat(n / 5),
  'argv flags without values': (n) => '"--password", '.repeat(n / 14),
  'name: lines without value:': (n) => '- name: X_PASSWORD\n'.repeat(n / 19),
  'nginx credential maps without entries': (n) => 'map $http_x_api_key $a { '.repeat(n / 26),
  'unquoted names before key=value pairs': (n) => 'customer=Ab Cd x=1 '.repeat(n / 19),
  'minio aliases without credentials': (n) => 'mc alias set a b '.repeat(n / 17),
  'LDAP cn= without a container': (n) => 'cn=Ab Cd '.repeat(n / 9),
  'escaped JSON keys without values': (n) => '\\"password\\":\\"'.repeat(n / 18),
  'hash settings without values': (n) => "x['password'] = ".repeat(n / 16),
  'names before numbers without a trunk prefix': (n) => 'Ab Cd at 1 '.repeat(n / 11),
  'SSH2 key headers without an end': (n) => '---- BEGIN SSH2 PRIVATE KEY ----\n'.repeat(n / 33),
  'encoded query names': (n) => '?name=%41%20'.repeat(n / 12),
  'parenthesised area codes': (n) => '(123) '.repeat(n / 6),
  'quoted numbers on an sms line': (n) => "sms '1 2 3 4 5 6 7 8 9 ".repeat(n / 24),
  'aligned table headers without rows': (n) => 'USER  NAME  PHONE\n'.repeat(n / 18),
  'CSV headers on one line': (n) => 'name,phone,email,'.repeat(n / 17),
  'domain backslashes': (n) => 'CORP\\jdoe '.repeat(n / 10),
  'redis MONITOR hash writes without values': (n) => '"HSET" "k" "name"'.repeat(n / 17),
  'SQL literals without a column': (n) => "= '' LIKE '".repeat(n / 11),
  'names before short numbers': (n) => 'Ab Cd Ef, +12 '.repeat(n / 14),
  'home directories': (n) => '/home/a'.repeat(n / 7),
  'verify headers without a value': (n) => 'X-Verify: '.repeat(n / 10),
  'domain logins on one long auth line': (n) => 'AB\\cd auth '.repeat(n / 11),
  'phone keys inside one long word': (n) => 'tel'.repeat(n / 3),
  'phone arrays that never close': (n) => '"phone": ["+1 555 0100", '.repeat(n / 27),
  'INSERT column lists without VALUES': (n) => 'INSERT INTO t (a, b) '.repeat(n / 21),
  'INSERT values that never close': (n) => "INSERT INTO t (name) VALUES ('" + 'a'.repeat(n),
  'passwd-like fields on one line': (n) => 'a:x:1000:1000:'.repeat(n / 14),
  'AllowUsers with endless logins': (n) => 'AllowUsers ' + 'ab '.repeat(n / 3),
  'greetings without a comma': (n) => 'Hi Ab '.repeat(n / 6),
  'for after numbers without a name': (n) => '0151 2345678 for '.repeat(n / 17),
  'secure_link_md5 variables only': (n) => 'secure_link_md5 "' + '$a'.repeat(n / 2),
  'mysql --xml fields without an end': (n) => '<field name="name">Ab Cd'.repeat(n / 24),
  'terminal escapes that never end': (n) => '\u001b]0;'.repeat(n / 4),
  'colour codes around every character': (n) => 'a\u001b[01;31m\u001b[K'.repeat(n / 14),
  'credential changes by unfinished names': (n) => 'rotated by Ab Cd '.repeat(n / 17),
  'numbers before parentheses without a name': (n) => '0151 2345678 (Ab Cd '.repeat(n / 20),
  'ps TTY cells on one line': (n) => 'ab 1 0.0 0.0 1 1 ? S '.repeat(n / 21),
  'sudo-escaped GECOS without an end': (n) => 'usermod -c ' + 'Ab\\x20'.repeat(n / 6),
  'names before tel. without a number': (n) => 'Ab Cd, tel. '.repeat(n / 12),
  'proxy cookies that never close': (n) => 'proxy_set_header Cookie "' + 'a'.repeat(n),
  'login is, repeated': (n) => 'my login is '.repeat(n / 12),
  'reassigned from, never to': (n) => 'reassigned from ab '.repeat(n / 19),
  'terminal columns on one line': (n) => 'ab pts/1 '.repeat(n / 9),
  'terminal lines without a login': (n) => ' pts/1\n'.repeat(n / 7),
  'netrc tokens that never reach a password': (n) => 'machine a ' + 'account b '.repeat(n / 10),
  'sasl relays without a password': (n) => '[a]:1 b'.repeat(n / 7),
  'chpasswd echoes without a pipe': (n) => "echo 'a:b ".repeat(n / 10),
  'Kubernetes env entries, repeated': (n) => '- name: DB_USER\n  value: app_x1\n'.repeat(n / 32),
  'php-fpm env lines, repeated': (n) => 'env[DB_PASSWORD] = Xy7!pq\n'.repeat(n / 26),
  'unterminated PEM markers, one per line': (n) => '-----BEGIN RSA PRIVATE KEY-----\nQUJD\n'.repeat(n / 37),
  asterisks: (n) => '*'.repeat(n),
  'psql headers and rules, repeated': (n) => ' a | b\n---+---\n'.repeat(n / 16),
  'psql records, repeated': (n) => '-[ RECORD 1 ]-+--\nusename | ab\n'.repeat(n / 31),
  'Vault Key/Value headers, repeated': (n) => 'Key  Value\n---  -----\n'.repeat(n / 22),
  'sensitive outputs without a value': (n) => '"sensitive": true, '.repeat(n / 19),
  'random_password results, repeated': (n) => 'random_password "result": "Xy7!pqRs", '.repeat(n / 38),
  'JSON names without values': (n) => '{"name": "DB_PASSWORD", '.repeat(n / 24),
  'key paths of slashes': (n) => '/'.repeat(n) + 'password:x',
  'grants and sudo reports, repeated': (n) => 'Grants for ab@% User ab '.repeat(n / 24),
  'ACL items, repeated': (n) => 'ab=r/'.repeat(n / 5),
  'mongo ids without a user': (n) => "_id: 'a.b', ".repeat(n / 12),
  'LDIF base64 on one line': (n) => 'cn:: ' + 'QUJD'.repeat(n / 4),
  'subject CNs, repeated': (n) => 'CN = Ab Cd, '.repeat(n / 12),
  'pipe headers, repeated': (n) => 'id|user|password\n'.repeat(n / 17),
  'argv secret flags without a value': (n) => '- --requirepass\n'.repeat(n / 16),
  'JSON Secret data objects, repeated': (n) => '"kind": "Secret", "data": {"a": "b", '.repeat(n / 37),
  'Secret data blocks between document markers': (n) => 'kind: Secret\ndata:\n---\n'.repeat(n / 23),
  'Secret data blocks in one document': (n) => 'kind: Secret\n' + 'data:\n'.repeat(n / 6),
  'COPY headers without rows': (n) => 'COPY t (a, email) FROM stdin;\n'.repeat(n / 30),
  'INSERT rows of numbers on one line': (n) => 'INSERT INTO t VALUES ' + "(4111111111111111, 'Ab Cd'),".repeat(n / 29),
  'session keys without an id': (n) => 'session:sess:pwreset:'.repeat(n / 21),
  'Markdown rules without a header': (n) => '|---|---|\n'.repeat(n / 10),
  'WireGuard keys on one line': (n) => `${'A'.repeat(43)}=\t`.repeat(n / 45),
  'tcpdump arrows without addresses': (n) => 'IP 1.2.3.4.5 > '.repeat(n / 15),
  'Hibernate binds without a statement': (n) => 'binding parameter [1] as [VARCHAR] - [x]\n'.repeat(n / 42),
  'Hibernate binds under a long statement': (n) =>
    'insert into t (a) values (' +
    '?,'.repeat(n / 4) +
    ')\n' +
    'binding parameter [1] as [VARCHAR] - [x]\n'.repeat(n / 84),
  'Go values without fields': (n) => 'map[' + '{A '.repeat(n / 7) + 'Password:x',
  'alias lines of commas': (n) => 'postmaster: root\nsupport:\t' + 'ab, '.repeat(n / 4),
  'service labels before dots': (n) => '_domainkey.'.repeat(n / 11),
  'TOTP option lines without a secret': (n) => '" RATE_LIMIT 3 30\n'.repeat(n / 17),
  'faillock headers without a login': (n) => 'When  Type  Source  Valid\n'.repeat(n / 26),
  'LDAP filters of logins': (n) => '(uid=ab)'.repeat(n / 8),
  'Nagios contact blocks without an alias': (n) => 'define contact {\n'.repeat(n / 17),
  'rsyncd secrets lines': (n) => 'secrets file = x\n' + 'ab:cd\n'.repeat(n / 6),
  'bare names around krbtgt lines': (n) => 'ab\n'.repeat(n / 6) + 'krbtgt\n'.repeat(n / 14),
  'SSM names without values': (n) => '"Name": "/a/b/c/d/e/f/g/h/DB_USER", "Type": "String", '.repeat(n / 53),
  'Nagios contacts lists on one line': (n) => '  contacts  ' + 'ab,'.repeat(n / 3),
  'settings cells without values': (n) => "(1,'a_token','".repeat(n / 14),
  'tab rows of secret names': (n) => '1\ta_token\t'.repeat(n / 10),
  'guest UPN parts without #EXT#': (n) => 'a_b.c'.repeat(n / 5) + '#EXT#@',
  'displayname lines without a user key': (n) => '    displayname: x\n'.repeat(n / 20),
  'api: blocks without key:': (n) => 'api:\n  site: x\n'.repeat(n / 16),
  'passwd -S lines without numbers': (n) => 'ab L 2023-01-01 0 '.repeat(n / 18),
  'getent lines without a home': (n) => 'ab@c.d:*:1:1:'.repeat(n / 13) + ':/home/',
  'createUser lines without passphrases': (n) => 'createUser a SHA '.repeat(n / 17),
  'snmpwalk flags without values': (n) => 'snmpwalk -c -A -X '.repeat(n / 18),
  'listing headers without rows': (n) => 'ID Username Email\n'.repeat(n / 18),
  'MIB indexes without addresses': (n) => 'IP-MIB::a.1.'.repeat(n / 12),
  'admin lists without an end': (n) => 'X_ADMINS=' + 'ab,'.repeat(n / 3),
  'property elements without values': (n) => '<property name="a.password">'.repeat(n / 28),
  'Jenkins secrets without a brace': (n) => '{AQAAAB' + 'A'.repeat(n),
  'percent escapes on one line': (n) => 'a%20b%3A'.repeat(n / 8),
  'percent-encoded lines': (n) => 'Login%3A a / b%0A\n'.repeat(n / 18),
  'chpasswd keys on one line': (n) => 'chpasswd:'.repeat(n / 9),
  'chpasswd lists without an end': (n) => 'chpasswd:\n  list: |\n' + '    a:b\n'.repeat(n / 8),
  'user settings without a name': (n) => '    groups: x\n'.repeat(n / 15),
  'credential notes without a password': (n) => 'Login: a / \n'.repeat(n / 12),
  'device accounts without settings': (n) => 'username a privilege '.repeat(n / 21),
  'device secret words on one line': (n) => 'set a secret 7 '.repeat(n / 15),
  'snmp hosts without a community': (n) => 'snmp-server host a b '.repeat(n / 21),
  'snmp users without keys': (n) => 'snmp-server user a b auth md5 '.repeat(n / 30) + ' priv',
  'Matrix ids without a server': (n) => '@a:'.repeat(n / 3),
  'voicemail boxes without names': (n) => '1 => 1234,'.repeat(n / 10),
  'register lines without a host': (n) => 'register => a:' + 'b@'.repeat(n / 2),
  'SIP display names without an address': (n) => '"a" '.repeat(n / 4) + '<sip:',
  'HL7 segments without an end': (n) => 'PID|' + '|^~'.repeat(n / 3),
  'HL7 segment ids on every line': (n) => 'PID|a^b\n'.repeat(n / 8),
  'to= values without numbers': (n) => 'to=1 '.repeat(n / 5),
  'service accounts without a backslash': (n) => 'StartName: a'.repeat(n / 12),
  'unattend passwords without a value': (n) => '<Password>' + ' '.repeat(n),
  'registry passwords without a type': (n) => '  aPassword  REG_SZ  \n'.repeat(n / 21),
  'RouterOS names without a password': (n) => 'add name=a '.repeat(n / 11),
  'Groovy credentials without a closing quote': (n) => '  password "' + 'a'.repeat(n),
  'FHIR given arrays without names': (n) => '"given": [' + ' '.repeat(n),
  'FHIR references without a display': (n) => '"reference": "Patient/1", '.repeat(n / 26),
  'prose passwords without a value': (n) => 'password is '.repeat(n / 12),
  'by= values without a login': (n) => ' by=a'.repeat(n / 5),
  'Authorization schemes without credentials': (n) => 'Authorization: ' + 'a '.repeat(n / 2),
  'bot URLs without a token': (n) => '/bot1234567:'.repeat(n / 12),
  'SecureStrings without a closing quote': (n) => "ConvertTo-SecureString -AsPlainText '" + 'a'.repeat(n),
  'unattend groups without a name': (n) => '<Group>a</Group>'.repeat(n / 16),
  'dialled numbers without a context': (n) => ' 1234567@from-'.repeat(n / 14),
  'realm lines without a hash': (n) => 'ManagementRealm\n' + 'a=b\n'.repeat(n / 4),
  'encrypted prefixes without a value': (n) => '{AES256}'.repeat(n / 8),
  'headers over rules of dashes': (n) => 'a b\n- -\n'.repeat(n / 8),
  'PowerShell name parameters without a cmdlet': (n) => ' -GivenName "a"'.repeat(n / 15),
};

function timeOf(text: string): number {
  const xs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    redact(text);
    xs.push(performance.now() - t0);
  }
  return xs.sort((a, b) => a - b)[1]!;
}

describe('Layer 1 is linear on ReDoS shapes', () => {
  redact('warm up the JIT 10.0.0.1 password=x');
  for (const [name, make] of Object.entries(SHAPES)) {
    it(name, async () => {
      // yield to the event loop first: the shapes are synchronous, ~1 s each, and a file that never yields for 60 s
      // misses vitest's worker RPC deadline ("Timeout calling onTaskUpdate")
      await new Promise((resolve) => setImmediate(resolve));
      const small = make(256 * 1024);
      const large = make(1024 * 1024);
      const ts = Math.max(timeOf(small), 2);
      const tl = timeOf(large);
      expect(tl, `256 KiB ${ts.toFixed(1)} ms, 1 MiB ${tl.toFixed(1)} ms`).toBeLessThan(10 * ts);
      expect(tl).toBeLessThan(15_000);
    });
  }
});
