/**
 * The folder each command of a line runs in: `cd /srv && rm -rf data` deletes /srv/data, and
 * `(cd build && rm -rf *)` empties the build folder. A `cd` (or `pushd`) to a folder the line
 * names moves the commands after it, at the same or a deeper level of the line; a `cd` in a
 * pipeline, to a folder known only at run time, or back (`cd -`, `popd`) leaves them where the
 * line started.
 */
import type { Nesting, SimpleCommand } from '../shell/model';
import { pathTarget } from './paths';
import type { CommandContext, RuleContext } from './rule';

export class WorkingDirectories {
  private cwd: string | undefined;
  private scope: readonly Nesting[] = [];
  private viaDepth = 0;

  constructor(private readonly base: CommandContext) {
    this.cwd = base.cwd;
  }

  /** The context a command runs in. */
  contextFor(cmd: SimpleCommand): CommandContext {
    if (this.cwd === this.base.cwd) return this.base;
    if (!this.inScope(cmd)) {
      this.cwd = this.base.cwd;
      return this.base;
    }
    return { ...this.base, cwd: this.cwd };
  }

  private inScope(cmd: SimpleCommand): boolean {
    if (cmd.via.length < this.viaDepth) return false;
    if (cmd.nesting.length < this.scope.length) return false;
    return this.scope.every((n, i) => cmd.nesting[i] === n);
  }

  /** Takes note of a `cd` once it has been judged. */
  after(cmd: SimpleCommand, rc: RuleContext): void {
    if (cmd.program === 'popd' || (cmd.program === 'cd' && cmd.args[0]?.text === '-')) {
      this.cwd = this.base.cwd;
      return;
    }
    if ((cmd.program !== 'cd' && cmd.program !== 'pushd') || cmd.pipeline || cmd.remote || rc.line.shell === 'pwsh') return;
    const args = cmd.args.filter((a) => !/^-[LPe@]+$/.test(a.text));
    const home = rc.context.home ?? rc.env('HOME');
    let next: string | undefined;
    if (args.length === 0) next = home;
    else {
      const t = pathTarget(args[0]!, rc);
      next = t.resolved;
    }
    if (next === undefined) return;
    this.cwd = next;
    this.scope = cmd.nesting;
    this.viaDepth = cmd.via.length;
  }
}
