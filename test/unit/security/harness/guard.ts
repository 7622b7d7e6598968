/**
 * The real guard, as the editor runs it, for the attack suite: a guard server whose decision is
 * the real command engine under a real policy, turned into run / refuse / ask by the editor's own
 * decision rules (src/core/guard/decide.ts). Where the editor would show a modal, a scripted
 * person answers: per shell (by pid), "approve" (the person let a held line through) or "deny"
 * (the default). A shell can also be "paused" (the person paused the guard: everything runs).
 *
 * The policy refuses every `rm` of a path containing `victim`: the refused command of every
 * attack. Every judgement is recorded with the engine's verdict and the plan.
 */
import { createCommandAnalyzer } from '../../../../src/core/command/analyze';
import { commandContext } from '../../../../src/core/command/environment';
import type { CommandVerdict } from '../../../../src/core/command/rule';
import { type GuardPlan, planGuardDecision } from '../../../../src/core/guard/decide';
import { applyEnvironment, guardEnvironment } from '../../../../src/core/guard/env';
import type { CheckRequest, HelloRequest } from '../../../../src/core/guard/protocol';
import { type GuardServer, startGuardServer } from '../../../../src/core/guard/server';
import { parsePolicy } from '../../../../src/core/policy/resolve';
import { MEDIA } from '../../guard/helpers/pty';

/** The policy of every attack: the victim may never be deleted. */
export const VICTIM_POLICY = JSON.stringify({
  version: 1,
  deny: [{ command: 'rm', argsRegex: 'victim', reason: 'the attack suite protects its victim' }],
});

export interface Judgement {
  req: CheckRequest;
  verdict: CommandVerdict;
  plan: GuardPlan;
  /** What the server answered. */
  answer: 'allow' | 'deny';
}

export type PersonAnswer = 'approve' | 'deny';

export interface RealGuard {
  readonly server: GuardServer;
  readonly judgements: Judgement[];
  readonly hellos: HelloRequest[];
  /** Requests a shell sent because it found the guard tampered with (flag `tampered`). */
  readonly tampered: CheckRequest[];
  /** What the person answers for lines of the shell `pid` (and its children) from now on. */
  answer(pid: number, a: PersonAnswer): void;
  /** Pauses (or resumes) the guard for the shell `pid`. */
  pause(pid: number, paused: boolean): void;
  /** The judgements of lines sent by the shell `pid` or its children. */
  of(pid: number): Judgement[];
  /** The environment of a terminal guarded by this server. */
  env(base: Record<string, string>, runDir: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startRealGuard(opts: { home: string; workspace: string }): Promise<RealGuard> {
  const { policy, problems } = parsePolicy(VICTIM_POLICY, 'user');
  if (problems.length) throw new Error(`the attack policy is invalid: ${problems.map((p) => p.message).join('; ')}`);
  const analyzer = await createCommandAnalyzer({ policy });
  const judgements: Judgement[] = [];
  const hellos: HelloRequest[] = [];
  const tampered: CheckRequest[] = [];
  const answers = new Map<number, PersonAnswer>();
  const paused = new Set<number>();
  const owner = (req: CheckRequest): number => (req.flags.child && req.flags.ppid ? req.flags.ppid : req.pid);
  const server = await startGuardServer({
    decide: async (req, ctx) => {
      if (req.flags.tampered) {
        // The shell found its guard tampered with and refuses the line itself; the editor says so.
        tampered.push(req);
      }
      const shell = req.shell === 'pwsh' ? 'pwsh' : req.shell;
      // as the editor judges a line: the grammars of interpreter code in it load first
      const verdict = await analyzer.analyzeAsync(req.line, commandContext(req.cwd, opts.workspace, shell, { HOME: opts.home, PATH: process.env.PATH }));
      const plan = planGuardDecision(verdict, { paused: paused.has(owner(req)) });
      let answer: 'allow' | 'deny' = plan.action === 'allow' ? 'allow' : 'deny';
      let reason = plan.terminal;
      if (req.flags.tampered) {
        answer = 'deny';
        reason = `guard tampered (${req.flags.tampered}); not run`;
      } else if (plan.action === 'ask') {
        ctx.hold(plan.terminal);
        const person = answers.get(owner(req)) ?? 'deny';
        answer = person === 'approve' ? 'allow' : 'deny';
        reason = person === 'approve' ? 'allowed once by you' : 'denied by you in the editor';
      }
      judgements.push({ req, verdict, plan, answer });
      return { verdict: answer, reason };
    },
    onHello: (h) => hellos.push(h),
  });
  return {
    server,
    judgements,
    hellos,
    tampered,
    answer: (pid, a) => void answers.set(pid, a),
    pause: (pid, p) => void (p ? paused.add(pid) : paused.delete(pid)),
    of: (pid) => judgements.filter((j) => owner(j.req) === pid),
    env: (base, runDir) =>
      applyEnvironment(
        base,
        guardEnvironment({ port: server.port, token: server.token, mediaDir: MEDIA, runDir, offline: 'refuse-destructive', waitSeconds: 20, processEnv: base, platform: process.platform }),
      ),
    close: () => server.close(),
  };
}
