import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, describeVerdict, findingOf } from './table';

describe('system: targets and forms', () => {
  test('a device named through a variable set in the line is still a device', async () => {
    assert.equal((await findingOf('system.disk-write', 'DISK=/dev/sdb; dd if=img of=$DISK')).severity, 'critical');
  });

  test('a fork bomb is reported once, at the call, covering the definition', async () => {
    const line = ':(){ :|:& };:';
    const v = await analyze(line);
    const fs = v.findings.filter((f) => f.ruleId === 'system.fork-bomb');
    assert.equal(fs.length, 1, describeVerdict(v));
    assert.equal(v.decision, 'confirm');
  });

  test('a reboot over ssh names the machine in the message', async () => {
    const f = await findingOf('system.power', 'ssh build-7 sudo reboot');
    assert.match(f.message, /build-7/);
    assert.equal(f.severity, 'high');
  });

  test('stopping a unit given with its .service suffix is recognised', async () => {
    assert.equal((await findingOf('system.stop-critical-service', 'systemctl stop sshd.service')).target, 'service sshd');
  });
});
