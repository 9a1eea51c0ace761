/** The election sweep off the page's thread: a hundred runs would otherwise freeze a frame. */
import * as Comlink from 'comlink';
import { electionSweep } from './election-sweep';

const api = { electionSweep };
export type SweepApi = typeof api;

Comlink.expose(api, self);
