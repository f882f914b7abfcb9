/**
 * Spreadsheet programs run a text cell that starts with = + - @ (or a tab / carriage return
 * before one) as a formula: a firm name such as "=HYPERLINK(…)" in an export would execute on an
 * officer's machine (CSV/formula injection). Such text is written behind a single quote, which
 * Excel and WPS read as "this is text".
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
