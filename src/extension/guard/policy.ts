import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadPolicyFile } from '../../core/policy/load';
import { POLICY_SETTINGS, policyFromSettings, resolvePolicy, type ParsedPolicy, type ResolvedResult } from '../../core/policy/resolve';
import { DEFAULT_POLICY_FILE } from '../../core/policy/load';
import { SETTINGS, SETTINGS_SECTION } from '../ids';

/**
 * The policy in force for a folder: the user's settings (which may loosen), tightened by the
 * workspace's settings and by the workspace policy file. The core (src/core/policy) does the
 * merging and enforces "a workspace may only tighten".
 */
export async function resolveFolderPolicy(folder: vscode.WorkspaceFolder | undefined): Promise<ResolvedResult> {
  const layers = settingsLayers(folder);
  const fileName = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>(SETTINGS.policyFile, DEFAULT_POLICY_FILE);
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
