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

export interface SetUpItem<T> extends vscode.QuickPickItem {
  value: T;
}

/** The questions and messages of the command; injectable so tests can answer them. */
export interface SetUpPrompter {
  pick<T>(items: readonly SetUpItem<T>[], placeHolder: string): Promise<SetUpItem<T> | undefined>;
  pickMany<T>(items: readonly SetUpItem<T>[], placeHolder: string): Promise<readonly SetUpItem<T>[] | undefined>;
  /** Shows the change before it is confirmed. */
  showChange(before: vscode.Uri, after: vscode.Uri, title: string): Promise<void>;
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  info(message: string): void;
  error(message: string): void;
}

export interface SetUpDeps {
  extensionPath: string;
  log: vscode.LogOutputChannel;
  prompter?: SetUpPrompter;
}

/** What integration tests may change: the prompter (modal dialogs are refused in tests). */
export interface AgentHooksApi {
  setPrompter(p: SetUpPrompter | undefined): void;
}

const TITLE = 'Blast Radius: Set Up Agent Hooks';

const vscodePrompter: SetUpPrompter = {
  pick: (items, placeHolder) => Promise.resolve(vscode.window.showQuickPick([...items], { title: TITLE, placeHolder })),
  pickMany: (items, placeHolder) => Promise.resolve(vscode.window.showQuickPick([...items], { title: TITLE, placeHolder, canPickMany: true })),
  showChange: async (before, after, title) => {
    await vscode.commands.executeCommand('vscode.diff', before, after, title, { preview: false });
  },
  confirm: async (message, detail, action) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action,
  info: (message) => void vscode.window.showInformationMessage(message),
  error: (message) => void vscode.window.showErrorMessage(message),
};

/** Registers the command and the diff preview provider. */
export function registerSetUpAgentHooks(deps: SetUpDeps): { disposables: vscode.Disposable[]; api: AgentHooksApi } {
  const previews = new Map<string, string>();
  const provider: vscode.TextDocumentContentProvider = { provideTextDocumentContent: (uri) => previews.get(uri.path) ?? '' };
  let prompter = deps.prompter ?? vscodePrompter;
  const api: AgentHooksApi = {
    setPrompter: (p) => {
      prompter = p ?? deps.prompter ?? vscodePrompter;
    },
  };
  return {
    disposables: [
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, provider),
      vscode.commands.registerCommand(COMMANDS.setUpAgentHooks, () => setUp(deps, prompter, previews)),
    ],
    api,
  };
}

async function setUp(deps: SetUpDeps, ui: SetUpPrompter, previews: Map<string, string>): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const actionPick = await ui.pick(
    [
      { label: 'Install the hooks', description: 'check every command and file edit the agents make', value: 'install' as const },
      { label: 'Remove the hooks', description: "take the Blast Radius entries out of the agents' settings", value: 'remove' as const },
    ],
    'Install or remove?',
  );
  if (!actionPick) return;
  const action = { remove: actionPick.value === 'remove' };
  const scopes: SetUpItem<Scope>[] = [{ label: 'User', description: 'your settings in your home folder, for every project', value: 'user' }];
  if (folder) scopes.push({ label: 'Workspace', description: `this workspace's settings (${folder.name}), not committed where the agent allows`, value: 'workspace' });
  const scopePick = scopes.length === 1 ? scopes[0] : await ui.pick(scopes, 'Where?');
  if (!scopePick) return;
  const scope = scopePick.value;
  const places: Places = { home: os.homedir(), workspace: folder?.uri.fsPath ?? os.homedir() };
  const detected = new Set(detectAgents(scope, places));
  const picked = await ui.pickMany(
    AGENTS.map((a) => ({ label: AGENT_LABELS[a], description: detected.has(a) ? 'found' : '', picked: detected.has(a), value: a })),
    'Which agents?',
  );
  if (!picked || picked.length === 0) return;
  const agents = picked.map((p) => ({ agent: p.value }));

  const cli = path.join(deps.extensionPath, 'dist', 'cli.js');
  const node = findNode();
  const cmd = (who: AgentId | 'auto') => hookCommand(node ?? process.execPath, cli, who, { electron: node === undefined });
  const specs = new Map<string, HookFileSpec>();
  for (const a of agents) {
    const s = hookFileSpec(a.agent, scope, places, cmd);
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
    ui.info(msg);
    return;
  }
  // Show every change before asking.
  for (const p of planned) {
    const key = `/${encodeURIComponent(p.file)}`;
    previews.set(`${key}/before`, p.before ?? '');
    previews.set(`${key}/after`, p.after ?? '');
    await ui.showChange(
      vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `${key}/before` }),
      vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `${key}/after` }),
      `${path.basename(p.file)}: ${action.remove ? 'remove' : 'add'} the Blast Radius hook (${p.spec.agents.map((a) => AGENT_LABELS[a]).join(', ')})`,
    );
  }
  const list = planned.map((p) => p.file).join('\n');
  const write = await ui.confirm(
    `${action.remove ? 'Remove the Blast Radius hook from' : 'Add the Blast Radius hook to'} ${planned.length === 1 ? 'this file' : `these ${planned.length} files`}?`,
    `${list}\n\nEach changed file is backed up to .bak first.${problems.length ? `\n\nSkipped: ${problems.join('; ')}` : ''}`,
    'Write',
  );
  if (!write) return;
  try {
    for (const p of planned) {
      writeSettingsChange(p);
      deps.log.info(`Set Up Agent Hooks: ${action.remove ? 'removed from' : 'installed in'} ${p.file}`);
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.log.error(`Set Up Agent Hooks: ${message}`);
    ui.error(`Blast Radius could not write the agent settings: ${message}. See "Blast Radius: Show Log".`);
    return;
  }
  ui.info(
    `Blast Radius: hooks ${action.remove ? 'removed' : 'installed'}. ${action.remove ? '' : 'Restart the agents (or open their /hooks view) to load them.'}`,
  );
}
