/**
 * The byte helpers moved to src/domain/bytes.ts (the jury and investigation rules hash with them
 * too, and they may import only the domain). This re-export keeps the log's own imports unchanged
 * while the log's folders are being merged; import src/domain/bytes.ts in new code.
 */
export * from '../domain/bytes.ts';
