/**
 * The "Blast Radius: Sandboxed Terminal" profile in a real VS Code: the terminal it opens runs the
 * shell inside `blast-radius sandbox` (real bubblewrap) for the workspace folder, with the guard
 * inside asking this editor about each line. Skipped where the sandbox cannot run on this machine.
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkSandboxSupport } from '../../src/core/sandbox/bwrap';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { EXTENSION_ID, activateExtension, nextEvent } from './helpers/extension';
import { TERMINAL_PROFILES } from '../../src/extension/ids';
import { AnsweringPrompter, until } from './helpers/guard';

suite('sandboxed terminal', () => {
  let api: BlastRadiusApi;
  let ws: string;
  const terminals: vscode.Terminal[] = [];
  const made: string[] = [];

  suiteSetup(async function () {
    const support = await checkSandboxSupport(process.env);
    // .ci/run installs bubblewrap; a machine without it (or without user namespaces) skips these
    // tests and says why (mocha's skip takes no reason).
    if (!support.ok) {
      console.log(`    sandboxed terminal tests skipped: ${support.reason}`);
      this.skip();
    }
    ({ api } = await activateExtension());
    await api.guard.ready();
    ws = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  });

  teardown(() => {
    for (const t of terminals.splice(0)) t.dispose();
    for (const f of made.splice(0)) fs.rmSync(f, { recursive: true, force: true });
    api?.guard.setPrompter(undefined);
    api?.sandboxTerminal.setSupportCheck(undefined);
  });

  test("the profile's shell runs sandboxed and guarded: writing the policy fails even when the person lets the line run; the workspace is writable", async () => {
    const policy = path.join(ws, '.blast-radius.json');
    const original = '{ "version": 1 }\n';
    fs.writeFileSync(policy, original);
    made.push(policy);
    const tag = crypto.randomBytes(4).toString('hex');
    const result = path.join(ws, `sandbox-result-${tag}.txt`);
    made.push(result);
    // the person lets every held line run: the sandbox, not the guard, must stop the write
    const prompter = new AnsweringPrompter('run-once');
    api.guard.setPrompter(prompter);

    const profile = await api.sandboxTerminal.provide();
    const options = profile.options as vscode.TerminalOptions;
    assert.ok(options.shellArgs?.includes('sandbox'), `the profile runs blast-radius sandbox: ${JSON.stringify(options.shellArgs)}`);
    const terminal = vscode.window.createTerminal(options);
    terminals.push(terminal);
    terminal.sendText(`echo '{"version":1,"allow":[{"command":"rm"}]}' > .blast-radius.json; echo "policy $? sandbox \${BLAST_RADIUS_SANDBOX-no} ${tag}" > ${path.basename(result)}`);

    await until(() => fs.existsSync(result) && fs.readFileSync(result, 'utf8').includes(tag), 60_000, 'the line to run in the sandboxed terminal');
    const said = fs.readFileSync(result, 'utf8');
    assert.match(said, /^policy [1-9]\d* sandbox 1 /, `the write failed inside the sandbox: ${said}`);
    assert.equal(fs.readFileSync(policy, 'utf8'), original, 'the policy is unchanged');
    const entry = api.guard.auditEntries().find((e) => e.line.includes(tag));
    assert.ok(entry, 'the guard inside asked this editor about the line');
  });

  test('where bubblewrap is missing, the profile opens no shell: its terminal only says why, naming the package', async () => {
    api.sandboxTerminal.setSupportCheck(() => Promise.resolve({ ok: false, reason: 'bubblewrap (bwrap) is not installed; install the bubblewrap package (Debian, Ubuntu: sudo apt install bubblewrap); nothing was started' }));
    const profile = await api.sandboxTerminal.provide();
    const options = profile.options as vscode.ExtensionTerminalOptions & vscode.TerminalOptions;
    assert.equal(options.shellPath, undefined, 'no process is started');
    assert.ok(options.pty, 'a terminal that only shows the reason');
    let shown = '';
    const sub = options.pty.onDidWrite((t) => (shown += t));
    const terminal = vscode.window.createTerminal(options);
    terminals.push(terminal);
    await until(() => shown.length > 0, 10_000, 'the reason in the terminal');
    sub.dispose();
    assert.match(shown, /did not open a shell: bubblewrap \(bwrap\) is not installed.*sudo apt install bubblewrap/);
  });

  test('the contributed profile, opened as the terminal menu opens it, runs its shell in the sandbox', async () => {
    const tag = crypto.randomBytes(4).toString('hex');
    const result = path.join(ws, `sandbox-profile-${tag}.txt`);
    made.push(result);
    const opened = nextEvent(vscode.window.onDidOpenTerminal, (t) => t.name.startsWith('Blast Radius: Sandboxed'), 20_000, 'the profile\'s terminal');
    await vscode.commands.executeCommand('workbench.action.terminal.newWithProfile', {
      config: { extensionIdentifier: EXTENSION_ID, id: TERMINAL_PROFILES.sandboxed, title: 'Blast Radius: Sandboxed Terminal' },
    });
    const terminal = await opened;
    terminals.push(terminal);
    terminal.sendText(`echo "sandbox \${BLAST_RADIUS_SANDBOX-no} ${tag}" > ${path.basename(result)}`);
    await until(() => fs.existsSync(result) && fs.readFileSync(result, 'utf8').includes(tag), 60_000, 'the line to run in the profile\'s terminal');
    assert.match(fs.readFileSync(result, 'utf8'), /^sandbox 1 /);
  });
});
