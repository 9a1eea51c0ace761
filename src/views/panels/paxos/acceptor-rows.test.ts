/** The acceptor table's rows: one per Paxos node, down ones marked, changes since the last rows. */
import { describe, expect, it } from 'vitest';
import type { FrameNode } from '../../../engine/sim/frame';
import { acceptorRows } from './acceptor-rows';

const node = (id: string, view: Record<string, unknown> | null): FrameNode =>
  ({
    id,
    protocol: 'paxos',
    role: view ? 'acceptor' : 'down',
    status: view ? 'up' : 'crashed',
    view,
  }) as unknown as FrameNode;
const v = (promised: string, accepted: string, learned: string | null) => ({
  role: 'acceptor',
  roles: 'acceptor, learner',
  promised,
  accepted,
  learned,
});

describe('acceptorRows', () => {
  it('lists every Paxos node, a down one as down, and marks what changed', () => {
    const before = acceptorRows([node('n1', v('1.n1', '—', null)), node('n2', v('—', '—', null))]);
    expect(before.map((r) => r.changed)).toEqual([[], []]);
    const after = acceptorRows([node('n1', v('1.n1', 'A in 1.n1', 'A')), node('n2', null)], before);
    expect(after[0]).toMatchObject({ accepted: 'A in 1.n1', learned: 'A', down: false });
    expect(after[0]?.changed).toEqual(['accepted', 'learned']);
    expect(after[1]).toMatchObject({ down: true, roles: 'down', learned: 'down' });
  });

  it('shows what a crashed acceptor keeps on disk: its promise and acceptance, not what it learned', () => {
    const crashed = {
      ...node('n3', null),
      persisted: {
        promised: { round: 2, by: 'n2' },
        accepted: { ballot: { round: 1, by: 'n1' }, value: 'A' },
        maxRound: 0,
      },
    } as FrameNode;
    expect(acceptorRows([crashed])[0]).toMatchObject({
      promised: '2.n2 (on disk)',
      accepted: 'A in 1.n1 (on disk)',
      learned: 'down',
    });
    expect(acceptorRows([node('n4', null)])[0]).toMatchObject({ promised: '— (on disk)' });
  });
});
