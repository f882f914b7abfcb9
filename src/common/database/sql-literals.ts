/**
 * A list of the domain's own code values (statuses, states) written into SQL as literals, e.g.
 * `status IN (${sqlValues(ANSWERED_APPEAL_STATUSES)})`. Only identifiers-like constants may pass:
 * anything else is a programming error, caught at start-up, never user input in SQL.
 */
export function sqlValues(values: readonly string[]): string {
  if (!values.length) throw new Error('sqlValues: an empty list has no SQL form');
  for (const value of values) {
    if (!/^[a-z][a-z_]*$/.test(value)) throw new Error(`sqlValues: not a code value: ${JSON.stringify(value)}`);
  }
  return values.map((value) => `'${value}'`).join(', ');
}
