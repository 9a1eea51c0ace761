/** A kv replica's state, what it keeps on disk, and helpers every mode shares. */
import type { NodeContext, NodeId } from '../../../protocol';
import type {
  KvMessage,
  KvRequest,
  LwwCell,
  RegisterCell,
  Sibling,
  Version,
  Writer,
} from '../messages';
import type { KvReplicaOptions } from '../options';

/** A client operation a primary is still working on (sync modes). */
export interface PendingOp {
  readonly kind: 'write' | 'read';
  readonly op: string;
  readonly client: NodeId;
  readonly key: string;
  /** A write's version (it is done when every replica holds it or newer); null for a read. */
  readonly version: Version | null;
}

/** A message to send once the replication delay has passed (local clock). */
export interface Outgoing {
  readonly dueAt: number;
  readonly to: NodeId;
  readonly message: KvMessage;
}

/** strong, primary-backup, eventual: one primary orders every write (primary.ts). */
export interface PrimaryOrderedState {
  readonly kind: 'primary-ordered';
  readonly self: NodeId;
  readonly options: KvReplicaOptions;
  /** The primary of epoch e is replicas[e mod N]; epochs only grow (persisted). */
  epoch: number;
  /** This replica's last write number as primary (persisted). */
  seq: number;
  store: Record<string, RegisterCell>;
  /** Per client, the highest write op number applied: a repeat is a duplicate (persisted). */
  clients: Record<NodeId, number>;
  /** As primary, per replica and key: the newest version it acknowledged in this epoch. */
  acked: Record<NodeId, Record<string, Version | null>>;
  pending: PendingOp[];
  outbox: Outgoing[];
}

/** multi-master: every replica takes writes and merges what the others send (multi-master.ts). */
export interface MultiMasterState {
  readonly kind: 'multi-master';
  readonly self: NodeId;
  readonly options: KvReplicaOptions;
  lww: Record<string, LwwCell>;
  siblings: Record<string, Sibling[]>;
  clients: Record<NodeId, number>;
  outbox: Outgoing[];
}

export type ReplicaState = PrimaryOrderedState | MultiMasterState;

export type KvDisk =
  | {
      readonly kind: 'primary-ordered';
      readonly epoch: number;
      readonly seq: number;
      readonly store: Readonly<Record<string, RegisterCell>>;
      readonly clients: Readonly<Record<NodeId, number>>;
    }
  | {
      readonly kind: 'multi-master';
      readonly lww: Readonly<Record<string, LwwCell>>;
      readonly siblings: Readonly<Record<string, readonly Sibling[]>>;
      readonly clients: Readonly<Record<NodeId, number>>;
    };

export type Ctx = NodeContext<KvMessage, KvDisk>;

export function reply(
  ctx: Ctx,
  to: NodeId,
  op: string,
  answer: {
    ok: boolean;
    values?: readonly (string | null)[];
    error?: string | null;
    redirect?: NodeId | null;
  },
): void {
  ctx.send(to, {
    type: 'KvReply',
    op,
    ok: answer.ok,
    values: answer.values ?? [],
    error: answer.error ?? null,
    redirect: answer.redirect ?? null,
    session: null,
    touch: null,
  });
}

/**
 * The op number in a kv-client's op id (`c1:7` → 7). Clients number their operations
 * upwards and keep the number on disk, so a number at or below one already applied is a
 * duplicate (a network copy, or a forward that went twice). Null for an id of another form.
 */
export function writerOf(request: KvRequest, client: NodeId): Writer | null {
  const prefix = `${client}:`;
  if (!request.op.startsWith(prefix)) return null;
  const n = Number(request.op.slice(prefix.length));
  return Number.isSafeInteger(n) && n > 0 ? { client, n } : null;
}

export function isDuplicate(clients: Readonly<Record<NodeId, number>>, w: Writer | null): boolean {
  return w !== null && (clients[w.client] ?? 0) >= w.n;
}

export function noteWriter(clients: Record<NodeId, number>, w: Writer | null): void {
  if (w && (clients[w.client] ?? 0) < w.n) clients[w.client] = w.n;
}

export function mergeClients(
  into: Record<NodeId, number>,
  from: Readonly<Record<NodeId, number>>,
): boolean {
  let changed = false;
  for (const [client, n] of Object.entries(from)) {
    if (typeof n === 'number' && (into[client] ?? 0) < n) {
      into[client] = n;
      changed = true;
    }
  }
  return changed;
}

/** Send what is due from the outbox, and arm the timer for the rest. */
export function flushOutbox(
  s: { outbox: Outgoing[] },
  ctx: Ctx,
  onSend: (o: Outgoing) => void,
): void {
  const now = ctx.now();
  const due = s.outbox.filter((o) => o.dueAt <= now);
  s.outbox = s.outbox.filter((o) => o.dueAt > now);
  for (const o of due) {
    ctx.send(o.to, o.message);
    onSend(o);
  }
  armOutbox(s, ctx);
}

export function armOutbox(s: { outbox: Outgoing[] }, ctx: Ctx): void {
  if (s.outbox.length === 0) {
    ctx.cancelTimer('replicate');
    return;
  }
  const next = Math.min(...s.outbox.map((o) => o.dueAt));
  ctx.setTimer('replicate', Math.max(0, next - ctx.now()));
}
