/** The programmatic API: `import { lint } from 'headless-lint'`. */
export { lint, lintSources, type LintOptions, type LintOutcome } from './lint.js';
export { rules } from '../rules/index.js';
export { defineRule } from './engine/rule.js';
export type { Finding, LintResult, Rule, RuleMeta, Severity, SeveritySetting, Summary } from './engine/types.js';
export { formatJson } from './format/json.js';
export { formatStylish } from './format/stylish.js';
