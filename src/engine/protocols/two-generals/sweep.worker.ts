/** The attack sweep off the page's thread: hundreds of runs would otherwise freeze frames. */
import * as Comlink from 'comlink';
import { attackSweep } from './sweep';

const api = { attackSweep };
export type AttackSweepApi = typeof api;

Comlink.expose(api, self);
