/** The shape every catalog has: the Chinese catalog's keys, every leaf a string. */
export type Catalog<T> = { readonly [K in keyof T]: T[K] extends string ? string : Catalog<T[K]> };
