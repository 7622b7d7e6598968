/**
 * A guarded shell inside `blast-radius sandbox` (the built CLI, real bubblewrap), for the
 * attacks whose defence is the sandbox (attacks/sandbox.ts). The terminal is the sandbox's; the
 * guard inside reaches the attack's guard server through the sandbox's relay, which names the
 * shell by its process id as seen outside — found here under the sandbox's process tree.
 */
import * as fs from 'node:fs';
import { PtyShell, type ShellName } from '../../guard/helpers/pty';
import { CLI } from '../../sandbox/helpers';

/** The process ids below `root` (outside view), breadth first, with their command names. */
function descendants(root: number): { pid: number; comm: string }[] {
  const children = new Map<number, { pid: number; comm: string }[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so cut at the last ')'
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push({ pid: Number(name), comm });
    children.set(ppid, list);
  }
  const out: { pid: number; comm: string }[] = [];
  for (let queue = [root]; queue.length; ) {
    const next: number[] = [];
    for (const p of queue) {
      for (const c of children.get(p) ?? []) {
        out.push(c);
        next.push(c.pid);
      }
    }
    queue = next;
  }
  return out;
}

/** Starts `shell` inside the sandbox with `workspace` writable; resolves at its first prompt. */
export async function sandboxedShell(
  shell: ShellName,
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
  workspace: string,
): Promise<{ sh: PtyShell; shellPid: number }> {
  const sh = await PtyShell.start(process.execPath, [CLI, 'sandbox', '--quiet', '--workspace', workspace, '--', shell, ...args], env, cwd);
  const found = descendants(sh.pid).find((p) => p.comm === shell);
  if (!found) {
    sh.kill();
    throw new Error(`no ${shell} process under the sandbox (pid ${sh.pid})\n--- terminal ---\n${sh.output.slice(-1500)}`);
  }
  return { sh, shellPid: found.pid };
}
