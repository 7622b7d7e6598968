/**
 * Deploy gating: which pending risky edits a command would act on.
 *
 * `terraform apply` reads the Terraform files of the folder it runs in (and its local modules
 * below it); `rails db:migrate`, `prisma migrate deploy`, `alembic upgrade` and friends run the
 * migration folders; `kubectl apply -f <path>` sends the manifests at that path. While any of
 * those files has an unreviewed risky change, the terminal guard holds the command and names the
 * changes that are the reason.
 *
 * Input is the parsed command (the shell model's simple commands fit `GateCommand`), the
 * directory it runs in and the pending edits. Pure and editor-free; never throws. A path that
 * cannot be read statically (`kubectl apply -f $DIR`, `-f -`) counts every pending file of the
 * tool's kind: unknown means hold, with a reason.
 */
import * as nodePath from 'node:path';
import { type Severity, severityRank } from '../severity';

export interface GateWord {
  text: string;
  /** The word's value depends on expansions (`$DIR`, `$(…)`). */
  dynamic?: boolean;
}

/** One simple command; `SimpleCommand` from the shell model satisfies this. */
export interface GateCommand {
  program: string;
  args: readonly GateWord[];
}

export interface GatePending {
  id: string;
  /** Absolute path of the changed file. */
  file: string;
  severity: Severity;
  ruleIds: readonly string[];
}

export interface GateOptions {
  /** Pending items below this severity do not hold commands. Default `medium`. */
  minSeverity?: Severity;
  /** Compare paths without regard to case (Windows, default macOS volumes). */
  caseInsensitive?: boolean;
  /** Home directory, for `~/…` paths; without it such paths count as unresolved. */
  home?: string;
  /** Roots to show paths relative to in messages (the workspace folders). */
  roots?: readonly string[];
}

export interface GateReason {
  itemId: string;
  file: string;
  severity: Severity;
  ruleIds: readonly string[];
  /** The deploy step, e.g. `terraform apply`. */
  tool: string;
  /** One line: which change and why it matters to this command. */
  message: string;
}

export interface GateResult {
  hold: boolean;
  reasons: GateReason[];
  /** One line for the terminal and the modal; empty when nothing holds the command. */
  summary: string;
}

/** What one deploy command acts on. */
interface Scope {
  /** `terraform apply`, `kubectl apply`, … */
  tool: string;
  /** Where, for messages: `in terraform/`, `-f k8s/`. */
  where: string;
  /** Files the command reads. */
  includes(file: string): boolean;
  /** Set when part of the target could not be read statically; `includes` then covers every file of the tool's kind. */
  unresolved?: string;
}

// ---------------------------------------------------------------------------------------------
// paths

type Norm = (p: string) => string;

function makeNorm(caseInsensitive: boolean): Norm {
  return (p) => {
    let s = nodePath.posix.normalize(p.replace(/\\/g, '/'));
    if (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
    return caseInsensitive ? s.toLowerCase() : s;
  };
}

function isUnder(file: string, dir: string): boolean {
  if (dir === '/') return file.startsWith('/');
  return file === dir || file.startsWith(`${dir}/`);
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/** A path argument resolved against the directory the command runs in; undefined when it cannot be. */
function resolveWord(w: GateWord | string, cwd: string, home: string | undefined): string | undefined {
  const text = typeof w === 'string' ? w : w.text;
  if (typeof w !== 'string' && w.dynamic) return undefined;
  if (text.length === 0) return undefined;
  if (text === '~' || text.startsWith('~/')) {
    if (home === undefined) return undefined;
    return nodePath.posix.join(home.replace(/\\/g, '/'), text.slice(1));
  }
  if (text.startsWith('~')) return undefined;
  const t = text.replace(/\\/g, '/');
  return isAbsolute(text) ? t : nodePath.posix.join(cwd.replace(/\\/g, '/'), t);
}

function segments(rel: string): string[] {
  return rel.split('/').filter((s) => s.length > 0);
}

function extOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  if (base.endsWith('.tf.json')) return '.tf.json';
  if (base.endsWith('.tfvars.json')) return '.tfvars.json';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
}

const TERRAFORM_EXT = new Set(['.tf', '.tf.json', '.tfvars', '.tfvars.json', '.hcl']);
const MANIFEST_EXT = new Set(['.yaml', '.yml', '.json']);
const MIGRATION_SEGMENTS = new Set(['migrations', 'migration', 'migrate']);

const isTerraformFile = (f: string): boolean => TERRAFORM_EXT.has(extOf(f));
const isManifestFile = (f: string): boolean => MANIFEST_EXT.has(extOf(f));
const hasMigrationSegment = (f: string): boolean => segments(f).some((s) => MIGRATION_SEGMENTS.has(s.toLowerCase()));

// ---------------------------------------------------------------------------------------------
// reading arguments

function argText(args: readonly GateWord[]): string[] {
  return args.map((a) => a.text);
}

/** Values of an option given as `-f x`, `-f=x`, `--filename x`, `--filename=x` (and `-fx` for one-letter names). */
function optionValues(args: readonly GateWord[], names: readonly string[]): { values: GateWord[]; rest: GateWord[] } {
  const values: GateWord[] = [];
  const rest: GateWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const name = names.find((n) => a.text === n || a.text.startsWith(`${n}=`) || (n.length === 2 && !n.startsWith('--') && a.text.startsWith(n) && a.text.length > 2 && !a.text.startsWith('--')));
    if (name === undefined) {
      rest.push(a);
      continue;
    }
    if (a.text === name) {
      const v = args[i + 1];
      if (v !== undefined) values.push(v);
      i++;
    } else {
      const cut = a.text.startsWith(`${name}=`) ? name.length + 1 : name.length;
      values.push({ text: a.text.slice(cut), dynamic: a.dynamic ?? false });
    }
  }
  return { values, rest };
}

function hasFlag(args: readonly GateWord[], ...flags: string[]): boolean {
  return args.some((a) => flags.includes(a.text));
}

/** Positional arguments: words that are not options (a crude reading; options with values are skipped when listed). */
function positionals(args: readonly GateWord[], valued: readonly string[] = []): GateWord[] {
  const out: GateWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.text === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (a.text.startsWith('-') && a.text.length > 1) {
      if (valued.includes(a.text)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** Strips a path from a program name (`./bin/rails` → `rails`) and `.exe`/`.cmd`. */
function baseProgram(program: string): string {
  const b = program.replace(/\\/g, '/').split('/').pop() ?? program;
  return b.replace(/\.(exe|cmd|bat)$/i, '').toLowerCase();
}

/**
 * Runs through task runners to the tool they start: `npx prisma …`, `pnpm exec knex …`,
 * `bundle exec rails …`, `poetry run alembic …`, `python -m alembic …`.
 */
function unwrapRunner(cmd: GateCommand): GateCommand {
  let program = baseProgram(cmd.program);
  let args = [...cmd.args];
  for (let depth = 0; depth < 4; depth++) {
    let skip = -1;
    if (program === 'npx' || program === 'bunx' || program === 'pnpx') {
      skip = args.findIndex((a) => !a.text.startsWith('-'));
    } else if ((program === 'pnpm' || program === 'npm' || program === 'bun') && ['exec', 'dlx', 'x'].includes(args[0]?.text ?? '')) {
      const rest = args.slice(1);
      const k = rest.findIndex((a) => !a.text.startsWith('-'));
      skip = k < 0 ? -1 : k + 1;
    } else if (program === 'yarn' && args.length > 0 && !args[0]!.text.startsWith('-')) {
      skip = args[0]!.text === 'run' || args[0]!.text === 'exec' || args[0]!.text === 'dlx' ? 1 : 0;
    } else if (program === 'bundle' && args[0]?.text === 'exec') {
      skip = 1;
    } else if ((program === 'poetry' || program === 'uv' || program === 'pipenv' || program === 'pdm' || program === 'hatch') && args[0]?.text === 'run') {
      const rest = args.slice(1);
      const k = rest.findIndex((a) => !a.text.startsWith('-'));
      skip = k < 0 ? -1 : k + 1;
    } else if (/^python(\d(\.\d+)?)?$/.test(program) && args[0]?.text === '-m' && args[1] !== undefined) {
      program = baseProgram(args[1].text);
      args = args.slice(2);
      continue;
    }
    if (skip < 0 || args[skip] === undefined || args[skip]!.dynamic) break;
    program = baseProgram(args[skip]!.text);
    args = args.slice(skip + 1);
  }
  return { program, args };
}

// ---------------------------------------------------------------------------------------------
// the tools

type ScopeReader = (cmd: GateCommand, cwd: string, ctx: { norm: Norm; home: string | undefined; rel: (p: string) => string }) => Scope | undefined;

function subtree(tool: string, dir: string | undefined, where: string, kind: (f: string) => boolean, norm: Norm, extra: readonly string[] = []): Scope {
  if (dir === undefined) {
    return { tool, where, includes: (f) => kind(f), unresolved: 'its folder could not be read from the command line' };
  }
  const d = norm(dir);
  const files = new Set(extra.map(norm));
  return { tool, where, includes: (f) => files.has(f) || (isUnder(f, d) && kind(f)) };
}

const terraform: ScopeReader = (cmd, cwd, { norm, home, rel }) => {
  const program = cmd.program;
  if (!['terraform', 'tofu', 'terragrunt'].includes(program)) return undefined;
  const args = cmd.args;
  let dir: string | undefined = cwd;
  let i = 0;
  // global options before the subcommand: -chdir=DIR (terraform/tofu)
  for (; i < args.length && args[i]!.text.startsWith('-'); i++) {
    const a = args[i]!;
    if (a.text.startsWith('-chdir=')) dir = a.dynamic ? undefined : resolveWord(a.text.slice('-chdir='.length), cwd, home);
  }
  let sub = args[i]?.text;
  let rest = args.slice(i + 1);
  if (program === 'terragrunt') {
    if (sub === 'run-all' || sub === 'run') {
      const k = rest.findIndex((a) => !a.text.startsWith('-'));
      sub = k < 0 ? undefined : rest[k]!.text;
      rest = k < 0 ? rest : [...rest.slice(0, k), ...rest.slice(k + 1)];
    } else if (sub === 'apply-all' || sub === 'destroy-all') {
      sub = sub.replace('-all', '');
    }
    const wd = optionValues(rest, ['--terragrunt-working-dir', '--working-dir']).values[0];
    if (wd) dir = resolveWord(wd, cwd, home);
  }
  if (sub !== 'apply' && sub !== 'destroy') return undefined;
  const varFiles = optionValues(rest, ['-var-file', '--var-file']).values;
  const extra: string[] = [];
  let unresolvedVar = false;
  for (const v of varFiles) {
    const p = dir === undefined ? undefined : resolveWord(v, dir, home);
    if (p === undefined) unresolvedVar = true;
    else extra.push(p);
  }
  const tool = `${program} ${sub}`;
  const where = dir === undefined ? 'in a folder given by a variable' : `in ${rel(dir)}`;
  const scope = subtree(tool, dir, where, isTerraformFile, norm, extra);
  if (unresolvedVar && scope.unresolved === undefined) {
    return { tool, where, includes: isTerraformFile, unresolved: 'a -var-file could not be read from the command line' };
  }
  return scope;
};

const kubectl: ScopeReader = (cmd, cwd, { norm, home, rel }) => {
  if (cmd.program !== 'kubectl' && cmd.program !== 'oc') return undefined;
  const pos = positionals(cmd.args, ['-n', '--namespace', '--context', '--kubeconfig', '-f', '--filename', '-k', '--kustomize', '-l', '--selector', '-o', '--output', '--cluster', '--user']);
  const sub = pos[0]?.text;
  if (!['apply', 'create', 'replace', 'delete'].includes(sub ?? '')) return undefined;
  const tool = `${cmd.program} ${sub}`;
  const files = optionValues(cmd.args, ['-f', '--filename']).values;
  const kustomize = optionValues(cmd.args, ['-k', '--kustomize']).values;
  if (files.length === 0 && kustomize.length === 0) return undefined;
  const recursive = hasFlag(cmd.args, '-R', '--recursive', '--recursive=true');
  const targets: Array<{ path: string; kustomize: boolean }> = [];
  let unresolved: string | undefined;
  for (const w of files) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(w.text)) continue; // a URL: nothing local
    const p = w.text === '-' ? undefined : resolveWord(w, cwd, home);
    if (p === undefined) unresolved = w.text === '-' ? 'it reads manifests from standard input' : `the path ${w.text} could not be read from the command line`;
    else targets.push({ path: norm(p), kustomize: false });
  }
  for (const w of kustomize) {
    const p = resolveWord(w, cwd, home);
    if (p === undefined) unresolved = `the path ${w.text} could not be read from the command line`;
    else targets.push({ path: norm(p), kustomize: true });
  }
  if (targets.length === 0 && unresolved === undefined) return undefined;
  const where = `-${kustomize.length > 0 && files.length === 0 ? 'k' : 'f'} ${targets.map((t) => rel(t.path)).join(' ') || '(unresolved)'}`;
  if (unresolved !== undefined) return { tool, where, includes: isManifestFile, unresolved };
  return {
    tool,
    where,
    includes: (f) =>
      targets.some((t) => {
        if (f === t.path) return true;
        if (!isUnder(f, t.path)) return false;
        // a folder: kustomize reads anything below it; -f reads manifests directly inside (all below with -R)
        if (t.kustomize) return true;
        if (!isManifestFile(f)) return false;
        return recursive || !f.slice(t.path.length + 1).includes('/');
      }),
  };
};

const helm: ScopeReader = (cmd, cwd, { norm, home, rel }) => {
  if (cmd.program !== 'helm') return undefined;
  const sub = cmd.args[0]?.text;
  if (sub !== 'install' && sub !== 'upgrade') return undefined;
  const tool = `helm ${sub}`;
  const values = optionValues(cmd.args.slice(1), ['-f', '--values']).values;
  const local = positionals(cmd.args.slice(1), ['-n', '--namespace', '-f', '--values', '--set', '--set-string', '--set-file', '--version', '--kube-context', '--timeout', '--repo', '--description', '--post-renderer']).filter(
    (w) => w.dynamic || w.text === '.' || w.text.startsWith('./') || w.text.startsWith('../') || w.text.startsWith('/') || w.text.startsWith('~'),
  );
  const dirs: string[] = [];
  const files: string[] = [];
  let unresolved: string | undefined;
  for (const w of local) {
    const p = resolveWord(w, cwd, home);
    if (p === undefined) unresolved = `the chart path ${w.text} could not be read from the command line`;
    else dirs.push(norm(p));
  }
  for (const w of values) {
    const p = resolveWord(w, cwd, home);
    if (p === undefined) unresolved = `the values file ${w.text} could not be read from the command line`;
    else files.push(norm(p));
  }
  if (dirs.length === 0 && files.length === 0 && unresolved === undefined) return undefined;
  const where = [...dirs, ...files].map(rel).join(' ');
  if (unresolved !== undefined) return { tool, where, includes: isManifestFile, unresolved };
  return { tool, where, includes: (f) => files.includes(f) || dirs.some((d) => isUnder(f, d)) };
};

/** Migration runners: which tool, whether the arguments ask it to migrate, and the folders it reads. */
const migrations: ScopeReader = (cmd, cwd, { norm, home, rel }) => {
  const p = cmd.program;
  const a = argText(cmd.args);
  const first = positionals(cmd.args)[0]?.text ?? '';
  const inCwd = (tool: string, kind: (f: string) => boolean, sub?: string): Scope =>
    subtree(tool, sub === undefined ? cwd : nodePath.posix.join(cwd.replace(/\\/g, '/'), sub), `in ${rel(sub === undefined ? cwd : nodePath.posix.join(cwd, sub))}`, kind, norm);

  if (p === 'rails' || p === 'rake') {
    const task = a.find((t) => /^db:(migrate|rollback|schema:load|structure:load|setup|reset|prepare|seed|drop|migrate:\w+)$/.test(t));
    return task === undefined ? undefined : inCwd(`${p} ${task}`, () => true, 'db');
  }
  if (p === 'prisma') {
    const sub = a.slice(0, 2).join(' ');
    if (!/^(migrate (deploy|dev|reset|resolve)|db (push|execute|seed))$/.test(sub)) return undefined;
    const schema = optionValues(cmd.args, ['--schema']).values[0];
    const tool = `prisma ${sub}`;
    if (schema !== undefined) {
      const s = resolveWord(schema, cwd, home);
      if (s === undefined) return { tool, where: '--schema (unresolved)', includes: (f) => extOf(f) === '.prisma' || hasMigrationSegment(f), unresolved: `the schema path ${schema.text} could not be read from the command line` };
      return subtree(tool, nodePath.posix.dirname(s), `--schema ${rel(s)}`, () => true, norm, [s]);
    }
    const prismaDir = norm(nodePath.posix.join(cwd.replace(/\\/g, '/'), 'prisma'));
    const root = norm(cwd);
    return { tool, where: `in ${rel(prismaDir)}`, includes: (f) => isUnder(f, prismaDir) || (isUnder(f, root) && extOf(f) === '.prisma') };
  }
  if (p === 'alembic') {
    if (!a.some((t) => t === 'upgrade' || t === 'downgrade' || t === 'stamp')) return undefined;
    const root = norm(cwd);
    return {
      tool: `alembic ${a.find((t) => t === 'upgrade' || t === 'downgrade' || t === 'stamp')}`,
      where: `in ${rel(cwd)}`,
      includes: (f) => isUnder(f, root) && (segments(f.slice(root.length)).some((s) => s === 'versions' || s === 'alembic') || /\/alembic\.ini$/i.test(f)),
    };
  }
  if ((/^python(\d(\.\d+)?)?$/.test(p) && /(^|\/)manage\.py$/.test(a[0] ?? '') && a[1] === 'migrate') || (p === 'django-admin' && first === 'migrate')) {
    return inCwd('manage.py migrate', hasMigrationSegment);
  }
  if (p === 'knex' && /^migrate:(latest|up|down|rollback)$/.test(first)) return inCwd(`knex ${first}`, hasMigrationSegment);
  if ((p === 'sequelize' || p === 'sequelize-cli') && /^db:migrate(:undo(:all)?)?$/.test(first)) return inCwd(`sequelize ${first}`, hasMigrationSegment);
  if (p === 'typeorm' && /^migration:(run|revert)$/.test(first)) return inCwd(`typeorm ${first}`, hasMigrationSegment);
  if (p === 'dbmate' && ['up', 'migrate', 'down', 'rollback'].includes(first)) {
    const dir = optionValues(cmd.args, ['-d', '--migrations-dir']).values[0];
    if (dir) {
      const d = resolveWord(dir, cwd, home);
      return subtree(`dbmate ${first}`, d, d === undefined ? 'in a folder given by a variable' : `in ${rel(d)}`, () => true, norm);
    }
    return inCwd(`dbmate ${first}`, hasMigrationSegment);
  }
  if (p === 'goose' && positionals(cmd.args, ['-dir', '--dir']).some((w) => /^(up|up-to|up-by-one|down|down-to|redo|reset)$/.test(w.text))) {
    const dir = optionValues(cmd.args, ['-dir', '--dir']).values[0];
    const d = dir === undefined ? cwd : resolveWord(dir, cwd, home);
    return subtree('goose', d, d === undefined ? 'in a folder given by a variable' : `in ${rel(d)}`, () => true, norm);
  }
  if (p === 'migrate' && a.some((t) => t === 'up' || t === 'down' || t === 'goto' || t === 'force')) {
    const path = optionValues(cmd.args, ['-path', '--path']).values[0];
    const source = optionValues(cmd.args, ['-source', '--source']).values[0];
    const w = path ?? (source && source.text.startsWith('file://') ? { text: source.text.slice('file://'.length), dynamic: source.dynamic ?? false } : undefined);
    if (w === undefined) return inCwd('migrate', hasMigrationSegment);
    const d = resolveWord(w, cwd, home);
    return subtree('migrate', d, d === undefined ? 'in a folder given by a variable' : `in ${rel(d)}`, () => true, norm);
  }
  if (p === 'flyway' && (first === 'migrate' || first === 'clean' || first === 'repair' || first === 'baseline')) {
    return inCwd(`flyway ${first}`, (f) => hasMigrationSegment(f) || segments(f).includes('sql'));
  }
  return undefined;
};

const appDeploy: ScopeReader = (cmd, cwd, { norm, home, rel }) => {
  const p = cmd.program;
  const first = positionals(cmd.args, ['-C', '--cwd', '-s', '--stack']).map((w) => w.text);
  let tool: string | undefined;
  let dir: string | undefined = cwd;
  if (p === 'pulumi' && ['up', 'update', 'destroy'].includes(first[0] ?? '')) {
    tool = `pulumi ${first[0]}`;
    const c = optionValues(cmd.args, ['-C', '--cwd']).values[0];
    if (c) dir = resolveWord(c, cwd, home);
  } else if ((p === 'cdk' || p === 'cdktf') && (first[0] === 'deploy' || first[0] === 'destroy')) {
    tool = `${p} ${first[0]}`;
  } else if ((p === 'serverless' || p === 'sls') && (first[0] === 'deploy' || first[0] === 'remove')) {
    tool = `${p} ${first[0]}`;
  }
  if (tool === undefined) return undefined;
  return subtree(tool, dir, dir === undefined ? 'in a folder given by a variable' : `in ${rel(dir)}`, () => true, norm);
};

const READERS: readonly ScopeReader[] = [terraform, kubectl, helm, migrations, appDeploy];

// ---------------------------------------------------------------------------------------------

/** Every file of every kind: where a deploy step runs is unknown (`cd $DIR && terraform apply`). */
function unresolvedFolder(s: Scope): Scope {
  return { ...s, where: 'in a folder given by a variable', includes: (f) => s.includes(f) || KIND_OF_TOOL(s.tool)(f), unresolved: 'the folder it runs in could not be read from the command line' };
}

function KIND_OF_TOOL(tool: string): (f: string) => boolean {
  const program = tool.split(' ')[0] ?? '';
  if (['terraform', 'tofu', 'terragrunt'].includes(program)) return isTerraformFile;
  if (['kubectl', 'oc', 'helm'].includes(program)) return isManifestFile;
  if (['pulumi', 'cdk', 'cdktf', 'serverless', 'sls'].includes(program)) return () => true;
  return (f) => hasMigrationSegment(f) || extOf(f) === '.prisma' || segments(f).includes('versions');
}

/**
 * What each command of a line deploys from; empty when none of them is a deploy step. A `cd`
 * (or `pushd`) earlier in the line moves the folder the later commands run in.
 */
export function deployScopes(commands: readonly GateCommand[], cwd: string, options: GateOptions = {}): Scope[] {
  const norm = makeNorm(options.caseInsensitive ?? false);
  const rel = relativeTo(options.roots ?? [], options.caseInsensitive ?? false);
  const out: Scope[] = [];
  let dir = cwd;
  let dirKnown = true;
  for (const raw of commands) {
    try {
      if (!raw || typeof raw.program !== 'string' || !Array.isArray(raw.args)) continue;
      const program = baseProgram(raw.program);
      if (program === 'cd' || program === 'pushd') {
        const target = raw.args.find((a) => !a.text.startsWith('-') || a.text === '-');
        const next = target === undefined ? resolveWord('~', dir, options.home) : target.text === '-' ? undefined : resolveWord(target, dir, options.home);
        if (next === undefined) dirKnown = false;
        else dir = next;
        continue;
      }
      const cmd = unwrapRunner(raw);
      for (const read of READERS) {
        const s = read(cmd, dir, { norm, home: options.home, rel });
        if (s) {
          out.push(dirKnown ? s : unresolvedFolder(s));
          break;
        }
      }
    } catch {
      // a malformed command cannot be matched; the command engine judges it on its own
    }
  }
  return out;
}

function relativeTo(roots: readonly string[], caseInsensitive: boolean): (p: string) => string {
  const norm = makeNorm(caseInsensitive);
  const rs = roots.map((r) => norm(r));
  return (p) => {
    const n = norm(p);
    for (const r of rs) {
      if (n === r) return './';
      if (isUnder(n, r)) {
        const rel = n.slice(r === '/' ? 1 : r.length + 1);
        return extOf(rel) === '' ? `${rel}/` : rel;
      }
    }
    return p;
  };
}

/**
 * Which pending edits hold this command line. `commands` are its simple commands, `cwd` the
 * folder it runs in.
 */
export function gateCommands(commands: readonly GateCommand[], cwd: string, pending: readonly GatePending[], options: GateOptions = {}): GateResult {
  const min = options.minSeverity ?? 'medium';
  const norm = makeNorm(options.caseInsensitive ?? false);
  const rel = relativeTo(options.roots ?? [], options.caseInsensitive ?? false);
  const risky = pending.filter((p) => severityRank(p.severity) >= severityRank(min));
  if (risky.length === 0) return { hold: false, reasons: [], summary: '' };
  const scopes = deployScopes(commands, cwd, options);
  const reasons: GateReason[] = [];
  const seen = new Set<string>();
  for (const scope of scopes) {
    for (const p of risky) {
      const f = norm(p.file);
      if (seen.has(p.id) || !scope.includes(f)) continue;
      seen.add(p.id);
      const rules = p.ruleIds.length > 0 ? ` (${p.ruleIds.join(', ')})` : '';
      const why = scope.unresolved !== undefined ? `; ${scope.unresolved}, so every such change counts` : '';
      reasons.push({
        itemId: p.id,
        file: p.file,
        severity: p.severity,
        ruleIds: p.ruleIds,
        tool: scope.tool,
        message: `${rel(p.file)} has an unreviewed ${p.severity}-risk change${rules} that \`${scope.tool}\` ${scope.where} would act on${why}`,
      });
    }
  }
  if (reasons.length === 0) return { hold: false, reasons, summary: '' };
  const files = [...new Set(reasons.map((r) => rel(r.file)))];
  const tools = [...new Set(reasons.map((r) => r.tool))];
  const list = files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
  const summary = `${tools.join(', ')} would act on unreviewed risky changes in ${list}; review them first (Blast Radius: Review Pending Changes).`;
  return { hold: true, reasons, summary };
}
