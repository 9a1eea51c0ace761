/**
 * The links: drawn lines on a layer of their own (they change only when the nodes or the
 * cuts do), and a focusable button per link above the nodes' layer that opens its menu.
 */
import { memo, useMemo } from 'react';
import { sameConfig } from '../../engine/sim/frame';
import type { Layout, Point } from './geometry';
import { placeLinkLabels } from './link-labels';
import { configOf, linkWords as settingsWords, readLinkSettings } from './link-words';
import { openOnEnter } from './open-on-enter';

/** Beyond this many nodes, only cut links are drawn (a full mesh would be a smudge). */
const MAX_NODES_WITH_LINKS = 12;

/** A thin band around the segment p–q: a hit area with a real width (a stroke has none). */
function band(p: Point, q: Point, half: number): string {
  const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
  const nx = (-(q.y - p.y) / len) * half;
  const ny = ((q.x - p.x) / len) * half;
  const pt = (x: number, y: number) => `${x.toFixed(1)} ${y.toFixed(1)}`;
  return `M ${pt(p.x + nx, p.y + ny)} L ${pt(q.x + nx, q.y + ny)} L ${pt(q.x - nx, q.y - ny)} L ${pt(p.x - nx, p.y - ny)} Z`;
}

/** The segment p–q with `trim` taken off each end (so it runs from rim to rim). */
function trimmed(p: Point, q: Point, trim: number): [Point, Point] {
  const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
  const t = Math.min(trim / len, 0.45);
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  return [
    { x: p.x + dx * t, y: p.y + dy * t },
    { x: q.x - dx * t, y: q.y - dy * t },
  ];
}

function cutWords(a: string, b: string, ab: boolean, ba: boolean): string {
  if (ab && ba) return 'cut both ways';
  if (ab) return `${a} → ${b} cut`;
  if (ba) return `${b} → ${a} cut`;
  return 'connected';
}

/** A label drawn beside a link whose settings differ from the defaults. */
interface LinkLabel {
  readonly text: string;
  readonly at: Point;
}

interface LinkPair {
  readonly a: string;
  readonly b: string;
  readonly state: 'up' | 'cut' | 'one-way';
  /** Its state and settings in words (its accessible name and tooltip). */
  readonly words: string;
  /** Labels for settings that differ from the defaults: one, or one per direction. */
  readonly labels: readonly LinkLabel[];
  readonly p: Point;
  readonly q: Point;
}

/** The point at fraction t from p to q. */
const lerp = (p: Point, q: Point, t: number): Point => ({
  x: p.x + (q.x - p.x) * t,
  y: p.y + (q.y - p.y) * t,
});

/**
 * One entry per pair of nodes (a < b), with its state from the cut directed links and its
 * settings (`settingsKey`, from `linkSettingsKey`).
 */
function linkPairs(idKey: string, cutKey: string, settingsKey: string, layout: Layout): LinkPair[] {
  const ids = idKey ? idKey.split(',') : [];
  const cut = new Set(cutKey ? cutKey.split(' ') : []);
  const settings = readLinkSettings(settingsKey);
  const drawAll = ids.length <= MAX_NODES_WITH_LINKS;
  const pairs: LinkPair[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i] as string, ids[j] as string].sort() as [string, string];
      const ab = cut.has(`${a}>${b}`);
      const ba = cut.has(`${b}>${a}`);
      const state = ab && ba ? 'cut' : ab || ba ? 'one-way' : 'up';
      const there = configOf(settings, a, b);
      const back = configOf(settings, b, a);
      const isApart = settings.apart.has(`${a}>${b}`) || settings.apart.has(`${b}>${a}`);
      if (!drawAll && state === 'up' && !isApart) continue;
      const p = layout.positions.get(a);
      const q = layout.positions.get(b);
      if (!p || !q) continue;
      const same = sameConfig(there, back);
      const how = same
        ? settingsWords(there)
        : `${a} → ${b} ${settingsWords(there)}; ${b} → ${a} ${settingsWords(back)}`;
      // Only links set apart are labelled on the stage (the caption gives everyone else's).
      // Labels sit off-centre, so diagonals that cross in the middle do not share a spot.
      const labels: LinkLabel[] = !isApart
        ? []
        : same
          ? [{ text: settingsWords(there), at: lerp(p, q, 0.4) }]
          : [
              { text: `→ ${settingsWords(there)}`, at: lerp(p, q, 0.3) },
              { text: `← ${settingsWords(back)}`, at: lerp(p, q, 0.7) },
            ];
      pairs.push({ a, b, state, words: `${cutWords(a, b, ab, ba)}, ${how}`, labels, p, q });
    }
  }
  // Labels that would cover each other are moved along their links.
  const spots = placeLinkLabels(
    pairs.flatMap(({ labels, p, q }) =>
      labels.map(({ text, at }) => ({
        text,
        p,
        q,
        preferred:
          Math.abs(q.x - p.x) > Math.abs(q.y - p.y)
            ? (at.x - p.x) / (q.x - p.x)
            : (at.y - p.y) / (q.y - p.y),
      })),
    ),
  );
  let next = 0;
  return pairs.map((pair) => ({
    ...pair,
    labels: pair.labels.map(({ text }) => ({ text, at: spots[next++] ?? pair.p })),
  }));
}

interface LinkLayerProps {
  /** Node ids joined by commas, and the cut directed links ("a>b") joined by spaces. */
  readonly ids: string;
  readonly cutKey: string;
  /** The links' settings, as `linkSettingsKey` writes them. */
  readonly settingsKey: string;
  readonly layout: Layout;
}

/** The links as drawn; re-rendered only when the nodes or the cuts change. */
export const LinkLines = memo(function LinkLines({
  ids,
  cutKey,
  settingsKey,
  layout,
}: LinkLayerProps) {
  const pairs = useMemo(
    () => linkPairs(ids, cutKey, settingsKey, layout),
    [ids, cutKey, settingsKey, layout],
  );
  return (
    <g className="links" aria-hidden="true">
      {pairs.map(({ a, b, state, words, p, q }) => (
        <line
          key={`${a}-${b}`}
          data-testid={`link-${a}-${b}`}
          data-state={state}
          className={`link link-${state}`}
          x1={p.x}
          y1={p.y}
          x2={q.x}
          y2={q.y}
        >
          <title>{`${a} ↔ ${b}: ${words}`}</title>
        </line>
      ))}
      {pairs.flatMap(({ a, b, labels }) =>
        labels.map(({ text, at }, i) => (
          <text
            key={`${a}-${b}-${i}`}
            className="link-label"
            data-testid={`link-label-${a}-${b}`}
            x={at.x}
            y={at.y}
            textAnchor="middle"
            dominantBaseline="middle"
          >
            {text}
          </text>
        )),
      )}
    </g>
  );
});

/** Each link as a button (click or Enter opens its menu), a band from rim to rim. */
export const LinkButtons = memo(function LinkButtons({
  ids,
  cutKey,
  settingsKey,
  layout,
  onOpen,
  onFocus,
}: LinkLayerProps & {
  readonly onOpen: (a: string, b: string) => void;
  /** Focus selects the link, so shortcuts and the palette act on it. */
  readonly onFocus: (a: string, b: string) => void;
}) {
  const pairs = useMemo(
    () => linkPairs(ids, cutKey, settingsKey, layout),
    [ids, cutKey, settingsKey, layout],
  );
  return (
    <g className="link-buttons">
      {pairs.map(({ a, b, words, p, q }) => {
        const [s, e] = trimmed(p, q, layout.nodeRadius + 8);
        return (
          <g
            key={`${a}-${b}`}
            className="link-group"
            role="button"
            tabIndex={0}
            aria-label={`link ${a}–${b}, ${words}`}
            aria-haspopup="true"
            onClick={() => onOpen(a, b)}
            onFocus={() => onFocus(a, b)}
            onKeyDown={openOnEnter(() => onOpen(a, b))}
          >
            <path className="link-hit" d={band(s, e, 6)} />
            <line className="link-highlight" x1={s.x} y1={s.y} x2={e.x} y2={e.y} />
          </g>
        );
      })}
    </g>
  );
});
