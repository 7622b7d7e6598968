/**
 * Jupyter notebook cells, for judging an agent's cell edit before it is made: the cell's current
 * source, the language to judge it as (so the code, SQL and secret rules of that language
 * apply), and the shell commands it would run (`!cmd`, `x = !cmd`, `%system`, `%sx`, and the
 * bodies of `%%bash`, `%%sh` and `%%script <shell>` cells), which the command engine judges.
 */

interface NotebookJson {
  cells?: Array<{ id?: string; cell_type?: string; source?: string | string[] }>;
  metadata?: { kernelspec?: { language?: string }; language_info?: { name?: string } };
}

function parse(notebook: string | null): NotebookJson | undefined {
  if (notebook === null) return undefined;
  try {
    const v = JSON.parse(notebook) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as NotebookJson) : undefined;
  } catch {
    return undefined;
  }
}

/** The source of the cell `cellId` (an id, or `cell-<n>` by position; the first cell when absent); undefined when there is no such cell. */
export function findCell(notebook: string, cellId: string | undefined): string | undefined {
  const cells = parse(notebook)?.cells;
  if (!Array.isArray(cells)) return undefined;
  const cell = cellId === undefined ? cells[0] : (cells.find((c) => c.id === cellId) ?? cells[Number(/^cell-(\d+)$/.exec(cellId)?.[1] ?? NaN)]);
  if (!cell) return undefined;
  return Array.isArray(cell.source) ? cell.source.join('') : (cell.source ?? '');
}

const EXTENSION_BY_LANGUAGE: Readonly<Record<string, string>> = {
  python: '.py',
  r: '.r',
  julia: '.jl',
  scala: '.scala',
  sql: '.sql',
  javascript: '.js',
  typescript: '.ts',
  java: '.java',
  'c#': '.cs',
  csharp: '.cs',
  'f#': '.fs',
  go: '.go',
  rust: '.rs',
  ruby: '.rb',
  bash: '.sh',
  sh: '.sh',
  powershell: '.ps1',
};

/** The cell magic on a cell's first line (`%%sql`, `%%script bash`), and whether it runs a shell. */
function cellMagic(source: string): { name: string; shell: boolean } | undefined {
  const m = /^\s*%%(\w+)(?:[ \t]+(\S+))?/.exec(source);
  if (!m) return undefined;
  const [, name = '', arg] = m;
  const shell = name === 'bash' || name === 'sh' || name === 'system' || (name === 'script' && arg !== undefined && /(^|\/)(ba|z|da)?sh$/.test(arg));
  return { name, shell };
}

/**
 * The file extension the cell's text is judged as: `.md` for markdown cells, `.sql` and `.sh`
 * for SQL and shell cell magics, else the notebook's kernel language (Python when unknown).
 */
export function cellExtension(notebook: string | null, cellType: 'code' | 'markdown' | undefined, source: string): string {
  if (cellType === 'markdown') return '.md';
  const magic = cellMagic(source);
  if (magic?.name === 'sql') return '.sql';
  if (magic?.shell) return '.sh';
  if (magic?.name === 'javascript' || magic?.name === 'js') return '.js';
  const meta = parse(notebook)?.metadata;
  const language = (meta?.kernelspec?.language ?? meta?.language_info?.name ?? 'python').toLowerCase();
  return EXTENSION_BY_LANGUAGE[language] ?? '.py';
}

/** The cell's text as a file of its language: a leading cell magic line (`%%sql`) is blanked, keeping line numbers. */
export function cellText(source: string): string {
  return source.replace(/^[ \t]*%%[^\n]*/, '');
}

/** One shell command a cell runs, with the cell line (1-based) it starts on. */
export interface CellCommand {
  line: number;
  command: string;
}

/** The shell commands a code cell would run when executed. */
export function cellShellCommands(source: string): CellCommand[] {
  const lines = source.split('\n');
  const magic = cellMagic(lines[0] ?? '');
  if (magic) {
    if (!magic.shell) return [];
    const body = lines.slice(1).join('\n');
    return body.trim() ? [{ line: 2, command: body }] : [];
  }
  const out: CellCommand[] = [];
  lines.forEach((text, i) => {
    // `!cmd`, `files = !cmd`, `%system cmd`, `%sx cmd`, `!!cmd` (not `!=`).
    const m = /^\s*(?:[A-Za-z_][\w, ]*=\s*)?(?:!!?(?!=)|%(?:system|sx)\s+)(.*)$/.exec(text);
    const command = m?.[1]?.trim();
    if (command) out.push({ line: i + 1, command });
  });
  return out;
}
