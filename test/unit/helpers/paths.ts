import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: found from the bundle's location, else the working directory. */
function findRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'blast-radius') return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export const repoRoot = findRoot();
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

/** A context object with every `@fixtures/x` string value turned into the absolute path of test/fixtures/x. */
export function resolveFixtureRefs<T extends object>(ctx: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ctx)) out[k] = typeof v === 'string' && v.startsWith('@fixtures/') ? path.join(fixturesDir, v.slice('@fixtures/'.length)) : v;
  return out as T;
}
