import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { toHtmlReport } from '../../src/picture/html-report.js';
import { buildPicture } from '../../src/picture/model.js';
import { toSvg } from '../../src/picture/svg.js';
import { toDot, toMermaid } from '../../src/picture/text-formats.js';

const example = (name: string) => {
  const outcome = lint({ paths: ['.'], cwd: path.resolve(__dirname, '../../examples', name) });
  return { outcome, picture: buildPicture(outcome.analysis, outcome.result.findings) };
};

describe('mesh picture', () => {
  it('draws the healthy mesh: headless Service, its StatefulSet, the caller, istiod and DNS, nothing broken', () => {
    const { picture } = example('healthy-mesh');
    expect(picture.nodes.map((n) => `${n.kind}:${n.namespace}/${n.label}`).sort()).toEqual(
      expect.arrayContaining(['service:data/db (headless Service)', 'workload:data/StatefulSet db', 'workload:app/Deployment api', 'istiod:istio-system/istiod', 'dns:kube-system/cluster DNS']),
    );
    const call = picture.edges.find((e) => e.kind === 'call');
    expect(call).toMatchObject({ from: 'Deployment_app_api', to: 'Service_data_db', ruleIds: [] });
    expect(picture.edges.filter((e) => e.ruleIds.length > 0)).toEqual([]);
    expect(picture.edges.some((e) => e.kind === 'xds' && e.from === 'StatefulSet_data_db')).toBe(true);
  });

  it('marks the broken call with the rule id, in every format', () => {
    const { picture } = example('dns-name-unresolvable');
    const broken = picture.edges.filter((e) => e.ruleIds.length > 0);
    expect(broken.map((e) => [e.from, e.to, e.ruleIds])).toEqual([['CronJob_data_report', 'Service_data_db', ['dns-name-unresolvable']]]);
    const mermaid = toMermaid(picture);
    const index = picture.edges.indexOf(broken[0]!);
    expect(mermaid).toContain(`linkStyle ${index} stroke:#d1242f`);
    expect(mermaid).toMatch(/CronJob_data_report -->\|".*✗ dns-name-unresolvable"\| Service_data_db/);
    expect(toDot(picture)).toMatch(/"CronJob_data_report" -> "Service_data_db" \[label="[^"]*dns-name-unresolvable", color="#d1242f"/);
    const svg = toSvg(picture);
    expect(svg.match(/class="edge broken"/g)).toHaveLength(1);
    expect(svg).toContain('data-namespace="data"');
  });

  it('escapes names in every format', () => {
    const picture = { namespaces: ['a"<b>'], nodes: [{ id: 'n1', kind: 'workload' as const, label: 'x"<&>', namespace: 'a"<b>', ruleIds: [] }], edges: [] };
    expect(toSvg(picture)).not.toMatch(/x"<&>/);
    expect(toSvg(picture)).toContain('x&quot;&lt;&amp;&gt;');
    expect(toMermaid(picture)).toContain('x#quot;<&>');
    expect(toDot(picture)).toContain('label="x\\"<&>"');
  });

  it('renders a self-contained HTML report with the picture, the table and excerpts', () => {
    const { outcome, picture } = example('dns-name-unresolvable');
    const html = toHtmlReport(outcome.result, { picture, docsBase: 'https://example.test/docs/rules/', readSource: () => 'a\nb\nc\n' });
    expect(html).toContain('<svg');
    expect(html).toContain('href="https://example.test/docs/rules/dns-name-unresolvable.md"');
    expect(html).not.toMatch(/<(script|link)[^>]*(src|href)="http/);
    expect(html.match(/<tr class="finding/g)).toHaveLength(1);
  });
});

describe('mesh picture, edge domains and layout', () => {
  it('a NetworkPolicy finding on the pods breaks the call, not the Service selecting them', () => {
    const { picture } = example('netpol-blocks-service-traffic');
    expect(picture.edges.find((e) => e.kind === 'call')?.ruleIds).toEqual(['netpol-blocks-service-traffic']);
    expect(picture.edges.find((e) => e.kind === 'backs')?.ruleIds).toEqual([]);
  });

  it('a Service used as headless but with a cluster IP is drawn as such', () => {
    const { picture } = example('service-not-headless');
    const service = picture.nodes.find((n) => n.kind === 'service');
    expect(service).toMatchObject({ label: 'db (Service)', headless: false });
    const alone = { namespaces: ['a'], nodes: [{ id: 's', kind: 'service' as const, label: 's (Service)', namespace: 'a', ruleIds: [], headless: false }], edges: [] };
    expect(toSvg(alone)).toContain('has a cluster IP');
    expect(toSvg(alone)).not.toContain('clusterIP: None');
  });

  it('edges that skip a namespace run in lanes under the namespaces, labels after the nodes', () => {
    const { picture } = example('healthy-mesh');
    const svg = toSvg(picture);
    const laned = [...svg.matchAll(/<path d="M[^"]* L[^"]*"/g)];
    // app/api -> istiod and app/api -> cluster DNS skip the data namespace
    expect(laned.length).toBeGreaterThanOrEqual(2);
    expect(svg.lastIndexOf('class="node')).toBeLessThan(svg.indexOf('class="edge-label'));
  });
});
