import type { CliIO } from './io';

/**
 * A subcommand: parses its own arguments, returns the exit code. Each subcommand module exports
 * `run: Subcommand`; main.ts loads it when its command runs.
 */
export type Subcommand = (args: string[], io: CliIO) => Promise<number>;
