// Worker-thread entry: loads the TypeScript worker body the same way dockerapi-gen.js loads the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/workers/worker.ts');
