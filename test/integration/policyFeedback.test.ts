import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from './helpers/extension';

/** Waits until `read` returns something, or fails after `ms`. */
async function until<T>(read: () => T | undefined, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('policy feedback', () => {
  const folder = (): string => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const file = (): string => path.join(folder(), '.blast-radius.json');

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file(), { force: true });
    // the review drops the policy file it saw written before the next suite starts
    const { api } = await activateExtension();
    await api.review.whenIdle();
    await until(() => (api.review.pendingItems().some((i) => i.file === file()) ? undefined : true), 15_000, 'the removed policy file to leave the review');
  });

  test('a rule id in the policy file that names no rule is a Problems entry on exactly that id, with a quick fix to the real one', async () => {
    await activateExtension();
    const text = '{\n  // our policy\n  "productionMarkers": ["blue"],\n  "disabledRules": ["git.force-push"]\n}\n';
    fs.writeFileSync(file(), text);
    const uri = vscode.Uri.file(file());
    const diag = await until(
      () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Blast Radius' && d.code === 'unknown-rule'),
      15_000,
      'the unknown rule id in the Problems panel',
    );
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diag.message, /^disabledRules\[0\]: "git\.force-push" is not a rule, so it disables nothing; did you mean "git\.push-force"\?$/);
    assert.deepEqual([diag.range.start.line, diag.range.start.character, diag.range.end.line, diag.range.end.character], [3, 20, 3, 36]);
    // the entry a workspace file may not use is reported on its key
    const refused = vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Blast Radius' && /cannot disable rules/.test(d.message));
    assert.ok(refused, 'the refused disabledRules entry is reported');
    assert.equal(refused.range.start.line, 3);

    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(diag.range), '"git.force-push"');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to "git.push-force"');
    assert.ok(fix?.edit, `quick fixes offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /"disabledRules": \["git\.push-force"\]/);
    // checked again as typed: the unknown id is gone
    await until(() => (vscode.languages.getDiagnostics(uri).some((d) => d.code === 'unknown-rule') ? undefined : true), 15_000, 'the Problems entry to go away');
    assert.ok(await doc.save());
  });
});
