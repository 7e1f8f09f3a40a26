/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break. Text starting with `=`, `+`, `-` or `@` gets a leading apostrophe
 * so that a spreadsheet shows it rather than running it as a formula;
 * numbers are written as they are.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A column as CSV sees it: its header and the text of a row's cell. */
export interface CsvColumn<T> {
  header: string;
  text: (row: T) => string | number | null | undefined;
}

/** Rows as CSV text: a header line, then one line per row, CRLF line ends. */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const lines = [
    columns.map(c => csvField(c.header)).join(','),
    ...rows.map(row => columns.map(c => csvField(c.text(row))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** Offers `text` as a CSV file download named `filename`. */
export function downloadCsv(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/** A file name from a table's label: `Teams by drift` gives `teams-by-drift.csv`. */
export function csvFileName(label: string): string {
  const slug = label
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'table'}.csv`;
}
