/**
 * How deeply a parsed body nests objects and arrays, counted without recursion (an attacker's
 * 10,000-deep body must not overflow the stack here either) and giving up as soon as `limit` is
 * passed, so a huge body costs no more than the part of it that is read.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(node as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}
