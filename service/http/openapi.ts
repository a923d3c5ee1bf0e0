/**
 * The OpenAPI 3.1 description of the whole HTTP API, served at /api/v1/openapi.json, generated
 * from the contract's endpoints (and the service's own, outside the contract) by
 * @asteasolutions/zod-to-openapi. Who may call what is written from the same rule the auth
 * middleware applies. A test walks it against the running app and checks real answers against it.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { endpoints, failure, type Answer, type Endpoint } from '../contract/index.js';
import { requirementOf } from './auth-middleware.js';
import { serviceEndpoints } from './service-endpoints.js';

/** Every documented endpoint: the contract's and the service's own. */
export const documentedEndpoints: readonly Endpoint[] = [
  ...Object.values(endpoints),
  ...Object.values(serviceEndpoints),
];

/** Answers the auth middleware gives before an endpoint runs, by the scope the endpoint needs. */
function authAnswers(endpoint: Endpoint): Record<number, Answer> {
  const needed = requirementOf(endpoint.method.toUpperCase(), endpoint.path);
  if (needed === 'open') return {};
  const answers: Record<number, Answer> = {
    401: failure(
      'No token (AUTH_REQUIRED; reads need one when PULSECAST_PUBLIC_READ=false), or a bad one (AUTH_INVALID)',
    ),
    429: failure(
      needed === 'write'
        ? 'Too many failed authentications (AUTH_RATE_LIMITED) or writes (WRITE_RATE_LIMITED) from this client'
        : 'Too many failed authentications from this client (AUTH_RATE_LIMITED)',
    ),
  };
  if (needed !== 'read') answers[403] = failure(`The token's scope is below "${needed}" (AUTH_FORBIDDEN)`);
  return answers;
}

function response(answer: Answer): ResponseConfig {
  if (!answer.schema) return { description: answer.description };
  return {
    description: answer.description,
    content: { [answer.contentType ?? 'application/json']: { schema: answer.schema } },
  };
}

function requestBody(endpoint: Endpoint) {
  if (endpoint.body) return { required: true, content: { 'application/json': { schema: endpoint.body } } };
  if (endpoint.rawBodies) return { required: true, content: { ...endpoint.rawBodies } };
  return undefined;
}

function register(registry: OpenAPIRegistry, endpoint: Endpoint): void {
  const answers = { ...authAnswers(endpoint), ...endpoint.responses };
  const body = requestBody(endpoint);
  registry.registerPath({
    method: endpoint.method,
    path: endpoint.path,
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    ...(requirementOf(endpoint.method.toUpperCase(), endpoint.path) === 'open' ? { security: [] } : {}),
    request: {
      ...(endpoint.params ? { params: endpoint.params } : {}),
      ...(endpoint.query ? { query: endpoint.query } : {}),
      ...(body ? { body } : {}),
    },
    responses: Object.fromEntries(Object.entries(answers).map(([status, answer]) => [status, response(answer)])),
  });
}

function generate(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'Authorization: Bearer <token> (also `Token <token>`, HTTP Basic with the token as password, or ?p=<token> on /write)',
  });
  for (const endpoint of documentedEndpoints) register(registry, endpoint);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'pulsecast',
      version: '0.1.0',
      description: 'Monthly EV-industry figures, their revisions and conflicts, and year-over-year growth forecasts.',
    },
    security: [{ bearer: [] }],
  });
}

let document: ReturnType<typeof generate> | undefined;

/** The document, generated on first use. */
export function openApiDocument(): ReturnType<typeof generate> {
  document ??= generate();
  return document;
}
