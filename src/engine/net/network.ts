/**
 * The network model: per-link delay (latency + seeded jitter + bandwidth queueing), loss,
 * duplication, reordering or FIFO order, and partitions as sets of cut directed links.
 * It decides what happens to a message; the world schedules and records it.
 */
import type { NodeId } from '../protocol';
import { createRng, seedState, type Rng, type RngState } from '../sim/prng';
import { DEFAULT_LINK, linkKey, type LinkConfig, type LinkKey } from './link';

/** One copy of a sent message, as the network plans it. */
export interface Transit {
  /** When it starts crossing the link (later than the send when the link is busy). */
  readonly departAt: number;
  readonly deliverAt: number;
  /** Set when the network loses it: the moment it dies, somewhere along the way. */
  readonly lostAt: number | null;
  readonly lostTo: 'loss' | 'partition' | null;
}

type PlannedTransit = { -readonly [K in keyof Transit]: Transit[K] };

/** A link's moving parts, saved with checkpoints. */
interface LinkState {
  rng: RngState;
  busyUntil: number;
  lastDeliverAt: number;
}

export interface NetworkSnapshot {
  readonly defaults: LinkConfig;
  readonly overrides: ReadonlyArray<readonly [LinkKey, LinkConfig]>;
  readonly cut: readonly LinkKey[];
  readonly links: ReadonlyArray<readonly [LinkKey, LinkState]>;
}

export class Network {
  private defaults: LinkConfig;
  private readonly overrides = new Map<LinkKey, LinkConfig>();
  private readonly cut = new Set<LinkKey>();
  private readonly keys = new Map<NodeId, Map<NodeId, LinkKey>>();
  /** planCopies' results, reused: at most two copies of a message. */
  private readonly plans: PlannedTransit[] = [0, 1].map(() => ({
    departAt: 0,
    deliverAt: 0,
    lostAt: null,
    lostTo: null,
  }));
  private readonly links = new Map<
    LinkKey,
    { rng: Rng; busyUntil: number; lastDeliverAt: number }
  >();

  constructor(
    private readonly seed: number,
    defaults: Partial<LinkConfig> = {},
  ) {
    this.defaults = { ...DEFAULT_LINK, ...defaults };
  }

  config(from: NodeId, to: NodeId): LinkConfig {
    return this.overrides.get(linkKey(from, to)) ?? this.defaults;
  }

  defaultConfig(): LinkConfig {
    return this.defaults;
  }

  /** The directed links set apart from the defaults, with their settings (for the views). */
  configuredLinks(): ReadonlyArray<readonly [LinkKey, LinkConfig]> {
    return [...this.overrides];
  }

  setDefaults(change: Partial<LinkConfig>): void {
    this.defaults = { ...this.defaults, ...change };
  }

  configure(from: NodeId, to: NodeId, change: Partial<LinkConfig>): void {
    this.overrides.set(linkKey(from, to), { ...this.config(from, to), ...change });
  }

  isCut(from: NodeId, to: NodeId): boolean {
    return this.cut.has(linkKey(from, to));
  }

  cutLink(from: NodeId, to: NodeId): void {
    this.cut.add(linkKey(from, to));
  }

  restoreLink(from: NodeId, to: NodeId): void {
    this.cut.delete(linkKey(from, to));
  }

  heal(): void {
    this.cut.clear();
  }

  cutLinks(): readonly LinkKey[] {
    return [...this.cut];
  }

  /** The shortest time any message can take on any link: the fast-forward lookahead. */
  minLatencyMs(): number {
    let min = this.defaults.latencyMs;
    for (const c of this.overrides.values()) min = Math.min(min, c.latencyMs);
    return min;
  }

  /** The link's key, made once per pair: every send looks its link up three times. */
  private keyOf(from: NodeId, to: NodeId): LinkKey {
    let byTo = this.keys.get(from);
    if (!byTo) this.keys.set(from, (byTo = new Map()));
    let key = byTo.get(to);
    if (key === undefined) byTo.set(to, (key = linkKey(from, to)));
    return key;
  }

  private link(key: LinkKey) {
    let link = this.links.get(key);
    if (!link) {
      link = {
        rng: createRng(seedState(this.seed, `link:${key}`)),
        busyUntil: 0,
        lastDeliverAt: 0,
      };
      this.links.set(key, link);
    }
    return link;
  }

  /**
   * Plan the copies of one message sent at `now`. Each message draws a fixed number of
   * values from its link's stream whatever the settings, so turning loss up on a link does
   * not reshuffle that link's jitter.
   */
  plan(from: NodeId, to: NodeId, now: number, sizeBytes: number): Transit[] {
    const copies = this.planCopies(from, to, now, sizeBytes);
    const out: Transit[] = [];
    for (let i = 0; i < copies; i++) out.push({ ...this.planned(i) });
    return out;
  }

  /**
   * plan() without allocating, for the world's every send: returns how many copies there
   * are; planned(i) reads copy i, until the next call (the plans are reused).
   */
  planCopies(from: NodeId, to: NodeId, now: number, sizeBytes: number): number {
    const key = this.keyOf(from, to);
    const config = this.overrides.get(key) ?? this.defaults;
    const link = this.link(key);
    const copies = link.rng.next() < config.duplicate ? 2 : 1;
    const isCut = this.cut.has(key);
    for (let i = 0; i < copies; i++) {
      const uJitter = link.rng.next();
      const uReorder = link.rng.next();
      const uHold = link.rng.next();
      const uLoss = link.rng.next();
      const uWhere = link.rng.next();

      // Bandwidth: a message waits for the link to finish transmitting earlier ones.
      let departAt = now;
      let onWire = 0;
      if (config.bandwidthBytesPerMs !== null) {
        departAt = Math.max(now, link.busyUntil);
        onWire = sizeBytes / config.bandwidthBytesPerMs;
        link.busyUntil = departAt + onWire;
      }
      let delay = onWire + config.latencyMs + uJitter * config.jitterMs;
      if (config.ordering === 'any' && uReorder < config.reorder) {
        delay += (config.latencyMs + config.jitterMs) * (1 + uHold);
      }
      let deliverAt = departAt + delay;
      if (config.ordering === 'fifo') {
        deliverAt = Math.max(deliverAt, link.lastDeliverAt);
        link.lastDeliverAt = deliverAt;
      }
      const t = this.plans[i] as PlannedTransit;
      t.departAt = departAt;
      t.deliverAt = deliverAt;
      if (isCut) {
        t.lostAt = departAt;
        t.lostTo = 'partition';
      } else if (uLoss < config.loss) {
        t.lostAt = departAt + uWhere * (deliverAt - departAt);
        t.lostTo = 'loss';
      } else {
        t.lostAt = null;
        t.lostTo = null;
      }
    }
    return copies;
  }

  /** Copy i of the last planCopies() call. */
  planned(i: number): Transit {
    const t = this.plans[i];
    if (!t) throw new Error(`no planned copy ${i}`);
    return t;
  }

  snapshot(): NetworkSnapshot {
    return {
      defaults: this.defaults,
      overrides: [...this.overrides],
      cut: [...this.cut],
      links: [...this.links].map(
        ([k, l]) =>
          [
            k,
            { rng: l.rng.state(), busyUntil: l.busyUntil, lastDeliverAt: l.lastDeliverAt },
          ] as const,
      ),
    };
  }

  restore(s: NetworkSnapshot): void {
    this.defaults = s.defaults;
    this.overrides.clear();
    for (const [k, c] of s.overrides) this.overrides.set(k, c);
    this.cut.clear();
    for (const k of s.cut) this.cut.add(k);
    this.links.clear();
    for (const [k, l] of s.links) {
      this.links.set(k, {
        rng: createRng(l.rng),
        busyUntil: l.busyUntil,
        lastDeliverAt: l.lastDeliverAt,
      });
    }
  }
}
