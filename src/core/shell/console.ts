/**
 * Requests typed to a console: many tools read commands at a prompt — on their standard input
 * (a heredoc, a here-string, `echo … |`, `printf … |`) or as one quoted request on the command
 * line (`dgmgrl CONNECT "REMOVE CONFIGURATION"`, `ntdsutil snapshot "delete *" quit`). This module
 * finds such text, splits it into requests (lines, `;`-separated statements) and turns each into
 * a command the engine already judges, without a table of tools:
 *
 * - SQL is left whole to the SQL reader (command/packs/embedded.ts asks `readsRequestsOnStdin`);
 * - an HTTP method and a URL (`DELETE https://…/indexes/x`) becomes `curl -X METHOD URL`;
 * - an LDIF record with `changetype: delete` becomes `ldapdelete DN`;
 * - Redis protocol words sent raw to a server (`printf 'FLUSHALL\r\n' | socat - TCP:h:6379`)
 *   become `redis-cli -h HOST -p PORT …`;
 * - a request starting with `!` is a shell escape, one starting with a program the engine runs
 *   itself (`sudo …`, `bash -c …`) is that command line;
 * - any other request is the console's own subcommand, `<program> <request>`, read by the generic
 *   layer like any tool's (`DELETE NOPROMPT BACKUP` is `rman DELETE NOPROMPT BACKUP`); a verb
 *   after one constructive context word is the request's verb (`update delete NAME A`).
 *
 * Text that is data or a message stays text: the input of filters, encoders, pagers, uploaders,
 * assistants and speech tools; input handed to a subcommand that takes data (`X import`, `X add`);
 * JSON, YAML, XML and `key=value` lines; prose (a sentence about a delete is not one).
 */
import type { SimpleCommand, StaticInput, Word } from './model';
import { isReadOnlyWord, readWord } from '../command/generic/verbs';
import { isOptionWord } from './normalise';

/** Programs whose standard input is data they filter, encode, hash, store, send, show or speak — never requests. */
const DATA_INPUT: ReadonlySet<string> = new Set([
  'base64', 'base32', 'basenc', 'gzip', 'gunzip', 'zcat', 'bzip2', 'bunzip2', 'xz', 'unxz', 'zstd', 'unzstd', 'lz4', 'lzma', 'brotli', 'pigz', 'compress', 'uuencode', 'uudecode',
  'jq', 'yq', 'gojq', 'jaq', 'fx', 'jless', 'gron', 'dasel', 'mlr', 'miller', 'csvlook', 'csvcut', 'xsv', 'qsv', 'xmllint', 'xmlstarlet', 'tidy', 'pandoc', 'markdown', 'glow', 'bat', 'batcat',
  'tee', 'cat', 'tac', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'wc', 'sort', 'uniq', 'awk', 'gawk', 'mawk', 'nawk', 'sed', 'gsed', 'tr', 'cut', 'paste', 'join', 'column', 'fmt', 'fold', 'nl', 'rev', 'shuf', 'head', 'tail', 'split', 'csplit', 'expand', 'unexpand', 'comm', 'diff', 'cmp', 'strings', 'iconv', 'dos2unix', 'unix2dos', 'envsubst', 'sponge', 'pv', 'buffer', 'dd', 'od', 'xxd', 'hexdump', 'hd',
  'md5sum', 'sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'b2sum', 'cksum', 'sum', 'shasum', 'md5', 'openssl', 'gpg', 'gpg2', 'age', 'rage', 'sops', 'minisign', 'signify', 'ssh-keygen', 'htpasswd', 'mkpasswd', 'chpasswd', 'passwd', 'cryptsetup', 'systemd-ask-password',
  'less', 'more', 'most', 'view', 'vim', 'vi', 'nvim', 'nano', 'emacs', 'code', 'subl', 'fzf', 'sk', 'peco', 'percol', 'rofi', 'dmenu', 'wofi', 'fuzzel', 'gum',
  'xclip', 'xsel', 'pbcopy', 'wl-copy', 'clip', 'clip.exe', 'lp', 'lpr', 'enscript', 'a2ps', 'qrencode', 'figlet', 'toilet', 'cowsay', 'lolcat', 'boxes', 'espeak', 'espeak-ng', 'festival', 'say', 'piper', 'spd-say', 'trans', 'aspell', 'hunspell', 'ispell', 'wall', 'write', 'logger', 'systemd-cat', 'ts', 'moreutils',
  'mail', 'mailx', 'sendmail', 'msmtp', 'mutt', 'neomutt', 's-nail', 'ssmtp', 'swaks', 'notify-send', 'terminal-notifier',
  'curl', 'wget', 'http', 'https', 'xh', 'curlie', 'aws', 'gsutil', 'gcloud', 'az', 'azcopy', 'rclone', 'mc', 's3cmd', 'b2', 'scp', 'rsync', 'tar', 'zip', 'unzip', '7z', 'bsdtar', 'cpio', 'pax',
  'docker', 'podman', 'kubectl', 'oc', 'helm', 'nerdctl', 'crictl', 'git', 'hg', 'svn', 'gh', 'glab', 'patch', 'sshpass', 'expect', 'xargs', 'parallel', 'watch', 'timeout', 'nohup', 'time', 'env', 'sudo', 'doas',
  // assistants and chat tools read a prompt: prose, never a request
  'llm', 'aichat', 'sgpt', 'mods', 'claude', 'gemini', 'codex', 'chatgpt', 'tgpt', 'fabric', 'ollama', 'aider', 'gpt', 'copilot', 'cody', 'q', 'openai', 'slackcat', 'teams', 'discord', 'telegram-send', 'signal-cli', 'matrix-commander', 'ntfy', 'apprise', 'pushover',
  'read', 'mapfile', 'readarray', 'true', 'false', ':', 'test', 'yes', 'sleep', 'wait',
  // runtimes run a program whose input it is; checkers and formatters read code or text
  'java', 'dotnet', 'go', 'cargo', 'mvn', 'gradle', 'explainshell', 'shellcheck', 'shfmt', 'black', 'prettier', 'eslint', 'cspell', 'vale', 'sqlfluff', 'pgformatter', 'sql-formatter', 'sqlformat', 'yamllint', 'hadolint', 'markdownlint',
]);

/** Programs that send their input raw over a network connection: only a data store protocol's own requests are read. */
const RAW_NETWORK: ReadonlySet<string> = new Set(['nc', 'ncat', 'netcat', 'nc.openbsd', 'nc.traditional', 'socat', 'telnet', 'websocat', 'gnutls-cli', 'busybox-nc']);

/** Subcommand words that open a tool's console (`hbase shell`, `X sql`, `X query -`): its input is requests. */
const CONSOLE_SUB = /^(?:shell|console|cli|repl|sql|query|exec|execute|batch|interactive|admin|prompt|session|script)$/i;

/** Requests that end a session or answer a prompt, not requests of their own. */
const TERMINATOR = /^(?:quit|exit|bye|q|end|go|send|commit|\\q|y|yes|n|no|ok|\d+|connect\b.*|\.quit|\.exit|:q|:wq)$/i;

/** Words of prose that a console request does not hold: a sentence about a delete, not one. */
const PROSE = /\b(?:the|this|that|these|those|please|because|after|before|when|was|were|should|would|could|will|we|our|my|your|you|it's|i'm|let's|how|why|what|which|done|today|yesterday)\b/i;

/** A request we read: plain words, quotes and simple punctuation (no code of another language). */
const PLAIN = /^[\w\s./\\:@"'=,*+%~#$-]*$/;

/** Options whose value `-` or `@-` says the input is a body, a file or a message the tool stores or sends. */
const DATA_OPTION = /^-{1,2}(?:d|T|F|i|data[\w-]*|body[\w-]*|message[\w-]*|msg|file|input|payload|content|value|upload-file|stdin-filename|template|values|attachment|from-file|notes?-file)$/;

/** A request a console read (`sftp` given `rm /x/*` on its input): the program's own words, re-read as its subcommand. */
export function typedAtConsole(cmd: SimpleCommand): boolean {
  const v = cmd.via[cmd.via.length - 1];
  return v !== undefined && v.kind === 'prefix' && v.program === cmd.program;
}

/** The input text as a word of the line (its span is the heredoc, here-string or echoed text). */
export function inputWord(input: StaticInput): Word {
  return { text: input.text, raw: input.text, span: input.span, dynamic: false, glob: false, tilde: false, quoted: true, expansions: [] };
}

/** How the input reaches the program, as the finding says it. */
export function inputHow(kind: 'heredoc' | 'herestring' | 'pipe'): string {
  return kind === 'herestring' ? 'here-string' : kind === 'heredoc' ? 'heredoc' : 'stdin';
}

/** Lines and `;`-separated statements (outside quotes), trimmed, without comments, blank lines and carriage returns. */
export function splitRequests(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.replace(/\\r(?=\n|$)/g, '').replace(/\r/g, '').split('\n')) {
    let q = '';
    let cur = '';
    for (const ch of raw) {
      if (q) {
        if (ch === q) q = '';
      } else if (ch === '"' || ch === "'") q = ch;
      else if (ch === ';') {
        out.push(cur);
        cur = '';
        continue;
      }
      cur += ch;
    }
    out.push(cur);
  }
  return out.map((x) => x.trim()).filter((x) => x && !/^(?:#|--|\/\/|rem\s)/i.test(x));
}

/** Text that is data, not requests: JSON, XML, YAML, `key=value` settings (an LDIF record is read on its own). */
function looksLikeData(requests: readonly string[]): boolean {
  const first = requests[0] ?? '';
  if (/^[[{<]/.test(first)) return true;
  if (requests.some((r) => /^(?:-\s|[\w.-]+:(?:\s|$))/.test(r))) return true;
  return requests.every((r) => /^[\w.-]+=/.test(r));
}

/** The shell word for one token of a request: as it is when it is plain, else single-quoted. */
function shellToken(t: string): string {
  const bare = /^(["'])(.*)\1$/s.exec(t)?.[2] ?? t;
  if (/^[\w./:@=,+%~*-]+$/.test(bare) && bare === t) return t;
  return `'${bare.replace(/'/g, '')}'`;
}

/** The tokens of a request, quoted strings kept whole. */
function tokens(request: string): string[] {
  return request.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
}

/** Constructive or data-bearing context words a request's verb can follow (`update delete NAME A`, `request system …`). */
const KEEPS_DATA = new Set(['set', 'add', 'put', 'insert', 'append', 'push', 'echo', 'print', 'write', 'send', 'post', 'publish', 'tag', 'label', 'note', 'comment', 'new', 'create', 'import', 'load', 'upload', 'copy', 'cp', 'mv', 'move', 'rename']);

/** The request without a leading context word that a destroy or revoke verb follows (`update delete x` → `delete x`). */
function verbFirst(words: readonly string[]): readonly string[] {
  if (words.length < 2) return words;
  const [w0, w1] = [words[0]!, words[1]!];
  if (!/^[A-Za-z]+$/.test(w0) || !/^[A-Za-z_]+$/.test(w1) || KEEPS_DATA.has(w0.toLowerCase()) || isReadOnlyWord(w0.toLowerCase())) return words;
  const lead = readWord(w0);
  const next = readWord(w1);
  return lead === 'quiet' && typeof next === 'object' && (next.cls === 'destroy' || next.cls === 'revoke') ? words.slice(1) : words;
}

/** A request that starts with a verb that loses or takes away something, perhaps after one context word (`delete x`, `manage truncate ns`, `update delete x`). */
export function leadsWithVerb(request: string, only?: 'destroy'): boolean {
  const words = tokens(request).slice(0, 2);
  const w0 = words[0] ?? '';
  if (!/^(?:[a-z][\w-]*|[A-Z][A-Z0-9_]*)$/.test(w0) || KEEPS_DATA.has(w0.toLowerCase()) || isReadOnlyWord(w0.toLowerCase())) return false;
  return words.some((w) => {
    const v = /^[A-Za-z][\w-]*$/.test(w) ? readWord(w) : undefined;
    return typeof v === 'object' && (only ? v.cls === only && !v.needsReach : v.cls !== 'stop');
  });
}

/** The program's name as a shell word. */
function programWord(program: string): string {
  return /^[\w.+-]+$/.test(program) ? program : `'${program.replace(/'/g, '')}'`;
}

/** `<program> <request>` as a shell line, each word of the request quoted when it is not plain. */
export function requestLine(program: string, words: readonly string[]): string {
  return [programWord(program), ...words.map(shellToken)].join(' ');
}

export interface ConsoleOptions {
  /** Programs the engine runs itself (shells, interpreters, prefixes): a request starting with one is that command line. */
  knows?: (program: string) => boolean;
  /** Words that stand before every request (a context the console was put in: `snapshot` before `"delete *"`). */
  context?: readonly string[];
  /** Text that reads as a SQL statement (the SQL reader judges it). */
  isSql?: (text: string) => boolean;
}

/** One LDIF record deleted per `changetype: delete`: `ldapdelete DN`. */
function ldifDeletes(text: string): { line: string; dn: string }[] | undefined {
  if (!/^\s*changetype:\s*delete\s*$/im.test(text)) return undefined;
  const out: { line: string; dn: string }[] = [];
  for (const rec of text.split(/\n\s*\n/)) {
    const dn = /^\s*dn:\s*(.+?)\s*$/im.exec(rec)?.[1];
    if (dn && /^\s*changetype:\s*delete\s*$/im.test(rec)) out.push({ line: `ldapdelete ${shellToken(`'${dn}'`)}`, dn });
  }
  return out.length ? out : undefined;
}

/** An HTTP request line (`DELETE https://host/path`, `DELETE /path HTTP/1.1` with a known host): `curl -X METHOD URL`. */
function httpRequest(request: string, host?: string): string | undefined {
  const m = /^(DELETE|PUT|POST|PATCH)\s+(\S+)(?:\s+HTTP\/[\d.]+)?$/.exec(request);
  if (!m) return undefined;
  const url = /^https?:\/\//i.test(m[2]!) ? m[2]! : host && m[2]!.startsWith('/') ? `http://${host}${m[2]!}` : undefined;
  return url && /^[\w:/.?&=%~+@,-]+$/.test(url) ? `curl -X ${m[1]} ${url}` : undefined;
}

/** Shell code the engine judges, one command per line, and for each line the request it was read from. */
export interface ConsoleLines {
  code: string;
  /** The text of the request each line of `code` came from, as it stands in the input. */
  requests: string[];
}

/**
 * The requests in `text` a console reads, as shell code (one command per line) the engine judges;
 * 'sql' when they are SQL statements (the SQL reader reads them whole); undefined when the text is
 * data, prose, or holds no request we read.
 */
export function consoleLines(program: string, text: string, opts: ConsoleOptions = {}): ConsoleLines | 'sql' | undefined {
  if (text.length > 8000) return undefined;
  const ldif = ldifDeletes(text);
  if (ldif) return { code: ldif.map((x) => x.line).join('\n'), requests: ldif.map((x) => x.dn) };
  const requests = splitRequests(text).filter((r) => !TERMINATOR.test(r));
  if (requests.length === 0 || requests.length > 24) return undefined;
  if (opts.isSql && requests.some((r) => opts.isSql!(r))) return 'sql';
  if (looksLikeData(requests)) return undefined;
  const out: string[] = [];
  for (const r of requests) {
    const line = requestOf(program, r, opts);
    if (line === undefined) return undefined;
    out.push(line);
  }
  return { code: out.join('\n'), requests };
}

/** `consoleLines`' code alone. */
export function consoleCode(program: string, text: string, opts: ConsoleOptions = {}): string | 'sql' | undefined {
  const r = consoleLines(program, text, opts);
  return r === 'sql' || r === undefined ? r : r.code;
}

/** The command one request stands for; undefined when it is not a request we read (code, prose, a title). */
function requestOf(program: string, r: string, opts: ConsoleOptions): string | undefined {
  if (r.startsWith('!')) return r.slice(1);
  const http = httpRequest(r);
  if (http) return http;
  if (!PLAIN.test(r) || PROSE.test(r) || r.length > 200) return undefined;
  const words = tokens(r);
  if (words.length === 0 || !/^[A-Za-z_][\w.-]*$/.test(words[0]!)) return undefined;
  if (opts.knows?.(words[0]!)) return r;
  // a title or a file name (`Delete Me.pdf`, `Remove Old Files`), not a request typed at a prompt
  if (/^[A-Z][a-z]/.test(words[0]!)) return undefined;
  return requestLine(program, [...(opts.context ?? []), ...verbFirst(words.map(keyword))]);
}

/** Words a console takes for "do not ask" (`DELETE NOPROMPT …`, `delete volume=V yes`, `delete backup * force`), as the option a command line would use. */
const NO_PROMPT: Readonly<Record<string, string>> = { noprompt: '--no-prompt', noconfirm: '--no-confirm', force: '--force', yes: '--yes' };

/** A console keyword as a command line's word: upper-case keywords in lower case (`ALL` reaches everything), "do not ask" words as options. */
function keyword(t: string, i: number, words: readonly string[]): string {
  const w = /^[A-Z]{2,}$/.test(t) ? t.toLowerCase() : t;
  const opt = i > 0 && Object.hasOwn(NO_PROMPT, w) && (w !== 'yes' || i === words.length - 1) ? NO_PROMPT[w] : undefined;
  return opt ?? w;
}

/** Redis commands that lose data, sent raw to a server (`FLUSHALL`, `DEL key`, `CONFIG SET dir …`). */
const REDIS_WORD = /^(?:FLUSHALL|FLUSHDB|DEL|UNLINK|SHUTDOWN|SWAPDB|CONFIG|SCRIPT|FUNCTION|CLUSTER|DEBUG|REPLICAOF|SLAVEOF|EVAL|EVALSHA|MIGRATE|RENAME|EXPIRE|PEXPIRE|SET|GETDEL|HDEL|SREM|ZREM|LTRIM|XTRIM|XDEL|ACL)$/i;

/** The host and port a raw network client talks to (`nc HOST PORT`, `socat - TCP:HOST:PORT`, `telnet HOST PORT`, `openssl s_client -connect HOST:PORT`). */
function networkPeer(cmd: SimpleCommand): { host: string; port?: string; socket?: string } | undefined {
  // an admin socket (`socat stdio /run/haproxy.sock`, `nc -U /var/run/docker.sock`): the service it belongs to
  const socket = cmd.args.map((w) => /^(?:UNIX(?:-CONNECT|-CLIENT)?:)?((?:\/[\w.-]+)*\/([\w.-]+)\/([\w-]+?)(?:[._-]?(?:admin|api|ctl|control|master))?\.(?:sock|socket))$/i.exec(w.text)).find((m) => m);
  // a socket named for its role (`/run/haproxy/admin.sock`) belongs to the folder's service
  if (socket) return { host: (/^(?:admin|api|ctl|control|master|cli|)$/i.test(socket[3]!) ? socket[2]! : socket[3]!).toLowerCase(), socket: socket[1]! };
  // `openssl s_client -connect HOST:PORT`
  const connect = cmd.args.findIndex((w) => w.text === '-connect');
  const to = connect >= 0 ? /^([\w.-]+):(\d+)$/.exec(cmd.args[connect + 1]?.text ?? '') : null;
  if (to) return { host: to[1]!, port: to[2]! };
  const ops = cmd.args.filter((w) => !isOptionWord(w.text) && w.text !== '-').map((w) => w.text);
  for (const t of ops) {
    const m = /^(?:TCP[46]?|OPENSSL|SSL|TCP-CONNECT|tcp):([\w.-]+):(\d+)/i.exec(t);
    if (m) return { host: m[1]!, port: m[2]! };
  }
  const host = ops.find((t) => /^[\w.-]+$/.test(t) && !/^\d+$/.test(t));
  const port = ops.find((t) => /^\d+$/.test(t));
  return host ? { host, ...(port ? { port } : {}) } : undefined;
}

/**
 * Requests sent raw to a network service: Redis commands become `redis-cli -h HOST -p PORT …`,
 * HTTP request lines `curl`; requests to an admin socket are the service's own (`haproxy clear table x`).
 */
function networkRequests(cmd: SimpleCommand, text: string): ConsoleLines | undefined {
  const peer = networkPeer(cmd);
  if (!peer) return undefined;
  const out: string[] = [];
  const requests: string[] = [];
  for (const r of splitRequests(text)) {
    const words = tokens(r);
    const http = httpRequest(r, peer.port ? `${peer.host}:${peer.port}` : peer.host);
    const line = http ?? (peer.socket !== undefined ? requestOf(peer.host, r, {}) : words.length > 0 && REDIS_WORD.test(words[0]!) && PLAIN.test(r) ? `redis-cli -h ${shellToken(peer.host)}${peer.port ? ` -p ${peer.port}` : ''} ${words.map(shellToken).join(' ')}` : undefined);
    if (line === undefined) continue;
    out.push(line);
    requests.push(r);
  }
  return out.length ? { code: out.join('\n'), requests } : undefined;
}

/** The words of `args` that are not options, nor values right after an option without `=`, before `--`. */
function positionals(args: readonly Word[]): { words: Word[]; afterOption: Set<Word> } {
  const words: Word[] = [];
  const afterOption = new Set<Word>();
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '--') break;
    if (isOptionWord(t)) continue;
    const prev = args[i - 1]?.text;
    if (prev !== undefined && isOptionWord(prev) && !prev.includes('=')) afterOption.add(args[i]!);
    else words.push(args[i]!);
  }
  return { words, afterOption };
}

/** A word that says what the tool should do: a verb the generic layer reads, a read-only or constructive subcommand. */
function verbWord(t: string): boolean {
  return /^[A-Za-z][\w-]*$/.test(t) && (readWord(t) !== undefined || isReadOnlyWord(t.toLowerCase()));
}

/** A file of data the tool is given (`import.json`, `rows.csv`): the input is not its requests. */
const DATA_FILE = /\.(?:json|ya?ml|csv|tsv|xml|txt|md|log|gz|zip|tar|bin|img|iso|sql|ldif|conf|ini|toml|env|pem|key|crt)$/i;

/** A program whose standard input is data it filters, encodes, stores, sends or shows (`gzip`, `aws s3 cp -`, `llm`). */
export function takesDataInput(program: string): boolean {
  return DATA_INPUT.has(program) || RAW_NETWORK.has(program);
}

/** A program named as a console (`bconsole`, `virsh`, `kadmin.local`, `zkCli.sh`, `nzsql`, `fdbcli`, `mgconsole`). */
const CONSOLE_NAME = /(?:console|sh|shell|admin|adm|ctl|cli|client|sql|mgr)$/i;

/** The program's name says it is a console (`vtysh`, `gfsh`, `nebula-console`, `kadmin.local`). */
export function namedConsole(program: string): boolean {
  return CONSOLE_NAME.test(program.replace(RUN_EXTENSION, ''));
}
/** Extensions of scripts and programs run by file, stripped before the name is read. */
const RUN_EXTENSION = /\.(?:sh|bash|py|js|mjs|cjs|ts|rb|pl|php|jar|exe|cmd|bat|ps1|local)$/i;
/** Options that connect a console to a server, log in to an account or take a batch of requests on its input (`-h HOST`, `-U user`, `-id=admin`, `--url`, `-b -`). */
const CONNECT = /^(?:-[hHSUDkwu]|--?(?:host|hostname|server|url|uri|endpoint|cluster|user|username|id|password|pass|pw|login|port|instance|database|db|node|addr|address|dsn|connect|conn|target)|-b|--batch)(?:=|$)/i;
/** A positional operand that names a server: a URL, `user@host`, a share, a device, a dotted host name, `host:port`, a port number. */
const SERVER_OPERAND = /^(?:[a-z][\w+.-]*:\/\/|\/\/|\\\\|\/dev\/|[\w.%+-]+@[\w.-]+|[a-z][\w-]*(?:\.[\w-]+)+(?::\d+)?$|[\w-]+:\d{2,5}$|\d{2,5}$)/i;

/**
 * Whether the program reads its (static) standard input as requests. Not a filter, encoder,
 * uploader, assistant, linter or a tool the engine unwraps, not a script or a program run from a
 * path, and given no subcommand that takes data (`X import`, `X add`); and it says it is a console:
 * by its name (`…console`, `…sh`, `…admin`, `…ctl`, `…cli`, `…sql`), a console subcommand (`hbase
 * shell`), a server or account it connects to (`-h HOST`, `user@host`, `ftp.example.com`), or by its
 * input — a request in upper-case keywords (`DELETE NOPROMPT BACKUP`), or several requests.
 */
export function readsRequestsOnStdin(cmd: SimpleCommand, knows: (program: string) => boolean = () => false): boolean {
  const input = cmd.stdin;
  const p = cmd.program;
  if (!input || input.dynamic || p === '' || cmd.dynamicName || DATA_INPUT.has(p) || RAW_NETWORK.has(p) || knows(p) || p.includes('/')) return false;
  const base = p.replace(RUN_EXTENSION, '');
  if (base !== p && !CONSOLE_NAME.test(base)) return false;
  const a = cmd.args;
  let connects = false;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text;
    if (t === '--help' || t === '--version') return false;
    if (a[i + 1] && (a[i + 1]!.text === '-' || a[i + 1]!.text === '@-') && DATA_OPTION.test(t)) return false;
    if (/^-[\w-]*=@?-$/.test(t) && DATA_OPTION.test(t.slice(0, t.indexOf('=')))) return false;
    if (CONNECT.test(t)) connects = true;
  }
  const { words } = positionals(a);
  if (words.length > 4 || !words.every((w) => CONSOLE_SUB.test(w.text) || (!verbWord(w.text) && !DATA_FILE.test(w.text)))) return false;
  if (connects || CONSOLE_NAME.test(base) || words.some((w) => CONSOLE_SUB.test(w.text) || SERVER_OPERAND.test(w.text))) return true;
  const requests = splitRequests(input.text).filter((r) => !TERMINATOR.test(r));
  return requests.length > 1 || requests.some((r) => (/^[A-Z]{3,}\b/.test(r) && typeof readWord(r.split(/\s/)[0]!) === 'object') || sweeping(r));
}

/** A short request that deletes with a reach or without asking (`delete shadows all`, `purge -f queue`): a console's, not prose. */
function sweeping(request: string): boolean {
  const words = tokens(request);
  const v = words[0] && /^[a-z][\w-]*$/.test(words[0]) ? readWord(words[0]) : undefined;
  return typeof v === 'object' && v.cls === 'destroy' && words.length <= 6 && words.slice(1).some((w) => /^(?:all|\*|--all|-f|--force|-y|--yes|force|noprompt)$/i.test(w));
}

/** The console requests a command reads on its input, as shell code; 'sql' for SQL statements (the SQL reader judges them). */
export function stdinRequests(cmd: SimpleCommand, knows: (program: string) => boolean, isSql: (text: string) => boolean): ConsoleLines | 'sql' | undefined {
  const input = cmd.stdin;
  if (!input || input.dynamic) return undefined;
  if (RAW_NETWORK.has(cmd.program) || (cmd.program === 'openssl' && cmd.args[0]?.text === 's_client')) return networkRequests(cmd, input.text);
  if (!readsRequestsOnStdin(cmd, knows)) return undefined;
  return consoleLines(cmd.program, input.text, { knows, isSql });
}

export interface QuotedRequest extends ConsoleLines {
  word: Word;
}

/**
 * A request given as one quoted operand (`dsmadmc -id=admin "delete filespace WEB01 *"`,
 * `ntdsutil "activate instance ntds" snapshot "delete *" quit`): a word of several plain words, not
 * an option's value, after only connection operands, other requests and context nouns — never
 * after a subcommand verb, whose data it is (`todo add "delete old branches"`). A single noun
 * right before it is the context it is typed in (`snapshot`).
 */
/**
 * A verb and what befell it, as a log line or a search for one says it (`"delete failed"`, `"drop
 * completed"`, `"purge timed out"`): text about a request, not a request.
 */
const STATUS_PHRASE = /^\w+\s+(?:failed|failing|fails?|failures?|succeeded|succeeds?|completed|complete|finished|started|detected|timed|timeout|aborted|skipped|denied|refused|rejected|errored|errors?|ok|done)(?:\s+(?:out|again|twice))?$/i;

/**
 * A double-quoted command line with variables in it (`concurrently "rm -rf $HOME/x"`): its source
 * inside the quotes, read as shell code, when it starts with a command the engine knows; the
 * variables stay what the shell makes of them.
 */
function variableCommandLine(w: Word, runs: (program: string) => boolean): ConsoleLines | undefined {
  const m = /^"(.*)"$/s.exec(w.raw.trim());
  const code = m?.[1]?.trim();
  const first = code === undefined ? undefined : /^(?:sudo\s+)?([\w./~+-]+)\s/.exec(code)?.[1];
  return code !== undefined && first !== undefined && runs(first) ? { code, requests: [code] } : undefined;
}

export function quotedRequests(cmd: SimpleCommand, knows: (program: string) => boolean, isSql: (text: string) => boolean, runs: (program: string) => boolean = knows): QuotedRequest[] {
  const p = cmd.program;
  if (p === '' || cmd.dynamicName || DATA_INPUT.has(p) || RAW_NETWORK.has(p) || knows(p)) return [];
  const { words } = positionals(cmd.args);
  if (words.length > 8) return [];
  const out: QuotedRequest[] = [];
  let prev: Word | undefined;
  for (const w of words) {
    const t = w.text.trim();
    if (/\s/.test(t) && !STATUS_PHRASE.test(t)) {
      const context = prev && /^[a-z]+$/.test(prev.text) && !/\s/.test(prev.text) ? [prev.text] : [];
      const r = w.dynamic ? variableCommandLine(w, runs) : consoleLines(p, t, { knows: runs, context, isSql });
      if (r !== undefined && r !== 'sql') out.push({ word: w, ...r });
    } else if (verbWord(t) && !TERMINATOR.test(t)) return out;
    prev = w;
  }
  return out;
}
