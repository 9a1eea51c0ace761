/** A link's actions: cut it (both ways or one way), restore it, and set its network properties. */
import { useState, type FormEvent } from 'react';
import type { LinkConfig } from '../../engine/net/link';
import type { NodeId } from '../../engine/protocol';
import { useAllow } from '../common/allow';
import { act } from '../../state/lab-controller';
import type { Point } from './geometry';
import { Popover } from './menus';

interface Props {
  readonly a: NodeId;
  readonly b: NodeId;
  readonly cut: ReadonlyArray<readonly [NodeId, NodeId]>;
  readonly at: Point;
  readonly onClose: () => void;
}

const FIELDS = [
  { key: 'latencyMs', label: 'Latency (ms)' },
  { key: 'jitterMs', label: 'Jitter (ms)' },
  { key: 'loss', label: 'Loss (%)', percent: true },
  { key: 'duplicate', label: 'Duplication (%)', percent: true },
  { key: 'reorder', label: 'Reordering (%)', percent: true },
  { key: 'bandwidthBytesPerMs', label: 'Bandwidth (bytes/ms, empty = unlimited)' },
] as const;

export function LinkMenu({ a, b, cut, at, onClose }: Props) {
  const isCut = (x: NodeId, y: NodeId) => cut.some(([f, t]) => f === x && t === y);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [fifo, setFifo] = useState<boolean | null>(null);
  const can = useAllow();
  const run = async (fn: () => Promise<unknown>) => {
    await fn();
    onClose();
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const config: Record<string, number | null | string> = {};
    for (const f of FIELDS) {
      const text = draft[f.key];
      if (text === undefined) continue;
      if (f.key === 'bandwidthBytesPerMs' && text.trim() === '') config[f.key] = null;
      else config[f.key] = 'percent' in f ? Number(text) / 100 : Number(text);
    }
    if (fifo !== null) config.ordering = fifo ? 'fifo' : 'any';
    const change = config as Partial<LinkConfig>;
    void run(async () => {
      if (await act({ type: 'link', from: a, to: b, config: change })) {
        await act({ type: 'link', from: b, to: a, config: change });
      }
    });
  };

  return (
    <Popover label={`Link ${a}–${b}`} at={at} onClose={onClose}>
      <div className="popover-buttons">
        <button
          type="button"
          disabled={(isCut(a, b) && isCut(b, a)) || !can('cut')}
          onClick={() => void run(() => act({ type: 'cut', from: a, to: b, oneWay: false }))}
        >
          Cut both ways
        </button>
        <button
          type="button"
          disabled={isCut(a, b) || !can('cut')}
          onClick={() => void run(() => act({ type: 'cut', from: a, to: b, oneWay: true }))}
        >
          {`Cut ${a} → ${b}`}
        </button>
        <button
          type="button"
          disabled={isCut(b, a) || !can('cut')}
          onClick={() => void run(() => act({ type: 'cut', from: b, to: a, oneWay: true }))}
        >
          {`Cut ${b} → ${a}`}
        </button>
        <button
          type="button"
          disabled={(!isCut(a, b) && !isCut(b, a)) || !can('uncut')}
          onClick={() => void run(() => act({ type: 'uncut', from: a, to: b, oneWay: false }))}
        >
          Restore link
        </button>
      </div>
      <form className="settings-form" onSubmit={apply}>
        {FIELDS.map((f) => (
          <label key={f.key}>
            <span>{f.label}</span>
            <input
              type="number"
              min={0}
              step="any"
              value={draft[f.key] ?? ''}
              placeholder="unchanged"
              onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
            />
          </label>
        ))}
        <label className="settings-check">
          <input
            type="checkbox"
            checked={fifo === true}
            onChange={(e) => setFifo(e.target.checked)}
          />
          <span>FIFO (never reorder)</span>
        </label>
        <button type="submit" disabled={!can('link')}>
          Apply to this link
        </button>
      </form>
    </Popover>
  );
}
