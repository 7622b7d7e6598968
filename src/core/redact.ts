/**
 * Redacts secrets from command lines before they are written anywhere (audit log, output
 * channel, status text, modal detail). This is about text that leaves the process, not about
 * judging risk, so patterns over the raw text are the right tool here: they look for the
 * places secrets sit in command lines (credentials in URLs, password and token options,
 * secret-named variables, authorization headers, private keys) and for the shapes of well-known
 * tokens wherever they appear.
 *
 * Never throws; returns the input unchanged when nothing looks secret. Keeps the words around a
 * secret so the line still reads as what it was (`mysql -uroot -p***`, `GITHUB_TOKEN=*** gh …`).
 */

export const REDACTED = '***';

/** Option names whose value is a secret (matched case-insensitively, without leading dashes). */
const SECRET_OPTION =
  '(?:password|passwd|pass|pwd|passphrase|token|access[-_]?token|auth[-_]?token|api[-_]?key|apikey|secret|client[-_]?secret|secret[-_]?key|access[-_]?key|private[-_]?key|credentials?|auth)';

/**
 * Variable names whose value is a secret: one `_`-separated part is PASSWORD, TOKEN, SECRET,
 * API_KEY, … (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, db_password), plus a few well-known names.
 * Whole parts only, so BYPASS_CACHE or PWD are left alone.
 */
const SECRET_VAR =
  '(?:(?:[A-Za-z0-9]+_)*(?:PASSWORD|PASSWD|PASS|PASSPHRASE|TOKEN|SECRET|API_?KEY|APIKEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)(?:_[A-Za-z0-9]+)*|PGPASSWORD|MYSQL_PWD)';

/** A value as written on a command line: quoted, or a run of non-space characters. */
const VALUE = `(?:"[^"]*"|'[^']*'|[^\\s;&|)]+)`;

interface Rule {
  re: RegExp;
  replace: (m: RegExpExecArray) => string;
  /** Only for lines that match this (the rule's shape means something else elsewhere). */
  when?: RegExp;
}

function keepQuotes(value: string): string {
  const q = value[0];
  return (q === '"' || q === "'") && value.endsWith(q) && value.length >= 2 ? `${q}${REDACTED}${q}` : REDACTED;
}

const RULES: readonly Rule[] = [
  // -----BEGIN … PRIVATE KEY----- … -----END … PRIVATE KEY-----
  {
    re: /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$)/g,
    replace: (m) => `-----BEGIN ${m[1]}-----${REDACTED}-----END ${m[1]}-----`,
  },
  // scheme://user:password@host
  {
    re: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s@/]+)@/gi,
    replace: (m) => `${m[1]}${m[2]}:${REDACTED}@`,
  },
  // Authorization / token headers: -H 'Authorization: Bearer x', X-Api-Key: x
  {
    re: /\b((?:proxy-)?authorization|x-[a-z0-9-]*(?:token|key|secret|auth)[a-z0-9-]*|cookie)(\s*[:=]\s*)(?:(bearer|basic|token|digest)\s+)?([^\s'";]+)/gi,
    replace: (m) => `${m[1]}${m[2]}${m[3] ? `${m[3]} ` : ''}${REDACTED}`,
  },
  // --password=x, --token x, -password x, --api-key 'x'
  {
    re: new RegExp(`(^|\\s)(--?${SECRET_OPTION})(=|\\s+)(${VALUE})`, 'gi'),
    replace: (m) => `${m[1]}${m[2]}${m[3]}${keepQuotes(m[4]!)}`,
  },
  // -p<password> of the MySQL/MariaDB clients (attached; a bare -p prompts; elsewhere -p8080 is a port)
  {
    re: /(^|\s)(-p)([^\s-][^\s]*)/g,
    replace: (m) => `${m[1]}${m[2]}${REDACTED}`,
    when: /\b(?:mysql[a-z_-]*|mariadb[a-z_-]*)\b/i,
  },
  // curl -u user:password, --user user:password
  {
    re: /(^|\s)(-u|--user)(\s+|=)([^\s:]+):([^\s]+)/g,
    replace: (m) => `${m[1]}${m[2]}${m[3]}${m[4]}:${REDACTED}`,
  },
  // PASSWORD=x, export GITHUB_TOKEN="x", $env:API_KEY = 'x', set -x NPM_TOKEN x (fish)
  {
    re: new RegExp(`((?:\\$env:)?\\b${SECRET_VAR})(\\s*=\\s*|=)(${VALUE})`, 'gi'),
    replace: (m) => `${m[1]}${m[2]}${keepQuotes(m[3]!)}`,
  },
  {
    re: new RegExp(`(\\bset\\s+(?:-[a-zA-Z]+\\s+)*${SECRET_VAR}\\s+)(${VALUE})`, 'gi'),
    replace: (m) => `${m[1]}${keepQuotes(m[2]!)}`,
  },
  // Well-known token shapes, anywhere.
  {
    re: /\b(gh[pousr]_|github_pat_|glpat-|xox[abposr]-|npm_|sk_live_|sk_test_|rk_live_|sk-(?:proj-|ant-)?|AIza|hf_|pypi-)[A-Za-z0-9_-]{10,}/g,
    replace: (m) => `${m[1]}${REDACTED}`,
  },
  { re: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: (m) => `${m[1]}${REDACTED}` },
  // JSON Web Tokens
  { re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, replace: () => REDACTED },
];

/** The text with secrets replaced by `***`. */
export function redact(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return typeof text === 'string' ? text : '';
  let out = text;
  for (const rule of RULES) {
    if (rule.when && !rule.when.test(out)) continue;
    try {
      out = out.replace(rule.re, (...args: unknown[]) => {
        // rebuild a match array from replace()'s arguments: match, groups…, offset, input[, groups]
        const groupsEnd = args.findIndex((a, i) => i > 0 && typeof a === 'number');
        const m = args.slice(0, groupsEnd) as unknown as RegExpExecArray;
        return rule.replace(m.map((g) => (g === undefined ? '' : g)) as unknown as RegExpExecArray);
      });
    } catch {
      // a pathological input for one rule leaves the other rules' work in place
    }
  }
  return out;
}
