/**
 * A simulated node's own Web Worker: its protocol state lives here and nowhere else, so
 * terminating the worker is a real crash. It runs the same runtime as the in-process host.
 */
import * as Comlink from 'comlink';
import { loadProtocol } from '../protocols/registry';
import { bootNode, type NodeRuntime } from './node-runtime';
import { runBatch } from './batch';
import { KeptSender } from './kept';
import type {
  BatchRequest,
  BootInput,
  Effects,
  NodeInput,
  NodeSnapshot,
  WireBatchCall,
  WireEffects,
} from './types';
import type { NodeView } from '../protocol';

let runtime: NodeRuntime | null = null;
// What this worker's node persisted and showed the invariants last: the engine has them.
let disk = new KeptSender();
let observed = new KeptSender();

function wire(effects: Effects): WireEffects {
  const { persisted, observation, ...rest } = effects;
  return {
    ...rest,
    // The runtime's disk copy is private and shares with the writes before it.
    ...(persisted === undefined ? {} : { persisted: disk.sendCopy(persisted) }),
    ...(observation === undefined ? {} : { observation: observed.send(observation) }),
  };
}

function fresh(): void {
  disk = new KeptSender();
  observed = new KeptSender();
}

const api = {
  async boot(input: BootInput): Promise<WireEffects> {
    const booted = bootNode(await loadProtocol(input.protocol), input);
    runtime = booted.runtime;
    fresh();
    return wire(booted.effects);
  },
  handle(input: NodeInput): WireEffects {
    if (!runtime) throw new Error('node is not running');
    return wire(runtime.handle(input));
  },
  batch(request: BatchRequest): WireBatchCall[] {
    if (!runtime) throw new Error('node is not running');
    return runBatch(runtime, request, true).map((call) => ({
      ...call,
      effects: wire(call.effects),
    }));
  },
  view(): NodeView | undefined {
    return runtime?.view();
  },
  snapshot(): NodeSnapshot | undefined {
    return runtime?.snapshot();
  },
  async restore(input: BootInput, snapshot: NodeSnapshot): Promise<void> {
    runtime = bootNode(await loadProtocol(input.protocol), input, snapshot).runtime;
    fresh();
  },
};

export type NodeWorkerApi = typeof api;

Comlink.expose(api, self);
