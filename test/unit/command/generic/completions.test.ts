/**
 * Reading a tool's fish completions (src/core/command/generic/completions.ts): the `complete`
 * lines' words and options, descriptions tied to a subcommand, where fish looks for the file, and
 * the same safety as manual pages (only ever a stricter verdict; folders, FIFOs, huge files
 * change nothing). Completion files here are written for the tests, for tools that do not exist.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { CompletionManual, fishWords, parseCompletions } from '../../../../src/core/command/generic/completions';
import { forgetManuals } from '../../../../src/core/command/generic/manual';
import { analyze, DEFAULT_CTX } from '../packs/table';
import { tempDir } from '../../helpers/tmp';

describe('fishWords', () => {
  const rows: [string, string[] | undefined][] = [
    [`complete -c zonk -a d -d 'Delete files from archive'`, ['complete', '-c', 'zonk', '-a', 'd', '-d', 'Delete files from archive']],
    [`complete -c zonk -d "Say \\"hi\\" to \\$USER"`, ['complete', '-c', 'zonk', '-d', 'Say "hi" to $USER']],
    [`complete -c zonk -d 'it\\'s gone'  # a comment`, ['complete', '-c', 'zonk', '-d', "it's gone"]],
    [`complete -c zonk -d a\\ b; and true`, ['complete', '-c', 'zonk', '-d', 'a b']],
    [`complete -c zonk -d 'open`, undefined],
    [`complete -c zonk -d "a#b"`, ['complete', '-c', 'zonk', '-d', 'a#b']],
  ];
  for (const [line, want] of rows) test(line, () => assert.deepEqual(fishWords(line), want));
});

describe('parseCompletions', () => {
  const src = [
    'function __zonk_needs_command; true; end',
    "complete -c zonk -f -n '__fish_use_subcommand' -a d -d 'Delete files from the archive'",
    "complete -c zonk -f -n '__fish_use_subcommand' -a 'x e' -d 'Extract files'",
    "complete -c zonk -s P -l purge-all -d 'Purge every archive in the vault'",
    "complete -xc zonk -o wipeout -d 'Wipe the device'",
    "complete -c zonk -n '__fish_seen_subcommand_from pool' -s r -d 'Remove the pool and its data'",
    "complete -c zonk -n '__fish_seen_subcommand_from note' -s r -d 'Read the note'",
    "complete -c zonk -n 'not __fish_seen_subcommand_from d x e' -s q -d 'Quiet'",
    "complete -c zonk -a '(__zonk_list_archives)' -d 'Archive'",
    "complete -c zonk-agent -s K -d 'Kill every worker'",
    "complete --command zonk --long-option=nuke --description 'Erase the catalogue' \\",
    '    --require-parameter',
  ].join('\n');
  const m = parseCompletions(src, 'zonk');

  test('subcommand words from -a, each word of a list, lower case', () => {
    assert.equal(m.get('d')?.[0]?.says, 'Delete files from the archive');
    assert.equal(m.get('x')?.[0]?.says, 'Extract files');
    assert.equal(m.get('e')?.[0]?.says, 'Extract files');
  });

  test('options: -s, -l, -o, combined letters (-xc) and long forms, with and without a value', () => {
    assert.equal(m.get('-P')?.[0]?.says, 'Purge every archive in the vault');
    assert.equal(m.get('--purge-all')?.[0]?.takesValue, false);
    assert.equal(m.get('-wipeout')?.[0]?.says, 'Wipe the device');
    assert.equal(m.get('-wipeout')?.[0]?.takesValue, true);
    assert.equal(m.get('--nuke')?.[0]?.says, 'Erase the catalogue');
    assert.equal(m.get('--nuke')?.[0]?.takesValue, true);
  });

  test('a condition naming a subcommand ties the description to it; a negated one does not', () => {
    assert.deepEqual(m.get('-r')?.map((d) => d.under), [['pool'], ['note']]);
    assert.deepEqual(m.get('-q')?.[0]?.under, []);
  });

  test("a function's output, another command's lines and lines without a description are not read", () => {
    assert.equal(m.has('(__zonk_list_archives)'), false);
    assert.equal(m.has('-K'), false);
    assert.equal(parseCompletions("complete -c zonk -s Z", 'zonk').size, 0);
  });

  test('an entry tied to a subcommand speaks only when the command uses it', () => {
    const cm = new CompletionManual("zonk's fish completion", src, 'zonk');
    assert.equal(cm.entry('-r', ['pool', 'tank'])?.says, 'Remove the pool and its data');
    assert.equal(cm.entry('-r', ['note'])?.says, 'Read the note');
    assert.equal(cm.entry('-r', ['status']), undefined);
    assert.equal(cm.entry('-q', [])?.says, 'Quiet');
  });
});

describe('fish completions on disk', () => {
  const t = tempDir('br-fish-');
  after(() => t.remove());
  const share = path.join(t.dir, 'share');
  const vendor = path.join(share, 'fish', 'vendor_completions.d');
  const home = path.join(t.dir, 'home');
  const personal = path.join(home, '.config', 'fish', 'completions');
  fs.mkdirSync(vendor, { recursive: true });
  fs.mkdirSync(personal, { recursive: true });
  const ctx = { ...DEFAULT_CTX, home, env: { ...DEFAULT_CTX.env, HOME: home, XDG_DATA_DIRS: share } };
  const ids = async (line: string): Promise<string[]> => (await analyze(line, ctx)).findings.map((f) => `${f.ruleId}:${f.severity}`);

  test("a vendor completion's subcommand letter is read; the finding quotes it and names the file", async () => {
    fs.writeFileSync(path.join(vendor, 'qarc.fish'), "complete -c qarc -n __fish_use_subcommand -a d -d 'Delete files from the archive'\ncomplete -c qarc -n __fish_use_subcommand -a l -d 'List the archive'\n");
    forgetManuals();
    const v = await analyze('qarc d backups.qarc "*.sql"', ctx);
    const f = v.findings.find((x) => x.ruleId === 'generic.manual');
    assert.ok(f, JSON.stringify(v.findings));
    assert.match(f.message, /qarc's fish completion says of d “Delete files from the archive”/);
    assert.equal(v.decision, 'confirm');
    // the near miss: the listing letter
    assert.deepEqual(await ids('qarc l backups.qarc'), []);
  });

  test('an option described under one subcommand does not speak for another', async () => {
    fs.writeFileSync(
      path.join(vendor, 'qpool.fish'),
      "complete -c qpool -n '__fish_seen_subcommand_from pool' -s r -d 'Remove the pool and every volume in it'\ncomplete -c qpool -n '__fish_seen_subcommand_from note' -s r -d 'Read the note'\n",
    );
    forgetManuals();
    assert.deepEqual(await ids('qpool pool -r tank'), ['generic.manual:high']);
    assert.deepEqual(await ids('qpool note -r tank'), []);
  });

  test("the user's own completions come first, as in fish; XDG_DATA_DIRS is where vendor files are looked for", async () => {
    fs.writeFileSync(path.join(vendor, 'qfirst.fish'), "complete -c qfirst -s W -d 'Wipe the store'\n");
    fs.writeFileSync(path.join(personal, 'qfirst.fish'), "complete -c qfirst -s W -d 'Watch the store'\n");
    forgetManuals();
    assert.deepEqual(await ids('qfirst -W'), []);
    fs.rmSync(path.join(personal, 'qfirst.fish'));
    forgetManuals();
    assert.deepEqual(await ids('qfirst -W'), ['generic.manual:high']);
    // without the data dirs, the vendor file is not where fish would look
    forgetManuals();
    const elsewhere = { ...ctx, env: { ...ctx.env, XDG_DATA_DIRS: '/nonexistent' } };
    assert.deepEqual((await analyze('qfirst -W', elsewhere)).findings, []);
  });

  test('only stricter: a completion that calls a destructive flag harmless changes nothing', async () => {
    fs.writeFileSync(path.join(vendor, 'qliar.fish'), "complete -c qliar -l delete -d 'List the entries (harmless)'\n");
    forgetManuals();
    const v = await analyze('qliar --delete prod-db', ctx);
    assert.ok(v.findings.some((f) => f.ruleId === 'generic.destroy'), JSON.stringify(v.findings));
    assert.equal(v.decision, 'confirm');
  });

  test('a folder, a FIFO or a huge file where the completion should be is ignored, without hanging', async () => {
    fs.mkdirSync(path.join(vendor, 'qdir.fish'));
    execFileSync('mkfifo', [path.join(vendor, 'qfifo.fish')]);
    fs.writeFileSync(path.join(vendor, 'qhuge.fish'), `complete -c qhuge -s W -d 'Wipe it'\n${'#'.repeat(600 << 10)}\n`);
    forgetManuals();
    for (const p of ['qdir', 'qfifo', 'qhuge']) assert.deepEqual(await ids(`${p} -W everything`), [], p);
  });

  test('a manual page is asked first; the completion speaks for what the page does not describe', async () => {
    const man = path.join(t.dir, 'man', 'man1');
    fs.mkdirSync(man, { recursive: true });
    fs.writeFileSync(path.join(man, 'qboth.1'), ['.TH Q 1', '.SH OPTIONS', '.TP', '.B \\-E', 'Erase the journal.'].join('\n'));
    fs.writeFileSync(path.join(vendor, 'qboth.fish'), "complete -c qboth -s E -d 'Echo the journal'\ncomplete -c qboth -s Z -d 'Zap every queue'\n");
    forgetManuals();
    const both = { ...ctx, env: { ...ctx.env, MANPATH: path.join(t.dir, 'man') } };
    assert.match((await analyze('qboth -E', both)).findings[0]?.message ?? '', /qboth\(1\) says of -E “Erase the journal”/);
    assert.match((await analyze('qboth -Z', both)).findings[0]?.message ?? '', /qboth's fish completion says of -Z “Zap every queue”/);
  });
});
