/**
 * The documentation names only rules that exist: every `pack.rule` id in a code span (or quoted
 * in a code block) of README.md, CONTRIBUTING.md and docs/*.md whose pack is a pack of either
 * engine must be a rule of that engine's registry (or the whole pack, `pack.*`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closestRuleId, ruleIds } from '../../../src/core/policy/ruleRefs';
import { repoRoot } from '../helpers/paths';

/** Ids the code reports outside the rule registries (the guard's own answers): `ruleId: '…'` / `ruleIds: ['…']` in src/. */
function reportedOutsideRegistries(): string[] {
  const src = path.join(repoRoot, 'src');
  const ids: string[] = [];
  for (const f of fs.readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.ts')) continue;
    for (const m of fs.readFileSync(path.join(src, f), 'utf8').matchAll(/ruleIds?:\s*\[?\s*'([a-z][a-z0-9-]*\.[a-z0-9-]+)'/g)) ids.push(m[1]!);
  }
  return ids;
}

/** File names look like ids (`guard.md`, `code.ts`): these endings are files, not rules. */
const FILE_ENDINGS = /\.(md|ts|js|mjs|cjs|json|jsonc|jsonl|sh|ps1|fish|zsh|yml|yaml|toml|sql|tf|txt|log|wasm|vsix)$/;

const ID = /(?<![\w.-])([a-z][a-z0-9-]*)\.(\*|[a-z0-9][a-z0-9-]*)(?![\w.-])/g;

function docFiles(): string[] {
  const docs = path.join(repoRoot, 'docs');
  return [
    path.join(repoRoot, 'README.md'),
    path.join(repoRoot, 'CONTRIBUTING.md'),
    ...fs.readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => path.join(docs, f)),
  ];
}

/**
 * The code spans of a markdown text, and the quoted strings of its code blocks, with their line
 * numbers. A paragraph that shows wrong ids on purpose (say, what a typo gets as an answer) is
 * preceded by `<!-- wrong on purpose: id … -->`; those ids are left out of that paragraph only.
 */
function codeTexts(text: string): Array<{ line: number; code: string }> {
  const out: Array<{ line: number; code: string }> = [];
  let fenced = false;
  let onPurpose: string[] = [];
  const drop = (code: string): string => onPurpose.reduce((c, id) => c.split(id).join(' '), code);
  text.split('\n').forEach((l, i) => {
    const marker = /<!--\s*wrong on purpose:([^>]*)-->/.exec(l);
    if (marker) {
      onPurpose = marker[1]!.trim().split(/\s+/);
      return;
    }
    if (l.trim() === '' && !fenced) onPurpose = [];
    if (/^\s*(```|~~~)/.test(l)) {
      fenced = !fenced;
      return;
    }
    if (fenced) for (const m of l.matchAll(/"([^"\n]*)"/g)) out.push({ line: i + 1, code: drop(m[1]!) });
    else for (const m of l.matchAll(/(`+)([^`]+?)\1/g)) out.push({ line: i + 1, code: drop(m[2]!) });
  });
  return out;
}

test('every rule id the documentation names exists', () => {
  const { command, edit } = ruleIds();
  const known = new Set([...command, ...edit, ...reportedOutsideRegistries()]);
  const packs = new Set([...known].map((id) => id.slice(0, id.indexOf('.'))));
  const wrong: string[] = [];
  let checked = 0;
  for (const file of docFiles()) {
    for (const { line, code } of codeTexts(fs.readFileSync(file, 'utf8'))) {
      for (const m of code.matchAll(ID)) {
        const [id, pack, rule] = [m[0], m[1]!, m[2]!];
        if (!packs.has(pack) || FILE_ENDINGS.test(id)) continue;
        checked++;
        if (rule === '*' || known.has(id)) continue;
        const near = closestRuleId(id, [...known]);
        wrong.push(`${path.relative(repoRoot, file)}:${line}: \`${id}\` is not a rule${near ? ` (did you mean ${near}?)` : ''}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
  assert.ok(checked >= 10, `only ${checked} rule ids found in the documentation; is the scan reading it?`);
});

test("the ids the code reports outside the registries are found (the guard's own answers)", () => {
  const ids = reportedOutsideRegistries();
  for (const id of ['guard.line-too-long', 'guard.engine-unavailable', 'parse.internal']) assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
});

test('the scan finds an id in a code span and in a quoted string of a code block, skips file names, and ids marked wrong on purpose in their paragraph', () => {
  const text = 'Use `git.force-push` or `guard.md`.\n```json\n{ "disabledRules": ["sql.drop-tabel"] }\n```\n';
  const found = codeTexts(text).flatMap(({ line, code }) => [...code.matchAll(ID)].map((m) => `${line}:${m[0]}`));
  assert.deepEqual(found, ['1:git.force-push', '1:guard.md', '3:sql.drop-tabel']);
  const marked = '<!-- wrong on purpose: git.force-push -->\nSay `git.force-push` and get `git.push-force`.\n\nBut `git.force-push` here is wrong.\n';
  assert.deepEqual(
    codeTexts(marked).flatMap(({ line, code }) => [...code.matchAll(ID)].map((m) => `${line}:${m[0]}`)),
    ['2:git.push-force', '4:git.force-push'],
  );
  assert.ok(FILE_ENDINGS.test('guard.md'));
  assert.ok(!FILE_ENDINGS.test('git.force-push'));
});
