/**
 * The command decision of the policy (issue 4), shared by the trusted worker and the session workflow:
 * - the worker's `evaluateCommand` (activities/policy/policy.ts) runs {@link decideCommand} over the live policy
 *   before it signs anything; it is the authority;
 * - the session workflow's `run-command` Update validator runs the same function over the
 *   {@link CommandPolicySnapshot} the session started with, so a denied command is rejected before it enters history.
 *
 * Same parser (mvdan-sh, see `./shell.ts`), same glob engine (picomatch, same options), same code: the two sides can
 * only differ through the policy they are given (snapshot vs. live). Sandbox-safe: imports nothing from Node, reads
 * no clock, no randomness, no environment (picomatch's platform probe is pinned with `windows: false`).
 * @module
 */
import picomatch from 'picomatch';
import { analyzeCommand } from './shell';

/** The outcome of a policy check. */
export interface Decision {
  decision: 'allow' | 'deny';
  /** Rule id, `default-deny`, or the refused shell feature (`feature:command-substitution`). */
  rule: string;
  reason: string;
  /** How a rule would allow it (denials only). */
  hint?: string;
  /** Allowed, but the command is mutating: an operator's approval is required first. */
  requiresApproval?: boolean;
}

/**
 * One command rule as data (a policy-file rule whose host selectors — `aliases`, `tags` — were already applied).
 * Plain JSON: it travels in a workflow's history.
 */
export interface CommandRuleSpec {
  /** The rule's `id`, or `rules[<index>]` when the file gives none. */
  id: string;
  action: 'allow' | 'deny';
  /** Whole-command globs, matched against each simple command's normalised text. */
  commands?: string[];
  /** Binary name (`cat` also matches `/bin/cat`, `/usr/bin/cat`, sbin) or an exact path. */
  binary?: string;
  /** One glob per argument position. */
  args?: string[];
  /** Allow rules only: accept arguments beyond `args`. */
  allowExtraArgs?: boolean;
  /** Allow rules only: an operator must approve the exact command first. */
  mutating?: boolean;
}

/** A compiled {@link CommandRuleSpec}. */
export interface CommandRule {
  id: string;
  action: 'allow' | 'deny';
  mutating: boolean;
  /** Does this rule match one simple command? */
  matches(argv: readonly string[], text: string): boolean;
}

/** The limits the command decision reads. */
export interface CommandLimits {
  /** Longest command, in UTF-16 code units (`limits.max_command_length`). */
  maxCommandLength: number;
  /** `limits.deny_substrings`: raw substrings, or globs per simple command when they contain `*`. */
  denySubstrings: readonly string[];
}

/**
 * What a session workflow carries: the command rules that applied to its host when the session started, and the
 * limits the decision reads. Rules and limits only — no network lists, no addresses, no keys. Produced by the worker's
 * `commandPolicySnapshot` and returned by `openSession`.
 */
export interface CommandPolicySnapshot extends CommandLimits {
  /** Format version of this shape. */
  version: 1;
  /** Base name of the policy file it was taken from (for messages). */
  source: string;
  /** The host the rules were selected for. */
  hostAlias: string;
  /** The rules that apply to `hostAlias`, in file order. */
  rules: CommandRuleSpec[];
  denySubstrings: string[];
}

/** A {@link CommandPolicySnapshot} with its rules compiled. */
export interface CompiledCommandPolicy {
  readonly snapshot: CommandPolicySnapshot;
  readonly rules: readonly CommandRule[];
}

/** picomatch options shared by every glob of the policy. */
export const GLOB_OPTS = {
  bash: true,
  dot: true,
  nobrace: true,
  noextglob: true,
  noquantifiers: true,
  windows: false,
} as const;

/**
 * Compiles one rule.
 * @throws Error from picomatch for a malformed glob (policy files are validated by compiling them when parsed).
 */
export function compileCommandRule(spec: CommandRuleSpec): CommandRule {
  const commandMatchers = (spec.commands ?? []).map((g) => picomatch(g, GLOB_OPTS));
  const argMatchers = (spec.args ?? []).map((g) => picomatch(g, GLOB_OPTS));
  const { binary } = spec;
  return {
    id: spec.id,
    action: spec.action,
    mutating: spec.mutating === true,
    matches(argv, text) {
      if (commandMatchers.length > 0 && commandMatchers.some((m) => m(text))) return true;
      if (binary === undefined) return false;
      if (!binaryMatches(binary, argv[0] ?? '')) return false;
      const args = argv.slice(1);
      if (args.length < argMatchers.length) return false;
      for (let i = 0; i < argMatchers.length; i++) if (!argMatchers[i]!(args[i]!)) return false;
      // deny rules match regardless of extra arguments; allow rules only when extras are allowed
      if (spec.action === 'allow' && args.length > argMatchers.length && spec.allowExtraArgs !== true) return false;
      return true;
    },
  };
}

/** `cat` matches `cat`, `/bin/cat`, `/usr/bin/cat` (and sbin); a rule naming a path matches only that path. */
function binaryMatches(binary: string, name: string): boolean {
  if (name === binary) return true;
  return !binary.includes('/') && /^\/(usr\/)?s?bin\/[^/]+$/.test(name) && name.endsWith(`/${binary}`);
}

/**
 * Compiles a snapshot for {@link decideCommand}.
 * @throws Error when `snapshot` is not a version-1 snapshot, or from picomatch for a malformed glob.
 */
export function compileCommandPolicy(snapshot: CommandPolicySnapshot): CompiledCommandPolicy {
  if (snapshot?.version !== 1 || !Array.isArray(snapshot.rules))
    throw new Error('not a version-1 command policy snapshot');
  return { snapshot, rules: snapshot.rules.map(compileCommandRule) };
}

const deny = (rule: string, reason: string, hint?: string): Decision => ({
  decision: 'deny',
  rule,
  reason,
  ...(hint ? { hint } : {}),
});

/**
 * Decides whether `command` may run. Deny wins; no matching allow rule means deny; every part of a chained command
 * (`;`, `&&`, `||`, `|`, `&`, newline) must be allowed on its own. See activities/policy/README.md, "How a command is
 * decided".
 * @param rules the rules that apply to the host, in file order. @param limits the host's limits.
 * @param hostAlias for messages only.
 * @throws Error only when the shell parser cannot be loaded (never for any command text).
 */
export function decideCommand(
  rules: readonly CommandRule[],
  limits: CommandLimits,
  hostAlias: string,
  command: string,
): Decision {
  if (command.length > limits.maxCommandLength) {
    return deny(
      'limits.max_command_length',
      `command is ${command.length} characters; the limit for '${hostAlias}' is ${limits.maxCommandLength}`,
    );
  }
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(command))
    return deny('feature:control-characters', 'command contains control characters');
  for (const s of limits.denySubstrings) {
    if (!s.includes('*') && command.includes(s))
      return deny(`limits.deny_substrings:${s}`, `command contains the denied substring '${s}'`);
  }
  const analysis = analyzeCommand(command);
  if (!analysis.ok) {
    return deny(
      `feature:${analysis.feature}`,
      analysis.reason,
      'rewrite it as plain commands with literal arguments; no rule can allow this construct',
    );
  }
  const globDenies = limits.denySubstrings
    .filter((s) => s.includes('*'))
    .map((g) => [g, picomatch(g, GLOB_OPTS)] as const);
  let approval = false;
  const allowedBy: string[] = [];
  for (const sc of analysis.commands) {
    for (const [g, m] of globDenies)
      if (m(sc.text))
        return deny(`limits.deny_substrings:${g}`, `'${truncate(sc.text)}' matches the denied pattern '${g}'`);
    const denyRule = rules.find((r) => r.action === 'deny' && r.matches(sc.argv, sc.text));
    if (denyRule)
      return deny(
        denyRule.id,
        `'${truncate(sc.text)}' is denied by rule ${denyRule.id}`,
        'deny rules win over allow rules; change or remove the deny rule',
      );
    const allowRule = rules.find((r) => r.action === 'allow' && r.matches(sc.argv, sc.text));
    if (!allowRule) {
      return deny(
        'default-deny',
        `no rule allows '${truncate(sc.text)}' on '${hostAlias}'`,
        `add e.g. {action: allow, aliases: [${hostAlias}], binary: ${sc.argv[0]}, args: [...], allow_extra_args: false} or commands: ['${truncate(sc.text)}']`,
      );
    }
    allowedBy.push(allowRule.id);
    if (allowRule.mutating) approval = true;
  }
  const rule = [...new Set(allowedBy)].join(',');
  return approval
    ? {
        decision: 'allow',
        rule,
        reason: 'allowed, but mutating: an operator must approve this exact command first',
        requiresApproval: true,
      }
    : { decision: 'allow', rule, reason: `allowed by ${rule}` };
}

/** {@link decideCommand} over a compiled snapshot (the session workflow's check). */
export function decideWithSnapshot(policy: CompiledCommandPolicy, command: string): Decision {
  return decideCommand(policy.rules, policy.snapshot, policy.snapshot.hostAlias, command);
}

/** The client-facing text of a denial (`denied by <rule>: <reason>. To allow: <hint>`), as the worker words it. */
export function denialMessage(decision: Decision): string {
  return `denied by ${decision.rule}: ${decision.reason}${decision.hint ? `. To allow: ${decision.hint}` : ''}`;
}

/**
 * The client-facing text when a mutating command lacks an operator's approval, with the exact CLI signal that grants
 * it (an MCP client that supports elicitation is asked instead; see mcp-bridge/tools/ssh-exec.ts).
 */
export function approvalRequiredMessage(rule: string, sessionId: string): string {
  return (
    `the command is mutating (rule ${rule}) and needs an operator's approval of this exact command. ` +
    `An operator grants it for 15 minutes with: temporal workflow signal --workflow-id ${sessionId} ` +
    `--name approve-command --input '{"command":"<the exact command>","reason":"<why>","operator":"<name>"}'`
  );
}

/**
 * Value-free details attached to a PolicyViolationError that only lacks an approval, so the MCP bridge can tell it
 * apart from a real denial without parsing the message.
 */
export interface ApprovalRequiredDetails {
  kind: 'approval-required';
  /** The rule(s) that allow the command once approved. */
  rule: string;
}

/** Builds {@link ApprovalRequiredDetails}. */
export function approvalRequiredDetails(rule: string): ApprovalRequiredDetails {
  return { kind: 'approval-required', rule };
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
