/**
 * Bundles the dashboard with esbuild: dashboard/src/main.ts (and the CSS it imports) into
 * dist/dashboard/public/app.js and app.css, next to a copy of dashboard/index.html. Run by
 * `npm run build` after tsc, from dist/dashboard/build.js.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// Compiled to dist/dashboard/build.js (root two up) or run from dashboard/build.ts with tsx (one up).
const root = here.split(path.sep).includes('dist') ? path.resolve(here, '../..') : path.resolve(here, '..');
const out = path.join(root, 'dist', 'dashboard', 'public');

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const result = await build({
    entryPoints: { app: path.join(root, 'dashboard', 'src', 'main.ts') },
    bundle: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: true,
    outdir: out,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'linked',
  });
  await copyFile(path.join(root, 'dashboard', 'index.html'), path.join(out, 'index.html'));
  // metafile paths are relative to the working directory.
  const sizes = await Promise.all(
    Object.keys(result.metafile.outputs)
      .filter((f) => !f.endsWith('.map'))
      .map(async (f) => `${path.basename(f)} ${Math.round((await stat(path.resolve(f))).size / 1024)} kB`),
  );
  process.stdout.write(`dashboard built into ${path.relative(root, out)}: ${sizes.join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`dashboard build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
