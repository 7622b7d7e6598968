/**
 * A command's neighbours in its line: what feeds it through a pipe, and the wrapper that ran it.
 *
 * - `pipeSource` / `pipeSources`: the commands that feed this one, stage by stage, at the same
 *   wrapper depth (`curl … | sh` → curl).
 * - `upstream`: every earlier stage of the pipeline this command (or, for an unwrapped command
 *   such as the `bash` of `… | sudo bash`, its wrapper) stands in, nearest first.
 * - `wrapperOf`: the command of the line that ran this one (`sudo` for the `rm` of `sudo rm`).
 */
import type { ParsedLine, SimpleCommand } from '../shell/model';

/**
 * The command that feeds this one through a pipe (`curl … | sh` → the curl command), or
 * undefined when it is not fed by a pipe.
 */
export function pipeSource(line: ParsedLine, cmd: SimpleCommand): SimpleCommand | undefined {
  const p = cmd.pipeline;
  if (!p || p.index === 0) return undefined;
  for (let i = cmd.index - 1; i >= 0; i--) {
    const c = line.commands[i]!;
    if (c.pipeline && c.pipeline.id === p.id && c.pipeline.index === p.index - 1 && c.via.length === cmd.via.length) return c;
  }
  return undefined;
}

/** All the commands upstream of this one in its pipeline, nearest first. */
export function pipeSources(line: ParsedLine, cmd: SimpleCommand): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let c: SimpleCommand | undefined = cmd;
  while ((c = c && pipeSource(line, c))) out.push(c);
  return out;
}

/** Commands before `cmd` in its pipeline, nearest first (looking through wrappers like `sudo`). */
export function upstream(line: ParsedLine, cmd: SimpleCommand): SimpleCommand[] {
  const self = cmd.pipeline ? cmd : wrapperOf(line, cmd);
  const p = self?.pipeline;
  if (!p || p.index === 0) return [];
  const out: SimpleCommand[] = [];
  for (const c of line.commands) if (c.pipeline?.id === p.id && c.pipeline.index < p.index && c.via.length <= self!.via.length) out.push(c);
  return out.sort((a, b) => b.pipeline!.index - a.pipeline!.index);
}

/**
 * The wrapper command that ran this one (`sudo` for the `rm` of `sudo rm -rf /`), `depth` steps
 * out (1 = the nearest wrapper). A wrapper comes before the commands it runs in the line: the
 * nearest earlier command at the span its `via` entry records, with that program (or one wrapper
 * level less deep), else one with that program starting there. Undefined for commands written
 * directly or wrappers that are not commands of the line.
 */
export function wrapperOf(line: ParsedLine, cmd: SimpleCommand, depth = 1): SimpleCommand | undefined {
  const v = cmd.via[cmd.via.length - depth];
  if (!v) return undefined;
  let startsThere: SimpleCommand | undefined;
  for (let i = Math.min(cmd.index, line.commands.length) - 1; i >= 0; i--) {
    const c = line.commands[i]!;
    if (c.span[0] !== v.span[0]) continue;
    if (c.span[1] === v.span[1] && (c.program === v.program || c.via.length === cmd.via.length - depth)) return c;
    if (c.program === v.program) startsThere ??= c;
  }
  return startsThere;
}
