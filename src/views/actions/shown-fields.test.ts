/** A form shows only the fields that apply to its own choice (the RPC call's withdraw or set). */
import { describe, expect, it } from 'vitest';
import type { ArgSpec } from '../../engine/actions';
import { shownFields } from './shown-fields';

const op: ArgSpec = {
  name: 'op',
  label: 'Operation',
  kind: 'choice',
  options: [
    { value: 'withdraw', label: 'withdraw' },
    { value: 'set', label: 'set' },
  ],
  default: 'withdraw',
};
const amount: ArgSpec = {
  name: 'amount',
  label: 'Amount',
  kind: 'number',
  default: 10,
  onlyWhen: { arg: 'op', is: 'withdraw' },
};
const balance: ArgSpec = {
  name: 'balance',
  label: 'New balance',
  kind: 'number',
  default: 90,
  onlyWhen: { arg: 'op', is: 'set' },
};
const key: ArgSpec = { name: 'key', label: 'Key', kind: 'text', default: '' };

describe('shownFields', () => {
  it('hides the fields of the operation not chosen, and shows them when it is', () => {
    const names = (draft: Record<string, string>) =>
      shownFields([op, amount, balance, key], draft).map((f) => f.name);
    expect(names({ op: 'withdraw' })).toEqual(['op', 'amount', 'key']);
    expect(names({ op: 'set' })).toEqual(['op', 'balance', 'key']);
  });

  it('keeps a field whose condition is chosen by the button pressed (not a field of the form)', () => {
    // Raft's Value: recorded only for SET, but SET and GET are buttons, so it stays drawn.
    expect(shownFields([key, { ...balance, onlyWhen: { arg: 'fn', is: 'set' } }], {})).toHaveLength(
      2,
    );
  });
});
