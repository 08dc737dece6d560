import { describe, expect, it } from 'vitest';
import { redact } from '..';
import { secretPrintingCommand } from '../command-context';

// Synthetic values only.
const HUMAN = ['Tango', '2019!!'].join('');
const SVC = ['ledger', '_svc_pw85'].join('');

describe('command-aware redaction (the command that printed the output is context)', () => {
  it('knows the commands that exist to print one secret, and not the ones that print files of many lines', () => {
    for (const c of [
      'aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text',
      'aws secretsmanager get-secret-value --secret-id prod/db | jq -r .SecretString',
      'aws ssm get-parameter --name /app/DB_PASSWORD --with-decryption --query Parameter.Value --output text',
      'aws configure get aws_secret_access_key --profile mgmt',
      'gcloud secrets versions access latest --secret=db-password --project ops',
      'az keyvault secret show --vault-name kv --name db --query value -o tsv',
      'vault kv get -field=password secret/app/db',
      'terraform output -raw redis_auth_token; echo',
      'op read op://ops/db/password',
      'bw get password 6bd9f23d-404c-4b31-9897-ae0d8be58da4',
      'kubectl -n prod get secret app -o jsonpath="{.data.password}" | base64 -d',
      'docker exec api.1 cat /run/secrets/db_password',
      'cat /etc/app/api-token.txt',
      'cat /etc/zabbix/zabbix_agentd.conf.d/local.conf /etc/zabbix/zabbix_agentd.psk',
      'printenv DB_PASSWORD',
      'echo "$STRIPE_SECRET_KEY"',
      'openssl rand -base64 32',
    ])
      expect(secretPrintingCommand(c), c).not.toBeNull();
    for (const c of [
      'cat /etc/passwd',
      'cat ~/.pgpass',
      'cat ~/.ssh/authorized_keys',
      'cat config/prod.secret.exs',
      'cat /home/ci/.cargo/credentials.toml',
      'cat /var/run/secrets/kubernetes.io/serviceaccount/namespace',
      'aws secretsmanager list-secrets',
      'kubectl get secrets -n prod',
      'vault kv get secret/app/db',
      'terraform output',
      'echo $HOME',
      'ls -la /run/secrets',
    ])
      expect(secretPrintingCommand(c), c).toBeNull();
  });

  it('redacts the lone value such a command prints, even a human password; without the command it stays', () => {
    const command = 'aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text';
    expect(redact(`${HUMAN}\n`, { command }).text).toBe('[PASSWORD_REDACTED]\n');
    expect(redact(`${HUMAN}\n`).text).toBe(`${HUMAN}\n`);
    expect(redact(SVC, { command: 'vault kv get -field=password secret/ledger' }).text).toBe('[PASSWORD_REDACTED]');
    // what a compound command prints beside the secret stays: dates, exit codes, assignments, keys, words, borders
    const compound = `Fri Mar 21 20:47:23 UTC 2024\n${SVC}\nexit=0\nLOG_LEVEL=debug\ndata:\nversion\n+------+\n"AWSCURRENT"\n`;
    const out = redact(compound, { command: `date -u; ${command}; echo "exit=$?"` }).text;
    expect(out).toBe(compound.replace(SVC, '[PASSWORD_REDACTED]'));
    // idempotent with the command too
    expect(redact(out, { command }).text).toBe(out);
  });

  it('leaves the output of ordinary commands alone', () => {
    const text = `${HUMAN}\nrelease-2024\n`;
    expect(redact(text, { command: 'cat /etc/hostname' }).text).toBe(text);
  });
});
