/** The sign-off record's folder is named once (core/signoff/reviewsDir.ts); everything that recognises it uses that. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordPath } from '../../../src/core/signoff/record';
import { RECORD_FILE_RE, REVIEWS_DIR, REVIEWS_PATH_RE, isUnderReviews } from '../../../src/core/signoff/reviewsDir';
import { repoRoot } from '../helpers/paths';

test('the folder, and anything in it, at any depth of a path', () => {
  for (const p of [REVIEWS_DIR, `${REVIEWS_DIR}/2026-01/x.json`, `services/api/${REVIEWS_DIR}/2026-01/x.json`, `/home/dev/project/${REVIEWS_DIR}`]) {
    assert.match(p, REVIEWS_PATH_RE, p);
  }
  for (const p of ['.blast-radius/reviews.md', 'docs/reviews/2026-01/x.json', 'x.blast-radius/reviews/y', '.blast-radius/policy.json']) {
    assert.doesNotMatch(p, REVIEWS_PATH_RE, p);
  }
});

test('a record is written where the record pattern reads its month and id', () => {
  const file = recordPath({ id: '6b1a13a35ae2-36acfab3d8', time: '2026-01-15T10:00:00Z' });
  assert.equal(file, '.blast-radius/reviews/2026-01/6b1a13a35ae2-36acfab3d8.json');
  assert.deepEqual(RECORD_FILE_RE.exec(file)?.slice(1), ['2026-01', '6b1a13a35ae2-36acfab3d8']);
  assert.ok(isUnderReviews(file));
  assert.ok(!isUnderReviews(`services/${file}`), 'repository-relative: only the root folder holds records');
});

test('no other source file spells the folder as a pattern of its own', () => {
  const copies: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && e.name !== 'reviewsDir.ts' && /\\\.blast-radius\\\/reviews/.test(fs.readFileSync(p, 'utf8'))) copies.push(path.relative(repoRoot, p));
    }
  };
  walk(path.join(repoRoot, 'src'));
  assert.deepEqual(copies, []);
});
