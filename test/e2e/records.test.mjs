// Records as a person meets them: a dozen decisions in a normal session — held terminal lines
// denied and run once, an agent's risky writes asked about through its hook, agent edits on disk
// reverted from the review diff's title bar — and `git status` of the repository is what it was:
// decisions go to the audit log in the extension's storage, not into the repository. Then the
// Audit Log view finds the denied `terraform destroy` by typing a word of it. Every step leaves
// a screenshot in test-results/.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { DIALOG, heldDialog, sleep, terminalShows, terminalText, typeLine, until } from './lib/terminal.mjs';
import { startWorkbench } from './lib/workbench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const QUICK_INPUT = '.quick-input-widget';

let wb;
let workspace;
let statusBefore;
let decisions = 0;

const gitStatus = () => {
  const r = spawnSync('git', ['status', '--porcelain=v1', '--untracked-files=all', '--ignored=no'], { cwd: workspace, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

/** Runs an agent's hook as Claude Code does; resolves with its decision. */
function hook(payload) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'hook', 'claude-code'], { env: { ...process.env, BLAST_RADIUS_HOOK_JUDGE: 'off', CLAUDE_PROJECT_DIR: workspace } });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(stdout).hookSpecificOutput));
    child.stdin.end(JSON.stringify(payload));
  });
}

/** Answers a typed confirmation when Run Once asks for one (a production target). */
async function answerTypedConfirmation(page) {
  const input = page.locator(`${QUICK_INPUT} input.input`);
  if (!(await input.isVisible({ timeout: 1500 }).catch(() => false))) return;
  const name = await input.getAttribute('placeholder');
  if (name) await page.keyboard.type(name, { delay: 20 });
  await page.keyboard.press('Enter');
}

/** Types a held line, checks the modal names it, and answers Deny (Escape) or Run Once. */
async function decideHeldLine(page, line, answer) {
  await typeLine(page, line);
  const held = await heldDialog(page);
  assert.match(held.text, new RegExp(line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').slice(0, 30)), `the modal names ${line}`);
  if (answer === 'deny') {
    await page.keyboard.press('Escape');
  } else {
    await held.dialog.locator('.monaco-button', { hasText: /^Run Once$/ }).click();
    await answerTypedConfirmation(page);
  }
  await page.locator(DIALOG).waitFor({ state: 'hidden', timeout: 10000 });
  decisions++;
  // the guard's word on this line, below it in the terminal, before the next line is typed
  const said = answer === 'deny' ? 'blast-radius: refused: denied by you' : 'blast-radius: allowed once by you';
  await until(async () => {
    const text = (await terminalText(page)).replace(/\s+/g, ' ');
    const at = text.lastIndexOf(line);
    return at >= 0 && text.slice(at).includes(said);
  }, `"${said}" after ${line}`);
  await sleep(500);
}

/** A button of the active editor's title bar, by its title. */
function titleButton(page, title) {
  return page.locator(`.editor-group-container.active .editor-actions .action-label[aria-label^="${title}"]`).first();
}

before(async () => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  wb = await startWorkbench('records', { settings: { 'terminal.integrated.gpuAcceleration': 'off' } });
  workspace = new URL(wb.url).searchParams.get('folder');
  await wb.statusBarItem('Blast Radius');
});

after(async () => {
  if (wb) await wb.close();
});

test('a dozen decisions leave git status unchanged', async () => {
  const { page } = wb;
  await wb.step('terminal', async () => {
    await wb.runCommand('Terminal: Create New Terminal');
    await page.locator('.terminal-wrapper.active .xterm').waitFor({ state: 'visible', timeout: 20000 });
    await terminalShows(page, /[$#] *$/m, 'the first prompt', 30000);
    statusBefore = gitStatus();
  });
  await wb.step('terminal-decisions', async () => {
    // denied: none of these runs (each would fail harmlessly here anyway: no state, no cluster, no server)
    for (const line of [
      'terraform destroy -auto-approve',
      'kubectl delete namespace shop',
      'gcloud projects delete shop-prod',
      "psql -c 'DROP DATABASE shop'",
      'git push --force-with-lease origin main',
    ]) {
      await decideHeldLine(page, line, 'deny');
    }
    // run once: lines that fail without a remote or the tool
    for (const line of ['git push --force origin main', 'git push origin --delete main', 'redis-cli FLUSHALL']) {
      await decideHeldLine(page, line, 'run-once');
    }
  });
  await wb.step('agent-hook-decisions', async () => {
    const write = (name) => ({
      session_id: 'e2e-records',
      cwd: workspace,
      hook_event_name: 'PreToolUse',
      tool_name: 'Write',
      tool_input: { file_path: path.join(workspace, 'db', 'migrations', name), content: 'DROP TABLE customers;\n' },
      tool_use_id: `toolu_${name}`,
    });
    for (const [name, button, expected] of [
      ['010_drop_customers.sql', /^Deny$/, 'deny'],
      ['011_drop_customers.sql', /^Allow Once$/, 'allow'],
    ]) {
      const answer = hook(write(name));
      const dialog = page.locator(DIALOG);
      await dialog.waitFor({ state: 'visible', timeout: 20000 });
      await dialog.locator('.monaco-button', { hasText: button }).click();
      assert.equal((await answer).permissionDecision, expected);
      await dialog.waitFor({ state: 'hidden', timeout: 10000 });
      decisions++;
    }
  });
  await wb.step('edit-reverts', async () => {
    // an agent writing to disk; each change reverted from the review diff's title bar
    const tf = path.join(workspace, 'terraform', 'main.tf');
    const migration = path.join(workspace, 'db', 'migrations', '003_add_order_status.sql');
    const originals = new Map([tf, migration].map((f) => [f, fs.readFileSync(f, 'utf8')]));
    fs.writeFileSync(tf, originals.get(tf).replace(/^\s*prevent_destroy = true\n/m, ''));
    fs.writeFileSync(migration, `${originals.get(migration)}DROP TABLE customers;\n`);
    await wb.statusBarItem('Blast Radius 2 high', 20000);
    await wb.runCommand('Blast Radius: Review Pending Changes');
    const activeTab = page.locator('.editor-group-container.active .tabs-container .tab.active').first();
    for (let i = 0; i < 2; i++) {
      // the diff of a file still as the agent left it (the reverted one's diff closes, the next opens)
      await until(async () => {
        const label = (await activeTab.innerText().catch(() => '')).trim();
        return [...originals].some(([f, text]) => label.startsWith(`${path.basename(f)} (`) && fs.readFileSync(f, 'utf8') !== text);
      }, 'the review diff of a changed file');
      const revert = titleButton(page, 'Revert These Changes');
      await revert.waitFor({ state: 'visible', timeout: 15000 });
      await revert.click();
      decisions++;
      await until(() => [...originals].filter(([f, text]) => fs.readFileSync(f, 'utf8') === text).length === i + 1, `${i + 1} file(s) reverted`);
    }
    for (const [f, text] of originals) assert.equal(fs.readFileSync(f, 'utf8'), text, `${path.basename(f)} is back as it was`);
  });
  await wb.step('git-status-unchanged', async () => {
    assert.ok(decisions >= 12, `${decisions} decisions`);
    // the modals and the review have settled; anything they were going to write has been written
    await sleep(2000);
    assert.equal(gitStatus(), statusBefore, 'git status is what it was before the decisions');
    assert.ok(!fs.existsSync(path.join(workspace, '.blast-radius', 'reviews')), 'no review records in the repository');
  });
});

test('the Audit Log view finds the denied terraform destroy by a word of it', async () => {
  const { page } = wb;
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /Audit Log/i }) }).first();
  await wb.step('audit-view', async () => {
    await wb.runCommand('Blast Radius: Show Audit Log');
    await pane.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 15000 });
    const rows = (await pane.locator('.monaco-list-row').allInnerTexts()).join('\n');
    // grouped by day (Today, or Yesterday just after midnight), each with its count
    assert.match(rows, /(Today|Yesterday), \d{4}-\d\d-\d\d \(\d+\)/, rows);
  });
  await wb.step('audit-filter', async () => {
    await pane.locator('.pane-header').hover();
    await pane.locator('.pane-header .action-label[aria-label^="Filter Audit Log"]').click();
    const input = page.locator(`${QUICK_INPUT} input.input`);
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await page.keyboard.type('terraform denied', { delay: 30 });
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 5000 });
    // the view shows what the filter found: the denied line, and no other line
    await until(async () => {
      const text = (await pane.locator('.monaco-list-row').allInnerTexts()).join('\n');
      return /terraform destroy -auto-approve/.test(text) && !/kubectl|redis-cli|git push/.test(text);
    }, 'the view to show only the entries with both words');
    const rows = (await pane.locator('.monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    const entry = rows.find((r) => /terraform destroy -auto-approve/.test(r));
    assert.match(entry, /denied/, entry);
    assert.match(entry, /you/, `decided by the person: ${entry}`);
    // every entry shown has both words; the other lines are gone
    assert.ok(!rows.some((r) => /kubectl|redis-cli|git push/.test(r)), rows.join('\n'));
    assert.match(await pane.innerText(), /1 of \d+ entries have all of “terraform denied”/);
  });
});
