/**
 * The `--stdin --jsonl` loop shared by check and check-edit: one JSON value per input line, one
 * JSON object per output line in the same order (a handler may answer asynchronously); a line that cannot be used gets
 * `{"error": "line N: …"}` and the stream goes on.
 */
import { type CliIO, UsageError } from './io';

/** What to print for one input line: a value, or why the line could not be used. */
export type LineResult = { out: unknown } | { bad: string };

/**
 * Reads standard input line by line (blank lines skipped), hands each parsed value to `handle`,
 * and prints its result (awaited when `handle` answers with a promise). `notJson` says what a line that is not JSON should have been; `onBad`
 * hears each error message as printed. Returns how many lines were bad.
 */
export async function jsonLines(io: CliIO, notJson: string, handle: (value: unknown) => LineResult | Promise<LineResult>, onBad: (message: string) => void = () => undefined): Promise<number> {
  if (!io.stdinLines) throw new UsageError('--jsonl needs a readable standard input.');
  let bad = 0;
  let n = 0;
  for await (const raw of io.stdinLines()) {
    n++;
    if (raw.trim() === '') continue;
    let value: unknown;
    let parsed = true;
    try {
      value = JSON.parse(raw);
    } catch {
      parsed = false;
    }
    let result = parsed ? handle(value) : { bad: notJson };
    if (result instanceof Promise) result = await result;
    if ('bad' in result) {
      bad++;
      const message = `line ${n}: ${result.bad}`;
      io.out(`${JSON.stringify({ error: message })}\n`);
      onBad(message);
      continue;
    }
    io.out(`${JSON.stringify(result.out)}\n`);
  }
  return bad;
}
