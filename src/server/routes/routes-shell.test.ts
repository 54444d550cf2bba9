/**
 * Routes translate HTTP only: no SQL, no transaction, and from the repositories only reads (the
 * named read-only queries); every write goes through a service that asks requireAccess first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = import.meta.dirname;
const routeFiles = readdirSync(DIR).filter((f) => f.endsWith('-routes.ts'));
/** Names that say a function writes. */
const WRITER = /^(insert|update|delete|set|upsert|append|assign|store|attach|record|clear|mark|post|reserve|complete|release)/;

function repositoryImports(text: string): { from: string; names: string[] }[] {
  return [...text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'([^']*(?:repositories|repos)\/[^']*)'/g)].map((m) => ({
    from: m[2]!, names: m[1]!.split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type ')),
  }));
}

describe('the route files', () => {
  it('hold no SQL and open no transaction', () => {
    const offenders = routeFiles.filter((f) => /\.(query|transaction)\s*[<(]/.test(readFileSync(join(DIR, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('import only reads from the repositories', () => {
    const writes = routeFiles.flatMap((f) => repositoryImports(readFileSync(join(DIR, f), 'utf8'))
      .flatMap((i) => i.names.filter((n) => WRITER.test(n)).map((n) => `${f}: ${n} from ${i.from}`)));
    expect(writes).toEqual([]);
  });

  it('import nothing from one another but schemas and views', () => {
    const helpers = routeFiles.flatMap((f) => [...readFileSync(join(DIR, f), 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*'\.\/[^']*-routes\.ts'/g)]
      .flatMap((m) => m[1]!.split(',').map((n) => n.trim()).filter((n) => n && !/^(type |[a-z]+Schema$|publicCase$|to[A-Z]|email$|password$)/.test(n)).map((n) => `${f}: ${n}`)));
    expect(helpers).toEqual([]);
  });
});
