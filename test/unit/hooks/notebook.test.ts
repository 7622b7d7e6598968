import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellExtension, cellShellCommands, cellText, findCell } from '../../../src/core/hooks/notebook';

const NB = JSON.stringify({
  cells: [
    { id: 'a1', cell_type: 'code', source: ['import os\n', 'print(os.getcwd())\n'] },
    { id: 'b2', cell_type: 'markdown', source: '# Notes' },
  ],
  metadata: { kernelspec: { language: 'R' } },
});

test('findCell: by id, by position (cell-<n>), the first when no id; undefined when missing or not a notebook', () => {
  assert.equal(findCell(NB, 'a1'), 'import os\nprint(os.getcwd())\n');
  assert.equal(findCell(NB, 'cell-1'), '# Notes');
  assert.equal(findCell(NB, undefined), 'import os\nprint(os.getcwd())\n');
  assert.equal(findCell(NB, 'zz'), undefined);
  assert.equal(findCell('not json', 'a1'), undefined);
  assert.equal(findCell('[1,2]', 'a1'), undefined);
});

test('cellExtension: markdown, cell magics, the kernel language, Python by default', () => {
  const table: Array<[string | null, 'code' | 'markdown' | undefined, string, string]> = [
    [NB, 'markdown', '# x', '.md'],
    [NB, 'code', '%%sql\nDROP TABLE t;', '.sql'],
    [NB, 'code', '%%bash\nls', '.sh'],
    [NB, 'code', '%%script zsh\nls', '.sh'],
    [NB, 'code', '%%script python3\nprint(1)', '.r'],
    [NB, 'code', 'x <- 1', '.r'],
    [JSON.stringify({ cells: [], metadata: { language_info: { name: 'julia' } } }), undefined, 'x = 1', '.jl'],
    [null, undefined, 'x = 1', '.py'],
    [JSON.stringify({ cells: [], metadata: { kernelspec: { language: 'cobol' } } }), 'code', 'x', '.py'],
  ];
  for (const [nb, type, src, ext] of table) assert.equal(cellExtension(nb, type, src), ext, src);
});

test('cellText blanks a leading cell magic and keeps the line numbers', () => {
  assert.equal(cellText('%%sql\nDROP TABLE t;\n'), '\nDROP TABLE t;\n');
  assert.equal(cellText('x = 1\n%%sql\n'), 'x = 1\n%%sql\n');
});

test('cellShellCommands: ! escapes, assignments from !, %system and %sx, shell cell magics; not != or other magics', () => {
  assert.deepEqual(cellShellCommands('import os\n!rm -rf build\nfiles = !ls -la\n  !!git status\n%system make clean\n%sx df -h\nif a != b:\n    pass'), [
    { line: 2, command: 'rm -rf build' },
    { line: 3, command: 'ls -la' },
    { line: 4, command: 'git status' },
    { line: 5, command: 'make clean' },
    { line: 6, command: 'df -h' },
  ]);
  assert.deepEqual(cellShellCommands('%%bash\nterraform destroy -auto-approve\necho done\n'), [{ line: 2, command: 'terraform destroy -auto-approve\necho done\n' }]);
  assert.deepEqual(cellShellCommands('%%script bash\nls\n'), [{ line: 2, command: 'ls\n' }]);
  assert.deepEqual(cellShellCommands('%%sql\nDROP TABLE t;'), []);
  assert.deepEqual(cellShellCommands('%%bash\n'), []);
  assert.deepEqual(cellShellCommands('%timeit f()\nx = 1'), []);
});
