import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    readStdin: () => Promise.resolve(''),
  };
  return io;
}

test('help lists the commands and exits 0', async () => {
  const io = capture();
  assert.equal(await main(['help'], io), 0);
  assert.match(io.stdout, /Usage: blast-radius <command>/);
});

test('no arguments prints usage and exits with a usage error', async () => {
  const io = capture();
  assert.equal(await main([], io), 64);
  assert.match(io.stdout, /Usage:/);
});

test('an unknown command is a clear one-line error, not a stack trace', async () => {
  const io = capture();
  assert.equal(await main(['frobnicate'], io), 64);
  assert.equal(io.stderr, "blast-radius: unknown command 'frobnicate'. Run 'blast-radius help' for the list.\n");
});
