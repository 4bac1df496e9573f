/** Fixtures the NetworkPolicy rule tests share. */

/** Deployment app/api, calling db-0 of the headless Service data/db (env DB_HOST). */
export const API_CALLS_DB_0 = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: app
spec:
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api
          env:
            - name: DB_HOST
              value: db-0.db.data.svc.cluster.local
`;
