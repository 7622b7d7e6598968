// The edit review as a person meets it: while the workbench is open, a script plays a
// command-line agent writing risky edits to disk (prevent_destroy removed from Terraform, a
// DROP TABLE appended to a migration). The lines light up, the status bar counts them, and the
// review is driven from the command palette by typing: one change approved, one reverted. File
// contents are checked after each decision; every step leaves a screenshot.
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

const QUICK_INPUT = '.quick-input-widget';

/** Runs a command whose own quick pick follows the palette (the shared runCommand waits for the palette to close). */
async function runCommandIntoPick(page, title, pickTitle) {
  await page.locator('.monaco-workbench').focus();
  await page.keyboard.press('F1');
  const input = page.locator(`${QUICK_INPUT} input.input`);
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await page.keyboard.type(title, { delay: 25 });
  await page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: title }).first().waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.press('Enter');
  await page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: pickTitle }).waitFor({ state: 'visible', timeout: 10000 });
}

/** Types into the open quick pick like a person and picks the first row that shows `rowText`. */
async function typeAndPick(page, text, rowText) {
  await page.keyboard.type(text, { delay: 40 });
  await page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: rowText }).first().waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.press('Enter');
}

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
    const item = await wb.statusBarItem('Blast Radius 2 high', 20000);
    assert.match(await item.innerText(), /Blast Radius 2 high/);
    // the risky hunk carries its CodeLens in the open editor
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'Approve' }).first();
    await lens.waitFor({ state: 'visible', timeout: 15000 });
    assert.match(await page.locator('.monaco-editor .codelens-decoration').first().innerText(), /terraform\.prevent-destroy-removed/);
  });
});

test('the review from the command palette: approve the Terraform change, revert the migration', async () => {
  const { page } = wb;
  await wb.step('review-list', async () => {
    await runCommandIntoPick(page, 'Blast Radius: Review Pending Changes', 'Blast Radius: Pending Review');
    const rows = await page.locator(`${QUICK_INPUT} .monaco-list-row`).allInnerTexts();
    assert.ok(rows.some((r) => /main\.tf/.test(r)), rows.join('\n'));
    assert.ok(rows.some((r) => /003_add_order_status\.sql/.test(r)), rows.join('\n'));
  });
  await wb.step('approve-terraform', async () => {
    await typeAndPick(page, 'main.tf', 'main.tf');
    // the diff opens, then the decision
    await page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: 'terraform.prevent-destroy-removed' }).waitFor({ state: 'visible', timeout: 10000 });
    await page.locator('.tabs-container .tab', { hasText: /main\.tf \(HEAD ↔ current\)/ }).first().waitFor({ state: 'visible', timeout: 10000 });
    await typeAndPick(page, 'Approve', 'Approve');
    await wb.statusBarItem('Blast Radius 1 high', 15000);
    // approving accepts the change; the file stays as the agent left it
    assert.doesNotMatch(fs.readFileSync(tf, 'utf8'), /prevent_destroy/);
  });
  await wb.step('revert-migration', async () => {
    await runCommandIntoPick(page, 'Blast Radius: Review Pending Changes', 'Blast Radius: Pending Review');
    await typeAndPick(page, '003', '003_add_order_status.sql');
    await page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: 'sql.drop-table' }).waitFor({ state: 'visible', timeout: 10000 });
    await typeAndPick(page, 'Revert', 'Revert');
    const text = await waitForFile(migration, (t) => t === migrationOriginal, 'the migration to be reverted');
    assert.equal(text, migrationOriginal);
    // nothing is pending any more: the status bar item drops its count
    const item = await wb.statusBarItem('Blast Radius', 15000);
    const end = Date.now() + 15000;
    while (/\d+ (critical|high|medium|low)/.test(await item.innerText()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.doesNotMatch(await item.innerText(), /\d+ (critical|high|medium|low)/);
    assert.doesNotMatch(fs.readFileSync(tf, 'utf8'), /prevent_destroy/, 'the approved change is left alone');
  });
});
