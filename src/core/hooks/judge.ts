/**
 * The hook judge: a background process that keeps the engines loaded, so an agent's hook call
 * (a new process for every tool call) does not pay for starting the shell parser and the rules
 * each time. This module holds what the hook's launcher and the judge share: where the judge's
 * record lives, and the wire format between them. Both sides are in src/cli (launch.ts,
 * hookJudge.ts).
 *
 * - The record (`hook-judge-<build>.json` in the user's private runtime folder, 0600, named by
 *   runtimeDir.ts) names the judge's loopback port, its random token and its pid. One judge per
 *   user and build: a launcher only talks to a judge of its own build, so an upgrade never
 *   mixes versions.
 * - One request per connection: `BRH1 <token>\n` then one line of JSON (the agent argument, the
 *   hook input exactly as read, the caller's working directory and environment, which the
 *   rules read: AWS_PROFILE, KUBECONFIG, CLAUDE_PROJECT_DIR, XDG_RUNTIME_DIR, …, and the moment
 *   the answer is due). The answer is zero or more `{"hold":true}` lines (the editor is asking a
 *   person: the launcher waits for them instead of its budget, budget.ts), then one line of
 *   JSON: what the hook prints and its exit code. The launcher's own one-off judging process
 *   (`hook judge --once`) reads the same request on stdin and answers the same way on stdout.
 * - A launcher believes a record only when /proc proves that its process is a judge of this
 *   very CLI (`proveJudge`, guard/proof.ts); a record that fails is ignored and replaced.
 *
 * Invariants:
 * - The judge answers exactly what the hook would answer in-process: it runs the same function
 *   (`answerHook`, answer.ts) with the caller's directory and environment.
 * - Anything wrong on the way (no judge, another build, a refused connection, a malformed or
 *   missing answer) makes the launcher judge in-process instead: the judge can only make the
 *   answer faster, never different or absent.
 * - Nothing here approves anything: the judge runs the policy and asks the editor like the hook.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type Env,
  JUDGE_STARTING_SUFFIX,
  alive,
  ensureRuntimeDir,
  judgeRecordName,
  readServerRecord,
  removeServerRecord,
  runtimeDir,
  trustedDir,
  writePrivateFile,
} from '../guard/runtimeDir';
import { type JudgeIdentity, proveJudge, recordWrittenMs } from '../guard/proof';
import { AGENTS, type AgentId, type HookOutput } from './types';

export const JUDGE_PROTOCOL = 'BRH1';

/** Largest request the judge reads (a Write tool call carries the whole file). */
export const MAX_JUDGE_REQUEST_BYTES = 64 * 1024 * 1024;

/** Setting this variable to `off` (or `0`) makes the hook judge every call in its own process. */
export const JUDGE_SWITCH_ENV = 'BLAST_RADIUS_HOOK_JUDGE';

export interface JudgeRecord {
  version: 1;
  /** The build of the CLI the judge runs; launchers only use a judge of their own build. */
  build: string;
  host: string;
  port: number;
  token: string;
  pid: number;
  /** ISO time the judge started listening. */
  startedAt: string;
}

/** One hook call, as the launcher forwards it. */
export interface JudgeRequest {
  agent: AgentId | 'auto';
  /** The hook input exactly as the agent wrote it on stdin. */
  input: string;
  /** The hook process's working directory (absolute). */
  cwd: string;
  /** The hook process's environment. */
  env: Record<string, string>;
  /** When the answer is due (ms since the epoch): past it, the judge answers the agent's fail-closed answer. */
  deadlineMs?: number;
}

/** The line a judge sends while the editor asks a person: the launcher then waits for the person, not its budget. */
export const JUDGE_HOLD_LINE = '{"hold":true}';

/** False when the person turned the judge off for this process's environment. */
export function judgeEnabled(env: Env): boolean {
  const v = (env[JUDGE_SWITCH_ENV] ?? '').trim().toLowerCase();
  return v !== 'off' && v !== '0' && v !== 'false';
}

/** The record file of the judge for `build`. */
export function judgeFile(build: string, env: Env = process.env): string {
  return path.join(runtimeDir(env), judgeRecordName(build));
}

/**
 * The marker a launcher leaves when it starts a judge, so that calls made while the judge is
 * starting do not start more; the judge removes it once it listens.
 */
export function judgeStartingFile(build: string, env: Env = process.env): string {
  return `${judgeFile(build, env)}${JUDGE_STARTING_SUFFIX}`;
}

/** Writes the record of a judge that listens now; returns the file's path. */
export function writeJudgeRecord(rec: Omit<JudgeRecord, 'version' | 'startedAt'>, env: Env = process.env): string {
  ensureRuntimeDir(env);
  const file = judgeFile(rec.build, env);
  const full: JudgeRecord = { version: 1, ...rec, startedAt: new Date().toISOString() };
  writePrivateFile(file, `${JSON.stringify(full)}\n`);
  fs.rmSync(judgeStartingFile(rec.build, env), { force: true });
  return file;
}

/** The record as written, whether or not its process lives (the judge checks it is still its own). */
export function readJudgeRecordFile(build: string, env: Env = process.env): JudgeRecord | undefined {
  const v = readServerRecord(judgeFile(build, env));
  if (!v || typeof v['build'] !== 'string' || !Number.isInteger(v.port) || !/^[0-9a-f]{16,}$/.test(v.token)) return undefined;
  return v as unknown as JudgeRecord;
}

/** A judge's record found for a build: believed, or refused with the reason. */
export type JudgeLookup = { record: JudgeRecord; refused?: undefined } | { record: JudgeRecord; refused: string };

/**
 * The judge for `build`, if a record names one: its record is in a private folder of this user,
 * well formed, of this build, and its process exists (a record whose process is gone is
 * removed). The record is believed only when /proc proves its process is a judge of this CLI
 * (`identity`: this node executable and this CLI file); otherwise `refused` says why.
 */
export function findJudge(build: string, identity: JudgeIdentity, env: Env = process.env): JudgeLookup | undefined {
  if (!trustedDir(runtimeDir(env))) return undefined;
  const rec = readJudgeRecordFile(build, env);
  if (!rec || rec.build !== build) return undefined;
  if (!alive(rec.pid)) {
    removeJudgeRecord(build, rec.pid, env);
    return undefined;
  }
  const proof = proveJudge({ host: rec.host, port: rec.port, pid: rec.pid, writtenMs: recordWrittenMs(rec.startedAt, judgeFile(build, env)) }, identity);
  return proof.ok ? { record: rec } : { record: rec, refused: `the hook judge record ${judgeFile(build, env)} was ignored: ${proof.reason}` };
}

/** Removes the record for `build` when it names `pid`. */
export function removeJudgeRecord(build: string, pid: number, env: Env = process.env): void {
  removeServerRecord(judgeFile(build, env), pid);
}

/** The bytes a launcher sends for one hook call. */
export function encodeJudgeRequest(token: string, req: JudgeRequest): string {
  return `${JUDGE_PROTOCOL} ${token}\n${JSON.stringify(req)}\n`;
}

/** The request in one JSON line, or why it is not one. */
export function decodeJudgeRequest(line: string): JudgeRequest | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { error: 'the request is not JSON' };
  }
  if (typeof v !== 'object' || v === null) return { error: 'the request is not an object' };
  const r = v as Record<string, unknown>;
  const agent = r['agent'];
  if (typeof agent !== 'string' || (agent !== 'auto' && !(AGENTS as readonly string[]).includes(agent))) return { error: 'unknown agent' };
  if (typeof r['input'] !== 'string') return { error: 'input is not a string' };
  const cwd = r['cwd'];
  if (typeof cwd !== 'string' || !path.isAbsolute(cwd)) return { error: 'cwd is not an absolute path' };
  const env = r['env'];
  if (typeof env !== 'object' || env === null || Array.isArray(env)) return { error: 'env is not an object' };
  const clean: Record<string, string> = {};
  for (const [k, val] of Object.entries(env as Record<string, unknown>)) if (typeof val === 'string') clean[k] = val;
  const deadline = r['deadlineMs'];
  if (deadline !== undefined && (typeof deadline !== 'number' || !Number.isFinite(deadline))) return { error: 'deadlineMs is not a number' };
  return { agent: agent as AgentId | 'auto', input: r['input'], cwd, env: clean, ...(deadline !== undefined ? { deadlineMs: deadline } : {}) };
}

/** The judge's answer line. */
export function encodeJudgeAnswer(out: HookOutput): string {
  return `${JSON.stringify(out)}\n`;
}

/** The hook output in the judge's answer line, or undefined when it is not one. */
export function decodeJudgeAnswer(line: string): HookOutput | undefined {
  try {
    const v = JSON.parse(line) as Partial<HookOutput>;
    if (typeof v.stdout !== 'string' || typeof v.stderr !== 'string' || typeof v.exitCode !== 'number' || !Number.isInteger(v.exitCode)) return undefined;
    // A decision is always wanted: an empty answer with exit 0 would read as "allow" to several agents.
    if (v.stdout === '' && v.stderr === '' && v.exitCode === 0) return undefined;
    return { stdout: v.stdout, stderr: v.stderr, exitCode: v.exitCode };
  } catch {
    return undefined;
  }
}
