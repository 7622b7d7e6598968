/**
 * Reading an installed tool's manual page (src/core/command/generic/manual.ts): the roff forms
 * pages are written in (man(7) `.TP`/`.IP`, mdoc(7) `.It`, the pages DocBook and pod2man write),
 * what a description's first sentence leads with, and the safety of looking pages up (only ever
 * a stricter verdict; folders, FIFOs, huge or broken files change nothing; a page installed later
 * is seen). Pages here are written for the tests, for tools that do not exist.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { after, describe, test, type TestContext } from 'node:test';
import { describedAction, describedOutcome, forgetManuals, LazyManual, parseManual, spellingsOf, summaryOf } from '../../../../src/core/command/generic/manual';
import type { CommandFinding } from '../../../../src/core/command/rule';
import { analyze, DEFAULT_CTX } from '../packs/table';
import { tempDir } from '../../helpers/tmp';

describe('parseManual', () => {
  test('man(7): .TP entries with font macros, values, .TQ and a subcommand section', () => {
    const src = [
      '.TH DEMO 8',
      '.SH SYNOPSIS',
      '.B demo',
      '[\\fB\\-Z\\fR] [\\fB\\-q\\fR]',
      '.SH OPTIONS',
      '.TP',
      '.BR \\-E ", " \\-\\-expunge',
      'Erase every archive in the vault.',
      'Nothing can be restored.',
      '.TP',
      '\\fB\\-r\\fR \\fIname\\fR',
      '.TQ',
      '\\fB\\-\\-retire\\fR=\\fIname\\fR',
      'Removes the named archive\\(emfor good.',
      '.TP',
      '.B \\-q',
      'Be quiet.',
      '.IP "\\fB\\-k\\fR" 4',
      '.IX Item "-k"',
      'Keep going after an error.',
      '.SH COMMANDS',
      '.TP',
      '.B delete_entry, delent \\fIslot\\fR',
      'Deletes the entry in the given slot.',
    ].join('\n');
    const m = parseManual(src, 'demo');
    assert.equal(m.get('-E')?.says, 'Erase every archive in the vault');
    assert.equal(m.get('--expunge')?.says, 'Erase every archive in the vault');
    assert.equal(m.get('-r')?.says, 'Removes the named archive-for good');
    assert.equal(m.get('-r')?.takesValue, true);
    assert.equal(m.get('--retire')?.takesValue, true);
    assert.equal(m.get('-q')?.takesValue, false);
    assert.equal(m.get('-k')?.says, 'Keep going after an error');
    assert.equal(m.get('delent')?.says, 'Deletes the entry in the given slot');
    assert.equal(m.get('delete_entry')?.says, 'Deletes the entry in the given slot');
    // The synopsis names options without describing them.
    assert.equal(m.has('-Z'), false);
  });

  test('mdoc(7): .It Fl and .It Cm, with Nm standing for the program', () => {
    const src = ['.Sh DESCRIPTION', '.Bl -tag -width Ds', '.It Fl f Ar device', 'Use', '.Ar device', 'instead.', '.It Cm wipe', 'Causes', '.Nm', 'to wipe the tape.', '.El'].join('\n');
    const m = parseManual(src, 'tapectl');
    assert.equal(m.get('-f')?.says, 'Use device instead');
    assert.equal(m.get('-f')?.takesValue, true);
    assert.equal(m.get('wipe')?.says, 'Causes tapectl to wipe the tape');
  });

  test("mdoc(7): each argument of Fl takes its dash (`Fl p , -poweroff` is -p and --poweroff)", () => {
    const src = ['.Sh DESCRIPTION', '.Bl -tag -width poweroff', '.It Fl p , -poweroff', 'Power off the system.', '.It Fl D , -dry-run', 'Print the action that would be taken.', '.El'].join('\n');
    const m = parseManual(src, 'downctl');
    assert.equal(m.get('-p')?.says, 'Power off the system');
    assert.equal(m.get('--poweroff')?.says, 'Power off the system');
    assert.equal(m.get('--dry-run')?.says, 'Print the action that would be taken');
    assert.equal(m.get('-poweroff'), undefined);
    assert.equal(new LazyManual('downctl(8)', src, 'downctl').entry('--poweroff')?.says, 'Power off the system');
  });

  test('DocBook: an option line between .PP and .RS, and a subcommand line', () => {
    const src = ['.SH "OPTIONS"', '.PP', '\\-d, \\-\\-drop', '.RS 4', 'Drop the grid\\&. It must be idle\\&.', '.RE', '.PP', 'prune [\\-n] <name>', '.RS 4', 'Prunes stale cells\\&.', '.RE'].join('\n');
    const m = parseManual(src, 'gridctl');
    assert.equal(m.get('-d')?.says, 'Drop the grid');
    assert.equal(m.get('--drop')?.says, 'Drop the grid');
    assert.equal(m.get('prune')?.says, 'Prunes stale cells');
  });

  test('DocBook: a description in lower case is a description, not a subcommand line; a usage line with few words still is a tag', () => {
    const src = ['.SH "OPTIONS"', '.PP', '\\fB\\-c\\fR', '.RS 4', 'create correction file (\\&.wvc) for hybrid mode', '.RE', '.PP', '\\fB\\-d\\fR', '.RS 4', 'delete source file if successful (use with caution!)', '.RE', '.PP', 'prune [\\-n] <name>', '.RS 4', 'Prunes the stale cells.', '.RE'].join('\n');
    const m = parseManual(src, 'wvpk');
    assert.equal(m.get('-c')?.says, 'create correction file (.wvc) for hybrid mode');
    assert.equal(m.get('-d')?.says, 'delete source file if successful (use with caution!)');
    assert.equal(m.get('prune')?.says, 'Prunes the stale cells');
    assert.equal(m.get('create'), undefined);
  });

  test('DocBook: two spellings on two lines, joined by .br, name one entry', () => {
    const src = ['.SH "OPTIONS"', '.PP', '\\fB\\-F \\fR\\fB\\fIformat\\fR\\fR', '.br', '\\fB\\-\\-format=\\fR\\fB\\fIformat\\fR\\fR', '.RS 4', 'Selects the format of the output\\&.', '.RE', '.PP', '\\fB\\-c\\fR', '.br', '\\fB\\-\\-clean\\fR', '.RS 4', 'Output commands to drop the objects first\\&.', '.RE'].join('\n');
    const m = parseManual(src, 'dumpctl');
    assert.equal(m.get('-F')?.says, 'Selects the format of the output');
    assert.equal(m.get('--format')?.says, 'Selects the format of the output');
    assert.equal(m.get('-F')?.takesValue, true);
    assert.equal(m.get('--clean')?.says, 'Output commands to drop the objects first');
  });

  test("an unpaddable space (\\ ) does not part an .IP tag's names; AutoGen's .NOP line with a font named by a string is a tag", () => {
    const ip = ['.SH OPTIONS', '.IP \\fB\\-e\\fR,\\ \\fB\\-\\-erase\\fR', "Erase the target's entire flash memory."].join('\n');
    const e = parseManual(ip, 'x');
    assert.equal(e.get('-e')?.says, "Erase the target's entire flash memory");
    assert.equal(e.get('--erase')?.says, "Erase the target's entire flash memory");
    const nop = ['.SH OPTIONS', '.TP', '.NOP \\f\\*[B-Font]\\-\\-delete\\f[]', 'Deletes the objects matching the given URL.', '.sp'].join('\n');
    assert.equal(parseManual(nop, 'x').get('--delete')?.says, 'Deletes the objects matching the given URL');
    // (Through the lazy reader too, which finds the place by the name's spellings.)
    assert.equal(new LazyManual('x(1)', ip, 'x').entry('--erase')?.says, "Erase the target's entire flash memory");
    assert.equal(new LazyManual('x(1)', nop, 'x').entry('--delete')?.says, 'Deletes the objects matching the given URL');
  });

  test('an entry written whole as one tag (`.IP "-r <filename> dump EEPROM to file"`) says what its tag says after the value; a form or placeholders after the name are not a description', () => {
    const src = ['.TH Z 1', '.SH OPTIONS', '.IP "-d device_index (default: 0)"', '.IP "-w <filename> write dumped file to device"', '.IP "-r <filename> dump EEPROM to file"', '.IP "-a, --address <n>: starting address (default: 0)"', '.IP "-l <n>: Read data into file."', '.TP', '.B \\-s hostname hw_addr', 'Create a mapping entry for host hostname.', '.TP', '.B \\-execdir command ;', '.TQ', '.B \\-execdir command {} +', 'Like -exec, but run from the subdirectory.'].join('\n');
    const m = parseManual(src, 'z');
    assert.equal(m.get('-w')?.says, 'write dumped file to device');
    assert.equal(m.get('-r')?.says, 'dump EEPROM to file');
    assert.equal(m.get('--address')?.says, 'starting address (default: 0)');
    assert.equal(m.get('-l')?.says, 'Read data into file');
    // (Placeholders alone, or a form's syntax: the text after the tag is the description.)
    assert.equal(m.get('-s')?.says, 'Create a mapping entry for host hostname');
    assert.equal(m.get('-execdir')?.says, 'Like -exec, but run from the subdirectory');
  });

  test("commas inside a value's brackets do not part names (`-G, --groups GROUP1[,GROUP2,...]`), but an example's value list is not a tag; mdoc's `Fl Fl force` is --force", () => {
    const docbook = ['.SH OPTIONS', '.PP', '\\fB\\-G\\fR, \\fB\\-\\-groups\\fR\\ \\fIGROUP1\\fR[\\fI,GROUP2,\\&.\\&.\\&.\\fR[\\fI,GROUPN\\fR]]]', '.RS 4', 'A list of supplementary groups.', '.RE',
      '.PP', '\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fIlist\\fR', '.RS 4', 'Columns to print, for example', '.sp', '\\fB\\-o NAME,SIZE,MODEL\\fP.', '.RE', '.sp', '\\fB\\-h\\fP, \\fB\\-\\-help\\fP', '.RS 4', 'Display help text and exit.', '.RE'].join('\n');
    const e = parseManual(docbook, 'x');
    assert.equal(e.get('--groups')?.says, 'A list of supplementary groups');
    assert.equal(e.get('-G')?.says, 'A list of supplementary groups');
    assert.equal(e.get('-h')?.says, 'Display help text and exit');
    assert.equal(e.get('-o')?.says, 'Columns to print, for example');
    const m = new LazyManual('x(8)', docbook, 'x');
    assert.equal(m.entry('--help')?.says, 'Display help text and exit');
    assert.equal(m.entry('-o')?.says, 'Columns to print, for example');
    const mdoc = ['.Sh OPTIONS', '.Bl -tag', '.It Fl f , Fl Fl force', 'Overwrite existing output files.', '.El'].join('\n');
    assert.equal(parseManual(mdoc, 'x').get('--force')?.says, 'Overwrite existing output files');
    assert.equal(new LazyManual('x(1)', mdoc, 'x').entry('--force')?.says, 'Overwrite existing output files');
  });

  test("an indented list's items without text are not other names of the entry after the list; long spellings parted by a space name one entry", () => {
    const src = ['.SH OPTIONS', '.TP', '.B \\-e \\-\\-eeprom\\-dump', 'Prints an EEPROM dump.', '.RS 4', '.TP', '.BI offset \\ N', '.TP', '.BI length \\ N', '.RE', '.TP', '.B \\-E \\-\\-change\\-eeprom', 'Changes an EEPROM byte.',
      '.TP', '.B \\-d \\-\\-decompress \\-\\-uncompress', 'Decompress.', '.IP "\\fB\\-a\\fR, \\fB\\-\\-auto \\-o\\fR \\fIoutput\\fR" 4', 'Queue parts.'].join('\n');
    const e = parseManual(src, 'x');
    assert.equal(e.get('offset'), undefined);
    assert.equal(e.get('length'), undefined);
    assert.equal(e.get('-E')?.says, 'Changes an EEPROM byte');
    assert.equal(e.get('--change-eeprom')?.says, 'Changes an EEPROM byte');
    assert.equal(e.get('--eeprom-dump')?.says, 'Prints an EEPROM dump');
    assert.equal(e.get('-d')?.takesValue, false);
    assert.equal(e.get('--uncompress')?.says, 'Decompress');
    // (`--auto -o output`: -o is an argument of the form, not another name.)
    assert.equal(e.get('--auto')?.says, 'Queue parts');
    assert.equal(e.get('-o'), undefined);
    const m = new LazyManual('x(8)', src, 'x');
    assert.equal(m.entry('offset'), undefined);
    assert.equal(m.entry('--change-eeprom')?.says, 'Changes an EEPROM byte');
  });

  test("mdoc's .Pp and .El and Pod::Man's .Sp are breaks, not words; a first sentence does not end inside a leading parenthesis", () => {
    const mdoc = parseManual(['.Sh OPTIONS', '.Bl -tag', '.It Fl a', 'All of it.', '.Pp', 'More text.', '.It Fl b', 'Bee.', '.El'].join('\n'), 'x');
    assert.equal(mdoc.get('-b')?.paragraph, 'Bee.');
    assert.equal(mdoc.get('-a')?.paragraph, 'All of it. More text.');
    const pod = parseManual(['.SH OPTIONS', '.IP "--kill" 4', 'Kill the connection.', '.Sp', 'It is the default action.', '.IP "--nokeep" 4', '(Keyword: no keep) Delete retrieved messages from the server.'].join('\n'), 'x');
    assert.equal(pod.get('--kill')?.paragraph, 'Kill the connection. It is the default action.');
    assert.equal(pod.get('--nokeep')?.says, '(Keyword: no keep) Delete retrieved messages from the server');
  });

  test("a usage line that names the program before a subcommand describes the subcommand; not in the examples", () => {
    const src = ['.SH DESCRIPTION', '\\fBzdbmgr put \\fR[\\fB\\-sx\\fR]\\fB \\fIname\\fB \\fIkey\\fB \\fIvalue\\fR', '.RS', 'Store a record.', '.RE', '.br',
      '\\fBzdbmgr out \\fR[\\fB\\-sx\\fR]\\fB \\fIname\\fB \\fIkey\\fR', '.RS', 'Remove a record.', '.RE', '.SH EXAMPLES', '.PP', 'zdbmgr list casket', '.RS', 'Wipes nothing; it lists the records.', '.RE'].join('\n');
    const m = new LazyManual('zdbmgr(1)', src, 'zdbmgr');
    assert.equal(m.entry('out')?.says, 'Remove a record');
    assert.equal(m.entry('put')?.says, 'Store a record');
    assert.equal(m.entry('list'), undefined);
    // (Under another program's name, the line is not this program's usage.)
    assert.equal(new LazyManual('other(1)', src, 'other').entry('out'), undefined);
  });

  test('a macro definition, a table and comments are skipped; an empty page gives nothing', () => {
    const src = ['.de XX', '.TP', '-z', 'Zap everything.', '..', '.TS', 'tab;', '-y\tYank all.', '.TE', '.\\" -w Wipe.'].join('\n');
    assert.equal(parseManual(src, 'x').size, 0);
    assert.equal(parseManual('', 'x').size, 0);
  });
});

describe('describedAction', () => {
  const rows: [string, string | undefined][] = [
    ['Erase metadata on all disks', 'erase/destroy'],
    ['Removes the named archive from the vault', 'remove/destroy'],
    ['Permanently deletes every archive', 'delete/destroy'],
    ['Causes the server to drop every table', 'drop/destroy'],
    ['This mode deletes an existing initramfs', 'delete/destroy'],
    ['(Standalone) Remove a persistent tunnel', 'remove/destroy'],
    ['Flushes the selected chain', 'flush/destroy'],
    ['Write a firmware image to flash memory on the device', 'flash/overwrite'],
    ['Revoke the certificate', 'revoke/revoke'],
    ['Stop the server', 'stop/stop'],
    ['Power Down the system chassis', 'power off/stop'],
    // The machine itself, after the list of what stops with it.
    ['Stop all services, kill all processes and power off the system', 'power off/stop'],
    ['Stop all services, kill all processes and reboot the system', 'reboot/stop'],
    ['Do not reboot the system after installing', undefined],
    ['Cancel a pending shutdown of the system', undefined],
    ['If value is specified, changes EEPROM byte for the specified network device', 'flash/overwrite'],
    // An option that lets the action happen without its question.
    ['Do not warn before overwriting files', 'overwrite/overwrite'],
    ["Don't ask before removing snapshots", 'remove/destroy'],
    // Not actions, or actions on nothing that is lost.
    ['Do not remove anything', undefined],
    ['If the file exists, remove it first', undefined],
    ['Print what would be removed', undefined],
    ['Flush output after each line', undefined],
    ["Flushes the given name from the view's DNS cache", undefined],
    ['Flush the queue', undefined],
    ['Disable interactive prompts', undefined],
    ['Remove trailing whitespace', undefined],
    ['Discard downloaded data.', undefined],
    ['Write the report to a file', undefined],
    ['Be verbose', undefined],
    ['Do not warn about missing files', undefined],
    ['Do not ask for confirmation', undefined],
    ['Power off the display after a minute', undefined],
    ['If no file is given, read standard input', undefined],
    ['Change the colour of the prompt', undefined],
    ['Never prompt before removing trailing whitespace', undefined],
    // What is taken from a name renames the file.
    ['Remove URL-encoded characters from file names', undefined],
    ['Remove the named files from the archive', 'remove/destroy'],
    ['Empty the trash', 'empty/destroy'],
    ['Empty lines are ignored', undefined],
    ['Remove the $srcdir before building the package', undefined],
    // The page calls it destructive.
    ['Force a destructive change to an existing database', 'change/destroy'],
    ['Allow destructive operations on the index', 'change/destroy'],
    ['Perform a non-destructive read of the device', undefined],
    ['Refuse destructive changes unless --force is given', undefined],
    ['Ask before any destructive operation', undefined],
    // (A harmless word that only says which store: the layer is what goes.)
    ['Delete the output layer and recreate it empty', 'delete/destroy'],
    ['Delete the output before writing', undefined],
    ['Discard all input for the payload', undefined],
    ['Delete the input files after compressing them', 'delete/destroy'],
    // A later action of the sentence, when it does not lead with one: a second verb joined to
    // the first, a clause that says what comes with it, an action named by a noun, work cancelled.
    ['Suppress normal output and delete the selected records instead', 'delete/destroy'],
    ['Copy each file to the archive, then remove it', 'remove/destroy'],
    ['Perform a full restore, erasing all data (defaults to update)', 'erase/destroy'],
    ['perform file deletes and overwrites without confirmation', 'delete/destroy'],
    ['Force deletion of non-empty folders', 'delete/destroy'],
    ['Cancels all jobs on the named destination', 'cancel/destroy'],
    ['Instead of making backups, prune the backup directory of old backups', 'prune/destroy'],
    ['Causes the current table (if any) is permanently remove without any warning', 'remove/destroy'],
    // Keys swept whole are what a store holds.
    ['Initialize token, removing all existing keys, certificates and files', 'remove/destroy'],
    // … but not one that is denied, only described, one of a list of what a group of commands
    // can do, a verb that names a kind of action, a protection against it, one acting on
    // nothing, or a single job taken back.
    ['Read the list and do not remove anything', undefined],
    ['Do not spend time checking for deleted pages and purging them', undefined],
    ['Print the names of files that would be deleted', undefined],
    ['List, create, and delete URL maps', undefined],
    ['Sets the section that all following add, set and delete actions operate on', undefined],
    ['Enable database deletion protection on this database', undefined],
    ['Run at most N tests and then terminate', undefined],
    ['Print the name and terminate the entries with NUL', undefined],
    ['Cancel a job', undefined],
    ['Prescribes what happens to the address when a VM instance is permanently deleted', undefined],
    ['-r (or --remove) option causes the current table (if any) is permanently removed', undefined],
    // (Keys that are not swept whole are as often a keyboard's; an aside in parentheses is not the object.)
    ['Open the editor and remove key bindings', undefined],
    ['Enable (1) or disable (0) removal of all segments when finished', undefined],
  ];
  for (const [says, want] of rows) {
    test(`${says} → ${want ?? 'nothing'}`, () => {
      const a = describedAction(says);
      assert.equal(a ? `${a.verb}/${a.cls}` : undefined, want);
    });
  }

  test('what a description says it deletes all of is its own object, in its words', () => {
    assert.equal(describedAction('Initialize token, removing all existing keys, certificates and files')?.whole, 'all existing keys');
    assert.equal(describedAction('Perform a full restore, erasing all data (defaults to update)')?.whole, 'all data');
    // (Not one the command names: `Copy each file to the archive, then remove it`.)
    assert.equal(describedAction('Copy each file to the archive, then remove it')?.whole, undefined);
    assert.equal(describedAction('Suppress normal output and delete the selected records instead')?.whole, undefined);
  });

  test('a shortcut is what the options it stands for do', () => {
    const entries = new Map([['--drop', { says: 'Drop the grid', takesValue: false }]]);
    const a = describedAction('Shortcut for --drop --force', (o) => entries.get(o));
    assert.equal(a?.verb, 'drop');
    assert.deepEqual(a?.via, ['--drop', '--force']);
    assert.equal(describedAction('Same as --list', () => undefined), undefined);
  });
});

describe('describedOutcome: what an entry goes on to say', () => {
  const rows: [string, boolean, string | undefined][] = [
    // a switch's effect on an existing target
    ['Create the passwdfile. If passwdfile already exists, it is deleted first.', false, 'delete/destroy'],
    ['Create the file. If it already exists, it is rewritten and truncated. This option cannot be combined with -n.', false, 'overwrite/overwrite'],
    ['Turns on restore mode. Target database is overwritten if it exists.', false, 'overwrite/overwrite'],
    ['Specifies that the named print files should be deleted after submitting them.', false, 'delete/destroy'],
    // the page's own warning; a later sentence whose subject is the option
    ['(Keyword: flush) POP3/IMAP only. This is a dangerous option and can cause mail loss when used improperly.', false, 'destroy/destroy'],
    ['Compact the store. It removes every deleted record for good.', false, 'remove/destroy'],
    ['This option can be extremely dangerous: it has no effect unless the kernel allows it. With it, you can unload modules in use.', false, 'destroy/destroy'],
    ['Move the files into the archive. This is useful for saving space, but is potentially dangerous.', false, 'destroy/destroy'],
    ['Print debug output. Not dangerous.', false, undefined],
    // not the option's own doing, negated, or an output file overwritten as a matter of course
    ['Write the report to FILE. An existing FILE is overwritten.', true, undefined],
    ['Keep the old file. Without this option, the old file is deleted.', false, undefined],
    ['Append to the log. Existing entries are never removed.', false, undefined],
    ["This command flushes the given name from the view's DNS cache. It then reloads.", false, undefined],
    // advice about another command is not the option's own warning
    ['Sends files to the Trashcan. If you are interested in deleting a file irreversibly, see the remove command.', false, undefined],
    ['Moves files aside. To lose them irreversibly, use shred instead.', false, undefined],
  ];
  for (const [paragraph, takesValue, want] of rows) {
    test(`${paragraph} → ${want ?? 'nothing'}`, () => {
      const a = describedOutcome({ says: paragraph.split('. ')[0]!, takesValue, paragraph });
      assert.equal(a ? `${a.verb}/${a.cls}` : undefined, want);
    });
  }
});

describe('summaryOf: the NAME line', () => {
  test('man(7) with \\-, a long line, mdoc .Nd; none without a NAME section', () => {
    assert.equal(summaryOf(['.TH Z 8', '.SH NAME', 'zapctl \\- erase every block of a device', '.SH SYNOPSIS', '.B zapctl'].join('\n'), 'zapctl'), 'erase every block of a device');
    assert.equal(summaryOf(['.TH Z 1', '.SH "NAME"', 'sswipe \\- secure swap wiper (toolkit)', '.SH DESCRIPTION'].join('\n'), 'sswipe'), 'secure swap wiper (toolkit)');
    assert.equal(summaryOf(['.Dd 2024', '.Dt Z 8', '.Sh NAME', '.Nm zapctl', '.Nd overwrite the superblock'].join('\n'), 'zapctl'), 'overwrite the superblock');
    assert.equal(summaryOf(['.TH Z 1', '.SH SYNOPSIS', 'zapctl'].join('\n'), 'zapctl'), undefined);
    // Pod::Man writes two dashes; a dash inside a name is not the parting.
    assert.equal(summaryOf(['.TH Z 1', '.SH "NAME"', 'zapquery \\-\\- Remotely query the archive about packages', '.SH "SYNOPSIS"'].join('\n'), 'zapquery'), 'Remotely query the archive about packages');
    assert.equal(summaryOf(['.TH Z 1', '.SH NAME', 'zap-ctl \\- wipe-all helper', '.SH SYNOPSIS'].join('\n'), 'zap-ctl'), 'wipe-all helper');
  });
});

describe('LazyManual: where a page describes a name', () => {
  const filler = (n: number): string[] => Array.from({ length: n }, (_, i) => `Line ${i} of prose that says nothing about any option at all, padding the page.`);

  test('a name is looked for where a line could describe it: a tag, mdoc Fl, right after a font change; not in prose, the synopsis, or glued to a longer name', () => {
    const src = [
      '.SH SYNOPSIS', '\\fBzap\\fR [\\fB\\-E\\fR] [\\fB\\-Z\\fR]',
      '.SH DESCRIPTION', 'Use \\-Z only when idle.',
      '.SH OPTIONS', '.TP', '\\fB\\-E\\fR, \\fB\\-\\-erase\\-all\\fR', 'Erase everything.',
      '.It Fl q Ar file', 'Quiesce the pool.', '.TP', 'purge', 'Purges the store.',
    ].join('\n');
    const m = new LazyManual('zap(8)', src, 'zap');
    assert.equal(m.entry('-E')?.says, 'Erase everything');
    assert.equal(m.entry('--erase-all')?.says, 'Erase everything');
    assert.equal(m.entry('-erase-all'), undefined, 'a name inside a longer one (\\-\\-erase\\-all) is not a name');
    assert.equal(m.entry('-Z'), undefined, 'named only in the synopsis and in prose');
    assert.equal(m.entry('-q')?.says, 'Quiesce the pool');
    assert.equal(m.entry('purge')?.says, 'Purges the store');
    assert.deepEqual(spellingsOf('--zap-all', true), ['--zap-all', '--zap\\-all', '\\-\\-zap-all', '\\-\\-zap\\-all', '\\--zap-all', '\\--zap\\-all', '-\\-zap-all', '-\\-zap\\-all', 'Fl -zap-all', '-zap-all', 'Fl -zap\\-all', '-zap\\-all', 'Fl \\-zap-all', '\\-zap-all', 'Fl \\-zap\\-all', '\\-zap\\-all', 'Fl Fl zap-all', 'Fl Fl zap\\-all']);
  });

  test('an entry mentioned on four tag-like lines before it is described is still found: lines where prose goes on after the name, and indented examples, are read last', () => {
    const src = [
      '.TH ZAP 1', '.SH DESCRIPTION',
      '\\fI\\-\\-squash\\fR, import only a single commit rather than the history.',
      '\\fI\\-\\-squash\\fR, and the previous merge with it.',
      '    \\-\\-squash \\-\\-into=/srv',
      '\\fI\\-\\-squash\\fR, you can switch back and forth between versions.',
      '\\fI\\-\\-squash\\fR, make sure you also use the same prefix.',
      ...filler(25),
      '.SH OPTIONS', '.TP', '\\-\\-squash', 'Destroy the history of the subtree.', ...filler(3),
    ].join('\n');
    assert.equal(new LazyManual('zap(1)', src, 'zap').entry('--squash')?.says, 'Destroy the history of the subtree');
  });

  test('an entry a window cuts short is not kept for a later question: the later question reads its own place', () => {
    // The window read for -a ends a few words into -w's description.
    const src = ['.TH ZAP 1', '.SH OPTIONS', '.TP', '\\-a', 'Add a file and keep it.', ...filler(18), '.TP', '\\-w', 'Wipe the archive and every copy of it that the tool can reach, on every host it knows, with no way back.', ...filler(40)].join('\n');
    assert.ok(src.indexOf('Wipe') - src.indexOf('\\-a') < 1500 && src.indexOf('no way back') - src.indexOf('\\-a') > 1500, 'the page is laid out as the test means');
    const m = new LazyManual('zap(1)', src, 'zap');
    assert.equal(m.entry('-a')?.says, 'Add a file and keep it');
    assert.equal(m.entry('-w')?.says, 'Wipe the archive and every copy of it that the tool can reach, on every host it knows, with no way back');
  });
});

describe('manual pages on disk', () => {
  const t = tempDir('br-man-');
  after(() => t.remove());
  const root = path.join(t.dir, 'man');
  fs.mkdirSync(path.join(root, 'man8'), { recursive: true });
  fs.mkdirSync(path.join(root, 'man1'), { recursive: true });
  const ctx = { ...DEFAULT_CTX, env: { ...DEFAULT_CTX.env, MANPATH: root } };
  const page = (body: string): string => ['.TH X 8', '.SH OPTIONS', body].join('\n');
  const ids = async (line: string): Promise<string[]> => (await analyze(line, ctx)).findings.map((f) => `${f.ruleId}:${f.severity}`);
  /** The manual's finding on a line, and the line's decision. */
  const manualFinding = async (line: string): Promise<{ f: CommandFinding | undefined; decision: string; all: string }> => {
    const v = await analyze(line, ctx);
    return { f: v.findings.find((x) => x.ruleId === 'generic.manual'), decision: v.decision, all: JSON.stringify(v.findings) };
  };
  /**
   * Runs `check` with a page installed by the system (root's, mode 644, in a folder man looks in by
   * default), then removes it; skips where no such page can be made (not root, or not writable).
   * `check` gets the line judge without MANPATH and the page's file.
   */
  const withSystemPage = async (t: TestContext, name: string, body: string, check: (sys: (line: string) => Promise<string[]>, file: string) => Promise<void>): Promise<void> => {
    const system = '/usr/local/share/man/man8';
    const file = path.join(system, name);
    try {
      fs.mkdirSync(system, { recursive: true });
      fs.writeFileSync(file, body, { mode: 0o644 });
    } catch {
      t.skip(`${system} is not writable here`);
      return;
    }
    try {
      if (fs.statSync(file).uid !== 0) {
        t.skip('not run as root: an installed page cannot be made here');
        return;
      }
      forgetManuals();
      await check(async (line) => (await analyze(line, DEFAULT_CTX)).findings.map((f) => `${f.ruleId}:${f.severity}`), file);
    } finally {
      fs.rmSync(file, { force: true });
      forgetManuals();
    }
  };
  /** A page with a NAME line and the given entries (a tag and its text each; `-v  Be verbose.` when none). */
  const namedPage = (name: string, says: string, ...entries: [string, string][]): string =>
    ['.TH X 8', '.SH NAME', `${name} \\- ${says}`, '.SH OPTIONS', ...(entries.length > 0 ? entries : [['\\-v', 'Be verbose.']]).flatMap(([tag, text]) => ['.TP', `.B ${tag}`, text])].join('\n');

  test('a gzip page in section 8 is read; the finding quotes it and names the page', async () => {
    fs.writeFileSync(path.join(root, 'man8', 'zonkctl.8.gz'), zlib.gzipSync(page('.TP\n.B \\-W\nWipe the named record set.')));
    forgetManuals();
    const v = await analyze('zonkctl -W www', ctx);
    const f = v.findings.find((x) => x.ruleId === 'generic.manual');
    assert.ok(f, JSON.stringify(v.findings));
    assert.equal(f.severity, 'high', f.message);
    assert.match(f.message, /zonkctl\(8\) says of -W “Wipe the named record set”/);
    assert.equal(v.decision, 'confirm');
  });

  test('an access list the page says an option overwrites is held as a revocation: every grant the new one does not restate is removed', async () => {
    fs.writeFileSync(path.join(root, 'man1', 'zsharesec.1'), namedPage('zsharesec', 'set share permissions', ['\\-R, \\-\\-replace=ACLS', 'Overwrite an existing share permission ACL.'], ['\\-a, \\-\\-add=ACL', 'Add the given entries to the share permission ACL.'], ['\\-O, \\-\\-output=FILE', 'Overwrite FILE with the report.']));
    forgetManuals();
    const { f, decision, all } = await manualFinding("zsharesec Public -R 'S-1-1-0:ALLOWED/0x0/FULL'");
    assert.equal(f?.severity, 'high', all);
    assert.match(f?.message ?? '', /whatever the new one does not name is removed/);
    assert.equal(decision, 'confirm');
    assert.deepEqual(await ids("zsharesec Public -a 'S-1-1-0:ALLOWED/0x0/READ'"), []);
    // (An output file overwritten is not an access list.)
    assert.deepEqual((await ids('zsharesec Public -O report.txt')).filter((x) => x.endsWith(':high') || x.endsWith(':critical')), []);
  });

  test('what an entry says it deletes all of is named in the finding, not the value of the next option', async () => {
    fs.writeFileSync(path.join(root, 'man1', 'zhsmtool.1'), namedPage('zhsmtool', 'smart card utility', ['\\-X, \\-\\-initialize', 'Initialize token, removing all existing keys, certificates and files.'], ['\\-\\-pin \\fIPIN\\fR', 'The user PIN.'], ['\\-\\-create\\-share \\fIFILE\\fR', 'Create a key share file.']));
    forgetManuals();
    const { f, decision, all } = await manualFinding('zhsmtool --initialize --pin 648219');
    assert.equal(f?.severity, 'critical', all);
    assert.match(f?.message ?? '', /^`zhsmtool --initialize` removes all existing keys \(zhsmtool\(1\) says of --initialize “Initialize token, removing all existing keys, certificates and files”\)/);
    assert.doesNotMatch(f?.message ?? '', /648219/);
    assert.equal(decision, 'confirm');
    assert.deepEqual(await ids('zhsmtool -X'), ['generic.manual:critical']);
    assert.deepEqual(await ids('zhsmtool --create-share share.pbe'), []);
  });

  test('an option written right after a font change (\\fB\\-c\\fR) is found where it is described', async () => {
    fs.writeFileSync(path.join(root, 'man1', 'fontctl.1'), page('.TP\n\\fB\\-c\\fR\nCreate the store. If the store already exists, it is deleted first.\n.TP\n\\fB-q\\fR\nBe quiet.'));
    forgetManuals();
    const v = await analyze('fontctl -c /srv/store.db', ctx);
    assert.match(v.findings.find((x) => x.ruleId === 'generic.manual')?.message ?? '', /fontctl\(1\) says of -c “If the store already exists, it is deleted first”/, JSON.stringify(v.findings));
    assert.deepEqual(await ids('fontctl -q /srv/store.db'), []);
  });

  test('a program whose page says it rewrites the files it is given, given files of data, rewrites them in place: held for many, shown for one; not with an output option, a rehearsal option or source code', async () => {
    const body = ['.TH PIXSQUEEZE 1', '.SH NAME', 'pixsqueeze \\- shrink pictures', '.SH DESCRIPTION', 'Shrinks JPEG pictures.', 'By default pixsqueeze modifies the input files, to keep the originals use', '.B \\-d', '.', '.SH OPTIONS', '.TP', '.B \\-d \\fIdir\\fR', 'Write the results to dir.', '.TP', '.B \\-n', "Don't really optimize files, just print results.", '.TP', '.B \\-q', 'Be quiet.', '.TP', '.B \\-c', 'Copy the EXIF data into the result.'].join('\n');
    fs.writeFileSync(path.join(root, 'man1', 'pixsqueeze.1'), body);
    forgetManuals();
    const v = await analyze('pixsqueeze -q photos/*.jpg', ctx);
    const f = v.findings.find((x) => x.ruleId === 'generic.manual');
    assert.equal(f?.severity, 'high', JSON.stringify(v.findings));
    assert.match(f.message, /rewrites photos\/\*\.jpg in place: pixsqueeze\(1\) says “By default pixsqueeze modifies the input files/);
    assert.deepEqual(await ids('pixsqueeze contract.jpg'), ['generic.manual:medium']);
    assert.deepEqual(await ids('pixsqueeze -d out photos/*.jpg'), []);
    // An option named like an output one that the page says is not (-c copies EXIF data): still in place.
    assert.deepEqual(await ids('pixsqueeze -c photos/*.jpg'), ['generic.manual:high']);
    assert.deepEqual(await ids('pixsqueeze -n photos/*.jpg'), []);
    assert.deepEqual(await ids('pixsqueeze src/*.c'), []);
    // What an option does, told in the running text, is not the program's default: an option named
    // there, "To … in place, use …", a copy.
    const other = ['.TH RENAMIX 1', '.SH NAME', 'renamix \\- move or rename pictures', '.SH DESCRIPTION', '--overwrite: overwrite target name with source file.', 'To modify the pictures in place, use the', '.B \\-b', 'option.', 'It can transform the input file as it is being copied.'].join('\n');
    fs.writeFileSync(path.join(root, 'man1', 'renamix.1'), other);
    forgetManuals();
    assert.deepEqual(await ids('renamix "*.jpeg" "#1.jpg"'), []);
  });

  test("an option whose entry says it rewrites the inputs in place does so to files of data, not to source code, and not when it is negated", async () => {
    fs.writeFileSync(path.join(root, 'man1', 'gifmash.1'), page(['.TP', '.BR \\-b ", " \\-\\-batch', 'Modify each GIF input in place by reading and writing to the same filename.', '.TP', '.B \\-k', 'Keep the input: the result is never written in place.', '.TP', '.BI \\-\\-colors " n"', 'Reduce to n colors.'].join('\n')));
    fs.writeFileSync(path.join(root, 'man1', 'fmtx.1'), page(['.TP', '.B \\-i', 'Inplace edit files, if specified.'].join('\n')));
    forgetManuals();
    const v = await analyze('gifmash -b --colors 32 *.gif', ctx);
    const f = v.findings.find((x) => x.ruleId === 'generic.manual');
    assert.equal(f?.severity, 'high', JSON.stringify(v.findings));
    assert.match(f.message, /rewrites \*\.gif in place: gifmash\(1\) says of -b “Modify each GIF input in place/);
    assert.deepEqual(await ids('gifmash -b logo.gif'), ['generic.manual:medium']);
    assert.deepEqual(await ids('gifmash -k *.gif'), []);
    assert.deepEqual(await ids('gifmash -b *.gif -o out.gif'), []);
    assert.deepEqual(await ids('fmtx -i src/*.cpp'), []);
    assert.deepEqual(await ids('fmtx -i scans/*.tiff'), ['generic.manual:high']);
  });

  test("an option an installed page calls a rehearsal keeps a verb the generic reading found quiet (\"Simulate\", \"does everything but actually …\"); a page the command's author could write does not", async (t) => {
    const body = page(['.TP', '.BR \\-s ", " \\-\\-simulate', 'Simulate the actions, do not change the system.', '.TP', '.B \\-n', 'This option does everything but actually remove the packages.', '.TP', '.B \\-v', 'Be verbose.'].join('\n'));
    // Where MANPATH points (the command could have set it): read for findings, never to quiet one.
    fs.writeFileSync(path.join(root, 'man8', 'pkgzap.8'), body);
    forgetManuals();
    assert.deepEqual(await ids('pkgzap -s purge postgresql-15'), ['generic.destroy:high']);
    assert.deepEqual(await ids('MANPATH=/tmp pkgzap -nv purge postgresql-15'), ['generic.destroy:high']);
    // Installed by the system (root's, in a folder man looks in by default).
    await withSystemPage(t, 'brtest-pkgzap.8', body, async (sys, file) => {
      assert.deepEqual(await sys('brtest-pkgzap purge postgresql-15'), ['generic.destroy:high']);
      assert.deepEqual(await sys('brtest-pkgzap -s purge postgresql-15'), []);
      assert.deepEqual(await sys('brtest-pkgzap -nv purge postgresql-15'), []);
      assert.deepEqual(await sys('brtest-pkgzap -v purge postgresql-15'), ['generic.destroy:high']);
      fs.chmodSync(file, 0o666);
      forgetManuals();
      assert.deepEqual(await sys('brtest-pkgzap -s purge postgresql-15'), ['generic.destroy:high'], 'a page anyone can write is not the system\'s');
    });
  });

  test('a subcommand an installed page says only rehearses unless an option is given ("By default we do a dry run") is quiet without it and held with it; a page the command could point to does not quiet it', async (t) => {
    const body = [
      '.TH ZDIRCTL 8', '.SH NAME', 'zdirctl \\- manage directory server instances',
      '.SH OPTIONS', '.TP', '\\fBinstance\\fR', 'The name of the instance to act upon',
      ".SH OPTIONS 'zdirctl remove'", 'usage: zdirctl [instance] remove [-h] [--do-it]', '.TP', '\\fB\\-\\-do\\-it\\fR', 'By default we do a dry run. This actually initiates the removal of the', '.br', 'instance.',
      ".SH OPTIONS 'zdirctl stop'", '.TP', '\\fB\\-\\-timeout\\fR', 'How long to wait.',
    ].join('\n');
    fs.writeFileSync(path.join(root, 'man8', 'zdirctl.8'), body);
    forgetManuals();
    assert.deepEqual(await ids('zdirctl ldap1 remove'), ['generic.destroy:high'], 'where MANPATH points, a page never quiets a finding');
    await withSystemPage(t, 'brtest-zdirctl.8', body.replace(/zdirctl/g, 'brtest-zdirctl'), async (sys) => {
      assert.deepEqual(await sys('brtest-zdirctl ldap1 remove'), []);
      // Told to act: the option that makes it act is not itself a rehearsal, though its text says "dry run".
      assert.deepEqual(await sys('brtest-zdirctl ldap1 remove --do-it'), ['generic.destroy:high']);
      // Another subcommand, whose section does not have the option, is not a rehearsal.
      assert.deepEqual(await sys('brtest-zdirctl ldap1 delete'), ['generic.destroy:high']);
    });
  });

  test('a session manager whose installed page says an option only asks the person at the screen is not held for it, unless told not to ask; a page the command could point to does not quiet it', async (t) => {
    const body = (name: string): string => namedPage(name, 'End the current session', ['\\-\\-logout', 'Prompt the user to confirm logout. This is the default behavior.'], ['\\-\\-reboot', 'Prompt the user to confirm system reboot.'], ['\\-\\-no\\-prompt', 'End the session without user interaction.']);
    fs.writeFileSync(path.join(root, 'man1', 'zgnome-session-quit.1'), body('zgnome-session-quit'));
    forgetManuals();
    assert.deepEqual(await ids('zgnome-session-quit --logout'), ['generic.stop:high'], 'where MANPATH points, a page never quiets a finding');
    const v = await analyze('zgnome-session-quit --reboot --no-prompt', ctx);
    assert.match(v.findings[0]?.message ?? '', /reboots the machine through the session manager \(zgnome-session-quit\); every program on it stops, and what was not saved is lost/, JSON.stringify(v.findings));
    await withSystemPage(t, 'brtest-session-quit.8', body('brtest-session-quit'), async (sys) => {
      assert.deepEqual(await sys('brtest-session-quit --logout'), []);
      assert.deepEqual(await sys('brtest-session-quit --reboot'), []);
      assert.deepEqual(await sys('brtest-session-quit --logout --no-prompt'), ['generic.stop:high']);
    });
  });

  test('an option that powers off or reboots the machine is held, and names the machine, not the word after it', async () => {
    fs.writeFileSync(path.join(root, 'man8', 'downctl.8'), ['.Dd 2024', '.Dt DOWNCTL 8', '.Sh DESCRIPTION', '.Bl -tag -width poweroff', '.It Fl p , -poweroff', 'Stop all services, kill all processes and power off the system.', '.It Fl D , -dry-run', 'Print the action that would be taken without executing it.', '.El'].join('\n'));
    forgetManuals();
    const v = await analyze('downctl --poweroff now', ctx);
    const f = v.findings.find((x) => x.ruleId === 'generic.manual');
    assert.equal(f?.severity, 'high', JSON.stringify(v.findings));
    assert.match(f.message, /powers off the machine \(downctl\(8\) says of --poweroff “Stop all services, kill all processes and power off the system”\)/);
    assert.deepEqual(await ids('downctl -D -p now'), []);
  });

  test('an option the page describes in its running text ("The third form of the command (-x) deletes …") is read there, when no list describes it', async () => {
    const body = ['.TH QADMIN 8', '.SH SYNOPSIS', '.B qadmin', '.B \\-x', '.I queue', '.SH DESCRIPTION', 'The first form of the command (\\fI-d\\fR) sets the default queue.', '.LP', 'The third form of the command (\\fI-x\\fR) deletes the queue \\fIqueue\\fR.', 'Any jobs pending in it are removed.', '.LP', 'The \\fI-q\\fR option is quiet.', '.SH OPTIONS', '.TP', '.B \\-v', 'Be verbose.'].join('\n');
    fs.writeFileSync(path.join(root, 'man8', 'qadmin.8'), body);
    forgetManuals();
    const v = await analyze('qadmin -x finance', ctx);
    assert.match(v.findings.find((f) => f.ruleId === 'generic.manual')?.message ?? '', /deletes finance: qadmin\(8\) says of -x “Deletes the queue queue”/, JSON.stringify(v.findings));
    assert.deepEqual(await ids('qadmin -d finance'), []);
    assert.deepEqual(await ids('qadmin -q finance'), []);
  });

  test('a page installed after a first look is seen once the kept answer expires (forgetManuals in tests)', async () => {
    forgetManuals();
    assert.deepEqual(await ids('latectl -P queue1'), []);
    fs.writeFileSync(path.join(root, 'man1', 'latectl.1'), page('.TP\n.B \\-P\nPurge the named queue.'));
    // Kept for 30 seconds: still the old answer until forgotten.
    assert.deepEqual(await ids('latectl -P queue1'), []);
    forgetManuals();
    assert.deepEqual(await ids('latectl -P queue1'), ['generic.manual:high']);
  });

  test('only stricter: a page that calls a destructive option harmless changes nothing', async () => {
    fs.writeFileSync(path.join(root, 'man1', 'liarctl.1'), page('.TP\n.B \\-\\-delete\nList the entries (harmless).'));
    forgetManuals();
    const v = await analyze('liarctl --delete prod-db', ctx);
    assert.ok(v.findings.some((f) => f.ruleId === 'generic.destroy'), JSON.stringify(v.findings));
    assert.equal(v.decision, 'confirm');
  });

  test('a folder, a FIFO, a broken gzip or a huge page where the page should be is ignored, without hanging', async () => {
    fs.mkdirSync(path.join(root, 'man8', 'dirctl.8'));
    execFileSync('mkfifo', [path.join(root, 'man8', 'fifoctl.8')]);
    fs.writeFileSync(path.join(root, 'man8', 'brokenctl.8.gz'), Buffer.from('not gzip at all'));
    fs.writeFileSync(path.join(root, 'man8', 'hugectl.8'), Buffer.alloc((1 << 20) + 10, 0x2e));
    forgetManuals();
    for (const p of ['dirctl', 'fifoctl', 'brokenctl', 'hugectl']) assert.deepEqual(await ids(`${p} -W everything`), [], p);
  });

  test('only the entry is read: an option named in the synopsis and in prose before it is found where it is described', async () => {
    const body = ['.SH SYNOPSIS', '.B prosectl', '[\\fB\\-Z\\fR]', '.SH DESCRIPTION', 'Use', '.B \\-Z', 'only when the pool is idle.', '.PP', 'Print the pool.', '.SH OPTIONS', '.TP', '.B \\-q', 'Be quiet.', '.TP', '.B \\-Z', 'Zap the whole pool and every volume in it.'].join('\n');
    fs.writeFileSync(path.join(root, 'man8', 'prosectl.8'), `.TH P 8\n${body}`);
    forgetManuals();
    const v = await analyze('prosectl -Z tank', ctx);
    const f = v.findings.find((x) => x.ruleId === 'generic.manual');
    assert.match(f?.message ?? '', /prosectl\(8\) says of -Z “Zap the whole pool and every volume in it”/, JSON.stringify(v.findings));
  });

  test('a page linked with .so is followed once, never out of the manual folder', async () => {
    fs.writeFileSync(path.join(root, 'man8', 'realctl.8'), page('.TP\n.B \\-X\nDestroys the cluster.'));
    fs.writeFileSync(path.join(root, 'man8', 'aliasctl.8'), '.so man8/realctl.8\n');
    fs.writeFileSync(path.join(root, 'man8', 'escapectl.8'), '.so ../../etc/passwd\n');
    forgetManuals();
    assert.deepEqual(await ids('aliasctl -X'), ['generic.manual:high']);
    assert.deepEqual(await ids('escapectl -X'), []);
  });

  test("the NAME line speaks for a program none of whose words the page describes, only for a destroy or overwrite with something to act on", async () => {
    const named = (name: string, says: string): string => namedPage(name, says);
    fs.writeFileSync(path.join(root, 'man8', 'zapsuper.8'), named('zapsuper', 'overwrite the primary superblock with a backup copy'));
    fs.writeFileSync(path.join(root, 'man1', 'sswp.1'), named('sswp', 'secure swap wiper (secure deletion kit)'));
    fs.writeFileSync(path.join(root, 'man8', 'trimfree.8'), named('trimfree', 'discard unused blocks on a mounted filesystem'));
    fs.writeFileSync(path.join(root, 'man1', 'symstrip.1'), named('symstrip', 'discard symbols and other data from object files'));
    fs.writeFileSync(path.join(root, 'man8', 'lsvol.8'), named('lsvol', 'list the volumes of a group'));
    forgetManuals();
    const { f, decision, all } = await manualFinding('zapsuper -s 1 /dev/sdz');
    assert.match(f?.message ?? '', /overwrites \/dev\/sdz: zapsuper\(8\) says of zapsuper “overwrite the primary superblock with a backup copy”/, all);
    assert.equal(decision, 'confirm');
    assert.deepEqual(await ids('sswp /dev/sdz5'), ['generic.manual:critical']);
    // nothing to act on; something nothing uses; what a build makes again; a listing
    assert.deepEqual(await ids('zapsuper -v'), []);
    assert.deepEqual(await ids('trimfree -v /'), []);
    assert.deepEqual(await ids('symstrip build/app'), []);
    assert.deepEqual(await ids('lsvol vg0'), []);
  });

  test("a program whose NAME line says it puts firmware or a program onto a chip, or sets a chip's registers, is held when run on what it is given; not with an option that only reads or keeps the device as it is, and not a debugger", async () => {
    const named = (name: string, says: string): string =>
      namedPage(name, says, ['\\-l', 'List the supported boards.'], ['\\-t', 'Just read the flash ID.'], ['\\-S', 'Perform SRAM programming.'], ['\\-s', 'Read variables to be set from a script.'], ['\\-v', 'Be verbose.']);
    const pages: [string, string][] = [
      ['qprog', 'JTAG programming utility for FPGAs and PROMs'],
      ['zloader', 'load and run programs onto your micro controller'],
      ['qprog-server', 'JTAG programming utility for FPGAs and PROMs'],
      ['qdebug', 'on-chip debugging and in-system programming tool'],
      ['qview', 'show the registers of a micro controller'],
      ['qcapread', 'test real flash memory capacity'],
    ];
    for (const [name, says] of pages) fs.writeFileSync(path.join(root, 'man1', `${name}.1`), named(name, says));
    forgetManuals();
    const { f, decision, all } = await manualFinding('qprog -v design.bit');
    assert.equal(f?.severity, 'high', all);
    assert.match(f?.message ?? '', /qprog\(1\) says of qprog “JTAG programming utility for FPGAs and PROMs”/);
    assert.equal(decision, 'confirm');
    assert.deepEqual(await ids('zloader -v blink.hex'), ['generic.manual:high']);
    // Where its input comes from is not a reading: `-s` reads the variables it then writes.
    assert.deepEqual(await ids('zloader -s env.txt'), ['generic.manual:high']);
    // Reading, listing, memory that does not last; nothing to act on; a server, a debugger, a viewer.
    assert.deepEqual(await ids('qprog -l'), []);
    assert.deepEqual(await ids('qprog -t design.bit'), []);
    assert.deepEqual(await ids('qprog -S design.bit'), []);
    assert.deepEqual(await ids('qprog -v'), []);
    assert.deepEqual(await ids('qprog-server -v design.bit'), []);
    assert.deepEqual(await ids('qdebug -v board.cfg'), []);
    assert.deepEqual(await ids('qview -v mcu0'), []);
    // A NAME that leads with testing: the flash is what it tests.
    assert.deepEqual(await ids('qcapread /media/usb'), []);
    // An option that only reads speaks for the run, even of a NAME the description reads as a write.
    fs.writeFileSync(path.join(root, 'man1', 'qspiflash.1'), namedPage('qspiflash', 'program Flash', ['\\-r \\fIfile\\fR', 'Read data into file.'], ['\\-w \\fIfile\\fR', 'Write data from file.']));
    forgetManuals();
    assert.deepEqual(await ids('qspiflash -r backup.bin'), []);
    assert.deepEqual(await ids('qspiflash -w firmware.bin'), ['generic.destroy:high']);
    // A chip's registers set or written, not read.
    fs.writeFileSync(path.join(root, 'man1', 'zregset.1'), named('zregset', 'set I2C registers'));
    fs.writeFileSync(path.join(root, 'man1', 'zregget.1'), named('zregget', 'read from I2C/SMBus chip registers'));
    fs.writeFileSync(path.join(root, 'man1', 'zregdbg.1'), named('zregdbg', 'interactive debugger that can set CPU registers'));
    forgetManuals();
    assert.deepEqual(await ids('zregset -v 1 0x50 0x00 0xff'), ['generic.manual:high']);
    assert.deepEqual(await ids('zregget -v 1 0x50 0x00'), []);
    assert.deepEqual(await ids('zregdbg -v vmlinux'), []);
  });

  test("a program whose NAME line says it writes the machine's account files is held, with or without operands; not one that only reads them, nor a help or rehearsal option", async () => {
    const named = (name: string, says: string): string =>
      namedPage(name, says, ['\\-h', 'Display help message and exit.'], ['\\-n', 'Do not really change anything, just print what would be done.'], ['\\-s', 'Use the shadow file.']);
    fs.writeFileSync(path.join(root, 'man8', 'zcppw.8'), named('zcppw', 'copy with locking the given file to the password or group file'));
    fs.writeFileSync(path.join(root, 'man8', 'zunconv.8'), named('zunconv', 'convert to and from shadow passwords and groups'));
    fs.writeFileSync(path.join(root, 'man8', 'zpwck.8'), named('zpwck', 'verify the integrity of password files'));
    forgetManuals();
    const { f, all } = await manualFinding('zcppw -s /tmp/shadow.new');
    assert.equal(f?.severity, 'high', all);
    assert.match(f?.message ?? '', /the machine's account files \(zcppw\(8\) says of zcppw “copy with locking the given file to the password or group file”\)/);
    assert.deepEqual(await ids('zunconv'), ['generic.manual:high']);
    assert.deepEqual(await ids('zunconv -h'), []);
    assert.deepEqual(await ids('zcppw -n /tmp/passwd.new'), []);
    assert.deepEqual(await ids('zpwck -s'), []);
  });

  test("a subcommand whose word only takes away or stops (clear, disable) is what the page says it does when that is stronger; never weaker", async () => {
    const page = (name: string, says: string): string => ['.TH X 1', '.SH NAME', `${name} \\- manage a store`, '.SH COMMANDS', '.TP', '.B clear \\fIpath\\fR', says].join('\n');
    fs.writeFileSync(path.join(root, 'man1', 'zkvmgr.1'), page('zkvmgr', 'Removes all records of a database.'));
    fs.writeFileSync(path.join(root, 'man1', 'zscrmgr.1'), page('zscrmgr', 'Clears the status line.'));
    forgetManuals();
    const { f, all } = await manualFinding('zkvmgr clear /srv/kv/catalog.kvh');
    assert.equal(f?.severity, 'high', all);
    assert.match(f?.message ?? '', /zkvmgr\(1\) says of clear “Removes all records of a database”/);
    // What the generic reading found stays when the page says nothing stronger.
    assert.deepEqual(await ids('zscrmgr clear /srv/kv/catalog.kvh'), ['generic.revoke:medium']);
  });

  test("a program whose NAME line says it runs a firewall, stopped, is held (it comes back only when started); restarted, or a traffic shaper stopped, it is not", async () => {
    fs.writeFileSync(path.join(root, 'man8', 'zwall.8'), namedPage('zwall', 'Administration tool for Zone Firewall (Zwall)'));
    fs.writeFileSync(path.join(root, 'man8', 'zshaper.8'), namedPage('zshaper', 'an easy to use traffic shaping tool for the firewall'));
    forgetManuals();
    const { f, all } = await manualFinding('zwall stop');
    assert.equal(f, undefined);
    const v = await analyze('zwall stop', ctx);
    const stop = v.findings.find((x) => x.ruleId === 'generic.stop');
    assert.equal(stop?.severity, 'high', all);
    assert.match(stop?.message ?? '', /the firewall it runs goes down \(zwall: “Administration tool for Zone Firewall \(Zwall\)”\)/);
    assert.deepEqual(await ids('zwall restart'), ['generic.stop:low']);
    assert.deepEqual(await ids('zshaper stop'), ['generic.stop:low']);
  });

  test("a subcommand's own page (PROG-SUB, PROG-SUB-SUB2) speaks for it: its NAME line and its options", async () => {
    const named = (name: string, says: string, body = ''): string => ['.TH X 8', '.SH NAME', `${name} \\- ${says}`, '.SH OPTIONS', '.TP', '.B \\-v', 'Be verbose.', body].join('\n');
    fs.writeFileSync(path.join(root, 'man8', 'qfsctl-sunset.8'), named('qfsctl-sunset', 'destroy a dataset and every snapshot of it'));
    fs.writeFileSync(path.join(root, 'man8', 'qfsctl-snapshot.8'), named('qfsctl-snapshot', 'create a snapshot of a dataset'));
    fs.writeFileSync(path.join(root, 'man8', 'qfsctl-conclude.8'), named('qfsctl-conclude', 'send a stream of a dataset', '.TP\n.B \\-W\nWipe the source dataset once it is sent.'));
    fs.writeFileSync(path.join(root, 'man1', 'qpod-volume-evacuate.1'), named('qpod-volume-evacuate', 'erase every volume on the node'));
    forgetManuals();
    const v = await analyze('qfsctl sunset -r tank/data', ctx);
    const f = v.findings.find((x) => x.ruleId === 'generic.manual');
    assert.match(f?.message ?? '', /qfsctl-sunset\(8\) says of qfsctl-sunset “destroy a dataset and every snapshot of it”/, JSON.stringify(v.findings));
    assert.equal(v.decision, 'confirm');
    assert.match((await analyze('qfsctl conclude -W tank/data', ctx)).findings[0]?.message ?? '', /qfsctl-conclude\(8\) says of -W “Wipe the source dataset once it is sent”/);
    assert.deepEqual(await ids('qpod volume evacuate node1'), ['generic.manual:high']);
    // a subcommand whose page says it makes something; a subcommand with no page
    assert.deepEqual(await ids('qfsctl snapshot tank/data@today'), []);
    assert.deepEqual(await ids('qfsctl conclude tank/data'), []);
    assert.deepEqual(await ids('qfsctl rollover tank/data'), []);
  });

  test('names that are paths or patterns are never looked up; a program a pack owns is not asked', async () => {
    fs.writeFileSync(path.join(root, 'man1', 'git.1'), page('.TP\n.B \\-\\-version\nDestroy the repository.'));
    forgetManuals();
    assert.deepEqual(await ids('git --version'), []);
    assert.deepEqual(await ids('"zonk*" -W x'), []);
  });
});
