import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CAPABILITIES } from '../../src/capabilities';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Each relative import of a file, as the folder under src/ it lands in. */
function importedFolders(file: string): string[] {
  // `from '…'`, a bare `import '…'`, `import('…')` and `require('…')`.
  const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)'(\.[^']+)'/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => relative(SRC, resolve(dirname(file), specifier)).split(/[\\/]/)[0]!);
}

describe('the write side’s wiring', () => {
  const capabilityFolders = new Set(CAPABILITIES.map((capability) => capability.capability));

  it.each([['src/recording'], ['src/commands-http'], ['src/time']])('%s imports no capability folder: the capabilities are handed to it', (folder) => {
    const upward = tsFiles(join(ROOT, folder)).flatMap((file) =>
      importedFolders(file)
        .filter((imported) => capabilityFolders.has(imported))
        .map((imported) => `${relative(ROOT, file)} → src/${imported}`),
    );
    expect(upward).toEqual([]);
  });

  it('provides CLOCK in one place, the TimeModule', () => {
    const providers = tsFiles(SRC)
      .filter((file) => /provide:\s*CLOCK\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(providers).toEqual(['src/time/time.module.ts']);
  });
});
