/**
 * Windows: cmd.exe's own deleting commands (`rd /s`, `del /s`, `erase`, `format`), diskpart
 * scripts, `wsl --unregister`, and PowerShell's `Clear-Content`. cmd.exe lines reach the engine as
 * the code of `cmd /c …` (shell/cmd.ts), so their switches (`/s`, `/q`, `/f`, combined `/s/q`) are
 * read case-insensitively here, and paths are judged like the filesystem pack's: a drive root,
 * the user's profile and system folders are critical or high, build output in the project is
 * not reported. Generic `Remove-*`, `Clear-*`, `vssadmin delete`, `reg delete`, `net … /delete`
 * are the generic layer's (packs/generic.ts).
 */
import { type Severity, severityRank } from '../../severity';
import type { SimpleCommand, Word } from '../../shell/model';
import { remoteReach } from '../context';
import { readCommandFile } from '../files';
import { pathTarget } from '../paths';
import type { CommandRuleFinding, Rule, RulePack } from '../rule';
import { spanTo } from '../words';
import { contextFor, judgeFile, judgeRecursive } from './filesystem';

const CMD = { shell: 'pwsh' } as const;

/** The command came from cmd.exe code (`cmd /c …`). */
function fromCmd(cmd: SimpleCommand): boolean {
  return cmd.via.some((v) => v.program === 'cmd' && v.kind === 'shell-c');
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
      const everyFile = /^\*(\.\*)?$/.test(name);
      let severity: Severity;
      let why: string;
      if (sub || w.glob) {
        const j = judgeRecursive(t, lrc);
        severity = everyFile ? j.severity : LOWER[j.severity];
        if (!sub && severity !== 'critical') severity = LOWER[severity];
        why = `${everyFile ? 'every file' : `files matching ${name}`} under ${j.why}${sub ? ', in every subfolder (/s)' : ''}`;
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
    ],
    nearMiss: [{ cmd: 'cmd /c del /q build\\*.obj', ctx: CMD }, { cmd: 'cmd /c del notes.txt', ctx: CMD }, { cmd: 'cmd /c del /?', ctx: CMD }, { cmd: 'cmd /c type del.txt', ctx: CMD }],
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
  description: 'diskpart /s SCRIPT whose script cleans, deletes, formats or repartitions a disk (read at check time); an unreadable script needs a person.',
  severity: 'critical',
  programs: ['diskpart'],
  check(cmd, rc) {
    const { switches, operands } = switchesOf(cmd);
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
    match: [{ cmd: 'cmd /c diskpart /s diskpart\\prepare-data-disk.txt', ctx: CMD, exactly: 'critical' }, { cmd: 'diskpart /s missing-script.txt', ctx: CMD, severity: 'high' }],
    nearMiss: [{ cmd: 'cmd /c diskpart /s diskpart\\inventory.txt', ctx: CMD }, { cmd: 'diskpart', ctx: CMD }, { cmd: 'cmd /c diskpart /?', ctx: CMD }],
  },
};

const wslUnregister: Rule = {
  id: 'windows.wsl-unregister',
  description: 'wsl --unregister: the Linux distribution and every file in it are deleted.',
  severity: 'high',
  programs: ['wsl'],
  check(cmd, rc) {
    const i = cmd.args.findIndex((w) => /^--unregister$/i.test(w.text));
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
    match: [{ cmd: 'wsl --unregister Ubuntu-22.04', ctx: CMD, exactly: 'high' }, 'wsl.exe --unregister Debian'],
    nearMiss: [{ cmd: 'wsl --list --verbose', ctx: CMD }, { cmd: 'wsl --export Ubuntu backup.tar', ctx: CMD }],
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

export const windowsPack: RulePack = {
  name: 'windows',
  description: "cmd.exe's rd /s, del /s, erase and format, diskpart scripts, wsl --unregister and PowerShell Clear-Content, judged by the paths and drives they hit.",
  rules: [rdRecursive, delFiles, formatDrive, diskpartScript, wslUnregister, clearContent],
  owns: ['rd', 'rmdir', 'del', 'erase', 'format', 'diskpart', 'clear-content'],
};
