// The first five minutes as a newcomer meets them: "Blast Radius: Get Started" opens the
// walkthrough with its six steps; the held-command step's button opens a guarded terminal in a
// scratch git repository with `git clean -fdx` typed in, Enter holds it and the real modal asks,
// Deny keeps the scratch repository's untracked files; the agent-like edit step makes the
// Pending Review view light up with the dropped table and the removed prevent_destroy.
// Screenshots of every step go to test-results/e2e-walkthrough-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DIALOG, heldDialog, terminalShows, typeLine, until } from './lib/terminal.mjs';
import { startWorkbench } from './lib/workbench.mjs';

let wb;
let scratch;

const STEPS = ['What Blast Radius guards', 'Run a safe command', 'Try a held command', 'Review an agent-like edit', 'Set up agent hooks', 'Write the workspace policy'];

before(async () => {
  wb = await startWorkbench('walkthrough', { settings: { 'terminal.integrated.gpuAcceleration': 'off' } });
  await wb.statusBarItem('Blast Radius');
});

after(async () => {
  if (wb) await wb.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** The walkthrough step titled `title`. */
const stepNamed = (title) => wb.page.locator('.getting-started-step', { hasText: title }).first();

/** The button labelled `label` in a step. */
const buttonOf = (title, label) => stepNamed(title).locator('.monaco-button, a', { hasText: label }).first();

/** Opens a step and presses its button, like a person. */
async function pressStepButton(title, label) {
  await stepNamed(title).click();
  await buttonOf(title, label).waitFor({ state: 'visible', timeout: 5000 });
  await buttonOf(title, label).click();
}

test('Get Started opens the walkthrough with its six steps', async () => {
  const { page } = wb;
  await wb.step('open', async () => {
    await wb.runCommand('Blast Radius: Get Started');
    await page.locator('.gettingStartedSlideDetails', { hasText: 'Get Started with Blast Radius' }).waitFor({ state: 'visible', timeout: 20000 });
    const titles = (await page.locator('.getting-started-step .step-title').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(titles, STEPS);
    // the first step is open, with its page and its button
    await buttonOf(STEPS[0], 'Show Status').waitFor({ state: 'visible', timeout: 5000 });
  });
});

test('the held-command step: git clean -fdx in the scratch repository is held, and Deny keeps its files', async () => {
  const { page } = wb;
  await wb.step('held-step', async () => {
    await pressStepButton('Try a held command', 'Try git clean -fdx');
    // a terminal in the scratch repository, with the line typed in and not run
    await page.locator('.terminal-wrapper.active .xterm').waitFor({ state: 'visible', timeout: 30000 });
    await terminalShows(page, /[$#] git clean -fdx\s*$/m, 'the line typed at the prompt', 30000);
    assert.equal(await page.locator(DIALOG).count(), 0, 'nothing is asked before Enter');
  });
  let held;
  await wb.step('held-dialog', async () => {
    await page.locator('.terminal-wrapper.active .xterm').click();
    await page.keyboard.press('Enter');
    held = await heldDialog(page);
    assert.match(held.text, /git clean -fdx/, 'the modal names the exact command');
    assert.match(held.text, /High — Deletes /, 'the modal says what it would delete');
    assert.ok(held.buttons.includes('Deny') && held.buttons.includes('Run Once'), held.buttons.join(', '));
  });
  await wb.step('held-denied', async () => {
    await held.dialog.locator('.monaco-button', { hasText: /^Deny$/ }).click();
    await page.locator(DIALOG).waitFor({ state: 'hidden', timeout: 10000 });
    await terminalShows(page, /blast-radius: refused: denied by you in the editor/, "the guard's reason in the terminal");
    await typeLine(page, 'pwd');
    const text = await terminalShows(page, /^\/\S*blast-radius-scratch-\S+$/m, 'the scratch repository folder');
    scratch = /^(\/\S*blast-radius-scratch-\S+)$/m.exec(text)[1];
    for (const f of ['drafts/plan.md', 'build/app.js', 'debug.log', 'README.md']) assert.ok(fs.existsSync(path.join(scratch, f)), `${f} survived`);
    // the step counts as done
    await stepNamed('Try a held command').locator('.codicon-getting-started-step-checked').waitFor({ state: 'attached', timeout: 10000 });
  });
});

test('the agent-like edit step lights up the review with the dropped table and the removed protection', async () => {
  const { page } = wb;
  await wb.step('agent-edit', async () => {
    await pressStepButton('Review an agent-like edit', 'Make an Agent-Like Edit');
    // the review watches the scratch repository (not added to the workspace: nothing restarts), then the edit is written
    await until(() => fs.existsSync(path.join(scratch, 'db', 'migrations', '002_drop_orders.sql')), 'the agent-like edit on disk', 60000);
    const pending = page.locator('.pane', { hasText: 'Pending Review' });
    await pending.locator('.monaco-list-row', { hasText: 'sql.drop-table' }).waitFor({ state: 'visible', timeout: 60000 });
    await pending.locator('.monaco-list-row', { hasText: 'terraform.prevent-destroy-removed' }).waitFor({ state: 'visible', timeout: 30000 });
    assert.match(await (await wb.statusBarItem('Blast Radius')).innerText(), /high/);
    // nothing restarted: the walkthrough is still open on this step, and the window's folders are as they were
    await stepNamed('Review an agent-like edit').waitFor({ state: 'visible', timeout: 5000 });
    assert.doesNotMatch(await page.title(), /Untitled|Workspace\)/, 'the window did not become an untitled workspace');
  });
});
