/**
 * Infrastructure as code: commands that destroy or replace real infrastructure, or that apply
 * changes nobody reviewed (Terraform/OpenTofu, Terragrunt, Pulumi, AWS CDK, CDKTF, Serverless).
 *
 * A production-looking target makes the finding critical: the Terraform workspace
 * (TF_WORKSPACE or the caller's), `-chdir=envs/prod`, `-var-file=prod.tfvars`, the working
 * folder, a Pulumi stack or CDK stack name, a Serverless stage. Otherwise destroy is high: the
 * workspace is unknown, and it is still real infrastructure.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import { assessTargets, isProd } from '../context';
import { hasFlag, positionals, type Rule, type RuleContext, type CommandRuleFinding, type RulePack } from '../rule';
import { asTool, RUNNER_PROGRAMS } from '../runners';
import { optionValues, spanTo, splitSubcommand, withArgs } from '../words';

const TF_PROGRAMS = ['terraform', 'tofu', 'terragrunt'];

/** Terraform flags are single-dash long options; both `-x` and `--x` are accepted. */
function tfFlag(cmd: SimpleCommand, name: string): Word | undefined {
  return cmd.args.find((a) => a.text === `-${name}` || a.text === `--${name}` || a.text.startsWith(`-${name}=`) || a.text.startsWith(`--${name}=`));
}

function tfValues(cmd: SimpleCommand, name: string): string[] {
  return optionValues(cmd, `-${name}`, `--${name}`).map((w) => w.text);
}

interface TfCommand {
  /** The Terraform command (`destroy`, `apply`, `state`, …) and its word. */
  name: string;
  word: Word;
  /** Its own arguments. */
  rest: SimpleCommand;
  /** Terragrunt run-all / run --all: every module below the folder. */
  all: boolean;
}

/** The Terraform command a terraform/tofu/terragrunt line runs. */
function tfCommand(cmd: SimpleCommand): TfCommand | undefined {
  const s = splitSubcommand(cmd, 1);
  const w = s.wordsAt[0];
  if (!w) return undefined;
  if (cmd.program !== 'terragrunt') return { name: w.text, word: w, rest: s.rest, all: false };
  if (w.text === 'run-all' || w.text === 'run') {
    const inner = splitSubcommand(s.rest, 1, ['--working-dir', '--terragrunt-working-dir', '--config', '--terragrunt-config']);
    const iw = inner.wordsAt[0];
    if (!iw) return undefined;
    return { name: iw.text, word: iw, rest: inner.rest, all: w.text === 'run-all' || hasFlag(s.rest, '--all') || cmd.args.some((a) => a.text === '--all') };
  }
  if (w.text === 'destroy-all' || w.text === 'apply-all') return { name: w.text.slice(0, -4), word: w, rest: s.rest, all: true };
  return { name: w.text, word: w, rest: s.rest, all: false };
}

/** What makes a Terraform run production, if anything. */
function tfReach(cmd: SimpleCommand, rc: RuleContext): { prod: boolean; target?: string } {
  const a = assessTargets(cmd, rc);
  if (a.reach === 'production') return { prod: true, target: a.target };
  const candidates: [string, string][] = [];
  for (const d of tfValues(cmd, 'chdir')) candidates.push([d, `-chdir=${d}`]);
  for (const d of optionValues(cmd, '--terragrunt-working-dir', '--working-dir')) candidates.push([d.text, `working dir ${d.text}`]);
  for (const f of tfValues(cmd, 'var-file')) candidates.push([f.replace(/\.(tfvars|json)$/g, ''), `-var-file=${f}`]);
  for (const v of tfValues(cmd, 'var')) {
    const m = /^(env|environment|stage|workspace)\s*=\s*(.+)$/i.exec(v);
    if (m) candidates.push([m[2]!, `-var ${v}`]);
  }
  const cwd = rc.context.cwd;
  if (cwd) {
    const rel = rc.context.workspaceRoot && cwd.startsWith(rc.context.workspaceRoot) ? cwd.slice(rc.context.workspaceRoot.length) : cwd.split('/').slice(-3).join('/');
    candidates.push([rel, `working folder ${cwd}`]);
  }
  for (const [name, label] of candidates) for (const part of name.split(/[\\/]/)) if (isProd(part, rc)) return { prod: true, target: label };
  return a.target ? { prod: false, target: a.target } : { prod: false };
}

function reached(cmd: SimpleCommand, rc: RuleContext, f: CommandRuleFinding): CommandRuleFinding {
  const r = tfReach(cmd, rc);
  const out = { ...f };
  if (r.prod) out.severity = 'critical';
  if (r.target) out.target = r.target;
  return out;
}

const tfDestroy: Rule = {
  id: 'iac.terraform-destroy',
  description: 'terraform/tofu/terragrunt destroy (or apply -destroy) deletes the infrastructure the configuration manages.',
  severity: 'high',
  programs: TF_PROGRAMS,
  check(cmd, rc) {
    const t = tfCommand(cmd);
    if (!t) return undefined;
    const destroy = t.name === 'destroy' || (t.name === 'apply' && tfFlag(t.rest, 'destroy'));
    if (!destroy || tfFlag(t.rest, 'help')) return undefined;
    const auto = tfFlag(t.rest, 'auto-approve') ?? tfFlag(cmd, 'terragrunt-non-interactive') ?? tfFlag(cmd, 'non-interactive');
    const targets = tfValues(t.rest, 'target');
    const scope = t.all ? 'every module below this folder' : targets.length ? `${targets.join(', ')}` : 'every resource in this configuration';
    return reached(cmd, rc, {
      severity: 'high',
      message: `Destroys ${scope}${auto ? ', without asking' : ''}: servers, databases and their data go.`,
      span: spanTo(cmd, auto && auto.span[0] > t.word.span[0] ? auto : (tfFlag(t.rest, 'destroy') ?? t.word)),
      suggestion: 'Run terraform plan -destroy first and read what it removes; target single resources with -target.',
    });
  },
  examples: {
    match: [
      { cmd: 'terraform destroy', exactly: 'high', span: 'terraform destroy' },
      { cmd: 'terraform destroy -auto-approve', exactly: 'high' },
      { cmd: 'terraform apply -destroy', exactly: 'high' },
      { cmd: 'terraform -chdir=envs/prod destroy', exactly: 'critical', target: '-chdir=envs/prod' },
      { cmd: 'TF_WORKSPACE=prod terraform destroy', exactly: 'critical', target: 'Terraform workspace prod' },
      { cmd: 'terraform destroy', ctx: { terraformWorkspace: 'production' }, exactly: 'critical' },
      { cmd: 'terraform destroy -var-file=prod.tfvars', exactly: 'critical' },
      { cmd: 'terraform destroy', ctx: { cwd: '/home/dev/infra/live/eu', workspaceRoot: '/home/dev/infra' }, exactly: 'critical' },
      'tofu destroy',
      'terragrunt destroy',
      'terragrunt run-all destroy',
      { cmd: 'terragrunt run-all destroy --terragrunt-working-dir envs/prod', exactly: 'critical' },
      'terragrunt run --all destroy',
    ],
    nearMiss: ['terraform plan -destroy', 'terraform plan', 'terraform apply tfplan', 'terraform destroy -help', 'terragrunt run-all plan', 'echo terraform destroy'],
  },
};

const tfAutoApprove: Rule = {
  id: 'iac.terraform-auto-approve',
  description: 'terraform apply -auto-approve without a saved plan: changes (including replacements) nobody has reviewed.',
  severity: 'high',
  programs: TF_PROGRAMS,
  check(cmd, rc) {
    const t = tfCommand(cmd);
    if (!t || t.name !== 'apply' || tfFlag(t.rest, 'destroy')) return undefined;
    const auto = tfFlag(t.rest, 'auto-approve') ?? (t.all ? (tfFlag(cmd, 'terragrunt-non-interactive') ?? tfFlag(cmd, 'non-interactive')) : undefined);
    if (!auto) return undefined;
    const planFile = positionals(t.rest).find((w) => !w.text.includes('='));
    if (planFile) return undefined;
    const replace = tfValues(t.rest, 'replace');
    return reached(cmd, rc, {
      severity: 'high',
      message: replace.length
        ? `Applies without review and replaces ${replace.join(', ')}: the old resource${replace.length > 1 ? 's are' : ' is'} destroyed.`
        : `Applies ${t.all ? 'every module ' : ''}without review: any replacement or deletion in the plan happens without anyone reading it.`,
      span: spanTo(cmd, auto.span[0] > t.word.span[0] ? auto : t.word),
      suggestion: 'Save a plan (terraform plan -out tfplan), read it, then terraform apply tfplan.',
    });
  },
  examples: {
    match: [
      { cmd: 'terraform apply -auto-approve', exactly: 'high', span: 'terraform apply -auto-approve' },
      { cmd: 'terraform -chdir=infra/production apply -auto-approve', exactly: 'critical' },
      'terraform apply -replace=aws_db_instance.orders -auto-approve',
      'terragrunt apply -auto-approve',
      'terragrunt run-all apply --terragrunt-non-interactive',
      'tofu apply --auto-approve',
    ],
    nearMiss: ['terraform apply', 'terraform apply tfplan', 'terraform apply -auto-approve tfplan', 'terraform plan -out tfplan', 'terragrunt run-all plan'],
  },
};

/** Apply options whose value may follow as a separate word (`-var-file prod.tfvars`). */
const APPLY_VALUED = ['-var', '-var-file', '-target', '-replace', '-lock-timeout', '-parallelism', '-state', '-state-out', '-backup'].flatMap((o) => [o, `-${o}`]);

const tfApplyPlan: Rule = {
  id: 'iac.terraform-apply-plan',
  description: 'terraform/tofu apply PLANFILE applies a saved plan without asking; what it destroys is only known by reading the plan.',
  severity: 'high',
  programs: ['terraform', 'tofu'],
  check(cmd, rc) {
    const t = tfCommand(cmd);
    if (!t || t.name !== 'apply' || tfFlag(t.rest, 'destroy') || tfFlag(t.rest, 'help')) return undefined;
    const plan = positionals(t.rest, APPLY_VALUED).find((w) => !w.text.includes('='));
    if (!plan) return undefined;
    return reached(cmd, rc, {
      severity: 'high',
      message: `Applies the saved plan ${plan.text} without asking: whatever it destroys or replaces happens, and it was not read here.`,
      span: spanTo(cmd, plan),
      suggestion: `Read it first (${cmd.program} show ${plan.text}) and check what it destroys or replaces.`,
    });
  },
  examples: {
    match: [
      { cmd: 'terraform apply tfplan', exactly: 'high', span: 'terraform apply tfplan' },
      { cmd: 'terraform -chdir=envs/prod apply tfplan', exactly: 'critical' },
      'tofu apply plan.out',
      'terraform apply -auto-approve tfplan',
      'terraform apply -var-file prod.tfvars tfplan',
    ],
    nearMiss: ['terraform apply', 'terraform apply -auto-approve', 'terraform plan -out tfplan', 'terraform show tfplan', 'terraform apply -var env=dev', 'terraform apply -destroy tfplan'],
  },
};

const tfState: Rule = {
  id: 'iac.terraform-state',
  description: 'terraform state rm / push and taint: state surgery and forced replacement.',
  severity: 'high',
  programs: TF_PROGRAMS,
  check(cmd, rc) {
    const t = tfCommand(cmd);
    if (!t) return undefined;
    if (t.name === 'state') {
      const s = splitSubcommand(t.rest, 1);
      const op = s.wordsAt[0];
      if (!op) return undefined;
      const addrs = positionals(s.rest);
      if (op.text === 'rm') {
        return reached(cmd, rc, {
          severity: 'high',
          message: `Removes ${addrs.map((a) => a.text).join(', ') || 'resources'} from the state: Terraform forgets them, and the next apply may create duplicates.`,
          span: spanTo(cmd, addrs[addrs.length - 1] ?? op),
          suggestion: 'Back up the state first (terraform state pull > backup.tfstate); prefer a removed block in the configuration.',
        });
      }
      if (op.text === 'push') {
        return reached(cmd, rc, { severity: tfFlag(s.rest, 'force') ? 'high' : 'medium', message: 'Overwrites the remote state with a local file.', span: spanTo(cmd, addrs[addrs.length - 1] ?? op), suggestion: 'Pull and back up the current state first.' });
      }
      return undefined;
    }
    if (t.name === 'taint') {
      const addr = positionals(t.rest)[0];
      return reached(cmd, rc, { severity: 'medium', message: `Marks ${addr?.text ?? 'a resource'} for replacement: the next apply destroys and recreates it.`, span: spanTo(cmd, addr ?? t.word), suggestion: 'Use terraform apply -replace=ADDRESS, which shows the replacement in the plan.' });
    }
    return undefined;
  },
  examples: {
    match: [{ cmd: 'terraform state rm aws_db_instance.orders', exactly: 'high' }, "terraform state rm 'module.db'", { cmd: 'terraform taint aws_instance.web', exactly: 'medium' }, 'terraform state push -force backup.tfstate'],
    nearMiss: ['terraform state list', 'terraform state show aws_db_instance.orders', 'terraform state pull', 'terraform untaint aws_instance.web', 'terraform state mv a b'],
  },
};

const tfWorkspaceDelete: Rule = {
  id: 'iac.terraform-workspace-delete',
  description: 'terraform workspace delete removes a workspace and its state; with -force even when it still manages resources.',
  severity: 'high',
  programs: TF_PROGRAMS,
  check(cmd, rc) {
    const t = tfCommand(cmd);
    if (!t || t.name !== 'workspace') return undefined;
    const s = splitSubcommand(t.rest, 1);
    if (s.words[0] !== 'delete') return undefined;
    const name = positionals(s.rest)[0];
    const f = reached(cmd, rc, {
      severity: 'high',
      message: `Deletes the workspace ${name?.text ?? ''} and its state${tfFlag(s.rest, 'force') ? '; -force does it even while it still manages resources, which are then orphaned' : ''}.`.replace('  ', ' '),
      span: spanTo(cmd, name ?? s.wordsAt[0]!),
      suggestion: 'Destroy its resources with a reviewed plan first, then delete the empty workspace.',
    });
    if (name && isProd(name.text, rc)) return { ...f, severity: 'critical', target: `Terraform workspace ${name.text}` };
    return f;
  },
  examples: {
    match: [{ cmd: 'terraform workspace delete staging', exactly: 'high' }, { cmd: 'terraform workspace delete -force prod', exactly: 'critical', target: 'Terraform workspace prod' }],
    nearMiss: ['terraform workspace list', 'terraform workspace select prod', 'terraform workspace new feature-x'],
  },
};

// ---------------------------------------------------------------------------------------------
// Pulumi, CDK, CDKTF, Serverless

function prodFinding(f: CommandRuleFinding, names: readonly { name: string; label: string }[], cmd: SimpleCommand, rc: RuleContext): CommandRuleFinding {
  for (const n of names) if (isProd(n.name, rc)) return { ...f, severity: 'critical', target: n.label };
  const a = assessTargets(cmd, rc);
  if (a.reach === 'production') return { ...f, severity: 'critical', target: a.target };
  return a.target ? { ...f, target: a.target } : f;
}

const pulumi: Rule = {
  id: 'iac.pulumi-destroy',
  description: 'pulumi destroy, stack rm, and up --yes (changes and replacements applied without review).',
  severity: 'high',
  programs: ['pulumi'],
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 2);
    const w0 = s.wordsAt[0];
    if (!w0) return undefined;
    const stacks = optionValues(cmd, '-s', '--stack').map((w) => ({ name: w.text, label: `Pulumi stack ${w.text}` }));
    const stackEnv = rc.env('PULUMI_STACK');
    if (stackEnv) stacks.push({ name: stackEnv, label: `Pulumi stack ${stackEnv}` });
    const yes = cmd.args.find((a) => a.text === '--yes' || a.text === '-y' || a.text === '--skip-preview' || a.text === '-f');
    if (w0.text === 'destroy' || w0.text === 'down' || w0.text === 'dn') {
      if (hasFlag(cmd, '--preview-only', '--help', '-h')) return undefined;
      return prodFinding({ severity: 'high', message: `Destroys every resource in the stack${yes ? ', without asking' : ''}.`, span: spanTo(cmd, yes && yes.span[0] > w0.span[0] ? yes : w0), suggestion: 'Run pulumi preview --destroy and read it first.' }, stacks, cmd, rc);
    }
    if (w0.text === 'stack' && (s.words[1] === 'rm' || s.words[1] === 'remove')) {
      const name = positionals(withArgs(cmd, s.rest.args), ['-s', '--stack'])[0];
      if (name) stacks.push({ name: name.text, label: `Pulumi stack ${name.text}` });
      const force = cmd.args.find((a) => a.text === '--force' || a.text === '-f');
      return prodFinding({ severity: 'high', message: `Removes the stack${name ? ` ${name.text}` : ''} and its state${force ? '; --force does it even while it still has resources, which are then orphaned' : ''}.`, span: spanTo(cmd, name ?? s.wordsAt[1]!), suggestion: 'Destroy its resources first (pulumi destroy), then remove the empty stack.' }, stacks, cmd, rc);
    }
    if ((w0.text === 'up' || w0.text === 'update') && yes) {
      const replace = optionValues(cmd, '--replace', '--target-replace').map((w) => w.text);
      return prodFinding({ severity: 'high', message: replace.length ? `Updates without review and replaces ${replace.join(', ')}.` : 'Updates the stack without review: replacements and deletions in the preview happen without anyone reading it.', span: spanTo(cmd, yes.span[0] > w0.span[0] ? yes : w0), suggestion: 'Run pulumi preview, read it, then pulumi up.' }, stacks, cmd, rc);
    }
    return undefined;
  },
  examples: {
    match: [
      { cmd: 'pulumi destroy', exactly: 'high' },
      { cmd: 'pulumi destroy --yes --stack prod', exactly: 'critical', target: 'Pulumi stack prod' },
      'pulumi stack rm dev --force',
      { cmd: 'pulumi up --yes', exactly: 'high' },
      'pulumi up -y --replace urn:pulumi:dev::shop::aws:rds/instance:Instance::db',
    ],
    nearMiss: ['pulumi preview', 'pulumi up', 'pulumi stack ls', 'pulumi stack output', 'pulumi destroy --preview-only'],
  },
};

const cdkDestroy: Rule = {
  id: 'iac.cdk-destroy',
  description: 'cdk destroy / cdktf destroy / serverless remove delete the deployed stacks.',
  severity: 'high',
  programs: ['cdk', 'cdktf', 'serverless', 'sls', ...RUNNER_PROGRAMS],
  check(cmd, rc) {
    const tool = asTool(cmd, ['cdk', 'cdktf', 'serverless', 'sls']);
    if (!tool) return undefined;
    const s = splitSubcommand(tool, 1, ['--stage', '-s', '--region', '-r', '--app', '-a', '--profile', '-c', '--context', '--config']);
    const w = s.wordsAt[0];
    if (!w) return undefined;
    const isSls = tool.program === 'serverless' || tool.program === 'sls';
    if (isSls ? w.text !== 'remove' : w.text !== 'destroy') return undefined;
    if (hasFlag(tool, '--help', '-h')) return undefined;
    const stackNames = isSls ? [] : positionals(s.rest, ['--app', '-a', '--profile', '-c', '--context']);
    const names = stackNames.map((n) => ({ name: n.text, label: `stack ${n.text}` }));
    for (const st of optionValues(tool, '--stage', '-s')) names.push({ name: st.text, label: `stage ${st.text}` });
    const all = hasFlag(tool, '--all');
    const what = isSls ? 'the service and everything it deployed' : all ? 'every stack in the app' : stackNames.length ? `the stack${stackNames.length > 1 ? 's' : ''} ${stackNames.map((n) => n.text).join(', ')}` : 'the stack';
    const last = stackNames[stackNames.length - 1] ?? w;
    return prodFinding({ severity: 'high', message: `Deletes ${what} — the resources go with ${stackNames.length > 1 || all ? 'them' : 'it'}.`, span: spanTo(tool, last), suggestion: 'Check what the stack holds (cdk diff, or the CloudFormation console) and whether data stores have a retain policy first.' }, names, tool, rc);
  },
  examples: {
    match: [{ cmd: 'cdk destroy', exactly: 'high' }, 'cdk destroy --all --force', { cmd: 'npx cdk destroy ShopProdStack', exactly: 'critical', target: 'stack ShopProdStack' }, 'serverless remove', { cmd: 'sls remove --stage prod', exactly: 'critical' }, 'cdktf destroy'],
    nearMiss: ['cdk synth', 'cdk diff', 'cdk deploy', 'serverless deploy', 'npx cdk ls'],
  },
};

export const iacPack: RulePack = {
  name: 'iac',
  description: 'Infrastructure-as-code runs that destroy, replace or apply unreviewed changes; production workspaces, folders and stacks raise the severity.',
  rules: [tfDestroy, tfAutoApprove, tfApplyPlan, tfState, tfWorkspaceDelete, pulumi, cdkDestroy],
  owns: [...TF_PROGRAMS, 'pulumi', 'cdk', 'cdktf', 'serverless', 'sls'],
};
