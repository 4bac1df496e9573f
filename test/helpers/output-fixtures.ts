/**
 * Small manifests that yield one known finding (istiod-domain-mismatch at istiod.yaml 15:15),
 * for tests of what happens after the rules: suppressions, formats, exit codes.
 */
export const KUBELET = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
clusterDomain: corp.internal
`;

export interface IstiodOptions {
  /** value of the headless-lint.io/ignore annotation */
  ignore?: string;
  /** a comment line written just above the `- cluster.local` argument */
  comment?: string;
  /** a comment line written at the top of the file */
  header?: string;
  domain?: string;
}

/** Without options, the finding is at line 15, column 15 (the `cluster.local` argument). */
export function istiod(options: IstiodOptions = {}): string {
  return [
    ...(options.header ? [options.header] : []),
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: istiod',
    '  namespace: istio-system',
    ...(options.ignore !== undefined ? ['  annotations:', `    headless-lint.io/ignore: ${JSON.stringify(options.ignore)}`] : []),
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: discovery',
    '          image: docker.io/istio/pilot:1.24.0',
    '          args:',
    '            - discovery',
    '            - --domain',
    ...(options.comment ? [`            ${options.comment}`] : []),
    `            - ${options.domain ?? 'cluster.local'}`,
    // After the domain argument, so that its line stays the same in every test.
    '    metadata:',
    '      labels: {app: istiod}',
    '  selector:',
    '    matchLabels: {app: istiod}',
    '',
  ].join('\n');
}

export const BROKEN = { 'istiod.yaml': istiod(), 'kubelet.yaml': KUBELET };
