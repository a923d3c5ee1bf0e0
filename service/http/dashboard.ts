/** Serves the built dashboard (dist/dashboard/public) at `/`. */
import express, { type RequestHandler } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function dashboardDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // From service/http (tsx) or dist/service/http (build): the bundle is always in dist/dashboard/public.
  const root = here.split(path.sep).includes('dist') ? path.resolve(here, '../../..') : path.resolve(here, '../..');
  return path.join(root, 'dist', 'dashboard', 'public');
}

export function dashboardHandler(dir = dashboardDir()): RequestHandler {
  const serve = express.static(dir, { index: 'index.html', maxAge: 0 });
  return (req, res, next) => {
    if (!existsSync(path.join(dir, 'index.html'))) {
      if (req.path === '/') {
        res
          .status(503)
          .type('text/plain')
          .send('The dashboard is not built yet: run `npm run build` (npm start does it for you).');
        return;
      }
      next();
      return;
    }
    serve(req, res, next);
  };
}
