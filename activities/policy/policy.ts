/**
 * Command and network policy (issue 4): deny by default, shell-aware, deny wins.
 *
 * The file format accepts mcp-ssh-orchestrator's `policy.yml` layout (`rules` with `action`/`aliases`/`tags`/
 * `commands`, `limits`, `network`, `overrides`, `known_hosts_path`; see `/shared/seeds/001…`) plus structured rules
 * (`binary`, `args`, `allow_extra_args`, `mutating`). Differences from the orchestrator, and why:
 * - command globs match each simple command of the parsed command, never the raw string, so `ls*` cannot match
 *   `ls; rm -rf ~` (the orchestrator's hole);
 * - `deny_substrings` entries without `*` match the raw command as substrings; entries with `*` are globs matched
 *   against each simple command (`shutdown*` then denies `shutdown -h now` anywhere in a chain);
 * - `host_key_auto_add: true` and `require_known_host: false` are refused: there is no trust on first use here;
 * - a rule's selectors are ANDed: `aliases` (globs) must match the host alias and, if given, the host must carry one
 *   of `tags`; a rule without selectors applies to every host;
 * - network lists: the most specific entry wins (exact IPs over CIDRs, then the longest prefix; ties go to block),
 *   so the orchestrator's `allow_cidrs: [10.0.0.0/8]` + `block_cidrs: [0.0.0.0/0]` means "only 10/8";
 *   when nothing matches, the address is denied if any allow list exists, allowed otherwise.
 * @module
 */
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import picomatch from 'picomatch';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { HostEntry } from '../config/inventory';
import { GLOB_OPTS, compileCommandRule, decideCommand } from '../../workflows/command-policy/decide';
import type {
  CommandPolicySnapshot,
  CommandRule,
  CommandRuleSpec,
  Decision,
} from '../../workflows/command-policy/decide';

export type { CommandPolicySnapshot, Decision } from '../../workflows/command-policy/decide';

const LimitsSchema = z
  .object({
    max_seconds: z.number().int().min(1).max(600).optional(),
    max_output_bytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .optional(),
    max_command_length: z.number().int().min(1).max(10_000).optional(),
    max_concurrent: z.number().int().min(1).max(64).optional(),
    max_commands_per_session: z.number().int().min(1).optional(),
    max_commands_per_day: z.number().int().min(1).optional(),
    deny_substrings: z.array(z.string().min(1)).optional(),
    host_key_auto_add: z
      .literal(false, { errorMap: () => ({ message: 'must be false: trust on first use is refused' }) })
      .optional(),
    require_known_host: z
      .literal(true, { errorMap: () => ({ message: 'must be true: unknown host keys are always refused' }) })
      .optional(),
  })
  .strict();

const RuleSchema = z
  .object({
    id: z.string().min(1).max(64).optional(),
    action: z.enum(['allow', 'deny']),
    aliases: z.array(z.string().min(1)).optional(),
    tags: z.array(z.string().min(1)).optional(),
    commands: z.array(z.string().min(1)).optional(),
    binary: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
    allow_extra_args: z.boolean().optional(),
    mutating: z.boolean().optional(),
    description: z.string().optional(),
  })
  .strict()
  .refine((r) => r.commands !== undefined || r.binary !== undefined, {
    message: 'a rule needs `commands` globs or a `binary`',
  });

const NetworkSchema = z
  .object({
    allow_cidrs: z.array(z.string()).optional(),
    block_cidrs: z.array(z.string()).optional(),
    allow_ips: z.array(z.string()).optional(),
    block_ips: z.array(z.string()).optional(),
    require_known_host: z.literal(true).optional(),
  })
  .strict();

const PolicySchema = z
  .object({
    known_hosts_path: z.string().optional(),
    limits: LimitsSchema.optional(),
    network: NetworkSchema.optional(),
    rules: z.array(RuleSchema).default([]),
    overrides: z
      .object({ aliases: z.record(LimitsSchema).optional(), tags: z.record(LimitsSchema).optional() })
      .strict()
      .optional(),
  })
  .strict();

type PolicyFile = z.infer<typeof PolicySchema>;
type RuleFile = z.infer<typeof RuleSchema>;

/** Effective limits for one host (seconds, bytes, counts). */
export interface Limits {
  maxSeconds: number;
  maxOutputBytes: number;
  maxCommandLength: number;
  maxConcurrent: number;
  maxCommandsPerSession: number;
  maxCommandsPerDay: number;
  denySubstrings: string[];
}

/** Defaults when the policy says nothing (the gateway's own caps). */
export const DEFAULT_LIMITS: Limits = {
  maxSeconds: 60,
  maxOutputBytes: 1024 * 1024,
  maxCommandLength: 10_000,
  maxConcurrent: 4,
  maxCommandsPerSession: 500,
  maxCommandsPerDay: 5_000,
  denySubstrings: [],
};

/** A compiled rule: the shared command matcher plus the host selectors, and the data it was compiled from. */
export interface CompiledRule extends CommandRule {
  appliesTo(host: HostEntry): boolean;
  /** The rule as data, without its host selectors (what a session's policy snapshot carries). */
  readonly spec: CommandRuleSpec;
}

/** An immutable, validated policy. */
export interface PolicySnapshot {
  readonly source: string;
  readonly rules: readonly CompiledRule[];
  readonly file: PolicyFile;
}

/** Invalid policy file; the message names file, line and key. */
export class PolicyError extends Error {
  override name = 'PolicyError';
}

/**
 * Parses and compiles a policy.
 * @param text YAML text. @param source file name for messages.
 * @throws {@link PolicyError} naming `source:line` and the key path for YAML errors, unknown keys and bad values.
 */
export function parsePolicy(text: string, source = 'policy.yml'): PolicySnapshot {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new PolicyError(`${source}:${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`);
  }
  const parsed = PolicySchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    let path: (string | number)[] = issue.path;
    if (issue.code === 'unrecognized_keys') path = [...path, issue.keys[0]!];
    const node = doc.getIn(path, true) as { range?: [number, number] } | undefined;
    const parentNode = doc.getIn(issue.path, true) as { range?: [number, number] } | undefined;
    const offset = node?.range?.[0] ?? parentNode?.range?.[0];
    const line = offset !== undefined ? lineCounter.linePos(offset).line : '?';
    throw new PolicyError(`${source}:${line}: ${path.join('.') || '(root)'}: ${issue.message}`);
  }
  const file = parsed.data;
  for (const [i, cidr] of [...(file.network?.allow_cidrs ?? []), ...(file.network?.block_cidrs ?? [])].entries()) {
    try {
      ipaddr.parseCIDR(cidr);
    } catch {
      throw new PolicyError(`${source}: network cidr #${i + 1} '${cidr}' is not a valid CIDR`);
    }
  }
  for (const ip of [...(file.network?.allow_ips ?? []), ...(file.network?.block_ips ?? [])]) {
    if (!ipaddr.isValid(ip)) throw new PolicyError(`${source}: network ip '${ip}' is not a valid IP address`);
  }
  const rules = file.rules.map((r, i) => compileRule(r, i));
  return Object.freeze({ source, rules: Object.freeze(rules), file });
}

/** Reads and parses a policy file. @throws {@link PolicyError}. */
export function loadPolicy(path: string): PolicySnapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PolicyError(`${path}: cannot read policy (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parsePolicy(text, path);
}

function compileRule(r: RuleFile, index: number): CompiledRule {
  const spec: CommandRuleSpec = {
    id: r.id ?? `rules[${index}]`,
    action: r.action,
    ...(r.commands ? { commands: [...r.commands] } : {}),
    ...(r.binary !== undefined ? { binary: r.binary } : {}),
    ...(r.args ? { args: [...r.args] } : {}),
    ...(r.allow_extra_args !== undefined ? { allowExtraArgs: r.allow_extra_args } : {}),
    ...(r.mutating !== undefined ? { mutating: r.mutating } : {}),
  };
  const aliasMatchers = (r.aliases ?? []).map((g) => picomatch(g, GLOB_OPTS));
  return {
    ...compileCommandRule(spec),
    spec,
    appliesTo(host) {
      if (aliasMatchers.length > 0 && !aliasMatchers.some((m) => m(host.alias))) return false;
      if (r.tags && r.tags.length > 0 && !r.tags.some((t) => host.tags.includes(t))) return false;
      return true;
    },
  };
}

/** Effective limits: defaults ← `limits` ← `overrides.tags` (in tag order) ← `overrides.aliases`. Never above defaults' hard caps. */
export function limitsFor(snapshot: PolicySnapshot, host: HostEntry): Limits {
  const layers = [
    snapshot.file.limits,
    ...host.tags.map((t) => snapshot.file.overrides?.tags?.[t]),
    snapshot.file.overrides?.aliases?.[host.alias],
  ];
  const out: Limits = { ...DEFAULT_LIMITS, denySubstrings: [] };
  for (const l of layers) {
    if (!l) continue;
    if (l.max_seconds !== undefined) out.maxSeconds = l.max_seconds;
    if (l.max_output_bytes !== undefined) out.maxOutputBytes = l.max_output_bytes;
    if (l.max_command_length !== undefined) out.maxCommandLength = l.max_command_length;
    if (l.max_concurrent !== undefined) out.maxConcurrent = l.max_concurrent;
    if (l.max_commands_per_session !== undefined) out.maxCommandsPerSession = l.max_commands_per_session;
    if (l.max_commands_per_day !== undefined) out.maxCommandsPerDay = l.max_commands_per_day;
    if (l.deny_substrings) out.denySubstrings.push(...l.deny_substrings);
  }
  return out;
}

const deny = (rule: string, reason: string): Decision => ({ decision: 'deny', rule, reason });

/**
 * Decides whether `command` may run on `host`. Deny wins; no matching allow rule means deny; every part of a chained
 * command (`;`, `&&`, `||`, `|`, `&`, newline) must be allowed on its own. The decision itself is
 * `workflows/command-policy/decide.ts`, which the session workflow's Update validator runs too (over the session's
 * {@link commandPolicySnapshot}).
 * @throws Error only when the shell parser cannot be loaded (never for any command text).
 */
export function evaluateCommand(snapshot: PolicySnapshot, host: HostEntry, command: string): Decision {
  const limits = limitsFor(snapshot, host);
  const applicable = snapshot.rules.filter((r) => r.appliesTo(host));
  return decideCommand(applicable, limits, host.alias, command);
}

/**
 * The part of the policy a session workflow carries for `host` (returned by `openSession`, kept for the session's
 * life): the rules that apply to the host, as data, and the limits the command decision reads. No network lists,
 * addresses or keys. `decideWithSnapshot(compileCommandPolicy(result), c)` equals
 * `evaluateCommand(snapshot, host, c)` for every command `c`.
 */
export function commandPolicySnapshot(snapshot: PolicySnapshot, host: HostEntry): CommandPolicySnapshot {
  const limits = limitsFor(snapshot, host);
  return {
    version: 1,
    source: snapshot.source.split(/[\\/]/).pop() ?? snapshot.source,
    hostAlias: host.alias,
    maxCommandLength: limits.maxCommandLength,
    denySubstrings: [...limits.denySubstrings],
    rules: snapshot.rules.filter((r) => r.appliesTo(host)).map((r) => structuredClone(r.spec)),
  };
}

/**
 * Checks the exact address the worker will connect to (already resolved, never resolved again) against the network
 * lists. Most specific entry wins; see the module comment.
 */
export function checkAddress(snapshot: PolicySnapshot, host: HostEntry, address: string): Decision {
  if (!ipaddr.isValid(address)) return deny('network:invalid', `'${address}' is not an IP address`);
  const addr = ipaddr.process(address);
  const net = snapshot.file.network;
  if (!net) return { decision: 'allow', rule: 'network:unrestricted', reason: 'no network policy' };
  const exact = (list?: string[]): boolean =>
    (list ?? []).some((ip) => ipaddr.process(ip).toString() === addr.toString());
  if (exact(net.block_ips)) return deny('network.block_ips', `${host.alias} resolves to a blocked address`);
  if (exact(net.allow_ips))
    return { decision: 'allow', rule: 'network.allow_ips', reason: 'address explicitly allowed' };
  const best = (list: string[] | undefined): number => {
    let bits = -1;
    for (const c of list ?? []) {
      const [range, prefix] = ipaddr.parseCIDR(c);
      if (range.kind() === addr.kind() && addr.match(range, prefix)) bits = Math.max(bits, prefix);
    }
    return bits;
  };
  const allowBits = best(net.allow_cidrs);
  const blockBits = best(net.block_cidrs);
  if (blockBits >= 0 && blockBits >= allowBits)
    return deny('network.block_cidrs', `${host.alias} resolves to an address in a blocked range`);
  if (allowBits >= 0) return { decision: 'allow', rule: 'network.allow_cidrs', reason: 'address in an allowed range' };
  if ((net.allow_cidrs?.length ?? 0) + (net.allow_ips?.length ?? 0) > 0) {
    return deny('network:not-allowed', `${host.alias} resolves to an address outside every allowed range`);
  }
  return { decision: 'allow', rule: 'network:default', reason: 'no list matches and no allow list is set' };
}
