import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoveryDir, removeDiscovery, writeDiscovery } from '../../core/guard/discovery';
import { type OfflineBehavior, guardEnvironment, removeServerFile, serverFilePath, writeServerFile } from '../../core/guard/env';
import { type DecideContext, type GuardAnswer, type GuardServer, startGuardServer } from '../../core/guard/server';
import type { CheckRequest, EditRequest } from '../../core/guard/protocol';
import { SHELL_LINE_FILE_RE } from '../../core/guard/runtimeDir';
import type { Logger } from '../../core/logger';
import { DEFAULT_POLICY } from '../../core/policy/types';
import { CONTEXT_KEYS, SETTINGS, SETTINGS_SECTION } from '../ids';
import type { StatusBar } from '../statusBar';
import type { TerminalObserver } from './terminals';

/**
 * The terminal guard's lifetime in the editor: the guard server, the environment that puts the
 * shell guards into integrated terminals, the discovery files agent hooks find the editor by,
 * the pause, and the guard's part of the status bar. What the server is asked is answered by
 * the per-line decision (decision.ts); which terminals are guarded is terminals.ts's business.
 */

/** Longest time the server lets a decision take (the policy's timeout is at most a day). */
const SERVER_DEADLINE_MS = 86_400_000 + 60_000;

/** A pause of the guard, which a person starts from the editor (the Pause Guard command). */
export class GuardPause implements vscode.Disposable {
  private until: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the guard was paused or resumed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly logger: Logger) {}

  isPaused(): boolean {
    return this.until !== undefined && Date.now() < this.until;
  }

  /** When the pause ends (ms since the epoch); undefined until resumed by hand, or when not paused. */
  get endsAt(): number | undefined {
    return this.until !== undefined && Number.isFinite(this.until) ? this.until : undefined;
  }

  /** Pauses checking for `minutes`, or until resumed. A person's choice (the command asks). */
  pause(minutes: number | undefined): void {
    this.clearTimer();
    this.until = minutes === undefined ? Number.POSITIVE_INFINITY : Date.now() + minutes * 60_000;
    if (minutes !== undefined) this.timer = setTimeout(() => this.resume(), minutes * 60_000);
    this.logger.info(`terminal guard paused ${minutes === undefined ? 'until resumed' : `for ${minutes} min`}`);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.guardPaused, true);
    this.changed.fire();
  }

  resume(): void {
    this.clearTimer();
    this.until = undefined;
    this.logger.info('terminal guard resumed');
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.guardPaused, false);
    this.changed.fire();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.clearTimer();
    this.changed.dispose();
  }
}

/** What answers the server's questions. */
export interface GuardAnswers {
  decide(req: CheckRequest, ctx: DecideContext): Promise<GuardAnswer>;
  decideEdit(req: EditRequest, ctx: DecideContext): Promise<GuardAnswer>;
}

export interface LifetimeDeps {
  logger: Logger;
  statusBar: StatusBar;
  pause: GuardPause;
  terminals: TerminalObserver;
  answers: GuardAnswers;
}

/** Starts the guard server and keeps the terminals' environment, the discovery files and the status in step with it. */
export class GuardLifetime implements vscode.Disposable {
  /** Resolves once the server listens and terminals get the guard; rejects (after saying so) when it cannot start. */
  readonly ready: Promise<void>;
  private server: GuardServer | undefined;
  private readonly discovered = new Set<string>();
  private readonly disposables: vscode.Disposable[];
  private readonly runDir = discoveryDir();
  /** This window's server file (terminals that outlive the extension host reconnect through it). */
  private readonly serverFile: string | undefined;
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: LifetimeDeps,
  ) {
    this.disposables = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS_SECTION) && this.server) this.applyEnvironment();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.writeDiscovery()),
      deps.pause.onDidChange(() => this.refreshStatus()),
      deps.terminals.onDidChange(() => this.refreshStatus()),
    ];
    const identity = vscode.workspace.workspaceFile?.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    this.serverFile = identity ? serverFilePath(this.runDir, identity) : undefined;
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    try {
      fs.mkdirSync(this.runDir, { recursive: true, mode: 0o700 });
      if (process.platform !== 'win32') fs.chmodSync(this.runDir, 0o700);
      this.pruneRunDir();
      const { answers, terminals } = this.deps;
      this.server = await startGuardServer({
        decide: (req, ctx) => answers.decide(req, ctx),
        decideEdit: (req, ctx) => answers.decideEdit(req, ctx),
        onHello: (h) => terminals.onHello(h),
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
      const m = SHELL_LINE_FILE_RE.exec(f);
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
  // Status bar

  /** The guard's part of the status bar: paused, the active terminal not guarded, or on. */
  private refreshStatus(): void {
    if (!this.server) return;
    const { pause, statusBar, terminals } = this.deps;
    if (pause.isPaused()) {
      statusBar.update({
        guard: 'paused',
        pausedUntil: pause.endsAt,
        detail: 'Terminal commands run without being checked. "Blast Radius: Resume Guard" checks them again.',
      });
      return;
    }
    const active = terminals.activeUnguarded();
    if (active) {
      statusBar.update({
        guard: 'unguarded',
        pausedUntil: undefined,
        detail: `Terminal "${active.name}" is not guarded (its shell did not load the guard); commands there are only recorded. A new terminal is guarded.`,
      });
      return;
    }
    statusBar.update({ guard: 'on', pausedUntil: undefined, detail: undefined });
  }
}
