/**
 * The runtime folder as the sandbox shows it: a private, read-only copy that holds only what the
 * guard inside needs to reach the editor — the window's server file (the shells reconnect with
 * it) and the discovery records of editors open on the workspace, a folder above it or one
 * inside it (the agent hooks find the editor with them). The hook judge's record and every other
 * editor's records stay outside.
 *
 * Inside, the guard reaches the editor through the relay (relay.ts), so each copy names the
 * relay's port and process instead of the editor's; the relay sends a request on to the editor
 * whose token it carries. The copy is kept in step with the real folder (a watch, and a timer for
 * editors that went away: a record whose process is gone is left out).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DISCOVERY_FILE_RE,
  type Env,
  alive,
  readServerFile,
  readServerRecord,
  runtimeDir,
  serverFileText,
  writePrivateFile,
} from '../guard/runtimeDir';
import { GUARD_ENV } from '../guard/server';
import { within } from './places';

const SHELL_RUNDIR_ENV = 'BLAST_RADIUS_GUARD_RUNDIR';
const SERVER_FILE_ENV = 'BLAST_RADIUS_GUARD_SERVER_FILE';

/** How often the copy is checked against the real folder besides the watch. */
const REFRESH_MS = 3000;

/** The relay inside: what the copies name instead of the editor. */
export interface InsideEnd {
  port: number;
  pid: number;
}

export class RecordMirror {
  /** Token → the real port of the editor that holds it. */
  private routes = new Map<string, number>();
  private inside: InsideEnd | undefined;
  private readonly watchers: fs.FSWatcher[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param dir the private folder the copy is written to (bound read-only inside)
   * @param env the environment the sandbox was started with
   * @param workspace the workspace (real path)
   */
  constructor(
    readonly dir: string,
    private readonly env: Env,
    private readonly workspace: string,
  ) {}

  /** The folders the copy stands in for inside: the runtime folder, the server file's folder, the shells' run folder. */
  get at(): string[] {
    const out = [runtimeDir(this.env)];
    const serverFile = this.env[SERVER_FILE_ENV];
    if (serverFile && path.isAbsolute(serverFile)) out.push(path.dirname(serverFile));
    const run = this.env[SHELL_RUNDIR_ENV];
    if (run && path.isAbsolute(run)) out.push(run);
    return [...new Set(out)];
  }

  /** The relay inside is listening: write the copies naming it. */
  start(inside: InsideEnd): void {
    this.inside = inside;
    this.refresh();
    const serverFile = this.env[SERVER_FILE_ENV];
    const serverName = serverFile && path.isAbsolute(serverFile) ? path.basename(serverFile) : undefined;
    const matters = (name: string | null): boolean => {
      if (name === null) return true;
      const n = name.replace(/\.\d+\.tmp$/, '');
      return DISCOVERY_FILE_RE.test(n) || n === serverName;
    };
    for (const d of new Set([runtimeDir(this.env), ...(serverFile && serverName ? [path.dirname(serverFile)] : [])])) {
      try {
        const w = fs.watch(d, (_event, name) => {
          if (matters(name)) this.refresh();
        });
        w.on('error', () => undefined);
        this.watchers.push(w);
      } catch {
        // not there (yet): the timer covers it
      }
    }
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  /** The real port of the editor whose token a request carries (read again when unknown). */
  portFor(token: string): number | undefined {
    if (!this.routes.has(token)) this.refresh();
    return this.routes.get(token);
  }

  /** Writes what the guard inside needs, removes what it no longer does. */
  refresh(): void {
    const inside = this.inside;
    if (!inside) return;
    const routes = new Map<string, number>();
    const keep = new Set<string>();
    const envPort = Number(this.env[GUARD_ENV.port]);
    const envToken = this.env[GUARD_ENV.token];
    if (envToken && Number.isInteger(envPort) && envPort > 0) routes.set(envToken, envPort);
    const serverFile = this.env[SERVER_FILE_ENV];
    if (serverFile && path.isAbsolute(serverFile)) {
      const s = readServerFile(serverFile);
      if (s) {
        routes.set(s.token, s.port);
        const name = path.basename(serverFile);
        this.write(name, serverFileText(inside.port, s.token));
        keep.add(name);
      }
    }
    const dir = runtimeDir(this.env);
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).filter((n) => DISCOVERY_FILE_RE.test(n));
    } catch {
      // no runtime folder: no editor has written a record
    }
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        if (!fs.lstatSync(file).isFile()) continue;
      } catch {
        continue;
      }
      const rec = readServerRecord(file);
      const ws = rec?.['workspace'];
      if (!rec || typeof ws !== 'string' || !alive(rec.pid)) continue;
      if (!within(this.workspace, ws) && !within(ws, this.workspace)) continue;
      routes.set(rec.token, rec.port);
      this.write(name, `${JSON.stringify({ ...rec, host: '127.0.0.1', port: inside.port, pid: inside.pid })}\n`);
      keep.add(name);
    }
    this.routes = routes;
    try {
      for (const n of fs.readdirSync(this.dir)) if (!keep.has(n) && !n.endsWith('.tmp')) fs.rmSync(path.join(this.dir, n), { force: true });
    } catch {
      // the copy is being removed: the sandbox is ending
    }
  }

  private write(name: string, text: string): void {
    const file = path.join(this.dir, name);
    try {
      if (fs.readFileSync(file, 'utf8') === text) return;
    } catch {
      // not written yet
    }
    try {
      writePrivateFile(file, text);
    } catch {
      // the copy is being removed: the sandbox is ending
    }
  }

  dispose(): void {
    for (const w of this.watchers) w.close();
    if (this.timer) clearInterval(this.timer);
  }
}
