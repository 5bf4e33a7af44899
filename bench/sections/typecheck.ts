// 2. What a user pays in type-checking: tsc --noEmit of the same small program against one
// version package, against dockerode + @types/dockerode, and an empty program as the floor.
import { mkdtemp, rm, writeFile, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { measure } from '../process.ts';
import { interleaved } from '../stats.ts';
import type { Section } from '../stats.ts';

const programs: Record<string, string> = {
  empty: 'export const nothing = 0;\n',
  dockerapi: `import { DockerClient } from '@dockerapi/v1.51';
const docker = new DockerClient();
export async function main() {
  const containers = await docker.containerList({ all: true });
  const info = await docker.containerInspect({ id: containers[0].Id! });
  return [containers.length, info.State?.Status, (await docker.systemVersion()).ApiVersion];
}
`,
  dockerode: `import Docker from 'dockerode';
const docker = new Docker();
export async function main() {
  const containers = await docker.listContainers({ all: true });
  const info = await docker.getContainer(containers[0].Id).inspect();
  return [containers.length, info.State.Status, (await docker.version()).ApiVersion];
}
`,
};

export async function typecheck(repo: string, rounds: number): Promise<Section> {
  const dir = await mkdtemp(path.join(repo, 'bench', '.typecheck-'));
  const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');
  const wall: Record<string, number[]> = {};
  const rss: Record<string, number[]> = {};
  try {
    for (const [name, source] of Object.entries(programs)) {
      await writeFile(path.join(dir, `${name}.ts`), source);
      await writeFile(
        path.join(dir, `${name}.json`),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            target: 'ES2022',
            types: ['node'],
            skipLibCheck: false,
            esModuleInterop: true,
          },
          files: [`${name}.ts`],
        }),
      );
    }
    await interleaved(rounds, Object.keys(programs), async (name) => {
      const usage = await measure(process.execPath, [tsc, '-p', path.join(dir, `${name}.json`)], { cwd: dir });
      (wall[name] ??= []).push(usage.wallS);
      (rss[name] ??= []).push(usage.peakRssMb);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const declarationKb = await sizeOf(path.join(repo, 'generated/v1.51'), /\.d\.ts$/);
  const dockerodeTypesKb = await sizeOf(path.join(repo, 'node_modules/@types/dockerode'), /\.d\.ts$/);
  return {
    name: 'typecheck',
    title: 'Type-checking a small consumer program (tsc --noEmit, strict, skipLibCheck off)',
    unit: 's, MB, KB',
    rows: [
      { measure: 'tsc wall (s)', cells: wall },
      { measure: 'tsc peak RSS (MB)', cells: rss },
      { measure: 'declaration size (KB)', cells: { dockerapi: [declarationKb], dockerode: [dockerodeTypesKb] } },
    ],
  };
}

async function sizeOf(dir: string, pattern: RegExp): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && pattern.test(entry.name)) bytes += (await readFile(path.join(entry.parentPath, entry.name))).length;
  }
  return bytes / 1024;
}
