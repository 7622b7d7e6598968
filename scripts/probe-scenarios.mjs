// Prints the measured-blast-radius state scenarios (test/unit/probe/scenarios.ts) as a
// before/after table: each scenario is set up in a real temporary repository and its line judged
// by the rules alone, then measured.
//   node scripts/probe-scenarios.mjs            the table (Markdown) and the counts
//   node scripts/probe-scenarios.mjs --counts   the counts only
// The TypeScript is loaded with scripts/lib/load-ts.mjs; nothing is written but temporary folders.
import { loadTs, root } from './lib/load-ts.mjs';

process.chdir(root); // the shell grammars are found under node_modules
const { SCENARIOS, runScenario } = await loadTs('test/unit/probe/scenarios.ts');

const RANK = ['none', 'low', 'medium', 'high', 'critical'];
const DEC = ['allow', 'confirm', 'deny'];
const parse = (s) => {
  const [d, sev] = s.split('/');
  return { d: DEC.indexOf(d), s: RANK.indexOf(sev) };
};

const rows = [];
const counts = { scenarios: 0, firmer: 0, quieter: 0, same: 0, decisionChanged: 0, notMeasured: 0, mismatched: 0 };
for (const sc of SCENARIOS) {
  const o = await runScenario(sc);
  counts.scenarios++;
  const b = parse(o.before);
  const a = parse(o.after);
  if (a.d > b.d || (a.d === b.d && a.s > b.s)) counts.firmer++;
  else if (a.d < b.d || (a.d === b.d && a.s < b.s)) counts.quieter++;
  else counts.same++;
  if (a.d !== b.d) counts.decisionChanged++;
  if (/^Not measured/.test(o.sentence)) counts.notMeasured++;
  const ok = o.before === sc.before && o.after === sc.after && sc.says.test(o.sentence);
  if (!ok) counts.mismatched++;
  rows.push([String(rows.length + 1), sc.state, `\`${sc.cmd}\``, o.before, o.after, (o.sentence || '(no probe applies)').replace(/\|/g, '\\|'), ok ? '' : ' ✗']);
}

if (!process.argv.includes('--counts')) {
  process.stdout.write('| # | state | command | rules only | measured | what the person reads |\n|---|---|---|---|---|---|\n');
  for (const r of rows) process.stdout.write(`| ${r[0]} | ${r[1]} | ${r[2]} | ${r[3]} | ${r[4]}${r[6]} | ${r[5]} |\n`);
  process.stdout.write('\n');
}
process.stdout.write(
  `${counts.scenarios} scenarios: ${counts.firmer} firmer, ${counts.quieter} quieter, ${counts.same} unchanged ` +
    `(${counts.decisionChanged} with another decision; ${counts.notMeasured} not measured)` +
    `${counts.mismatched ? `; ${counts.mismatched} differ from the table (marked ✗)` : ''}\n`,
);
process.exit(counts.mismatched ? 1 : 0);
