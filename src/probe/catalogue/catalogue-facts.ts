import type { Era } from '../eras/protocol-versions.js';
import { jsonMemoKey } from '../../util/json-memo-key.js';
import { catalogueHash } from './catalogue-hash.js';
import { boundSchemaDepth, toolProblems, type ToolDefinition, type ToolProblem } from './tool-rules.js';

/** What a probe derives from the tools a server listed. */
export interface CatalogueFacts {
  /** The tools, with any definition nested too deep replaced (boundSchemaDepth). */
  tools: ToolDefinition[];
  /** The depth cuts and the per-tool rules' findings. */
  problems: ToolProblem[];
  hash: string;
}

/**
 * Rule problems and hash by the bounded listing's JSON text and era. They are a pure function
 * of the two, and a fleet lists the same catalogue again and again (one server software deployed
 * many times): the rules (a meta-schema check per schema) and the canonical hash are then worked
 * out once. The depth bound comes first, every time: it is what makes the text safe to write (a
 * 100,000-level schema would overflow JSON.stringify). Equal texts hold equal tools, except where
 * a non-finite number (`1e400` parses to Infinity, which JSON writes as null) hides behind the
 * text: such listings are neither looked up nor kept (jsonMemoKey: the text up to 1 KiB, its
 * SHA-256 above, so an entry costs at most about a kilobyte whatever the catalogue's size); at
 * most 1,024 entries, oldest go first.
 */
const factsByText = new Map<string, { problems: ToolProblem[]; hash: string }>();
const FACTS_MAX = 1_024;

export function catalogueFacts(listed: ToolDefinition[], era: Era): CatalogueFacts {
  // Bounded first: every later step (rules, hash, storage, output) may then recurse safely.
  const bounded = boundSchemaDepth(listed);
  const textKey = jsonMemoKey(bounded.tools);
  const key = textKey === null ? null : `${era}${textKey}`;
  let facts = key === null ? undefined : factsByText.get(key);
  if (!facts) {
    facts = { problems: toolProblems(bounded.tools, era), hash: catalogueHash(bounded.tools) };
    if (key !== null) {
      if (factsByText.size >= FACTS_MAX) factsByText.delete(factsByText.keys().next().value!);
      factsByText.set(key, facts);
    }
  }
  return { tools: bounded.tools, problems: [...bounded.problems, ...facts.problems], hash: facts.hash };
}
