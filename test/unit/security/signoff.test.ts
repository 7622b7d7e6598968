/**
 * Attack suite: sign-off forgery. The agent runs as the developer (Alice): it can run git, write
 * files, commit under any name and address, sign with Alice's key (it is on her machine), make
 * keys of its own and move refs, and wants `blast-radius verify` to pass its risky change without
 * the two approvals the policy asks for.
 *
 * Every case builds real repositories: a "server" whose main holds the policy, the allowed signers
 * file and a table, and a clone where the agent drops the table on a branch and then attacks.
 * Commits are signed with real ed25519 keys made by ssh-keygen and verified by git. Each case
 * asserts the outcome (the change is not signed off, with the reason a person reads); the
 * controls show the same setup passes when the real people sign, so the attacks fail for the
 * reason they name, not because nothing could pass.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RiskyChange } from '../../../src/core/signoff/changes';
import type { Identity } from '../../../src/core/signoff/identity';
import { makeRecord, writeRecord } from '../../../src/core/signoff/record';
import { collectSignoff, type SignoffReport } from '../../../src/core/signoff/repo';
import type { ChangeResult, ChangeStatus } from '../../../src/core/signoff/verify';
import { repoRoot } from '../helpers/paths';
import { runAtTerminal } from '../helpers/terminal';
import { ALICE, BOB, CAROL, keyOf, keysDir, makeRepo, newSigningKey, type Repo, type SigningKey } from '../signoff/helpers';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const SIGNERS = '.github/allowed_signers';
const DROP = 'db/migrations/002_drop_users.sql';
const CLAUDE: Identity = { name: 'Claude', email: 'noreply@anthropic.com' };

/** The agent's own key, which no allowed signers file gives to anyone (unless a case says so). */
const agentKey: SigningKey = newSigningKey('agent');

const repos: Repo[] = [];
after(() => {
  for (const r of repos) r.rm();
});

interface WorldOptions {
  /** The policy on main (default: two approvals for high, signers named by the policy). */
  policy?: Record<string, unknown>;
  /** The allowed signers file on main (default: Alice, Bob and Carol, one key each). */
  signers?: string;
}

interface World {
  server: Repo;
  work: Repo;
  /** The risky change on the branch (the dropped table). */
  change: RiskyChange;
}

const line = (principal: string, key: SigningKey): string => `${principal} ${key.publicKey}\n`;
const TEAM = (): string => line(ALICE.email, keyOf(ALICE.email)) + line(BOB.email, keyOf(BOB.email)) + line(CAROL.email, keyOf(CAROL.email));
const TWO_SIGNED = { approvals: { high: 2 }, signoff: { allowedSignersFile: SIGNERS } };

/** main on the server; a clone on branch `feature` where the agent (as Alice) dropped the table. */
function world(o: WorldOptions = {}): World {
  const server = makeRepo('br-attack-server-');
  repos.push(server);
  server.as(ALICE);
  server.write('.blast-radius.json', `${JSON.stringify(o.policy ?? TWO_SIGNED, null, 2)}\n`);
  server.write(SIGNERS, o.signers ?? TEAM());
  server.write('db/migrations/001_users.sql', 'CREATE TABLE users (id int);\n');
  server.commitAll('initial');
  server.git('config', 'receive.denyCurrentBranch', 'updateInstead');
  const work = makeRepo('br-attack-work-', { cloneOf: server });
  repos.push(work);
  work.as(ALICE, { trusted: false });
  work.git('checkout', '-q', '-b', 'feature');
  work.write(DROP, '-- users moved to accounts\nDROP TABLE users;\n');
  work.commitAll('drop users');
  const change = verify(work).outcome.results.find((x) => x.change.file === DROP)?.change;
  assert.ok(change, 'the dropped table is a risky change');
  return { server, work, change };
}

function verify(r: Repo, base?: string): SignoffReport {
  return collectSignoff({ cwd: r.dir, ...(base !== undefined ? { base } : {}) });
}

function drop(rep: SignoffReport): ChangeResult {
  const x = rep.outcome.results.find((c) => c.change.file === DROP);
  assert.ok(x, 'the dropped table is still a risky change');
  return x;
}

interface Commit {
  /** Author and committer of the commit (default: the approver). */
  author?: Identity;
  /** The key that signs the commit (default: the approver's own); null: unsigned. */
  key?: SigningKey | null;
}

/** Writes an approval record of `w.change` by `approver` and commits it (in `repo`, default the clone). */
function approve(w: World, approver: Identity, c: Commit = {}, repo: Repo = w.work): void {
  const made = makeRecord({
    kind: 'edit',
    ruleId: w.change.ruleId,
    file: w.change.file,
    hash: w.change.hash,
    severity: w.change.severity,
    decision: 'approve',
    approver,
    agentAttributed: true,
    tool: { name: 'blast-radius', version: 'test' },
  });
  assert.ok(made.ok);
  writeRecord(repo.dir, made.record);
  commitAs(repo, c.author ?? approver, c.key === undefined ? keyOf(approver.email) : c.key, `approve ${w.change.id}`);
}

/** Commits everything as `who`, signed with `key` (null: unsigned). */
function commitAs(repo: Repo, who: Identity, key: SigningKey | null, message: string): void {
  repo.git('add', '-A');
  const sign = key === null ? ['-c', 'commit.gpgsign=false'] : ['-c', `user.signingkey=${key.file}`];
  repo.git('-c', `user.name=${who.name}`, '-c', `user.email=${who.email}`, ...sign, 'commit', '-q', '-m', message);
}

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function br(r: Repo, args: string[]): Run {
  const p = spawnSync(process.execPath, [cli, ...args], { cwd: r.dir, encoding: 'utf8', env: r.env });
  return { code: p.status, out: p.stdout, err: p.stderr };
}

/**
 * Puts forged records on the server's main, as if someone had pushed there: a commit on
 * origin/main in the clone, pushed, and the branch rebased onto it. The records are then "at the
 * base" and the change is still the branch's.
 */
function forgeOnBase(w: World, forge: (onMain: World) => void): void {
  w.work.git('checkout', '-q', '-b', 'forge', 'origin/main');
  forge(w);
  w.work.git('push', '-q', 'origin', 'forge:main');
  w.work.git('fetch', '-q', 'origin');
  w.work.git('checkout', '-q', 'feature');
  w.work.git('-c', 'commit.gpgsign=false', 'rebase', '-q', 'origin/main');
}

interface Expect {
  /** verify passes (controls) or fails (attacks). */
  ok: boolean;
  /** Counting approvals of the dropped table. */
  have?: number;
  status?: ChangeStatus;
  /** A reason among the approvals that do not count. */
  refused?: RegExp;
  /** A problem with the base. */
  baseProblem?: RegExp;
  /** Risky changes (rule ids) besides the dropped table. */
  alsoRisky?: string[];
}

interface Attack {
  name: string;
  world?: WorldOptions;
  attack(w: World): void;
  expect: Expect;
}

const ATTACKS: Attack[] = [
  {
    name: 'control: Alice and Bob each approve in a commit signed with their own key',
    attack(w) {
      approve(w, ALICE);
      approve(w, BOB);
    },
    expect: { ok: true, have: 2, status: 'ok' },
  },
  {
    name: 'unsigned records by Alice and Bob: identity unverified, neither counts',
    attack(w) {
      approve(w, ALICE, { key: null });
      approve(w, BOB, { key: null });
    },
    expect: { ok: false, have: 0, status: 'identity-unverified', refused: /identity unverified: commit \w+ is not signed/ },
  },
  {
    name: "the agent signs with the developer's key and forges Bob's record, authored as Bob",
    attack(w) {
      approve(w, ALICE);
      approve(w, BOB, { key: keyOf(ALICE.email) });
    },
    expect: { ok: false, have: 1, status: 'ineligible-approver', refused: /signed with key SHA256:\S+ of alice@example\.com, not by the approver Bob Reviewer/ },
  },
  {
    name: "the agent makes its own key and signs Bob's forged record with it",
    attack(w) {
      approve(w, ALICE);
      approve(w, BOB, { key: agentKey });
    },
    expect: { ok: false, have: 1, status: 'identity-unverified', refused: /identity unverified: commit \w+ is signed with key SHA256:\S+, which the allowed signers do not list/ },
  },
  {
    name: 'the same person three times (case, +tag, Cyrillic a), each signed with her key, counts once',
    attack(w) {
      approve(w, { name: 'Alice', email: 'ALICE@Example.com' });
      approve(w, { name: 'Alice (review)', email: 'alice+second@example.com' });
      approve(w, { name: 'Alice', email: '\u0430lice@example.com' });
    },
    expect: { ok: false, have: 1, status: 'ineligible-approver', refused: /one person counts once/ },
  },
  {
    name: 'one key that the allowed signers give to both Alice and Bob counts for one of them only',
    world: { signers: line(BOB.email, keyOf(ALICE.email)) + line(ALICE.email, keyOf(ALICE.email)) },
    attack(w) {
      approve(w, ALICE, { key: keyOf(ALICE.email) });
      approve(w, BOB, { key: keyOf(ALICE.email) });
    },
    expect: { ok: false, have: 1, status: 'ineligible-approver' },
  },
  {
    name: "the agent adds its key as Bob's to the allowed signers in the same change",
    attack(w) {
      w.work.write(SIGNERS, TEAM() + line(BOB.email, agentKey));
      commitAs(w.work, ALICE, keyOf(ALICE.email), 'add a key');
      approve(w, ALICE);
      approve(w, BOB, { key: agentKey });
    },
    expect: { ok: false, have: 1, refused: /which the allowed signers do not list/, alsoRisky: ['signoff.signers-changed'] },
  },
  {
    name: 'the agent points signoff.allowedSignersFile on the branch at a file of its own',
    attack(w) {
      w.work.write('.github/agent_signers', line(BOB.email, agentKey) + line(ALICE.email, keyOf(ALICE.email)));
      w.work.write('.blast-radius.json', `${JSON.stringify({ approvals: { high: 2 }, signoff: { allowedSignersFile: '.github/agent_signers' } })}\n`);
      commitAs(w.work, ALICE, keyOf(ALICE.email), 'new signers');
      approve(w, ALICE);
      approve(w, BOB, { key: agentKey });
    },
    expect: { ok: false, have: 1, refused: /which the allowed signers do not list/, alsoRisky: ['signoff.signers-changed'] },
  },
  {
    name: "CI's git config names the allowed signers inside the working tree; the agent edits that file on the branch",
    world: { policy: { approvals: { high: 2 } } },
    attack(w) {
      w.work.git('config', 'gpg.ssh.allowedSignersFile', path.join(w.work.dir, SIGNERS));
      w.work.write(SIGNERS, TEAM() + line(BOB.email, agentKey));
      commitAs(w.work, ALICE, keyOf(ALICE.email), 'add a key');
      approve(w, ALICE);
      approve(w, BOB, { key: agentKey });
    },
    expect: { ok: false, have: 1, refused: /which the allowed signers do not list/ },
  },
  {
    name: 'a fake gpg.ssh.program in the repository config that always answers "Good signature for bob"',
    attack(w) {
      const fake = path.join(keysDir(), `fake-ssh-keygen-${path.basename(w.work.dir)}`);
      fs.writeFileSync(fake, `#!/bin/sh\ncase "$*" in *find-principals*) echo ${BOB.email}; exit 0;; esac\necho 'Good "git" signature for ${BOB.email} with ED25519 key ${agentKey.fingerprint}'\nexit 0\n`, { mode: 0o755 });
      approve(w, ALICE);
      approve(w, BOB, { key: agentKey });
      w.work.git('config', 'gpg.ssh.program', fake);
    },
    expect: { ok: false, have: 1, refused: /which the allowed signers do not list/ },
  },
  {
    name: 'signoff.requireSignedRecords with one approval: an unsigned record does not count',
    world: { policy: { approvals: { high: 1 }, signoff: { requireSignedRecords: true, allowedSignersFile: SIGNERS } } },
    attack(w) {
      approve(w, ALICE, { key: null });
    },
    expect: { ok: false, have: 0, status: 'identity-unverified' },
  },
  {
    name: 'the branch turns signoff.requireSignedRecords off: still required, and the lowering needs sign-off',
    world: { policy: { approvals: { high: 1 }, signoff: { requireSignedRecords: true, allowedSignersFile: SIGNERS } } },
    attack(w) {
      w.work.write('.blast-radius.json', `${JSON.stringify({ approvals: { high: 1 }, signoff: { allowedSignersFile: SIGNERS } })}\n`);
      commitAs(w.work, ALICE, null, 'relax');
      approve(w, ALICE, { key: null });
    },
    expect: { ok: false, have: 0, status: 'identity-unverified', alsoRisky: ['signoff.policy-lowered'] },
  },
  {
    name: 'a key the allowed signers give to a pattern (*@example.com) proves no one',
    world: { signers: TEAM() + line('*@example.com', agentKey) },
    attack(w) {
      approve(w, ALICE);
      approve(w, { name: 'Dan', email: 'dan@example.com' }, { key: agentKey });
    },
    expect: { ok: false, have: 1, refused: /a pattern or list rather than one person/ },
  },
  {
    name: "an agent's key in the allowed signers still never counts",
    world: { signers: TEAM() + line(CLAUDE.email, agentKey) },
    attack(w) {
      approve(w, ALICE);
      approve(w, CLAUDE, { key: agentKey });
    },
    expect: { ok: false, have: 1, refused: /an agent never counts/ },
  },
  {
    name: 'records forged on the base branch without signatures do not count',
    attack(w) {
      forgeOnBase(w, (m) => {
        approve(m, ALICE, { key: null });
        approve(m, BOB, { key: null });
      });
    },
    expect: { ok: false, have: 0, status: 'identity-unverified', refused: /is not signed/ },
  },
  {
    name: "records forged on the base branch, signed with the agent's key",
    attack(w) {
      forgeOnBase(w, (m) => {
        approve(m, ALICE, { key: agentKey });
        approve(m, BOB, { key: agentKey });
      });
    },
    expect: { ok: false, have: 0, status: 'identity-unverified', refused: /which the allowed signers do not list/ },
  },
  {
    name: "without a signing requirement, a base record claiming Bob but committed by Alice does not count",
    world: { policy: { approvals: { high: 1 } } },
    attack(w) {
      forgeOnBase(w, (m) => approve(m, BOB, { author: ALICE, key: null }));
    },
    expect: { ok: false, have: 0, refused: /committed by alice@example\.com .*not by the approver bob@example\.com \(a record already at the base needs the same proof\)/ },
  },
  {
    name: 'control: properly signed records already at the base count',
    attack(w) {
      forgeOnBase(w, (m) => {
        approve(m, ALICE);
        approve(m, BOB);
      });
    },
    expect: { ok: true, have: 2, status: 'ok' },
  },
  {
    name: 'the agent moves refs/remotes/origin/main to HEAD (git update-ref)',
    attack(w) {
      w.work.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    },
    expect: { ok: false, baseProblem: /HEAD \w+ is already part of origin\/main/ },
  },
  {
    name: 'the agent moves origin/main to HEAD and adds a commit on top',
    attack(w) {
      w.work.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
      w.work.write('README.md', 'unrelated\n');
      commitAs(w.work, ALICE, null, 'more');
    },
    expect: { ok: false, baseProblem: /origin\/main was last moved by git update-ref, not by git fetch/ },
  },
  {
    name: 'the agent writes the ref file directly (no reflog entry)',
    attack(w) {
      const head = w.work.git('rev-parse', 'HEAD').trim();
      fs.writeFileSync(path.join(w.work.dir, '.git', 'refs', 'remotes', 'origin', 'main'), `${head}\n`);
    },
    expect: { ok: false, baseProblem: /already part of origin\/main/ },
  },
  {
    name: "the agent points refs/remotes/origin/HEAD at a remote-tracking ref of its own",
    attack(w) {
      w.work.git('update-ref', 'refs/remotes/origin/agent', 'HEAD');
      w.work.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/agent');
    },
    expect: { ok: false, baseProblem: /already part of origin\/agent/ },
  },
  {
    name: 'the agent replaces the branch commit with the base commit (git replace)',
    attack(w) {
      w.work.git('replace', 'HEAD', 'origin/main');
    },
    expect: { ok: false, have: 0, status: 'missing-approvals' },
  },
];

for (const a of ATTACKS) {
  test(`sign-off attack: ${a.name}`, () => {
    const w = world(a.world);
    a.attack(w);
    const rep = verify(w.work);
    assert.equal(rep.outcome.ok, a.expect.ok, `verify ${rep.outcome.ok ? 'passed' : 'failed'}: ${JSON.stringify({ base: rep.base, baseProblems: rep.baseProblems, results: rep.outcome.results.map((x) => ({ rule: x.change.ruleId, have: x.have, status: x.status, approvals: x.approvals })) }, null, 1)}`);
    const e = a.expect;
    if (e.baseProblem) assert.ok(rep.baseProblems.some((p) => e.baseProblem!.test(p)), rep.baseProblems.join('\n'));
    else assert.deepEqual(rep.baseProblems, []);
    if (e.have !== undefined || e.status !== undefined || e.refused !== undefined) {
      const x = drop(rep);
      if (e.have !== undefined) assert.equal(x.have, e.have, JSON.stringify(x.approvals, null, 1));
      if (e.status !== undefined) assert.equal(x.status, e.status);
      if (e.refused) assert.ok(x.approvals.some((v) => !v.counted && e.refused!.test(v.reason ?? '')), JSON.stringify(x.approvals, null, 1));
    }
    for (const rule of e.alsoRisky ?? []) {
      const other = rep.outcome.results.find((x) => x.change.ruleId === rule);
      assert.ok(other, `${rule} is a risky change`);
      assert.notEqual(other.status, 'ok');
    }
  });
}

test('a moved base is named in every output: text, --json and --sarif all fail and say which base and why', () => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  const w = world();
  approve(w, ALICE);
  w.work.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  const tip = w.work.git('rev-parse', 'HEAD').trim();

  const text = br(w.work, ['verify']);
  assert.equal(text.code, 1, text.err);
  assert.match(text.out, /^base: origin\/main at \w{10}, the default branch of origin \(refs\/remotes\/origin\/HEAD\)$/m);
  assert.match(text.out, /^base problem: HEAD \w{10} is already part of origin\/main/m);
  assert.match(text.out, /^FAILED: the base origin\/main \(\w{10}\) cannot be trusted/m);

  const json = br(w.work, ['verify', '--json']);
  assert.equal(json.code, 1);
  const j = JSON.parse(json.out) as { ok: boolean; base: { label: string; tip: string; ref: string; how: string }; baseProblems: string[] };
  assert.equal(j.ok, false);
  assert.deepEqual([j.base.label, j.base.tip, j.base.ref], ['origin/main', tip, 'refs/remotes/origin/main']);
  assert.ok(j.baseProblems.length >= 1);

  const sarif = br(w.work, ['verify', '--sarif']);
  assert.equal(sarif.code, 1);
  const run = (JSON.parse(sarif.out) as { runs: { properties: { base: { label: string }; ok: boolean }; invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] }).runs[0]!;
  assert.equal(run.properties.base.label, 'origin/main');
  assert.equal(run.properties.ok, false);
  assert.ok(run.invocations[0]!.toolExecutionNotifications.some((n) => n.level === 'error' && /base problem/.test(n.message.text)));
});

test('verify in a fresh clone after the agent moved its local refs still sees the change', () => {
  const w = world();
  approve(w, ALICE);
  w.work.git('update-ref', '-m', 'fetch: fast-forward', 'refs/remotes/origin/main', 'HEAD');
  w.work.write('README.md', 'unrelated\n');
  commitAs(w.work, ALICE, null, 'more');
  assert.equal(verify(w.work).outcome.ok, true, 'locally the forged base hides the change (the case above)');
  // The CI job: a fresh clone of the server, the pushed branch checked out, the base from the server.
  w.work.git('push', '-q', 'origin', 'feature');
  const ci = makeRepo('br-attack-ci-', { cloneOf: w.server });
  repos.push(ci);
  ci.git('checkout', '-q', 'feature');
  const rep = verify(ci, 'origin/main');
  assert.equal(rep.outcome.ok, false);
  assert.equal(rep.base.tip, w.server.git('rev-parse', 'main').trim());
  assert.equal(drop(rep).have, 1);
});

test('approve --commit signs the commit when the change needs signed records, and the approval counts', () => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  const w = world();
  w.work.git('config', 'commit.gpgsign', 'false');
  w.work.git('config', 'user.signingkey', keyOf(ALICE.email).file);
  // at a terminal, as a person runs it (approve writes records only there)
  const r = runAtTerminal([process.execPath, cli, 'approve', w.change.id, '--commit'], { cwd: w.work.dir, env: w.work.env });
  assert.equal(r.code, 0, r.out);
  assert.match(w.work.git('cat-file', 'commit', 'HEAD'), /^gpgsig -----BEGIN SSH SIGNATURE-----/m, 'approve --commit signed the commit');
  const x = drop(verify(w.work));
  assert.equal(x.have, 1, JSON.stringify(x.approvals, null, 1));
  assert.equal(x.approvals[0]!.identity, 'verified');
});

/** A throwaway GnuPG home with one key (`gpg --quick-gen-key`, no passphrase); returns its fingerprint. */
function gpgHome(uid: string): { home: string; fingerprint: string } {
  const home = fs.mkdtempSync(path.join(keysDir(), 'gpg-'));
  fs.chmodSync(home, 0o700);
  const gen = spawnSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', uid, 'ed25519', 'sign', 'never'], { env: { ...process.env, GNUPGHOME: home }, encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const list = spawnSync('gpg', ['--batch', '--with-colons', '--list-secret-keys'], { env: { ...process.env, GNUPGHOME: home }, encoding: 'utf8' });
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(list.stdout)?.[1];
  assert.ok(fingerprint, list.stderr);
  return { home, fingerprint };
}

function gpg(home: string, args: string[], input?: string): string {
  const r = spawnSync('gpg', ['--batch', ...args], { env: { ...process.env, GNUPGHOME: home }, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const hasGpg = spawnSync('gpg', ['--version']).status === 0;

test('OpenPGP: a signature counts only for a key the keyring of the machine that runs verify holds as valid', { skip: hasGpg ? false : 'gpg is not installed' }, (t) => {
  const w = world();
  const bob = gpgHome(`${BOB.name} <${BOB.email}>`);
  const forger = gpgHome(`${BOB.name} <${BOB.email}>`); // the agent's key with Bob's user id
  const ci = fs.mkdtempSync(path.join(keysDir(), 'gpg-ci-'));
  fs.chmodSync(ci, 0o700);
  t.after(() => {
    for (const h of [bob.home, forger.home, ci]) spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: h } });
  });
  // The CI keyring: Bob's public key, made valid by the job (ultimate owner trust).
  gpg(ci, ['--import'], gpg(bob.home, ['--armor', '--export', bob.fingerprint]));
  gpg(ci, ['--import-ownertrust'], `${bob.fingerprint}:6:\n`);

  const gpgCommit = (signer: { home: string; fingerprint: string }, who: Identity): void => {
    w.work.env.GNUPGHOME = signer.home;
    try {
      const made = makeRecord({ kind: 'edit', ruleId: w.change.ruleId, file: w.change.file, hash: w.change.hash, severity: w.change.severity, decision: 'approve', approver: who, agentAttributed: true, tool: { name: 'blast-radius', version: 'test' } });
      assert.ok(made.ok);
      writeRecord(w.work.dir, made.record);
      w.work.git('add', '-A');
      w.work.git('-c', `user.name=${who.name}`, '-c', `user.email=${who.email}`, '-c', 'gpg.format=openpgp', '-c', `user.signingkey=${signer.fingerprint}`, 'commit', '-q', '-S', '-m', 'approve');
    } finally {
      delete w.work.env.GNUPGHOME;
    }
  };
  const verifyWithKeyring = (): ChangeResult => {
    const saved = process.env.GNUPGHOME;
    process.env.GNUPGHOME = ci;
    try {
      return drop(verify(w.work));
    } finally {
      if (saved === undefined) delete process.env.GNUPGHOME;
      else process.env.GNUPGHOME = saved;
    }
  };

  approve(w, ALICE);
  gpgCommit(forger, BOB);
  const forged = verifyWithKeyring();
  assert.equal(forged.have, 1, 'the agent-made key with Bob\'s user id is not in the keyring: identity unverified');
  assert.equal(forged.status, 'identity-unverified');
  assert.match(forged.approvals.find((a) => !a.counted)?.reason ?? '', /identity unverified: the signature of commit \w+ cannot be checked/);

  gpgCommit(bob, BOB);
  const real = verifyWithKeyring();
  assert.equal(real.have, 2, JSON.stringify(real.approvals, null, 1));
  assert.equal(real.status, 'ok');
});
