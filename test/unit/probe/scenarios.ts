/**
 * State scenarios for the measured blast radius: a real repository (and fake terraform/kubectl
 * on the command's PATH) set up in a given state, a command line, and the decision before
 * (rules only) and after measurement, with the sentence a person reads.
 *
 * Run as a test by scenarios.test.ts; printed as a before/after table by
 * `node scripts/probe-scenarios.mjs`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandContext } from '../../../src/core/command/rule';
import { parsePolicy } from '../../../src/core/policy/resolve';
import { judgeMeasured, type JudgeOptions } from '../../../src/core/probe/index';
import { fixturesDir } from '../helpers/paths';
import { analyzer, sandbox, type Sandbox } from './sandbox';

export interface Scenario {
  /** The state, in a few words. */
  state: string;
  setup(s: Sandbox): void;
  /** The line; `{outside}` stands for the relative path of the sandbox's outside folder. */
  cmd: string;
  /** Run the line in this folder of the repository. */
  sub?: string;
  ctx?: Partial<CommandContext>;
  options?: JudgeOptions;
  /** The user's policy (JSON, as in a policy file); the default policy when absent. */
  policy?: string;
  /** `decision/severity` from the rules alone, and after measurement. */
  before: string;
  after: string;
  /** The measured sentence. */
  says: RegExp;
}

export interface Outcome {
  before: string;
  after: string;
  sentence: string;
}

const PLANS = path.join(fixturesDir, 'probes');
const TEN = Array.from({ length: 10 }, (_, i) => `export const line${i} = ${i};`).join('\n') + '\n';

/** A small project: sources, a README, ignore rules for build output and local files. */
function project(s: Sandbox): void {
  s.commit({
    'src/app.ts': TEN,
    'src/util.ts': 'export const util = 1;\n',
    'src/old.ts': 'export const old = 1;\n',
    'README.md': '# Shop\n',
    '.gitignore': 'dist/\nnode_modules/\ngenerated/\n.env\n*.log\n',
  }, 'project');
}

function lines(n: number, tag = 'work'): string {
  return Array.from({ length: n }, (_, i) => `// ${tag} ${i}`).join('\n') + '\n';
}

function append(s: Sandbox, rel: string, text: string): void {
  fs.appendFileSync(path.join(s.dir, rel), text);
}

function build(s: Sandbox, dir = 'dist', n = 5): void {
  for (let i = 0; i < n; i++) s.write(`${dir}/chunk${i}.js`, `console.log(${i});\n`);
}

function fakeTool(s: Sandbox, name: string, verb: string, output: string): void {
  s.fake(name, `case "$*" in *"${verb}"*) cat '${output}' ;; *) echo "unexpected: $*" >&2; exit 9 ;; esac`);
}

/** Commits on `main` of the remote that this clone fetched but does not have. */
function remoteAhead(s: Sandbox): void {
  const bare = s.addRemote();
  const other = path.join(path.dirname(bare), 'other');
  s.git('clone', '-q', bare, other);
  const run = (...a: string[]): void => void s.git('-C', other, ...a);
  run('config', 'user.email', 'colleague@example.com');
  run('config', 'user.name', 'Colleague');
  fs.writeFileSync(path.join(other, 'src', 'hotfix.ts'), 'export const fix = 1;\n');
  run('add', '-A');
  run('commit', '-q', '-m', 'Hotfix from a colleague');
  run('push', '-q', 'origin', 'main');
  s.git('fetch', '-q', 'origin');
}

export const SCENARIOS: readonly Scenario[] = [
  // --- git: uncommitted work in the working tree
  { state: '300 uncommitted lines in src/app.ts', setup: (s) => (project(s), append(s, 'src/app.ts', lines(300))), cmd: 'git checkout -- src/app.ts', before: 'allow/medium', after: 'confirm/high', says: /^Discards uncommitted changes in 1 file \(\+300 −0\): src\/app\.ts$/ },
  { state: 'src/app.ts clean', setup: project, cmd: 'git checkout -- src/app.ts', before: 'allow/medium', after: 'allow/low', says: /^Nothing to discard: src\/app\.ts has no uncommitted changes$/ },
  { state: '3 files changed (+120 −1)', setup: (s) => (project(s), append(s, 'src/app.ts', lines(100)), append(s, 'src/util.ts', lines(20)), s.write('README.md', '')), cmd: 'git checkout -- .', before: 'confirm/high', after: 'confirm/high', says: /^Discards uncommitted changes in 3 files \(\+120 −1\): README\.md, src\/app\.ts and src\/util\.ts$/ },
  { state: 'working tree clean', setup: project, cmd: 'git checkout .', before: 'confirm/high', after: 'allow/low', says: /^Nothing to discard: the working tree has no uncommitted changes$/ },
  { state: 'src/app.ts modified, no --', setup: (s) => (project(s), append(s, 'src/app.ts', lines(12))), cmd: 'git checkout src/app.ts', before: 'allow/none', after: 'confirm/high', says: /^Discards uncommitted changes in 1 file \(\+12 −0\)/ },
  { state: 'branch name, dirty tree', setup: (s) => (project(s), s.git('branch', 'feature'), append(s, 'src/app.ts', lines(3))), cmd: 'git checkout feature', before: 'allow/none', after: 'allow/none', says: /^Switches to feature; git refuses to overwrite uncommitted changes$/ },
  { state: 'src/app.ts modified', setup: (s) => (project(s), append(s, 'src/app.ts', lines(7))), cmd: 'git restore src/app.ts', before: 'allow/medium', after: 'confirm/high', says: /\(\+7 −0\): src\/app\.ts$/ },
  { state: 'change staged, worktree = index', setup: (s) => (project(s), append(s, 'src/app.ts', lines(5)), s.git('add', 'src/app.ts')), cmd: 'git checkout -- src/app.ts', before: 'allow/medium', after: 'allow/low', says: /^Nothing to discard/ },
  { state: 'change staged, checkout from HEAD', setup: (s) => (project(s), append(s, 'src/app.ts', lines(5)), s.git('add', 'src/app.ts')), cmd: 'git checkout HEAD -- src/app.ts', before: 'allow/medium', after: 'confirm/high', says: /\(\+5 −0\): src\/app\.ts$/ },
  { state: 'restore --source over a dirty file', setup: (s) => (project(s), append(s, 'src/util.ts', lines(4))), cmd: 'git restore --source=HEAD~0 --staged --worktree src/util.ts', before: 'allow/medium', after: 'confirm/high', says: /src\/util\.ts$/ },
  { state: 'in src/, app.ts modified', setup: (s) => (project(s), append(s, 'src/app.ts', lines(2))), cmd: 'cd src && git checkout -- app.ts', before: 'allow/medium', after: 'confirm/high', says: /src\/app\.ts$/ },
  { state: 'line run from src/, relative path', setup: (s) => (project(s), append(s, 'src/util.ts', lines(2))), sub: 'src', cmd: 'git checkout -- util.ts', before: 'allow/medium', after: 'confirm/high', says: /src\/util\.ts$/ },
  { state: 'nested repo via -C, dirty', setup: (s) => (project(s), append(s, 'src/app.ts', lines(9))), sub: 'src', cmd: 'git -C .. checkout -- .', before: 'confirm/high', after: 'confirm/high', says: /\(\+9 −0\)/ },
  { state: 'clean file, another command first', setup: project, cmd: 'touch src/x.ts && git checkout -- src/app.ts', before: 'allow/medium', after: 'allow/medium', says: /^Nothing to discard/ },
  // --- git: reset, switch
  { state: '2 files dirty', setup: (s) => (project(s), append(s, 'src/app.ts', lines(40)), append(s, 'README.md', lines(1))), cmd: 'git reset --hard', before: 'confirm/high', after: 'confirm/high', says: /^Discards uncommitted changes in 2 files \(\+41 −0\)/ },
  { state: 'clean tree', setup: project, cmd: 'git reset --hard', before: 'confirm/high', after: 'allow/low', says: /^Nothing to lose: no uncommitted changes$/ },
  { state: '2 local commits on no other branch', setup: (s) => (project(s), s.commit({ 'src/a.ts': 'a\n' }, 'Add a'), s.commit({ 'src/b.ts': 'b\n' }, 'Add b')), cmd: 'git reset --hard HEAD~2', before: 'confirm/high', after: 'confirm/high', says: /^Moves main back past 2 commits that are on no other branch, tag or remote: \w+ Add b and \w+ Add a$/ },
  { state: '1 unpushed commit', setup: (s) => (project(s), s.addRemote(), s.commit({ 'src/c.ts': 'c\n' }, 'Unpushed work')), cmd: 'git reset --hard origin/main', before: 'confirm/high', after: 'confirm/high', says: /1 commit that is on no other branch, tag or remote: \w+ Unpushed work$/ },
  { state: 'commit kept on a branch', setup: (s) => (project(s), s.commit({ 'src/d.ts': 'd\n' }, 'Kept'), s.git('branch', 'keep')), cmd: 'git reset --hard HEAD~1', before: 'confirm/high', after: 'allow/low', says: /every commit it moves past is on another branch/ },
  { state: 'dirty tree', setup: (s) => (project(s), s.git('branch', 'other'), append(s, 'src/util.ts', lines(6))), cmd: 'git switch -f other', before: 'confirm/high', after: 'confirm/high', says: /\(\+6 −0\): src\/util\.ts$/ },
  { state: 'clean tree', setup: (s) => (project(s), s.git('branch', 'other')), cmd: 'git checkout -f other', before: 'confirm/high', after: 'allow/low', says: /discards nothing/ },
  // --- git: clean
  { state: '2 untracked files', setup: (s) => (project(s), s.write('notes.md', 'todo\n'), s.write('src/scratch.ts', 'x\n')), cmd: 'git clean -fd', before: 'confirm/high', after: 'confirm/high', says: /^Deletes 2 untracked files that were never committed and cannot be recovered: notes\.md and src\/scratch\.ts$/ },
  { state: 'nothing untracked', setup: project, cmd: 'git clean -fd', before: 'confirm/high', after: 'allow/low', says: /^Nothing to clean: no untracked files$/ },
  { state: 'only dist/ ignored', setup: (s) => (project(s), build(s)), cmd: 'git clean -fdX', before: 'confirm/high', after: 'allow/low', says: /^Deletes 5 ignored files of build output$/ },
  { state: 'dist/ and .env ignored', setup: (s) => (project(s), build(s, 'dist', 2), s.write('.env', 'TOKEN=x\n')), cmd: 'git clean -fdX', before: 'confirm/high', after: 'confirm/high', says: /^Deletes 3 ignored files, among them \.env that is not build output$/ },
  { state: 'untracked + ignored', setup: (s) => (project(s), build(s, 'dist', 3), s.write('todo.txt', 'x\n')), cmd: 'git clean -fdx', before: 'confirm/high', after: 'confirm/high', says: /^Deletes 1 untracked file .*: todo\.txt; and 3 ignored files of build output$/ },
  // --- git: stash, branch, push, rm
  { state: 'one stash of 2 files', setup: (s) => (project(s), append(s, 'src/app.ts', lines(30)), append(s, 'src/util.ts', lines(2)), s.git('stash', '-q')), cmd: 'git stash drop', before: 'allow/medium', after: 'confirm/high', says: /^Drops stash@\{0\}: WIP on main: .*: changes to 2 files \(\+32 −0\) that exist nowhere else$/ },
  { state: 'no stash', setup: project, cmd: 'git stash drop', before: 'allow/medium', after: 'allow/low', says: /^Nothing to drop: there is no stash@\{0\}$/ },
  { state: 'two stashes', setup: (s) => (project(s), append(s, 'src/app.ts', lines(3)), s.git('stash', '-q'), append(s, 'src/util.ts', lines(4)), s.git('stash', '-q')), cmd: 'git stash clear', before: 'confirm/high', after: 'confirm/high', says: /^Deletes 2 stashes holding changes to 2 files \(\+7 −0\)/ },
  { state: 'stash with an untracked file', setup: (s) => (project(s), s.write('draft.md', lines(8)), s.git('stash', '-q', '-u')), cmd: 'git stash drop stash@{0}', before: 'allow/medium', after: 'confirm/high', says: /changes to 1 file \(\+8 −0\)/ },
  { state: 'feature with 2 unmerged commits', setup: (s) => (project(s), s.git('checkout', '-q', '-b', 'feature'), s.commit({ 'src/f1.ts': '1\n' }, 'Feature one'), s.commit({ 'src/f2.ts': '2\n' }, 'Feature two'), s.git('checkout', '-q', 'main')), cmd: 'git branch -D feature', before: 'allow/medium', after: 'confirm/high', says: /^Deletes feature with 2 commits that are on no other branch, tag or remote: \w+ Feature two and \w+ Feature one$/ },
  { state: 'feature fully merged', setup: (s) => (project(s), s.git('branch', 'feature')), cmd: 'git branch -D feature', before: 'allow/medium', after: 'allow/low', says: /^Nothing to lose: every commit on feature is also on another branch, tag or remote$/ },
  { state: "colleague's commit fetched, not merged", setup: (s) => (project(s), remoteAhead(s)), cmd: 'git push --force origin main', before: 'confirm/critical', after: 'confirm/critical', says: /^Overwrites 1 commit on origin\/main that is not in what is pushed \(as of the last fetch, .+\): \w+ Hotfix from a colleague$/ },
  { state: 'remote has nothing extra', setup: (s) => (project(s), s.addRemote(), s.commit({ 'src/e.ts': 'e\n' }, 'Mine')), cmd: 'git push -f origin main', before: 'confirm/critical', after: 'confirm/critical', says: /^origin\/main had no commits missing from what is pushed/ },
  { state: 'lease over a fetched hotfix', setup: (s) => (project(s), remoteAhead(s)), cmd: 'git push --force-with-lease origin HEAD:main', before: 'confirm/high', after: 'confirm/high', says: /^Overwrites 1 commit on origin\/main/ },
  { state: 'lease, feature branch, remote ahead', setup: (s) => (project(s), s.addRemote(), s.git('checkout', '-q', '-b', 'feature/x'), s.commit({ 'src/x.ts': 'x\n' }, 'Feature work'), s.git('push', '-q', 'origin', 'feature/x'), s.git('reset', '-q', '--hard', 'HEAD~1')), cmd: 'git push --force-with-lease origin feature/x', before: 'allow/medium', after: 'confirm/high', says: /^Overwrites 1 commit on origin\/feature\/x/ },
  { state: 'remote never fetched', setup: project, cmd: 'git push --force origin feature', before: 'confirm/high', after: 'confirm/high', says: /^Not measured: origin\/feature was never fetched here/ },
  { state: 'src/app.ts modified', setup: (s) => (project(s), append(s, 'src/app.ts', lines(11))), cmd: 'git rm -f src/app.ts', before: 'allow/none', after: 'confirm/high', says: /^Removes 1 tracked file; discards uncommitted changes in 1 file \(\+11 −0\)/ },
  { state: 'src/old.ts clean', setup: project, cmd: 'git rm src/old.ts', before: 'allow/none', after: 'allow/none', says: /^Removes 1 tracked file, recoverable from the last commit$/ },
  // --- files: rm, find, truncation, mv, rsync, shred
  { state: 'dist/ all ignored build output', setup: (s) => (project(s), build(s, 'dist', 40)), cmd: 'rm -rf dist', before: 'allow/none', after: 'allow/none', says: /^Deletes 40 files \(.+\), all build output Git ignores/ },
  { state: 'generated/ ignored as a folder', setup: (s) => (project(s), build(s, 'generated', 6)), cmd: 'rm -rf generated', before: 'allow/medium', after: 'allow/low', says: /all build output Git ignores/ },
  { state: 'dist/ not ignored, holds new sources', setup: (s) => (s.commit({ 'README.md': '#\n' }, 'init'), s.write('dist/handwritten.ts', lines(50))), cmd: 'rm -rf dist', before: 'allow/none', after: 'confirm/high', says: /^Deletes 1 file \(.+\); 1 was never committed and cannot be recovered: dist\/handwritten\.ts$/ },
  { state: 'build/ committed, clean', setup: (s) => s.commit({ 'build/a.txt': 'a\n', 'build/b.txt': 'b\n' }, 'build'), cmd: 'rm -rf build', before: 'allow/none', after: 'allow/none', says: /^Deletes 2 files \(.+\), all committed: recoverable from Git$/ },
  { state: 'src/ committed, clean', setup: project, cmd: 'rm -rf src', before: 'allow/medium', after: 'allow/medium', says: /^Deletes 3 files \(.+\), all committed: recoverable from Git$/ },
  { state: 'src/ with a modified file', setup: (s) => (project(s), append(s, 'src/app.ts', lines(5))), cmd: 'rm -rf src', before: 'allow/medium', after: 'confirm/high', says: /; 1 has uncommitted changes: src\/app\.ts$/ },
  { state: 'src/ with 3 new files', setup: (s) => (project(s), s.write('src/n1.ts', 'x\n'), s.write('src/n2.ts', 'y\n'), s.write('src/deep/n3.ts', 'z\n')), cmd: 'rm -rf src', before: 'allow/medium', after: 'confirm/high', says: /^Deletes 6 files \(.+\); 3 were never committed and cannot be recovered: / },
  { state: 'untracked notes.md', setup: (s) => (project(s), s.write('notes.md', 'ideas\n')), cmd: 'rm notes.md', before: 'allow/none', after: 'confirm/high', says: /^Deletes 1 file \(6 bytes\); 1 was never committed and cannot be recovered: notes\.md$/ },
  { state: 'committed file', setup: project, cmd: 'rm src/old.ts', before: 'allow/none', after: 'allow/none', says: /all committed: recoverable from Git$/ },
  { state: 'target does not exist', setup: project, cmd: 'rm -rf src/missing', before: 'allow/medium', after: 'allow/low', says: /^Nothing to delete: src\/missing does not exist$/ },
  { state: 'folder outside any repository', setup: (s) => (project(s), fs.writeFileSync(path.join(s.outside(), 'data.csv'), 'a,b\n')), cmd: 'rm -rf {outside}', before: 'allow/low', after: 'allow/low', says: /^Deletes 1 file \(4 bytes\) outside any Git repository$/ },
  { state: 'link to src/, committed', setup: (s) => (project(s), fs.symlinkSync('src', path.join(s.dir, 'code')), s.commitAll('link')), cmd: 'rm -rf code', before: 'allow/medium', after: 'allow/medium', says: /^Deletes 1 file \(3 bytes\), all committed: recoverable from Git$/ },
  { state: 'ignored .env only', setup: (s) => (project(s), s.write('.env', 'KEY=1\n')), cmd: 'rm .env', before: 'allow/none', after: 'allow/none', says: /^Deletes 1 file \(6 bytes\); 1 is ignored by Git but not build output \(local settings or data, not in any commit\): \.env$/ },
  { state: 'caches in __pycache__', setup: (s) => (s.commit({ 'app.py': 'x = 1\n', '.gitignore': '__pycache__/\n' }, 'py'), s.write('__pycache__/app.cpython-312.pyc', 'x'), s.write('pkg/__pycache__/m.cpython-312.pyc', 'y')), cmd: "find . -name '*.pyc' -delete", before: 'allow/low', after: 'allow/low', says: /^Deletes 2 files \(.+\), all build output Git ignores/ },
  { state: 'sources matched by find', setup: (s) => (project(s), append(s, 'src/util.ts', lines(1)), s.write('src/new.ts', 'n\n')), cmd: "find src -name '*.ts' -delete", before: 'allow/low', after: 'confirm/high', says: /^Deletes 4 files .*1 was never committed .*, and 1 has uncommitted changes/ },
  { state: 'logs older than a week (not read)', setup: (s) => (project(s), s.write('app.log', 'x\n')), cmd: "find . -name '*.log' -mtime +7 -delete", before: 'allow/low', after: 'allow/low', says: /^Deletes up to 1 file .*not build output .*: app\.log \(tests this probe does not read were taken as matching\)$/ },
  { state: 'src/app.ts modified', setup: (s) => (project(s), append(s, 'src/app.ts', lines(3))), cmd: ': > src/app.ts', before: 'allow/none', after: 'confirm/high', says: /^Empties 1 file \(.+\); 1 has uncommitted changes: src\/app\.ts$/ },
  { state: 'empty file', setup: (s) => (project(s), s.write('empty.txt', '')), cmd: ': > empty.txt', before: 'allow/none', after: 'allow/none', says: /^Nothing to lose: the file is already empty$/ },
  { state: 'untracked notes', setup: (s) => (project(s), s.write('notes.md', lines(20))), cmd: 'truncate -s 0 notes.md', before: 'allow/medium', after: 'confirm/high', says: /^Empties 1 file \(.+\); 1 was never committed/ },
  { state: 'README.md modified', setup: (s) => (project(s), append(s, 'README.md', lines(4)), s.write('draft.md', 'new\n')), cmd: 'mv draft.md README.md', before: 'allow/none', after: 'confirm/high', says: /^Overwrites 1 file \(.+\); 1 has uncommitted changes: README\.md$/ },
  { state: 'no file at the destination', setup: (s) => (project(s), s.write('draft.md', 'new\n')), cmd: 'mv draft.md docs.md', before: 'allow/none', after: 'allow/none', says: /^$/ },
  { state: 'backup/ holds a file src/ lacks', setup: (s) => (project(s), s.write('backup/app.ts', TEN), s.write('backup/only-here.md', 'keep me\n')), cmd: 'rsync -a --delete src/ backup/', before: 'confirm/high', after: 'confirm/high', says: /^Deletes 1 file \(.+\); 1 was never committed and cannot be recovered: backup\/only-here\.md$/ },
  { state: 'untracked secret file', setup: (s) => (project(s), s.write('secret.txt', 'k\n')), cmd: 'shred -u secret.txt', before: 'confirm/high', after: 'confirm/high', says: /^Shreds 1 file \(.+\); 1 was never committed/ },
  { state: 'under sudo, ignored build output', setup: (s) => (project(s), build(s, 'node_modules/x', 3)), cmd: 'sudo rm -rf node_modules', before: 'allow/none', after: 'allow/none', says: /all build output Git ignores/ },
  { state: 'bash -c, modified source', setup: (s) => (project(s), append(s, 'src/app.ts', lines(2))), cmd: "bash -c 'rm -rf src'", before: 'allow/medium', after: 'confirm/high', says: /1 has uncommitted changes: src\/app\.ts$/ },
  { state: 'on another machine', setup: project, cmd: "ssh web-1 'rm -rf /srv/app/src'", before: 'confirm/high', after: 'confirm/high', says: /^Not measured: it runs on web-1/ },
  { state: 'path from a variable', setup: project, cmd: 'rm -rf "$TARGET"', before: 'confirm/high', after: 'confirm/high', says: /^Not measured: the path \$TARGET depends on a variable/ },
  // --- Terraform / OpenTofu
  { state: 'plan replaces the orders database', setup: (s) => (project(s), fakeTool(s, 'terraform', 'show -json', path.join(PLANS, 'plan-replace-db.json')), s.write('tfplan', 'binary plan')), cmd: 'terraform apply tfplan', before: 'confirm/high', after: 'confirm/critical', says: /^Replaces aws_db_instance\.orders \(its data goes\) and destroys 2 more resources$/ },
  { state: 'plan creates and updates only', setup: (s) => (project(s), fakeTool(s, 'terraform', 'show -json', path.join(PLANS, 'plan-no-destroy.json'))), cmd: 'terraform apply tfplan', before: 'confirm/high', after: 'allow/low', says: /^The saved plan tfplan destroys nothing: it creates 1 resource and updates 1 resource$/ },
  { state: 'plan destroys one instance', setup: (s) => (project(s), fakeTool(s, 'terraform', 'show -json', path.join(PLANS, 'plan-destroy-instance.json'))), cmd: 'terraform apply -auto-approve tfplan', before: 'confirm/high', after: 'confirm/high', says: /^Destroys 1 resource: module\.workers\.aws_instance\.batch$/ },
  { state: 'tofu plan deletes a bucket', setup: (s) => (project(s), fakeTool(s, 'tofu', 'show -json', path.join(PLANS, 'plan-gcp-bucket.json'))), cmd: 'tofu apply plan.out', before: 'confirm/high', after: 'confirm/critical', says: /^Destroys google_storage_bucket\.assets \(its data goes\) and replaces 1 more resource$/ },
  { state: 'production folder, harmless plan', setup: (s) => (project(s), fakeTool(s, 'terraform', 'show -json', path.join(PLANS, 'plan-no-destroy.json'))), cmd: 'terraform -chdir=envs/prod apply tfplan', before: 'confirm/critical', after: 'allow/medium', says: /destroys nothing/ },
  { state: 'terraform not installed', setup: project, cmd: 'terraform apply tfplan', before: 'confirm/high', after: 'confirm/high', says: /^Not measured: the saved plan tfplan could not be read \(terraform is not on the PATH\)/ },
  // terraform prints warnings (here: a missing CLI configuration, in its box) before the error; the reason names the error
  { state: 'plan file unreadable', setup: (s) => (project(s), s.fake('terraform', "{ echo 'There are some problems with the CLI configuration:'; echo '╷'; echo '│ Warning: Unable to open CLI configuration file'; echo '╵'; echo; echo 'Error: Failed to read the given file as a state or plan file'; } >&2; exit 1")), cmd: 'terraform apply broken.tfplan', before: 'confirm/high', after: 'confirm/high', says: /could not be read \(terraform show failed: Error: Failed to read the given file as a state or plan file\); what it destroys is not known$/ },
  { state: 'no saved plan', setup: project, cmd: 'terraform apply -auto-approve', before: 'confirm/high', after: 'confirm/high', says: /^The plan was not reviewed: terraform apply -auto-approve plans and applies in one step/ },
  // --- Kubernetes
  { state: '12 pods match, production context', setup: (s) => fakeTool(s, 'kubectl', 'get', path.join(PLANS, 'kubectl-pods.txt')), cmd: 'kubectl delete pods -l app=web --context prod-eu', before: 'confirm/critical', after: 'confirm/critical', says: /^Deletes 12 objects of context prod-eu \(12 pods\)$/ },
  { state: 'namespace with volumes, production', setup: (s) => fakeTool(s, 'kubectl', 'get', path.join(PLANS, 'kubectl-shop-namespace.txt')), cmd: 'kubectl delete ns shop', ctx: { kubeContext: 'prod-eu' }, before: 'confirm/critical', after: 'confirm/critical', says: /^Deletes 14 objects in namespace shop of context prod-eu .*; 2 are persistent volumes or claims, whose data may go with them$/ },
  { state: 'staging, opted in, volumes selected', setup: (s) => fakeTool(s, 'kubectl', 'get', path.join(PLANS, 'kubectl-shop-namespace.txt')), cmd: 'kubectl delete deploy,pvc -l app=shop', ctx: { kubeContext: 'staging' }, options: { kubernetes: 'always' }, before: 'confirm/high', after: 'confirm/high', says: /^Deletes 14 objects of context staging \(.*2 persistentvolumeclaims.*\); 2 are persistent volumes or claims/ },
  { state: 'staging, not opted in', setup: (s) => fakeTool(s, 'kubectl', 'get', path.join(PLANS, 'kubectl-pods.txt')), cmd: 'kubectl delete deploy -l app=web', ctx: { kubeContext: 'staging' }, before: 'allow/medium', after: 'allow/medium', says: /^$/ },
  { state: 'production cluster not answering', setup: (s) => s.fake('kubectl', 'sleep 5'), cmd: 'kubectl delete pods --all -n shop --context prod-eu', options: { kubectlTimeoutMs: 1000 }, before: 'confirm/critical', after: 'confirm/critical', says: /^Not measured: the cluster did not answer within 1 s/ },
  // --- The policy's explicit entries: a measurement of nothing relaxes the rule's finding, never the policy
  { state: 'clean tree; the policy denies git checkout', policy: '{ "deny": ["git checkout"] }', setup: project, cmd: 'git checkout .', before: 'deny/high', after: 'deny/low', says: /^Nothing to discard: the working tree has no uncommitted changes$/ },
  { state: 'clean tree; a custom rule of the user holds git reset', policy: '{ "customRules": [{ "id": "custom.no-reset", "severity": "high", "message": "Resets go through review", "match": "git reset" }] }', setup: project, cmd: 'git reset --hard', before: 'confirm/high', after: 'confirm/high', says: /^Nothing to lose: no uncommitted changes$/ },
  { state: 'clean file; the policy confirms medium and low', policy: '{ "severity": { "medium": "confirm", "low": "confirm" } }', setup: project, cmd: 'git checkout -- src/app.ts', before: 'confirm/medium', after: 'confirm/low', says: /^Nothing to discard: src\/app\.ts has no uncommitted changes$/ },
  { state: 'ignored build output; the policy denies rm -rf', policy: '{ "deny": [{ "command": "rm", "args": ["-rf"] }] }', setup: (s) => (project(s), s.write('dist/app.js', 'built\n')), cmd: 'rm -rf dist', before: 'deny/none', after: 'deny/none', says: /all build output Git ignores/ },
];

/** Sets up the scenario in a fresh sandbox and judges its line with and without probes. */
export async function runScenario(sc: Scenario): Promise<Outcome> {
  const s = sandbox();
  sc.setup(s);
  const a = await analyzer(sc.policy === undefined ? undefined : parsePolicy(sc.policy, 'user').policy);
  const ctx = s.ctx(sc.ctx, sc.sub);
  const line = sc.cmd.includes('{outside}') ? sc.cmd.replace('{outside}', path.relative(ctx.cwd!, s.outside())) : sc.cmd;
  const j = await judgeMeasured(a, line, ctx, { walkMs: 5_000, gitTimeoutMs: 30_000, terraformTimeoutMs: 30_000, ...sc.options });
  const sentence = (j.measured?.probes ?? []).map((p) => p.sentence).join(' | ');
  return { before: `${j.staticVerdict.decision}/${j.staticVerdict.severity}`, after: `${j.verdict.decision}/${j.verdict.severity}`, sentence };
}
