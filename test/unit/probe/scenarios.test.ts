/**
 * The state scenarios (scenarios.ts): each one set up in a real repository, judged by the rules
 * alone and then measured; the decision before and after and the sentence must be as written.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runScenario, SCENARIOS } from './scenarios';

describe('measured blast radius: state scenarios', () => {
  test('there are at least 50 scenarios, and measurement changes the decision or severity in at least 25', () => {
    assert.ok(SCENARIOS.length >= 50, `${SCENARIOS.length} scenarios`);
    assert.ok(SCENARIOS.filter((s) => s.before !== s.after).length >= 25);
  });
  SCENARIOS.forEach((sc, i) => {
    test(`${i + 1}. ${sc.state}: ${sc.cmd}`, async () => {
      const o = await runScenario(sc);
      const got = `${o.before} → ${o.after}: ${o.sentence}`;
      assert.equal(o.before, sc.before, got);
      assert.equal(o.after, sc.after, got);
      assert.match(o.sentence, sc.says, got);
    });
  });
});
