import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { DEFAULT_POLICY_FILE, loadPolicyFile, policyFilesAt } from '../core/policy/load';
import { formatProblem, problemDetail } from '../core/policy/messages';
import { POLICY_SETTINGS, policyFromSettings, resolvePolicy, type ParsedPolicy, type ResolvedResult } from '../core/policy/resolve';
import { loadSystemPolicy } from '../core/policy/system';
import { pathExists } from '../core/safeRead';
import type { PolicyProblem, ResolvedPolicy } from '../core/policy/types';
import { SETTINGS, SETTINGS_SECTION } from './ids';

/** The defaults the manifest declares for the policy settings (keys relative to `blastRadius`). */
export type ManifestDefaults = Readonly<Record<string, unknown>>;

/** The manifest's defaults for the policy settings, from the extension's package.json. */
export function manifestDefaults(packageJSON: unknown): ManifestDefaults {
  const props = (packageJSON as { contributes?: { configuration?: { properties?: Record<string, { default?: unknown }> } } }).contributes?.configuration?.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(POLICY_SETTINGS)) out[key] = props[`${SETTINGS_SECTION}.${key}`]?.default;
  return out;
}

/**
 * The layers of a folder's policy, in the order they apply: the system policy file, VS Code's
 * managed settings (an enterprise policy), the user's settings, the workspace's settings, and
 * the policy files from the folder down to `dir`. The core (src/core/policy) merges them: only
 * a protected system file, and the user's settings while no administrator's policy is in
 * force, may loosen; everything else only tightens.
 *
 * Managed settings: where VS Code applies a policy to a setting, the extension host reports the
 * policy's value as the setting's default (`inspect(key).defaultValue`); a default that differs
 * from the manifest's is therefore a managed value. Another extension's `configurationDefaults`
 * looks the same, which is why managed values may only tighten.
 */
export async function resolveFolderPolicy(folder: vscode.WorkspaceFolder | undefined, defaults: ManifestDefaults = {}, dir?: string): Promise<ResolvedResult> {
  const layers: ParsedPolicy[] = [...(await loadSystemPolicy()), ...settingsLayers(folder, defaults)];
  const fileName = policyFileName();
  if (folder && fileName.trim() !== '') {
    // the folder's own file, and every one between it and `dir` (each may only tighten)
    for (const file of policyFilesAt(dir ?? folder.uri.fsPath, folder.uri.fsPath, fileName)) layers.push(await loadPolicyFile(file));
  }
  return resolvePolicy(layers);
}

/**
 * The policy in the settings for a folder, each validated: the managed values (a default that
 * differs from the manifest's `defaults`), the user's values and the workspace's.
 */
export function settingsLayers(folder: vscode.WorkspaceFolder | undefined, defaults: ManifestDefaults = {}): ParsedPolicy[] {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder?.uri);
  const managed: Record<string, unknown> = {};
  const user: Record<string, unknown> = {};
  const workspace: Record<string, unknown> = {};
  for (const key of Object.keys(POLICY_SETTINGS)) {
    const i = config.inspect<unknown>(key);
    if (i?.defaultValue !== undefined && Object.hasOwn(defaults, key) && !isDeepStrictEqual(i.defaultValue, defaults[key])) managed[key] = i.defaultValue;
    if (i?.globalValue !== undefined) user[key] = i.globalValue;
    // a folder value tightens on top of the workspace value; both are workspace-supplied
    const ws = i?.workspaceFolderValue ?? i?.workspaceValue;
    if (ws !== undefined) workspace[key] = ws;
  }
  const asManaged = policyFromSettings(managed, 'workspace');
  const managedLayer: ParsedPolicy = { ...asManaged, source: 'managed', problems: asManaged.problems.map((p) => ({ ...p, source: 'managed' })) };
  return [managedLayer, policyFromSettings(user, 'user'), policyFromSettings(workspace, 'workspace')];
}

/** The workspace policy file's name (user setting; empty reads no file). */
export function policyFileName(): string {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>(SETTINGS.policyFile, DEFAULT_POLICY_FILE);
}

/**
 * The policy file of each workspace folder. The policy feedback (policyFeedback.ts) owns their
 * Problems entries, checked as they are typed; `FolderPolicies` reports the others' (policy
 * files in subfolders, the system policy file).
 */
export function folderPolicyFiles(): string[] {
  const name = policyFileName().trim();
  if (name === '') return [];
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => path.resolve(f.uri.fsPath, name));
}

/** The workspace folder whose policy applies at a path: its own folder, else the first one. */
export function folderFor(fsPath: string): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fsPath)) ?? vscode.workspace.workspaceFolders?.[0];
}

/**
 * Owns the resolved policies of the workspace folders: each is resolved once, and again after a
 * Blast Radius setting, the workspace folders or a policy file changed (then `onDidChange` fires).
 * The terminal guard and the edit review both read the policy here. Problems go to the log and,
 * for policy files other than the folders' own (policyFeedback.ts has those), to the Problems
 * panel on the file; an unprotected system policy is also
 * shown once as a warning.
 */
export class FolderPolicies implements vscode.Disposable {
  private readonly resolved = new Map<string, Promise<ResolvedPolicy>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('blast-radius-policy');
  private readonly warned = new Set<string>();
  private readonly disposables: vscode.Disposable[];
  /** Fires after the policies were dropped; the next read resolves them again. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly logger: Logger,
    private readonly defaults: ManifestDefaults = {},
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${policyFileName() || DEFAULT_POLICY_FILE}`);
    const invalidate = (): void => this.invalidate();
    this.disposables = [
      this.changed,
      this.diagnostics,
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

  /** The policy for a folder (undefined: the settings alone), or for a directory inside it with the policy files down to it. */
  forFolder(folder: vscode.WorkspaceFolder | undefined, dir?: string): Promise<ResolvedPolicy> {
    const key = `${folder?.uri.toString() ?? ''}\u0000${dir !== undefined && folder ? this.nestedKey(folder, dir) : ''}`;
    let p = this.resolved.get(key);
    if (!p) {
      p = resolveFolderPolicy(folder, this.defaults, dir).then(({ policy, problems }) => {
        this.report(problems);
        return policy;
      });
      this.resolved.set(key, p);
    }
    return p;
  }

  /** The policy that applies at a path: its folder's, with the policy files between the folder and the path's directory. */
  forPath(fsPath: string): Promise<ResolvedPolicy> {
    return this.forFolder(folderFor(fsPath), path.dirname(fsPath));
  }

  /** The policy files between a folder and a directory inside it, as a key (most directories have none). */
  private nestedKey(folder: vscode.WorkspaceFolder, dir: string): string {
    const fileName = policyFileName();
    return policyFilesAt(dir, folder.uri.fsPath, fileName)
      .slice(1)
      .filter((f) => pathExists(f))
      .join('\u0000');
  }

  private report(problems: readonly PolicyProblem[]): void {
    for (const pr of problems.slice(0, 5)) this.logger.warn(`policy: ${formatProblem(pr)}`);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const owned = new Set(folderPolicyFiles());
    for (const pr of problems) {
      if (pr.file === undefined) continue;
      if (pr.source === 'system' && pr.path === '' && !this.warned.has(pr.message)) {
        this.warned.add(pr.message);
        void vscode.window.showWarningMessage(`Blast Radius: ${pr.message}`);
      }
      if (owned.has(path.resolve(pr.file))) continue;
      const line = Math.max(0, (pr.line ?? 1) - 1);
      const column = Math.max(0, (pr.column ?? 1) - 1);
      const d = new vscode.Diagnostic(new vscode.Range(line, column, line, column + (pr.length ?? 1)), problemDetail(pr), vscode.DiagnosticSeverity.Warning);
      d.source = 'Blast Radius';
      if (pr.ruleRef) d.code = 'unknown-rule';
      const list = byFile.get(pr.file) ?? [];
      list.push(d);
      byFile.set(pr.file, list);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
  }

  /** Drops every resolved policy (a setting the person just changed must apply at once). */
  invalidate(): void {
    this.resolved.clear();
    this.diagnostics.clear();
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
