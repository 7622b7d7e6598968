// The edit review as a person meets it: while the workbench is open, a script plays a
// command-line agent writing risky edits to disk (prevent_destroy removed from Terraform, a
// DROP TABLE appended to a migration, a Deployment scaled to zero). The lines light up, the
// status bar counts them, and the review is driven from the diff editor's title bar: the first
// change approved (its diff closes and the next opens by itself), Next, the third reverted. The
// person clicks into the diff on the way; the buttons stay. File contents are checked after each
// decision; every step leaves a screenshot.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startWorkbench } from './lib/workbench.mjs';

let wb;
let workspace;
let tf;
let migration;
let tfOriginal;
let migrationOriginal;
let deployment;
let deploymentOriginal;

const QUICK_INPUT = '.quick-input-widget';

async function waitForFile(file, pred, what, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const text = fs.readFileSync(file, 'utf8');
    if (pred(text)) return text;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; ${path.basename(file)} is:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  wb = await startWorkbench('edits');
  workspace = new URL(wb.url).searchParams.get('folder');
  tf = path.join(workspace, 'terraform', 'main.tf');
  migration = path.join(workspace, 'db', 'migrations', '003_add_order_status.sql');
  tfOriginal = fs.readFileSync(tf, 'utf8');
  migrationOriginal = fs.readFileSync(migration, 'utf8');
  deployment = path.join(workspace, 'k8s', 'deployment.yaml');
  deploymentOriginal = fs.readFileSync(deployment, 'utf8');
  await wb.statusBarItem('Blast Radius');
});

after(async () => {
  if (wb) await wb.close();
});

test('an agent writing risky edits on disk lights up the lines and the status bar', async () => {
  const { page } = wb;
  await wb.step('open-terraform', async () => {
    await page.locator('.monaco-workbench').focus();
    await page.keyboard.press('Control+P');
    await page.locator(`${QUICK_INPUT} input.input`).waitFor({ state: 'visible', timeout: 5000 });
    await page.keyboard.type('main.tf', { delay: 25 });
    await page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: 'main.tf' }).first().waitFor({ state: 'visible', timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'main.tf' }).first().waitFor({ state: 'visible', timeout: 10000 });
  });
  await wb.step('agent-writes', async () => {
    // the agent: plain disk writes, as a command-line agent makes them
    fs.writeFileSync(tf, tfOriginal.replace(/^\s*prevent_destroy = true\n/m, ''));
    fs.writeFileSync(migration, `${migrationOriginal}DROP TABLE customers;\n`);
    fs.writeFileSync(deployment, deploymentOriginal.replace('replicas: 3', 'replicas: 0'));
    const item = await wb.statusBarItem('Blast Radius 3 high', 20000);
    assert.match(await item.innerText(), /Blast Radius 3 high/);
    // the risky hunk carries its CodeLens in the open editor
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'Approve' }).first();
    await lens.waitFor({ state: 'visible', timeout: 15000 });
    assert.match(await page.locator('.monaco-editor .codelens-decoration').first().innerText(), /terraform\.prevent-destroy-removed/);
  });
});

/** The three files the agent changed, by the name the diff tab shows. */
function files() {
  return {
    'main.tf': { file: tf, original: tfOriginal, agent: (t) => !/prevent_destroy/.test(t) },
    '003_add_order_status.sql': { file: migration, original: migrationOriginal, agent: (t) => /DROP TABLE customers;/.test(t) },
    'deployment.yaml': { file: deployment, original: deploymentOriginal, agent: (t) => /replicas: 0/.test(t) },
  };
}

/** The file name of the review diff in the active editor group, once one shows. */
async function shownDiff(page, not, timeout = 15000) {
  const tab = page.locator('.editor-group-container.active .tabs-container .tab.active');
  const end = Date.now() + timeout;
  for (;;) {
    const label = (await tab.count()) > 0 ? (await tab.first().innerText().catch(() => '')).trim() : '';
    const m = /^(\S+) \((?:HEAD|approved|first seen|new file|baseline) ↔ current\)/.exec(label);
    if (m && m[1] !== not) return m[1];
    if (Date.now() > end) throw new Error(`timed out waiting for a review diff${not ? ` other than ${not}` : ''}; the active tab is "${label}"`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A button of the active editor's title bar, by its title. */
function titleButton(page, title) {
  return page.locator(`.editor-group-container.active .editor-actions .action-label[aria-label^="${title}"]`).first();
}

async function statusCount(pattern) {
  const item = await wb.statusBarItem('Blast Radius', 15000);
  const end = Date.now() + 15000;
  while (!pattern.test(await item.innerText()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  assert.match(await item.innerText(), pattern);
}

test('the review from the diff title bar: approve, then Next, then revert', async () => {
  const { page } = wb;
  const all = files();
  let first;
  let second;
  let third;
  await wb.step('review-opens-diff', async () => {
    await wb.runCommand('Blast Radius: Review Pending Changes');
    first = await shownDiff(page);
    assert.ok(all[first], `the diff is of a file the agent changed: ${first}`);
    for (const title of ['Approve These Changes', 'Revert These Changes', 'Next Pending Change']) {
      await titleButton(page, title).waitFor({ state: 'visible', timeout: 10000 });
    }
    // nothing covers the diff: no quick pick is open over it
    assert.equal(await page.locator('.quick-input-widget').isVisible(), false, 'no picker over the diff');
  });
  await wb.step('click-into-diff', async () => {
    // a person reads and clicks in the diff; the review stays where it is
    await page.locator('.editor-group-container.active .monaco-diff-editor .editor.modified .view-lines').first().click();
    await page.keyboard.press('PageDown');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await shownDiff(page), first);
    await titleButton(page, 'Approve These Changes').waitFor({ state: 'visible', timeout: 5000 });
  });
  await wb.step('approve-first', async () => {
    await titleButton(page, 'Approve These Changes').click();
    // a high-risk approval from one click is confirmed in the modal
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10000 });
    assert.match(await dialog.innerText(), new RegExp(`Approve this high-risk change`));
    await dialog.locator('.monaco-button', { hasText: /^Approve$/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10000 });
    // the approved file's diff closes and the next pending file opens by itself
    second = await shownDiff(page, first);
    assert.ok(all[second] && second !== first, second);
    await statusCount(/Blast Radius 2 high/);
    // approving keeps the agent's change
    assert.ok(all[first].agent(fs.readFileSync(all[first].file, 'utf8')), `${first} keeps the approved change`);
    const open = (await page.locator('.tabs-container .tab').allInnerTexts()).map((t) => t.trim());
    assert.ok(!open.some((t) => t.startsWith(`${first} (`)), `no diff of ${first} is left open: ${open.join(' | ')}`);
  });
  await wb.step('next', async () => {
    await titleButton(page, 'Next Pending Change').click();
    third = await shownDiff(page, second);
    assert.ok(all[third] && third !== first && third !== second, third);
    // the skipped file is still pending and still as the agent left it
    assert.ok(all[second].agent(fs.readFileSync(all[second].file, 'utf8')));
  });
  await wb.step('revert-third', async () => {
    await titleButton(page, 'Revert These Changes').click();
    const text = await waitForFile(all[third].file, (t) => t === all[third].original, `${third} to be reverted`);
    assert.equal(text, all[third].original);
    await statusCount(/Blast Radius 1 high/);
    // its diff closes; the remaining pending file opens
    assert.equal(await shownDiff(page, third), second);
    assert.ok(all[first].agent(fs.readFileSync(all[first].file, 'utf8')), 'the approved change is left alone');
    assert.ok(all[second].agent(fs.readFileSync(all[second].file, 'utf8')), 'the skipped change is left alone');
  });
});
