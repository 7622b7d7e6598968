/**
 * The policy document format: the one source for the `.blast-radius.json` file, the settings,
 * and the generated JSON Schema (`npm run schema` → schemas/blast-radius.schema.json).
 *
 * The schema only validates; it never transforms, so the JSON Schema generated from it describes
 * exactly what people may write. Normalisation (lowercasing markers, expanding the pattern
 * shorthand, compiling regexes) happens in `compile.ts` and `resolve.ts`.
 *
 * Unknown keys are errors (a misspelt `"denny"` must not pass silently).
 */
import { z } from 'zod';
import { DECISIONS, FINDING_SEVERITIES } from '../severity';

const DECISION_DESCRIPTIONS = [
  'Let the command run (findings are still shown and logged).',
  'Hold the command until a person confirms it.',
  'Refuse the command.',
];

export const DecisionSchema = z.enum(DECISIONS).meta({
  description: 'What to do with a command: allow, confirm (ask a person first) or deny.',
  enumDescriptions: DECISION_DESCRIPTIONS,
});

const severityDecision = (level: string, dflt: string) =>
  DecisionSchema.optional().meta({
    description: `Decision for ${level} findings (default: ${dflt}).`,
    markdownDescription: `Decision for **${level}** findings. Default: \`${dflt}\`.`,
    enumDescriptions: DECISION_DESCRIPTIONS,
  });

export const SeverityDecisionsSchema = z
  .strictObject({
    critical: severityDecision('critical', 'confirm'),
    high: severityDecision('high', 'confirm'),
    medium: severityDecision('medium', 'allow'),
    low: severityDecision('low', 'allow'),
  })
  .meta({
    description: 'Decision per severity. A workspace policy can only make these stricter.',
  });

const wordGlob = z
  .string()
  .min(1)
  .max(200)
  .meta({ description: 'A word; `*` matches any run of characters.' });

/** The object form of a command pattern. */
export const CommandPatternObjectSchema = z
  .strictObject({
    command: z
      .string()
      .min(1)
      .max(200)
      .regex(/^\S+$/, 'expected a single program name without spaces')
      .meta({
        description: 'Program name after normalisation (`/bin/rm` and `sudo rm` are both `rm`); `*` is a wildcard.',
      }),
    subcommand: z
      .union([wordGlob, z.array(wordGlob).min(1).max(50)])
      .optional()
      .meta({ description: 'Subcommand, or a list of alternatives (`delete`, `["delete", "drain"]`); `*` is a wildcard.' }),
    args: z
      .array(wordGlob)
      .max(50)
      .optional()
      .meta({
        description:
          'Arguments that must all appear, in any order. `*` is a wildcard; `-rf` also matches `-fr` and `-r -f`; `--opt` also matches `--opt=value`; `--opt=value` also matches `--opt value`.',
      }),
    anyArgs: z
      .array(wordGlob)
      .min(1)
      .max(50)
      .optional()
      .meta({ description: 'At least one of these arguments must appear (same matching as `args`).' }),
    argsRegex: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .meta({
        description:
          'Regular expression (JavaScript syntax) tested against the arguments joined by single spaces. It runs in a linear-time engine (RE2): backreferences and lookaround are not supported. An invalid expression never matches and is reported.',
      }),
    reason: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .meta({ description: 'Why this entry exists; shown with the decision.' }),
  })
  .meta({ title: 'Command pattern' });

export const CommandPatternSchema = z
  .union([
    z
      .string()
      .min(1)
      .max(500)
      .regex(/\S/, 'expected a command such as "kubectl delete"')
      .meta({
        description:
          'Shorthand: `program [subcommand] [args…]` separated by spaces, e.g. `kubectl delete` or `git push --force`. A second word that starts with `-` is an argument, not a subcommand.',
      }),
    CommandPatternObjectSchema,
  ])
  .meta({
    id: 'commandPattern',
    description: 'A pattern over the parsed command (program, subcommand, arguments), not over the raw line.',
  });

/** `pack.rule` or `pack.*`. */
export const RuleRefSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*\.(\*|[a-z0-9][a-z0-9._-]*)$/, 'expected a rule id such as "git.push-force" or a pack such as "git.*"')
  .meta({ id: 'ruleRef', description: 'A rule id (`git.push-force`) or a whole pack (`git.*`).' });

/**
 * Target names are split into parts at anything that is not a letter or digit (`prod-eu-1` →
 * `prod`, `eu`); a marker is compared with each part, so it is one word of letters and digits.
 */
const marker = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9]+$/, 'expected one word of letters and digits (names are compared part by part, split at "-", "_", "." and "/")')
  .meta({ description: 'One word of letters and digits, compared with each part of a target name (`blue` marks `blue-eu-1`).' });

export const CustomRuleSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^custom\.[a-z0-9][a-z0-9._-]*$/, 'expected an id such as "custom.no-prod-deploy"')
      .meta({ description: 'Stable id, `custom.<name>` (lowercase letters, digits, `-`, `_`, `.`).' }),
    severity: z.enum(FINDING_SEVERITIES).meta({ description: 'Severity of the finding this rule produces.' }),
    message: z.string().min(1).max(500).meta({ description: 'One line explaining the risk.' }),
    suggestion: z.string().min(1).max(500).optional().meta({ description: 'A safer alternative.' }),
    match: CommandPatternSchema,
  })
  .meta({ title: 'Custom rule' });

const approvalCount = z.int().min(1).max(5).optional();

/** An e-mail address or a glob over one (`*@example.com`); compared case-insensitively. */
const identityGlob = z
  .string()
  .min(1)
  .max(320)
  .regex(/^[^\s]+$/, 'expected an e-mail address or a pattern such as "*@example.com" (no spaces)')
  .meta({ description: 'An e-mail address, or a pattern over one where `*` matches any run of characters and `?` one character; case-insensitive.' });

export const PolicyDocumentSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'Editor hint; ignored.' }),
    version: z.literal(1).optional().meta({ description: 'Format version. Only `1` exists.' }),
    severity: SeverityDecisionsSchema.optional(),
    allow: z
      .array(CommandPatternSchema)
      .max(500)
      .optional()
      .meta({
        description:
          'Commands let through whatever their severity. Only user settings may allow; a workspace policy cannot. Deny entries win over allow entries; commands that cannot be judged (dynamic or unparsable) are still confirmed.',
      }),
    deny: z
      .array(CommandPatternSchema)
      .max(500)
      .optional()
      .meta({ description: 'Commands that are always refused. Deny wins over allow.' }),
    disabledRules: z
      .array(RuleRefSchema)
      .max(500)
      .optional()
      .meta({
        description:
          'Rules (or `pack.*`) that produce no findings. Only user settings may disable rules. The engine\'s own checks (`guard.*`, `evasion.*`, `dynamic.*`, `parse.*`, `policy.*`) cannot be disabled.',
      }),
    productionMarkers: z
      .array(marker)
      .max(200)
      .optional()
      .meta({ description: 'Extra words that mark a target as production (e.g. `blue`), added to the built-in ones (`prod`, `production`, `live`, `prd`).' }),
    localMarkers: z
      .array(marker)
      .max(200)
      .optional()
      .meta({ description: 'Extra words that mark a target as local or throwaway. Only user settings may add them.' }),
    protectedBranches: z
      .array(
        z
          .string()
          .min(1)
          .max(200)
          .regex(/^[^\s~^:?[\\]+$/, 'expected a branch name such as "main" or a pattern such as "release/*"')
          .meta({ description: 'A branch name (`main`, `release/2.0`) or a pattern where `*` matches any run of characters (`release/*`).' }),
      )
      .max(200)
      .optional()
      .meta({
        description:
          'Branches that releases and deployments are built from. A plain `git push` straight to one of them needs confirmation (high); force-pushing over one is critical. Without this list a plain push to main, master or release* is only highlighted (medium).',
      }),
    customRules: z
      .array(CustomRuleSchema)
      .max(500)
      .optional()
      .meta({ description: 'Rules of your own: a pattern over the parsed command that yields a finding.' }),
    confirmTimeoutSeconds: z
      .int()
      .min(5)
      .max(86400)
      .optional()
      .meta({ description: 'A held command nobody answers within this many seconds is denied (default 300).' }),
    edits: z
      .strictObject({
        disabledRules: z
          .array(RuleRefSchema)
          .max(500)
          .optional()
          .meta({ description: 'Edit rules (or `pack.*`) that produce no findings. Only user settings may disable rules.' }),
        maxFileBytes: z
          .int()
          .min(1024)
          .max(100 * 1024 * 1024)
          .optional()
          .meta({ description: 'Files larger than this are not diffed; their edits are held for review (default 2 MiB).' }),
      })
      .optional()
      .meta({ description: 'How agent edits to files are judged.' }),
    approvals: z
      .strictObject({
        critical: approvalCount,
        high: approvalCount,
        medium: approvalCount,
        low: approvalCount,
        seniors: z
          .array(identityGlob)
          .min(1)
          .max(200)
          .optional()
          .meta({
            description:
              'Who may give the second and every further sign-off (e-mail addresses or patterns). When set, every approval after the first must come from someone on this list. See docs/signoff.md.',
          }),
        agents: z
          .array(identityGlob)
          .max(200)
          .optional()
          .meta({
            description:
              'Extra identities (e-mail addresses or patterns) of AI agents and bots, added to the built-in ones; their approvals never count.',
          }),
      })
      .optional()
      .meta({
        description:
          'Sign-off: the number of distinct people who must approve a held action or a risky change of this severity (default 1 for high and critical), who may give the second sign-off, and which identities are agents. `blast-radius verify` checks the record.',
      }),
    signoff: z
      .strictObject({
        requireSignedRecords: z
          .boolean()
          .optional()
          .meta({
            description:
              'Count an approval only when the commit that added its record is signed by a key the allowed signers give to the approver. Always on for a change that needs two or more approvals. See docs/signoff.md.',
          }),
        allowedSignersFile: z
          .string()
          .min(1)
          .max(1024)
          .regex(/^(?![/\\])(?![A-Za-z]:)(?!.*(^|[/\\])\.\.([/\\]|$))[^\0\n\r]+$/, 'expected a path inside the repository, relative to its top folder, such as ".github/allowed_signers"')
          .optional()
          .meta({
            description:
              'The allowed signers file (ssh-keygen ALLOWED SIGNERS format: one `principal key` per line) that says whose signing key is whose, as a path in the repository. `blast-radius verify` reads it from the base branch, never from the branch under review. Without it, the git config `gpg.ssh.allowedSignersFile` of the machine that runs verify is used.',
          }),
      })
      .optional()
      .meta({ description: 'How approvals prove who gave them (git commit signatures).' }),
  })
  .meta({
    title: 'Blast Radius policy',
    description:
      'Policy for Blast Radius (.blast-radius.json). Comments and trailing commas are allowed. A workspace policy may only tighten the user\'s protection.',
  });

/** What a person may write (after validation). */
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;
export type CommandPattern = z.infer<typeof CommandPatternSchema>;
export type CommandPatternObject = z.infer<typeof CommandPatternObjectSchema>;
export type CustomRuleDocument = z.infer<typeof CustomRuleSchema>;
