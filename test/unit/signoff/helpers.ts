/**
 * Real temporary git repositories for sign-off tests, with real SSH signing keys (ssh-keygen), and
 * small record builders.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RiskyChange } from '../../../src/core/signoff/changes';
import type { Identity } from '../../../src/core/signoff/identity';
import { normalizeEmail } from '../../../src/core/signoff/identity';
import { makeRecord, type ReviewRecord } from '../../../src/core/signoff/record';
import { signatureProof } from '../../../src/core/signoff/signature';
import type { EvidenceRecord } from '../../../src/core/signoff/verify';
import { cleanEnv, makeRepo as makeGitRepo, type Repo as GitRepo } from '../helpers/git';

export { cleanEnv };

export const ALICE: Identity = { name: 'Alice Author', email: 'alice@example.com' };
export const BOB: Identity = { name: 'Bob Reviewer', email: 'bob@example.com' };
export const CAROL: Identity = { name: 'Carol Senior', email: 'carol@seniors.example.com' };

/** A real ed25519 key pair made with `ssh-keygen -t ed25519 -N ''`. */
export interface SigningKey {
  /** The private key file (what user.signingkey names). */
  file: string;
  /** `ssh-ed25519 AAAA…`, as an allowed signers line needs it. */
  publicKey: string;
  /** `SHA256:…`, as git reports it (%GK). */
  fingerprint: string;
}

let keyDir: string | undefined;
const keys = new Map<string, SigningKey>();

/** Where the process's keys and allowed signers files live (removed at exit). */
export function keysDir(): string {
  if (keyDir === undefined) {
    const made = fs.mkdtempSync(path.join(os.tmpdir(), 'br-signoff-keys-'));
    keyDir = made;
    process.on('exit', () => fs.rmSync(made, { recursive: true, force: true }));
  }
  return keyDir;
}

/** A new signing key (`name` only names its files). */
export function newSigningKey(name: string): SigningKey {
  const file = path.join(keysDir(), `${name.replace(/[^A-Za-z0-9]+/g, '_')}-${keys.size}-${Math.random().toString(16).slice(2, 8)}`);
  const gen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file], { encoding: 'utf8' });
  assert.equal(gen.status, 0, `ssh-keygen: ${gen.stderr}`);
  const publicKey = fs.readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const fp = spawnSync('ssh-keygen', ['-l', '-f', `${file}.pub`], { encoding: 'utf8' });
  const fingerprint = /SHA256:\S+/.exec(fp.stdout)?.[0];
  assert.ok(fingerprint, `ssh-keygen -l: ${fp.stderr}`);
  return { file, publicKey, fingerprint };
}

/** The one signing key of a person (by normalised e-mail), made on first use. */
export function keyOf(email: string): SigningKey {
  const id = normalizeEmail(email);
  let k = keys.get(id);
  if (!k) {
    k = newSigningKey(id);
    keys.set(id, k);
  }
  return k;
}

export interface Repo extends Omit<GitRepo, 'as'> {
  /** The allowed signers file the repository's git config names (outside the working tree). */
  allowedSigners: string;
  /**
   * Sets user.name/user.email in the repository (the identity of the next step). In a signing
   * repository, also that person's key as user.signingkey; `trusted` (default true) lists the key
   * in the allowed signers file.
   */
  as(who: Identity, opts?: { trusted?: boolean; key?: SigningKey }): void;
  /** Adds `principal key` to the allowed signers file. */
  trust(principal: string, key: SigningKey): void;
}

/**
 * A repository on branch main. With `sign` (the default) it is set up as docs/signoff.md says:
 * gpg.format ssh, commit.gpgsign true, and gpg.ssh.allowedSignersFile naming a file outside the
 * working tree that lists the keys of the people `as` switches to.
 */
export function makeRepo(prefix = 'br-signoff-', opts: { sign?: boolean; cloneOf?: Repo } = {}): Repo {
  const sign = opts.sign ?? true;
  const base = makeGitRepo({ prefix, ...(opts.cloneOf ? { cloneOf: opts.cloneOf.dir } : {}) });
  const { dir, git } = base;
  const allowedSigners = path.join(keysDir(), `${path.basename(dir)}.allowed_signers`);
  fs.writeFileSync(allowedSigners, '');
  if (sign) {
    git('config', 'gpg.format', 'ssh');
    git('config', 'commit.gpgsign', 'true');
    git('config', 'gpg.ssh.allowedSignersFile', allowedSigners);
    // Commits made before anyone's `as` are signed with a key nobody is given.
    git('config', 'user.signingkey', keyOf('setup@example.com').file);
  }
  const trusted = new Set<string>();
  const repo: Repo = {
    ...base,
    allowedSigners,
    trust(principal, key) {
      const line = `${principal} ${key.publicKey}`;
      if (trusted.has(line)) return;
      trusted.add(line);
      fs.appendFileSync(allowedSigners, `${line}\n`);
    },
    as(who, o = {}) {
      base.as(who);
      if (!sign) return;
      const key = o.key ?? keyOf(who.email);
      git('config', 'user.signingkey', key.file);
      if (o.trusted ?? true) repo.trust(who.email, key);
    },
  };
  return repo;
}

let counter = 0;

/**
 * A valid approval record for a change, with overrides. Its commit is signed with a key the
 * allowed signers give to the approver (a verified signature), unless `signed` is false.
 */
export function approval(change: Pick<RiskyChange, 'hash' | 'file' | 'ruleId' | 'severity'>, who: Identity, over: Partial<ReviewRecord> = {}, time = '2025-03-01T10:00:00.000Z', signed = true): EvidenceRecord {
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
  const commit = counter.toString(16).padStart(40, 'c');
  const ev: EvidenceRecord = { path: `.blast-radius/reviews/${time.slice(0, 7)}/${record.id}.json`, record, addedIn: commit };
  if (signed) ev.signature = signatureProof(commit, 'G', record.approver.email, `SHA256:test-key-of-${normalizeEmail(record.approver.email)}`);
  return ev;
}
