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
  /** The extension host stand-in: the process the discovery record names. */
  pid: number;
  /** Its server process. */
  ppid: number;
  /** Where the extension host listens. */
  port: number;
  stop(): void;
}

/** Starts the stand-in relaying to `targetPort` (on 127.0.0.1); resolves once it listens. */
export function startEditorHost(targetPort: number): Promise<EditorHost> {
  const env: NodeJS.ProcessEnv = { ...process.env, BR_TEST_EDITOR_PORT: String(targetPort), BR_TEST_OWNER_PID: String(process.pid) };
  // An editor is not started by an agent: the stand-in does not inherit an agent's markers.
  for (const k of AGENT_ENVIRONMENT_MARKERS) delete env[k];
  const starter = spawn(process.execPath, [EDITOR_HOST_ENTRY, '--detach'], { stdio: ['ignore', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the editor host stand-in did not start within 15 s')), 15_000);
    const lines = readline.createInterface({ input: starter.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      starter.stdout.destroy();
      const { pid, ppid, port } = JSON.parse(line) as { pid: number; ppid: number; port: number };
      resolve({
        pid,
        ppid,
        port,
        stop: () => {
          try {
            process.kill(ppid, 'SIGTERM');
          } catch {
            // gone already
          }
        },
      });
    });
    starter.on('error', reject);
  });
}

/** Starts a stand-in for `server` and writes the workspace's discovery record naming it. */
export async function startBelievedEditor(server: GuardServer, workspace: string, env: Record<string, string>): Promise<EditorHost> {
  const host = await startEditorHost(server.port);
  writeDiscovery({ workspace, host: '127.0.0.1', port: host.port, token: server.token, pid: host.pid }, env);
  return host;
}
