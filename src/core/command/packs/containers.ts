/**
 * Containers: deletes of Docker/Podman volumes (where databases keep their data), prunes that
 * take volumes with them, `compose down -v`, and removing every container at once.
 *
 * A production-looking Docker context or host (`--context prod`, `-H ssh://prod-host`,
 * DOCKER_HOST, DOCKER_CONTEXT) or compose file/project (`-f docker-compose.prod.yml`) makes
 * the finding critical.
 */
import type { Severity } from '../../severity';
import type { SimpleCommand, Word } from '../../shell/model';
import { hasFlag, positionals, type Rule, type RuleContext, type CommandRuleFinding, type RulePack } from '../rule';
import { isProd } from '../context';
import { upstream, wrapperOf } from '../pipeline';
import { optionValues, spanTo, splitSubcommand } from '../words';

const ENGINES = ['docker', 'podman', 'nerdctl'];
const COMPOSES = ['docker-compose', 'podman-compose'];

function hostName(h: string): string {
  const m = /^[a-z]+:\/\/(?:[^@/]*@)?([^:/]+)/i.exec(h);
  return m?.[1] ?? h;
}

function containerReach(cmd: SimpleCommand, rc: RuleContext, f: CommandRuleFinding): CommandRuleFinding {
  const names: { name: string; label: string }[] = [];
  for (const w of optionValues(cmd, '--context', '-c')) names.push({ name: w.text, label: `docker context ${w.text}` });
  for (const w of optionValues(cmd, '-H', '--host', '--url', '--connection')) names.push({ name: hostName(w.text), label: `docker host ${w.text}` });
  for (const w of optionValues(cmd, '-f', '--file')) names.push({ name: w.text.split('/').pop()!.replace(/\.ya?ml$/, ''), label: `compose file ${w.text}` });
  for (const w of optionValues(cmd, '-p', '--project-name')) names.push({ name: w.text, label: `compose project ${w.text}` });
  const dh = rc.env('DOCKER_HOST');
  if (dh) names.push({ name: hostName(dh), label: `DOCKER_HOST=${dh}` });
  const dc = rc.env('DOCKER_CONTEXT');
  if (dc) names.push({ name: dc, label: `DOCKER_CONTEXT=${dc}` });
  for (const n of names) if (isProd(n.name, rc)) return { ...f, severity: 'critical', target: n.label };
  return f;
}

/** `docker <sub…>` or `docker-compose <sub>` words, normalised so compose is always `compose <verb>`. */
function dockerWords(cmd: SimpleCommand): { words: readonly string[]; at: readonly Word[]; rest: SimpleCommand } | undefined {
  if (COMPOSES.includes(cmd.program)) {
    const s = splitSubcommand(cmd, 1);
    return s.words.length ? { words: ['compose', ...s.words], at: s.wordsAt, rest: s.rest } : undefined;
  }
  const s1 = splitSubcommand(cmd, 1);
  const first = s1.words[0];
  if (!first) return undefined;
  if (['system', 'volume', 'container', 'image', 'compose', 'network', 'builder'].includes(first)) {
    const s2 = splitSubcommand(cmd, 2);
    return s2.words.length === 2 ? { words: s2.words, at: s2.wordsAt, rest: s2.rest } : undefined;
  }
  return { words: [first], at: s1.wordsAt, rest: s1.rest };
}

function tail(d: { at: readonly Word[]; rest: SimpleCommand }): Word {
  return d.rest.args[d.rest.args.length - 1] ?? d.at[d.at.length - 1]!;
}

const volumeLoss: Rule = {
  id: 'container.volume-delete',
  description: 'docker volume rm/prune, system prune --volumes, compose down -v: volumes hold database and upload data.',
  severity: 'high',
  programs: [...ENGINES, ...COMPOSES],
  check(cmd, rc) {
    const d = dockerWords(cmd);
    if (!d || hasFlag(cmd, '--help', '-h')) return undefined;
    const [a, b] = d.words;
    const r = d.rest;
    let severity: Severity | undefined;
    let message = '';
    let suggestion = 'Back up the volumes you need first (docker run --rm -v VOL:/v -v "$PWD":/b busybox tar czf /b/vol.tgz /v).';
    if (a === 'system' && b === 'prune') {
      const all = hasFlag(r, '-a', '--all');
      if (hasFlag(r, '--volumes')) {
        severity = 'high';
        message = `Prunes ${all ? 'all unused images, ' : ''}stopped containers and unused volumes: data in those volumes is deleted.`;
      } else if (all) {
        severity = 'medium';
        message = 'Prunes every unused image and stopped container; images must be pulled or rebuilt again.';
        suggestion = 'Prune only dangling images (docker image prune) unless you need the space.';
      } else return undefined;
    } else if (a === 'volume' && (b === 'prune')) {
      severity = 'high';
      message = `Deletes ${hasFlag(r, '-a', '--all') ? 'every unused volume, named ones included' : 'unused anonymous volumes'} and the data in them.`;
    } else if (a === 'volume' && (b === 'rm' || b === 'remove')) {
      const vols = positionals(r, ['--filter']);
      severity = 'high';
      message = `Deletes the volume${vols.length === 1 ? '' : 's'} ${vols.map((v) => v.text).join(' ') || (hasFlag(r, '--all') ? '(all of them)' : '')} and the data in ${vols.length === 1 ? 'it' : 'them'}.`.replace('  ', ' ');
    } else if (a === 'compose' && b === 'down' && hasFlag(r, '-v', '--volumes')) {
      severity = 'high';
      message = 'Stops the project and deletes its volumes: the database and any data the services stored go with them.';
      suggestion = 'Use compose down without -v to keep the data.';
    } else return undefined;
    return containerReach(cmd, rc, { severity, message, span: spanTo(cmd, tail(d)), suggestion });
  },
  examples: {
    match: [
      { cmd: 'docker system prune -a --volumes', exactly: 'high' },
      'docker system prune -af --volumes',
      { cmd: 'docker system prune -a', exactly: 'medium' },
      { cmd: 'docker volume rm pgdata', exactly: 'high', span: 'docker volume rm pgdata' },
      'docker volume prune -f',
      'docker volume prune -a',
      { cmd: 'docker compose down -v', exactly: 'high' },
      'docker compose down --volumes --remove-orphans',
      { cmd: 'docker compose -f docker-compose.prod.yml down -v', exactly: 'critical', target: 'compose file docker-compose.prod.yml' },
      'docker-compose down -v',
      'podman volume rm --all',
      'podman-compose down -v',
      'nerdctl volume prune -f',
      { cmd: 'docker -H ssh://deploy@prod-host volume rm data', exactly: 'critical' },
    ],
    nearMiss: ['docker system prune -f', 'docker system df', 'docker volume ls', 'docker volume create pgdata', 'docker compose down', 'docker compose down --remove-orphans', 'docker compose up -d', 'docker image prune -f'],
  },
};

/** `$(docker ps -aq)` / `$(docker container ls -aq)`: every container (or image). */
function listsEverything(w: Word): 'containers' | 'images' | 'volumes' | undefined {
  for (const e of w.expansions) {
    if (e.kind !== 'command') continue;
    const raw = e.raw.replace(/\s+/g, ' ');
    if (/\s(--filter|-f)[\s=]/.test(raw)) continue;
    if (/\b(docker|podman|nerdctl) (ps|container (ls|list|ps))\b/.test(raw) && /\s-[a-z]*q/.test(raw)) return 'containers';
    if (/\b(docker|podman|nerdctl) (images|image (ls|list))\b/.test(raw) && /\s-[a-z]*q/.test(raw)) return 'images';
    if (/\b(docker|podman|nerdctl) volume (ls|list)\b/.test(raw) && /\s-[a-z]*q/.test(raw)) return 'volumes';
  }
  return undefined;
}

const removeAll: Rule = {
  id: 'container.remove-all',
  description: 'docker rm -f $(docker ps -aq) and similar: every container (or volume) at once.',
  severity: 'high',
  programs: [...ENGINES],
  check(cmd, rc) {
    const d = dockerWords(cmd);
    if (!d) return undefined;
    const [a, b] = d.words;
    const verb = a === 'container' || a === 'volume' || a === 'image' ? `${a} ${b}` : a;
    const kind = verb === 'rm' || verb === 'container rm' || verb === 'container remove' ? 'containers' : verb === 'rmi' || verb === 'image rm' ? 'images' : verb === 'volume rm' ? 'volumes' : verb === 'kill' || verb === 'stop' || verb === 'container kill' || verb === 'container stop' ? 'running' : undefined;
    if (!kind) return undefined;
    let all = d.rest.args.some((w) => listsEverything(w) !== undefined);
    const x = cmd.argsFromInput ? wrapperOf(rc.line, cmd) : undefined;
    if (!all && x) {
      const src = upstream(rc.line, x)[0];
      if (src && ENGINES.includes(src.program) && src.args.some((w) => /^-[a-z]*q/.test(w.text)) && src.args.some((w) => /^-[a-z]*a/.test(w.text) || w.text === '--all' || w.text === 'ls' || w.text === 'images')) all = true;
    }
    if (!all) return undefined;
    if (kind === 'volumes') return undefined; // volume rm is reported by container.volume-delete
    const force = hasFlag(d.rest, '-f', '--force');
    const severity: Severity = kind === 'containers' ? (force ? 'high' : 'medium') : 'medium';
    const message =
      kind === 'containers'
        ? `Removes every container${force ? ', running ones included' : ''}; their writable layers and anonymous volumes are lost.`
        : kind === 'images'
          ? 'Removes every image; they must be pulled or rebuilt.'
          : 'Stops or kills every running container.';
    return containerReach(cmd, rc, { severity, message, span: spanTo(cmd, tail(d)), suggestion: 'Remove the containers you mean by name, or filter (docker ps -aq --filter name=…).' });
  },
  examples: {
    match: [{ cmd: 'docker rm -f $(docker ps -aq)', exactly: 'high' }, 'docker container rm -f $(docker container ls -aq)', { cmd: 'docker rmi $(docker images -q)', exactly: 'medium' }, { cmd: 'docker kill $(docker ps -q)', exactly: 'medium' }, 'docker ps -aq | xargs docker rm -f'],
    nearMiss: ['docker rm api', 'docker rm -f api', 'docker stop api', 'docker ps -aq', 'docker rm $(docker ps -aq --filter status=exited)'],
  },
};

export const containersPack: RulePack = {
  name: 'container',
  description: 'Docker, Podman and Compose commands that delete volumes or remove every container at once.',
  rules: [volumeLoss, removeAll],
  // What the rules decide about, and the everyday forms they leave quiet on purpose (`docker rm
  // api`, `docker stop api`, `docker image prune`, local networks, contexts and plugins). Swarm
  // services, stacks, secrets and nodes (`docker stack rm`, `docker secret rm`) are the generic layer's.
  owns: [
    ...ENGINES.flatMap((p) => ['rm', 'rmi', 'stop', 'kill', 'restart', 'pause', 'container', 'image', 'volume', 'system', 'builder', 'buildx', 'network', 'compose', 'context', 'plugin', 'manifest', 'logout', 'machine', 'pod'].map((sub) => `${p} ${sub}`)),
    ...COMPOSES,
  ],
};
