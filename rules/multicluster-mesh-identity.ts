import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget, Target } from '../src/engine/types.js';
import { facts } from '../src/facts/index.js';
import type { Declared, MeshIdentity } from '../src/facts/multicluster/mesh-identity.js';

const at = (d: Declared): Target => ({ resource: d.resource, path: d.path, located: d.located });
const relatedTo = (d: Declared, cluster: string, what: string): RelatedTarget[] => [{ ...at(d), message: `${what} ${d.value} in cluster ${cluster} (${d.origin})` }];
/** The trust domains a cluster's sidecars accept peers from: its own and its aliases (trust domain validation). */
const accepted = (id: MeshIdentity) => new Set([id.trustDomain?.value, ...id.trustDomainAliases]);

export default defineRule({
  meta: {
    id: 'multicluster-mesh-identity',
    cause: 'beyond',
    severity: 'error',
    description: 'The clusters of one mesh disagree on the trust domain or the mesh ID, or two of them carry the same cluster ID.',
    why:
      "The clusters of one multi-cluster mesh must agree on who is in the mesh and differ on who they are. Trust domain: a sidecar accepts an mTLS peer only from its own trust domain or one of meshConfig.trustDomainAliases (trust domain validation, on unless istiod runs with PILOT_SKIP_VALIDATE_TRUST_DOMAIN), so the workloads of a cluster with another trust domain are refused at the TLS handshake: cross-cluster calls see resets, and a StatefulSet's peers in the other cluster never join. Mesh ID: Istio's multi-cluster installs give every cluster of one mesh the same values.global.meshID; the proxies report it as their mesh (ISTIO_META_MESH_ID; by default the trust domain), and clusters with different IDs are two meshes to telemetry and to federation. Cluster ID: each cluster needs its own (values.global.multiCluster.clusterName, istiod's CLUSTER_ID, default \"Kubernetes\"); istiod ignores a remote cluster whose ID is its own (\"ignoring cluster as it would overwrite the config cluster\"), so that cluster's Services and endpoints never reach its proxies. Compared only where both clusters' inputs show the setting.",
    diagnose: [
      'kubectl -n istio-system get configmap istio -o jsonpath="{.data.mesh}" --context <each cluster>',
      'kubectl -n istio-system get deploy istiod -o jsonpath="{.spec.template.spec.containers[0].env[?(@.name==\'CLUSTER_ID\')].value}" --context <each cluster>',
      'istioctl remote-clusters --context <each cluster>',
    ],
    fix: 'Install every cluster of the mesh with the same meshConfig.trustDomain (or list the others in trustDomainAliases) and the same values.global.meshID, and give each its own values.global.multiCluster.clusterName.',
    sources: [
      'https://istio.io/latest/docs/setup/install/multicluster/multi-primary/',
      'https://istio.io/latest/docs/tasks/security/authorization/authz-td-migration/',
      'https://istio.io/latest/docs/ops/deployment/deployment-models/#trust-within-a-mesh',
      'istio/istio pilot/pkg/networking/plugin/authn/util.go (TrustDomainsForValidation: the trust domain and its aliases; PILOT_SKIP_VALIDATE_TRUST_DOMAIN)',
      'istio/istio pkg/kube/multicluster/secretcontroller.go ("ignoring cluster as it would overwrite the config cluster")',
    ],
    messages: {
      trustDomainDiffers:
        'Cluster {{cluster}} has trust domain {{trustDomain}} and cluster {{other}} {{otherTrustDomain}}, and {{refusal}}: the sidecars there refuse the other cluster\'s workloads at the mTLS handshake, so cross-cluster calls are reset.',
      meshIdDiffers:
        'Cluster {{cluster}} has mesh ID {{meshId}} and cluster {{other}} {{otherMeshId}}: the clusters of one mesh share one mesh ID; with two, their proxies report two meshes.',
      clusterIdShared:
        'Clusters {{cluster}} and {{other}} both have cluster ID {{clusterId}}{{defaulted}}: istiod ignores a remote cluster whose ID is its own, so neither cluster\'s proxies learn the other\'s Services and endpoints.',
    },
    fixes: {
      ownClusterId: 'Give cluster {{cluster}} its own values.global.multiCluster.clusterName (istiod CLUSTER_ID), and use that name in its remote secret.',
    },
    uses: [facts.meshIdentity, facts.earlierIdentities],
  },
  check({ model, use, report }) {
    const mine = use(facts.meshIdentity);
    const cluster = model.fleet?.cluster ?? '';
    for (const { cluster: other, identity: theirs } of use(facts.earlierIdentities)) {
      const data = { cluster, other };
      const [td, otherTd] = [mine.trustDomain, theirs.trustDomain];
      if (td && otherTd && td.value !== otherTd.value) {
        const [hereRefuses, thereRefuses] = [!accepted(mine).has(otherTd.value), !accepted(theirs).has(td.value)];
        const refusal =
          hereRefuses && thereRefuses
            ? "neither lists the other's in trustDomainAliases"
            : hereRefuses
              ? `cluster ${cluster} does not list ${otherTd.value} in trustDomainAliases`
              : `cluster ${other} does not list ${td.value} in trustDomainAliases`;
        if (hereRefuses || thereRefuses) {
          report({ ...at(td), messageId: 'trustDomainDiffers', data: { ...data, trustDomain: td.value, otherTrustDomain: otherTd.value, refusal }, related: relatedTo(otherTd, other, 'trust domain') });
        }
      }
      // A mesh ID nobody sets is the trust domain: compared above, not twice.
      const [id, otherId] = [mine.meshId ?? td, theirs.meshId ?? otherTd];
      if ((mine.meshId || theirs.meshId) && id && otherId && id.value !== otherId.value) {
        const here = mine.meshId ?? td;
        if (here) report({ ...at(here), messageId: 'meshIdDiffers', severity: 'warning', data: { ...data, meshId: id.value, otherMeshId: otherId.value }, related: relatedTo(otherId, other, 'mesh ID') });
      }
      const [name, otherName] = [mine.clusterName, theirs.clusterName];
      if (name && otherName && name.value === otherName.value) {
        report({
          ...at(name),
          messageId: 'clusterIdShared',
          data: { ...data, clusterId: name.value, defaulted: name.explicit || otherName.explicit ? '' : " (Istio's default: neither sets values.global.multiCluster.clusterName)" },
          fixId: 'ownClusterId',
          related: relatedTo(otherName, other, 'cluster ID'),
        });
      }
    }
  },
});
