/**
 * The cluster: nodes on a ring, links between them, messages moving along the links at
 * positions computed from virtual time (so pause, step and speed are one code path), and
 * messages dying where they were lost.
 */
import { memo, useMemo, useRef, useState } from 'react';
import type { Frame, FrameMessage, FrameNode } from '../../engine/sim/frame';
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
  const [selection, setSelection] = useState<Selection>(null);
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
      <svg
        viewBox={`0 0 ${VIEW_SIZE} ${VIEW_SIZE}`}
        role="group"
        aria-label={`Cluster of ${frame.nodes.length} nodes`}
        className="cluster-svg"
      >
        <Links
          frame={frame}
          layout={layout}
          onOpen={(a, b) => setSelection({ kind: 'link', a, b })}
        />
        {frame.nodes.map((n) => (
          <NodeGlyph
            key={n.id}
            node={n}
            time={frame.time}
            at={layout.positions.get(n.id) ?? { x: 0, y: 0 }}
            radius={layout.nodeRadius}
            selected={selection?.kind === 'node' && selection.id === n.id}
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
        <Deaths events={frame.events} time={frame.time} layout={layout} seen={seen.current} />
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

function linkWords(a: string, b: string, ab: boolean, ba: boolean): string {
  if (ab && ba) return 'cut both ways';
  if (ab) return `${a} → ${b} cut`;
  if (ba) return `${b} → ${a} cut`;
  return 'connected';
}

function Links({
  frame,
  layout,
  onOpen,
}: {
  frame: Frame;
  layout: Layout;
  onOpen: (a: string, b: string) => void;
}) {
  const cut = new Set(frame.cut.map(([a, b]) => `${a}>${b}`));
  const ids = frame.nodes.map((n) => n.id);
  const drawAll = ids.length <= MAX_NODES_WITH_LINKS;
  const lines = [];
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
      const words = linkWords(a, b, ab, ba);
      lines.push(
        <g
          key={`${a}-${b}`}
          className="link-group"
          role="button"
          tabIndex={0}
          aria-label={`link ${a}–${b}, ${words}`}
          onClick={() => onOpen(a, b)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              onOpen(a, b);
            }
          }}
        >
          <path className="link-hit" d={band(p, q, 6)} />
          <line
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
        </g>,
      );
    }
  }
  return <g className="links">{lines}</g>;
}

function timerArc(r: number, progress: number): string {
  const p = Math.min(0.9999, Math.max(0, progress));
  const a = -Math.PI / 2 + 2 * Math.PI * p;
  const large = p > 0.5 ? 1 : 0;
  return `M 0 ${-r} A ${r} ${r} 0 ${large} 1 ${(r * Math.cos(a)).toFixed(2)} ${(r * Math.sin(a)).toFixed(2)}`;
}

/** "n1, leader, term 3" or "n2, crashed": what a screen reader (and a test) hears. */
function nodeLabel(n: FrameNode): string {
  const what = n.status === 'up' ? n.role : n.status;
  return n.term === undefined ? `${n.id}, ${what}` : `${n.id}, ${what}, term ${n.term}`;
}

interface NodeGlyphProps {
  readonly node: FrameNode;
  readonly time: number;
  readonly at: Point;
  readonly radius: number;
  readonly selected: boolean;
  readonly onOpen: () => void;
  readonly register: (el: SVGGElement | null) => void;
}

function NodeGlyph({ node, time, at, radius, selected, onOpen, register }: NodeGlyphProps) {
  const style = roleStyle(node.role);
  const timer = node.timers[0];
  const showText = radius >= 18;
  return (
    <g
      ref={register}
      className={`node node-${node.status}${selected ? ' node-selected' : ''}`}
      transform={`translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})`}
      data-testid={`node-${node.id}`}
      data-role={node.role}
      data-status={node.status}
      {...(node.term === undefined ? {} : { 'data-term': node.term })}
      role="button"
      tabIndex={0}
      aria-label={nodeLabel(node)}
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
      {node.status === 'paused' && (
        <g className="node-paused-glyph">
          <rect x={-radius * 0.35} y={-radius * 0.4} width={radius * 0.22} height={radius * 0.8} />
          <rect x={radius * 0.13} y={-radius * 0.4} width={radius * 0.22} height={radius * 0.8} />
        </g>
      )}
      {node.status === 'faulted' && (
        <text className="node-warning" y={radius * 0.35} textAnchor="middle">
          ⚠
        </text>
      )}
      <text className="node-id" y={showText ? -2 : radius + 14} textAnchor="middle">
        {node.id}
      </text>
      {showText && (
        <text className="node-role" y={13} textAnchor="middle">
          {node.status === 'up' ? node.role : node.status}
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
      <text className="message-label" y={-9} textAnchor="middle">
        {m.kind}
      </text>
    </g>
  );
}

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
    const at = along(from, to, layout.nodeRadius, g ? progressAt(g, e.t) : 1);
    marks.push(
      <g
        key={e.i}
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
