// Writes examples/live-dump-healthy/dump.yaml and examples/live-dump-broken/dump.yaml: what
//   kubectl get ns,svc,deploy,sts,rs,pod,endpointslices,netpol,cm,mutatingwebhookconfigurations,\
//     peerauthentication,destinationrule,sidecar,authorizationpolicy -A -o yaml
// prints for a small cluster (kube-system with CoreDNS, istio-system with istiod 1.22.3 and an
// ingress gateway, a Kafka/ZooKeeper namespace, a shop of Deployments with rollout history):
// one `kind: List`, keys sorted as kubectl sorts them, managedFields, status, server defaults.
// The generated files are committed; run `node scripts/generate-live-dumps.mjs` after editing
// this script. Everything is deterministic (no clock, no randomness).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ISTIO = '1.22.3';
const OLD_ISTIO = '1.21.2';
const DOMAIN = 'cluster.local';

// ---- deterministic identities -------------------------------------------------------------
let counter = 0;
const uid = () => {
  counter++;
  const h = (n) => ((counter * 2654435761 + n * 40503) >>> 0).toString(16).padStart(8, '0');
  return `${h(1)}-${h(2).slice(0, 4)}-4${h(3).slice(0, 3)}-a${h(4).slice(0, 3)}-${h(5)}${h(6).slice(0, 4)}`;
};
let rv = 1000;
const resourceVersion = () => String((rv += 37));
const hashOf = (text) => {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += alphabet[h % alphabet.length];
    h = Math.imul(h, 2654435761) >>> 0 || 7;
  }
  return out;
};
const podSuffix = (seed) => hashOf(seed).slice(0, 5);
const time = (day, minute = 0) => `2026-11-${String(day).padStart(2, '0')}T${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`;
let podIp = 10;
const nextPodIp = () => `10.244.${1 + (podIp % 3)}.${podIp++}`;
let clusterIp = 10;
const nextClusterIp = () => `10.96.${Math.floor(clusterIp / 250)}.${(clusterIp++ % 250) + 2}`;
const nodes = ['worker-1', 'worker-2', 'worker-3'];

// ---- metadata as the API server writes it ----------------------------------------------------
function meta(kind, name, namespace, { labels, annotations, owner, created = time(1), generateName, managers = [] } = {}) {
  const m = {
    creationTimestamp: created,
    name,
    resourceVersion: resourceVersion(),
    uid: uid(),
  };
  if (namespace) m.namespace = namespace;
  if (labels && Object.keys(labels).length) m.labels = labels;
  if (annotations && Object.keys(annotations).length) m.annotations = annotations;
  if (generateName) m.generateName = generateName;
  if (owner) m.ownerReferences = [{ apiVersion: owner.apiVersion, blockOwnerDeletion: true, controller: true, kind: owner.kind, name: owner.name, uid: owner.uid }];
  if (kind !== 'Namespace' || managers.length) m.managedFields = managers.map(([manager, operation, fields, subresource]) => ({
    apiVersion: apiVersionOf(kind),
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
    manager,
    operation,
    ...(subresource ? { subresource } : {}),
    time: created,
  }));
  return m;
}

function apiVersionOf(kind) {
  return {
    Deployment: 'apps/v1',
    StatefulSet: 'apps/v1',
    ReplicaSet: 'apps/v1',
    EndpointSlice: 'discovery.k8s.io/v1',
    NetworkPolicy: 'networking.k8s.io/v1',
    MutatingWebhookConfiguration: 'admissionregistration.k8s.io/v1',
    PeerAuthentication: 'security.istio.io/v1',
    AuthorizationPolicy: 'security.istio.io/v1',
    DestinationRule: 'networking.istio.io/v1',
    Sidecar: 'networking.istio.io/v1',
  }[kind] ?? 'v1';
}

/** The managedFields shape of an applied object: every key of `value` as `f:key`. */
function fieldsOf(value) {
  if (Array.isArray(value)) {
    const out = {};
    for (const item of value) {
      const key = item && typeof item === 'object' && 'name' in item ? `k:{"name":"${item.name}"}` : item && typeof item === 'object' && 'port' in item ? `k:{"port":${item.port},"protocol":"${item.protocol ?? 'TCP'}"}` : undefined;
      if (key) out[key] = { '.': {}, ...fieldsOf(Object.fromEntries(Object.entries(item).filter(([k]) => k !== 'name'))) };
    }
    return out;
  }
  if (!value || typeof value !== 'object') return {};
  const out = {};
  for (const [k, v] of Object.entries(value)) out[`f:${k}`] = v && typeof v === 'object' && Object.keys(v).length ? (Array.isArray(v) ? fieldsOf(v) : { '.': {}, ...fieldsOf(v) }) : {};
  return out;
}

const lastApplied = (obj) => ({ 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(obj)}\n` });

// ---- objects ----------------------------------------------------------------------------------
const items = [];
const add = (o) => (items.push(o), o);

function namespace(name, labels = {}, created = time(1)) {
  return add({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('Namespace', name, undefined, { labels: { 'kubernetes.io/metadata.name': name, ...labels }, created, managers: [['kubectl-client-side-apply', 'Update', { 'f:metadata': { 'f:labels': fieldsOf(labels) } }]] }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
}

function configMap(ns, name, data, { labels, applied = true } = {}) {
  const value = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, ...(labels ? { labels } : {}) }, data };
  return add({ apiVersion: 'v1', data, kind: 'ConfigMap', metadata: meta('ConfigMap', name, ns, { labels, annotations: applied ? lastApplied(value) : undefined, managers: [[applied ? 'kubectl-client-side-apply' : 'kube-controller-manager', 'Update', { 'f:data': fieldsOf(data) }]] }) });
}

function rootCerts(ns) {
  configMap(ns, 'kube-root-ca.crt', { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n-----END CERTIFICATE-----\n' }, { applied: false });
}

function istioRootCert(ns) {
  configMap(ns, 'istio-ca-root-cert', { 'root-cert.pem': '-----BEGIN CERTIFICATE-----\nMIIC/DCCAeSgAwIBAgIQIstio0rootCertificate0000wDQYJKoZIhvcNAQELBQAw\n-----END CERTIFICATE-----\n' }, { labels: { 'istio.io/config': 'true' }, applied: false });
}

function service(ns, name, { selector, ports, headless = false, publishNotReady = false, labels = {} }) {
  const spec = {
    ...(headless ? { clusterIP: 'None', clusterIPs: ['None'] } : (() => {
      const ip = nextClusterIp();
      return { clusterIP: ip, clusterIPs: [ip] };
    })()),
    internalTrafficPolicy: 'Cluster',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) })),
    ...(publishNotReady ? { publishNotReadyAddresses: true } : {}),
    selector,
    sessionAffinity: 'None',
    type: 'ClusterIP',
  };
  const applied = { apiVersion: 'v1', kind: 'Service', metadata: { labels, name, namespace: ns }, spec: { ...(headless ? { clusterIP: 'None' } : {}), ports: spec.ports, selector } };
  return add({ apiVersion: 'v1', kind: 'Service', metadata: meta('Service', name, ns, { labels, annotations: lastApplied(applied), managers: [['kubectl-client-side-apply', 'Update', { 'f:spec': fieldsOf(applied.spec) }]] }), spec, status: { loadBalancer: {} } });
}

/** The EndpointSlice the controller writes for a Service and its pods. */
function endpointSlice(svc, pods, { headless = false } = {}) {
  const ns = svc.metadata.namespace;
  const name = `${svc.metadata.name}-${hashOf(svc.metadata.name + ns).slice(0, 5)}`;
  const publish = svc.spec.publishNotReadyAddresses === true;
  const endpoints = pods.map((pod) => {
    const ready = pod.status.conditions.find((c) => c.type === 'Ready').status === 'True';
    const e = {
      addresses: [pod.status.podIP],
      conditions: { ready: ready || publish, serving: ready, terminating: false },
      ...(headless && pod.spec.hostname ? { hostname: pod.spec.hostname } : {}),
      nodeName: pod.spec.nodeName,
      targetRef: { kind: 'Pod', name: pod.metadata.name, namespace: ns, uid: pod.metadata.uid },
      zone: 'zone-a',
    };
    return e;
  });
  return add({
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints,
    kind: 'EndpointSlice',
    metadata: {
      ...meta('EndpointSlice', name, ns, {
        labels: { ...svc.metadata.labels, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': svc.metadata.name, ...(headless ? { 'service.kubernetes.io/headless': '' } : {}) },
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': time(2, 30) },
        owner: { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid },
        generateName: `${svc.metadata.name}-`,
        managers: [['endpointslice-controller', 'Update', { 'f:addressType': {}, 'f:endpoints': {}, 'f:metadata': { 'f:labels': {} }, 'f:ports': {} }]],
      }),
      ownerReferences: [{ apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid }],
    },
    ports: svc.spec.ports.map((p) => ({ name: p.name, port: typeof p.targetPort === 'number' ? p.targetPort : p.port, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) })),
  });
}

// ---- pods: the template, injected as the webhook does, with status ---------------------------
const proxyPorts = [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }];

function injected(template, ns, podName, { revision = 'default', istio = ISTIO, appContainers }) {
  const spec = template.spec;
  const proxy = {
    args: ['proxy', 'sidecar', '--domain', `$(POD_NAMESPACE).svc.${DOMAIN}`, '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
    env: [
      { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
      { name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } },
      { name: 'INSTANCE_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
      { name: 'SERVICE_ACCOUNT', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.serviceAccountName' } } },
      { name: 'PROXY_CONFIG', value: '{}\n' },
      { name: 'ISTIO_META_POD_PORTS', value: JSON.stringify(appContainers.flatMap((c) => c.ports ?? [])) },
      { name: 'ISTIO_META_APP_CONTAINERS', value: appContainers.map((c) => c.name).join(',') },
      { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
      { name: 'ISTIO_META_NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
      { name: 'ISTIO_META_INTERCEPTION_MODE', value: 'REDIRECT' },
      { name: 'ISTIO_META_WORKLOAD_NAME', value: podName.replace(/-[a-z0-9]+(-[a-z0-9]+)?$/, '') },
      { name: 'ISTIO_META_OWNER', value: `kubernetes://apis/apps/v1/namespaces/${ns}/deployments/${podName}` },
      { name: 'ISTIO_META_MESH_ID', value: DOMAIN },
      { name: 'TRUST_DOMAIN', value: DOMAIN },
    ],
    image: `docker.io/istio/proxyv2:${istio}`,
    imagePullPolicy: 'IfNotPresent',
    name: 'istio-proxy',
    ports: proxyPorts,
    readinessProbe: { failureThreshold: 4, httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' }, periodSeconds: 15, successThreshold: 1, timeoutSeconds: 3 },
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsGroup: 1337, runAsNonRoot: true, runAsUser: 1337 },
    startupProbe: { failureThreshold: 600, httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' }, periodSeconds: 1, successThreshold: 1, timeoutSeconds: 3 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: [
      { mountPath: '/var/run/secrets/workload-spiffe-uds', name: 'workload-socket' },
      { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
      { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
      { mountPath: '/var/run/secrets/tokens', name: 'istio-token' },
    ],
  };
  const init = {
    args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020', '--log_output_level=default:info'],
    image: `docker.io/istio/proxyv2:${istio}`,
    imagePullPolicy: 'IfNotPresent',
    name: 'istio-init',
    resources: { limits: { cpu: '2', memory: '1Gi' }, requests: { cpu: '100m', memory: '128Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: false, runAsGroup: 0, runAsNonRoot: false, runAsUser: 0 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
  return {
    annotations: {
      'istio.io/rev': revision,
      'kubectl.kubernetes.io/default-container': appContainers[0].name,
      'kubectl.kubernetes.io/default-logs-container': appContainers[0].name,
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
      'sidecar.istio.io/status': JSON.stringify({ initContainers: ['istio-init'], containers: ['istio-proxy'], volumes: ['workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert'], imagePullSecrets: null, revision }),
    },
    labels: { 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': template.metadata.labels.app, 'service.istio.io/canonical-revision': 'latest' },
    spec: {
      ...spec,
      containers: [...spec.containers, proxy],
      initContainers: [...(spec.initContainers ?? []), init],
      volumes: [
        ...(spec.volumes ?? []),
        { emptyDir: {}, name: 'workload-socket' },
        { emptyDir: {}, name: 'credential-socket' },
        { emptyDir: {}, name: 'workload-certs' },
        { emptyDir: { medium: 'Memory' }, name: 'istio-envoy' },
        { emptyDir: {}, name: 'istio-data' },
        { downwardAPI: { defaultMode: 420, items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' }, path: 'labels' }] }, name: 'istio-podinfo' },
        { name: 'istio-token', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
        { configMap: { defaultMode: 420, name: 'istio-ca-root-cert' }, name: 'istiod-ca-cert' },
      ],
    },
  };
}

/** Server defaults a Pod spec shows after admission. */
function defaulted(spec, podName, node, { hostname, subdomain } = {}) {
  const container = (c) => ({ imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', ...c });
  return {
    ...spec,
    containers: spec.containers.map(container),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(container) } : {}),
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    enableServiceLinks: true,
    ...(hostname ? { hostname } : {}),
    nodeName: node,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: spec.securityContext ?? {},
    serviceAccount: spec.serviceAccountName ?? 'default',
    serviceAccountName: spec.serviceAccountName ?? 'default',
    ...(subdomain ? { subdomain } : {}),
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    tolerations: [
      { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
      { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
    ],
  };
}

/**
 * A container's status: running and ready, or, with `crash`, in CrashLoopBackOff after
 * `crash` restarts (the last one terminated with `exitCode`).
 */
function containerStatus(c, { crash, started = time(2, 5), notReady = false } = {}) {
  const base = { containerID: `containerd://${hashOf(c.name + started)}${hashOf(c.image)}`, image: c.image, imageID: `${c.image.split(':')[0]}@sha256:${hashOf(c.image)}${hashOf(c.image + 'x')}`, name: c.name };
  if (crash) {
    // The proxy runs out of its memory limit (1Gi) under ZooKeeper's connection churn.
    return { ...base, lastState: { terminated: { containerID: base.containerID, exitCode: 137, finishedAt: time(2, 58), reason: 'OOMKilled', startedAt: time(2, 57) } }, ready: false, restartCount: crash, started: false, state: { waiting: { message: `back-off 5m0s restarting failed container=${c.name}`, reason: 'CrashLoopBackOff' } } };
  }
  return { ...base, lastState: {}, ready: !notReady, restartCount: 0, started: true, state: { running: { startedAt: started } } };
}

function pod(ns, name, template, { owner, node, hostname, subdomain, mesh, crashProxy, extraLabels = {}, created = time(2) }) {
  const appContainers = template.spec.containers;
  const inj = mesh ? injected(template, ns, name, { appContainers, ...(mesh === true ? {} : mesh) }) : undefined;
  const labels = { ...template.metadata.labels, ...extraLabels, ...(inj?.labels ?? {}) };
  const annotations = { ...(template.metadata.annotations ?? {}), ...(inj?.annotations ?? {}) };
  const spec = defaulted(inj ? inj.spec : template.spec, name, node, { hostname, subdomain });
  const ip = nextPodIp();
  const statuses = spec.containers.map((c) => containerStatus(c, { crash: crashProxy && c.name === 'istio-proxy' ? crashProxy : undefined }));
  const ready = statuses.every((s) => s.ready);
  const initStatuses = (spec.initContainers ?? []).map((c) => ({ ...containerStatus(c), ready: true, started: false, state: { terminated: { containerID: `containerd://${hashOf(c.name + name)}`, exitCode: 0, finishedAt: time(2, 4), reason: 'Completed', startedAt: time(2, 3) } } }));
  const conditions = [
    { lastProbeTime: null, lastTransitionTime: time(2, 4), status: 'True', type: 'PodReadyToStartContainers' },
    { lastProbeTime: null, lastTransitionTime: time(2, 4), status: 'True', type: 'Initialized' },
    { lastProbeTime: null, lastTransitionTime: time(2, 6), ...(ready ? { status: 'True' } : { message: `containers with unready status: [istio-proxy]`, reason: 'ContainersNotReady', status: 'False' }), type: 'Ready' },
    { lastProbeTime: null, lastTransitionTime: time(2, 6), ...(ready ? { status: 'True' } : { message: `containers with unready status: [istio-proxy]`, reason: 'ContainersNotReady', status: 'False' }), type: 'ContainersReady' },
    { lastProbeTime: null, lastTransitionTime: time(2, 2), status: 'True', type: 'PodScheduled' },
  ];
  return add({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('Pod', name, ns, {
      labels,
      annotations,
      owner,
      created,
      generateName: owner.kind === 'ReplicaSet' ? `${owner.name}-` : `${owner.name}-`,
      managers: [
        ['kube-controller-manager', 'Update', { 'f:metadata': { 'f:generateName': {}, 'f:labels': fieldsOf(template.metadata.labels), 'f:ownerReferences': {} }, 'f:spec': fieldsOf(template.spec) }],
        ['kubelet', 'Update', { 'f:status': { 'f:conditions': {}, 'f:containerStatuses': {}, 'f:hostIP': {}, 'f:phase': {}, 'f:podIP': {}, 'f:podIPs': {}, 'f:startTime': {} } }, 'status'],
      ],
    }),
    spec,
    status: {
      conditions,
      containerStatuses: statuses,
      hostIP: `192.168.10.${11 + nodes.indexOf(node)}`,
      hostIPs: [{ ip: `192.168.10.${11 + nodes.indexOf(node)}` }],
      ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      qosClass: 'Burstable',
      startTime: time(2, 2),
    },
  });
}

function template(labels, containers, extra = {}) {
  return { metadata: { labels, ...(extra.annotations ? { annotations: extra.annotations } : {}) }, spec: { containers, ...(extra.spec ?? {}) } };
}

/**
 * A Deployment with its rollout history: revisions older than the last are ReplicaSets scaled
 * to 0 that keep the templates they had (older images, older settings).
 */
function deployment(ns, name, revisions, { replicas = 2, mesh = false, labels = {} } = {}) {
  const current = revisions[revisions.length - 1];
  const applied = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { labels, name, namespace: ns }, spec: { replicas, selector: { matchLabels: current.metadata.labels }, template: current } };
  const d = add({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('Deployment', name, ns, { labels, annotations: { 'deployment.kubernetes.io/revision': String(revisions.length), ...lastApplied(applied) }, managers: [['kubectl-client-side-apply', 'Update', { 'f:spec': fieldsOf(applied.spec) }], ['kube-controller-manager', 'Update', { 'f:status': { 'f:availableReplicas': {}, 'f:conditions': {}, 'f:readyReplicas': {}, 'f:replicas': {} } }, 'status']] }),
    spec: { progressDeadlineSeconds: 600, replicas, revisionHistoryLimit: 10, selector: { matchLabels: current.metadata.labels }, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' }, template: { ...current, metadata: { creationTimestamp: null, ...current.metadata } } },
    status: { availableReplicas: replicas, conditions: [{ lastTransitionTime: time(2, 10), lastUpdateTime: time(2, 10), message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' }, { lastTransitionTime: time(1, 10), lastUpdateTime: time(2, 10), message: `ReplicaSet "${name}-${hashOf(name + revisions.length)}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' }], observedGeneration: revisions.length, readyReplicas: replicas, replicas, updatedReplicas: replicas },
  });
  const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name, uid: d.metadata.uid };
  let rsCurrent;
  revisions.forEach((t, i) => {
    const hash = hashOf(name + (i + 1));
    const rsName = `${name}-${hash}`;
    const isCurrent = i === revisions.length - 1;
    const rsTemplate = { metadata: { ...t.metadata, labels: { ...t.metadata.labels, 'pod-template-hash': hash } }, spec: t.spec };
    const rs = add({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('ReplicaSet', rsName, ns, { labels: rsTemplate.metadata.labels, annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + 1), 'deployment.kubernetes.io/revision': String(i + 1) }, owner, created: time(1 + i), managers: [['kube-controller-manager', 'Update', { 'f:spec': { 'f:replicas': {} } }]] }),
      spec: { replicas: isCurrent ? replicas : 0, selector: { matchLabels: rsTemplate.metadata.labels }, template: { ...rsTemplate, metadata: { creationTimestamp: null, ...rsTemplate.metadata } } },
      status: isCurrent ? { availableReplicas: replicas, fullyLabeledReplicas: replicas, observedGeneration: 1, readyReplicas: replicas, replicas } : { observedGeneration: 2, replicas: 0 },
    });
    if (isCurrent) rsCurrent = { rs, hash, template: rsTemplate };
  });
  const pods = [];
  for (let i = 0; i < replicas; i++) {
    const podName = `${rsCurrent.rs.metadata.name}-${podSuffix(name + i)}`;
    pods.push(pod(ns, podName, rsCurrent.template, { owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsCurrent.rs.metadata.name, uid: rsCurrent.rs.metadata.uid }, node: nodes[i % 3], mesh }));
  }
  return { deployment: d, pods };
}

function statefulSet(ns, name, serviceName, tmpl, { replicas = 3, mesh = false, crashProxy = {} } = {}) {
  const applied = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: ns }, spec: { replicas, serviceName, selector: { matchLabels: tmpl.metadata.labels }, template: tmpl } };
  const revisionHash = `${name}-${hashOf(name).slice(0, 10)}`;
  const s = add({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('StatefulSet', name, ns, { labels: tmpl.metadata.labels, annotations: lastApplied(applied), managers: [['kubectl-client-side-apply', 'Update', { 'f:spec': fieldsOf(applied.spec) }], ['kube-controller-manager', 'Update', { 'f:status': { 'f:availableReplicas': {}, 'f:currentRevision': {}, 'f:readyReplicas': {} } }, 'status']] }),
    spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' }, podManagementPolicy: 'Parallel', replicas, revisionHistoryLimit: 10, selector: { matchLabels: tmpl.metadata.labels }, serviceName, template: { ...tmpl, metadata: { creationTimestamp: null, ...tmpl.metadata } }, updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' } },
    status: { availableReplicas: replicas - Object.keys(crashProxy).length, collisionCount: 0, currentReplicas: replicas, currentRevision: revisionHash, observedGeneration: 1, readyReplicas: replicas - Object.keys(crashProxy).length, replicas, updateRevision: revisionHash, updatedReplicas: replicas },
  });
  const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', name, uid: s.metadata.uid };
  const pods = [];
  for (let i = 0; i < replicas; i++) {
    const podName = `${name}-${i}`;
    pods.push(pod(ns, podName, tmpl, { owner, node: nodes[i % 3], hostname: podName, subdomain: serviceName, mesh, crashProxy: crashProxy[i], extraLabels: { 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': revisionHash, 'statefulset.kubernetes.io/pod-name': podName } }));
  }
  return { statefulSet: s, pods };
}

function netpol(ns, name, spec) {
  const applied = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
  return add({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('NetworkPolicy', name, ns, { annotations: lastApplied(applied), managers: [['kubectl-client-side-apply', 'Update', { 'f:spec': fieldsOf(spec) }]] }), spec });
}

function istioObject(kind, ns, name, spec) {
  const apiVersion = apiVersionOf(kind);
  const applied = { apiVersion, kind, metadata: { name, namespace: ns }, spec };
  return add({ apiVersion, kind, metadata: { ...meta(kind, name, ns, { annotations: lastApplied(applied), managers: [['kubectl-client-side-apply', 'Update', { 'f:spec': fieldsOf(spec) }]] }), generation: 1 }, spec });
}

// ---- the cluster ------------------------------------------------------------------------------
const container = (name, image, ports = [], extra = {}) => ({ name, image, ...(ports.length ? { ports: ports.map(([n, p]) => ({ containerPort: p, name: n, protocol: 'TCP' })) } : {}), ...extra });
const env = (pairs) => ({ env: Object.entries(pairs).map(([name, value]) => ({ name, value })) });

function cluster(broken) {
  items.length = 0;
  counter = 0;
  rv = 1000;
  podIp = 10;
  clusterIp = 10;

  for (const ns of ['default', 'kube-public', 'kube-node-lease']) namespace(ns);
  namespace('kube-system');
  namespace('istio-system');
  namespace('kafka', { 'istio-injection': 'enabled' }, time(1, 30));
  namespace('shop', { 'istio-injection': 'enabled' }, time(1, 30));
  for (const ns of ['default', 'kube-public', 'kube-node-lease', 'kube-system', 'istio-system', 'kafka', 'shop']) rootCerts(ns);
  for (const ns of ['default', 'kube-public', 'kube-node-lease', 'kube-system', 'istio-system', 'kafka', 'shop']) istioRootCert(ns);
  configMap('kube-public', 'cluster-info', { kubeconfig: 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://192.168.10.10:6443\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n' }, { applied: false });

  // kube-system: CoreDNS as kubeadm installs it
  configMap('kube-system', 'coredns', { Corefile: `.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes ${DOMAIN} in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n` });
  configMap('kube-system', 'kubeadm-config', { ClusterConfiguration: `apiServer: {}\napiVersion: kubeadm.k8s.io/v1beta4\ncertificatesDir: /etc/kubernetes/pki\nclusterName: kubernetes\ncontrollerManager: {}\ndns: {}\nencryptionAlgorithm: RSA-2048\netcd:\n  local:\n    dataDir: /var/lib/etcd\nimageRepository: registry.k8s.io\nkind: ClusterConfiguration\nkubernetesVersion: v1.31.4\nnetworking:\n  dnsDomain: ${DOMAIN}\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\nproxy: {}\nscheduler: {}\n` }, { applied: false });
  const corednsTemplate = template({ 'k8s-app': 'kube-dns' }, [container('coredns', 'registry.k8s.io/coredns/coredns:v1.11.3', [['dns', 53], ['dns-tcp', 53], ['metrics', 9153]], { args: ['-conf', '/etc/coredns/Corefile'], livenessProbe: { failureThreshold: 5, httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 5 }, readinessProbe: { failureThreshold: 3, httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 }, volumeMounts: [{ mountPath: '/etc/coredns', name: 'config-volume', readOnly: true }] })], { spec: { dnsPolicy: 'Default', priorityClassName: 'system-cluster-critical', serviceAccountName: 'coredns', volumes: [{ configMap: { defaultMode: 420, items: [{ key: 'Corefile', path: 'Corefile' }], name: 'coredns' }, name: 'config-volume' }] } });
  corednsTemplate.spec.containers[0].ports[0].protocol = 'UDP';
  const coredns = deployment('kube-system', 'coredns', [corednsTemplate], { labels: { 'k8s-app': 'kube-dns' } });
  const kubeDns = service('kube-system', 'kube-dns', { selector: { 'k8s-app': 'kube-dns' }, labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }] });
  kubeDns.spec.clusterIP = '10.96.0.10';
  kubeDns.spec.clusterIPs = ['10.96.0.10'];
  endpointSlice(kubeDns, coredns.pods);
  const metricsTemplate = template({ 'k8s-app': 'metrics-server' }, [container('metrics-server', 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', [['https', 10250]], { args: ['--cert-dir=/tmp', '--secure-port=10250', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--kubelet-use-node-status-port', '--metric-resolution=15s'] })], { spec: { priorityClassName: 'system-cluster-critical', serviceAccountName: 'metrics-server' } });
  const metrics = deployment('kube-system', 'metrics-server', [{ ...metricsTemplate, spec: { ...metricsTemplate.spec, containers: [{ ...metricsTemplate.spec.containers[0], image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.1' }] } }, metricsTemplate], { replicas: 1, labels: { 'k8s-app': 'metrics-server' } });
  endpointSlice(service('kube-system', 'metrics-server', { selector: { 'k8s-app': 'metrics-server' }, labels: { 'k8s-app': 'metrics-server' }, ports: [{ name: 'https', port: 443, targetPort: 'https' }] }), metrics.pods);
  const kubernetes = service('default', 'kubernetes', { selector: undefined, labels: { component: 'apiserver', provider: 'kubernetes' }, ports: [{ name: 'https', port: 443, targetPort: 6443 }] });
  delete kubernetes.spec.selector;
  kubernetes.spec.clusterIP = '10.96.0.1';
  kubernetes.spec.clusterIPs = ['10.96.0.1'];

  // istio-system: istiod 1.22.3 (upgraded from 1.21.2: the old ReplicaSet is history) and a gateway
  const istiodTemplate = (version) =>
    template({ app: 'istiod', 'istio.io/rev': 'default', 'install.operator.istio.io/owning-resource': 'unknown', istio: 'pilot', 'operator.istio.io/component': 'Pilot', 'sidecar.istio.io/inject': 'false' }, [
      container('discovery', `docker.io/istio/pilot:${version}`, [['', 8080], ['', 15010], ['', 15012], ['', 15017]].map(([n, p]) => [n || undefined, p]), {
        args: ['discovery', '--monitoringAddr=:15014', '--log_output_level=default:info', '--domain', DOMAIN, '--keepaliveMaxServerConnectionAge', '30m'],
        ...env({ REVISION: 'default', PILOT_CERT_PROVIDER: 'istiod', CLUSTER_ID: 'Kubernetes', PILOT_TRACE_SAMPLING: '1', PILOT_ENABLE_ANALYSIS: 'false', ISTIOD_CUSTOM_HOST: '', ENABLE_LEGACY_FSGROUP_INJECTION: 'false' }),
        readinessProbe: { failureThreshold: 3, httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 1, periodSeconds: 3, successThreshold: 1, timeoutSeconds: 5 },
      }),
    ], { annotations: { 'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true', 'sidecar.istio.io/inject': 'false' }, spec: { serviceAccountName: 'istiod' } });
  for (const t of [istiodTemplate(OLD_ISTIO), istiodTemplate(ISTIO)]) for (const c of t.spec.containers) c.ports = c.ports.map((p) => (p.name ? p : { containerPort: p.containerPort, protocol: 'TCP' }));
  const istiod = deployment('istio-system', 'istiod', [istiodTemplate(OLD_ISTIO), istiodTemplate(ISTIO)], { replicas: 1, labels: { app: 'istiod', 'istio.io/rev': 'default', istio: 'pilot' } });
  endpointSlice(service('istio-system', 'istiod', { selector: { app: 'istiod', istio: 'pilot' }, labels: { app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default' }, ports: [{ name: 'grpc-xds', port: 15010 }, { name: 'https-dns', port: 15012 }, { name: 'https-webhook', port: 443, targetPort: 15017 }, { name: 'http-monitoring', port: 15014 }] }), istiod.pods);
  configMap('istio-system', 'istio', { mesh: `defaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\ndefaultProviders:\n  metrics:\n  - prometheus\nenablePrometheusMerge: true\nrootNamespace: istio-system\ntrustDomain: ${DOMAIN}\n`, meshNetworks: 'networks: {}' }, { labels: { app: 'istiod', 'istio.io/rev': 'default', release: 'istiod' } });
  configMap('istio-system', 'istio-sidecar-injector', { values: JSON.stringify({ global: { hub: 'docker.io/istio', tag: ISTIO, istioNamespace: 'istio-system', proxy: { clusterDomain: DOMAIN, holdApplicationUntilProxyStarts: false, includeIPRanges: '*', excludeInboundPorts: '', statusPort: 15020 }, sidecarInjectorWebhook: { enableNamespacesByDefault: false, rewriteAppHTTPProbe: true } }, revision: '', sidecarInjectorWebhook: { defaultTemplates: [], enableNamespacesByDefault: false, rewriteAppHTTPProbe: true } }, null, 2), config: 'defaultTemplates: [sidecar]\npolicy: enabled\nalwaysInjectSelector:\n  []\nneverInjectSelector:\n  []\ninjectedAnnotations:\ntemplate: "{{ Template_Version_And_Istio_Version_Mismatched_Check_Installation }}"\ntemplates:\n  sidecar: |\n    spec:\n      containers:\n      - name: istio-proxy\n' }, { labels: { app: 'sidecar-injector', 'istio.io/rev': 'default', release: 'istiod' } });
  const gwTemplate = template({ app: 'istio-ingressgateway', istio: 'ingressgateway', 'sidecar.istio.io/inject': 'false', 'service.istio.io/canonical-name': 'istio-ingressgateway' }, [container('istio-proxy', `docker.io/istio/proxyv2:${ISTIO}`, [['http-envoy-prom', 15090], ['http2', 8080], ['https', 8443]], { args: ['proxy', 'router', '--domain', `$(POD_NAMESPACE).svc.${DOMAIN}`, '--proxyLogLevel=warning'], ...env({ ISTIO_META_CLUSTER_ID: 'Kubernetes', ISTIO_META_WORKLOAD_NAME: 'istio-ingressgateway' }) })], { annotations: { 'prometheus.io/port': '15020', 'prometheus.io/scrape': 'true', 'sidecar.istio.io/inject': 'false' }, spec: { serviceAccountName: 'istio-ingressgateway-service-account' } });
  const gw = deployment('istio-system', 'istio-ingressgateway', [gwTemplate], { replicas: 1, labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' } });
  endpointSlice(service('istio-system', 'istio-ingressgateway', { selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' }, labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' }, ports: [{ name: 'status-port', port: 15021 }, { name: 'http2', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 8443 }] }), gw.pods);
  add({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: meta('MutatingWebhookConfiguration', 'istio-sidecar-injector', undefined, { labels: { app: 'sidecar-injector', 'istio.io/rev': 'default' }, managers: [['pilot-discovery', 'Update', { 'f:webhooks': {} }]] }),
    webhooks: ['rev.namespace', 'rev.object', 'namespace', 'object'].map((n) => ({
      admissionReviewVersions: ['v1'],
      clientConfig: { caBundle: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==', service: { name: 'istiod', namespace: 'istio-system', path: '/inject', port: 443 } },
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      name: `${n}.sidecar-injector.istio.io`,
      // The chart's selectors (istio/istio 1.22.0 manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml).
      namespaceSelector: {
        'rev.namespace': { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['default'] }, { key: 'istio-injection', operator: 'DoesNotExist' }] },
        'rev.object': { matchExpressions: [{ key: 'istio.io/rev', operator: 'DoesNotExist' }, { key: 'istio-injection', operator: 'DoesNotExist' }] },
        namespace: { matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }] },
        object: { matchExpressions: [{ key: 'istio-injection', operator: 'DoesNotExist' }, { key: 'istio.io/rev', operator: 'DoesNotExist' }] },
      }[n],
      objectSelector: {
        'rev.namespace': { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }] },
        'rev.object': { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }, { key: 'istio.io/rev', operator: 'In', values: ['default'] }] },
        namespace: { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }] },
        object: { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] }, { key: 'istio.io/rev', operator: 'DoesNotExist' }] },
      }[n],
      reinvocationPolicy: 'Never',
      rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'], scope: '*' }],
      sideEffects: 'None',
      timeoutSeconds: 10,
    })),
  });
  istioObject('PeerAuthentication', 'istio-system', 'default', { mtls: { mode: 'STRICT' } });

  // kafka: ZooKeeper and Kafka StatefulSets behind headless Services, a UI Deployment
  const zkTemplate = template({ app: 'zookeeper', 'app.kubernetes.io/name': 'zookeeper', 'app.kubernetes.io/component': 'zookeeper' }, [
    container('zookeeper', 'docker.io/bitnami/zookeeper:3.9.2', [['client', 2181], ['follower', 2888], ['election', 3888]], {
      ...env({ ZOO_SERVERS: `zookeeper-0.zookeeper-headless.kafka.svc.${DOMAIN}:2888:3888::1 zookeeper-1.zookeeper-headless.kafka.svc.${DOMAIN}:2888:3888::2 zookeeper-2.zookeeper-headless.kafka.svc.${DOMAIN}:2888:3888::3`, ZOO_LISTEN_ALLIPS_ENABLED: 'yes', ALLOW_ANONYMOUS_LOGIN: 'yes', ZOO_PORT_NUMBER: '2181' }),
      readinessProbe: { exec: { command: ['/bin/bash', '-ec', 'ZOO_HC_TIMEOUT=2 /opt/bitnami/scripts/zookeeper/healthcheck.sh'] }, failureThreshold: 6, initialDelaySeconds: 5, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 5 },
    }),
  ], { spec: { serviceAccountName: 'zookeeper', securityContext: { fsGroup: 1001 } } });
  const zk = statefulSet('kafka', 'zookeeper', 'zookeeper-headless', zkTemplate, { mesh: true, crashProxy: broken ? { 2: 41 } : {} });
  const zkHeadless = service('kafka', 'zookeeper-headless', { headless: true, publishNotReady: true, selector: { app: 'zookeeper' }, labels: { app: 'zookeeper' }, ports: [{ name: 'tcp-client', port: 2181 }, { name: 'tcp-follower', port: 2888 }, { name: 'tcp-election', port: 3888 }] });
  endpointSlice(zkHeadless, zk.pods, { headless: true });
  endpointSlice(service('kafka', 'zookeeper', { selector: { app: 'zookeeper' }, labels: { app: 'zookeeper' }, ports: [{ name: 'tcp-client', port: 2181 }] }), zk.pods);

  const kafkaTemplate = template({ app: 'kafka', 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/component': 'broker' }, [
    container('kafka', 'docker.io/bitnami/kafka:3.7.1', [['kafka-client', 9092], ['kafka-internal', 9094]], {
      ...env({ KAFKA_CFG_ZOOKEEPER_CONNECT: `zookeeper.kafka.svc.${DOMAIN}:2181`, KAFKA_CFG_LISTENERS: 'CLIENT://:9092,INTERNAL://:9094', KAFKA_CFG_ADVERTISED_LISTENERS: `CLIENT://$(MY_POD_NAME).kafka-headless.kafka.svc.${DOMAIN}:9092,INTERNAL://$(MY_POD_NAME).kafka-headless.kafka.svc.${DOMAIN}:9094`, KAFKA_CFG_INTER_BROKER_LISTENER_NAME: 'INTERNAL', KAFKA_CFG_LISTENER_SECURITY_PROTOCOL_MAP: 'CLIENT:PLAINTEXT,INTERNAL:PLAINTEXT' }),
    }),
  ], { spec: { serviceAccountName: 'kafka', securityContext: { fsGroup: 1001 } } });
  kafkaTemplate.spec.containers[0].env.unshift({ name: 'MY_POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } });
  const kafka = statefulSet('kafka', 'kafka', 'kafka-headless', kafkaTemplate, { mesh: true });
  endpointSlice(service('kafka', 'kafka-headless', { headless: true, publishNotReady: true, selector: { app: 'kafka' }, labels: { app: 'kafka' }, ports: [{ name: 'tcp-client', port: 9092 }, { name: 'tcp-internal', port: 9094 }] }), kafka.pods, { headless: true });
  endpointSlice(service('kafka', 'kafka', { selector: { app: 'kafka' }, labels: { app: 'kafka' }, ports: [{ name: 'tcp-client', port: 9092 }] }), kafka.pods);
  const ui = (image, bootstrap) => template({ app: 'kafka-ui' }, [container('kafka-ui', image, [['http', 8080]], env({ KAFKA_CLUSTERS_0_NAME: 'main', KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: bootstrap }))]);
  // Revision 1 pointed at a broker Service that was later renamed; revision 2 had a typo; both are history.
  const kafkaUi = deployment('kafka', 'kafka-ui', [ui('provectuslabs/kafka-ui:v0.7.1', `kafka-brokers.kafka.svc.${DOMAIN}:9092`), ui('provectuslabs/kafka-ui:v0.7.1', `kafka.kafak.svc.${DOMAIN}:9092`), ui('provectuslabs/kafka-ui:v0.7.2', `kafka.kafka.svc.${DOMAIN}:9092`)], { replicas: 1, mesh: true });
  endpointSlice(service('kafka', 'kafka-ui', { selector: { app: 'kafka-ui' }, labels: { app: 'kafka-ui' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }), kafkaUi.pods);
  netpol('kafka', 'allow-from-mesh-namespaces', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'istio-injection': 'enabled' } } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } } }] }] });
  if (broken) {
    // Locked down for an audit: DNS only. Every pod of the namespace is egress-isolated, and
    // nothing allows 15012 to istiod.
    netpol('kafka', 'egress-dns-only', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] });
  }

  // monitoring: outside the mesh (no injection label), scraping from outside
  namespace('monitoring', {}, time(1, 40));
  rootCerts('monitoring');
  for (const [name, image, port] of [['prometheus', 'quay.io/prometheus/prometheus:v2.53.1', 9090], ['alertmanager', 'quay.io/prometheus/alertmanager:v0.27.0', 9093], ['grafana', 'docker.io/grafana/grafana:11.1.0', 3000]]) {
    const d = deployment('monitoring', name, [template({ app: name }, [container(name, image, [['http', port]])])], { replicas: 1 });
    endpointSlice(service('monitoring', name, { selector: { app: name }, labels: { app: name }, ports: [{ name: 'http', port }] }), d.pods);
  }

  // shop: Deployments with rollout history, calling Kafka and each other
  const shopServices = ['frontend', 'cart', 'catalog', 'checkout', 'payments', 'orders', 'inventory', 'shipping', 'notifications', 'recommendations', 'reviews', 'search', 'accounts', 'pricing', 'promotions', 'invoices'];
  shopServices.forEach((name, i) => {
    const next = shopServices[(i + 1) % shopServices.length];
    const vars = (v) => ({ PORT: '8080', UPSTREAM_URL: `http://${next}.shop.svc.${DOMAIN}:8080`, KAFKA_BOOTSTRAP: `kafka-0.kafka-headless.kafka.svc.${DOMAIN}:9092,kafka-1.kafka-headless.kafka.svc.${DOMAIN}:9092`, APP_VERSION: v });
    const t = (v, extra = {}) => template({ app: name, version: 'v1' }, [container(name, `registry.example.com/shop/${name}:${v}`, [['http', 8080]], { ...env({ ...vars(v), ...extra }), readinessProbe: { failureThreshold: 3, httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1 } })], { spec: { serviceAccountName: name } });
    // Older revisions: an older image, and settings the current one no longer has.
    const revisions = [t('1.4.0', { LEGACY_QUEUE: `rabbitmq.shop.svc.${DOMAIN}:5672` }), t('1.5.0'), t('1.5.1')];
    const d = deployment('shop', name, revisions.slice(i % 2), { replicas: 2, mesh: true });
    endpointSlice(service('shop', name, { selector: { app: name }, labels: { app: name }, ports: [{ name: 'http', port: 8080 }] }), d.pods);
  });
  istioObject('DestinationRule', 'shop', 'catalog', { host: `catalog.shop.svc.${DOMAIN}`, trafficPolicy: { connectionPool: { http: { http2MaxRequests: 1000 } }, outlierDetection: { consecutive5xxErrors: 5, interval: '30s' } } });
  istioObject('Sidecar', 'shop', 'default', { egress: [{ hosts: ['./*', 'istio-system/*', 'kafka/*'] }] });
  istioObject('AuthorizationPolicy', 'kafka', 'allow-shop', { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['shop', 'kafka'] } }] }] });

  return { apiVersion: 'v1', items: items.map(sortKeys), kind: 'List', metadata: { resourceVersion: '' } };
}

/** kubectl prints map keys in order; undefined values are dropped as JSON would. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  const out = {};
  for (const k of Object.keys(value).sort()) if (value[k] !== undefined) out[k] = sortKeys(value[k]);
  return out;
}

// An output folder other than examples/ may be given (to compare before replacing).
const base = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'examples');
for (const [dir, broken] of [['live-dump-healthy', false], ['live-dump-broken', true]]) {
  const out = path.join(base, dir);
  mkdirSync(out, { recursive: true });
  const list = cluster(broken);
  const text = stringify(list, { version: '1.1', lineWidth: 0, indentSeq: false, aliasDuplicateObjects: false, nullStr: 'null' });
  writeFileSync(path.join(out, 'dump.yaml'), text);
  console.log(`${dir}/dump.yaml: ${list.items.length} objects, ${(text.length / 1024).toFixed(0)} KiB`);
}
