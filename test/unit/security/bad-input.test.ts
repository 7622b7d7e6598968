/**
 * Attack suite: bad input. The agent cannot get a refused action through, so it tries to stall
 * the guard (two agents treat a hook that does not answer as "allow") or to make it wave
 * something through unread: a FIFO, a socket or a device where a file is expected, a policy
 * expression that backtracks for hours, input nested tens of thousands of levels deep, NUL bytes
 * or invalid UTF-8 in a text file, files over the size limit.
 *
 * Every attack runs the built CLI (`check`, `check-edit`, `hook`, `verify`, the hook judge) in
 * its own process with a kill timer, and asserts that it answered within its budget and that
 * the answer holds the action for a person (or refuses it), never "allow".
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { judgeFile } from '../../../src/core/hooks/judge';
import { judgeRecordIn } from '../hooks/helpers/judge';
import { claudeDecision, claudePayload, runCli, workbench, type Budgeted } from './harness/budget';

/** What the guard must answer: hold for a person, or refuse. */
type Held = 'held' | 'refused' | 'held-or-refused';

interface Attack {
  id: string;
  /** Prepares the workspace; returns what the run needs. */
  setup: (ws: string) => void;
  run: (ws: string) => Promise<Budgeted>;
  /** How the answer is read. */
  read: (r: Budgeted) => string;
  want: Held;
}

let sockets: net.Server[] = [];
const bench = workbench('br-bad-input-', () => {
  for (const s of sockets) s.close();
  sockets = [];
});

const fifo = (p: string): void => {
  execFileSync('mkfifo', [p]);
};
const write = (ws: string, rel: string, text: string | Buffer): void => {
  fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
  fs.writeFileSync(path.join(ws, rel), text);
};
const socketAt = async (p: string): Promise<void> => {
  const s = net.createServer();
  sockets.push(s);
  await new Promise<void>((r) => s.listen(p, r));
};

// ---------------------------------------------------------------------------------------------
// How each entry point is asked, and how its answer reads

const check = (line: string, extra: string[] = [], env: Record<string, string> = {}) => (ws: string) => runCli(['check', '--cwd', ws, ...extra, '--', line], { cwd: ws, env });
const checkStdin = (input: string, extra: string[] = []) => (ws: string) => runCli(['check', '--stdin', ...extra], { cwd: ws, input });
const checkEdit = (args: (ws: string) => string[], input?: string) => (ws: string) => runCli(['check-edit', ...args(ws)], { cwd: ws, ...(input !== undefined ? { input } : {}) });
const hook = (tool: string, input: (ws: string) => Record<string, unknown>, env: (ws: string) => Record<string, string> = () => ({})) => (ws: string) =>
  runCli(['hook', 'claude-code'], { cwd: ws, input: claudePayload(ws, tool, input(ws)), env: env(ws) });
const viaJudge = (tool: string, input: (ws: string) => Record<string, unknown>) =>
  hook(tool, input, () => ({ BLAST_RADIUS_HOOK_JUDGE: 'on', XDG_RUNTIME_DIR: bench.runtime }));

/** check and check-edit: exit 3 holds, 2 refuses, 0 allows. */
const byExit = (r: Budgeted): string => (r.code === 2 ? 'refused' : r.code === 3 ? 'held' : r.code === 0 ? 'allowed' : `exit ${r.code}: ${r.stderr}`);
const byHook = (r: Budgeted): string => {
  const d = claudeDecision(r.stdout);
  return d === 'ask' ? 'held' : d === 'deny' ? 'refused' : d;
};
/** A --jsonl stream: held when every verdict line says confirm (or deny). */
const byJsonl = (r: Budgeted): string => {
  const lines = r.stdout.trim().split('\n').filter(Boolean);
  if (lines.length === 0) return `no answer (exit ${r.code}): ${r.stderr}`;
  const decisions = lines.map((l) => (JSON.parse(l) as { decision?: string }).decision);
  return decisions.every((d) => d === 'confirm') ? 'held' : decisions.every((d) => d === 'deny' || d === 'confirm') ? 'refused' : decisions.join(',');
};

// ---------------------------------------------------------------------------------------------
// Inputs

const deepShell = (n: number): string => `echo ${'$('.repeat(n)}x${')'.repeat(n)}`;
const deepJson = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObject = (n: number): string => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const CATASTROPHIC = { deny: [{ command: 'ls', argsRegex: '^(a+)+$' }], customRules: [{ id: 'custom.slow', severity: 'high', message: 'slow', match: { command: 'echo', argsRegex: '(x+x+)+y' } }] };
const GLOBS = { deny: [{ command: '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', args: [`${'*a'.repeat(40)}*b`] }] };
const EVIL = `${'a'.repeat(40)}!`;
/**
 * A line held by the default policy whatever the machine holds: nothing measures it (a line that is
 * one `rm -rf` of a folder that does not exist is measured as "nothing to delete" and allowed).
 */
const HELD = 'mkfs.ext4 /dev/sdb1';
const policy = (doc: unknown) => (ws: string): void => write(ws, '.blast-radius.json', typeof doc === 'string' ? doc : JSON.stringify(doc));
const DROP_SQL = 'DROP TABLE customers;\n';
const BIG = `-- padding\n${'-- x\n'.repeat(700_000)}DROP TABLE customers;\n`;

const ATTACKS: Attack[] = [
  // FIFOs, sockets, devices and folders where a file is expected
  { id: 'hook.edit-fifo', setup: (ws) => fifo(path.join(ws, 'schema.sql')), run: hook('Edit', (ws) => ({ file_path: path.join(ws, 'schema.sql'), old_string: 'a', new_string: 'b' })), read: byHook, want: 'held' },
  { id: 'hook.write-over-fifo', setup: (ws) => fifo(path.join(ws, 'main.tf')), run: hook('Write', (ws) => ({ file_path: path.join(ws, 'main.tf'), content: 'x = 1\n' })), read: byHook, want: 'held' },
  { id: 'hook.multiedit-fifo', setup: (ws) => fifo(path.join(ws, 'deploy.sh')), run: hook('MultiEdit', (ws) => ({ file_path: path.join(ws, 'deploy.sh'), edits: [{ old_string: 'a', new_string: 'b' }] })), read: byHook, want: 'held' },
  { id: 'hook.edit-socket', setup: () => undefined, run: async (ws) => { await socketAt(path.join(ws, 'app.sock.py')); return hook('Edit', () => ({ file_path: path.join(ws, 'app.sock.py'), old_string: 'a', new_string: 'b' }))(ws); }, read: byHook, want: 'held' },
  { id: 'hook.edit-device', setup: () => undefined, run: hook('Edit', () => ({ file_path: '/dev/zero', old_string: 'a', new_string: 'b' })), read: byHook, want: 'held' },
  { id: 'hook.edit-folder', setup: (ws) => fs.mkdirSync(path.join(ws, 'db.sql')), run: hook('Edit', (ws) => ({ file_path: path.join(ws, 'db.sql'), old_string: 'a', new_string: 'b' })), read: byHook, want: 'held' },
  { id: 'hook.edit-link-to-fifo', setup: (ws) => { fifo(path.join(ws, 'pipe')); fs.symlinkSync(path.join(ws, 'pipe'), path.join(ws, 'link.sql')); }, run: hook('Edit', (ws) => ({ file_path: path.join(ws, 'link.sql'), old_string: 'a', new_string: 'b' })), read: byHook, want: 'held' },
  { id: 'hook.notebook-fifo', setup: (ws) => fifo(path.join(ws, 'nb.ipynb')), run: hook('NotebookEdit', (ws) => ({ notebook_path: path.join(ws, 'nb.ipynb'), cell_id: 'c1', new_source: 'print(1)', edit_mode: 'replace' })), read: byHook, want: 'held' },
  { id: 'judge.edit-fifo', setup: (ws) => fifo(path.join(ws, 'schema.sql')), run: viaJudge('Edit', (ws) => ({ file_path: path.join(ws, 'schema.sql'), old_string: 'a', new_string: 'b' })), read: byHook, want: 'held' },
  { id: 'judge.write-over-fifo', setup: (ws) => fifo(path.join(ws, 'x.yaml')), run: viaJudge('Write', (ws) => ({ file_path: path.join(ws, 'x.yaml'), content: 'a: 1\n' })), read: byHook, want: 'held' },
  { id: 'check-edit.path-fifo', setup: (ws) => fifo(path.join(ws, 'm.sql')), run: checkEdit((ws) => ['--path', path.join(ws, 'm.sql')]), read: byExit, want: 'held' },
  { id: 'check-edit.before-fifo', setup: (ws) => { fifo(path.join(ws, 'old')); write(ws, 'new.sql', DROP_SQL); }, run: checkEdit((ws) => ['--path', 'm.sql', '--before', path.join(ws, 'old'), '--after', path.join(ws, 'new.sql')]), read: byExit, want: 'held' },
  { id: 'check-edit.after-device', setup: () => undefined, run: checkEdit(() => ['--path', 'm.sql', '--after', '/dev/zero']), read: byExit, want: 'held' },
  { id: 'check.psql-file-fifo', setup: (ws) => fifo(path.join(ws, 'reset.sql')), run: check('psql -h db.prod.internal -f reset.sql'), read: byExit, want: 'held-or-refused' },
  { id: 'check.terraform-environment-fifo', setup: (ws) => { fs.mkdirSync(path.join(ws, '.terraform')); fifo(path.join(ws, '.terraform', 'environment')); }, run: check('terraform destroy'), read: byExit, want: 'held-or-refused' },
  { id: 'check.kubeconfig-fifo', setup: (ws) => fifo(path.join(ws, 'kubeconfig')), run: (ws) => check('kubectl delete namespace payments', [], { KUBECONFIG: path.join(ws, 'kubeconfig') })(ws), read: byExit, want: 'held-or-refused' },
  { id: 'hook.kubeconfig-fifo', setup: (ws) => fifo(path.join(ws, 'kubeconfig')), run: hook('Bash', () => ({ command: 'kubectl delete namespace payments' }), (ws) => ({ KUBECONFIG: path.join(ws, 'kubeconfig') })), read: byHook, want: 'held-or-refused' },
  { id: 'check.policy-file-fifo', setup: (ws) => fifo(path.join(ws, '.blast-radius.json')), run: check(HELD), read: byExit, want: 'held-or-refused' },
  { id: 'hook.policy-file-fifo', setup: (ws) => fifo(path.join(ws, '.blast-radius.json')), run: hook('Bash', () => ({ command: HELD })), read: byHook, want: 'held-or-refused' },
  { id: 'check.policy-flag-fifo', setup: (ws) => fifo(path.join(ws, 'p.json')), run: (ws) => check(HELD, ['--policy', path.join(ws, 'p.json')])(ws), read: byExit, want: 'held-or-refused' },
  { id: 'hook.extra-policy-fifo', setup: (ws) => fifo(path.join(ws, 'extra.json')), run: hook('Bash', () => ({ command: HELD }), (ws) => ({ BLAST_RADIUS_EXTRA_POLICY: path.join(ws, 'extra.json') })), read: byHook, want: 'held-or-refused' },
  {
    id: 'hook.judge-record-fifo',
    setup: () => undefined,
    run: async (ws) => {
      const run = path.join(ws, 'run');
      fs.mkdirSync(path.join(run, 'blast-radius'), { recursive: true, mode: 0o700 });
      fs.chmodSync(run, 0o700);
      // the record the launcher reads first, for the build the running judge says it is
      fifo(judgeFile(judgeRecordIn(bench.runtime)!.build, { XDG_RUNTIME_DIR: run }));
      return hook('Bash', () => ({ command: HELD }), () => ({ BLAST_RADIUS_HOOK_JUDGE: 'on', XDG_RUNTIME_DIR: run }))(ws);
    },
    read: byHook,
    want: 'held-or-refused',
  },
  // policies whose expressions backtrack for hours in a backtracking engine
  { id: 'check.regex-catastrophic-deny', setup: policy(CATASTROPHIC), run: check(`ls ${EVIL} && ls ${'a'.repeat(40)}`), read: byExit, want: 'refused' },
  { id: 'check.regex-catastrophic-custom', setup: policy(CATASTROPHIC), run: check(`echo ${'x'.repeat(40)} && ${HELD}`), read: byExit, want: 'held-or-refused' },
  { id: 'hook.regex-catastrophic', setup: policy(CATASTROPHIC), run: hook('Bash', () => ({ command: `ls ${EVIL} && ${HELD}` })), read: byHook, want: 'held-or-refused' },
  { id: 'judge.regex-catastrophic', setup: policy(CATASTROPHIC), run: viaJudge('Bash', () => ({ command: `ls ${EVIL} && ${HELD}` })), read: byHook, want: 'held-or-refused' },
  { id: 'check.regex-catastrophic-jsonl', setup: policy(CATASTROPHIC), run: checkStdin(`${JSON.stringify(`ls ${EVIL} && ${HELD}`)}\n`, ['--jsonl']), read: byJsonl, want: 'held' },
  { id: 'check.glob-catastrophic', setup: policy(GLOBS), run: check(`${'a'.repeat(60)} ${'a'.repeat(200)} && ${HELD}`), read: byExit, want: 'held-or-refused' },
  { id: 'hook.glob-catastrophic', setup: policy(GLOBS), run: hook('Bash', () => ({ command: `${'a'.repeat(60)} ${'a'.repeat(200)} && ${HELD}` })), read: byHook, want: 'held-or-refused' },
  // input nested tens of thousands of levels deep
  { id: 'check.deep-command-substitution', setup: () => undefined, run: checkStdin(deepShell(10_000)), read: byExit, want: 'held' },
  { id: 'check.deep-arithmetic', setup: () => undefined, run: checkStdin(`echo $((${'('.repeat(50_000)}1${')'.repeat(50_000)}))`), read: byExit, want: 'held-or-refused' },
  { id: 'check.deep-subshells', setup: () => undefined, run: checkStdin(`${'('.repeat(20_000)}${HELD}${')'.repeat(20_000)}`), read: byExit, want: 'held-or-refused' },
  { id: 'check.deep-jsonl-line', setup: () => undefined, run: checkStdin(`${JSON.stringify(deepShell(10_000))}\n`, ['--jsonl']), read: byJsonl, want: 'held' },
  { id: 'hook.deep-command-substitution', setup: () => undefined, run: hook('Bash', () => ({ command: deepShell(10_000) })), read: byHook, want: 'held' },
  { id: 'judge.deep-command-substitution', setup: () => undefined, run: viaJudge('Bash', () => ({ command: deepShell(10_000) })), read: byHook, want: 'held' },
  { id: 'check.deep-policy-arrays', setup: policy(deepJson(100_000)), run: check(HELD), read: byExit, want: 'held-or-refused' },
  { id: 'check.deep-policy-objects', setup: policy(deepObject(100_000)), run: check(HELD), read: byExit, want: 'held-or-refused' },
  { id: 'hook.deep-policy', setup: policy(deepJson(100_000)), run: hook('Bash', () => ({ command: HELD })), read: byHook, want: 'held-or-refused' },
  { id: 'check-edit.deep-json', setup: (ws) => write(ws, 'deep.json', deepJson(100_000)), run: checkEdit((ws) => ['--path', path.join(ws, 'deep.json')]), read: byExit, want: 'held' },
  { id: 'check-edit.deep-yaml-flow', setup: (ws) => write(ws, 'deep.yaml', `a: ${deepJson(100_000)}\n`), run: checkEdit((ws) => ['--path', path.join(ws, 'deep.yaml')]), read: byExit, want: 'held' },
  { id: 'check-edit.deep-jsonl', setup: () => undefined, run: checkEdit(() => ['--stdin', '--jsonl'], `${JSON.stringify({ path: 'k8s/deploy.yaml', before: null, after: `spec: ${deepObject(50_000).replaceAll('"a":', 'a: ')}` })}\n`), read: byJsonl, want: 'held' },
  { id: 'hook.write-deep-json', setup: () => undefined, run: hook('Write', (ws) => ({ file_path: path.join(ws, 'package.json'), content: deepJson(100_000) })), read: byHook, want: 'held' },
  // NUL bytes and invalid UTF-8 in text files
  { id: 'check-edit.sql-with-nul', setup: (ws) => write(ws, 'm.sql', `SELECT 1;\n\u0000${DROP_SQL}`), run: checkEdit((ws) => ['--path', path.join(ws, 'm.sql')]), read: byExit, want: 'held' },
  { id: 'check-edit.tf-invalid-utf8', setup: (ws) => write(ws, 'main.tf', Buffer.concat([Buffer.from('resource "x" "y" {\n'), Buffer.from([0xff, 0xfe]), Buffer.from('}\n')])), run: checkEdit((ws) => ['--path', path.join(ws, 'main.tf')]), read: byExit, want: 'held' },
  { id: 'check-edit.yaml-nul-jsonl', setup: () => undefined, run: checkEdit(() => ['--stdin', '--jsonl'], `${JSON.stringify({ path: 'ci.yaml', before: 'a: 1\n', after: 'a: 1\n\u0000b: 2\n' })}\n`), read: byJsonl, want: 'held' },
  { id: 'hook.write-script-with-nul', setup: () => undefined, run: hook('Write', (ws) => ({ file_path: path.join(ws, 'deploy.sh'), content: 'echo ok\n\u0000rm -rf /srv/data\n' })), read: byHook, want: 'held-or-refused' },
  { id: 'hook.edit-invalid-utf8-current', setup: (ws) => write(ws, 'm.sql', Buffer.concat([Buffer.from('SELECT 1;\n'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')])), run: hook('Edit', (ws) => ({ file_path: path.join(ws, 'm.sql'), old_string: 'SELECT 1;', new_string: 'SELECT 2;' })), read: byHook, want: 'held' },
  // files over the size limit
  { id: 'check-edit.too-large-jsonl', setup: () => undefined, run: checkEdit(() => ['--stdin', '--jsonl'], `${JSON.stringify({ path: 'db/reset.sql', before: null, after: BIG })}\n`), read: byJsonl, want: 'held' },
  { id: 'check-edit.too-large-path', setup: (ws) => write(ws, 'reset.sql', BIG), run: checkEdit((ws) => ['--path', path.join(ws, 'reset.sql')]), read: byExit, want: 'held' },
  { id: 'hook.write-too-large', setup: () => undefined, run: hook('Write', (ws) => ({ file_path: path.join(ws, 'reset.sql'), content: BIG })), read: byHook, want: 'held' },
];

function accepts(want: Held, got: string): boolean {
  if (want === 'held-or-refused') return got === 'held' || got === 'refused';
  return got === want;
}

describe('bad input: the guard answers within its budget and holds, never allows', () => {
  for (const a of ATTACKS) {
    test(a.id, async () => {
      const ws = bench.caseDir();
      a.setup(ws);
      const r = await a.run(ws);
      assert.equal(r.killed, false, `${a.id}: killed after its budget (the guard stalled)`);
      const got = a.read(r);
      assert.ok(accepts(a.want, got), `${a.id}: wanted ${a.want}, got ${got}\n${r.stdout.slice(0, 2000)}\n${r.stderr.slice(0, 2000)}`);
    });
  }
});

describe('a policy expression RE2 cannot run is refused at load, with where it is', () => {
  const rows: [string, string, RegExp][] = [
    ['backreference', '(a)\\1', /deny\[0\]\.argsRegex: invalid regular expression \(a backreference .* at character 4/],
    ['lookahead', 'x(?=y)', /deny\[0\]\.argsRegex: invalid regular expression \(lookaround .* at character 2/],
    ['lookbehind', '(?<!-)-rf', /deny\[0\]\.argsRegex: invalid regular expression \(lookaround .* at character 1/],
    ['bad syntax', 'a{2,1}', /deny\[0\]\.argsRegex: invalid regular expression \(invalid repeat count/],
  ];
  for (const [what, re, message] of rows) {
    test(what, async () => {
      const ws = bench.caseDir();
      fs.writeFileSync(path.join(ws, '.blast-radius.json'), `{\n  "deny": [{ "command": "rm", "argsRegex": ${JSON.stringify(re)} }]\n}\n`);
      const r = await runCli(['check', '--cwd', ws, '--', HELD], { cwd: ws });
      assert.equal(r.killed, false);
      assert.match(r.stderr, message);
      // the file, its line and the character of the expression's column in the file
      assert.match(r.stderr, new RegExp(`${path.join(ws, '.blast-radius.json').replace(/[.]/g, '\\.')}:2:\\d+: deny\\[0\\]`));
      assert.notEqual(r.code, 0, 'the rest of the protection still holds');
    });
  }
});

describe("check's text states the decision of its exit code", () => {
  const rows: [string, string | undefined, string, number][] = [
    ['allowed', undefined, 'ls -la', 0],
    ['denied by a policy entry without findings', JSON.stringify({ deny: ['ls'] }), 'ls -la', 2],
    ['held for a parse error', undefined, 'echo $((', 3],
    ['denied by severity', JSON.stringify({ severity: { critical: 'deny' } }), 'rm -rf /', 2],
    ['held for a dynamic command', undefined, '$CMD --force', 3],
    ['held for input too deep to judge', undefined, deepShell(10_000), 3],
  ];
  for (const [what, doc, line, code] of rows) {
    test(what, async () => {
      const ws = bench.caseDir();
      if (doc) fs.writeFileSync(path.join(ws, '.blast-radius.json'), doc);
      const r = await runCli(['check', '--stdin'], { cwd: ws, input: line });
      assert.equal(r.killed, false);
      assert.equal(r.code, code, r.stdout);
      const word = { 0: 'allow', 2: 'deny', 3: 'confirm' }[code as 0 | 2 | 3];
      const last = r.stdout.trim().split('\n').filter((l) => /^(allow|deny|confirm):/.test(l)).pop();
      assert.ok(last?.startsWith(`${word}:`), `exit ${r.code} but the text says: ${last}`);
    });
  }
});

test('the attack table is large and its ids are unique', () => {
  assert.ok(ATTACKS.length >= 45, `${ATTACKS.length} attacks`);
  assert.equal(new Set(ATTACKS.map((a) => a.id)).size, ATTACKS.length);
});
