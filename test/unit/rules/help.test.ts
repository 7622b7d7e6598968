/**
 * Rule help pages: built from the rule's own id, description, severity and example table, with
 * the real engines' words about the examples (the edit engine here, the command analyzer through
 * the judge the editor passes), and how to switch the rule off or tighten it.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { PACKS } from '../../../src/core/command/packs/index';
import type { CommandAnalyzer } from '../../../src/core/command/analyze';
import { EDIT_RULES } from '../../../src/core/edit/rules/index';
import { type CommandJudge, ruleHelp, ruleHelpMarkdown } from '../../../src/core/rules/help';
import { analyzer, withCtx } from '../command/packs/table';

let judge: CommandJudge;
before(async () => {
  const a: CommandAnalyzer = await analyzer();
  judge = (line, ctx) => a.analyze(line, withCtx(ctx)).findings;
});

test('a command rule: id, severity, programs, what it catches, examples judged by the engine, the safer alternative', () => {
  const h = ruleHelp('git.push-force', judge);
  assert.equal(h.engine, 'command');
  assert.equal(h.severity, 'high');
  assert.equal(h.runsOn, '`git`');
  assert.equal(h.description, PACKS.find((p) => p.name === 'git')!.rules.find((r) => r.id === 'git.push-force')!.description);
  assert.ok(h.matches.length > 0 && h.nearMisses.length > 0);
  assert.ok(h.matches.every((m) => m.verdict !== undefined), 'every example it flags is judged by the real analyzer');
  assert.ok(h.nearMisses.every((m) => m.verdict === undefined));
  assert.match(h.suggestion ?? '', /--force-with-lease/);
  const md = ruleHelpMarkdown(h);
  for (const part of ['# git.push-force', '**Usual severity:** high', '## What it catches', '## Why it matters', '## Safer alternative', '## Examples it flags', '## Near misses it leaves alone', '## In your policy'])
    assert.ok(md.includes(part), `${part} in\n${md}`);
  assert.ok(md.includes('"blastRadius.policy.disabledRules": ["git.push-force"]'), md);
  assert.ok(md.includes('git.*'), 'the pack is named');
  assert.match(md, /"severity": \{ "high": "deny" \}, "deny": \["git push"\]/);
  assert.ok(md.includes(`\`\`\`sh\n${h.matches[0]!.title}\n\`\`\``), 'the example line as code');
  assert.ok(md.includes(`→ ${h.matches[0]!.verdict!.severity}: `), 'the engine’s verdict under it');
});

test('without a judge, command examples are shown without the engine’s words', () => {
  const h = ruleHelp('git.push-force');
  assert.ok(h.matches.length > 0);
  assert.ok(h.matches.every((m) => m.verdict === undefined));
  assert.doesNotMatch(ruleHelpMarkdown(h), /What the engine says/);
});

test('an example with a context says which (a kube context makes the rule critical)', () => {
  const rule = PACKS.flatMap((p) => p.rules).find((r) => r.examples?.match.slice(0, 4).some((e) => typeof e !== 'string' && e.ctx?.kubeContext));
  assert.ok(rule, 'some rule has an example with a kube context');
  const h = ruleHelp(rule.id, judge);
  assert.ok(h.matches.some((m) => /kube context \S+/.test(m.context ?? '')), JSON.stringify(h.matches));
});

test('an edit rule: file kinds, its own safer alternative, examples as diffs with the edit engine’s message', () => {
  const rule = EDIT_RULES.find((r) => r.id === 'terraform.prevent-destroy-removed')!;
  const h = ruleHelp(rule.id);
  assert.equal(h.engine, 'edit');
  assert.equal(h.severity, rule.severity);
  assert.match(h.runsOn ?? '', /files$/);
  assert.equal(h.matches.length, Math.min(4, rule.examples.match.length));
  assert.ok(h.matches.every((m) => m.verdict !== undefined && m.diff!.some((l) => l.startsWith('- '))), JSON.stringify(h.matches, null, 1));
  assert.ok(h.matches[0]!.diff!.some((l) => /prevent_destroy/.test(l)));
  const md = ruleHelpMarkdown(h);
  assert.ok(md.includes('```diff\n'), md);
  assert.ok(md.includes('Pending Review'), 'why: it waits for review');
  assert.ok(md.includes('recorded for sign-off'), 'a high rule: approvals are recorded');
  assert.match(md, /"approvals": \{ "high": 2 \}/);
});

test('every registered rule gets a page with its examples and policy section', () => {
  const ids = [...PACKS.flatMap((p) => p.rules.map((r) => r.id)), ...EDIT_RULES.map((r) => r.id)];
  for (const id of ids) {
    const h = ruleHelp(id);
    assert.equal(h.known, true, id);
    assert.ok(h.matches.length > 0 && h.nearMisses.length > 0, id);
    const md = ruleHelpMarkdown(h);
    assert.ok(md.startsWith(`# ${id}\n`), id);
    assert.ok(md.includes('## In your policy'), id);
  }
});

test('the engine’s own checks cannot be switched off, and the page says so', () => {
  const h = ruleHelp('parse.error');
  assert.equal(h.canDisable, false);
  assert.equal(h.known, false);
  const md = ruleHelpMarkdown(h);
  assert.match(md, /cannot be switched off/);
  assert.doesNotMatch(md, /disabledRules/);
  // a registered rule of an undisableable pack too
  const guard = PACKS.find((p) => p.name === 'guard')!.rules[0]!;
  assert.equal(ruleHelp(guard.id).canDisable, false);
  assert.match(ruleHelpMarkdown(ruleHelp(guard.id)), /cannot be switched off/);
});

test('an id that names no rule: a page that says so and names the closest real id', () => {
  const h = ruleHelp('git.force-push');
  assert.equal(h.known, false);
  assert.equal(h.closest, 'git.push-force');
  const md = ruleHelpMarkdown(h);
  assert.match(md, /No rule of this id[\s\S]*Did you mean `git\.push-force`\?/);
  assert.doesNotMatch(md, /In your policy/, 'nothing to switch off');
});

test('HTML in a rule’s text is shown as text, its code spans stay code; example lines are code blocks', () => {
  const h = { ...ruleHelp('git.push-force'), description: 'a <b>bold</b> claim about `a && b > c` & more', matches: [{ title: 'echo `date` && x' }], nearMisses: [] };
  const md = ruleHelpMarkdown(h);
  assert.ok(md.includes('a &lt;b&gt;bold&lt;/b&gt; claim about `a && b > c` &amp; more'), md);
  assert.ok(md.includes('```sh\necho `date` && x\n```'), md);
});
