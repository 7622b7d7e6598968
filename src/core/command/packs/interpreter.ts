/**
 * interpreter: inline interpreter code (python -c, node -e, perl -e, ruby -e, php -r, lua -e,
 * Rscript -e, osascript -e, awk and sed programs, code on standard input).
 *
 * The code is read when the line is parsed (src/core/code/): the commands it runs and what it
 * deletes, overwrites, moves or copies at known paths become commands of the line, judged by the
 * other packs like the shell line they amount to (`shutil.rmtree('/srv')` as `rm -rf -- /srv`,
 * `os.system('dropdb x')` as `dropdb x`). This pack judges what has no shell form: deletes of
 * paths known only at run time, calls through names computed at run time, library calls that
 * destroy data elsewhere, and code that could not be read.
 */
import type { CodeEffect } from '../../code/effects';
import { knownPrefix, piecesOf } from '../../code/values';
import type { InlineEffect, SimpleCommand } from '../../shell/model';
import { classifyPath, isProd } from '../context';
import type { CommandRuleFinding, Rule, RuleContext, RulePack } from '../rule';

/**
 * Every program: inline code is read for the interpreters the engine knows by name and for any
 * other program whose code option holds code (`ts-node -e`, `janet -e`: ../../code/guess.ts);
 * a command without inline code has nothing here.
 */
const PROGRAMS = '*';

function effectsOf(cmd: SimpleCommand, kind: CodeEffect['kind']): InlineEffect[] {
  return (cmd.inline?.effects ?? []).filter((e) => e.effect.kind === kind);
}

function who(cmd: SimpleCommand): string {
  return cmd.program;
}

/**
 * A delete of a path the code computes when it runs. The known start of the path says where it
 * lands: inside a temporary or build folder it is ordinary; elsewhere, or unknown, a person decides.
 */
export function judgeDynamicDelete(e: Extract<CodeEffect, { kind: 'delete' }>, runner: string, rc: RuleContext, fromFile = false): CommandRuleFinding | undefined {
  const prefix = knownPrefix(e.path);
  const dir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
  const unknownPart = piecesOf(e.path).find((p) => typeof p === 'object' && 'unknown' in p) as { unknown: string } | undefined;
  const what = unknownPart ? unknownPart.unknown : 'a value';
  const kind = e.recursive ? 'a folder tree' : 'files';
  if (dir) {
    const cls = classifyPath(dir === '/' ? '/' : dir.replace(/\/$/, ''), rc).cls;
    if (cls === 'temp' || cls === 'workspace-build') return undefined;
    const severe = cls === 'root' || cls === 'home' || cls === 'system' || cls === 'home-config' || cls === 'workspace-parent';
    if (fromFile && !severe) return { severity: 'low', message: `${runner} code deletes ${kind} under ${dir} (${e.call}) named by ${what}, which is only known when it runs`, target: `path ${dir}…` };
    return {
      severity: severe || e.recursive ? 'high' : 'medium',
      message: `${runner} code deletes ${kind} under ${dir} (${e.call}) named by ${what}, which is only known when it runs`,
      target: `path ${dir}…`,
      suggestion: 'Delete the exact path you mean with a shell command so it can be checked.',
      atLeast: 'confirm',
    };
  }
  // Script files compute the paths they clean up all the time: logged, not shown. A one-liner that
  // deletes a path it is handed hides the target from whoever reads the line.
  if (fromFile) return { severity: 'low', message: `${runner} code deletes ${kind} (${e.call}) at a path only known when it runs (${what})` };
  return {
    severity: e.recursive ? 'high' : 'medium',
    message: `${runner} code deletes ${kind} (${e.call}) at a path only known when it runs (${what})`,
    suggestion: 'Delete the exact path you mean with a shell command so it can be checked.',
    atLeast: 'confirm',
  };
}

const dynamicTarget: Rule = {
  id: 'interpreter.dynamic-target',
  description: 'Inline code that deletes files or folder trees at a path only known when it runs (a variable, an argument, a computed name).',
  programs: PROGRAMS,
  severity: 'high',
  check(cmd, rc) {
    const out: CommandRuleFinding[] = [];
    for (const { effect, span } of effectsOf(cmd, 'delete')) {
      if (effect.kind !== 'delete') continue;
      const f = judgeDynamicDelete(effect, who(cmd), rc, cmd.inline?.from === 'file');
      if (f) out.push({ ...f, span });
    }
    return out.slice(0, 5);
  },
  examples: {
    match: [
      { cmd: 'python -c "import shutil,sys; shutil.rmtree(sys.argv[1])" "$TARGET"', exactly: 'high' },
      "python3 -c 'import os; [os.remove(f) for f in open(\"list.txt\").read().split()]'",
      { cmd: "node -e \"require('fs').rmSync('/srv/' + process.argv[1], {recursive: true})\" \"$NAME\"", target: 'path /srv/…' },
      "ruby -e 'FileUtils.rm_rf(ARGV[0])' /x",
      "julia -e 'rm(ARGS[1]; recursive=true)' /srv",
      "elixir -e 'File.rm_rf!(System.argv() |> hd)' /srv",
      // interpreters known by another name, and code of languages without a reader
      { cmd: "ts-node -e \"require('fs').rmSync(process.argv[1], {recursive: true})\" \"$X\"", exactly: 'high' },
      { cmd: "janet -e '(os/rmrf (string (os/getenv \"HOME\") \"/x\"))'", exactly: 'high' },
    ],
    nearMiss: [
      "python3 -c 'import shutil; shutil.rmtree(\"/tmp/build-\" + str(1))'",
      'python3 -c "import shutil, tempfile; shutil.rmtree(tempfile.mkdtemp())"',
      "node -e \"require('fs').rmSync('dist/' + 'x', {recursive: true})\"",
      'python3 -c "print(42)"',
      "ts-node -e \"require('fs').rmSync('dist/' + 'x', {recursive: true})\"",
      "janet -e '(print (os/getenv \"HOME\"))'",
    ],
  },
};

const dynamicCall: Rule = {
  id: 'interpreter.dynamic-call',
  description: 'Inline code that calls a function of a module that deletes or runs commands through a name computed at run time (`fs[name]`, `getattr(os, name)`), or runs code held in a string only known when it runs (`eval(s)`).',
  programs: PROGRAMS,
  severity: 'high',
  check(cmd) {
    const file = cmd.inline?.from === 'file';
    return effectsOf(cmd, 'dynamic')
      .slice(0, 3)
      .map(({ effect, span }): CommandRuleFinding => {
        const message = `${who(cmd)} code ${effect.kind === 'dynamic' ? effect.why : 'calls a function only known when it runs'}, so what it does cannot be judged`;
        // In a script file this is how tools are written (logged); in a one-liner it hides what runs (held).
        if (file) return { severity: 'low', message, span };
        return { severity: 'high', message, span, suggestion: 'Call the function by its name so the code can be checked.', atLeast: 'confirm' };
      });
  },
  examples: {
    match: [
      "node -e \"const f = require('fs'); f['rm' + process.argv[1]]('/var/lib/app', {recursive: true})\" \"$SUFFIX\"",
      "python3 -c \"import os, sys; getattr(os, sys.argv[1])('/etc/hosts')\" \"$OP\"",
      "python3 -c \"import sys; exec(sys.argv[1])\" \"$CODE\"",
      "php -r '$f = $argv[1]; $f(\"ls\");' system",
    ],
    nearMiss: ["node -e \"const f = require('fs'); console.log(f['exists' + 'Sync']('x'))\"", "python3 -c \"exec('print(1)')\"", "python3 -c \"import os; print(getattr(os, 'sep'))\""],
  },
};

const clientCall: Rule = {
  id: 'interpreter.client-call',
  description: 'Inline code that calls a data-store or cloud client to destroy data (Redis FLUSHALL, dropping a database, deleting every object of a bucket).',
  programs: PROGRAMS,
  severity: 'high',
  check(cmd, rc) {
    return effectsOf(cmd, 'client')
      .slice(0, 3)
      .map(({ effect, span }): CommandRuleFinding => {
        if (effect.kind !== 'client') return { severity: 'none', message: '' };
        const prod = effect.names.find((n) => isProd(n, rc));
        const f: CommandRuleFinding = {
          severity: prod ? 'critical' : effect.severity,
          message: `${who(cmd)} code calls ${effect.what}${effect.names.length ? ` on ${effect.names.slice(0, 3).join(', ')}` : ''}: data it removes cannot be brought back`,
          span,
          suggestion: 'Run the client with a dry run or a narrower filter first, and keep a backup.',
        };
        if (prod) f.target = prod;
        return f;
      });
  },
  examples: {
    match: [
      { cmd: "python3 -c \"import redis; redis.Redis(host='cache.internal').flushall()\"", exactly: 'high' },
      { cmd: "python3 -c \"import boto3; boto3.resource('s3').Bucket('acme-prod-data').objects.all().delete()\"", exactly: 'critical' },
      "node -e \"const { MongoClient } = require('mongodb'); new MongoClient(process.env.URL).db('shop').dropDatabase()\"",
      "ruby -e 'require \"redis\"; Redis.new.flushdb'",
      // a database shell the engine does not know by name, its code read language-independently
      { cmd: "mysqlsh --py -e 'dba.get_cluster().dissolve()'", exactly: 'high' },
      { cmd: "dbshell --server.endpoint tcp://db-prod:8529 --javascript.execute-string \"db._drop('orders')\"", exactly: 'critical' },
      // an SDK's call named for destroying what its name says (any service, any language)
      { cmd: "python3 -c \"import boto3; c = boto3.client('rds'); c.delete_db_snapshot(DBSnapshotIdentifier='orders-2024-06')\"", exactly: 'high' },
      { cmd: "ruby -raws-sdk-s3 -e 'Aws::S3::Bucket.new(\"acme-db-backups\").objects.batch_delete!'", exactly: 'high' },
      { cmd: "node -e \"const {EC2} = require('@aws-sdk/client-ec2'); new EC2({}).terminateInstances({InstanceIds: ['i-0abc']})\"", exactly: 'high' },
      { cmd: "python3 -c \"import hvac; hvac.Client().secrets.kv.v2.delete_metadata_and_all_versions('app')\"", severity: 'medium' },
    ],
    nearMiss: ["python3 -c \"import boto3; print(boto3.client('ec2').describe_instances())\"", "python3 -c \"l = [1, 2]; l.remove(1); print(l)\"", "node -e \"const s = new Set([1]); s.delete(1); console.log(s)\"", "mysqlsh --py -e 'print(dba.get_cluster().status())'", "ipython -c \"df.drop('col', axis=1)\"", "dbshell --javascript.execute-string \"print(db._collections())\"", "python3 -c \"import redis; print(redis.Redis().get('k'))\"", "python3 -c \"import boto3; print(boto3.client('s3').list_buckets())\"", "node -e \"require('fs').existsSync('x')\""],
  },
};

const unread: Rule = {
  id: 'interpreter.unread',
  description: 'Inline interpreter code that could not be read (its parser is not available, or it is too long), or code of a language without a reader that calls something named like a delete or a process start the engine does not know, so what it does is unknown.',
  programs: PROGRAMS,
  severity: 'medium',
  check(cmd) {
    const c = cmd.inline;
    if (!c?.unread) return undefined;
    return {
      severity: 'medium',
      message: `${who(cmd)} runs code that was not read: ${c.unread}`,
      span: c.span,
      suggestion: 'Run `blast-radius check` again once the grammar loads, or put the code in a file and read it first.',
      atLeast: 'confirm',
    };
  },
  examples: {
    match: [{ cmd: `python3 -c "${'x = 1; '.repeat(5_000)}"` }, { cmd: "julia -e 'Base.Filesystem.remove_tree(p)'", exactly: 'medium' }, "racket -e '(run-command-line x)'"],
    nearMiss: ['python3 -c "print(1)"', "perl -e 'print 1'", "julia -e 'using Pkg; Pkg.instantiate()'", "emacs --batch --eval '(delete-trailing-whitespace)'", "elixir -e 'IO.puts 1'"],
  },
};

export const interpreterPack: RulePack = {
  name: 'interpreter',
  description: 'Inline interpreter code (python -c, node -e, perl -e, ruby -e, php -r, lua -e, Rscript -e, osascript -e, awk, sed, and languages without a reader of their own: julia -e, elixir -e, erl -eval, Lisps, emacs --eval, tclsh, vim -c, gdb -ex, …): deletes at run-time paths, computed calls, destructive client calls, code that could not be read.',
  rules: [dynamicTarget, dynamicCall, clientCall, unread],
};
