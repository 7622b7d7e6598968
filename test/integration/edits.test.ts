import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReviewApi } from '../../src/extension/review/index';
import { activateExtension } from './helpers/extension';

/**
 * The edit review in a real VS Code: an agent's disk write is seen, judged against git HEAD and
 * shown (diagnostic, decoration, CodeLens, pending item); approving and reverting work and are
 * recorded; a branch switch re-baselines instead of queueing; a person's typing is not reviewed.
 */

const RULE = 'terraform.prevent-destroy-removed';
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Demo',
  GIT_AUTHOR_EMAIL: 'demo@example.com',
  GIT_COMMITTER_NAME: 'Demo',
  GIT_COMMITTER_EMAIL: 'demo@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

function root(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the integration tests need the demo workspace open');
  return f.uri.fsPath;
}

function git(...args: string[]): string {
  const r = spawnSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: root(), encoding: 'utf8', env: GIT_ENV });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let traceOnTimeout: () => readonly string[] = () => [];

async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms}ms waiting for ${what}; latest review decisions:\n${traceOnTimeout().slice(-15).join('\n')}`);
    await sleep(20);
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Blast Radius');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Lets the watcher deliver what the test just did, then waits for the review to finish. */
async function settle(api: ReviewApi, ms = 800): Promise<void> {
  await sleep(ms);
  await api.whenIdle();
}

/** A line in the test output (the runner streams that file), for measured figures. */
function report(line: string): void {
  const file = process.env.BLAST_RADIUS_TEST_OUTPUT;
  if (file) fs.appendFileSync(file, `${line}\n`);
  else console.log(line);
}

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

suite('edit review', function () {
  this.timeout(120_000);
  let api: ReviewApi;
  let tf: vscode.Uri;
  let original: string;
  let preventLine: number; // 0-based
  let extensionPath = '';

  suiteSetup(async () => {
    const activated = await activateExtension();
    api = activated.api.review;
    extensionPath = activated.extension.extensionPath;
    traceOnTimeout = () => api.recent();
    tf = vscode.Uri.file(path.join(root(), 'terraform', 'main.tf'));
    original = fs.readFileSync(tf.fsPath, 'utf8');
    preventLine = original.split('\n').findIndex((l) => l.includes('prevent_destroy = true'));
    assert.ok(preventLine > 0);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (git('status', '--porcelain').trim() !== '') {
      git('checkout', '--', '.');
      git('clean', '-fdq');
    }
    await settle(api);
  });

  test('an agent removing prevent_destroy on disk: diagnostic on the line, decoration, CodeLens, pending item; approve clears them and is recorded', async () => {
    await vscode.window.showTextDocument(tf);
    const t0 = performance.now();
    fs.writeFileSync(tf.fsPath, original.replace(/^\s*prevent_destroy = true\n/m, ''));
    const diags = await waitFor('the diagnostic', () => {
      const d = ours(tf).filter((x) => codeOf(x) === RULE);
      return d.length > 0 ? d : undefined;
    });
    const latency = performance.now() - t0;
    // the removed line was where the lifecycle block's closing brace now is
    assert.equal(diags[0]!.range.start.line, preventLine);
    assert.equal(diags[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diags[0]!.message, /prevent_destroy = true/);
    assert.ok(typeof diags[0]!.code === 'object' && diags[0]!.code.target.scheme === 'command');

    const item = await waitFor('the pending item', () => api.pendingItems().find((i) => i.file === tf.fsPath));
    assert.equal(item.kind, 'edit');
    assert.equal(item.severity, 'high');
    assert.deepEqual(item.ruleIds, [RULE]);
    assert.equal(item.agent, true);
    assert.match(item.detail ?? '', /written on disk outside the editor/);

    const decorations = await waitFor('decorations', () => {
      const d = api.decorations(tf);
      return d.some((x) => x.kind === 'removed') ? d : undefined;
    });
    assert.deepEqual(decorations.find((d) => d.kind === 'removed'), { kind: 'removed', severity: 'high', lines: [preventLine] });
    const hint = decorations.find((d) => d.kind === 'hint');
    assert.deepEqual(hint?.lines, [preventLine]);
    assert.match(hint?.hints?.[0] ?? '', /high: removed "prevent_destroy = true"/);

    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', tf)) ?? [];
    const titles = lenses.filter((l) => l.range.start.line === preventLine).map((l) => l.command?.title);
    for (const t of ['Approve', 'Revert', 'Show Diff']) assert.ok(titles.includes(t), `CodeLens "${t}" in ${JSON.stringify(titles)}`);

    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', tf, new vscode.Position(preventLine, 2))) ?? [];
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /terraform\.prevent-destroy-removed/);
    assert.match(hoverText, /prevent_destroy = true/);
    assert.match(hoverText, /Safer/);

    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', tf, diags[0]!.range)) ?? [];
    const fixes = actions.map((a) => a.title);
    assert.ok(fixes.includes('Approve change') && fixes.includes('Revert this hunk'), JSON.stringify(fixes));

    const gate = api.gate([{ program: 'terraform', args: [{ text: 'apply' }] }], path.dirname(tf.fsPath));
    assert.equal(gate.hold, true);
    assert.match(gate.summary, /terraform\/main\.tf/);

    const { api: all } = await activateExtension();
    await waitFor('the status bar count', () => /1 high/.test(all.statusText()));

    // approve through the quick fix's command: a one-click approval of a high-risk change asks a
    // person first (a modal no extension can answer); declining leaves it pending
    const approve = actions.find((a) => a.title === 'Approve change')!;
    const asked: string[] = [];
    api.setPrompter({ confirm: async (message) => (asked.push(message), false) });
    await vscode.commands.executeCommand(approve.command!.command, ...(approve.command!.arguments ?? []));
    assert.deepEqual(asked, ['Approve this high-risk change in terraform/main.tf?']);
    assert.equal(api.pendingItems().filter((i) => i.file === tf.fsPath).length, 1);
    api.setPrompter({ confirm: async () => true });
    try {
      await vscode.commands.executeCommand(approve.command!.command, ...(approve.command!.arguments ?? []));
    } finally {
      api.setPrompter(undefined);
    }
    await waitFor('the diagnostic to clear', () => ours(tf).length === 0);
    assert.deepEqual(
      api.pendingItems().filter((i) => i.file === tf.fsPath),
      [],
    );
    await waitFor('decorations to clear', () => api.decorations(tf).length === 0);
    const lensesAfter = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', tf)) ?? [];
    assert.equal(lensesAfter.filter((l) => l.command?.title === 'Approve').length, 0);
    const rec = api.auditRecords().at(-1)!;
    assert.equal(rec.decision, 'approve');
    assert.equal(rec.file, 'terraform/main.tf');
    assert.deepEqual(rec.ruleIds, [RULE]);
    assert.equal(rec.author, 'agent');
    assert.equal(rec.decidedBy, 'person');
    assert.equal((rec.hunk as { hash: string }).hash, item.hunk?.hash);
    assert.equal(api.gate([{ program: 'terraform', args: [{ text: 'apply' }] }], path.dirname(tf.fsPath)).hold, false);
    // approving does not touch the file
    assert.doesNotMatch(fs.readFileSync(tf.fsPath, 'utf8'), /prevent_destroy/);
    report(`      disk write → diagnostic: ${latency.toFixed(0)} ms (first write, file open)`);
  });

  test('reverting a hunk restores the baseline lines on disk, is recorded, and can be undone', async () => {
    const risky = original.replace(/^\s*prevent_destroy = true\n/m, '').replace('engine_version      = "16.3"', 'engine_version      = "16.4"');
    fs.writeFileSync(tf.fsPath, risky);
    const item = await waitFor('the pending item', () => api.pendingItems().find((i) => i.file === tf.fsPath && i.ruleIds.includes(RULE)));
    await vscode.commands.executeCommand('blastRadius.revertChange', tf.toString(), item.hunk!.id, 'test');
    await waitFor('the pending item to go', () => !api.pendingItems().some((i) => i.file === tf.fsPath));
    // the hunk is back; the harmless version bump stays
    assert.equal(fs.readFileSync(tf.fsPath, 'utf8'), original.replace('engine_version      = "16.3"', 'engine_version      = "16.4"'));
    const rec = api.auditRecords().at(-1)!;
    assert.equal(rec.decision, 'revert');
    assert.equal(rec.scope, 'hunk');
    assert.deepEqual(rec.ruleIds, [RULE]);

    // the revert went through a workspace edit: undo brings the agent's version back
    const editor = await vscode.window.showTextDocument(tf);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo', () => !editor.document.getText().includes('prevent_destroy'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a revert right after an agent writes a file the editor holds open reverts the new text, not the editor’s stale copy', async () => {
    // the editor shows the file, unmodified; the agent writes it on disk and the person reverts at
    // once, before (or while) the editor reloads it: the revert must apply to what the agent wrote
    // and reach the disk
    const editor = await vscode.window.showTextDocument(tf);
    assert.equal(editor.document.isDirty, false);
    for (const bump of ['"16.5"', '"16.6"', '"16.7"']) {
      const risky = original.replace(/^\s*prevent_destroy = true\n/m, '').replace('"16.3"', bump);
      fs.writeFileSync(tf.fsPath, risky);
      const item = await waitFor('the pending item', () => api.pendingItems().find((i) => i.file === tf.fsPath && i.ruleIds.includes(RULE) && i.hunk !== undefined));
      await vscode.commands.executeCommand('blastRadius.revertChange', tf.toString(), item.hunk!.id, 'test');
      assert.equal(fs.readFileSync(tf.fsPath, 'utf8'), original.replace('"16.3"', bump));
      assert.equal(editor.document.isDirty, false);
      fs.writeFileSync(tf.fsPath, original);
      await waitFor('the editor to reload', () => editor.document.getText() === original);
    }
  });

  test('Revert File restores the whole baseline', async () => {
    fs.writeFileSync(tf.fsPath, original.replace(/^\s*prevent_destroy = true\n/m, '').replace('"16.3"', '"15.0"'));
    await waitFor('the pending item', () => api.pendingItems().find((i) => i.file === tf.fsPath));
    await vscode.commands.executeCommand('blastRadius.revertFile', tf);
    await waitFor('the file back at HEAD', () => fs.readFileSync(tf.fsPath, 'utf8') === original);
    assert.equal(git('status', '--porcelain', '--', 'terraform/main.tf').trim(), '');
    assert.equal(api.auditRecords().at(-1)?.scope, 'file');
  });

  test('an editor agent’s workspace edit to documents nobody is looking at is reviewed', async () => {
    const doc = await vscode.workspace.openTextDocument(tf);
    const edit = new vscode.WorkspaceEdit();
    edit.delete(tf, new vscode.Range(preventLine, 0, preventLine + 1, 0));
    const readme = vscode.Uri.file(path.join(root(), 'README.md'));
    edit.insert(readme, new vscode.Position(0, 0), 'Notes.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);
    const item = await waitFor('the pending item', () => api.pendingItems().find((i) => i.file === tf.fsPath));
    assert.match(item.detail ?? '', /not shown in any editor|together with/);
    await vscode.commands.executeCommand('blastRadius.revertFile', tf);
    await waitFor('the pending item to go', () => !api.pendingItems().some((i) => i.file === tf.fsPath));
    assert.ok(doc.getText().includes('prevent_destroy = true'));
    await doc.save();
    await vscode.window.showTextDocument(readme);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a person typing in the focused editor is not reviewed by default, and is with "all"', async () => {
    const editor = await vscode.window.showTextDocument(tf);
    api.resetStats();
    // delete the line like a person (one small edit), then type into the next line
    await editor.edit((b) => b.delete(new vscode.Range(preventLine, 0, preventLine + 1, 0)));
    editor.selection = new vscode.Selection(preventLine, 0, preventLine, 0);
    // enough keystrokes for a listener-cost percentile
    for (const ch of '# reviewed by a person, typed one key at a time; '.repeat(5)) await vscode.commands.executeCommand('type', { text: ch });
    await settle(api, 500);
    assert.deepEqual(
      api.pendingItems().filter((i) => i.file === tf.fsPath),
      [],
    );
    assert.equal(ours(tf).length, 0);

    // the control: with every change reviewed, the same typing is caught
    const config = vscode.workspace.getConfiguration('blastRadius');
    await config.update('edits.review', 'all', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('type', { text: ' ' });
      const item = await waitFor('the pending item with "all"', () => api.pendingItems().find((i) => i.file === tf.fsPath));
      assert.equal(item.agent, false);
    } finally {
      await config.update('edits.review', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    const listener = api.stats().listener;
    report(`      listener cost per change event: p50 ${listener.p50.toFixed(3)} ms, p99 ${listener.p99.toFixed(3)} ms, max ${listener.max.toFixed(3)} ms over ${listener.count} events`);
  });

  test('a saved Terraform plan in JSON (*.tfplan.json, or any JSON with resource_changes) is judged like its apply: the database it replaces is a critical diagnostic on its line', async () => {
    const plans = path.join(extensionPath, 'test', 'fixtures', 'probes');
    const recorded = fs.readFileSync(path.join(plans, 'plan-replace-db.json'), 'utf8');
    const harmless = fs.readFileSync(path.join(plans, 'plan-no-destroy.json'), 'utf8');
    const lines = recorded.split('\n');
    const changes = lines.findIndex((l) => l.includes('"resource_changes"'));
    const dbLine = lines.findIndex((l, i) => i > changes && l.includes('"address": "aws_db_instance.orders"')); // 0-based
    assert.ok(changes > 0 && dbLine > changes, 'the recorded plan replaces the database');
    for (const name of ['prod.tfplan.json', 'plan-output.json']) {
      const file = vscode.Uri.file(path.join(root(), 'terraform', name));
      // as an agent re-running `terraform show -json`: first a plan that destroys nothing (seen as
      // created, or as first seen when the watcher reports the write as a change), then the new one
      fs.writeFileSync(file.fsPath, harmless);
      await settle(api);
      assert.equal(ours(file).filter((x) => codeOf(x) === 'terraform.plan-destroy').length, 0, 'a plan that destroys nothing');
      fs.writeFileSync(file.fsPath, recorded);
      const diags = await waitFor(`the plan diagnostics on ${name}`, () => {
        const d = ours(file).filter((x) => codeOf(x) === 'terraform.plan-destroy');
        return d.length >= 3 ? d : undefined;
      });
      const db = diags.find((d) => /aws_db_instance\.orders/.test(d.message));
      assert.ok(db, diags.map((d) => d.message).join('\n'));
      assert.equal(db.severity, vscode.DiagnosticSeverity.Error);
      assert.match(db.message, /replaces aws_db_instance\.orders, a database: its data goes/);
      assert.equal(db.range.start.line, dbLine, 'on the address of its resource change');
      assert.deepEqual(diags.map((d) => /destroys (\S+)\./.exec(d.message)?.[1]).filter(Boolean).sort(), ['aws_instance.worker[0]', 'aws_security_group.worker']);
      const item = await waitFor(`the pending item for ${name}`, () => api.pendingItems().find((i) => i.file === file.fsPath));
      assert.equal(item.severity, 'critical');
      assert.ok(item.ruleIds.includes('terraform.plan-destroy'));
    }
  });

  test('files git ignores are not reviewed unless they feed a deploy', async () => {
    const env = path.join(root(), '.env'); // ignored by the demo's .gitignore
    const migration = path.join(root(), 'db', 'migrations', '004_drop_orders.sql');
    try {
      // a token in an ignored .env is where it belongs; built at run time so no scanner mistakes this file for a leak
      fs.writeFileSync(env, `GITHUB_TOKEN=${['ghp', 'Zq8WvT3kP0sLm9XcR2bN7yHd4JfG6aE1uQ5o'].join('_')}\n`);
      fs.writeFileSync(migration, 'DROP TABLE orders;\n');
      await waitFor('the migration to be pending', () => api.pendingItems().find((i) => i.file === migration));
      await settle(api);
      assert.equal(api.pendingItems().filter((i) => i.file === env).length, 0);
      assert.equal(api.recent().filter((l) => l.startsWith('.env')).length, 0, api.recent().join('\n'));
    } finally {
      fs.rmSync(env, { force: true });
    }
  });

  test('the review judges with the folder policy: a rule the user disabled leaves nothing pending; a lower size limit in the policy file holds the file by hand', async () => {
    const migration = path.join(root(), 'db', 'migrations', '005_drop_invoices.sql');
    const policyFile = path.join(root(), '.blast-radius.json');
    const config = vscode.workspace.getConfiguration('blastRadius');
    await config.update('policy.disabledRules', ['sql.drop-table'], vscode.ConfigurationTarget.Global);
    try {
      fs.writeFileSync(migration, 'DROP TABLE invoices;\n');
      await settle(api);
      assert.ok(
        api.recent().some((l) => l.startsWith('db/migrations/005_drop_invoices.sql: no findings')),
        `the migration was analysed with the rule disabled:\n${api.recent().slice(-10).join('\n')}`,
      );
      assert.deepEqual(
        api.pendingItems().filter((i) => i.file === migration),
        [],
      );
      // the control: with the rule on again the same file is pending
      await config.update('policy.disabledRules', undefined, vscode.ConfigurationTarget.Global);
      await waitFor('the migration to be pending with the rule on', () => api.pendingItems().find((i) => i.file === migration && i.ruleIds.includes('sql.drop-table')));

      // a workspace may lower the size limit: a larger change is then held for review by hand
      fs.writeFileSync(policyFile, '{ "edits": { "maxFileBytes": 1024 } }\n');
      fs.writeFileSync(migration, `-- ${'archived invoices '.repeat(100)}\nDROP TABLE invoices;\n`);
      const held = await waitFor('the migration held as not analysed', () => api.pendingItems().find((i) => i.file === migration && i.ruleIds.includes('edit.not-analysed')));
      assert.match(held.title, /over the 1 KB limit/);
    } finally {
      await config.update('policy.disabledRules', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(policyFile, { force: true });
    }
  });

  test('a held terminal command shares the queue; a person lets it run once from the review', async () => {
    // the terminal guard owns its held lines; they wait in the review's queue
    const guardHeld = (await activateExtension()).api.guard.held;
    const held = guardHeld.hold({
      line: 'terraform apply',
      cwd: path.join(root(), 'terraform'),
      severity: 'high',
      ruleIds: ['iac.terraform-apply'],
      reasons: ['terraform/main.tf has an unreviewed high-risk change'],
    });
    const { api: all } = await activateExtension();
    await waitFor('the status bar count', () => /1 high/.test(all.statusText()));
    assert.equal(api.pendingItems().find((i) => i.id === held.id)?.kind, 'command');
    const shown: string[][] = [];
    api.setUi({
      pick: async <T extends vscode.QuickPickItem>(items: readonly T[]): Promise<T | undefined> => {
        shown.push(items.map((i) => i.label));
        return items.find((i) => /Run Once/.test(i.label));
      },
    });
    try {
      await vscode.commands.executeCommand('blastRadius.reviewPending');
    } finally {
      api.setUi(undefined);
    }
    assert.equal(await held.decision, 'allow');
    // the review opens the first pending item (the held line) and offers its owner's actions
    assert.deepEqual(shown, [['$(play) Run Once', '$(circle-slash) Deny', '$(debug-step-over) Skip']]);
    assert.equal(api.pendingItems().length, 0);
    // settled elsewhere (the guard's modal or a timeout): the item goes the same way
    const other = guardHeld.hold({ line: 'kubectl apply -f k8s/', cwd: root(), severity: 'medium', ruleIds: [], reasons: [] });
    other.settle('deny');
    assert.equal(await other.decision, 'deny');
    assert.equal(api.pendingItems().length, 0);
  });

  test('a branch switch touching 500 files re-baselines them instead of queueing', async () => {
    git('checkout', '-q', '-b', 'burst');
    fs.writeFileSync(tf.fsPath, original.replace(/^\s*prevent_destroy = true\n/m, ''));
    const dir = path.join(root(), 'db', 'generated');
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 499; i++) fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}_drop.sql`), `DROP TABLE customers_${i};\n`);
    git('add', '-A');
    git('commit', '-q', '-m', 'burst');
    git('checkout', '-q', 'main');
    await settle(api, 1500);
    const before = api.stats().counts;
    const t0 = performance.now();
    git('checkout', '-q', 'burst');
    await settle(api, 2000);
    const after = api.stats().counts;
    try {
      assert.deepEqual(api.pendingItems(), [], 'nothing from the checkout is pending');
      assert.equal(ours(tf).length, 0);
      assert.ok(after.diskEvents - before.diskEvents >= 400, `the watcher reported ${after.diskEvents - before.diskEvents} events`);
      assert.ok(after.rebaselined - before.rebaselined >= 400, `${after.rebaselined - before.rebaselined} files re-baselined`);
      report(
        `      branch switch: ${after.diskEvents - before.diskEvents} events, ${after.rebaselined - before.rebaselined} re-baselined, settled in ${(performance.now() - t0).toFixed(0)} ms (incl. 2000 ms wait)`,
      );
      // an agent's edit right after the switch is still reviewed
      fs.writeFileSync(path.join(dir, '000_drop.sql'), 'DROP TABLE customers_0;\nDROP TABLE orders;\n');
      await waitFor('the agent edit after the switch', () => api.pendingItems().find((i) => i.file === path.join(dir, '000_drop.sql')), 15_000);
    } finally {
      git('checkout', '-q', '-f', 'main');
      git('branch', '-q', '-D', 'burst');
      await settle(api, 1500);
    }
    assert.deepEqual(api.pendingItems(), []);
  });

  test('a file an agent creates empty and then fills is reviewed as created, whatever order the watcher reports', async () => {
    const dir = path.join(root(), 'db', 'filled');
    fs.mkdirSync(dir, { recursive: true });
    try {
      const files: string[] = [];
      for (let i = 0; i < 20; i++) {
        const file = path.join(dir, `${String(i).padStart(3, '0')}_drop.sql`);
        files.push(file);
        fs.writeFileSync(file, '');
        await sleep(3 + (i % 5) * 4);
        fs.writeFileSync(file, `DROP TABLE customers_${i};\n`);
      }
      for (const file of files) await waitFor(`${path.basename(file)} pending`, () => api.pendingItems().find((i) => i.file === file), 15_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await settle(api, 1000);
    }
  });

  test('a HEAD move the git extension reports just after an agent wrote a file does not clear that file', async () => {
    const file = path.join(root(), 'db', 'late', '001_drop.sql');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'DROP TABLE customers;\n');
    await waitFor('the agent file pending', () => api.pendingItems().find((i) => i.file === file));
    // HEAD moves (a commit that touches nothing the agent wrote) while the agent mark is fresh
    git('commit', '-q', '--allow-empty', '-m', 'unrelated');
    const moved = git('rev-parse', 'HEAD').trim();
    try {
      const gitApi = (await vscode.extensions.getExtension<{ getAPI(v: 1): { repositories: Array<{ state: { HEAD?: { commit?: string } } }> } }>('vscode.git')!.activate()).getAPI(1);
      await waitFor('the git extension to see the new HEAD', () => gitApi.repositories.some((r) => r.state.HEAD?.commit === moved), 15_000);
      await settle(api, 1500);
      assert.ok(
        api.pendingItems().some((i) => i.file === file),
        `the agent's file is still pending after the HEAD move; latest decisions:\n${api.recent().slice(-10).join('\n')}`,
      );
    } finally {
      git('reset', '-q', '--soft', 'HEAD~1');
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      await settle(api, 1000);
    }
  });

  test('a folder outside the workspace is reviewed only once it is given to the review (the walkthrough\'s scratch repository), and no longer after', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-extra-'));
    const spawnGit = (...args: string[]) => assert.equal(spawnSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: outside, env: GIT_ENV }).status, 0);
    fs.mkdirSync(path.join(outside, 'infra'));
    fs.writeFileSync(path.join(outside, 'infra', 'main.tf'), original);
    spawnGit('init', '-q');
    spawnGit('add', '-A');
    spawnGit('commit', '-q', '-m', 'first');
    const tfOutside = path.join(outside, 'infra', 'main.tf');
    const dropped = original.replace(/^\s*prevent_destroy = true\n/m, '');
    try {
      // not reviewed: outside every workspace folder
      fs.writeFileSync(path.join(outside, 'before.sql'), 'DROP TABLE orders;\n');
      await settle(api, 1500);
      assert.equal(api.pendingItems().find((i) => i.file?.startsWith(outside)), undefined, 'nothing outside the workspace is reviewed');
      const watching = api.reviewFolder(outside);
      await sleep(1000); // the new watcher starts
      fs.writeFileSync(tfOutside, dropped);
      fs.mkdirSync(path.join(outside, 'db'));
      fs.writeFileSync(path.join(outside, 'db', '002_drop.sql'), 'DROP TABLE orders;\n');
      const tfItem = await waitFor('the Terraform change pending', () => api.pendingItems().find((i) => i.file === tfOutside), 15_000);
      assert.deepEqual(tfItem.ruleIds, [RULE], 'judged against the repository\'s HEAD');
      const sqlItem = await waitFor('the new migration pending', () => api.pendingItems().find((i) => i.file === path.join(outside, 'db', '002_drop.sql')), 15_000);
      assert.ok(sqlItem.ruleIds.includes('sql.drop-table'), sqlItem.ruleIds.join(', '));
      watching.dispose();
      fs.writeFileSync(path.join(outside, 'after.sql'), 'DROP TABLE invoices;\n');
      await settle(api, 1500);
      assert.equal(api.pendingItems().find((i) => i.file === path.join(outside, 'after.sql')), undefined, 'not reviewed once disposed');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
      await settle(api, 1000);
    }
  });

  test('timing: disk write → diagnostic on a 5,000-line file, and a 1,000-file burst (printed, not asserted)', async () => {
    const big = vscode.Uri.file(path.join(root(), 'terraform', 'big.tf'));
    const block = (i: number, keep: boolean): string =>
      `resource "aws_s3_bucket" "b${i}" {\n  bucket = "b-${i}"\n  tags = {\n    team = "data"\n    index = "${i}"\n  }\n  lifecycle {\n${keep ? '    prevent_destroy = true\n' : ''}  }\n}\n`;
    const blocks = 500; // 10 lines each → 5,000 lines
    const full = Array.from({ length: blocks }, (_, i) => block(i, true)).join('');
    assert.equal(full.split('\n').length - 1, 5000);
    fs.writeFileSync(big.fsPath, full);
    git('add', 'terraform/big.tf');
    git('commit', '-q', '-m', 'big');
    await settle(api, 1500);
    const samples: number[] = [];
    api.resetStats();
    for (let k = 0; k < 20; k++) {
      const victim = 17 * k + 3;
      const text = Array.from({ length: blocks }, (_, i) => block(i, i !== victim)).join('');
      const t0 = performance.now();
      fs.writeFileSync(big.fsPath, text);
      await waitFor(`diagnostic ${k}`, () => ours(big).some((d) => codeOf(d) === RULE && d.message.includes(`b${victim}`)));
      samples.push(performance.now() - t0);
      fs.writeFileSync(big.fsPath, full);
      await waitFor(`clear ${k}`, () => ours(big).length === 0);
    }
    report(
      `      disk write → diagnostic, 5,000-line file: p50 ${percentile(samples, 0.5).toFixed(0)} ms, p95 ${percentile(samples, 0.95).toFixed(0)} ms, max ${Math.max(...samples).toFixed(0)} ms (20 writes; includes the 25 ms quiet time); longest single review ${api.stats().longestSliceMs.toFixed(1)} ms`,
    );

    // 1,000 files written by an agent at once (not a git operation): all analysed, host stays responsive
    const dir = path.join(root(), 'load');
    fs.mkdirSync(dir, { recursive: true });
    let lastTick = performance.now();
    let maxGap = 0;
    const probe = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - lastTick);
      lastTick = now;
    }, 5);
    const before = api.stats().counts.analysed;
    api.resetStats();
    const t0 = performance.now();
    // written by another process, as a command-line agent would (the test must not block the host itself)
    const writer = spawn(process.execPath, ['-e', `const fs=require('fs');for(let i=0;i<1000;i++)fs.writeFileSync(require('path').join(${JSON.stringify(dir)},'t'+i+'.sql'),'CREATE TABLE t'+i+' (id int);\\n')`], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: 'ignore',
    });
    await new Promise((resolve) => writer.once('exit', resolve));
    await waitFor('1,000 analyses', () => api.stats().counts.analysed - before >= 1000, 30_000).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}; ${JSON.stringify(api.stats())} (analysed before: ${before})`);
    });
    const took = performance.now() - t0;
    clearInterval(probe);
    report(
      `      1,000-file burst: analysed in ${took.toFixed(0)} ms from starting the writer process; longest event-loop gap ${maxGap.toFixed(0)} ms; longest single review ${api.stats().longestSliceMs.toFixed(1)} ms; listener p99 ${api.stats().listener.p99.toFixed(3)} ms, max ${api.stats().listener.max.toFixed(3)} ms over ${api.stats().listener.count} events`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
