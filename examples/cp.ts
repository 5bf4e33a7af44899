// docker cp SRC DEST, where one side is CONTAINER:PATH: files in and out as tar archives.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-fs';
import { DockerClient } from '@dockerapi/v1.55';

const [source, dest] = process.argv.slice(2);
const remote = (arg = '') => /^([\w.-]+):(\/.*)$/.exec(arg);
if (!source || !dest || Boolean(remote(source)) === Boolean(remote(dest))) {
  console.error('usage: cp.ts CONTAINER:PATH LOCAL_DIR | LOCAL_PATH CONTAINER:DIR');
  process.exit(2);
}
const docker = DockerClient.fromEnv();
const from = remote(source);
if (from) {
  const [, id, containerPath] = from;
  const archive = await docker.containerArchive({ id, path: containerPath });
  await mkdir(dest, { recursive: true });
  await pipeline(archive.body, tar.extract(dest));
  console.log(`copied ${archive.pathStat?.name} (${archive.pathStat?.size} bytes) to ${dest}`);
} else {
  const [, id, containerDir] = remote(dest)!;
  const local = path.resolve(source);
  await docker.putContainerArchive({ id, path: containerDir, body: tar.pack(path.dirname(local), { entries: [path.basename(local)] }) });
  console.log(`copied ${source} to ${id}:${containerDir}`);
}
await docker.close();
