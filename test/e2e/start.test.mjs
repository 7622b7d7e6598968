// `npm start` as a newcomer uses it: it prints an address, the workbench there has the extension
// (installed from this repository) active, its page in the Extensions view shows the README, the
// settings and the commands like an installed extension's, and Ctrl-C stops everything it started.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, repoRoot } from '../../scripts/host/session.mjs';
import { openWorkbench } from './lib/workbench.mjs';

let child;
let output = '';
let url;
let wb;

before(async () => {
  const port = await freePort();
  child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.mjs')], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const t0 = Date.now();
  while (!(url = /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/.exec(output)?.[0])) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    if (Date.now() - t0 > 90000) throw new Error(`npm start printed no address within 90s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), `address uses PORT: ${url}`);
});

after(async () => {
  if (wb) await wb.close();
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

test('the printed address serves the workbench with the extension active', async () => {
  wb = await openWorkbench('start', url);
  await wb.step('status-bar', async () => {
    const item = await wb.statusBarItem('Blast Radius');
    assert.match(await item.innerText(), /Blast Radius/);
  });
});

test("the Extensions view lists the extension and its page shows the README, settings and commands", async () => {
  const { page } = wb;
  const editor = page.locator('.extension-editor');
  await wb.step('extension-page', async () => {
    await wb.runCommand('Extensions: Show Enabled Extensions');
    const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Blast Radius' }).first();
    await row.waitFor({ state: 'visible', timeout: 30000 });
    await row.click();
    await editor.locator('.header .name', { hasText: 'Blast Radius' }).waitFor({ state: 'visible', timeout: 20000 });
    // the README, rendered in the page's webview (a frame of its own)
    const end = Date.now() + 20000;
    let headings = [];
    while (Date.now() < end) {
      headings = (await Promise.all(page.frames().map((f) => f.locator('h1, h2').allInnerTexts().catch(() => [])))).flat().map((t) => t.trim());
      if (headings.includes('Blast Radius') && headings.includes('What it does')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(headings.includes('Blast Radius') && headings.includes('What it does'), `the README's headings are shown: ${headings.join(' | ')}`);
  });
  await wb.step('extension-settings', async () => {
    await editor.locator('.navbar .action-label', { hasText: /features/i }).first().click();
    await editor.locator('.monaco-list-row').getByText('Settings', { exact: true }).first().click();
    await editor.locator('text=blastRadius.policy.disabledRules').first().waitFor({ state: 'visible', timeout: 15000 });
  });
  await wb.step('extension-commands', async () => {
    await editor.locator('.monaco-list-row').getByText('Commands', { exact: true }).first().click();
    await editor.locator('text=blastRadius.setUpAgentHooks').first().waitFor({ state: 'visible', timeout: 15000 });
    await editor.locator('text=blastRadius.getStarted').first().waitFor({ state: 'visible', timeout: 5000 });
  });
});

test('Ctrl-C stops the server and removes the demo workspace copy', async () => {
  const workspace = decodeURIComponent(/folder=([^&]+)/.exec(url)[1]);
  assert.ok(fs.existsSync(workspace), `workspace ${workspace} exists while running`);
  const exited = new Promise((r) => child.once('exit', (code, sig) => r(code ?? sig)));
  child.kill('SIGINT');
  assert.equal(await exited, 130);
  assert.equal(fs.existsSync(workspace), false, 'workspace copy removed');
  const port = Number(new URL(url).port);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'nothing listens on the port any more');
});
