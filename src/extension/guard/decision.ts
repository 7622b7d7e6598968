import * as vscode from 'vscode';
import { DEFAULT_PRODUCTION_MARKERS } from '../../core/command/context';
import type { CommandContext } from '../../core/command/rule';
import { ALWAYS_ALLOW_SETTING, alwaysAllowEntries, type AlwaysAllowEntries } from '../../core/guard/alwaysAllow';
import { type ConfirmAnswer, type ConfirmRequest, commandConfirmRequest } from '../../core/guard/confirm';
import { type GatePart, type GuardPlan, planGuardDecision } from '../../core/guard/decide';
import { type CheckRequest, type EditRequest, parseEditSummary } from '../../core/guard/protocol';
import type { DecideContext, GuardAnswer } from '../../core/guard/server';
import type { Logger } from '../../core/logger';
import { type JudgeOptions, type MeasuredJudgement, measureHeld, reviewMeasured } from '../../core/probe/index';
import type { ParsedLine } from '../../core/shell/model';
import { redact } from '../../core/redact';
import { highestSeverity } from '../../core/severity';
import { COMMANDS, SETTINGS, SETTINGS_SECTION } from '../ids';
import { type FolderPolicies, folderFor } from '../policy';
import { type Prompter, modalPrompter } from '../prompter';
import type { ReviewApi } from '../review/index';
import type { GuardAudit } from './audit';
import type { CommandEngines, Engine } from './engines';
import type { HeldCommands } from './heldCommands';
import type { GuardPause } from './lifetime';

interface Outcome {
  answer: Exclude<ConfirmAnswer, 'show-plan'>;
  by: 'person' | 'timeout' | 'cancelled';
}

export interface DecisionDeps {
  engines: CommandEngines;
  policies: FolderPolicies;
  pause: GuardPause;
  audit: GuardAudit;
  /** The edit review: its gate on deploys, and the sign-off record of a person's answer. */
  review: ReviewApi;
  /** Held lines and changes, listed in the review while a person is asked. */
  held: HeldCommands;
  logger: Logger;
}

/** How long "Show Plan" lets `terraform plan` run. */
const PLAN_REVIEW_TIMEOUT_MS = 120_000;

/** Where the line is judged and asked about, as it changes while a person looks closer. */
interface Held {
  judged: MeasuredJudgement;
  plan: GuardPlan;
}

/** The person's answer about a line, with the line's judgement at the moment they answered. */
interface Answered extends Held {
  outcome: Outcome;
}

/**
 * The decision on each line a guarded shell (or an agent's hook) asks about: the engine's
 * verdict under the folder's policy with what the local probes measured, the edit review's gate,
 * the pause, and — when the plan says ask — the slow probes (terraform, kubectl, with progress)
 * and a person through the prompter or the review of held items, until the confirmation timeout.
 * Every decision is recorded in the audit log, with what was measured.
 */
export class LineDecider {
  private prompter: Prompter = modalPrompter;

  constructor(private readonly deps: DecisionDeps) {}

  /** Replaces the confirmation modal (VS Code refuses modals in its test mode); undefined restores it. */
  setPrompter(p: Prompter | undefined): void {
    this.prompter = p ?? modalPrompter;
  }

  /** Unreviewed risky edits a deploy command would act on (the edit review's gate). */
  private gateFor(engine: Engine, req: CheckRequest, parsed: ParsedLine | undefined): GatePart | undefined {
    if (!engine.analyzer) return undefined;
    try {
      const commands = (parsed ?? engine.analyzer.parse(req.line, req.shell === 'pwsh' ? 'pwsh' : 'bash')).commands;
      const g = this.deps.review.gate(commands, req.cwd);
      if (!g.hold) return undefined;
      return { hold: true, summary: g.summary, ruleIds: [...new Set(g.reasons.flatMap((r) => r.ruleIds))], severity: highestSeverity(g.reasons) };
    } catch (e) {
      this.deps.logger.warn(`review gate failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** Which clusters the kubectl probe may ask (user setting only: a workspace cannot make the editor reach clusters or stop it). */
  private probeOptions(signal: AbortSignal): JudgeOptions {
    const v = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<string>(SETTINGS.probesKubernetes)?.globalValue;
    const kubernetes = v === 'always' || v === 'off' ? v : 'production';
    return { kubernetes, signal };
  }

  async decide(req: CheckRequest, ctx: DecideContext): Promise<GuardAnswer> {
    if (req.flags.tampered) return this.tampered(req);
    const t0 = Date.now();
    const folder = folderFor(req.cwd);
    const engine = await this.deps.engines.for(folder, req.cwd);
    const paused = this.deps.pause.isPaused();
    const probes = this.probeOptions(ctx.signal);
    let judged = await this.deps.engines.judgeMeasured(engine, req, folder, { ...probes, probe: !paused });
    const gate = judged.verdict.decision === 'deny' ? undefined : this.gateFor(engine, req, judged.parsed);
    const markers = [...DEFAULT_PRODUCTION_MARKERS, ...engine.policy.productionMarkers];
    const planOf = (j: MeasuredJudgement): GuardPlan => planGuardDecision(j.verdict, { paused, gate, productionMarkers: markers });
    let plan = planOf(judged);
    const record = (h: Held, rest: { decision: 'allow' | 'deny'; decidedBy: 'rule' | 'person' | 'timeout' | 'cancelled' | 'paused'; reason: string; alwaysAllowed?: true }): void => {
      this.deps.audit.record({
        source: req.flags.agent ? 'agent' : 'terminal',
        ...(req.flags.agent ? { agent: req.flags.agent } : {}),
        ...(req.flags.agent && req.flags.session ? { session: req.flags.session } : {}),
        shell: req.shell,
        pid: req.pid,
        cwd: req.cwd,
        line: req.line,
        verdict: h.judged.verdict.decision,
        severity: h.plan.severity,
        ruleIds: h.plan.ruleIds,
        ...(h.judged.verdict.measured ? { measured: h.judged.verdict.measured } : {}),
        ...rest,
        ms: Date.now() - t0,
      });
    };
    if (plan.action !== 'ask') {
      record({ judged, plan }, { decision: plan.action, decidedBy: paused ? 'paused' : 'rule', reason: plan.terminal || plan.headline });
      return { verdict: plan.action, reason: plan.terminal };
    }

    ctx.hold(plan.terminal);
    const deadline = Date.now() + Math.max(1, engine.policy.confirmTimeoutSeconds) * 1000;
    const cctx = this.deps.engines.context(req, folder);
    if (engine.analyzer) {
      // slow probes (terraform show, kubectl get) only now that the line is held
      judged = await this.measuring(req.line, (p) => measureHeld(engine.analyzer!, judged, cctx, { ...probes, ...p }), ctx.signal);
      const before = plan.terminal;
      plan = planOf(judged);
      if (plan.action !== 'ask') {
        record({ judged, plan }, { decision: plan.action, decidedBy: 'rule', reason: plan.terminal || plan.headline });
        return { verdict: plan.action, reason: plan.terminal };
      }
      if (plan.terminal !== before) ctx.hold(plan.terminal);
    }

    const answered = await this.ask(req, engine, cctx, { judged, plan }, planOf, deadline, ctx);
    ({ judged, plan } = answered);
    const { outcome } = answered;
    const timeoutSeconds = Math.max(1, engine.policy.confirmTimeoutSeconds);
    let reason: string;
    let allowed = outcome.answer !== 'deny' && outcome.by === 'person';
    let always = false;
    if (outcome.by === 'timeout') reason = `no answer within ${timeoutSeconds} s; not run`;
    else if (outcome.by === 'cancelled') reason = 'cancelled; not run';
    else if (outcome.answer === 'deny') reason = `denied by you in the editor${measuredSaid(judged)}`;
    else if (outcome.answer === 'always-allow') {
      const entries = plan.allowAlways ? this.allowEntries(engine, req, judged) : undefined;
      always = entries ? await this.alwaysAllow(entries) : false;
      reason = always ? 'allowed; this command is now always allowed (your user settings)' : 'allowed once (it could not be added to your settings)';
    } else reason = 'allowed once by you';
    if (outcome.by !== 'person') allowed = false;
    record({ judged, plan }, { decision: allowed ? 'allow' : 'deny', decidedBy: outcome.by, reason: `${reason} — ${plan.headline}`, ...(always && allowed ? { alwaysAllowed: true as const } : {}) });
    // the audit log is its only record: a decision on a command leaves nothing in the repository
    // (core/signoff/whenRecorded.ts)
    return { verdict: allowed ? 'allow' : 'deny', reason };
  }

  /**
   * A shell found its guard tampered with (its hooks, functions or builtins changed): it has put
   * itself back and refuses this line itself; the editor records it and says so.
   */
  private tampered(req: CheckRequest): GuardAnswer {
    const what = (req.flags.tampered ?? '').split('.').join(', ');
    const reason = `guard tampered (${what}); the shell refused this line and put its guard back`;
    this.deps.audit.record({
      source: req.flags.agent ? 'agent' : 'terminal',
      shell: req.shell,
      pid: req.pid,
      cwd: req.cwd,
      line: req.line,
      verdict: 'deny',
      severity: 'critical',
      ruleIds: ['guard.tampered'],
      decision: 'deny',
      decidedBy: 'rule',
      reason,
      ms: 0,
    });
    void vscode.window
      .showWarningMessage(`Blast Radius: the guard in a ${req.shell} terminal was tampered with (${what}). It refused the next line and put itself back.`, 'Show Audit Log')
      .then((choice) => (choice === 'Show Audit Log' ? vscode.commands.executeCommand(COMMANDS.showAuditLog) : undefined));
    return { verdict: 'deny', reason };
  }

  /**
   * An agent's file change its hook wants confirmed (the hook judged it with the edit engine):
   * the person answers in the same modal as for commands. Not asking anyone (paused, a summary
   * that cannot be read) is a DENY without a hold, which the hook answers with its policy.
   */
  async decideEdit(req: EditRequest, ctx: DecideContext): Promise<GuardAnswer> {
    const t0 = Date.now();
    const summary = req.truncated ? undefined : parseEditSummary(req.summary);
    if (!summary) return { verdict: 'deny', reason: 'the description of the change could not be read' };
    if (this.deps.pause.isPaused()) return { verdict: 'deny', reason: 'the guard is paused; the agent asks instead' };
    const engine = await this.deps.engines.for(folderFor(req.cwd), req.cwd);
    const ruleIds = [...new Set(summary.findings.map((f) => f.ruleId))];
    const headline = summary.findings[0]?.message ?? summary.notes?.[0] ?? 'the change needs a closer look';
    ctx.hold(`${req.agent} wants ${summary.subject}: ${headline}; confirm in the editor`);
    const request: ConfirmRequest = {
      kind: 'edit',
      line: summary.subject,
      cwd: req.cwd,
      shell: 'edit',
      source: { kind: 'agent', agent: req.agent, ...(req.session ? { session: req.session } : {}) },
      severity: summary.severity,
      headline,
      findings: summary.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        ...(f.path ? { location: f.line !== undefined ? `${f.path}:${f.line}` : f.path } : {}),
        ...(f.suggestion ? { suggestion: f.suggestion } : {}),
      })),
      ...(summary.notes?.length ? { notes: summary.notes } : {}),
    };
    const timeoutSeconds = Math.max(1, engine.policy.confirmTimeoutSeconds);
    const outcome = await this.waitForPerson(() => request, { ruleIds, reasons: [headline] }, Date.now() + timeoutSeconds * 1000, ctx.signal);
    const allowed = outcome.by === 'person' && outcome.answer !== 'deny';
    const reason =
      outcome.by === 'timeout' ? `no answer within ${timeoutSeconds} s; not written` : outcome.by === 'cancelled' ? 'cancelled; not written' : allowed ? 'allowed once by you' : 'denied by you in the editor';
    this.deps.audit.record({
      kind: 'agent-edit',
      source: 'agent',
      agent: req.agent,
      ...(req.session ? { session: req.session } : {}),
      shell: 'edit',
      pid: req.pid,
      cwd: req.cwd,
      line: `${summary.subject} (${summary.paths.join(', ')})`,
      verdict: 'confirm',
      severity: summary.severity,
      ruleIds,
      decision: allowed ? 'allow' : 'deny',
      decidedBy: outcome.by,
      reason: `${reason} — ${headline}`,
      ms: Date.now() - t0,
    });
    return { verdict: allowed ? 'allow' : 'deny', reason };
  }

  /**
   * Runs probes with their progress shown (a notification the person can use to skip them; the
   * line stays held meanwhile). `work` gets the signal that stops them; it is aborted when the
   * shell gives up too.
   */
  private async measuring(line: string, work: (p: Required<Pick<JudgeOptions, 'signal' | 'onStart'>>) => Promise<MeasuredJudgement>, shellGone: AbortSignal, say?: string): Promise<MeasuredJudgement> {
    const stop = new AbortController();
    const onGone = (): void => stop.abort();
    shellGone.addEventListener('abort', onGone, { once: true });
    let resolveShown: (() => void) | undefined;
    const shown = new Promise<void>((r) => (resolveShown = r));
    let started = false;
    const running = work({
      signal: stop.signal,
      onStart: (p) => {
        if (p.class !== 'slow' || started) return;
        started = true;
        const what = say ?? (p.kind === 'terraform' ? 'reading the saved plan' : p.kind === 'kubernetes' ? 'counting what it deletes in the cluster' : 'measuring');
        void vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Blast Radius', cancellable: true },
          (progress, token) => {
            progress.report({ message: `${what} before asking you about \`${clipped(redact(line))}\`… (Cancel skips it)` });
            token.onCancellationRequested(() => stop.abort());
            return shown;
          },
        );
      },
    });
    try {
      return await running;
    } finally {
      resolveShown?.();
      shellGone.removeEventListener('abort', onGone);
    }
  }

  /**
   * Asks a person about a held line (the prompter, or the review of held items) until an answer,
   * the deadline or the shell gives up. "Show Plan" runs the plan the probe offers (with its
   * progress), judges the line again with what it showed and asks again.
   */
  private async ask(req: CheckRequest, engine: Engine, cctx: CommandContext, start: Held, planOf: (j: MeasuredJudgement) => GuardPlan, deadline: number, ctx: DecideContext): Promise<Answered> {
    const now: Held = { ...start };
    const where = { line: redact(req.line), cwd: req.cwd, shell: req.shell, source: req.flags.agent ? { kind: 'agent' as const, agent: req.flags.agent, ...(req.flags.session ? { session: req.flags.session } : {}) } : { kind: 'terminal' as const } };
    const requestFor = (h: Held): ConfirmRequest => {
      const entries = h.plan.allowAlways ? this.allowEntries(engine, req, h.judged) : undefined;
      return commandConfirmRequest(h.judged.verdict, h.plan, where, entries ? { commands: entries.commands, setting: ALWAYS_ALLOW_SETTING } : undefined);
    };
    const showPlan = async (): Promise<ConfirmRequest> => {
      if (engine.analyzer) {
        const review = now.judged.verdict.measured?.probes.find((p) => p.review)?.review;
        now.judged = await this.measuring(
          req.line,
          (p) => {
            p.onStart({ kind: 'terraform', class: 'slow', command: review?.argv.join(' ') ?? 'terraform plan' });
            return reviewMeasured(engine.analyzer!, now.judged, cctx, { signal: p.signal, timeoutMs: PLAN_REVIEW_TIMEOUT_MS });
          },
          ctx.signal,
          `running ${review?.argv.join(' ') ?? 'terraform plan'} (read-only)`,
        );
        const before = now.plan.terminal;
        now.plan = planOf(now.judged);
        if (now.plan.terminal !== before) ctx.hold(now.plan.terminal);
      }
      return requestFor(now);
    };
    const outcome = await this.waitForPerson(() => requestFor(now), { ruleIds: now.plan.ruleIds, reasons: [now.plan.headline] }, deadline, ctx.signal, showPlan);
    return { ...now, outcome };
  }

  /**
   * Shows the confirmation (and lists the action among the held items of the review) until a
   * person answers, the deadline passes or the asker gives up. `showPlan`, when given, answers
   * "Show Plan" with the next request to ask.
   */
  private waitForPerson(
    first: () => ConfirmRequest,
    why: { ruleIds: string[]; reasons: string[] },
    deadline: number,
    signal: AbortSignal,
    showPlan?: () => Promise<ConfirmRequest>,
  ): Promise<Outcome> {
    const request = first();
    const held = this.deps.held.hold({ line: request.line, cwd: request.cwd, severity: request.severity, ruleIds: why.ruleIds, reasons: why.reasons, signal });
    return new Promise<Outcome>((resolve) => {
      let done = false;
      const finish = (o: Outcome): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        held.settle(o.answer === 'deny' || o.by !== 'person' ? 'deny' : 'allow');
        resolve(o);
      };
      const timer = setTimeout(() => finish({ answer: 'deny', by: 'timeout' }), Math.max(0, deadline - Date.now()));
      if (signal.aborted) finish({ answer: 'deny', by: 'cancelled' });
      signal.addEventListener('abort', () => finish({ answer: 'deny', by: 'cancelled' }), { once: true });
      void held.decision.then((d) => finish({ answer: d === 'allow' ? 'run-once' : 'deny', by: signal.aborted ? 'cancelled' : 'person' }));
      const failed = (e: unknown): void => {
        this.deps.logger.error(`confirmation failed: ${e instanceof Error ? e.message : String(e)}`);
        finish({ answer: 'deny', by: 'person' });
      };
      const confirm = (r: ConfirmRequest): void => {
        this.prompter.confirm(r).then((a) => {
          if (done) return;
          if (a !== 'show-plan') return finish({ answer: a, by: 'person' });
          // without a plan to show (or after the deadline) the question is asked again as it was
          void (showPlan ? showPlan() : Promise.resolve(r)).then((next) => {
            if (!done) confirm(next);
          }, failed);
        }, failed);
      };
      confirm(request);
    });
  }

  /** The allow entries "Always Allow" would write for the line, exactly; undefined when they cannot be written exactly. */
  private allowEntries(engine: Engine, req: CheckRequest, judged: MeasuredJudgement): AlwaysAllowEntries | undefined {
    if (!engine.analyzer) return undefined;
    const parsed = judged.parsed ?? engine.analyzer.parse(req.line, req.shell === 'pwsh' ? 'pwsh' : 'bash');
    return alwaysAllowEntries(parsed, judged.verdict, folderFor(req.cwd)?.name ?? req.cwd, new Date().toISOString().slice(0, 10));
  }

  /** Adds allow entries to the user's settings — never to the workspace's. */
  private async alwaysAllow(a: AlwaysAllowEntries): Promise<boolean> {
    try {
      const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      const cur = cfg.inspect<unknown[]>(SETTINGS.policyAllow)?.globalValue;
      await cfg.update(SETTINGS.policyAllow, [...(Array.isArray(cur) ? cur : []), ...a.entries], vscode.ConfigurationTarget.Global);
      this.deps.policies.invalidate();
      return true;
    } catch (e) {
      this.deps.logger.error(`could not add the allow entry to your settings: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }
}

/** `— <what was measured>` for the reason the shell and the agent read, when a finding's command was measured. */
function measuredSaid(j: MeasuredJudgement): string {
  const m = j.verdict.findings.find((f) => f.measured && !f.measured.startsWith('Not measured'))?.measured;
  return m ? ` — ${m}` : '';
}

function clipped(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 80 ? `${one.slice(0, 79)}…` : one;
}
