/** docs/regulator.md lists every column of every regulator download, in order, and nothing else. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../services/regulator/csv-exports.ts';

const doc = readFileSync(new URL('../../docs/regulator.md', import.meta.url), 'utf8');

/** Each `### \`name.csv\`` section's table rows: `| \`column\` | meaning |`. */
function documentedColumns(): Record<string, { column: string; meaning: string }[]> {
  const out: Record<string, { column: string; meaning: string }[]> = {};
  for (const section of doc.split(/^### /m).slice(1)) {
    const name = /^`([a-z-]+)\.csv`/.exec(section)?.[1];
    if (!name) continue;
    out[name] = [...section.matchAll(/^\| `([a-z_]+)` \| (.+) \|$/gm)].map((m) => ({ column: m[1]!, meaning: m[2]!.trim() }));
  }
  return out;
}

describe('docs/regulator.md', () => {
  it('documents every download with its columns in the order the code writes them', () => {
    const docs = documentedColumns();
    expect(Object.keys(docs).sort()).toEqual(Object.keys(CSV_COLUMNS).sort());
    for (const [name, columns] of Object.entries(CSV_COLUMNS)) {
      expect(docs[name]!.map((c) => c.column), name).toEqual([...columns]);
      for (const c of docs[name]!) expect(c.meaning.length, `${name}.${c.column}`).toBeGreaterThan(3);
    }
  });
});
