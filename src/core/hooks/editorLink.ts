/**
 * Forwards an agent's command to the editor running for the workspace, through the same guard
 * server and protocol as the terminal guard (src/core/guard/protocol.ts), so the person sees the
 * same prompt and the answer goes back to the agent.
 *
 * A command is a CHECK for the command line with the flag `agent=<id>` (servers ignore flags
 * they do not know); a file change the hook's policy wants confirmed is an EDIT with a summary
 * of the change and its findings. `BR1 HOLD` lines mean a person is being asked; the final `BR1 ALLOW` or
 * `BR1 DENY` is the answer. No editor, an unreachable server or a broken answer: undefined, and
 * the hook decides with the policy itself.
 */
import * as net from 'node:net';
import { findDiscovery, type DiscoveryRecord } from '../guard/discovery';
import { cleanReason, encodeRequest, parseServerLine, type EditSummary } from '../guard/protocol';
import type { AgentId } from './types';

export interface EditorAnswer {
  verdict: 'allow' | 'deny';
  /** True when the editor held the line to ask a person (so an allow is a person's approval). */
  asked: boolean;
  reason: string;
}

export interface EditorCheck {
  agent: AgentId;
  command: string;
  cwd: string;
  shell: 'bash' | 'pwsh';
}

const CONNECT_TIMEOUT_MS = 300;

/** The editor's guard server for `cwd` (or a folder above it), when one is running. */
export function findEditor(cwd: string, env: Readonly<Record<string, string | undefined>> = process.env): DiscoveryRecord | undefined {
  try {
    return findDiscovery(cwd, env);
  } catch {
    return undefined;
  }
}

/**
 * Asks the editor about one command line. Resolves undefined when the editor cannot be reached
 * or answers nothing usable within `timeoutMs`.
 */
export function checkWithEditor(server: DiscoveryRecord, check: EditorCheck, timeoutMs: number): Promise<EditorAnswer | undefined> {
  const bytes = encodeRequest({
    verb: 'check',
    token: server.token,
    shell: check.shell,
    pid: process.pid,
    seq: 0,
    flags: { child: false, partial: false, agent: check.agent },
    cwd: check.cwd,
    line: check.command,
    truncated: false,
  });
  return askEditor(server, bytes, timeoutMs);
}

export interface EditorReview {
  agent: AgentId;
  cwd: string;
  summary: EditSummary;
}

/**
 * Asks the editor to have a person confirm an agent's file change (EDIT). `asked` is false when
 * nobody was asked (the editor is paused or does not review edits): the hook decides then.
 */
export function reviewWithEditor(server: DiscoveryRecord, review: EditorReview, timeoutMs: number): Promise<EditorAnswer | undefined> {
  const bytes = encodeRequest({ verb: 'edit', token: server.token, agent: review.agent, pid: process.pid, cwd: review.cwd, summary: JSON.stringify(review.summary), truncated: false });
  return askEditor(server, bytes, timeoutMs);
}

/** Sends one request and reads HOLD lines until the final ALLOW or DENY. */
function askEditor(server: DiscoveryRecord, request: Buffer, timeoutMs: number): Promise<EditorAnswer | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    let asked = false;
    let buffered = '';
    const socket = net.connect({ host: server.host, port: server.port });
    const finish = (a: EditorAnswer | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(overallTimer);
      socket.destroy();
      resolve(a);
    };
    const connectTimer = setTimeout(() => finish(undefined), CONNECT_TIMEOUT_MS);
    const overallTimer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('connect', () => {
      clearTimeout(connectTimer);
      socket.write(request);
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = parseServerLine(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        if (line.kind === 'hold') asked = true;
        else if (line.kind === 'allow' || line.kind === 'deny') return finish({ verdict: line.kind, asked, reason: cleanReason(line.reason) });
        else return finish(undefined);
      }
    });
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
  });
}
