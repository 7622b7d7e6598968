/**
 * A guard server with a small, readable decision function for the shell tests:
 *   - a line mentioning `rm f` (the file the tests try to delete) is refused;
 *   - a line mentioning HOLDME is held (a person "is asked"), then allowed once;
 *   - a line mentioning HANGME is never answered;
 *   - everything else is allowed.
 * Every request is recorded, so tests can check what the shell sent.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEnvironment, guardEnvironment, type OfflineBehavior } from '../../../../src/core/guard/env';
import type { CheckRequest, HelloRequest } from '../../../../src/core/guard/protocol';
import { type GuardServer, startGuardServer } from '../../../../src/core/guard/server';
import { MEDIA } from './pty';

export const REFUSED_REASON = 'test refuses rm f';

export interface TestGuard {
  server: GuardServer;
  checks: CheckRequest[];
  hellos: HelloRequest[];
  /** The environment of a terminal guarded by this server. */
  env(base: Record<string, string>, opts?: { offline?: OfflineBehavior; waitSeconds?: number; port?: number; serverFile?: string }): Record<string, string>;
  close(): Promise<void>;
}

export function testDecision(line: string): 'deny' | 'hold' | 'hang' | 'allow' {
  if (/\brm f\b/.test(line)) return 'deny';
  if (line.includes('HOLDME')) return 'hold';
  if (line.includes('HANGME')) return 'hang';
  return 'allow';
}

export async function startTestGuard(runDir: string): Promise<TestGuard> {
  const checks: CheckRequest[] = [];
  const hellos: HelloRequest[] = [];
  const server = await startGuardServer({
    decide: async (req, ctx) => {
      checks.push(req);
      switch (testDecision(req.line)) {
        case 'deny':
          return { verdict: 'deny', reason: REFUSED_REASON };
        case 'hold':
          ctx.hold('held for the test');
          await new Promise((r) => setTimeout(r, 150));
          return { verdict: 'allow', reason: 'allowed once by the test' };
        case 'hang':
          return new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve({ verdict: 'deny', reason: 'gone' })));
        default:
          return { verdict: 'allow', reason: '' };
      }
    },
    onHello: (h) => hellos.push(h),
  });
  fs.mkdirSync(runDir, { recursive: true, mode: 0o700 });
  return {
    server,
    checks,
    hellos,
    env: (base, opts = {}) =>
      applyEnvironment(
        base,
        guardEnvironment({
          port: opts.port ?? server.port,
          token: server.token,
          mediaDir: MEDIA,
          runDir,
          offline: opts.offline ?? 'refuse-destructive',
          waitSeconds: opts.waitSeconds ?? 20,
          processEnv: base,
          platform: process.platform,
          ...(opts.serverFile ? { serverFile: opts.serverFile } : {}),
        }),
      ),
    close: () => server.close(),
  };
}

/** A minimal, predictable environment for a shell under test. */
export function baseEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    USER: process.env.USER ?? 'test',
  };
}

/** A TCP port with nothing listening (for the "editor is gone" tests). */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 1;
      s.close(() => resolve(port));
    });
  });
}

export function file(dir: string, name: string): string {
  return path.join(dir, name);
}
