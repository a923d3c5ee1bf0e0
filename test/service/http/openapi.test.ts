import { expect } from 'chai';
import type { Express } from 'express';
import { openApiDocument } from '../../../service/http/openapi.js';
import { request, startTestService, type TestService } from '../../support/service.js';

interface Layer {
  rawPath?: string | RegExp;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every `METHOD /path` the app routes, with express's `:id` written as OpenAPI's `{id}`. */
function routesOf(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods))
          found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`.replace(/:(\w+)/g, '{$1}'));
      } else if (layer.handle.stack && typeof layer.rawPath === 'string') {
        walk(layer.handle.stack, layer.rawPath === '/' ? prefix : prefix + layer.rawPath);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(found)].sort();
}

function documented(): string[] {
  return Object.entries(openApiDocument().paths!)
    .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

describe('OpenAPI document', () => {
  let service: TestService;

  before(async () => {
    service = await startTestService();
  });
  after(async () => {
    await service.close();
  });

  it('describes exactly the routes the app serves', () => {
    expect(documented()).to.deep.equal(routesOf(service.app));
  });

  it('is served at /api/v1/openapi.json as OpenAPI 3', async () => {
    const res = await request(service.url, '/api/v1/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.body.openapi).to.match(/^3\./);
    expect(Object.keys(res.body.paths)).to.deep.equal(Object.keys(openApiDocument().paths!));
  });

  it('resolves every $ref it uses', () => {
    const refs = JSON.stringify(openApiDocument()).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of new Set(refs))
      expect(openApiDocument().components!.schemas, ref).to.have.property(ref.split('/').pop()!);
  });
});
