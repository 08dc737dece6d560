/**
 * Command-aware redaction: the exec activity knows which command produced an output, and some commands exist to print
 * a secret by itself — `aws secretsmanager get-secret-value --query SecretString --output text`, `vault kv get
 * -field=password`, `kubectl get secret … -o jsonpath=… | base64 -d`, `cat /run/secrets/db_password`, `printenv
 * DB_PASSWORD`. Their output is a value alone on a line, with no key for the key/value rules and often no shape for the
 * lone-line rule (`Tango2019!!`, `ledger_svc_pw85`). When the command is one of these, every lone token of its output
 * is redacted. The command is only read here; it is never stored or logged by Layer 1.
 * @module
 */
import type { Candidate } from './candidates';
import { plausibleSecretValue } from './rules';

/** A secret name in an environment variable or a path (`DB_PASSWORD`, `jwt_secret`, `api-key`, `.pgpass`). */
const SECRET_NAME_PART =
  '(?:passw(?:or)?d|passphrase|pass|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credentials?|auth)';

/**
 * A secret name in a file name (`db_password`, `api-token.txt`, `jwt.secret`): narrower than in a variable, because
 * `/etc/passwd`, `.pgpass`, `authorized_keys` and `credentials.toml` are files of many lines, not one secret; and only
 * without an extension or with `.txt`, `.key`, `.pass`, `.secret`, `.token` (`prod.secret.exs` is a config file).
 */
const SECRET_FILE_PART = '(?:password|passphrase|secret|token|api[_-]?key)';

/**
 * Commands whose whole purpose is to print a secret, each with the source of its behaviour. Matched anywhere in the
 * command line, so wrappers (`sudo`, `docker exec … sh -c '…'`, `kubectl exec … --`, `ssh host …`) do not hide them.
 */
const SECRET_PRINTERS: ReadonlyArray<readonly [string, RegExp]> = [
  // docs.aws.amazon.com/cli/latest/reference/configure/get.html
  ['aws configure get', /\baws\s+configure\s+get\s+[\w.]*(?:secret|token|password)/i],
  // secretsmanager get-secret-value / ssm get-parameter(s) printing the value as text or through jq
  [
    'aws secretsmanager',
    /\bget-secret-value\b[^;&|]*(?:--output\s+text|--query\s+['"]?SecretString)|\bget-secret-value\b[^;&]*\|\s*jq\s+-r\b/,
  ],
  [
    'aws ssm',
    /\bssm\s+get-parameters?(?:-by-path)?\b(?=[^;&|]*--with-decryption)(?=[^;&|]*(?:--output\s+text|--query))/,
  ],
  ['aws ecr get-login-password', /\becr(?:-public)?\s+get-login-password\b/],
  ['aws rds auth token', /\brds\s+generate-db-auth-token\b/],
  // cloud.google.com/sdk/gcloud/reference/secrets/versions/access, auth print-access-token
  ['gcloud secrets', /\bgcloud\s+secrets\s+versions\s+access\b/],
  ['gcloud tokens', /\bgcloud\s+auth\s+(?:application-default\s+)?print-(?:access|identity)-token\b/],
  // learn.microsoft.com/cli/azure/keyvault/secret#az-keyvault-secret-show with `--query value -o tsv`
  ['az keyvault', /\baz\s+keyvault\s+secret\s+show\b[^;&|]*(?:-o|--output)\s+tsv\b/],
  ['az tokens', /\baz\s+account\s+get-access-token\b[^;&|]*(?:-o|--output)\s+tsv\b/],
  // developer.hashicorp.com/vault/docs/commands/kv/get (-field prints the value alone)
  ['vault -field', /\bvault\s+(?:kv\s+get|read)\b[^;&|]*\s-field[= ]/],
  ['vault print token', /\bvault\s+print\s+token\b/],
  // developer.hashicorp.com/terraform/cli/commands/output (-raw prints a string output alone)
  ['terraform output -raw', /\bterraform\s+output\s+-raw\b/],
  // 1Password (`op read`, `op item get --fields`), Bitwarden (`bw get password`), pass/gopass
  ['op read', /\bop\s+read\b|\bop\s+item\s+get\b[^;&|]*--fields?\b/],
  ['bw get', /\bbw\s+get\s+(?:password|totp|notes)\b/],
  [
    'pass show',
    /(?:^|[;&|]\s*|\bsudo\s+)(?:gopass|pass)\s+(?:show\s+)?(?!ls\b|init\b|insert\b|generate\b|git\b|rm\b|mv\b|cp\b|edit\b|find\b|grep\b|-)[\w@./-]+/,
  ],
  // Kubernetes Secret data through jsonpath/go-template, and any value decoded from base64
  ['kubectl secret data', /\bkubectl\b[^;&|]*\bget\s+secrets?\b[^;&|]*(?:jsonpath|go-template)/],
  ['base64 -d', /\|\s*base64\s+(?:-d|--decode|-D)\b/],
  // a file that holds one secret (Docker/Kubernetes secret mounts, `*.password`, `api_token`, `.key`, a Zabbix agent's
  // pre-shared key file `zabbix_agentd.psk`)
  [
    'secret file',
    new RegExp(
      `\\b(?:cat|head|tail|more|less|bat|strings)\\b[^;&|]*?(?:/run/secrets/(?!kubernetes\\.io/serviceaccount/(?:namespace|ca\\.crt)\\b)|[\\w-]*${SECRET_FILE_PART}[\\w-]*(?:\\.(?:txt|key|pass|secret|token))?(?=[\\s'"]|$)|\\.(?:key|psk)(?=[\\s'"]|$))`,
      'i',
    ),
  ],
  // a secret environment variable printed by name
  ['secret variable', new RegExp(`\\b(?:echo|printf)\\b[^;&|]*\\$\\{?[A-Z0-9_]*${SECRET_NAME_PART}[A-Z0-9_]*\\b`, 'i')],
  ['printenv', new RegExp(`\\bprintenv\\s+[A-Za-z0-9_]*${SECRET_NAME_PART}`, 'i')],
  ['heroku config:get', /\bheroku\s+config:get\b/],
  // generated secrets (openssl rand, pwgen, apg, /dev/urandom)
  ['generated secret', /\bopenssl\s+rand\b|\bpwgen\b|\bapg\b|\/dev\/u?random\b/],
  // desktop keyrings: macOS `security … -w`, libsecret `secret-tool lookup`, kernel `keyctl print`
  [
    'keyring',
    /\bsecurity\s+find-(?:generic|internet)-password\b[^;&|]*\s-w\b|\bsecret-tool\s+lookup\b|\bkeyctl\s+(?:print|pipe)\b/,
  ],
];

/**
 * The name of the first {@link SECRET_PRINTERS} entry `command` matches, or null.
 * @param command the command line as the exec activity ran it (at most 10,000 bytes: the policy's limit).
 */
export function secretPrintingCommand(command: string): string | null {
  if (command.length > 10_000) return null;
  for (const [name, re] of SECRET_PRINTERS) if (re.test(command)) return name;
  return null;
}

/**
 * What a secret-printing command's output may hold besides the secret: exit codes, booleans, counts, time stamps, and
 * placeholders of an earlier redaction (the engine scans them as runs of `0`).
 */
const NOT_THE_SECRET =
  /^(?:(?:exit|rc|status|code)=\d{1,3}|true|false|null|none|nil|undefined|ok|done|yes|no|-+|=+|\d{1,3}|0+|\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+)?Z?|\[[A-Z]+_(?:REDACTED|\d{3,})\])$/i;

/**
 * Lines of other output that a compound command (`date -u; vault kv get -field=password …; echo "exit=$?"`, `kubectl
 * get secret … -o yaml; kubectl get secret … -o jsonpath=…`) prints beside the secret: assignments (`LOG_LEVEL=debug`),
 * comments, shebangs and XML tags, table borders, mapping keys (`data:`), quoted words (`"AWSCURRENT"`), INI/TOML sections.
 */
const OTHER_OUTPUT = /^(?:[A-Za-z_][\w.-]*=|[#;<]|[-+=|_.:*]+$|[^:]*:$|"[A-Za-z_]+"$|\[[^\]]*\]$)/;

/**
 * Whether a lone token of a secret-printing command's output is the secret: not {@link NOT_THE_SECRET} or {@link
 * OTHER_OUTPUT}, and not a plain word (a digit, a symbol, or mixed case over 8+ characters: `Tango2019!!`,
 * `ledger_svc_pw85`, `falcon-velvet-timber-copper43`; not `version`, `Data`).
 */
function looksLikePrintedSecret(v: string): boolean {
  if (NOT_THE_SECRET.test(v) || OTHER_OUTPUT.test(v) || !plausibleSecretValue(v)) return false;
  return /[^A-Za-z]/.test(v) || (v.length >= 8 && /[a-z]/.test(v) && /[A-Z]/.test(v));
}

/**
 * Emits every line of `text` that holds one token (no blank inside, 4–8,192 characters) when `command` prints secrets
 * ({@link secretPrintingCommand}): category PASSWORD, rule `command-output-secret`. Nothing when it does not.
 */
export function commandOutputSecrets(text: string, command: string, emit: (c: Candidate) => void): void {
  if (!secretPrintingCommand(command)) return;
  const n = text.length;
  for (let a = 0; a < n;) {
    let b = text.indexOf('\n', a);
    if (b < 0) b = n;
    let s = a;
    let e = b;
    while (s < e && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
    while (e > s && (text.charCodeAt(e - 1) === 13 || text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9))
      e--;
    const len = e - s;
    if (len >= 4 && len <= 8192 && !/\s/.test(text.slice(s, e))) {
      const v = text.slice(s, e);
      if (looksLikePrintedSecret(v))
        emit({ start: s, end: e, category: 'PASSWORD', rule: 'command-output-secret', priority: 52 });
    }
    a = b + 1;
  }
}
