// A plugin made here: the test image's files as its rootfs and a config.json whose entrypoint only
// sleeps; enabling it needs something listening on its socket, which busybox cannot open, so the
// test listens on it from this host.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import tar from 'tar-stream';

export const pluginConfig = {
  description: 'a plugin made by the tests',
  documentation: 'https://docs.docker.com/engine/extend/',
  entrypoint: ['sleep', '300'],
  interface: { types: ['docker.dummydriver/1.0'], socket: 'dummy.sock' },
  env: [{ name: 'GREETING', description: 'settable', settable: ['value'], value: 'hello' }],
};

interface ExportingClient {
  containerCreate(params: { name: string; body: Record<string, unknown> }): Promise<unknown>;
  containerExport(params: { id: string }): Promise<{ body: NodeJS.ReadableStream }>;
  containerDelete(params: { id: string; force?: boolean }): Promise<unknown>;
}

/** A plugin archive: config.json and the files of `image` (exported through container `container`) under rootfs/. */
export async function pluginArchive(docker: ExportingClient, image: string, container: string): Promise<Buffer> {
  await docker.containerCreate({ name: container, body: { Image: image, Cmd: ['true'] } });
  try {
    const exported = await docker.containerExport({ id: container });
    const pack = tar.pack();
    pack.entry({ name: 'config.json' }, JSON.stringify(pluginConfig));
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      stream.pipe(pack.entry({ ...header, name: `rootfs/${header.name}` }, next));
    });
    exported.body.pipe(extract);
    const chunks: Buffer[] = [];
    pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    await new Promise<void>((resolve, reject) => extract.on('finish', () => resolve()).on('error', reject));
    pack.finalize();
    await new Promise<void>((resolve) => pack.on('end', () => resolve()));
    return Buffer.concat(chunks);
  } finally {
    await docker.containerDelete({ id: container, force: true }).catch(() => undefined);
  }
}

/**
 * Listens on the socket of plugin `id` once the engine makes its folder (a fixed path for every
 * engine), so that enabling it can finish; `close` stops listening.
 */
export function listenForPlugin(id: string) {
  const dir = path.join('/run/docker/plugins', id);
  let server: Server | undefined;
  const listening = (async () => {
    for (const started = Date.now(); !existsSync(dir); await sleep(20)) {
      if (Date.now() - started > 10_000) throw new Error(`the engine made no folder ${dir} for plugin ${id} in 10 s`);
    }
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server!.listen(path.join(dir, pluginConfig.interface.socket), resolve));
  })();
  return { listening, close: () => server?.close() };
}

interface PluginClient {
  pluginCreate(params: { name: string; body: Buffer }): Promise<unknown>;
  pluginDelete(params: { name: string; force?: boolean }): Promise<unknown>;
}

/** Creates a plugin, again if another test file stored the same layer at the same moment. */
export async function createPlugin(docker: PluginClient, name: string, body: Buffer): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await docker.pluginCreate({ name, body });
      return;
    } catch (error) {
      if (attempt > 3 || !/already exists/.test((error as Error).message)) throw error;
      await docker.pluginDelete({ name, force: true }).catch(() => undefined);
    }
  }
}
