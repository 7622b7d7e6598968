/**
 * Who signed off: a person's git identity (`user.name`, `user.email`), and the checks that
 * decide whether an identity counts as a person at all.
 *
 * - One person is one e-mail address after normalisation (`normalizeEmail`): Unicode NFKC,
 *   invisible characters dropped, look-alike letters folded to Latin, case, `+tag` removed, and
 *   dots ignored in Gmail addresses. Names are for display only.
 * - An identity is an agent when the record says so (`approver.agent: true`), when its name ends
 *   in `[bot]`, when its e-mail (as written or normalised) matches a built-in agent address or
 *   pattern, or when it matches one of the policy's `approvals.agents` patterns. Agents never
 *   count.
 * - Patterns are globs over the whole e-mail address (`*` any run, `?` one character),
 *   case-insensitive. A pattern that cannot be compiled never matches.
 */
import { domainToUnicode } from 'node:url';
import { compileLinear, escapeRegex, type LinearRegex } from '../regex';

export interface Identity {
  name: string;
  email: string;
  /** Set when the decision was made by an AI agent (or on its behalf by a rule). */
  agent?: boolean;
}

/**
 * Latin look-alikes from other scripts, folded to the Latin letter they imitate: the subset of
 * Unicode's confusables (UTS #39) that can pass for a letter of an ASCII e-mail address.
 * Cyrillic, Greek, Armenian and a few Latin letters; capitals are listed too because they are
 * folded before lower-casing (Cyrillic `В` looks like `B`, while its small `в` looks like no
 * Latin letter). Look-alikes within ASCII (`0`/`o`, `1`/`l`, `rn`/`m`) are not folded: two ASCII
 * addresses are two mailboxes.
 */
const LATIN_LOOKALIKES: Readonly<Record<string, string>> = Object.freeze({
  // Cyrillic capitals and small letters.
  А: 'a', В: 'b', С: 'c', Е: 'e', Н: 'h', І: 'i', Ј: 'j', К: 'k', М: 'm', О: 'o', Р: 'p', Ѕ: 's', Т: 't', Х: 'x', У: 'y', Ү: 'y', Ԁ: 'd', Ԛ: 'q', Ԝ: 'w', Ӏ: 'l',
  а: 'a', с: 'c', е: 'e', һ: 'h', і: 'i', ј: 'j', о: 'o', р: 'p', ѕ: 's', х: 'x', у: 'y', ү: 'y', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l',
  // Greek capitals and small letters.
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't', Υ: 'y', Χ: 'x',
  α: 'a', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', υ: 'u', χ: 'x',
  // Armenian small letters.
  օ: 'o', ս: 'u', հ: 'h', ո: 'n', ց: 'g', զ: 'q',
  // Latin letters that are not ASCII but look like ASCII ones.
  ı: 'i', ȷ: 'j', ɑ: 'a', ɡ: 'g', ɩ: 'i', ʋ: 'u', ꜱ: 's', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z', ᴏ: 'o', ᴄ: 'c', ᴜ: 'u',
});

const LOOKALIKE_RE = new RegExp(`[${Object.keys(LATIN_LOOKALIKES).join('')}]`, 'gu');

function fold(c: string): string {
  return LATIN_LOOKALIKES[c] ?? c;
}

/** Characters that show nothing (Unicode's default-ignorables: zero-width spaces and joiners, soft hyphen, bidi controls, variation selectors, BOM). */
const INVISIBLE_RE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * The "looks the same" form of a text: NFKC (full-width and mathematical letters, ligatures),
 * invisible characters removed, Latin look-alikes folded (before and after lower-casing), lower
 * case, surrounding space trimmed.
 * Only for comparing; never shown.
 */
export function confusableSkeleton(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE_RE, '')
    .replace(LOOKALIKE_RE, fold)
    .toLowerCase()
    .replace(LOOKALIKE_RE, fold)
    .normalize('NFKC')
    .trim();
}

/** Domains whose mailboxes ignore dots in the local part (Gmail: "dots don't matter"). */
const DOTLESS_DOMAINS: Readonly<Record<string, string>> = Object.freeze({ 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' });

/**
 * The key that says "same person": the e-mail address in its confusable skeleton (see
 * `confusableSkeleton`), an internationalised domain in Unicode (`xn--…` decoded, so it folds
 * too), without a `+tag` (`alice+ci@x` is alice's mailbox at most providers), and for Gmail
 * without dots in the local part and with googlemail.com as gmail.com.
 *
 * Folding more than a mail provider does merges two addresses into one person: fewer people
 * count, never more, which is the safe direction for a two-person rule. (A signed record must
 * still come from the key of the person it names; see signature.ts.)
 */
export function normalizeEmail(email: string): string {
  const s = confusableSkeleton(email);
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return s;
  let local = s.slice(0, at);
  let domain = s.slice(at + 1).replace(/\.+$/, '');
  if (/(^|\.)xn--/.test(domain)) {
    const unicode = domainToUnicode(domain);
    if (unicode !== '') domain = confusableSkeleton(unicode);
  }
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS_DOMAINS[domain];
  if (dotless !== undefined) {
    domain = dotless;
    local = local.replace(/\./g, '');
  }
  return `${local}@${domain}`;
}

/** The key that says "same person": the normalised e-mail address (see `normalizeEmail`). */
export function identityKey(id: Pick<Identity, 'email'>): string {
  return normalizeEmail(id.email);
}

export function sameIdentity(a: Pick<Identity, 'email'>, b: Pick<Identity, 'email'>): boolean {
  return identityKey(a) === identityKey(b);
}

/** `Name <email>` for tables and messages. */
export function formatIdentity(id: Identity): string {
  return `${id.name.trim() || '(no name)'} <${id.email.trim()}>`;
}

const globCache = new Map<string, LinearRegex | null>();

/**
 * Compiles a glob (`*`, `?`) over a whole string, case-insensitive; null when it cannot be. The
 * globs come from policies, so they run in the linear-time engine: `*a*a*a…` cannot backtrack.
 */
function globRegex(glob: string): LinearRegex | null {
  const cached = globCache.get(glob);
  if (cached !== undefined) return cached;
  let re: LinearRegex | null = null;
  if (glob.trim() !== '') {
    const body = glob
      .trim()
      .split('')
      .map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : escapeRegex(c)))
      .join('');
    const r = compileLinear(`^${body}$`, { caseInsensitive: true });
    re = r.ok ? r.regex : null;
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
  if (/\[bot\]\s*$/i.test(id.name) || /\[bot\]$/.test(confusableSkeleton(id.name))) return `the name ${JSON.stringify(id.name)} is a bot account`;
  const email = id.email.trim();
  // As written, and normalised: `NoReply+x@anthropic.com` or a Cyrillic `о` must not hide an agent.
  const forms = [...new Set([email, normalizeEmail(email)])];
  for (const e of forms) {
    if (localPartHasBotWord(e)) return `${email} is a bot address`;
    for (const p of BUILTIN_AGENT_PATTERNS) if (emailMatches(p, e)) return `${email} is an agent or bot address (${p})`;
    for (const p of extraPatterns) if (emailMatches(p, e)) return `${email} matches the policy's agent pattern ${p}`;
  }
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
