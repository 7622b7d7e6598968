/**
 * runnable: code an agent writes that it (or a person, or CI) will run — shell scripts and files
 * with a `#!` line, git hooks, Makefile recipes, package.json scripts, justfile recipes, Taskfile
 * tasks, CI steps. What a change adds to them is judged by the command engine as the commands it
 * runs (`EditOptions.commandJudge`, src/core/command/editJudge.ts), so a `cleanup.sh` holding
 * `rm -rf ~` is held when it is written, not only when it runs.
 *
 * Only added or changed lines are reported (a destructive command already in the file does not
 * fire again), but a script is judged whole so the added lines are read with their context
 * (variables set above them, the folder a `cd` moved to). What the command engine would hold
 * (high and above) is reported. A caller that judges such files without a command engine at hand
 * says so (`commandJudge: 'unavailable'`) and what a change adds is reported as not judged, at high
 * severity: a person looks.
 */
import * as path from 'node:path';
import type { CodeLanguage } from '../../code/effects';
import { interpreterSpec } from '../../shell/interpreters';
import { parseJustfile, interpolateJust } from '../../formats/justfile';
import { expandMake, parseMakefile } from '../../formats/makefile';
import { jsonChild, jsonProps } from '../../formats/json';
import { maxSeverity, severityRank, type Severity } from '../../severity';
import { jsonDoc, parseYamlDocuments } from '../documents';
import { atAfter, hasKind, newlyAdded, type Edit, type EditRule, type EditRuleFinding, type FileInfo } from '../rule';
import type { CommandJudgement } from '../types';

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'yash']);

/** How a file's text runs: a shell, or an interpreter's language (by its `#!` line). */
function runnerOf(text: string, fallbackShell: boolean): { language?: CodeLanguage; program: string } | undefined {
  if (!text.startsWith('#!')) return fallbackShell ? { program: 'sh' } : undefined;
  const first = text.slice(2, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')).trim().split(/\s+/);
  let prog = path.basename(first[0] ?? '');
  if (prog === 'env') prog = path.basename(first.slice(1).find((w) => !w.startsWith('-') && !w.includes('=')) ?? '');
  if (SHELLS.has(prog)) return { program: prog };
  const spec = interpreterSpec(prog);
  if (!spec || spec.language === 'sed' || spec.language === 'awk') return undefined;
  return { language: spec.language === 'javascript' && /deno|bun/.test(prog) ? 'typescript' : spec.language, program: prog };
}

function isJustfile(name: string): boolean {
  return /^\.?justfile$/i.test(name);
}

function isTaskfile(name: string): boolean {
  return /^taskfile(\.dist)?\.ya?ml$/i.test(name);
}

/** True when a file runs commands this family judges (callers load the command engine only for these). */
export function runsCommands(file: FileInfo, after: string | null): boolean {
  if (after === null) return false;
  if (file.kinds.has('shell-script') || file.kinds.has('makefile') || file.kinds.has('ci') || file.kinds.has('github-action')) return true;
  if (file.kinds.has('git-hook') && !file.kinds.has('yaml') && !file.kinds.has('json')) return true;
  if (file.name === 'package.json' || isJustfile(file.name) || isTaskfile(file.name)) return true;
  return file.kinds.has('source') && after.startsWith('#!');
}

/** The folder a file of the workspace runs in. */
function dirOf(edit: Edit): string | undefined {
  const ws = edit.context.workspaceRoot;
  return ws ? path.join(ws, path.dirname(edit.file.path)) : undefined;
}

function snippet(text: string, span: readonly [number, number]): string {
  let s = text.slice(span[0], span[1]);
  const nl = s.indexOf('\n');
  if (nl >= 0) s = `${s.slice(0, nl)} …`;
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > 72 ? `${s.slice(0, 71)}…` : s;
}

/**
 * The edit severity of a command finding. Commands hidden from whoever reads the file (built at
 * run time, decoded, generated) are held (high) whatever their severity; a file the command
 * names that cannot be read now is not: the agent may be writing it next.
 */
function editSeverity(f: CommandJudgement['findings'][number]): Severity {
  const hidden = /^(dynamic|interpreter)\.|^scripts\.generated$/.test(f.ruleId);
  return hidden && f.atLeast && f.atLeast !== 'allow' ? maxSeverity(f.severity, 'high') : f.severity;
}

/** 1-based line within `text` of an offset. */
function lineIn(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Findings of judged text placed in the file: `firstLine` is the file line of the text's first
 * line; only findings on lines `keep` accepts are reported. `where` names the recipe or script.
 */
function place(j: CommandJudgement, text: string, firstLine: number, keep: (line: number) => boolean, where: string): EditRuleFinding[] {
  if (j.notJudged) return keep(firstLine) ? [atAfter(firstLine, `${where}was not judged: ${j.notJudged}`, { severity: 'high' })] : [];
  const out: EditRuleFinding[] = [];
  for (const f of j.findings) {
    // What the command engine would hold (high and above, or what needs a person whatever its
    // severity); what it only shows stays out of the edit review.
    if (severityRank(editSeverity(f)) < severityRank('high')) continue;
    const line = firstLine + lineIn(text, f.span[0]) - 1;
    if (!keep(line)) continue;
    const e: EditRuleFinding = atAfter(line, `${where}runs \`${snippet(text, f.span)}\`: ${f.message.replace(/\.$/, '')}`, { severity: editSeverity(f) });
    if (f.suggestion) e.suggestion = f.suggestion;
    out.push(e);
  }
  if (j.denied) {
    const first = out[0];
    if (first) first.message += ` (the policy denies ${j.denied})`;
    else if (keep(firstLine)) out.push(atAfter(firstLine, `${where}runs a command the policy denies (${j.denied})`, { severity: 'high' }));
  }
  // one finding per line, the most severe
  const byLine = new Map<number, EditRuleFinding>();
  for (const f of out) {
    const had = byLine.get(f.line);
    if (!had || severityRank(f.severity ?? 'none') > severityRank(had.severity ?? 'none')) byLine.set(f.line, f);
  }
  return [...byLine.values()];
}

/** Without a command engine: what the change adds is reported as not judged (when the caller says it has none). */
function notJudged(edit: Edit, what: string): EditRuleFinding[] {
  if (edit.judge !== 'unavailable') return [];
  const first = newlyAdded(edit).find((l) => l.text.trim() !== '' && !/^\s*(#|\/\/)/.test(l.text));
  if (!first) return [];
  return [atAfter(first.line, `the commands this change adds to ${what} were not judged: the command engine is not available here`, { severity: 'high', suggestion: 'Run the check where the command engine loads (the agent hook, the editor), or read the commands by hand.' })];
}

const SCRIPT: EditRule = {
  id: 'runnable.script',
  description: 'A shell script, a file with a #! line or a git hook gains commands that delete, destroy or run hidden code: judged as the commands it will run.',
  severity: 'high',
  kinds: ['shell-script', 'git-hook', 'source'],
  suggestion: 'Review the script before it runs; keep destructive steps behind an explicit confirmation.',
  examples: {
    match: [
      { name: 'cleanup.sh deletes the home folder', path: 'scripts/cleanup.sh', before: null, after: '#!/bin/sh\necho cleaning\nrm -rf ~\n', line: 3, severity: 'critical' },
      { name: 'a line added to an existing script', path: 'bin/reset', before: '#!/usr/bin/env bash\nset -e\n', after: '#!/usr/bin/env bash\nset -e\naws s3 rb s3://shop-prod-assets --force\n', line: 3 },
      { name: 'a Python script with a shebang', path: 'tools/purge', before: null, after: '#!/usr/bin/env python3\nimport shutil\nshutil.rmtree("/srv/data")\n', line: 3 },
      { name: 'a git hook', path: '.husky/pre-push', before: 'npm test\n', after: 'npm test\nrm -rf "$HOME/.ssh"\n', line: 2 },
    ],
    nearMiss: [
      { name: 'build output cleanup', path: 'scripts/clean.sh', before: null, after: '#!/bin/sh\nrm -rf dist build\n' },
      { name: 'an old destructive line stays as it was', path: 'scripts/nuke.sh', before: '#!/bin/sh\nrm -rf /srv/data\n', after: '#!/bin/sh\nrm -rf /srv/data\necho done\n' },
      { name: 'a Python module without #!', path: 'app/cleanup.py', before: null, after: 'import shutil\nshutil.rmtree("/srv/data")\n' },
      { name: 'a test script', path: 'scripts/test.sh', before: null, after: '#!/usr/bin/env bash\nset -euo pipefail\nnpm test\n' },
    ],
  },
  check(edit) {
    if (edit.after === null) return undefined;
    if (hasKind(edit, 'source') && !hasKind(edit, 'shell-script') && !edit.after.startsWith('#!')) return undefined;
    if (hasKind(edit, 'git-hook') && (hasKind(edit, 'yaml') || hasKind(edit, 'json'))) return undefined;
    const runner = runnerOf(edit.after, !hasKind(edit, 'source') || hasKind(edit, 'shell-script'));
    if (!runner) return undefined;
    if (!edit.judge || edit.judge === 'unavailable') return notJudged(edit, edit.file.name);
    const opts: { language?: CodeLanguage; program?: string; cwd?: string } = {};
    if (runner.language) {
      opts.language = runner.language;
      opts.program = runner.program;
    }
    const dir = dirOf(edit);
    if (dir) opts.cwd = dir;
    const j = edit.judge.judge(edit.after, opts);
    return place(j, edit.after, 1, (l) => edit.isAdded(l), '');
  },
};

const MAKEFILE: EditRule = {
  id: 'runnable.makefile',
  description: 'A Makefile recipe line is added or changed that deletes, destroys or runs hidden code when its target is made.',
  severity: 'high',
  kinds: ['makefile'],
  suggestion: 'Keep destructive targets out of the default goal and behind a confirmation, or point them at the exact path.',
  examples: {
    match: [
      { name: 'clean deletes the home folder', path: 'Makefile', before: 'build:\n\tgo build ./...\n', after: 'build:\n\tgo build ./...\n\nclean:\n\trm -rf $(HOME)\n', line: 5, severity: 'critical' },
      { name: 'variable expanded', path: 'Makefile', before: null, after: 'DATA := /var/lib/app\nreset:\n\trm -rf $(DATA)\n', line: 3 },
    ],
    nearMiss: [
      { name: 'build output', path: 'Makefile', before: null, after: 'clean:\n\trm -rf build dist\n' },
      { name: 'unchanged destructive recipe', path: 'Makefile', before: 'nuke:\n\trm -rf /srv/data\n', after: 'nuke:\n\trm -rf /srv/data\n\ntest:\n\tgo test ./...\n' },
    ],
  },
  check(edit) {
    if (edit.after === null) return undefined;
    const mk = parseMakefile(edit.after);
    const added = mk.rules.flatMap((r) => r.recipe.map((l) => ({ rule: r, l }))).filter(({ l }) => edit.isAdded(l.line));
    if (added.length === 0) return undefined;
    if (!edit.judge || edit.judge === 'unavailable') return notJudged(edit, edit.file.name);
    const dir = dirOf(edit);
    const out: EditRuleFinding[] = [];
    for (const { rule, l } of added.slice(0, 200)) {
      const text = expandMake(l.text, mk.vars, { target: rule.targets[0], prereqs: rule.prereqs });
      out.push(...place(edit.judge.judge(text, dir ? { cwd: dir } : {}), text, l.line, () => true, `target ${rule.targets[0] ?? ''} `));
    }
    return out;
  },
};

const PACKAGE_SCRIPT: EditRule = {
  id: 'runnable.package-script',
  description: 'A package.json script is added or changed that deletes, destroys or runs hidden code (lifecycle scripts run on install and test).',
  severity: 'high',
  kinds: ['package-manifest'],
  suggestion: 'Keep install and test scripts free of destructive steps; run cleanups by hand.',
  examples: {
    match: [
      { name: 'postinstall deletes credentials', path: 'package.json', before: '{\n  "name": "x",\n  "scripts": {\n    "build": "tsc"\n  }\n}\n', after: '{\n  "name": "x",\n  "scripts": {\n    "build": "tsc",\n    "postinstall": "rm -rf ~/.aws"\n  }\n}\n', line: 5, severity: 'critical' },
      { name: 'changed script', path: 'package.json', before: '{"scripts": {"reset": "echo ok"}}', after: '{"scripts": {"reset": "psql -h db.internal -c \'DROP DATABASE shop\'"}}', line: 1 },
    ],
    nearMiss: [
      { name: 'a clean script for build output', path: 'package.json', before: '{"scripts": {}}', after: '{"scripts": {"clean": "rm -rf dist coverage"}}' },
      { name: 'a dependency added', path: 'package.json', before: '{"scripts": {"nuke": "rm -rf /srv/x"}, "dependencies": {}}', after: '{"scripts": {"nuke": "rm -rf /srv/x"}, "dependencies": {"left-pad": "1.3.0"}}' },
    ],
  },
  check(edit) {
    if (edit.after === null || edit.file.name !== 'package.json') return undefined;
    const before = new Map<string, unknown>();
    for (const [k, , v] of jsonProps(jsonChild(jsonDoc(edit, 'before').root, 'scripts'))) before.set(k, v.value);
    const changed = jsonProps(jsonChild(jsonDoc(edit, 'after').root, 'scripts')).filter(([k, , v]) => typeof v.value === 'string' && before.get(k) !== v.value);
    if (changed.length === 0) return undefined;
    if (!edit.judge || edit.judge === 'unavailable') return notJudged(edit, 'package.json scripts');
    const dir = dirOf(edit);
    const out: EditRuleFinding[] = [];
    for (const [name, , v] of changed.slice(0, 50)) {
      const text = v.value as string;
      out.push(...place(edit.judge.judge(text, dir ? { cwd: dir } : {}), text, edit.lineAt('after', v.offset), () => true, `script "${name}" `));
    }
    return out;
  },
};

const TASK_RUNNER: EditRule = {
  id: 'runnable.task-runner',
  description: 'A justfile recipe or a Taskfile task gains a command that deletes, destroys or runs hidden code.',
  severity: 'high',
  kinds: '*',
  suggestion: 'Keep destructive recipes out of the default and behind a confirmation ([confirm] in just, prompt: in Taskfile).',
  examples: {
    match: [
      { name: 'just recipe', path: 'justfile', before: 'fmt:\n    cargo fmt\n', after: 'fmt:\n    cargo fmt\n\nnuke:\n    rm -rf ~/.config\n', line: 5 },
      { name: 'Taskfile task', path: 'Taskfile.yml', before: "version: '3'\ntasks:\n  build:\n    cmds:\n      - go build ./...\n", after: "version: '3'\ntasks:\n  build:\n    cmds:\n      - go build ./...\n  wipe:\n    cmds:\n      - rm -rf /var/lib/app\n", line: 8 },
    ],
    nearMiss: [
      { name: 'just formatting recipe', path: 'justfile', before: null, after: 'fmt:\n    cargo fmt --all\n' },
      { name: 'a YAML file that is not a Taskfile', path: 'config/tasks.yml', before: null, after: 'tasks:\n  wipe:\n    cmds:\n      - rm -rf /var/lib/app\n' },
    ],
  },
  check(edit) {
    if (edit.after === null) return undefined;
    const name = edit.file.name;
    const dir = dirOf(edit);
    const cwd = dir ? { cwd: dir } : {};
    if (isJustfile(name)) {
      const jf = parseJustfile(edit.after);
      const lines = jf.recipes.flatMap((r) => r.body.map((b) => ({ r, b }))).filter(({ b }) => edit.isAdded(b.line));
      if (lines.length === 0) return undefined;
      if (!edit.judge || edit.judge === 'unavailable') return notJudged(edit, name);
      const out: EditRuleFinding[] = [];
      for (const { r, b } of lines.slice(0, 200)) {
        if (r.shebang) continue;
        const text = interpolateJust(b.text, jf.vars);
        out.push(...place(edit.judge.judge(text, cwd), text, b.line, () => true, `recipe ${r.name} `));
      }
      const scripts = jf.recipes.filter((r) => r.shebang && r.body.some((b) => edit.isAdded(b.line)));
      for (const r of scripts) {
        const text = interpolateJust([r.shebang, ...r.body.map((b) => b.text)].join('\n'), jf.vars);
        const runner = runnerOf(text, true);
        if (!runner) continue;
        const first = (r.body[0]?.line ?? r.line + 1) - 1;
        out.push(...place(edit.judge.judge(text, { ...cwd, ...(runner.language ? { language: runner.language, program: runner.program } : {}) }), text, first, (l) => edit.isAdded(l), `recipe ${r.name} `));
      }
      return out;
    }
    if (!isTaskfile(name)) return undefined;
    const doc = parseYamlDocuments(edit, 'after')[0];
    if (!doc) return undefined;
    const cmds = doc.entries.filter((e) => e.path[0] === 'tasks' && typeof e.value === 'string' && e.value.trim() !== '' && isTaskCommand(e.path) && edit.isAdded(e.valueLine));
    if (cmds.length === 0) return undefined;
    if (!edit.judge || edit.judge === 'unavailable') return notJudged(edit, name);
    const out: EditRuleFinding[] = [];
    for (const e of cmds.slice(0, 200)) {
      const text = e.value!.replace(/\{\{[^}]*\}\}/g, '${__task_value}');
      out.push(...place(edit.judge.judge(text, cwd), text, blockStart(edit, e.valueLine), () => true, `task ${String(e.path[1])} `));
    }
    return out;
  },
};

/** `tasks.NAME` (a string), `tasks.NAME.cmds[i]`, `tasks.NAME.cmds[i].cmd`, `tasks.NAME[i]`. */
function isTaskCommand(p: readonly (string | number)[]): boolean {
  if (p.length === 2) return true;
  if (p.length === 3) return typeof p[2] === 'number' || p[2] === 'cmd';
  if (p.length === 4) return p[2] === 'cmds' && typeof p[3] === 'number';
  return p.length === 5 && p[2] === 'cmds' && p[4] === 'cmd';
}

/** The first content line of a YAML block scalar (`run: |`), else the value's line. */
function blockStart(edit: Edit, valueLine: number): number {
  const t = edit.lines('after')[valueLine - 1] ?? '';
  return /[|>][-+]?\d*\s*$/.test(t) ? valueLine + 1 : valueLine;
}

const CI_KEYS = new Set(['run', 'script', 'before_script', 'after_script', 'command', 'commands', 'bash', 'sh', 'inlineScript', 'pre_build', 'build', 'post_build']);

const CI_STEP: EditRule = {
  id: 'runnable.ci-step',
  description: 'A CI step gains a command that deletes, destroys or runs hidden code (GitHub Actions run:, GitLab script:, CircleCI, Buildkite, Azure Pipelines, Bitbucket).',
  severity: 'high',
  kinds: ['ci', 'github-action'],
  suggestion: 'Keep destructive steps in a protected, manually approved job.',
  examples: {
    match: [
      { name: 'workflow run step', path: '.github/workflows/ci.yml', before: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n', after: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n      - run: aws s3 rm s3://shop-prod-assets --recursive\n', line: 7 },
      { name: 'GitLab script list', path: '.gitlab-ci.yml', before: null, after: 'cleanup:\n  script:\n    - echo start\n    - rm -rf /srv/data\n', line: 4 },
      { name: 'multi-line run block', path: '.github/workflows/nightly.yml', before: null, after: 'on: schedule\njobs:\n  wipe:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo wiping\n          kubectl --context prod-eu delete namespace payments\n', line: 8 },
    ],
    nearMiss: [
      { name: 'ordinary CI', path: '.github/workflows/ci.yml', before: null, after: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n      - run: rm -rf dist\n' },
    ],
  },
  check(edit) {
    if (edit.after === null) return undefined;
    const docs = parseYamlDocuments(edit, 'after');
    const steps: { text: string; line: number }[] = [];
    for (const d of docs) {
      for (const e of d.entries) {
        if (typeof e.value !== 'string' || e.value.trim() === '') continue;
        const last = e.path[e.path.length - 1];
        const prev = e.path[e.path.length - 2];
        const isStep = (typeof last === 'string' && CI_KEYS.has(last)) || (typeof last === 'number' && typeof prev === 'string' && CI_KEYS.has(prev));
        if (!isStep) continue;
        const start = blockStart(edit, e.valueLine);
        const n = e.value.split('\n').length;
        let touched = false;
        for (let l = start; l < start + n; l++) if (edit.isAdded(l)) touched = true;
        if (touched) steps.push({ text: e.value.replace(/\$\{\{[^}]*\}\}/g, '${__ci_value}'), line: start });
      }
    }
    if (steps.length === 0) return undefined;
    if (!edit.judge || edit.judge === 'unavailable') return notJudged(edit, edit.file.name);
    const dir = dirOf(edit);
    const root = edit.context.workspaceRoot;
    const out: EditRuleFinding[] = [];
    for (const s of steps.slice(0, 100)) out.push(...place(edit.judge.judge(s.text, root ? { cwd: root } : dir ? { cwd: dir } : {}), s.text, s.line, (l) => edit.isAdded(l), ''));
    return out;
  },
};

export const runnableRules: EditRule[] = [SCRIPT, MAKEFILE, PACKAGE_SCRIPT, TASK_RUNNER, CI_STEP];
