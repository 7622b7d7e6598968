/** Real temporary git repositories for sign-off tests, and small record builders. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RiskyChange } from '../../../src/core/signoff/changes';
import type { Identity } from '../../../src/core/signoff/identity';
import { makeRecord, type ReviewRecord } from '../../../src/core/signoff/record';
import type { EvidenceRecord } from '../../../src/core/signoff/verify';

export const ALICE: Identity = { name: 'Alice Author', email: 'alice@example.com' };
export const BOB: Identity = { name: 'Bob Reviewer', email: 'bob@example.com' };
export const CAROL: Identity = { name: 'Carol Senior', email: 'carol@seniors.example.com' };

/** An environment for git and the CLI without the caller's git config or agent markers. */
export function cleanEnv(home: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
  for (const k of Object.keys(env)) {
    if (/^GIT_(AUTHOR|COMMITTER)_/.test(k) || k === 'GIT_DIR' || k === 'GIT_WORK_TREE' || k === 'GIT_INDEX_FILE') delete env[k];
    if (k === 'CLAUDECODE' || k === 'GEMINI_CLI' || k.startsWith('CODEX_SANDBOX')) delete env[k];
  }
  return env;
}

export interface Repo {
  dir: string;
  env: Record<string, string | undefined>;
  git(...args: string[]): string;
  /** Sets user.name/user.email in the repository (the identity of the next step). */
  as(who: Identity): void;
  write(rel: string, content: string): void;
  commitAll(message: string): string;
  rm(): void;
}

export function makeRepo(prefix = 'br-signoff-'): Repo {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const env = cleanEnv(dir);
  const git = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  const repo: Repo = {
    dir,
    env,
    git,
    as(who) {
      git('config', 'user.name', who.name);
      git('config', 'user.email', who.email);
    },
    write(rel, content) {
      const abs = path.join(dir, ...rel.split('/'));
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    },
    commitAll(message) {
      git('add', '-A');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    rm() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return repo;
}

let counter = 0;

/** A valid approval record for a change, with overrides. */
export function approval(change: Pick<RiskyChange, 'hash' | 'file' | 'ruleId' | 'severity'>, who: Identity, over: Partial<ReviewRecord> = {}, time = '2025-03-01T10:00:00.000Z'): EvidenceRecord {
  counter++;
  const made = makeRecord({
    kind: 'edit',
    ruleId: change.ruleId,
    file: change.file,
    hash: change.hash,
    severity: change.severity,
    decision: 'approve',
    approver: who,
    agentAttributed: false,
    tool: { name: 'blast-radius', version: 'test' },
    time: new Date(time),
    id: `${change.hash.slice(0, 12)}-${counter.toString(16).padStart(10, '0')}`,
  });
  assert.ok(made.ok, made.ok ? '' : made.message);
  const record = { ...made.record, ...over } as ReviewRecord;
  return { path: `.blast-radius/reviews/${time.slice(0, 7)}/${record.id}.json`, record };
}
