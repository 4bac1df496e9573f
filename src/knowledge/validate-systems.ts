/**
 * Checks catalogue files against schemas/knowledge/system.schema.json and the rules a schema
 * cannot say (the id is the file name, a derived port names a port of the entry, patterns
 * compile). Used by the catalogue's tests and by anyone adding a system; the linter itself
 * trusts the shipped catalogue and never compiles this schema at start-up.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { readSchema } from '../util/package-info.js';
import type { Recognise, SystemEntry, SystemPort } from './systems.js';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    ajv.addFormat('regex', {
      type: 'string',
      validate: (s: string) => {
        try {
          new RegExp(s);
          return true;
        } catch {
          return false;
        }
      },
    });
    compiled = ajv.compile(readSchema('knowledge/system.schema.json') as object);
  }
  return compiled;
}

function patternsOf(r: Recognise | undefined): string[] {
  return [...(r?.images ?? []), ...(r?.env ?? []), ...(r?.args ?? [])];
}

function crossChecks(entry: SystemEntry, id: string): string[] {
  const problems: string[] = [];
  if (entry.id !== id) problems.push(`id "${entry.id}" differs from the file name "${id}"`);
  const checkPorts = (ports: readonly SystemPort[], where: string, known: readonly SystemPort[]) => {
    const names = new Set<string>();
    for (const p of ports) {
      if (names.has(p.name)) problems.push(`${where}: port name "${p.name}" appears twice`);
      names.add(p.name);
      if (p.derivedFrom && ![...known, ...ports].some((k) => k.name === p.derivedFrom?.port)) problems.push(`${where}: port "${p.name}" derives from unknown port "${p.derivedFrom.port}"`);
      if (p.setting?.listener !== undefined) {
        try {
          new RegExp(p.setting.listener);
        } catch {
          problems.push(`${where}: port "${p.name}" has a listener pattern that does not compile`);
        }
      }
    }
  };
  checkPorts(entry.ports, 'ports', []);
  const modeIds = new Set<string>();
  for (const mode of entry.modes ?? []) {
    if (modeIds.has(mode.id)) problems.push(`mode "${mode.id}" appears twice`);
    modeIds.add(mode.id);
    checkPorts(mode.ports ?? [], `mode ${mode.id}`, entry.ports);
    patternsOf(mode.recognise).forEach((p) => compiles(p, `mode ${mode.id}`, problems));
  }
  if ((entry.modes ?? []).filter((m) => m.default).length > 1) problems.push('more than one default mode');
  if (entry.needsMode && !(entry.modes ?? []).some((m) => m.recognise)) problems.push('needsMode without a mode that can be recognised');
  const r = entry.recognise;
  if (!r.images && !r.env && !r.args && !r.configKeys && !r.labels && !r.ports) problems.push('recognise gives no evidence at all');
  return problems;
}

function compiles(pattern: string, where: string, problems: string[]) {
  try {
    new RegExp(pattern);
  } catch {
    problems.push(`${where}: pattern "${pattern}" does not compile`);
  }
}

/** Problems of one catalogue file, each prefixed with the file name; none when it is valid. */
export function validateSystemFile(file: string, text = readFileSync(file, 'utf8')): string[] {
  const base = path.basename(file);
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    return [`${base}: not YAML: ${(e as Error).message.split('\n')[0]}`];
  }
  const validate = validator();
  if (!validate(value)) return (validate.errors ?? []).map((e) => `${base}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  return crossChecks(value as SystemEntry, base.replace(/\.yaml$/, '')).map((p) => `${base}: ${p}`);
}
