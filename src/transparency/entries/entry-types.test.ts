// Keeps the log's entry types, their writers and their documentation in step (as
// src/server/errors-docs.test.ts does for error codes): every type in ENTRY_TYPES is built by
// exactly one writer in this folder, no code outside it builds an entry of a listed type, and
// docs/transparency.md has one table row per type and none for a type not in the list.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTRY_TYPES } from './entry-types.ts';

const SRC = join(import.meta.dirname, '..', '..');
const ENTRIES = import.meta.dirname;
const DOC = readFileSync(join(SRC, '..', 'docs', 'transparency.md'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path, rel: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const types = Object.entries(ENTRY_TYPES);

/** Where an entry of the type is built: `type: ENTRY_TYPES.<key>`, or the type's name written out as `type: '<name>'`. */
function buildersOf(key: string, name: string): string[] {
  const byKey = new RegExp(`\\btype:\\s*ENTRY_TYPES\\.${key}\\b`, 'g');
  const byName = new RegExp(`\\btype:\\s*['"]${name.replace('.', '\\.')}['"]`, 'g');
  return files.flatMap((f) => [...f.text.matchAll(byKey), ...f.text.matchAll(byName)].map(() => f.rel));
}

/** The entry types documented: the second cell of each row of the engine's table. */
function documentedTypes(doc: string): string[] {
  return [...doc.matchAll(/^\|[^|\n]*\|\s*`([a-z]+\.[a-z]+)`\s*\|/gm)].map((m) => m[1]!);
}

describe('log entry types', () => {
  it('lists each type once', () => {
    const names = types.map(([, name]) => name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(12);
  });

  it.each(types)('%s (%s) is built by exactly one writer, in src/transparency/entries/', (key, name) => {
    const where = buildersOf(key, name);
    expect(where).toHaveLength(1);
    expect(join(SRC, where[0]!).startsWith(ENTRIES)).toBe(true);
  });

  it('documents every type exactly once, and no type not in the list', () => {
    const documented = documentedTypes(DOC);
    expect([...documented].sort()).toEqual(types.map(([, name]) => name).sort());
  });

  it('would notice a second writer or a missing row', () => {
    expect(documentedTypes('| step | `jury.case` | x |\n| step | `a.b` | y |')).toEqual(['jury.case', 'a.b']);
    expect(buildersOf('juryCase', 'jury.case').length).toBe(1);
    expect([...`{ type: 'jury.case', v: 1 }`.matchAll(/\btype:\s*['"]jury\.case['"]/g)]).toHaveLength(1);
  });
});
