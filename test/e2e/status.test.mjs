// The first flow a person sees: the packaged extension is active in a normally started VS Code,
// its status bar item is there, and "Blast Radius: Show Status" run from the command palette
// shows the guard state. Later flows (terminal, review) go in their own test/e2e/<flow>.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWorkbench } from './lib/workbench.mjs';

let wb;

before(async () => {
  wb = await startWorkbench('status');
});

after(async () => {
  if (wb) await wb.close();
});

test('the status bar shows Blast Radius once the workbench has started', async () => {
  await wb.step('status-bar', async () => {
    const item = await wb.statusBarItem('Blast Radius');
    assert.match(await item.innerText(), /Blast Radius/);
  });
});

test('"Blast Radius: Show Status" from the command palette reports the guard state', async () => {
  await wb.step('show-status', async () => {
    await wb.runCommand('Blast Radius: Show Status');
    const message = await wb.notification(/Blast Radius: guard on/);
    assert.match(message, /^Blast Radius: guard on/);
  });
});
