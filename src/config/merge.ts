/**
 * The clusters of the configuration file, paths made relative to cwd (the file's are relative to
 * its folder), each with the settings it sets for itself.
 */
export function clustersOf(config: Config, configFile: string | undefined, cwd: string): ClusterInput[] | undefined {
  if (!config.clusters || !configFile) return undefined;
  const base = path.dirname(path.resolve(cwd, configFile));
  const origin = displayPathOf(path.resolve(cwd, configFile), cwd);
  const list = (p: string | string[]) => (Array.isArray(p) ? p : [p]);
  return Object.entries(config.clusters).map(([name, entry]) => {
    const spec = typeof entry === 'string' || Array.isArray(entry) ? { paths: entry } : entry;
    const paths = list(spec.paths).map((p) => path.relative(cwd, path.resolve(base, p)) || '.');
    const settings = lintOptionsOf({ clusterDomain: spec.clusterDomain, istioVersion: spec.istioVersion }, `${origin} (clusters.${name})`).settings;
    return { name, paths, ...(settings && Object.keys(settings).length > 0 ? { settings } : {}) };
  });
}

/** The effective configuration: the file's settings with the command line's on top. */
import type { CliOptions } from '../cli/options.js';
import type { LintOptions } from '../lint.js';
import path from 'node:path';
import type { ClusterInput } from '../lint-clusters.js';
import { displayPathOf } from '../load/walker.js';
import type { Config } from './load.js';

export function mergeConfig(file: Config, cli: CliOptions): Config {
  const merged: Config = { ...file };
  const set = <K extends keyof Config>(key: K, value: Config[K] | undefined) => {
    if (value !== undefined) merged[key] = value;
  };
  if (file.rules || Object.keys(cli.rules).length > 0) merged.rules = { ...file.rules, ...cli.rules };
  if (file.ignorePatterns || cli.ignorePatterns.length > 0) merged.ignorePatterns = [...(file.ignorePatterns ?? []), ...cli.ignorePatterns];
  set('failOn', cli.failOn);
  set('maxWarnings', cli.maxWarnings);
  set('reportUnusedDisableDirectives', cli.reportUnusedDisableDirectives);
  set('noInlineConfig', cli.noInlineConfig);
  set('clusterDomain', cli.clusterDomain);
  set('istioVersion', cli.istioVersion);
  set('defaultNamespace', cli.namespace);
  return merged;
}

/** The parts of a configuration the lint pipeline takes. */
export function lintOptionsOf(config: Config, origin: string, istioVersionOrigin = origin): Omit<LintOptions, 'paths'> {
  return {
    ignorePatterns: config.ignorePatterns ?? [],
    severities: config.rules ?? {},
    noInlineConfig: config.noInlineConfig,
    reportUnusedDisableDirectives: config.reportUnusedDisableDirectives,
    settings: {
      ...(config.clusterDomain ? { clusterDomain: { value: config.clusterDomain, origin } } : {}),
      ...(config.istioVersion ? { istioVersion: { value: config.istioVersion.replace(/^v/, ''), origin: istioVersionOrigin } } : {}),
      ...(config.defaultNamespace ? { defaultNamespace: config.defaultNamespace } : {}),
      ...(config.dnsNamespace ? { dnsNamespace: config.dnsNamespace } : {}),
      ...(config.dnsPodLabels ? { dnsPodLabels: config.dnsPodLabels } : {}),
      ...(config.istioRootNamespace ? { istioRootNamespace: config.istioRootNamespace } : {}),
      ...(config.unlistedNamespaces ? { unlistedNamespaces: config.unlistedNamespaces } : {}),
    },
  };
}
