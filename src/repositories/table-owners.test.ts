/**
 * One table, one repository: every piece of SQL that names a table (FROM / JOIN / INTO / UPDATE /
 * DELETE FROM / TABLE / COPY / TRUNCATE ... name, or copyIn('name')) in a non-test .ts file under
 * src/ and bench/ must sit in the table's owner (owners.ts), or be a declared foreign read or
 * write of that file. Migrations and .sql files are the tables' definition and are not scanned.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FOREIGN_READS, FOREIGN_WRITES, TABLE_OWNERS, TEMPORARY_UNCHECKED } from './owners.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface TableMention { table: string; write: boolean }

/** The tables the migrations create. */
function tablesOfMigrations(): string[] {
  const dir = join(ROOT, 'src/db/migrations');
  const sql = readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  return [...sql.matchAll(/CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/gi)].map((m) => m[1]!.toLowerCase());
}

/** Every mention of one of `tables` in SQL within `text`, and whether it writes the table. */
export function tablesNamedIn(text: string, tables: readonly string[]): TableMention[] {
  const names = [...tables].sort((a, b) => b.length - a.length).join('|');
  const re = new RegExp(
    `\\b(DELETE\\s+FROM|FROM|JOIN|INTO|UPDATE|TABLE|COPY|TRUNCATE)\\s+(?:ONLY\\s+)?(${names})\\b|copyIn\\(\\s*['"\`](${names})['"\`]`, 'gi');
  return [...text.matchAll(re)].map((m) => {
    const keyword = (m[1] ?? 'COPY').toUpperCase();
    return { table: (m[2] ?? m[3])!.toLowerCase(), write: keyword !== 'FROM' && keyword !== 'JOIN' };
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' || e.name === 'node_modules' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [relative(ROOT, p).split('\\').join('/')] : [];
  });
}

const ownerOf = new Map(Object.entries(TABLE_OWNERS).flatMap(([file, tables]) => tables.map((t) => [t, file] as const)));

describe('the table-owner scanner', () => {
  it('finds the tables an SQL string reads and writes', () => {
    const found = tablesNamedIn(
      `SELECT c.ref FROM claims c JOIN persons p ON p.id = c.person_id; INSERT INTO charges (x) VALUES (1);
       update memberships SET status = 'left'; DELETE FROM sessions WHERE true; db.copyIn('payers', [])`,
      ['claims', 'persons', 'charges', 'memberships', 'sessions', 'payers', 'plans']);
    expect(found).toEqual([
      { table: 'claims', write: false }, { table: 'persons', write: false }, { table: 'charges', write: true },
      { table: 'memberships', write: true }, { table: 'sessions', write: true }, { table: 'payers', write: true },
    ]);
  });

  it('does not take a longer name or a column for a table', () => {
    expect(tablesNamedIn('SELECT claim_ids FROM claim_documents; SELECT 1 FROM plan_clock', ['claims', 'claim_documents', 'plans', 'plan_clock']))
      .toEqual([{ table: 'claim_documents', write: false }, { table: 'plan_clock', write: false }]);
  });
});

describe('one table, one owner', () => {
  const tables = tablesOfMigrations();

  it('gives every table of the migrations exactly one owner, and owns no table that does not exist', () => {
    const owned = Object.values(TABLE_OWNERS).flat();
    expect(owned.filter((t, i) => owned.indexOf(t) !== i)).toEqual([]);
    expect(tables.filter((t) => !ownerOf.has(t))).toEqual([]);
    expect(owned.filter((t) => !tables.includes(t))).toEqual([]);
  });

  it('names a table in SQL only in its owner, or as a declared foreign read or write', () => {
    const problems: string[] = [];
    for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'bench'))]) {
      if (TEMPORARY_UNCHECKED.includes(file)) continue;
      for (const { table, write } of tablesNamedIn(readFileSync(join(ROOT, file), 'utf8'), tables)) {
        if (ownerOf.get(table) === file) continue;
        if (FOREIGN_WRITES[file]?.tables.includes(table)) continue;
        if (!write && FOREIGN_READS[file]?.includes(table)) continue;
        problems.push(`${file} ${write ? 'writes' : 'reads'} ${table}, owned by ${ownerOf.get(table)}`);
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('keeps the declarations honest: read models own and write nothing, and every listed file exists', () => {
    const queries = Object.keys({ ...TABLE_OWNERS, ...FOREIGN_WRITES }).filter((f) => f.endsWith('-queries.ts'));
    expect(queries).toEqual([]);
    const all = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'bench'))];
    const listed = [...Object.keys(TABLE_OWNERS), ...Object.keys(FOREIGN_READS), ...Object.keys(FOREIGN_WRITES), ...TEMPORARY_UNCHECKED];
    expect(listed.filter((f) => !all.includes(f))).toEqual([]);
  });
});
