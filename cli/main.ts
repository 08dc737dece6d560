/**
 * `secure-ssh-mcp` command line. Each subcommand lives in its own module and is loaded lazily, so `redact` does not
 * pay for Temporal and `mcp` does not load ssh2.
 * @module
 */
import { Command } from 'commander';
import type * as BridgeMain from '../mcp-bridge/main';
import type * as WorkerMain from '../workers/main';
import type * as Demo from './demo';
import type * as Erase from './erase';
import type * as Plan from './plan';
import type * as Redact from './redact';
import type * as Stack from './stack';

/**
 * Loads a subcommand module lazily. `require` (not `import()`) so the same code runs compiled (dist/) and from
 * TypeScript sources through tsx's CommonJS hook.
 */
function load<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as T;
}

const program = new Command('secure-ssh-mcp').description(
  'SSH gateway for AI agents: MCP bridge -> Temporal -> trusted workers with ephemeral certificates and redaction',
);

program
  .command('mcp')
  .description('run the MCP bridge on stdio (what Claude Code spawns); needs only TEMPORAL_* settings')
  .action(async () => {
    const { runBridge } = load<typeof BridgeMain>('../mcp-bridge/main');
    await runBridge();
  });

program
  .command('worker')
  .description('run a trusted-zone worker (workflows, SSH activities, audit); configured by SSM_* / DATABASE_URL')
  .action(async () => {
    const { runWorker } = load<typeof WorkerMain>('../workers/main');
    await runWorker();
  });

program
  .command('stack')
  .description('manage the embedded stack: Temporal dev server, PostgreSQL, demo sshd targets (scripts/stack.sh)')
  .argument('[action]', 'up | down | status', 'up')
  .action(async (action: string) => {
    const { runStackCommand } = load<typeof Stack>('./stack');
    process.exitCode = await runStackCommand(action);
  });

program
  .command('demo')
  .description('bring up the embedded stack and a worker, then run an MCP client session against the demo target')
  .option('--keep', 'leave the stack running afterwards (default: leave it running; worker is stopped)', true)
  .action(async () => {
    const { runDemo } = load<typeof Demo>('./demo');
    process.exitCode = await runDemo();
  });

program
  .command('redact')
  .description('Layer 1 redaction of stdin: plain text, or JSON Lines {"id","text"} with --jsonl')
  .option('--jsonl', 'read and write JSON Lines', false)
  .action(async (opts: { jsonl: boolean }) => {
    const { runRedactCommand } = load<typeof Redact>('./redact');
    await runRedactCommand(opts);
  });

program
  .command('plan')
  .description('policy dry run: JSON Lines {"host","command"} on stdin -> {"decision","rule","reason"} per line')
  .requiredOption('--inventory <file>', 'inventory YAML')
  .requiredOption('--policy <file>', 'policy YAML')
  .action(async (opts: { inventory: string; policy: string }) => {
    const { runPlanCommand } = load<typeof Plan>('./plan');
    await runPlanCommand(opts);
  });

program
  .command('erase')
  .description(
    "right to erasure: delete one session's audit rows and vectors (via the workers), print the history deletes",
  )
  .argument('<session-id>', 'the MCP session id (UUID)')
  .action(async (sessionId: string) => {
    const { runEraseCommand } = load<typeof Erase>('./erase');
    process.exitCode = await runEraseCommand(sessionId);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  // The message and its first cause (a gRPC ServiceError says only "Failed to start Workflow"; its cause names the
  // status), never a stack trace.
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  console.error(`secure-ssh-mcp: ${err instanceof Error ? err.message : String(err)}${cause}`);
  process.exitCode = 1;
  // A failed command must end the process even if a library still holds a handle open (an idle worker would otherwise
  // look alive to a supervisor); the timer is unref'd, so a clean exit is not delayed.
  setTimeout(() => process.exit(1), 5000).unref();
});
