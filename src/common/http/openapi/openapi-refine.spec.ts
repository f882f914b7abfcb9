import type { OpenAPIObject } from '@nestjs/swagger';
import { operationIdOf, PUBLIC_EXTENSION, refineDocument, refineSchema } from './openapi-refine';

const options = { tags: [{ name: 'things', description: 'Things' }], servers: [{ url: '/', description: 'here' }] };

function documentWith(operation: Record<string, unknown>, schemas: Record<string, unknown> = {}): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: { '/things/{id}': { post: operation } },
    components: { schemas },
  } as unknown as OpenAPIObject;
}

describe('refineSchema', () => {
  it('makes plain numbers integers and keeps declared formats', () => {
    expect(refineSchema({ type: 'number' })).toEqual({ type: 'integer' });
    expect(refineSchema({ type: 'number', format: 'double' })).toEqual({ type: 'number', format: 'double' });
    expect(refineSchema({ type: 'array', items: { type: 'number' } })).toEqual({ type: 'array', items: { type: 'integer' } });
  });

  it('turns 3.0 nullable into 3.1 null types, also for enums and references', () => {
    expect(refineSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(refineSchema({ type: 'string', enum: ['a'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(refineSchema({ nullable: true, type: 'object', description: 'd', allOf: [{ $ref: '#/components/schemas/X' }] })).toEqual({
      description: 'd',
      anyOf: [{ $ref: '#/components/schemas/X' }, { type: 'null' }],
    });
    expect(refineSchema({ type: 'object', properties: { n: { type: 'number', nullable: true } } })).toEqual({
      type: 'object',
      properties: { n: { type: ['integer', 'null'] } },
    });
  });

  it('leaves examples and defaults alone', () => {
    expect(refineSchema({ type: 'object', example: { nullable: true } })).toEqual({ type: 'object', example: { nullable: true } });
  });
});

describe('refineDocument', () => {
  it('documents the errors an operation implies, with the shared error responses', () => {
    const doc = refineDocument(
      documentWith({
        parameters: [{ name: 'id', in: 'path', schema: { type: 'number' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { 200: { description: 'ok' } },
      }),
      options,
    );
    const op = doc.paths['/things/{id}'].post!;
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '401', '404', '413', '415', 'default']);
    expect(op.security).toEqual([{ bearer: [] }]);
    expect(op.parameters).toEqual([{ name: 'id', in: 'path', schema: { type: 'integer' } }]);
    expect(Object.keys(doc.components!.responses!).sort()).toEqual([
      'BadRequest',
      'NotFound',
      'PayloadTooLarge',
      'ServerError',
      'Unauthenticated',
      'UnsupportedMediaType',
    ]);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('marks a public operation as needing no token and no 401', () => {
    const doc = refineDocument(documentWith({ [PUBLIC_EXTENSION]: true, responses: { 200: { description: 'ok' } } }), options);
    const op = doc.paths['/things/{id}'].post! as unknown as Record<string, unknown>;
    expect(op.security).toEqual([]);
    expect(op[PUBLIC_EXTENSION]).toBeUndefined();
    // No 401; a POST may still arrive with a bad body.
    expect(Object.keys(op.responses as object)).toEqual(['200', '400', '413', '415', 'default']);
  });

  it('adds an example to a JSON request body from its properties', () => {
    const doc = refineDocument(
      documentWith(
        { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } }, responses: {} },
        {
          Body: {
            type: 'object',
            required: ['name', 'kind'],
            properties: { name: { type: 'string', example: '企业' }, kind: { type: 'string', enum: ['a', 'b'] }, note: { type: 'string' } },
          },
        },
      ),
      options,
    );
    const json = (doc.paths['/things/{id}'].post!.requestBody as { content: Record<string, { example: unknown }> }).content[
      'application/json'
    ];
    expect(json.example).toEqual({ name: '企业', kind: 'a' });
  });

  it('names operations resource.method', () => {
    expect(operationIdOf((c) => (c === 'AppealActionsController' ? 'appeals' : 'x'))('AppealActionsController', 'approveExtension')).toBe(
      'appeals.approveExtension',
    );
  });
});
