/**
 * HTTP probes of a pod template and whether the injector rewrites them to the sidecar agent.
 * kubelet sends probes from the node without an Istio certificate, so a probe that reaches a
 * STRICT port through the sidecar fails; the injector normally redirects httpGet probes to the
 * agent (port 15020), unless the pod annotation `sidecar.istio.io/rewriteAppHTTPProbers` or the
 * injector value `sidecarInjectorWebhook.rewriteAppHTTPProbe` turns it off; the annotation wins
 * (https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/; istio/istio
 * pkg/kube/inject/app_probe.go ShouldRewriteAppHTTPProbers).
 */
import type { Located, Path } from '../../load/parser.js';
import { asObj, asString, type Resource } from '../../load/resource.js';
import type { InjectorConfig } from '../injection/injection.js';
import type { Workload } from '../../model/workload.js';

export const REWRITE_PROBES_ANNOTATION = 'sidecar.istio.io/rewriteAppHTTPProbers';
const PROBE_KINDS = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;

export interface HttpProbe {
  kind: (typeof PROBE_KINDS)[number];
  container: string;
  /** the container port number the probe reaches; undefined when a named port is missing */
  port?: number;
  /** as written */
  written: number | string;
  path: Path;
}

export interface ProbeRewrite {
  enabled: boolean;
  /** where it is turned off (or on); absent for the default */
  decidedBy?: { resource: Resource; path: Path; located?: Located };
}

/** httpGet probes of the application containers, ports resolved by name within the container (as kubelet does). */
export function httpProbes(workload: Workload): HttpProbe[] {
  const out: HttpProbe[] = [];
  for (const c of workload.containers()) {
    for (const kind of PROBE_KINDS) {
      const httpGet = asObj(asObj(c.container[kind])?.httpGet);
      const written = httpGet?.port;
      if (typeof written !== 'number' && typeof written !== 'string') continue;
      let port: number | undefined;
      if (typeof written === 'number') port = written;
      else if (/^\d+$/.test(written)) port = Number(written);
      else port = workload.ports().find((p) => p.container.name === c.name && p.name === written)?.containerPort;
      out.push({ kind, container: c.name, port, written, path: [...c.path, kind, 'httpGet', 'port'] });
    }
  }
  return out;
}

/** Does the injector rewrite this workload's HTTP probes? `injector` is the one that injects it, if known. */
export function probeRewrite(workload: Workload, injector: InjectorConfig | undefined): ProbeRewrite {
  const annotation = parseGoBool(asString(workload.annotations[REWRITE_PROBES_ANNOTATION]));
  if (annotation !== undefined) {
    return { enabled: annotation, decidedBy: { resource: workload.resource, path: workload.metadataPath('annotations', REWRITE_PROBES_ANNOTATION) } };
  }
  const value = injector?.rewriteAppHTTPProbe;
  if (!injector || !value) return { enabled: true };
  return { enabled: value.enabled, decidedBy: { resource: injector.resource, path: value.path, located: value.located } };
}

/** Go's strconv.ParseBool, which the injector uses on the annotation; an unreadable value defers to the injector values. */
function parseGoBool(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}
