/** Decision costs off the page's thread: a few seconds of headless runs would freeze frames. */
import * as Comlink from 'comlink';
import { compareDecisionCosts } from './compare';

const api = { compareDecisionCosts };
export type CompareApi = typeof api;

Comlink.expose(api, self);
