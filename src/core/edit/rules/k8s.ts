/**
 * Kubernetes manifests and Helm charts (templates and values): workloads scaled to zero,
 * Namespace and PersistentVolumeClaim manifests removed, reclaim policy Delete, privileged
 * containers, the node's root filesystem mounted, RBAC wildcards.
 *
 * Every document of a multi-document file is read with the fast YAML line reader (Helm actions
 * blanked first; JSON manifests with the full parser). Value rules
 * fire only for lines this change really adds; manifest removal compares documents by kind,
 * namespace and name.
 */
import { newlyAdded, type Edit, type EditRule, type EditRuleFinding } from '../rule';
import { pathPattern, type YamlEntry } from '../../formats/yaml';
import { parseYamlDocuments, scanYamlDocuments } from '../documents';

interface K8sDoc {
  kind: string;
  name: string;
  namespace: string;
  /** Line of the `kind:` key (or of the document start). */
  line: number;
  startLine: number;
  endLine: number;
  entries: YamlEntry[];
}

function docsOf(edit: Edit, side: 'before' | 'after'): K8sDoc[] {
  return edit.memo(`k8s:${side}`, () => {
    if ((side === 'before' ? edit.before : edit.after) === null) return [];
    const out: K8sDoc[] = [];
    // Block YAML (manifests, Helm templates and values) with the fast line reader; JSON with the full parser.
    const docs = edit.file.language === 'json' ? parseYamlDocuments(edit, side) : scanYamlDocuments(edit, side);
    for (const d of docs) {
      const entries = d.entries;
      let kind: YamlEntry | undefined;
      let name: YamlEntry | undefined;
      let namespace: YamlEntry | undefined;
      for (const e of entries) {
        if (e.path.length === 1 && e.path[0] === 'kind') kind ??= e;
        else if (e.path.length === 2 && e.path[0] === 'metadata') {
          if (e.path[1] === 'name') name ??= e;
          else if (e.path[1] === 'namespace') namespace ??= e;
        }
      }
      out.push({
        kind: kind?.value ?? '',
        name: name?.value ?? '',
        namespace: namespace?.value ?? '',
        line: kind?.line ?? d.startLine,
        startLine: d.startLine,
        endLine: d.endLine,
        entries,
      });
    }
    return out;
  });
}

function addedSet(edit: Edit): Set<number> {
  return edit.memo('k8s:added', () => new Set(newlyAdded(edit).map((l) => l.line)));
}

/** Entries on lines this change really adds, with their document. */
function addedEntries(edit: Edit): { doc: K8sDoc; e: YamlEntry }[] {
  return edit.memo('k8s:added-entries', () => {
    const added = addedSet(edit);
    const out: { doc: K8sDoc; e: YamlEntry }[] = [];
    for (const doc of docsOf(edit, 'after')) for (const e of doc.entries) if (added.has(e.line) || added.has(e.valueLine)) out.push({ doc, e });
    return out;
  });
}

const lastKey = (e: YamlEntry): string | number | undefined => e.path[e.path.length - 1];
const isValues = (edit: Edit): boolean => edit.file.kinds.has('helm-values');
const label = (d: K8sDoc): string => `${d.kind}${d.name && !/^_+$/.test(d.name) ? ` ${d.name}` : ''}`;

function removedDocs(edit: Edit, kinds: readonly string[]): K8sDoc[] {
  const before = docsOf(edit, 'before').filter((d) => kinds.includes(d.kind));
  if (before.length === 0) return [];
  const after = docsOf(edit, 'after');
  const key = (d: K8sDoc): string => `${d.kind}\u0000${d.namespace}\u0000${d.name}`;
  const remaining = new Map<string, number>();
  for (const d of after) remaining.set(key(d), (remaining.get(key(d)) ?? 0) + 1);
  return before.filter((d) => {
    const n = remaining.get(key(d)) ?? 0;
    if (n > 0) {
      remaining.set(key(d), n - 1);
      return false;
    }
    return true;
  });
}

const KINDS = ['kubernetes', 'helm-template', 'helm-values'] as const;
const DEPLOY = 'k8s/api/deployment.yaml';

export const k8sRules: EditRule[] = [
  {
    id: 'k8s.replicas-zero',
    description: 'A workload is scaled to zero replicas (manifest spec.replicas or Helm replicaCount)',
    severity: 'high',
    suggestion: 'Scale down gradually and keep at least one replica unless the service is being retired on purpose.',
    kinds: [...KINDS],
    examples: {
      match: [
        {
          name: 'deployment to zero',
          path: DEPLOY,
          before: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: api}\n',
          after: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 0\n  selector:\n    matchLabels: {app: api}\n',
          line: 6,
          side: 'after',
        },
        {
          name: 'helm values replicaCount 0',
          path: 'charts/api/values.yaml',
          before: 'replicaCount: 2\nimage:\n  repository: acme/api\n',
          after: 'replicaCount: 0\nimage:\n  repository: acme/api\n',
          line: 1,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'scaled up',
          path: DEPLOY,
          before: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n',
          after: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 5\n',
        },
        {
          name: 'zero in a comment',
          path: DEPLOY,
          before: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n',
          after: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  # replicas: 0 during maintenance\n  replicas: 3\n',
        },
        {
          name: 'hpa minReplicas',
          path: 'k8s/api/hpa.yaml',
          before: null,
          after: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  minReplicas: 2\n  maxReplicas: 10\n',
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      for (const { doc, e } of addedEntries(edit)) {
        if (e.value !== '0') continue;
        const manifest = e.path.length === 2 && e.path[0] === 'spec' && e.path[1] === 'replicas';
        const values = isValues(edit) && (lastKey(e) === 'replicaCount' || lastKey(e) === 'replicas');
        if (manifest || values) {
          out.push({ message: `scales ${manifest ? label(doc) : `the chart's ${String(lastKey(e))}`} to zero replicas: the service stops serving`, line: e.line, side: 'after' });
        }
      }
      return out;
    },
  },
  {
    id: 'k8s.namespace-removed',
    description: 'A Namespace manifest is removed (file deleted or document removed): pruning or deleting it removes everything inside',
    severity: 'critical',
    suggestion: 'Keep the Namespace manifest; if it must go, move the workloads out first and delete it by hand after a backup.',
    kinds: [...KINDS],
    examples: {
      match: [
        {
          name: 'namespace file deleted',
          path: 'k8s/namespace.yaml',
          before: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n',
          after: null,
          line: 2,
          side: 'before',
        },
        {
          name: 'namespace document removed from a bundle',
          path: 'k8s/bundle.yaml',
          before: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: payments\n',
          after: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: payments\n',
          line: 2,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'namespace labels changed',
          path: 'k8s/namespace.yaml',
          before: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n',
          after: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  labels:\n    team: billing\n',
        },
        {
          name: 'documents reordered',
          path: 'k8s/bundle.yaml',
          before: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n',
          after: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n',
        },
      ],
    },
    check(edit) {
      return removedDocs(edit, ['Namespace']).map((d) => ({
        message: `removes the Namespace ${d.name || '(unnamed)'}: applying with prune, or deleting it, removes every object in it`,
        line: d.line,
        side: 'before' as const,
        endLine: d.endLine,
      }));
    },
  },
  {
    id: 'k8s.pvc-removed',
    description: 'A PersistentVolumeClaim (or PersistentVolume) manifest is removed: its volume may be deleted with it',
    severity: 'high',
    suggestion: 'Set the volume reclaim policy to Retain and back up the data before removing the claim.',
    kinds: [...KINDS],
    examples: {
      match: [
        {
          name: 'pvc file deleted',
          path: 'k8s/db/pvc.yaml',
          before: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: pg-data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 50Gi\n',
          after: null,
          line: 2,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'pvc resized',
          path: 'k8s/db/pvc.yaml',
          before: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: pg-data\nspec:\n  resources:\n    requests:\n      storage: 50Gi\n',
          after: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: pg-data\nspec:\n  resources:\n    requests:\n      storage: 100Gi\n',
        },
        {
          name: 'service removed',
          path: 'k8s/db/svc.yaml',
          before: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: pg\n',
          after: null,
        },
      ],
    },
    check(edit) {
      return removedDocs(edit, ['PersistentVolumeClaim', 'PersistentVolume']).map((d) => ({
        message: `removes the ${d.kind} ${d.name || '(unnamed)'}: with a Delete reclaim policy its data is deleted`,
        line: d.line,
        side: 'before' as const,
        endLine: d.endLine,
      }));
    },
  },
  {
    id: 'k8s.reclaim-policy-delete',
    description: 'persistentVolumeReclaimPolicy / reclaimPolicy set to Delete',
    severity: 'medium',
    suggestion: 'Use Retain for volumes that hold data you cannot rebuild.',
    kinds: [...KINDS],
    examples: {
      match: [
        {
          name: 'PV Retain to Delete',
          path: 'k8s/pv.yaml',
          before: 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pg\nspec:\n  persistentVolumeReclaimPolicy: Retain\n',
          after: 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pg\nspec:\n  persistentVolumeReclaimPolicy: Delete\n',
          line: 6,
          side: 'after',
          severity: 'high',
        },
        {
          name: 'new StorageClass with Delete',
          path: 'k8s/storageclass.yaml',
          before: null,
          after: 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: ebs.csi.aws.com\nreclaimPolicy: Delete\n',
          line: 6,
          side: 'after',
          severity: 'medium',
        },
      ],
      nearMiss: [
        {
          name: 'Retain',
          path: 'k8s/storageclass.yaml',
          before: null,
          after: 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: ebs.csi.aws.com\nreclaimPolicy: Retain\n',
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      const beforeRetain = new Set(
        docsOf(edit, 'before')
          .filter((d) => d.entries.some((e) => (lastKey(e) === 'persistentVolumeReclaimPolicy' || lastKey(e) === 'reclaimPolicy') && e.value === 'Retain'))
          .map((d) => `${d.kind}/${d.name}`),
      );
      for (const { doc, e } of addedEntries(edit)) {
        const k = lastKey(e);
        if ((k !== 'persistentVolumeReclaimPolicy' && k !== 'reclaimPolicy') || e.value !== 'Delete') continue;
        const wasRetain = beforeRetain.has(`${doc.kind}/${doc.name}`);
        out.push({
          severity: wasRetain ? 'high' : 'medium',
          message: `${wasRetain ? 'changes' : 'sets'} the reclaim policy of ${label(doc) || 'the volume'} ${wasRetain ? 'from Retain ' : ''}to Delete: the volume and its data are deleted when the claim goes`,
          line: e.line,
          side: 'after',
        });
      }
      return out;
    },
  },
  {
    id: 'k8s.privileged',
    description: 'Privileged container, dangerous capabilities, or host namespaces',
    severity: 'high',
    suggestion: 'Drop privileged mode; grant only the specific capability needed and keep host namespaces off.',
    kinds: [...KINDS],
    examples: {
      match: [
        {
          name: 'privileged true',
          path: DEPLOY,
          before: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          image: acme/agent:1.2\n',
          after:
            'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          image: acme/agent:1.2\n          securityContext:\n            privileged: true\n',
          line: 12,
          side: 'after',
          severity: 'high',
        },
        {
          name: 'helm template privileged',
          path: 'charts/agent/templates/daemonset.yaml',
          before: null,
          after:
            'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {{ include "agent.fullname" . }}\nspec:\n  template:\n    spec:\n      hostPID: true\n      containers:\n        - name: agent\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          securityContext:\n            privileged: true\n',
          line: 13,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'privileged false',
          path: DEPLOY,
          before: null,
          after: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox\n      securityContext:\n        privileged: false\n        allowPrivilegeEscalation: false\n',
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      for (const { doc, e } of addedEntries(edit)) {
        const k = lastKey(e);
        if (k === 'privileged' && e.value === 'true') {
          out.push({ message: `runs a privileged container in ${label(doc) || 'the chart'}: it has full control of the node`, line: e.line, side: 'after' });
        } else if ((k === 'hostPID' || k === 'hostIPC' || k === 'hostNetwork') && e.value === 'true') {
          out.push({ severity: 'medium', message: `shares the node's ${String(k).slice(4)} namespace with ${label(doc) || 'the pod'}`, line: e.line, side: 'after' });
        } else if (typeof k === 'number' && e.path.includes('capabilities') && e.path[e.path.length - 2] === 'add' && (e.value === 'SYS_ADMIN' || e.value === 'ALL')) {
          out.push({ message: `adds the ${e.value} capability in ${label(doc) || 'the chart'}: close to a privileged container`, line: e.line, side: 'after' });
        } else if (k === 'allowPrivilegeEscalation' && e.value === 'true') {
          out.push({ severity: 'medium', message: 'allows privilege escalation in the container', line: e.line, side: 'after' });
        }
      }
      return out;
    },
  },
  {
    id: 'k8s.hostpath-root',
    description: 'hostPath volume of the node root "/" (or the container runtime socket, /etc, /var/lib/kubelet)',
    severity: 'critical',
    suggestion: 'Mount only the specific host directory needed, read-only, or use a PersistentVolumeClaim.',
    kinds: [...KINDS],
    examples: {
      match: [
        {
          name: 'hostPath /',
          path: DEPLOY,
          before: null,
          after: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: sh\n      image: busybox\n  volumes:\n    - name: host\n      hostPath:\n        path: /\n',
          line: 12,
          side: 'after',
          severity: 'critical',
        },
        {
          name: 'docker socket',
          path: DEPLOY,
          before: null,
          after: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: builder\nspec:\n  volumes:\n    - name: docker\n      hostPath:\n        path: /var/run/docker.sock\n',
          line: 9,
          side: 'after',
          severity: 'high',
        },
      ],
      nearMiss: [
        {
          name: 'hostPath of a log directory',
          path: DEPLOY,
          before: null,
          after: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: shipper\nspec:\n  volumes:\n    - name: logs\n      hostPath:\n        path: /var/log/app\n',
        },
        {
          name: 'mountPath /',
          path: DEPLOY,
          before: null,
          after: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox\n      volumeMounts:\n        - name: data\n          mountPath: /\n',
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      for (const { doc, e } of addedEntries(edit)) {
        if (lastKey(e) !== 'path' || e.path[e.path.length - 2] !== 'hostPath' || e.value === undefined) continue;
        const p = e.value.replace(/\/+$/, '') || '/';
        if (p === '/') {
          out.push({ message: `mounts the node's whole filesystem (hostPath /) into ${label(doc) || 'the pod'}`, line: e.line, side: 'after' });
        } else if (/^\/(var\/)?run\/(docker|containerd\/containerd|crio\/crio)\.sock$|^\/etc$|^\/var\/lib\/kubelet$|^\/root$|^\/proc$|^\/sys$|^\/boot$/.test(p)) {
          out.push({ severity: 'high', message: `mounts the host path ${p} into ${label(doc) || 'the pod'}: it gives control over the node`, line: e.line, side: 'after' });
        }
      }
      return out;
    },
  },
  {
    id: 'k8s.rbac-wildcard',
    description: 'RBAC rule with "*" verbs, resources or apiGroups, or a binding to cluster-admin',
    severity: 'high',
    suggestion: 'List the verbs and resources the subject needs; bind narrower roles than cluster-admin.',
    kinds: [...KINDS],
    examples: {
      match: [
        {
          name: 'clusterrole all verbs all resources',
          path: 'k8s/rbac.yaml',
          before: null,
          after: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: deployer\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n',
          line: 8,
          side: 'after',
          severity: 'critical',
        },
        {
          name: 'verbs widened to *',
          path: 'k8s/rbac.yaml',
          before: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs:\n      - get\n      - list\n',
          after: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs:\n      - "*"\n',
          line: 9,
          side: 'after',
          severity: 'high',
        },
        {
          name: 'binding to cluster-admin',
          path: 'k8s/rbac.yaml',
          before: null,
          after: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: ci\n',
          line: 8,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'specific verbs',
          path: 'k8s/rbac.yaml',
          before: null,
          after: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n    verbs: ["get", "list", "watch"]\n',
        },
        {
          name: 'wildcard already there, label added',
          path: 'k8s/rbac.yaml',
          before: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: admin-ish\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n',
          after: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: admin-ish\n  labels:\n    team: platform\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n',
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      const reported = new Set<string>();
      for (const { doc, e } of addedEntries(edit)) {
        if (doc.kind === 'ClusterRoleBinding' || doc.kind === 'RoleBinding') {
          if (pathPattern(e.path) === 'roleRef.name' && e.value === 'cluster-admin') {
            out.push({ message: `binds ${label(doc)} to cluster-admin: full control of the cluster`, line: e.line, side: 'after' });
          }
          continue;
        }
        if (doc.kind !== 'Role' && doc.kind !== 'ClusterRole' && !isValues(edit)) continue;
        if (e.value !== '*' || typeof lastKey(e) !== 'number') continue;
        const field = e.path[e.path.length - 2];
        if (field !== 'verbs' && field !== 'resources' && field !== 'apiGroups') continue;
        const ruleIdx = e.path.slice(0, -2).join('.');
        if (reported.has(`${doc.startLine}:${ruleIdx}`)) continue;
        const inRule = (f: string): boolean => doc.entries.some((x) => x.path.slice(0, -2).join('.') === ruleIdx && x.path[x.path.length - 2] === f && x.value === '*');
        const all = inRule('verbs') && inRule('resources');
        if (field === 'apiGroups' && !all) {
          out.push({ severity: 'medium', message: `grants access in every API group in ${label(doc)}`, line: e.line, side: 'after' });
          continue;
        }
        reported.add(`${doc.startLine}:${ruleIdx}`);
        out.push({
          severity: all ? 'critical' : 'high',
          message: all ? `grants every verb on every resource in ${label(doc)}: equivalent to cluster-admin` : `grants "*" ${field} in ${label(doc)}`,
          line: all ? Math.max(...doc.entries.filter((x) => x.path.slice(0, -2).join('.') === ruleIdx && x.value === '*' && (x.path[x.path.length - 2] === 'verbs' || x.path[x.path.length - 2] === 'resources')).map((x) => x.line)) : e.line,
          side: 'after',
        });
      }
      return out;
    },
  },
];
