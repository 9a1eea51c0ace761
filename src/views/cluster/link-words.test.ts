import { describe, expect, it } from 'vitest';
import { DEFAULT_LINK } from '../../engine/net/link';
import {
  faultWords,
  latencyWords,
  linkSettingsKey,
  linkWords,
  readLinkSettings,
} from './link-words';

describe('link words', () => {
  it('gives the latency range, and only the faults a link has', () => {
    expect(latencyWords(DEFAULT_LINK)).toBe('20–30 ms');
    expect(latencyWords({ ...DEFAULT_LINK, jitterMs: 0 })).toBe('20 ms');
    expect(faultWords(DEFAULT_LINK)).toEqual([]);
    expect(
      linkWords({
        ...DEFAULT_LINK,
        latencyMs: 200,
        loss: 0.07,
        duplicate: 0.1,
        reorder: 0.05,
        bandwidthBytesPerMs: 0.5,
        ordering: 'fifo',
      }),
    ).toBe('200–210 ms · loss 7% · dup 10% · reorder 5% · 0.5 bytes/ms · FIFO');
  });

  it('reads back the settings it keyed, by directed link', () => {
    const apart = { ...DEFAULT_LINK, latencyMs: 5 };
    const key = linkSettingsKey({
      linkDefaults: DEFAULT_LINK,
      links: [{ from: 'n1', to: 'n2', config: apart }],
    });
    const settings = readLinkSettings(key);
    expect(settings.defaults).toEqual(DEFAULT_LINK);
    expect(settings.apart.get('n1>n2')).toEqual(apart);
    expect(settings.apart.has('n2>n1')).toBe(false);
  });
});
