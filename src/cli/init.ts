/**
 * `blast-radius init`: installs the agent hooks into each agent's settings (or, with `--git`, the
 * git pre-commit and pre-push hooks) without clobbering what is there: it shows a diff of what
 * it will change, writes only with `--yes` or after a yes on a terminal, keeps a `.bak` of every
 * file it changes, changes nothing when run twice, and `--uninstall` removes only its entries.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { detectAgents, hookCommand, hookFileSpec, planInstall, planUninstall, type HookFileSpec, type Places, type Scope } from '../core/hooks/install';
import { readSettingsText } from '../core/hooks/installFiles';
import { AGENTS, isAgentId, type AgentId } from '../core/hooks/types';
import { cliPath } from './build';
import { confirm, showChanges, tilde, writeChanges, type PlannedChange } from './fileChanges';
import { UsageError, type CliIO } from './io';
import type { Subcommand } from './subcommand';

const HELP = `Usage: blast-radius init [options]

Installs the Blast Radius pre-tool-use hook into AI agents' settings, so every shell command
and file edit they make is checked first. Shows the changes and asks before writing.

Options:
  --agent <name>       ${AGENTS.join(', ')}, or all (default: the agents found on this machine);
                       may be repeated
  --scope <scope>      user (default: your home folder) or workspace (this folder)
  --workspace <dir>    the workspace for --scope workspace and --git (default: current folder)
  --uninstall          remove the Blast Radius entries, leaving everything else
  --dry-run            show what would change, write nothing
  --yes, -y            write without asking
  --git                install git pre-commit and pre-push hooks in the current repository instead
  --home <dir>         treat <dir> as the home folder (for testing)
`;

interface Options {
  agents: AgentId[] | 'detected';
  scope: Scope;
  workspace: string;
  home: string;
  uninstall: boolean;
  dryRun: boolean;
  yes: boolean;
  git: boolean;
}

function parseArgs(args: string[]): Options | 'help' {
  const o: Options = { agents: 'detected', scope: 'user', workspace: process.cwd(), home: os.homedir(), uninstall: false, dryRun: false, yes: false, git: false };
  const agents = new Set<AgentId>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value. Run 'blast-radius init --help'.`);
      return v;
    };
    switch (a) {
      case '--help':
      case '-h':
        return 'help';
      case '--agent': {
        const v = value();
        for (const name of v.split(',')) {
          if (name === 'all') AGENTS.forEach((x) => agents.add(x));
          else if (isAgentId(name)) agents.add(name);
          else throw new UsageError(`unknown agent '${name}'; expected one of ${AGENTS.join(', ')} or all.`);
        }
        break;
      }
      case '--scope': {
        const v = value();
        if (v !== 'user' && v !== 'workspace') throw new UsageError(`--scope must be user or workspace, not '${v}'.`);
        o.scope = v;
        break;
      }
      case '--workspace':
        o.workspace = path.resolve(value());
        break;
      case '--home':
        o.home = path.resolve(value());
        break;
      case '--uninstall':
        o.uninstall = true;
        break;
      case '--dry-run':
        o.dryRun = true;
        break;
      case '--yes':
      case '-y':
        o.yes = true;
        break;
      case '--git':
        o.git = true;
        break;
      default:
        throw new UsageError(`unknown option '${a}'. Run 'blast-radius init --help'.`);
    }
  }
  if (agents.size) o.agents = [...agents];
  return o;
}

export const run: Subcommand = async (args, io) => {
  const o = parseArgs(args);
  if (o === 'help') {
    io.out(HELP);
    return 0;
  }
  if (o.git) {
    const { runGitInit } = await import('./initGit.js');
    return runGitInit(o, io);
  }
  return runAgentInit(o, io);
};

function readText(file: string): string | null {
  try {
    return readSettingsText(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`, 1);
  }
}

async function runAgentInit(o: Options, io: CliIO): Promise<number> {
  const places: Places = { home: o.home, workspace: o.workspace };
  const agents = o.agents === 'detected' ? detectAgents(o.scope, places) : o.agents;
  if (agents.length === 0) {
    io.err(
      `blast-radius init: found no agent settings ${o.scope === 'user' ? `in ${o.home}` : `in ${o.workspace}`}; name the agents with --agent (${AGENTS.join(', ')}, or all).\n`,
    );
    return 1;
  }
  const node = process.execPath;
  const cli = cliPath();
  const specs = new Map<string, HookFileSpec>();
  for (const a of agents) {
    const s = hookFileSpec(a, o.scope, places, (who) => hookCommand(node, cli, who));
    if (!specs.has(s.file)) specs.set(s.file, s);
  }
  const changes: PlannedChange[] = [];
  const unchanged: HookFileSpec[] = [];
  let failed = false;
  for (const s of specs.values()) {
    const before = readText(s.file);
    const plan = o.uninstall ? planUninstall(s, before) : planInstall(s, before);
    if (!plan.ok) {
      io.err(`blast-radius init: ${tilde(plan.error, o.home)}\n`);
      failed = true;
      continue;
    }
    if (!plan.changed) unchanged.push(s);
    else changes.push({ file: s.file, before, after: plan.text, label: `${s.agents.join(' + ')} (${s.scope}): ${o.uninstall ? 'remove' : 'add'} the ${s.summary}` });
  }
  for (const s of unchanged) {
    io.out(`${s.agents.join(' + ')}: ${tilde(s.file, o.home)} ${o.uninstall ? 'has no Blast Radius hook' : 'already has the Blast Radius hook'}; nothing to change.\n`);
  }
  if (changes.length === 0) return failed ? 1 : 0;
  await showChanges(changes, io, o.home);
  if (o.dryRun) {
    io.out('\nDry run: nothing written.\n');
    return failed ? 1 : 0;
  }
  if (!o.yes && !(await confirm(io, `Write ${changes.length === 1 ? 'this change' : `these ${changes.length} changes`} (each changed file is backed up to .bak)?`))) {
    return 1;
  }
  writeChanges(changes);
  const backedUp = changes.filter((c) => c.before !== null).map((c) => `${tilde(c.file, o.home)}.bak`);
  io.out(
    `\n${o.uninstall ? 'Removed' : 'Installed'}: ${changes.map((c) => tilde(c.file, o.home)).join(', ')}.${backedUp.length ? ` Previous versions: ${backedUp.join(', ')}.` : ''}\n`,
  );
  if (!o.uninstall) io.out(nextSteps(agents));
  return failed ? 1 : 0;
}

function nextSteps(agents: readonly AgentId[]): string {
  const lines: string[] = [];
  if (agents.includes('claude-code')) lines.push('Claude Code: restart it (or open /hooks) to load the hook.');
  if (agents.includes('codex')) lines.push('Codex: open /hooks and trust the new hook; hooks need a recent Codex.');
  if (agents.includes('gemini')) lines.push('Gemini CLI: restart it; check with /hooks.');
  if (agents.includes('cursor')) lines.push('Cursor: restart it so it reads hooks.json.');
  if (agents.includes('vscode') || agents.includes('copilot-cli')) lines.push('VS Code and Copilot CLI: the hook loads on the next agent session.');
  return lines.length ? `${lines.join('\n')}\n` : '';
}
