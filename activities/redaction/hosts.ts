/**
 * Host-name knowledge for Layer 1: which dotted names are customer host names (redact) and which are public services
 * or file names (keep).
 *
 * Sources: the IANA root zone list via the `tlds` package (MIT, maintained); RFC 6762 appendix G and RFC 8375 for the
 * private-use suffixes (`.local`, `.internal`, `.lan`, `.corp`, `.home.arpa` …); the public-service lists below are
 * ours, chosen so an operator keeps seeing which SaaS endpoints a server talks to.
 * @module
 */

import tldList from 'tlds';

const TLDS: ReadonlySet<string> = new Set(tldList);

/** RFC 6762 appendix G / RFC 8375 / de-facto private suffixes: names under them are always internal. */
const PRIVATE_SUFFIXES: ReadonlySet<string> = new Set([
  'internal',
  'local',
  'lan',
  'corp',
  'intranet',
  'intra',
  'private',
  'localdomain',
  'home',
  'priv',
]);

/** Words that name a variant of a file right before its extension (`gunicorn.conf.py`, `jquery.min.js`). */
const FILE_VARIANT_WORDS: ReadonlySet<string> = new Set([
  'conf',
  'config',
  'local',
  'prod',
  'production',
  'dev',
  'development',
  'staging',
  'test',
  'spec',
  'min',
  'settings',
  'example',
  'sample',
  'dist',
  'default',
  'defaults',
  'base',
  'bak',
  'old',
]);

/**
 * TLDs that are also common file extensions or variant suffixes (`sa.pub`, `application.properties`,
 * `docker-compose.prod` once `.yml` is cut). A two-label name under them (`app.py`, `run.sh`, `notes.md`) is taken for
 * a file; three or more labels (`api.shop.pl`) still count as a host, unless a variant word precedes the extension.
 */
const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set([
  'pub',
  'properties',
  'prod',
  'py',
  'sh',
  'pl',
  'md',
  'rs',
  'so',
  'ps',
  'zip',
  'mov',
  'cc',
  'cs',
  'pm',
  'go',
  'sql',
  'gz',
  'xz',
  'log',
  'rb',
  'php',
  'ts',
  'js',
  'run',
  'bin',
  'data',
  'conf',
  'json',
  'yaml',
  'yml',
  'toml',
  'lock',
  'pid',
  'sock',
  'service',
  'timer',
  'socket',
  'mount',
  'target',
  'network',
  'swap',
  'tar',
  'img',
  'iso',
  'deb',
  'rpm',
  'jar',
  'war',
  // Java sources in stack traces without a line number (`(HikariProxyPreparedStatement.java)`)
  'java',
]);

/** TLDs that are also the last word of common field paths (`user.name`, `user.email`, `order.total`). */
const FIELD_TLDS: ReadonlySet<string> = new Set([
  'name',
  'email',
  'id',
  'phone',
  'mobile',
  'host',
  'link',
  'total',
  'login',
  'data',
  // a Kafka topic or queue named `<entity>.events` (`orders.events`)
  'events',
]);

/**
 * First words of such field paths: the objects of application config, ORMs and structured logs, and the resources of
 * metric names (Elasticsearch `_cat` columns `disk.total`, `heap.percent`; `mem.total`).
 */
const OBJECT_WORDS: ReadonlySet<string> = new Set(
  'user users account customer client contact person people member owner author committer admin app application order invoice payment product item request response session auth mail smtp server db database config spring meta event message sender recipient disk mem memory heap cpu swap fs jvm docs store svn employee patient student subscriber transaction address profile lead supplier vendor guest staff body payload form params input args opts options req res ctx'.split(
    ' ',
  ),
);

/**
 * Objects that code reaches members through (`config.vm.network` in a Vagrantfile, `self.`, `this.`, `process.env`):
 * a dotted name starting with one is an expression, not a host name.
 */
const CODE_RECEIVERS: ReadonlySet<string> = new Set([
  'this',
  'self',
  'config',
  'process',
  'window',
  'document',
  // the roots of framework setting names, greped for without their leaf (`grep -n 'xpack.security'
  // elasticsearch.yml`, `spring.security` in Spring Boot's application properties reference)
  'xpack',
  'spring',
  'quarkus',
  'micronaut',
]);

/**
 * Public service domains: names equal to or under these are NOT customer data (corpus README: "Public service hosts
 * (smtp.sendgrid.net, github.com, ...) are not labelled").
 */
const PUBLIC_DOMAINS: readonly string[] = [
  // the MX and relay hosts of large mail operators that Postfix `relay=` lines name (mx00.ionos.de,
  // mta7.am0.yahoodns.net, *.mail.protection.outlook.com, Proofpoint, Mimecast, Amazon SES); documentation short links
  // in library error messages (`https://sqlalche.me/e/20/e3q8`)
  'ionos.de',
  'ionos.com',
  'yahoodns.net',
  'protection.outlook.com',
  'pphosted.com',
  'mimecast.com',
  'messagelabs.com',
  'amazonses.com',
  'secureserver.net',
  'sqlalche.me',
  'pydantic.dev',
  // public test and data services that shell histories and scripts call (`curl https://httpbin.org/get`, NASA
  // Earthdata's login host in `~/.netrc`)
  'httpbin.org',
  'nasa.gov',
  // Ubuntu's login banner (`* Management: https://landscape.canonical.com`)
  'canonical.com',
  // Safaricom's M-Pesa Daraja API (`https://api.safaricom.co.ke/oauth/v1/generate`), called by Kenyan shops' servers
  'safaricom.co.ke',
  // vendor and project sites that stock config files and logs link to (`# https://www.nginx.com/resources/wiki/`,
  // `# https://mariadb.com/kb/…` in the shipped nginx.conf and 50-server.cnf)
  'nginx.com',
  'mariadb.com',
  'mariadb.org',
  'kernel.org',
  'go.dev',
  'golang.org',
  'kubernetes.io',
  'laravel.com',
  'owasp.org',
  'gnu.org',
  'freedesktop.org',
  'openssl.org',
  'openssh.com',
  'libssh.org',
  'redhat.com',
  'fedoraproject.org',
  'centos.org',
  'archlinux.org',
  'rubygems.org',
  'java.com',
  'oracle.com',
  'ibm.com',
  'sap.com',
  'teradata.com',
  'mongodb.com',
  'mongodb.org',
  'syncthing.net',
  'hc-ping.com',
  'healthchecks.io',
  'cassandra.apache.org',
  'spring.io',
  'elastic.co',
  'grafana.com',
  'prometheus.io',
  'hashicorp.com',
  // hosts that stock logs name: rsyslog's HUP banner, NTP pools, Let's Encrypt OCSP, package mirrors, and the contact
  // URLs crawlers put in their user agents (`+http://www.semrush.com/bot.html`)
  'rsyslog.com',
  'ntp.org',
  'lencr.org',
  'alpinelinux.org',
  'pythonhosted.org',
  'semrush.com',
  'bing.com',
  'ahrefs.com',
  'uptimerobot.com',
  'moz.com',
  'bytedance.com',
  'yandex.com',
  'petalsearch.com',
  'majestic12.co.uk',
  'dataforseo.com',
  'localhost',
  'example.com',
  'example.org',
  'example.net',
  'getpostman.com',
  'postman.com',
  'sendgrid.net',
  'sendgrid.com',
  'mailgun.org',
  'mailgun.net',
  'postmarkapp.com',
  'mandrillapp.com',
  'sparkpostmail.com',
  'amazonaws.com',
  'amazon.com',
  // cloud providers' API endpoints (`HCLOUD_ENDPOINT=https://api.hetzner.cloud/v1`, doctl, linode-cli, scw, oci)
  'hetzner.cloud',
  'hetzner.com',
  'digitalocean.com',
  'linode.com',
  'scaleway.com',
  'oraclecloud.com',
  'cloudfront.net',
  'github.com',
  // the code systems of clinical data (FHIR `system` URIs: `http://hl7.org/fhir/sid/us-npi`, `http://loinc.org`)
  'hl7.org',
  'fhir.org',
  'loinc.org',
  'snomed.info',
  'unitsofmeasure.org',
  'nucc.org',
  'cms.gov',
  // the public Matrix federation's key server and clients (Synapse's default `trusted_key_servers`)
  'matrix.org',
  'element.io',
  'vector.im',
  'githubusercontent.com',
  'gitlab.com',
  'bitbucket.org',
  'googleapis.com',
  'google.com',
  'gstatic.com',
  'gmail.com',
  'stripe.com',
  'slack.com',
  'zapier.com',
  'twilio.com',
  'docker.io',
  'docker.com',
  'quay.io',
  'gcr.io',
  'ghcr.io',
  // Google Artifact Registry (`europe-west1-docker.pkg.dev`), Microsoft's and Amazon's public registries
  'pkg.dev',
  'mcr.microsoft.com',
  'public.ecr.aws',
  'k8s.io',
  'debian.org',
  'ubuntu.com',
  'npmjs.org',
  'npmjs.com',
  // package and module registries that credential files name (`.yarnrc.yml`, composer `auth.json`, Terraform
  // `credentials.tfrc.json` and provider addresses)
  'yarnpkg.com',
  'packagist.com',
  'packagist.org',
  'terraform.io',
  'nuget.org',
  'crates.io',
  'aka.ms',
  'min.io',
  'pypi.org',
  'python.org',
  'nodejs.org',
  'microsoft.com',
  'azure.com',
  'windows.net',
  'cloudflare.com',
  'letsencrypt.org',
  // certificate authorities' ACME endpoints and registries' status pages that whois and ACME clients print
  'zerossl.com',
  'buypass.com',
  'sectigo.com',
  'digicert.com',
  'icann.org',
  'iana.org',
  'verisign.com',
  'domrobot.com',
  'openai.com',
  // machine-learning hubs and experiment trackers that ML tooling prints (model hubs, docs, tracking servers' SaaS)
  'huggingface.co',
  'hf.co',
  'wandb.ai',
  'comet.com',
  'comet.ml',
  'kaggle.com',
  'neptune.ai',
  'mlflow.org',
  'ray.io',
  'anyscale.com',
  'pytorch.org',
  'tensorflow.org',
  // infrastructure-as-code registries and API groups (`registry.opentofu.org/hashicorp/aws`, Crossplane's
  // `rds.aws.upbound.io/v1beta1`, `connection.crossplane.io/v1alpha1`) and Java library sites
  'opentofu.org',
  'pulumi.com',
  'upbound.io',
  'crossplane.io',
  'slf4j.org',
  // project documentation that generated config files link to (Django's settings.py header, Rails' guides, OpenVPN's
  // systemd unit `Documentation=`)
  'djangoproject.com',
  // Google's OAuth client ids are `<number>-<id>.apps.googleusercontent.com` (public by design), and ADO.NET is a
  // connection-string key in .NET settings
  'googleusercontent.com',
  'ado.net',
  'rubyonrails.org',
  'openvpn.net',
  'anthropic.com',
  'sentry.io',
  'datadoghq.com',
  'datadoghq.eu',
  'newrelic.com',
  // observability vendors' ingest endpoints and schema URLs that agent and collector configs name (New Relic OTLP,
  // Netdata Cloud, Honeycomb, OpenTelemetry schema URLs, Elastic Cloud, Splunk Cloud, Grafana Cloud's own domain)
  'nr-data.net',
  'netdata.cloud',
  'honeycomb.io',
  'opentelemetry.io',
  'elastic-cloud.com',
  'splunkcloud.com',
  'grafana.com',
  'influxdata.com',
  // alerting services and vendor repositories that stock configs name (Alertmanager receivers, composer `auth.json`
  // for the Magento marketplace, `.npmrc` scopes of Font Awesome Pro)
  'pagerduty.com',
  'telegram.org',
  'anaconda.org',
  'anaconda.com',
  'nuget.org',
  'rubygems.org',
  'discord.com',
  'discordapp.com',
  'mapbox.com',
  'shopify.com',
  'hubapi.com',
  'hubspot.com',
  'zendesk.com',
  'intercom.io',
  'opsgenie.com',
  'magento.com',
  'fontawesome.com',
  'joomla.org',
  'nmap.org',
  // build tools' project hosts in their own messages (`See https://jenkins.io/redirect/…`, `https://help.gradle.org`)
  'jenkins.io',
  'gradle.org',
  'drupal.org',
  // Kubernetes project, chart and operator hosts that manifests and `helm`/`argocd` output name (annotation prefixes
  // such as `cert-manager.io/cluster-issuer`, chart repositories)
  'cert-manager.io',
  'jetstack.io',
  'bitnami.com',
  'traefik.io',
  'argoproj.io',
  'helm.sh',
  'artifacthub.io',
  'kubernetes.github.io',
  'kubernetes-sigs.github.io',
  'prometheus-community.github.io',
  'grafana.github.io',
  'argoproj.github.io',
  'aws.github.io',
  'bitnami-labs.github.io',
  'svc.cluster.local',
  'cluster.local',
  'in-addr.arpa',
  'mozilla.org',
  'apple.com',
  'w3.org',
  'schema.org',
  'gravatar.com',
  'wordpress.org',
  // the vendors of shop, CMS and hosting software, whose sites their configs name (`OPENCART_SERVER`), and the shared
  // SMTP relays of large hosters (`smtp.strato.de`)
  'opencart.com',
  'prestashop.com',
  'moodle.org',
  'nextcloud.com',
  'whmcs.com',
  'mediawiki.org',
  'phpbb.com',
  'shopware.com',
  'woocommerce.com',
  'strato.de',
  // public notification, documentation and storage endpoints (`server: https://ntfy.sh`, borgmatic's help link,
  // Scaleway's S3 endpoints `s3.fr-par.scw.cloud`)
  'ntfy.sh',
  'torsion.org',
  'scw.cloud',
  // payment gateways' API hosts (`IYZICO_BASE_URL=https://api.iyzipay.com`)
  'iyzipay.com',
  'php.net',
  'nginx.org',
  'apache.org',
  'redis.io',
  'mysql.com',
  'postgresql.org',
  'office365.com',
  'outlook.com',
  'office.com',
  'microsoftonline.com',
  'live.com',
  'mailjet.com',
  'sendinblue.com',
  'brevo.com',
  'mailtrap.io',
  'mailchimp.com',
  'mandrillapp.com',
  'zoho.com',
  'zoho.eu',
  'amazonses.com',
  'sparkpostmail.com',
  'smtp2go.com',
  'paypal.com',
  'braintreegateway.com',
  'adyen.com',
  'mollie.com',
  // payment gateways' API and test endpoints (Worldpay XML, Authorize.net, Checkout.com, Square, Razorpay, PayU, GoCardless)
  'worldpay.com',
  'authorize.net',
  'checkout.com',
  'squareup.com',
  'squareupsandbox.com',
  'razorpay.com',
  'payu.com',
  'gocardless.com',
  'sagepay.com',
  'opayo.co.uk',
  'nexi.it',
  // the projects whose tools print their documentation and release-note links (Liquibase's banner, Flyway's `rd.gt`
  // short links, Debezium, Fluentd, Vector, Airbyte, Meltano, Graylog)
  'liquibase.com',
  'liquibase.org',
  'flywaydb.org',
  'rd.gt',
  'red-gate.com',
  'debezium.io',
  'fluentd.org',
  'fluentbit.io',
  'vector.dev',
  'airbyte.com',
  'meltano.com',
  'graylog.org',
  'nexigroup.com',
  'klarna.com',
  'algolia.net',
  'pusher.com',
  'cloudinary.com',
  'vonage.com',
  'nexmo.com',
  'digitaloceanspaces.com',
  'backblazeb2.com',
  'wasabisys.com',
  'hcaptcha.com',
  'recaptcha.net',
  'jsdelivr.net',
  'unpkg.com',
  'cdnjs.cloudflare.com',
  'fonts.googleapis.com',
  'googletagmanager.com',
  'google-analytics.com',
  'doubleclick.net',
  'facebook.com',
  'facebook.net',
  'twitter.com',
  'x.com',
  'linkedin.com',
  'youtube.com',
  'vimeo.com',
  'okta.com',
  'auth0.com',
  'onelogin.com',
  'pagerduty.com',
  'opsgenie.com',
  'atlassian.net',
  'atlassian.com',
  'grafana.net',
  'elastic-cloud.com',
  'cloud.es.io',
  'mongodb.net',
  'redislabs.com',
  'heroku.com',
  'vercel.com',
  'netlify.com',
  'fastly.net',
  'akamaiedge.net',
  'akamai.net',
];

/**
 * Mailbox providers: the domain of an address there says nothing about the customer, so it is not learned as a
 * customer domain (the address itself is still redacted).
 */
const MAIL_PROVIDERS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.jp',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.de',
  'hotmail.com',
  'hotmail.co.uk',
  'outlook.com',
  'live.com',
  'live.nl',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'web.de',
  't-online.de',
  'freenet.de',
  'free.fr',
  'orange.fr',
  'laposte.net',
  'libero.it',
  'virgilio.it',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
  'onet.pl',
  'interia.pl',
  'naver.com',
  'daum.net',
  'qq.com',
  '163.com',
  '126.com',
  'sina.com',
  'yandex.ru',
  'mail.ru',
  'rambler.ru',
  'comcast.net',
  'verizon.net',
  'att.net',
  'bigpond.com',
  'rediffmail.com',
  'zoho.com',
  'fastmail.com',
  'tutanota.com',
  'bluewin.ch',
]);

/** Whether `domain` (lower-case) equals or is under any of `set`: tests the name and each of its dot suffixes. */
function under(domain: string, set: ReadonlySet<string>): boolean {
  let i = 0;
  for (;;) {
    if (set.has(i === 0 ? domain : domain.slice(i))) return true;
    const dot = domain.indexOf('.', i);
    if (dot < 0) return false;
    i = dot + 1;
  }
}

const PUBLIC_DOMAIN_SET: ReadonlySet<string> = new Set(PUBLIC_DOMAINS);

/** @returns true when `domain` is a mailbox provider (its users are people, not the customer). */
export function isMailProvider(domain: string): boolean {
  return MAIL_PROVIDERS.has(domain.toLowerCase());
}

/**
 * @returns true when `label` (any case) is a top-level domain of the IANA root zone, a private-use suffix (`internal`,
 *   `local`, `corp` …) or a reserved one (`test`, `example`): what an e-mail domain must end in (`ttyS0.service`,
 *   `2x.webp` do not).
 */
export function isMailTld(label: string): boolean {
  const t = label.toLowerCase();
  return TLDS.has(t) || PRIVATE_SUFFIXES.has(t) || RESERVED_TLDS.has(t);
}

/** RFC 2606 / RFC 6761 reserved names, used by test and documentation addresses (`canary-…@….canary.test`). */
const RESERVED_TLDS: ReadonlySet<string> = new Set(['test', 'example', 'invalid', 'localhost']);

/** @returns true for public service names that are never redacted. */
export function isPublicServiceHost(name: string): boolean {
  return under(name.toLowerCase(), PUBLIC_DOMAIN_SET);
}

/** The default DNS search domains of Amazon VPCs (docs.aws.amazon.com, DHCP option sets). */
const AWS_SEARCH_DOMAIN = /^(?:ec2\.internal|[a-z]{2}(?:-gov)?-[a-z]+-\d\.compute\.internal)$/i;

/** Compiled once for {@link classifyHostName}: a regex literal in a function allocates 57 bytes per evaluation. */
const HOST_LABEL_WORD = /^[A-Za-z][A-Za-z0-9-]*$/;

/**
 * Classifies a dotted token as a host name.
 * @param name a token of letters, digits, `-` and `.` (no scheme, port or path).
 * @param trusted the context already says it is a host (after `://` or `@`, an e-mail domain): file-extension-like
 *   TLDs (`.pl`, `.sh`, `.md`) then count as TLDs too.
 * @returns `'customer'` for a name to redact, `'public'` for a public service, `null` when it is not a host name
 *   (version numbers, file names, Java packages, addresses).
 */
export function classifyHostName(name: string, trusted = false): 'customer' | 'public' | null {
  // the DNS search domains AWS gives every VPC (`search ec2.internal`, `us-west-2.compute.internal`); the hosts under
  // them (`ip-10-0-0-5.ec2.internal`) still count
  if (AWS_SEARCH_DOMAIN.test(name)) return 'public';
  const lastDot = name.lastIndexOf('.');
  if (lastDot < 0) return null;
  const tld = name.slice(lastDot + 1);
  if (tld.length < 2 || !HOST_LABEL_WORD.test(tld)) return null;
  if (tld !== tld.toLowerCase() && tld !== tld.toUpperCase()) return null; // Java class names: OrderController
  // a constant in code (`logging.INFO`, `Level.WARNING`): a name in capitals after a name in lower case
  if (!trusted && tld !== tld.toLowerCase() && name !== name.toUpperCase()) return null;
  // every label 1–63 characters, not starting or ending with `-`; some label before the TLD has a letter
  let labels = 1;
  let labelStart = 0;
  let letterBeforeTld = false;
  for (let i = 0; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : 46; /* . */
    if (c === 46) {
      const len = i - labelStart;
      if (len === 0 || len > 63 || name.charCodeAt(labelStart) === 45 || name.charCodeAt(i - 1) === 45) return null;
      if (i < name.length) labels++;
      labelStart = i + 1;
    } else if (i < lastDot && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) letterBeforeTld = true;
  }
  if (!letterBeforeTld) return null; // 1.2.3.example-ish numerics
  // a reversed domain: a Java package or logger (`[org.keycloak.events]`, `com.zaxxer.hikari.pool`), not a host
  if (labels >= 3 && !trusted && REVERSED_DNS_ROOT.test(name)) return null;
  const low = name.toLowerCase();
  const t = tld.toLowerCase();
  // a setting's local variant, not a host: Nextcloud's `memcache.local`, `settings.local`
  if (t === 'local' && labels === 2 && !trusted && LOCAL_SETTING_WORDS.has(low.slice(0, lastDot))) return null;
  if (PRIVATE_SUFFIXES.has(t)) return isPublicServiceHost(low) || under(low, MAIL_PROVIDERS) ? 'public' : 'customer';
  if (!TLDS.has(t)) return null;
  // a field path of an object, not a domain: `user.name`, `user.email`, `contact.phone`, `app.host` (git, Spring, ORM
  // and log keys whose last word happens to be a TLD)
  // (also a table's name, singular or plural, or a one-letter alias before its column: `customers.name`, `payments.id`
  // in beeline's headers, `u.email` in SQL)
  if (labels === 2 && !trusted && FIELD_TLDS.has(t)) {
    const object = low.slice(0, lastDot);
    if (
      OBJECT_WORDS.has(object) ||
      (object.endsWith('s') && OBJECT_WORDS.has(object.slice(0, -1))) ||
      (object.endsWith('es') && OBJECT_WORDS.has(object.slice(0, -2))) ||
      object.length === 1
    )
      return null;
  }
  // a member access in code, not a domain: `config.vm.network` (Vagrantfile), `self.request.host`, `this.app.network`
  if (!trusted && CODE_RECEIVERS.has(low.slice(0, low.indexOf('.')))) return null;
  if (FILE_EXTENSION_TLDS.has(t) && !trusted) {
    // a file named with its version (`gradle-8.3-bin.zip`, `node-v20.11.1.tar` once `.gz` is cut)
    if (labels < 3 || /\d\.\d/.test(low)) return null;
    // `gunicorn.conf.py`, `settings.local.py`, `jquery.min.js`: a file's variant word before the extension
    const stem = low.slice(low.lastIndexOf('.', lastDot - 1) + 1, lastDot);
    if (FILE_VARIANT_WORDS.has(stem)) return null;
  }
  // a mailbox provider's domain and servers (`hotmail.com`, `mx1.hotmail.com`) serve everyone: public
  return isPublicServiceHost(low) || under(low, MAIL_PROVIDERS) ? 'public' : 'customer';
}

/** Words of settings with a `.local` variant (Nextcloud `memcache.local`; `settings.local`, `config.local` files). */
const LOCAL_SETTING_WORDS: ReadonlySet<string> = new Set([
  'memcache',
  'cache',
  'settings',
  'config',
  'session',
  'storage',
]);

/** The first label of a reversed domain name as Java packages and loggers use them. */
const REVERSED_DNS_ROOT = /^(?:org|com|net|io|edu|gov)\.[a-z]/;

/**
 * A customer's tenant of an identity or support SaaS, named by its first label and redacted whole (`acme-corp.okta.com`,
 * `acme.auth0.com`, `acme.atlassian.net`, `acme.zendesk.com`, `acme.onelogin.com`, `acme.my.salesforce.com`), and a
 * Microsoft 365 tenant's inbound mail host, named for its domain (`acme-co-uk.mail.protection.outlook.com`, the MX
 * record Exchange Online gives each accepted domain), and a Teams incoming webhook's host (`acme.webhook.office.com`).
 */
const SAAS_TENANT =
  /^(?!(?:www|login|developer|developers|help|support|status|api|id|trust|docs|community|cdn|marketplace|auth|events|app|apps|admin|accounts|partners)\.)([a-z0-9][a-z0-9-]{0,62})\.(?:okta|oktapreview|okta-emea|auth0|[a-z]{2}\.auth0|onelogin|zendesk|freshdesk|freshservice|my\.salesforce|atlassian|jfrog|scm\.azurewebsites|pagerduty|myshopify|service-now|sharepoint|onmicrosoft|mail\.protection\.outlook|mail\.eo\.outlook|webhook\.office)\.(?:com|net|io)$/i;

/**
 * An Elastic Cloud deployment endpoint, named by its first label (the deployment's alias or id):
 * `<alias>.<es|kb|apm|fleet|ent>.<region>.<gcp|aws|azure>.cloud.es.io` and the older `<id>.<region>.<csp>.cloud.es.io`
 * and `<id>.<region>.aws.found.io` (elastic.co/guide/en/cloud, "Custom endpoint aliases").
 */
const ELASTIC_CLOUD_DEPLOYMENT =
  /^([a-z0-9][a-z0-9-]{0,62})\.(?:(?:es|kb|apm|fleet|ent|profiling)\.)?[a-z]{2,12}(?:-[a-z]{2,12})?-?\d{0,2}\.(?:(?:gcp|aws|azure)\.(?:elastic-)?cloud\.es|aws\.found)\.io$/i;

/** A Supabase project ref: 20 lower-case letters. */
const SUPABASE_REF = /^[a-z]{20}$/;

/** An EC2 public DNS name: `ec2-<address with dashes>.<region>.compute.amazonaws.com` (`compute-1` in us-east-1). */
const EC2_PUBLIC_NAME = /^(ec2(?:-\d{1,3}){4})\.(?:[a-z]{2}(?:-gov)?-[a-z]+-\d\.compute|compute-1)\.amazonaws\.com$/i;

/**
 * The identifying part of a cloud endpoint (corpus README: "`<id>-prod.<hash>` in front of
 * `.<region>.rds.amazonaws.com`"). Covers AWS RDS/ElastiCache (also Serverless and cluster-mode `<name>.<id>.ng.0001.<r>`)/
 * Redshift/OpenSearch/MQ, EKS API endpoints (`<id>.gr7.<region>.eks.amazonaws.com`), Azure database
 * and cache endpoints, MongoDB Atlas clusters (`<cluster>.<id>.mongodb.net`), Supabase (`db.<ref>.supabase.co`) and
 * Neon (`ep-….<region>.aws.neon.tech`) endpoints, and API Gateway endpoints (`<api-id>.execute-api.<region>.amazonaws.com`).
 * @returns [start, end) of the customer part within `name`, or null.
 */
export function cloudEndpointCustomerPart(name: string): [number, number] | null {
  // every endpoint below ends in one of these: skip the regex for all other names (first by the last letter, `m`/`t`)
  const last = name.charCodeAt(name.length - 1) | 0x20;
  if (last !== 109 && last !== 116 && last !== 111 && last !== 104) return null;
  // a SaaS tenant's whole host name: the service's suffix after the tenant is the customer's address there, and an
  // Exchange Online MX host spells the customer's domain (`larkspur-legal-es.mail.protection.outlook.com`)
  if (SAAS_TENANT.test(name)) return [0, name.length];
  const deployment = ELASTIC_CLOUD_DEPLOYMENT.exec(name);
  if (deployment) return [0, deployment[1]!.length];
  const tail = name.slice(-13).toLowerCase();
  if (
    !tail.endsWith('amazonaws.com') &&
    !tail.endsWith('azure.com') &&
    !tail.endsWith('windows.net') &&
    !tail.endsWith('.mongodb.net') &&
    !tail.endsWith('.supabase.co') &&
    !tail.endsWith('.neon.tech')
  )
    return null;
  // EC2 public DNS names spell the instance's address (`ec2-203-0-113-25.compute-1.amazonaws.com`, docs.aws.amazon.com
  // "Amazon EC2 instance hostname types"): the `ec2-…` label is redacted as an address would be
  const ec2 = EC2_PUBLIC_NAME.exec(name);
  if (ec2) return [0, ec2[1]!.length];
  const m =
    /^(.+?)\.(?:[a-z]{2}(?:-gov)?-[a-z]+-\d\.(?:rds|cache|redshift|es|mq|docdb|neptune|elb|kafka)\.amazonaws\.com|(?:rds|cache)\.[a-z]{2}-[a-z]+-\d\.amazonaws\.com|serverless\.[a-z]{2,4}\d\.cache\.amazonaws\.com|(?:ng\.\d{4}\.)?[a-z]{2,4}\d\.cache\.amazonaws\.com|[a-z0-9]{2,4}\.[a-z]{2}-[a-z]+-\d\.eks\.amazonaws\.com|execute-api\.[a-z]{2}(?:-gov)?-[a-z]+-\d\.amazonaws\.com|(?:postgres|mysql|mariadb)\.database\.azure\.com|(?:openai|cognitiveservices)\.azure\.com|redis\.cache\.windows\.net|database\.windows\.net|servicebus\.windows\.net|(?:blob|file|queue|table|dfs|web)\.core\.windows\.net|vault\.azure\.net|mongodb\.net|supabase\.co|(?:[a-z]{2}-[a-z]+-\d\.)?(?:aws|azure|gcp)\.neon\.tech)$/i.exec(
      name,
    );
  // a cluster or project id in front of the provider's zone: `cluster0.ab1cd.mongodb.net`, `db.<ref>.supabase.co`
  // (a project's own API host, `<ref>.supabase.co`, is named by its 20-letter project ref)
  if (m && !m[1]!.includes('.') && /(?:mongodb\.net|supabase\.co)$/i.test(name))
    return SUPABASE_REF.test(m[1]!) && /supabase\.co$/i.test(name) ? [0, 20] : null;
  return m ? [0, m[1]!.length] : null;
}
