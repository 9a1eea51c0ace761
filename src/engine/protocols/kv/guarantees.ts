/**
 * What each replication mode promises its clients, as data: the guarantees card draws it, the
 * checks panel marks a broken guarantee the mode never promised as expected, and the
 * randomized suites tolerate exactly those. Each guarantee is watched by a real checker
 * over the clients' histories (the invariant named beside it; linearizability also by the
 * history checker). Sources: Herlihy & Wing 1990 (linearizability); Terry et al. 1994
 * (session guarantees: read-your-writes, monotonic reads); Ahamad et al. 1995 and Lloyd et
 * al. 2011 (causal order); Vogels 2009 (convergence).
 */
import type { KvOptions } from './types';

export type GuaranteeId =
  'linearizability' | 'read-your-writes' | 'monotonic-reads' | 'causal-order' | 'convergence';

/** One guarantee for one configuration: promised or not, and the sentence why. */
export interface GuaranteePromise {
  readonly id: GuaranteeId;
  readonly title: string;
  /** The live invariants (check ids) that watch it. */
  readonly checks: readonly string[];
  readonly promised: boolean;
  /** Why this mode keeps it, or why it does not (so a violation is expected), in a sentence. */
  readonly why: string;
}

const GUARANTEES: readonly { id: GuaranteeId; title: string; checks: readonly string[] }[] = [
  { id: 'linearizability', title: 'Linearizability', checks: ['no-stale-read'] },
  { id: 'read-your-writes', title: 'Read your writes', checks: ['read-your-writes'] },
  { id: 'monotonic-reads', title: 'Monotonic reads', checks: ['monotonic-reads'] },
  { id: 'causal-order', title: 'Causal order', checks: ['no-effect-before-cause'] },
  { id: 'convergence', title: 'Convergence', checks: ['convergence'] },
];

/** What a mode's configuration needs to say what it promises. */
export type GuaranteeConfig = Pick<
  KvOptions,
  'mode' | 'syncReplication' | 'readFrom' | 'n' | 'w' | 'r' | 'sloppy'
> & {
  /** causal: the replicas apply updates as they arrive (the lab's "eventual" setting). */
  readonly noBuffering?: boolean;
};

type Reasons = Readonly<Partial<Record<GuaranteeId, string>>>;

const CONVERGES = 'Every replica gets every write in the end, and all resolve them the same way.';

/** The reasons a configuration does NOT keep each guarantee; absent = promised, with `kept`. */
function reasons(c: GuaranteeConfig): { broken: Reasons; kept: Reasons } {
  const one = 'every operation goes through one replica that holds every acknowledged write';
  switch (c.mode) {
    case 'strong':
      return {
        broken: {},
        kept: {
          linearizability: `A write is acknowledged only once every replica has it, and ${one}.`,
        },
      };
    case 'primary-backup':
      if (c.syncReplication && c.readFrom === 'primary')
        return {
          broken: {},
          kept: {
            linearizability: `Writes are replicated before they are acknowledged, and ${one.replace('one replica', 'the primary')}.`,
          },
        };
      return {
        broken: {
          linearizability: c.syncReplication
            ? 'Reads are served by any replica, and a backup may not have applied the latest write yet.'
            : 'Writes are acknowledged before the backups have them: a failover can lose them, and backups lag.',
          'read-your-writes':
            'A client may read at a backup that has not yet received its own write (or lost it in a failover).',
          'monotonic-reads':
            'Successive reads may be served by replicas at different points, or after a failover that lost writes.',
          'causal-order':
            'Nothing tracks what a write depended on: a backup may show an effect before its cause.',
        },
        kept: {},
      };
    case 'eventual':
      return {
        broken: {
          linearizability:
            'Writes reach the other replicas later: a read at a far replica returns an older value.',
          'read-your-writes':
            'A client reads its nearest replica, which may not have its own write yet.',
          'monotonic-reads':
            'Nothing remembers what a client has seen: a later read may be served older data.',
          'causal-order':
            'Updates are applied in the order they arrive, not the order they happened in.',
        },
        kept: {},
      };
    case 'multi-master':
      return {
        broken: {
          linearizability:
            'Every replica takes writes and tells the others later: concurrent writes conflict.',
          'read-your-writes':
            'A write may lose to a concurrent one (or its clock), so a client can read another value after its own.',
          'monotonic-reads':
            'Conflict resolution may replace a value a client has seen with one it saw before.',
          'causal-order':
            'Replication carries no dependencies: a comment may arrive before the post it answers.',
        },
        kept: {},
      };
    case 'quorum': {
      const strict = c.w + c.r > c.n && !c.sloppy;
      const overlap = strict
        ? ''
        : c.sloppy
          ? 'With a sloppy quorum, writes and reads may land on stand-ins, so they need not meet.'
          : `W + R = ${c.w + c.r} is not above N = ${c.n}: a read quorum can miss the write quorum.`;
      return {
        broken: {
          linearizability: strict
            ? 'Quorums meet, but a read may see a write still in progress and a later read miss it; concurrent writes become siblings.'
            : overlap,
          ...(strict ? {} : { 'read-your-writes': overlap }),
          'monotonic-reads':
            'A read may see a write that reached only a few replicas, and the next read may ask others.',
          'causal-order':
            'Keys are replicated independently: nothing orders a write after what its client had read.',
        },
        kept: strict
          ? {
              'read-your-writes': `W + R > N: a read asks ${c.r} of the ${c.n} home replicas, so it meets the ${c.w} that acknowledged the client’s write.`,
            }
          : {},
      };
    }
    case 'causal':
      if (c.noBuffering)
        return {
          broken: {
            linearizability:
              'Replicas apply updates at their own pace: a far replica answers with older data.',
            'read-your-writes':
              'Without buffering, a replica may answer before it has what the client already saw.',
            'monotonic-reads':
              'Without buffering, a replica may answer before it has what the client already saw.',
            'causal-order':
              'Updates are applied as they arrive: a comment can be visible before the post it answers.',
          },
          kept: {},
        };
      return {
        broken: {
          linearizability:
            'Causal consistency does not promise fresh reads: a far replica may not have another client’s write yet.',
        },
        kept: {
          'read-your-writes':
            'The client’s session carries what it has written; a replica waits until it has that before answering.',
          'monotonic-reads': 'The session carries what the client has read, too.',
          'causal-order':
            'Each update carries its dependencies; a replica buffers it until they are visible.',
        },
      };
    default: {
      const never: never = c.mode;
      throw new Error(`unknown mode ${String(never)}`);
    }
  }
}

/** The five guarantees for one configuration, in the card's order. */
export function guaranteesOf(c: GuaranteeConfig): GuaranteePromise[] {
  const { broken, kept } = reasons(c);
  return GUARANTEES.map((g) => {
    const no = broken[g.id];
    return no !== undefined
      ? { ...g, promised: false, why: no }
      : {
          ...g,
          promised: true,
          why:
            kept[g.id] ?? (g.id === 'convergence' ? CONVERGES : 'It follows from linearizability.'),
        };
  });
}

/** The live checks (invariant ids) whose violations this configuration does not promise against. */
export function unpromisedChecks(c: GuaranteeConfig): string[] {
  return guaranteesOf(c).flatMap((g) => (g.promised ? [] : g.checks));
}
