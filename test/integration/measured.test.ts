/**
 * The measured blast radius in a real VS Code: a line typed into a guarded terminal (or sent by
 * an agent's hook) is measured where it runs — real git repositories with uncommitted work, a
 * fake `terraform` first on PATH that prints a recorded plan — and the person at the modal (the
 * injectable prompter) reads what was measured, with numbers. Nothing here runs the held lines.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { confirmDialog } from '../../src/core/guard/confirm';
import type { BlastRadiusApi } from '../../src/extension/extension';
import type { GuardAuditEntry } from '../../src/extension/guard/audit';
import { activateExtension } from './helpers/extension';
import { AnsweringPrompter, guardedBash, runHook, until } from './helpers/guard';

suite('measured blast radius', () => {
  let api: BlastRadiusApi;
  let extensionPath = '';
  const terminals: vscode.Terminal[] = [];
  const scratch: string[] = [];
  const ws = (): string => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

  suiteSetup(async () => {
    let extension;
    ({ api, extension } = await activateExtension());
    extensionPath = extension.extensionPath;
    await api.guard.ready();
  });

  teardown(() => {
    for (const t of terminals.splice(0)) t.dispose();
    for (const d of scratch.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    api.guard.setPrompter(undefined);
  });

  /** A folder inside the workspace (so an agent's hook finds this editor from it), removed after the test. */
  function folder(prefix: string): string {
    const dir = path.join(ws(), `${prefix}-${crypto.randomBytes(4).toString('hex')}`);
    fs.mkdirSync(dir);
    scratch.push(dir);
    return dir;
  }

  /** A repository with three committed files, two of them changed since: 3 lines added, 1 removed. */
  function dirtyRepo(): string {
    const dir = folder('measured-repo');
    const git = (...args: string[]): void => {
      const r = spawnSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    git('init', '-q');
    fs.writeFileSync(path.join(dir, 'app.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'util.ts'), 'export const u = 1;\n');
    fs.writeFileSync(path.join(dir, 'README.md'), '# shop\n');
    git('add', '-A');
    git('commit', '-qm', 'Initial');
    fs.writeFileSync(path.join(dir, 'app.ts'), 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\n');
    fs.writeFileSync(path.join(dir, 'util.ts'), 'export const u = 2;\n');
    return dir;
  }

  /**
   * A fake `terraform` first on this editor's PATH (the probes look tools up on the line's PATH,
   * which in the editor is the extension host's): `plan -out=FILE` saves the recorded plan there,
   * `show -json FILE` prints it. Each call is logged with its folder. Restored by the returned function.
   */
  function fakeTerraform(plan: string): { calls: () => string[]; restore: () => void } {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'br-fake-tf-'));
    scratch.push(bin);
    const log = path.join(bin, 'calls.log');
    const recorded = path.join(extensionPath, 'test', 'fixtures', 'probes', plan);
    fs.writeFileSync(
      path.join(bin, 'terraform'),
      `#!/bin/sh
echo "$(pwd): $*" >> '${log}'
for a in "$@"; do case "$a" in -out=*) out="\${a#-out=}" ;; esac; last="$a"; done
case " $* " in
  *" plan "*) cp '${recorded}' "$out" ;;
  *" show -json "*) if [ -f "$last" ] && [ "$last" != tfplan ]; then cat "$last"; else cat '${recorded}'; fi ;;
  *) exit 9 ;;
esac
`,
      { mode: 0o755 },
    );
    const before = process.env.PATH;
    process.env.PATH = `${bin}:${before ?? ''}`;
    return {
      calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
      restore: () => void (process.env.PATH = before),
    };
  }

  /** The audit entry of the line `line` typed in `cwd`, once decided. */
  async function decided(line: string, cwd: string): Promise<GuardAuditEntry> {
    const find = (): GuardAuditEntry | undefined => api.guard.auditEntries().find((e) => e.line === line && path.basename(e.cwd) === path.basename(cwd));
    await until(() => find() !== undefined, 30_000, `the decision on ${line}`);
    return find()!;
  }

  test('git checkout -- . over uncommitted work is held, and the modal names the files and lines it would discard', async () => {
    const repo = dirtyRepo();
    const person = new AnsweringPrompter('deny');
    api.guard.setPrompter(person);
    const { integration } = await guardedBash(api, 'measured: checkout', terminals, repo);
    integration.executeCommand('git checkout -- .');
    const entry = await decided('git checkout -- .', repo);
    assert.deepEqual([entry.decision, entry.decidedBy], ['deny', 'person']);
    assert.equal(person.asked.length, 1);
    const modal = confirmDialog(person.asked[0]!);
    assert.match(modal.detail, /^High — Discards uncommitted changes in 2 files \(\+3 −1\): app\.ts and util\.ts$/m);
    assert.ok(!modal.buttons.some((b) => b.answer === 'always-allow'), 'losing work is never always allowed');
    const probe = entry.measured?.probes[0];
    assert.equal(probe?.kind, 'git');
    assert.deepEqual(probe?.changes?.files, 2);
    assert.match(fs.readFileSync(path.join(repo, 'app.ts'), 'utf8'), /export const c = 3;/, 'the work is still there');
  });

  test('terraform apply of a saved plan that replaces a database is held as critical, naming its address', async () => {
    const dir = folder('measured-tf');
    fs.writeFileSync(path.join(dir, 'tfplan'), 'a saved plan\n');
    const tf = fakeTerraform('plan-replace-db.json');
    try {
      const person = new AnsweringPrompter('deny');
      api.guard.setPrompter(person);
      const { integration } = await guardedBash(api, 'measured: terraform', terminals, dir);
      integration.executeCommand('terraform apply tfplan');
      const entry = await decided('terraform apply tfplan', dir);
      assert.deepEqual([entry.decision, entry.severity], ['deny', 'critical']);
      const asked = person.asked[0]!;
      const modal = confirmDialog(asked);
      assert.equal(modal.icon, 'error');
      assert.match(modal.detail, /^Critical — Replaces aws_db_instance\.orders \(its data goes\) and destroys 2 more resources$/m);
      assert.ok(!modal.buttons.some((b) => b.answer === 'always-allow'));
      assert.deepEqual(entry.measured?.probes[0]?.plan?.destroyed[0]?.address, 'aws_db_instance.orders');
      assert.deepEqual(tf.calls(), [`${dir}: show -json -no-color tfplan`]);
    } finally {
      tf.restore();
    }
  });

  test('terraform apply -auto-approve: "the plan was not reviewed"; Show Plan runs terraform plan and asks again with its counts', async () => {
    const dir = folder('measured-plan');
    const tf = fakeTerraform('plan-replace-db.json');
    try {
      const person = new AnsweringPrompter('show-plan', 'deny');
      api.guard.setPrompter(person);
      const { integration } = await guardedBash(api, 'measured: show plan', terminals, dir);
      integration.executeCommand('terraform apply -auto-approve');
      const entry = await decided('terraform apply -auto-approve', dir);
      assert.equal(person.asked.length, 2, 'asked again after the plan');
      const [first, second] = person.asked;
      assert.equal(first!.severity, 'high');
      assert.deepEqual(first!.review, { command: 'terraform plan -input=false -lock=false' });
      assert.match(confirmDialog(first!).detail, /The plan was not reviewed/);
      assert.equal(confirmDialog(first!).buttons[0]!.label, 'Show Plan');
      assert.equal(second!.severity, 'critical');
      assert.equal(second!.review, undefined);
      assert.match(
        confirmDialog(second!).detail,
        /^Critical — terraform plan shows 2 to add, 1 to change, 3 to destroy\. Replaces aws_db_instance\.orders \(its data goes\) and destroys 2 more resources$/m,
      );
      const calls = tf.calls();
      assert.equal(calls.length, 2, calls.join('\n'));
      assert.match(calls[0]!, new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: plan -input=false -lock=false -no-color -out=\\S+$`));
      assert.match(calls[1]!, /: show -json -no-color \S+$/);
      assert.deepEqual([entry.decision, entry.decidedBy, entry.severity], ['deny', 'person', 'critical']);
    } finally {
      tf.restore();
    }
  });

  test("an agent's git checkout -- . forwarded by its hook: the reason the agent reads carries what was measured", async () => {
    const repo = dirtyRepo();
    const person = new AnsweringPrompter('deny');
    api.guard.setPrompter(person);
    const cli = path.join(extensionPath, 'dist', 'cli.js');
    const payload = JSON.stringify({ hook_event_name: 'PreToolUse', cwd: repo, tool_name: 'Bash', tool_input: { command: 'git checkout -- .' } });
    const run = await runHook(`ELECTRON_RUN_AS_NODE=1 '${process.execPath}' '${cli}' hook claude-code`, payload);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(person.asked.length, 1, 'the person was asked in the editor');
    assert.deepEqual(person.asked[0]!.source, { kind: 'agent', agent: 'claude-code' });
    const out = JSON.parse(run.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    assert.equal(out.hookSpecificOutput.permissionDecision, 'deny');
    assert.match(out.hookSpecificOutput.permissionDecisionReason, /the user refused `git checkout -- \.` in the editor \(denied by you in the editor — Discards uncommitted changes in 2 files \(\+3 −1\): app\.ts and util\.ts\)/);
  });
});
