/**
 * The edit rule interface and the helpers rules use to read a change.
 *
 * A rule pack (src/core/edit/rules/<pack>.ts) exports `EditRule[]`; rules/index.ts lists the packs.
 * What rules of both engines share (id, description, severity, example table, the runner) is in
 * ../rules/base.ts. A rule declares the file kinds it cares about (`kinds`), so the analyzer calls it only for
 * files of those kinds; `'*'` runs it on every file (keep those few and cheap).
 * `check` returns nothing, one finding, or several. It must not throw (the analyzer catches it
 * anyway and reports an `edit.rule-error` finding at high severity: fail closed).
 *
 * Look at what changed, not at the whole file: use `edit.added()`, `edit.removed()`,
 * `edit.hunks()`, or compare a structure parsed from both sides (`edit.memo` caches it). An
 * unchanged `DROP TABLE` already in the file must not fire again.
 *
 * Line numbers are 1-based: `after` for added or changed lines, `before` for removed ones.
 *
 * Rule ids are `pack.rule`. Prefixes: `edit.*` belongs to the engine; `sql`, `orm`, `terraform`,
 * `cloud` (CloudFormation/CDK/Pulumi), `k8s` belong to the infrastructure packs; `cicd`,
 * `secrets`, `code`, `deps` to theirs.
 *
 * Every rule carries its own example table: `examples.match` (must produce a finding of this
 * rule, at `line`/`side`/`severity` when given) and `examples.nearMiss` (must produce no finding
 * of this rule at medium or above; a low finding is logged, not highlighted, so it may remain).
 * test/unit/rules/examples.test.ts runs every table through the real `analyzeEdit`.
 *
 * Structured files: ./documents caches YAML documents (two readers) and JSON trees per side;
 * the parsers themselves (SQL, YAML, HCL, JSON) are in ../formats, shared with the command engine.
 *
 * Compatibility: rule packs are written against this file. Change it only additively.
 */
import type { RuleBase, RuleExamples, RuleResult } from '../rules/base';
import type { Severity } from '../severity';
import type { CommandJudge, EditContext, Side } from './types';

// ---------------------------------------------------------------------------------------------
// File kinds

/**
 * What a file is, recognised from its path and (for some kinds) its content on either side.
 * A file can have several kinds (a `.ts` file can be `source`, `cdk` and `test` at once).
 */
export type FileKind =
  // databases
  | 'sql' // any .sql file
  | 'migration' // any file under a migration folder (migrations/, migrate/, db/migrate, alembic/versions, prisma/migrations, …)
  | 'rails-migration' // db/migrate/*.rb or ActiveRecord::Migration
  | 'django-migration' // <app>/migrations/*.py using django.db migrations
  | 'alembic-migration' // alembic/versions/*.py or `from alembic import op`
  | 'prisma-schema' // *.prisma
  | 'js-migration' // TypeORM / Knex / Sequelize migrations (by content)
  // infrastructure
  | 'terraform' // .tf, .hcl, .tfvars, terragrunt.hcl
  | 'terraform-json' // .tf.json
  | 'cloudformation' // YAML/JSON template with AWSTemplateFormatVersion or Resources with Type: AWS::…
  | 'cdk' // TS/JS/Python importing aws-cdk-lib / @aws-cdk / aws_cdk
  | 'pulumi' // code importing @pulumi/* or pulumi, Pulumi.yaml / Pulumi.<stack>.yaml
  | 'kubernetes' // YAML/JSON manifests with apiVersion and kind
  | 'helm-template' // templates/** of a chart (Go templates in YAML)
  | 'helm-values' // values.yaml / values-*.yaml / values.*.yaml
  // CI/CD and repository control
  | 'github-workflow' // .github/workflows/*.yml|yaml
  | 'github-action' // action.yml|yaml (composite/JS actions)
  | 'ci' // any CI configuration (GitHub workflows, .gitlab-ci.yml, .circleci/config.yml, azure-pipelines.yml, Jenkinsfile, bitbucket-pipelines.yml, .buildkite/**, .drone.yml)
  | 'codeowners' // CODEOWNERS, .github/CODEOWNERS, docs/CODEOWNERS, .gitlab/CODEOWNERS
  | 'git-hook' // .git/hooks/*, .githooks/*, .husky/*, lefthook.yml, .pre-commit-config.yaml
  | 'agent-config' // .claude/settings*.json, .claude/hooks/**, .github/hooks/**, .cursor/**, .gemini/settings.json, .codex/**, AGENTS.md, CLAUDE.md
  | 'vscode-settings' // .vscode/settings.json, *.code-workspace
  | 'blast-policy' // this product's policy file: .blast-radius.json (anywhere), .vscode/blast-radius.json
  // secrets
  | 'gitignore' // .gitignore, .dockerignore, .npmignore
  | 'dotenv' // .env, .env.local, .env.production, … (not examples)
  | 'dotenv-example' // .env.example, .env.sample, .env.template, .env.dist, .env.defaults
  // code
  | 'source' // a programming-language source file (see `language`)
  | 'test' // a test file (also sets FileInfo.isTest)
  // dependencies and build
  | 'package-manifest' // package.json, requirements*.txt, pyproject.toml, Pipfile, Gemfile, go.mod, Cargo.toml, pom.xml, build.gradle(.kts), composer.json
  | 'lockfile' // package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, bun.lock, poetry.lock, Pipfile.lock, Gemfile.lock, Cargo.lock, go.sum, composer.lock, uv.lock
  | 'dockerfile' // Dockerfile, *.dockerfile, Dockerfile.*, Containerfile
  | 'shell-script' // .sh/.bash/.zsh/.ksh or a shell shebang, Makefile-free
  | 'makefile' // Makefile, GNUmakefile, *.mk
  // generic formats
  | 'yaml'
  | 'json'
  | 'toml'
  | 'markdown';

/** The programming or data language of a file, from its extension or shebang. */
export type Language =
  | 'javascript'
  | 'typescript'
  | 'python'
  | 'ruby'
  | 'go'
  | 'java'
  | 'kotlin'
  | 'csharp'
  | 'rust'
  | 'php'
  | 'swift'
  | 'scala'
  | 'c'
  | 'cpp'
  | 'shell'
  | 'powershell'
  | 'sql'
  | 'hcl'
  | 'yaml'
  | 'json'
  | 'toml'
  | 'xml'
  | 'markdown'
  | 'prisma'
  | 'dockerfile'
  | 'makefile'
  | 'other';

export interface FileInfo {
  /** Normalised path: `/` separators, no leading `./`. Relative when the caller gave a relative path. */
  path: string;
  /** Last path segment. */
  name: string;
  /** Lowercased last extension with the dot (`.yml`), `''` when none. */
  ext: string;
  language: Language;
  kinds: ReadonlySet<FileKind>;
  /** True for test files (`*.test.ts`, `test_*.py`, `*_test.go`, `spec/**`, …). */
  isTest: boolean;
}

// ---------------------------------------------------------------------------------------------
// The change as rules see it

/** One line of one side. */
export interface EditLine {
  /** 1-based line number on its side (`after` for added lines, `before` for removed ones). */
  line: number;
  /** The line's text without its line break. */
  text: string;
}

/**
 * One changed region: consecutive removed lines (before) replaced by consecutive added lines
 * (after). Either list may be empty (pure insertion or pure deletion). No context lines.
 */
export interface Hunk {
  /** First removed line (1-based, before); for a pure insertion, the before-line that follows the insertion point. */
  beforeStart: number;
  /** First added line (1-based, after); for a pure deletion, the after-line that follows the deletion point. */
  afterStart: number;
  removed: readonly EditLine[];
  added: readonly EditLine[];
}

export type ChangeKind = 'created' | 'deleted' | 'modified';

/** What a rule receives. Everything is computed lazily and cached for the other rules. */
export interface Edit {
  readonly file: FileInfo;
  readonly change: ChangeKind;
  /** Content before (`null` for a created file) and after (`null` for a deleted file). */
  readonly before: string | null;
  readonly after: string | null;
  readonly context: EditContext;
  /** The command engine, when the caller provides one (see `EditOptions.commandJudge`). */
  readonly judge?: CommandJudge | 'unavailable';
  /** Content of a side, `''` when that side does not exist. */
  text(side: Side): string;
  /** Lines of a side (without line breaks); empty when that side does not exist. */
  lines(side: Side): readonly string[];
  /** Changed regions in order. */
  hunks(): readonly Hunk[];
  /** Every added line (after-line numbers), in order. */
  added(): readonly EditLine[];
  /** Every removed line (before-line numbers), in order. */
  removed(): readonly EditLine[];
  /** True when after-line `line` was added or changed. */
  isAdded(line: number): boolean;
  /** True when before-line `line` was removed or changed. */
  isRemoved(line: number): boolean;
  /** The after-line an unchanged before-line became; `undefined` for removed lines. */
  afterLineOf(beforeLine: number): number | undefined;
  /** The before-line an unchanged after-line came from; `undefined` for added lines. */
  beforeLineOf(afterLine: number): number | undefined;
  /** 1-based line of a UTF-16 offset into `text(side)`. */
  lineAt(side: Side, offset: number): number;
  /** UTF-16 offset where 1-based `line` starts in `text(side)`. */
  offsetOf(side: Side, line: number): number;
  /** Cache for parsed structures shared between rules: `edit.memo('hcl:after', () => parse(...))`. */
  memo<T>(key: string, compute: () => T): T;
}

// ---------------------------------------------------------------------------------------------
// Rules

/** What an edit rule returns for one finding; the analyzer fills in the rule id. */
export interface EditRuleFinding {
  /** Defaults to the rule's `severity`. */
  severity?: Severity;
  message: string;
  /** 1-based line on `side`. */
  line: number;
  side: Side;
  endLine?: number;
  /** Defaults to the rule's `suggestion`, when it has one. */
  suggestion?: string;
}

export type EditRuleResult = RuleResult<EditRuleFinding>;

/** One row of an edit rule's example table. */
export interface EditRuleExample {
  /** What the row shows, for test names. */
  name: string;
  path: string;
  before: string | null;
  after: string | null;
  context?: EditContext;
  /** For `match` rows: the expected line and side of (one of) the rule's findings. */
  line?: number;
  side?: Side;
  /** For `match` rows: the expected severity of that finding. */
  severity?: Severity;
}

/** Changes the rule must flag (`match`), and similar-looking ones it must not flag at medium or above (`nearMiss`). */
export type EditRuleExamples = RuleExamples<EditRuleExample>;

/** An edit rule: every one has a usual severity and an example table. */
export interface EditRule extends RuleBase<EditRuleExample> {
  severity: Severity;
  /** A safer alternative shown with every finding that does not bring its own. */
  suggestion?: string;
  /** File kinds this rule inspects, or `'*'` for every file. */
  kinds: readonly FileKind[] | '*';
  examples: EditRuleExamples;
  check(edit: Edit): EditRuleResult;
}

// ---------------------------------------------------------------------------------------------
// Helpers for rules. None of them throws.

/** Added lines whose text matches `re` (tested per line; do not use the `g` flag). */
export function addedMatching(edit: Edit, re: RegExp): EditLine[] {
  return edit.added().filter((l) => re.test(l.text));
}

/** Removed lines whose text matches `re` (tested per line; do not use the `g` flag). */
export function removedMatching(edit: Edit, re: RegExp): EditLine[] {
  return edit.removed().filter((l) => re.test(l.text));
}

function normaliseLine(s: string): string {
  return s.trim().replace(/\s+/g, ' ');
}

/**
 * Added lines that are really new: lines whose whitespace-normalised text was not also removed
 * somewhere in the same change (moved or re-indented lines are not new).
 */
export function newlyAdded(edit: Edit): EditLine[] {
  return edit.memo('helpers:newlyAdded', () => {
    const gone = new Set(edit.removed().map((l) => normaliseLine(l.text)));
    return edit.added().filter((l) => !gone.has(normaliseLine(l.text)));
  });
}

/** Removed lines that are really gone: their whitespace-normalised text was not added back elsewhere. */
export function reallyRemoved(edit: Edit): EditLine[] {
  return edit.memo('helpers:reallyRemoved', () => {
    const kept = new Set(edit.added().map((l) => normaliseLine(l.text)));
    return edit.removed().filter((l) => !kept.has(normaliseLine(l.text)));
  });
}

/** True when the file has any of the kinds. */
export function hasKind(edit: Edit, ...kinds: FileKind[]): boolean {
  return kinds.some((k) => edit.file.kinds.has(k));
}

/** A finding on an after-line. */
export function atAfter(line: number, message: string, extra?: Partial<EditRuleFinding>): EditRuleFinding {
  return { ...extra, message, line, side: 'after' };
}

/** A finding on a before-line. */
export function atBefore(line: number, message: string, extra?: Partial<EditRuleFinding>): EditRuleFinding {
  return { ...extra, message, line, side: 'before' };
}

/**
 * A finding on the first line the change touches: line 1 of a created (after) or deleted
 * (before) file, else the first added line of the first hunk, or its first removed line.
 */
export function atFirstChange(edit: Edit, message: string, extra?: Partial<EditRuleFinding>): EditRuleFinding | undefined {
  if (edit.change === 'created') return atAfter(1, message, extra);
  if (edit.change === 'deleted') return atBefore(1, message, extra);
  const first = edit.hunks()[0];
  if (!first) return undefined;
  return first.added.length > 0 ? atAfter(first.added[0]!.line, message, extra) : atBefore(first.removed[0]!.line, message, extra);
}
