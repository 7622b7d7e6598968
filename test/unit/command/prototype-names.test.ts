/**
 * Program names, subcommands and options are user input. A line whose program is called
 * `toString` or `__proto__` must be judged like any unknown tool, never make a rule fail on a
 * lookup that finds what every object inherits.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, describeVerdict } from './packs/table';

const NAMES = Object.getOwnPropertyNames(Object.prototype);

describe('names every object inherits are ordinary words on a command line', () => {
  test('there are such names', () => assert.ok(NAMES.includes('toString') && NAMES.includes('__proto__')));
  for (const name of NAMES) {
    for (const line of [`${name} foo`, `git ${name} -f`, `sudo ${name}`, `npx ${name} run`, `cmd /c ${name} /s`]) {
      test(line, async () => {
        const v = await analyze(line, line.startsWith('cmd ') ? { shell: 'pwsh' } : undefined);
        const broken = v.findings.filter((f) => /Internal error/.test(f.message));
        assert.deepEqual(broken, [], describeVerdict(v));
      });
    }
  }
});
