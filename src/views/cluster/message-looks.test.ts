/** The stage asks a message's package for its look, and the checkers for notes on nodes. */
import { describe, expect, it } from 'vitest';
import type { InvariantStatus } from '../../engine/check/monitor';
import type { FrameMessage, FrameNode } from '../../engine/sim/frame';
import { pkg as paxosPackage } from '../../engine/protocols/paxos/package';
import { messageLooks, nodeNotes, ownerColour } from './message-looks';

const [paxos] = paxosPackage.protocolIds as [string];

const node = (id: string, protocol: string) => ({ id, protocol }) as FrameNode;
const msg = (id: number, from: string, payload: unknown) =>
  ({ id, from, to: 'n3', kind: 'x', payload }) as unknown as FrameMessage;

describe('message looks', () => {
  it('colours a Paxos message by its ballot owner and leaves other families alone', () => {
    const { looks, title } = messageLooks(
      [node('n1', paxos), node('n3', paxos), node('p1', 'a-family-without-looks')],
      [
        msg(1, 'n3', { type: 'Promise', ballot: { round: 2, by: 'n1' }, accepted: null }),
        msg(2, 'p1', { type: 'Ping' }),
      ],
    );
    expect(title).toBe('Ballot colours');
    expect(looks.get(1)).toMatchObject({ owner: 'n1', label: 'Promise 2.n1' });
    expect(looks.has(2)).toBe(false);
  });

  it('gives each owner the palette slot of its place among the nodes', () => {
    const ids = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'];
    expect(ownerColour('n1', ids)).toBe(0);
    expect(ownerColour('n2', ids)).toBe(1);
    expect(ownerColour('n7', ids)).toBe(0);
    expect(ownerColour('zz', ids)).toBe(0);
  });

  it('shows checkers’ notes unless a lesson hides the panel that reveals them', () => {
    const checks = [
      {
        id: 'paxos-agreement',
        summary: { nodeNotes: { n3: { text: 'in both', ring: 'double' } }, revealedBy: 'chosen' },
      },
    ] as unknown as InvariantStatus[];
    expect(nodeNotes(checks, () => true).get('n3')?.ring).toBe('double');
    expect(nodeNotes(checks, (p) => p !== 'chosen').size).toBe(0);
  });
});
