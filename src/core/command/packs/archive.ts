/**
 * Archives extracted over a live or system folder with every existing file overwritten without
 * asking: 7-Zip `x|e … -o<dir> -aoa` ("Overwrite All existing files without prompt"), unzip `-o`
 * ("overwrite existing files without prompting") with `-d <dir>`, unrar `x -o+ … <dir>`, GNU tar
 * `-x --overwrite|--unlink-first|--recursive-unlink -C <dir>`.
 *
 * Into the system's own folders (`/`, `/etc`, `/usr` but `/usr/local`, `/bin`, `/lib`, `/boot`,
 * `C:\Windows`, `C:\Program Files`) or a live web root (`/var/www`, `/srv/www`, `C:\inetpub`): the
 * files running there are replaced (high). Into `/opt`, `/srv`, `/var/lib`: shown (medium).
 * Anywhere else, or without the overwrite option (the tool asks, or keeps both), nothing: that
 * is an ordinary extraction.
 */
import type { Severity } from '../../severity';
import type { SimpleCommand, Word } from '../../shell/model';
import { remoteReach } from '../context';
import type { Rule, RulePack } from '../rule';
import { spanTo } from '../words';

const SYSTEM = /^(?:\/(?:etc|usr(?!\/local)|bin|sbin|lib\w*|boot|var\/www|srv\/www|usr\/share\/nginx)(?:\/|$)|\/$|[A-Za-z]:\\(?:Windows|Program Files[^\\]*|inetpub)(?:\\|$)|[A-Za-z]:\\?$)/i;
const SHARED = /^\/(?:opt|srv|var\/lib)(?:\/|$)/;

interface Extraction {
  overwrite: Word;
  dir: Word;
  archive?: Word;
}

function sevenZip(cmd: SimpleCommand): Extraction | undefined {
  const a = cmd.args;
  if (!/^[xe]$/i.test(a[0]?.text ?? '')) return undefined;
  const overwrite = a.find((w) => /^-aoa$/i.test(w.text));
  const out = a.find((w) => /^-o.+/.test(w.text));
  if (!overwrite || !out) return undefined;
  return { overwrite, dir: { ...out, text: out.text.slice(2) }, archive: a.find((w, i) => i > 0 && !w.text.startsWith('-')) };
}

function unzip(cmd: SimpleCommand): Extraction | undefined {
  const a = cmd.args;
  const overwrite = a.find((w) => /^-[a-zA-Z]*o[a-zA-Z]*$/.test(w.text) && !w.text.startsWith('--'));
  const d = a.findIndex((w) => w.text === '-d');
  const dir = d >= 0 ? a[d + 1] : undefined;
  if (!overwrite || !dir) return undefined;
  return { overwrite, dir, archive: a.find((w) => /\.zip$/i.test(w.text)) };
}

function unrar(cmd: SimpleCommand): Extraction | undefined {
  const a = cmd.args;
  if (!/^[xe]$/i.test(a[0]?.text ?? '')) return undefined;
  const overwrite = a.find((w) => w.text === '-o+');
  const rest = a.slice(1).filter((w) => !w.text.startsWith('-'));
  const dir = rest.length > 1 ? rest[rest.length - 1] : undefined;
  if (!overwrite || !dir) return undefined;
  return { overwrite, dir, archive: rest[0] };
}

function tar(cmd: SimpleCommand): Extraction | undefined {
  const a = cmd.args;
  const first = a[0]?.text ?? '';
  const extracts = /^-?[A-Za-z]*x[A-Za-z]*$/.test(first) || a.some((w) => /^(?:--extract|--get|-[A-Za-z]*x[A-Za-z]*)$/.test(w.text));
  const overwrite = a.find((w) => /^(?:--overwrite|--unlink-first|--recursive-unlink|-U)$/.test(w.text));
  if (!extracts || !overwrite) return undefined;
  const c = a.findIndex((w) => w.text === '-C' || w.text === '--directory');
  const eq = a.find((w) => w.text.startsWith('--directory='));
  const dir = c >= 0 ? a[c + 1] : eq ? { ...eq, text: eq.text.slice('--directory='.length) } : undefined;
  return dir ? { overwrite, dir } : undefined;
}

const READERS: Readonly<Record<string, (cmd: SimpleCommand) => Extraction | undefined>> = {
  '7z': sevenZip, '7za': sevenZip, '7zz': sevenZip, '7zr': sevenZip,
  unzip,
  unrar, rar: unrar,
  tar, bsdtar: tar, gtar: tar,
};

const extractOverwrite: Rule = {
  id: 'archive.extract-overwrite',
  description: 'An archive extracted over a system folder or a live web root with every existing file overwritten without asking (7z -aoa, unzip -o, unrar -o+, tar --overwrite): high; into /opt, /srv or /var/lib, medium.',
  severity: 'high',
  programs: Object.keys(READERS),
  check(cmd, rc) {
    const read = READERS[cmd.program];
    const m = read?.(cmd);
    if (!m || m.dir.dynamic) return undefined;
    const dir = m.dir.text;
    const severity: Severity | undefined = SYSTEM.test(dir) ? 'high' : SHARED.test(dir) ? 'medium' : undefined;
    if (!severity) return undefined;
    return remoteReach(cmd, rc, {
      severity,
      message: `Extracts ${m.archive?.text ?? 'the archive'} over ${dir}, overwriting every file already there without asking (${m.overwrite.text}): what runs from there now is replaced.`,
      span: spanTo(cmd, cmd.args[cmd.args.length - 1]!),
      target: `path ${dir}`,
      suggestion: 'Extract into a new folder first, compare, then switch over (or keep a copy of the folder).',
    });
  },
  examples: {
    match: [
      { cmd: '7z x site.7z -o/var/www/html -aoa', exactly: 'high' },
      { cmd: '7za e patch.7z -aoa -o/etc/nginx', exactly: 'high' },
      { cmd: 'sudo unzip -o release.zip -d /usr/share/nginx/html', exactly: 'high' },
      { cmd: 'unrar x -o+ build.rar /opt/app/', exactly: 'medium' },
      { cmd: 'sudo tar -xzf rootfs.tar.gz --overwrite -C /', exactly: 'high' },
      { cmd: 'tar --extract --file=conf.tar --unlink-first --directory=/etc', exactly: 'high' },
    ],
    nearMiss: [
      '7z x site.7z -o/var/www/html',
      '7z x site.7z -ostaging -aoa',
      '7z l site.7z',
      'unzip -o artifacts.zip -d build/',
      'unzip release.zip -d /var/www/html',
      'unrar x build.rar /opt/app/',
      'tar -xzf node.tar.gz -C /usr/local --strip-components=1',
      'tar -xzf rootfs.tar.gz -C /',
      'tar -czf backup.tar.gz --overwrite /etc',
      'unzip -l release.zip',
    ],
  },
};

export const archivePack: RulePack = {
  name: 'archive',
  description: 'Archives extracted over system folders or live web roots with every existing file overwritten without asking (7z -aoa, unzip -o, unrar -o+, tar --overwrite).',
  rules: [extractOverwrite],
};
