import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'blast-radius.blast-radius';

/** The extension under test, activated; fails the test if it is not installed or does not activate. */
export async function activateExtension(): Promise<{ extension: vscode.Extension<BlastRadiusApi>; api: BlastRadiusApi }> {
  const extension = vscode.extensions.getExtension<BlastRadiusApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded in this VS Code`);
  const api = await extension.activate();
  return { extension, api };
}

/** Resolves with the first event `event` fires that satisfies `pred`, or rejects after `ms`. */
export function nextEvent<T>(event: vscode.Event<T>, pred: (e: T) => boolean, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms}ms waiting for ${what}`));
    }, ms);
    const sub = event((e) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` every 20 ms until it gives a value (not undefined, not false); fails after `ms`
 * with `what` and, when given, the last lines of `trace` (the review's latest decisions).
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 10_000, trace?: () => readonly string[]): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms}ms waiting for ${what}${trace ? `; latest review decisions:\n${trace().slice(-15).join('\n')}` : ''}`);
    await sleep(20);
  }
}

/**
 * After a test that changed the demo workspace: closes the editors, puts tracked files back and
 * removes untracked ones (`git` runs in the workspace), then lets the review settle.
 */
export async function restoreWorkspace(git: (...args: string[]) => string, api: BlastRadiusApi): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  if (git('status', '--porcelain').trim() !== '') {
    git('checkout', '--', '.');
    git('clean', '-fdq');
  }
  await sleep(800);
  await api.review.whenIdle();
}
