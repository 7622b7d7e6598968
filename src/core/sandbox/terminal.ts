/**
 * What the editor's "Blast Radius: Sandboxed Terminal" profile starts: the person's shell inside
 * `blast-radius sandbox` for a workspace folder (src/extension/sandboxTerminal.ts shows it).
 * The shell carries the editor's terminal guard inside (its environment passes through the
 * sandbox, and the relay lets the guard reach the editor), so a refused line stays refused.
 */
import * as path from 'node:path';

export interface SandboxedShellLaunch {
  shellPath: string;
  shellArgs: string[];
  env: Record<string, string>;
}

/**
 * The terminal's process: this installation's CLI run by the editor's own Node (`node` is the
 * editor's executable, run as Node through ELECTRON_RUN_AS_NODE, which the sandbox removes before
 * the shell starts). The network is shared: an agent started in the terminal must reach its model.
 */
export function sandboxedShellLaunch(o: { node: string; cli: string; workspace: string; shell: string | undefined }): SandboxedShellLaunch {
  const shell = o.shell && path.isAbsolute(o.shell) ? o.shell : '/bin/bash';
  return {
    shellPath: o.node,
    shellArgs: [o.cli, 'sandbox', '--share-net', '--workspace', o.workspace, '--', shell],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  };
}

/**
 * What the person reads (notification and terminal) when the sandboxed terminal cannot start:
 * the reason from checkSandboxSupport (no bubblewrap names `sudo apt install bubblewrap`; no user
 * namespaces names what to check). There is no unsandboxed shell instead.
 */
export function sandboxUnavailableMessage(reason: string): string {
  return `The sandboxed terminal did not open a shell: ${reason}. See docs/security.md, "A hard boundary".`;
}
