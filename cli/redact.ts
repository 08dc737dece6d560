/**
 * `secure-ssh-mcp redact [--jsonl]`: Layer 1 redaction of stdin for evaluation and ad-hoc use.
 * Plain mode: all of stdin → redacted text on stdout. JSON Lines mode: one `{"id","text"}` per line in (an optional
 * `"command"` names the command that printed the text: Layer 1 uses it as context, see `command-context.ts`), one
 * `{"id","text","spans"}` per line out, in order, streaming, one process for the whole stream; a bad line produces a
 * message on stderr (line number only, never its content) and a non-zero exit code at the end, and the other lines
 * are still processed.
 * @module
 */
import { createInterface } from 'node:readline';
import { redact } from '../activities/redaction';

/** Runs the command on process.stdin/stdout. */
export async function runRedactCommand(opts: { jsonl: boolean }): Promise<void> {
  if (!opts.jsonl) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    process.stdout.write(redact(Buffer.concat(chunks)).text);
    return;
  }
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  let bad = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    let rec: { id?: unknown; text?: unknown; command?: unknown };
    try {
      rec = JSON.parse(line) as { id?: unknown; text?: unknown; command?: unknown };
    } catch {
      bad++;
      process.stderr.write(`line ${lineNo}: not valid JSON\n`);
      continue;
    }
    if (typeof rec.text !== 'string') {
      bad++;
      process.stderr.write(`line ${lineNo}: "text" must be a string\n`);
      continue;
    }
    // the command that printed the text, when the record names it (the corpus format's `command`): context only
    const r = redact(rec.text, typeof rec.command === 'string' ? { command: rec.command } : {});
    if (!process.stdout.write(`${JSON.stringify({ id: rec.id, text: r.text, spans: r.spans })}\n`)) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
  if (bad > 0) process.exitCode = 1;
}
