// An agent's risky file change as a person meets it: Claude Code's hook (the built CLI, run the
// way the agent runs it) is about to let the agent write a migration that drops a table. With the
// editor open on the workspace, the real modal asks about the change; Deny keeps the file from
// being written and the agent is told why, Allow Once lets the agent go ahead. Screenshots in
// test-results/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startWorkbench } from './lib/workbench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const DIALOG = '.monaco-dialog-box';
const MIGRATION = path.join('db', 'migrations', '010_drop_customers.sql');

let wb;
let workspace;

/** Runs the hook as Claude Code does and resolves with its output; the agent waits meanwhile. */
function hook(payload) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'hook', 'claude-code'], { env: { ...process.env, BLAST_RADIUS_HOOK_JUDGE: 'off', CLAUDE_PROJECT_DIR: workspace } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(JSON.stringify(payload));
  });
}

const writeMigration = () => ({
  session_id: 'e2e',
  cwd: workspace,
  hook_event_name: 'PreToolUse',
  tool_name: 'Write',
  tool_input: { file_path: path.join(workspace, MIGRATION), content: 'DROP TABLE customers;\n' },
  tool_use_id: 'toolu_e2e',
});

/** The modal: waits for it and returns its text and buttons. */
async function changeDialog(page) {
  const dialog = page.locator(DIALOG);
  await dialog.waitFor({ state: 'visible', timeout: 20000 });
  const buttons = (await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim()).filter(Boolean);
  const primary = (await dialog.locator('.dialog-buttons .monaco-button:not(.secondary)').allInnerTexts()).map((b) => b.trim());
  return { dialog, text: await dialog.innerText(), buttons, primary };
}

before(async () => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  wb = await startWorkbench('agent-edit');
  workspace = new URL(wb.url).searchParams.get('folder');
  await wb.statusBarItem('Blast Radius');
});

after(async () => {
  if (wb) await wb.close();
});

test('a risky write by an agent is asked about in the editor; Deny keeps the file unwritten and tells the agent', async () => {
  const { page } = wb;
  await wb.step('edit-held', async () => {
    const answer = hook(writeMigration());
    let asked = await changeDialog(page);
    assert.match(asked.text, /claude-code wants to make this high-risk change\?/);
    assert.match(asked.text, /writing `db\/migrations\/010_drop_customers\.sql`/);
    assert.match(asked.text, /High — db\/migrations\/010_drop_customers\.sql:1: drops the table customers/);
    assert.match(asked.text, /Nothing was written yet\./);
    assert.deepEqual(asked.buttons, ['Allow Once', 'Deny', 'Details…'], 'one Deny (Escape), no Cancel beside it');
    assert.deepEqual(asked.primary, ['Details…'], `the default button only looks closer: ${asked.buttons.join(', ')}`);
    await wb.screenshot('edit-modal');
    // the rule is behind Details…; Back returns to the question
    await asked.dialog.locator('.monaco-button', { hasText: /^Details…$/ }).click();
    await page.locator(`${DIALOG} .dialog-message-text`, { hasText: /^Details: / }).waitFor({ timeout: 10000 });
    const details = await changeDialog(page);
    assert.match(details.text, /sql\.drop-table \(high\) · db\/migrations\/010_drop_customers\.sql:1/);
    await wb.screenshot('edit-details');
    await details.dialog.locator('.monaco-button', { hasText: /^Back$/ }).click();
    await page.locator(`${DIALOG} .dialog-message-text`, { hasText: /^claude-code wants/ }).waitFor({ timeout: 10000 });
    asked = await changeDialog(page);
    assert.match(asked.text, /claude-code wants to make this high-risk change\?/);
    await asked.dialog.locator('.monaco-button', { hasText: /^Deny$/ }).click();
    const out = await answer;
    assert.equal(out.code, 0, out.stderr);
    const decision = JSON.parse(out.stdout).hookSpecificOutput;
    assert.equal(decision.permissionDecision, 'deny');
    assert.match(decision.permissionDecisionReason, /^Blast Radius: the user refused writing `db\/migrations\/010_drop_customers\.sql` in the editor/);
    assert.ok(!fs.existsSync(path.join(workspace, MIGRATION)));
  });
});

test('Allow Once lets the agent write it', async () => {
  const { page } = wb;
  await wb.step('edit-allowed', async () => {
    const answer = hook(writeMigration());
    const asked = await changeDialog(page);
    await asked.dialog.locator('.monaco-button', { hasText: /^Allow Once$/ }).click();
    const out = await answer;
    const decision = JSON.parse(out.stdout).hookSpecificOutput;
    assert.equal(decision.permissionDecision, 'allow');
    assert.equal(decision.permissionDecisionReason, 'Blast Radius: the user approved writing `db/migrations/010_drop_customers.sql` in the editor.');
  });
});
