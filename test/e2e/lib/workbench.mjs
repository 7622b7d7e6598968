// End-to-end helpers: VS Code (code-server) started normally with the packaged extension
// installed from its .vsix, the demo workspace open in Chromium, and a person's actions on it.
//
//   const wb = await startWorkbench('status');      // host + workspace + browser, extension installed
//   await wb.statusBarItem('Blast Radius');         // a visible status bar entry
//   await wb.runCommand('Blast Radius: Show Status'); // F1, typed like a person, Enter
//   await wb.notification(/^Blast Radius: guard on/); // a toast with that text
//   await wb.step('show-status', async () => {...}); // runs, then test-results/e2e-status-01-show-status.png
//                                                    // (…-show-status-failed.png when it throws)
//   await wb.close();
//
// The .vsix comes from BLAST_RADIUS_VSIX (scripts/run-e2e.mjs packages it first).
import fs from 'node:fs';
import path from 'node:path';
import { ensureHost } from '../../../scripts/host/install.mjs';
import {
  cleanupAll,
  freePort,
  installExtension,
  launchBrowser,
  makeDemoWorkspace,
  resultsDir,
  screenshot as saveScreenshot,
  startServer,
  tempDir,
  waitForWorkbench,
  workbenchUrl,
} from '../../../scripts/host/session.mjs';

/**
 * @param {string} name  names this flow's screenshots: test-results/e2e-<name>-<nn>-<step>.png
 * @param {{ settings?: Record<string, unknown>, env?: Record<string, string> }} [options]
 *   env: added to the editor's environment (its extension host and terminals inherit it)
 */
export async function startWorkbench(name, options = {}) {
  const vsix = process.env.BLAST_RADIUS_VSIX;
  if (!vsix || !fs.existsSync(vsix)) {
    throw new Error('BLAST_RADIUS_VSIX must name the packaged extension; run the e2e tests with `npm run test:e2e`.');
  }
  const host = ensureHost();
  const dir = tempDir(`e2e-${name}`);
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  const workspace = makeDemoWorkspace(dir);
  fs.mkdirSync(userDataDir, { recursive: true });
  installExtension(host, vsix, extensionsDir, userDataDir);
  const server = await startServer({
    host,
    port: await freePort(),
    userDataDir,
    extensionsDir,
    workspace,
    settings: options.settings,
    env: options.env,
    logFile: path.join(dir, 'server.log'),
  });
  return openWorkbench(name, workbenchUrl(server, workspace), path.join(dir, 'server.log'));
}

/**
 * Opens a running workbench at `url` in Chromium and returns the helpers below.
 * @param {string} name  names this flow's screenshots
 * @param {string} url   the workbench address
 * @param {string} [serverLog]  copied into test-results/ when a step fails
 */
export async function openWorkbench(name, url, serverLog) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await waitForWorkbench(page);

  let shots = 0;
  const wb = {
    page,
    url,

    /** Saves test-results/e2e-<name>-<nn>-<step>.png. */
    async screenshot(step) {
      shots++;
      return saveScreenshot(page, `e2e-${name}-${String(shots).padStart(2, '0')}-${step}`);
    },

    /**
     * Runs one step of a flow and always saves a screenshot named after it, with "-failed"
     * appended when the step throws (the error is rethrown).
     */
    async step(stepName, fn) {
      try {
        const result = await fn();
        await wb.screenshot(stepName);
        return result;
      } catch (e) {
        await wb.screenshot(`${stepName}-failed`);
        if (serverLog && fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(resultsDir, `e2e-${name}-server.log`));
        throw e;
      }
    },

    /** The status bar entry showing `text`, once visible. */
    async statusBarItem(text, timeout = 30000) {
      const item = page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
      await item.waitFor({ state: 'visible', timeout });
      return item;
    },

    /** Opens the command palette, types `title` like a person and runs the matching command. */
    async runCommand(title) {
      const input = page.locator('.quick-input-widget input.input');
      await page.locator('.monaco-workbench').focus();
      await page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 5000 });
      } catch {
        await page.keyboard.press('Control+Shift+P');
        await input.waitFor({ state: 'visible', timeout: 5000 });
      }
      await page.keyboard.type(title, { delay: 25 });
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
      await row.waitFor({ state: 'visible', timeout: 10000 });
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 10000 });
    },

    /** The text of the first notification toast whose message matches `pattern`. */
    async notification(pattern, timeout = 15000) {
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: pattern }).first();
      await toast.waitFor({ state: 'visible', timeout });
      // the toast slides in; wait for the end of that so screenshots show it
      await page
        .locator('.notifications-toasts .notification-toast.notification-fade-in-done', { hasText: pattern })
        .first()
        .waitFor({ state: 'visible', timeout: 3000 })
        .catch(() => undefined);
      return (await toast.locator('.notification-list-item-message').innerText()).trim();
    },

    /** Stops the browser and the server and removes the session's folders. */
    async close() {
      await cleanupAll();
    },
  };
  return wb;
}
