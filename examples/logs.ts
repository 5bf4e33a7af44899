// docker logs [--follow] CONTAINER: stdout to stdout, stderr to stderr, demultiplexed.
import { DockerClient } from '@dockerapi/v1.55';

const follow = process.argv.includes('--follow') || process.argv.includes('-f');
const container = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (!container) {
  console.error('usage: logs.ts [--follow] CONTAINER');
  process.exit(2);
}
const docker = DockerClient.fromEnv();
const logs = await docker.containerLogs({ id: container, follow, stdout: true, stderr: true });
for await (const { stream, data } of logs) (stream === 'stderr' ? process.stderr : process.stdout).write(data);
await docker.close();
