/**
 * Checks real answers against the OpenAPI document: the status must be documented for the
 * operation, the media type must be one it documents, and the body must match that response's
 * schema (JSON Schema 2020-12, as OpenAPI 3.1 writes it, with the formats it names). Objects are
 * held strictly here, no property the document does not name, so an answer that grew a field
 * the document lacks fails, without the document itself forbidding clients new fields.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

interface MediaType {
  readonly schema?: unknown;
}
interface ResponseObject {
  readonly content?: Record<string, MediaType>;
}
export interface Operation {
  readonly responses: Record<string, ResponseObject>;
  readonly parameters?: readonly { readonly name: string; readonly in: string }[];
}
export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { readonly schemas: Record<string, unknown> };
}

/** The answer as the client saw it: body parsed as JSON when it said JSON, else the text. */
export interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
}

const COMPONENTS = 'components';

/** `#/components/schemas/X` as a reference into the one schema that holds the components. */
function rewrite(node: unknown, strict: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, strict));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string'
        ? value.replace('#/components/schemas/', `${COMPONENTS}#/$defs/`)
        : rewrite(value, strict);
  }
  if (strict && out['properties'] !== undefined && out['additionalProperties'] === undefined)
    out['additionalProperties'] = false;
  return out;
}

export class AnswerChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {
    (formats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema({ $id: COMPONENTS, $defs: rewrite(doc.components.schemas, true) });
  }

  /** What is wrong with `answer` to `op` (`GET /api/v1/series/{id}`); empty when nothing is. */
  problems(op: string, answer: Answer): string[] {
    const [method, path] = op.split(' ') as [string, string];
    const operation = this.doc.paths[path]?.[method.toLowerCase()];
    if (!operation) return [`${op} is not documented`];
    const response = operation.responses[String(answer.status)];
    if (!response) return [`${op} answered ${answer.status}, which it does not document`];
    const content = response.content;
    if (!content) return answer.body === '' ? [] : [`${op} ${answer.status} documents no body but answered one`];
    const type = (answer.contentType ?? '').split(';')[0]!.trim();
    const media = content[type];
    if (!media)
      return [`${op} ${answer.status} answered ${type || 'no content type'}; documented: ${Object.keys(content)}`];
    const validate = this.validator(`${op} ${answer.status} ${type}`, media.schema ?? {});
    if (validate(answer.body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${op} ${answer.status}: body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(rewrite(schema, true) as object);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}
