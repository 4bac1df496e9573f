/** The programmatic API: `import { lint, formatters } from 'headless-lint'`. */
export { lint, formatters, resolveConfig, InputError, type ApiLintOptions, type ApiFormatter } from './api.js';
export { lintSourceClusters, lintSources, type LintOptions, type LintOutcome } from './lint.js';
export type { ClusterInput } from './lint-clusters.js';
export { rules } from '../rules/index.js';
export { defineRule } from './engine/rule.js';
export type { ClusterSummary, Finding, LintResult, RelatedLocation, Rule, RuleMeta, Severity, SeveritySetting, SuppressedFinding, Suppression, Summary } from './engine/types.js';
export type { FormatContext, Formatter } from './format/context.js';
export type { FormatName } from './format/index.js';
export type { Config } from './config/load.js';
export { ConfigError } from './config/load.js';
export { formatJson } from './format/json.js';
export { formatStylish } from './format/stylish.js';
export { fixSources, lintAndFix, diffOf, type FixOutcome, type FixOptions } from './fix/fixer.js';
export { setValue, addKey, appendItem, deletePath, type Edit, type FixProposal } from './fix/edits.js';
export { applyBaseline, baselineOf, formatBaseline, parseBaseline, type BaselineEntry, type BaselineFile } from './baseline/baseline.js';
export type { ProposedFix, Replacement } from './engine/types.js';
