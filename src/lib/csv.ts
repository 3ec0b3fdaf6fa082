/** RFC 4180 CSV for files people open in Excel: CRLF rows, quoted fields, a UTF-8 BOM up front. */

/** Excel reads a BOM-less UTF-8 CSV as the local code page and garbles Chinese. */
export const UTF8_BOM = '\uFEFF';

// A cell starting with one of these runs as a formula in Excel (CSV injection): '=HYPERLINK(…)'.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, ending with CRLF. */
export function csvLine(fields: ReadonlyArray<string | number | null | undefined>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
