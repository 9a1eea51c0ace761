/** The slot log's table: one row per Multi-Paxos server, the latest slots as columns, in words. */
import { describe, expect, it } from 'vitest';
import type { FrameNode } from '../../../engine/sim/frame';
import { slotCellName, slotLog, SLOT_LOG_WIDTH } from './slot-log';

const node = (id: string, slots: object[] | null, protocol = 'multi-paxos'): FrameNode =>
  ({
    id,
    protocol,
    role: slots ? 'acceptor' : 'down',
    status: slots ? 'up' : 'crashed',
    view: slots ? { role: 'acceptor', roles: 'acceptor, replica', applied: 1, slots } : null,
  }) as unknown as FrameNode;
const cell = (slot: number, value: string, ballot: string | null, chosen: boolean) => ({
  slot,
  value,
  ballot,
  chosen,
});

describe('slotLog', () => {
  it('has a row per server (a down one empty), columns for every slot any server knows', () => {
    const log = slotLog([
      node('n1', [cell(1, 'put x=1', '1.n1', true), cell(2, 'no-op', '2.n2', false)]),
      node('n2', [cell(1, 'put x=1', null, true)]),
      node('n3', null),
      node('c1', [], 'multi-paxos-client'),
    ]);
    expect(log.slots).toEqual([1, 2]);
    expect(log.rows.map((r) => [r.node, r.role])).toEqual([
      ['n1', 'acceptor'],
      ['n2', 'acceptor'],
      ['n3', 'down'],
    ]);
    expect(log.rows[1]?.cells[1]).toEqual({ slot: 2, value: '', ballot: null, chosen: false });
    expect(log.rows[2]?.cells.every((c) => c.value === '')).toBe(true);
  });

  it('shows only the latest slots and says how many are left out', () => {
    const many = Array.from({ length: 20 }, (_, i) => cell(i + 1, 'no-op', '1.n1', true));
    const log = slotLog([node('n1', many)]);
    expect(log.slots).toHaveLength(SLOT_LOG_WIDTH);
    expect(log.slots[0]).toBe(20 - SLOT_LOG_WIDTH + 1);
    expect(log.hidden).toBe(20 - SLOT_LOG_WIDTH);
  });

  it('names each cell in words: command, ballot, chosen or not', () => {
    expect(slotCellName('n1', cell(3, 'put x=1', '2.n1', true))).toBe(
      'n1, slot 3: put x=1 in ballot 2.n1, chosen',
    );
    expect(slotCellName('n2', cell(3, 'no-op', '2.n1', false))).toBe(
      'n2, slot 3: no-op in ballot 2.n1, not known chosen',
    );
    expect(slotCellName('n3', cell(3, '', null, false))).toBe('n3, slot 3: empty');
  });

  it('draws nothing for the single-decree lab', () => {
    expect(slotLog([node('n1', [], 'paxos')]).rows).toEqual([]);
  });
});
