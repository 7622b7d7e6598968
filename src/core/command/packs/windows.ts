/**
 * Windows: cmd.exe's own deleting commands (`rd /s`, `del /s`, `erase`, `format`), diskpart
 * scripts, `wsl --unregister`, and PowerShell's `Clear-Content`. cmd.exe lines reach the engine as
 * the code of `cmd /c …` (shell/cmd.ts), so their switches (`/s`, `/q`, `/f`, combined `/s/q`) are
 * read case-insensitively here, and paths are judged like the filesystem pack's: a drive root,
 * the user's profile and system folders are critical or high, build output in the project is
 * not reported. Built-in tools that destroy or take over: event logs and shadow copies
 * (`windows.evidence`), stored credentials and certificates (`cmdkey /delete`, `certutil
 * -delstore`), permissions over a tree (`icacls /reset /T`, `takeown /R`), recovery safeguards
 * (`systemreset`, `reagentc /disable`, `bcdedit`); programs whose /switches act (msiexec /x, wusa
 * /uninstall, pnputil /delete-driver, bitsadmin /reset, taskkill /f, logoff). Generic `Remove-*`, `Clear-*`, `vssadmin
 * delete`, `reg delete`, `net … /delete`, `schtasks /delete`, `sc delete` are the generic layer's
 * (packs/generic.ts); protection switched off (firewall, Defender, auditing) is packs/protection.ts.
 */
import { type Severity, severityRank } from '../../severity';
import type { SimpleCommand, Word } from '../../shell/model';
import { remoteReach } from '../context';
import { readCommandFile } from '../files';
import { pathTarget } from '../paths';
import { positionals, type CommandRuleFinding, type Rule, type RulePack } from '../rule';
import { spanTo } from '../words';
import { contextFor, judgeFile, judgeRecursive } from './filesystem';

const CMD = { shell: 'pwsh' } as const;

/** The command came from cmd.exe code (`cmd /c …`, or commands cmd.exe reads on its input). */
function fromCmd(cmd: SimpleCommand): boolean {
  return cmd.via.some((v) => v.program === 'cmd' && (v.kind === 'shell-c' || v.kind === 'heredoc'));
}

/** cmd.exe switches of a command, lowercase, split (`/s/q` → `s`, `q`), and its other words. */
function switchesOf(cmd: SimpleCommand): { switches: Set<string>; operands: Word[] } {
  const switches = new Set<string>();
  const operands: Word[] = [];
  for (const w of cmd.args) {
    const t = w.text;
    if (t.startsWith('/') && t.length > 1 && !w.quoted && /^(?:\/[A-Za-z?](?::[A-Za-z-]*)?)+$/.test(t)) {
      for (const s of t.slice(1).split('/')) switches.add(s.toLowerCase().replace(/:.*/, ''));
      continue;
    }
    operands.push(w);
  }
  return { switches, operands };
}

function quiet(switches: Set<string>): string {
  return switches.has('q') ? ' without asking (/q)' : '';
}

const LOWER: Readonly<Record<Severity, Severity>> = { critical: 'high', high: 'medium', medium: 'low', low: 'low', none: 'none' };

const rdRecursive: Rule = {
  id: 'windows.rd-recursive',
  description: 'cmd.exe rd /s and rmdir /s: a folder tree deleted, judged by the folder (a drive root, the user profile, system folders).',
  severity: 'high',
  programs: ['rd', 'rmdir'],
  check(cmd, rc) {
    if (!fromCmd(cmd)) return undefined;
    const { switches, operands } = switchesOf(cmd);
    if (!switches.has('s')) return undefined;
    const lrc = contextFor(cmd, rc);
    let worst: CommandRuleFinding | undefined;
    for (const w of operands) {
      const j = judgeRecursive(pathTarget(w, lrc), lrc);
      if (j.severity === 'none' || (worst && severityRank(worst.severity) >= severityRank(j.severity))) continue;
      worst = { severity: j.severity, message: `Deletes the folder ${w.text} and everything in it${quiet(switches)} — ${j.why}.`, span: spanTo(cmd, w), target: j.target, suggestion: 'Name the exact folder by its full path, or move it aside first (move DIR DIR.bak).' };
    }
    return worst && remoteReach(cmd, rc, worst);
  },
  examples: {
    match: [
      { cmd: 'cmd /c rd /s /q C:\\Users\\dev\\source', ctx: CMD, exactly: 'high', span: 'rd /s /q C:\\Users\\dev\\source' },
      { cmd: 'cmd /c rd /s/q C:\\', ctx: CMD, exactly: 'critical' },
      // cmd.exe given no /c reads its commands from its input
      { cmd: '"rd /s /q C:\\Users" | cmd', ctx: CMD, exactly: 'critical' },
      { cmd: 'echo "rd /s /q C:\\Users" | cmd.exe', exactly: 'critical' },
      { cmd: 'cmd /c RD /S /Q %USERPROFILE%', ctx: CMD, exactly: 'critical' },
      { cmd: 'cmd /c r^d /s /q C:\\Windows', ctx: CMD, exactly: 'critical' },
      { cmd: 'cmd /c rmdir /s \\\\fileserver\\share\\finance', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c "if exist C:\\inetpub\\wwwroot rd /s /q C:\\inetpub\\wwwroot"', ctx: CMD, exactly: 'high' },
      { cmd: "cmd.exe //c 'rd /s /q C:\\Data'", exactly: 'high' },
      { cmd: 'cmd /c rd /s /q src', ctx: CMD, exactly: 'medium' },
    ],
    nearMiss: [{ cmd: 'cmd /c rd /s /q dist', ctx: CMD }, { cmd: 'cmd /c rd /?', ctx: CMD }, { cmd: 'cmd /c rd emptydir', ctx: CMD }, { cmd: 'cmd /c echo rd /s /q C:\\', ctx: CMD }, 'rmdir build'],
  },
};

/** Names of documents and data people keep (`*.docx`, `*.xlsx`, `*.bak`): a wildcard over them is not build cleanup. */
const DATA_FILES = /\.(docx?|xlsx?|pptx?|pdf|csv|tsv|txt|md|odt|ods|odp|rtf|jpe?g|png|heic|raw|mp4|mov|pst|ost|eml|msg|sql|db|sqlite3?|mdf|ldf|bak|accdb|mdb|dump|zip|7z|tar|gz|vhdx?|kdbx|pfx|key|pem)$/i;

const delFiles: Rule = {
  id: 'windows.del-files',
  description: 'cmd.exe del and erase: files deleted, in every subfolder with /s; judged by where (a drive root, system files, the user profile).',
  severity: 'high',
  programs: ['del', 'erase'],
  check(cmd, rc) {
    if (!fromCmd(cmd)) return undefined;
    const { switches, operands } = switchesOf(cmd);
    const lrc = contextFor(cmd, rc);
    const sub = switches.has('s');
    let worst: CommandRuleFinding | undefined;
    for (const w of operands) {
      const t = pathTarget(w, lrc);
      const name = w.text.split(/[\\/]/).pop() ?? w.text;
      // `del /s C:\Users\dev`, `del %APPDATA%`: a folder named deletes every file in it.
      const folder = !w.glob && (name === '' || /^%[^%]+%$/.test(name) || /^[A-Za-z]:$/.test(name) || (sub && !name.includes('.')));
      const everyFile = folder || /^\*(\.\*)?$/.test(name);
      const dataFiles = !everyFile && DATA_FILES.test(name);
      let severity: Severity;
      let why: string;
      if (sub || w.glob || folder) {
        const j = judgeRecursive(t, lrc);
        severity = everyFile || (dataFiles && j.severity !== 'medium') ? j.severity : LOWER[j.severity];
        if (!sub && severity !== 'critical') severity = LOWER[severity];
        why = `${everyFile ? 'every file' : `${dataFiles ? 'the documents and data ' : ''}files matching ${name}`} under ${j.why}${sub ? ', in every subfolder (/s)' : ''}`;
      } else {
        const j = judgeFile(t, lrc);
        if (!j) continue;
        severity = j.severity;
        why = j.why;
      }
      if (severity === 'none' || severity === 'low' || (worst && severityRank(worst.severity) >= severityRank(severity))) continue;
      worst = { severity, message: `Deletes ${w.text}${quiet(switches)}${switches.has('f') ? ', read-only files too (/f)' : ''} — ${why}.`, span: spanTo(cmd, w), target: `path ${t.resolved ?? w.text}`, suggestion: 'List what would go first (dir /s PATTERN) and delete by exact path.' };
    }
    return worst && remoteReach(cmd, rc, worst);
  },
  examples: {
    match: [
      { cmd: 'cmd /c del /f /s /q C:\\*.*', ctx: CMD, exactly: 'critical' },
      { cmd: 'cmd /c erase /f /q C:\\Windows\\System32\\drivers\\etc\\hosts', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c del /a /s /q D:\\Data\\*', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c DEL /S /Q %USERPROFILE%\\*', ctx: CMD, exactly: 'critical' },
      { cmd: 'cmd /c Del /S /Q C:\\Users\\dev', ctx: CMD, exactly: 'critical' },
      { cmd: 'cmd /c del /s /q %APPDATA%', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c del /s /q C:\\Users\\dev\\Documents\\*.xlsx', ctx: CMD, exactly: 'high' },
    ],
    nearMiss: [{ cmd: 'cmd /c del /q build\\*.obj', ctx: CMD }, { cmd: 'cmd /c del notes.txt', ctx: CMD }, { cmd: 'cmd /c DEL /S /Q out\\*.log', ctx: CMD }, { cmd: 'cmd /c del /s /q *.tmp', ctx: CMD }, { cmd: 'cmd /c del /?', ctx: CMD }, { cmd: 'cmd /c type del.txt', ctx: CMD }],
  },
};

const formatDrive: Rule = {
  id: 'windows.format-drive',
  description: 'cmd.exe format on a drive: the volume and everything on it is erased.',
  severity: 'critical',
  programs: ['format'],
  check(cmd, rc) {
    if (!fromCmd(cmd)) return undefined;
    const { switches, operands } = switchesOf(cmd);
    const drive = operands.find((w) => /^[A-Za-z]:\\?$/.test(w.text) || w.dynamic);
    if (!drive) return undefined;
    return remoteReach(cmd, rc, {
      severity: 'critical',
      message: `Formats drive ${drive.text} — everything on it is erased${switches.has('y') ? ', without asking (/y)' : ''}${switches.has('q') ? ' (quick format, /q)' : ''}.`,
      span: spanTo(cmd, cmd.args[cmd.args.length - 1] ?? drive),
      target: `drive ${drive.text}`,
      suggestion: 'Check the drive letter in Disk Management (or Get-Volume) first.',
    });
  },
  examples: {
    match: [{ cmd: 'cmd /c format D: /q /y', ctx: CMD, exactly: 'critical', target: 'drive D:' }, { cmd: 'cmd /c FORMAT E: /FS:NTFS', ctx: CMD }],
    nearMiss: [{ cmd: 'cmd /c format /?', ctx: CMD }, { cmd: 'cmd /c echo format C:', ctx: CMD }, { cmd: 'Format-Table -AutoSize', ctx: CMD }],
  },
};

/** diskpart commands that destroy what is on a disk. */
const DISKPART_DESTRUCTIVE = /^\s*(clean(\s+all)?|delete\s+(partition|volume|disk)|format\b|convert\s+(gpt|mbr|dynamic|basic)|create\s+(partition|volume)|shrink\b)/i;

const diskpartScript: Rule = {
  id: 'windows.diskpart-script',
  description: 'diskpart /s SCRIPT (read at check time), or commands on its input, that clean, delete, format or repartition a disk; an unreadable script needs a person.',
  severity: 'critical',
  programs: ['diskpart'],
  check(cmd, rc) {
    const { switches, operands } = switchesOf(cmd);
    // the same commands typed on its input (`"select disk 1`nclean" | diskpart`, a heredoc)
    const input = cmd.stdin;
    if (!switches.has('s') && input && !input.dynamic) {
      const lines = input.text.split(/\r?\n/);
      const at = lines.findIndex((l) => DISKPART_DESTRUCTIVE.test(l));
      if (at < 0) return undefined;
      const disk = lines.slice(0, at).reverse().find((l) => /^\s*select\s+(disk|volume|partition)\b/i.test(l))?.trim();
      return remoteReach(cmd, rc, { severity: 'critical', message: `diskpart is given \`${lines[at]!.trim()}\`${disk ? ` (after \`${disk}\`)` : ''} on its input: it erases what is on the disk.`, span: input.span, suggestion: 'Check the disk number with `list disk` first and run the destructive step by hand.' });
    }
    if (!switches.has('s')) return undefined;
    const sIndex = cmd.args.findIndex((w) => /^\/s$/i.test(w.text));
    const file = cmd.args[sIndex + 1] ?? operands[0];
    if (!file) return undefined;
    const span = spanTo(cmd, file);
    if (file.dynamic) return { severity: 'high', message: `diskpart runs the script ${file.text}, which is not known until the command runs.`, span, atLeast: 'confirm' };
    const read = readCommandFile(rc, file.text.replace(/\\/g, '/'));
    if ('error' in read) return { severity: 'high', message: `diskpart runs the script ${file.text}, which could not be read (${read.error}), so what it does to the disks is not known.`, span, atLeast: 'confirm', target: `path ${read.path}` };
    const lines = read.text.split(/\r?\n/);
    const at = lines.findIndex((l) => DISKPART_DESTRUCTIVE.test(l));
    if (at < 0) return undefined;
    const what = lines[at]!.trim();
    const disk = lines.slice(0, at).reverse().find((l) => /^\s*select\s+(disk|volume|partition)\b/i.test(l))?.trim();
    return remoteReach(cmd, rc, {
      severity: 'critical',
      message: `diskpart runs ${file.text}, whose line ${at + 1} \`${what}\`${disk ? ` (after \`${disk}\`)` : ''} erases what is on the disk.`,
      span,
      target: `path ${read.path}`,
      suggestion: 'Check the disk number with `list disk` first and run the destructive step by hand.',
    });
  },
  examples: {
    match: [{ cmd: 'cmd /c diskpart /s diskpart\\prepare-data-disk.txt', ctx: CMD, exactly: 'critical' }, { cmd: 'diskpart /s missing-script.txt', ctx: CMD, severity: 'high' }, { cmd: '"select disk 1`nclean" | diskpart', ctx: CMD, exactly: 'critical' }, { cmd: "Write-Output 'select disk 2' 'clean all' | diskpart", ctx: CMD, exactly: 'critical' }],
    nearMiss: [{ cmd: 'cmd /c diskpart /s diskpart\\inventory.txt', ctx: CMD }, { cmd: 'diskpart', ctx: CMD }, { cmd: 'cmd /c diskpart /?', ctx: CMD }, { cmd: "'list disk' | diskpart", ctx: CMD }, { cmd: "Write-Output 'list volume' | diskpart", ctx: CMD }],
  },
};

const wslUnregister: Rule = {
  id: 'windows.wsl-unregister',
  description: 'wsl --unregister and wslconfig /unregister (/u): the Linux distribution and every file in it are deleted.',
  severity: 'high',
  programs: ['wsl', 'wslconfig'],
  check(cmd, rc) {
    const i = cmd.args.findIndex((w) => (cmd.program === 'wsl' ? /^--unregister$/i : /^[/-](?:unregister|u)$/i).test(w.text));
    if (i < 0) return undefined;
    const name = cmd.args[i + 1];
    return remoteReach(cmd, rc, {
      severity: 'high',
      message: `Deletes the WSL distribution ${name?.text ?? ''} with its whole file system.`.replace('  ', ' '),
      span: spanTo(cmd, name ?? cmd.args[i]!),
      target: name ? `distribution ${name.text}` : undefined,
      suggestion: 'Export it first: wsl --export NAME backup.tar.',
    });
  },
  examples: {
    match: [{ cmd: 'wsl --unregister Ubuntu-22.04', ctx: CMD, exactly: 'high' }, 'wsl.exe --unregister Debian', { cmd: 'cmd /c wslconfig /unregister Debian', ctx: CMD, exactly: 'high' }, { cmd: 'cmd /c wslconfig /u kali-linux', ctx: CMD, exactly: 'high' }],
    nearMiss: [{ cmd: 'wsl --list --verbose', ctx: CMD }, { cmd: 'wsl --export Ubuntu backup.tar', ctx: CMD }, { cmd: 'cmd /c wslconfig /l', ctx: CMD }, { cmd: 'cmd /c wslconfig /setdefault Ubuntu', ctx: CMD }],
  },
};

const clearContent: Rule = {
  id: 'windows.clear-content',
  description: "PowerShell Clear-Content (clc): a file's contents are deleted; judged by where the file is.",
  severity: 'high',
  programs: ['clear-content'],
  check(cmd, rc) {
    if (cmd.args.some((w) => /^-(whatif|wh)/i.test(w.text))) return undefined;
    const lrc = contextFor(cmd, rc);
    const targets: Word[] = [];
    for (let i = 0; i < cmd.args.length; i++) {
      const t = cmd.args[i]!.text;
      if (/^-(path|literalpath|lp|pspath|p|pa|pat)$/i.test(t)) {
        if (cmd.args[i + 1]) targets.push(cmd.args[i + 1]!);
        i++;
      } else if (/^-(filter|include|exclude|stream|credential)$/i.test(t)) i++;
      else if (!t.startsWith('-')) targets.push(cmd.args[i]!);
    }
    let worst: CommandRuleFinding | undefined;
    for (const w of targets) {
      const t = pathTarget(w, lrc);
      const severity: Severity = t.cls === 'workspace-build' || t.cls === 'temp' ? 'none' : t.cls === 'workspace' || t.cls === 'workspace-root' || t.cls === 'unknown' ? 'medium' : 'high';
      if (severity === 'none' || (worst && severityRank(worst.severity) >= severityRank(severity))) continue;
      worst = { severity, message: `Empties ${w.text}: its contents are deleted${t.cls === 'system' ? ' (a system file)' : t.cls === 'home-config' ? ' (a personal settings file)' : ''}.`, span: spanTo(cmd, w), target: `path ${t.resolved ?? w.text}`, suggestion: 'Copy it aside first (Copy-Item FILE FILE.bak).' };
    }
    return worst && remoteReach(cmd, rc, worst);
  },
  examples: {
    match: [{ cmd: 'Clear-Content -Path C:\\Data\\orders.csv', ctx: CMD, exactly: 'high' }, { cmd: 'clc C:\\Windows\\System32\\drivers\\etc\\hosts', ctx: CMD, exactly: 'high' }, { cmd: 'Clear-Content notes.md', ctx: CMD, exactly: 'medium' }],
    nearMiss: [{ cmd: 'Clear-Content .\\out\\test-results.txt', ctx: CMD }, { cmd: 'Clear-Content C:\\Data\\orders.csv -WhatIf', ctx: CMD }, { cmd: 'Get-Content C:\\Data\\orders.csv', ctx: CMD }],
  },
};

/** A switch or subcommand word, lowercased, without a leading `/` or `-` (cmd.exe tools take both). */
export function bare(w: Word | undefined): string {
  return (w?.text ?? '').toLowerCase().replace(/^[/-]/, '');
}

const evidence: Rule = {
  id: 'windows.evidence',
  description: 'Built-in Windows tools that destroy records or recovery points: event logs cleared (wevtutil cl, Clear-EventLog, Remove-EventLog), shadow copies deleted (wmic shadowcopy delete) or squeezed out (vssadmin resize shadowstorage), free space overwritten (cipher /w), the change journal deleted (fsutil usn deletejournal).',
  severity: 'high',
  programs: ['wevtutil', 'wmic', 'vssadmin', 'cipher', 'fsutil', 'clear-eventlog', 'remove-eventlog'],
  check(cmd, rc) {
    const a = cmd.args;
    const words = a.map(bare);
    const span = spanTo(cmd, a[a.length - 1] ?? cmd.name ?? { span: cmd.span });
    const found = (severity: Severity, message: string, suggestion: string, target?: string): CommandRuleFinding => {
      const f: CommandRuleFinding = { severity, message, span, suggestion };
      if (target) f.target = target;
      return remoteReach(cmd, rc, f) ?? f;
    };
    switch (cmd.program) {
      case 'wevtutil': {
        if (words[0] !== 'cl' && words[0] !== 'clear-log') return undefined;
        const log = a[1]?.text ?? 'a log';
        const backup = words.some((w) => w.startsWith('bu:') || w.startsWith('backup:'));
        return found(backup ? 'medium' : 'high', `Clears the event log ${log}${backup ? ' after saving a copy (/bu)' : ': its records are gone for good'} (wevtutil ${a[0]!.text}).`, 'Export it first: wevtutil epl LOG backup.evtx.', `event log ${log}`);
      }
      case 'clear-eventlog':
      case 'remove-eventlog': {
        const logs = positionals(cmd, ['-logname', '-computername', '-source']).map((w) => w.text);
        const named = a.findIndex((w) => /^-(l|lo|log|logn|logna|lognam|logname)$/i.test(w.text));
        if (named >= 0 && a[named + 1]) logs.unshift(a[named + 1]!.text);
        const which = logs.length ? logs.join(', ') : 'the named logs';
        const remove = cmd.program === 'remove-eventlog';
        return found('high', `${remove ? 'Deletes the event log' : 'Clears the event log'}${logs.length > 1 ? 's' : ''} ${which}: ${remove ? 'the log and its records are' : 'their records are'} gone for good.`, 'Export the log first (wevtutil epl LOG backup.evtx).', `event log ${which}`);
      }
      case 'wmic': {
        const sc = words.indexOf('shadowcopy');
        if (sc < 0 || !words.slice(sc + 1).includes('delete')) return undefined;
        const filtered = words.slice(sc + 1).includes('where');
        return found(filtered ? 'high' : 'critical', `Deletes ${filtered ? 'the shadow copies that match the filter' : 'every shadow copy on the machine'} (wmic shadowcopy delete): earlier versions of files and restore points are gone.`, 'List them first (vssadmin list shadows) and delete one by its id.', 'shadow copies');
      }
      case 'vssadmin': {
        if (words[0] === 'resize' && words[1] === 'shadowstorage') {
          const max = a.find((w) => /^\/maxsize=/i.test(w.text))?.text.slice(9);
          if (!max || /unbounded/i.test(max)) return undefined;
          return found('high', `Shrinks the shadow copy storage to ${max} (vssadmin resize shadowstorage): shadow copies that no longer fit are deleted.`, 'Check vssadmin list shadowstorage first.', 'shadow copies');
        }
        // `vssadmin delete shadows` is the generic layer's (its reach: /all, /for=).
        return undefined;
      }
      case 'cipher': {
        const w = a.find((x) => /^\/w(:|$)/i.test(x.text));
        if (!w) return undefined;
        const dir = w.text.slice(3) || a.find((x) => !x.text.startsWith('/'))?.text || 'the current folder';
        return found('high', `Overwrites all free space on the volume holding ${dir} (cipher /w): files deleted earlier can no longer be recovered.`, 'Make sure nothing deleted there still needs recovering.', `volume ${dir}`);
      }
      case 'fsutil': {
        if (words[0] === 'usn' && words[1] === 'deletejournal') return found('high', `Deletes the change journal of ${a[a.length - 1]?.text ?? 'the volume'} (fsutil usn deletejournal): the record of file changes is gone.`, 'Query it first: fsutil usn queryjournal.', 'change journal');
        if (words[0] === 'file' && words[1] === 'setzerodata') return found('high', `Overwrites part of ${a[a.length - 1]?.text ?? 'a file'} with zeros (fsutil file setzerodata).`, 'Copy the file first.', `path ${a[a.length - 1]?.text ?? ''}`);
        return undefined;
      }
      default:
        return undefined;
    }
  },
  examples: {
    match: [
      { cmd: 'cmd /c wevtutil cl Security', ctx: CMD, exactly: 'high', target: 'event log Security' },
      { cmd: 'cmd /c wevtutil cl Application /bu:C:\\Temp\\app.evtx', ctx: CMD, exactly: 'medium' },
      { cmd: 'Clear-EventLog -LogName Security', ctx: CMD, exactly: 'high' },
      { cmd: 'Remove-EventLog -LogName MyApp', ctx: CMD, exactly: 'high' },
      { cmd: 'wevtutil el | ForEach-Object { wevtutil cl $_ }', ctx: CMD, severity: 'high' },
      { cmd: 'cmd /c wmic shadowcopy delete', ctx: CMD, exactly: 'critical' },
      { cmd: 'cmd /c wmic shadowcopy where "ID=\'{1}\'" delete', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c vssadmin resize shadowstorage /for=C: /on=C: /maxsize=401MB', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c cipher /w:C:\\', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c fsutil usn deletejournal /d C:', ctx: CMD, exactly: 'high' },
    ],
    nearMiss: [
      { cmd: 'cmd /c wevtutil qe System /c:5 /f:text', ctx: CMD },
      { cmd: 'cmd /c wevtutil el', ctx: CMD },
      { cmd: 'cmd /c wmic shadowcopy list brief', ctx: CMD },
      { cmd: 'cmd /c vssadmin list shadows', ctx: CMD },
      { cmd: 'cmd /c vssadmin resize shadowstorage /for=C: /on=C: /maxsize=UNBOUNDED', ctx: CMD },
      { cmd: 'cmd /c cipher /c secrets.txt', ctx: CMD },
      { cmd: 'cmd /c fsutil usn queryjournal C:', ctx: CMD },
      { cmd: 'Get-EventLog -LogName Security -Newest 20', ctx: CMD },
      { cmd: 'Clear-EventLog -LogName Security -WhatIf', ctx: CMD },
    ],
  },
};

/** Cmdlet verbs that delete, empty or switch off what they are given (PowerShell's approved verbs). */
const LOSING_VERB = /^(remove|clear|uninstall|reset|unpublish|unregister)-/;
const STOPPING_VERB = /^(stop|disable|suspend|restart)-/;
/** Parameters that make a getter return everything: no filter, a match-all filter, unlimited results, every user. */
const BROAD = /^-(filter|ldapfilter|resultsize|allusers|all|searchbase|searchscope)$/i;

const pipelineReach: Rule = {
  id: 'windows.pipeline-reach',
  description: 'A PowerShell pipeline whose first command (a Get-* getter, ls/gci/dir, Import-Csv) feeds a Remove-*, Clear-*, Uninstall-* or Reset-* cmdlet: the reach is whatever the getter returns, critical when it returns everything (no filter, -Filter *, -ResultSize Unlimited, a directory search).',
  severity: 'high',
  programs: '*',
  check(cmd, rc) {
    const p = cmd.program;
    const losing = LOSING_VERB.test(p);
    if (!(losing || STOPPING_VERB.test(p)) || !cmd.pipeline || cmd.pipeline.index === 0) return undefined;
    // The filesystem and disk rules judge files and disks by what they are.
    if (p === 'remove-item' || p === 'clear-content' || p === 'clear-disk' || p === 'clear-host') return undefined;
    const members = rc.line.commands.filter((c) => c.pipeline?.id === cmd.pipeline!.id && c.pipeline.index < cmd.pipeline!.index);
    const source = members.find((c) => c.pipeline!.index === 0);
    if (!source || source.program === '' || /^(write-output|echo)$/.test(source.program)) return undefined;
    const filters = members.filter((c) => c !== source && /^(where-object|select-object|where|sort-object)$/.test(c.program));
    const srcArgs = source.args;
    const matchAll = srcArgs.some((w, i) => BROAD.test(w.text) && (!srcArgs[i + 1] || /^(\*|unlimited|\{\s*\*\s*\}|"\*")$/i.test(srcArgs[i + 1]!.text) || /^-(searchbase|ldapfilter|allusers|all)$/i.test(w.text)));
    const noArgs = srcArgs.length === 0 || srcArgs.every((w) => /^-?(verbose|erroraction)$/i.test(w.text));
    const classOnly = /^get-(wmiobject|ciminstance)$/.test(source.program) && !srcArgs.some((w) => /^-(filter|query)$/i.test(w.text));
    const broad = filters.length === 0 && (noArgs || matchAll || classOnly);
    if (!losing && !broad) return undefined;
    const noun = p.slice(p.indexOf('-') + 1);
    const getter = source.name?.text ?? source.program;
    const reach = broad ? `everything ${getter} returns (${noArgs ? 'no filter' : classOnly ? `every ${srcArgs[0]?.text ?? 'instance'}` : 'a match-all or directory-wide query'})` : `whatever ${getter}${filters.length ? ` and ${filters.map((f) => f.name?.text ?? f.program).join(', ')}` : ''} pass on`;
    const verb = p.slice(0, p.indexOf('-'));
    const skipped = cmd.args.some((w) => /^-confirm:\$false$/i.test(w.text) || /^-(f|fo|for|forc|force)$/i.test(w.text));
    const severity: Severity = broad && losing ? 'critical' : 'high';
    return remoteReach(cmd, rc, {
      severity,
      message: `${cmd.name?.text ?? p} ${verb === 'remove' || verb === 'uninstall' || verb === 'unregister' || verb === 'unpublish' ? 'deletes' : verb === 'clear' ? 'empties' : verb === 'reset' ? 'resets' : 'stops or disables'} ${noun} for ${reach}${skipped ? ', without asking' : ''}.`,
      span: spanTo(cmd, cmd.args[cmd.args.length - 1] ?? cmd.name ?? { span: cmd.span }, source),
      target: `${noun} from ${getter}`,
      suggestion: `Run the getter alone first to see what it returns, or add -WhatIf to ${cmd.name?.text ?? p}.`,
    });
  },
  examples: {
    match: [
      { cmd: 'Get-ADUser -Filter * -SearchBase "OU=Staff,DC=acme,DC=com" | Remove-ADUser -Confirm:$false', ctx: CMD, exactly: 'critical' },
      { cmd: 'Get-WmiObject Win32_ShadowCopy | Remove-WmiObject', ctx: CMD, exactly: 'critical' },
      { cmd: 'Get-VM | Remove-VM -Force', ctx: CMD, exactly: 'critical' },
      { cmd: 'Get-Mailbox -ResultSize Unlimited | Remove-Mailbox -Confirm:$false', ctx: CMD, exactly: 'critical' },
      { cmd: 'Get-LocalUser | Where-Object Name -ne Administrator | Remove-LocalUser', ctx: CMD, exactly: 'high' },
      { cmd: 'Get-AppxPackage -AllUsers | Remove-AppxPackage', ctx: CMD, exactly: 'critical' },
      { cmd: 'Import-Csv leavers.csv | Remove-ADUser -Confirm:$false', ctx: CMD, exactly: 'high' },
      { cmd: 'Get-Service | Stop-Service -Force', ctx: CMD, exactly: 'high' },
    ],
    nearMiss: [
      { cmd: 'Get-ADUser -Filter * | Select-Object Name', ctx: CMD },
      { cmd: 'Get-VM | Format-Table Name, State', ctx: CMD },
      { cmd: 'Get-ADUser -Filter * | Remove-ADUser -WhatIf', ctx: CMD },
      { cmd: 'Get-Process node | Stop-Process', ctx: CMD },
      { cmd: 'Get-ChildItem .\\dist -Recurse | Remove-Item -Recurse -Force', ctx: CMD },
    ],
  },
};

/** A cmd.exe switch's value: `/delete:TARGET` → `TARGET` (case-insensitive switch name). */
function switchValue(cmd: SimpleCommand, name: string): Word | undefined {
  const re = new RegExp(`^/${name}:`, 'i');
  const w = cmd.args.find((x) => re.test(x.text));
  return w && { ...w, text: w.text.slice(name.length + 2) };
}

/** `net use X: /delete`: a mapped drive or connection disconnected; the files stay on the server. */
function netUseDelete(cmd: SimpleCommand): boolean {
  const a = cmd.args;
  return a[0]?.text.toLowerCase() === 'use' && a.some((w) => /^\/d(elete)?$/i.test(w.text));
}

const netDisconnect: Rule = {
  id: 'windows.net-disconnect',
  description: '`net use X: /delete` disconnects a mapped drive or network connection: nothing on the server is deleted, and `net use X: \\\\server\\share` connects it again.',
  severity: 'low',
  programs: ['net', 'net1'],
  speaksFor: netUseDelete,
  check(cmd) {
    if (!netUseDelete(cmd)) return undefined;
    const what = positionals(cmd).slice(1).find((w) => !/^\/|^\*$/.test(w.text));
    const all = cmd.args.some((w) => w.text === '*');
    return {
      severity: 'low',
      message: all ? 'Disconnects every mapped drive and network connection of this session; the files stay on their servers.' : `Disconnects ${what ? `the mapped drive ${what.text}` : 'a network connection'}; the files stay on the server.`,
      span: spanTo(cmd, cmd.args[cmd.args.length - 1]!),
      target: all ? 'every network connection' : `connection ${what?.text ?? ''}`.trim(),
    };
  },
  examples: {
    match: [
      { cmd: 'cmd /c net use Z: /delete', ctx: CMD, exactly: 'low' },
      { cmd: 'cmd /c NET USE * /DELETE /Y', ctx: CMD, exactly: 'low' },
      { cmd: 'cmd /c net use \\\\fs01\\builds /d', ctx: CMD, exactly: 'low' },
    ],
    nearMiss: [
      { cmd: 'cmd /c net use Z: \\\\fs01\\builds', ctx: CMD },
      { cmd: 'cmd /c net use', ctx: CMD },
    ],
  },
};

const credentials: Rule = {
  id: 'windows.credentials',
  description: 'Stored credentials and certificates deleted with built-in tools: cmdkey /delete, certutil -delstore, -delkey (a private key), -deleterow (rows of a CA database), -DeleteHelloContainer.',
  severity: 'high',
  programs: ['cmdkey', 'certutil'],
  check(cmd, rc) {
    if (cmd.program === 'cmdkey') {
      const target = switchValue(cmd, 'delete');
      const ras = cmd.args.some((w) => /^\/delete$/i.test(w.text)) && cmd.args.some((w) => /^\/ras$/i.test(w.text));
      if (!target && !ras) return undefined;
      const name = target?.text ?? 'the remote access (/ras) entry';
      return remoteReach(cmd, rc, { severity: 'high', message: `Deletes the stored credential for ${name}: programs and scheduled jobs that sign in with it fail until someone who knows the secret saves it again.`, span: spanTo(cmd, cmd.args[cmd.args.length - 1]!), target: `credential ${name}`, suggestion: 'Check it first (cmdkey /list:TARGET) and make sure the password is known.' });
    }
    const a = cmd.args;
    const verbAt = a.findIndex((w) => /^[-/](delstore|delkey|deleterow|deletehellocontainer)$/i.test(w.text));
    if (verbAt < 0) return undefined;
    const verb = a[verbAt]!.text.slice(1).toLowerCase();
    const operands = a.slice(verbAt + 1).filter((w) => !/^[-/]/.test(w.text));
    const user = a.slice(0, verbAt).some((w) => /^[-/]user$/i.test(w.text));
    const last = a[a.length - 1]!;
    let message: string;
    let target: string;
    let suggestion = 'Export it first (certutil -exportPFX STORE ID backup.pfx).';
    if (verb === 'delstore') {
      const store = operands[0]?.text ?? 'a store';
      const trust = /^(root|authroot|ca|trustedpublisher)$/i.test(store);
      message = `Deletes ${operands[1] ? `the certificate ${operands[1].text}` : 'certificates'} from the ${user ? "user's" : "machine's"} ${store} store${trust ? ': what chains to it is no longer trusted' : ': services using it (TLS, signing, sign-in) stop working'}.`;
      target = `certificate store ${store}`;
    } else if (verb === 'delkey') {
      message = `Deletes the private key container ${operands[0]?.text ?? ''}: the key cannot be recovered, and certificates that used it are unusable.`.replace(' :', ':');
      target = `key ${operands[0]?.text ?? ''}`;
    } else if (verb === 'deleterow') {
      message = `Deletes rows (${operands.map((w) => w.text).join(' ') || 'as named'}) from the certification authority database: records of issued or requested certificates are gone.`;
      target = 'CA database';
      suggestion = 'Back up the CA database first (certutil -backupDB DIR).';
    } else {
      message = 'Deletes the Windows Hello container: every Hello sign-in credential and key of this user is gone.';
      target = 'Windows Hello container';
      suggestion = 'Make sure the user can sign in with a password first.';
    }
    return remoteReach(cmd, rc, { severity: 'high', message, span: spanTo(cmd, last), target, suggestion });
  },
  examples: {
    match: [
      { cmd: 'cmd /c cmdkey /delete:TERMSRV/build-agent-07', ctx: CMD, exactly: 'high', target: 'credential TERMSRV/build-agent-07' },
      { cmd: 'cmdkey /delete /ras', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c certutil -delstore Root 0a1b2c3d', ctx: CMD, exactly: 'high' },
      { cmd: 'certutil -user -delstore My "Signing cert 2025"', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c certutil -delkey app-signing-key', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c certutil -deleterow 11/30/2025 Request', ctx: CMD, exactly: 'high' },
      { cmd: 'certutil.exe -DeleteHelloContainer', ctx: CMD, exactly: 'high' },
    ],
    nearMiss: [{ cmd: 'cmd /c cmdkey /list:TERMSRV/*', ctx: CMD }, { cmd: 'cmd /c cmdkey /add:fileserver /user:corp\\dev /pass', ctx: CMD }, { cmd: 'cmd /c certutil -user -store My', ctx: CMD }, { cmd: 'certutil -hashfile setup.exe SHA256', ctx: CMD }, { cmd: 'cmd /c certutil -addstore -user My dev.cer', ctx: CMD }, { cmd: 'cmd /c certutil -verify server.cer', ctx: CMD }],
  },
};

/** Accounts that mean everyone: Everyone, Users, Authenticated Users, their well-known SIDs. */
const EVERYONE = /^"?(everyone|\*?s-1-1-0|users|\*?s-1-5-32-545|authenticated users|\*?s-1-5-11)"?:/i;

const takeover: Rule = {
  id: 'windows.permissions-tree',
  description: 'Permissions reset or taken over: icacls /reset, /grant Everyone:F, /inheritance:r, /setowner, /deny over a tree (/T), takeown /R; judged by the folder (system folders, the profile, a drive root).',
  severity: 'high',
  programs: ['icacls', 'takeown'],
  check(cmd, rc) {
    const a = cmd.args;
    const lrc = contextFor(cmd, rc);
    const tree = a.some((w) => /^\/[tr]$/i.test(w.text));
    let path: Word | undefined;
    let what: string;
    if (cmd.program === 'takeown') {
      const f = a.findIndex((w) => /^\/f$/i.test(w.text));
      path = a[f + 1];
      if (!path) return undefined;
      what = `Takes ownership of ${path.text}${tree ? ' and everything under it (/R)' : ''}${a.some((w) => /^\/a$/i.test(w.text)) ? ' for the Administrators group' : ''}: its owner is replaced, and the original owner cannot be read back`;
    } else {
      path = a[0];
      if (!path || path.text.startsWith('/')) return undefined;
      const sw = (name: string): number => a.findIndex((w) => w.text.toLowerCase() === `/${name}`);
      const grant = [sw('grant'), sw('grant:r')].find((i) => i >= 0);
      if (sw('reset') >= 0) what = `Replaces the permissions of ${path.text}${tree ? ' and everything under it (/T)' : ''} with the inherited defaults: every explicit grant and deny is gone`;
      else if (grant !== undefined && EVERYONE.test(a[grant + 1]?.text ?? '') && /(^|\))\(?(F|M|W)\)?"?$/i.test(a[grant + 1]!.text.slice(a[grant + 1]!.text.indexOf(':') + 1))) what = `Gives ${a[grant + 1]!.text.replace(/:.*/, '')} ${/F\)?"?$/i.test(a[grant + 1]!.text) ? 'full control' : 'write access'} over ${path.text}${tree ? ' and everything under it (/T)' : ''}`;
      else if (a.some((w) => /^\/inheritance:r$/i.test(w.text))) what = `Removes the inherited permissions of ${path.text}${tree ? ' and everything under it (/T)' : ''}: whoever they let in is locked out`;
      else if (sw('setowner') >= 0) what = `Makes ${a[sw('setowner') + 1]?.text ?? 'another account'} the owner of ${path.text}${tree ? ' and everything under it (/T)' : ''}`;
      else if (sw('deny') >= 0 && EVERYONE.test(a[sw('deny') + 1]?.text ?? '')) what = `Denies ${a[sw('deny') + 1]!.text.replace(/:.*/, '')} access to ${path.text}${tree ? ' and everything under it (/T)' : ''}: everyone, administrators too, is locked out`;
      else return undefined;
    }
    const j = judgeRecursive(pathTarget(path, lrc), lrc);
    let severity: Severity = tree ? j.severity : LOWER[j.severity];
    if (!tree && severity === 'low' && /system|root|drive/.test(j.why)) severity = 'medium';
    if (severity === 'none' || severity === 'low') return undefined;
    return remoteReach(cmd, rc, { severity, message: `${what} — ${j.why}.`, span: spanTo(cmd, a[a.length - 1]!), target: `path ${path.text}`, suggestion: cmd.program === 'takeown' ? 'Grant yourself access to the one file that needs it instead.' : `Save the permissions first (icacls ${path.text} /save acl.txt /T) so they can be restored (icacls PARENT /restore acl.txt).` });
  },
  examples: {
    match: [
      { cmd: 'cmd /c icacls E:\\Projects /reset /T /C', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c icacls C:\\Users\\dev /grant Everyone:F /T', ctx: CMD, exactly: 'critical' },
      { cmd: 'icacls "C:\\Program Files\\App" /grant "Users:(OI)(CI)F" /T', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c icacls E:\\Finance /inheritance:r /T', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c takeown /F C:\\Windows\\Fonts /R /D Y', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c takeown /F D:\\Archive /R /A', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c icacls src /reset /T', ctx: CMD, exactly: 'medium' },
    ],
    nearMiss: [{ cmd: 'cmd /c icacls C:\\inetpub\\wwwroot', ctx: CMD }, { cmd: 'cmd /c icacls E:\\Projects /save acl.txt /T', ctx: CMD }, { cmd: 'cmd /c icacls build /grant Everyone:F /T', ctx: CMD }, { cmd: 'cmd /c icacls app.log /grant dev:R', ctx: CMD }, { cmd: 'cmd /c takeown /?', ctx: CMD }, { cmd: 'cmd /c icacls dist /reset /T', ctx: CMD }],
  },
};

const recovery: Rule = {
  id: 'windows.recovery',
  description: 'Recovery and boot safeguards removed: systemreset -factoryreset / -cleanpc, reagentc /disable, bcdedit turning off automatic repair (recoveryenabled no, bootstatuspolicy ignoreallfailures) or driver signature checks (testsigning, nointegritychecks), deleting boot entries or values, importing over the boot store.',
  severity: 'high',
  programs: ['systemreset', 'reagentc', 'bcdedit'],
  check(cmd, rc) {
    const a = cmd.args;
    const words = a.map(bare);
    const span = spanTo(cmd, a[a.length - 1] ?? cmd.name ?? { span: cmd.span });
    const found = (severity: Severity, message: string, suggestion: string, target: string): CommandRuleFinding | undefined => remoteReach(cmd, rc, { severity, message, span, suggestion, target });
    if (cmd.program === 'systemreset') {
      if (words.includes('factoryreset')) return found('critical', 'Resets Windows to factory settings: every app, setting and file on the machine is removed.', 'Back up first and reset from Settings, where the choices are shown.', 'this machine');
      if (words.includes('cleanpc')) return found('high', 'Reinstalls Windows without the installed apps (systemreset -cleanpc): every app and its settings are removed.', 'List the apps first and back up their data.', 'this machine');
      if (words.some((w) => w === '?')) return undefined;
      return found('medium', 'Opens Reset this PC, which can remove every app and file on the machine.', 'Back up before choosing an option.', 'this machine');
    }
    if (cmd.program === 'reagentc') {
      if (!words.includes('disable')) return undefined;
      return found('high', 'Disables the Windows Recovery Environment: a machine that fails to boot can no longer repair or reset itself.', 'Turn it back on with reagentc /enable.', 'Windows Recovery Environment');
    }
    const v = words[0];
    const value = (words[2] ?? '').toLowerCase();
    const setting = words[3] ?? '';
    const entry = a[1]?.text ?? '';
    if (v === 'set' && value === 'recoveryenabled' && OFF_VALUE.test(setting)) return found('high', `Turns off automatic repair for the boot entry ${entry}: a failed boot no longer starts Windows RE.`, `Turn it back on with bcdedit /set ${entry} recoveryenabled yes.`, `boot entry ${entry}`);
    if (v === 'set' && value === 'bootstatuspolicy' && setting === 'ignoreallfailures') return found('high', `Tells the boot manager to ignore failed boots and shutdowns for ${entry}: recovery options are no longer offered.`, `Restore it with bcdedit /set ${entry} bootstatuspolicy displayallfailures.`, `boot entry ${entry}`);
    if (v === 'set' && (value === 'testsigning' || value === 'nointegritychecks') && /^(on|yes|true)$/.test(setting)) return found('high', `Turns ${value === 'testsigning' ? 'test signing on' : 'integrity checks off'} for ${entry}: Windows loads drivers that are not properly signed, after the next boot.`, `Turn it back with bcdedit /set ${entry} ${value} off.`, `boot entry ${entry}`);
    if (v === 'delete' && entry) return found('high', `Deletes the boot entry ${entry}${words.includes('f') ? ' (/f)' : ''}: the system it starts can no longer be booted from the menu.`, 'Export the store first (bcdedit /export C:\\bcd-backup).', `boot entry ${entry}`);
    if (v === 'deletevalue' && entry && value && value !== 'safeboot' && value !== 'safebootalternateshell') return found('medium', `Deletes ${a[2]!.text} from the boot entry ${entry}.`, 'Export the store first (bcdedit /export C:\\bcd-backup).', `boot entry ${entry}`);
    if (v === 'import' || v === 'clean') return found('high', 'Replaces the whole boot configuration store with an imported copy: every current boot entry is overwritten.', 'Export the current store first (bcdedit /export C:\\bcd-backup).', 'boot configuration');
    return undefined;
  },
  examples: {
    match: [
      { cmd: 'C:\\Windows\\System32\\systemreset.exe -factoryreset', ctx: CMD, exactly: 'critical' },
      { cmd: 'systemreset -cleanpc', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c reagentc /disable', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c bcdedit /set {default} recoveryenabled No', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c bcdedit /set {default} bootstatuspolicy ignoreallfailures', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c bcdedit /set {current} testsigning on', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c bcdedit /delete {a1b2c3d4-0000-1111-2222-333344445555} /f', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c bcdedit /deletevalue {current} bootmenupolicy', ctx: CMD, exactly: 'medium' },
    ],
    nearMiss: [{ cmd: 'cmd /c reagentc /info', ctx: CMD }, { cmd: 'cmd /c reagentc /enable', ctx: CMD }, { cmd: 'cmd /c bcdedit /enum', ctx: CMD }, { cmd: 'cmd /c bcdedit /export C:\\bcd-backup', ctx: CMD }, { cmd: 'cmd /c bcdedit /set {current} testsigning off', ctx: CMD }, { cmd: 'cmd /c bcdedit /deletevalue {current} safeboot', ctx: CMD }, { cmd: 'cmd /c systemreset /?', ctx: CMD }],
  },
};

/** Switches of a Windows program in any spelling (`/X`, `/qn`, `/kb:5034441`, `-d`), lowercase without the value. */
function programSwitches(cmd: SimpleCommand): Map<string, Word> {
  const out = new Map<string, Word>();
  for (const w of cmd.args) {
    const m = /^[/-]([A-Za-z?][\w?+!-]*)(?::.*)?$/.exec(w.text);
    if (m && !w.quoted) out.set(m[1]!.toLowerCase(), w);
  }
  return out;
}

/** The word after a switch (`/x product.msi`, `/im sqlservr.exe`), or its `:value`. */
function afterSwitch(cmd: SimpleCommand, w: Word | undefined): string | undefined {
  if (!w) return undefined;
  const colon = w.text.indexOf(':');
  if (colon > 0) return w.text.slice(colon + 1);
  const next = cmd.args[cmd.args.indexOf(w) + 1];
  return next && !/^[/-]/.test(next.text) ? next.text : undefined;
}

/** Processes Windows cannot run without: ending one crashes the machine or logs everyone off. */
const SYSTEM_PROCESSES = /^(?:csrss|wininit|winlogon|lsass|smss|services|svchost|system)(?:\.exe)?$/i;
/** Servers that keep data: forcibly ended, they skip their clean shutdown (open transactions, caches). */
const DATA_SERVERS = /^(?:sqlservr|mysqld|mariadbd|postgres|oracle|mongod|redis-server|memcached|w3wp|exchange\w*|store|msexchange\w*|dns|ntds|lsm|vmms|vmwp|elasticsearch\w*|java)(?:\.exe)?$/i;

interface SwitchFinding {
  severity: Severity;
  message: string;
  word: Word;
  target?: string;
}

/**
 * From Microsoft's command references: msiexec `/x` (`/uninstall`) removes a product, `/q[n|b]`
 * and `/quiet` or `/passive` without its interface; wusa `/uninstall /kb:N` removes an update
 * (`/quiet`: without asking); pnputil `/delete-driver` (legacy `-d`) deletes a driver package from
 * the store, `/uninstall` also removes it from the devices using it, `/force` even when a device
 * still uses it; bitsadmin `/reset` cancels every job in the transfer queue (`/allusers`: every
 * user's); taskkill `/f` ends processes forcibly; logoff and rwinsta (`reset session`) end a
 * user's session; dism `/disable-feature` and `/remove-*` take components away, `/resetbase`
 * makes installed updates permanent; ipconfig `/release` gives up the machine's address.
 */
function switchAction(cmd: SimpleCommand): SwitchFinding | undefined {
  const p = cmd.program;
  const sw = programSwitches(cmd);
  const quiet = [...sw.keys()].find((k) => /^(?:q[nbr]?[+!-]?|quiet|passive)$/.test(k));
  switch (p) {
    case 'msiexec': {
      const x = sw.get('x') ?? sw.get('uninstall');
      if (!x) return undefined;
      const product = afterSwitch(cmd, x);
      return { severity: quiet ? 'high' : 'medium', word: x, message: `Uninstalls the product ${product ?? ''}${quiet ? ` without asking (/${quiet})` : ''}.`.replace('  ', ' '), ...(product ? { target: `product ${product}` } : {}) };
    }
    case 'wusa': {
      const u = sw.get('uninstall');
      if (!u) return undefined;
      const kb = afterSwitch(cmd, sw.get('kb'));
      return { severity: quiet ? 'high' : 'medium', word: u, message: `Uninstalls the update ${kb ? `KB${kb.replace(/^kb/i, '')}` : ''} (the fixes it carries are gone)${quiet ? ` without asking (/${quiet})` : ''}.`.replace('  ', ' '), ...(kb ? { target: `update KB${kb.replace(/^kb/i, '')}` } : {}) };
    }
    case 'pnputil': {
      const d = sw.get('delete-driver') ?? sw.get('d');
      const r = sw.get('remove-device');
      if (!d && !r) return undefined;
      const force = sw.get('force') ?? sw.get('f');
      const uninstall = sw.get('uninstall');
      const what = d ? `Deletes the driver package ${afterSwitch(cmd, d) ?? ''} from the driver store${uninstall ? ' and uninstalls it from every device using it' : ''}` : 'Removes the device from the system';
      return { severity: force || uninstall ? 'high' : 'medium', word: (d ?? r)!, message: `${what}${force ? ' even while a device still uses it (/force)' : ''}: those devices stop working until a driver is installed again.`.replace('  ', ' ') };
    }
    case 'bitsadmin': {
      const reset = sw.get('reset');
      if (!reset) return undefined;
      return { severity: 'medium', word: reset, message: `Cancels every job in ${sw.has('allusers') ? "every user's" : 'the'} background transfer queue (downloads in progress are lost).` };
    }
    case 'taskkill': {
      const f = sw.get('f');
      if (!f) return undefined;
      const image = afterSwitch(cmd, sw.get('im'));
      const tree = sw.has('t') ? ' with every process it started (/t)' : '';
      if (image && SYSTEM_PROCESSES.test(image)) return { severity: 'high', word: f, target: `process ${image}`, message: `Forcibly ends ${image}${tree}: Windows cannot run without it (the machine stops or everyone is logged off).` };
      if (image && (DATA_SERVERS.test(image) || image === '*')) return { severity: 'high', word: f, target: `process ${image}`, message: `Forcibly ends ${image === '*' ? 'every process' : image}${tree} without its clean shutdown (open transactions and unsaved data are lost).` };
      return { severity: 'medium', word: f, message: `Forcibly ends ${image ?? 'the processes'}${tree}: unsaved work in them is lost.` };
    }
    case 'dism': {
      // DISM: features disabled (`/Remove` also deletes their files), packages, capabilities and
      // provisioned apps removed; `/ResetBase` makes every installed update permanent.
      const remove = [...sw.entries()].find(([k]) => /^(?:disable-feature|remove-(?:package|capability|provisionedappxpackage|driver|edition))$/.test(k));
      if (remove) return { severity: 'medium', word: remove[1], message: `${remove[0].startsWith('disable') ? 'Disables a Windows feature' : 'Removes a Windows component'} (${remove[1].text})${sw.has('remove') ? ' and deletes its files (/remove)' : ''}: what relies on it stops working.` };
      const base = sw.get('resetbase');
      if (base) return { severity: 'medium', word: base, message: 'Makes every installed update permanent (/ResetBase): none of them can be uninstalled afterwards.' };
      return undefined;
    }
    case 'ipconfig': {
      const release = sw.get('release') ?? sw.get('release6');
      if (!release) return undefined;
      return { severity: 'medium', word: release, message: `Releases the machine's IP address (${release.text}): it drops off the network, and a remote session over it is cut until the address is renewed at the console.` };
    }
    case 'logoff':
    case 'rwinsta':
    case 'reset': {
      if (p === 'reset' && !/^session$/i.test(cmd.args[0]?.text ?? '')) return undefined;
      const server = afterSwitch(cmd, sw.get('server'));
      return { severity: 'medium', word: cmd.name!, message: `Ends a user's session${server ? ` on ${server}` : ''}: programs in it close and unsaved work is lost.` };
    }
  }
  return undefined;
}

const programSwitch: Rule = {
  id: 'windows.program-switches',
  description: "Windows programs whose /switches act: msiexec /x and wusa /uninstall (held without their interface), pnputil /delete-driver (held with /uninstall or /force), bitsadmin /reset, taskkill /f (held for system processes and data servers), logoff and reset session, dism /disable-feature, /remove-* and /resetbase, ipconfig /release.",
  severity: 'high',
  programs: ['msiexec', 'wusa', 'pnputil', 'bitsadmin', 'taskkill', 'logoff', 'rwinsta', 'reset', 'dism', 'ipconfig'],
  check(cmd, rc) {
    if (!fromCmd(cmd) && rc.line.shell !== 'pwsh') return undefined;
    const m = switchAction(cmd);
    if (!m) return undefined;
    return remoteReach(cmd, rc, {
      severity: m.severity,
      message: m.message,
      span: spanTo(cmd, cmd.args[cmd.args.length - 1] ?? m.word),
      target: m.target,
      suggestion: 'Check what depends on it first; on a shared machine, tell the people using it.',
    });
  },
  examples: {
    match: [
      { cmd: 'cmd /c msiexec /x product.msi /qn', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c MsiExec.exe /X installer.msi', ctx: CMD, exactly: 'medium' },
      { cmd: 'cmd /c wusa /uninstall /kb:5034441 /quiet /norestart', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c pnputil /delete-driver oem12.inf /uninstall /force', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c pnputil -f -d oem3.inf', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c bitsadmin /reset /allusers', ctx: CMD, exactly: 'medium' },
      { cmd: 'cmd /c taskkill /F /IM sqlservr.exe', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c taskkill /f /im lsass.exe', ctx: CMD, exactly: 'high' },
      { cmd: 'cmd /c taskkill /f /t /im chrome.exe', ctx: CMD, exactly: 'medium' },
      { cmd: 'cmd /c logoff 2 /server:ts01', ctx: CMD, exactly: 'medium' },
      { cmd: 'cmd /c reset session 3 /server:ts02', ctx: CMD, exactly: 'medium' },
      { cmd: 'cmd /c dism /online /disable-feature /featurename:SMB1Protocol /remove', ctx: CMD, exactly: 'medium' },
      { cmd: 'cmd /c DISM /Online /Remove-Capability /CapabilityName:OpenSSH.Server~~~~0.0.1.0', ctx: CMD, exactly: 'medium' },
      { cmd: 'cmd /c dism /online /cleanup-image /startcomponentcleanup /resetbase', ctx: CMD, exactly: 'medium' },
      { cmd: 'cmd /c ipconfig /release', ctx: CMD, exactly: 'medium' },
    ],
    nearMiss: [
      { cmd: 'cmd /c msiexec /i product.msi /qn', ctx: CMD },
      { cmd: 'cmd /c msiexec /fa product.msi', ctx: CMD },
      { cmd: 'cmd /c wusa windows10.0-kb5034441-x64.msu /quiet', ctx: CMD },
      { cmd: 'cmd /c pnputil /enum-drivers', ctx: CMD },
      { cmd: 'cmd /c pnputil /add-driver x.inf /install', ctx: CMD },
      { cmd: 'cmd /c bitsadmin /list /allusers', ctx: CMD },
      { cmd: 'cmd /c taskkill /im notepad.exe', ctx: CMD },
      { cmd: 'cmd /c tasklist /fi "imagename eq sqlservr.exe"', ctx: CMD },
      { cmd: 'cmd /c query session /server:ts01', ctx: CMD },
      { cmd: 'cmd /c dism /online /get-features /format:table', ctx: CMD },
      { cmd: 'cmd /c dism /online /enable-feature /featurename:NetFx3 /all', ctx: CMD },
      { cmd: 'cmd /c dism /online /cleanup-image /restorehealth', ctx: CMD },
      { cmd: 'cmd /c ipconfig /flushdns', ctx: CMD },
      { cmd: 'cmd /c ipconfig /renew', ctx: CMD },
      'reset',
    ],
  },
};

const OFF_VALUE = /^(no|off|false|0)$/i;

export const windowsPack: RulePack = {
  name: 'windows',
  description: "cmd.exe's rd /s, del /s, erase and format, diskpart scripts, wsl --unregister and PowerShell Clear-Content, judged by the paths and drives they hit; evidence, stored credentials and certificates, permissions over trees and recovery safeguards destroyed with built-in tools.",
  rules: [rdRecursive, delFiles, formatDrive, diskpartScript, wslUnregister, clearContent, evidence, pipelineReach, credentials, takeover, recovery, netDisconnect, programSwitch],
  owns: ['rd', 'rmdir', 'del', 'erase', 'format', 'diskpart', 'clear-content'],
};
