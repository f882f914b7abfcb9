/**
 * A WHERE clause built one condition at a time: each condition is AND-ed and the values of its
 * `?` placeholders are kept in order beside it, so a list of optional filters reads one line each.
 */
export class SqlConditions {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** Starts from conditions already built (a visibility rule, a scope). */
  constructor(...initial: ReadonlyArray<{ sql: string; params: readonly unknown[] }>) {
    for (const condition of initial) this.add(condition.sql, ...condition.params);
  }

  /** Adds a condition and the values of its placeholders. */
  add(sql: string, ...values: unknown[]): this {
    this.parts.push(sql);
    this.params.push(...values);
    return this;
  }

  /** The conditions AND-ed; '1=1' when there are none. */
  get sql(): string {
    return this.parts.length ? this.parts.join(' AND ') : '1=1';
  }
}
