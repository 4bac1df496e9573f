import { describe, expect, it } from 'vitest';
import { Parser } from 'yaml';
import { findUnrenderedTemplate } from '../../src/load/templates.js';

const find = (text: string) => findUnrenderedTemplate(text, Array.from(new Parser().parse(text)));

describe('findUnrenderedTemplate', () => {
  it.each([
    ['a value', 'name: {{ .Release.Name }}\n', 6],
    ['a control line', 'a: 1\n{{- if .Values.x }}\nb: 2\n{{- end }}\n', 5],
    ['a sequence item', 'args:\n- {{ .Values.arg }}\n', 8],
    ['after a legitimate one in a plain scalar', 'image: repo:{{ .Values.tag }}\nname: {{ .Values.name }}\n', 36],
    ['inside a flow sequence', 'args: [{{ .Values.x }}]\n', 7],
    ['a JSON template', '{"name": {{ .Values.name | quote }}}\n', 9],
  ])('finds %s', (_name, text, offset) => {
    expect(find(text)).toBe(offset);
  });

  it.each([
    ['plain text', 'a: b\n'],
    ['a double-quoted string', 'a: "{{ .Values.x }}"\n'],
    ['a single-quoted string', "a: '{{ .Values.x }}'\n"],
    ['a literal block scalar', 'a: |\n  {{- if .x }}\n  b: {{ .y }}\n  {{- end }}\n'],
    ['a folded block scalar', 'a: >-\n  {{ .x }}\n'],
    ['a block scalar in a sequence of mappings', 'data:\n- name: t\n  template: |\n    {{ range .Items }}\n    - {{ . }}\n    {{ end }}\n'],
    ['a plain scalar', 'image: repo:{{ .Values.tag }}\n'],
    ['a comment', '# {{ .Values.x }}\na: 1 # {{ y }}\n'],
    ['braces that do not close on the line', 'a: {{b: 1}: c}\n'],
    ['nested flow mappings', 'a: {b: {c: d}}\n'],
  ])('leaves %s alone', (_name, text) => {
    expect(find(text)).toBeUndefined();
  });
});
