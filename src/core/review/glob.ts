/**
 * Glob patterns as VS Code settings use them (`files.watcherExclude`, `files.exclude`): matched
 * against a path relative to the workspace folder, `/` separated.
 *
 *   `**` any number of whole path segments (also none)   `*` any characters within a segment
 *   `?` one character within a segment                   `{a,b}` alternatives   `[abc]`, `[!a]` classes
 *
 * A pattern that does not compile never matches (and is reported by `compileGlob`).
 */
import { compileLinear, type LinearRegex } from '../regex';

function escape(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function translate(glob: string): string {
  let out = '';
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === glob.length) {
            out += '.*';
            i += 2;
          } else {
            out += '(?:[^/]*/)*'; // the slash after ** is part of the group
            i += 3;
          }
          continue;
        }
        out += '[^/]*';
        i += 2;
        continue;
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += escape(c);
    i++;
  }
  if (braces > 0) throw new Error('unbalanced braces');
  return out;
}

export type GlobMatcher = (relativePath: string) => boolean;

/**
 * Compiles one pattern; undefined when it is not a valid glob. Exclude globs can come from a
 * workspace's settings, so they run in the linear-time engine (`../regex.ts`).
 */
export function compileGlob(glob: string): LinearRegex | undefined {
  let source: string;
  try {
    source = `^${translate(glob.replace(/\\/g, '/'))}$`;
  } catch {
    return undefined;
  }
  const r = compileLinear(source);
  return r.ok ? r.regex : undefined;
}

/**
 * A matcher for a VS Code exclude object (`{ "**\/node_modules": true, "**\/dist": false }`):
 * patterns set to `true` count. A path matches when it or one of its parent folders matches.
 */
export function excludeMatcher(setting: unknown): GlobMatcher {
  const res: LinearRegex[] = [];
  if (setting && typeof setting === 'object' && !Array.isArray(setting)) {
    for (const [pattern, on] of Object.entries(setting as Record<string, unknown>)) {
      if (on !== true) continue;
      const re = compileGlob(pattern);
      if (re) res.push(re);
    }
  }
  if (res.length === 0) return () => false;
  return (relativePath) => {
    const p = relativePath.replace(/\\/g, '/').replace(/^\/+/, '');
    let k = p.length;
    // the path itself, then each parent folder
    for (;;) {
      const candidate = p.slice(0, k);
      if (res.some((re) => re.test(candidate))) return true;
      k = p.lastIndexOf('/', k - 1);
      if (k <= 0) return false;
    }
  };
}
