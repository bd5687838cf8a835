import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { REASON_CODES, REASONS } from '../src/classify/reasons.js';
import { DEFAULTS } from '../src/config/defaults.js';

/** The documents people read must say what the code does. */

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const contract = readFileSync(new URL('docs/classification.md', root), 'utf8');

describe('README', () => {
  it('its table of defaults matches src/config/defaults.ts, row for row', () => {
    const rows = [...readme.matchAll(/^\|.*\| `(\w+)` \| ([^|]+?) \|$/gm)].map((m) => [m[1]!, m[2]!.trim()] as const);
    const documented = Object.fromEntries(rows.filter(([key]) => key in DEFAULTS));
    assert.deepEqual(Object.keys(documented).sort(), Object.keys(DEFAULTS).sort(), 'every default is in the table');
    for (const [key, value] of Object.entries(DEFAULTS)) {
      assert.ok(documented[key]!.startsWith(String(value)), `${key}: README says "${documented[key]}", code says ${value}`);
    }
  });

  it('gives the two quick-start commands and the test command CI runs', () => {
    assert.match(readme, /^npm ci && npm run demo\b/m);
    assert.match(readme, /^npm test\b/m);
  });
});

describe('docs/classification.md', () => {
  it('documents every reason code with its status, and no others', () => {
    const rows = [...contract.matchAll(/^\| `([a-z_]+)` \| (healthy|degraded|dead) \|/gm)].map((m) => [m[1]!, m[2]!] as const);
    assert.deepEqual(rows.map(([code]) => code).sort(), [...REASON_CODES].sort());
    for (const [code, status] of rows) assert.equal(status, REASONS[code as keyof typeof REASONS].status, code);
  });
});
