/** The duel sweep off the page's thread: two hundred runs would otherwise freeze frames. */
import * as Comlink from 'comlink';
import { duelSweep } from './duel-sweep';

const api = { duelSweep };
export type DuelSweepApi = typeof api;

Comlink.expose(api, self);
