/**
 * Shared types for Layer 1 rules: a rule proposes {@link Candidate} ranges; the engine resolves overlaps.
 * @module
 */

/** Redaction categories (architecture §06 placeholders, plus PERSON/PHONE/CARD/TOKEN from issue 3). */
export type RedactionCategory =
  | 'IP'
  | 'EMAIL'
  | 'APIKEY'
  | 'CONNSTR'
  | 'PRIVKEY'
  | 'JWT'
  | 'AUTH'
  | 'PASSWORD'
  | 'APPKEY'
  | 'DBNAME'
  | 'DBUSER'
  | 'USER'
  | 'HOST'
  | 'PATH'
  | 'PERSON'
  | 'PII'
  | 'CARD'
  | 'PHONE'
  | 'TOKEN'
  | (string & {});

/** A proposed redaction over UTF-16 indexes of the decoded text (end exclusive). */
export interface Candidate {
  start: number;
  end: number;
  category: RedactionCategory;
  rule: string;
  /** Higher wins when candidates overlap. */
  priority: number;
}

/** Something that proposes candidates. `emit` may be called any number of times. */
/**
 * A structural scanner. `keywordEnds`, when given, holds the sorted end offsets of every hit of the scanner's gate
 * keywords (from the engine's keyword pass); a scanner may use it to skip text no match can start in.
 */
export type Scanner = (text: string, emit: (c: Candidate) => void, keywordEnds?: readonly number[]) => void;

/**
 * Every occurrence of the literals `lits` in `text`, as start offsets in ascending order, each paired with the index of
 * its literal in `lits`: `[start0, lit0, start1, lit1, …]`. The literals must be such that no two occurrences can
 * overlap (no literal's suffix is another's prefix, none contains another), so the list is exactly the matches of a
 * global regex alternation of them. Found by `indexOf` per literal: V8's `indexOf` skips text at memchr speed, where an
 * alternation regex tries every position (`/@|%40|\\u0040/g` over 1 MiB of logs: 0.70 ms; three `indexOf` walks:
 * 0.03 ms).
 */
export function literalOccurrences(text: string, lits: readonly string[]): number[] {
  const out: number[] = [];
  const lists: number[][] = [];
  for (const lit of lits) {
    const list: number[] = [];
    for (let i = text.indexOf(lit); i >= 0; i = text.indexOf(lit, i + lit.length)) list.push(i);
    lists.push(list);
  }
  const at = new Array<number>(lists.length).fill(0);
  for (;;) {
    let best = -1;
    for (let k = 0; k < lists.length; k++)
      if (at[k]! < lists[k]!.length && (best < 0 || lists[k]![at[k]!]! < lists[best]![at[best]!]!)) best = k;
    if (best < 0) return out;
    out.push(lists[best]![at[best]!]!, best);
    at[best]!++;
  }
}

/**
 * Whether `ps` printed a system account cut to its column (`systemd+`, `message+`: names longer than the USER column
 * end in `+`, procps ps(1)): some system account starts with what is left.
 */
export function isTruncatedSystemAccount(shown: string): boolean {
  if (!shown.endsWith('+') || shown.length < 2) return false;
  const prefix = shown.slice(0, -1).toLowerCase();
  for (const a of SYSTEM_ACCOUNTS) if (a.startsWith(prefix)) return true;
  return false;
}

/** A placeholder this engine writes: `[IP_REDACTED]`, `[HOST_003]`. Such text is never redacted again. */
/** Invalid password hashes MySQL stores for locked system accounts (MySQL 8.0 reference manual, "Reserved Accounts"). */
export const MYSQL_LOCKED_HASH = /THISISNOTAVALIDPASSWORD|THISISACOMBINATIONOFINVALIDSALTANDPASSWORD/;
/** A run of `x` that a client wrote over a password in its own argv (`mysqldump … -pxxxxxxxxxx` as `ps` shows it). */
export const X_MASK = /^x{6,}$/;

/** A .NET type name as PowerShell prints an object it does not expand (`System.Security.SecureString`). */
export const DOTNET_TYPE_NAME = /^System(?:\.[A-Z][A-Za-z0-9]{1,40}){1,5}$/;

export const PLACEHOLDER_RE = /^\[[A-Z][A-Z0-9]*_(?:REDACTED|FAILED|\d{3,})\]$/;

/** Generic system accounts (corpus README: not labelled) — kept so operators can reason about them. */
export const SYSTEM_ACCOUNTS: ReadonlySet<string> = new Set([
  'root',
  // IIS's built-in anonymous account (`<anonymousAuthentication userName="IUSR" />`, learn.microsoft.com "Understanding
  // built-in user and group accounts in IIS")
  'iusr',
  // Neo4j's built-in administrator (neo4j.com/docs/operations-manual, "the default user neo4j")
  'neo4j',
  // Jitsi Meet's component accounts (jitsi.github.io/handbook: the videobridge, conference focus, SIP and recording
  // gateways log in to Prosody as these)
  'jvb',
  'jicofo',
  'jigasi',
  'jibri',
  'invalid',
  'postgres',
  'www-data',
  'www',
  'admin',
  'administrator',
  'deploy',
  'debian-sys-maint',
  'ubuntu',
  'debian',
  'centos',
  'ec2-user',
  'nobody',
  'mysql',
  'git',
  'daemon',
  'sshd',
  'syslog',
  'messagebus',
  'systemd-network',
  'systemd-resolve',
  'systemd-timesync',
  'redis',
  'nginx',
  'apache',
  'bin',
  'sys',
  'man',
  'mail',
  'news',
  'uucp',
  'proxy',
  'backup',
  // daemons' service users (Debian's varnish `vcache`, sslh, stunnel4, snmpd `Debian-snmp`, pacemaker `hacluster`), the
  // mail senders their configurations name (`keepalived@…`), net-snmp's default internal user, virtual mail's owner
  'keepalived',
  // the user the Dockerfile Rails 7.1+ generates runs as (`useradd rails … && USER 1000:1000`)
  'rails',
  // the service users the ClickHouse, Elasticsearch and OpenSearch packages create (owners in `ls -l` of their dirs)
  'clickhouse',
  // the fixed login of Amazon ECR's registry credentials (`aws ecr get-login-password | docker login -u AWS`)
  'aws',
  'elasticsearch',
  'opensearch',
  'vcache',
  'varnishlog',
  'sslh',
  'stunnel4',
  'debian-snmp',
  'snmp',
  'hacluster',
  'internaluser',
  'vmail',
  // the batch schedulers' service users (Slurm, MUNGE, HTCondor, LSF, PBS) and JupyterHub's
  'munge',
  'slurm',
  'condor',
  'lsfadmin',
  'pbsadmin',
  'jupyterhub',
  // hosting panels' own database logins (DirectAdmin `da_admin`, ISPConfig `ispconfig`) and the label cPanel's UAPI
  // prints as the login of a cPanel account's own mailbox (`login: Main Account`)
  // data-pipeline tools' stock database logins (Airbyte's `airbyte`, Debezium's `debezium`, Temporal's `temporal`)
  'airbyte',
  'debezium',
  'temporal',
  'da_admin',
  'ispconfig',
  'main account',
  // the backup daemons' service users and default catalog logins (Debian's bacula-common, bareos-common)
  'bacula',
  'bareos',
  'list',
  'irc',
  'gnats',
  '_apt',
  'default',
  'elastic',
  'kibana',
  // Elasticsearch built-in users (elastic.co/guide/en/elasticsearch/reference/current/built-in-users.html)
  'kibana_system',
  'logstash_system',
  'beats_system',
  'apm_system',
  'remote_monitoring_user',
  // the fixed user names of token logins: PyPI `__token__`, GitHub `x-access-token` and `x-oauth-basic`, GitLab
  // `oauth2`, Google registries `oauth2accesstoken`, `_json_key` and `_dcgcloud_token`, and `token`
  '__token__',
  'token',
  'x-access-token',
  'x-oauth-basic',
  'x-token-auth',
  'oauth2',
  'oauth2accesstoken',
  '_json_key',
  '_json_key_base64',
  '_dcgcloud_token',
  // the stock user of Jupyter Docker Stacks images (/home/jovyan)
  'jovyan',
  'grafana',
  'prometheus',
  'alertmanager',
  'amtool',
  // the daemons of telephony and chat servers
  'asterisk',
  'freeswitch',
  'kamailio',
  'opensips',
  'ejabberd',
  'prosody',
  'turnserver',
  'coturn',
  'synapse',
  'matrix-synapse',
  'matrix',
  'mattermost',
  'rocketchat',
  'zulip',
  // chat bots run under their own name (`User=hubot` in the unit, hubot.github.com; errbot.io)
  'hubot',
  'errbot',
  // the service users an OpenStack deployment creates for its own services (docs.openstack.org install guides), and
  // the build user of Packer images
  'nova',
  'glance',
  'cinder',
  'neutron',
  'placement',
  'keystone',
  'swift',
  'heat',
  'octavia',
  'barbican',
  'designate',
  'manila',
  'ironic',
  'magnum',
  'aodh',
  'gnocchi',
  'ceilometer',
  'packer',
  'node_exporter',
  'jenkins',
  'gitlab-runner',
  'docker',
  'mongodb',
  'systemd-coredump',
  'systemd-oom',
  'polkitd',
  'avahi',
  'colord',
  'tss',
  'uuidd',
  'tcpdump',
  'landscape',
  'fwupd-refresh',
  'usbmux',
  'dnsmasq',
  'chrony',
  '_chrony',
  'ntp',
  'postfix',
  'dovecot',
  'bind',
  'named',
  'caddy',
  'minio',
  'odoo',
  'node',
  // the account Spring Boot's container guide creates (spring.io/guides/topicals/spring-boot-docker: `adduser spring`)
  'spring',
  'rabbitmq',
  'memcache',
  'zabbix',
  'nagios',
  'ntp',
  'chrony',
  'polkitd',
  'dbus',
  'avahi',
  'colord',
  'pulse',
  'rtkit',
  'tss',
  'uuidd',
  'tcpdump',
  'landscape',
  'pollinate',
  'lxd',
  'usbmux',
  'fwupd-refresh',
  'kernoops',
  'whoopsie',
  'speech-dispatcher',
  'cups-pk-helper',
  'saned',
  'hplip',
  'geoclue',
  'gdm',
  'sddm',
  'lightdm',
  'postfix',
  'dovecot',
  'bind',
  'named',
  'unbound',
  'dnsmasq',
  'haproxy',
  'varnish',
  'squid',
  'tomcat',
  // the sample users of Tomcat's tomcat-users.xml (`both`, `role1`) and the install owners of Oracle, WebLogic,
  // WebSphere, JBoss and DB2 (`oracle:oinstall`, docs.oracle.com "Creating Required Operating System Groups and Users")
  'both',
  'role1',
  'role2',
  'role3',
  'oracle',
  'oinstall',
  'dba',
  'oper',
  'asmadmin',
  'grid',
  'weblogic',
  'wasadmin',
  'jboss',
  'wildfly',
  'db2inst1',
  // Informix's server owner and SAP ASE's built-in logins (`sa`, and `probe` for two-phase commit)
  'informix',
  'sa',
  'probe',
  // the accounts an Oracle database creates for itself (DBA_USERS.ORACLE_MAINTAINED = 'Y')
  'anonymous',
  'appqossys',
  'audsys',
  'ctxsys',
  'dbsfwuser',
  'dbsnmp',
  'dip',
  'dvf',
  'dvsys',
  'ggsys',
  'gsmadmin_internal',
  'gsmcatuser',
  'gsmrootuser',
  'gsmuser',
  'lbacsys',
  'mddata',
  'mdsys',
  'ojvmsys',
  'olapsys',
  'oracle_ocm',
  'orddata',
  'ordplugins',
  'ords_metadata',
  'ords_public_user',
  'ordsys',
  'outln',
  'remote_scheduler_agent',
  'si_informtn_schema',
  'sys$umf',
  'sysbackup',
  'sysdg',
  'syskm',
  'sysrac',
  'wmsys',
  'xdb',
  'xs$null',
  'pdbadmin',
  'db2fenc1',
  'dasusr1',
  'jetty',
  'solr',
  'cassandra',
  'kafka',
  'zookeeper',
  'hadoop',
  'hdfs',
  'yarn',
  'spark',
  'hive',
  'couchdb',
  'influxdb',
  'telegraf',
  'consul',
  'vault',
  'nomad',
  'etcd',
  'containerd',
  'snap_daemon',
  'systemd-journal',
  'systemd-coredump',
  'statd',
  'ftp',
  'sftp',
  'operator',
  'games',
  'halt',
  'shutdown',
  'sync',
  'lp',
  'adm',
  // accounts Debian, Ubuntu and RHEL packages create (passwd and group files of stock installs, package postinst
  // scripts), and the default logins of cloud and Vagrant images
  'clamav',
  'amavis',
  'debian-exim',
  'libvirt-qemu',
  'libvirt-dnsmasq',
  'nvidia-persistenced',
  'pipewire',
  'rpc',
  'rpcuser',
  'dhcpcd',
  'gnome-initial-setup',
  'gnome-remote-desktop',
  'nm-openvpn',
  'openldap',
  'dovenull',
  'opendkim',
  'sssd',
  'mysql.session',
  'mysql.sys',
  'mysql.infoschema',
  'mariadb.sys',
  'vagrant',
  'almalinux',
  'rocky',
  'centos',
  'fedora',
  'debian',
  'opc',
  'azureuser',
  // MySQL's event scheduler, replication and pre-login threads in SHOW PROCESSLIST; Laravel Forge, Sail and Homestead default logins; the
  // default kubeconfig users of kind, minikube, kubeadm, Docker Desktop and MicroK8s
  'event_scheduler',
  'system user',
  'unauthenticated user',
  'forge',
  'sail',
  'homestead',
  'kind-kind',
  'minikube',
  'kubernetes-admin',
  'docker-desktop',
  'microk8s',
  // the Debian group that may read TLS private keys (ssl-cert package), Celery's default worker node name
  // (`celery@web01`), GitLab CI's fixed registry login (`CI_REGISTRY_USER=gitlab-ci-token`)
  'ssl-cert',
  'celery',
  'gitlab-ci-token',
  // the service accounts the PgBouncer, Logstash, Keepalived and Fluentd packages create (Debian pgbouncer, logstash
  // and td-agent packages; keepalived's default script user)
  'pgbouncer',
  'logstash',
  'keepalived_script',
  'fluentd',
  'td-agent',
  // the backup tools' service accounts (restic and Borg packaging, their systemd units' `User=`)
  'restic',
  'borg',
  // phpMyAdmin's control user as Debian's package configures it
  'phpmyadmin',
  'pma',
  // the static groups of Debian's base-passwd (/usr/share/base-passwd/group.master) and the groups of base packages
  // (cron's `crontab`, `netdev`, CUPS `lpadmin`, Samba `sambashare`, systemd `kvm`, `render`, `input`) and RHEL's `wheel`:
  // `ls -l` prints them in the group column
  'tty',
  'disk',
  'kmem',
  'dialout',
  'fax',
  'voice',
  'cdrom',
  'floppy',
  'tape',
  'sudo',
  'audio',
  'dip',
  'src',
  'shadow',
  'utmp',
  'video',
  'sasl',
  'plugdev',
  'staff',
  'nogroup',
  'crontab',
  'netdev',
  'lpadmin',
  'sambashare',
  'kvm',
  'render',
  'input',
  'wheel',
  // self-hosted applications' own database and service accounts, named after the application as their documentation's
  // sample configurations and packages create them: the name says which software, not which person or customer
  'authelia',
  'authentik',
  'keycloak',
  'gitea',
  'forgejo',
  'nextcloud',
  'mattermost',
  'sonarqube',
  'sonar',
  'nexus',
  'artifactory',
  'harbor',
  'sentry',
  'airflow',
  'superset',
  'metabase',
  'mlflow',
  'netdata',
  'icinga',
  'graylog',
  'wazuh',
  'matomo',
  'redmine',
  'moodle',
  'dex',
  // Windows built-in and service accounts (Microsoft "Local Accounts", "Service accounts"; Active Directory's KDC
  // account krbtgt)
  'krbtgt',
  'localsystem',
  'localservice',
  'networkservice',
  'defaultaccount',
  'wdagutilityaccount',
  'guest',
]);

/**
 * System users named by a pattern: Nix's build users (`nixbld1` … `nixbld32`), created by every multi-user Nix
 * install; Windows' per-session virtual accounts of the Desktop Window Manager and the font driver host
 * (`Window Manager\\DWM-1`, `Font Driver Host\\UMFD-0`); and the `<sid>adm` user an SAP system's installer creates
 * for its three-character system id (`qasadm`, `hdbadm`; SAP installation guides, "Users and Groups"); and SQL Server's
 * certificate-mapped logins (`##MS_PolicyEventProcessingLogin##`, `##MS_AgentSigningCertificate##`).
 */
const PATTERNED_SYSTEM_USER = /^(?:nixbld\d{1,3}|dwm-\d{1,3}|umfd-\d{1,3}|[a-z][a-z0-9]{2}adm|##ms_[a-z]{1,64}##)$/;

/**
 * kubeconfig user entries that the cloud CLIs name after the cluster, not after a person: `gcloud container clusters
 * get-credentials` (`gke_<project>_<location>_<cluster>`), `aws eks update-kubeconfig` (the cluster ARN) and `az aks
 * get-credentials` (`clusterUser_<group>_<cluster>`, `clusterAdmin_…`). Lower case (matched against the lowered login).
 */
const CLOUD_KUBECONFIG_USER =
  /^(?:gke_[a-z0-9-]{1,63}_[a-z0-9-]{1,63}_[a-z0-9-]{1,63}|arn:aws[a-z-]{0,12}:eks:[a-z0-9-]{1,30}:\d{12}:cluster\/[a-z0-9_.-]{1,100}|cluster(?:user|admin)_[a-z0-9_.()-]{1,90}_[a-z0-9_.-]{1,63})$/;

/**
 * Words that make a login generic when it consists only of them (`replica-user`, `readonly`, `app_api`): such a login
 * names a role, not a person or an organisation.
 */
export const GENERIC_LOGIN_WORDS: ReadonlySet<string> = new Set(
  'user users replica replication readonly readwrite ro rw read write only monitor monitoring health healthcheck check default service app api web backup test guest demo dev stage staging prod production local system sys ops devops ci cd build runner agent nopass apikey smtp mail mailer noreply no reply anonymous anon public'.split(
    ' ',
  ),
);

/**
 * Windows machine and domain names that name no one: the default workgroup, built-in and virtual domains (`NT
 * AUTHORITY`, `BUILTIN`), documentation names (`CONTOSO`, `CORP`), `localhost`, the placeholders Windows prints for
 * none (`-`, `N/A`), and the random names Windows Setup and the EC2 launch agent give a new machine (`WIN-` and 11
 * characters, `DESKTOP-` and 7, `LAPTOP-` and 8, `EC2AMAZ-` and 7). Any case.
 */
const GENERIC_WINDOWS_NAME =
  /^(?:WORKGROUP|DOMAIN|LOCAL|LOCALHOST|CORP|EXAMPLE|CONTOSO|FABRIKAM|ADATUM|MYDOMAIN|TEST|LAB|DEFAULT|NT|NT AUTHORITY|BUILTIN|N\/A|-)$|^(?:WIN-[A-Z0-9]{11}|EC2AMAZ-[A-Z0-9]{7}|DESKTOP-[A-Z0-9]{7}|LAPTOP-[A-Z0-9]{8})$/i;

/** @returns true when `v` is a Windows machine or domain name that names no one ({@link GENERIC_WINDOWS_NAME}). */
export function isGenericWindowsName(v: string): boolean {
  return GENERIC_WINDOWS_NAME.test(v);
}

/** @returns true when `v` is a generic system account, a login made of generic role words, or not a login at all. */
export function isSystemAccount(v: string): boolean {
  const low = v.toLowerCase();
  if (
    SYSTEM_ACCOUNTS.has(low) ||
    NOT_A_LOGIN.has(low) ||
    allDigits(low, 0, low.length) ||
    PATTERNED_SYSTEM_USER.test(low) ||
    CLOUD_KUBECONFIG_USER.test(low)
  )
    return true;
  // every part between runs of `-`, `_` and `.` is a generic word or a one- or two-digit number (one pass, a slice per part: this runs
  // for every user candidate, thousands per MiB of auth logs)
  let parts = 0;
  for (let i = 0; i < low.length;) {
    if (isLoginSeparator(low.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < low.length && !isLoginSeparator(low.charCodeAt(j))) j++;
    // a number of three or more digits numbers one account among many (`readonly_468`, `replica_8304`): not a role
    if (allDigits(low, i, j) ? j - i >= 3 : !GENERIC_LOGIN_WORDS.has(low.slice(i, j))) return false;
    parts++;
    i = j;
  }
  return parts > 0;
}

/** Values in a login's place that are not logins: null-likes and booleans (`validate_password.check_user_name = ON`). */
const NOT_A_LOGIN: ReadonlySet<string> = new Set([
  'true',
  'false',
  'null',
  'none',
  'nil',
  '-',
  'on',
  'off',
  'yes',
  'no',
  'enabled',
  'disabled',
  // PAM management groups (`pam_unix(systemd-user:session)`, pam.d(5)): `user:session` is no login
  'session',
  'auth',
  'account',
  'password',
  // kubeconfig auth-provider names (`auth-provider: name: oidc`)
  'oidc',
  // OpenLDAP's DN of a local SASL EXTERNAL client (`gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth`)
  'peercred',
  'external',
  // the user name Git Credential Manager and Azure DevOps store with a personal access token (`cmdkey /list`:
  // `User: PersonalAccessToken`)
  'personalaccesstoken',
  // pg_hba.conf user keywords (postgresql.org/docs/current/auth-pg-hba-conf.html), also as the pg_hba_file_rules
  // view prints them (`{all}`)
  'all',
  '{all}',
  'sameuser',
  'samerole',
  '{sameuser}',
  '{samerole}',
  // directory attribute names where a login would be (Dex and Authelia LDAP connectors: `username: userPrincipalName`,
  // `emailAttr: mail`; RFC 4519 and Active Directory schema names)
  // the placeholder login of Mailchimp's API (`--user anystring:<key>`, mailchimp.com/developer: "any string")
  'anystring',
  // utmp's pseudo-users (`last`, osquery `logged_in_users`: getty's `LOGIN` record, `reboot`, `runlevel`)
  'login',
  'reboot',
  'runlevel',
  'shutdown',
  'userprincipalname',
  'samaccountname',
  'distinguishedname',
  'objectguid',
  'givenname',
  'displayname',
  'preferred_username',
]);
/** `-`, `.` or `_`. */
const isLoginSeparator = (c: number): boolean => c === 45 || c === 46 || c === 95;

/** Whether `s[a..b)` is non-empty and all ASCII digits (`/^\d+$/`). */
function allDigits(s: string, a: number, b: number): boolean {
  if (a >= b) return false;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Start of the line holding index `i`, looking back at most `max` characters (so a 1 MiB line without newlines costs
 * `max`, not 1 MiB, per call). @returns the index after the newline, or `i - max` when none was found.
 */
export function lineStartWithin(text: string, i: number, max: number): number {
  let j = i;
  const stop = Math.max(0, i - max);
  while (j > stop && text.charCodeAt(j - 1) !== 10) j--;
  return j;
}

/** Compiled once for {@link grepLinePrefixStart}: a regex literal in a function allocates 57 bytes per evaluation. */
const WHITESPACE = /\s/;

/**
 * Where a `grep` line prefix ending with the separator at `sep` starts: `74` (`grep -n`: `74:` a match, `74-` its
 * context) or `path:74` at a line's start (one to seven digits; a path without blanks), or a path alone (`grep -H`:
 * `/usr/local/directadmin/data/users/jdoe/user.conf:username=jdoe`, the path starting with `/` or `.`); null when there
 * is none.
 */
export function grepLinePrefixStart(text: string, sep: number): number | null {
  let d = sep;
  while (d > 0 && sep - d < 7 && text.charCodeAt(d - 1) >= 48 && text.charCodeAt(d - 1) <= 57) d--;
  if (d === sep) {
    if (text[sep] !== ':') return null;
    let f = sep;
    while (f > 0 && sep - f < 200 && !WHITESPACE.test(text[f - 1]!)) f--;
    const path = text.slice(f, sep);
    return (f === 0 || text[f - 1] === '\n') && /^\.{0,2}\/[^:]*\/[^:]*$/.test(path) ? f : null;
  }
  if (d === 0 || text[d - 1] === '\n') return d;
  if (text[d - 1] !== ':' && text[d - 1] !== '-') return null;
  // `fe80::1:` is an IPv6 address and a colon, not the path `fe80:` and line 1
  if (text[d - 2] === ':') return null;
  let f = d - 1;
  while (f > 0 && d - 1 - f < 200 && !/\s/.test(text[f - 1]!)) f--;
  return f < d - 1 && (f === 0 || text[f - 1] === '\n') ? f : null;
}

/**
 * Where the line starting at `pos` ends: `end` before its `\r\n` or `\n` (or the text's end), `next` the start of the
 * following line (`text.length + 1` after the last line, so `next > text.length` ends a walk).
 */
export function lineEndsAt(text: string, pos: number): { end: number; next: number } {
  let nl = text.indexOf('\n', pos);
  if (nl < 0) nl = text.length;
  return { end: nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, next: nl + 1 };
}

/**
 * The line before the one starting at `ls` (> 0): [start, end) without its line break, the start at most `reach`
 * characters back.
 */
export function previousLine(text: string, ls: number, reach: number): [number, number] {
  const end = text.charCodeAt(ls - 2) === 13 ? ls - 2 : ls - 1;
  return [lineStartWithin(text, end - 1, reach), end];
}

/** The line terminators of ECMAScript (spec §12.3): where a multiline `^` may match. */
const LINE_TERMINATORS = ['\n', '\r', '\u2028', '\u2029'];

/**
 * The offsets where `^` of a multiline (`m`) regex can match in `text`, 0 and every index after a line terminator,
 * ascending, keeping only those whose unit is in `first` (index `text.length` is never kept). A multiline `^` defeats
 * V8's literal search, so `/^[-d][rwx-]{9}/m` tries every position (1.0 ms per MiB of logs); this walks the newlines
 * with `indexOf` (~0.15 ms) and lets the caller try its pattern sticky at the few starts left.
 */
export function lineStartsWhere(text: string, first: CharTable): number[] {
  const out: number[] = [];
  const keep = (p: number): void => {
    const c = text.charCodeAt(p);
    if (c < 128 && first[c] === 1) out.push(p);
  };
  keep(0);
  if (text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) {
    const occ = literalOccurrences(text, LINE_TERMINATORS);
    for (let q = 0; q < occ.length; q += 2) keep(occ[q]! + 1);
  } else for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) keep(i + 1);
  return out;
}

/** An ASCII character class as a lookup table by UTF-16 code (faster than RegExp#test per character). */
export type CharTable = Uint8Array;

/**
 * Builds a {@link CharTable}.
 * @param chars the class as in a RegExp bracket, without escapes: single ASCII characters and `a-z` ranges; a `-`
 *   stands for itself only first or last.
 * @throws Error on a backwards range or a non-ASCII character.
 */
export function charTable(chars: string): CharTable {
  const t = new Uint8Array(128);
  for (const range of chars.match(/.-.|./gs) ?? []) {
    const a = range.charCodeAt(0);
    const b = range.length === 3 ? range.charCodeAt(2) : a;
    if (b < a || b > 127) throw new Error(`charTable: bad range or non-ASCII character in ${JSON.stringify(range)}`);
    for (let c = a; c <= b; c++) t[c] = 1;
  }
  return t;
}

/** A–Z a–z 0–9 `.` `-`: the characters of a host name (and of an e-mail domain). */
export const HOST_CHARS = charTable('A-Za-z0-9.-');

/** A–Z a–z 0–9 `_`: ASCII word characters (RegExp `\w` without the `u` flag). */
export const WORD_CHARS = charTable('A-Za-z0-9_');

/** True when `a` goes after `b` in {@link sortByStart} order: later start, or the same start and shorter. */
function startsAfter(a: Candidate, b: Candidate): boolean {
  return a.start > b.start || (a.start === b.start && a.end < b.end);
}

/**
 * Stable sort by start, longer first on equal starts (`(a, b) => a.start - b.start || b.end - a.end`), as a natural
 * merge sort: every rule emits in text order, so the array is a few dozen ascending runs, merged pairwise with the
 * comparison inline. `Array#sort` called a comparator ~750 times for the 110 candidates of a 4 KiB config payload
 * (9.5 µs, measured); this merges them in ~2 µs. Stability keeps full ties in emit order, as before.
 */
export function sortByStart(a: Candidate[]): void {
  const n = a.length;
  if (n < 2) return;
  // run boundaries: bounds[k] is the start of run k; the last entry is n
  const bounds: number[] = [0];
  for (let i = 1; i < n; i++) if (startsAfter(a[i - 1]!, a[i]!)) bounds.push(i);
  if (bounds.length === 1) return;
  bounds.push(n);
  let src = a;
  let dst = new Array<Candidate>(n);
  let runs = bounds;
  while (runs.length > 2) {
    const next: number[] = [];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const lo = runs[r]!;
      const mid = runs[r + 1]!;
      const hi = r + 2 < runs.length ? runs[r + 2]! : mid;
      next.push(lo);
      let i = lo;
      let j = mid;
      let o = lo;
      // stable: on a tie the left run's element goes first
      while (i < mid && j < hi) dst[o++] = startsAfter(src[i]!, src[j]!) ? src[j++]! : src[i++]!;
      while (i < mid) dst[o++] = src[i++]!;
      while (j < hi) dst[o++] = src[j++]!;
    }
    next.push(n);
    runs = next;
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== a) for (let i = 0; i < n; i++) a[i] = src[i]!;
}

/**
 * A date (`2025-05-07`, `07.05.2025`, also `03.11.2026 09:00` with a time after it) or a dotted quad: digit groups that
 * are no phone number. A day-first date with a two-digit year only as a whole: `06-12-34-56-78` is a French number.
 */
export const DATE_OR_DOTTED_QUAD =
  /^\d{4}[-./]\d{1,2}[-./]\d{1,2}|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$|^\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}(?!\d)|^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The characters a written phone number is made of: an optional `+` or `(`, then digits, spaces, `().-/`. */
const PHONE_CHARS = /^[+(]?\d[\d ()./-]{5,28}$/;

/**
 * True when `v` is, as a whole, a phone number as people write it: phone characters only, 7–15 digits (E.164 allows
 * at most 15), and not a date or dotted quad. For values whose place already says "phone" or "person's row".
 */
export function isWrittenPhoneNumber(v: string): boolean {
  if (!PHONE_CHARS.test(v)) return false;
  let digits = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits >= 7 && digits <= 15 && !DATE_OR_DOTTED_QUAD.test(v);
}

/**
 * {@link isWrittenPhoneNumber} with a sign of dialling: a `+` or `(` or trunk `0` in front, or separators between digit
 * groups. For places that do not say "phone": a bare run of digits there is a timestamp, a size or an id.
 */
export function looksDialled(v: string): boolean {
  return isWrittenPhoneNumber(v) && (/^[+(0]/.test(v) || /\d[ ./-]\d/.test(v));
}

/**
 * A mask other software already printed in a secret's place (Rails `filter_parameters` `[FILTERED]`, log scrubbers'
 * `[REDACTED]`, Redis 7 MONITOR's `(redacted)`, `<hidden>`, Terraform's `<sensitive>`, asterisks): nothing left to redact. Test values of at most 12 characters, quotes removed.
 */
export const FOREIGN_MASK =
  /^(?:\[(?:filtered|redacted|masked|hidden|secret|protected)\]|\((?:redacted|filtered|hidden)\)|redacted|filtered|<(?:filtered|redacted|masked|hidden|sensitive|set|not set)>|\*{3,}|•{3,}|x{6,}|\*SENSITIVE\*DATA\*DELETED\*)$/i;

/**
 * What tools print in a secret's place: `kubectl describe` (`<set to the key 'x' in secret 'y'>`, `18 bytes` in
 * `describe secret`), Terraform (`(sensitive value)`, `(sensitive)`), Prometheus and Alertmanager (`<secret>`, also
 * JSON-escaped as `\u003csecret\u003e`: prometheus/common `config.Secret`), npm (`npm config list`: `(protected)`), and
 * template references (`{{ .Values.x }}`, Jinja calls as dbt and Ansible write them: `{{ env_var('DB_PASSWORD') }}`,
 * `${var.x}`).
 */
export const PRINTED_IN_PLACE =
  /^(?:<set to the key |\(protected\)?$|\(sensitive(?: value)?\)$|<secret>$|\\u003csecret\\u003e$|\d{1,9} bytes$|\{\{[ \t]*[.$]?[A-Za-z_][\w.]*[ \t]*\}\}$|["']?\{\{[ \t]*[A-Za-z_][\w.]*\([^{}\n]{0,200}\}\}["']?$|\$\{[A-Za-z_][\w.]*\}$)/;

/** A template reference inside a value (`system:node:{{EC2PrivateDNSName}}`, `${DB_USER}`): the value names no account. */
export const TEMPLATE_REF =
  /\{\{[ \t]*[.$]?[A-Za-z_][\w.]*[ \t]*\}\}|\{\{[ \t]*[A-Za-z_][\w.]*\([^{}\n]{0,200}\}\}|\$\{[A-Za-z_][\w.]*\}/;

/** Hash and password-storage scheme names: what a `hash:` or `password_hash:` setting names, not a secret. */
export const HASH_SCHEME_NAME =
  /^(?:md5|sha1|sha224|sha256|sha384|sha512|sha3-256|blake2b?|blake3|md5-dos2unix|bcrypt|scrypt|argon2(?:id|i|d)?|pbkdf2(?:_sha256|_sha512)?|crc32c?|xxhash)$/i;

/**
 * Values that are no secret whatever their key says: booleans and nulls (`lock_passwd: false`), empty markers, the
 * `changeme` default, and runs of one filler character.
 */
export const BOOLEAN_LIKE =
  /^(?:true|false|null|none|nil|yes|no|on|off|set|unset|undefined|empty|changeme|redacted|data\+omitted|\*+|x+|z{3,}|-+|\.+)$/i;

/**
 * A Bitnami SealedSecret value (github.com/bitnami-labs/sealed-secrets): base64 of a 2-byte length 0x0200 (`AgA`…`AgD`)
 * then an RSA-wrapped session key and the AES-GCM ciphertext, hundreds of characters. Encrypted for the cluster's
 * controller, it can be published (the project's purpose), so it is not redacted as a password.
 */
export function isSealedSecretValue(v: string): boolean {
  return v.length >= 340 && /^Ag[A-D][A-Za-z0-9+/]+={0,2}$/.test(v);
}

/** Luhn check (ISO/IEC 7812-1). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
