import { describe, expect, it } from 'vitest';
import { describeMtls } from '../../../src/facts/transport/mtls.js';
import { facts } from '../../../src/facts/index.js';
import { analysisOf, workload } from '../../helpers/analysis-of.js';

const db = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: postgres}]}
`;
const pa = (ns: string, name: string, body: string) => `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: ${name}, namespace: ${ns}}
spec:
${body}`;

describe('facts.mtls', () => {
  it('defaults to PERMISSIVE without any policy', () => {
    const analysis = analysisOf(db);
    const d = analysis.use(facts.mtls).modeOf(workload(analysis, 'db'), 5432);
    expect(d).toMatchObject({ mode: 'PERMISSIVE', scope: 'default' });
    expect(describeMtls(d)).toContain('no PeerAuthentication');
  });
  it('takes the mesh-wide policy from the root namespace', () => {
    const analysis = analysisOf(db, pa('istio-system', 'default', '  mtls: {mode: STRICT}'));
    expect(analysis.use(facts.mtls).modeOf(workload(analysis, 'db'), 5432)).toMatchObject({ mode: 'STRICT', scope: 'mesh' });
  });
  it('follows a root namespace set in the mesh config', () => {
    const mesh = `
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: "rootNamespace: istio-config"
`;
    const analysis = analysisOf(db, mesh, pa('istio-system', 'default', '  mtls: {mode: STRICT}'), pa('istio-config', 'default', '  mtls: {mode: DISABLE}'));
    expect(analysis.use(facts.mtls).modeOf(workload(analysis, 'db'), 5432)).toMatchObject({ mode: 'DISABLE', scope: 'mesh' });
  });
  it('lets namespace-wide override mesh-wide, and UNSET inherit', () => {
    let analysis = analysisOf(db, pa('istio-system', 'default', '  mtls: {mode: STRICT}'), pa('data', 'ns', '  mtls: {mode: PERMISSIVE}'));
    expect(analysis.use(facts.mtls).modeOf(workload(analysis, 'db'))).toMatchObject({ mode: 'PERMISSIVE', scope: 'namespace' });
    analysis = analysisOf(db, pa('istio-system', 'default', '  mtls: {mode: STRICT}'), pa('data', 'ns', '  mtls: {mode: UNSET}'));
    expect(analysis.use(facts.mtls).modeOf(workload(analysis, 'db'))).toMatchObject({ mode: 'STRICT', scope: 'mesh' });
  });
  it('lets a workload selector override, with portLevelMtls keyed by container port', () => {
    const analysis = analysisOf(
      db,
      pa('data', 'ns', '  mtls: {mode: STRICT}'),
      pa('data', 'db', '  selector: {matchLabels: {app: db}}\n  mtls: {mode: UNSET}\n  portLevelMtls:\n    9187: {mode: DISABLE}\n    5432: {mode: UNSET}'),
    );
    const w = workload(analysis, 'db');
    expect(analysis.use(facts.mtls).modeOf(w, 9187)).toMatchObject({ mode: 'DISABLE', scope: 'port' });
    expect(analysis.use(facts.mtls).modeOf(w, 9187).decidedBy?.path).toEqual(['spec', 'portLevelMtls', '9187', 'mode']);
    expect(analysis.use(facts.mtls).modeOf(w, 5432)).toMatchObject({ mode: 'STRICT', scope: 'namespace' });
  });
  it('ignores selectors that do not match, and portLevelMtls on namespace-wide policies', () => {
    const analysis = analysisOf(db, pa('data', 'other', '  selector: {matchLabels: {app: other}}\n  mtls: {mode: DISABLE}'), pa('data', 'ns', '  mtls: {mode: STRICT}\n  portLevelMtls:\n    5432: {mode: DISABLE}'));
    expect(analysis.use(facts.mtls).modeOf(workload(analysis, 'db'), 5432)).toMatchObject({ mode: 'STRICT', scope: 'namespace' });
  });
  it('picks the oldest policy within a scope', () => {
    const analysis = analysisOf(
      db,
      pa('data', 'b', '  mtls: {mode: DISABLE}').replace('namespace: data}', 'namespace: data, creationTimestamp: "2024-02-01T00:00:00Z"}'),
      pa('data', 'a', '  mtls: {mode: STRICT}').replace('namespace: data}', 'namespace: data, creationTimestamp: "2024-01-01T00:00:00Z"}'),
    );
    expect(analysis.use(facts.mtls).modeOf(workload(analysis, 'db')).mode).toBe('STRICT');
  });
});
