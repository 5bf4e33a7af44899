// Small hand-made spec pairs, one per kind of change, and whether each breaks a client.
import { describe, expect, it } from 'vitest';
import { diffApis, shapeOf } from '../../generator/src/reports/diff.ts';
import { apiModelOf } from '../../generator/src/stages/index.ts';

type Doc = Record<string, any>;
const spec = (paths: Doc, schemas: Doc = {}) => apiModelOf({ paths, components: { schemas } });
const op = (id: string, extra: Doc = {}) => ({ operationId: id, responses: { 200: { description: 'ok' } }, ...extra });
const json = (schema: Doc) => ({ 200: { content: { 'application/json': { schema } } } });
const body = (schema: Doc) => ({ requestBody: { content: { 'application/json': { schema } } } });
type Model = ReturnType<typeof spec>;
const kinds = (a: Model, b: Model) =>
  diffApis('1', a, '2', b).changes.map((c) => ({ kind: c.kind, location: c.location, breaking: c.breaking, names: c.names }));

describe('diffApis', () => {
  it.each([
    {
      name: 'operation added',
      a: spec({}),
      b: spec({ '/x': { get: op('X') } }),
      want: [{ kind: 'operation-added', location: '', breaking: false, names: ['X'] }],
    },
    {
      name: 'operation removed',
      a: spec({ '/x': { get: op('X') } }),
      b: spec({}),
      want: [{ kind: 'operation-removed', location: '', breaking: true, names: ['X'] }],
    },
    {
      name: 'operation renamed: same endpoint, new operationId',
      a: spec({ '/x': { get: op('ContainerGetArchive') } }),
      b: spec({ '/x': { get: op('ContainerArchive') } }),
      want: [{ kind: 'operation-renamed', location: '', breaking: true, names: ['ContainerGetArchive', 'ContainerArchive'] }],
    },
    {
      name: 'optional parameter added, required parameter added',
      a: spec({ '/x': { get: op('X') } }),
      b: spec({
        '/x': {
          get: op('X', {
            parameters: [
              { in: 'query', name: 'all', schema: { type: 'boolean' } },
              { in: 'query', name: 'must', required: true, schema: { type: 'string' } },
            ],
          }),
        },
      }),
      want: [
        { kind: 'parameter-added', location: 'query.all', breaking: false, names: ['all'] },
        { kind: 'parameter-added', location: 'query.must', breaking: true, names: ['must'] },
      ],
    },
    {
      name: 'parameter type, default and enum changed, parameter removed',
      a: spec({
        '/x': {
          get: op('X', {
            parameters: [
              { in: 'query', name: 'n', schema: { type: 'integer', default: 1 } },
              { in: 'query', name: 'mode', schema: { type: 'string', enum: ['a', 'b'] } },
              { in: 'header', name: 'X-Old', schema: { type: 'string' } },
            ],
          }),
        },
      }),
      b: spec({
        '/x': {
          get: op('X', {
            parameters: [
              { in: 'query', name: 'n', schema: { type: 'string', default: '1' } },
              { in: 'query', name: 'mode', schema: { type: 'string', enum: ['a', 'c'] } },
            ],
          }),
        },
      }),
      want: [
        { kind: 'parameter-changed', location: 'query.n', breaking: true, names: ['n'] },
        { kind: 'enum-added', location: 'query.mode', breaking: false, names: ['mode'] },
        { kind: 'enum-removed', location: 'query.mode', breaking: true, names: ['mode'] },
        { kind: 'parameter-removed', location: 'header.X-Old', breaking: true, names: ['X-Old'] },
      ],
    },
    {
      name: 'response properties added, removed, retyped, now nullable, now optional',
      a: spec({
        '/x': {
          get: op('X', {
            responses: json({
              type: 'object',
              required: ['Id'],
              properties: { Id: { type: 'string' }, Size: { type: 'integer' }, Old: { type: 'string' }, Ref: { type: 'string' } },
            }),
          }),
        },
      }),
      b: spec({
        '/x': {
          get: op('X', {
            responses: json({
              type: 'object',
              properties: {
                Id: { type: 'string' },
                Size: { type: 'string' },
                New: { type: 'boolean' },
                Ref: { type: 'string', nullable: true },
              },
            }),
          }),
        },
      }),
      want: [
        { kind: 'became-optional', location: 'response 200.Id', breaking: true, names: ['Id'] },
        { kind: 'type-changed', location: 'response 200.Size', breaking: true, names: ['Size'] },
        { kind: 'property-added', location: 'response 200.New', breaking: false, names: ['New'] },
        { kind: 'became-nullable', location: 'response 200.Ref', breaking: true, names: ['Ref'] },
        { kind: 'property-removed', location: 'response 200.Old', breaking: true, names: ['Old'] },
      ],
    },
    {
      name: 'request field became required, required field added',
      a: spec({ '/x': { post: op('X', body({ type: 'object', properties: { Name: { type: 'string' } } })) } }),
      b: spec({
        '/x': {
          post: op(
            'X',
            body({ type: 'object', required: ['Name', 'Kind'], properties: { Name: { type: 'string' }, Kind: { type: 'string' } } }),
          ),
        },
      }),
      want: [
        { kind: 'became-required', location: 'request.Name', breaking: true, names: ['Name'] },
        { kind: 'property-added', location: 'request.Kind', breaking: true, names: ['Kind'] },
      ],
    },
    {
      name: 'an inline schema extracted into a definition is no change to the operation',
      a: spec({ '/x': { get: op('X', { responses: json({ type: 'object', properties: { Id: { type: 'string' } } }) }) } }),
      b: spec(
        { '/x': { get: op('X', { responses: json({ $ref: '#/components/schemas/XResponse' }) }) } },
        { XResponse: { type: 'object', properties: { Id: { type: 'string' } } } },
      ),
      want: [{ kind: 'definition-added', location: '', breaking: false, names: ['XResponse'] }],
    },
    {
      name: 'a definition renamed with the same shape is a rename (its exported type name changes), and its users see no change',
      a: spec(
        { '/x': { get: op('X', { responses: json({ type: 'array', items: { $ref: '#/components/schemas/Port' } }) }) } },
        { Port: { type: 'object', properties: { PrivatePort: { type: 'integer' }, Type: { type: 'string', enum: ['tcp', 'udp'] } } } },
      ),
      b: spec(
        { '/x': { get: op('X', { responses: json({ type: 'array', items: { $ref: '#/components/schemas/PortSummary' } }) }) } },
        {
          PortSummary: {
            type: 'object',
            description: 'renamed',
            properties: { PrivatePort: { type: 'integer' }, Type: { type: 'string', enum: ['tcp', 'udp'] } },
          },
        },
      ),
      want: [{ kind: 'definition-renamed', location: '', breaking: true, names: ['Port', 'PortSummary'] }],
    },
    {
      name: "a definition's enum grows (breaking for responses) and a property is deprecated",
      a: spec({}, { D: { type: 'object', properties: { T: { type: 'string', enum: ['a'] }, Old: { type: 'integer' } } } }),
      b: spec(
        {},
        { D: { type: 'object', properties: { T: { type: 'string', enum: ['a', 'b'] }, Old: { type: 'integer', deprecated: true } } } },
      ),
      want: [
        { kind: 'enum-added', location: '.T', breaking: true, names: ['T'] },
        { kind: 'became-deprecated', location: '.Old', breaking: false, names: ['Old'] },
      ],
    },
    {
      name: 'an enum on a free string narrows a request (breaking) and only documents a response',
      a: spec({
        '/x': {
          post: op('X', {
            ...body({ type: 'object', properties: { Mode: { type: 'string' } } }),
            responses: json({ type: 'object', properties: { S: { type: 'string' } } }),
          }),
        },
      }),
      b: spec({
        '/x': {
          post: op('X', {
            ...body({ type: 'object', properties: { Mode: { type: 'string', enum: ['a'] } } }),
            responses: json({ type: 'object', properties: { S: { type: 'string', enum: ['b'] } } }),
          }),
        },
      }),
      want: [
        { kind: 'enum-introduced', location: 'request.Mode', breaking: true, names: ['Mode'] },
        { kind: 'enum-introduced', location: 'response 200.S', breaking: false, names: ['S'] },
      ],
    },
    {
      name: 'an enum lifted from a response widens what a client must read',
      a: spec({}, { D: { type: 'object', properties: { T: { type: 'string', enum: ['a'] } } } }),
      b: spec({}, { D: { type: 'object', properties: { T: { type: 'string' } } } }),
      want: [{ kind: 'enum-lifted', location: '.T', breaking: true, names: ['T'] }],
    },
    {
      name: 'a referenced definition that became nullable reaches each use',
      a: spec(
        {},
        {
          P: { type: 'object' },
          D: { type: 'object', properties: { List: { type: 'array', items: { $ref: '#/components/schemas/P' } } } },
        },
      ),
      b: spec(
        {},
        {
          P: { type: 'object', nullable: true },
          D: { type: 'object', properties: { List: { type: 'array', items: { $ref: '#/components/schemas/P' } } } },
        },
      ),
      want: [
        { kind: 'became-nullable', location: '', breaking: true, names: [] },
        { kind: 'became-nullable', location: '.List[]', breaking: true, names: ['List'] },
      ],
    },
    {
      name: 'a request field no longer nullable rejects what old clients send',
      a: spec({
        '/x': { post: op('X', body({ type: 'object', properties: { L: { type: 'array', items: { type: 'string' }, nullable: true } } })) },
      }),
      b: spec({ '/x': { post: op('X', body({ type: 'object', properties: { L: { type: 'array', items: { type: 'string' } } } })) } }),
      want: [{ kind: 'became-non-nullable', location: 'request.L', breaking: true, names: ['L'] }],
    },
    {
      name: 'content types, status codes and response headers',
      a: spec({
        '/x': {
          get: op('X', {
            responses: { 200: { description: 'ok', content: { 'text/plain': {} }, headers: { Old: {} } }, 500: { description: 'e' } },
          }),
        },
      }),
      b: spec({
        '/x': {
          get: op('X', {
            responses: {
              200: { description: 'ok', content: { 'application/vnd.docker.multiplexed-stream': {} }, headers: { Swarm: {} } },
              204: { description: 'no content' },
            },
          }),
        },
      }),
      want: [
        { kind: 'content-type-added', location: 'response', breaking: true, names: ['application/vnd.docker.multiplexed-stream'] },
        { kind: 'content-type-removed', location: 'response', breaking: false, names: ['text/plain'] },
        { kind: 'header-added', location: 'response 200 header Swarm', breaking: false, names: ['Swarm'] },
        { kind: 'header-removed', location: 'response 200 header Old', breaking: true, names: ['Old'] },
        { kind: 'status-added', location: 'response 204', breaking: true, names: ['204'] },
        { kind: 'status-removed', location: 'response 500', breaking: false, names: ['500'] },
      ],
    },
    {
      name: 'what an operation produces where its answer has no schema (attach, exec start: the multiplexed stream in 1.42)',
      a: spec({ '/x': { post: op('X', { 'x-produces': ['application/vnd.docker.raw-stream'] }) } }),
      b: spec({
        '/x': { post: op('X', { 'x-produces': ['application/vnd.docker.raw-stream', 'application/vnd.docker.multiplexed-stream'] }) },
      }),
      want: [{ kind: 'content-type-added', location: 'response', breaking: true, names: ['application/vnd.docker.multiplexed-stream'] }],
    },
    {
      name: 'an untyped field given a type (ForceRotate 1.32, Propagation 1.35), and a typed one set free',
      a: spec({}, { S: { type: 'object', properties: { F: { description: 'n' }, P: { enum: ['a'] }, T: { type: 'string' } } } }),
      b: spec({}, { S: { type: 'object', properties: { F: { type: 'integer' }, P: { type: 'string', enum: ['a'] }, T: {} } } }),
      want: [
        { kind: 'type-changed', location: '.F', breaking: false, names: ['F'] },
        { kind: 'type-changed', location: '.P', breaking: false, names: ['P'] },
        { kind: 'type-changed', location: '.T', breaking: true, names: ['T'] },
      ],
    },
    {
      name: 'a map that became an object with fields (IPAM.Config items, 1.41)',
      a: spec({ '/x': { post: op('X', body({ type: 'array', items: { type: 'object', additionalProperties: { type: 'string' } } })) } }),
      b: spec({ '/x': { post: op('X', body({ type: 'array', items: { type: 'object', properties: { Subnet: { type: 'string' } } } })) } }),
      want: [
        { kind: 'type-changed', location: 'request[]', breaking: true, names: ['request'] },
        { kind: 'property-added', location: 'request[].Subnet', breaking: false, names: ['Subnet'] },
      ],
    },
    {
      name: 'a list of objects that became one object: the type change, and what changed in its fields',
      a: spec({}, { S: { type: 'array', items: { type: 'object', properties: { Id: { type: 'string' }, Old: { type: 'string' } } } } }),
      b: spec({}, { S: { type: 'object', properties: { Id: { type: 'string' }, New: { type: 'string' } } } }),
      want: [
        { kind: 'type-changed', location: '', breaking: true, names: [] },
        { kind: 'property-added', location: '.New', breaking: false, names: ['New'] },
        { kind: 'property-removed', location: '.Old', breaking: true, names: ['Old'] },
      ],
    },
    {
      name: 'a status that gains a JSON body where it had none (plugin delete, our patch until 1.51)',
      a: spec({ '/x': { delete: op('X') } }),
      b: spec({ '/x': { delete: op('X', { responses: json({ type: 'object' }) }) } }),
      want: [
        { kind: 'content-type-added', location: 'response', breaking: true, names: ['application/json'] },
        { kind: 'type-changed', location: 'response 200', breaking: false, names: ['200'] },
      ],
    },
  ])('$name', ({ a, b, want }) => expect(kinds(a, b)).toEqual(want));

  it('says what a whole definition that changed type kept of its fields', () => {
    const item = { type: 'object', properties: { Id: { type: 'string' } } };
    const [change] = diffApis('1', spec({}, { S: { type: 'array', items: item } }), '2', spec({}, { S: item })).changes;
    expect(change.detail).toBe('type object[] -> object, the same fields');
  });

  it('looks through allOf and references when comparing shapes', () => {
    const doc = spec(
      {},
      {
        Base: { type: 'object', properties: { A: { type: 'string' } } },
        Both: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { B: { type: 'integer' } } }] },
      },
    );
    expect(shapeOf(doc, { $ref: '#/components/schemas/Both' })).toBe('object{A:string{},B:integer{}}');
  });

  it('gives a change to a definition the operations that reach it through parameters, bodies, responses and other definitions', () => {
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const paths = {
      '/inner': { get: op('GetInner', { responses: json({ type: 'array', items: ref('Outer') }) }) },
      '/body': { post: op('PostBody', body({ type: 'object', properties: { X: ref('Inner') } })) },
      '/query': { get: op('Query', { parameters: [{ in: 'query', name: 'f', schema: ref('Inner') }] }) },
      '/old': { get: op('Old', { responses: json(ref('Gone')) }) },
      '/other': { get: op('Other') },
    };
    const outer = { type: 'object', properties: { I: ref('Inner') } };
    const a = spec(paths, {
      Outer: outer,
      Inner: { type: 'object', properties: {} },
      Gone: { type: 'object', properties: { G: { type: 'string' } } },
    });
    const b = spec(paths, { Outer: outer, Inner: { type: 'object', properties: { New: { type: 'string' } } } });
    const reach = (kind: string) => diffApis('1', a, '2', b).changes.find((c) => c.kind === kind)?.operations;
    expect(reach('property-added')).toEqual(['GetInner', 'PostBody', 'Query']);
    expect(reach('definition-removed')).toEqual(['Old']);
    expect(
      diffApis('1', a, '2', b)
        .changes.filter((c) => !c.subject.startsWith('definition '))
        .every((c) => c.operations === undefined),
    ).toBe(true);
  });
});
