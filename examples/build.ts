// docker build -t TAG DIR: sends DIR (minus .dockerignore) and prints the build output.
import { parseArgs } from 'node:util';
import { DockerClient, buildContext } from '@dockerapi/v1.55';

const { values, positionals } = parseArgs({ options: { tag: { type: 'string', short: 't' } }, allowPositionals: true });
const dir = positionals[0];
if (!dir) {
  console.error('usage: build.ts [-t TAG] DIR');
  process.exit(2);
}
const docker = DockerClient.fromEnv();
try {
  const stream = await docker.imageBuild({ t: values.tag, rm: true, body: buildContext(dir) });
  for await (const item of stream) if (item.stream) process.stdout.write(item.stream);
} catch (error) {
  console.error(`build failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
await docker.close();
