import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type CommandAnalyzer, createCommandAnalyzer } from '../../core/command/analyze';
import { DEFAULT_PRODUCTION_MARKERS } from '../../core/command/context';
import type { CommandContext, CommandVerdict } from '../../core/command/rule';
import type { ConfirmAnswer, ConfirmRequest } from '../../core/guard/confirm';
import { type GatePart, type GuardPlan, planGuardDecision, topFindings } from '../../core/guard/decide';
import { discoveryDir, removeDiscovery, writeDiscovery } from '../../core/guard/discovery';
import { type OfflineBehavior, guardEnvironment, removeServerFile, serverFilePath, writeServerFile } from '../../core/guard/env';
import { type CheckRequest, type EditRequest, type HelloRequest, parseEditSummary } from '../../core/guard/protocol';
import { type DecideContext, type GuardAnswer, type GuardServer, startGuardServer } from '../../core/guard/server';
import { commandContext } from '../../core/hooks/commandEngine';
import type { Logger } from '../../core/logger';
import type { CommandPatternObject } from '../../core/policy/schema';
import { DEFAULT_POLICY, type ResolvedPolicy } from '../../core/policy/types';
import { redact } from '../../core/redact';
import { type Severity, highestSeverity, severityRank } from '../../core/severity';
import { type GuardAudit, type GuardAuditEntry } from '../audit';
import { SETTINGS, SETTINGS_SECTION } from '../ids';
import { type Prompter, modalPrompter } from '../prompter';
import type { ReviewApi } from '../review/index';
import type { StatusBar } from '../statusBar';
import { resolveFolderPolicy } from './policy';

/** Longest time the server lets a decision take (the policy's timeout is at most a day). */
const SERVER_DEADLINE_MS = 86_400_000 + 60_000;
/** A terminal that has not said hello this long after it opened is shown as unguarded. */
const HELLO_GRACE_MS = 8000;
/** Context key: the guard is paused (shows "Resume Guard" in the palette). */
export const PAUSED_CONTEXT = 'blastRadius.guardPaused';

interface Engine {
  analyzer: CommandAnalyzer | undefined;
  policy: ResolvedPolicy;
  error?: string;
}

interface Outcome {
  answer: ConfirmAnswer;
  by: 'person' | 'timeout' | 'cancelled';
}

type TerminalState = 'guarded' | 'unguarded' | 'unknown';

export interface GuardDeps {
  logger: Logger;
  statusBar: StatusBar;
  audit: GuardAudit;
  review?: ReviewApi;
}

/**
 * Owns the terminal guard in the editor: the guard server, the environment that puts the shell
 * guards into integrated terminals, the decision for each line (engine verdict, policy, review
 * gate, a person through the prompter, the confirmation timeout), the audit records, the guard's
 * part of the status bar, and the observation of terminals the guard is not in.
 */
export class TerminalGuard implements vscode.Disposable {
  private prompter: Prompter = modalPrompter;
  private server: GuardServer | undefined;
  readonly ready: Promise<void>;
  private pausedUntil: number | undefined;
  private pauseTimer: ReturnType<typeof setTimeout> | undefined;
  /** Shells that said hello: pid → shell. */
  private readonly guardedPids = new Map<number, string>();
  private readonly terminals = new Map<vscode.Terminal, TerminalState>();
  private readonly engines = new Map<string, Promise<Engine>>();
  private readonly discovered = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly runDir = discoveryDir();
  /** This window's server file (terminals that outlive the extension host reconnect through it). */
  private readonly serverFile: string | undefined;
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: GuardDeps,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
        this.engines.clear();
        if (this.server) this.applyEnvironment();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.engines.clear();
        this.writeDiscovery();
      }),
      vscode.window.onDidOpenTerminal((t) => this.watchTerminal(t)),
      vscode.window.onDidCloseTerminal((t) => {
        this.terminals.delete(t);
        this.refreshStatus();
      }),
      vscode.window.onDidChangeActiveTerminal(() => this.refreshStatus()),
      vscode.window.onDidStartTerminalShellExecution((e) => void this.observe(e)),
    );
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${this.policyFileName() || '.blast-radius.json'}`);
    const invalidate = (): void => this.engines.clear();
    this.disposables.push(watcher, watcher.onDidChange(invalidate), watcher.onDidCreate(invalidate), watcher.onDidDelete(invalidate));
    for (const t of vscode.window.terminals) this.watchTerminal(t);
    const identity = vscode.workspace.workspaceFile?.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    this.serverFile = identity ? serverFilePath(this.runDir, identity) : undefined;
    this.ready = this.start();
  }

  // ------------------------------------------------------------------------------------------
  // Lifecycle

  private async start(): Promise<void> {
    try {
      fs.mkdirSync(this.runDir, { recursive: true, mode: 0o700 });
      if (process.platform !== 'win32') fs.chmodSync(this.runDir, 0o700);
      this.pruneRunDir();
      this.server = await startGuardServer({
        decide: (req, ctx) => this.decide(req, ctx),
        decideEdit: (req, ctx) => this.decideEdit(req, ctx),
        onHello: (h) => this.onHello(h),
        logger: this.deps.logger,
        decideTimeoutMs: SERVER_DEADLINE_MS,
        serverVersion: String(this.context.extension.packageJSON.version ?? 'dev'),
      });
      if (this.disposed) {
        await this.server.close();
        return;
      }
      if (this.serverFile) writeServerFile(this.serverFile, this.server.port, this.server.token);
      this.applyEnvironment();
      this.writeDiscovery();
      this.refreshStatus();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.deps.logger.error(`terminal guard could not start: ${message}`);
      this.deps.statusBar.update({ guard: 'error', detail: `The terminal guard could not start: ${message}` });
      throw e;
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    for (const d of this.disposables) d.dispose();
    for (const ws of this.discovered) {
      try {
        removeDiscovery(ws);
      } catch {
        // best effort on the way out
      }
    }
    if (this.server && this.serverFile) removeServerFile(this.serverFile, this.server.port, this.server.token);
    void this.server?.close();
  }

  /** Bash leaves a small file per shell in the run folder; remove those of shells that are gone. */
  private pruneRunDir(): void {
    for (const f of fs.readdirSync(this.runDir)) {
      const m = /^bash-(\d+)\.line$/.exec(f);
      if (!m) continue;
      try {
        process.kill(Number(m[1]), 0);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ESRCH') fs.rmSync(path.join(this.runDir, f), { force: true });
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Environment of integrated terminals

  private policyFileName(): string {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>(SETTINGS.policyFile, '.blast-radius.json');
  }

  /** Offline behaviour: a workspace may only choose the stricter `refuse-destructive`. */
  private offlineBehavior(): OfflineBehavior {
    const i = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<string>(SETTINGS.guardOfflineBehavior);
    if (i?.workspaceValue === 'refuse-destructive' || i?.workspaceFolderValue === 'refuse-destructive') return 'refuse-destructive';
    return i?.globalValue === 'allow' ? 'allow' : 'refuse-destructive';
  }

  /** How long the user lets a held line wait (a workspace can only shorten it). */
  private confirmTimeoutSeconds(): number {
    const v = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<number>(SETTINGS.confirmTimeoutSeconds)?.globalValue;
    return typeof v === 'number' && v > 0 ? v : DEFAULT_POLICY.confirmTimeoutSeconds;
  }

  private applyEnvironment(): void {
    const server = this.server;
    if (!server) return;
    const coll = this.context.environmentVariableCollection;
    coll.persistent = true;
    coll.description = new vscode.MarkdownString(
      'Blast Radius checks each command line before it runs (terminal guard), and holds dangerous ones until you confirm them.',
    );
    const mutations = guardEnvironment({
      port: server.port,
      token: server.token,
      mediaDir: path.join(this.context.extensionPath, 'media', 'guard'),
      runDir: this.runDir,
      offline: this.offlineBehavior(),
      waitSeconds: this.confirmTimeoutSeconds() + 30,
      processEnv: process.env,
      platform: process.platform,
      ...(this.serverFile ? { serverFile: this.serverFile } : {}),
    });
    const wanted = new Set(mutations.map((m) => m.name));
    coll.forEach((name) => {
      if (!wanted.has(name)) coll.delete(name);
    });
    for (const m of mutations) {
      const cur = coll.get(m.name);
      const type =
        m.op === 'replace'
          ? vscode.EnvironmentVariableMutatorType.Replace
          : m.op === 'prepend'
            ? vscode.EnvironmentVariableMutatorType.Prepend
            : vscode.EnvironmentVariableMutatorType.Append;
      if (cur && cur.type === type && cur.value === m.value) continue;
      if (m.op === 'replace') coll.replace(m.name, m.value);
      else if (m.op === 'prepend') coll.prepend(m.name, m.value);
      else coll.append(m.name, m.value);
    }
  }

  /** Lets agent hooks that do not run in a guarded terminal find this editor (src/core/guard/discovery.ts). */
  private writeDiscovery(): void {
    const server = this.server;
    if (!server) return;
    const now = new Set((vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath));
    for (const ws of this.discovered) {
      if (now.has(ws)) continue;
      removeDiscovery(ws);
      this.discovered.delete(ws);
    }
    for (const ws of now) {
      try {
        writeDiscovery({ workspace: ws, host: server.host, port: server.port, token: server.token, pid: process.pid });
        this.discovered.add(ws);
      } catch (e) {
        this.deps.logger.warn(`agent hooks cannot find this editor for ${ws}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Deciding

  private folderFor(cwd: string): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(cwd)) ?? vscode.workspace.workspaceFolders?.[0];
  }

  private engineFor(folder: vscode.WorkspaceFolder | undefined): Promise<Engine> {
    const key = folder?.uri.toString() ?? '';
    let p = this.engines.get(key);
    if (!p) {
      p = (async (): Promise<Engine> => {
        const { policy, problems } = await resolveFolderPolicy(folder);
        for (const pr of problems.slice(0, 5)) this.deps.logger.warn(`policy: ${pr.path ? `${pr.path}: ` : ''}${pr.message}`);
        try {
          const analyzer = await createCommandAnalyzer({ policy, logger: this.deps.logger, wasmDir: path.join(this.context.extensionPath, 'dist', 'wasm') });
          return { analyzer, policy };
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          this.deps.logger.error(`the command engine could not start: ${error}`);
          this.engines.delete(key); // try again next time
          return { analyzer: undefined, policy, error };
        }
      })();
      this.engines.set(key, p);
    }
    return p;
  }

  private contextFor(shell: string, cwd: string, folder: vscode.WorkspaceFolder | undefined): CommandContext {
    const kind = shell === 'zsh' || shell === 'fish' || shell === 'pwsh' ? shell : 'bash';
    return commandContext(cwd, folder?.uri.fsPath ?? cwd, kind);
  }

  private judge(engine: Engine, req: { line: string; shell: string; cwd: string; truncated?: boolean }, folder: vscode.WorkspaceFolder | undefined): CommandVerdict {
    const whole: [number, number] = [0, req.line.length];
    if (req.truncated) {
      return {
        decision: 'confirm',
        severity: 'high',
        findings: [{ ruleId: 'guard.line-too-long', severity: 'high', message: 'The line is longer than the guard reads, so it cannot be judged', span: whole }],
      };
    }
    if (!engine.analyzer) {
      return {
        decision: 'confirm',
        severity: 'high',
        findings: [{ ruleId: 'guard.engine-unavailable', severity: 'high', message: 'The command engine could not start, so this line cannot be judged (see Blast Radius: Show Log)', span: whole }],
      };
    }
    return engine.analyzer.analyze(req.line, this.contextFor(req.shell, req.cwd, folder));
  }

  /** Unreviewed risky edits a deploy command would act on (the edit review's gate). */
  private gateFor(engine: Engine, req: CheckRequest): GatePart | undefined {
    const review = this.deps.review;
    if (!review || !engine.analyzer) return undefined;
    try {
      const parsed = engine.analyzer.parse(req.line, req.shell === 'pwsh' ? 'pwsh' : 'bash');
      const g = review.gate(parsed.commands, req.cwd);
      if (!g.hold) return undefined;
      return { hold: true, summary: g.summary, ruleIds: [...new Set(g.reasons.flatMap((r) => r.ruleIds))], severity: highestSeverity(g.reasons) };
    } catch (e) {
      this.deps.logger.warn(`review gate failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private async decide(req: CheckRequest, ctx: DecideContext): Promise<GuardAnswer> {
    if (req.flags.tampered) return this.tampered(req);
    const t0 = Date.now();
    const folder = this.folderFor(req.cwd);
    const engine = await this.engineFor(folder);
    const verdict = this.judge(engine, req, folder);
    const gate = verdict.decision === 'deny' ? undefined : this.gateFor(engine, req);
    const markers = [...DEFAULT_PRODUCTION_MARKERS, ...engine.policy.productionMarkers];
    const plan = planGuardDecision(verdict, { paused: this.isPaused(), gate, productionMarkers: markers });
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
      this.record({ ...base, decision: plan.action, decidedBy: this.isPaused() ? 'paused' : 'rule', reason: plan.terminal || plan.headline, ms: Date.now() - t0 });
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
    this.record({
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
      this.deps.review?.recordCommandDecision({ cwd: req.cwd, line: redact(req.line), ruleIds: plan.ruleIds, severity: plan.severity, decision: allowed ? 'run-once' : 'deny', agent: req.flags.agent !== undefined, ...(note ? { note } : {}) });
    }
    return { verdict: allowed ? 'allow' : 'deny', reason };
  }

  /**
   * A shell found its guard tampered with (its hooks, functions or builtins changed): it has put
   * itself back and refuses this line itself; the editor records it and says so.
   */
  private tampered(req: CheckRequest): GuardAnswer {
    const what = (req.flags.tampered ?? '').split('.').join(', ');
    const reason = `guard tampered (${what}); the shell refused this line and put its guard back`;
    this.record({
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
      .then((choice) => (choice === 'Show Audit Log' ? vscode.commands.executeCommand('blastRadius.showAuditLog') : undefined));
    return { verdict: 'deny', reason };
  }

  /**
   * An agent's file change its hook wants confirmed (the hook judged it with the edit engine):
   * the person answers in the same modal as for commands. Not asking anyone (paused, a summary
   * that cannot be read) is a DENY without a hold, which the hook answers with its policy.
   */
  private async decideEdit(req: EditRequest, ctx: DecideContext): Promise<GuardAnswer> {
    const t0 = Date.now();
    const summary = req.truncated ? undefined : parseEditSummary(req.summary);
    if (!summary) return { verdict: 'deny', reason: 'the description of the change could not be read' };
    if (this.isPaused()) return { verdict: 'deny', reason: 'the guard is paused; the agent asks instead' };
    const engine = await this.engineFor(this.folderFor(req.cwd));
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
    this.record({
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
    const held = this.deps.review?.held.hold({ line: request.line, cwd: request.cwd, severity: request.severity, ruleIds: why.ruleIds, reasons: why.reasons, signal });
    return new Promise<Outcome>((resolve) => {
      let done = false;
      const finish = (o: Outcome): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        held?.settle(o.answer === 'deny' || o.by !== 'person' ? 'deny' : 'allow');
        resolve(o);
      };
      const timer = setTimeout(() => finish({ answer: 'deny', by: 'timeout' }), timeoutSeconds * 1000);
      if (signal.aborted) finish({ answer: 'deny', by: 'cancelled' });
      signal.addEventListener('abort', () => finish({ answer: 'deny', by: 'cancelled' }), { once: true });
      void held?.decision.then((d) => finish({ answer: d === 'allow' ? 'run-once' : 'deny', by: signal.aborted ? 'cancelled' : 'person' }));
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
    const where = this.folderFor(req.cwd)?.name ?? req.cwd;
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
      this.engines.clear();
      return true;
    } catch (e) {
      this.deps.logger.error(`could not add the allow entry to your settings: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  private record(entry: Omit<GuardAuditEntry, 'time' | 'kind'> & { kind?: GuardAuditEntry['kind'] }): void {
    const e = this.deps.audit.record(entry);
    const level = e.decision === 'deny' || severityRank(e.severity) >= severityRank('high') ? 'info' : 'debug';
    this.deps.logger[level](`guard: ${e.decision} (${e.decidedBy}) ${e.line}${e.ruleIds.length ? ` [${e.ruleIds.join(', ')}]` : ''}`);
  }

  // ------------------------------------------------------------------------------------------
  // Pause

  isPaused(): boolean {
    return this.pausedUntil !== undefined && Date.now() < this.pausedUntil;
  }

  /** Pauses checking for `minutes`, or until resumed. A person's choice (the command asks). */
  pause(minutes: number | undefined): void {
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
    this.pausedUntil = minutes === undefined ? Number.POSITIVE_INFINITY : Date.now() + minutes * 60_000;
    if (minutes !== undefined) this.pauseTimer = setTimeout(() => this.resume(), minutes * 60_000);
    this.deps.logger.info(`terminal guard paused ${minutes === undefined ? 'until resumed' : `for ${minutes} min`}`);
    void vscode.commands.executeCommand('setContext', PAUSED_CONTEXT, true);
    this.refreshStatus();
  }

  resume(): void {
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
    this.pausedUntil = undefined;
    this.deps.logger.info('terminal guard resumed');
    void vscode.commands.executeCommand('setContext', PAUSED_CONTEXT, false);
    this.refreshStatus();
  }

  // ------------------------------------------------------------------------------------------
  // Terminals: which are guarded, status, observation of the others

  private onHello(h: HelloRequest): void {
    this.guardedPids.set(h.pid, h.shell);
    for (const t of this.terminals.keys()) void this.checkTerminal(t);
  }

  private watchTerminal(t: vscode.Terminal): void {
    this.terminals.set(t, 'unknown');
    void this.checkTerminal(t);
    setTimeout(() => void this.checkTerminal(t, true), HELLO_GRACE_MS);
  }

  private async checkTerminal(t: vscode.Terminal, graceOver = false): Promise<void> {
    if (!this.terminals.has(t)) return;
    const pid = await t.processId;
    const before = this.terminals.get(t);
    if (pid !== undefined && this.guardedPids.has(pid)) this.terminals.set(t, 'guarded');
    // Only an interactive shell (VS Code's shell integration runs in it) should have said hello;
    // task terminals and extension pseudoterminals never do.
    else if (graceOver && before === 'unknown' && t.shellIntegration) this.terminals.set(t, 'unguarded');
    if (this.terminals.get(t) !== before) this.refreshStatus();
  }

  /** Is this terminal's shell guarded (it said hello)? */
  async isGuarded(t: vscode.Terminal): Promise<boolean> {
    const pid = await t.processId;
    return pid !== undefined && this.guardedPids.has(pid);
  }

  private refreshStatus(): void {
    if (!this.server) return;
    if (this.isPaused()) {
      this.deps.statusBar.update({
        guard: 'paused',
        pausedUntil: Number.isFinite(this.pausedUntil) ? this.pausedUntil : undefined,
        detail: 'Terminal commands run without being checked. "Blast Radius: Resume Guard" checks them again.',
      });
      return;
    }
    const active = vscode.window.activeTerminal;
    if (active && this.terminals.get(active) === 'unguarded') {
      this.deps.statusBar.update({
        guard: 'unguarded',
        pausedUntil: undefined,
        detail: `Terminal "${active.name}" is not guarded (its shell did not load the guard); commands there are only recorded. A new terminal is guarded.`,
      });
      return;
    }
    this.deps.statusBar.update({ guard: 'on', pausedUntil: undefined, detail: undefined });
  }

  /**
   * The observation fallback: a terminal without the guard (an unsupported shell, a shell that
   * did not load it) still reports the commands it runs through VS Code's shell integration.
   * They are judged after the fact, recorded, and risky ones are flagged.
   */
  private async observe(e: vscode.TerminalShellExecutionStartEvent): Promise<void> {
    try {
      const pid = await e.terminal.processId;
      if (pid !== undefined && this.guardedPids.has(pid)) return;
      const line = e.execution.commandLine.value.trim();
      if (!line) return;
      this.terminals.set(e.terminal, 'unguarded');
      this.refreshStatus();
      const cwd = e.execution.cwd?.fsPath ?? e.shellIntegration.cwd?.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
      const folder = this.folderFor(cwd);
      const engine = await this.engineFor(folder);
      const shell = /zsh/.test(e.terminal.name) ? 'zsh' : /fish/.test(e.terminal.name) ? 'fish' : /pwsh|powershell/i.test(e.terminal.name) ? 'pwsh' : 'bash';
      const verdict = this.judge(engine, { line, shell, cwd }, folder);
      const top = topFindings(verdict.findings)[0];
      const severity: Severity = highestSeverity(verdict.findings);
      this.record({
        source: 'observed',
        shell,
        ...(pid !== undefined ? { pid } : {}),
        cwd,
        line,
        decision: 'ran',
        decidedBy: 'unguarded',
        verdict: verdict.decision,
        severity,
        ruleIds: [...new Set(verdict.findings.map((f) => f.ruleId))],
        reason: top ? `${top.message} (${top.ruleId}, ${top.severity})` : 'ran in a terminal without the guard',
      });
      if (verdict.decision !== 'allow' && top) {
        const shown = redact(line).slice(0, 80);
        const choice = await vscode.window.showWarningMessage(
          `Blast Radius: an unguarded terminal ran "${shown}" — ${top.message} (${top.severity}). Open a new terminal to have commands checked before they run.`,
          'Show Audit Log',
        );
        if (choice === 'Show Audit Log') await vscode.commands.executeCommand('blastRadius.showAuditLog');
      }
    } catch (err) {
      this.deps.logger.warn(`could not record a command from an unguarded terminal: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  // ------------------------------------------------------------------------------------------
  // For tests

  setPrompter(p: Prompter | undefined): void {
    this.prompter = p ?? modalPrompter;
  }

  port(): number | undefined {
    return this.server?.port;
  }
}
