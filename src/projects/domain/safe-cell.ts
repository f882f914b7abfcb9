/**
 * A text cell that a spreadsheet would run as a formula (=, +, -, @ first, or a tab/CR that some
 * programs strip before looking) is written with a leading apostrophe-like quote character so it
 * stays text: CSV/XLSX injection (OWASP "CSV Injection"). Numbers are written as numbers and
 * never pass through here.
 */
export function safeCellText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
