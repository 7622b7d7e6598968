// What the end-to-end flows share about the integrated terminal and the guard's modal: reading
// the terminal's text (DOM renderer: rows are elements, so start the workbench with
// 'terminal.integrated.gpuAcceleration': 'off'), typing into it like a person, waiting for
// something, and the confirmation dialog of a held line.
import assert from 'node:assert/strict';

export const DIALOG = '.monaco-dialog-box';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `pred` until it holds; fails with `what` after `timeout`. */
export async function until(pred, what, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await pred()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeout / 1000}s waiting for ${what}`);
    await sleep(100);
  }
}

/** The text the active terminal shows. */
export async function terminalText(page) {
  const rows = page.locator('.terminal-wrapper.active .xterm-rows');
  if ((await rows.count()) === 0) return '';
  return (await rows.first().innerText()).replace(/\u00a0/g, ' ');
}

/** Waits until the terminal shows `pattern` (a RegExp) and returns the text. */
export async function terminalShows(page, pattern, what, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const text = await terminalText(page);
    if (pattern.test(text)) return text;
    if (Date.now() > end) throw new Error(`timed out after ${timeout / 1000}s waiting for ${what}; the terminal shows:\n${text}`);
    await sleep(100);
  }
}

/** Types a line into the focused terminal like a person: key by key, then Enter. */
export async function typeLine(page, line) {
  await page.locator('.terminal-wrapper.active .xterm').click({ timeout: 5000 });
  await page.keyboard.type(line, { delay: 30 });
  await page.keyboard.press('Enter');
}

/** Asserts no dialog shows up for `ms`. */
export async function noDialogFor(page, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    assert.equal(await page.locator(DIALOG).count(), 0, 'no confirmation dialog for an ordinary command');
    await sleep(100);
  }
}

/** The modal for a held line: waits for it and returns its text and button labels. */
export async function heldDialog(page) {
  const dialog = page.locator(DIALOG);
  await dialog.waitFor({ state: 'visible', timeout: 20000 });
  const buttons = (await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim()).filter(Boolean);
  // the default button: the one that has the focus, so Enter answers with it
  const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  const primary = (await dialog.locator('.dialog-buttons .monaco-button:not(.secondary)').allInnerTexts()).map((b) => b.trim());
  return { dialog, text: await dialog.innerText(), buttons, focused, primary };
}
