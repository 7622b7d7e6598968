/**
 * Secrets: credentials added to files, secret patterns dropped from ignore files, and real values
 * in tracked `.env` files.
 *
 * Only added lines are scanned (a key already in the file is not reported again). Messages never
 * contain the secret: they show a redacted form (a short prefix and the length).
 */
import type { Edit, EditRule, FileInfo, EditRuleFinding } from '../rule';
import { atAfter, atBefore, newlyAdded, reallyRemoved } from '../rule';
import type { Severity } from '../../severity';
import { charClasses, defang, entropy, isPlaceholder, secretPreview } from './secretValues';
import { isCommentLine } from './text';

const ROTATE = 'Remove it from the file, rotate the credential, and load it from the environment or a secret store.';

/** One secret found on an added line by the line scanners. */
interface Hit {
  rule: string;
  line: number;
  severity: Severity;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Line scanners (specific token formats)

const PRIVATE_KEY_RE = /-----BEGIN ((?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP|SSH2 ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?-----/;
const GCP_KEY_RE = /"private_key"\s*:\s*"-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const AWS_ID_RE = /(?<![A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9])/;
const AWS_SECRET_RE = /(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret_?key)["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/i;
const AZURE_RE = /\b(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{30,}={0,2})/;
/** The storage emulator's published development key: not a secret. */
const AZURITE_KEY_PREFIX = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq';
const GITHUB_RE = /(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})(?![A-Za-z0-9_])/;
const SLACK_TOKEN_RE = /(?<![A-Za-z0-9])(xox[abposr]-[A-Za-z0-9-]{10,})/;
const SLACK_HOOK_RE = /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9/_-]{20,})/;
const STRIPE_RE = /(?<![A-Za-z0-9_])((?:sk|rk)_live_[A-Za-z0-9]{20,})/;
const NPM_TOKEN_RE = /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])/;
const NPM_AUTH_RE = /:_(?:authToken|auth|password)\s*=\s*(\S+)/;
const URL_CRED_RE = /\b([a-z][a-z0-9+.-]{1,30}):\/\/([^\s:@/'"`<>]{1,100}):([^\s@/'"`<>]{1,200})@([^\s/:'"`?#<>]+)/i;

/** Hosts that mean "this machine" or a service on a local container network. */
function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '127.0.0.1' || h === '0.0.0.0' || h === '::1' || h === 'host.docker.internal') return true;
  if (h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.test')) return true;
  return !h.includes('.'); // a single-label name: a compose service such as `db` or `postgres`
}

/** Lines after `line` (1-based) in the after-text, for multi-line checks. */
function nextLine(edit: Edit, line: number): string {
  return edit.lines('after')[line] ?? '';
}

/** Cheap first look: a line without any of these cannot hold a secret the scanners know. */
const MAYBE_SECRET_RE = /PRIVATE KEY|AKIA|ASIA|ecret|ECRET|AccountKey|SharedAccessKey|gh[pousr]_|github_pat_|xox|hooks\.slack|_live_|npm_|:_|:\/\/[^\s]*@/;

/** Each scanner runs only when its cheap marker is on the line (most lines have none). */
function scanSpecific(edit: Edit, line: number, text: string, out: Hit[]): void {
  if (!MAYBE_SECRET_RE.test(text)) return;
  // Private keys (and the JSON form inside a Google Cloud service-account file).
  const pk = text.includes('PRIVATE KEY') ? PRIVATE_KEY_RE.exec(text) : null;
  if (pk) {
    // Key material must follow: base64 on the same line (an escaped JSON/PEM string) or on the next.
    const rest = text.slice(pk.index + pk[0].length).replace(/\\n/g, '').split('-----END')[0]!;
    const inline = (rest.match(/[A-Za-z0-9+/=]/g) ?? []).length;
    const next = nextLine(edit, line).trim();
    const material = inline >= 20 || /^[A-Za-z0-9+/=]{20,}$/.test(next) || /^Proc-Type:/.test(next);
    if (material && !isPlaceholder(rest.trim().slice(0, 40) || next.slice(0, 40))) {
      if (GCP_KEY_RE.test(text)) {
        out.push({
          rule: 'secrets.gcp-service-account-key',
          line,
          severity: 'critical',
          message: 'a Google Cloud service-account private key was added (the "private_key" of a key file)',
        });
      } else {
        const type = pk[1] ? ` (${pk[1].trim()})` : '';
        out.push({ rule: 'secrets.private-key', line, severity: 'critical', message: `a private key${type} was added to the file` });
      }
    }
  }
  const aws = text.includes('AKIA') || text.includes('ASIA') ? AWS_ID_RE.exec(text) : null;
  if (aws && !/EXAMPLE/.test(aws[1]!)) {
    const temp = aws[1]!.startsWith('ASIA');
    out.push({
      rule: 'secrets.aws-access-key',
      line,
      severity: temp ? 'high' : 'critical',
      message: `an AWS ${temp ? 'temporary ' : ''}access key id (${secretPreview(aws[1]!)}) was added`,
    });
  }
  const awsSecret = /ecret|ECRET/.test(text) ? AWS_SECRET_RE.exec(text) : null;
  if (awsSecret && !/EXAMPLE/i.test(awsSecret[1]!) && !isPlaceholder(awsSecret[1]!) && entropy(awsSecret[1]!) > 3.5) {
    out.push({ rule: 'secrets.aws-secret-key', line, severity: 'critical', message: `an AWS secret access key (${secretPreview(awsSecret[1]!)}) was added` });
  }
  const az = text.includes('AccessKey=') || text.includes('AccountKey=') ? AZURE_RE.exec(text) : null;
  if (az && !az[1]!.startsWith(AZURITE_KEY_PREFIX) && !isPlaceholder(az[1]!)) {
    out.push({
      rule: 'secrets.azure-connection-string',
      line,
      severity: 'critical',
      message: `an Azure connection string with its account key (${secretPreview(az[1]!)}) was added`,
    });
  }
  const gh = text.includes('_') && /gh[pousr]_|github_pat_/.test(text) ? GITHUB_RE.exec(text) : null;
  if (gh && !isPlaceholder(gh[1]!)) {
    out.push({ rule: 'secrets.github-token', line, severity: 'critical', message: `a GitHub token (${secretPreview(gh[1]!)}) was added` });
  }
  const slack = text.includes('xox') || text.includes('hooks.slack.com') ? (SLACK_TOKEN_RE.exec(text) ?? SLACK_HOOK_RE.exec(text)) : null;
  if (slack && !isPlaceholder(slack[1]!) && /\d/.test(slack[1]!)) {
    const hook = slack[0].startsWith('https:');
    out.push({
      rule: 'secrets.slack-token',
      line,
      severity: 'high',
      message: hook ? `a Slack webhook URL (${secretPreview(slack[1]!)}) was added` : `a Slack token (${secretPreview(slack[1]!)}) was added`,
    });
  }
  const stripe = text.includes('_live_') ? STRIPE_RE.exec(text) : null;
  if (stripe && !isPlaceholder(stripe[1]!)) {
    out.push({ rule: 'secrets.stripe-live-key', line, severity: 'critical', message: `a live Stripe secret key (${secretPreview(stripe[1]!)}) was added` });
  }
  const npm = text.includes('npm_') ? NPM_TOKEN_RE.exec(text) : null;
  const npmAuth = text.includes(':_') ? NPM_AUTH_RE.exec(text) : null;
  if (npm && !isPlaceholder(npm[1]!)) {
    out.push({ rule: 'secrets.npm-token', line, severity: 'critical', message: `an npm access token (${secretPreview(npm[1]!)}) was added` });
  } else if (npmAuth && !isPlaceholder(npmAuth[1]!) && npmAuth[1]!.length >= 8) {
    out.push({ rule: 'secrets.npm-token', line, severity: 'critical', message: `a registry auth token (${secretPreview(npmAuth[1]!)}) was added to an npm config` });
  }
  const url = text.includes('@') && text.includes('://') ? URL_CRED_RE.exec(text) : null;
  if (url) {
    const [, scheme, user, pass, host] = url as unknown as [string, string, string, string, string];
    const trivial =
      isPlaceholder(pass) || pass === user || /^\$|^%|^\{|^\*+$/.test(pass) || pass.length < 4 || /(^|\.)example(\.(com|org|net))?$|\.invalid$/i.test(host);
    if (!trivial) {
      const local = isLocalHost(host) || throwaway(edit.file);
      out.push({
        rule: 'secrets.url-password',
        line,
        severity: local ? 'low' : 'high',
        message: `a ${scheme} URL with a password (${secretPreview(pass)}) for ${host} was added`,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Generic `password = "…"` / `api_key: …` assignments

const GENERIC_RE =
  /(?:^|[\s{(,;"'`[.-])((?:[A-Za-z0-9]+[_-])*(?:password|passwd|pwd|secret|secret[_-]?key|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|access[_-]?token|auth[_-]?token|bearer[_-]?token|private[_-]?key|signing[_-]?key|token)(?:[_-][A-Za-z0-9]+)*|[a-z]+(?:Password|Secret|ApiKey|AccessKey|AccessToken|AuthToken|PrivateKey|SigningKey|Token)|(?:password|secret|apiKey|accessToken|authToken|token))["'`]?\s*(?::=|=>|:|=)\s*(?:(["'`])((?:(?!\2).){1,300})\2|([^\s"'`,;#}]{1,300}))/i;
/** Names that mention a secret but do not hold one. */
const NOT_SECRET_NAME =
  /(type|name|label|field|placeholder|path|file|header|prefix|suffix|url|uri|env|hint|policy|length|min|max|regex|pattern|hash|salt|format|expir|ttl|count|limit|required|enabled|id$|ids$|_id|Id$|input|param|key_?name|version|mode|endpoint|strategy|provider|source|location|store)/i;

/** Tests and fixtures are full of throwaway credentials: such findings are logged, not held. */
function throwaway(file: FileInfo): boolean {
  return file.isTest || /(^|\/)(fixtures?|testdata|__mocks__|mocks?)\//i.test(file.path);
}

/** `msal:acquireTokenStart`, `token_sha256_to_refresh`: several plain words, a name rather than a secret. */
function wordsOnly(value: string): boolean {
  const words = value.split(/[_\-.:/\s]+/).filter((w) => w !== '');
  return words.length >= 2 && words.every((w) => /^[A-Za-z]+\d{0,3}$/.test(w));
}

const MAYBE_ASSIGNED_RE = /pass|pwd|secret|key|token/i;

function scanGeneric(file: FileInfo, line: number, text: string, out: Hit[]): void {
  if (!MAYBE_ASSIGNED_RE.test(text)) return;
  if (isCommentLine(text) && file.language !== 'yaml' && file.language !== 'other') return;
  const m = GENERIC_RE.exec(text);
  if (!m) return;
  const name = m[1]!;
  if (NOT_SECRET_NAME.test(name)) return;
  const quoted = m[3];
  const value = quoted ?? m[4] ?? '';
  if (quoted === undefined && file.kinds.has('source') && file.language !== 'shell') return; // an expression, not a literal
  if (/\s|[^\x21-\x7e]/.test(value) || isPlaceholder(value) || wordsOnly(value)) return;
  if (/^(true|false|yes|no|on|off|\d+)$/i.test(value)) return;
  // Calls, dotted names, paths, URLs and identifiers without digits (`BLAST_RADIUS_TOKEN`) are names, not secrets.
  if (/^[A-Za-z_][\w.-]*\(|^[A-Za-z_]+(\.[A-Za-z_]+)+$|^\/|^https?:|^[A-Za-z_.-]+$/.test(value)) return;
  const passwordLike = /pass|pwd/i.test(name);
  const minLen = passwordLike ? 8 : 16;
  if (value.length < minLen) return;
  if (charClasses(value) < 2 || entropy(value) < (passwordLike ? 2.5 : 3.2)) return;
  out.push({
    rule: 'secrets.generic-secret',
    line,
    severity: throwaway(file) ? 'low' : 'high',
    message: `a literal value (${secretPreview(value)}) was assigned to "${name}"`,
  });
}

// ---------------------------------------------------------------------------------------------
// The scan over added lines, shared by the rules below

function scan(edit: Edit): Hit[] {
  return edit.memo('secrets:scan', () => {
    const out: Hit[] = [];
    const dotenv = edit.file.kinds.has('dotenv');
    for (const l of newlyAdded(edit)) {
      if (l.text.length > 4000) continue; // minified bundles and data blobs
      const before = out.length;
      scanSpecific(edit, l.line, l.text, out);
      // In .env files secrets.dotenv-value judges the assignments.
      if (out.length === before && !dotenv) scanGeneric(edit.file, l.line, l.text, out);
    }
    return out;
  });
}

function hitsOf(id: string) {
  return (edit: Edit): EditRuleFinding[] =>
    scan(edit)
      .filter((h) => h.rule === id)
      .map((h) => atAfter(h.line, h.message, { severity: h.severity }));
}

// ---------------------------------------------------------------------------------------------
// Ignore files

const SECRET_IGNORE_RE =
  /^(?:\.env(?:\.[\w.*-]+)?|\*\.env|\.env\*|[\w.*-]*\.pem|[\w.*-]*\.key|id_(?:rsa|dsa|ecdsa|ed25519)[\w.*-]*|[\w.*-]*\.p12|[\w.*-]*\.pfx|[\w.*-]*\.jks|[\w.*-]*\.keystore|[\w.*-]*credentials?[\w.*-]*|[\w.*-]*secrets?(?:\.[\w.*-]+)?|\.npmrc|\.pypirc|\.netrc|\.htpasswd|[\w.*-]*\.tfvars|[\w.*-]*\.tfstate[\w.*-]*|[\w.*-]*service[-_]?account[\w.*-]*\.json|\.aws|\.ssh|[\w.*-]*\.kdbx|[\w.*-]*\.ovpn|master\.key)$/i;
const EXAMPLE_NAME_RE = /(example|sample|template|dist|defaults|tmpl|tpl)$/i;

/** `/config/.env/` → `.env`: the last path segment of an ignore pattern, without anchors. */
function ignoreTarget(line: string): string | undefined {
  let t = line.trim();
  if (t === '' || t.startsWith('#')) return undefined;
  t = t.replace(/\s+#.*$/, '').replace(/\/+$/, '');
  const seg = t.split('/').filter((s) => s !== '' && s !== '**').pop();
  return seg;
}

// ---------------------------------------------------------------------------------------------
// .env files

const ENV_LINE_RE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;
const SENSITIVE_ENV_RE =
  /(SECRET|PASSWORD|PASSWD|PWD|TOKEN|API_?KEY|APIKEY|PRIVATE|CREDENTIAL|AUTH|ACCESS_?KEY|_KEY$|^KEY$|DSN|CONNECTION_?STRING|SIGNING|ENCRYPTION|SALT)/i;

function envValue(raw: string): string {
  let v = raw.trim();
  if ((v.startsWith('"') && v.lastIndexOf('"') > 0) || (v.startsWith("'") && v.lastIndexOf("'") > 0)) {
    v = v.slice(1, v.lastIndexOf(v[0]!));
  } else {
    v = v.replace(/\s+#.*$/, '');
  }
  return v;
}

// ---------------------------------------------------------------------------------------------

const T = {
  ghp: defang('gh·p_Akg57gBVDdnm7UerZk6zCb2z4VAFc22zuE7B'),
  akia: defang('AK·IAJM5M5FYR5VXANIVM'),
  awsSecret: 'B7JZgmwcMUH7xHnxSGfqYXe5wfSb/vK2Bo9TcQvP',
  stripe: defang('sk_·live_SZBZlbuEwxikM6IEQk7pPsmu'),
  npm: defang('np·m_aSrELqi0Juv4gxhkjvKUl3DDA1Z3I1tn4RjC'),
  slack: defang('xo·xb-074220554469-2504132045439-UbI5p4DqMkdD8eipXQE1EOpb'),
  azure: 'W+FsO9DHKWg67AY+/izaFzQa1FZ6w90p4EE1fIjySxrlsuTTiOxD5U/SYT2ErvfFEl5k5KWuIhUv+kA7oTv+Th==',
};

export const secretsRules: EditRule[] = [
  {
    id: 'secrets.private-key',
    description: 'A private key (PEM or OpenSSH block) was added to a file.',
    severity: 'critical',
    suggestion: ROTATE,
    kinds: '*',
    examples: {
      match: [
        {
          name: 'OpenSSH key file created',
          path: 'deploy/id_ed25519',
          before: null,
          after: defang('-----BEG·IN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n'),
          line: 1,
          side: 'after',
          severity: 'critical',
        },
        {
          name: 'RSA key pasted into a config module',
          path: 'src/config/jwt.ts',
          before: 'export const issuer = "acme";\n',
          after: defang('export const issuer = "acme";\nexport const key = `-----BEG·IN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAt3Jx1Kd8QmZ0f9nZ4l2cS5v8Wq2Tn7Yp0Rj6Lk3Hg1Fd9Sa\n-----END RSA PRIVATE KEY-----`;\n'),
          line: 2,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'public key',
          path: 'keys/deploy.pub.pem',
          before: null,
          after: defang('-----BEG·IN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAt3Jx1Kd8QmZ0f9nZ4l2c\n-----END PUBLIC KEY-----\n'),
        },
        {
          name: 'documentation placeholder',
          path: 'docs/ssh.md',
          before: '# SSH\n',
          after: defang('# SSH\n\n```\n-----BEG·IN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n```\n'),
        },
        {
          name: 'key already in the file, other line edited',
          path: 'test/fixtures/key.pem',
          before: defang('-----BEG·IN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5Yp7Gx3bX2uKZoAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n'),
          after: defang('-----BEG·IN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5Yp7Gx3bX2uKZoAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n\n'),
        },
      ],
    },
    check: hitsOf('secrets.private-key'),
  },
  {
    id: 'secrets.gcp-service-account-key',
    description: 'A Google Cloud service-account key (JSON with "private_key") was added.',
    severity: 'critical',
    suggestion: `${ROTATE} On Google Cloud prefer workload identity over key files.`,
    kinds: '*',
    examples: {
      match: [
        {
          name: 'service-account key file',
          path: 'config/gcp-sa.json',
          before: null,
          after:
            defang('{\n  "type": "service_account",\n  "project_id": "acme-prod",\n  "private_key_id": "3f1c9a7e5b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e",\n  "private_key": "-----BEG·IN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "deployer@acme-prod.iam.gserviceaccount.com"\n}\n'),
          line: 5,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'service-account file without its key',
          path: 'config/gcp-sa.json',
          before: null,
          after: '{\n  "type": "service_account",\n  "project_id": "acme-prod",\n  "client_email": "deployer@acme-prod.iam.gserviceaccount.com"\n}\n',
        },
      ],
    },
    check: hitsOf('secrets.gcp-service-account-key'),
  },
  {
    id: 'secrets.aws-access-key',
    description: 'An AWS access key id (AKIA… long-term, ASIA… temporary) was added.',
    severity: 'critical',
    suggestion: `${ROTATE} Use an AWS profile, SSO or an instance role instead of keys in files.`,
    kinds: '*',
    examples: {
      match: [
        { name: 'key id in code', path: 'src/s3.js', before: '', after: `const s3 = new S3({ accessKeyId: '${T.akia}' });\n`, line: 1, side: 'after', severity: 'critical' },
        { name: 'temporary key id', path: 'scripts/env.sh', before: '#!/bin/sh\n', after: '#!/bin/sh\nexport AWS_ACCESS_KEY_ID=ASIAOI4NVFUH6JDF5GJX\n', line: 2, side: 'after', severity: 'high' },
      ],
      nearMiss: [
        { name: 'documented example key', path: 'README.md', before: '', after: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n' },
        { name: 'read from the environment', path: 'src/s3.js', before: '', after: 'const s3 = new S3({ accessKeyId: process.env.AWS_ACCESS_KEY_ID });\n' },
        { name: 'role id (not a credential)', path: 'iam.json', before: '', after: '{ "RoleId": "AROAJM5M5FYR5VXANIVM" }\n' },
      ],
    },
    check: hitsOf('secrets.aws-access-key'),
  },
  {
    id: 'secrets.aws-secret-key',
    description: 'An AWS secret access key was added.',
    severity: 'critical',
    suggestion: `${ROTATE} Use an AWS profile, SSO or an instance role instead of keys in files.`,
    kinds: '*',
    examples: {
      match: [
        { name: 'credentials file', path: 'infra/credentials', before: '[default]\n', after: `[default]\naws_secret_access_key = ${T.awsSecret}\n`, line: 2, side: 'after' },
        { name: 'SDK options', path: 'src/s3.ts', before: '', after: `export const creds = { secretAccessKey: "${T.awsSecret}" };\n`, line: 1, side: 'after' },
      ],
      nearMiss: [
        { name: 'documented example secret', path: 'docs/aws.md', before: '', after: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' },
        { name: 'environment reference', path: 'src/s3.ts', before: '', after: 'export const creds = { secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY };\n' },
      ],
    },
    check: hitsOf('secrets.aws-secret-key'),
  },
  {
    id: 'secrets.azure-connection-string',
    description: 'An Azure storage or Service Bus connection string with its key was added.',
    severity: 'critical',
    suggestion: `${ROTATE} Prefer a managed identity.`,
    kinds: '*',
    examples: {
      match: [
        {
          name: 'storage connection string',
          path: 'appsettings.Production.json',
          before: '{\n  "Logging": {}\n}\n',
          after: `{\n  "Logging": {},\n  "Storage": "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${T.azure};EndpointSuffix=core.windows.net"\n}\n`,
          line: 3,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'storage emulator key',
          path: 'appsettings.Development.json',
          before: '{}\n',
          after:
            '{ "Storage": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" }\n',
        },
        { name: 'development storage shortcut', path: 'local.settings.json', before: '{}\n', after: '{ "AzureWebJobsStorage": "UseDevelopmentStorage=true" }\n' },
      ],
    },
    check: hitsOf('secrets.azure-connection-string'),
  },
  {
    id: 'secrets.github-token',
    description: 'A GitHub personal access, OAuth, app or fine-grained token was added.',
    severity: 'critical',
    suggestion: `${ROTATE} In workflows use the built-in GITHUB_TOKEN or an encrypted secret.`,
    kinds: '*',
    examples: {
      match: [
        { name: 'token in a script', path: 'scripts/release.sh', before: '#!/bin/sh\n', after: `#!/bin/sh\nexport GITHUB_TOKEN=${T.ghp}\n`, line: 2, side: 'after' },
      ],
      nearMiss: [
        { name: 'secret reference in a workflow', path: '.github/workflows/release.yml', before: '', after: 'env:\n  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n' },
        { name: 'too short to be a token', path: 'src/a.ts', before: '', after: 'const prefix = "ghp_";\n' },
      ],
    },
    check: hitsOf('secrets.github-token'),
  },
  {
    id: 'secrets.slack-token',
    description: 'A Slack token (xox…) or incoming-webhook URL was added.',
    severity: 'high',
    suggestion: ROTATE,
    kinds: '*',
    examples: {
      match: [
        { name: 'bot token', path: 'notify.py', before: 'import os\n', after: `import os\nSLACK_TOKEN = "${T.slack}"\n`, line: 2, side: 'after' },
        {
          name: 'webhook URL',
          path: 'config/alerts.yml',
          before: 'alerts: {}\n',
          after: defang('alerts:\n  webhook: https://hooks.sl·ack.com/services/TMM12RD32/BTL9FUWIG3L/WZVD2ss28e7MWpxS7sFbMpZ9\n'),
          line: 2,
          side: 'after',
        },
      ],
      nearMiss: [{ name: 'placeholder token', path: 'docs/slack.md', before: '', after: defang('Set SLACK_TOKEN=xo·xb-your-bot-token-here\n') }],
    },
    check: hitsOf('secrets.slack-token'),
  },
  {
    id: 'secrets.stripe-live-key',
    description: 'A live Stripe secret or restricted key was added.',
    severity: 'critical',
    suggestion: ROTATE,
    kinds: '*',
    examples: {
      match: [
        { name: 'live key in code', path: 'src/billing.ts', before: '', after: `const stripe = new Stripe('${T.stripe}');\n`, line: 1, side: 'after' },
      ],
      nearMiss: [
        { name: 'test-mode key', path: 'test/billing.test.ts', before: '', after: "const stripe = new Stripe('sk_test_51HqLyjWDarjtT1zdp7dcXEJj');\n" },
        { name: 'publishable key', path: 'web/checkout.ts', before: '', after: "loadStripe('pk_live_51HqLyjWDarjtT1zdp7dcXEJjP');\n" },
      ],
    },
    check: hitsOf('secrets.stripe-live-key'),
  },
  {
    id: 'secrets.npm-token',
    description: 'An npm access token or registry auth token was added.',
    severity: 'critical',
    suggestion: `${ROTATE} Reference it as \${NPM_TOKEN} in .npmrc.`,
    kinds: '*',
    examples: {
      match: [
        { name: 'token in .npmrc', path: '.npmrc', before: 'save-exact=true\n', after: `save-exact=true\n//registry.npmjs.org/:_authToken=${T.npm}\n`, line: 2, side: 'after' },
      ],
      nearMiss: [{ name: 'environment reference', path: '.npmrc', before: '', after: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' }],
    },
    check: hitsOf('secrets.npm-token'),
  },
  {
    id: 'secrets.url-password',
    description: 'A URL with an embedded password (scheme://user:password@host) was added.',
    severity: 'high',
    suggestion: 'Keep the password out of the URL: read it from the environment or a secret store and build the URL at run time.',
    kinds: '*',
    examples: {
      match: [
        {
          name: 'production database URL',
          path: 'config/database.yml',
          before: 'production:\n  adapter: postgresql\n',
          after: 'production:\n  adapter: postgresql\n  url: postgres://billing:Kq7vR2pLx9sT@db.prod.acme.internal:5432/billing\n',
          line: 3,
          side: 'after',
          severity: 'high',
        },
      ],
      nearMiss: [
        { name: 'local compose database', path: 'docker-compose.yml', before: '', after: '      DATABASE_URL: postgres://postgres:postgres@db:5432/app\n' },
        { name: 'password from a variable', path: 'deploy.sh', before: '', after: 'psql "postgres://app:${DB_PASSWORD}@db.prod.acme.internal/app"\n' },
        { name: 'documented shape', path: 'README.md', before: '', after: 'DATABASE_URL=postgres://user:password@host:5432/dbname\n' },
      ],
    },
    check: hitsOf('secrets.url-password'),
  },
  {
    id: 'secrets.generic-secret',
    description: 'A high-entropy literal was assigned to a password, secret, token or API key.',
    severity: 'high',
    suggestion: ROTATE,
    kinds: '*',
    examples: {
      match: [
        { name: 'Python settings', path: 'app/settings.py', before: 'DEBUG = False\n', after: 'DEBUG = False\nAPI_KEY = "8ff732de214258a950131e6c9cb31876"\n', line: 2, side: 'after' },
        { name: 'YAML config', path: 'config/mail.yml', before: 'smtp:\n', after: 'smtp:\n  password: mXHgwh9!Kn&3ls71Q2\n', line: 2, side: 'after' },
        { name: 'camelCase field', path: 'src/client.ts', before: '', after: "const opts = { clientSecret: '6pYG0kJ1wsoAGysOX5LmrHjB' };\n", line: 1, side: 'after' },
      ],
      nearMiss: [
        { name: 'form field name', path: 'src/forms.py', before: '', after: 'password = forms.CharField(widget=forms.PasswordInput)\n' },
        { name: 'message with spaces', path: 'src/i18n.ts', before: '', after: "const password = 'Password is required';\n" },
        { name: 'token type', path: 'src/auth.ts', before: '', after: "const tokenType = 'Bearer';\n" },
        { name: 'environment lookup', path: 'app/settings.py', before: '', after: 'API_KEY = os.environ["API_KEY"]\n' },
        { name: 'weak demo password in tests', path: 'test/login.test.ts', before: '', after: "const password = 'hunter2';\n" },
      ],
    },
    check: hitsOf('secrets.generic-secret'),
  },
  {
    id: 'secrets.ignore-removed',
    description: 'An ignore-file entry that keeps secrets out of the repository (or image) was removed or negated.',
    severity: 'high',
    suggestion: 'Keep the entry; if a file must be shared, commit a placeholder copy such as .env.example instead.',
    kinds: ['gitignore'],
    examples: {
      match: [
        { name: '.env entry removed', path: '.gitignore', before: 'node_modules/\n.env\ndist/\n', after: 'node_modules/\ndist/\n', line: 2, side: 'before' },
        { name: 'key files un-ignored', path: '.gitignore', before: '*.pem\n', after: '*.pem\n!deploy/prod.pem\n', line: 2, side: 'after' },
        { name: 'dockerignore loses .env', path: '.dockerignore', before: '.git\n.env\n', after: '.git\n', line: 2, side: 'before' },
      ],
      nearMiss: [
        { name: 'entries reordered', path: '.gitignore', before: '.env\nnode_modules/\n', after: 'node_modules/\n.env\n' },
        { name: 'example file re-included', path: '.gitignore', before: '.env*\n', after: '.env*\n!.env.example\n' },
        { name: 'build folder removed', path: '.gitignore', before: 'dist/\nbuild/\n', after: 'dist/\n' },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      const what = edit.file.name === '.gitignore' ? 'git' : edit.file.name === '.dockerignore' ? 'the image build' : 'the package';
      const afterTargets = new Set(
        edit
          .lines('after')
          .filter((l) => !l.trim().startsWith('!'))
          .map((l) => ignoreTarget(l)),
      );
      for (const l of reallyRemoved(edit)) {
        if (l.text.trim().startsWith('!')) continue;
        const t = ignoreTarget(l.text);
        if (t === undefined || !SECRET_IGNORE_RE.test(t) || afterTargets.has(t)) continue;
        out.push(atBefore(l.line, `"${l.text.trim()}" no longer ignored: secret files matching it can now reach ${what}`));
      }
      for (const l of newlyAdded(edit)) {
        const s = l.text.trim();
        if (!s.startsWith('!')) continue;
        const t = ignoreTarget(s.slice(1));
        if (t === undefined || !SECRET_IGNORE_RE.test(t) || EXAMPLE_NAME_RE.test(t)) continue;
        out.push(atAfter(l.line, `"${s}" re-includes a secret file that was ignored`));
      }
      return out;
    },
  },
  {
    id: 'secrets.dotenv-value',
    description: 'A real-looking secret value was written to a tracked .env file.',
    severity: 'high',
    suggestion: 'Keep .env untracked (list it in .gitignore) and commit only .env.example with placeholders.',
    kinds: ['dotenv'],
    examples: {
      match: [
        { name: 'JWT secret in .env', path: '.env', before: 'PORT=3000\n', after: 'PORT=3000\nJWT_SECRET=Zq8rT2vX9mLp4KwN7bHc\n', line: 2, side: 'after' },
        { name: 'quoted value in .env.production', path: 'web/.env.production', before: '', after: 'export STRIPE_API_KEY="rk_test_Rq81LaX0pm2YwQ"\n', line: 1, side: 'after' },
      ],
      nearMiss: [
        { name: 'example file', path: '.env.example', before: '', after: 'JWT_SECRET=Zq8rT2vX9mLp4KwN7bHc\n' },
        { name: 'placeholder', path: '.env', before: '', after: 'JWT_SECRET=changeme\nAPI_KEY=<your-key>\nDB_PASSWORD=\n' },
        { name: 'non-secret settings', path: '.env', before: 'PORT=3000\n', after: 'PORT=4000\nLOG_LEVEL=debug\nNODE_ENV=development\n' },
        { name: 'untracked .env', path: '.env', before: '', after: 'JWT_SECRET=Zq8rT2vX9mLp4KwN7bHc\n', context: { tracked: false } },
      ],
    },
    check(edit) {
      if (edit.context.tracked === false) return undefined;
      const specific = new Set(scan(edit).map((h) => h.line));
      const out: EditRuleFinding[] = [];
      for (const l of newlyAdded(edit)) {
        if (specific.has(l.line)) continue;
        const m = ENV_LINE_RE.exec(l.text);
        if (!m) continue;
        const key = m[1]!;
        if (!SENSITIVE_ENV_RE.test(key)) continue;
        const value = envValue(m[2]!);
        if (value.length < 6 || isPlaceholder(value) || /^(true|false|\d+)$/i.test(value)) continue;
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue; // URLs: secrets.url-password judges the password part
        out.push(atAfter(l.line, `${key} has a real-looking value (${secretPreview(value)}) in a .env file that may be committed`));
      }
      return out;
    },
  },
];
