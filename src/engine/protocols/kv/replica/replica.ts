/**
 * A replica of the key-value store (issue 7), in one of four modes: strong, primary-backup,
 * eventual (primary.ts, replicate.ts) and multi-master (multi-master.ts). The quorum and
 * causal modes are separate protocols ('kv-quorum', 'kv-causal') that speak the same client
 * messages (types.ts: KvClientMessage).
 *
 * Everything a replica holds is written to disk before it answers or passes a write on, so
 * a crash loses only what is in flight: pending operations (their clients time out) and
 * replication not yet sent (anti-entropy brings it later).
 */
import type { Protocol } from '../../../protocol';
import { kvMessageSize, type KvMessage } from '../messages';
import {
  bootMultiMaster,
  mmStoreView,
  onMultiMasterRequest,
  onMultiMasterTimer,
  onPush,
} from './multi-master';
import { DEFAULT_REPLICA_OPTIONS, readReplicaOptions, type KvReplicaOptions } from '../options';
import { onRequest, primaryNow } from './primary';
import { describeVersion } from './register';
import { bootPrimaryOrdered, onPeerMessage, onPrimaryOrderedTimer } from './replicate';
import type { Ctx, KvDisk, ReplicaState } from './state';
import type { KvCell, KvReplicaView } from '../types';

/** The modes this protocol runs; the others have their own protocols. */
const ELSEWHERE: Readonly<Record<string, string>> = { quorum: 'kv-quorum', causal: 'kv-causal' };

function readOptions(raw: unknown, ctx: Ctx): KvReplicaOptions {
  const options = readReplicaOptions(raw);
  const other = ELSEWHERE[options.mode];
  if (other)
    throw new Error(`kv-replica does not run mode '${options.mode}': use the protocol '${other}'`);
  if (!options.replicas.includes(ctx.id))
    throw new Error(
      `kv-replica ${ctx.id} is not in options.replicas (${options.replicas.join(', ') || 'none'})`,
    );
  return options;
}

function boot(ctx: Ctx, raw: unknown, disk: KvDisk | null): ReplicaState {
  const options = readOptions(raw, ctx);
  if (options.mode === 'multi-master')
    return bootMultiMaster(ctx, options, disk?.kind === 'multi-master' ? disk : null);
  return bootPrimaryOrdered(ctx, options, disk?.kind === 'primary-ordered' ? disk : null);
}

function onMessage(s: ReplicaState, from: string, m: KvMessage, ctx: Ctx): void {
  if (m.type === 'KvGet' || m.type === 'KvPut' || m.type === 'KvForward') {
    const client = m.type === 'KvForward' ? m.client : from;
    const request = m.type === 'KvForward' ? m.request : m;
    if (s.kind === 'multi-master') onMultiMasterRequest(s, client, request, ctx);
    else onRequest(s, client, request, m.type === 'KvForward', ctx);
    return;
  }
  if (s.kind === 'multi-master') {
    if (m.type === 'KvPush') onPush(s, from, m, ctx);
    return;
  }
  onPeerMessage(s, from, m, ctx);
}

function view(s: ReplicaState): KvReplicaView {
  const o = s.options;
  if (s.kind === 'multi-master') {
    return {
      role: 'replica',
      mode: o.mode,
      summary: `replica · ${o.resolution === 'lww' ? 'last writer wins' : 'siblings'}`,
      store: mmStoreView(s),
    };
  }
  const primary = primaryNow(s);
  const isPrimaryHere = primary === s.self;
  const store: Record<string, KvCell> = {};
  for (const [key, c] of Object.entries(s.store))
    store[key] = { values: [c.value], version: describeVersion(c.version) };
  // Epochs change only with failover: the other modes need not show them.
  const isFailover = o.mode === 'primary-backup';
  const epoch = isFailover ? ` · epoch ${s.epoch}` : '';
  const waiting = s.pending.length ? ` · ${s.pending.length} waiting` : '';
  const title = o.mode === 'strong' ? 'coordinator' : 'primary';
  return {
    role: isPrimaryHere ? 'primary' : 'backup',
    mode: o.mode,
    ...(isFailover ? { term: s.epoch } : {}),
    summary: isPrimaryHere ? `${title}${epoch}${waiting}` : `backup of ${primary}${epoch}`,
    store,
  };
}

export const kvReplica: Protocol<ReplicaState, KvMessage, KvDisk, KvReplicaOptions, KvReplicaView> =
  {
    id: 'kv-replica',
    title: 'Key-value replica',
    defaultOptions: DEFAULT_REPLICA_OPTIONS,
    actions: [],
    init: (ctx, raw) => boot(ctx, raw, null),
    recover: (ctx, raw, disk) => boot(ctx, raw, disk),
    onMessage,
    onTimer(s, name, ctx) {
      if (s.kind === 'multi-master') onMultiMasterTimer(s, name, ctx);
      else onPrimaryOrderedTimer(s, name, ctx);
    },
    onAction() {},
    view,
    messageSize: kvMessageSize,
  };
