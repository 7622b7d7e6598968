/**
 * How the guard inside the sandbox reaches the editor outside.
 *
 * The sandbox has a network of its own (only loopback) unless `--share-net`, and a process
 * namespace of its own either way. Inside, a small relay (the sandbox's first process, so ending
 * it ends the sandbox) listens on loopback where the shells and the hooks expect the editor, and
 * hands each connection over a UNIX socket to the outside end. The outside end reads the
 * request's header line (protocol BR1, docs/guard.md), sends it to the editor whose token it
 * carries — and nowhere else — and puts in the process ids as the editor's side sees them, so
 * two sandboxed shells never share a process id (the server coalesces requests by it).
 *
 * Frames on the socket (one line first): `BRS1 READY <pid> <port>` from the relay inside, once,
 * before the command starts (answered `BRS1 OK`, after which the outside end refuses another),
 * then `WINCH` lines to it when the terminal was resized; `BRS1 PIPE` opens a connection to the
 * editor.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import { DEFAULT_LIMITS, parseHeader } from '../guard/protocol';

export const RELAY_PROTOCOL = 'BRS1';

/** Longest first line either end reads before giving up on a connection. */
const MAX_LINE = DEFAULT_LIMITS.maxHeaderBytes + 1;

/** Reads one line (without its newline); the rest of what arrived is handed on. */
function readLine(sock: net.Socket, max: number, done: (line: string | undefined, rest: Buffer) => void, start: Buffer = Buffer.alloc(0)): void {
  let buf = Buffer.alloc(0);
  let finished = false;
  const finish = (line: string | undefined, rest: Buffer): void => {
    if (finished) return;
    finished = true;
    sock.off('data', onData);
    sock.off('end', onEnd);
    done(line, rest);
  };
  const onData = (chunk: Buffer): void => {
    buf = Buffer.concat([buf, chunk]);
    const nl = buf.indexOf(10);
    if (nl >= 0) finish(buf.subarray(0, nl).toString('latin1'), buf.subarray(nl + 1));
    else if (buf.length > max) finish(undefined, Buffer.alloc(0));
  };
  const onEnd = (): void => finish(undefined, Buffer.alloc(0));
  sock.on('data', onData);
  sock.on('end', onEnd);
  if (start.length) onData(start);
}

function joinBoth(a: net.Socket, b: net.Socket): void {
  const close = (): void => {
    a.destroy();
    b.destroy();
  };
  a.on('error', close);
  b.on('error', close);
  a.pipe(b);
  b.pipe(a);
}

// ---------------------------------------------------------------------------------------------
// Process ids: the sandbox's own, as the editor's side sees them

/**
 * Maps a process id inside the sandbox to the same process outside, through /proc: a process of
 * the sandbox is in its process namespace, and the second field of its `NSpid` is its id inside.
 */
export class PidMap {
  private readonly known = new Map<number, number>();

  /** @param ns what /proc/<pid>/ns/pid links to for the sandbox's processes */
  constructor(private readonly ns: string) {}

  /** The namespace of a process (`pid:[…]`), or undefined when it cannot be read. */
  static namespaceOf(pid: number): string | undefined {
    try {
      return fs.readlinkSync(`/proc/${pid}/ns/pid`);
    } catch {
      return undefined;
    }
  }

  outside(inner: number): number | undefined {
    const cached = this.known.get(inner);
    if (cached !== undefined && this.insideId(cached) === inner) return cached;
    this.known.delete(inner);
    let entries: string[];
    try {
      entries = fs.readdirSync('/proc');
    } catch {
      return undefined;
    }
    for (const e of entries) {
      if (!/^\d+$/.test(e)) continue;
      const pid = Number(e);
      if (this.insideId(pid) === inner) {
        this.known.set(inner, pid);
        return pid;
      }
    }
    return undefined;
  }

  /** The id inside the sandbox of an outside process, when it is one of the sandbox's. */
  private insideId(pid: number): number | undefined {
    if (PidMap.namespaceOf(pid) !== this.ns) return undefined;
    try {
      const m = /^NSpid:\s+\d+\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * A BR1 header line with its process ids (the requester's, and `ppid=` in CHECK flags) turned
 * into the outside ones; undefined when the line is not a request or a process cannot be found.
 */
export function rewriteHeader(line: string, outside: (inner: number) => number | undefined): { line: string; token: string } | undefined {
  const h = parseHeader(line);
  if (!h.ok) return undefined;
  const parts = line.replace(/\r$/, '').split(' ');
  const token = parts[2]!;
  if (parts[1] === 'PING') return { line: parts.join(' '), token };
  const pid = outside(Number(parts[4]));
  if (pid === undefined) return undefined;
  parts[4] = String(pid);
  if (parts[1] === 'CHECK' && parts[6] !== '-') {
    parts[6] = parts[6]!
      .split(',')
      .map((f) => {
        const m = /^ppid=(\d+)$/.exec(f);
        if (!m) return f;
        const p = outside(Number(m[1]));
        return p === undefined ? f : `ppid=${p}`;
      })
      .join(',');
  }
  return { line: parts.join(' '), token };
}

// ---------------------------------------------------------------------------------------------
// The outside end

export interface OutsideRelayOptions {
  /** The socket path (in a private folder). */
  socket: string;
  /** The relay inside is ready (once): the mirror is written, then the command may start. */
  onReady(inside: { pid: number; port: number }): void;
  /** The editor's real port for a token, or undefined. */
  portFor(token: string): number | undefined;
  /** Inside process id → outside. */
  outside(inner: number): number | undefined;
}

export interface OutsideRelay {
  /** Tells the relay inside that the terminal was resized. */
  resized(): void;
  close(): void;
}

export function startOutsideRelay(opts: OutsideRelayOptions): Promise<OutsideRelay> {
  let control: net.Socket | undefined;
  let readyTaken = false;
  const server = net.createServer((sock) => {
    sock.on('error', () => sock.destroy());
    readLine(sock, 256, (first, rest) => {
      const m = first === undefined ? null : /^BRS1 READY (\d+) (\d+)$/.exec(first);
      if (m) {
        // Only the first: the relay inside says so before the command starts.
        if (readyTaken) return void sock.destroy();
        readyTaken = true;
        control = sock;
        opts.onReady({ pid: Number(m[1]), port: Number(m[2]) });
        sock.write(`${RELAY_PROTOCOL} OK\n`);
        return;
      }
      if (first !== `${RELAY_PROTOCOL} PIPE`) return void sock.destroy();
      readLine(
        sock,
        MAX_LINE,
        (header, body) => {
          const r = header === undefined ? undefined : rewriteHeader(header, opts.outside);
          const port = r ? opts.portFor(r.token) : undefined;
          if (!r || port === undefined) return void sock.destroy();
          const editor = net.connect({ host: '127.0.0.1', port });
          editor.write(Buffer.concat([Buffer.from(`${r.line}\n`, 'latin1'), body]));
          joinBoth(sock, editor);
        },
        rest,
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.socket, () => {
      fs.chmodSync(opts.socket, 0o600);
      resolve({
        resized: () => void control?.write('WINCH\n'),
        close: () => {
          control?.destroy();
          server.close();
        },
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The inside end: listens where the guard looks for the editor, then runs the command

export interface InsideOptions {
  socket: string;
  /** The loopback port to listen on (0: any). */
  port: number;
  command: readonly string[];
  /** Where the messages for the person go. */
  err(text: string): void;
}

/** Environment variables that are how editors start this CLI, never passed to the command. */
const LAUNCHER_ENV = ['ELECTRON_RUN_AS_NODE'];

/** Single-quotes a word for /bin/sh. */
function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `script`, which gives the command a terminal of its own (the sandbox has a session of its own). */
function findScript(): string | undefined {
  for (const p of ['/usr/bin/script', '/bin/script']) {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs the inside end; resolves with the command's exit status. */
export async function runInside(opts: InsideOptions): Promise<number> {
  const listener = net.createServer((sock) => {
    const up = net.connect(opts.socket);
    up.write(`${RELAY_PROTOCOL} PIPE\n`);
    joinBoth(sock, up);
  });
  const port = await new Promise<number>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen({ host: '127.0.0.1', port: opts.port }, () => resolve((listener.address() as net.AddressInfo).port));
  });
  const control = net.connect(opts.socket);
  control.on('error', () => undefined);
  control.write(`${RELAY_PROTOCOL} READY ${process.pid} ${port}\n`);
  await new Promise<void>((resolve, reject) => {
    readLine(control, 256, (line) => (line === `${RELAY_PROTOCOL} OK` ? resolve() : reject(new Error('the sandbox did not answer'))));
  });

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of LAUNCHER_ENV) delete env[k];
  if (env['BLAST_RADIUS_GUARD_PORT']) env['BLAST_RADIUS_GUARD_PORT'] = String(port);
  const [file, ...args] = opts.command as [string, ...string[]];
  const script = process.stdin.isTTY ? findScript() : undefined;
  let child: ChildProcess;
  if (script) {
    // A terminal of its own inside (job control, Ctrl-C, resizing): `script` runs the command
    // through /bin/sh, which gets the person's SHELL back before it starts the command.
    const shell = env['SHELL'];
    const restore = shell === undefined ? 'env -u SHELL' : `env SHELL=${shQuote(shell)}`;
    const line = `exec ${restore} ${opts.command.map(shQuote).join(' ')}`;
    child = spawn(script, ['-qfec', line, '/dev/null'], { stdio: 'inherit', env: { ...env, SHELL: '/bin/sh' } });
  } else {
    if (process.stdin.isTTY) opts.err('blast-radius sandbox: `script` (util-linux) is missing, so the command has no terminal of its own: no job control, Ctrl-C stops the whole sandbox\n');
    child = spawn(file, args, { stdio: 'inherit', env });
  }
  control.on('data', (d: Buffer) => {
    if (d.includes('WINCH')) child.kill('SIGWINCH');
  });
  control.on('close', () => child.kill('SIGKILL'));
  return new Promise((resolve) => {
    child.on('error', (e) => {
      opts.err(`blast-radius sandbox: cannot run ${file}: ${e.message}\n`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      listener.close();
      control.destroy();
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}
