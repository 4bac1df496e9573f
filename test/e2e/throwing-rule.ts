/** A rule that reports once and then throws, as a buggy rule would. */
import { defineRule } from '../../src/engine/rule.js';

export const throwing = defineRule({
  meta: {
    id: 'throws-on-services',
    cause: 'input',
    severity: 'error',
    description: 'Test rule that reports once, then throws.',
    why: 'Exercises the runner.',
    diagnose: ['none'],
    fix: 'none',
    sources: ['test'],
    messages: { aboutToFail: 'about to fail' },
    requires: ['Service'],
  },
  check({ model, report }) {
    const svc = model.services[0];
    if (svc) report({ resource: svc, path: ['spec', 'clusterIP'], messageId: 'aboutToFail' });
    throw new TypeError("Cannot read properties of undefined (reading 'ports')");
  },
});
