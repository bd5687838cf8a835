/** A plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Orders by `name` in code-point order (stable across locales, unlike localeCompare). */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Depth of a JSON value, measured without recursion (so a hostile 100,000-level
 * schema cannot overflow the stack). Stops counting at `limit + 1`.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  // Two parallel stacks rather than a {value, depth} record per node: this runs over every tool.
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const current = values.pop();
    const depth = depths.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    if (Array.isArray(current)) {
      for (const child of current) if (typeof child === 'object' && child !== null) (values.push(child), depths.push(depth + 1));
    } else {
      for (const key in current) {
        const child = (current as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) (values.push(child), depths.push(depth + 1));
      }
    }
  }
  return false;
}

/** Whether a JSON value holds a non-finite number anywhere (which JSON text would write as null), without recursion. */
export function holdsNonFinite(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'number' && !Number.isFinite(current)) return true;
    if (typeof current === 'object' && current !== null) for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push(child);
  }
  return false;
}
