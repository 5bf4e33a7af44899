// The type docs of a generated package say when a field came and whether it is deprecated, as tags
// TypeScript itself reads (what an editor shows, and strikes through).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../generator/src/document/sources.ts';

async function declarations(version: string): Promise<ts.SourceFile> {
  const file = path.join(repoRoot, `generated/v${version}/schema.d.ts`);
  return ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The property at `interfaceName.a.b.c`, through nested type literals. */
function property(source: ts.SourceFile, interfaceName: string, ...names: string[]): ts.PropertySignature {
  const root = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === interfaceName);
  let members: ts.NodeArray<ts.TypeElement> | undefined = root?.members;
  let found: ts.PropertySignature | undefined;
  for (const name of names) {
    found = members?.find((m): m is ts.PropertySignature => ts.isPropertySignature(m) && (m.name as ts.Identifier).text === name);
    const type = found?.type;
    members = type && ts.isTypeLiteralNode(type) ? type.members : undefined;
  }
  if (!found) throw new Error(`${interfaceName}.${names.join('.')} not found`);
  return found;
}

const tags = (node: ts.Node) =>
  Object.fromEntries(ts.getJSDocTags(node).map((t) => [t.tagName.text, ts.getTextOfJSDocComment(t.comment) ?? '']));

describe('v1.51 schema.d.ts', async () => {
  const source = await declarations('1.51');

  it('marks the platform query parameter of ContainerCreate @since 1.41', () => {
    expect(tags(property(source, 'operations', 'ContainerCreate', 'parameters', 'query', 'platform')).since).toBe('1.41');
  });

  it('marks a definition field added in 1.44 (HealthConfig.StartInterval) @since 1.44', () => {
    expect(tags(property(source, 'components', 'schemas', 'HealthConfig', 'StartInterval')).since).toBe('1.44');
  });

  it('leaves fields as old as their definition or operation untagged', () => {
    expect(tags(property(source, 'components', 'schemas', 'HealthConfig', 'Test'))).not.toHaveProperty('since');
    expect(tags(property(source, 'operations', 'ContainerCreate', 'parameters', 'query', 'name'))).not.toHaveProperty('since');
  });

  it('marks fields the prose calls deprecated @deprecated', () => {
    expect(tags(property(source, 'components', 'schemas', 'ContainerConfig', 'MacAddress'))).toHaveProperty('deprecated');
    expect(tags(property(source, 'components', 'schemas', 'Resources', 'KernelMemoryTCP'))).toHaveProperty('deprecated');
    expect(tags(property(source, 'components', 'schemas', 'ContainerConfig', 'Image'))).not.toHaveProperty('deprecated');
  });
});
