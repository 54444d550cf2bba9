import { describe, expect, it } from 'vitest';
import { en } from './messages/en';
import { zhCN } from './messages/zh-CN';
import { NAMESPACES } from './namespaces';

const leaves = (o: object, prefix = ''): [string, unknown][] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? leaves(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]));

describe('message catalogs', () => {
  it('have the same keys, every message a non-empty string', () => {
    const zh = Object.fromEntries(leaves(zhCN));
    const e = Object.fromEntries(leaves(en));
    expect(Object.keys(e).sort()).toEqual(Object.keys(zh).sort());
    for (const [k, v] of [...Object.entries(zh), ...Object.entries(e)]) expect(typeof v === 'string' && v.length > 0, k).toBe(true);
  });
  it('name the same placeholders in both languages', () => {
    const e = Object.fromEntries(leaves(en)) as Record<string, string>;
    for (const [k, v] of leaves(zhCN) as [string, string][]) {
      const names = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(names(e[k]!), k).toEqual(names(v));
    }
  });
  it('have exactly the namespaces the browser tests look for raw keys of (namespaces.ts)', () => {
    expect([...NAMESPACES].sort()).toEqual(Object.keys(en).sort());
  });
});
