/**
 * The Kubernetes probe: for `kubectl delete` by selector, `--all` or whole namespaces, the objects
 * are counted with `kubectl get … -o name` (read-only, same context, kubeconfig and namespace,
 * under a short timeout). Clusters are asked only for production-marked contexts unless the
 * caller opts in; a cluster that does not answer leaves the command "not measured".
 */
import type { SimpleCommand } from '../shell/model';
import { duration, runTool } from './exec';
import { count, list, num } from './format';
import { isStatefulKind } from './stateful';
import type { ObjectCount, Reading } from './types';

/** What a namespace holds, for `kubectl delete namespace X` (the `all` category misses data and config). */
const NAMESPACE_KINDS = 'all,configmaps,secrets,persistentvolumeclaims,ingresses,serviceaccounts,roles,rolebindings,networkpolicies';
const NS_KIND = /^(ns|namespace|namespaces|project|projects)$/i;

/** Options that pick the cluster and user, passed on as they are. */
const CLUSTER_OPTIONS = new Set(['--context', '--kubeconfig', '--cluster', '--user', '--server', '-s', '--token', '--as', '--as-group', '--certificate-authority', '--insecure-skip-tls-verify']);
const VALUED = new Set([...CLUSTER_OPTIONS, '-n', '--namespace', '-l', '--selector', '--field-selector', '-f', '--filename', '-k', '--kustomize', '--grace-period', '-o', '--output', '--timeout', '--cascade', '--raw', '--wait', '--request-timeout', '-v', '--v']);

interface KubeDelete {
  kinds: string[];
  names: string[];
  selector?: string;
  fieldSelector?: string;
  all: boolean;
  allNamespaces: boolean;
  namespace?: string;
  context?: string;
  cluster: string[];
}

function readDelete(cmd: SimpleCommand): KubeDelete | { why: string } | undefined {
  const a = cmd.args;
  const out: KubeDelete = { kinds: [], names: [], all: false, allNamespaces: false, cluster: [] };
  const pos: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const eq = w.text.startsWith('--') ? w.text.indexOf('=') : -1;
    const flag = eq > 0 ? w.text.slice(0, eq) : w.text;
    if (flag.startsWith('-') && flag.length > 1) {
      let value: string | undefined;
      if (VALUED.has(flag)) {
        const v = eq > 0 ? { text: w.text.slice(eq + 1), dynamic: w.dynamic } : a[++i];
        if (!v) return undefined;
        if (v.dynamic) return { why: `its ${flag} depends on a variable` };
        value = v.text;
      } else if (/^-n\S/.test(flag)) value = flag.slice(2);
      if (flag === '--dry-run' || flag.startsWith('--dry-run')) return undefined;
      if (flag === '--all') out.all = true;
      else if (flag === '-A' || flag === '--all-namespaces') out.allNamespaces = true;
      else if (flag === '-n' || flag === '--namespace' || /^-n\S/.test(flag)) out.namespace = value;
      else if (flag === '-l' || flag === '--selector') out.selector = value;
      else if (flag === '--field-selector') out.fieldSelector = value;
      else if (flag === '-f' || flag === '--filename' || flag === '-k' || flag === '--kustomize') return undefined; // objects named in files
      if (CLUSTER_OPTIONS.has(flag) && value !== undefined) {
        out.cluster.push(`${flag}=${value}`);
        if (flag === '--context') out.context = value;
      }
      continue;
    }
    if (w.dynamic) return { why: 'what it deletes depends on a variable' };
    pos.push(w.text);
  }
  if (pos[0] !== 'delete') return undefined;
  const rest = pos.slice(1);
  if (rest[0]?.includes('/')) {
    for (const r of rest) {
      const [k, n] = r.split('/');
      out.kinds.push(k!);
      if (n) out.names.push(n);
    }
  } else if (rest[0]) {
    out.kinds = rest[0].split(',');
    out.names = rest.slice(1);
  }
  return out;
}

export interface KubePlan {
  rules: string[];
  production: boolean;
  run(): Promise<Reading>;
}

/**
 * The kubectl probe for `cmd`, or undefined when it deletes by name (nothing to count) or the
 * cluster is not to be asked (`mode` production and a context that is not production).
 */
export function planKubernetes(
  cmd: SimpleCommand,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  currentContext: string | undefined,
  isProduction: (name: string | undefined) => boolean,
  mode: 'production' | 'always' | 'off',
  timeoutMs = 5000,
  signal?: AbortSignal,
): KubePlan | { why: string } | undefined {
  if ((cmd.program !== 'kubectl' && cmd.program !== 'oc') || mode === 'off') return undefined;
  const d = readDelete(cmd);
  if (!d || 'why' in d) return d;
  const nsDelete = d.kinds.length === 1 && NS_KIND.test(d.kinds[0]!) && d.names.length > 0;
  if (!nsDelete && !d.selector && !d.all) return undefined;
  const context = d.context ?? currentContext;
  const production = isProduction(context) || (d.namespace !== undefined && isProduction(d.namespace)) || d.names.some((n) => nsDelete && isProduction(n));
  if (mode === 'production' && !production) return undefined;
  const secs = Math.max(1, Math.round(timeoutMs / 1000));
  const base = [...d.cluster, `--request-timeout=${secs}s`];
  const queries: { args: string[]; namespace?: string }[] = [];
  if (nsDelete) {
    for (const n of d.names) queries.push({ args: [...base, 'get', NAMESPACE_KINDS, '-n', n, '-o', 'name', '--ignore-not-found'], namespace: n });
  } else {
    const kinds = d.kinds.length ? d.kinds.join(',') : 'all';
    const scope = d.allNamespaces ? ['-A'] : d.namespace ? ['-n', d.namespace] : [];
    const sel = [...(d.selector ? ['-l', d.selector] : []), ...(d.fieldSelector ? [`--field-selector=${d.fieldSelector}`] : [])];
    queries.push({ args: [...base, 'get', kinds, ...scope, ...sel, '-o', 'name', '--ignore-not-found'], ...(d.namespace ? { namespace: d.namespace } : {}) });
  }
  return {
    rules: ['k8s.delete'],
    production,
    run: async () => {
      const results = await Promise.all(queries.map((q) => runTool(cmd.program, q.args, { cwd, env, timeoutMs: timeoutMs + 1000, ...(signal ? { signal } : {}) })));
      const failed = results.find((r) => !r.ok);
      if (failed) {
        const why = failed.timedOut ? `the cluster did not answer within ${duration(timeoutMs)}` : (failed.problem ?? 'kubectl failed');
        return { status: 'not-measured', loss: 'unknown', settled: false, production, sentence: `Not measured: ${why}; the judgement stands as the command reads.` };
      }
      const o: ObjectCount = { count: 0, byKind: {}, stateful: 0 };
      if (context) o.context = context;
      const ns = nsDelete ? d.names.join(', ') : d.namespace;
      if (ns) o.namespace = ns;
      for (const r of results) {
        for (const line of r.stdout.split('\n')) {
          const t = line.trim();
          if (!t.includes('/')) continue;
          const kind = t.slice(0, t.indexOf('/'));
          o.count++;
          o.byKind[kind] = (o.byKind[kind] ?? 0) + 1;
          if (isStatefulKind(kind)) o.stateful++;
        }
      }
      const where = [ns ? `in namespace ${ns}` : d.allNamespaces ? 'in every namespace' : '', context ? `of context ${context}` : ''].filter(Boolean).join(' ');
      if (o.count === 0) {
        return { status: 'measured', loss: 'unknown', settled: false, production, objects: o, sentence: `Matches no objects ${where} right now; objects created before it runs would still go`.replace('  ', ' ') };
      }
      const kinds = Object.entries(o.byKind)
        .sort((x, y) => y[1] - x[1])
        .map(([k, n]) => {
          const kind = k.split('.')[0]!;
          return `${num(n)} ${n === 1 ? kind : kind.endsWith('s') ? `${kind}es` : `${kind}s`}`;
        });
      const data = o.stateful > 0 ? `; ${count(o.stateful, 'is a persistent volume or claim', 'are persistent volumes or claims')}, whose data may go with ${o.stateful === 1 ? 'it' : 'them'}` : '';
      return {
        status: 'measured',
        // Volumes and claims hold data, like a database: high, critical on production (decide.ts).
        loss: o.stateful > 0 ? 'infrastructure' : 'unknown',
        settled: false,
        production,
        objects: o,
        sentence: `Deletes ${count(o.count, 'object')} ${where} (${list(kinds, kinds.length, 5)})${data}`.replace('  ', ' '),
      };
    },
  };
}
