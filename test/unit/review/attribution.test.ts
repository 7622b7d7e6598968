import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type DocumentChangeFacts,
  TogetherIndex,
  attribute,
  attributeDiskChange,
  attributeDocumentChange,
  effectiveReviewMode,
  isKeystrokeSized,
} from '../../../src/core/review/attribution';

function doc(over: Partial<DocumentChangeFacts> = {}): DocumentChangeFacts {
  return {
    source: 'document',
    at: 1000,
    undoRedo: false,
    visible: true,
    active: true,
    changes: 1,
    insertedChars: 1,
    removedChars: 0,
    removedLines: 0,
    insertedLines: 0,
    ...over,
  };
}

const DOCUMENT_TABLE: Array<{ name: string; facts: DocumentChangeFacts; together?: number; agent: boolean; reason: RegExp }> = [
  { name: 'a keystroke in the focused editor', facts: doc(), agent: false, reason: /typed in the focused editor/ },
  { name: 'a newline with auto-indent', facts: doc({ insertedChars: 5, insertedLines: 1 }), agent: false, reason: /typed/ },
  { name: 'deleting a line in the focused editor', facts: doc({ insertedChars: 0, removedChars: 27, removedLines: 2 }), agent: false, reason: /typed/ },
  { name: 'a paste of ten lines at the cursor', facts: doc({ insertedChars: 300, insertedLines: 10 }), agent: false, reason: /typed/ },
  { name: 'deleting a whole block by selection', facts: doc({ insertedChars: 0, removedChars: 400, removedLines: 12 }), agent: false, reason: /typed/ },
  { name: 'undo of a large replacement', facts: doc({ undoRedo: true, insertedChars: 5000, removedChars: 5000, removedLines: 80 }), agent: false, reason: /undo/ },
  { name: 'an edit to a document not shown anywhere', facts: doc({ visible: false, active: false }), agent: true, reason: /not shown/ },
  { name: 'an edit in a visible editor without focus', facts: doc({ active: false }), agent: true, reason: /does not have focus/ },
  { name: 'a block replaced in one step', facts: doc({ insertedChars: 200, removedChars: 300, removedLines: 6, insertedLines: 5 }), agent: true, reason: /replaced 6 lines in one step/ },
  { name: 'a very large insert', facts: doc({ insertedChars: 6000, insertedLines: 150 }), agent: true, reason: /in one step/ },
  { name: 'a small replacement arriving with another file', facts: doc({ insertedChars: 30, removedChars: 30, removedLines: 1, changes: 2 }), together: 1, agent: true, reason: /together with 1 other file$/ },
  { name: 'a keystroke while another file changed', facts: doc(), together: 3, agent: false, reason: /typed/ },
];

for (const row of DOCUMENT_TABLE) {
  test(`document change: ${row.name} → ${row.agent ? 'agent' : 'person'}`, () => {
    const a = attributeDocumentChange(row.facts, row.together ?? 0);
    assert.equal(a.agent, row.agent);
    assert.match(a.reasons[0]!, row.reason);
  });
}

test('disk writes are agent-made unless the editor just saved the file', () => {
  assert.deepEqual(attributeDiskChange({ source: 'disk', at: 0, kind: 'change', savedByEditor: true, dirty: false }), {
    agent: false,
    reasons: ['saved from the editor'],
  });
  const written = attributeDiskChange({ source: 'disk', at: 0, kind: 'change', savedByEditor: false, dirty: false });
  assert.equal(written.agent, true);
  assert.match(written.reasons[0]!, /written on disk outside the editor/);
  const created = attributeDiskChange({ source: 'disk', at: 0, kind: 'create', savedByEditor: false, dirty: false });
  assert.match(created.reasons[0]!, /created on disk/);
  const dirty = attributeDiskChange({ source: 'disk', at: 0, kind: 'change', savedByEditor: false, dirty: true });
  assert.match(dirty.reasons[0]!, /unsaved changes/);
});

test('a file counts as agent-made when any of its events does', () => {
  const a = attribute([doc(), { source: 'disk', at: 5, kind: 'change', savedByEditor: false, dirty: false }, doc()], () => 0);
  assert.equal(a.agent, true);
  assert.deepEqual(a.reasons, ['written on disk outside the editor']);
  const p = attribute([doc(), doc({ at: 1100 })], () => 0);
  assert.deepEqual(p, { agent: false, reasons: ['typed in the focused editor'] });
});

test('TogetherIndex counts other files changed within the window', () => {
  const idx = new TogetherIndex(50);
  idx.add('a', 1000);
  idx.add('b', 1020);
  idx.add('c', 1100);
  idx.add('a', 1030);
  assert.equal(idx.othersAround('a', 1000), 1);
  assert.equal(idx.othersAround('b', 1020), 1);
  assert.equal(idx.othersAround('c', 1100), 0);
  idx.prune(20_000);
  assert.equal(idx.othersAround('a', 1000), 0);
});

test('keystroke-sized means one small change', () => {
  assert.equal(isKeystrokeSized(doc()), true);
  assert.equal(isKeystrokeSized(doc({ changes: 2 })), false);
  assert.equal(isKeystrokeSized(doc({ insertedChars: 40 })), false);
});

test('a workspace can only tighten the review mode', () => {
  assert.equal(effectiveReviewMode('agent', undefined), 'agent');
  assert.equal(effectiveReviewMode(undefined, 'all'), 'all');
  assert.equal(effectiveReviewMode('all', 'agent'), 'all');
  assert.equal(effectiveReviewMode('bogus'), 'agent');
});
