/**
 * One dedicated module Web Worker per simulated node, driven through comlink. Crash =
 * terminate the worker; restart = a fresh worker that boots from what the node persisted.
 * A worker that dies on its own (a load error, an uncaught error outside a handler) turns
 * its pending call into a fault, so the run goes on without it.
 */
import * as Comlink from 'comlink';
import type { Json, NodeId } from '../protocol';
import { KeptReceiver } from './kept';
import type { AsyncHost, BatchCall, Effects, HostCall, WireEffects } from './types';
import type { NodeWorkerApi } from './node.worker';

interface Slot {
  readonly worker: Worker;
  readonly api: Comlink.Remote<NodeWorkerApi>;
  /** Calls awaiting an answer: told of the worker's death if it dies first. */
  readonly waiting: Set<(error: string) => void>;
  /** Set once the worker has died on its own. */
  death: string | null;
  /** The node's disk and observation as last received (see kept.ts). */
  readonly disk: KeptReceiver;
  readonly observed: KeptReceiver;
}

/** Effects as the engine uses them, from what the worker sent (in the order it sent them). */
function unwire(slot: Slot, effects: WireEffects): Effects {
  const { persisted, observation, ...rest } = effects;
  return {
    ...rest,
    ...(persisted === undefined ? {} : { persisted: slot.disk.receive(persisted) as Json }),
    ...(observation === undefined
      ? {}
      : { observation: slot.observed.receive(observation) as Json }),
  };
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
    const slot: Slot = {
      worker,
      api: Comlink.wrap<NodeWorkerApi>(worker),
      waiting: new Set(),
      death: null,
      disk: new KeptReceiver(),
      observed: new KeptReceiver(),
    };
    // Not a promise raced against every call: a never-settling promise would keep one
    // reaction per call alive forever (a leak of thousands per second in fast-forward).
    const die = (error: string) => {
      slot.death = error;
      for (const tell of [...slot.waiting]) tell(error);
    };
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      die(`the node's worker died: ${e.message || 'unknown error'}`);
    });
    worker.addEventListener('messageerror', () => die("the node's worker sent unreadable data"));
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

  /** The call's answer, or the worker's death, whichever comes first. */
  const watched = <T>(slot: Slot, call: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (slot.death !== null) return reject(new Error(slot.death));
      const tell = (error: string) => reject(new Error(error));
      slot.waiting.add(tell);
      call().then(
        (value) => {
          slot.waiting.delete(tell);
          resolve(value);
        },
        (err: unknown) => {
          slot.waiting.delete(tell);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });

  const guarded = (slot: Slot, call: () => Promise<Effects>): Promise<Effects> =>
    watched(slot, call).catch((err: unknown) =>
      deathEffects(err instanceof Error ? err.message : String(err)),
    );

  return {
    kind: 'async',
    call(call: HostCall): Promise<Effects> {
      if (call.op === 'boot') {
        const input = call.input;
        return startWorker(() => {
          kill(input.node);
          const slot = spawn(input.node);
          return guarded(slot, () => slot.api.boot(input).then((e) => unwire(slot, e)));
        });
      }
      const slot = slots.get(call.node);
      if (!slot) return Promise.resolve(deathEffects(`node ${call.node} has no worker`));
      return guarded(slot, () => slot.api.handle(call.input).then((e) => unwire(slot, e)));
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
      return watched(slot, () =>
        slot.api
          .batch(request)
          .then((calls): BatchCall[] =>
            calls.map((c) => ({ ...c, effects: unwire(slot, c.effects) })),
          ),
      );
    },
    workerCount: () => slots.size,
    dispose() {
      for (const node of [...slots.keys()]) kill(node);
    },
  };
}
