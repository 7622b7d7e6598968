/**
 * An editor the hook believes, for tests and the bench: the stand-in for code-server's process
 * layout in test/fixtures/editor-host (a server process, detached from the test, and its
 * extension host), relaying every connection to a guard server in the test's own process. See
 * that folder's README.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { writeDiscovery } from '../../../src/core/guard/discovery';
import type { GuardServer } from '../../../src/core/guard/server';
import { AGENT_ENVIRONMENT_MARKERS } from '../../../src/core/signoff/identity';
import { fixturesDir } from './paths';

export const EDITOR_HOST_ENTRY = path.join(fixturesDir, 'editor-host', 'code-server', 'out', 'node', 'entry.js');

export interface EditorHost {
  /** The listening process: for the stand-in, its extension host (the process the discovery record names). */
  pid: number;
  /** Its parent: for the stand-in, its server process. */
  ppid: number;
  /** Where it listens. */
  port: number;
  stop(): void;
}

/**
 * Starts `file args` and resolves once the listener it starts prints `{pid, port[, ppid]}` on its
 * stdout (test/fixtures/editor-host, test/fixtures/forged/relay.js). `stop` ends the listener,
 * its parent and the process started.
 */
export function startListening(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<EditorHost> {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { BR_TEST_OWNER_PID: String(process.pid), ...env } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${path.basename(file)} did not start listening within 15 s`)), 15_000);
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      child.stdout.destroy();
      const said = JSON.parse(line) as { pid: number; ppid?: number; port: number };
      // (a listener started directly by this process reports this process as its parent)
      const ppid = said.ppid !== undefined && said.ppid !== process.pid ? said.ppid : (child.pid ?? 0);
      resolve({
        pid: said.pid,
        ppid,
        port: said.port,
        stop: () => {
          for (const pid of [said.pid, ppid, child.pid]) {
            try {
              if (pid) process.kill(pid, 'SIGTERM');
            } catch {
              // gone already
            }
          }
        },
      });
    });
    child.on('error', reject);
  });
}

/**
 * Starts the stand-in relaying to `targetPort` (on 127.0.0.1); resolves once it listens. `env`
 * is added to its environment after an agent's markers are taken out of it.
 */
export function startEditorHost(targetPort: number, env: Record<string, string> = {}): Promise<EditorHost> {
  const base: NodeJS.ProcessEnv = { ...process.env, BR_TEST_EDITOR_PORT: String(targetPort) };
  // An editor is not started by an agent: the stand-in does not inherit an agent's markers.
  for (const k of AGENT_ENVIRONMENT_MARKERS) delete base[k];
  return startListening(process.execPath, [EDITOR_HOST_ENTRY, '--detach'], { ...base, ...env });
}

/** Starts a stand-in for `server` and writes the workspace's discovery record naming it. */
export async function startBelievedEditor(server: GuardServer, workspace: string, env: Record<string, string>): Promise<EditorHost> {
  const host = await startEditorHost(server.port);
  writeDiscovery({ workspace, host: '127.0.0.1', port: host.port, token: server.token, pid: host.pid }, env);
  return host;
}
