/**
 * The attack suite's harness: an attack is a row of data (what the agent types, how it gets
 * past the guard, what the engine must say about it, what must survive), run in a fresh real
 * shell (bash, zsh or fish through node-pty) guarded by the real guard (harness/guard.ts).
 *
 * Each attack asserts outcomes:
 *  1. the engine holds its first line, or the line `judged` names (at least `held`, default
 *     critical for tampering and high otherwise) — unless the row says the line is one the
 *     engine cannot see (`unseen`);
 *  2. what the agent types next (`then`, by default `rm -rf {victim}`, which the policy
 *     refuses) does not run: the victim folder is still there, whatever the shell was turned
 *     into — or the shell stopped the line itself and said "guard tampered", or exited;
 *  3. files named in `keep` are unchanged.
 *
 * Rows that are not defended yet carry `open` (why, and which part of the work will close it):
 * they run as todo tests, so the suite stays green and the report lists them.
 *
 * `BR_ATTACK_TRACE=1` prints each attack's terminal on stderr.
 *
 * Adding a category (forged editor, sign-off, bad input): add its name to `Category`, write its
 * rows in attacks/<category>.ts, and either use `describeShellAttacks` (attacks typed into a
 * guarded terminal) or a runner of its own that keeps the same rules: data rows, outcomes, and
 * `open` for what is not defended yet. docs/security.md lists every category and its tests.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Severity, severityRank } from '../../../../src/core/severity';
import { MEDIA, PtyShell, type ShellName, have } from '../../guard/helpers/pty';
import { tempDir } from '../../helpers/tmp';
import { shellSetup } from '../../guard/helpers/shells';
import { baseEnv } from '../../guard/helpers/guard';
import { type PersonAnswer, type RealGuard, startRealGuard } from './guard';
import { sandboxedShell } from './sandboxed';

export type Category =
  | 'shell-tamper' // (a) disarming the shell guard from the shell it guards
  | 'unguarded-shell' // (b) shells and sessions the guard is not in
  | 'deferred' // (b) work handed to a later moment
  | 'hook-files' // (c) agent hook settings and the runtime folder written through the shell
  | 'forged-editor' // planned: a listener that claims to be the editor
  | 'sign-off' // planned: forged or self-made approvals
  | 'bad-input'; // planned: FIFOs, catastrophic regular expressions, NUL bytes, huge input

export interface ShellAttack {
  /** Stable and unique: `<shell>.<what>`. */
  id: string;
  category: Category;
  shell: ShellName;
  /** Files written before the shell starts: path → content (both templated). */
  files?: Readonly<Record<string, string>>;
  /** What the agent types first. `{victim}`, `{work}`, `{home}`, `{run}`, `{media}` are filled in. */
  lines: readonly string[];
  /**
   * How those lines get past the guard: the person approves each held line (`approve`, the
   * default for tampering), the person paused the guard (`paused`), or the person refuses
   * (`deny`, the default for the other categories).
   */
  via?: PersonAnswer | 'paused';
  /** How the engine must judge the first line (or line `judged`): held at least at this severity, or `unseen`. */
  held?: Severity | 'unseen';
  /** Which of `lines` the engine must hold (0-based; default the first): `printf … > x.sh` then `bash x.sh`. */
  judged?: number;
  /** Typed afterwards (a line, or raw keys); none of it may delete the victim. Default: `rm -rf {victim}`. */
  then?: readonly (string | { keys: string })[];
  /** Files (templated paths, created by `files`) that must be unchanged at the end. */
  keep?: readonly string[];
  /** The shell must also say "guard tampered" and tell the editor (a request with `tampered=…`). */
  reports?: boolean;
  /** Not defended yet: why. The attack runs as a todo and is reported open. */
  open?: string;
  /** Programs the attack needs (skipped, with the reason, when one is missing). */
  needs?: readonly string[];
  /**
   * Runs the shell inside `blast-radius sandbox --workspace <workspace>` (templated; default
   * `{work}`, which holds the victim) instead of directly: attacks whose defence is the sandbox.
   */
  sandbox?: { workspace?: string };
}

export interface Places {
  work: string;
  home: string;
  run: string;
  victim: string;
  media: string;
}

export function fill(text: string, p: Places): string {
  return text.replace(/\{(victim|work|home|run|media)\}/g, (_, k: keyof Places) => p[k]);
}

const PROMPT_MS = 8000;

/** Types a line; resolves when the next prompt shows, the shell exits, or `ms` passes. */
async function typeLine(sh: PtyShell, line: string, ms = PROMPT_MS): Promise<'prompt' | 'exited' | 'timeout'> {
  try {
    await sh.run(line, ms);
    return 'prompt';
  } catch (e) {
    return /shell exited/.test(String(e)) ? 'exited' : 'timeout';
  }
}

/** Types raw keys (no Enter); resolves when a new prompt shows, the shell exits, or 3 s pass. */
async function typeKeys(sh: PtyShell, keys: string): Promise<'prompt' | 'exited' | 'timeout'> {
  const from = sh.mark();
  sh.type(keys);
  try {
    await sh.waitFor(/BRP\d+> /, 3000, from);
    return 'prompt';
  } catch (e) {
    return /shell exited/.test(String(e)) ? 'exited' : 'timeout';
  }
}

/** Every attack of a table, each in a fresh shell of its kind, against one real guard. */
export function describeShellAttacks(name: string, attacks: readonly ShellAttack[], opts: { concurrency?: number; skip?: string | false } = {}): void {
  const ids = new Set<string>();
  for (const a of attacks) {
    assert.ok(!ids.has(a.id), `duplicate attack id ${a.id}`);
    ids.add(a.id);
  }
  describe(name, { concurrency: opts.concurrency ?? 3, skip: opts.skip ?? false }, () => {
    let tmp: ReturnType<typeof tempDir>;
    let guard: RealGuard;
    before(async () => {
      tmp = tempDir('br-attack-');
      fs.mkdirSync(path.join(tmp.dir, 'home'));
      guard = await startRealGuard({ home: path.join(tmp.dir, 'home'), workspace: tmp.dir });
    });
    after(async () => {
      await guard?.close();
      tmp?.remove();
    });
    for (const a of attacks) {
      const missing = [a.shell, ...(a.shell === 'fish' ? ['bash'] : []), ...(a.needs ?? [])].find((p) => !have(p));
      const skip = missing ? `${missing} is not installed` : false;
      const todo = a.open ? `open: ${a.open}` : false;
      test(`${a.id} [${a.category}]`, { skip, todo }, async () => runShellAttack(a, tmp.dir, guard));
    }
  });
}

async function runShellAttack(a: ShellAttack, root: string, guard: RealGuard): Promise<void> {
  const dir = path.join(root, a.id);
  const places: Places = { work: path.join(dir, 'work'), home: path.join(dir, 'home'), run: path.join(dir, 'run'), victim: path.join(dir, 'work', 'victim'), media: MEDIA };
  for (const d of [places.work, places.home, places.victim]) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(places.run, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(places.victim, 'keep'), 'the attack must not delete this\n');
  for (const [p, content] of Object.entries(a.files ?? {})) {
    const file = fill(p, places);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, fill(content, places), { mode: 0o755 });
  }
  const setup = shellSetup(a.shell, places.home);
  const kept = new Map((a.keep ?? []).map((p) => [fill(p, places), fs.readFileSync(fill(p, places), 'utf8')]));
  const env = guard.env({ ...baseEnv(places.home), ...setup.env }, places.run);
  const boxed = a.sandbox ? await sandboxedShell(a.shell, setup.args, env, places.work, fill(a.sandbox.workspace ?? '{work}', places)) : undefined;
  const sh = boxed ? boxed.sh : await PtyShell.start(a.shell, setup.args, env, places.work);
  // the shell the guard hears from: in the sandbox, the shell process under it (as seen outside)
  const pid = boxed ? boxed.shellPid : sh.pid;
  const via = a.via ?? (a.category === 'shell-tamper' ? 'approve' : 'deny');
  try {
    if (via === 'paused') guard.pause(pid, true);
    else guard.answer(pid, via);
    let state: 'prompt' | 'exited' | 'timeout' = 'prompt';
    for (const line of a.lines) {
      state = await typeLine(sh, fill(line, places));
      if (state !== 'prompt') break;
    }
    // 1. the engine's judgement of the first line (or the one the row names)
    const first = fill(a.lines[a.judged ?? 0]!, places);
    const held = a.held ?? (a.category === 'shell-tamper' ? 'critical' : 'high');
    if (held !== 'unseen') {
      const j = guard.of(pid).find((x) => x.req.line.trimEnd() === first.trimEnd());
      assert.ok(j, `the guard never asked the editor about ${JSON.stringify(first)}; asked: ${JSON.stringify(guard.of(pid).map((x) => x.req.line))}`);
      assert.notEqual(j.verdict.decision, 'allow', `the engine let ${JSON.stringify(first)} through: ${JSON.stringify(j.verdict.findings)}`);
      // refused by the policy outright (it names the victim): stronger than held
      if (j.verdict.decision !== 'deny') assert.ok(severityRank(j.verdict.severity) >= severityRank(held), `${JSON.stringify(first)} is ${j.verdict.severity}, want at least ${held}: ${j.verdict.findings.map((f) => `${f.ruleId}: ${f.message}`).join('; ')}`);
      const reason = j.verdict.findings.find((f) => f.severity === j.verdict.severity);
      assert.ok(reason && reason.message.length > 10, 'the finding states a reason');
    }
    // 2. the refused command does not run, whatever the shell was turned into
    guard.pause(pid, false);
    guard.answer(pid, 'deny');
    if (state !== 'exited') {
      for (const t of a.then ?? ['rm -rf {victim}']) {
        if (typeof t === 'string') state = await typeLine(sh, fill(t, places), state === 'prompt' ? PROMPT_MS : 2000);
        else state = await typeKeys(sh, fill(t.keys, places));
        if (state === 'exited') break;
      }
    }
    assert.ok(fs.existsSync(path.join(places.victim, 'keep')), `the victim was deleted\n--- terminal ---\n${sh.output.slice(-1500)}`);
    // 3. protected files are unchanged
    for (const [file, content] of kept) assert.equal(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '<deleted>', content, `${file} was changed`);
    // 4. the shell said so, in the terminal and to the editor
    if (process.env.BR_ATTACK_TRACE) process.stderr.write(`--- ${a.id} ---\n${sh.output}\n`);
    if (a.reports) {
      assert.match(sh.output, /guard tampered/, 'the terminal says "guard tampered"');
      assert.ok(guard.tampered.some((r) => r.pid === pid), 'the editor was told the guard was tampered with');
    }
  } finally {
    sh.kill();
  }
}
