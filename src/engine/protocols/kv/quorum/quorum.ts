/**
 * kv-quorum: Dynamo-style leaderless replication (DeCandia et al., SOSP 2007, §4).
 *
 * Each key has N home replicas (ring.ts). Whichever replica a client talks to coordinates its
 * request, home or not (quorum-coordinator.ts):
 * - a write gets a version vector: everything the coordinator has seen of the key — its own
 *   copy, and the vectors earlier read answers and write acks brought it (its "context", in
 *   place of the client context Dynamo's get hands out) — plus one on its own entry. It
 *   goes to all N; the client hears ok after W acks, or a failure after timeoutMs, in which
 *   case some replicas may still hold it (the client records info).
 * - a read asks all N and answers after R replies with the maximal versions among them:
 *   one value, or siblings when writes were concurrent (quorums do not prevent conflicts).
 *   With read repair, home replicas that answered with less get the newest versions.
 * - sloppy quorum: a home replica that has not answered within probeMs is, for this
 *   request, unreachable; the next replica on the ring stands in. A stand-in stores a write
 *   as a hint and hands it back once the home replica answers (hinted handoff); asked to
 *   read, it answers with the hints it holds — and those answers count towards R.
 * - anti-entropy: every syncEveryMs each replica pushes a batch of its keys' versions to the
 *   keys' other home replicas (quorum-replica.ts). With read repair and handoff, this makes
 *   the home replicas converge once the network heals and writes stop.
 *
 * Why W + R > N (no sloppy quorum) never returns a stale read of a completed write: the
 * write's version V is stored durably on W home replicas before the ack; the read's R home
 * replicas share at least one with them; replicas only ever drop a version for one that
 * supersedes it, and a version supersedes V only if its coordinator had seen V, i.e. it was
 * written after V began. So the read returns V or a version no older (perhaps beside
 * concurrent siblings). With a sloppy quorum the W acks may come from stand-ins and the R
 * answers from others: the sets no longer intersect, and the guarantee is gone.
 */
import type { Protocol } from '../../../protocol';
import { answered, onClientRequest, onStoreAck, probe, timeout } from './quorum-coordinator';
import { readQuorumOptions } from './quorum-options';
import {
  armHandoff,
  handoffTick,
  localVersions,
  onHandoff,
  onHandoffAck,
  onRepair,
  onStore,
  onSync,
  quorumView,
  save,
  syncTick,
  type Ctx,
} from './quorum-replica';
import {
  DEFAULT_QUORUM_OPTIONS,
  type KvQuorumOptions,
  type QuorumDisk,
  type QuorumMessage,
  type QuorumState,
} from './quorum-types';
import type { KvReplicaView } from '../types';

export { DEFAULT_QUORUM_OPTIONS, readQuorumOptions, type KvQuorumOptions };

function boot(ctx: Ctx, options: KvQuorumOptions, disk: QuorumDisk | null): QuorumState {
  const s: QuorumState = {
    options,
    store: {},
    hints: [],
    counter: disk?.counter ?? 0,
    context: {},
    epoch: Math.floor(ctx.random() * 1e9),
    seq: 0,
    ops: {},
    clients: {},
    syncCursor: 0,
  };
  if (disk) {
    for (const [key, versions] of Object.entries(disk.store)) s.store[key] = [...versions];
    s.hints = disk.hints.map((h) => ({ ...h, versions: [...h.versions] }));
    const keys = Object.keys(s.store).length;
    ctx.log(`recovered ${keys} key${keys === 1 ? '' : 's'} and ${s.hints.length} hints from disk`);
  } else save(s, ctx);
  armHandoff(s, ctx);
  if (options.syncEveryMs > 0) ctx.setTimer('sync', options.syncEveryMs * (0.5 + ctx.random()));
  return s;
}

export const kvQuorum: Protocol<
  QuorumState,
  QuorumMessage,
  QuorumDisk,
  KvQuorumOptions,
  KvReplicaView
> = {
  id: 'kv-quorum',
  title: 'Leaderless replica (N, W, R quorums)',
  defaultOptions: DEFAULT_QUORUM_OPTIONS,
  actions: [],
  init: (ctx, options) => boot(ctx, readQuorumOptions(options), null),
  recover: (ctx, options, disk) => boot(ctx, readQuorumOptions(options), disk),
  onMessage(s, from, m, ctx) {
    switch (m.type) {
      case 'KvGet':
      case 'KvPut':
        return onClientRequest(s, from, m, ctx);
      case 'KvReply':
        return;
      case 'QStore':
        return onStore(s, from, m, ctx);
      case 'QStoreAck':
        return onStoreAck(s, from, m, ctx);
      case 'QFetch':
        return ctx.send(from, {
          type: 'QFetchReply',
          req: m.req,
          key: m.key,
          versions: localVersions(s, m.key),
        });
      case 'QFetchReply': {
        const op = s.ops[m.req];
        if (op && op.kind === 'read') answered(s, op, from, [...m.versions], ctx);
        return;
      }
      case 'QRepair':
        return onRepair(s, from, m, ctx);
      case 'QHandoff':
        return onHandoff(s, from, m, ctx);
      case 'QHandoffAck':
        return onHandoffAck(s, from, m, ctx);
      case 'QSync':
        return onSync(s, from, m, ctx);
      default: {
        const never: never = m;
        throw new Error(`unexpected message ${JSON.stringify(never)}`);
      }
    }
  },
  onTimer(s, name, ctx) {
    if (name === 'handoff') return handoffTick(s, ctx);
    if (name === 'sync') return syncTick(s, ctx);
    const [kind, id] = name.split(':');
    const op = id === undefined ? undefined : s.ops[id];
    if (!op) return;
    if (kind === 'probe') probe(s, op, ctx);
    else if (kind === 'timeout') timeout(s, op, ctx);
  },
  onAction() {},
  view: quorumView,
  messageSize: (m) =>
    m.type === 'QSync'
      ? 32 + 48 * m.entries.length
      : 'versions' in m
        ? 32 + 40 * m.versions.length
        : 48,
};
