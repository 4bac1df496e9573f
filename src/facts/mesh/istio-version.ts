/**
 * The Istio release the input runs: what --istio-version or the config file says, else the tag
 * of istiod's image (`pilot:1.22.3`, `pilot:1.22.3-distroless`), else the tag of a proxy image
 * (`proxyv2:1.22.3`, an injected istio-proxy or a gateway), else a versioned revision name
 * (`1-22-3`, `asm-1-22`). When none shows it, the newest supported release is assumed, and the
 * behaviours looked up under that assumption are recorded, so the run can say so once.
 */
import type { Path } from '../../load/parser.js';
import { asString, type Resource } from '../../load/resource.js';
import { behaviourAt, latestIstio, minorOf, type Behaviour } from '../../knowledge/istio-behaviour.js';
import type { Model } from '../../model/model.js';
import { Workload, WORKLOAD_KINDS } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { istiods, type Istiod } from './istiod.js';

export type VersionSource = 'setting' | 'istiod-image' | 'proxy-image' | 'revision' | 'assumed';

/** One place the input shows the version. */
export interface VersionEvidence {
  version: string;
  source: VersionSource;
  /** where, as users read it: "image docker.io/istio/pilot:1.22.3 of Deployment istio-system/istiod" */
  detail: string;
  resource?: Resource;
  path?: Path;
}

export interface IstioVersionFact {
  /** "1.22.3" or "1.22" as shown; the latest minor when assumed */
  version: string;
  source: VersionSource;
  detail: string;
  /** true when nothing in the input or the settings shows the version */
  assumed: boolean;
  resource?: Resource;
  path?: Path;
  /** every version the input shows, the chosen one first (two during a canary upgrade) */
  evidence: VersionEvidence[];
  /** behaviour `id` at this version; a lookup under an assumed version is recorded in `consulted` */
  behaviour(id: string): Behaviour & { assumed: boolean };
  /** behaviours looked up while the version is assumed: what the run's verdicts depended on */
  readonly consulted: ReadonlySet<string>;
}

const PROXY_CONTAINER = 'istio-proxy';

/** The release an image tag names: `1.22.3`, `1.22.3-distroless`, `1.22`; undefined for `latest`, digests, or no tag. */
export function versionOfImage(image: string): string | undefined {
  const noDigest = image.split('@')[0] ?? '';
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', slash + 1);
  if (colon < 0) return undefined;
  const m = /^v?(1\.\d{1,2}(?:\.\d{1,3})?)(?:[-_].*)?$/.exec(noDigest.slice(colon + 1));
  return m?.[1];
}

/** The repository's last path segment: `pilot` for `gcr.io/istio-release/pilot:1.22.3`. */
function repositoryName(image: string): string {
  const noDigest = image.split('@')[0] ?? '';
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  return last.split(':')[0] ?? '';
}

/** The release a revision name spells: `1-22-3`, `1-22`, `asm-1-22`, `istio-1-22-3`; undefined for `default`, `canary`. */
export function versionOfRevision(revision: string): string | undefined {
  const m = /(?:^|[^0-9])(1)-(\d{1,2})(?:-(\d{1,3}))?$/.exec(revision);
  if (!m) return undefined;
  return m[3] === undefined ? `${m[1]}.${m[2]}` : `${m[1]}.${m[2]}.${m[3]}`;
}

function fromIstiods(list: readonly Istiod[]): VersionEvidence[] {
  const out: VersionEvidence[] = [];
  for (const istiod of list) {
    const image = asString(istiod.container.container.image) ?? '';
    const version = versionOfImage(image);
    if (version) out.push({ version, source: 'istiod-image', detail: `image ${image} of ${istiod.workload.display}`, resource: istiod.workload.resource, path: [...istiod.container.path, 'image'] });
  }
  return out;
}

function fromProxies(model: Model): VersionEvidence[] {
  const out: VersionEvidence[] = [];
  const look = (resource: Resource, containers: readonly { container: Record<string, unknown>; name: string; path: Path }[]) => {
    for (const c of containers) {
      const image = asString(c.container.image) ?? '';
      if (c.name !== PROXY_CONTAINER && repositoryName(image) !== 'proxyv2') continue;
      const version = versionOfImage(image);
      if (version) out.push({ version, source: 'proxy-image', detail: `image ${image} of ${resource.display}`, resource, path: [...c.path, 'image'] });
    }
  };
  for (const w of model.workloads) {
    look(w.resource, w.containers(true));
    // The pods of a workload carry the proxy the injector added; the template the user edits does not.
    for (const pod of model.podsOf(w)) if (pod !== w.resource) look(pod, new Workload(pod).containers(true));
  }
  return out;
}

function fromRevisions(model: Model, list: readonly Istiod[]): VersionEvidence[] {
  const out: VersionEvidence[] = [];
  for (const istiod of list) {
    const version = versionOfRevision(istiod.revision);
    if (version) out.push({ version, source: 'revision', detail: `revision ${istiod.revision} of ${istiod.workload.display}`, resource: istiod.workload.resource });
  }
  for (const ns of model.namespaces) {
    const rev = ns.labels['istio.io/rev'];
    const version = rev === undefined ? undefined : versionOfRevision(rev);
    if (version && ns.resource) out.push({ version, source: 'revision', detail: `istio.io/rev=${rev} of Namespace ${ns.name}`, resource: ns.resource, path: ['metadata', 'labels', 'istio.io/rev'] });
  }
  return out;
}

export function istioVersionOf(model: Model, list: readonly Istiod[]): IstioVersionFact {
  const setting = model.settings.istioVersion;
  const evidence: VersionEvidence[] = [
    ...(setting ? [{ version: setting.value, source: 'setting' as const, detail: setting.origin }] : []),
    ...fromIstiods(list),
    ...fromProxies(model),
    ...fromRevisions(model, list),
  ].filter((e, i, all) => minorOf(e.version) !== undefined && all.findIndex((o) => o.version === e.version && o.source === e.source) === i);
  const chosen = evidence[0];
  const consulted = new Set<string>();
  const assumed = chosen === undefined;
  const version = chosen?.version ?? latestIstio();
  return {
    version,
    source: chosen?.source ?? 'assumed',
    detail: chosen?.detail ?? 'the newest supported release, as the input shows no version',
    assumed,
    resource: chosen?.resource,
    path: chosen?.path,
    evidence,
    consulted,
    behaviour(id: string) {
      const value = behaviourAt(version, id);
      if (assumed) consulted.add(id);
      return { ...value, assumed };
    },
  };
}

export const istioVersion = defineFact({
  id: 'mesh.istioVersion',
  description: "the Istio release: --istio-version or the config file, istiod's image tag, a proxy image tag, a versioned revision; else the newest supported release, assumed",
  reads: [...WORKLOAD_KINDS, 'Namespace'],
  uses: [istiods],
  compute: ({ model, use }) => istioVersionOf(model, use(istiods)),
});
