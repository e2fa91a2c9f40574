/**
 * CSV (RFC 4180, comma, CRLF) that is safe to open in a spreadsheet: every field is quoted, and a
 * field that a spreadsheet would take for a formula (starting with = + - @, a tab or a carriage
 * return) is prefixed with an apostrophe (OWASP: CSV injection).
 */
export type CsvValue = string | number | null;

export function csvField(v: CsvValue): string {
  if (v === null) return '""';
  if (typeof v === 'number') return `"${String(v)}"`;
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
