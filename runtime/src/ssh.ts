// ssh:// hosts, the way the Docker CLI reaches them: the system `ssh` (so ~/.ssh/config, agents and
// known_hosts all apply) runs `docker system dial-stdio` on the remote host, and its stdio is the
// connection. No native module is involved.
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import type { Endpoint } from './host.js';

export function sshConnector(endpoint: Extract<Endpoint, { kind: 'ssh' }>, command = process.env.DOCKERAPI_SSH_COMMAND ?? 'ssh') {
  return (_options: unknown, callback: (error: Error | null, socket: Duplex | null) => void) => {
    const args = ['-o', 'BatchMode=yes', ...(endpoint.port ? ['-p', String(endpoint.port)] : []), '--', endpoint.destination, 'docker', 'system', 'dial-stdio'];
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const socket = Duplex.from({ readable: child.stdout, writable: child.stdin });
    const fail = (error: Error) => socket.destroy(error);
    child.on('error', (error) => fail(new Error(`cannot run ${command}: ${error.message}`)));
    child.on('exit', (code) => {
      if (code) fail(Object.assign(new Error(`ssh ${endpoint.destination} exited with ${code}: ${stderr.trim()}`), { code: 'ECONNREFUSED' }));
    });
    socket.on('close', () => child.kill());
    callback(null, socket);
  };
}
