// The reconstructed v1.24: what it lacks compared with v1.25, and why, as its provenance says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseV124, addedNames, sameField } from '../../generator/src/document/v124.ts';
import { repoRoot } from '../../generator/src/document/sources.ts';

const read = (file: string) => readFileSync(path.join(repoRoot, 'generated', file), 'utf8');

describe('v1.24.md', () => {
  it('has endpoint sections with query parameters and examples', () => {
    const sections = parseV124(readFileSync(path.join(repoRoot, 'specs/.upstream/v1.24.md'), 'utf8'));
    expect(sections.length).toBeGreaterThanOrEqual(77);
    const list = sections.find((s) => s.method === 'GET' && s.written === '/containers/json')!;
    expect(list.query.map((q) => q.name)).toEqual(['all', 'limit', 'since', 'before', 'size', 'filters']);
    expect(sections.find((s) => s.method === 'HEAD')!.query.map((q) => q.name)).toEqual(['path']);
  });

  it.each([
    { given: '`GET /version` now returns `MinAPIVersion`.', want: ['MinAPIVersion'] },
    { given: '`POST /containers/create` now takes a `Mounts` field in `HostConfig` which replaces `Binds`.', want: ['Mounts'] },
    { given: '`GET /volumes` now return the `Options` field.', want: ['Options'] },
    { given: '`GET /info` now returns `Isolation`.', want: ['Isolation'] },
    { given: 'The API version is now required in all API calls.', want: [] },
  ])('addedNames($given)', ({ given, want }) => expect(addedNames(given)).toEqual(want));
});

describe('@dockerapi/v1.24', () => {
  const operations = read('v1.24/operations.js');
  const provenance = read('v1.24/PROVENANCE.md');

  it('lacks the 16 operations v1.25 added, each removal explained', () => {
    const removed = [...provenance.matchAll(/\| removed (\w+) \((GET|POST|PUT|DELETE|HEAD) /g)].map((m) => m[1]);
    expect(removed).toHaveLength(16);
    for (const id of [
      'ContainerPrune',
      'ImagePrune',
      'NetworkPrune',
      'VolumePrune',
      'SystemDataUsage',
      'SwarmUnlock',
      'SwarmUnlockkey',
      'ServiceLogs',
      'SecretList',
      'SecretCreate',
      'SecretInspect',
      'SecretDelete',
    ]) {
      expect(removed).toContain(id);
      expect(operations).not.toContain(`"id":"${id}"`);
    }
    expect(provenance).toMatch(
      /\| removed ContainerPrune \(POST \/containers\/prune\) \| v1\.24\.md has no section for it; v1\.25 note: "`POST \/containers\/prune` prunes stopped containers\." \|/,
    );
  });

  it('keeps plugin inspect, which v1.24.md writes without its `/json` (`GET /plugins/(plugin name)`)', () => {
    expect(operations).toContain('"id":"PluginInspect"');
    expect(provenance).toContain(
      '| kept PluginInspect (GET /plugins/{name}/json) | v1.24.md has it as GET /plugins/(plugin name), without the `/json` |',
    );
    expect(provenance).not.toContain('not reconstructed: GET /plugins/(plugin name)');
  });

  it('takes query parameters from v1.24.md and drops fields v1.25 notes say were new', () => {
    expect(operations).toMatch(/containerList: \{[^}]*"query":\["all","limit","size","filters","since","before"\]/);
    expect(provenance).toContain(
      '| removed field MinAPIVersion (reached from SystemVersion) | ' +
        'v1.25 note: "`GET /version` now returns `MinAPIVersion`."; v1.24.md does not show it there |',
    );
    const schema = read('v1.24/schema.d.ts');
    const version = schema.split('    SystemVersion: {')[1].split('\n    };')[0];
    expect(version).not.toContain('MinAPIVersion');
    expect(read('v1.25/schema.d.ts').split('    SystemVersion: {')[1].split('\n    };')[0]).toContain('MinAPIVersion');
  });

  it('reports how the v1.24.md examples agree', () => {
    const [, parsed, examples] = provenance.match(/\| (\d+) of (\d+) JSON example bodies in v1\.24\.md parse \|/) ?? [];
    expect(Number(parsed)).toBeGreaterThan(0); // NaN when the line is missing
    expect(Number(examples)).toBeGreaterThanOrEqual(Number(parsed));
  });
});

describe('fields the v1.25 notes call new', () => {
  const provenance = read('v1.24/PROVENANCE.md');
  const schema = read('v1.24/schema.d.ts');
  const definition = (name: string, text = schema) => text.split(`\n        ${name}: {`)[1].split('\n        };')[0];
  const operation = (id: string) => schema.split(`\n    ${id}: {`)[1].split('\n    };')[0];

  it.each([
    { field: 'CpuCount', where: 'in HostConfig' },
    { field: 'NanoCpus', where: 'in HostConfig' },
    { field: 'CpuRealtimePeriod', where: 'in HostConfig' },
    { field: 'CpuRealtimeRuntime', where: 'in HostConfig' },
    { field: 'Env', where: 'reached from ContainerExec' },
    { field: 'ForceUpdate', where: 'reached from ServiceUpdate' },
    { field: 'DNSConfig', where: 'reached from ServiceCreate' },
    { field: 'MaxFailureRatio', where: 'reached from ServiceCreate' },
    { field: 'Warning', where: 'reached from ServiceCreate' },
  ])('removes $field ($where), saying why', ({ field, where }) => {
    expect(provenance).toContain(`| removed field ${field} (${where}) | v1.25 note: "`);
  });

  it('leaves the schemas without them', () => {
    for (const field of ['CpuCount', 'NanoCpus', 'CpuRealtimePeriod', 'CpuRealtimeRuntime']) {
      expect(definition('Resources')).not.toMatch(new RegExp(`\\b${field}\\?:`));
      expect(definition('Resources', read('v1.25/schema.d.ts'))).toMatch(new RegExp(`\\b${field}\\?:`));
    }
    expect(definition('TaskSpec')).not.toContain('ForceUpdate?:');
    expect(definition('TaskSpec')).not.toContain('DNSConfig?:');
    expect(definition('ServiceSpec')).not.toContain('MaxFailureRatio?:');
    expect(operation('ContainerExec')).not.toContain('Env?:');
    expect(operation('ServiceCreate')).not.toContain('Warning?:');
    // v1.24.md shows `"Warning": ""` in the answer of POST /networks/create: that one stays.
    expect(operation('NetworkCreate')).toContain('Warning?:');
  });

  it("says the log's abbreviation and what it could not remove", () => {
    expect(provenance).toContain('(the log writes `CpuRtRuntime`)');
    expect(provenance).toContain(
      '| nothing to remove for `Isolation` | v1.25 note: "`GET /info` now returns `Isolation`."; ' +
        'v1.25 has no body or answer field of that name there',
    );
  });
});

describe('sameField', () => {
  it.each([
    { given: ['CpuRtRuntime', 'CpuRealtimeRuntime'], want: true },
    { given: ['Warnings', 'Warning'], want: true },
    { given: ['Pid', 'privileged'], want: false },
    { given: ['os', 'Options'], want: false },
    { given: ['Memory', 'MemorySwap'], want: false },
  ])('$given', ({ given: [written, field], want }) => expect(sameField(written, field)).toBe(want));
});

describe('what v1.24.md shows only in passing', () => {
  const provenance = read('v1.24/PROVENANCE.md');
  const matrix = JSON.parse(read('reports/matrix.json'));

  it('a parameter only an example request shows, which v1.25 lacks, is not added (attach/ws stdin, stdout, stderr: since 1.42)', () => {
    const ws = matrix.operations['GET /containers/{}/attach/ws'].parameters;
    for (const name of ['stdin', 'stdout', 'stderr']) {
      expect(ws[`query.${name}`].since).toBe('1.42');
      expect(provenance).toContain(`| not added: ${name} to ContainerAttachWebsocket | only the example request of v1.24.md`);
    }
    expect(ws['query.logs'].since).toBe('1.24');
  });

  it('the examples kept from v1.25 lose the fields v1.24 lacks (ForceUpdate, Monitor, MaxFailureRatio)', () => {
    for (const field of ['ForceUpdate', 'Monitor', 'MaxFailureRatio']) {
      expect(read('v1.24/schema.d.ts')).not.toContain(`"${field}":`);
      expect(read('v1.25/schema.d.ts')).toContain(`"${field}":`);
    }
    expect(provenance).toContain('| removed from the example of Service: .Spec.TaskTemplate.ForceUpdate');
  });
});
