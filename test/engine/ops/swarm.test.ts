// Swarm, on each engine at the newest version it serves (support/newest.ts), on the engine's
// single-node swarm (initialised here only if not active, and never left: other test files and
// developers share it): swarm, nodes, services, tasks, secrets and configs
// (support/swarm-operations.ts). Leaving and unlocking happen on Engine 20.10
// (swarm-leave.test.ts), which also runs these operations on a swarm of its own.
import { afterAll, beforeAll, inject } from 'vitest';
import { newest } from '../support/newest.ts';
import { covered } from '../coverage/covered-client.ts';
import { ensureSwarm } from '../support/swarm.ts';
import { describeSwarmOperations } from '../support/swarm-operations.ts';

const { DockerClient, NotFoundError } = newest;

const docker = covered(new DockerClient({ host: inject('dockerHost') }));

beforeAll(() => ensureSwarm(docker));
afterAll(() => docker.close());

describeSwarmOperations(docker, NotFoundError, inject('testImage'), `dockerapi-swarm-${process.pid}`);
