import { CN_DIVISIONS_DATA } from './cn-divisions-data.js';

/** The level of an administrative division of China, told by its code's length. */
export type RegionLevel = 'province' | 'city' | 'district';

/** One administrative division: its code, name, level and whether it has divisions below it. */
export interface Region {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly hasChildren: boolean;
}

const LEVEL_BY_DIGITS: Readonly<Record<number, RegionLevel>> = {
  2: 'province',
  4: 'city',
  6: 'district',
};

interface RegionIndex {
  readonly byCode: ReadonlyMap<string, Region>;
  readonly children: ReadonlyMap<string, readonly Region[]>;
}

let index: RegionIndex | undefined;

// Parsed on first use: 3,351 lines, a few milliseconds, kept for the process.
function regionIndex(): RegionIndex {
  if (index) return index;
  const names = new Map<string, string>();
  for (const line of CN_DIVISIONS_DATA.split('\n')) {
    const match = /^(\d+)(.+)$/.exec(line);
    if (match?.[1] && match[2]) names.set(match[1], match[2]);
  }
  const parentOf = (code: string) => (code.length === 2 ? '' : code.slice(0, code.length - 2));
  const withChildren = new Set([...names.keys()].map(parentOf));
  const byCode = new Map<string, Region>();
  const children = new Map<string, Region[]>();
  for (const [code, name] of names) {
    const level = LEVEL_BY_DIGITS[code.length];
    if (!level) continue;
    const region: Region = { code, name, level, hasChildren: withChildren.has(code) };
    byCode.set(code, region);
    const siblings = children.get(parentOf(code)) ?? [];
    siblings.push(region);
    children.set(parentOf(code), siblings);
  }
  index = { byCode, children };
  return index;
}

/** The divisions directly below `parent` (the provinces when it is empty), in code order. */
export function regionChildren(parent = ''): readonly Region[] {
  return regionIndex().children.get(parent) ?? [];
}

/** The division of a code, or undefined when no division has it. */
export function findRegion(code: string): Region | undefined {
  return regionIndex().byCode.get(code);
}

/** The province, city and district a code lies in, from the top; [] for an unknown code. */
export function regionPath(code: string): readonly Region[] {
  if (!findRegion(code)) return [];
  const path: Region[] = [];
  for (let digits = 2; digits <= code.length; digits += 2) {
    const region = findRegion(code.slice(0, digits));
    if (region) path.push(region);
  }
  return path;
}
