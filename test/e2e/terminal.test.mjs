// The terminal guard as a person meets it: in a git repository with untracked work, `git clean
// -fdx` typed into the integrated terminal (bash) is held and the real modal asks. Deny leaves the
// files on disk and the terminal says why; Run Once lets the line run and the files go. Ordinary
// lines — writing a file, clearing build output with `rm -rf dist` inside the workspace — run
// without a modal. Every step leaves a screenshot in test-results/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DIALOG, heldDialog, noDialogFor, sleep, terminalShows, terminalText, typeLine, until } from './lib/terminal.mjs';
import { startWorkbench } from './lib/workbench.mjs';

let wb;
let workspace;

const UNTRACKED = ['notes/todo.txt', 'scratch.log', '.env']; // .env is ignored: only -x removes it

const exists = (rel) => fs.existsSync(path.join(workspace, rel));

function makeUntrackedWork() {
  fs.mkdirSync(path.join(workspace, 'notes'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'notes', 'todo.txt'), 'finish the migration\n');
  fs.writeFileSync(path.join(workspace, 'scratch.log'), 'debug output\n');
  fs.writeFileSync(path.join(workspace, '.env'), 'DATABASE_URL=postgres://localhost/dev\n');
}

before(async () => {
  // the DOM renderer keeps the terminal's text in the page, where the test can read it
  wb = await startWorkbench('terminal', { settings: { 'terminal.integrated.gpuAcceleration': 'off' } });
  workspace = new URL(wb.url).searchParams.get('folder');
  makeUntrackedWork();
  await wb.statusBarItem('Blast Radius');
});

after(async () => {
  if (wb) await wb.close();
});

test('a bash terminal opens with the guard connected', async () => {
  const { page } = wb;
  await wb.step('open-terminal', async () => {
    await wb.runCommand('Terminal: Create New Terminal');
    await page.locator('.terminal-wrapper.active .xterm').waitFor({ state: 'visible', timeout: 20000 });
    // a harmless line goes through the guard and runs; the shell said nothing about the guard
    await terminalShows(page, /[$#] *$/m, 'the first prompt', 30000);
    await typeLine(page, 'echo "guard check $((6 * 7))"');
    const text = await terminalShows(page, /^guard check 42/m, 'the harmless line to run');
    assert.doesNotMatch(text, /blast-radius: guard not connected/);
    const item = await wb.statusBarItem('Blast Radius');
    assert.doesNotMatch((await item.getAttribute('aria-label')) ?? '', /not guarded/);
  });
});

test('git clean -fdx is held; Deny leaves the untracked files', async () => {
  const { page } = wb;
  let held;
  await wb.step('git-clean-held', async () => {
    await typeLine(page, 'git clean -fdx');
    held = await heldDialog(page);
    assert.match(held.text, /git clean -fdx/, 'the modal names the exact command');
    assert.match(held.text, /High — Deletes 2 untracked files/, 'the modal says what it would delete, measured, with the severity');
    assert.deepEqual(held.buttons, ['Run Once', 'Deny', 'Details…'], 'one Deny (Escape), no Cancel beside it');
    assert.deepEqual(held.primary, ['Details…'], `the default button only looks closer: ${held.buttons.join(', ')}`);
    assert.equal(held.focused, 'Details…', 'Enter would not run the line');
    await terminalShows(page, /blast-radius: held: [^]*?git\.clean-force/, 'the held line in the terminal');
  });
  await wb.step('git-clean-denied', async () => {
    await held.dialog.locator('.monaco-button', { hasText: /^Deny$/ }).click();
    await page.locator(DIALOG).waitFor({ state: 'hidden', timeout: 10000 });
    await terminalShows(page, /blast-radius: refused: denied by you in the editor/, "the guard's reason in the terminal");
    for (const f of UNTRACKED) assert.ok(exists(f), `${f} survived`);
  });
});

test('git clean -fdx again; Run Once lets it run and the untracked files go', async () => {
  const { page } = wb;
  let held;
  await wb.step('git-clean-held-again', async () => {
    await typeLine(page, 'git clean -fdx');
    held = await heldDialog(page);
    assert.match(held.text, /git clean -fdx/);
    for (const f of UNTRACKED) assert.ok(exists(f), `${f} still there while the line is held`);
  });
  await wb.step('git-clean-run-once', async () => {
    await held.dialog.locator('.monaco-button', { hasText: /^Run Once$/ }).click();
    await page.locator(DIALOG).waitFor({ state: 'hidden', timeout: 10000 });
    await until(() => UNTRACKED.every((f) => !exists(f)), 'the untracked files to be removed');
    await terminalShows(page, /blast-radius: allowed once by you/, 'the allowed-once line');
    await terminalShows(page, /Removing scratch\.log/, "git clean's own output");
    assert.ok(exists('README.md'), 'tracked files stay');
  });
});

test('an ordinary command runs without a modal', async () => {
  const { page } = wb;
  await wb.step('echo-runs', async () => {
    await typeLine(page, 'echo hello > made-by-e2e.txt');
    // `>` creates the file before echo writes to it: wait for its content, not for the file.
    const content = () => (exists('made-by-e2e.txt') ? fs.readFileSync(path.join(workspace, 'made-by-e2e.txt'), 'utf8') : '');
    await until(() => content() === 'hello\n', 'made-by-e2e.txt to hold what echo wrote');
    assert.equal(content(), 'hello\n');
    await noDialogFor(page, 1500);
  });
});

test('clearing build output inside the workspace (rm -rf dist) runs without a modal', async () => {
  const { page } = wb;
  // build output from an earlier build, so the line visibly removes something
  fs.mkdirSync(path.join(workspace, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'dist', 'old-bundle.js'), '// built\n');
  await wb.step('rm-dist-runs', async () => {
    await typeLine(page, 'mkdir -p dist && touch dist/x && rm -rf dist');
    await until(() => !exists('dist'), 'dist to be removed');
    await noDialogFor(page, 1500);
    assert.doesNotMatch(await terminalText(page), /held: .*rm/, 'nothing was held');
  });
});

test('the status bar tooltip links to the review, pausing and the log', async () => {
  const { page } = wb;
  await wb.step('status-tooltip', async () => {
    const item = await wb.statusBarItem('Blast Radius');
    await item.hover();
    const hover = page.locator('.workbench-hover, .monaco-hover', { hasText: 'Show Log' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10000 });
    assert.match((await hover.innerText()).replace(/\u00a0/g, ' '), /Blast Radius: guard on/);
    const links = (await hover.locator('a').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(links, ['Review', 'Pause for…', 'Show Log']);
  });
  await wb.step('show-log-from-tooltip', async () => {
    await page.locator('.workbench-hover a, .monaco-hover a', { hasText: 'Show Log' }).first().click();
    // the log has the guard's decisions on the lines above
    const output = page.locator('.part.panel .monaco-editor .view-lines').first();
    await output.waitFor({ state: 'visible', timeout: 10000 });
    const end = Date.now() + 10000;
    let text = '';
    while (!/guard: deny \(person\) git clean -fdx/.test((text = (await output.innerText()).replace(/\u00a0/g, ' '))) && Date.now() < end) await sleep(200);
    assert.match(text, /guard: deny \(person\) git clean -fdx/);
  });
});
