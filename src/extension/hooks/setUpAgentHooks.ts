/**
 * "Blast Radius: Set Up Agent Hooks…": installs (or removes) the pre-tool-use hook in the agents'
 * settings, the same entries as `blast-radius init` (src/core/hooks/install.ts). It shows each
 * change as a diff before anything is written, asks once, backs every changed file up to
 * `.bak`, and points the hook at the CLI shipped with this extension by absolute path.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectAgents, hookCommand, hookFileSpec, planInstall, planUninstall, type HookFileSpec, type Places, type Scope } from '../../core/hooks/install';
import { readSettingsText, writeSettingsChange, type SettingsChange } from '../../core/hooks/installFiles';
import { AGENTS, type AgentId } from '../../core/hooks/types';
import { COMMANDS } from '../ids';

const AGENT_LABELS: Record<AgentId, string> = {
  'claude-code': 'Claude Code',
  vscode: 'VS Code agent hooks (GitHub Copilot)',
  'copilot-cli': 'GitHub Copilot CLI',
  cursor: 'Cursor',
  gemini: 'Gemini CLI',
  codex: 'Codex',
};

const PREVIEW_SCHEME = 'blast-radius-setup';

/** A `node` on the PATH, or undefined (then the editor's own runtime is used as Node.js). */
function findNode(): string | undefined {
  const exe = process.platform === 'win32' ? 'node.exe' : 'node';
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return fs.realpathSync(candidate);
    } catch {
      // not here
    }
  }
  return undefined;
}

interface Planned extends SettingsChange {
  spec: HookFileSpec;
}

export interface SetUpDeps {
  extensionPath: string;
  log: vscode.LogOutputChannel;
}

/** Registers the command; returns its disposables (the command and the diff preview provider). */
export function registerSetUpAgentHooks(deps: SetUpDeps): vscode.Disposable[] {
  const previews = new Map<string, string>();
  const provider: vscode.TextDocumentContentProvider = { provideTextDocumentContent: (uri) => previews.get(uri.path) ?? '' };
  return [
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, provider),
    vscode.commands.registerCommand(COMMANDS.setUpAgentHooks, () => setUp(deps, previews)),
  ];
}

async function setUp(deps: SetUpDeps, previews: Map<string, string>): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const action = await vscode.window.showQuickPick(
    [
      { label: 'Install the hooks', description: 'check every command and file edit the agents make', remove: false },
      { label: 'Remove the hooks', description: 'take the Blast Radius entries out of the agents\' settings', remove: true },
    ],
    { title: 'Blast Radius: Set Up Agent Hooks', placeHolder: 'Install or remove?' },
  );
  if (!action) return;
  const scopes: Array<vscode.QuickPickItem & { scope: Scope }> = [{ label: 'User', description: 'your settings in your home folder, for every project', scope: 'user' }];
  if (folder) scopes.push({ label: 'Workspace', description: `this workspace's settings (${folder.name}), not committed where the agent allows`, scope: 'workspace' });
  const scopePick = scopes.length === 1 ? scopes[0] : await vscode.window.showQuickPick(scopes, { title: 'Blast Radius: Set Up Agent Hooks', placeHolder: 'Where?' });
  if (!scopePick) return;
  const places: Places = { home: os.homedir(), workspace: folder?.uri.fsPath ?? os.homedir() };
  const detected = new Set(detectAgents(scopePick.scope, places));
  const agents = await vscode.window.showQuickPick(
    AGENTS.map((a) => ({ label: AGENT_LABELS[a], description: detected.has(a) ? 'found' : '', picked: detected.has(a), agent: a })),
    { title: 'Blast Radius: Set Up Agent Hooks', placeHolder: 'Which agents?', canPickMany: true },
  );
  if (!agents || agents.length === 0) return;

  const cli = path.join(deps.extensionPath, 'dist', 'cli.js');
  const node = findNode();
  const cmd = (who: AgentId | 'auto') => hookCommand(node ?? process.execPath, cli, who, { electron: node === undefined });
  const specs = new Map<string, HookFileSpec>();
  for (const a of agents) {
    const s = hookFileSpec(a.agent, scopePick.scope, places, cmd);
    if (!specs.has(s.file)) specs.set(s.file, s);
  }
  const planned: Planned[] = [];
  const problems: string[] = [];
  for (const spec of specs.values()) {
    let before: string | null;
    try {
      before = readSettingsText(spec.file);
    } catch (e) {
      problems.push(`${spec.file} could not be read (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    const plan = action.remove ? planUninstall(spec, before) : planInstall(spec, before);
    if (!plan.ok) problems.push(plan.error);
    else if (plan.changed) planned.push({ spec, file: spec.file, before, after: plan.text });
  }
  for (const p of problems) deps.log.warn(`Set Up Agent Hooks: ${p}`);
  if (planned.length === 0) {
    const msg = problems.length
      ? `Blast Radius: nothing was changed. ${problems[0]!}`
      : `Blast Radius: the hooks are already ${action.remove ? 'removed' : 'installed'} there; nothing to change.`;
    void vscode.window.showInformationMessage(msg);
    return;
  }
  // Show every change before asking.
  for (const p of planned) {
    const key = `/${encodeURIComponent(p.file)}`;
    previews.set(`${key}/before`, p.before ?? '');
    previews.set(`${key}/after`, p.after ?? '');
    await vscode.commands.executeCommand(
      'vscode.diff',
      vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `${key}/before` }),
      vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `${key}/after` }),
      `${path.basename(p.file)}: ${action.remove ? 'remove' : 'add'} the Blast Radius hook (${p.spec.agents.map((a) => AGENT_LABELS[a]).join(', ')})`,
      { preview: false },
    );
  }
  const list = planned.map((p) => p.file).join('\n');
  const write = await vscode.window.showWarningMessage(
    `${action.remove ? 'Remove the Blast Radius hook from' : 'Add the Blast Radius hook to'} ${planned.length === 1 ? 'this file' : `these ${planned.length} files`}?`,
    { modal: true, detail: `${list}\n\nEach changed file is backed up to .bak first.${problems.length ? `\n\nSkipped: ${problems.join('; ')}` : ''}` },
    'Write',
  );
  if (write !== 'Write') return;
  try {
    for (const p of planned) {
      writeSettingsChange(p);
      deps.log.info(`Set Up Agent Hooks: ${action.remove ? 'removed from' : 'installed in'} ${p.file}`);
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.log.error(`Set Up Agent Hooks: ${message}`);
    void vscode.window.showErrorMessage(`Blast Radius could not write the agent settings: ${message}. See "Blast Radius: Show Log".`);
    return;
  }
  void vscode.window.showInformationMessage(
    `Blast Radius: hooks ${action.remove ? 'removed' : 'installed'}. ${action.remove ? '' : 'Restart the agents (or open their /hooks view) to load them.'}`,
  );
}
