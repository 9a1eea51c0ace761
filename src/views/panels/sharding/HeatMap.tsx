/**
 * The key-space × time heat map of requests (lesson panel 'heat'): time runs across, key bands
 * down, each cell as dark as its requests. The cells are drawn on a canvas (hundreds of cells
 * redrawn every frame stay cheap there); d3's scales place them and give the axes' ticks, which
 * React draws. Over the canvas each band is a button in one tab stop (arrow keys move between
 * bands): its name says its keys and requests, and a click or Enter splits the range that holds
 * it there. A sentence names the hottest band, so the map is read without seeing it.
 */
import {
  memo,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import type { ShardMapSummary } from '../../../engine/protocols/sharding/summary';
import { useLab } from '../../../state/lab-store';
import {
  bandInfos,
  bandLabel,
  heatScales,
  hottestBand,
  hottestWords,
  splitChoice,
  type SplitChoice,
} from './heat-view';
import { shardSummaryOf, upSpares } from './shard-map-view';
import { requestSplit } from './split-action';
import './sharding.css';

/** Height of one band's row, px (a touch target of its own at 16 bands or fewer). */
const ROW_PX = 14;
const MIN_PLOT_PX = 120;
/** The cells' colour: alpha over the panel, so it reads on a light or a dark page. */
const CELL_RGB = '209, 36, 47';
/** Shades of the cells' colour: a few thousand cells a frame reuse these strings. */
const SHADES = 32;
const CELL_FILLS = Array.from(
  { length: SHADES + 1 },
  (_, i) => `rgba(${CELL_RGB}, ${(i / SHADES).toFixed(3)})`,
);

/** Draw the cells of `summary.heat` on `canvas` (CSS size `width` × `height`). */
function drawCells(
  canvas: HTMLCanvasElement,
  summary: ShardMapSummary,
  width: number,
  height: number,
): void {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.round(width * ratio);
  const h = Math.round(height * ratio);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const heat = summary.heat;
  const { time, band, alpha } = heatScales(heat, width, height);
  const cellW = Math.max(1, time(heat.start + heat.bucketMs) - time(heat.start));
  const cellH = band(1) - band(0);
  heat.counts.forEach((row, t) => {
    const x = time(heat.start + t * heat.bucketMs);
    for (let b = 0; b < heat.bands; b++) {
      const c = row[b] ?? 0;
      if (c <= 0) continue;
      ctx.fillStyle = CELL_FILLS[Math.round(alpha(c) * SHADES)] ?? '';
      // A hair wider than the cell, so neighbours meet without seams.
      ctx.fillRect(x, band(b), cellW + 0.5, cellH + 0.5);
    }
  });
}

/** The plot's width follows its box (a phone, a wide screen); `el` is null until drawn. */
function useWidth(el: HTMLDivElement | null): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return width;
}

export interface HeatMapBodyProps {
  readonly summary: ShardMapSummary;
  /** Spare shard servers that are up, first choice first (a split's upper part goes there). */
  readonly spares: readonly string[];
  /** Called with a band's split (a click, or Enter on a focused band). */
  readonly onSplit: (choice: Extract<SplitChoice, { ok: true }>) => void;
  /** The plot's width in CSS px (0 before it is measured: the bands still list every band). */
  readonly width: number;
  readonly canvasRef?: RefObject<HTMLCanvasElement | null>;
  /** Receives the plot's box, whose width the canvas fills. */
  readonly plotRef?: (el: HTMLDivElement | null) => void;
}

/** The map's body for a summary: the sentence, the plot and its axes, the band buttons. */
export function HeatMapBody({
  summary,
  spares,
  onSplit,
  width,
  canvasRef,
  plotRef,
}: HeatMapBodyProps) {
  const bands = bandInfos(summary);
  const height = Math.max(MIN_PLOT_PX, summary.heat.bands * ROW_PX);
  const { time, band } = heatScales(summary.heat, Math.max(1, width), height);
  const hottest = hottestBand(bands);
  const [focused, setFocused] = useState<number | null>(null);
  // One tab stop: the band last focused, else the hottest, else the first.
  const tabStop = focused ?? hottest?.band ?? 0;
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const choices = bands.map((info) => splitChoice(summary, info.band, spares));
  const split = (b: number) => {
    const choice = choices[b];
    if (choice?.ok) onSplit(choice);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, b: number) => {
    const last = bands.length - 1;
    const next =
      e.key === 'ArrowDown' || e.key === 'ArrowRight'
        ? Math.min(last, b + 1)
        : e.key === 'ArrowUp' || e.key === 'ArrowLeft'
          ? Math.max(0, b - 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : null;
    if (next === null) return;
    e.preventDefault();
    setFocused(next);
    buttons.current[next]?.focus();
  };

  const timeTicks = width > 0 ? time.ticks(Math.max(2, Math.floor(width / 80))) : [];
  const keyTicks = [0, Math.floor(bands.length / 2), bands.length - 1].filter(
    (b, i, all) => b >= 0 && all.indexOf(b) === i,
  );
  return (
    <>
      <p className="heat-hottest" data-testid="heat-hottest">
        {hottestWords(summary)}
      </p>
      <div className="heat-frame">
        {/* The key axis: the first key of a few bands. */}
        <div className="heat-key-axis" aria-hidden="true" style={{ height }}>
          {keyTicks.map((b) => (
            <span key={b} style={{ top: band(b) }}>
              {(bands[b]?.lo ?? 0).toLocaleString('en-US')}
            </span>
          ))}
        </div>
        <div className="heat-plot" style={{ height }} ref={plotRef}>
          <canvas
            ref={canvasRef}
            className="heat-canvas"
            aria-hidden="true"
            style={{ width: '100%', height }}
          />
          <div
            className="heat-bands"
            role="group"
            aria-label="Key bands (arrow keys move; Enter splits the range there)"
          >
            {bands.map((info) => {
              const choice = choices[info.band] ?? splitChoice(summary, info.band, spares);
              return (
                <button
                  key={info.band}
                  ref={(el) => {
                    buttons.current[info.band] = el;
                  }}
                  type="button"
                  className={info.band === hottest?.band ? 'heat-band is-hottest' : 'heat-band'}
                  style={{ top: band(info.band), height: band(1) - band(0) }}
                  tabIndex={info.band === tabStop ? 0 : -1}
                  aria-label={bandLabel(summary, info, choice)}
                  aria-disabled={choice.ok ? undefined : 'true'}
                  data-testid={`heat-band-${info.band}`}
                  data-requests={info.requests}
                  onFocus={() => setFocused(info.band)}
                  onClick={() => split(info.band)}
                  onKeyDown={(e) => onKeyDown(e, info.band)}
                />
              );
            })}
          </div>
        </div>
        {/* The time axis: virtual seconds. */}
        <div className="heat-time-axis muted" aria-hidden="true">
          {timeTicks.map((t) => (
            <span key={t} style={{ left: time(t) }}>
              {Math.round(t / 100) / 10} s
            </span>
          ))}
        </div>
      </div>
      <p className="muted heat-help">
        Time runs across, keys down; darker is more requests.{' '}
        {summary.partitioning === 'hash'
          ? 'Under hash partitioning a band’s keys live on every shard, so a band cannot be split.'
          : 'Click a band (or move to it with the arrow keys and press Enter) to split the range that holds it there.'}
      </p>
    </>
  );
}

export const HeatMap = memo(function HeatMap() {
  const checks = useLab((s) => s.frame?.checks);
  const summary = shardSummaryOf(checks);
  const spares = useLab((s) => upSpares(s.frame?.nodes).join(','));
  const [plot, setPlot] = useState<HTMLDivElement | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useWidth(plot);
  const height = summary ? Math.max(MIN_PLOT_PX, summary.heat.bands * ROW_PX) : 0;
  useEffect(() => {
    if (canvas.current && summary && width > 0) drawCells(canvas.current, summary, width, height);
  }, [summary, width, height]);
  if (!summary) return null;
  return (
    <section
      className="panel shard-heat"
      aria-labelledby="shard-heat-title"
      data-testid="shard-heat"
    >
      <h2 id="shard-heat-title">Requests by key and time</h2>
      <HeatMapBody
        summary={summary}
        spares={spares ? spares.split(',') : []}
        width={width}
        canvasRef={canvas}
        plotRef={setPlot}
        onSplit={(c) => void requestSplit(c.node, c.at, c.to)}
      />
    </section>
  );
});
