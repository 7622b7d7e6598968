/**
 * Remote and fan-out executors: tools whose operand is a command run on other machines, read
 * from each tool's documentation.
 *
 * - configuration management, ad hoc: `ansible PATTERN -m shell -a CMD` (also `command`, `raw`,
 *   and `-m file -a 'path=… state=absent'`), `salt TARGET cmd.run CMD` (and `file.remove PATH`),
 *   `knife ssh QUERY CMD`;
 * - parallel ssh: `pssh`/`parallel-ssh`, `pdsh`, `clush`, `dsh`, `mussh`, `fab -H … -- CMD`;
 * - cloud "run command": `aws ssm send-command --parameters commands=…`, `az vm run-command
 *   invoke --scripts …`, `gcloud compute ssh VM --command …`;
 * - machines of the developer's own: `vagrant ssh -c CMD`, `multipass exec VM -- CMD`,
 *   `lxc|incus exec C -- CMD`, `fly ssh console -C CMD`, `heroku run CMD`, `mosh HOST -- CMD`.
 *
 * The inner command is shell text judged by the engine like `ssh host CMD`. `reach` says when the
 * command runs on many machines at once (`all`, `*`, a group, a range, a search query), which
 * raises what it does there (command/analyze.ts).
 */
import type { SimpleCommand, Word } from './model';
import { own } from '../own';

export interface RemoteRun {
  /** Shell text, as one word (its map is the word's) or several words joined. */
  words: Word[];
  /** Text to judge instead of the words (a delete a module performs, a command inside JSON). */
  text?: string;
  /** The host, group, pattern or instance the command runs on. */
  target: string;
  /** Many machines at once: how the line says so (`all`, `*`, `a host group`, `hosts from hosts.txt`). */
  reach?: string;
  /** A container or VM of the developer (`lxc exec`): judged like `docker exec`. */
  container?: boolean;
  /** The language the command is in when it is not the line's shell (`psexec \\\\host cmd /c …`, `winrs -r:h "del …"`: cmd.exe). */
  language?: 'cmd';
}

function opt(args: readonly Word[], names: readonly string[]): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (names.includes(t)) return args[i + 1];
    const eq = t.indexOf('=');
    if (eq > 0 && names.includes(t.slice(0, eq))) return { ...args[i]!, text: t.slice(eq + 1), raw: t.slice(eq + 1) };
    // attached short value: -afoo
    for (const n of names) if (n.length === 2 && t.startsWith(n) && t.length > 2 && !t.startsWith('--')) return { ...args[i]!, text: t.slice(2), raw: t.slice(2) };
  }
  return undefined;
}

function has(args: readonly Word[], names: readonly string[]): boolean {
  return args.some((a) => names.includes(a.text));
}

/** Operands: words that are not options nor option values. */
function operandsOf(args: readonly Word[], valued: readonly string[], from = 0): Word[] {
  const out: Word[] = [];
  for (let i = from; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '--') return [...out, ...args.slice(i + 1)];
    if (t.startsWith('-') && t.length > 1) {
      if (valued.includes(t)) i++;
      continue;
    }
    out.push(args[i]!);
  }
  return out;
}

/** A host pattern that names many machines: `all`, `*`, groups and ranges. */
export function fanOut(pattern: string, groupsByName = false): string | undefined {
  if (pattern === 'all' || pattern === '*' || pattern === "'*'") return `every host (\`${pattern}\`)`;
  if (/[*?]/.test(pattern)) return `every host matching \`${pattern}\``;
  if (/\[\d+[-:]\d+\]|\{\d+\.\.\d+\}/.test(pattern)) return `the host range \`${pattern}\``;
  if (/[,:&!]/.test(pattern)) return `the hosts \`${pattern}\``;
  if (groupsByName && /^[A-Za-z_][\w-]*$/.test(pattern) && pattern !== 'localhost') return `the host group \`${pattern}\``;
  return undefined;
}

const ANSIBLE_VALUE = ['-i', '--inventory', '-u', '--user', '-m', '--module-name', '-a', '--args', '-f', '--forks', '-e', '--extra-vars', '-l', '--limit', '-T', '--timeout', '-B', '--background', '-P', '--poll', '-M', '--module-path', '-t', '--tree', '-c', '--connection', '--private-key', '--key-file', '--become-user', '--become-method', '--vault-password-file', '--vault-id', '-K'];

/** `ansible PATTERN -m MODULE -a ARGS`: the command module (the default), shell, raw; `file state=absent`. */
function ansible(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  if (has(a, ['-C', '--check', '--list-hosts', '--syntax-check'])) return undefined;
  const pattern = operandsOf(a, ANSIBLE_VALUE.filter((x) => x !== '-K'))[0];
  const argsWord = opt(a, ['-a', '--args']);
  if (!pattern || !argsWord) return undefined;
  const module = (opt(a, ['-m', '--module-name'])?.text ?? 'command').replace(/^ansible\.(builtin|legacy)\./, '');
  const reach = fanOut(pattern.text, true);
  const base = { target: pattern.text, ...(reach ? { reach } : {}) };
  if (module === 'command' || module === 'shell' || module === 'raw') {
    // key=value options before the command (chdir=/x creates=/y) are the module's, not the shell's
    const text = argsWord.text.replace(/^(\s*(chdir|creates|removes|executable|warn|stdin)=\S+\s+)+/, '');
    return text === argsWord.text ? { ...base, words: [argsWord] } : { ...base, words: [argsWord], text };
  }
  if (module === 'file') {
    const path = /(?:^|\s)(?:path|dest|name)=(\S+)/.exec(argsWord.text)?.[1];
    if (path && /(?:^|\s)state=absent\b/.test(argsWord.text)) return { ...base, words: [argsWord], text: `rm -rf -- ${path}` };
  }
  return undefined;
}

const SALT_VALUE = ['-t', '--timeout', '-b', '--batch-size', '--batch', '-c', '--config-dir', '--out', '--output', '--return', '-s', '--state-output', '--log-level', '-l', '--log-file', '--tgt-type', '--roster-file', '-i', '--priv'];
const SALT_TARGETING = ['-G', '--grain', '-L', '--list', '-E', '--pcre', '-N', '--nodegroup', '-C', '--compound', '-I', '--pillar', '-S', '--ipcidr', '-R', '--range'];

/** `salt TARGET cmd.run CMD`, `salt TARGET file.remove PATH` (salt-ssh takes the same). */
function salt(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  if (a.some((w) => /^test=(true|True)$/.test(w.text))) return undefined;
  const ops = operandsOf(a, SALT_VALUE);
  const [target, fn, ...rest] = ops;
  if (!target || !fn || rest.length === 0) return undefined;
  const by = SALT_TARGETING.find((t) => has(a, [t]));
  const reach = by ? `the minions ${by} \`${target.text}\` selects` : fanOut(target.text);
  const base = { target: target.text, ...(reach ? { reach } : {}) };
  const positional = rest.filter((w) => !/^\w+=/.test(w.text));
  if (/^cmd\.(run|run_all|run_stdout|run_stderr|shell|exec_code_all)$/.test(fn.text)) return { ...base, words: positional };
  if (fn.text === 'file.remove' && positional[0]) return { ...base, words: [positional[0]], text: `rm -rf -- ${positional[0].text}` };
  return undefined;
}

/** `pssh -h HOSTS CMD`, `pdsh -w HOSTS CMD`, `clush -a CMD`, `dsh -a -- CMD`: the rest is the command. */
function parallelSsh(cmd: SimpleCommand, valued: readonly string[], many: (a: readonly Word[]) => string | undefined, hostOpts: readonly string[]): RemoteRun | undefined {
  const a = cmd.args;
  const ops = operandsOf(a, valued);
  if (ops.length === 0) return undefined;
  const hosts = opt(a, hostOpts);
  const reach = many(a) ?? (hosts ? fanOut(hosts.text) : undefined);
  return { words: ops, target: hosts?.text ?? 'the hosts', ...(reach ? { reach } : {}) };
}

const PSSH_VALUE = ['-h', '--hosts', '-H', '--host', '-l', '--user', '-p', '--par', '-o', '--outdir', '-e', '--errdir', '-t', '--timeout', '-O', '--option', '-x', '--extra-args', '-X', '--extra-arg'];
const PDSH_VALUE = ['-w', '-x', '-g', '-X', '-l', '-t', '-u', '-f', '-R', '-M', '-N'];
const CLUSH_VALUE = ['-w', '-x', '-g', '--group', '-X', '-l', '--user', '-f', '--fanout', '-t', '--connect_timeout', '-u', '--command_timeout', '-o', '--options', '-O', '--option', '-R', '--worker', '--hostfile', '--topology', '--pick', '--rcopy', '--copy', '--dest'];
const DSH_VALUE = ['-m', '--machine', '-g', '--group', '-f', '--file', '-o', '--remoteshellopt', '-r', '--remoteshell', '-F', '--forklimit'];

function psshHosts(a: readonly Word[]): string | undefined {
  const file = opt(a, ['-h', '--hosts']);
  if (file) return `every host listed in ${file.text}`;
  return a.filter((w) => w.text === '-H' || w.text === '--host').length > 1 ? 'several hosts' : undefined;
}

function groupOrAll(a: readonly Word[]): string | undefined {
  if (has(a, ['-a', '--all'])) return 'every host of the cluster (-a)';
  const g = opt(a, ['-g', '--group']);
  return g ? `the host group \`${g.text}\`` : undefined;
}

/** `knife ssh QUERY CMD`: a Chef search query names every node it matches. */
function knife(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  if (a[0]?.text !== 'ssh') return undefined;
  const ops = operandsOf(a.slice(1), ['-a', '--attribute', '-C', '--concurrency', '-x', '--ssh-user', '-P', '--ssh-password', '-p', '--ssh-port', '-i', '--ssh-identity-file', '-G', '--ssh-gateway', '-e', '--exit-on-error']);
  const [query, ...rest] = ops;
  if (!query || rest.length === 0) return undefined;
  const manual = has(a, ['-m', '--manual-list']);
  const reach = manual ? fanOut(query.text.replace(/ /g, ',')) : `every node the search \`${query.text}\` matches`;
  return { words: rest, target: query.text, ...(reach ? { reach } : {}) };
}

/** `fab -H h1,h2 -- CMD` (Fabric 2). */
function fab(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  const dd = a.findIndex((w) => w.text === '--');
  if (dd < 0 || dd === a.length - 1) return undefined;
  const hosts = opt(a.slice(0, dd), ['-H', '--hosts']);
  const reach = hosts && hosts.text.includes(',') ? `the hosts \`${hosts.text}\`` : undefined;
  return { words: a.slice(dd + 1), target: hosts?.text ?? 'the hosts', ...(reach ? { reach } : {}) };
}

/** `mussh -h H1 H2 -c CMD` / `-H hostfile`. */
function mussh(cmd: SimpleCommand): RemoteRun | undefined {
  const c = opt(cmd.args, ['-c']);
  if (!c) return undefined;
  const file = opt(cmd.args, ['-H']);
  return { words: [c], target: file?.text ?? 'the hosts', reach: file ? `every host listed in ${file.text}` : 'several hosts' };
}

/** `vagrant ssh [NAME] -c CMD`, `gcloud compute ssh VM --command CMD`, `fly ssh console -C CMD`. */
function sshWithCommand(cmd: SimpleCommand, path: readonly string[], names: readonly string[]): RemoteRun | undefined {
  const a = cmd.args;
  if (!path.every((p, i) => a[i]?.text === p)) return undefined;
  const c = opt(a, names);
  if (!c) return undefined;
  const target = operandsOf(a.slice(path.length), [...names, '--zone', '--project', '-a', '--app', '-s', '--select', '--ssh-key-file', '--region', '-u', '--user']).find((w) => w !== c)?.text ?? cmd.program;
  return { words: [c], target };
}

/** `multipass exec VM -- CMD`, `lxc exec C -- CMD`, `incus exec C -- CMD`. */
function execInto(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  if (a[0]?.text !== 'exec') return undefined;
  const dd = a.findIndex((w) => w.text === '--');
  const target = a.slice(1).find((w) => !w.text.startsWith('-'));
  if (!target) return undefined;
  const words = dd >= 0 ? a.slice(dd + 1) : a.slice(a.indexOf(target) + 1);
  return words.length ? { words, target: target.text, container: true } : undefined;
}

/** `heroku run CMD -a APP`: a one-off dyno of the app runs it. */
function herokuRun(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  if (a[0]?.text !== 'run' && a[0]?.text !== 'run:detached') return undefined;
  const app = opt(a, ['-a', '--app']);
  const words = operandsOf(a.slice(1), ['-a', '--app', '-r', '--remote', '-s', '--size', '-e', '--env', '--type']);
  return words.length ? { words, target: app?.text ?? 'the app' } : undefined;
}

/** `aws ssm send-command --document-name AWS-RunShellScript --parameters commands=[…]`. */
function awsSsm(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  if (a[0]?.text !== 'ssm' || a[1]?.text !== 'send-command') return undefined;
  const doc = opt(a, ['--document-name'])?.text ?? '';
  if (!/RunShellScript|RunPowerShellScript/.test(doc)) return undefined;
  const p = opt(a, ['--parameters']);
  if (!p) return undefined;
  const commands = ssmCommands(p.text);
  if (!commands.length) return undefined;
  const targets = opt(a, ['--targets']);
  const ids = a.findIndex((w) => w.text === '--instance-ids');
  const idWords: Word[] = [];
  for (let k = ids + 1; ids >= 0 && k < a.length && !a[k]!.text.startsWith('--'); k++) idWords.push(a[k]!);
  const reach = targets ? `every instance \`${targets.text}\` selects` : idWords.length > 1 || /,/.test(idWords[0]?.text ?? '') ? 'several instances' : undefined;
  return { words: [p], text: commands.join('\n'), target: targets?.text ?? (idWords.map((w) => w.text).join(',') || 'the instances'), ...(reach ? { reach } : {}) };
}

/** The commands of `commands=["a","b"]`, `commands='a'`, `{"commands":["a"]}`. */
function ssmCommands(text: string): string[] {
  try {
    const j: unknown = JSON.parse(text);
    if (j && typeof j === 'object' && Array.isArray((j as { commands?: unknown }).commands)) return ((j as { commands: unknown[] }).commands).filter((x): x is string => typeof x === 'string');
  } catch {
    // the shorthand syntax
  }
  const m = /^commands=(.*)$/s.exec(text.trim());
  if (!m) return [];
  const v = m[1]!.trim();
  if (v.startsWith('[')) {
    try {
      const arr: unknown = JSON.parse(v);
      if (Array.isArray(arr)) return arr.filter((x): x is string => typeof x === 'string');
    } catch {
      return v.slice(1, -1).split(/",\s*"/).map((s) => s.replace(/^"|"$/g, ''));
    }
  }
  return [v.replace(/^["']|["']$/g, '')];
}

/** `az vm run-command invoke … --scripts CMD…` (vmss: on instances). */
function azRunCommand(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  if ((a[0]?.text !== 'vm' && a[0]?.text !== 'vmss') || a[1]?.text !== 'run-command' || a[2]?.text !== 'invoke') return undefined;
  const i = a.findIndex((w) => w.text === '--scripts');
  if (i < 0) return undefined;
  const words: Word[] = [];
  for (let k = i + 1; k < a.length && !a[k]!.text.startsWith('--'); k++) words.push(a[k]!);
  if (!words.length) return undefined;
  const name = opt(a, ['-n', '--name'])?.text ?? 'the VM';
  const inst = opt(a, ['--instance-id'])?.text;
  const reach = a[0]!.text === 'vmss' && (inst === '*' || inst === undefined) ? `every instance of the scale set ${name}` : undefined;
  return { words, target: name, ...(reach ? { reach } : {}) };
}

/** `mosh HOST -- CMD`. */
function mosh(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  const dd = a.findIndex((w) => w.text === '--');
  if (dd < 1 || dd === a.length - 1) return undefined;
  const host = operandsOf(a.slice(0, dd), ['--ssh', '--port', '-p', '--predict', '--family', '--server', '--client', '--bind-server'])[0];
  return host ? { words: a.slice(dd + 1), target: host.text } : undefined;
}

/** PsExec's options that take a value as the next word (`-u USER`, `-p PW`, `-w DIR`, `-n SECS`, `-r NAME`, `-a CPUS`). */
const PSEXEC_VALUE = ['-u', '-p', '-w', '-n', '-r', '-a', '-csrc', '-cnodel'];

/**
 * `psexec \\\\HOST [-s] [-u USER] CMD ARGS…` (also PAExec): CMD runs on HOST (`\\\\*` every computer
 * of the domain, `\\\\a,b` several, `@file` each computer the file lists); cmd.exe reads it.
 */
function psexec(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  let target: string | undefined;
  let i = 0;
  for (; i < a.length; i++) {
    const t = a[i]!.text;
    if (target === undefined && (t.startsWith('\\') || t.startsWith('@'))) {
      target = t;
      continue;
    }
    if (!/^[-/]/.test(t) || t.includes('\\')) break;
    if (PSEXEC_VALUE.includes(t.toLowerCase())) i++;
    // `-i` takes an optional session number
    else if (t.toLowerCase() === '-i' && /^\d+$/.test(a[i + 1]?.text ?? '')) i++;
  }
  const words = a.slice(i);
  if (words.length === 0) return undefined;
  const host = target ?? 'the local computer';
  const hosts = host.replace(/^\\\\/, '');
  const reach = hosts === '*' ? 'every computer in the domain (\\\\*)' : host.startsWith('@') ? `every computer listed in ${host.slice(1)}` : hosts.includes(',') ? `the computers \`${hosts}\`` : undefined;
  return { words, target: host, language: 'cmd', ...(reach ? { reach } : {}) };
}

/** `winrs -r:HOST [-u:USER] CMD…`: Windows Remote Shell runs CMD on HOST with cmd.exe. */
function winrs(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  let host: string | undefined;
  let i = 0;
  for (; i < a.length && /^[-/]\w/.test(a[i]!.text); i++) {
    const m = /^[-/](?:r|remote):(.+)$/i.exec(a[i]!.text);
    if (m) host = m[1]!;
  }
  const words = a.slice(i);
  return host && words.length > 0 ? { words, target: host, language: 'cmd' } : undefined;
}

/** `runas /user:DOMAIN\\admin "CMD ARGS"`: CMD runs as that user (another account's rights and network identity). */
function runas(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  let user: string | undefined;
  let i = 0;
  for (; i < a.length && /^\/\w/.test(a[i]!.text); i++) {
    const m = /^\/user:(.+)$/i.exec(a[i]!.text);
    if (m) user = m[1]!;
  }
  const words = a.slice(i);
  return user && words.length === 1 ? { words, target: `the account ${user}`, language: 'cmd' } : undefined;
}

/** `rsh [-l USER] [-n] HOST CMD…` (also remsh, rexec): the command runs on HOST like `ssh HOST CMD`. */
function rsh(cmd: SimpleCommand): RemoteRun | undefined {
  const [host, ...words] = operandsOf(cmd.args, ['-l', '-p', '-t']);
  return host && words.length > 0 ? { words, target: host.text } : undefined;
}

/** `wmic [/node:HOST[,HOST]] process call create "CMD"`: Windows Management starts CMD on each node (cmd.exe reads it). */
function wmic(cmd: SimpleCommand): RemoteRun | undefined {
  const a = cmd.args;
  const i = a.findIndex((w, k) => w.text.toLowerCase() === 'process' && a[k + 1]?.text.toLowerCase() === 'call' && a[k + 2]?.text.toLowerCase() === 'create');
  const line = i >= 0 ? a[i + 3] : undefined;
  if (!line) return undefined;
  const node = a.find((w) => /^\/node:/i.test(w.text))?.text.slice(6).replace(/^"|"$/g, '');
  const reach = node === undefined ? undefined : node.startsWith('@') ? `every computer listed in ${node.slice(1)}` : node.includes(',') ? `the computers \`${node}\`` : undefined;
  return { words: [line], target: node ?? 'the local computer', language: 'cmd', ...(reach ? { reach } : {}) };
}

const EXECUTORS: Readonly<Record<string, (cmd: SimpleCommand) => RemoteRun | undefined>> = {
  rsh,
  remsh: rsh,
  rexec: rsh,
  wmic,
  psexec,
  psexec64: psexec,
  paexec: psexec,
  winrs,
  runas,
  ansible,
  // ansible-runner(1): the same ad-hoc module run, on the hosts its --hosts names.
  'ansible-runner': (c) => {
    const r = ansible({ ...c, args: c.args.filter((w) => w.text !== 'run') });
    const hosts = opt(c.args, ['--hosts'])?.text;
    return r && hosts ? { ...r, target: hosts } : r;
  },
  salt,
  'salt-ssh': salt,
  knife,
  pssh: (c) => parallelSsh(c, PSSH_VALUE, psshHosts, ['-H', '--host']),
  'parallel-ssh': (c) => parallelSsh(c, PSSH_VALUE, psshHosts, ['-H', '--host']),
  pdsh: (c) => parallelSsh(c, PDSH_VALUE, groupOrAll, ['-w']),
  clush: (c) => parallelSsh(c, CLUSH_VALUE, groupOrAll, ['-w']),
  dsh: (c) => parallelSsh(c, DSH_VALUE, groupOrAll, ['-m', '--machine']),
  mussh,
  fab,
  vagrant: (c) => sshWithCommand(c, ['ssh'], ['-c', '--command']),
  gcloud: (c) => sshWithCommand(c, ['compute', 'ssh'], ['--command']),
  fly: (c) => sshWithCommand(c, ['ssh', 'console'], ['-C', '--command']),
  flyctl: (c) => sshWithCommand(c, ['ssh', 'console'], ['-C', '--command']),
  multipass: execInto,
  lxc: execInto,
  incus: execInto,
  heroku: herokuRun,
  aws: awsSsm,
  az: azRunCommand,
  mosh,
};

/** The command a remote or fan-out executor runs elsewhere; undefined when the command is not one. */
export function remoteRun(cmd: SimpleCommand): RemoteRun | undefined {
  return own(EXECUTORS, cmd.program)?.(cmd);
}

export function isExecutor(program: string): boolean {
  return own(EXECUTORS, program) !== undefined;
}
