import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { MetadataStorage as TransformerMetadata } from 'class-transformer/types/MetadataStorage';
import { ValidationTypes, getMetadataStorage } from 'class-validator';
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import { ROLES } from '../auth/api-key';
import { RouteAccess, routeAccessOf } from '../auth/route-access';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../domain/slug';
import { AnyCommandManifest } from '../recording/command-manifest';
import { CommandRegistry } from '../recording/command-registry';
import { JSON_BODY_LIMIT_BYTES } from './json-body';
import { IDEMPOTENCY_KEY_HEADER } from './problem-details.filter';

// class-transformer's @Type() metadata (the classes of nested values); the module its main entry uses, untyped.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerMetadata };

export const API_DOCS_PATH = 'api/docs';
const SCHEMA_REF = '#/components/schemas/';
const PROBLEM_JSON = 'application/problem+json';

type Schema = SchemaObject & Record<string, unknown>;

function text(meta: { constraints?: unknown[] }) {
  const max = Number(meta.constraints?.[0] ?? 2000);
  return { type: 'string', minLength: 1, maxLength: max, pattern: '\\S' } as const;
}

/**
 * JSON Schema for the ledger's own class-validator rules (src/domain/validators.ts), so the documented schema says
 * what the server checks. The authoritative check stays the server's: e.g. a date pattern cannot rule out 2019-02-30.
 */
const LEDGER_CONVERTERS: ISchemaConverters = {
  // Being required is said by the object's `required` list; `not: {type: null}` beside a $ref is invalid in OpenAPI 3.0.
  [ValidationTypes.IS_DEFINED]: {},
  isSlug: { type: 'string', pattern: SLUG_PATTERN.source, maxLength: SLUG_MAX_LENGTH },
  isPartialDate: {
    type: 'string',
    pattern: '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|-Q[1-4])?$',
    description: 'A date known to the day, month, quarter or year: YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY.',
  },
  isPositiveDecimal: {
    type: 'string',
    pattern: '^(0|[1-9]\\d{0,29})(\\.\\d{1,18})?$',
    description: 'A positive amount as a decimal string (never a number), e.g. "75000000" or "5000000.50".',
  },
  fitsCurrencyPrecision: { description: 'No more decimals than the currency has minor units (ISO 4217).' },
  isKnownCurrency: { type: 'string', pattern: '^[A-Z]{3}$', description: 'An ISO 4217 currency code, e.g. USD.' },
  isCountryCode: { type: 'string', pattern: '^[A-Z]{2}$', description: 'An ISO 3166-1 alpha-2 country code, e.g. QA.' },
  isArabicText: { type: 'string', maxLength: 500, pattern: '[\\u0600-\\u06FF]', description: 'Arabic text.' },
  isText: text,
  isSha256Hex: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  isLanguageCode: { type: 'string', pattern: '^[a-z]{2,3}$', description: 'An ISO 639 language code, e.g. ar.' },
  isStreamName: (meta) => {
    const kinds = (meta.constraints?.[0] ?? []) as string[];
    return { type: 'string', pattern: `^(${kinds.join('|')})-[a-z0-9]+(-[a-z0-9]+)*$`, description: `A stream name <kind>-<id>, kind one of ${kinds.join(', ')}.` };
  },
  endsAfterStart: (meta) => ({ description: `Not before ${String(meta.constraints?.[0] ?? 'from')}.` }),
  isChangeSet: {
    type: 'object',
    minProperties: 1,
    description: 'Dotted field path of the corrected event’s data (e.g. occurredOn, commitment.period) → its new value.',
  },
  isDay: { type: 'string', format: 'date', description: 'A calendar date YYYY-MM-DD.' },
  isKnownAt: { type: 'string', description: 'A global position (a whole number) or an ISO 8601 timestamp with a time zone.' },
};

/** Schemas of every class-validator class, named by class; closed (`additionalProperties: false`), as the server is. */
export function validatedClassSchemas(commands: readonly AnyCommandManifest[]): Record<string, Schema> {
  const names = new Map<string, unknown>();
  for (const target of (getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, unknown> }).validationMetadatas.keys()) {
    const name = (target as { name?: string }).name ?? '';
    if (names.has(name) && names.get(name) !== target) throw new Error(`Two validated classes are named ${name}: their schemas would merge`);
    names.set(name, target);
  }
  const options = { classTransformerMetadataStorage: defaultMetadataStorage, refPointerPrefix: SCHEMA_REF, additionalConverters: LEDGER_CONVERTERS };
  const schemas = validationMetadatasToSchemas(options) as Record<string, Schema>;
  // A payload that only extends its event's data class has no metadata of its own, so no schema yet.
  for (const { payload } of commands) {
    if (!schemas[payload.name]) schemas[payload.name] = targetConstructorToSchema(payload, options) as Schema;
  }
  for (const schema of Object.values(schemas)) schema.additionalProperties = false;
  return schemas;
}

function refsIn(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith(SCHEMA_REF)) found.add(item.slice(SCHEMA_REF.length));
      else refsIn(item, found);
    }
  }
}

/** The named schemas and every schema they reference, transitively. */
function reachable(all: Record<string, Schema>, roots: readonly string[]): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (out[name]) continue;
    const schema = all[name];
    if (!schema) throw new Error(`No schema for ${name}`);
    out[name] = schema;
    const refs = new Set<string>();
    refsIn(schema, refs);
    queue.push(...refs);
  }
  return out;
}

const ref = (name: string): ReferenceObject => ({ $ref: `${SCHEMA_REF}${name}` });

const SHARED_SCHEMAS: Record<string, Schema> = {
  DryRun: {
    type: 'object',
    description: 'What the command would append, decided on the stream as it is now; nothing was appended.',
    required: ['dryRun', 'stream', 'expectedRevision', 'events'],
    properties: {
      dryRun: { type: 'boolean', enum: [true] },
      stream: { type: 'string' },
      expectedRevision: { type: 'string', pattern: '^\\d+$', nullable: true, description: 'The stream’s last revision; null for a new stream.' },
      events: {
        type: 'array',
        items: { type: 'object', required: ['type', 'stream', 'data'], properties: { type: { type: 'string' }, stream: { type: 'string' }, data: { type: 'object' } } },
      },
    },
  },
  FieldError: {
    type: 'object',
    required: ['field', 'rule', 'message'],
    properties: {
      field: { type: 'string', description: 'Dotted path into the body (array indexes included), or a header name.' },
      rule: { type: 'string', description: 'Stable rule name, e.g. isSlug, unknownField, isPositiveDecimal.' },
      message: { type: 'string' },
    },
  },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details; never a stack trace.',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      errors: { type: 'array', items: ref('FieldError') },
      rule: { type: 'string', description: 'The broken invariant (422).' },
    },
  },
  RecordResult: {
    type: 'object',
    required: ['commandId', 'stream', 'eventIds', 'firstRevision', 'lastRevision', 'position', 'replayed'],
    properties: {
      commandId: { type: 'string', format: 'uuid' },
      stream: { type: 'string' },
      eventIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
      firstRevision: { type: 'string', pattern: '^\\d+$', description: 'A 64-bit integer as a decimal string.' },
      lastRevision: { type: 'string', pattern: '^\\d+$' },
      position: { type: 'string', pattern: '^\\d+$', description: 'Global position of the last event written.' },
      replayed: { type: 'boolean', description: 'True when the command had been recorded before: nothing was appended.' },
    },
  },
};

function problemResponse(description: string): ResponseObject {
  return { description, content: { [PROBLEM_JSON]: { schema: ref('Problem') } } };
}

const AUTH_RESPONSES: Record<string, ResponseObject> = {
  '401': problemResponse('No API key, or an unknown or revoked one.'),
  '403': problemResponse('The key’s role may not call this route.'),
};

/** The command's name in the camelCase client generators want for an operation id: `sign-agreement` → `signAgreement`. */
export function operationIdOf(command: string): string {
  return command.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

type CommandOperation = OperationObject & { readonly 'x-label': AnyCommandManifest['label']; readonly 'x-records': AnyCommandManifest['records'] };

/**
 * A command's operation. `x-label` (the page's name for it, English and Arabic) and `x-records` (the event types it
 * records) come from its manifest, so the page builds its record panel from this document and lists no commands.
 */
function commandOperation({ name, description, label, records, payload }: AnyCommandManifest, roles: readonly string[]): CommandOperation {
  return {
    'x-label': label,
    'x-records': records,
    operationId: operationIdOf(name),
    tags: ['commands'],
    summary: `Record a fact: ${name}`,
    description: `${description.charAt(0).toUpperCase()}${description.slice(1)}. Roles: ${roles.join(', ')}. The body is validated in full; nothing is appended on any error.`,
    parameters: [
      {
        name: IDEMPOTENCY_KEY_HEADER,
        in: 'header',
        required: true,
        description: 'The command id, a UUID chosen by the client (optional with dryRun=true). Repeating it with the same body returns the original result (200) and appends nothing; with another body it is refused (422).',
        schema: { type: 'string', format: 'uuid' },
      },
      {
        name: 'dryRun',
        in: 'query',
        required: false,
        description: 'true: validate, load the stream and decide, then answer 200 with the events the command would append (DryRun) or the error it would give; nothing is appended and no Idempotency-Key is recorded (the header is optional then).',
        schema: { type: 'string', enum: ['true', 'false'], default: 'false' },
      },
    ],
    requestBody: { required: true, content: { 'application/json': { schema: ref(payload.name) } } },
    responses: {
      '201': { description: 'Recorded.', content: { 'application/json': { schema: ref('RecordResult') } } },
      '200': {
        description: 'Recorded before with this Idempotency-Key and body: the original result; nothing appended. With dryRun=true: the events it would append.',
        content: { 'application/json': { schema: { oneOf: [ref('RecordResult'), ref('DryRun')] } } },
      },
      '400': problemResponse('The body or the Idempotency-Key header is not valid: every bad field and rule is listed.'),
      ...AUTH_RESPONSES,
      '404': problemResponse('No such command.'),
      '409': problemResponse('The stream kept changing while the command was recorded; retry with the same Idempotency-Key.'),
      '413': problemResponse(`The body is larger than ${JSON_BODY_LIMIT_BYTES} bytes.`),
      '415': problemResponse('The body is not application/json (UTF-8).'),
      '422': problemResponse('A ledger rule forbids the command, or the Idempotency-Key was used for another request.'),
    },
    security: [{ bearer: [] }, { apiKey: [] }],
  };
}

function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Adds what Nest cannot see without @nestjs/swagger decorators: security, roles, query parameters, problem responses. */
function describeRoute(operation: OperationObject, route: RouteAccess, schemas: Record<string, Schema>): void {
  if (route.isPublic) {
    operation.security = [];
    operation.description = 'Public: no key needed.';
  } else {
    operation.security = [{ bearer: [] }, { apiKey: [] }];
    operation.description = `Roles: ${route.roles.join(', ') || 'none'}.`;
    operation.responses = { ...operation.responses, ...AUTH_RESPONSES };
  }
  if (route.queryDto) {
    operation.responses = { ...operation.responses, '400': problemResponse('A query parameter is not valid: every bad one is listed.') };
    const schema = schemas[route.queryDto.name];
    const required = new Set((schema?.required as string[] | undefined) ?? []);
    const existing = new Set((operation.parameters ?? []).map((p) => (p as ParameterObject).name));
    const query: ParameterObject[] = Object.entries((schema?.properties ?? {}) as Record<string, SchemaObject>)
      .filter(([name]) => !existing.has(name))
      .map(([name, property]) => ({ name, in: 'query', required: required.has(name), schema: property }));
    operation.parameters = [...(operation.parameters ?? []), ...query];
  }
}

/** The OpenAPI document: the controllers Nest sees, plus one path per command with its payload's schema. */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Partnership Ledger')
    .setDescription(
      'Event-sourced ledger of the partnership between the State of Qatar and the UN Office of Counter-Terrorism. ' +
        `Every route but /health needs an API key (roles: ${ROLES.join(', ')}): admin keys record facts, auditor keys read. ` +
        'Errors are application/problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key: pl_ followed by 43 base64url characters.' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same API key, in its own header.' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const commands = app.get(CommandRegistry).manifests();
  const all = validatedClassSchemas(commands);
  const routes = routeAccessOf(app);
  for (const route of routes) {
    const operation = (document.paths[toOpenApiPath(route.path)] as Record<string, OperationObject> | undefined)?.[route.method.toLowerCase()];
    if (operation) describeRoute(operation, route, all);
  }
  const commandRoute = routes.find((route) => route.path === '/api/commands/:command');
  const commandRoles = commandRoute?.roles ?? [];
  const payloads = commands.map((command) => command.payload.name);
  for (const command of commands) {
    document.paths[`/api/commands/${command.name}`] = { post: commandOperation(command, commandRoles) };
  }
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...SHARED_SCHEMAS, ...reachable(all, payloads) },
  };
  return document;
}

/** Swagger UI at /api/docs and the document at /api/docs-json (public, outside the guard: they hold no data). */
export function setupApiDocs(app: INestApplication): void {
  SwaggerModule.setup(API_DOCS_PATH, app, () => buildApiDocument(app), {
    jsonDocumentUrl: `${API_DOCS_PATH}-json`,
    yamlDocumentUrl: `${API_DOCS_PATH}-yaml`,
    swaggerOptions: { persistAuthorization: false },
    customSiteTitle: 'Partnership Ledger API',
  });
}
