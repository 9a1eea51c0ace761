import { describe, expect, it } from 'vitest';
import { BUILTIN_ACTIONS } from './registry';
import { argProblems, defaultDraft, readArgs, type ArgSpec } from './args';

describe('argument specs', () => {
  const specs = BUILTIN_ACTIONS.link.args;

  it('records only the link settings the learner changed', () => {
    const draft = { ...defaultDraft(specs), loss: '100' };
    expect(readArgs(specs, draft)).toEqual({ ok: true, args: { loss: 1 } });
  });

  it('records an emptied bandwidth as unlimited, and FIFO unticked again as any order', () => {
    const draft = { ...defaultDraft(specs), bandwidthBytesPerMs: '', ordering: false };
    expect(readArgs(specs, draft)).toEqual({
      ok: true,
      args: { bandwidthBytesPerMs: null, ordering: 'any' },
    });
  });

  it('says what is wrong with a draft, naming the field', () => {
    const send = [
      { name: 'key', label: 'Key', kind: 'text', default: 'x', required: true },
    ] as const;
    expect(readArgs(send, { key: '' })).toEqual({ ok: false, error: 'Key is needed' });
    expect(readArgs(specs, { latencyMs: '-3' })).toEqual({
      ok: false,
      error: 'Latency (ms) must be at least 0',
    });
  });

  it('refuses a range whose start exceeds its end, beside the start field', () => {
    const range: ArgSpec[] = [
      {
        name: 'fromMs',
        label: 'From (ms)',
        kind: 'number',
        unit: 'ms',
        min: 0,
        default: 100,
        atMost: 'toMs',
      },
      { name: 'toMs', label: 'To (ms)', kind: 'number', unit: 'ms', min: 0, default: 200 },
    ];
    expect(argProblems(range, { fromMs: '1000', toMs: '300' })).toEqual({
      fromMs: 'From (1000 ms) cannot be more than To (300 ms)',
    });
    expect(readArgs(range, { fromMs: '1000', toMs: '300' })).toEqual({
      ok: false,
      error: 'From (1000 ms) cannot be more than To (300 ms)',
    });
    expect(readArgs(range, { fromMs: '300', toMs: '300' })).toEqual({
      ok: true,
      args: { fromMs: 300, toMs: 300 },
    });
    expect(argProblems(range, { fromMs: '-1', toMs: 'x' })).toEqual({
      fromMs: 'From (ms) must be at least 0',
      toMs: 'To (ms) must be a number',
    });
  });
});
