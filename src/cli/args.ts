/**
 * Option parsing shared by the subcommands: `--name value`, `--name=value`, `-h`/`--help`, and
 * the one wording for a missing value. Each subcommand keeps its own switch over the flags.
 */
import { type CliIO, UsageError } from './io';

/** Thrown by the parser for `-h`/`--help`; `parseOrHelp` prints the help for it. */
export class HelpRequested extends Error {}

/** One argument as a subcommand's switch sees it. */
export interface Arg {
  /** The argument as given. */
  readonly raw: string;
  /** `--name` for `--name=value`, else the whole argument. */
  readonly flag: string;
  /** The `value` of `--name=value`. */
  readonly inline: string | undefined;
  /** The option's value: the inline one, or the next argument (consumed). */
  value(): string;
  /** The next argument when there is one and it does not start with '-' (consumed); for optional values. */
  optionalValue(): string | undefined;
  /** The arguments after this one; parsing stops after this argument. */
  rest(): string[];
}

export interface ParseOptions {
  /** Which next arguments may serve as a value (default: any); a refused one is "needs a value". */
  isValue?: (next: string) => boolean;
}

/**
 * Walks `args`, calling `visit` for each argument that is not `-h`/`--help`; those throw
 * HelpRequested. A missing value is a UsageError pointing at `blast-radius <command> --help`.
 */
export function forEachArg(args: readonly string[], command: string, visit: (a: Arg) => void, opts: ParseOptions = {}): void {
  const isValue = opts.isValue ?? (() => true);
  for (let i = 0; i < args.length; i++) {
    const raw = args[i]!;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    if (flag === '-h' || flag === '--help') throw new HelpRequested();
    const at = i;
    visit({
      raw,
      flag,
      inline,
      value: () => {
        if (inline !== undefined) return inline;
        const v = args[i + 1];
        if (v === undefined || !isValue(v)) throw new UsageError(`${flag} needs a value; see 'blast-radius ${command} --help'.`);
        i++;
        return v;
      },
      optionalValue: () => {
        if (inline !== undefined) return inline;
        const v = args[i + 1];
        if (v === undefined || v.startsWith('-')) return undefined;
        i++;
        return v;
      },
      rest: () => {
        i = args.length;
        return args.slice(at + 1);
      },
    });
  }
}

/** Runs `parse`; on HelpRequested prints `help` and returns undefined (the command then exits 0). */
export function parseOrHelp<T>(parse: () => T, help: string, io: CliIO): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (e instanceof HelpRequested) {
      io.out(help);
      return undefined;
    }
    throw e;
  }
}
