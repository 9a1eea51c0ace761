/**
 * Versioned registers for the primary-ordered modes (strong, primary-backup, eventual), and
 * the one rule by which a replica takes the primary's word for a key.
 */
import type { NodeId } from '../../../protocol';
import type { RegisterCell, Version } from '../messages';

/** Negative, zero, positive as a is older, the same, newer; null (nothing) is oldest. */
export function compareVersions(a: Version | null, b: Version | null): number {
  if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1);
  return a.epoch - b.epoch || a.seq - b.seq;
}

/** "v7", or "v7 (epoch 2)" once a failover has happened. */
export function describeVersion(v: Version | null): string {
  if (v === null) return 'none';
  return v.epoch === 0 ? `v${v.seq}` : `v${v.seq} (epoch ${v.epoch})`;
}

/** The primary of an epoch: epochs are dealt out round the replicas, like Paxos ballots. */
export function primaryOf(replicas: readonly NodeId[], epoch: number): NodeId {
  return replicas[epoch % replicas.length] ?? '';
}

/** The smallest epoch above `epoch` that belongs to replica number `index`. */
export function nextEpochFor(index: number, epoch: number, replicaCount: number): number {
  let e = epoch + 1;
  while (e % replicaCount !== index) e++;
  return e;
}

/**
 * What a replica keeps for one key when the primary of `epoch` says it holds `theirs`
 * (null: nothing). Only that primary makes versions of its epoch, so:
 * - our cell is from an older epoch: the primary's word wins, even when it is older or
 *   absent. Ours is then a write the current primary never had (an old primary's write
 *   that was not replicated in time): it is lost, and every replica must lose it alike;
 * - our cell is of this epoch: both came from this primary, and the newer stands (its
 *   messages may arrive out of order, or twice).
 */
export function adoptFromPrimary(
  mine: RegisterCell | null,
  theirs: RegisterCell | null,
  epoch: number,
): RegisterCell | null {
  if (mine === null || mine.version.epoch < epoch) return theirs;
  return theirs !== null && compareVersions(theirs.version, mine.version) > 0 ? theirs : mine;
}

export function sameCell(a: RegisterCell | null, b: RegisterCell | null): boolean {
  if (a === null || b === null) return a === b;
  return a.value === b.value && compareVersions(a.version, b.version) === 0;
}
