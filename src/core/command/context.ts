/**
 * Blast radius from context: helpers rules call to tell a production target from a local or
 * throwaway one, and to adjust a finding's severity with the target recorded on it.
 *
 * The same `kubectl delete deploy api` is low in a `kind-dev` cluster and critical in
 * `prod-eu`; `rm -rf dist` inside the workspace is not `rm -rf ~`.
 */
import * as path from 'node:path';
import { DEFAULT_PRODUCTION_MARKERS } from '../rules/production';
import { SEVERITIES, type Severity, severityRank } from '../severity';
import type { SimpleCommand, Word } from '../shell/model';
import { optionValue } from '../shell/normalise';
import { Lru } from './fileCache';
import type { RuleContext, CommandRuleFinding } from './rule';

// The extension reads the built-in markers from here.
export { DEFAULT_PRODUCTION_MARKERS } from '../rules/production';

/**
 * True when a name looks like production: one of its parts (split on anything that is not a
 * letter or digit, trailing digits ignored) is a production marker. `prod-eu`, `eu_prd_1`,
 * `Production`, `live`, `prod2` match; `product-catalog`, `liveness` and `preprod` (one part,
 * not `prod`) do not.
 */
export function isProductionName(name: string | undefined, markers: readonly string[] = DEFAULT_PRODUCTION_MARKERS): boolean {
  return nameHasMarker(name, markers);
}

/** True when one part of `name` (split at non-alphanumerics, trailing digits ignored) is one of `markers`. */
export function nameHasMarker(name: string | undefined, markers: readonly string[]): boolean {
  if (!name) return false;
  const lower = name.toLowerCase();
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (alnum) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      let part = lower.slice(start, i);
      let e = part.length;
      while (e > 0 && part.charCodeAt(e - 1) >= 48 && part.charCodeAt(e - 1) <= 57) e--;
      if (e > 0) part = part.slice(0, e);
      if (markers.includes(part)) return true;
      start = -1;
    }
  }
  return false;
}

const LOCAL_KUBE_EXACT = new Set(['minikube', 'docker-desktop', 'docker-for-desktop', 'rancher-desktop', 'colima', 'orbstack', 'microk8s', 'kind', 'k3d', 'k3s-default', 'default-local']);
const LOCAL_KUBE_PREFIX = ['kind-', 'k3d-', 'minikube-', 'colima-'];

/**
 * A kube context that is clearly a local throwaway cluster (kind, minikube, Docker Desktop, k3d,
 * …), or one named by the policy's local markers (matched like production markers).
 */
export function isLocalKubeContext(name: string | undefined, localMarkers: readonly string[] = []): boolean {
  if (!name) return false;
  const n = name.toLowerCase();
  if (LOCAL_KUBE_EXACT.has(n) || LOCAL_KUBE_PREFIX.some((p) => n.startsWith(p))) return true;
  return localMarkers.length > 0 && nameHasMarker(n, localMarkers);
}

/** The kube context a kubectl/helm/oc command targets: its flag, else the caller's current context. */
export function kubeContextOf(cmd: SimpleCommand, rc: RuleContext): string | undefined {
  return optionValue(cmd, '--context', '--kube-context') ?? rc.context.kubeContext;
}

/** The AWS profile: `--profile`, else AWS_PROFILE / AWS_DEFAULT_PROFILE, else the caller's. */
export function awsProfileOf(cmd: SimpleCommand, rc: RuleContext): string | undefined {
  return optionValue(cmd, '--profile') ?? rc.env('AWS_PROFILE') ?? rc.env('AWS_DEFAULT_PROFILE') ?? rc.context.awsProfile;
}

/** The Terraform workspace: TF_WORKSPACE, else the caller's. */
export function terraformWorkspaceOf(_cmd: SimpleCommand, rc: RuleContext): string | undefined {
  return rc.env('TF_WORKSPACE') ?? rc.context.terraformWorkspace;
}

/** Variables that name the application environment. */
export const ENVIRONMENT_VARIABLES: readonly string[] = [
  'RAILS_ENV', 'RACK_ENV', 'NODE_ENV', 'APP_ENV', 'MIX_ENV', 'FLASK_ENV', 'DJANGO_ENV', 'ENVIRONMENT', 'ENV',
  'STAGE', 'DEPLOY_ENV', 'ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT', 'SPRING_PROFILES_ACTIVE',
];

/** Programs for which the AWS profile in the environment names the target. */
const AWS_TOOLS: ReadonlySet<string> = new Set(['aws', 'cdk', 'sam', 'eksctl', 'copilot', 'amplify', 'serverless', 'sls', 'terraform', 'tofu', 'terragrunt', 'pulumi']);

/** Options that name the environment/stage/project of a deploy tool. */
const ENVIRONMENT_OPTIONS = ['--env', '--environment', '--stage', '--project', '--subscription', '--app', '--stack', '-s'];

/**
 * The names of targets this command aims at, with where each came from (`kube context
 * prod-eu`, `AWS profile prod`, `RAILS_ENV=production`, `--env production`).
 */
export function targetsOf(cmd: SimpleCommand, rc: RuleContext): { name: string; label: string }[] {
  const out: { name: string; label: string }[] = [];
  const kc = optionValue(cmd, '--context', '--kube-context');
  if (kc) out.push({ name: kc, label: `kube context ${kc}` });
  else if (rc.context.kubeContext && (cmd.program === 'kubectl' || cmd.program === 'helm' || cmd.program === 'oc' || cmd.program === 'k9s')) {
    out.push({ name: rc.context.kubeContext, label: `kube context ${rc.context.kubeContext}` });
  }
  const ap = awsProfileOf(cmd, rc);
  const awsTool = AWS_TOOLS.has(cmd.program) || optionValue(cmd, '--profile') !== undefined || cmd.assignments.some((a) => a.name === 'AWS_PROFILE');
  if (ap && awsTool) {
    out.push({ name: ap, label: `AWS profile ${ap}` });
  }
  const tw = terraformWorkspaceOf(cmd, rc);
  if (tw && (cmd.program === 'terraform' || cmd.program === 'tofu' || cmd.program === 'terragrunt')) out.push({ name: tw, label: `Terraform workspace ${tw}` });
  for (const o of ENVIRONMENT_OPTIONS) {
    const v = optionValue(cmd, o);
    if (v) out.push({ name: v, label: `${o} ${v}` });
  }
  for (const v of ENVIRONMENT_VARIABLES) {
    const val = rc.env(v);
    if (val) out.push({ name: val, label: `${v}=${val}` });
  }
  for (const a of cmd.args) {
    const h = databaseUrlHost(a.text);
    if (h !== undefined && !isLocalHost(h)) out.push({ name: h, label: `database host ${h}` });
  }
  return out;
}

/** How far a target reaches. */
export type Reach = 'production' | 'local' | 'normal';

export interface BlastAssessment {
  reach: Reach;
  /** What drove it, e.g. `kube context prod-eu`; undefined for `normal` without a named target. */
  target?: string;
}

/**
 * The reach of a command from its targets: production if any target looks like production,
 * local if a target is clearly local (kind/minikube context, local database host) and none is
 * production, else normal.
 */
export function assessTargets(cmd: SimpleCommand, rc: RuleContext): BlastAssessment {
  const targets = targetsOf(cmd, rc);
  for (const t of targets) if (isProductionName(t.name, rc.productionMarkers)) return { reach: 'production', target: t.label };
  const kc = kubeContextOf(cmd, rc);
  if (kc && isLocalKubeContext(kc, rc.localMarkers) && (cmd.program === 'kubectl' || cmd.program === 'helm' || cmd.program === 'oc' || optionValue(cmd, '--context', '--kube-context'))) {
    return { reach: 'local', target: `kube context ${kc}` };
  }
  const first = targets[0];
  return first ? { reach: 'normal', target: first.label } : { reach: 'normal' };
}

/** The host of a database URL (`postgres://u:p@db.example.com:5432/x` → `db.example.com`), else undefined. */
export function databaseUrlHost(text: string): string | undefined {
  const m = /^(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|sqlserver|mssql|clickhouse|cockroachdb|amqp):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(text);
  if (!m) return undefined;
  return m[1] ?? '';
}

/** A host on this machine: empty (socket), localhost, loopback, `*.localhost`, `host.docker.internal`. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === '' ||
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h.startsWith('127.') ||
    h === '::1' ||
    h === '0.0.0.0' ||
    h === 'host.docker.internal' ||
    h.startsWith('/')
  );
}

// ---------------------------------------------------------------------------------------------
// Paths

/** What a path names, from most to least dangerous to delete. */
export type PathClass =
  | 'root' // /
  | 'home' // ~ or $HOME itself
  | 'system' // /etc, /usr, /var, /boot, C:\Windows, …
  | 'home-config' // ~/.ssh, ~/.aws, ~/.config, …
  | 'workspace-parent' // the workspace root's parent or above
  | 'workspace-root' // the workspace folder itself
  | 'workspace-vcs' // .git inside the workspace
  | 'workspace' // a file or folder inside the workspace
  | 'workspace-build' // dist, build, out, node_modules, target, .next, coverage, … inside the workspace
  | 'temp' // /tmp/…, /var/tmp/…
  | 'outside' // another absolute path
  | 'unknown'; // dynamic (`$DIR/x`), or relative without a known cwd

const SYSTEM_DIRS = ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/usr', '/var', '/snap', '/System', '/Library', '/Applications', '/private', '/home', '/Users', '/mnt', '/media'];
const TEMP_DIRS = ['/tmp', '/var/tmp', '/private/tmp', '/dev/shm'];
export const BUILD_DIRS: ReadonlySet<string> = new Set([
  'dist', 'build', 'out', 'node_modules', 'target', '.next', '.nuxt', 'coverage', '.cache', '.turbo', '.parcel-cache',
  '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.venv', 'venv', '.gradle', 'bin', 'obj',
  '.svelte-kit', '.angular', '.expo', 'tmp', '.tmp', 'storybook-static', '.terraform', 'vendor', '.dart_tool',
  'dist-vsix', '.vscode-test', 'test-results', 'playwright-report', 'htmlcov', '.nyc_output', 'cmake-build-debug',
]);
const HOME_CONFIG = ['.ssh', '.aws', '.config', '.kube', '.gnupg', '.docker', '.azure', '.gcloud', '.bashrc', '.zshrc', '.profile', '.bash_profile', '.zprofile', '.gitconfig', '.npmrc', '.netrc', '.local', '.terraform.d', 'Library', 'Documents', 'Desktop', 'AppData'];

function isUnder(p: string, dir: string): boolean {
  return p === dir || (p.startsWith(dir) && (dir.endsWith('/') || p.charCodeAt(dir.length) === 47));
}

export interface PathAssessment {
  cls: PathClass;
  /** The absolute path when it could be resolved. */
  resolved?: string;
}

/**
 * Classifies a path argument as the command would see it. `text` is the word's text (quotes
 * removed); `dynamic` words are `unknown` unless they start with `$HOME`/`~`. A glob keeps the
 * class of its directory (`/*` is root, `dist/*` is a build folder).
 */
export function classifyPath(text: string, rc: RuleContext, dynamic = false): PathAssessment {
  const ctx = rc.context;
  const home = ctx.home ?? rc.env('HOME');
  // The class depends on nothing but these: the same path in the same place is classified once.
  const key = `${dynamic ? 'd' : 's'}${keyPart(home)}${keyPart(ctx.cwd)}${keyPart(ctx.workspaceRoot)}${text}`;
  const kept = classified.get(key);
  if (kept) return kept;
  const out = Object.freeze(classifyPathIn(text, { cwd: ctx.cwd, workspaceRoot: ctx.workspaceRoot }, home, dynamic));
  classified.set(key, out);
  return out;
}

/** A part of a key that cannot run into the next: its length first (`-` when there is none). */
function keyPart(s: string | undefined): string {
  return s === undefined ? '-' : `${s.length}:${s}`;
}

/** How many classified paths are kept (least recently used out). */
export const CLASSIFIED_PATHS = 1024;
const classified = new Lru<string, PathAssessment>(CLASSIFIED_PATHS);

function classifyPathIn(text: string, ctx: { cwd?: string | undefined; workspaceRoot?: string | undefined }, home: string | undefined, dynamic: boolean): PathAssessment {
  let t = text;
  // Windows: a network share, a PowerShell provider drive, `\` separators (`.\bin`, `build\*.obj`).
  if (/^(?:\\\\|\/\/)[^\\/]/.test(t)) return { cls: 'outside', resolved: t };
  if (/^(?:hklm|hkcu|hkcr|hku|hkcc|cert|registry):/i.test(t)) return { cls: 'system', resolved: t };
  if (/^(?:env|variable|function|alias|wsman):/i.test(t)) return { cls: 'temp', resolved: t };
  if (t.includes('\\') && !/^[A-Za-z]:/.test(t)) t = t.replace(/\\/g, '/');
  if (t === '~' || t.startsWith('~/')) {
    if (!home) return { cls: t === '~' || t === '~/' ? 'home' : 'unknown' };
    t = home + t.slice(1);
  } else if (t === '$HOME' || t.startsWith('$HOME/') || t === '${HOME}' || t.startsWith('${HOME}/')) {
    const rest = t.startsWith('${') ? t.slice(7) : t.slice(5);
    if (!home) return { cls: rest === '' || rest === '/' ? 'home' : 'unknown' };
    t = home + rest;
  } else if (dynamic) {
    return { cls: 'unknown' };
  }
  if (/^[A-Za-z]:[\\/]/.test(t)) t = t.replace(/[\\/][^\\/]*[*?][^\\/]*$/, '\\'); // `C:\*.*` is `C:\`
  if (/^[A-Za-z]:[\\/]?$/.test(t)) return { cls: 'root', resolved: t };
  if (/^[A-Za-z]:[\\/]/.test(t)) {
    const low = t.toLowerCase().replace(/\\/g, '/');
    if (/^[a-z]:\/(windows|program files|program files \(x86\)|programdata|users\/?$|users\/[^/]+\/?$)/.test(low)) return { cls: 'system', resolved: t };
    return { cls: 'outside', resolved: t };
  }
  // Strip a trailing glob segment so `dir/*` classifies as `dir`.
  const globAt = t.search(/[*?[]/);
  if (globAt >= 0) {
    const cut = t.lastIndexOf('/', globAt);
    t = cut < 0 ? '.' : cut === 0 ? '/' : t.slice(0, cut);
  }
  let abs: string;
  if (t.startsWith('/')) abs = path.posix.normalize(t);
  else {
    const cwd = ctx.cwd ?? ctx.workspaceRoot;
    if (!cwd) {
      const first = t.split('/')[0] ?? '';
      if (t === '..' || t.startsWith('../')) return { cls: 'workspace-parent' };
      if (BUILD_DIRS.has(first)) return { cls: 'workspace-build' };
      return { cls: 'unknown' };
    }
    abs = path.posix.resolve(cwd.replace(/\\/g, '/'), t);
  }
  if (abs.length > 1 && abs.endsWith('/')) abs = abs.slice(0, -1);
  if (abs === '/') return { cls: 'root', resolved: abs };
  if (home && abs === home.replace(/\/$/, '')) return { cls: 'home', resolved: abs };
  if (home && isUnder(abs, home)) {
    const rel = abs.slice(home.replace(/\/$/, '').length + 1);
    const first = rel.split('/')[0] ?? '';
    if (HOME_CONFIG.includes(first) && !isWorkspacePath(abs, ctx.workspaceRoot)) return { cls: 'home-config', resolved: abs };
  }
  const ws = ctx.workspaceRoot?.replace(/\/$/, '');
  if (ws) {
    if (abs === ws) return { cls: 'workspace-root', resolved: abs };
    if (isUnder(ws, abs)) return { cls: 'workspace-parent', resolved: abs };
    if (isUnder(abs, ws)) {
      const parts = abs.slice(ws.length + 1).split('/');
      if (parts[0] === '.git') return { cls: 'workspace-vcs', resolved: abs };
      if (parts.some((p) => BUILD_DIRS.has(p))) return { cls: 'workspace-build', resolved: abs };
      return { cls: 'workspace', resolved: abs };
    }
  }
  // Temporary folders count only outside the workspace: a checkout under /tmp is still a workspace.
  for (const d of TEMP_DIRS) if (isUnder(abs, d) && abs !== d) return { cls: 'temp', resolved: abs };
  // A folder inside a home folder (someone's projects, say) is an ordinary path; the home folders
  // themselves and everything else under the system roots are system paths.
  if (/^\/(?:home|Users)\/[^/]+\/./.test(abs) || /^\/root\/./.test(abs)) return { cls: 'outside', resolved: abs };
  for (const d of SYSTEM_DIRS) if (isUnder(abs, d)) return { cls: home && isUnder(abs, home) ? 'outside' : 'system', resolved: abs };
  return { cls: 'outside', resolved: abs };
}

function isWorkspacePath(abs: string, ws: string | undefined): boolean {
  return !!ws && isUnder(abs, ws.replace(/\/$/, ''));
}

// ---------------------------------------------------------------------------------------------
// Severity adjustment

/** `s` moved up (positive) or down (negative) by `steps`, clamped to low…critical. */
export function shiftSeverity(s: Severity, steps: number): Severity {
  if (s === 'none') return s;
  const r = Math.min(severityRank('critical'), Math.max(severityRank('low'), severityRank(s) + steps));
  return SEVERITIES[r]!;
}

/**
 * The finding adjusted for its blast radius, with the target recorded: production → critical;
 * local → two steps lower (never below low); normal → unchanged (the target is still recorded).
 */
export function applyReach(f: CommandRuleFinding, a: BlastAssessment): CommandRuleFinding {
  const target = a.target ?? f.target;
  const out: CommandRuleFinding = { ...f };
  if (target !== undefined) out.target = target;
  if (a.reach === 'production') out.severity = 'critical';
  else if (a.reach === 'local') out.severity = shiftSeverity(f.severity, -2);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Production names and commands that run elsewhere

/** A production-looking name; camelCase parts count as words (`ShopProdStack`). */
export function isProd(name: string | undefined, rc: RuleContext): boolean {
  if (!name) return false;
  return isProductionName(name.replace(/([a-z0-9])([A-Z])/g, '$1-$2'), rc.productionMarkers);
}

/**
 * A finding for a command that runs elsewhere (`ssh prod-web-1 '…'`, `kubectl exec` in a
 * production pod): a production-looking host raises it to critical.
 */
export function remoteReach(cmd: SimpleCommand, rc: RuleContext, f: CommandRuleFinding): CommandRuleFinding {
  if (f.severity === 'none' || f.severity === 'low') return f;
  for (const v of cmd.via) {
    if ((v.kind === 'remote' || v.kind === 'container') && v.target && isProd(v.target, rc)) {
      return { ...f, severity: 'critical', target: `${v.kind === 'remote' ? 'host' : 'container'} ${v.target}` };
    }
  }
  return f;
}

/** Runs on another machine or in a container: local paths and the workspace mean nothing there. */
export function runsElsewhere(cmd: SimpleCommand): boolean {
  return cmd.remote === true || cmd.via.some((v) => v.kind === 'remote' || v.kind === 'container');
}

/**
 * Raises a finding to critical when any named target looks like production: the account
 * (profile, project, subscription, app) first, then the resources the command names, then the
 * command's environment (`assessTargets`). Otherwise the first named target is recorded.
 */
export function withReach(f: CommandRuleFinding, names: readonly { name: string | undefined; label: string }[], cmd: SimpleCommand, rc: RuleContext, resources: readonly Word[] = []): CommandRuleFinding {
  for (const n of names) if (n.name && isProd(n.name, rc)) return { ...f, severity: 'critical', target: n.label };
  for (const r of resources) {
    if ((r.text.startsWith('-') && !r.text.includes('=')) || /^(https?|ftp):/.test(r.text)) continue;
    const name = r.text.replace(/^[a-z0-9]+:\/\//, '').replace(/^[^=]*=/, '');
    if (isProd(name, rc)) return { ...f, severity: 'critical', target: `resource ${name}` };
  }
  const a = assessTargets(cmd, rc);
  if (a.reach === 'production') return { ...f, severity: 'critical', target: a.target };
  const named = names.find((n) => n.name);
  if (named) return { ...f, target: named.label };
  return a.target ? { ...f, target: a.target } : f;
}
