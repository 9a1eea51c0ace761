/**
 * Runs every node's protocol on the calling thread. Same runtime code as the worker, so
 * the trace is identical; used by unit and simulation tests and headless runs.
 */
import type { AnyProtocol, NodeId } from '../protocol';
import { cloneData } from '../sim/clone';
import { runBatch } from './batch';
import { bootNode, type NodeRuntime } from './node-runtime';
import type { Effects, HostCall, SyncHost } from './types';

export type ProtocolTable = Readonly<Record<string, AnyProtocol>>;

function lookup(protocols: ProtocolTable, id: string): AnyProtocol {
  const protocol = protocols[id];
  if (!protocol) throw new Error(`unknown protocol "${id}"`);
  return protocol;
}

export function createInProcessHost(protocols: ProtocolTable): SyncHost {
  const runtimes = new Map<NodeId, NodeRuntime>();
  return {
    kind: 'sync',
    call(call: HostCall): Effects {
      if (call.op === 'boot') {
        // The disk's copy stays the disk's: recovery gets its own.
        const input = { ...call.input, persisted: cloneData(call.input.persisted) };
        const { runtime, effects } = bootNode(lookup(protocols, input.protocol), input);
        if (runtime) runtimes.set(call.input.node, runtime);
        else runtimes.delete(call.input.node);
        return effects;
      }
      const runtime = runtimes.get(call.node);
      if (!runtime) throw new Error(`node ${call.node} is not running`);
      // A received message is the node's own copy, as postMessage makes it for a worker
      // (the runtime copies what is sent): nodes never share objects, so hosts cannot diverge.
      const input = call.input;
      if (input.kind === 'message') {
        const { from, message, localTime } = input;
        return runtime.handle({ kind: 'message', from, message: cloneData(message), localTime });
      }
      if (input.kind === 'action') {
        const { action, localTime } = input;
        return runtime.handle({ kind: 'action', action: cloneData(action), localTime });
      }
      return runtime.handle(input);
    },
    kill(node) {
      runtimes.delete(node);
    },
    view: (node) => runtimes.get(node)?.view(),
    snapshot: (node) => runtimes.get(node)?.snapshot(),
    restore(node, boot, snapshot) {
      const { runtime } = bootNode(lookup(protocols, boot.protocol), boot, snapshot);
      if (runtime) runtimes.set(node, runtime);
    },
    batch(node, request) {
      const runtime = runtimes.get(node);
      if (!runtime) throw new Error(`node ${node} is not running`);
      // Nothing in the request is changed; runBatch copies each message it hands over.
      return runBatch(runtime, request, false);
    },
    workerCount: () => 0,
    dispose() {
      runtimes.clear();
    },
  };
}
