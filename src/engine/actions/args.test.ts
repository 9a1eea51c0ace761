import { describe, expect, it } from 'vitest';
import { BUILTIN_ACTIONS } from './registry';
import { defaultDraft, readArgs } from './args';

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
});
