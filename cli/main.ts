/**
 * `secure-ssh-mcp` command line. Each subcommand lives in its own module under cli/ and is loaded lazily, so
 * `redact` does not pay for Temporal and `mcp` does not load ssh2.
 * @module
 */
import { Command } from 'commander';

const program = new Command('secure-ssh-mcp').description(
  'SSH gateway for AI agents: MCP bridge -> Temporal -> trusted workers with ephemeral certificates and redaction',
);

program
  .command('redact')
  .description('Layer 1 redaction of stdin: plain text, or JSON Lines {"id","text"} with --jsonl')
  .option('--jsonl', 'read and write JSON Lines', false)
  .action(async (opts: { jsonl: boolean }) => {
    const { runRedactCommand } = await import('./redact');
    await runRedactCommand(opts);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`secure-ssh-mcp: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
