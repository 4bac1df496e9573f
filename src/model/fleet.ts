/**
 * The clusters of one multi-cluster run (--cluster NAME=PATH, the config file's `clusters:`), as
 * one cluster's model sees them: its own name and the analyses of the other clusters.
 * Cross-cluster rules compare a cluster with the earlier ones only, so each disagreement is
 * reported once, in the files of the later cluster, with the earlier one's definition related.
 */
import type { Analysis } from '../facts/store.js';

export interface PeerCluster {
  readonly name: string;
  readonly analysis: Analysis;
}

export interface Fleet {
  /** the name of the cluster this model is */
  readonly cluster: string;
  /** the clusters given before it, in the order given: what cross-cluster comparisons read */
  readonly earlier: readonly PeerCluster[];
  /** every other cluster of the run, before and after it */
  readonly others: readonly PeerCluster[];
}

/** A cluster name as --cluster and `clusters:` take it: a DNS label, as Istio's cluster IDs usually are. */
export const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/i;
