/**
 * interpreter: one-liners in Python, Node.js, Perl, Ruby and PHP that delete files. Shell
 * commands they start (os.system, subprocess, child_process, system, backticks) are parsed by
 * the engine and judged by the other packs; this pack reads the deletion calls themselves.
 */
import type { InlineCode, SimpleCommand } from '../../shell/model';
import { applyReach, classifyPath, type PathClass } from '../context';
import type { Rule, RuleContext, CommandRuleFinding, RulePack } from '../rule';

interface DeleteCall {
  re: RegExp;
  recursive: boolean;
  label: string;
}

const CALLS: Readonly<Partial<Record<InlineCode['language'], readonly DeleteCall[]>>> = {
  python: [
    { re: /\bshutil\.rmtree\s*\(/g, recursive: true, label: 'shutil.rmtree' },
    { re: /(?<![\w.])rmtree\s*\(/g, recursive: true, label: 'rmtree' },
    { re: /\bos\.(?:remove|unlink|rmdir|removedirs)\s*\(/g, recursive: false, label: 'os.remove' },
    { re: /\.(?:unlink|rmdir)\s*\(/g, recursive: false, label: 'Path.unlink' },
    { re: /\bsend2trash\s*\(/g, recursive: true, label: 'send2trash' },
  ],
  node: [
    { re: /\b(?:fs\.)?(?:rmSync|rm|rmdirSync|rmdir)\s*\([^)]*recursive\s*:\s*true/g, recursive: true, label: 'fs.rm (recursive)' },
    { re: /\b(?:rimraf|rimrafSync|removeSync|remove|emptyDirSync|emptyDir|deleteSync|del)\s*\(/g, recursive: true, label: 'recursive delete' },
    { re: /\bfs\.(?:unlinkSync|unlink|rmSync|rm|rmdirSync|rmdir)\s*\(/g, recursive: false, label: 'fs.unlink' },
    { re: /\b(?:unlinkSync|rmSync|rmdirSync)\s*\(/g, recursive: false, label: 'fs.unlink' },
  ],
  perl: [
    { re: /\b(?:rmtree|remove_tree)\s*\(?/g, recursive: true, label: 'File::Path rmtree' },
    { re: /\bunlink\b|\brmdir\b/g, recursive: false, label: 'unlink' },
  ],
  ruby: [
    { re: /\bFileUtils\.(?:rm_rf|rm_r|remove_dir|remove_entry|remove_entry_secure|rmtree)\b/g, recursive: true, label: 'FileUtils.rm_rf' },
    { re: /\bFileUtils\.(?:rm|rm_f|remove|remove_file|rmdir)\b|\bFile\.(?:delete|unlink)\b|\bDir\.(?:delete|rmdir|unlink)\b/g, recursive: false, label: 'File.delete' },
  ],
  php: [
    { re: /\b(?:unlink|rmdir)\s*\(/g, recursive: false, label: 'unlink' },
  ],
};

/** The first string literal after `at` on the same call, as a path to classify. */
function literalAfter(code: string, at: number): { text: string; start: number; end: number } | undefined {
  const m = /^[^'"`;\n]{0,80}?(['"`])([^'"`\n]*)\1/.exec(code.slice(at));
  if (!m || m[2] === undefined) return undefined;
  const start = at + m.index + m[0].length - m[2].length - 1;
  return { text: m[2], start, end: start + m[2].length };
}

const SEVERE: readonly PathClass[] = ['root', 'home', 'system', 'home-config', 'workspace-parent', 'workspace-root', 'workspace-vcs'];

function judgeCall(cmd: SimpleCommand, code: InlineCode, call: DeleteCall, index: number, length: number, rc: RuleContext): CommandRuleFinding {
  // The first literal after the call's opening parenthesis (or after the name: `unlink "x"`).
  const paren = code.code.indexOf('(', index);
  const lit = literalAfter(code.code, paren >= 0 && paren < index + length ? paren + 1 : index + length);
  const base: CommandRuleFinding = {
    severity: call.recursive ? 'high' : 'medium',
    message: `${cmd.program} code deletes ${call.recursive ? 'a directory tree' : 'files'} (${call.label})`,
    span: code.span,
    suggestion: 'Delete with a shell command that names the path, so it can be checked, or move it to the trash.',
  };
  if (!lit) return base;
  const cls = classifyPath(lit.text, rc).cls;
  if (SEVERE.includes(cls)) {
    return { ...base, severity: 'critical', message: `${cmd.program} code deletes ${lit.text} (${call.label})`, target: `path ${lit.text}` };
  }
  if (cls === 'temp' || cls === 'workspace-build') return applyReach({ ...base, target: `path ${lit.text}` }, { reach: 'local', target: `path ${lit.text}` });
  return { ...base, target: `path ${lit.text}` };
}

const deleteCall: Rule = {
  id: 'interpreter.delete-call',
  description: 'Inline Python/Node.js/Perl/Ruby/PHP code (python -c, node -e, …) that deletes files or directory trees.',
  programs: ['python', 'python3', 'python2', 'pypy', 'pypy3', 'node', 'nodejs', 'bun', 'deno', 'perl', 'ruby', 'php'],
  severity: 'high',
  check(cmd, rc) {
    const code = cmd.inline;
    if (!code) return undefined;
    const calls = CALLS[code.language];
    if (!calls) return undefined;
    const out: CommandRuleFinding[] = [];
    const seen = new Set<number>();
    for (const c of calls) {
      c.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = c.re.exec(code.code))) {
        if (seen.has(m.index)) continue;
        seen.add(m.index);
        out.push(judgeCall(cmd, code, c, m.index, m[0].length, rc));
        if (out.length >= 5) return out;
      }
    }
    // One finding per call site, most severe first is the analyzer's job.
    return out.length ? out.slice(0, 5) : undefined;
  },
  examples: {
    match: [
      { cmd: 'python3 -c "import shutil; shutil.rmtree(\'/\')"', exactly: 'critical' },
      'python -c "import shutil,sys; shutil.rmtree(sys.argv[1])" src',
      'node -e "require(\'fs\').rmSync(\'src\', { recursive: true, force: true })"',
      "perl -MFile::Path -e 'rmtree(\"lib\")'",
      "ruby -e 'require \"fileutils\"; FileUtils.rm_rf(\"app\")'",
      "python3 -c 'import os; os.remove(\"db.sqlite3\")'",
    ],
    nearMiss: ['python3 -c "print(42)"', 'node -e "console.log(require(\'fs\').readdirSync(\'.\'))"', "ruby -e 'puts File.exist?(\"x\")'", 'python3 script.py --rmtree'],
  },
};

export const interpreterPack: RulePack = {
  name: 'interpreter',
  description: 'Inline interpreter code (python -c, node -e, perl -e, ruby -e, php -r) that deletes files.',
  rules: [deleteCall],
};
