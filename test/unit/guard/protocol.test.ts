import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type CheckRequest,
  type ParseResult,
  DEFAULT_LIMITS,
  RequestReader,
  cleanReason,
  encodeRequest,
  formatAnswer,
  formatFlags,
  formatHold,
  parseFlags,
  parseEditSummary,
  parseHeader,
  parseServerLine,
} from '../../../src/core/guard/protocol';

const check: CheckRequest = {
  verb: 'check',
  token: 'tok_EN-1',
  shell: 'bash',
  pid: 4242,
  seq: 7,
  flags: { child: false, partial: false },
  cwd: '/home/me/project with spaces',
  line: 'echo "a b"; rm -rf ./dist\nls\t*',
  truncated: false,
};

function readAll(bytes: Buffer, chunk = bytes.length, limits = DEFAULT_LIMITS): ParseResult | undefined {
  const r = new RequestReader(limits);
  for (let i = 0; i < bytes.length; i += chunk) {
    const out = r.push(bytes.subarray(i, i + chunk));
    if (out) return out;
  }
  return undefined;
}

describe('protocol: headers', () => {
  const ok: Array<[string, string]> = [
    ['BR1 PING abc', 'ping'],
    ['BR1 HELLO abc bash 12 1', 'hello'],
    ['BR1 HELLO abc fish 1 1.2.3', 'hello'],
    ['BR1 CHECK abc zsh 1 0 -', 'check'],
    ['BR1 CHECK abc pwsh 99 3 child,ppid=4', 'check'],
    ['BR1 CHECK abc bash 1 2 -\r', 'check'],
  ];
  for (const [header, verb] of ok) {
    test(`accepts ${JSON.stringify(header)}`, () => {
      const h = parseHeader(header);
      assert.ok(h.ok, JSON.stringify(h));
      assert.equal(h.fields === 0 ? h.request.verb : h.partial.verb, verb);
    });
  }

  const bad: Array<[string, RegExp]> = [
    ['', /malformed/],
    ['GET / HTTP/1.1', /not a guard request/],
    ['BR2 CHECK abc bash 1 1 -', /unsupported protocol BR2/],
    ['BR1 APPROVE abc bash 1 1 -', /unknown request APPROVE/],
    ['BR1 ALLOW abc', /unknown request ALLOW/],
    ['BR1 CHECK abc bash 1 1', /malformed CHECK/],
    ['BR1 CHECK abc sh 1 1 -', /unknown shell sh/],
    ['BR1 CHECK abc bash -1 1 -', /malformed CHECK/],
    ['BR1 CHECK abc bash 01 1 -', /malformed CHECK/],
    ['BR1 CHECK abc bash 1 99999999999 -', /malformed CHECK/],
    ['BR1 CHECK abc bash 1 1 child,,partial', /malformed CHECK/],
    ['BR1 CHECK ab/c bash 1 1 -', /token/],
    ['BR1  CHECK abc bash 1 1 -', /malformed/],
    ['BR1 CHECK abc bash 1 1 -\u0000', /malformed/],
    ['BR1 PING abc extra', /malformed PING/],
  ];
  for (const [header, reason] of bad) {
    test(`refuses ${JSON.stringify(header)}`, () => {
      const h = parseHeader(header);
      assert.equal(h.ok, false);
      if (!h.ok) assert.match(h.reason, reason);
    });
  }

  test('flags: known ones are read, unknown well-formed ones ignored', () => {
    assert.deepEqual(parseFlags('-'), { child: false, partial: false });
    assert.deepEqual(parseFlags('child,ppid=17'), { child: true, partial: false, ppid: 17 });
    assert.deepEqual(parseFlags('partial,future-thing,x=1'), { child: false, partial: true });
    assert.deepEqual(parseFlags('agent=claude-code'), { child: false, partial: false, agent: 'claude-code' });
    assert.equal(formatFlags({ agent: 'codex' }), 'agent=codex');
    assert.deepEqual(parseFlags('agent=codex,session=019a-Bc.d_e'), { child: false, partial: false, agent: 'codex', session: '019a-Bc.d_e' });
    assert.equal(formatFlags({ agent: 'codex', session: 's1' }), 'agent=codex,session=s1');
    assert.equal(parseFlags('ppid=abc'), undefined);
    assert.equal(parseFlags('Child'), undefined);
    assert.equal(formatFlags({ child: true, ppid: 3 }), 'child,ppid=3');
    // a shell that found its guard tampered with says what; an older editor's parser ignores the flag
    assert.deepEqual(parseFlags('partial,tampered=trap.ps0'), { child: false, partial: true, tampered: 'trap.ps0' });
    assert.equal(formatFlags({ tampered: 'alias' }), 'tampered=alias');
    assert.deepEqual(parseFlags('tampered=Trap'), { child: false, partial: false });
    assert.equal(formatFlags({}), '-');
  });
});

describe('protocol: reading requests', () => {
  test('a CHECK round-trips through encode and read, whole or byte by byte', () => {
    const bytes = encodeRequest(check);
    for (const chunk of [bytes.length, 1, 3]) {
      const r = readAll(bytes, chunk);
      assert.deepEqual(r, { ok: true, request: check }, `chunk ${chunk}`);
    }
  });

  test('raw bytes need no escaping: newlines, tabs, quotes and non-ASCII survive', () => {
    const req = { ...check, line: "printf 'x\\n' | grep ü\n\techo \"$HOME\"", cwd: '/tmp/a\nb' };
    const r = readAll(encodeRequest(req));
    assert.ok(r?.ok);
    assert.deepEqual(r.request, req);
  });

  test('HELLO and PING need no body', () => {
    assert.deepEqual(readAll(Buffer.from('BR1 PING abc\n')), { ok: true, request: { verb: 'ping', token: 'abc' } });
    const r = readAll(Buffer.from('BR1 HELLO abc zsh 5 1\n'));
    assert.deepEqual(r, { ok: true, request: { verb: 'hello', token: 'abc', shell: 'zsh', pid: 5, guardVersion: '1' } });
  });

  test('a request missing its last NUL is incomplete until the connection ends', () => {
    const r = new RequestReader();
    assert.equal(r.push(Buffer.from('BR1 CHECK abc bash 1 1 -\n/tmp\0rm -rf /')), undefined);
    assert.deepEqual(r.end(), { ok: false, reason: 'incomplete request' });
    assert.deepEqual(new RequestReader().end(), { ok: false, reason: 'empty request' });
  });

  test('a header longer than the limit is refused without waiting for its end', () => {
    const r = readAll(Buffer.from('BR1 CHECK ' + 'a'.repeat(DEFAULT_LIMITS.maxHeaderBytes + 10)));
    assert.deepEqual(r, { ok: false, reason: 'request header too long' });
  });

  test('a working directory longer than the limit is refused', () => {
    const limits = { ...DEFAULT_LIMITS, maxCwdBytes: 8 };
    const r = readAll(encodeRequest({ ...check, cwd: '/a/very/long/path' }), undefined, limits);
    assert.deepEqual(r, { ok: false, reason: 'working directory too long' });
  });

  test('a line longer than the limit is kept in part and marked truncated', () => {
    const limits = { ...DEFAULT_LIMITS, maxLineBytes: 10 };
    const r = readAll(encodeRequest({ ...check, line: 'rm -rf / --no-preserve-root' }), 4, limits);
    assert.ok(r?.ok && r.request.verb === 'check');
    assert.equal(r.request.line, 'rm -rf / -');
    assert.equal(r.request.truncated, true);
  });

  test('a request over the hard cap is refused', () => {
    const limits = { ...DEFAULT_LIMITS, maxLineBytes: 10, maxRequestBytes: 100 };
    const r = readAll(Buffer.from(`BR1 CHECK abc bash 1 1 -\n/\0${'x'.repeat(500)}`), 50, limits);
    assert.deepEqual(r, { ok: false, reason: 'request too large' });
  });

  test('bytes after a complete request are ignored', () => {
    const r = new RequestReader();
    const first = r.push(Buffer.from('BR1 PING abc\nBR1 PING other\n'));
    assert.deepEqual(first, { ok: true, request: { verb: 'ping', token: 'abc' } });
    assert.equal(r.push(Buffer.from('more')), undefined);
  });
});

describe('protocol: answers', () => {
  test('answers are one line; reasons lose control characters and are bounded', () => {
    assert.equal(formatAnswer('allow'), 'BR1 ALLOW\n');
    assert.equal(formatAnswer('deny', 'rm -rf /\n(critical)\x1b[31m'), 'BR1 DENY rm -rf / (critical) [31m\n');
    assert.equal(formatHold('asking you'), 'BR1 HOLD asking you\n');
    assert.equal(cleanReason('x'.repeat(1000)).length, 400);
  });

  test('server lines parse back', () => {
    assert.deepEqual(parseServerLine('BR1 DENY no way\n'), { kind: 'deny', reason: 'no way' });
    assert.deepEqual(parseServerLine('BR1 ALLOW'), { kind: 'allow', reason: '' });
    assert.deepEqual(parseServerLine('BR1 OK 1.0'), { kind: 'ok', reason: '1.0' });
    assert.equal(parseServerLine('HTTP/1.1 200 OK').kind, 'invalid');
  });
});

describe('protocol: EDIT (an agent hook asks a person about a file change)', () => {
  const summary = { subject: 'writing `db/x.sql`', severity: 'high', paths: ['db/x.sql'], findings: [{ ruleId: 'sql.drop-table', severity: 'high', message: 'drops the table customers', path: 'db/x.sql', line: 1 }] };

  test('an EDIT round-trips through encode and read, whole or byte by byte', () => {
    const edit = { verb: 'edit' as const, token: 'tok', agent: 'claude-code', pid: 77, cwd: '/w', summary: JSON.stringify(summary), truncated: false };
    const bytes = encodeRequest(edit);
    for (const chunk of [bytes.length, 1, 5]) assert.deepEqual(readAll(bytes, chunk), { ok: true, request: edit }, `chunk ${chunk}`);
    // with the agent's session
    const withSession = { ...edit, session: '8f1c2d3e-aa' };
    assert.match(encodeRequest(withSession).toString('utf8'), /^BR1 EDIT tok claude-code 77 session=8f1c2d3e-aa\n/);
    assert.deepEqual(readAll(encodeRequest(withSession), 3), { ok: true, request: withSession });
  });

  test('a malformed EDIT header is refused', () => {
    for (const h of ['BR1 EDIT tok claude-code', 'BR1 EDIT tok Claude 1', 'BR1 EDIT tok claude-code -1', 'BR1 EDIT tok claude-code 1 session=x extra', 'BR1 EDIT tok claude-code 1 session=x,,']) {
      assert.deepEqual(parseHeader(h), { ok: false, reason: 'malformed EDIT' }, h);
    }
  });

  test('the summary is read and bounded; anything malformed is not a summary', () => {
    assert.deepEqual(parseEditSummary(JSON.stringify(summary)), summary);
    const long = parseEditSummary(JSON.stringify({ ...summary, subject: 'x'.repeat(1000), findings: Array.from({ length: 40 }, () => summary.findings[0]) }));
    assert.equal(long?.subject.length, 300);
    assert.equal(long?.findings.length, 20);
    for (const bad of ['nope', '[]', JSON.stringify({ ...summary, severity: 'huge' }), JSON.stringify({ ...summary, paths: 'db/x.sql' }), JSON.stringify({ ...summary, findings: [{ ruleId: 'r', severity: 'high' }] })]) {
      assert.equal(parseEditSummary(bad), undefined, bad);
    }
  });
});
