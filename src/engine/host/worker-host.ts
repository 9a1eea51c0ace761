/**
 * One dedicated module Web Worker per simulated node, driven through comlink. Crash =
 * terminate the worker; restart = a fresh worker that boots from what the node persisted.
 * A worker that dies on its own (a load error, an uncaught error outside a handler) turns
 * its pending call into a fault, so the run goes on without it.
 */
import * as Comlink from 'comlink';
import type { NodeId } from '../protocol';
import type { AsyncHost, Effects, HostCall } from './types';
import type { NodeWorkerApi } from './node.worker';

interface Slot {
  readonly worker: Worker;
  readonly api: Comlink.Remote<NodeWorkerApi>;
  /** Resolves with a fault when the worker dies; never resolves otherwise. */
  readonly died: Promise<Effects>;
}

const deathEffects = (error: string): Effects => ({
  sends: [],
  timers: [],
  logs: [],
  history: [],
  error,
});

export interface WorkerHostOptions {
  /**
   * Start workers one at a time. Browsers start them in parallel; Vitest's emulated
   * workers (@vitest/web-worker) deadlock when two load their modules at once.
   */
  readonly bootOneAtATime?: boolean;
}

export function createWorkerHost(options: WorkerHostOptions = {}): AsyncHost {
  const slots = new Map<NodeId, Slot>();
  let bootQueue: Promise<unknown> = Promise.resolve();
  const startWorker = <T>(start: () => Promise<T>): Promise<T> => {
    if (!options.bootOneAtATime) return start();
    const started = bootQueue.then(start, start);
    bootQueue = started.catch(() => undefined);
    return started;
  };

  const spawn = (node: NodeId): Slot => {
    const worker = new Worker(new URL('./node.worker.ts', import.meta.url), {
      type: 'module',
      name: `node ${node}`,
    });
    const died = new Promise<Effects>((resolve) => {
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        resolve(deathEffects(`the node's worker died: ${e.message || 'unknown error'}`));
      });
      worker.addEventListener('messageerror', () =>
        resolve(deathEffects("the node's worker sent unreadable data")),
      );
    });
    const slot = { worker, api: Comlink.wrap<NodeWorkerApi>(worker), died };
    slots.set(node, slot);
    return slot;
  };

  const kill = (node: NodeId) => {
    const slot = slots.get(node);
    if (!slot) return;
    slot.api[Comlink.releaseProxy]();
    slot.worker.terminate();
    slots.delete(node);
  };

  const guarded = (slot: Slot, call: Promise<Effects>): Promise<Effects> =>
    Promise.race([call, slot.died]).catch((err: unknown) =>
      deathEffects(err instanceof Error ? `${err.name}: ${err.message}` : String(err)),
    );

  return {
    kind: 'async',
    call(call: HostCall): Promise<Effects> {
      if (call.op === 'boot') {
        const input = call.input;
        return startWorker(() => {
          kill(input.node);
          const slot = spawn(input.node);
          return guarded(slot, slot.api.boot(input));
        });
      }
      const slot = slots.get(call.node);
      if (!slot) return Promise.resolve(deathEffects(`node ${call.node} has no worker`));
      return guarded(slot, slot.api.handle(call.input));
    },
    kill,
    async view(node) {
      const slot = slots.get(node);
      return slot ? await slot.api.view() : undefined;
    },
    async snapshot(node) {
      const slot = slots.get(node);
      return slot ? await slot.api.snapshot() : undefined;
    },
    restore(node, boot, snapshot) {
      return startWorker(async () => {
        kill(node);
        await spawn(node).api.restore(boot, snapshot);
      });
    },
    async batch(node, request) {
      const slot = slots.get(node);
      if (!slot) throw new Error(`node ${node} has no worker`);
      const died = slot.died.then((e): never => {
        throw new Error(e.error ?? "the node's worker died");
      });
      return Promise.race([slot.api.batch(request), died]);
    },
    workerCount: () => slots.size,
    dispose() {
      for (const node of [...slots.keys()]) kill(node);
    },
  };
}
