// Every package Engine 29.7 serves (1.40-1.55) through the version sweep (sweep.ts), on its own
// swarm (its network namespace keeps it apart from Engine 28's).
import { inject } from 'vitest';
import { sweep } from './sweep.ts';

await sweep('29.7', inject('engine29Host'), inject('testImage'), inject('registry'));
