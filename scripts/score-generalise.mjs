// Scores the command engine on labelled case files (test/fixtures/commands/generalise/*.jsonl and
// any held-out file in the same format) through the built CLI, `dist/cli.js check --stdin --jsonl`.
//
//   npm run score:generalise -- FILE [FILE …]      builds the CLI, then scores each file
//   node scripts/score-generalise.mjs [options] FILE [FILE …]
//
// Options:
//   --misses N     list at most N misses and false alarms per file (default 60; 0 lists none)
//   --tools N      list at most N tools in the per-tool table (default all)
//   --json         print one JSON summary per file instead of tables
//   --strict       exit 1 when a file misses the issue's targets (recall ≥ 90 %, false alarms ≤ 2 %)
//   --manpath P    where installed manual pages are looked for (MANPATH; default: not set, so the
//                  engine looks where `man` does); `--manpath /nonexistent` scores without manuals
//   --datadirs P   where vendor fish completions are looked for (XDG_DATA_DIRS, P/fish/vendor_completions.d);
//                  fish's own completion folders are read whenever they are installed
//
// Per file it prints: recall on destructive lines (held = the decision is confirm or deny), recall
// at the labelled least severity, the false-alarm rate on everyday lines (held when it should have
// been allowed), a per-category and a per-tool breakdown, and the misses. Lines labelled "medium"
// are not expected to be held; they count as found when the severity reaches medium.
//
// Every line runs in a fixed context (the fixture workspace test/fixtures/commands/workspace as
// working folder and workspace root, home /home/dev, a plain PATH), merged with the line's own
// `ctx`; `@fixtures/x` in a context value names a folder under test/fixtures. A line labelled
// `"shell": "cmd"` is a cmd.exe line: the engine has bash and PowerShell parsers and no cmd.exe
// one, and on Windows agents reach cmd.exe from PowerShell, so it is judged as `cmd /c <line>`
// in the engine's pwsh kind (PowerShell keeps `\` and `^` literal, as cmd.exe does).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixturesDir = path.join(root, 'test', 'fixtures');
const cli = path.join(root, 'dist', 'cli.js');

const HOME = '/home/dev';
let BASE_ENV = { HOME, USER: 'dev', PATH: '/usr/local/bin:/usr/bin:/bin', SHELL: '/bin/bash', LANG: 'C.UTF-8' };
const BASE_DIR = path.join(fixturesDir, 'commands', 'workspace');
const RANK = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };
const TARGET_RECALL = 0.9;
const TARGET_ALARMS = 0.02;

function usage(message) {
  if (message) process.stderr.write(`score-generalise: ${message}\n`);
  process.stderr.write('usage: node scripts/score-generalise.mjs [--misses N] [--tools N] [--json] [--strict] [--manpath P] [--datadirs P] FILE [FILE …]\n');
  process.exit(64);
}

function parseArgs(argv) {
  const o = { files: [], misses: 60, tools: Infinity, json: false, strict: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const count = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) usage(`${a} takes a whole number`);
      return n;
    };
    if (a === '--misses') o.misses = count();
    else if (a === '--tools') o.tools = count();
    else if (a === '--json') o.json = true;
    else if (a === '--strict') o.strict = true;
    else if (a === '--manpath') {
      if (i + 1 >= argv.length) usage('--manpath takes a value');
      BASE_ENV = { ...BASE_ENV, MANPATH: argv[++i] };
    }
    else if (a === '--datadirs') {
      if (i + 1 >= argv.length) usage('--datadirs takes a value');
      BASE_ENV = { ...BASE_ENV, XDG_DATA_DIRS: argv[++i] };
    }
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (o.files.length === 0) usage('name at least one case file');
  return o;
}

/** The file's cases, with the line number each came from. Stops at the first malformed line. */
function loadCases(file) {
  const cases = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let row;
    try {
      row = JSON.parse(raw);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not JSON (${e.message})`);
    }
    if (typeof row.cmd !== 'string' || (row.expect !== 'flag' && row.expect !== 'allow')) throw new Error(`${file}:${i + 1}: needs "cmd" and "expect" (flag or allow)`);
    cases.push({ ...row, line: i + 1 });
  });
  return cases;
}

function fixturePath(v) {
  return typeof v === 'string' && v.startsWith('@fixtures/') ? path.join(fixturesDir, v.slice('@fixtures/'.length)) : v;
}

/** The --jsonl request for one case: the command line and its context fields. */
function request(c) {
  const ctx = Object.fromEntries(Object.entries(c.ctx ?? {}).map(([k, v]) => [k, fixturePath(v)]));
  const cmdLine = c.shell === 'cmd';
  const req = {
    command: cmdLine ? `cmd /c ${c.cmd}` : c.cmd,
    shell: cmdLine ? 'pwsh' : (c.shell ?? ctx.shell ?? 'bash'),
    cwd: ctx.cwd ?? BASE_DIR,
    workspaceRoot: ctx.workspaceRoot ?? ctx.cwd ?? BASE_DIR,
    home: ctx.home ?? HOME,
  };
  for (const k of ['kubeContext', 'awsProfile', 'terraformWorkspace']) if (typeof ctx[k] === 'string') req[k] = ctx[k];
  if (ctx.env) req.env = ctx.env;
  return req;
}

/** Runs every request through one `check --stdin --jsonl` process; resolves with the verdicts in order. */
function judge(requests) {
  if (!fs.existsSync(cli)) {
    process.stderr.write(`score-generalise: ${path.relative(root, cli)} is missing; run 'node esbuild.js' first.\n`);
    process.exit(1);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'check', '--stdin', '--jsonl', '--cwd', BASE_DIR], { cwd: BASE_DIR, env: BASE_ENV, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.split('\n').filter((l) => l.trim() !== '');
      if (lines.length !== requests.length) return reject(new Error(`the CLI answered ${lines.length} of ${requests.length} lines (exit ${code})`));
      resolve(lines.map((l) => JSON.parse(l)));
    });
    child.stdin.end(requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
  });
}

const held = (v) => v.decision === 'confirm' || v.decision === 'deny';
const pct = (n, d) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)} %`);

/** Whether a destructive case was found as labelled: held (from high up) and at least its severity. */
function foundAsLabelled(c, v) {
  const want = RANK[c.minSeverity ?? 'high'];
  const sev = RANK[v.severity] ?? 0;
  return sev >= want && (want < RANK.high || held(v));
}

function describe(v) {
  const rules = [...new Set((v.findings ?? []).map((f) => `${f.ruleId}:${f.severity}`))].join(', ');
  return `${v.decision}/${v.severity}${rules ? ` [${rules}]` : ''}`;
}

function tally(rows, key) {
  const m = new Map();
  for (const r of rows) {
    const k = key(r);
    const t = m.get(k) ?? { flag: 0, mustHold: 0, held: 0, atSeverity: 0, allow: 0, alarms: 0 };
    if (r.c.expect === 'flag') {
      t.flag++;
      if (RANK[r.c.minSeverity ?? 'high'] >= RANK.high) {
        t.mustHold++;
        if (held(r.v)) t.held++;
      }
      if (foundAsLabelled(r.c, r.v)) t.atSeverity++;
    } else {
      t.allow++;
      if (held(r.v)) t.alarms++;
    }
    m.set(k, t);
  }
  return m;
}

function score(file, cases, verdicts) {
  const rows = cases.map((c, i) => ({ c, v: verdicts[i] }));
  const total = tally(rows, () => 'all').get('all') ?? { flag: 0, mustHold: 0, held: 0, atSeverity: 0, allow: 0, alarms: 0 };
  const misses = rows.filter((r) => r.c.expect === 'flag' && !foundAsLabelled(r.c, r.v));
  const alarms = rows.filter((r) => r.c.expect === 'allow' && held(r.v));
  const recall = total.mustHold ? total.held / total.mustHold : null;
  const alarmRate = total.allow ? total.alarms / total.allow : null;
  const meets = (recall === null || recall >= TARGET_RECALL) && (alarmRate === null || alarmRate <= TARGET_ALARMS);
  return { file, rows, total, misses, alarms, recall, alarmRate, meets };
}

function table(headers, body) {
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((x, i) => (i === 0 ? String(x).padEnd(widths[i]) : String(x).padStart(widths[i]))).join('  ');
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}

function breakdown(rows, key, limit) {
  const m = [...tally(rows, key).entries()];
  m.sort((a, b) => (a[1].mustHold ? a[1].held / a[1].mustHold : 2) - (b[1].mustHold ? b[1].held / b[1].mustHold : 2) || b[1].alarms - a[1].alarms || a[0].localeCompare(b[0]));
  const body = m.slice(0, limit).map(([k, t]) => [k, t.flag, t.mustHold ? `${t.held}/${t.mustHold}` : '—', pct(t.held, t.mustHold), t.flag ? `${t.atSeverity}/${t.flag}` : '—', t.allow ? `${t.alarms}/${t.allow}` : '—']);
  const more = m.length > limit ? `\n… ${m.length - limit} more` : '';
  return table(['', 'destructive', 'held', 'recall', 'at severity', 'false alarms'], body) + more;
}

function printText(s, o) {
  const { total } = s;
  const out = [];
  out.push(`\n== ${path.relative(process.cwd(), s.file) || s.file} ==`);
  out.push(`destructive lines   ${total.flag} (${total.mustHold} must be held, ${total.flag - total.mustHold} labelled medium)`);
  if (total.flag) {
    out.push(`  recall (held)     ${total.held}/${total.mustHold}  ${pct(total.held, total.mustHold)}   target ≥ ${TARGET_RECALL * 100} %`);
    out.push(`  at severity       ${total.atSeverity}/${total.flag}  ${pct(total.atSeverity, total.flag)}`);
  }
  out.push(`everyday lines      ${total.allow}`);
  if (total.allow) out.push(`  false alarms      ${total.alarms}/${total.allow}  ${pct(total.alarms, total.allow)}   target ≤ ${TARGET_ALARMS * 100} %`);
  out.push('', 'by category', breakdown(s.rows, (r) => r.c.category ?? '?', Infinity));
  out.push('', 'by tool (worst first)', breakdown(s.rows, (r) => r.c.tool ?? '?', o.tools));
  const list = (title, rows) => {
    if (o.misses === 0 || rows.length === 0) return;
    out.push('', `${title} (${rows.length})`);
    for (const r of rows.slice(0, o.misses)) {
      const shell = r.c.shell && r.c.shell !== 'bash' ? ` (${r.c.shell})` : '';
      const want = r.c.expect === 'flag' ? `want ${r.c.minSeverity ?? 'high'}` : 'want allow';
      out.push(`  ${r.c.line}: [${r.c.tool}] ${JSON.stringify(r.c.cmd)}${shell} ${want}, got ${describe(r.v)}`);
    }
    if (rows.length > o.misses) out.push(`  … ${rows.length - o.misses} more`);
  };
  list('misses', s.misses);
  list('false alarms', s.alarms);
  process.stdout.write(`${out.join('\n')}\n`);
}

function printJson(s) {
  const cat = Object.fromEntries(tally(s.rows, (r) => r.c.category ?? '?'));
  const tools = Object.fromEntries(tally(s.rows, (r) => r.c.tool ?? '?'));
  const brief = (r) => ({ line: r.c.line, tool: r.c.tool, cmd: r.c.cmd, want: r.c.expect === 'flag' ? (r.c.minSeverity ?? 'high') : 'allow', got: describe(r.v) });
  process.stdout.write(`${JSON.stringify({ file: s.file, ...s.total, recall: s.recall, alarmRate: s.alarmRate, meetsTargets: s.meets, byCategory: cat, byTool: tools, misses: s.misses.map(brief), falseAlarms: s.alarms.map(brief) })}\n`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const loaded = o.files.map((f) => ({ file: path.resolve(f), cases: loadCases(path.resolve(f)) }));
  const verdicts = await judge(loaded.flatMap((l) => l.cases.map(request)));
  let at = 0;
  let allMeet = true;
  for (const l of loaded) {
    const s = score(l.file, l.cases, verdicts.slice(at, at + l.cases.length));
    at += l.cases.length;
    allMeet &&= s.meets;
    if (o.json) printJson(s);
    else printText(s, o);
  }
  if (o.strict && !allMeet) process.exit(1);
}

main().catch((e) => {
  process.stderr.write(`score-generalise: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
