import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { type CheckRequest, type EditRequest, encodeRequest } from '../../../src/core/guard/protocol';
import { type Decide, type GuardServer, type GuardServerOptions, startGuardServer } from '../../../src/core/guard/server';
import { exchange } from './helpers/client';

const TOKEN = 'test-token';

const servers: GuardServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(decide: Decide, extra: Partial<GuardServerOptions> = {}): Promise<GuardServer> {
  const s = await startGuardServer({ decide, token: TOKEN, ...extra });
  servers.push(s);
  return s;
}

function checkBytes(line: string, over: Partial<CheckRequest> = {}): Buffer {
  return encodeRequest({
    verb: 'check',
    token: TOKEN,
    shell: 'bash',
    pid: 100,
    seq: 1,
    flags: { child: false, partial: false },
    cwd: '/w',
    line,
    truncated: false,
    ...over,
  });
}

const denyRm: Decide = async (req) =>
  req.line.includes('rm') ? { verdict: 'deny', reason: 'rm is refused' } : { verdict: 'allow', reason: '' };

describe('guard server', () => {
  test('answers ALLOW and DENY from the decision function, with its request', async () => {
    const seen: CheckRequest[] = [];
    const s = await serve(async (req, ctx) => (seen.push(req), denyRm(req, ctx)));
    assert.deepEqual((await exchange(s.port, checkBytes('ls -la'))).lines, ['BR1 ALLOW']);
    assert.deepEqual((await exchange(s.port, checkBytes('rm -rf x', { seq: 2 }))).lines, ['BR1 DENY rm is refused']);
    assert.equal(seen[1]?.line, 'rm -rf x');
    assert.equal(seen[1]?.cwd, '/w');
  });

  test('the token is random per session, and env carries port and token', async () => {
    const a = await startGuardServer({ decide: denyRm, tokenBytes: 16 });
    const b = await startGuardServer({ decide: denyRm });
    servers.push(a, b);
    assert.match(a.token, /^[0-9a-f]{32}$/);
    assert.match(b.token, /^[0-9a-f]{48}$/);
    assert.notEqual(a.token, b.token);
    assert.deepEqual(a.env, { BLAST_RADIUS_GUARD_PORT: String(a.port), BLAST_RADIUS_GUARD_TOKEN: a.token });
    assert.equal(a.host, '127.0.0.1');
  });

  test('a wrong token is refused without asking the decision function', async () => {
    let asked = 0;
    const s = await serve(async () => (asked++, { verdict: 'allow', reason: '' }));
    const r = await exchange(s.port, checkBytes('ls', { token: 'other-token' }));
    assert.match(r.lines[0]!, /^BR1 DENY .*another editor session/);
    assert.equal(asked, 0);
  });

  const malformed: Array<[string, Buffer | string, RegExp]> = [
    ['an HTTP request', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', /not a guard request/],
    ['an approve attempt', `BR1 APPROVE ${TOKEN} bash 1 1 -\n`, /unknown request APPROVE/],
    ['a client claiming an answer', `BR1 ALLOW ${TOKEN}\n`, /unknown request ALLOW/],
    ['a bad pid', `BR1 CHECK ${TOKEN} bash x 1 -\n/\0ls\0`, /malformed CHECK/],
    ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x0a]), /malformed request/],
    ['an oversize header', `BR1 ${'A'.repeat(5000)}`, /header too long/],
  ];
  for (const [what, bytes, reason] of malformed) {
    test(`${what} gets DENY with a reason, and the server keeps serving`, async () => {
      const s = await serve(denyRm);
      const r = await exchange(s.port, bytes);
      assert.equal(r.lines.length, 1);
      assert.match(r.lines[0]!, /^BR1 DENY /);
      assert.match(r.lines[0]!, reason);
      assert.deepEqual((await exchange(s.port, checkBytes('ls'))).lines, ['BR1 ALLOW']);
    });
  }

  test('a request cut short by the client is refused', async () => {
    const s = await serve(denyRm);
    const r = await exchange(s.port, `BR1 CHECK ${TOKEN} bash 1 1 -\n/w\0ls`, { endAfterWrite: true });
    assert.deepEqual(r.lines, ['BR1 DENY incomplete request']);
  });

  test('a request not completed in time is refused', async () => {
    const s = await serve(denyRm, { requestTimeoutMs: 100 });
    const r = await exchange(s.port, `BR1 CHECK ${TOKEN} bash 1 1 -\n/w\0`);
    assert.deepEqual(r.lines, ['BR1 DENY request not received in time']);
  });

  test('a decision that takes too long is DENY', async () => {
    const s = await serve(() => new Promise(() => undefined), { decideTimeoutMs: 100 });
    const r = await exchange(s.port, checkBytes('ls'));
    assert.match(r.lines[0]!, /^BR1 DENY no answer within 0 s; not run$/);
  });

  test('a decision function that throws or returns nonsense is DENY', async () => {
    const s1 = await serve(() => {
      throw new Error('boom');
    });
    assert.match((await exchange(s1.port, checkBytes('ls'))).lines[0]!, /^BR1 DENY internal error/);
    const s2 = await serve(async () => ({ verdict: 'yes' }) as never);
    assert.match((await exchange(s2.port, checkBytes('ls'))).lines[0]!, /^BR1 DENY internal error/);
  });

  test('HOLD lines come before the final answer', async () => {
    const s = await serve(async (_req, ctx) => {
      ctx.hold('asking you in the editor');
      await new Promise((r) => setTimeout(r, 20));
      return { verdict: 'allow', reason: 'allowed once by you' };
    });
    const r = await exchange(s.port, checkBytes('git clean -fdx'));
    assert.deepEqual(r.lines, ['BR1 HOLD asking you in the editor', 'BR1 ALLOW allowed once by you']);
  });

  test('HELLO reaches onHello and gets OK; PING gets OK', async () => {
    const hellos: unknown[] = [];
    const s = await serve(denyRm, { onHello: (h) => hellos.push(h), serverVersion: '9.9' });
    assert.deepEqual((await exchange(s.port, `BR1 HELLO ${TOKEN} zsh 77 1\n`)).lines, ['BR1 OK 9.9']);
    assert.deepEqual((await exchange(s.port, `BR1 PING ${TOKEN}\n`)).lines, ['BR1 OK 9.9']);
    assert.deepEqual(hellos, [{ verb: 'hello', token: TOKEN, shell: 'zsh', pid: 77, guardVersion: '1' }]);
  });

  test('many terminals at once each get their own answer', async () => {
    const s = await serve(async (req) => {
      await new Promise((r) => setTimeout(r, Math.random() * 20));
      return { verdict: req.pid % 2 ? 'deny' : 'allow', reason: `pid ${req.pid}` };
    });
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => exchange(s.port, checkBytes(`echo ${i}`, { pid: 1000 + i }))),
    );
    results.forEach((r, i) => {
      const pid = 1000 + i;
      assert.deepEqual(r.lines, [`BR1 ${pid % 2 ? 'DENY' : 'ALLOW'} pid ${pid}`]);
    });
  });

  test('parts of one line asked by several processes share one decision; repeats carry no reason', async () => {
    let asked = 0;
    const s = await serve(async (_req, ctx) => {
      asked++;
      ctx.hold('asking');
      await new Promise((r) => setTimeout(r, 50));
      return { verdict: 'deny', reason: 'denied by you' };
    });
    const bytes = checkBytes('(rm -rf x); echo', { pid: 5, seq: 9 });
    const [a, b] = await Promise.all([exchange(s.port, bytes), exchange(s.port, bytes)]);
    const later = await exchange(s.port, bytes);
    assert.equal(asked, 1);
    const all = [a!.lines, b!.lines].sort((x, y) => y.length - x.length);
    assert.deepEqual(all[0], ['BR1 HOLD asking', 'BR1 DENY denied by you']);
    assert.deepEqual(all[1], ['BR1 DENY']);
    assert.deepEqual(later.lines, ['BR1 DENY']);
    // another line (or another shell, or a child's -c string) is a new question
    await exchange(s.port, checkBytes('(rm -rf x); echo', { pid: 5, seq: 10 }));
    await exchange(s.port, checkBytes('(rm -rf x); echo', { pid: 6, seq: 9 }));
    await exchange(s.port, checkBytes('rm -rf x', { seq: 0, flags: { child: true, partial: false } }));
    await exchange(s.port, checkBytes('rm -rf x', { seq: 0, flags: { child: true, partial: false } }));
    assert.equal(asked, 5);
  });

  test('when every shell waiting for an answer has gone, the decision is told to stop', async () => {
    let aborted = false;
    const s = await serve(
      (_req, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ verdict: 'deny', reason: 'gone' });
          });
        }),
    );
    const socket = net.connect({ host: '127.0.0.1', port: s.port });
    await new Promise<void>((r) => socket.on('connect', () => r()));
    socket.write(checkBytes('sleep'));
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    for (let i = 0; i < 50 && !aborted; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(aborted);
  });

  test('close() ends open connections and stops listening', async () => {
    const s = await startGuardServer({ decide: () => new Promise(() => undefined), token: TOKEN });
    const pending = exchange(s.port, checkBytes('ls'), { timeoutMs: 2000 });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(s.connections(), 1);
    await s.close();
    assert.deepEqual((await pending).lines, []);
    await assert.rejects(exchange(s.port, checkBytes('ls')), /ECONNREFUSED/);
  });
});

describe('guard server: EDIT', () => {
  const editBytes = (): Buffer =>
    encodeRequest({ verb: 'edit', token: TOKEN, agent: 'claude-code', pid: 5, cwd: '/w', summary: '{"subject":"writing `a.sql`","severity":"high","paths":["a.sql"],"findings":[]}', truncated: false });

  test('without an edit decision it is refused at once, so the hook decides with its policy', async () => {
    const s = await serve(async () => ({ verdict: 'allow', reason: '' }));
    const { lines } = await exchange(s.port, editBytes());
    assert.deepEqual(lines, ['BR1 DENY this editor does not review agent edits']);
  });

  test('with one, the person is asked (HOLD) and the answer is final; the command decision is not used', async () => {
    let seen: EditRequest | undefined;
    const s = await serve(async () => ({ verdict: 'deny', reason: 'not for edits' }), {
      decideEdit: async (req, ctx) => {
        seen = req;
        ctx.hold('asking the person');
        return { verdict: 'allow', reason: 'allowed once by you' };
      },
    });
    const { lines } = await exchange(s.port, editBytes());
    assert.deepEqual(lines, ['BR1 HOLD asking the person', 'BR1 ALLOW allowed once by you']);
    assert.equal(seen?.agent, 'claude-code');
    assert.equal(seen?.cwd, '/w');
  });

  test('an edit decision that throws is a DENY', async () => {
    const s = await serve(async () => ({ verdict: 'allow', reason: '' }), {
      decideEdit: async () => {
        throw new Error('boom');
      },
    });
    const { lines } = await exchange(s.port, editBytes());
    assert.match(lines.at(-1) ?? '', /^BR1 DENY internal error/);
  });
});
