import { describe, expect, it } from 'vitest';
import { createPseudonymTable, redact } from '..';
import { charTable } from '../candidates';

// Architecture document section 06, "Raw input from SSH session (cat /var/www/app/.env)" (STRIPE_SECRET completed
// to a full-length key; the document truncates it with "...").
const RAW = `APP_NAME=CustomerPortal
APP_ENV=production
APP_KEY=base64:k8JfVz3mN9xWqL2pR7tY5uA0cDgHiE1bS4wX6nM8oQ=
DB_CONNECTION=mysql
DB_HOST=192.168.1.50
DB_DATABASE=portal_prod
DB_USERNAME=portal_admin
DB_PASSWORD=X$9kM#vL2@pQwR7n!
MAIL_FROM_ADDRESS=support@customername.com
STRIPE_SECRET=sk_live_51MqR3xY7bN2kP9wQ4zL8mV6tR1cH5jD0fG3sA2eU
`;

// The document's "After Layer 1 (Rule-based)" block.
const AFTER_LAYER_1 = `APP_NAME=CustomerPortal
APP_ENV=production
APP_KEY=[APPKEY_REDACTED]
DB_CONNECTION=mysql
DB_HOST=[IP_REDACTED]
DB_DATABASE=[DBNAME_REDACTED]
DB_USERNAME=[DBUSER_REDACTED]
DB_PASSWORD=[PASSWORD_REDACTED]
MAIL_FROM_ADDRESS=[EMAIL_REDACTED]
STRIPE_SECRET=[APIKEY_REDACTED]
`;

describe('redact (issue 2 minimal rule set)', () => {
  it('turns the section 06 .env into the document’s After Layer 1 block', () => {
    expect(redact(RAW).text).toBe(AFTER_LAYER_1);
  });

  it('reports spans as UTF-8 byte offsets into the input', () => {
    const input = Buffer.from('ünïcødé host 10.1.2.3 ok');
    const { spans } = redact(input);
    expect(spans).toHaveLength(1);
    expect(input.subarray(spans[0]!.start, spans[0]!.end).toString()).toBe('10.1.2.3');
  });

  it('is idempotent', () => {
    const once = redact(RAW).text;
    expect(redact(once).text).toBe(once);
  });

  it('numbers identifiers consistently within a session', () => {
    const t = createPseudonymTable();
    const a = redact(
      'Failed password for anna.k from 203.0.113.7 port 1\nFailed password for anna.k from 203.0.113.7 port 2\n',
      { pseudonyms: t },
    );
    expect(a.text).toBe(
      'Failed password for [USER_001] from [IP_001] port 1\nFailed password for [USER_001] from [IP_001] port 2\n',
    );
    expect(redact('again 203.0.113.7', { pseudonyms: t }).text).toBe('again [IP_001]');
    t.clear();
    expect(t.size).toBe(0);
  });

  it('keeps loopback, times and ordinary config lines', () => {
    const text =
      'bind-address = 127.0.0.1\nNov 21 06:12:43 host sshd[1]: Server listening on 0.0.0.0 port 22.\nlisten 443 ssl http2;\n';
    expect(redact(text).text).toBe(text);
  });

  it('redacts PEM private keys whole, even when cut before the END line', () => {
    const pem =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n';
    expect(redact(pem).text).toBe('[PRIVKEY_REDACTED]\n');
    expect(redact('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA').text).toBe('[PRIVKEY_REDACTED]');
  });

  it('redacts personal columns of a mysqldump INSERT by the CREATE TABLE column list', () => {
    const dump =
      "CREATE TABLE `users` (\n  `id` int NOT NULL,\n  `first_name` varchar(100),\n  `email` varchar(255),\n  `role` varchar(20)\n) ENGINE=InnoDB;\nINSERT INTO `users` VALUES (1,'Anna','anna@x.de','admin'),(2,'Jörg','j@y.de','user');\n";
    const out = redact(dump).text;
    expect(out).toContain(
      "VALUES (1,'[PERSON_REDACTED]','[EMAIL_REDACTED]','admin'),(2,'[PERSON_REDACTED]','[EMAIL_REDACTED]','user');",
    );
  });

  it('fails closed when a rule throws', () => {
    const broken = {
      has: () => {
        throw new Error('boom');
      },
    } as unknown as ReadonlySet<string>;
    const r = redact('DB_PASSWORD=hunter2', { disabledRules: broken });
    expect(r.text).toBe('[REDACTION_FAILED]');
    expect(r.spans).toEqual([
      { start: 0, end: 19, category: 'REDACTION_FAILED', rule: 'fail-closed', placeholder: '[REDACTION_FAILED]' },
    ]);
  });
});

describe('redact (generic structural rules)', () => {
  it.each([
    ['Charge failed for card 4111 1111 1111 1111 (customer 7)', 'Charge failed for card [CARD_REDACTED] (customer 7)'],
    ['card 4111-1111-1111-1112 fails Luhn', 'card 4111-1111-1111-1112 fails Luhn'],
    ['masked ************4242', 'masked ************4242'],
    ["headers={'Authorization': 'Bearer abc.def-ghi_jkl'}", "headers={'Authorization': 'Bearer [TOKEN_REDACTED]'}"],
    [
      'db01.acme.internal:5432:shop:u42_shop:s3cr3t!\n*:*:*:u43_shop:x:y\\:z\n',
      '[HOST_REDACTED]:5432:shop:[USER_REDACTED]:[PASSWORD_REDACTED]\n*:*:*:[USER_REDACTED]:[PASSWORD_REDACTED]\n',
    ],
    ['user     = orbadmin', 'user     = [USER_REDACTED]'],
    ['user = mysql', 'user = mysql'],
    ['DB_HOST=db-primary.acme-corp.internal', 'DB_HOST=[HOST_REDACTED]'],
    ['SMTP_HOST=smtp.sendgrid.net', 'SMTP_HOST=smtp.sendgrid.net'],
    ['call +49 30 1234 5678 now', 'call [PHONE_REDACTED] now'],
    [
      'LOG_SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX',
      'LOG_SLACK_WEBHOOK_URL=https://hooks.slack.com/services/[TOKEN_REDACTED]',
    ],
  ])('%s', (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });
});

describe('charTable (the ASCII class tables the scanners use)', () => {
  it('takes ranges, single characters, a trailing `-` and line breaks; refuses a backwards range', () => {
    expect(() => charTable('.-\n')).toThrow(/range/);
    const t = charTable('a-c_.\n\r\t-');
    const members = [...t.keys()].filter((c) => t[c] === 1).map((c) => String.fromCharCode(c));
    expect(members.sort()).toEqual(['\t', '\n', '\r', '-', '.', '_', 'a', 'b', 'c'].sort());
  });
});
