import Ajv from 'ajv';
import request from 'supertest';
import { COMMANDS } from '../../src/capabilities';
import { CommandRegistry } from '../../src/recording/command-registry';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';
import { EVERY_COMMAND_IN_ORDER } from './command-sequence';

type Json = Record<string, unknown>;
interface Schema {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
}

/** A valid payload per command, with the ids a correction or retraction names filled in. */
const SAMPLES = new Map<string, Json>();
for (const step of EVERY_COMMAND_IN_ORDER) {
  if (!SAMPLES.has(step.command)) SAMPLES.set(step.command, step.payload({ office: '00000000-0000-4000-8000-000000000001', programme: '00000000-0000-4000-8000-000000000002' }));
}

describe('OpenAPI document at /api/docs-json', () => {
  let ledger: LedgerApp;
  let document: Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Schema>; securitySchemes: Json } };
  let registry: CommandRegistry;

  beforeAll(async () => {
    ledger = await startLedgerApp();
    registry = ledger.app.get(CommandRegistry);
    document = (await request(ledger.app.getHttpServer()).get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => ledger.close());

  const resolve = (schema: Schema): Schema =>
    schema.$ref ? resolve(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]) : schema;
  const bodySchemaOf = (command: string): Schema =>
    (document.paths[`/api/commands/${command}`]?.post as { requestBody: { content: Record<string, { schema: Schema }> } }).requestBody.content['application/json'].schema;

  it('is served without a key, and the UI beside it', async () => {
    expect(document).toMatchObject({ openapi: expect.stringMatching(/^3\./), info: { title: 'Partnership Ledger' } });
    const ui = await request(ledger.app.getHttpServer()).get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it.each(COMMANDS.map((d) => d.name))('has a POST path for %s with its body schema, its manifest’s label and events, the Idempotency-Key header and bearer or X-API-Key auth', (command) => {
    const operation = document.paths[`/api/commands/${command}`]?.post as Json;
    const manifest = COMMANDS.find((c) => c.name === command)!;
    expect(operation).toMatchObject({
      operationId: expect.any(String),
      'x-label': manifest.label,
      'x-records': [...manifest.records],
      parameters: [
        { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
      ],
      requestBody: { required: true },
      security: [{ bearer: [] }, { apiKey: [] }],
    });
    expect(Object.keys(operation.responses as Json)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '409', '413', '415', '422']));
    expect(resolve(bodySchemaOf(command))).toMatchObject({ type: 'object', properties: expect.any(Object), additionalProperties: false });
  });

  it('has a unique operation id for every operation, as client generators need', () => {
    const ids = Object.values(document.paths).flatMap((path) => Object.values(path).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares the bearer and X-API-Key schemes, and marks only /health public', () => {
    expect(document.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
    });
    const publicOps = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.entries(ops).filter(([, op]) => Array.isArray(op.security) && (op.security as unknown[]).length === 0).map(([method]) => `${method} ${path}`),
    );
    expect(publicOps).toEqual(['get /health']);
  });

  it('documents the read routes’ query parameters from their DTOs', () => {
    const parameters = (document.paths['/api/diff'].get.parameters as { name: string; required: boolean }[]).map(({ name, required }) => ({ name, required }));
    expect(parameters).toEqual(expect.arrayContaining([{ name: 'from', required: true }, { name: 'to', required: true }, { name: 'knownAt', required: false }]));
  });

  /**
   * Required fields are judged against the server's own validation, not its metadata: in a valid payload, taking away
   * a field the schema calls required must be refused at that field, and taking away any other must not.
   */
  it.each(COMMANDS.map((d) => d.name))('requires exactly the fields the server requires, at every depth, for %s', (command) => {
    const sample = SAMPLES.get(command)!;
    expect(registry.payloadErrors(command, sample)).toEqual([]);
    const mismatches: string[] = [];
    const visit = (schema: Schema, value: unknown, path: string[]) => {
      const resolved = resolve(schema);
      if (Array.isArray(value) && resolved.items) value.forEach((item, i) => visit(resolved.items!, item, [...path, String(i)]));
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !resolved.properties) return;
      const required = new Set(resolved.required ?? []);
      for (const name of required) if (!(name in value)) mismatches.push(`${[...path, name].join('.')}: required by the schema, absent from a valid payload`);
      for (const [name, child] of Object.entries(value as Json)) {
        const field = [...path, name].join('.');
        const without = structuredClone(sample);
        const parent = path.reduce<Json>((node, key) => node[key] as Json, without);
        delete parent[name];
        const refused = registry.payloadErrors(command, without).some((error) => error.field === field);
        if (refused !== required.has(name)) mismatches.push(`${field}: schema says ${required.has(name) ? 'required' : 'optional'}, server ${refused ? 'requires it' : 'does not'}`);
        if (resolved.properties[name]) visit(resolved.properties[name], child, [...path, name]);
        else mismatches.push(`${field}: not in the schema`);
      }
    };
    visit(bodySchemaOf(command), sample, []);
    expect(mismatches).toEqual([]);
  });

  it('accepts every valid payload and refuses payloads the server refuses, by its schemas alone', () => {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema({ components: document.components }, 'openapi');
    for (const { name } of COMMANDS) {
      const validate = ajv.compile({ $ref: `openapi${(bodySchemaOf(name).$ref as string)}` });
      const sample = SAMPLES.get(name)!;
      expect({ name, valid: validate(sample), errors: validate.errors }).toEqual({ name, valid: true, errors: null });
      expect({ name, unknownField: validate({ ...sample, surprise: 1 }) }).toEqual({ name, unknownField: false });
      const [first] = bodySchemaOf(name).$ref ? (resolve(bodySchemaOf(name)).required ?? []) : [];
      const { [first]: _dropped, ...missing } = sample;
      expect({ name, missingRequired: validate(missing) }).toEqual({ name, missingRequired: false });
    }
  });
});
