/** The attack sweep and the capture search off the page's thread: hundreds of runs would otherwise freeze frames. */
import * as Comlink from 'comlink';
import { attackSweep, everyCapture } from './sweep';

const api = { attackSweep, everyCapture };
export type AttackSweepApi = typeof api;

Comlink.expose(api, self);
