/** Files that ship with the package, found from the source tree or from the build in dist/. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `config/<name>` of the package. */
export function packageConfigFile(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = here.split(path.sep).includes('dist') ? path.resolve(here, '../..') : path.resolve(here, '..');
  return path.join(root, 'config', name);
}
