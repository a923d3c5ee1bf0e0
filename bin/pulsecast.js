#!/usr/bin/env node
// The `pulsecast` command. Builds the project first when the compiled code is missing or older
// than the sources, so that `npx pulsecast …` works straight after a clone.
import { execSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist', 'service', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const stale =
  !existsSync(entry) ||
  ['service', 'ingest', 'forecasting', 'fixtures'].some(
    (d) => newestSource(path.join(root, d)) > statSync(entry).mtimeMs,
  );
if (stale) {
  try {
    execSync('npm run build --silent', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    process.stderr.write('pulsecast: the build failed (see above); run `npm run build` to retry\n');
    process.exit(2);
  }
}
await import(pathToFileURL(entry).href);
