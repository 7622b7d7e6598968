// The confirmation modal as a person meets it, in the real editor with the packaged extension and
// a policy that also holds medium findings (user settings):
// - high: `git checkout -- .` over real uncommitted work names the files it would discard; its
//   buttons are Run Once, Deny and Details… (Enter opens the details, Escape denies); no Always
//   Allow; the rule id is behind Details…;
// - medium: `git push origin main` offers Always Allow, which says what it writes and where, and
//   writes exactly that entry to the user's settings; the line then runs without a modal;
// - critical: the error icon, no Always Allow;
// - measured critical: `terraform apply tfplan` whose saved plan replaces a database (a stand-in
//   `terraform` first on the editor's PATH prints a recorded `show -json` plan; no provider, no
//   network): progress while the plan is read, then the modal names the database's address; the
//   apply never runs.
// Every step leaves a screenshot in test-results/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DIALOG, heldDialog, noDialogFor, terminalShows, typeLine, until } from './lib/terminal.mjs';
import { startWorkbench } from './lib/workbench.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const probeFixtures = path.join(repoRoot, 'test', 'fixtures', 'probes');

let wb;
let workspace;
let terraformCalls;

/** The held modal: its text, buttons in screen order, the focused one, and its icon. */
async function modal(page) {
  const held = await heldDialog(page);
  const icon = (await held.dialog.locator('.dialog-icon').getAttribute('class')) ?? '';
  return { ...held, icon: /codicon-(dialog-)?error/.test(icon) ? 'error' : /codicon-(dialog-)?warning/.test(icon) ? 'warning' : icon };
}

/** Clicks a button of the open dialog and waits for that dialog to go (another may follow). */
async function press(held, label) {
  await held.dialog.locator('.monaco-button', { hasText: new RegExp(`^${label}$`) }).click();
}

const read = (rel) => fs.readFileSync(path.join(workspace, rel), 'utf8');

/** The records of every audit.jsonl the extension wrote under the session's user data. */
function auditEntries() {
  const files = fs.readdirSync(path.join(path.dirname(workspace), 'user-data'), { recursive: true }).filter((f) => path.basename(f) === 'audit.jsonl');
  return files.flatMap((f) =>
    fs
      .readFileSync(path.join(path.dirname(workspace), 'user-data', f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  );
}

before(async () => {
  terraformCalls = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'br-e2e-tf-')), 'calls.log');
  wb = await startWorkbench('modal', {
    // the stand-in terraform (test/fixtures/probes/bin) first on the editor's PATH; VSCODE_CLI
    // as when the editor is started from a shell (`code .`): it keeps that shell's environment
    // instead of reading a login shell's, whose profile would put the machine's PATH first
    env: {
      VSCODE_CLI: '1',
      PATH: `${path.join(probeFixtures, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      BR_FAKE_TF_PLAN: path.join(probeFixtures, 'plan-replace-db.json'),
      BR_FAKE_TF_LOG: terraformCalls,
      BR_FAKE_TF_DELAY: '3',
    },
    settings: {
      'terminal.integrated.gpuAcceleration': 'off',
      // hold medium findings too, so the medium modal can be shown
      'blastRadius.policy.severity': { critical: 'confirm', high: 'confirm', medium: 'confirm', low: 'allow' },
    },
  });
  workspace = new URL(wb.url).searchParams.get('folder');
  await wb.statusBarItem('Blast Radius');
  await wb.runCommand('Terminal: Create New Terminal');
  await wb.page.locator('.terminal-wrapper.active .xterm').waitFor({ state: 'visible', timeout: 20000 });
  await terminalShows(wb.page, /[$#] *$/m, 'the first prompt', 30000);
});

after(async () => {
  if (wb) await wb.close();
  if (terraformCalls) fs.rmSync(path.dirname(terraformCalls), { recursive: true, force: true });
});

test('high: git checkout -- . over real uncommitted work names the file count; Run Once, Deny, Details…; no Always Allow', async () => {
  const { page } = wb;
  fs.appendFileSync(path.join(workspace, 'README.md'), '\nWork in progress: the release notes.\n');
  fs.appendFileSync(path.join(workspace, 'src', 'server.js'), '\n// TODO: rate limiting\n// and retries\n');
  let held;
  await wb.step('high-modal', async () => {
    await typeLine(page, 'git checkout -- .');
    held = await modal(page);
    assert.match(held.text, /Run this high-risk command\?/);
    assert.match(held.text, /\$ git checkout -- \./, 'the command, as code');
    assert.match(held.text, /High — Discards uncommitted changes in 2 files \(\+5 −0\): README\.md and src\/server\.js/);
    assert.deepEqual(held.buttons, ['Run Once', 'Deny', 'Details…'], 'one Deny, no Cancel, no Always Allow');
    assert.deepEqual(held.primary, ['Details…']);
    assert.equal(held.focused, 'Details…', 'Enter opens the details; it never runs the line');
    assert.equal(held.icon, 'warning');
    assert.doesNotMatch(held.text, /git\.discard-changes/, 'the rule id is behind Details…');
  });
  await wb.step('high-details', async () => {
    await page.keyboard.press('Enter');
    await until(async () => /^Details: /.test(await page.locator(`${DIALOG} .dialog-message-text`).innerText().catch(() => '')), 'the details');
    held = await modal(page);
    assert.match(held.text, /git\.discard-changes \(high\)/);
    assert.match(held.text, /git: git checkout -- \. · in .*demo-workspace · \d+ ms · medium → high|git: git checkout -- \. · in .*demo-workspace · \d+ ms/);
    assert.deepEqual(held.buttons, ['Rule Help', 'Deny', 'Back']);
  });
  await wb.step('high-rule-help', async () => {
    // Rule Help opens the rule's page beside the editor and asks again; nothing has run
    await press(held, 'Rule Help');
    await page.locator('.tabs-container .tab', { hasText: /git\.discard-changes/ }).first().waitFor({ state: 'visible', timeout: 15000 });
    await until(async () => /^Run this/.test(await page.locator(`${DIALOG} .dialog-message-text`).innerText().catch(() => '')), 'the modal again');
    held = await modal(page);
    assert.match(read('README.md'), /Work in progress/, 'the work is still there while the line is held');
  });
  await wb.step('high-escape-denies', async () => {
    // the rule page took the focus behind the modal: click rather than press Enter
    await press(held, 'Details…');
    await until(async () => /^Details: /.test(await page.locator(`${DIALOG} .dialog-message-text`).innerText().catch(() => '')), 'the details again');
    held = await modal(page);
    await press(held, 'Back');
    await until(async () => /^Run this/.test(await page.locator(`${DIALOG} .dialog-message-text`).innerText().catch(() => '')), 'the modal again');
    await page.keyboard.press('Escape');
    await page.locator(DIALOG).waitFor({ state: 'hidden', timeout: 10000 });
    await terminalShows(page, /blast-radius: refused: denied by you in the editor — Discards uncommitted changes in 2 files/, 'the refusal with the measurement');
    assert.match(read('README.md'), /Work in progress/, 'the work is still there');
    assert.match(read('src/server.js'), /rate limiting/);
  });
});

test('medium (a policy that holds medium): Always Allow appears, says what and where, and writes exactly that', async () => {
  const { page } = wb;
  const settingsFile = path.join(path.dirname(workspace), 'user-data', 'User', 'settings.json');
  let held;
  await wb.step('medium-modal', async () => {
    await typeLine(page, 'git push origin main');
    held = await modal(page);
    assert.match(held.text, /Run this medium-risk command\?/);
    assert.match(held.text, /Medium — Pushes straight to main/);
    assert.match(held.text, /Always Allow adds `git push origin main` to blastRadius\.policy\.allow in your user settings: exactly that command then runs without asking, in every workspace\./);
    assert.deepEqual(held.buttons, ['Run Once', 'Always Allow', 'Deny', 'Details…']);
    assert.equal(held.focused, 'Details…');
    assert.equal(held.icon, 'warning');
  });
  await wb.step('medium-always-allowed', async () => {
    await press(held, 'Always Allow');
    await page.locator(DIALOG).waitFor({ state: 'hidden', timeout: 10000 });
    await terminalShows(page, /this command is now always allowed \(your user settings\)/, 'the answer in the terminal');
    await until(() => /\^push origin main\$/.test(fs.readFileSync(settingsFile, 'utf8')), 'the entry in the user settings');
    const allow = JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['blastRadius.policy.allow'];
    assert.deepEqual(
      allow.map((e) => [e.command, e.argsRegex]),
      [['git', '^push origin main$']],
    );
    // the same line now runs (and fails: the demo repository has no remote) without a modal
    await typeLine(page, 'git push origin main');
    await terminalShows(page, /'origin' does not appear to be a git repository/, "git's own answer");
    await noDialogFor(page, 1500);
  });
});

test('critical: the error icon, and no Always Allow', async () => {
  const { page } = wb;
  await wb.step('critical-modal', async () => {
    await typeLine(page, 'git push --force origin main');
    const held = await modal(page);
    assert.match(held.text, /Run this critical-risk command\?/);
    assert.equal(held.icon, 'error');
    assert.deepEqual(held.buttons, ['Run Once', 'Deny', 'Details…']);
    await wb.screenshot('critical-modal-shown');
    await page.keyboard.press('Escape');
    await page.locator(DIALOG).waitFor({ state: 'hidden', timeout: 10000 });
    await terminalShows(page, /blast-radius: refused: denied by you in the editor/, 'the refusal');
  });
});

test('measured critical: terraform apply tfplan whose plan replaces a database is held with its address named', async () => {
  const { page } = wb;
  fs.writeFileSync(path.join(workspace, 'tfplan'), 'a saved plan (terraform reads it; the stand-in prints the recorded one)\n');
  let held;
  await wb.step('terraform-reading-plan', async () => {
    await typeLine(page, 'terraform apply tfplan');
    // the line is held while the slow probe reads the plan, and the person sees that it is
    const progress = await wb.notification(/reading the saved plan before asking you about/, 20000);
    assert.match(progress, /reading the saved plan before asking you about `terraform apply tfplan`… \(Cancel skips it\)/);
  });
  await wb.step('terraform-modal', async () => {
    held = await modal(page);
    assert.match(held.text, /Run this critical-risk command\?/);
    assert.match(held.text, /\$ terraform apply tfplan/);
    assert.match(held.text, /Critical — Replaces aws_db_instance\.orders \(its data goes\) and destroys 2 more resources/);
    assert.equal(held.icon, 'error');
    assert.deepEqual(held.buttons, ['Run Once', 'Deny', 'Details…'], 'no Always Allow for a database');
  });
  await wb.step('terraform-details', async () => {
    await page.keyboard.press('Enter');
    await until(async () => /^Details: /.test(await page.locator(`${DIALOG} .dialog-message-text`).innerText().catch(() => '')), 'the details');
    held = await modal(page);
    assert.match(held.text, /iac\.terraform-apply-plan \(critical\)/);
    assert.match(held.text, /terraform: terraform apply tfplan · in .*demo-workspace · \d+ ms · high → critical/);
    assert.deepEqual(held.buttons, ['Rule Help', 'Deny', 'Back']);
  });
  await wb.step('terraform-denied', async () => {
    await press(held, 'Deny');
    await page.locator(DIALOG).waitFor({ state: 'hidden', timeout: 10000 });
    await terminalShows(page, /blast-radius: refused: denied by you in the editor — Replaces aws_db_instance\.orders \(its data goes\)/, 'the refusal naming the database');
    // terraform was asked to show the plan, never to apply it
    const calls = fs.readFileSync(terraformCalls, 'utf8').trim().split('\n');
    assert.deepEqual(calls, [`${workspace}: show -json -no-color tfplan`]);
  });
  await wb.step('terraform-audit-log', async () => {
    // the audit log on disk records the decision with what was measured
    let entry;
    await until(() => {
      entry = auditEntries().find((e) => e.line === 'terraform apply tfplan');
      return entry !== undefined;
    }, 'the audit entry');
    assert.deepEqual([entry.decision, entry.decidedBy, entry.severity], ['deny', 'person', 'critical']);
    assert.match(entry.reason, /Replaces aws_db_instance\.orders \(its data goes\) and destroys 2 more resources/);
    const probe = entry.measured?.probes?.[0];
    assert.equal(probe?.kind, 'terraform');
    assert.equal(probe?.plan?.destroyed?.[0]?.address, 'aws_db_instance.orders');
    assert.deepEqual(probe?.effect, { from: 'high', to: 'critical' });
  });
});
