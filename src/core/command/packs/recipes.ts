/**
 * recipes: what task runners run, read from their files when the line is checked and judged as
 * commands — `make T` (the recipes of T and its prerequisites), `npm run S` / `pnpm` / `yarn` /
 * `bun` package scripts and the lifecycle scripts of `npm install`, `npm test`, `npm publish`
 * (`preinstall`, `pretest`, …), `just RECIPE` (with its dependencies), and go-task's `task T`.
 *
 * Each finding names the file, the line and the target: "Makefile:12 (target clean) runs
 * `rm -rf ~`: …". Rehearsals (`make -n`, `just --dry-run`, `task --dry`) and listings run nothing.
 * A runner file that cannot be read, or is too large, asks a person.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJsonTree, jsonChild, jsonProps, type JsonNode } from '../../formats/json';
import { interpolateJust, parseJustfile, type JustRecipe } from '../../formats/justfile';
import { expandMake, parseMakefile, rulesFor, type Makefile } from '../../formats/makefile';
import { asRecord, parseYamlText } from '../../formats/yaml';
import type { SimpleCommand, Span, Word } from '../../shell/model';
import { DerivedCache } from '../fileCache';
import { findUp, readScriptFile } from '../files';
import { fromNestedMany, judgedWhatItRuns, lineAt, positionalEnv, readWhatItRuns, shownPath, type TextSource, unreadable } from '../nested';
import type { NestedVerdict, Rule, RuleContext, RulePack } from '../rule';
import { runnerOfText } from './scripts';

const MAX_TARGETS = 64;
const MAX_LINES = 200;

type Judged = { v: NestedVerdict; src: TextSource };

function absDir(rc: RuleContext, dir: string | undefined): string | undefined {
  const cwd = rc.context.cwd ?? rc.context.workspaceRoot;
  if (!dir) return cwd;
  if (path.isAbsolute(dir)) return dir;
  return cwd ? path.resolve(cwd, dir) : undefined;
}

function span(cmd: SimpleCommand): Span {
  return cmd.span;
}

// ---------------------------------------------------------------------------------------------
// make

const MAKE_VALUE = 'CfIoW';
const MAKE_NO_RUN = new Set(['-n', '--just-print', '--dry-run', '--recon', '-q', '--question', '-t', '--touch', '-v', '--version', '-h', '--help']);

interface MakeCall {
  dirs: string[];
  file?: string;
  goals: Word[];
  vars: Map<string, string>;
  dry: boolean;
}

function makeCall(cmd: SimpleCommand): MakeCall {
  const out: MakeCall = { dirs: [], goals: [], vars: new Map(), dry: false };
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (MAKE_NO_RUN.has(t)) {
      out.dry = true;
      continue;
    }
    if (t.startsWith('--')) {
      const m = /^--(directory|file|makefile|include-dir|old-file|what-if|assume-new|assume-old|new-file|jobs|load-average|eval)(?:=(.*))?$/.exec(t);
      if (m) {
        const v = m[2] ?? a[++i]?.text ?? '';
        if (m[1] === 'directory') out.dirs.push(v);
        if (m[1] === 'file' || m[1] === 'makefile') out.file = v;
      }
      continue;
    }
    if (t.startsWith('-') && t.length > 1) {
      for (let k = 1; k < t.length; k++) {
        const l = t[k]!;
        if (l === 'n' || l === 'q' || l === 't') out.dry = true;
        if (MAKE_VALUE.includes(l)) {
          const v = t.slice(k + 1) || a[++i]?.text || '';
          if (l === 'C') out.dirs.push(v);
          if (l === 'f') out.file = v;
          break;
        }
        if (l === 'j' || l === 'l') break; // optional numeric value, attached
      }
      continue;
    }
    const eq = /^([A-Za-z_][\w.-]*)[:+?]?=(.*)$/s.exec(t);
    if (eq) {
      out.vars.set(eq[1]!, eq[2]!);
      continue;
    }
    out.goals.push(w);
  }
  return out;
}

function readMakefiles(rc: RuleContext, dir: string, file: string | undefined): { mk: Makefile; path: string; texts: Map<string, string> } | { error: string; path: string; missing?: boolean } {
  let main: string | undefined;
  if (file) main = path.isAbsolute(file) ? file : path.join(dir, file);
  else main = findUp(dir, ['GNUmakefile', 'makefile', 'Makefile'], false);
  if (!main) return { error: 'there is no makefile here', path: dir, missing: true };
  const r = readScriptFile(rc, main);
  if ('error' in r) return r;
  const mk = parseMakefile(r.text);
  const texts = new Map([[r.path, r.text]]);
  // included makefiles (literal names), a few levels
  const queue = [...mk.includes];
  for (let n = 0; n < queue.length && n < 8; n++) {
    const inc = queue[n]!;
    if (/[$*?]/.test(inc)) continue;
    const incPath = path.isAbsolute(inc) ? inc : path.join(dir, inc);
    const ri = readScriptFile(rc, incPath);
    if ('error' in ri) continue;
    const sub = parseMakefile(ri.text);
    texts.set(ri.path, ri.text);
    for (const rule of sub.rules) mk.rules.push({ ...rule, file: ri.path } as typeof rule);
    for (const [k, v] of sub.vars) if (!mk.vars.has(k)) mk.vars.set(k, v);
    queue.push(...sub.includes);
  }
  return { mk, path: r.path, texts };
}

const make: Rule = {
  id: 'recipes.make',
  description: 'make runs the recipes of its goals and their prerequisites (the default goal when none is named); each recipe line is judged as a command.',
  severity: 'high',
  programs: ['make', 'gmake', 'bmake'],
  check(cmd, rc) {
    if (!rc.nested) return undefined;
    const call = makeCall(cmd);
    if (call.dry) return undefined;
    let dir = absDir(rc, undefined);
    for (const d of call.dirs) dir = dir ? path.resolve(dir, d) : path.isAbsolute(d) ? d : undefined;
    if (!dir) return unreadable('The makefile', 'the working directory is not known', span(cmd));
    const read = readMakefiles(rc, dir, call.file);
    if ('error' in read) return read.missing ? undefined : unreadable(`\`${shownPath(read.path, rc)}\``, read.error, span(cmd));
    const { mk } = read;
    const vars = new Map(mk.vars);
    for (const [k, v] of call.vars) vars.set(k, v);
    const goals = call.goals.length ? call.goals.map((g) => g.text) : mk.defaultGoal ? [mk.defaultGoal] : [];
    const judged: Judged[] = [];
    const seen = new Set<string>();
    let lines = 0;
    const visit = (target: string, depth: number): void => {
      if (seen.has(target) || seen.size >= MAX_TARGETS || depth > 32) return;
      seen.add(target);
      for (const rule of rulesFor(mk, target)) {
        for (const p of rule.prereqs) visit(expandMake(p, vars), depth + 1);
        const file = (rule as { file?: string }).file ?? read.path;
        for (const line of rule.recipe) {
          if (lines++ >= MAX_LINES) return;
          const text = expandMake(line.text, vars, { target, prereqs: rule.prereqs });
          const v = rc.nested!.shell(text, { cwd: dir });
          judged.push({ v, src: { file: shownPath(file, rc), text, firstLine: line.line, label: `target ${target}` } });
        }
      }
    };
    for (const g of goals) visit(g, 0);
    if (judged.length > 0) judgedWhatItRuns(cmd, rc);
    return fromNestedMany(judged, span(cmd));
  },
  examples: {
    match: [
      { cmd: 'make -C runs clean-data', exactly: 'high' },
      { cmd: 'make -C runs distclean', exactly: 'high' },
      'make -C runs -f Makefile purge-state',
      'make --directory=runs reset',
    ],
    nearMiss: ['make -C runs test', 'make -C runs clean', 'make -n -C runs clean-data', 'make -C runs', 'make -C no-such-folder clean', 'make --dry-run -C runs distclean'],
  },
};

// ---------------------------------------------------------------------------------------------
// Package scripts: npm, pnpm, yarn, bun

const INSTALL_LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare'];
const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean', 'rebuild', 'rb']);
const NPM_RUN = new Set(['run', 'run-script', 'rum', 'urn']);
const NPM_TEST = new Set(['test', 't', 'tst']);
const NPM_VALUE = new Set(['--prefix', '-C', '--loglevel', '--workspace', '-w', '--registry', '--cache', '--userconfig', '--globalconfig', '--tag', '--otp', '--cwd', '--dir', '--filter', '-F', '--reporter', '--script-shell']);
const YARN_BUILTINS = new Set(['add', 'audit', 'autoclean', 'bin', 'cache', 'check', 'config', 'create', 'dedupe', 'dlx', 'exec', 'explain', 'generate-lock-entry', 'global', 'help', 'import', 'info', 'init', 'install', 'licenses', 'link', 'list', 'login', 'logout', 'node', 'npm', 'outdated', 'owner', 'pack', 'patch', 'patch-commit', 'plugin', 'policies', 'publish', 'rebuild', 'remove', 'search', 'set', 'stage', 'tag', 'team', 'unlink', 'unplug', 'upgrade', 'upgrade-interactive', 'up', 'version', 'versions', 'why', 'workspace', 'workspaces', 'constraints', 'dedupe', 'explain', 'sdks']);
const PNPM_BUILTINS = new Set(['add', 'install', 'i', 'update', 'up', 'upgrade', 'remove', 'rm', 'uninstall', 'un', 'link', 'ln', 'unlink', 'import', 'rebuild', 'rb', 'prune', 'fetch', 'install-test', 'it', 'patch', 'patch-commit', 'audit', 'list', 'ls', 'outdated', 'why', 'licenses', 'exec', 'dlx', 'create', 'env', 'setup', 'store', 'publish', 'pack', 'server', 'root', 'bin', 'config', 'c', 'init', 'doctor', 'deploy', 'catalog', 'self-update', 'dedupe', 'approve-builds', 'ignored-builds', 'config', 'cat-file', 'cat-index', 'find-hash']);

interface PackageRun {
  /** Folder whose package.json is read. */
  dir?: string;
  /** Script names in the order they run. */
  scripts: string[];
  /** Arguments passed to the main script (after `--`). */
  args: Word[];
  /** `-r`/`--filter`/`--workspaces`: the scripts of the workspace packages run too. */
  workspaces?: { all: boolean; filters: string[] };
  /** A named script must exist (`yarn S`, `bun S`): otherwise it is not a script run. */
  mustExist?: boolean;
}

function packageRun(cmd: SimpleCommand): PackageRun | undefined {
  const p = cmd.program;
  const a = cmd.args;
  let dir: string | undefined;
  let i = 0;
  let workspaces: PackageRun['workspaces'];
  let ignoreScripts = false;
  const filters: string[] = [];
  let all = false;
  const operands: Word[] = [];
  let dashdash = -1;
  for (; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (t === '--') {
      dashdash = i;
      break;
    }
    if (t.startsWith('-')) {
      const eq = t.indexOf('=');
      const name = eq > 0 ? t.slice(0, eq) : t;
      const value = eq > 0 ? t.slice(eq + 1) : NPM_VALUE.has(name) ? a[++i]?.text : undefined;
      if (name === '--ignore-scripts') ignoreScripts = true;
      if ((name === '--prefix' || name === '-C' || name === '--dir' || name === '--cwd') && value) dir = value;
      if ((name === '--filter' || name === '-F' || name === '--workspace' || name === '-w') && value) filters.push(value);
      if (name === '-r' || name === '--recursive' || name === '--workspaces' || name === '-ws') all = true;
      continue;
    }
    operands.push(w);
  }
  if (ignoreScripts) return undefined;
  if (all || filters.length) workspaces = { all, filters };
  const rest = dashdash >= 0 ? a.slice(dashdash + 1) : [];
  const [sub, name, ...more] = operands;
  const subT = sub?.text;
  const lifecycle = (s: string): string[] => [`pre${s}`, s, `post${s}`];
  const base = { args: rest, ...(dir ? { dir } : {}), ...(workspaces ? { workspaces } : {}) };
  if (p === 'npm') {
    if (!subT) return undefined;
    if (NPM_RUN.has(subT)) return name ? { ...base, scripts: lifecycle(name.text), args: [...more, ...rest] } : undefined;
    if (NPM_TEST.has(subT)) return { ...base, scripts: lifecycle('test') };
    if (subT === 'start' || subT === 'stop' || subT === 'restart') return { ...base, scripts: lifecycle(subT) };
    if (NPM_INSTALL.has(subT)) return operands.length === 1 ? { ...base, scripts: INSTALL_LIFECYCLE } : undefined;
    if (subT === 'install-test' || subT === 'it' || subT === 'cit') return { ...base, scripts: [...INSTALL_LIFECYCLE, ...lifecycle('test')] };
    if (subT === 'pack') return { ...base, scripts: ['prepack', 'prepare', 'postpack'] };
    if (subT === 'publish') return { ...base, scripts: ['prepublishOnly', 'prepack', 'prepare', 'postpack', 'publish', 'postpublish'] };
    return undefined;
  }
  if (p === 'pnpm') {
    if (!subT || subT === 'install' || subT === 'i') return operands.length <= 1 ? { ...base, scripts: ['preinstall', 'install', 'postinstall', 'prepare'] } : undefined;
    if (subT === 'run' || subT === 'run-script') return name ? { ...base, scripts: [name.text], args: [...more, ...rest] } : undefined;
    if (subT === 'test' || subT === 't' || subT === 'start') return { ...base, scripts: [subT === 't' ? 'test' : subT] };
    if (PNPM_BUILTINS.has(subT)) return undefined;
    return { ...base, scripts: [subT], args: [...operands.slice(1), ...rest], mustExist: true };
  }
  if (p === 'yarn') {
    if (!subT || subT === 'install') return operands.length <= 1 ? { ...base, scripts: INSTALL_LIFECYCLE } : undefined;
    if (subT === 'run') return name ? { ...base, scripts: lifecycle(name.text), args: [...more, ...rest] } : undefined;
    if (subT === 'test' || subT === 'start') return { ...base, scripts: lifecycle(subT) };
    if (subT === 'workspace' && name && more[0]) {
      const s = more[0].text === 'run' ? more[1]?.text : more[0].text;
      return s ? { ...base, scripts: lifecycle(s), workspaces: { all: false, filters: [name.text] }, args: rest } : undefined;
    }
    if (subT === 'workspaces' && name) {
      const s = name.text === 'run' ? more[0]?.text : name.text === 'foreach' ? more.find((_w, k) => k > 0 && more[k - 1]?.text === 'run')?.text : undefined;
      return s ? { ...base, scripts: lifecycle(s), workspaces: { all: true, filters: [] }, args: rest } : undefined;
    }
    if (YARN_BUILTINS.has(subT)) return undefined;
    return { ...base, scripts: lifecycle(subT), args: [...operands.slice(1), ...rest], mustExist: true };
  }
  if (p === 'bun') {
    if (subT === 'install' || subT === 'i') return operands.length === 1 ? { ...base, scripts: ['preinstall', 'postinstall', 'prepare'] } : undefined;
    if (subT === 'run') {
      if (!name || /[./]/.test(name.text)) return undefined; // a file: scripts.interpreter-script
      return { ...base, scripts: lifecycle(name.text), args: [...more, ...rest] };
    }
    if (!subT || /[./]/.test(subT) || ['test', 'x', 'add', 'remove', 'rm', 'update', 'build', 'create', 'init', 'link', 'unlink', 'pm', 'upgrade', 'publish', 'outdated', 'audit', 'info', 'why', 'repl', 'exec', 'patch', 'help'].includes(subT)) return undefined;
    return { ...base, scripts: lifecycle(subT), args: [...operands.slice(1), ...rest], mustExist: true };
  }
  return undefined;
}

/** package.json and pnpm-workspace.yaml files read, by text: their scripts, name and workspaces (read-only once made). */
const packageJsons = new DerivedCache<ReadonlyMap<string, { cmd: string; line: number }> | { name: string | undefined } | { workspaces: readonly string[] }>();

/** The scripts of a package.json with the 1-based line of each value. */
function packageScripts(text: string): ReadonlyMap<string, { cmd: string; line: number }> {
  return packageJsons.get(text, 'scripts', () => readPackageScripts(text)) as ReadonlyMap<string, { cmd: string; line: number }>;
}

function readPackageScripts(text: string): Map<string, { cmd: string; line: number }> {
  const out = new Map<string, { cmd: string; line: number }>();
  const doc = parseJsonTree(text);
  const scripts = jsonChild(doc.root, 'scripts');
  for (const [k, , v] of jsonProps(scripts)) if (typeof v.value === 'string') out.set(k, { cmd: v.value, line: lineAt(text, v.offset) });
  return out;
}

/** The `workspaces` patterns of a package.json. */
function jsonWorkspaces(text: string): string[] {
  const ws = jsonChild(parseJsonTree(text).root, 'workspaces');
  const list: JsonNode | undefined = ws?.type === 'array' ? ws : jsonChild(ws, 'packages');
  return (list?.children ?? []).flatMap((c) => (typeof c.value === 'string' ? [c.value] : []));
}

/** The `packages` patterns of a pnpm-workspace.yaml. */
function yamlWorkspaces(text: string): string[] {
  const out: string[] = [];
  for (const d of parseYamlText(text, () => 1)) {
    const pk = asRecord(d.data)?.packages;
    if (Array.isArray(pk)) for (const x of pk) if (typeof x === 'string') out.push(x);
  }
  return out;
}

/** Workspace package folders of a root package.json (`workspaces`) or pnpm-workspace.yaml, simple globs expanded. */
function workspacePackages(rc: RuleContext, rootDir: string, rootText: string): string[] {
  const patterns: string[] = [...(packageJsons.get(rootText, 'workspaces', () => ({ workspaces: jsonWorkspaces(rootText) })) as { workspaces: readonly string[] }).workspaces];
  const y = readScriptFile(rc, path.join(rootDir, 'pnpm-workspace.yaml'));
  if ('text' in y) patterns.push(...(packageJsons.get(y.text, 'pnpm-workspace', () => ({ workspaces: yamlWorkspaces(y.text) })) as { workspaces: readonly string[] }).workspaces);
  const dirs: string[] = [];
  for (const pat of patterns) {
    if (pat.startsWith('!')) continue;
    const segs = pat.replace(/\/+$/, '').split('/');
    let found = [rootDir];
    for (const seg of segs) {
      const next: string[] = [];
      for (const d of found) {
        if (seg === '*' || seg === '**') {
          try {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) next.push(path.join(d, e.name));
          } catch {
            // unreadable folder
          }
        } else if (!/[*?[{]/.test(seg)) next.push(path.join(d, seg));
      }
      found = next.slice(0, 100);
    }
    dirs.push(...found);
  }
  return [...new Set(dirs)].filter((d) => fs.existsSync(path.join(d, 'package.json'))).slice(0, 50);
}

function packageName(text: string): string | undefined {
  return (
    packageJsons.get(text, 'name', () => {
      const n = jsonChild(parseJsonTree(text).root, 'name')?.value;
      return { name: typeof n === 'string' ? n : undefined };
    }) as { name: string | undefined }
  ).name;
}

const packageScript: Rule = {
  id: 'recipes.package-script',
  description: 'npm/pnpm/yarn/bun run a package.json script (and its pre/post scripts), or the lifecycle scripts of install, test, pack and publish; each is judged as a command.',
  severity: 'high',
  programs: ['npm', 'pnpm', 'yarn', 'bun'],
  check(cmd, rc) {
    if (!rc.nested) return undefined;
    const run = packageRun(cmd);
    if (!run) return undefined;
    const dir = absDir(rc, run.dir);
    if (!dir) return unreadable('package.json', 'the working directory is not known', span(cmd));
    const rootFile = run.dir ? path.join(dir, 'package.json') : findUp(dir, ['package.json'], true);
    if (!rootFile) return undefined;
    const root = readScriptFile(rc, rootFile);
    if ('error' in root) return root.missing ? undefined : unreadable(`\`${shownPath(root.path, rc)}\``, root.error, span(cmd));
    const rootDir = path.dirname(root.path);
    const packages: { file: string; text: string }[] = [];
    if (run.workspaces) {
      for (const d of workspacePackages(rc, rootDir, root.text)) {
        const r = readScriptFile(rc, path.join(d, 'package.json'));
        if ('error' in r) continue;
        const name = packageName(r.text);
        const rel = path.relative(rootDir, d);
        if (run.workspaces.all || run.workspaces.filters.some((f) => f === name || f === rel || f === `./${rel}` || (f.endsWith('*') && (name ?? '').startsWith(f.slice(0, -1))))) packages.push({ file: r.path, text: r.text });
      }
      if (!run.workspaces.filters.length || run.workspaces.all) packages.unshift({ file: root.path, text: root.text });
    } else packages.push({ file: root.path, text: root.text });
    const judged: Judged[] = [];
    // the script the arguments go to: S of pre S post, or the only one
    const main = run.scripts.length === 3 && run.scripts[0] === `pre${run.scripts[1]}` ? run.scripts[1] : run.scripts.length === 1 ? run.scripts[0] : undefined;
    for (const pkg of packages) {
      const scripts = packageScripts(pkg.text);
      if (run.mustExist && main && !scripts.has(main)) continue;
      for (const name of run.scripts) {
        const s = scripts.get(name);
        if (!s) continue;
        const extra = name === main ? run.args.map((w) => w.text).join(' ') : '';
        const text = extra ? `${s.cmd} ${extra}` : s.cmd;
        const v = rc.nested.shell(text, { cwd: path.dirname(pkg.file) });
        judged.push({ v, src: { file: shownPath(pkg.file, rc), text, firstLine: s.line, label: `script "${name}"` } });
      }
    }
    if (judged.length > 0) judgedWhatItRuns(cmd, rc);
    return fromNestedMany(judged, span(cmd));
  },
  examples: {
    match: [
      { cmd: 'npm --prefix runs run nuke', exactly: 'high' },
      'npm --prefix runs run-script nuke',
      'npm --prefix runs test',
      'npm --prefix runs install',
      'yarn --cwd runs nuke',
      'pnpm -C runs run nuke',
      'pnpm -C runs nuke',
      'bun --cwd runs run nuke',
    ],
    nearMiss: ['npm --prefix runs run build', 'npm --prefix runs install lodash', 'npm --prefix runs run nuke --ignore-scripts', 'yarn --cwd runs add left-pad', 'npm run build', 'pnpm -C runs run lint', 'bun --cwd runs test'],
  },
};

// ---------------------------------------------------------------------------------------------
// just

const JUST_NO_RUN = new Set(['-n', '--dry-run', '-l', '--list', '--summary', '--show', '-s', '--evaluate', '--dump', '--fmt', '--init', '--edit', '-e', '--variables', '--groups', '--changelog', '--completions', '-h', '--help', '-V', '--version', '--choose', '--check', '--man']);
const JUST_VALUE = new Set(['-f', '--justfile', '-d', '--working-directory', '--shell', '--shell-arg', '--color', '--dotenv-filename', '--dotenv-path', '-E', '--list-heading', '--list-prefix', '--chooser', '--command-color', '--timestamp-format', '--unstable']);

const just: Rule = {
  id: 'recipes.just',
  description: 'just runs a recipe (the default one when none is named) after its dependencies; each body line is judged as a command.',
  severity: 'high',
  programs: ['just'],
  check(cmd, rc) {
    if (!rc.nested) return undefined;
    const a = cmd.args;
    let file: string | undefined;
    let workdir: string | undefined;
    const words: Word[] = [];
    const sets = new Map<string, string>();
    for (let i = 0; i < a.length; i++) {
      const t = a[i]!.text;
      if (JUST_NO_RUN.has(t) || t.startsWith('--list') || t.startsWith('--show')) return undefined;
      if (t === '--set') {
        sets.set(a[i + 1]?.text ?? '', a[i + 2]?.text ?? '');
        i += 2;
        continue;
      }
      if (t.startsWith('-')) {
        const eq = t.indexOf('=');
        const name = eq > 0 ? t.slice(0, eq) : t;
        const v = eq > 0 ? t.slice(eq + 1) : JUST_VALUE.has(name) ? a[++i]?.text : undefined;
        if ((name === '-f' || name === '--justfile') && v) file = v;
        if ((name === '-d' || name === '--working-directory') && v) workdir = v;
        continue;
      }
      const assign = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(t);
      if (assign && words.length === 0) {
        sets.set(assign[1]!, assign[2]!);
        continue;
      }
      words.push(a[i]!);
    }
    const cwd = absDir(rc, undefined);
    if (!cwd) return unreadable('The justfile', 'the working directory is not known', span(cmd));
    const found = file ? path.resolve(cwd, file) : findUp(cwd, ['justfile', 'Justfile', 'JUSTFILE', '.justfile'], true);
    if (!found) return undefined;
    const read = readScriptFile(rc, found);
    if ('error' in read) return read.missing ? undefined : unreadable(`\`${shownPath(read.path, rc)}\``, read.error, span(cmd));
    const jf = parseJustfile(read.text);
    const shown = shownPath(read.path, rc);
    const baseDir = workdir ? path.resolve(cwd, workdir) : path.dirname(read.path);
    const byName = (n: string): JustRecipe | undefined => jf.recipes.find((r) => r.name === (jf.aliases.get(n) ?? n));
    // recipes and their arguments from the words
    const calls: { recipe: JustRecipe; args: string[] }[] = [];
    if (words.length === 0 && jf.defaultRecipe) {
      const r = byName(jf.defaultRecipe);
      if (r) calls.push({ recipe: r, args: [] });
    }
    for (let i = 0; i < words.length; ) {
      const r = byName(words[i]!.text);
      if (!r) return undefined; // just refuses an unknown recipe
      const n = r.params.some((p) => p.variadic) ? words.length - i - 1 : Math.min(r.params.length, words.length - i - 1);
      calls.push({ recipe: r, args: words.slice(i + 1, i + 1 + n).map((w) => w.text) });
      i += 1 + n;
    }
    const judged: Judged[] = [];
    const seen = new Set<string>();
    const vars = new Map(jf.vars);
    for (const [k, v] of sets) vars.set(k, v);
    const runRecipe = (r: JustRecipe, args: string[], depth: number): void => {
      const key = `${r.name} ${args.join(' ')}`;
      if (seen.has(key) || seen.size > MAX_TARGETS || depth > 16) return;
      seen.add(key);
      for (const d of r.before) {
        const dr = byName(d.name);
        if (dr) runRecipe(dr, d.args, depth + 1);
      }
      const values = new Map(vars);
      r.params.forEach((p, i) => values.set(p.name, p.variadic ? args.slice(i).join(' ') : (args[i] ?? p.default ?? '')));
      const dir = r.attributes.includes('no-cd') ? cwd : baseDir;
      const env = jf.positional ? positionalEnv(args.map((t) => ({ text: t, raw: t, span: [0, 0] as const, dynamic: false, glob: false, tilde: false, quoted: false, expansions: [] }))) : undefined;
      const label = `recipe ${r.name}${r.attributes.some((a) => a.startsWith('confirm')) ? ', which asks before it runs' : ''}`;
      if (r.shebang) {
        const text = interpolateJust([r.shebang, ...r.body.map((b) => b.text)].join('\n'), values);
        const runner = runnerOfText(text);
        if (runner && runner.kind !== 'binary') {
          const v = runner.kind === 'shell' ? rc.nested!.shell(text, { cwd: dir, ...(env ? { env } : {}) }) : rc.nested!.code(runner.language, text, { program: runner.program, cwd: dir });
          judged.push({ v, src: { file: shown, text, firstLine: (r.body[0]?.line ?? r.line + 1) - 1, label } });
        }
      } else {
        for (const b of r.body) {
          const text = interpolateJust(b.text, values);
          judged.push({ v: rc.nested!.shell(text, { cwd: dir, ...(env ? { env } : {}) }), src: { file: shown, text, firstLine: b.line, label } });
        }
      }
      for (const d of r.after) {
        const dr = byName(d.name);
        if (dr) runRecipe(dr, d.args, depth + 1);
      }
    };
    for (const c of calls) runRecipe(c.recipe, c.args, 0);
    if (judged.length > 0) judgedWhatItRuns(cmd, rc);
    return fromNestedMany(judged, span(cmd));
  },
  examples: {
    match: [{ cmd: 'just --justfile runs/justfile teardown', exactly: 'high' }, 'just -f runs/justfile reset', 'just --justfile runs/justfile wipe /var/lib/shop'],
    nearMiss: ['just --justfile runs/justfile fmt', 'just --justfile runs/justfile --list', 'just --justfile runs/justfile --dry-run teardown', 'just --justfile runs/justfile no-such-recipe', 'just --justfile runs/justfile wipe dist'],
  },
};

// ---------------------------------------------------------------------------------------------
// task (go-task)

const TASK_NO_RUN = new Set(['-n', '--dry', '-l', '--list', '-a', '--list-all', '--summary', '-i', '--init', '-h', '--help', '--version', '--status', '--json']);
const TASKFILES = ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'taskfile.dist.yml', 'Taskfile.dist.yaml', 'taskfile.dist.yaml'];

function taskTemplate(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_m, n: string) => vars.get(n) ?? `\${__task_${n}}`).replace(/\{\{[^}]*\}\}/g, '${__task_value}');
}

const task: Rule = {
  id: 'recipes.task',
  description: 'task (go-task) runs a task of the Taskfile (default when none is named) after its dependencies; each command is judged.',
  severity: 'high',
  programs: ['task', 'go-task'],
  check(cmd, rc) {
    if (!rc.nested) return undefined;
    const a = cmd.args;
    let dir: string | undefined;
    let file: string | undefined;
    const names: string[] = [];
    const vars = new Map<string, string>();
    let cliArgs: string[] = [];
    for (let i = 0; i < a.length; i++) {
      const t = a[i]!.text;
      if (t === '--') {
        cliArgs = a.slice(i + 1).map((w) => w.text);
        break;
      }
      if (TASK_NO_RUN.has(t)) return undefined;
      if (t.startsWith('-')) {
        const eq = t.indexOf('=');
        const name = eq > 0 ? t.slice(0, eq) : t;
        const v = eq > 0 ? t.slice(eq + 1) : ['-d', '--dir', '-t', '--taskfile', '-o', '--output', '-c', '--color', '--concurrency', '-C', '--interval'].includes(name) ? a[++i]?.text : undefined;
        if ((name === '-d' || name === '--dir') && v) dir = v;
        if ((name === '-t' || name === '--taskfile') && v) file = v;
        continue;
      }
      const assign = /^([A-Za-z_]\w*)=(.*)$/s.exec(t);
      if (assign) vars.set(assign[1]!, assign[2]!);
      else names.push(t);
    }
    const cwd = absDir(rc, dir);
    if (!cwd) return unreadable('The Taskfile', 'the working directory is not known', span(cmd));
    const found = file ? path.resolve(cwd, file) : findUp(cwd, TASKFILES, true);
    if (!found) return undefined;
    const read = readScriptFile(rc, found);
    if ('error' in read) return read.missing ? undefined : unreadable(`\`${shownPath(read.path, rc)}\``, read.error, span(cmd));
    const text = read.text;
    const lineOf = (o: number): number => lineAt(text, o);
    const doc = parseYamlText(text, lineOf)[0];
    const data = asRecord(doc?.data);
    const tasks = asRecord(data?.tasks);
    if (!doc || !tasks) return doc && doc.errors > 0 ? unreadable(`\`${shownPath(read.path, rc)}\``, 'it is not valid YAML', span(cmd)) : undefined;
    const lineFor = (p: readonly (string | number)[]): number => doc.entries.find((e) => e.path.length === p.length && e.path.every((x, i) => x === p[i]))?.valueLine ?? 1;
    const globalVars = new Map<string, string>();
    for (const [k, v] of Object.entries(asRecord(data?.vars) ?? {})) if (typeof v === 'string' || typeof v === 'number') globalVars.set(k, String(v));
    for (const [k, v] of vars) globalVars.set(k, v);
    globalVars.set('CLI_ARGS', cliArgs.join(' '));
    const shown = shownPath(read.path, rc);
    const judged: Judged[] = [];
    const seen = new Set<string>();
    const runTask = (name: string, depth: number): void => {
      if (seen.has(name) || seen.size > MAX_TARGETS || depth > 16) return;
      seen.add(name);
      const def = tasks[name];
      const rec = asRecord(def);
      const local = new Map(globalVars);
      for (const [k, v] of Object.entries(asRecord(rec?.vars) ?? {})) if (typeof v === 'string' || typeof v === 'number') local.set(k, String(v));
      local.set('TASK', name);
      const taskDir = typeof rec?.dir === 'string' ? path.resolve(path.dirname(read.path), taskTemplate(rec.dir, local)) : path.dirname(read.path);
      for (const d of Array.isArray(rec?.deps) ? rec.deps : []) {
        const dn = typeof d === 'string' ? d : asRecord(d)?.task;
        if (typeof dn === 'string') runTask(dn, depth + 1);
      }
      const cmds: { text: string; at: (string | number)[] }[] = [];
      if (typeof def === 'string') cmds.push({ text: def, at: ['tasks', name] });
      const list = Array.isArray(def) ? def : Array.isArray(rec?.cmds) ? rec.cmds : typeof rec?.cmd === 'string' ? [rec.cmd] : [];
      list.forEach((c, i) => {
        const base = Array.isArray(def) ? ['tasks', name, i] : Array.isArray(rec?.cmds) ? ['tasks', name, 'cmds', i] : ['tasks', name, 'cmd'];
        if (typeof c === 'string') cmds.push({ text: c, at: base });
        else {
          const cr = asRecord(c);
          if (typeof cr?.cmd === 'string') cmds.push({ text: cr.cmd, at: [...base, 'cmd'] });
          else if (typeof cr?.task === 'string') runTask(cr.task, depth + 1);
        }
      });
      for (const c of cmds) {
        const t = taskTemplate(c.text, local);
        judged.push({ v: rc.nested!.shell(t, { cwd: taskDir }), src: { file: shown, text: t, firstLine: lineFor(c.at), label: `task ${name}` } });
      }
    };
    for (const n of names.length ? names : ['default']) runTask(n, 0);
    if (judged.length > 0) judgedWhatItRuns(cmd, rc);
    return fromNestedMany(judged, span(cmd));
  },
  examples: {
    match: [{ cmd: 'task -d runs db:drop', severity: 'high' }, 'task --dir runs reset', 'task -t runs/Taskfile.yml wipe'],
    nearMiss: ['task -d runs build', 'task -d runs --list', 'task -d runs --dry db:drop', 'task -d runs', 'task add "buy milk"'],
  },
};

export const recipesPack: RulePack = {
  name: 'recipes',
  description: 'Task runners read from their files: make recipes, package.json scripts (npm, pnpm, yarn, bun), just recipes, go-task tasks — each command judged, named by file and line.',
  rules: [make, packageScript, just, task].map((r) => ({ ...r, spokeFor: readWhatItRuns })),
  // make, just and task run nothing but their recipes; npm, pnpm, yarn and bun speak through spokeFor
  owns: ['make', 'gmake', 'bmake', 'just', 'task', 'go-task'],
};
