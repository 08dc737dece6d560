/**
 * Rows that cloud CLIs print without a key beside each value, so that the key/value rules cannot read them: the AWS
 * CLI's `--output text` and `--output table` (SSM parameter paths, IAM access-key rows, RDS instance rows) and the
 * Azure CLI's `webapp config appsettings list` (JSON and table). Each value gets the category its name or column gives.
 * @module
 */
import type { Scanner } from './candidates';
import { isSystemAccount } from './candidates';
import { emitNamedValue, plausibleSecretValue } from './rules';

/**
 * `aws ssm get-parameters-by-path --query "Parameters[*].[Name,Value]" --output text`: a parameter path, a tab, the
 * value. Groups: 1 the path's last segment (`DB_PASSWORD`, `DB_USER`), 2 the value.
 */
const SSM_PATH_ROW = /^(?:\/[^\t\n/]{1,256}){0,20}\/([^\t\n/]{1,256})\t([^\t\n]{1,4096})$/gm;

/** The value of each SSM path row ({@link SSM_PATH_ROW}) in the category its name gives. */
export const ssmPathRows: Scanner = (text, emit) => {
  if (!text.includes('\t') || (!text.startsWith('/') && !text.includes('\n/'))) return;
  SSM_PATH_ROW.lastIndex = 0;
  for (let m = SSM_PATH_ROW.exec(text); m; m = SSM_PATH_ROW.exec(text)) {
    const a = m.index + m[0].lastIndexOf('\t') + 1;
    const v = m[2]!.trimEnd();
    if (v) emitNamedValue(emit, m[1]!, v, a, 'ssm-path-row');
  }
};

/**
 * An IAM access-key row of `aws iam create-access-key` / `list-access-keys --output text`: `ACCESSKEY` or
 * `ACCESSKEYMETADATA`, tab-separated fields, the status, then the user name (the text output sorts fields by name:
 * AccessKeyId, CreateDate, [SecretAccessKey,] Status, UserName). Group 1 the user name.
 */
const IAM_ACCESS_KEY_ROW = /^ACCESSKEY(?:METADATA)?\t[^\n]{0,2048}\t(?:Active|Inactive|Expired)\t([^\t\n]{1,64})\r?$/gm;

/** The user name at the end of each IAM access-key text row ({@link IAM_ACCESS_KEY_ROW}). */
export const iamAccessKeyRows: Scanner = (text, emit) => {
  IAM_ACCESS_KEY_ROW.lastIndex = 0;
  for (let m = IAM_ACCESS_KEY_ROW.exec(text); m; m = IAM_ACCESS_KEY_ROW.exec(text)) {
    const user = m[1]!.trimEnd();
    if (isSystemAccount(user) || !/^[\w+=,.@-]{1,64}$/.test(user)) continue;
    const a = m.index + m[0].lastIndexOf(m[1]!);
    emit({ start: a, end: a + user.length, category: 'USER', rule: 'iam-access-key-row', priority: 60 });
  }
};

/** A table cell: words apart by single blanks, between `|` borders, tabs or runs of blanks. */
const CELL = /[^|\t ]+(?: [^|\t ]+)*/g;
/** An RDS endpoint cell: `<id>.<hash>.<region>.rds.amazonaws.com`. */
const RDS_ENDPOINT_CELL = /^[a-z][a-z0-9-]{0,62}\.[a-z0-9.-]{1,80}\.rds\.amazonaws\.com$/;
/** A login cell: what RDS accepts as a master user name (1–63 letters, digits, `_`; a letter first). */
const LOGIN_CELL = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
/** Words an RDS row holds beside its endpoint that are no login: engines, statuses, instance classes, booleans. */
const RDS_NOT_LOGIN =
  /^(?:mysql|mariadb|postgres|aurora|aurora-mysql|aurora-postgresql|oracle-\w+|sqlserver-\w+|available|backing-up|creating|deleting|modifying|rebooting|renaming|starting|stopped|stopping|storage-full|upgrading|maintenance|failed|inaccessible-encryption-credentials|True|False|true|false|None|gp2|gp3|io1|io2|standard)$/;

/**
 * The master user name in rows of `aws rds describe-db-instances --query '…[…,Endpoint.Address,Endpoint.Port,
 * MasterUsername]' --output table|text`: the first cell after the endpoint cell (and after its port) when it is a
 * login and not an engine or status word. The CLI prints no column names for such queries; the endpoint is the anchor.
 */
export const rdsRowLogins: Scanner = (text, emit) => {
  for (let i = text.indexOf('.rds.amazonaws.com'); i >= 0; i = text.indexOf('.rds.amazonaws.com', i + 18)) {
    const ls = text.lastIndexOf('\n', i) + 1;
    let le = text.indexOf('\n', i);
    if (le < 0) le = text.length;
    if (le - ls > 4096) continue;
    const line = text.slice(ls, le);
    // cells: between `|` borders, tabs, or runs of two or more blanks
    const cells: Array<{ v: string; at: number }> = [];
    CELL.lastIndex = 0;
    for (let m = CELL.exec(line); m; m = CELL.exec(line)) cells.push({ v: m[0], at: ls + m.index });
    const k = cells.findIndex((c) => RDS_ENDPOINT_CELL.test(c.v.replace(/:\d{2,5}$/, '')));
    if (k < 0 || cells.length < 2) continue;
    let j = k + 1;
    if (cells[j] && /^\d{2,5}$/.test(cells[j]!.v)) j++;
    const cell = cells[j];
    if (!cell || !LOGIN_CELL.test(cell.v) || RDS_NOT_LOGIN.test(cell.v) || isSystemAccount(cell.v)) continue;
    emit({ start: cell.at, end: cell.at + cell.v.length, category: 'USER', rule: 'rds-row-login', priority: 58 });
    // later rows of the same table may repeat the endpoint: move past this line
    i = le - 18;
  }
};

/**
 * `az webapp config appsettings list` as JSON: `"name": "Smtp__Password", "slotSetting": false, "value": "…"`
 * (across lines). Groups: 1 the name, 2 the value (JSON-escaped).
 */
const APPSETTING_JSON =
  /"name"[ \t]{0,4}:[ \t]{0,4}"([^"\\\n]{1,256})",?\s{0,80}"slotSetting"[ \t]{0,4}:[ \t]{0,4}(?:true|false),?\s{0,80}"value"[ \t]{0,4}:[ \t]{0,4}"((?:[^"\\\n]|\\.){1,4096})"/g;
/** The same as a table (`-o table`): `Name  SlotSetting  Value` rows. Groups: 1 the name, 2 the value. */
const APPSETTING_ROW = /^([A-Za-z_][\w.:-]{0,255})[ \t]{2,}(?:False|True)[ \t]{2,}(\S[^\n]{0,4095})$/gm;

/** The values of Azure App Service settings, each in the category its name gives (`Smtp__Password`, `Jwt__SigningKey`). */
export const azureAppSettings: Scanner = (text, emit) => {
  if (text.includes('"slotSetting"')) {
    APPSETTING_JSON.lastIndex = 0;
    for (let m = APPSETTING_JSON.exec(text); m; m = APPSETTING_JSON.exec(text)) {
      const a = m.index + m[0].length - 1 - m[2]!.length;
      emitNamedValue(emit, m[1]!.replace(/__/g, '_'), m[2]!, a, 'azure-app-setting');
    }
  }
  if (/^Name[ \t]+SlotSetting[ \t]+Value[ \t]*\r?$/m.test(text)) {
    APPSETTING_ROW.lastIndex = 0;
    for (let m = APPSETTING_ROW.exec(text); m; m = APPSETTING_ROW.exec(text)) {
      const v = m[2]!.trimEnd();
      const a = m.index + m[0].length - m[2]!.length;
      if (v) emitNamedValue(emit, m[1]!.replace(/__/g, '_'), v, a, 'azure-app-setting');
    }
  }
};

/** A `result` attribute line in `terraform state show` output: group 1 the quoted value (HCL-escaped). */
const RESULT_LINE = /^[ \t]*result[ \t]*=[ \t]*"((?:[^"\\\n]|\\.){1,1024})"/my;

/**
 * The generated value of a Terraform `random_password` or `random_string` resource in `terraform state show` output:
 * its `result` line, up to the line that closes the block (the provider marks it sensitive, but `state show` prints it;
 * registry.terraform.io/providers/hashicorp/random/latest/docs/resources/password). Each block is read once, forward.
 */
export const terraformRandomResults: Scanner = (text, emit) => {
  for (const head of ['resource "random_password"', 'resource "random_string"']) {
    // lines already read for an earlier block are not read again (heads inside a block that never closes)
    let readTo = 0;
    for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + head.length)) {
      const stop = Math.min(text.length, at + 8000);
      let ls = Math.max(text.indexOf('\n', at) + 1, readTo);
      for (; ls > 0 && ls < stop; ls = text.indexOf('\n', ls) + 1) {
        if (text.charCodeAt(ls) === 125 /* } */) break;
        RESULT_LINE.lastIndex = ls;
        const m = RESULT_LINE.exec(text);
        if (m && plausibleSecretValue(m[1]!)) {
          const a = ls + m[0].length - 1 - m[1]!.length;
          emit({
            start: a,
            end: a + m[1]!.length,
            category: 'PASSWORD',
            rule: 'terraform-random-result',
            priority: 76,
          });
        }
      }
      readTo = ls > 0 ? ls : text.length;
    }
  }
};
