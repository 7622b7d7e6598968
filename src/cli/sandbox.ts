/**
 * `blast-radius sandbox [options] [-- <command…>]`: runs an agent (or a shell) under bubblewrap
 * with the workspace writable and the guard's files read-only (src/core/sandbox). Thin: the
 * arguments, the help and the exit status; `--inside` is the sandbox's own relay inside it.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { runInside } from '../core/sandbox/relay';
import { SANDBOX_AGENTS, type SandboxAgent } from '../core/sandbox/places';
import { runSandbox } from '../core/sandbox/run';
import { forEachArg, parseOrHelp } from './args';
import { cliPath } from './build';
import { type CliIO, UsageError } from './io';
import type { Subcommand } from './subcommand';

export const HELP = `Usage: blast-radius sandbox [options] [-- <command> [args...]]

Runs an agent (or, without a command, your shell) in a sandbox made with bubblewrap (Linux):
the workspace is writable; everything else is read-only, and inside the workspace so are the
Blast Radius policy, the agents' hook settings, git's hooks and config, the review records and
Blast Radius itself; your startup files (~/.bashrc, ~/.zshrc, fish's config) are read-only; the
editor's runtime folder shows only what the guard needs; ~/.ssh and ~/.gnupg are hidden.
A terminal guard in the sandbox still asks the editor before each line runs.

Options:
  --workspace DIR     the folder the command may change (default: the current folder)
  --allow-write PATH  also let the command write PATH (repeatable; not your home folder itself)
  --share-net         share this machine's network (agents that call their model need it);
                      without it the sandbox has no network but the guard's connection
  --agent NAME        open that agent's own folders for writing (${SANDBOX_AGENTS.join(', ')});
                      default: from the command's name
  --print             print the bubblewrap command line instead of running it
  --quiet             do not print the summary before the command starts
  -h, --help          show this help

Needs bubblewrap (Debian, Ubuntu: sudo apt install bubblewrap) and user namespaces; without
them it says why and exits 69, and never runs the command unsandboxed. See docs/security.md.

Exit status: the command's; 64 a refused option; 69 no sandbox possible here.
`;

interface Options {
  workspace?: string;
  allowWrite: string[];
  shareNet: boolean;
  agent?: SandboxAgent;
  print: boolean;
  quiet: boolean;
  inside?: string;
  port?: number;
  command: string[];
}

export function parseArgs(args: readonly string[]): Options {
  const o: Options = { allowWrite: [], shareNet: false, print: false, quiet: false, command: [] };
  forEachArg(args, 'sandbox', (a) => {
    switch (a.flag) {
      case '--workspace':
        o.workspace = a.value();
        break;
      case '--allow-write':
        o.allowWrite.push(a.value());
        break;
      case '--share-net':
        o.shareNet = true;
        break;
      case '--agent': {
        const v = a.value();
        if (!(SANDBOX_AGENTS as readonly string[]).includes(v)) throw new UsageError(`--agent must be one of ${SANDBOX_AGENTS.join(', ')}`);
        o.agent = v as SandboxAgent;
        break;
      }
      case '--print':
        o.print = true;
        break;
      case '--quiet':
        o.quiet = true;
        break;
      // the sandbox's own relay, started inside it (not for people)
      case '--inside':
        o.inside = a.value();
        break;
      case '--port': {
        const v = a.value();
        if (!/^\d{1,5}$/.test(v)) throw new UsageError('--port needs a port number');
        o.port = Number(v);
        break;
      }
      case '--':
        o.command = a.rest();
        break;
      default:
        throw new UsageError(`unknown option ${a.raw}; see 'blast-radius sandbox --help'`);
    }
  });
  return o;
}

/** The command when none is given: the person's shell, interactive. */
function defaultCommand(env: NodeJS.ProcessEnv): string[] {
  const shell = env['SHELL'] && path.isAbsolute(env['SHELL']) ? env['SHELL'] : '/bin/bash';
  return [shell, '-i'];
}

export const run: Subcommand = async (args: string[], io: CliIO) => {
  const o = parseOrHelp(() => parseArgs(args), HELP, io);
  if (!o) return 0;
  if (o.inside !== undefined) {
    if (o.command.length === 0) throw new UsageError('--inside needs a command');
    return runInside({ socket: o.inside, port: o.port ?? 0, command: o.command, err: io.err });
  }
  const self = cliPath();
  return runSandbox(
    {
      workspace: path.resolve(o.workspace ?? process.cwd()),
      cwd: process.cwd(),
      command: o.command.length ? o.command : defaultCommand(process.env),
      allowWrite: o.allowWrite.map((p) => path.resolve(p)),
      shareNet: o.shareNet,
      ...(o.agent ? { agent: o.agent } : {}),
      env: process.env,
      home: process.env['HOME'] && path.isAbsolute(process.env['HOME']) ? process.env['HOME'] : os.homedir(),
      self: [process.execPath, self],
      installRoot: path.resolve(path.dirname(self), '..'),
      out: io.out,
      err: io.err,
    },
    { print: o.print, quiet: o.quiet },
  );
};
