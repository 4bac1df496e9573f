/**
 * `helm template kafka ./kafka` output, byte for byte in Helm's format: every manifest printed as
 * "---\n# Source: <path>\n<content>\n" (Helm's install action), templates in install order, a
 * subchart under kafka/charts/<sub>/templates, and one template (extra.yaml) that renders two
 * documents, which Helm prints as two sections with the same `# Source:` apart from each other.
 * The headless Service's selector (kafka/templates/service.yaml) matches no pod.
 */
export const HELM_TEMPLATE_OUTPUT = `---
# Source: kafka/templates/namespace.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: data
  labels:
    app.kubernetes.io/managed-by: Helm
    istio-injection: enabled
---
# Source: kafka/charts/zookeeper/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: zookeeper
  namespace: data
spec:
  clusterIP: None
  selector:
    app: zookeeper-typo
  ports:
    - name: tcp-client
      port: 2181
---
# Source: kafka/templates/extra.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: kafka-config
  namespace: data
data:
  server.properties: "broker.id=0"
---
# Source: kafka/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: kafka
  namespace: data
  labels:
    app.kubernetes.io/name: kafka
spec:
  clusterIP: None
  selector:
    app.kubernetes.io/name: kafka-broker
  ports:
    - name: tcp-kafka
      port: 9092
---
# Source: kafka/templates/extra.yaml
apiVersion: v1
kind: Service
metadata:
  name: kafka-metrics
  namespace: data
spec:
  clusterIP: None
  selector:
    app: kafka-exporter
  ports:
    - name: http-metrics
      port: 9308
---
# Source: kafka/templates/statefulset.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: kafka
  namespace: data
spec:
  serviceName: kafka
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: kafka
  template:
    metadata:
      labels:
        app.kubernetes.io/name: kafka
    spec:
      containers:
        - name: kafka
          image: bitnami/kafka:3.7
          ports:
            - name: kafka
              containerPort: 9092
`;
