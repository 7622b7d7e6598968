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
