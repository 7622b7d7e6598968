import * as vscode from 'vscode';
import { DEFAULT_PRODUCTION_MARKERS } from '../../core/command/context';
import type { CommandVerdict } from '../../core/command/rule';
import type { ConfirmAnswer, ConfirmRequest } from '../../core/guard/confirm';
import { type GatePart, type GuardPlan, planGuardDecision, topFindings } from '../../core/guard/decide';
import { type CheckRequest, type EditRequest, parseEditSummary } from '../../core/guard/protocol';
import type { DecideContext, GuardAnswer } from '../../core/guard/server';
import type { Logger } from '../../core/logger';
import type { CommandPatternObject } from '../../core/policy/schema';
import { redact } from '../../core/redact';
import { highestSeverity } from '../../core/severity';
import { SETTINGS, SETTINGS_SECTION } from '../ids';
import { type FolderPolicies, folderFor } from '../policy';
import { type Prompter, modalPrompter } from '../prompter';
import type { ReviewApi } from '../review/index';
import type { GuardAudit } from './audit';
import type { CommandEngines, Engine } from './engines';
import type { HeldCommands } from './heldCommands';
import type { GuardPause } from './lifetime';

interface Outcome {
  answer: ConfirmAnswer;
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

/**
 * The decision on each line a guarded shell (or an agent's hook) asks about: the engine's
 * verdict under the folder's policy, the edit review's gate, the pause, and — when the plan says
 * ask — a person through the prompter or the review of held items, until the confirmation
 * timeout. Every decision is recorded in the audit log.
 */
export class LineDecider {
  private prompter: Prompter = modalPrompter;

  constructor(private readonly deps: DecisionDeps) {}

  /** Replaces the confirmation modal (VS Code refuses modals in its test mode); undefined restores it. */
  setPrompter(p: Prompter | undefined): void {
    this.prompter = p ?? modalPrompter;
  }

  /** Unreviewed risky edits a deploy command would act on (the edit review's gate). */
  private gateFor(engine: Engine, req: CheckRequest): GatePart | undefined {
    if (!engine.analyzer) return undefined;
    try {
      const parsed = engine.analyzer.parse(req.line, req.shell === 'pwsh' ? 'pwsh' : 'bash');
      const g = this.deps.review.gate(parsed.commands, req.cwd);
      if (!g.hold) return undefined;
      return { hold: true, summary: g.summary, ruleIds: [...new Set(g.reasons.flatMap((r) => r.ruleIds))], severity: highestSeverity(g.reasons) };
    } catch (e) {
      this.deps.logger.warn(`review gate failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  async decide(req: CheckRequest, ctx: DecideContext): Promise<GuardAnswer> {
    const t0 = Date.now();
    const folder = folderFor(req.cwd);
    const engine = await this.deps.engines.for(folder, req.cwd);
    const verdict = this.deps.engines.judge(engine, req, folder);
    const gate = verdict.decision === 'deny' ? undefined : this.gateFor(engine, req);
    const markers = [...DEFAULT_PRODUCTION_MARKERS, ...engine.policy.productionMarkers];
    const plan = planGuardDecision(verdict, { paused: this.deps.pause.isPaused(), gate, productionMarkers: markers });
    const base = {
      source: req.flags.agent ? ('agent' as const) : ('terminal' as const),
      ...(req.flags.agent ? { agent: req.flags.agent } : {}),
      shell: req.shell,
      pid: req.pid,
      cwd: req.cwd,
      line: req.line,
      verdict: verdict.decision,
      severity: plan.severity,
      ruleIds: plan.ruleIds,
    };
    if (plan.action !== 'ask') {
      this.deps.audit.record({ ...base, decision: plan.action, decidedBy: this.deps.pause.isPaused() ? 'paused' : 'rule', reason: plan.terminal || plan.headline, ms: Date.now() - t0 });
      return { verdict: plan.action, reason: plan.terminal };
    }

    const patterns = plan.allowAlways ? this.allowPatterns(engine, req, verdict) : undefined;
    ctx.hold(plan.terminal);
    const timeoutSeconds = Math.max(1, engine.policy.confirmTimeoutSeconds);
    const outcome = await this.ask(req, plan, verdict, patterns !== undefined, timeoutSeconds, ctx.signal);
    let reason: string;
    let allowed = outcome.answer !== 'deny';
    if (outcome.by === 'timeout') reason = `no answer within ${timeoutSeconds} s; not run`;
    else if (outcome.by === 'cancelled') reason = 'cancelled; not run';
    else if (outcome.answer === 'deny') reason = 'denied by you in the editor';
    else if (outcome.answer === 'always-allow') {
      const saved = patterns ? await this.alwaysAllow(patterns) : false;
      reason = saved ? 'allowed; this command is now always allowed (your user settings)' : 'allowed once (it could not be added to your settings)';
    } else reason = 'allowed once by you';
    if (outcome.by !== 'person') allowed = false;
    this.deps.audit.record({
      ...base,
      decision: allowed ? 'allow' : 'deny',
      decidedBy: outcome.by,
      reason: `${reason} — ${plan.headline}`,
      ...(outcome.answer === 'always-allow' && allowed ? { alwaysAllowed: true } : {}),
      ms: Date.now() - t0,
    });
    // a person's answer also goes to the repository's sign-off record (a timeout's does not)
    if (outcome.by === 'person') {
      const note = outcome.answer === 'always-allow' && allowed ? 'always allowed from now on' : undefined;
      this.deps.review.recordCommandDecision({ cwd: req.cwd, line: redact(req.line), ruleIds: plan.ruleIds, severity: plan.severity, decision: allowed ? 'run-once' : 'deny', agent: req.flags.agent !== undefined, ...(note ? { note } : {}) });
    }
    return { verdict: allowed ? 'allow' : 'deny', reason };
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
      source: { kind: 'agent', agent: req.agent },
      severity: summary.severity,
      headline,
      findings: summary.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        ...(f.path ? { location: f.line !== undefined ? `${f.path}:${f.line}` : f.path } : {}),
        ...(f.suggestion ? { suggestion: f.suggestion } : {}),
      })),
      allowAlways: false,
    };
    const timeoutSeconds = Math.max(1, engine.policy.confirmTimeoutSeconds);
    const outcome = await this.waitForPerson(request, { ruleIds, reasons: [headline] }, timeoutSeconds, ctx.signal);
    const allowed = outcome.by === 'person' && outcome.answer !== 'deny';
    const reason =
      outcome.by === 'timeout' ? `no answer within ${timeoutSeconds} s; not written` : outcome.by === 'cancelled' ? 'cancelled; not written' : allowed ? 'allowed once by you' : 'denied by you in the editor';
    this.deps.audit.record({
      kind: 'agent-edit',
      source: 'agent',
      agent: req.agent,
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

  /** Asks a person (the prompter, or the review of held items) until an answer, the timeout or the shell gives up. */
  private ask(req: CheckRequest, plan: GuardPlan, verdict: CommandVerdict, allowAlways: boolean, timeoutSeconds: number, signal: AbortSignal): Promise<Outcome> {
    const line = redact(req.line);
    const request: ConfirmRequest = {
      line,
      cwd: req.cwd,
      shell: req.shell,
      source: req.flags.agent ? { kind: 'agent', agent: req.flags.agent } : { kind: 'terminal' },
      severity: plan.severity,
      headline: plan.headline,
      findings: topFindings(verdict.findings).map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        ...(f.target ? { target: f.target } : {}),
        ...(f.suggestion ? { suggestion: f.suggestion } : {}),
      })),
      ...(verdict.decision !== 'confirm' && plan.headline ? { gate: plan.headline } : {}),
      allowAlways,
      ...(plan.typeToConfirm ? { typeToConfirm: plan.typeToConfirm } : {}),
    };
    return this.waitForPerson(request, { ruleIds: plan.ruleIds, reasons: [plan.headline] }, timeoutSeconds, signal);
  }

  /**
   * Shows the confirmation (and lists the action among the held items of the review) until a
   * person answers, the timeout passes or the asker gives up.
   */
  private waitForPerson(request: ConfirmRequest, why: { ruleIds: string[]; reasons: string[] }, timeoutSeconds: number, signal: AbortSignal): Promise<Outcome> {
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
      const timer = setTimeout(() => finish({ answer: 'deny', by: 'timeout' }), timeoutSeconds * 1000);
      if (signal.aborted) finish({ answer: 'deny', by: 'cancelled' });
      signal.addEventListener('abort', () => finish({ answer: 'deny', by: 'cancelled' }), { once: true });
      void held.decision.then((d) => finish({ answer: d === 'allow' ? 'run-once' : 'deny', by: signal.aborted ? 'cancelled' : 'person' }));
      this.prompter.confirm(request).then(
        (a) => finish({ answer: a, by: 'person' }),
        (e: unknown) => {
          this.deps.logger.error(`confirmation failed: ${e instanceof Error ? e.message : String(e)}`);
          finish({ answer: 'deny', by: 'person' });
        },
      );
    });
  }

  /**
   * The allow entries "Always Allow This Command" would add: each simple command a finding points
   * at, with its exact arguments. Undefined when that cannot be said exactly (dynamic words,
   * `*` that a pattern would read as a wildcard).
   */
  private allowPatterns(engine: Engine, req: CheckRequest, verdict: CommandVerdict): CommandPatternObject[] | undefined {
    if (!engine.analyzer) return undefined;
    const parsed = engine.analyzer.parse(req.line, req.shell === 'pwsh' ? 'pwsh' : 'bash');
    const hit = parsed.commands.filter((c) => verdict.findings.some((f) => f.span[0] < c.span[1] && c.span[0] < f.span[1]) && c.via.length === 0);
    if (hit.length === 0) return undefined;
    const where = folderFor(req.cwd)?.name ?? req.cwd;
    const out: CommandPatternObject[] = [];
    for (const c of hit) {
      if (!c.program || c.dynamicName || c.args.some((a) => a.dynamic || a.text.includes('*') || a.text.length === 0)) return undefined;
      out.push({
        command: c.program,
        ...(c.args.length ? { args: c.args.map((a) => a.text) } : {}),
        reason: `Always allowed from a Blast Radius confirmation on ${new Date().toISOString().slice(0, 10)} (in ${where})`,
      });
    }
    return out;
  }

  /** Adds allow entries to the user's settings — never to the workspace's. */
  private async alwaysAllow(patterns: CommandPatternObject[]): Promise<boolean> {
    try {
      const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      const cur = cfg.inspect<unknown[]>(SETTINGS.policyAllow)?.globalValue;
      await cfg.update(SETTINGS.policyAllow, [...(Array.isArray(cur) ? cur : []), ...patterns], vscode.ConfigurationTarget.Global);
      this.deps.policies.invalidate();
      return true;
    } catch (e) {
      this.deps.logger.error(`could not add the allow entry to your settings: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }
}
