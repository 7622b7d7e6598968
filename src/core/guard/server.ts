/**
 * The guard server: a loopback TCP endpoint with a per-session random token that shells ask
 * "may I run this line?" (protocol.ts). Editor-free: the decision is an injected function, so
 * the same server runs in the extension, in tests and in the bench.
 *
 * Why TCP and not a Unix socket: bash can only open TCP (`/dev/tcp/host/port`) without an
 * external program, and the guard must work without one. zsh (ztcp) and PowerShell
 * (TcpClient) speak TCP too; fish calls the bash client. The port is bound to 127.0.0.1 only;
 * the token keeps other local users' processes from using it (they cannot read the terminal's
 * environment).
 *
 * Invariants:
 * - Every request gets exactly one final answer, and it is ALLOW only when `decide` said so.
 *   Malformed input, a wrong token, a timeout, an oversize request or an error in `decide`
 *   all answer DENY with a reason. The server never throws on client input.
 * - Nothing a client sends approves anything: there is no such verb.
 * - Parts of one command line asked from several processes (a subshell, then the parent)
 *   share one decision: requests with the same pid, seq and line are coalesced, so a person is
 *   asked once per line. An agent's request (flag `agent=`) is never coalesced: a person's
 *   answer to it answers that hook call and no other, however alike.
 */
import * as crypto from 'node:crypto';
import * as net from 'node:net';
import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import {
  type CheckRequest,
  type EditRequest,
  type HelloRequest,
  type ProtocolLimits,
  DEFAULT_LIMITS,
  RequestReader,
  formatAnswer,
  formatHold,
  formatOk,
} from './protocol';

export interface GuardAnswer {
  verdict: 'allow' | 'deny';
  /** One line for the terminal; empty for a plain allow. */
  reason: string;
}

export interface DecideContext {
  /** Tell the shell the line is held (a person is being asked); it prints the reason. */
  hold(reason: string): void;
  /** Aborted when every shell waiting for this answer has gone (Ctrl-C, terminal closed). */
  readonly signal: AbortSignal;
}

export type Decide = (req: CheckRequest, ctx: DecideContext) => Promise<GuardAnswer>;

/** Asks a person about an agent's file change (EDIT); see protocol.ts. */
export type DecideEdit = (req: EditRequest, ctx: DecideContext) => Promise<GuardAnswer>;

export interface GuardServerOptions {
  decide: Decide;
  /** Agents' file changes their hook wants confirmed; without it EDIT is answered DENY at once (the hook then decides itself). */
  decideEdit?: DecideEdit;
  /** Called when a shell guard starts (it sends HELLO once per shell). */
  onHello?: (req: HelloRequest) => void;
  logger?: Logger;
  /** Random bytes in the token (hex encoded); default 24. */
  tokenBytes?: number;
  /** A fixed token (tests only). */
  token?: string;
  /** Time allowed to receive a whole request, from connection; default 5 s. */
  requestTimeoutMs?: number;
  /** Longest time `decide` may take before the line is denied; default 6 minutes. */
  decideTimeoutMs?: number;
  /** How long a decision is reused for other parts of the same line; default 30 s. */
  coalesceMs?: number;
  limits?: Partial<ProtocolLimits>;
  /** Requests in progress beyond this are answered DENY at once; default 512. */
  maxConnections?: number;
  /** Reported to HELLO and PING. */
  serverVersion?: string;
}

export interface GuardServer {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** Environment variables a shell guard needs to reach this server. */
  readonly env: Readonly<Record<string, string>>;
  /** Open connections right now. */
  connections(): number;
  close(): Promise<void>;
}

export const GUARD_ENV = {
  port: 'BLAST_RADIUS_GUARD_PORT',
  token: 'BLAST_RADIUS_GUARD_TOKEN',
} as const;

interface Shared {
  promise: Promise<GuardAnswer>;
  waiters: number;
  controller: AbortController;
  done: boolean;
  at: number;
}

const HOST = '127.0.0.1';

export async function startGuardServer(options: GuardServerOptions): Promise<GuardServer> {
  const log = options.logger ?? silentLogger;
  const token = options.token ?? crypto.randomBytes(options.tokenBytes ?? 24).toString('hex');
  const tokenBuf = Buffer.from(token);
  const limits: ProtocolLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const requestTimeoutMs = options.requestTimeoutMs ?? 5000;
  const decideTimeoutMs = options.decideTimeoutMs ?? 6 * 60 * 1000;
  const coalesceMs = options.coalesceMs ?? 30_000;
  const maxConnections = options.maxConnections ?? 512;
  const serverVersion = options.serverVersion ?? 'dev';
  const sockets = new Set<net.Socket>();
  /** Connections not yet given their final answer. */
  let inProgress = 0;
  const shared = new Map<string, Shared>();
  /** Deadlines of decisions in progress; settled as DENY when the server closes. */
  const pending = new Set<() => void>();

  const tokenOk = (t: string): boolean => {
    const b = Buffer.from(t);
    return b.length === tokenBuf.length && crypto.timingSafeEqual(b, tokenBuf);
  };

  const prune = (now: number): void => {
    for (const [k, s] of shared) if (s.done && now - s.at > coalesceMs) shared.delete(k);
  };

  /** Runs a decision with a deadline; a throw or the deadline become DENY. */
  const decideSafely = (decide: (ctx: DecideContext) => Promise<GuardAnswer>, hold: (r: string) => void, signal: AbortSignal): Promise<GuardAnswer> =>
    new Promise<GuardAnswer>((resolve) => {
      let settled = false;
      const settle = (a: GuardAnswer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        pending.delete(onClose);
        resolve(a);
      };
      const timer = setTimeout(
        () => settle({ verdict: 'deny', reason: `no answer within ${Math.round(decideTimeoutMs / 1000)} s; not run` }),
        decideTimeoutMs,
      );
      timer.unref?.();
      const onClose = (): void => settle({ verdict: 'deny', reason: 'the guard stopped; not run' });
      pending.add(onClose);
      let p: Promise<GuardAnswer>;
      try {
        p = decide({ hold, signal });
      } catch (e) {
        p = Promise.reject(e);
      }
      p.then(
        (a) => {
          if (a && (a.verdict === 'allow' || a.verdict === 'deny')) settle({ verdict: a.verdict, reason: String(a.reason ?? '') });
          else settle({ verdict: 'deny', reason: 'internal error: no verdict; not run' });
        },
        (e: unknown) => {
          log.error(`guard decision failed: ${e instanceof Error ? e.message : String(e)}`);
          settle({ verdict: 'deny', reason: 'internal error while checking; not run (see Blast Radius: Show Log)' });
        },
      );
    });

  const handleCheck = (req: CheckRequest, socket: net.Socket): void => {
    const write = (s: string): void => {
      if (!socket.destroyed && socket.writable) socket.write(s);
    };
    const coalesce = req.seq > 0 && !req.flags.child && !req.truncated && req.flags.agent === undefined;
    const key = `${req.shell}\0${req.pid}\0${req.seq}\0${req.line}`;
    const now = Date.now();
    prune(now);
    const existing = coalesce ? shared.get(key) : undefined;
    let entry: Shared;
    let first = false;
    if (existing && (!existing.done || now - existing.at <= coalesceMs)) {
      entry = existing;
      entry.waiters++;
    } else {
      first = true;
      const controller = new AbortController();
      entry = { promise: Promise.resolve({ verdict: 'deny', reason: '' }), waiters: 1, controller, done: false, at: now };
      entry.promise = decideSafely((ctx) => options.decide(req, ctx), (r) => write(formatHold(r)), controller.signal).then((a) => {
        entry.done = true;
        entry.at = Date.now();
        return a;
      });
      if (coalesce) shared.set(key, entry);
    }
    let gone = false;
    socket.once('close', () => {
      gone = true;
      entry.waiters--;
      if (entry.waiters <= 0 && !entry.done) entry.controller.abort();
    });
    void entry.promise.then((answer) => {
      if (gone) return;
      // Repeats of a line already answered carry no reason, so the terminal shows it once.
      const reason = first ? answer.reason || (answer.verdict === 'deny' ? 'refused by the guard' : '') : '';
      socket.end(formatAnswer(answer.verdict, reason));
    });
  };

  const handleEdit = (req: EditRequest, socket: net.Socket): void => {
    const decideEdit = options.decideEdit;
    if (!decideEdit) {
      socket.end(formatAnswer('deny', 'this editor does not review agent edits'));
      return;
    }
    const controller = new AbortController();
    let gone = false;
    socket.once('close', () => {
      gone = true;
      controller.abort();
    });
    const write = (s: string): void => {
      if (!socket.destroyed && socket.writable) socket.write(s);
    };
    void decideSafely((ctx) => decideEdit(req, ctx), (r) => write(formatHold(r)), controller.signal).then((answer) => {
      if (!gone) socket.end(formatAnswer(answer.verdict, answer.reason || (answer.verdict === 'deny' ? 'refused by the guard' : '')));
    });
  };

  const server = net.createServer({ allowHalfOpen: false }, (socket) => {
    sockets.add(socket);
    inProgress++;
    let counted = true;
    const done = (): void => {
      if (counted) inProgress--;
      counted = false;
    };
    socket.on('close', () => {
      sockets.delete(socket);
      done();
    });
    socket.on('finish', done); // our side has ended: the final answer is out
    socket.on('error', () => undefined); // a shell that went away; nothing to do
    socket.setNoDelay(true);
    if (inProgress > maxConnections) {
      socket.end(formatAnswer('deny', 'guard busy; not run'));
      return;
    }
    const reader = new RequestReader(limits);
    let answered = false;
    const refuse = (reason: string): void => {
      if (answered) return;
      answered = true;
      log.warn(`guard refused a request: ${reason}`);
      socket.end(formatAnswer('deny', reason));
    };
    const timer = setTimeout(() => refuse('request not received in time'), requestTimeoutMs);
    socket.on('close', () => clearTimeout(timer));
    const onResult = (r: ReturnType<RequestReader['push']>): void => {
      if (!r || answered) return;
      clearTimeout(timer);
      if (!r.ok) return refuse(r.reason);
      const req = r.request;
      if (!tokenOk(req.token)) return refuse('this terminal was set up by another editor session; open a new terminal');
      answered = true;
      socket.removeAllListeners('data');
      if (req.verb === 'ping') {
        socket.end(formatOk(serverVersion));
      } else if (req.verb === 'hello') {
        try {
          options.onHello?.(req);
        } catch (e) {
          log.error(`guard hello handler failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        socket.end(formatOk(serverVersion));
      } else if (req.verb === 'edit') {
        handleEdit(req, socket);
      } else {
        handleCheck(req, socket);
      }
    };
    socket.on('data', (chunk: Buffer) => onResult(reader.push(chunk)));
    socket.on('end', () => {
      if (!answered) onResult(reader.end());
    });
  });
  server.on('error', (e) => log.error(`guard server error: ${e.message}`));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port: 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  log.info(`terminal guard listening on ${HOST}:${port}`);

  return {
    host: HOST,
    port,
    token,
    env: { [GUARD_ENV.port]: String(port), [GUARD_ENV.token]: token },
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of shared.values()) if (!s.done) s.controller.abort();
        for (const settle of [...pending]) settle();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
