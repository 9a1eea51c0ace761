/**
 * Paxos messages wear their ballot owner's colour, not their sender's: a Promise or an
 * Accepted for ballot 2.n1 answers proposer n1's ballot (Lamport, "Paxos Made Simple", 2001,
 * §2.2: ballots are drawn from disjoint sets per proposer, so each has one owner).
 */
import { describe, expect, it } from 'vitest';
import { paxosMessageLook } from './message-look';

const b = (round: number, by: string) => ({ round, by });

describe('paxosMessageLook', () => {
  it('names the ballot and its owner, whoever sends it', () => {
    expect(paxosMessageLook({ type: 'Prepare', ballot: b(2, 'n2') })).toEqual({
      owner: 'n2',
      label: 'Prepare 2.n2',
      detail: 'ballot 2.n2 (n2’s)',
    });
    // A Promise travels from an acceptor to n1 but belongs to n1's ballot.
    expect(paxosMessageLook({ type: 'Promise', ballot: b(1, 'n1'), accepted: null })?.owner).toBe(
      'n1',
    );
    expect(paxosMessageLook({ type: 'Accept', ballot: b(1, 'n1'), value: 'A' })).toMatchObject({
      label: 'Accept 1.n1: A',
      detail: 'ballot 1.n1 (n1’s), value A',
    });
  });

  it('says which promise refused a ballot', () => {
    expect(
      paxosMessageLook({ type: 'Nack', ballot: b(1, 'n1'), promised: b(2, 'n2') }),
    ).toMatchObject({ owner: 'n1', label: 'Nack 1.n1 (promised 2.n2)' });
  });

  it('leaves messages without a ballot (and junk) to the default look', () => {
    expect(paxosMessageLook({ type: 'Ping' })).toBeNull();
    expect(paxosMessageLook({ type: 'Prepare', ballot: { round: '1', by: 'n1' } })).toBeNull();
    expect(paxosMessageLook(null)).toBeNull();
    expect(paxosMessageLook('Prepare')).toBeNull();
  });
});
