/**
 * A real shell in a pseudo-terminal, driven like a person at the keyboard. Prompts look like
 * `BRP<n>> `; `run()` knows the line it typed has finished when a new prompt appears after it
 * (the number makes each prompt distinct in the output; a nested shell starts again at 1).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IPty } from 'node-pty';
import { repoRoot } from '../../helpers/paths';

// node-pty is a native module kept outside the test bundles; load it at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pty = require('node-pty') as typeof import('node-pty');

export const MEDIA = path.join(repoRoot, 'media', 'guard');

export type ShellName = 'bash' | 'zsh' | 'fish';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>()][0-9A-Za-z]?|\x1b[78]/g;

/** Terminal output without escape sequences and carriage returns. */
export function plain(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(ANSI, '').replace(/\r/g, '').replace(/[\x00-\x08\x0b-\x1f]/g, '');
}

const PROMPT_RE = /BRP\d+> /g;

export class PtyShell {
  private raw = '';
  private exited = false;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly proc: IPty) {
    proc.onData((d) => {
      this.raw += d;
      for (const w of [...this.waiters]) w();
    });
    proc.onExit(() => {
      this.exited = true;
      for (const w of [...this.waiters]) w();
    });
  }

  static async start(file: string, args: string[], env: Record<string, string>, cwd: string): Promise<PtyShell> {
    const proc = pty.spawn(file, args, { name: 'xterm-256color', cols: 200, rows: 50, cwd, env });
    const shell = new PtyShell(proc);
    await shell.until(() => shell.promptsSince(0) > 0, 15_000, 'the first prompt');
    return shell;
  }

  /** Everything the terminal showed so far, without escape sequences. */
  get output(): string {
    return plain(this.raw);
  }

  get pid(): number {
    return this.proc.pid;
  }

  /** Types a line and Enter; resolves with what the terminal showed until the next prompt. */
  async run(line: string, timeoutMs = 15_000): Promise<string> {
    const start = this.raw.length;
    this.proc.write(`${line}\r`);
    await this.until(() => this.promptsSince(start) > 0, timeoutMs, `the prompt after ${JSON.stringify(line)}`);
    const text = plain(this.raw.slice(start));
    const cut = text.search(PROMPT_RE);
    return cut >= 0 ? text.slice(0, cut) : text;
  }

  private promptsSince(start: number): number {
    return [...plain(this.raw.slice(start)).matchAll(PROMPT_RE)].length;
  }

  /** Types raw input without Enter or waiting (continuation lines, pastes). */
  type(data: string): void {
    this.proc.write(data);
  }

  /** Waits until the terminal output (since `from`) matches. */
  async waitFor(re: RegExp, timeoutMs = 15_000, from = 0): Promise<void> {
    await this.until(() => re.test(plain(this.raw.slice(from))), timeoutMs, String(re));
  }

  /** The raw output (escape sequences included) since a position from `mark()`. */
  rawSince(from: number): string {
    return this.raw.slice(from);
  }

  /** Current length of the raw output (a position for `waitFor`). */
  mark(): number {
    return this.raw.length;
  }

  private until(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (ok()) return resolve();
      const check = (): void => {
        if (ok()) {
          finish();
          resolve();
        } else if (this.exited) {
          finish();
          reject(new Error(`shell exited while waiting for ${what}\n--- terminal ---\n${this.output.slice(-2000)}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out waiting for ${what}\n--- terminal ---\n${this.output.slice(-2000)}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  kill(): void {
    if (this.exited) return;
    try {
      this.proc.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Lines of output that are exactly `s` (so the echoed command line does not count). */
export function hasLine(out: string, s: string): boolean {
  return out.split('\n').some((l) => l.trim() === s);
}

/** Is a program on PATH? (the shell suites skip when their shell is missing) */
export function have(program: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, program)));
}

/**
 * VS Code's own shell integration scripts, when the VS Code test host is installed
 * (scripts/host caches it); undefined otherwise.
 */
export function vscodeShellScripts(): string | undefined {
  const cache =
    process.env.BLAST_RADIUS_HOST_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'blast-radius');
  if (!fs.existsSync(cache)) return undefined;
  for (const d of fs.readdirSync(cache)) {
    const s = path.join(cache, d, 'lib/vscode/out/vs/workbench/contrib/terminal/common/scripts');
    if (fs.existsSync(path.join(s, 'shellIntegration-bash.sh'))) return s;
  }
  return undefined;
}
