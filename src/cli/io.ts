/** Output helpers for the CLI; the only place it writes to the process streams. */

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
  /** Standard input line by line, as it arrives (for streaming subcommands). */
  stdinLines?(): AsyncIterable<string>;
}

/** Standard input line by line; readline is loaded only by the commands that stream. */
async function* stdinLines(): AsyncIterable<string> {
  const readline = await import('node:readline');
  yield* readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
}

export const processIO: CliIO = {
  out: (t) => {
    process.stdout.write(t);
  },
  err: (t) => {
    process.stderr.write(t);
  },
  readStdin: () =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      process.stdin.on('data', (c: Buffer) => chunks.push(c));
      process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      process.stdin.on('error', reject);
    }),
  stdinLines,
};

/** A user-facing error: printed as one line without a stack trace, exits with `code`. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code: number = 64,
  ) {
    super(message);
  }
}
