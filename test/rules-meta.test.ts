/**
 * Rule metadata is documentation users act on: diagnose lines are real kubectl/istioctl
 * invocations, prose is finished sentences without doubled words, sources are links or code paths.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';

/** Subcommands each tool really has (kubectl 1.30, istioctl 1.24; `x` is istioctl experimental). */
const SUBCOMMANDS: Record<string, RegExp> = {
  kubectl: /^(-n \S+ |-A )?(get|describe|exec|logs|apply|diff|explain|label|replace|delete|create|run|auth can-i|debug|rollout)\b/,
  istioctl: /^(remote-clusters|proxy-config (cluster|listener|route|endpoint|secret|bootstrap|all)|proxy-status|analyze|validate|tag (list|set|generate)|version|x (describe|authz check|check-inject)|experimental (describe|authz check|check-inject))\b/,
  helm: /^(template|get|install|upgrade)\b/,
  npx: /^headless-lint (reach|explain|trace|graph)?\b/,
};

describe('rule metadata', () => {
  for (const { meta } of rules) {
    it(`${meta.id}: diagnose lines are real commands`, () => {
      const bad = meta.diagnose.filter((line) => {
        const [tool, ...rest] = line.split(' ');
        const pattern = SUBCOMMANDS[tool ?? ''];
        return !pattern || !pattern.test(rest.join(' '));
      });
      expect(bad).toEqual([]);
      expect(meta.diagnose.length).toBeGreaterThan(0);
    });

    it(`${meta.id}: prose is finished and has no doubled words`, () => {
      for (const text of [meta.description, meta.why, meta.fix]) {
        expect(text.trim()).toMatch(/[.)"]$/);
        expect(text).not.toMatch(/\b(\w+) \1\b/i);
        expect(text).not.toMatch(/ {2}|\s,/);
      }
    });

    it(`${meta.id}: sources are links or repository paths`, () => {
      expect(meta.sources.length).toBeGreaterThan(0);
      expect(meta.sources.filter((s) => !/^(https:\/\/\S+|[\w.-]+\/[\w.-]+ \S+)/.test(s))).toEqual([]);
    });
  }
});
