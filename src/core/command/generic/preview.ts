/**
 * Tools that only preview unless they are told to act. Their documentation says that the
 * destructive form, as typed, prints what it would do, and that one option makes it real:
 *
 *   kops delete cluster --name k8s.example.com         prints what it would delete; `--yes` deletes
 *   aws-nuke run -c nuke.yml                           lists every resource it would remove; `--no-dry-run` removes them
 *   p4 obliterate //depot/legacy/...                   reports; `-y` obliterates files and history
 *   wal-g delete retain FULL 7                         a dry run; `--confirm` deletes the backups
 *   sg_format /dev/sg2                                 prints the current format; `--format` formats
 *
 * Without the option the command is a rehearsal (../rehearsal.ts lifts what the rules found on
 * it); with it the generic judgement counts the option as the confirmation given up front, and
 * a form that reaches everything (a whole account, a whole device) says so.
 *
 * Also generic long options that turn any command into a listing or a preview (`hg purge
 * --print` and `pacman -R --print` in ../rehearsal.ts; `emerge --pretend`, `bleachbit --preview`,
 * `dnf --assumeno` for the generic layer's findings),
 * and options that switch a preview-by-default tool to acting (`--no-dry-run`, `--dry-run=false`,
 * `--execute`), which count as the confirmation given.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import { own } from '../../own';
import type { VerbClass } from './verbs';

export interface PreviewForm {
  /** The first subcommand word, any of these (lowercase); undefined: the program itself, any subcommand. */
  sub?: readonly string[];
  /** The options that make it act (exact, or `--x=true`). */
  confirm: readonly string[];
  /** What the confirmed form does. */
  verb: string;
  cls: VerbClass;
  /** The confirmed form reaches everything it is pointed at (a whole account, a whole device). */
  all?: boolean;
  /** The tool still asks before it acts (aws-nuke asks for the account alias): the option is not a skipped confirmation. */
  prompts?: boolean;
  /** Global options that take a separate value, skipped to find the subcommand. */
  valued?: readonly string[];
}

const NUKE: PreviewForm = { confirm: ['--no-dry-run'], verb: 'nuke', cls: 'destroy', all: true, prompts: true, valued: ['-c', '--config'] };

/**
 * Preview-by-default forms, by program, from each tool's reference: kops's `delete` ("run it
 * first in preview mode … then with --yes"), the aws-nuke family ("by default only lists all
 * nukeable resources; add --no-dry-run"), Perforce `p4 obliterate` ("without -y reports what it
 * would do"), WAL-G and WAL-E `delete` ("by default performs a dry run; add --confirm"),
 * sg3_utils `sg_format` (without `--format` it reports the current format). (duplicity's removals,
 * which list without `--force`, are the backup pack's.)
 */
const FORMS: Readonly<Record<string, readonly PreviewForm[]>> = {
  kops: [{ sub: ['delete'], confirm: ['--yes', '-y'], verb: 'delete', cls: 'destroy', valued: ['--state', '--name', '--config', '-v', '--v'] }],
  'aws-nuke': [NUKE],
  'azure-nuke': [NUKE],
  'gcp-nuke': [NUKE],
  p4: [{ sub: ['obliterate'], confirm: ['-y'], verb: 'obliterate', cls: 'destroy', valued: ['-c', '-u', '-p', '-P', '-H', '-d', '-C', '-Q', '-L', '-x', '-z'] }],
  'wal-g': [{ sub: ['delete'], confirm: ['--confirm'], verb: 'delete', cls: 'destroy', valued: ['--config'] }],
  'wal-e': [{ sub: ['delete'], confirm: ['--confirm'], verb: 'delete', cls: 'destroy', valued: ['--terse', '--s3-prefix', '--wabs-prefix', '--gs-prefix', '--swift-prefix', '-k', '--aws-access-key-id'] }],
  sg_format: [{ confirm: ['--format', '-F'], verb: 'format', cls: 'destroy', all: true }],
};

/**
 * Long options that make a command list or preview instead of acting, any tool (lowercase, without
 * dashes). Only words that say "do not act" on their own: `--print` is left to the tools that
 * document it as a listing (../rehearsal.ts), since elsewhere it prints a result and the command
 * still acts. They lift only the generic layer's findings: a tool a pack knows is rehearsed only by
 * the options its own documentation names, so an option it ignores cannot quiet it.
 */
const PREVIEW_OPTIONS = new Set(['print-only', 'list-only', 'show-only', 'preview', 'pretend', 'noop', 'no-op', 'assumeno', 'assume-no', 'report-only', 'check-only']);

/** Options that switch a tool from its rehearsal to acting: the confirmation given up front. */
const ACT_OPTIONS = /^--(?:no-dry-?run|dry-?run=(?:false|0|no|off|none)|execute|for-real|really|do-?it|no-preview|no-simulate)$/i;

export interface PreviewMatch {
  form: PreviewForm;
  /** The word that names the form (the subcommand, or the program). */
  word: Word;
  /** The option that makes it act, when given. */
  confirmed?: Word;
}

/** The command's preview-by-default form, confirmed or not; undefined for any other command. Cheap: one table look-up first. */
export function previewForm(cmd: SimpleCommand): PreviewMatch | undefined {
  const forms = own(FORMS, cmd.program);
  if (!forms || !cmd.name) return undefined;
  for (const form of forms) {
    const a = cmd.args;
    let first: Word | undefined;
    let confirmed: Word | undefined;
    for (let i = 0; i < a.length; i++) {
      const w = a[i]!;
      const t = w.text;
      if (t === '--') break;
      if (t.length > 1 && t.charCodeAt(0) === 45) {
        if (isConfirm(t, form.confirm)) confirmed ??= w;
        else if (!first && form.valued?.includes(t)) i++;
        continue;
      }
      first ??= w;
    }
    if (form.sub && !(first && form.sub.includes(first.text.toLowerCase()))) continue;
    const out: PreviewMatch = { form, word: form.sub ? first! : cmd.name };
    if (confirmed) out.confirmed = confirmed;
    return out;
  }
  return undefined;
}

function isConfirm(t: string, confirm: readonly string[]): boolean {
  if (confirm.includes(t)) return true;
  const eq = t.indexOf('=');
  return eq > 0 && confirm.includes(t.slice(0, eq)) && /^(?:true|1|yes)$/i.test(t.slice(eq + 1));
}

/** A preview the command is, by its tool's default or by an option: the word to name, and why. */
export interface PreviewOnly {
  word: Word;
  /** `p4 obliterate without -y`, `--preview`. */
  text: string;
  /** A generic preview option (not the tool's documented preview-by-default form): it lifts only the generic layer's findings. */
  genericOption?: boolean;
}

/** The command only previews: a preview-by-default form without its option, or a generic preview option. */
export function previewOnly(cmd: SimpleCommand): PreviewOnly | undefined {
  const m = previewForm(cmd);
  if (m && !m.confirmed) return { word: m.word, text: `${cmd.program}${m.form.sub ? ` ${m.word.text}` : ''} without ${m.form.confirm[0]}` };
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (t === '--') break;
    if (w.dynamic || !t.startsWith('--')) continue;
    const eq = t.indexOf('=');
    if (eq > 0) continue;
    if (PREVIEW_OPTIONS.has(t.slice(2).toLowerCase())) return { word: w, text: t, genericOption: true };
  }
  return undefined;
}

/** An option that switches the command from rehearsing to acting (`--no-dry-run`, `--execute`), or its tool's confirm option. */
export function actsOption(cmd: SimpleCommand): Word | undefined {
  const m = previewForm(cmd);
  if (m?.confirmed) return m.confirmed;
  for (const w of cmd.args) {
    if (w.text === '--') break;
    if (!w.dynamic && w.text.startsWith('--') && ACT_OPTIONS.test(w.text)) return w;
  }
  return undefined;
}
