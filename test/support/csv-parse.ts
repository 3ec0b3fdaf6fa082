/** A strict RFC 4180 reader for checking what the exports write (quotes doubled, CRLF rows). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else if (ch === '"' || ch === '\n' || ch === '\r') {
      throw new Error(`unquoted ${JSON.stringify(ch)} at ${i}`);
    } else field += ch;
    i += 1;
  }
  if (field !== '' || row.length > 0) throw new Error('last record does not end with CRLF');
  return rows;
}
