// Cross-version facts are keyed by endpoint, so a renamed operation keeps its first version.
import { describe, expect, it } from 'vitest';
import type { Swagger } from '../../../generator/src/document/spec.ts';
import { endpointHistory, endpointsOf, sinceByEndpoint } from '../../../generator/src/facts/history.ts';

const doc = (paths: Record<string, unknown>) => ({ paths }) as Swagger;

describe('endpointHistory', () => {
  it('carries an operationId rename as a rename: since stays the first version of the endpoint', () => {
    const lists = new Map([
      ['1.28', endpointsOf(doc({ '/containers/{id}/archive': { get: { operationId: 'ContainerArchive' } } }))],
      ['1.24', endpointsOf(doc({ '/containers/{id}/archive': { get: { operationId: 'ContainerGetArchive' } } }))],
      ['1.27', endpointsOf(doc({ '/containers/{name}/archive': { get: { operationId: 'ContainerGetArchive' } } }))],
    ]);
    expect(endpointHistory(lists)).toEqual({
      'GET /containers/{}/archive': {
        since: '1.24',
        operationIds: [
          { operationId: 'ContainerGetArchive', versions: '1.24..1.27' },
          { operationId: 'ContainerArchive', versions: '1.28' },
        ],
      },
    });
  });

  it('gives an endpoint added later its own first version', () => {
    const lists = new Map([
      ['1.41', endpointsOf(doc({ '/volumes': { get: { operationId: 'VolumeList' } } }))],
      [
        '1.42',
        endpointsOf(
          doc({
            '/volumes': { get: { operationId: 'VolumeList' } },
            '/volumes/{name}': { put: { operationId: 'VolumeUpdate' } },
          }),
        ),
      ],
    ]);
    expect(sinceByEndpoint(endpointHistory(lists))).toEqual({ 'GET /volumes': '1.41', 'PUT /volumes/{}': '1.42' });
  });
});
