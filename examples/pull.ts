// docker pull [--platform OS/ARCH] IMAGE, with a progress bar; credentials come from ~/.docker/config.json.
import { parseArgs } from 'node:util';
import { DockerClient } from '@dockerapi/v1.55';

const { values, positionals } = parseArgs({ options: { platform: { type: 'string' } }, allowPositionals: true });
const image = positionals[0];
if (!image) {
  console.error('usage: pull.ts [--platform OS/ARCH] IMAGE');
  process.exit(2);
}
const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);
const docker = DockerClient.fromEnv();
try {
  await docker.pull(image, {
    platform: values.platform,
    onProgress: ({ current, total, layers }) => {
      const width = 30;
      const filled = total ? Math.round((current / total) * width) : 0;
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${megabytes(current)}/${megabytes(total)} MB, ${layers.size} layer(s)`,
      );
    },
  });
  process.stderr.write('\n');
  console.log(`pulled ${image}`);
} catch (error) {
  console.error(`pull failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
await docker.close();
