/**
 * The protocol registry: maps a protocol id to a lazy import of its module, so each
 * worker (and the page) loads only the protocols its scenario uses. The engine itself
 * imports no protocol by name.
 */
import type { AnyProtocol } from '../protocol';

const loaders: Readonly<Record<string, () => Promise<AnyProtocol>>> = {
  ping: () => import('./ping/ping').then((m) => m.ping),
  notes: () => import('./notes/notes').then((m) => m.notes),
  raft: () => import('./raft/raft').then((m) => m.raft),
  'raft-client': () => import('./raft/client').then((m) => m.raftClient),
  'pipe-sender': () => import('./pipe/pipe').then((m) => m.pipeSender),
  'pipe-receiver': () => import('./pipe/pipe').then((m) => m.pipeReceiver),
  'kv-client': () => import('./kv/client/client').then((m) => m.kvClient),
  'kv-replica': () => import('./kv/replica/replica').then((m) => m.kvReplica),
  'kv-quorum': () => import('./kv/quorum/quorum').then((m) => m.kvQuorum),
  'kv-causal': () => import('./kv/causal/causal').then((m) => m.kvCausal),
};

export function protocolIds(): string[] {
  return Object.keys(loaders);
}

export async function loadProtocol(id: string): Promise<AnyProtocol> {
  const load = loaders[id];
  if (!load) throw new Error(`unknown protocol "${id}"`);
  return load();
}

export async function loadProtocols(ids: Iterable<string>): Promise<Record<string, AnyProtocol>> {
  const table: Record<string, AnyProtocol> = {};
  for (const id of new Set(ids)) table[id] = await loadProtocol(id);
  return table;
}
