/**
 * The ring (test id `hash-ring`, `data-vnodes`): every server's arcs in its colour, the keys
 * as dots, a key's owner and replicas when one is picked, and the servers' table — colour
 * swatch, name, state, share of the ring, keys, load, hit rate — which is both the legend and
 * the ring's text alternative. Picking a server in the table selects that node in the lab (as
 * clicking it on the stage does) and fades every other server's arcs.
 */
import { memo, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { placer } from '../../../engine/protocols/hash-ring/placement';
import type { HashRingSummary } from '../../../engine/protocols/hash-ring/summary';
import { select } from '../../../state/commands';
import { useLab } from '../../../state/lab-store';
import { DataTable } from '../DataTable';
import { hasRing, schemeLabel } from './change-model';
import {
  arcsKey,
  dotRadius,
  drawArcs,
  drawDots,
  pointAt,
  positionsKey,
  RING_BOX,
  RING_GEOMETRY,
} from './ring-canvas';
import {
  colourSlot,
  count,
  percent,
  preferenceList,
  ringShares,
  serverState,
  sharesSentence,
  sortedArcs,
} from './ring-model';
import { ringSummaryOf } from './ring-summary';
import './hash-ring.css';

/** The ring view of the running lab (nothing outside the hash-ring lab). */
export const RingView = memo(function RingView() {
  const ring = useLab((s) => ringSummaryOf(s.frame?.checks));
  const selected = useLab((s) => (s.selected?.kind === 'node' ? s.selected.id : null));
  if (!ring) return null;
  return <RingPanel ring={ring} selectedServer={selected} />;
});

const darkQuery = '(prefers-color-scheme: dark)';
const subscribeScheme = (onChange: () => void) => {
  const q = window.matchMedia(darkQuery);
  q.addEventListener('change', onChange);
  return () => q.removeEventListener('change', onChange);
};
/** Light or dark, so the canvas is redrawn in the other palette when it changes. */
function useColourScheme(): string {
  return useSyncExternalStore(
    subscribeScheme,
    () => (window.matchMedia(darkQuery).matches ? 'dark' : 'light'),
    () => 'light',
  );
}

/** Size a canvas for the screen's pixel ratio; its context, scaled to CSS pixels. */
function fitCanvas(el: HTMLCanvasElement): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const size = Math.round(RING_BOX * dpr);
  if (el.width !== size) el.width = size;
  if (el.height !== size) el.height = size;
  const ctx = el.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** The ring panel for one summary (separate from the store, so it renders in tests). */
export function RingPanel({
  ring,
  selectedServer,
}: {
  readonly ring: HashRingSummary;
  readonly selectedServer: string | null;
}) {
  const ids = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const dotsCanvas = useRef<HTMLCanvasElement>(null);
  const [keyIndex, setKeyIndex] = useState<number | null>(null);
  const scheme = useColourScheme();
  const isRing = hasRing(ring.scheme) && ring.arcs.length > 0;
  const highlight = ring.servers.some((s) => s.node === selectedServer) ? selectedServer : null;
  const down = ring.servers.filter((s) => !s.up).map((s) => s.node);
  const serverOrder = ring.servers.map((s) => s.node).join(',');
  // The canvas and every lookup follow the arcs, not the frame: a run's frames repeat the
  // same ring many times over, and 2,560 arcs are sorted once per change.
  const key = `${arcsKey(ring.arcs)}|${serverOrder}`;
  const keysKey = positionsKey(ring.keys.positions);
  const { sorted, shares } = useMemo(
    () => ({ sorted: sortedArcs(ring.arcs), shares: ringShares(ring.arcs) }),
    // Keyed by what the arcs hold (key), not by the array, which is new every frame.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  const drawKey = `${key}|${highlight ?? ''}|${down.join(',')}|${scheme}|${isRing}`;

  useEffect(() => {
    const el = canvas.current;
    const ctx = el && fitCanvas(el);
    if (!el || !ctx) return;
    const style = getComputedStyle(el);
    const colours = new Map(
      ring.servers.map((s) => [
        s.node,
        style.getPropertyValue(`--ring-${colourSlot(s.node, ring.servers)}`).trim() || '#888',
      ]),
    );
    // Measured by the page itself (User Timing), for the bench (bench/ring.bench.ts).
    performance.mark('ring-draw-start');
    drawArcs(ctx, window.devicePixelRatio || 1, {
      arcs: isRing ? ring.arcs : [],
      colourOf: (owner) => colours.get(owner) ?? '#888',
      down: new Set(down),
      highlight,
      strikeColour: style.getPropertyValue('--panel').trim() || '#fff',
    });
    performance.measure('ring-draw', 'ring-draw-start');
    // Redrawn when what it shows changes (drawKey), not on every frame of the run.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drawKey]);

  useEffect(() => {
    const el = dotsCanvas.current;
    const ctx = el && fitCanvas(el);
    if (!el || !ctx) return;
    drawDots(
      ctx,
      window.devicePixelRatio || 1,
      ring.keys.positions,
      getComputedStyle(el).getPropertyValue('--text').trim() || '#000',
    );
    // The key set rarely changes: redrawn only when it (or the palette) does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keysKey, scheme]);

  const picked =
    keyIndex !== null && keyIndex < ring.keys.count ? ring.keys.positions[keyIndex] : undefined;
  const members = ring.servers.filter((s) => s.member).map((s) => s.node);
  // On a ring, the arcs drawn say who holds a key; without one, the engine's placement does.
  const holders =
    picked === undefined
      ? []
      : isRing
        ? preferenceList(sorted, picked, ring.replication)
        : placer({ scheme: ring.scheme, servers: members, vnodes: ring.vnodes }).replicas(
            picked,
            ring.replication,
          );
  const sharesText = isRing
    ? sharesSentence(shares)
    : `${schemeLabel(ring.scheme)} places keys without a ring; the table gives each server’s keys.`;

  /** Pick the key nearest the pointer's angle (a click on the ring). */
  const pickAt = (clientX: number, clientY: number, box: DOMRect) => {
    if (!isRing || ring.keys.positions.length === 0) return;
    const x = ((clientX - box.left) / box.width) * RING_BOX - RING_GEOMETRY.centre;
    const y = ((clientY - box.top) / box.height) * RING_BOX - RING_GEOMETRY.centre;
    const turn = (Math.atan2(y, x) + Math.PI / 2 + 2 * Math.PI) % (2 * Math.PI);
    const target = (turn / (2 * Math.PI)) * 2 ** 32;
    let best = 0;
    let bestD = Infinity;
    ring.keys.positions.forEach((p, i) => {
      const d = Math.min(Math.abs(p - target), 2 ** 32 - Math.abs(p - target));
      if (d < bestD) [best, bestD] = [i, d];
    });
    setKeyIndex(best);
  };

  return (
    <section
      className="panel ring-panel"
      aria-labelledby={`${ids}-title`}
      data-testid="hash-ring"
      data-vnodes={ring.vnodes}
      data-scheme={ring.scheme}
    >
      <h2 id={`${ids}-title`}>Hash ring</h2>
      <p className="muted ring-config">
        {schemeLabel(ring.scheme)}
        {ring.scheme === 'ring-vnodes' ? `, ${ring.vnodes} virtual nodes per server` : ''};{' '}
        {ring.replication} {ring.replication === 1 ? 'copy' : 'copies'} of each key;{' '}
        {count(ring.keys.count)} keys.
      </p>
      <div className="ring-body">
        <div className="ring-figure" hidden={!isRing}>
          <canvas ref={canvas} className="ring-canvas" aria-hidden="true" />
          <canvas ref={dotsCanvas} className="ring-canvas" aria-hidden="true" />
          <svg
            className="ring-overlay"
            viewBox={`0 0 ${RING_BOX} ${RING_BOX}`}
            role="img"
            aria-label={`The ring: ${sharesText}`}
            onClick={(e) => pickAt(e.clientX, e.clientY, e.currentTarget.getBoundingClientRect())}
          >
            {/* One point per server: its name beside its point (few enough to read). */}
            {ring.arcs.length <= 24 &&
              ring.arcs.map((a) => {
                const p = pointAt(a.end, RING_GEOMETRY.outer + 9);
                return (
                  <text
                    key={`${a.owner}-${a.vnode}`}
                    x={p.x}
                    y={p.y}
                    className="ring-label"
                    textAnchor={p.x < RING_GEOMETRY.centre - 4 ? 'end' : 'start'}
                    dominantBaseline="middle"
                  >
                    {a.owner}
                  </text>
                );
              })}
            {picked !== undefined && keyIndex !== null && (
              <KeyMark position={picked} index={keyIndex} />
            )}
          </svg>
        </div>
        <div className="ring-side">
          <p className="ring-shares">{sharesText}</p>
          <label className="ring-key-pick">
            <span>Key</span>
            <input
              type="number"
              min={1}
              max={Math.max(1, ring.keys.count)}
              value={keyIndex === null ? '' : keyIndex + 1}
              placeholder="pick one"
              aria-describedby={`${ids}-holders`}
              onChange={(e) => {
                const n = Number(e.target.value);
                setKeyIndex(Number.isInteger(n) && n >= 1 && n <= ring.keys.count ? n - 1 : null);
              }}
            />
          </label>
          <p id={`${ids}-holders`} className="ring-holders" aria-live="polite">
            {picked === undefined
              ? isRing
                ? 'Pick a key (type its number, or click a dot) to see who holds it.'
                : 'Pick a key (type its number) to see who holds it.'
              : holders.length === 0
                ? `Key ${keyIndex === null ? '' : keyIndex + 1}: no server holds it.`
                : holdersSentence(keyIndex ?? 0, holders, ring)}
          </p>
        </div>
      </div>
      <ServerTable ring={ring} shares={isRing ? shares : null} highlight={highlight} />
    </section>
  );
}

/** "Key 42: n3 owns it; replicas on n5 and n1 (down)". */
function holdersSentence(i: number, holders: readonly string[], ring: HashRingSummary): string {
  const word = (n: string) =>
    ring.servers.find((s) => s.node === n)?.up === false ? `${n} (down)` : n;
  const [owner, ...replicas] = holders;
  const rest = replicas.length
    ? `; ${replicas.length === 1 ? 'its replica is on' : 'replicas on'} ${replicas.map(word).join(', ')}`
    : '';
  return `Key ${i + 1}: ${word(owner ?? '')} owns it${rest}.`;
}

/** The picked key: a ring round its dot and a tick to the arc that owns it. */
function KeyMark({ position, index }: { position: number; index: number }) {
  const dot = pointAt(position, dotRadius(index));
  const inner = pointAt(position, RING_GEOMETRY.inner - 2);
  const outer = pointAt(position, RING_GEOMETRY.outer + 2);
  return (
    <g className="ring-key-mark">
      <line x1={dot.x} y1={dot.y} x2={outer.x} y2={outer.y} />
      <circle cx={dot.x} cy={dot.y} r={5} />
      <circle cx={inner.x} cy={inner.y} r={2} />
    </g>
  );
}

/** The servers: the ring's legend and its text alternative in one table. */
function ServerTable({
  ring,
  shares,
  highlight,
}: {
  readonly ring: HashRingSummary;
  readonly shares: ReadonlyMap<string, number> | null;
  readonly highlight: string | null;
}) {
  return (
    <div className="ring-table-wrap">
      <DataTable
        className="ring-servers"
        caption="Servers: their colour on the ring, share of it and load"
        captionHidden
        // Windows and meanings in the headers: the stage's node labels count keys held and
        // hits since boot, which otherwise read as contradicting these columns.
        columns={['Server', 'State', 'Ring share', 'Keys owned', 'Req/s', 'Hit rate, last s']}
        empty="No servers."
      >
        {ring.servers.map((s) => (
          <tr key={s.node} data-server={s.node} className={highlight === s.node ? 'picked' : ''}>
            <td>
              <button
                type="button"
                className="ring-server-pick"
                aria-pressed={highlight === s.node}
                aria-label={`${s.node}: pick out its arcs`}
                onClick={() => select(highlight === s.node ? null : { kind: 'node', id: s.node })}
              >
                <span
                  className={`ring-swatch ring-slot-${colourSlot(s.node, ring.servers)}`}
                  aria-hidden="true"
                />
                {s.node}
              </button>
            </td>
            <td>{serverState(s)}</td>
            <td>{shares ? percent(shares.get(s.node) ?? 0) : '—'}</td>
            <td>{count(s.keys)}</td>
            <td>{count(s.requestsPerSec)}</td>
            <td>{s.hitRate === null ? '—' : percent(s.hitRate)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
