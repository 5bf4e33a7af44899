// Every package Engine 28.5 serves (1.24-1.51) through the version sweep (sweep.ts).
import { inject } from 'vitest';
import { sweep } from './sweep.ts';

await sweep('28.5', inject('dockerHost'), inject('testImage'), inject('registry'));
