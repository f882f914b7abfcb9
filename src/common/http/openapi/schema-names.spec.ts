import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The document names each schema after its class, and two classes of one name silently share one
 * schema (the later overwrites the earlier): every class that describes itself to Swagger must
 * have a name of its own.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('OpenAPI schema names', () => {
  it('are unique across the classes that carry ApiProperty', () => {
    const owners = new Map<string, string[]>();
    for (const file of sourceFiles(join(__dirname, '..', '..', '..'))) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('ApiProperty')) continue;
      for (const [, name] of text.matchAll(/^export class (\w+)/gm)) owners.set(name, [...(owners.get(name) ?? []), file]);
    }
    const shared = [...owners].filter(([, files]) => files.length > 1).map(([name, files]) => `${name}: ${files.join(', ')}`);
    expect(shared).toEqual([]);
  });
});
