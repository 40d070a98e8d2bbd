import { formatJsonPath } from "./plan-file";

/** One output value that differs between two scenarios; a side is null where the value is missing. */
export interface ScenarioDifference {
  /** JSON path into the plan output, such as `funnels["marketing-master"].neededVolumes.traffic`. */
  path: string;
  a: unknown;
  b: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Lists every leaf value that differs between two plan outputs, in the order
 * of the first output's keys, then keys only the second has. Arrays are
 * compared element by element, so a longer list reports its extra elements
 * against null.
 */
export function compareResults(a: unknown, b: unknown): ScenarioDifference[] {
  const differences: ScenarioDifference[] = [];
  walk(a, b, [], differences);
  return differences;
}

function walk(a: unknown, b: unknown, path: PropertyKey[], differences: ScenarioDifference[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.max(a.length, b.length);
    for (let index = 0; index < length; index++) {
      walk(index < a.length ? a[index] : null, index < b.length ? b[index] : null, [...path, index], differences);
    }
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((key) => !Object.hasOwn(a, key))];
    for (const key of keys) {
      walk(Object.hasOwn(a, key) ? a[key] : null, Object.hasOwn(b, key) ? b[key] : null, [...path, key], differences);
    }
    return;
  }
  if (!sameLeaf(a, b)) differences.push({ path: formatJsonPath(path), a: a ?? null, b: b ?? null });
}

function sameLeaf(a: unknown, b: unknown): boolean {
  if (isRecord(a) || isRecord(b) || Array.isArray(a) || Array.isArray(b)) {
    // An object against a scalar or null differs as a whole.
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return a === b;
}
