// The confirmation modal as a person meets it, in the real editor with the packaged extension and
// a policy that also holds medium findings (user settings):
// - high: `git checkout -- .` over real uncommitted work names the files it would discard; its
//   buttons are Run Once, Deny and Details… (Enter opens the details, Escape denies); no Always
//   Allow; the rule id is behind Details…;
// - medium: `git push origin main` offers Always Allow, which says what it writes and where, and
//   writes exactly that entry to the user's settings; the line then runs without a modal;
// - critical: the error icon, no Always Allow.
// Every step leaves a screenshot in test-results/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DIALOG, heldDialog, noDialogFor, terminalShows, typeLine, until } from './lib/terminal.mjs';
import { startWorkbench } from './lib/workbench.mjs';

let wb;
let workspace;

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

before(async () => {
  wb = await startWorkbench('modal', {
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
    assert.deepEqual(held.buttons, ['Deny', 'Back']);
  });
  await wb.step('high-escape-denies', async () => {
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
