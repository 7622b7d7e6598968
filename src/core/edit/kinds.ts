/**
 * File kind detection: what a file is, from its path and, for some kinds, its content.
 * Content checks look at the first 64 KiB of each side, so a deleted or created file is
 * recognised from whichever side exists.
 */
import type { FileInfo, FileKind, Language } from './rule';

const CONTENT_PROBE = 64 * 1024;

const LANGUAGE_BY_EXT: Readonly<Record<string, Language>> = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescript',
  '.py': 'python',
  '.pyw': 'python',
  '.rb': 'ruby',
  '.rake': 'ruby',
  '.go': 'go',
  '.java': 'java',
  '.kt': 'kotlin',
  '.kts': 'kotlin',
  '.cs': 'csharp',
  '.rs': 'rust',
  '.php': 'php',
  '.swift': 'swift',
  '.scala': 'scala',
  '.c': 'c',
  '.h': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.cxx': 'cpp',
  '.hpp': 'cpp',
  '.sh': 'shell',
  '.bash': 'shell',
  '.zsh': 'shell',
  '.ksh': 'shell',
  '.ps1': 'powershell',
  '.psm1': 'powershell',
  '.sql': 'sql',
  '.psql': 'sql',
  '.pgsql': 'sql',
  '.tf': 'hcl',
  '.hcl': 'hcl',
  '.tfvars': 'hcl',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.json': 'json',
  '.jsonc': 'json',
  '.toml': 'toml',
  '.xml': 'xml',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.prisma': 'prisma',
  '.dockerfile': 'dockerfile',
  '.mk': 'makefile',
};

const SOURCE_LANGUAGES: ReadonlySet<Language> = new Set<Language>([
  'javascript',
  'typescript',
  'python',
  'ruby',
  'go',
  'java',
  'kotlin',
  'csharp',
  'rust',
  'php',
  'swift',
  'scala',
  'c',
  'cpp',
  'shell',
  'powershell',
]);

/** Folder names that hold database migrations (compared lowercase). */
const MIGRATION_DIRS: ReadonlySet<string> = new Set([
  'migrations',
  'migration',
  'migrate',
  'db-migrations',
  'sql-migrations',
  'schema-migrations',
]);

const MANIFESTS: ReadonlySet<string> = new Set([
  'package.json',
  'pyproject.toml',
  'pipfile',
  'gemfile',
  'go.mod',
  'cargo.toml',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'composer.json',
  'setup.py',
  'setup.cfg',
]);

const LOCKFILES: ReadonlySet<string> = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'poetry.lock',
  'pipfile.lock',
  'gemfile.lock',
  'cargo.lock',
  'go.sum',
  'composer.lock',
  'uv.lock',
]);

const ENV_EXAMPLE_SUFFIXES = ['example', 'sample', 'template', 'dist', 'defaults', 'tmpl', 'tpl'];

/** `a\b/./c` → `a/b/c`; leading `./` removed. */
export function normalisePath(p: string): string {
  let s = p.replace(/\\/g, '/').replace(/\/\.\//g, '/').replace(/\/{2,}/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  return s;
}

function probe(text: string | null): string {
  if (text === null) return '';
  return text.length > CONTENT_PROBE ? text.slice(0, CONTENT_PROBE) : text;
}

function isTestPath(lower: string, name: string, realName: string, dirs: readonly string[]): boolean {
  if (/\.(test|spec|e2e-spec|e2e|cy)\.[cm]?[jt]sx?$/.test(name)) return true;
  if (/^test_.*\.py$|_test\.py$|_tests\.py$|^tests?\.py$/.test(name)) return true;
  if (/_test\.go$/.test(name)) return true;
  if (/_spec\.rb$|_test\.rb$/.test(name)) return true;
  if (/[a-z0-9](Test|Tests|Spec|IT)\.(java|kt|cs|scala)$/.test(realName)) return true;
  if (/\.(test|spec)\.(php|rs|swift)$/.test(name) || /test\.php$/.test(name)) return true;
  if (/\.bats$/.test(name) || /\.tests\.ps1$/.test(name)) return true;
  const testDirs = new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'e2e', 'cypress', 'playwright']);
  if (dirs.some((d) => testDirs.has(d)) && /\.[a-z]+$/.test(name) && !/\.(json|ya?ml|md|txt|snap|csv|html?)$/.test(name)) {
    return !lower.includes('/fixtures/') && !lower.startsWith('fixtures/');
  }
  return false;
}

function shebangLanguage(text: string): Language | undefined {
  if (!text.startsWith('#!')) return undefined;
  const first = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  if (/\b(ba|z|k|da)?sh\b/.test(first)) return 'shell';
  if (/\bpython[0-9.]*\b/.test(first)) return 'python';
  if (/\bnode\b|\bdeno\b|\bbun\b/.test(first)) return 'javascript';
  if (/\bruby\b/.test(first)) return 'ruby';
  if (/\bpwsh\b/.test(first)) return 'powershell';
  return undefined;
}

/** Recognise a file from its path and the content of either side. Never throws. */
export function detectFile(rawPath: string, before: string | null, after: string | null): FileInfo {
  const path = normalisePath(rawPath);
  const lower = path.toLowerCase();
  const segs = lower.split('/').filter((s) => s.length > 0);
  const name = segs[segs.length - 1] ?? '';
  const dirs = segs.slice(0, -1);
  const realName = path.split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  const kinds = new Set<FileKind>();
  const head = probe(after) + '\n' + probe(before);

  let language: Language = LANGUAGE_BY_EXT[ext] ?? 'other';
  if (name === 'dockerfile' || name.startsWith('dockerfile.') || name === 'containerfile' || ext === '.dockerfile') {
    language = 'dockerfile';
  } else if (name === 'makefile' || name === 'gnumakefile') {
    language = 'makefile';
  } else if (name === 'jenkinsfile') {
    language = 'other';
  } else if (language === 'other' && ext === '') {
    language = shebangLanguage(probe(after) || probe(before)) ?? 'other';
  }

  // Generic formats.
  if (language === 'yaml') kinds.add('yaml');
  if (language === 'json') kinds.add('json');
  if (language === 'toml') kinds.add('toml');
  if (language === 'markdown') kinds.add('markdown');
  if (SOURCE_LANGUAGES.has(language)) kinds.add('source');
  if (language === 'shell') kinds.add('shell-script');
  if (language === 'dockerfile') kinds.add('dockerfile');
  if (language === 'makefile') kinds.add('makefile');

  const isTest = isTestPath(lower, name, realName, dirs);
  if (isTest) kinds.add('test');

  // Databases.
  const inMigrationDir =
    dirs.some((d) => MIGRATION_DIRS.has(d)) ||
    (dirs.includes('alembic') && dirs.includes('versions')) ||
    /(^|\/)db\/(migrate|migration|migrations)\//.test(lower);
  if (inMigrationDir) kinds.add('migration');
  if (language === 'sql') kinds.add('sql');
  if (ext === '.prisma') kinds.add('prisma-schema');
  if (language === 'ruby' && (/(^|\/)db\/migrate\//.test(lower) || /ActiveRecord::Migration/.test(head))) {
    kinds.add('rails-migration');
  }
  if (language === 'python') {
    if (dirs.includes('migrations') && /from django\.db import|django\.db\.migrations|migrations\.Migration\b/.test(head)) {
      kinds.add('django-migration');
    } else if (/\bclass Migration\(migrations\.Migration\)/.test(head)) {
      kinds.add('django-migration');
    }
    if ((dirs.includes('versions') && /\balembic\b|\bop\./.test(head)) || /from alembic import op|import alembic/.test(head)) {
      kinds.add('alembic-migration');
    }
  }
  if (language === 'javascript' || language === 'typescript') {
    if (
      /\bMigrationInterface\b|\bqueryRunner\b|\bknex\.schema\b|\bqueryInterface\.|exports\.(up|down)\s*=|export\s+(async\s+)?function\s+(up|down)\s*\(|\bup\s*:\s*(async\s*)?(function)?\s*\(\s*(queryInterface|knex)/.test(
        head,
      )
    ) {
      kinds.add('js-migration');
    }
  }

  // Infrastructure.
  if (lower.endsWith('.tf.json')) kinds.add('terraform-json');
  else if (ext === '.tf' || ext === '.hcl' || ext === '.tfvars') kinds.add('terraform');

  if (language === 'yaml' || language === 'json') {
    if (/AWSTemplateFormatVersion|(^|\n)\s*"?Resources"?\s*:[\s\S]{0,4000}?"?Type"?\s*:\s*["']?(AWS|Alexa|Custom)::/.test(head)) {
      kinds.add('cloudformation');
    }
    if (/(^|\n)\s*"?apiVersion"?\s*:\s*["']?[\w./-]+/.test(head) && /(^|\n)\s*"?kind"?\s*:\s*["']?[A-Z]\w*/.test(head)) {
      kinds.add('kubernetes');
    }
    if (/^pulumi(\.[\w-]+)?\.ya?ml$/.test(name)) kinds.add('pulumi');
  }
  if (dirs.includes('templates') && (language === 'yaml' || ext === '.tpl') && (/\{\{/.test(head) || dirs.some((d, i) => d === 'charts' || dirs[i + 1] === 'templates'))) {
    kinds.add('helm-template');
    if (/(^|\n)\s*kind\s*:/.test(head)) kinds.add('kubernetes');
  }
  if (language === 'yaml' && /^values([.-][\w.-]+)?\.ya?ml$/.test(name)) kinds.add('helm-values');
  if (language === 'javascript' || language === 'typescript' || language === 'python') {
    if (/['"]aws-cdk-lib(\/[\w-]+)?['"]|['"]@aws-cdk\/|\bfrom aws_cdk\b|\bimport aws_cdk\b|\bfrom constructs import\b/.test(head)) {
      kinds.add('cdk');
    }
    if (/['"]@pulumi\/[\w-]+['"]|\bimport pulumi\b|\bfrom pulumi(_\w+)? import\b|\bimport pulumi_\w+/.test(head)) {
      kinds.add('pulumi');
    }
  }
  if (language === 'go' && /"github\.com\/pulumi\/pulumi/.test(head)) kinds.add('pulumi');

  // CI/CD and repository control.
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(lower)) {
    kinds.add('github-workflow');
    kinds.add('ci');
  }
  if (/^action\.ya?ml$/.test(name)) kinds.add('github-action');
  if (
    name === '.gitlab-ci.yml' ||
    /(^|\/)\.circleci\/config\.ya?ml$/.test(lower) ||
    name === 'azure-pipelines.yml' ||
    name === 'azure-pipelines.yaml' ||
    name === 'jenkinsfile' ||
    name === 'bitbucket-pipelines.yml' ||
    name === '.drone.yml' ||
    name === '.travis.yml' ||
    dirs.includes('.buildkite') ||
    /(^|\/)\.gitlab\/ci\//.test(lower)
  ) {
    kinds.add('ci');
  }
  if (name === 'codeowners') kinds.add('codeowners');
  if (
    /(^|\/)\.git\/hooks\//.test(lower) ||
    dirs.includes('.githooks') ||
    dirs.includes('.husky') ||
    /^lefthook(-local)?\.ya?ml$/.test(name) ||
    name === '.pre-commit-config.yaml'
  ) {
    kinds.add('git-hook');
  }
  if (
    /(^|\/)\.claude\/(settings[^/]*\.json|hooks\/)/.test(lower) ||
    /(^|\/)\.github\/hooks\//.test(lower) ||
    dirs.includes('.cursor') ||
    /(^|\/)\.gemini\/settings\.json$/.test(lower) ||
    dirs.includes('.codex') ||
    name === 'agents.md' ||
    name === 'claude.md' ||
    name === '.mcp.json'
  ) {
    kinds.add('agent-config');
  }
  if (/(^|\/)\.vscode\/settings\.json$/.test(lower) || ext === '.code-workspace') kinds.add('vscode-settings');
  if (name === '.blast-radius.json' || /(^|\/)\.vscode\/blast-radius\.json$/.test(lower)) kinds.add('blast-policy');

  // Secrets.
  if (name === '.gitignore' || name === '.dockerignore' || name === '.npmignore') kinds.add('gitignore');
  if (name === '.env' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > 4)) {
    const suffix = name.split('.').pop() ?? '';
    if (ENV_EXAMPLE_SUFFIXES.includes(suffix) || /\.(example|sample|template)\./.test(name)) kinds.add('dotenv-example');
    else kinds.add('dotenv');
  }

  // Dependencies and build.
  if (MANIFESTS.has(name) || /^requirements([-_.][\w.-]+)?\.(txt|in)$/.test(name)) kinds.add('package-manifest');
  if (LOCKFILES.has(name)) kinds.add('lockfile');

  return { path, name: realName, ext, language, kinds, isTest };
}
