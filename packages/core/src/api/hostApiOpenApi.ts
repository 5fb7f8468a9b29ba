import { z } from 'zod';
import { printJsonLikePrettier } from '../manifest/prettierJson';
import { apiErrorAnswerSchema } from './apiErrorSchema';
import { HOST_API, type ApiRoute } from './hostApiRoutes';

type JsonObject = Record<string, unknown>;

/**
 * A schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), in input mode: objects the host
 * answers stay open to fields a later host adds; request bodies declared strict stay closed.
 */
function jsonSchema(schema: z.ZodType): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonObject;
  return rest;
}

function parameters(where: 'path' | 'query' | 'header', shape: z.ZodObject | undefined) {
  if (shape === undefined) return [];
  return Object.entries(shape.shape).map(([name, field]) => {
    const schema = jsonSchema(field as z.ZodType);
    const { description, ...rest } = schema;
    return {
      name,
      in: where,
      required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
      ...(typeof description === 'string' && { description }),
      schema: rest,
    };
  });
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  202: 'Approval required: no vendor call was made',
};

function operation(id: string, route: ApiRoute): JsonObject {
  const responses: JsonObject = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    responses[status] = {
      description: STATUS_TEXT[Number(status)] ?? 'OK',
      content: {
        [route.contentType ?? 'application/json']: { schema: jsonSchema(schema) },
      },
    };
  }
  responses.default = { $ref: '#/components/responses/Error' };
  const params = [
    ...parameters('path', route.params),
    ...parameters('query', route.query),
    ...parameters('header', route.headers),
  ];
  return {
    operationId: id,
    summary: route.summary,
    'x-dealix-permission': route.permission,
    ...(route.permission !== 'public' && { security: [{ bearer: [] }] }),
    ...(params.length > 0 && { parameters: params }),
    ...(route.body !== undefined && {
      requestBody: {
        required: !route.body.safeParse(undefined).success,
        content: { 'application/json': { schema: jsonSchema(route.body) } },
      },
    }),
    responses,
  };
}

/** `/api/v1/tenants/:tenant` → `/api/v1/tenants/{tenant}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

/**
 * The host API as an OpenAPI 3.1 document, generated from the zod schemas of HOST_API (the
 * ones the host validates with and the client is typed by). The host serves it at
 * `GET /api/v1/openapi.json`; docs/host-api.openapi.json is the committed copy.
 */
export function renderHostApiOpenApi(): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const [id, route] of Object.entries(HOST_API) as Array<[string, ApiRoute]>) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(id, route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dealix connector host API',
      version: '1',
      description:
        'Every vendor call of a service or agent goes through this API: governed execution with approvals, unknown outcomes, the governance board and the events outbox. A token carries roles (viewer reads, operator executes, approver decides, admin all) and the tenants it covers (`x-dealix-permission` names what each route needs). Typed client: @dealix/connector-client.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      responses: {
        Error: {
          description:
            'An error: `{ "error": { code, kind, message, retryable, ... } }` with the registry status of its code (docs/errors.md); 429 and 503 carry Retry-After. Only answers with `retryable: true` may succeed when repeated.',
          content: { 'application/json': { schema: jsonSchema(apiErrorAnswerSchema) } },
        },
      },
    },
    paths,
  };
}

/** docs/host-api.openapi.json as committed (Prettier's JSON layout). */
export function renderHostApiOpenApiText(): string {
  return printJsonLikePrettier(renderHostApiOpenApi());
}
