/**
 * Kubernetes and Helm: deletes judged by kind and scope (namespaces, --all, -A, CRDs, volumes,
 * nodes), scaling to zero, draining nodes, forced replaces, and helm uninstall.
 *
 * The kube context decides the blast radius: a local cluster (kind-*, minikube, docker-desktop,
 * k3d-*) lowers the finding two levels; a production-looking context (`--context prod-eu`, or
 * the caller's current context) makes anything medium or above critical, and the finding's
 * target names it ("kube context prod-eu"). `get`, `describe` and `logs` never fire.
 */
import { isAtLeast, maxSeverity, type Severity } from '../../severity';
import type { SimpleCommand, Word } from '../../shell/model';
import { assessTargets, type BlastAssessment, isProd, shiftSeverity } from '../context';
import { hasFlag, positionals, type Rule, type RuleContext, type CommandRuleFinding, type RulePack } from '../rule';
import { optionValues, spanTo, splitSubcommand } from '../words';

const KUBE_PROGRAMS = ['kubectl', 'oc', 'kubecolor'];

/** The kube context's reach, also looking at a KUBECONFIG file name (`~/.kube/prod.yaml`). */
function kubeReach(cmd: SimpleCommand, rc: RuleContext, objects: readonly Word[] = []): BlastAssessment {
  const a = assessTargets(cmd.program === 'kubecolor' ? { ...cmd, program: 'kubectl' } : cmd, rc);
  if (a.reach !== 'normal') return a;
  const ns = optionValues(cmd, '-n', '--namespace')[0]?.text;
  if (ns && isProd(ns, rc)) return { reach: 'production', target: `namespace ${ns}` };
  for (const o of objects) {
    const name = o.text.includes('/') ? o.text.slice(o.text.indexOf('/') + 1) : o.text;
    if (isProd(name, rc)) return { reach: 'production', target: `object ${o.text}` };
  }
  const kc = optionValues(cmd, '--kubeconfig')[0]?.text ?? rc.env('KUBECONFIG');
  if (kc) {
    const base = kc.split(/[\\/:]/).filter(Boolean).pop() ?? kc;
    if (isProd(base.replace(/\.(ya?ml|conf|config)$/, ''), rc)) return { reach: 'production', target: `kubeconfig ${kc}` };
  }
  return a;
}

/** Production: medium and above become critical, low becomes medium. Local: two levels down. */
function withKubeReach(f: CommandRuleFinding, a: BlastAssessment): CommandRuleFinding {
  const out: CommandRuleFinding = { ...f };
  if (a.target) out.target = a.target;
  if (a.reach === 'production') out.severity = f.severity === 'low' ? 'medium' : 'critical';
  else if (a.reach === 'local') out.severity = shiftSeverity(f.severity, -2);
  return out;
}

const DELETE_VALUED = ['-l', '--selector', '-f', '--filename', '-k', '--kustomize', '--field-selector', '--grace-period', '-o', '--output', '--timeout', '--cascade', '--raw', '--wait'];

const KIND_ALIASES: Readonly<Record<string, string>> = {
  ns: 'namespace', namespaces: 'namespace', namespace: 'namespace', project: 'namespace', projects: 'namespace',
  crd: 'crd', crds: 'crd', customresourcedefinition: 'crd', customresourcedefinitions: 'crd',
  pv: 'pv', persistentvolume: 'pv', persistentvolumes: 'pv',
  pvc: 'pvc', persistentvolumeclaim: 'pvc', persistentvolumeclaims: 'pvc',
  no: 'node', node: 'node', nodes: 'node',
  po: 'pod', pod: 'pod', pods: 'pod', rs: 'pod', replicaset: 'pod', replicasets: 'pod', ev: 'pod', event: 'pod', events: 'pod', job: 'pod', jobs: 'pod',
  secret: 'secret', secrets: 'secret',
  all: 'all',
};

/** What a kind costs to delete: whole namespaces, definitions, data and machines are high. */
function kindSeverity(kind: string): { severity: Severity; what: string } {
  const k = KIND_ALIASES[kind.toLowerCase().split('.')[0]!] ?? 'workload';
  switch (k) {
    case 'namespace':
      return { severity: 'high', what: 'a whole namespace with everything in it' };
    case 'crd':
      return { severity: 'high', what: 'a custom resource definition, and with it every object of that kind' };
    case 'pv':
    case 'pvc':
      return { severity: 'high', what: 'a persistent volume and, depending on its reclaim policy, the data on it' };
    case 'node':
      return { severity: 'high', what: 'a node from the cluster' };
    case 'secret':
      return { severity: 'high', what: 'a secret, whose values may exist nowhere else' };
    case 'pod':
      return { severity: 'low', what: 'pods (their controllers recreate them)' };
    case 'all':
      return { severity: 'medium', what: 'every workload kind' };
    default:
      return { severity: 'medium', what: `the ${kind}` };
  }
}

const kubectlDelete: Rule = {
  id: 'k8s.delete',
  description: 'kubectl/oc delete, judged by kind (namespace, CRD, volumes, nodes) and scope (--all, -A, selectors, -f).',
  severity: 'high',
  programs: KUBE_PROGRAMS,
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 1);
    const verb = s.wordsAt[0];
    if (!verb || verb.text !== 'delete') return undefined;
    const r = s.rest;
    const dry = optionValues(r, '--dry-run')[0];
    if (dry && dry.text !== 'none') return undefined;
    if (r.args.some((a) => a.text === '--dry-run')) return undefined;
    const pos = positionals(r, DELETE_VALUED);
    const kindWords: string[] = [];
    let names: Word[] = [];
    if (pos[0]) {
      if (pos[0].text.includes('/')) {
        for (const p of pos) kindWords.push(p.text.split('/')[0]!);
        names = pos;
      } else {
        kindWords.push(...pos[0].text.split(','));
        names = pos.slice(1);
      }
    }
    const all = hasFlag(r, '--all');
    const allNs = hasFlag(r, '-A', '--all-namespaces');
    const selector = optionValues(r, '-l', '--selector')[0];
    const files = optionValues(r, '-f', '--filename', '-k', '--kustomize');
    let severity: Severity = 'low';
    const whats: string[] = [];
    for (const k of kindWords) {
      const ks = kindSeverity(k);
      severity = maxSeverity(severity, ks.severity);
      whats.push(ks.what);
    }
    if (files.length) severity = maxSeverity(severity, 'medium');
    if (selector) severity = maxSeverity(severity, 'medium');
    const fieldSel = optionValues(r, '--field-selector')[0];
    if ((all || allNs) && !selector && !fieldSel) severity = 'high';
    else if (all || allNs) severity = maxSeverity(severity, 'medium');
    const ns = optionValues(cmd, '-n', '--namespace')[0]?.text;
    if (ns && /^(kube-system|kube-public|kube-node-lease|istio-system|cert-manager|ingress-nginx)$/.test(ns) && isAtLeast(severity, 'medium')) severity = 'high';
    const where = allNs ? ' in every namespace' : ns ? ` in namespace ${ns}` : all ? ' in the namespace' : '';
    const kinds = unique(kindWords).join(', ');
    const ofKind = kindWords.length === 0 ? 'objects' : kindWords.length === 1 && kindWords[0] === 'all' ? 'workloads (kind all)' : `objects of kind ${kinds}`;
    const heavy = unique(kindWords.map(kindSeverity).filter((k) => k.severity === 'high').map((k) => k.what));
    const why = heavy.length ? ` — ${heavy.join('; ')}` : '';
    let message: string;
    if (all || allNs) message = `Deletes all ${ofKind}${where}${why}.`;
    else if (selector) message = `Deletes all ${ofKind} matching ${selector.text}${where}${why}.`;
    else if (files.length) message = `Deletes the objects defined in ${files.map((f) => f.text).join(', ')}${where}.`;
    else message = `Deletes ${unique(whats).join('; ') || 'the objects'} (${names.map((n) => n.text).join(', ') || kinds})${where}.`;
    const last = r.args[r.args.length - 1] ?? verb;
    const f: CommandRuleFinding = {
      severity,
      message,
      span: spanTo(cmd, last.span[0] >= verb.span[0] ? last : verb),
      suggestion: 'Run it with --dry-run=server first, and check the context (kubectl config current-context).',
    };
    return withKubeReach(f, kubeReach(cmd, rc, names));
  },
  examples: {
    match: [
      { cmd: 'kubectl delete namespace shop', exactly: 'high', span: 'kubectl delete namespace shop' },
      { cmd: 'kubectl delete deployment api -n production', exactly: 'critical', target: 'namespace production' },
      { cmd: 'kubectl delete ns shop-prod', exactly: 'critical', target: 'object shop-prod' },
      { cmd: 'kubectl delete ns shop --context prod-eu', exactly: 'critical', target: 'kube context prod-eu' },
      { cmd: 'kubectl --context prod-eu delete ns shop', exactly: 'critical' },
      { cmd: 'kubectl delete deployment api', ctx: { kubeContext: 'prod-eu' }, exactly: 'critical', target: 'kube context prod-eu' },
      { cmd: 'kubectl delete ns shop --context kind-dev', exactly: 'low' },
      { cmd: 'kubectl delete ns shop', ctx: { kubeContext: 'minikube' }, exactly: 'low' },
      { cmd: 'kubectl delete pods --all', exactly: 'high' },
      { cmd: 'kubectl delete deploy --all -A', exactly: 'high' },
      { cmd: 'kubectl delete pvc data-postgres-0', exactly: 'high' },
      { cmd: 'kubectl delete crd certificates.cert-manager.io', exactly: 'high' },
      { cmd: 'kubectl delete node worker-3', exactly: 'high' },
      { cmd: 'kubectl -n payments delete secret stripe-credentials', exactly: 'high' },
      { cmd: 'kubectl delete deploy,svc,pvc -l app=shop', exactly: 'high' },
      { cmd: 'kubectl delete -f k8s/', exactly: 'medium' },
      { cmd: 'kubectl delete deployment api', exactly: 'medium' },
      { cmd: 'kubectl delete pod api-1', exactly: 'low' },
      { cmd: 'kubectl delete pods --field-selector=status.phase=Failed -A', exactly: 'medium' },
      { cmd: 'kubectl delete pod api-1 --context prod', exactly: 'medium' },
      { cmd: 'kubectl delete ns/shop', exactly: 'high' },
      { cmd: 'oc delete project shop', exactly: 'high' },
      { cmd: 'kubectl delete ns web', ctx: { env: { HOME: '/home/dev', KUBECONFIG: '/home/dev/.kube/prod.yaml' } }, exactly: 'critical', target: 'kubeconfig' },
      { cmd: 'kubectl -n kube-system delete deploy coredns', exactly: 'high' },
    ],
    nearMiss: ['kubectl get pods', 'kubectl describe ns shop', 'kubectl logs deploy/api', 'kubectl delete ns shop --dry-run=client', 'kubectl apply -f k8s/', 'kubectl get delete', 'kubectl config delete-context old'],
  },
};

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

const kubectlDisrupt: Rule = {
  id: 'k8s.disrupt',
  description: 'kubectl scale --replicas=0, drain, and replace --force take workloads down.',
  severity: 'medium',
  programs: KUBE_PROGRAMS,
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 1);
    const verb = s.wordsAt[0];
    if (!verb) return undefined;
    const r = s.rest;
    if (r.args.some((a) => a.text === '--dry-run' || (a.text.startsWith('--dry-run=') && a.text !== '--dry-run=none'))) return undefined;
    const last = r.args[r.args.length - 1] ?? verb;
    const span = spanTo(cmd, last.span[0] >= verb.span[0] ? last : verb);
    let f: CommandRuleFinding | undefined;
    if (verb.text === 'scale') {
      const reps = optionValues(r, '--replicas')[0];
      if (!reps || !/^0+$/.test(reps.text)) return undefined;
      const target = positionals(r, ['--replicas', '-l', '--selector', '-f', '--filename', '--current-replicas', '--timeout']).map((w) => w.text).join(' ');
      f = { severity: 'medium', message: `Scales ${target || 'the workload'} to zero replicas: it stops serving until scaled back up.`, span, suggestion: 'Scale down gradually, or check that nothing depends on it first.' };
    } else if (verb.text === 'drain') {
      const node = positionals(r, ['--grace-period', '--timeout', '-l', '--selector', '--pod-selector'])[0];
      f = { severity: 'high', message: `Drains the node ${node?.text ?? ''}: every pod on it is evicted and the node is cordoned.`.replace('  ', ' '), span, suggestion: 'Check pod disruption budgets and spare capacity first (kubectl get pdb -A).' };
    } else if (verb.text === 'replace' && hasFlag(r, '--force')) {
      f = { severity: 'medium', message: 'Replaces with --force: the objects are deleted and recreated, dropping their live state.', span, suggestion: 'Use kubectl apply, which updates in place.' };
    } else return undefined;
    return withKubeReach(f, kubeReach(cmd, rc));
  },
  examples: {
    match: [
      { cmd: 'kubectl scale deploy api --replicas=0', exactly: 'medium' },
      { cmd: 'kubectl scale deploy api --replicas=0 --context prod', exactly: 'critical' },
      { cmd: 'kubectl scale statefulset postgres --replicas 0', ctx: { kubeContext: 'gke_shop_europe-west1_prod' }, exactly: 'critical' },
      { cmd: 'kubectl drain node-1 --ignore-daemonsets', exactly: 'high' },
      { cmd: 'kubectl replace --force -f deploy.yaml --context prod-us', exactly: 'critical' },
      { cmd: 'kubectl drain node-1', ctx: { kubeContext: 'kind-dev' }, exactly: 'low' },
    ],
    nearMiss: ['kubectl scale deploy api --replicas=3', 'kubectl scale deploy api --replicas=10', 'kubectl cordon node-1', 'kubectl replace -f deploy.yaml', 'kubectl drain node-1 --dry-run=client'],
  },
};

const helmUninstall: Rule = {
  id: 'k8s.helm-uninstall',
  description: 'helm uninstall/delete removes a release and every object it created.',
  severity: 'high',
  programs: ['helm'],
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 1);
    const verb = s.wordsAt[0];
    if (!verb || !['uninstall', 'delete', 'del', 'un'].includes(verb.text)) return undefined;
    if (hasFlag(s.rest, '--dry-run', '--help', '-h')) return undefined;
    const rels = positionals(s.rest, ['--timeout', '--description', '--cascade', '--wait', '-n', '--namespace', '--kube-context']);
    const last = rels[rels.length - 1] ?? verb;
    const f: CommandRuleFinding = {
      severity: 'high',
      message: `Uninstalls the release ${rels.map((x) => x.text).join(', ') || ''}: every object it created is deleted (volumes too, when the chart owns them).`.replace(' :', ':'),
      span: spanTo(cmd, last),
      suggestion: 'Check the context and what the release owns (helm get manifest RELEASE) first.',
    };
    return withKubeReach(f, kubeReach(cmd, rc, rels));
  },
  examples: {
    match: [{ cmd: 'helm uninstall shop', exactly: 'high', span: 'helm uninstall shop' }, 'helm delete shop', { cmd: 'helm uninstall shop --kube-context prod-eu', exactly: 'critical', target: 'kube context prod-eu' }, 'helm -n shop uninstall api', { cmd: 'helm uninstall shop --kube-context kind-dev', exactly: 'low' }],
    nearMiss: ['helm list -A', 'helm install shop ./chart', 'helm upgrade --install shop ./chart', 'helm uninstall shop --dry-run', 'helm repo remove bitnami'],
  },
};

export const kubernetesPack: RulePack = {
  name: 'k8s',
  description: 'Kubernetes and Helm operations that delete or take down workloads; the kube context raises or lowers them.',
  rules: [kubectlDelete, kubectlDisrupt, helmUninstall],
  // What the rules decide about, and what they leave quiet on purpose: `auth can-i delete` only
  // asks, `config delete-context` edits the local kubeconfig, `helm repo remove` and `helm plugin
  // uninstall` the local client. Other subcommands (`rollout undo`, `cordon`) are the generic layer's.
  owns: [
    ...KUBE_PROGRAMS.flatMap((p) => ['delete', 'scale', 'drain', 'replace', 'auth', 'config'].map((sub) => `${p} ${sub}`)),
    ...['uninstall', 'delete', 'del', 'un', 'repo', 'plugin', 'registry'].map((sub) => `helm ${sub}`),
  ],
};
