/**
 * SARIF 2.1.0 for GitHub code scanning: every rule described from its metadata, real regions,
 * repository-relative URIs, our own fingerprints (so alerts survive line shifts), and
 * `results: []` on a clean run. Suppressed findings are left out: not every consumer honours
 * SARIF `suppressions` (tools exist to strip them before a code scanning upload), and a
 * suppressed finding shown as an open alert would defeat the suppression.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDoc } from '../docs/rule-docs.js';
import type { Finding, LintResult, ProposedFix, Severity } from '../engine/types.js';
import type { FormatContext } from './context.js';
import { ruleDescriptors, ruleDocUrl, type RuleDescriptor } from './rule-descriptors.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(result: LintResult, context: FormatContext): string {
  const descriptors = ruleDescriptors(context.rules);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results = result.findings.map((f) => toResult(f, index));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'headless-lint',
            version: context.toolVersion,
            semanticVersion: context.toolVersion,
            informationUri: context.repositoryUrl,
            rules: descriptors.map((d) => toRule(d, context)),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{ executionSuccessful: true }],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toRule(d: RuleDescriptor, context: FormatContext) {
  const meta = d.rule?.meta;
  const helpText = meta ? `${meta.why}\n\nHow to fix: ${meta.fix}` : d.description;
  return {
    id: d.id,
    name: d.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: d.description },
    fullDescription: { text: meta?.why ?? d.description },
    helpUri: d.rule ? ruleDocUrl(context.repositoryUrl, d.id) : `${context.repositoryUrl}#suppressions-and-engine-findings`,
    help: { text: helpText, markdown: d.rule ? ruleDoc(d.rule) : d.description },
    defaultConfiguration: { level: LEVEL[d.severity] },
    properties: {
      tags: ['kubernetes', 'istio', ...(meta ? [typeof meta.cause === 'number' ? `cause-${meta.cause}` : meta.cause] : [])],
      precision: 'high',
      'problem.severity': d.severity === 'info' ? 'recommendation' : d.severity,
    },
  };
}

function toResult(f: Finding, index: Map<string, number>) {
  const ruleIndex = index.get(f.ruleId);
  return {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: f.fix ? `${f.message}\nFix: ${f.fix}` : f.message },
    ...(f.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(f.file) },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.endLine === f.line ? f.column : 1) },
              },
              ...(f.resource
                ? { logicalLocations: [{ fullyQualifiedName: [f.resource.namespace, f.resource.kind, f.resource.name].filter(Boolean).join('/'), kind: 'object' }] }
                : {}),
            },
          ],
        }
      : {}),
    relatedLocations: f.related.map((r, i) => ({
      id: i + 1,
      message: { text: r.message },
      ...(r.file && r.line ? { physicalLocation: { artifactLocation: { uri: toUri(r.file) }, region: { startLine: r.line, ...(r.column ? { startColumn: r.column } : {}) } } } : {}),
    })),
    ...sarifFixes(f),
    // v2: the engine's fingerprint (rule, messageId, file, resource, path, identifying data); v1 hashed the message.
    partialFingerprints: { 'headlessLint/v2': f.fingerprint },
  };
}

/**
 * SARIF fixes (3.55): the safe fix first, then the suggestions; only those --fix could apply,
 * since a change to rendered output would be lost. Each replacement's region is given by line
 * and column and by character offset, both from the same range.
 */
function sarifFixes(f: Finding) {
  const fixes = [f.autofix, ...f.suggestions]
    .filter((x): x is ProposedFix => x !== null && x.notApplicable === null)
    .map((x) => ({
      description: { text: x.description },
      artifactChanges: x.changes.map((c) => ({
        artifactLocation: { uri: toUri(c.file) },
        replacements: c.replacements.map((r) => ({
          deletedRegion: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn, charOffset: r.offset, charLength: r.length },
          ...(r.text ? { insertedContent: { text: r.text } } : {}),
        })),
      })),
    }));
  return fixes.length > 0 ? { fixes } : {};
}

/** Display paths are relative to the working directory already; absolute ones become file URIs. */
function toUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split('/').map(encodeURIComponent).join('/');
}
