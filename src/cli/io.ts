/** Output helpers for the CLI; the only place it writes to the process streams. */
import * as readline from 'node:readline';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
  /** Standard input line by line, as it arrives (for streaming subcommands). */
  stdinLines?(): AsyncIterable<string>;
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
  stdinLines: () => readline.createInterface({ input: process.stdin, crlfDelay: Infinity }),
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
