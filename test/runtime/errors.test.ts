import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as runtime from '@dockerapi/runtime';
import { apiError, ConflictError, DockerApiError, DockerError, NotFoundError, NotModifiedError, ServerError } from '@dockerapi/runtime';

const request = { method: 'GET', path: '/v1.44/containers/x/json' };

describe('apiError', () => {
  it.each([
    { given: { status: 404, body: '{"message":"No such container: x"}' }, want: { type: NotFoundError, message: 'No such container: x' } },
    { given: { status: 409, body: '{"message":"conflict"}' }, want: { type: ConflictError, message: 'conflict' } },
    { given: { status: 304, body: '' }, want: { type: NotModifiedError, message: 'HTTP 304' } },
    { given: { status: 500, body: 'plain text failure\n' }, want: { type: ServerError, message: 'plain text failure' } },
    { given: { status: 418, body: '{}' }, want: { type: DockerApiError, message: '{}' } },
  ])('$given.status', ({ given, want }) => {
    const error = apiError(given.status, given.body, request);
    expect(error).toBeInstanceOf(want.type);
    expect(error).toMatchObject({ statusCode: given.status, engineMessage: want.message, method: 'GET', path: request.path });
    expect(error.message).toBe(`GET /v1.44/containers/x/json failed with ${given.status}: ${want.message}`);
  });

  it('keeps the message of a 20 MB error body bounded, with the whole body on the error', () => {
    const body = JSON.stringify({ message: `broken: ${'x'.repeat(20 * 1024 * 1024)}` });
    const error = apiError(500, body, request);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/^GET \/v1.44\/containers\/x\/json failed with 500: broken: x+\.\.\. \(20971528 characters in all\)$/);
    expect(error.message.length).toBeLessThan(5000);
    expect(error.engineMessage).toHaveLength(20 * 1024 * 1024 + 8);
    expect(error.body).toBe(body);
  });
});

describe('every error the runtime raises', () => {
  const source = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../runtime/src');
  const raised = new Set<string>();
  for (const file of readdirSync(source)) {
    const text = readFileSync(path.join(source, file), 'utf8');
    for (const [, name] of text.matchAll(/(?:throw|reject\(|destroy\()\s*new (\w+)/g)) raised.add(name);
  }

  it('is a DockerError subclass the package exports, so `instanceof DockerError` catches it', () => {
    expect(raised.size).toBeGreaterThan(5);
    for (const name of raised) {
      const Class = (runtime as Record<string, unknown>)[name] as (new (...args: never[]) => unknown) | undefined;
      expect(Class, `${name} is exported`).toBeTypeOf('function');
      expect(Class === DockerError || Class!.prototype instanceof DockerError, `${name} extends DockerError`).toBe(true);
    }
  });

  it('counts every exported error class as a DockerError', () => {
    const classes = Object.entries(runtime).filter(([name, value]) => /^[A-Z]\w*Error$/.test(name) && typeof value === 'function');
    expect(classes.map(([name]) => name)).toContain('ConnectionSettingsError');
    for (const [name, Class] of classes) {
      expect(Class === DockerError || (Class as () => unknown).prototype instanceof DockerError, `${name} extends DockerError`).toBe(true);
    }
  });
});
