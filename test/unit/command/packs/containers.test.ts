import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingOf } from './table';

describe('container: targets', () => {
  test('DOCKER_HOST pointing at a production host makes a volume delete critical', async () => {
    const f = await findingOf('container.volume-delete', 'docker volume rm pgdata', { env: { HOME: '/home/dev', DOCKER_HOST: 'ssh://deploy@db-prod-1' } });
    assert.equal(f.severity, 'critical');
    assert.equal(f.target, 'DOCKER_HOST=ssh://deploy@db-prod-1');
  });

  test('podman and nerdctl are judged like docker', async () => {
    assert.equal((await findingOf('container.volume-delete', 'podman system prune -a --volumes')).severity, 'high');
    assert.equal((await findingOf('container.volume-delete', 'nerdctl compose down -v')).severity, 'high');
  });

  test('sudo does not hide it', async () => {
    assert.equal((await findingOf('container.volume-delete', 'sudo docker system prune --all --volumes --force')).severity, 'high');
  });
});
