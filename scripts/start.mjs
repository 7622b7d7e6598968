// `npm start`: the extension, freshly built, live in VS Code in the browser, on a demo workspace.
//
//   npm start                  builds, then serves VS Code 1.100.3 (code-server) on 127.0.0.1
//   PORT=9000 npm start        another port (default 8080; a free one is used if it is taken)
//   npm start -- <folder>      open <folder> instead of a copy of test/fixtures/demo-workspace
//
// The extension is this repository, installed by a link (scripts/host/session.mjs linkExtension):
// the Extensions view shows it like an installed extension (its page: README, settings,
// commands), and after `npm run watch` rebuilds it, "Developer: Reload Window" picks up the change.
// Runs until Ctrl-C; the workspace copy and the session's VS Code data are then removed.
import path from 'node:path';
import fs from 'node:fs';
import { ensureHost } from './host/install.mjs';
import {
  cleanupAll,
  freePort,
  linkExtension,
  makeDemoWorkspace,
  repoRoot,
  startServer,
  stopping,
  tail,
  tempDir,
  workbenchUrl,
} from './host/session.mjs';

async function main() {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing; run `npm start` (it builds first) or `node esbuild.js`.');
  }
  const host = ensureHost();
  const wanted = Number(process.env.PORT) || 8080;
  const port = await freePort(wanted);
  if (port !== wanted) process.stdout.write(`port ${wanted} is taken; using ${port}\n`);

  const dir = tempDir('start');
  const given = process.argv[2];
  let workspace;
  if (given) {
    workspace = path.resolve(given);
    if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${given} is not a folder.`);
  } else {
    workspace = makeDemoWorkspace(dir);
  }
  const logFile = path.join(dir, 'server.log');
  const extensionsDir = path.join(dir, 'extensions');
  linkExtension(extensionsDir);
  const server = await startServer({
    host,
    port,
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir,
    workspace,
    logFile,
  });
  const url = workbenchUrl(server, workspace);
  const bar = '─'.repeat(72);
  process.stdout.write(
    [
      '',
      bar,
      `  Blast Radius in VS Code ${host.vscodeVersion} (code-server ${host.version})`,
      '',
      '  Open this address in a browser (the extension, installed from this repository, is live there;',
      '  its page in the Extensions view shows the README, settings and commands):',
      '',
      `  ${url}`,
      '',
      `  Workspace: ${workspace}${given ? '' : ' (a throwaway git copy of test/fixtures/demo-workspace)'}`,
      '  Edit and rebuild: `npm run watch` in another terminal, then "Developer: Reload Window".',
      '  Stop: Ctrl-C',
      bar,
      '',
    ].join('\n'),
  );
  const code = await server.exited;
  if (stopping()) return; // Ctrl-C: the signal handler cleans up and exits
  process.stderr.write(`VS Code server stopped unexpectedly (${code}); its log:\n${tail(logFile, 30)}\n`);
  await cleanupAll();
  process.exit(1);
}

main().catch(async (e) => {
  process.stderr.write(`✘ ${e instanceof Error ? e.message : String(e)}\n`);
  await cleanupAll();
  process.exit(1);
});
