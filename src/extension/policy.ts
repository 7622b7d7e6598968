import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { DEFAULT_POLICY_FILE, loadPolicyFile } from '../core/policy/load';
import { problemDetail } from '../core/policy/messages';
import { POLICY_SETTINGS, policyFromSettings, resolvePolicy, type ParsedPolicy, type ResolvedResult } from '../core/policy/resolve';
import type { ResolvedPolicy } from '../core/policy/types';
import { SETTINGS, SETTINGS_SECTION } from './ids';

/**
 * The policy in force for a folder: the user's settings (which may loosen), tightened by the
 * workspace's settings and by the workspace policy file. The core (src/core/policy) does the
 * merging and enforces "a workspace may only tighten".
 */
export async function resolveFolderPolicy(folder: vscode.WorkspaceFolder | undefined): Promise<ResolvedResult> {
  const layers = settingsLayers(folder);
  const fileName = policyFileName();
  if (folder && fileName.trim() !== '') layers.push(await loadPolicyFile(path.resolve(folder.uri.fsPath, fileName)));
  return resolvePolicy(layers);
}

/** The policy in the settings for a folder: the user's values and the workspace's, each validated. */
export function settingsLayers(folder: vscode.WorkspaceFolder | undefined): ParsedPolicy[] {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder?.uri);
  const user: Record<string, unknown> = {};
  const workspace: Record<string, unknown> = {};
  for (const key of Object.keys(POLICY_SETTINGS)) {
    const i = config.inspect<unknown>(key);
    if (i?.globalValue !== undefined) user[key] = i.globalValue;
    // a folder value tightens on top of the workspace value; both are workspace-supplied
    const ws = i?.workspaceFolderValue ?? i?.workspaceValue;
    if (ws !== undefined) workspace[key] = ws;
  }
  return [policyFromSettings(user, 'user'), policyFromSettings(workspace, 'workspace')];
}

/** The workspace policy file's name (user setting; empty reads no file). */
export function policyFileName(): string {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>(SETTINGS.policyFile, DEFAULT_POLICY_FILE);
}

/** The workspace folder whose policy applies at a path: its own folder, else the first one. */
export function folderFor(fsPath: string): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fsPath)) ?? vscode.workspace.workspaceFolders?.[0];
}

/**
 * Owns the resolved policies of the workspace folders: each is resolved once, and again after a
 * Blast Radius setting, the workspace folders or a policy file changed (then `onDidChange` fires).
 * The terminal guard and the edit review both read the policy here.
 */
export class FolderPolicies implements vscode.Disposable {
  private readonly resolved = new Map<string, Promise<ResolvedPolicy>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[];
  /** Fires after the policies were dropped; the next read resolves them again. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly logger: Logger) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${policyFileName() || DEFAULT_POLICY_FILE}`);
    const invalidate = (): void => this.invalidate();
    this.disposables = [
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS_SECTION)) this.invalidate();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(invalidate),
      watcher,
      watcher.onDidChange(invalidate),
      watcher.onDidCreate(invalidate),
      watcher.onDidDelete(invalidate),
    ];
  }

  /** The policy for a folder (undefined: the settings alone). Problems are logged once per resolution. */
  forFolder(folder: vscode.WorkspaceFolder | undefined): Promise<ResolvedPolicy> {
    const key = folder?.uri.toString() ?? '';
    let p = this.resolved.get(key);
    if (!p) {
      p = resolveFolderPolicy(folder).then(({ policy, problems }) => {
        for (const pr of problems.slice(0, 5)) this.logger.warn(`policy: ${problemDetail(pr)}`);
        return policy;
      });
      this.resolved.set(key, p);
    }
    return p;
  }

  /** The policy that applies at a path (see `folderFor`). */
  forPath(fsPath: string): Promise<ResolvedPolicy> {
    return this.forFolder(folderFor(fsPath));
  }

  /** Drops every resolved policy (a setting the person just changed must apply at once). */
  invalidate(): void {
    this.resolved.clear();
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
