/**
 * Writes our answer in each agent's dialect: the JSON on stdout, anything on stderr, the exit code.
 *
 * Principles (docs/hooks.md has the per-agent details and sources):
 * - Always print a JSON answer and exit 0: it is the channel every agent documents, and several
 *   agents read silence, or a non-zero exit other than 2, as "go ahead".
 * - `pass` (no objection) leaves the decision to the agent's own permission flow: we never turn
 *   the engine's "harmless" into an auto-approval. Only a person's approval in the editor
 *   becomes an explicit `allow`.
 * - Where an agent has no "ask" (Codex, Gemini CLI, Cursor's preToolUse), a confirmation
 *   becomes a refusal whose reason tells the model to have a person run or confirm it.
 * - When we cannot tell which agent is calling, we exit 2 with the reason on stderr: the
 *   blocking convention Claude Code, VS Code, Gemini CLI and Codex share.
 */
import type { AgentId, HookAnswer, HookOutput, RequestOrigin } from './types';

/** Whether the agent can ask the person itself for this event. */
export function canAsk(agent: AgentId, event?: string): boolean {
  switch (agent) {
    case 'claude-code':
    case 'vscode':
    case 'copilot-cli':
      return true;
    case 'cursor':
      return event !== 'preToolUse';
    case 'gemini':
    case 'codex':
      return false;
  }
}

const NO_ASK_SUFFIX =
  ' This needs a person\'s confirmation, and this agent cannot ask for one from a hook: stop, tell the user what you wanted to run and why, and let them run it themselves (or approve it in VS Code with Blast Radius running).';

function json(v: unknown): string {
  return `${JSON.stringify(v)}\n`;
}

function ok(stdout: unknown): HookOutput {
  return { stdout: json(stdout), stderr: '', exitCode: 0 };
}

/** Formats `answer` for the agent and event in `to`. */
export function formatDecision(to: Pick<RequestOrigin, 'agent'> & Partial<RequestOrigin>, answer: HookAnswer): HookOutput {
  const agent = to.agent;
  const event = to.event;
  let decision = answer.decision;
  let reason = answer.reason ?? '';
  if (decision === 'ask' && !canAsk(agent, event)) {
    decision = 'deny';
    reason = `${reason}${NO_ASK_SUFFIX}`;
  }
  switch (agent) {
    case 'claude-code':
    case 'vscode':
      return preToolUseOutput(event ?? 'PreToolUse', decision, reason);
    case 'codex':
      // Codex documents deny only; allow and ask would be rejected and the call run anyway.
      return decision === 'deny' ? preToolUseOutput(event ?? 'PreToolUse', 'deny', reason) : ok({});
    case 'copilot-cli': {
      if (decision === 'pass') return ok({});
      const out: Record<string, unknown> = { permissionDecision: decision, permissionDecisionReason: reason };
      if (to.snakeCase) {
        out['hookSpecificOutput'] = { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason };
      }
      return ok(out);
    }
    case 'cursor':
      return cursorOutput(event ?? 'beforeShellExecution', decision, reason);
    case 'gemini':
      if (decision === 'deny') return ok({ decision: 'deny', reason });
      if (decision === 'allow') return ok({ decision: 'allow', reason });
      return ok({});
  }
}

function preToolUseOutput(event: string, decision: 'pass' | 'allow' | 'ask' | 'deny', reason: string): HookOutput {
  // "continue": true is the documented common output that changes nothing.
  if (decision === 'pass') return ok({ continue: true });
  return ok({ hookSpecificOutput: { hookEventName: event, permissionDecision: decision, permissionDecisionReason: reason } });
}

function cursorOutput(event: string, decision: 'pass' | 'allow' | 'ask' | 'deny', reason: string): HookOutput {
  const decides = event === 'beforeShellExecution' || event === 'beforeMCPExecution' || event === 'beforeReadFile' || event === 'preToolUse';
  if (!decides) return ok({});
  if (decision === 'pass' || decision === 'allow') return ok({ permission: 'allow' });
  return ok({
    permission: decision,
    user_message: reason,
    agent_message: reason,
  });
}

/**
 * The answer when the input could not be read at all. With a known agent it is that agent's
 * "ask" (or refusal where it cannot ask); with an unknown one, exit 2 with the reason on stderr.
 */
export function formatUnreadable(agent: AgentId | undefined, event: string | undefined, detail: string): HookOutput {
  const reason = `Blast Radius could not read the hook input (${detail}), so it cannot tell whether this tool call is safe. Ask the user to confirm it, or check the hook configuration with \`blast-radius init --dry-run\`.`;
  if (agent === undefined) return { stdout: '', stderr: `${reason}\n`, exitCode: 2 };
  const to: Pick<RequestOrigin, 'agent'> & Partial<RequestOrigin> = { agent };
  if (event !== undefined) to.event = event;
  return formatDecision(to, { decision: 'ask', reason });
}
