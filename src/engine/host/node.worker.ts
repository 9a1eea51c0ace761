/**
 * A simulated node's own Web Worker: its protocol state lives here and nowhere else, so
 * terminating the worker is a real crash. It runs the same runtime as the in-process host.
 */
import * as Comlink from 'comlink';
import { loadProtocol } from '../protocols/registry';
import { bootNode, type NodeRuntime } from './node-runtime';
import { runBatch } from './batch';
import type { BatchCall, BatchRequest, BootInput, Effects, NodeInput, NodeSnapshot } from './types';
import type { NodeView } from '../protocol';

let runtime: NodeRuntime | null = null;

const api = {
  async boot(input: BootInput): Promise<Effects> {
    const booted = bootNode(await loadProtocol(input.protocol), input);
    runtime = booted.runtime;
    return booted.effects;
  },
  handle(input: NodeInput): Effects {
    if (!runtime) throw new Error('node is not running');
    return runtime.handle(input);
  },
  batch(request: BatchRequest): BatchCall[] {
    if (!runtime) throw new Error('node is not running');
    return runBatch(runtime, request);
  },
  view(): NodeView | undefined {
    return runtime?.view();
  },
  snapshot(): NodeSnapshot | undefined {
    return runtime?.snapshot();
  },
  async restore(input: BootInput, snapshot: NodeSnapshot): Promise<void> {
    runtime = bootNode(await loadProtocol(input.protocol), input, snapshot).runtime;
  },
};

export type NodeWorkerApi = typeof api;

Comlink.expose(api, self);
