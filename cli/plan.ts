/**
 * `secure-ssh-mcp plan --inventory F --policy F`: the policy dry run for operators and audits. Reads JSON Lines
 * `{"host": ..., "command": ...}` on stdin and writes `{"decision","rule","reason"[,"hint"][,"requires_approval"]}`
 * per line, in order. A malformed line yields a deny line with the reason; the run goes on.
 * @module
 */
import { createInterface } from 'node:readline';
import { loadInventory } from '../activities/config/inventory';
import { evaluateCommand, loadPolicy } from '../activities/policy';
import type { Decision } from '../activities/policy';

/** Runs the command on process.stdin/stdout. @throws on an unreadable or invalid inventory/policy file. */
export async function runPlanCommand(opts: { inventory: string; policy: string }): Promise<void> {
  const inventory = loadInventory(opts.inventory);
  const policy = loadPolicy(opts.policy);
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let out: Decision;
    try {
      const req = JSON.parse(line) as { host?: unknown; command?: unknown };
      if (typeof req.host !== 'string' || typeof req.command !== 'string') {
        out = { decision: 'deny', rule: 'input', reason: 'each line needs string fields "host" and "command"' };
      } else {
        const host = inventory.byAlias(req.host);
        out = host
          ? evaluateCommand(policy, host, req.command)
          : { decision: 'deny', rule: 'inventory', reason: `unknown host '${req.host}'` };
      }
    } catch {
      out = { decision: 'deny', rule: 'input', reason: 'not valid JSON' };
    }
    const { requiresApproval, ...rest } = out;
    process.stdout.write(`${JSON.stringify({ ...rest, ...(requiresApproval ? { requires_approval: true } : {}) })}\n`);
  }
}
