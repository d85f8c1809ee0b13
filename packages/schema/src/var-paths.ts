import { pointer } from './metadata-issue.js';

/** One `var` a json-logic rule reads: its name and the JSON pointer of the `var` node in the rule. */
export interface VarReference {
  readonly name: string;
  readonly path: string;
}

// In these operators the logic after the first argument reads the current element of an array
// ({"var": ""} or an element field), not the record, so only the first argument names fields.
const SCOPED_OPERATORS = new Set(['map', 'filter', 'all', 'none', 'some', 'reduce']);
const MAX_DEPTH = 64;

/** Every literal `var` a json-logic rule reads from the record, with where it is, in rule order. */
export function collectVarReferences(rule: unknown): VarReference[] {
  const references: VarReference[] = [];
  visit(rule, '', 0, references);
  return references;
}

/** The distinct `var` names a json-logic rule reads from the record, in first-seen order. */
export function collectVarPaths(rule: unknown): string[] {
  return [...new Set(collectVarReferences(rule).map((reference) => reference.name))];
}

function visit(node: unknown, path: string, depth: number, out: VarReference[]): void {
  if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      visit(item, path + pointer(index), depth + 1, out);
    });
    return;
  }
  const keys = Object.keys(node);
  // json-logic treats an object with other than exactly one key as a literal, not an operation.
  if (keys.length !== 1) return;
  const operator = keys[0]!;
  const args = (node as Record<string, unknown>)[operator];
  const argsPath = path + pointer(operator);
  if (operator === 'var') {
    const list = Array.isArray(args) ? args : [args];
    const name = list[0];
    const namePath = Array.isArray(args) ? argsPath + pointer(0) : argsPath;
    if (typeof name === 'string' && name !== '') out.push({ name, path: namePath });
    else if (typeof name === 'number') out.push({ name: String(name), path: namePath });
    else visit(name, namePath, depth + 1, out);
    if (Array.isArray(args)) visit(args[1], argsPath + pointer(1), depth + 1, out);
    return;
  }
  if (SCOPED_OPERATORS.has(operator) && Array.isArray(args)) {
    visit(args[0], argsPath + pointer(0), depth + 1, out);
    if (operator === 'reduce') visit(args[2], argsPath + pointer(2), depth + 1, out);
    return;
  }
  visit(args, argsPath, depth + 1, out);
}
