/**
 * The catalogs' top-level namespaces. The browser tests look for "namespace.key" on every page
 * (a key shown raw means a missing message); catalogs.test.ts keeps this list equal to the catalog's.
 */
export const NAMESPACES = ['operator', 'investigator', 'auditor', 'admin', 'server', 'votes', 'windDown', 'regulator', 'app', 'common', 'home', 'notice', 'periods', 'period', 'rules', 'jury', 'verify', 'my', 'member', 'ops', 'auth', 'fields', 'errors'] as const;
