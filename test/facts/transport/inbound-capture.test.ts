import { describe, expect, it } from 'vitest';
import { EXCLUDE_INBOUND_PORTS, INCLUDE_INBOUND_PORTS, inboundExclusion } from '../../../src/facts/transport/inbound-capture.js';
import { analysisOf, workload } from '../../helpers/analysis-of.js';

const pod = (annotations: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  template:
    metadata:
      annotations: {${annotations}}
    spec: {containers: [{name: web, image: web}]}
`;
const excluded = (annotations: string, port: number) => {
  return inboundExclusion(workload(analysisOf(pod(annotations)), 'web'), port)?.annotation;
};

describe('inboundExclusion', () => {
  it('captures every port without annotations', () => {
    expect(excluded('', 8080)).toBeUndefined();
  });
  it('reads excludeInboundPorts as a comma-separated list', () => {
    expect(excluded(`${EXCLUDE_INBOUND_PORTS}: " 9090, 8080"`, 8080)).toBe(EXCLUDE_INBOUND_PORTS);
    expect(excluded(`${EXCLUDE_INBOUND_PORTS}: "9090"`, 8080)).toBeUndefined();
  });
  it('an include list leaves out every other port, and makes excludeInboundPorts irrelevant', () => {
    expect(excluded(`${INCLUDE_INBOUND_PORTS}: "9090"`, 8080)).toBe(INCLUDE_INBOUND_PORTS);
    expect(excluded(`${INCLUDE_INBOUND_PORTS}: "8080", ${EXCLUDE_INBOUND_PORTS}: "8080"`, 8080)).toBeUndefined();
  });
  it('an empty include list captures nothing; "*" captures everything but the exclusions', () => {
    expect(excluded(`${INCLUDE_INBOUND_PORTS}: ""`, 8080)).toBe(INCLUDE_INBOUND_PORTS);
    expect(excluded(`${INCLUDE_INBOUND_PORTS}: "*", ${EXCLUDE_INBOUND_PORTS}: "8080"`, 8080)).toBe(EXCLUDE_INBOUND_PORTS);
  });
});
