/**
 * Per-workspace discovery of the running editor's guard server, for processes that are not
 * started from a guarded terminal (agent hooks run by Claude Code, Codex, Gemini CLI, …): they
 * cannot see the terminal's BLAST_RADIUS_GUARD_* variables, so the extension also writes, for
 * each workspace folder, a small file naming the server's port and token.
 *
 * The extension calls `writeDiscovery` for each workspace folder once its guard server listens,
 * and `removeDiscovery` on deactivate and when a folder is removed.
 *
 * Where: the user's private runtime folder (runtimeDir.ts, which names the files), 0700 with
 * 0600 files. Files are named by a hash of the workspace folder's real path.
 *
 * A record whose process is gone is stale and ignored (and removed when found). A record whose
 * process lives is still only a claim: the hook believes it when /proc proves the process is the
 * editor's extension host (`proveEditor`, proof.ts; editorLink.ts).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Env, alive, discoveryRecordName, ensureRuntimeDir, readServerRecord, removeServerRecord, runtimeDir, trustedDir, writePrivateFile } from './runtimeDir';

export interface DiscoveryRecord {
  version: 1;
  /** Absolute (real) path of the workspace folder. */
  workspace: string;
  host: string;
  port: number;
  token: string;
  /** The editor's extension host process. */
  pid: number;
  /** ISO time the record was written. */
  startedAt: string;
}

/** The folder that holds the discovery files of this user. */
export function discoveryDir(env: Env = process.env): string {
  return runtimeDir(env);
}

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The discovery file for one workspace folder. */
export function discoveryFile(workspace: string, env: Env = process.env): string {
  const hash = crypto.createHash('sha256').update(realOrResolved(workspace)).digest('hex');
  return path.join(discoveryDir(env), discoveryRecordName(hash));
}

/** Writes (atomically) the record for `rec.workspace`; returns the file's path. */
export function writeDiscovery(rec: Omit<DiscoveryRecord, 'version' | 'startedAt' | 'workspace'> & { workspace: string }, env: Env = process.env): string {
  ensureRuntimeDir(env);
  const file = discoveryFile(rec.workspace, env);
  const full: DiscoveryRecord = { version: 1, ...rec, workspace: realOrResolved(rec.workspace), startedAt: new Date().toISOString() };
  writePrivateFile(file, `${JSON.stringify(full)}\n`);
  return file;
}

/** Removes the record for `workspace`, only when it was written by `pid` (default: this process). */
export function removeDiscovery(workspace: string, pid: number = process.pid, env: Env = process.env): void {
  removeServerRecord(discoveryFile(workspace, env), pid);
}

function readFile(file: string): DiscoveryRecord | undefined {
  const v = readServerRecord(file);
  return v && typeof v['workspace'] === 'string' ? (v as unknown as DiscoveryRecord) : undefined;
}

/** A live record and the file it was read from. */
export interface FoundDiscovery {
  record: DiscoveryRecord;
  file: string;
}

function readLive(workspace: string, env: Env): FoundDiscovery | undefined {
  const file = discoveryFile(workspace, env);
  const record = readFile(file);
  if (!record) return undefined;
  if (!alive(record.pid)) {
    fs.rmSync(file, { force: true });
    return undefined;
  }
  return { record, file };
}

/** The live record for exactly this workspace folder, if any. */
export function readDiscovery(workspace: string, env: Env = process.env): DiscoveryRecord | undefined {
  if (!trustedDir(discoveryDir(env))) return undefined;
  return readLive(workspace, env)?.record;
}

/** The live record (and its file) for `dir` or the nearest folder above it that an editor has open. */
export function findDiscovery(dir: string, env: Env = process.env): FoundDiscovery | undefined {
  if (!trustedDir(discoveryDir(env))) return undefined;
  let d = realOrResolved(dir);
  for (;;) {
    const found = readLive(d, env);
    if (found) return found;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}
