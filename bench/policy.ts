/**
 * Policy patterns in the linear-time engine (re2js) against JavaScript's RegExp, printed as a
 * table with targets:
 *
 *   pattern match, re2js vs RegExp   the same expressions on the same argument strings      (reported)
 *   analysis p50 / p99                in-process, typical commands, under a policy of 50 deny
 *                                     entries with argsRegex, 50 custom rules and 50 globs   < 0.2 ms / < 1 ms
 *
 * The corpus is the bench corpus of the command engine. Not a timed test: it reports.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCommandAnalyzer } from '../src/core/command/analyze';
import { parsePolicy } from '../src/core/policy/resolve';
import { compileLinear } from '../src/core/regex';
import { findRoot, quantile, runMain, table, type Row } from './lib/report';

const ROUNDS = 20_000;
const root = findRoot('package.json', 'node_modules/@vscode/tree-sitter-wasm');

function corpus(): string[] {
  const plain = path.join(root, 'test', 'fixtures', 'commands', 'bench-corpus.txt');
  return fs.readFileSync(plain, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#') && l.length < 200);
}

/** Expressions of the kind policies hold. */
const EXPRESSIONS = [
  '--region (eu|us)-\\w+-1\\b',
  '(^| )--force( |$)',
  '--context[= ]prod',
  '\\b(prod|production|live)\\b',
  '^-[a-zA-Z]*r[a-zA-Z]*f',
  '--namespace[= ](kube-system|default)',
  's3://[a-z0-9.-]+-prod/',
  '\\.(sql|dump)$',
  '--all(-namespaces)?\\b',
  '^(delete|drop|truncate)\\b',
];

function policyText(): string {
  const deny = Array.from({ length: 50 }, (_, i) => ({ command: `tool${i}`, argsRegex: EXPRESSIONS[i % EXPRESSIONS.length] }));
  const customRules = Array.from({ length: 50 }, (_, i) => ({ id: `custom.rule-${i}`, severity: 'medium', message: 'm', match: { command: '*', argsRegex: EXPRESSIONS[i % EXPRESSIONS.length] } }));
  const globs = Array.from({ length: 50 }, (_, i) => ({ command: `*x${i}*`, args: [`--opt${i}=*prod*`] }));
  return JSON.stringify({ deny: [...deny, ...globs], customRules });
}

function timeMatches(test: (s: string) => boolean, inputs: readonly string[]): number[] {
  const times: number[] = [];
  for (let r = 0; r < 3; r++) for (const s of inputs) test(s); // warm up
  for (const s of inputs) {
    const t0 = performance.now();
    for (let k = 0; k < 20; k++) test(s);
    times.push((performance.now() - t0) / 20);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<number> {
  const lines = corpus();
  const args = lines.map((l) => l.split(/\s+/).slice(1).join(' '));
  const re2 = EXPRESSIONS.map((e) => {
    const r = compileLinear(e);
    if (!r.ok) throw new Error(r.message);
    return r.regex;
  });
  const js = EXPRESSIONS.map((e) => new RegExp(e));
  const re2Times = timeMatches((s) => re2.some((r) => r.test(s)), args);
  const jsTimes = timeMatches((s) => js.some((r) => r.test(s)), args);

  const { policy, problems } = parsePolicy(policyText(), 'user');
  if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
  const ctx = { shell: 'bash' as const, cwd: root, workspaceRoot: root, home: os.homedir(), env: { HOME: os.homedir(), PATH: '/usr/bin:/bin' } };
  // the same corpus under the default policy and under the policy of patterns, interleaved so
  // that other work on the machine weighs on both alike
  const plain = await createCommandAnalyzer();
  const analyzer = await createCommandAnalyzer({ policy });
  for (let i = 0; i < 5_000; i++) {
    plain.analyze(lines[i % lines.length]!, ctx);
    analyzer.analyze(lines[i % lines.length]!, ctx);
  }
  const times = new Float64Array(ROUNDS);
  const base = new Float64Array(ROUNDS);
  for (let i = 0; i < ROUNDS; i++) {
    const line = lines[i % lines.length]!;
    let t0 = performance.now();
    plain.analyze(line, ctx);
    base[i] = performance.now() - t0;
    t0 = performance.now();
    analyzer.analyze(line, ctx);
    times[i] = performance.now() - t0;
  }
  const sorted = Array.from(times).sort((a, b) => a - b);
  const baseSorted = Array.from(base).sort((a, b) => a - b);
  const us = (ms: number): string => `${(ms * 1000).toFixed(2)} µs`;
  const rows: Row[] = [
    { what: `${EXPRESSIONS.length} expressions on one argument string, re2js p50 / p99`, value: `${us(quantile(re2Times, 0.5))} / ${us(quantile(re2Times, 0.99))}`, target: '(reported)', pass: true },
    { what: `the same, JavaScript RegExp p50 / p99`, value: `${us(quantile(jsTimes, 0.5))} / ${us(quantile(jsTimes, 0.99))}`, target: '(reported)', pass: true },
    { what: `analysis p50 / p99 under the default policy (the same lines)`, value: `${us(quantile(baseSorted, 0.5))} / ${us(quantile(baseSorted, 0.99))}`, target: '(reported)', pass: true },
    { what: `analysis p50 under a policy of 150 patterns (${ROUNDS} analyses)`, value: us(quantile(sorted, 0.5)), target: '< 200 µs', pass: quantile(sorted, 0.5) < 0.2 },
    { what: 'analysis p99 under that policy', value: us(quantile(sorted, 0.99)), target: '< 1000 µs', pass: quantile(sorted, 0.99) < 1 },
  ];
  process.stdout.write(`Policy patterns (${os.cpus().length} CPUs, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the end)\n`);
  process.stdout.write(`${table(rows)}\n`);
  return rows.every((r) => r.pass) ? 0 : 1;
}

runMain(main, 'bench/policy');
