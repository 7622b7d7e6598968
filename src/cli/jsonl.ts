/**
 * The `--stdin --jsonl` loop shared by check and check-edit: one JSON value per input line, one
 * JSON object per output line in the same order (a handler may answer asynchronously); a line that cannot be used gets
 * `{"error": "line N: …"}` and the stream goes on.
 *
 * Answers are written together: those of the input lines at hand go out in one write once they
 * are all answered (when the loop would wait for more input or for a handler's promise), not one
 * write per line. A line typed alone is still answered at once.
 */
import { type CliIO, UsageError } from './io';

/** What to print for one input line: a value, or why the line could not be used. */
export type LineResult = { out: unknown } | { bad: string };

/** Answers held before they are written at once, whatever the input still holds. */
const MAX_HELD_CHARS = 64 * 1024;

/**
 * Reads standard input line by line (blank lines skipped), hands each parsed value to `handle`,
 * and prints its result (awaited when `handle` answers with a promise). `notJson` says what a line that is not JSON should have been; `onBad`
 * hears each error message as printed. Returns how many lines were bad.
 */
export async function jsonLines(io: CliIO, notJson: string, handle: (value: unknown) => LineResult | Promise<LineResult>, onBad: (message: string) => void = () => undefined): Promise<number> {
  if (!io.stdinLines) throw new UsageError('--jsonl needs a readable standard input.');
  const out = new HeldOutput(io);
  let bad = 0;
  let n = 0;
  try {
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
      if (result instanceof Promise) {
        // the answers before it need not wait for this one
        out.flush();
        result = await result;
      }
      if ('bad' in result) {
        bad++;
        const message = `line ${n}: ${result.bad}`;
        out.write(`${JSON.stringify({ error: message })}\n`);
        onBad(message);
        continue;
      }
      out.write(`${JSON.stringify(result.out)}\n`);
    }
  } finally {
    out.flush();
  }
  return bad;
}

/**
 * Output lines held until the loop has answered every input line at hand: a flush is set for
 * the next turn of the event loop, which comes when the loop waits (for input, or for an answer).
 */
class HeldOutput {
  private held: string[] = [];
  private chars = 0;
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly io: Pick<CliIO, 'out'>) {}

  write(text: string): void {
    this.held.push(text);
    this.chars += text.length;
    if (this.chars >= MAX_HELD_CHARS) this.flush();
    else this.scheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.held.length === 0) return;
    const text = this.held.length === 1 ? this.held[0]! : this.held.join('');
    this.held = [];
    this.chars = 0;
    this.io.out(text);
  }
}
