/** The search for a breaking run, off the page's thread: three hundred runs would freeze frames. */
import * as Comlink from 'comlink';
import { findBreak } from './find-break';

const api = { findBreak };
export type FindBreakApi = typeof api;

Comlink.expose(api, self);
