/**
 * The directory node (directory partitioning): it keeps the routing map (a table of blocks
 * and their servers) and answers clients' lookups; clients cache its answers. It is the
 * single point of failure the lab shows: while it is down, a client with nothing cached for
 * a key cannot route it at all. It learns each new map from the servers (MapUpdate) and
 * keeps it on disk.
 */
import type { Json, NodeContext, NodeView, Protocol } from '../../protocol';
import type { ShardMessage } from './messages';
import { shardInvariants } from './observer';
import { readShardOptions, type ShardOptions } from './options';
import { isNewer, rangesIn, type Rule } from './rule';

export interface DirectoryState {
  rule: Rule;
  lookups: number;
}

export interface DirectoryView extends NodeView {
  readonly lookups: number;
  readonly ruleVersion: number;
}

type Ctx = NodeContext<ShardMessage, Rule>;

function boot(ctx: Ctx, raw: unknown, disk: Rule | null): DirectoryState {
  const options: ShardOptions = readShardOptions(raw);
  const rule = disk ?? options.rule;
  ctx.persist(rule);
  if (disk) ctx.log(`restarted with map version ${rule.version} from disk`);
  return { rule, lookups: 0 };
}

export const shardDirectory: Protocol<
  DirectoryState,
  ShardMessage,
  Rule,
  ShardOptions,
  DirectoryView
> = {
  id: 'shard-directory',
  title: 'Shard directory',
  defaultOptions: readShardOptions({}),
  actions: [],
  init: (ctx, raw) => boot(ctx, raw, null),
  recover: (ctx, raw, disk) => boot(ctx, raw, disk ?? null),
  onMessage(s, from, m, ctx) {
    if (m.type === 'Lookup') {
      s.lookups++;
      const lo = Math.max(0, Math.floor(m.lo));
      const hi = Math.min(s.rule.keySpace, Math.ceil(m.hi));
      // Whole blocks, so the client can cache them.
      const entries = rangesIn(s.rule, lo, hi).map((r) =>
        s.rule.kind === 'directory'
          ? {
              lo: Math.floor(r.lo / s.rule.blockSize) * s.rule.blockSize,
              hi: Math.min(
                s.rule.keySpace,
                (Math.floor(r.lo / s.rule.blockSize) + 1) * s.rule.blockSize,
              ),
              owner: r.owner,
            }
          : r,
      );
      ctx.send(from, { type: 'Where', op: m.op, entries });
    } else if (m.type === 'MapUpdate') {
      if (isNewer(m.rule, s.rule)) {
        s.rule = m.rule;
        ctx.persist(s.rule);
        ctx.log(`learned map version ${s.rule.version}`);
      }
      ctx.send(from, { type: 'MapAck', version: m.rule.version, by: m.rule.by });
    }
  },
  onTimer() {},
  onAction(_s, action, ctx) {
    ctx.log(`has no action ${action.id}`);
  },
  view: (s) => ({
    role: 'directory',
    summary: `map v${s.rule.version} · ${s.lookups} lookups`,
    lookups: s.lookups,
    ruleVersion: s.rule.version,
  }),
  observe: (s) => ({ directory: { rule: s.rule } }) as unknown as Json,
  invariants: shardInvariants,
  messageSize: () => 48,
};
