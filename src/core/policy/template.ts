/**
 * The policy file a person starts from (the walkthrough's "Open Policy File" writes it when the
 * workspace has none): every entry commented, each one something a workspace file may do (it can
 * only tighten), so it is valid as written and changes nothing until a line is uncommented.
 */
export const POLICY_FILE_TEMPLATE = `// Blast Radius policy for this workspace (JSON with comments).
// A workspace policy can only tighten the protection set in your user settings: it may refuse
// commands, mark production targets, make decisions stricter and add rules of its own.
// Every key is described in docs/policy.md of Blast Radius; the editor checks this file as you type.
{
  "version": 1,

  // Commands refused outright, whoever runs them (matched on the parsed command, not the text).
  "deny": [
    // "terraform destroy",
    // "kubectl delete namespace",
    // { "command": "git", "subcommand": "push", "args": ["--force"], "reason": "Force-pushes go through review" }
  ],

  // Words that mark a target as production, besides prod, production, live and prd:
  // a kube context, AWS profile or Terraform workspace named like this raises the severity.
  "productionMarkers": [
    // "blue"
  ],

  // What happens at each severity: "allow", "confirm" (held until a person answers) or "deny";
  // you may set medium and low too. A workspace may only make these stricter.
  "severity": {
    "critical": "confirm",
    "high": "confirm"
  },

  // Distinct people who must approve a held action of this severity (see docs/signoff.md).
  // "approvals": { "critical": 2 },

  // Rules of your own: a pattern over the parsed command that yields a finding.
  "customRules": [
    // {
    //   "id": "custom.no-make-deploy",
    //   "severity": "high",
    //   "message": "make deploy ships to production",
    //   "match": "make deploy"
    // }
  ]
}
`;
