import { canonicalJson } from '../probe/catalogue/catalogue-hash.js';

/** The parts of a tool contract a drift report names (catalogue-hash.ts `toolContract`). */
export const CONTRACT_FIELDS = ['inputSchema', 'outputSchema', 'title', 'description', 'annotations'] as const;
export type ContractField = (typeof CONTRACT_FIELDS)[number];

export interface ToolChange {
  name: string;
  /** Which parts of the contract differ, compared as canonical JSON (key order never counts). */
  fields: ContractField[];
}

export interface CatalogueDiff {
  added: string[];
  removed: string[];
  /** Names of tools whose contract changed (any field), sorted. */
  changed: string[];
  /** What changed in each of `changed`. */
  changes: ToolChange[];
}

type StoredTool = { name: string } & Partial<Record<ContractField, unknown>>;

/**
 * Catalogue drift between two stored catalogues (issue 4): tools added, removed, and changed,
 * with the fields that changed. Schemas are compared canonically, so a server that merely
 * reorders keys has not changed its contract. Pure.
 */
export function diffCatalogues(before: readonly StoredTool[], after: readonly StoredTool[]): CatalogueDiff {
  const old = new Map(before.map((t) => [t.name, t]));
  const now = new Map(after.map((t) => [t.name, t]));
  const changes: ToolChange[] = [];
  for (const [name, tool] of now) {
    const previous = old.get(name);
    if (!previous) continue;
    const fields = CONTRACT_FIELDS.filter((field) => canonicalJson(previous[field]) !== canonicalJson(tool[field]));
    if (fields.length > 0) changes.push({ name, fields });
  }
  changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sorted = (names: string[]) => names.sort();
  return {
    added: sorted([...now.keys()].filter((name) => !old.has(name))),
    removed: sorted([...old.keys()].filter((name) => !now.has(name))),
    changed: changes.map((c) => c.name),
    changes,
  };
}
