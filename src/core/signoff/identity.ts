/**
 * Who signed off: a person's git identity (`user.name`, `user.email`), and the checks that
 * decide whether an identity counts as a person at all.
 *
 * - One person is one e-mail address, compared case-insensitively after trimming; names are
 *   for display only.
 * - An identity is an agent when the record says so (`approver.agent: true`), when its name ends
 *   in `[bot]`, when its e-mail matches a built-in agent address or pattern, or when it matches
 *   one of the policy's `approvals.agents` patterns. Agents never count.
 * - Patterns are globs over the whole e-mail address (`*` any run, `?` one character),
 *   case-insensitive. A pattern that cannot be compiled never matches.
 */

export interface Identity {
  name: string;
  email: string;
  /** Set when the decision was made by an AI agent (or on its behalf by a rule). */
  agent?: boolean;
}

/** The key that says "same person": the e-mail address, trimmed and lowercased. */
export function identityKey(id: Pick<Identity, 'email'>): string {
  return id.email.trim().toLowerCase();
}

export function sameIdentity(a: Pick<Identity, 'email'>, b: Pick<Identity, 'email'>): boolean {
  return identityKey(a) === identityKey(b);
}

/** `Name <email>` for tables and messages. */
export function formatIdentity(id: Identity): string {
  return `${id.name.trim() || '(no name)'} <${id.email.trim()}>`;
}

const globCache = new Map<string, RegExp | null>();

/** Compiles a glob (`*`, `?`) over a whole string, case-insensitive; null when it cannot be. */
function globRegex(glob: string): RegExp | null {
  const cached = globCache.get(glob);
  if (cached !== undefined) return cached;
  let re: RegExp | null = null;
  if (glob.trim() !== '') {
    const body = glob
      .trim()
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
      .join('');
    try {
      re = new RegExp(`^${body}$`, 'i');
    } catch {
      re = null;
    }
  }
  globCache.set(glob, re);
  return re;
}

/** True when the e-mail address matches the glob (case-insensitive, whole address). */
export function emailMatches(glob: string, email: string): boolean {
  const re = globRegex(glob);
  return re !== null && re.test(email.trim());
}

export function matchesAny(globs: readonly string[], email: string): boolean {
  return globs.some((g) => emailMatches(g, email));
}

/**
 * Built-in agent and bot identities. Chosen narrowly, so a person whose address merely contains
 * the letters "bot" (abbott@…) still counts:
 * - GitHub App and bot accounts: `…[bot]@…` (e.g. `49699333+dependabot[bot]@users.noreply.github.com`);
 * - a local part that has `bot` as a separate word: `bot@…`, `ci-bot@…`, `release.bot@…`, `deploy_bot@…`;
 * - addresses coding agents put on commits they author or co-author.
 */
export const BUILTIN_AGENT_PATTERNS: readonly string[] = Object.freeze([
  '*[bot]@*',
  'noreply@anthropic.com',
  'cursoragent@cursor.com',
  '*+copilot@users.noreply.github.com',
]);

function localPartHasBotWord(email: string): boolean {
  const at = email.lastIndexOf('@');
  const local = (at >= 0 ? email.slice(0, at) : email).toLowerCase();
  return local.split(/[^a-z0-9[\]]+/).some((w) => w === 'bot' || w === 'bots' || w.endsWith('[bot]'));
}

/** Why an identity is an agent, or undefined when it is a person. */
export function agentReason(id: Identity, extraPatterns: readonly string[] = []): string | undefined {
  if (id.agent === true) return 'recorded as an agent';
  if (/\[bot\]\s*$/i.test(id.name)) return `the name ${JSON.stringify(id.name)} is a bot account`;
  const email = id.email.trim();
  if (localPartHasBotWord(email)) return `${email} is a bot address`;
  for (const p of BUILTIN_AGENT_PATTERNS) if (emailMatches(p, email)) return `${email} is an agent or bot address (${p})`;
  for (const p of extraPatterns) if (emailMatches(p, email)) return `${email} matches the policy's agent pattern ${p}`;
  return undefined;
}

/**
 * Environment variables that coding agents set in the shells they run commands in (Claude Code:
 * `CLAUDECODE=1`; Gemini CLI: `GEMINI_CLI=1`; Codex in its sandbox: `CODEX_SANDBOX`,
 * `CODEX_SANDBOX_NETWORK_DISABLED`). When one is present, the command was started by an agent,
 * not typed by a person. Best effort: an agent that types into an ordinary terminal sets none of
 * them; there the terminal guard is what stands between the agent and `blast-radius approve`.
 */
export const AGENT_ENVIRONMENT_MARKERS: readonly string[] = Object.freeze(['CLAUDECODE', 'GEMINI_CLI', 'CODEX_SANDBOX', 'CODEX_SANDBOX_NETWORK_DISABLED']);

/** The first agent marker set in the environment, if any. */
export function agentEnvironmentMarker(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return AGENT_ENVIRONMENT_MARKERS.find((k) => {
    const v = env[k];
    return v !== undefined && v !== '' && v !== '0';
  });
}

/**
 * Parses git's ident line (`git var GIT_AUTHOR_IDENT`): `Name <email> 1700000000 +0100`.
 * Returns undefined when there is no e-mail address.
 */
export function parseGitIdent(line: string): Identity | undefined {
  const m = /^(.*?)\s*<([^<>]*)>/.exec(line.trim());
  if (!m) return undefined;
  const email = m[2]!.trim();
  if (email === '') return undefined;
  return { name: m[1]!.trim(), email };
}
