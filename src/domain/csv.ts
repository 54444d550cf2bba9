/**
 * CSV as RFC 4180 says: fields separated by commas, records ended by CRLF, a field holding a
 * comma, a double quote, CR or LF enclosed in double quotes with each double quote doubled. No
 * CSV library is a dependency of the project, and this is all the regulator's downloads need.
 */

/** A value of a CSV cell: text, an integer (fen, counts), or nothing (an empty field). */
export type CsvValue = string | number | bigint | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted only when RFC 4180 requires it. */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'string' ? v : String(v);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Parses CSV text back into records (for tests and for anyone checking a download). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { record.push(field); field = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; i++; }
    else field += ch;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); }
  return records;
}
