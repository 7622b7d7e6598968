import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { COMMANDS } from '../../src/extension/ids';
import type { PickItem } from '../../src/extension/signoff/model';
import { activateExtension, restoreWorkspace, waitFor as waitUntil } from './helpers/extension';

/**
 * The review as a person walks it, in a real VS Code: "Review Pending Changes" opens the first
 * risky file as a diff; the diff's Approve (title bar) approves every change in it, its diff
 * closes and the next file's diff opens; Revert puts the file back and closes the last diff.
 * The Audit Log view then finds the revert by a word and exports what it shows as JSON lines;
 * and "Review Changes Awaiting Sign-off" lists a risky edit still waiting in the editor.
 */

const BASELINE_SCHEME = 'blast-radius-baseline';

suite('review flow, audit view, sign-off of pending edits', function () {
  this.timeout(120_000);
  let api: BlastRadiusApi;
  let tf = '';
  let migration = '';
  const originals = new Map<string, string>();

  const root = (): string => {
    const f = vscode.workspace.workspaceFolders?.[0];
    if (!f) throw new Error('the integration tests need the demo workspace open');
    return f.uri.fsPath;
  };
  const git = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: root(), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const waitFor = <T>(what: string, probe: () => T | undefined | false, ms = 10_000): Promise<T> => waitUntil(what, probe, ms, () => api.review.recent());
  /** The files of the review diffs open in any group. */
  const diffFiles = (): string[] =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .map((t) => t.input)
      .filter((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff && i.original.scheme === BASELINE_SCHEME)
      .map((i) => vscode.Uri.file(i.original.path).fsPath);
  const activeDiff = (): string | undefined => {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    return input instanceof vscode.TabInputTextDiff && input.original.scheme === BASELINE_SCHEME ? vscode.Uri.file(input.original.path).fsPath : undefined;
  };
  const pendingFiles = (): Set<string> => new Set(api.review.pendingItems().flatMap((i) => (i.file ? [i.file] : [])));

  async function agentWrites(): Promise<void> {
    fs.writeFileSync(tf, originals.get(tf)!.replace(/^\s*prevent_destroy = true\n/m, ''));
    fs.writeFileSync(migration, `${originals.get(migration)!}DROP TABLE customers;\n`);
    await waitFor('both files pending', () => pendingFiles().has(tf) && pendingFiles().has(migration));
  }

  suiteSetup(async () => {
    api = (await activateExtension()).api;
    tf = path.join(root(), 'terraform', 'main.tf');
    migration = path.join(root(), 'db', 'migrations', '003_add_order_status.sql');
    for (const f of [tf, migration]) originals.set(f, fs.readFileSync(f, 'utf8'));
    // Start from a workspace with nothing pending: an earlier suite's edit (a policy file it
    // wrote and removed) must have left the review before the queue order is checked.
    await restoreWorkspace(git, api);
    await waitFor('no edit pending from an earlier suite', () => api.review.pendingItems().length === 0, 20_000);
  });

  teardown(async () => {
    api.review.setPrompter(undefined);
    api.audit.setDialogs(undefined);
    api.signoff.setPrompter(undefined);
    await restoreWorkspace(git, api);
  });

  test('approve from the diff opens the next diff by itself; revert closes the last one and restores the file', async () => {
    await agentWrites();
    await vscode.commands.executeCommand(COMMANDS.reviewPending);
    const first = await waitFor('the first review diff', activeDiff);
    assert.ok(first === tf || first === migration, first);
    const second = first === tf ? migration : tf;
    // a high-risk approval from the title bar is confirmed in the modal (the prompter here)
    const asked: string[] = [];
    api.review.setPrompter({
      confirm: async (message) => {
        asked.push(message);
        return true;
      },
    });
    // the title bar passes the diff's modified side
    await vscode.commands.executeCommand(COMMANDS.approveShown, vscode.Uri.file(first));
    assert.equal(asked.length, 1, 'the approval was confirmed once');
    assert.match(asked[0]!, /^Approve this high-risk changes? in /);
    // the next pending file's diff opens by itself (the queue's first: most severe, then oldest)
    const next = await waitFor('the next diff to open', () => {
      const a = activeDiff();
      return a !== undefined && a !== first ? a : undefined;
    });
    assert.ok(pendingFiles().has(next), next);
    assert.ok(!diffFiles().includes(first), `the approved file's diff is closed: ${diffFiles().join(', ')}`);
    assert.ok(!pendingFiles().has(first), 'nothing of the approved file is pending');
    assert.notEqual(fs.readFileSync(first, 'utf8'), originals.get(first), 'approving keeps the change');

    // Next moves on to another pending file, or stays when there is no other
    await vscode.commands.executeCommand(COMMANDS.reviewNext);
    const others = [...pendingFiles()].filter((f) => f !== next);
    if (others.length > 0) await waitFor('Next to open another file', () => activeDiff() !== next && others.includes(activeDiff() ?? ''));
    else assert.equal(activeDiff(), next);

    // open the other file the agent changed, and Revert from the title bar with no argument: the diff shown
    const item = api.review.pendingItems().find((i) => i.file === second);
    assert.ok(item, `${second} is still pending`);
    await vscode.commands.executeCommand(COMMANDS.reviewPending, item.id);
    await waitFor(`the diff of ${second}`, () => activeDiff() === second);
    await vscode.commands.executeCommand(COMMANDS.revertShown);
    await waitFor('the file to be reverted', () => fs.readFileSync(second, 'utf8') === originals.get(second));
    await waitFor('its diff to close', () => !diffFiles().includes(second));
    assert.ok(!pendingFiles().has(second));
  });

  test('the Audit Log view finds the revert by words and exports what it shows as JSON lines', async () => {
    await agentWrites();
    await vscode.commands.executeCommand(COMMANDS.revertChange, `edit:${migration}`, 'test');
    await vscode.commands.executeCommand(COMMANDS.revertChange, `edit:${tf}`, 'test');
    await waitFor('both reverted', () => !pendingFiles().has(tf) && !pendingFiles().has(migration));
    await api.audit.refresh();
    assert.ok(api.audit.shown().length >= 2, `${api.audit.shown().length} entries`);

    const exported = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'br-audit-')), 'audit.jsonl');
    api.audit.setDialogs({ filter: async () => 'reverted 003_add_order_status', saveTo: async () => vscode.Uri.file(exported) });
    await vscode.commands.executeCommand(COMMANDS.filterAuditLog);
    assert.equal(api.audit.filter(), 'reverted 003_add_order_status');
    const shown = api.audit.shown();
    assert.ok(shown.length >= 1);
    for (const e of shown) {
      assert.equal(e.decision, 'reverted');
      assert.match(e.subject, /003_add_order_status\.sql$/);
    }
    assert.match(api.audit.message(), /^\d+ of \d+ entries have all of “reverted 003_add_order_status”\.$/);

    await vscode.commands.executeCommand(COMMANDS.exportAuditLog);
    const lines = fs.readFileSync(exported, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, shown.length);
    for (const l of lines) {
      const r = JSON.parse(l) as Record<string, unknown>;
      assert.equal(r.decision, 'revert');
      assert.match(String(r.file), /003_add_order_status\.sql$/);
    }
    await vscode.commands.executeCommand(COMMANDS.clearAuditFilter);
    assert.equal(api.audit.filter(), '');
    fs.rmSync(path.dirname(exported), { recursive: true, force: true });
  });

  test('"Review Changes Awaiting Sign-off" lists a risky edit waiting in Pending Review and approves it', async () => {
    fs.writeFileSync(tf, originals.get(tf)!.replace(/^\s*prevent_destroy = true\n/m, ''));
    await waitFor('the Terraform change pending', () => pendingFiles().has(tf));
    let listed: readonly PickItem[] = [];
    let confirmed = '';
    api.signoff.setPrompter({
      pick: async (items) => {
        listed = items;
        return items.filter((i) => i.absolute === tf);
      },
      confirm: async (message, _detail, actions) => {
        confirmed = message;
        return actions[0];
      },
    });
    await vscode.commands.executeCommand(COMMANDS.reviewSignoff, vscode.Uri.file(root()));
    const row = listed.find((i) => i.absolute === tf);
    assert.ok(row, JSON.stringify(listed));
    assert.match(row.label, /^terraform\/main\.tf:\d+$/);
    assert.match(row.description, /^high · terraform\.prevent-destroy-removed · 0\/1 · not committed, waiting in Pending Review$/);
    assert.equal(confirmed, 'Approve 1 pending risky change?');
    await waitFor('the change to leave Pending Review', () => !pendingFiles().has(tf));
  });
});
