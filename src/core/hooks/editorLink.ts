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
 *
 * The editor is believed only when /proc proves that the record's server belongs to a VS Code
 * extension host (`proveEditor`, guard/proof.ts): a record anyone could have written cannot
 * answer for the person. Each request names the agent's session, and its answer is read from
 * that request's own connection: it answers that call and nothing else.
 */
import * as net from 'node:net';
import { findDiscovery, type DiscoveryRecord } from '../guard/discovery';
import { insideSandbox, proveEditor, proveSandboxRelay, recordWrittenMs } from '../guard/proof';
import { cleanReason, encodeRequest, parseServerLine, type EditSummary } from '../guard/protocol';
import { holdTimer } from './budget';
import type { AgentId } from './types';

export interface EditorAnswer {
  verdict: 'allow' | 'deny';
  /** True when the editor held the line to ask a person (so an allow is a person's approval). */
  asked: boolean;
  reason: string;
}

export interface EditorCheck {
  agent: AgentId;
  /** The agent's session (conversation) id, when its payload names one. */
  session?: string;
  command: string;
  cwd: string;
  shell: 'bash' | 'pwsh';
}

/** How long to wait: for the editor's first word (an answer, or a HOLD), then for the person after a HOLD. */
export interface EditorWait {
  /** The editor must answer or say it is asking a person within this. */
  firstMs: number;
  /** After a HOLD: the wait for the person. */
  afterHoldMs: number;
  /** Called once when the editor says a person is being asked. */
  onHold?: () => void;
}

const CONNECT_TIMEOUT_MS = 300;

/** What the discovery files say about the editor for a folder: a proven server, a record that was refused (why), or nothing. */
export type EditorLookup = { server: DiscoveryRecord; refused?: undefined } | { server?: undefined; refused: string } | undefined;

/** The editor's guard server for `cwd` (or a folder above it), when one is running and proven to be the editor. */
export function findEditor(cwd: string, env: Readonly<Record<string, string | undefined>> = process.env): EditorLookup {
  try {
    const found = findDiscovery(cwd, env);
    if (!found) return undefined;
    const { record, file } = found;
    const claim = { host: record.host, port: record.port, pid: record.pid, writtenMs: recordWrittenMs(record.startedAt, file) };
    const proof = insideSandbox() ? proveSandboxRelay(claim, file) : proveEditor(claim);
    return proof.ok ? { server: record } : { refused: `the editor record ${file} was ignored: ${proof.reason}` };
  } catch {
    return undefined;
  }
}

/** The agent's session id as a protocol flag value (printable, bounded). */
function sessionFlag(session: string | undefined): string | undefined {
  if (!session) return undefined;
  return session.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
}

/**
 * Asks the editor about one command line. Resolves undefined when the editor cannot be reached
 * or answers nothing usable in time.
 */
export function checkWithEditor(server: DiscoveryRecord, check: EditorCheck, wait: EditorWait): Promise<EditorAnswer | undefined> {
  const session = sessionFlag(check.session);
  const bytes = encodeRequest({
    verb: 'check',
    token: server.token,
    shell: check.shell,
    pid: process.pid,
    seq: 0,
    flags: { child: false, partial: false, agent: check.agent, ...(session ? { session } : {}) },
    cwd: check.cwd,
    line: check.command,
    truncated: false,
  });
  return askEditor(server, bytes, wait);
}

export interface EditorReview {
  agent: AgentId;
  session?: string;
  cwd: string;
  summary: EditSummary;
}

/**
 * Asks the editor to have a person confirm an agent's file change (EDIT). `asked` is false when
 * nobody was asked (the editor is paused or does not review edits): the hook decides then.
 */
export function reviewWithEditor(server: DiscoveryRecord, review: EditorReview, wait: EditorWait): Promise<EditorAnswer | undefined> {
  const session = sessionFlag(review.session);
  const bytes = encodeRequest({
    verb: 'edit',
    token: server.token,
    agent: review.agent,
    pid: process.pid,
    ...(session ? { session } : {}),
    cwd: review.cwd,
    summary: JSON.stringify(review.summary),
    truncated: false,
  });
  return askEditor(server, bytes, wait);
}

/** Sends one request and reads HOLD lines until the final ALLOW or DENY. */
function askEditor(server: DiscoveryRecord, request: Buffer, wait: EditorWait): Promise<EditorAnswer | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    let buffered = '';
    const socket = net.connect({ host: server.host, port: server.port });
    const timer = holdTimer(wait.firstMs, wait.afterHoldMs, () => finish(undefined));
    const finish = (a: EditorAnswer | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      timer.clear();
      socket.destroy();
      resolve(a);
    };
    const connectTimer = setTimeout(() => finish(undefined), CONNECT_TIMEOUT_MS);
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
        if (line.kind === 'hold') {
          if (!timer.held) wait.onHold?.();
          timer.hold();
        } else if (line.kind === 'allow' || line.kind === 'deny') return finish({ verdict: line.kind, asked: timer.held, reason: cleanReason(line.reason) });
        else return finish(undefined);
      }
    });
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
  });
}
