/**
 * The format of the generalisation case files (test/fixtures/commands/generalise/): the tuned
 * destructive lines and the tuned everyday lines. Only the format is checked here — fields,
 * labels, duplicates, fixture paths — never the engine's recall: the cases were written before the
 * rules that should catch them, and `npm run score:generalise` measures that.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { isSeverity } from '../../../src/core/severity';
import { fixturesDir, resolveFixtureRefs } from '../helpers/paths';

interface CaseLine {
  cmd: string;
  expect: 'flag' | 'allow';
  tool: string;
  category: string;
  minSeverity?: string;
  shell?: string;
  note?: string;
  ctx?: Record<string, unknown>;
}

const dir = path.join(fixturesDir, 'commands', 'generalise');
const FILES = { destructive: path.join(dir, 'tuned.jsonl'), everyday: path.join(dir, 'everyday-tuned.jsonl') };
const KEYS = new Set(['cmd', 'expect', 'tool', 'category', 'minSeverity', 'shell', 'note', 'ctx']);
const CATEGORIES = new Set(['backup', 'secrets', 'datastore', 'platform', 'vm-disk', 'windows', 'git-plumbing', 'code', 'other']);
const SHELLS = new Set(['bash', 'zsh', 'fish', 'sh', 'pwsh', 'cmd']);
/** The CommandContext fields a case may set (the ones `check --stdin --jsonl` accepts). */
const CTX_KEYS = new Set(['cwd', 'workspaceRoot', 'home', 'env', 'kubeContext', 'awsProfile', 'terraformWorkspace']);
const PATH_KEYS = ['cwd', 'workspaceRoot', 'home'];

function load(file: string): CaseLine[] {
  const rows: CaseLine[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      if (raw.trim() === '') return;
      let row: unknown;
      assert.doesNotThrow(() => (row = JSON.parse(raw)), `${path.basename(file)}:${i + 1} is not JSON`);
      rows.push(row as CaseLine);
    });
  return rows;
}

function problemsOf(row: CaseLine, want: 'flag' | 'allow'): string[] {
  const p: string[] = [];
  for (const k of Object.keys(row)) if (!KEYS.has(k)) p.push(`unknown field ${k}`);
  if (typeof row.cmd !== 'string' || row.cmd.trim() === '') p.push('cmd must be a non-empty string');
  if (row.expect !== want) p.push(`expect must be ${want}`);
  if (typeof row.tool !== 'string' || !/^\S+$/.test(row.tool)) p.push('tool must be one word');
  if (!CATEGORIES.has(row.category)) p.push(`category ${String(row.category)} is not one of ${[...CATEGORIES].join(', ')}`);
  if (row.shell !== undefined && !SHELLS.has(row.shell)) p.push(`shell ${row.shell} is not one of ${[...SHELLS].join(', ')}`);
  if (want === 'flag') {
    if (!(typeof row.minSeverity === 'string' && isSeverity(row.minSeverity) && ['medium', 'high', 'critical'].includes(row.minSeverity))) p.push('minSeverity must be medium, high or critical');
    if (typeof row.note !== 'string' || row.note.trim() === '') p.push('a destructive line says what it destroys in note');
  } else if (row.minSeverity !== undefined) p.push('an everyday line has no minSeverity');
  if (row.ctx !== undefined) {
    if (typeof row.ctx !== 'object' || row.ctx === null) p.push('ctx must be an object');
    else {
      for (const k of Object.keys(row.ctx)) if (!CTX_KEYS.has(k)) p.push(`ctx.${k} is not a context field a case may set`);
      const env = row.ctx['env'];
      if (env !== undefined && (typeof env !== 'object' || env === null || Object.values(env).some((v) => typeof v !== 'string'))) p.push('ctx.env must map names to strings');
      const resolved = resolveFixtureRefs(row.ctx);
      for (const k of PATH_KEYS) {
        const raw = row.ctx[k];
        if (typeof raw === 'string' && raw.startsWith('@fixtures/') && !fs.existsSync(resolved[k] as string)) p.push(`ctx.${k} ${raw} does not exist`);
      }
    }
  }
  return p;
}

const sets = { destructive: load(FILES.destructive), everyday: load(FILES.everyday) };

describe('generalisation case files (format only)', () => {
  for (const [kind, want] of [['destructive', 'flag'], ['everyday', 'allow']] as const) {
    test(`every ${kind} line is well formed`, () => {
      const bad: string[] = [];
      sets[kind].forEach((row, i) => {
        const p = problemsOf(row, want);
        if (p.length) bad.push(`  ${i + 1}: ${JSON.stringify(row.cmd)}: ${p.join('; ')}`);
      });
      assert.equal(bad.length, 0, `${bad.length} malformed lines in ${path.basename(FILES[kind])}:\n${bad.join('\n')}`);
    });
  }

  test('no line appears twice across the two files (same command, shell and context)', () => {
    const seen = new Map<string, string>();
    const dups: string[] = [];
    for (const [kind, rows] of Object.entries(sets)) {
      rows.forEach((r, i) => {
        const key = JSON.stringify([r.cmd, r.shell ?? 'bash', r.ctx ?? null]);
        const where = `${kind}:${i + 1}`;
        const first = seen.get(key);
        if (first) dups.push(`  ${JSON.stringify(r.cmd)} at ${first} and ${where}`);
        else seen.set(key, where);
      });
    }
    assert.equal(dups.length, 0, `duplicate lines:\n${dups.join('\n')}`);
  });

  test('the files are not truncated: hundreds of lines over many tools and every category', () => {
    assert.ok(sets.destructive.length >= 400, `${sets.destructive.length} destructive lines`);
    assert.ok(sets.everyday.length >= 400, `${sets.everyday.length} everyday lines`);
    assert.ok(new Set(sets.destructive.map((r) => r.tool)).size >= 100, 'destructive lines over at least 100 tools');
    for (const c of CATEGORIES) assert.ok(sets.destructive.some((r) => r.category === c), `no destructive line in category ${c}`);
  });

  test('every workspace a line runs in is a folder under generalise/workspaces', () => {
    const workspaces = new Set<string>();
    for (const rows of Object.values(sets)) for (const r of rows) if (typeof r.ctx?.['cwd'] === 'string') workspaces.add(r.ctx['cwd']);
    assert.ok(workspaces.size > 0, 'no line runs in a fixture workspace');
    for (const w of workspaces) {
      assert.match(w, /^@fixtures\/commands\/generalise\/workspaces\/[a-z]+$/, `${w} is not a generalise workspace`);
      assert.ok(fs.statSync(resolveFixtureRefs({ w }).w).isDirectory(), `${w} is not a folder`);
    }
  });
});
