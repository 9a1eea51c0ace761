/**
 * The cluster: nodes on a ring, links between them, messages moving along the links at
 * positions computed from virtual time (so pause, step and speed are one code path), and
 * messages dying where they were lost.
 */
import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { FrameMessage, FrameNode } from '../../engine/sim/frame';
import type { TraceEntry } from '../../engine/sim/trace';
import { useLab } from '../../state/lab-store';
import { along, circleLayout, progressAt, VIEW_SIZE, type Layout, type Point } from './geometry';
import { LinkMenu } from './LinkMenu';
import { MessageCanvas } from './MessageCanvas';
import { MessageMenu, NodeMenu } from './menus';
import { roleStyle, shapePath } from './roles';

const midpoint = (p?: Point, q?: Point): Point =>
  p && q ? { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 } : { x: 0, y: 0 };

/** How long (virtual ms) a lost message's ✕ stays on screen. */
const DEATH_VISIBLE_MS = 400;
/** A message's kind is written beside it between this fraction of its trip and 1 minus it. */
const LABEL_FROM = 0.15;
/** Beyond this many messages in flight, they are drawn on a canvas instead of as SVG. */
const MAX_SVG_MESSAGES = 250;
/** Beyond this many nodes, only cut links are drawn (a full mesh would be a smudge). */
const MAX_NODES_WITH_LINKS = 12;

type Selection =
  | { kind: 'node'; id: string }
  | { kind: 'message'; id: number }
  | { kind: 'link'; a: string; b: string }
  | null;

interface Geometry {
  readonly from: string;
  readonly to: string;
  readonly departAt: number;
  readonly deliverAt: number;
  readonly kind: string;
}

export const ClusterView = memo(function ClusterView() {
  const frame = useLab((s) => s.frame);
  // The notable events (drops among them), kept across frames: a drop stays findable for
  // as long as its ✕ is drawn, however many other events a frame holds.
  const narration = useLab((s) => s.narration);
  const highlight = useLab((s) => s.highlight);
  const [selection, setSelection] = useState<Selection>(null);
  const openLink = useCallback((a: string, b: string) => setSelection({ kind: 'link', a, b }), []);
  const nodeRefs = useRef(new Map<string, SVGGElement>());
  // Where each message was, so one that is dropped can be drawn dying where it was.
  const seen = useRef(new Map<number, Geometry>());
  const ids = useMemo(() => frame?.nodes.map((n) => n.id) ?? [], [frame?.nodes]);
  const idKey = ids.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layout = useMemo(() => circleLayout(ids), [idKey]);
  if (!frame) return <div className="cluster-loading">Starting the nodes…</div>;

  for (const m of frame.inFlight) {
    if (!seen.current.has(m.id)) seen.current.set(m.id, m);
  }
  if (seen.current.size > 5000) seen.current.clear();

  const storm = frame.inFlight.length > MAX_SVG_MESSAGES;
  const cutKey = frame.cut.length ? frame.cut.map(([a, b]) => `${a}>${b}`).join(' ') : '';
  const closeMenu = (focusNode?: string) => {
    setSelection(null);
    if (focusNode) nodeRefs.current.get(focusNode)?.focus();
  };
  const selectedNode =
    selection?.kind === 'node' ? frame.nodes.find((n) => n.id === selection.id) : undefined;
  const selectedMessage =
    selection?.kind === 'message' ? frame.inFlight.find((m) => m.id === selection.id) : undefined;

  return (
    <div className="cluster" data-testid="cluster">
      {/* The lines sit on a layer of their own, under everything: they change only when the
          nodes or the cuts do, so the browser keeps their pixels while timers and messages
          move above (a 50-node cluster has 1,225 of them). */}
      <svg viewBox={`0 0 ${VIEW_SIZE} ${VIEW_SIZE}`} className="cluster-links" aria-hidden="true">
        <LinkLines ids={idKey} cutKey={cutKey} layout={layout} />
      </svg>
      <svg
        viewBox={`0 0 ${VIEW_SIZE} ${VIEW_SIZE}`}
        role="group"
        aria-label={`Cluster of ${frame.nodes.length} nodes`}
        className="cluster-svg"
      >
        {/* The links' buttons come after the nodes, so Tab reaches the nodes before the
            links and a link's hit area never covers a node. */}
        {frame.nodes.map((n) => (
          <NodeGlyph
            key={n.id}
            node={n}
            time={frame.time}
            at={layout.positions.get(n.id) ?? { x: 0, y: 0 }}
            radius={layout.nodeRadius}
            selected={selection?.kind === 'node' && selection.id === n.id}
            highlighted={highlight.includes(n.id)}
            onOpen={() => {
              setSelection({ kind: 'node', id: n.id });
              useLab.setState({ inspected: { kind: 'node', id: n.id } });
            }}
            register={(el) => {
              if (el) nodeRefs.current.set(n.id, el);
              else nodeRefs.current.delete(n.id);
            }}
          />
        ))}
        <LinkButtons ids={idKey} cutKey={cutKey} layout={layout} onOpen={openLink} />
        {!storm &&
          frame.inFlight.map((m) => (
            <MessageDot
              key={m.id}
              message={m}
              time={frame.time}
              layout={layout}
              onOpen={() => {
                setSelection({ kind: 'message', id: m.id });
                useLab.setState({ inspected: { kind: 'message', message: m } });
              }}
            />
          ))}
        <Deaths events={narration} time={frame.time} layout={layout} seen={seen.current} />
      </svg>
      {storm && <MessageCanvas messages={frame.inFlight} time={frame.time} layout={layout} />}
      {selectedNode && (
        <NodeMenu
          node={selectedNode}
          at={layout.positions.get(selectedNode.id) ?? { x: 0, y: 0 }}
          onClose={() => closeMenu(selectedNode.id)}
        />
      )}
      {selection?.kind === 'link' && (
        <LinkMenu
          a={selection.a}
          b={selection.b}
          cut={frame.cut}
          at={midpoint(layout.positions.get(selection.a), layout.positions.get(selection.b))}
          onClose={() => closeMenu()}
        />
      )}
      {selectedMessage && (
        <MessageMenu
          message={selectedMessage}
          at={along(
            layout.positions.get(selectedMessage.from) ?? { x: 0, y: 0 },
            layout.positions.get(selectedMessage.to) ?? { x: 0, y: 0 },
            layout.nodeRadius,
            progressAt(selectedMessage, frame.time),
          )}
          onClose={() => closeMenu()}
        />
      )}
    </div>
  );
});

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

function linkWords(a: string, b: string, ab: boolean, ba: boolean): string {
  if (ab && ba) return 'cut both ways';
  if (ab) return `${a} → ${b} cut`;
  if (ba) return `${b} → ${a} cut`;
  return 'connected';
}

interface LinkPair {
  readonly a: string;
  readonly b: string;
  readonly state: 'up' | 'cut' | 'one-way';
  readonly words: string;
  readonly p: Point;
  readonly q: Point;
}

/** One entry per pair of nodes (a < b), with its state from the cut directed links. */
function linkPairs(idKey: string, cutKey: string, layout: Layout): LinkPair[] {
  const ids = idKey ? idKey.split(',') : [];
  const cut = new Set(cutKey ? cutKey.split(' ') : []);
  const drawAll = ids.length <= MAX_NODES_WITH_LINKS;
  const pairs: LinkPair[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i] as string, ids[j] as string].sort() as [string, string];
      const ab = cut.has(`${a}>${b}`);
      const ba = cut.has(`${b}>${a}`);
      const state = ab && ba ? 'cut' : ab || ba ? 'one-way' : 'up';
      if (!drawAll && state === 'up') continue;
      const p = layout.positions.get(a);
      const q = layout.positions.get(b);
      if (!p || !q) continue;
      pairs.push({ a, b, state, words: linkWords(a, b, ab, ba), p, q });
    }
  }
  return pairs;
}

interface LinkLayerProps {
  /** Node ids joined by commas, and the cut directed links ("a>b") joined by spaces. */
  readonly ids: string;
  readonly cutKey: string;
  readonly layout: Layout;
}

/** The links as drawn; re-rendered only when the nodes or the cuts change. */
const LinkLines = memo(function LinkLines({ ids, cutKey, layout }: LinkLayerProps) {
  const pairs = useMemo(() => linkPairs(ids, cutKey, layout), [ids, cutKey, layout]);
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
    </g>
  );
});

/** Each link as a button (click or Enter opens its menu), a band from rim to rim. */
const LinkButtons = memo(function LinkButtons({
  ids,
  cutKey,
  layout,
  onOpen,
}: LinkLayerProps & { readonly onOpen: (a: string, b: string) => void }) {
  const pairs = useMemo(() => linkPairs(ids, cutKey, layout), [ids, cutKey, layout]);
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
            onKeyDown={(ev) => {
              if (ev.key === 'Enter' || ev.key === ' ') {
                ev.preventDefault();
                onOpen(a, b);
              }
            }}
          >
            <path className="link-hit" d={band(s, e, 6)} />
            <line className="link-highlight" x1={s.x} y1={s.y} x2={e.x} y2={e.y} />
          </g>
        );
      })}
    </g>
  );
});

function timerArc(r: number, progress: number): string {
  const p = Math.min(0.9999, Math.max(0, progress));
  const a = -Math.PI / 2 + 2 * Math.PI * p;
  const large = p > 0.5 ? 1 : 0;
  return `M 0 ${-r} A ${r} ${r} 0 ${large} 1 ${(r * Math.cos(a)).toFixed(2)} ${(r * Math.sin(a)).toFixed(2)}`;
}

/**
 * What a screen reader (and a test) hears: "n1, leader, term 3", "n2, crashed",
 * "n4, follower, term 2, paused". The status is said whenever it is not plain "up".
 */
function nodeLabel(n: FrameNode): string {
  const isDown = n.status === 'crashed' || n.status === 'faulted';
  const parts = [n.id, isDown ? n.status : n.role];
  if (n.term !== undefined) parts.push(`term ${n.term}`);
  if (n.status === 'paused') parts.push('paused');
  return parts.join(', ');
}

interface NodeGlyphProps {
  readonly node: FrameNode;
  readonly time: number;
  readonly at: Point;
  readonly radius: number;
  readonly selected: boolean;
  /** A lesson points at this node now. */
  readonly highlighted: boolean;
  readonly onOpen: () => void;
  readonly register: (el: SVGGElement | null) => void;
}

function NodeGlyph({
  node,
  time,
  at,
  radius,
  selected,
  highlighted,
  onOpen,
  register,
}: NodeGlyphProps) {
  const style = roleStyle(node.role);
  const timer = node.timers[0];
  const showText = radius >= 18;
  return (
    <g
      ref={register}
      className={`node node-${node.status}${selected ? ' node-selected' : ''}${highlighted ? ' node-highlighted' : ''}`}
      transform={`translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})`}
      data-testid={`node-${node.id}`}
      data-role={node.role}
      data-status={node.status}
      data-highlight={highlighted ? 'true' : 'false'}
      {...(node.term === undefined ? {} : { 'data-term': node.term })}
      role="button"
      tabIndex={0}
      aria-label={highlighted ? `${nodeLabel(node)} (look here)` : nodeLabel(node)}
      aria-haspopup="true"
      aria-expanded={selected}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen();
        }
      }}
    >
      <path
        className="node-shape"
        d={shapePath(style.shape, radius)}
        style={{ fill: `var(${style.colorVar})` }}
      />
      {timer && node.status === 'up' && (
        <path
          className="node-timer"
          d={timerArc(
            radius + 5,
            (time - timer.armedAt) / Math.max(1e-9, timer.fireAt - timer.armedAt),
          )}
        >
          <title>{`${timer.name} timer`}</title>
        </path>
      )}
      {node.status === 'crashed' && (
        <path
          className="node-cross"
          d={`M ${-radius * 0.6} ${-radius * 0.6} L ${radius * 0.6} ${radius * 0.6} M ${radius * 0.6} ${-radius * 0.6} L ${-radius * 0.6} ${radius * 0.6}`}
        />
      )}
      {(node.status === 'paused' || node.status === 'faulted') && (
        <StatusBadge status={node.status} radius={radius} />
      )}
      <text className="node-id" y={showText ? -2 : radius + 14} textAnchor="middle">
        {node.id}
      </text>
      {showText && (
        <text className="node-role" y={13} textAnchor="middle">
          {node.status === 'crashed' || node.status === 'faulted' ? node.status : node.role}
        </text>
      )}
      {showText && (node.term !== undefined || node.view?.summary) && (
        <text className="node-summary" y={radius + 16} textAnchor="middle">
          {node.term !== undefined ? `term ${node.term}` : node.view?.summary}
        </text>
      )}
    </g>
  );
}

/** A small mark on a node's shoulder: ❚❚ for paused, a red ⚠ for faulted (with the role kept). */
function StatusBadge({ status, radius }: { status: 'paused' | 'faulted'; radius: number }) {
  const r = Math.max(6, Math.min(11, radius * 0.32));
  const at = radius * 0.78;
  return (
    <g className={`node-badge node-badge-${status}`} transform={`translate(${at} ${-at})`}>
      {status === 'paused' ? (
        <>
          <circle r={r} />
          <rect x={-r * 0.45} y={-r * 0.5} width={r * 0.3} height={r} />
          <rect x={r * 0.15} y={-r * 0.5} width={r * 0.3} height={r} />
        </>
      ) : (
        <>
          <path d={`M 0 ${-r * 1.1} L ${r * 1.1} ${r * 0.8} L ${-r * 1.1} ${r * 0.8} Z`} />
          <text y={r * 0.62} textAnchor="middle" style={{ fontSize: `${r * 1.3}px` }}>
            !
          </text>
        </>
      )}
    </g>
  );
}

interface MessageDotProps {
  readonly message: FrameMessage;
  readonly time: number;
  readonly layout: Layout;
  readonly onOpen: () => void;
}

function MessageDot({ message: m, time, layout, onOpen }: MessageDotProps) {
  const from = layout.positions.get(m.from);
  const to = layout.positions.get(m.to);
  if (!from || !to) return null;
  const isDying = m.lostAt !== null && time >= m.lostAt;
  const p =
    m.heldSince !== null ? 1 : progressAt(m, isDying && m.lostAt !== null ? m.lostAt : time);
  const at = along(from, to, layout.nodeRadius, p);
  const label = `${m.kind} from ${m.from} to ${m.to}${m.heldSince !== null ? ', waiting' : ''}`;
  return (
    <g
      className={`message${isDying ? ' message-dying' : ''}${m.heldSince !== null ? ' message-held' : ''}${time < m.departAt ? ' message-queued' : ''}`}
      transform={`translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})`}
      data-testid={`msg-${m.id}`}
      data-kind={m.kind}
      data-from={m.from}
      data-to={m.to}
      role="button"
      tabIndex={0}
      aria-label={label}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen();
        }
      }}
    >
      {/* An invisible hit area a little larger than the dot; the label sits centred above it. */}
      <circle className="message-hit" r={10} />
      {isDying ? (
        <path className="message-death" d="M -6 -6 L 6 6 M 6 -6 L -6 6" />
      ) : (
        <circle className="message-dot" r={6} />
      )}
      {/* Labelled on the open stretch of the link only: next to a node, departing and
          arriving messages would pile their labels on each other and on the node. */}
      {p > LABEL_FROM && p < 1 - LABEL_FROM && (
        <text className="message-label" y={-9} textAnchor="middle">
          {m.kind}
        </text>
      )}
    </g>
  );
}

/**
 * Where on its link a dropped message died, when the view never saw it in flight (sent and
 * lost between two frames): a send across a cut link dies leaving its sender; one that
 * reached a crashed node died there; a lost one, somewhere on the way.
 */
function fallbackProgress(reason: string): number {
  if (reason === 'partition') return 0;
  if (reason === 'loss') return 0.5;
  return 1;
}

/** Recently dropped messages: a fading ✕ where each died, for DEATH_VISIBLE_MS of virtual time. */
function Deaths({
  events,
  time,
  layout,
  seen,
}: {
  events: readonly TraceEntry[];
  time: number;
  layout: Layout;
  seen: ReadonlyMap<number, Geometry>;
}) {
  const marks = [];
  for (const e of events) {
    if (e.k !== 'drop' || time - e.t > DEATH_VISIBLE_MS || e.t > time) continue;
    const g = seen.get(e.msg);
    const from = layout.positions.get(e.from);
    const to = layout.positions.get(e.node);
    if (!from || !to) continue;
    const at = along(
      from,
      to,
      layout.nodeRadius,
      g ? progressAt(g, e.t) : fallbackProgress(e.reason),
    );
    marks.push(
      <g
        key={e.i}
        data-testid={`lost-${e.msg}`}
        className="message-death-mark"
        transform={`translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})`}
        style={{ opacity: 1 - (time - e.t) / DEATH_VISIBLE_MS }}
      >
        <path className="message-death" d="M -6 -6 L 6 6 M 6 -6 L -6 6" />
        <title>{`${e.kind} ${e.from} → ${e.node} lost (${e.reason})`}</title>
      </g>,
    );
  }
  return <g aria-hidden="true">{marks}</g>;
}
