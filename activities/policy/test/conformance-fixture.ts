/**
 * The policy conformance fixture shared by the worker's suite (conformance.test.ts) and the session workflow's
 * suites (workflows/test/command-policy*.test.ts): the policy, the hosts it is evaluated for, and the 164 cases.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostEntry } from '../../config/inventory';
import { parsePolicy } from '..';

/** conformance-policy.yml, parsed. */
export const conformancePolicy = parsePolicy(
  readFileSync(join(__dirname, 'conformance-policy.yml'), 'utf8'),
  'conformance-policy.yml',
);

/** One case of conformance-cases.json. */
export interface ConformanceCase {
  host: string;
  command: string;
  expect: 'allow' | 'deny';
  rule: string | null;
}

/** conformance-cases.json. */
export const conformanceCases = JSON.parse(
  readFileSync(join(__dirname, 'conformance-cases.json'), 'utf8'),
) as ConformanceCase[];

/** An inventory entry with the alias and tags the rules select on. */
export const conformanceHost = (alias: string, tags: string[]): HostEntry => ({
  alias,
  address: '10.0.0.5',
  port: 22,
  users: ['app'],
  tags,
  hostKeys: [],
});

/** The hosts the cases name, in a fixed order. */
export const CONFORMANCE_HOSTS: readonly HostEntry[] = [
  conformanceHost('prod-web-1', ['production', 'web']),
  conformanceHost('prod-db-1', ['production', 'db']),
  conformanceHost('web-1', ['web']),
  conformanceHost('staging-app', ['staging']),
  conformanceHost('dev-box', []),
];

/** The same hosts by alias. */
export const CONFORMANCE_HOSTS_BY_ALIAS: Readonly<Record<string, HostEntry>> = Object.fromEntries(
  CONFORMANCE_HOSTS.map((h) => [h.alias, h]),
);
