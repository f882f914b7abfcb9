/**
 * Spreadsheet programs run a text cell that starts with = + - @ (or a tab / carriage return
 * before one) as a formula: a firm name such as "=HYPERLINK(…)" in an export would execute on an
 * officer's machine (CSV/formula injection). Such text is written behind a single quote, which
 * Excel and WPS read as "this is text".
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * A row of cells with every text neutralised (numbers, dates and empty cells as they are). Every
 * XLSX export writes its rows through this, so no column can be forgotten.
 */
export function safeCells<T extends unknown[] | Record<string, unknown>>(cells: T): T {
  const safe = (value: unknown) => (typeof value === 'string' ? neutraliseFormula(value) : value);
  if (Array.isArray(cells)) return cells.map(safe) as T;
  return Object.fromEntries(Object.entries(cells).map(([key, value]) => [key, safe(value)])) as T;
}
