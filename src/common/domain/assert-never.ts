/** Makes a `switch` over a union exhaustive: adding a member without handling it is a compile error. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
