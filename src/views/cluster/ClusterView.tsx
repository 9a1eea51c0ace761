/**
 * The cluster: nodes on a ring, links between them, messages moving along the links at
 * positions computed from virtual time (so pause, step and speed are one code path), and
 * messages dying where they were lost. Each layer has its file; this one places them, and
 * keeps which menu is open and what is selected (what shortcuts and the palette act on).
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FrameMessage } from '../../engine/sim/frame';
import { plural } from '../../engine/words';
import { select } from '../../state/commands';
import { inspect, play } from '../../state/lab-controller';
import { useLab } from '../../state/lab-store';
import { circleLayout, VIEW_SIZE, type Point } from './geometry';
import { LinkButtons, LinkLines } from './LinkLayer';
import { LinkMenu } from './LinkMenu';
import { linkSettingsKey, linkWords } from './link-words';
import { MessageCanvas } from './MessageCanvas';
import { Deaths, MessageDot, MessageHalos, type Geometry } from './MessageLayer';
import {
  MESSAGE_TARGET_RADIUS_PX,
  PRESS_LOOKBACK_MS,
  RecentPlacements,
  type DrawnBox,
  type MessageHit,
} from './message-hit';
import { placeMessages } from './message-placement';
import { MessageKey } from './MessageKey';
import { messageLooks, nodeNotes, ownerColour } from './message-looks';
import { MessageMenu, NodeMenu } from './menus';
import { NodeGlyph } from './NodeLayer';
import { packageOfScenario } from '../../engine/packages';
import { pauseToChoose, useResumeOnClose } from './pause-while-choosing';

const midpoint = (p?: Point, q?: Point): Point =>
  p && q ? { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 } : { x: 0, y: 0 };

/** Beyond this many messages in flight, they are drawn on a canvas instead of as SVG. */
const MAX_SVG_MESSAGES = 250;

/**
 * The menu open now (at most one). A message's menu stays where the message was when it
 * opened (`at`), keeps the message as it was then (shown if it leaves the wire meanwhile),
 * and remembers whether opening it paused a playing run (`resume`).
 */
type OpenMenu =
  | { kind: 'node'; id: string }
  | {
      kind: 'message';
      id: number;
      at: Point;
      opened: FrameMessage;
      resume: boolean;
    }
  | { kind: 'link'; a: string; b: string }
  | null;

/**
 * Where the stage's drawing is on screen (CSS px), kept up to date as it resizes or its
 * column scrolls; null until measured. A new object only when it moved.
 */
function useDrawnBox(
  ref: React.RefObject<SVGSVGElement | null>,
  isDrawn: boolean,
): DrawnBox | null {
  const [box, setBox] = useState<DrawnBox | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const { left, top, width, height } = el.getBoundingClientRect();
      setBox((was) =>
        was && was.left === left && was.top === top && was.width === width && was.height === height
          ? was
          : { left, top, width, height },
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    // A column that scrolls moves the stage without resizing it.
    document.addEventListener('scroll', measure, { capture: true, passive: true });
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      document.removeEventListener('scroll', measure, { capture: true });
      window.removeEventListener('resize', measure);
    };
  }, [ref, isDrawn]);
  return box;
}

export const ClusterView = memo(function ClusterView() {
  const frame = useLab((s) => s.frame);
  const family = useLab((s) => packageOfScenario(s.scenarioId)?.id);
  // The notable events (drops among them), kept across frames: a drop stays findable for
  // as long as its ✕ is drawn, however many other events a frame holds.
  const narration = useLab((s) => s.narration);
  const highlight = useLab((s) => s.highlight);
  const panels = useLab((s) => s.panels);
  const [menu, setMenu] = useState<OpenMenu>(null);
  const openLink = useCallback((a: string, b: string) => {
    select({ kind: 'link', a, b });
    setMenu({ kind: 'link', a, b });
  }, []);
  const focusLink = useCallback((a: string, b: string) => select({ kind: 'link', a, b }), []);
  const nodeRefs = useRef(new Map<string, SVGGElement>());
  // Where each message was, so one that is dropped can be drawn dying where it was.
  const seen = useRef(new Map<number, Geometry>());
  const ids = useMemo(() => frame?.nodes.map((n) => n.id) ?? [], [frame?.nodes]);
  const idKey = ids.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layout = useMemo(() => circleLayout(ids), [idKey]);
  useResumeOnClose(menu?.kind === 'message', menu?.kind === 'message' && menu.resume);
  // Where messages were drawn lately, and a press meant for one (see message-hit.ts).
  const recent = useRef(new RecentPlacements());
  const pressed = useRef<{ hit: MessageHit; resume: boolean } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const box = useDrawnBox(svgRef, frame !== null);
  const placements = useMemo(
    () =>
      !frame || frame.inFlight.length > MAX_SVG_MESSAGES
        ? null
        : placeMessages(frame.inFlight, frame.time, layout),
    [frame, layout],
  );
  const looks = useMemo(() => (frame ? messageLooks(frame.nodes, frame.inFlight) : null), [frame]);
  const notes = useMemo(
    () =>
      frame
        ? nodeNotes(
            frame.checks,
            (p) => panels === null || (panels as readonly string[]).includes(p),
          )
        : new Map(),
    [frame, panels],
  );
  if (!frame || !looks) return <div className="cluster-loading">Starting the nodes…</div>;
  if (placements && box) recent.current.note(performance.now(), frame.inFlight, placements, box);
  const unitsPerPx = box && box.width > 0 ? VIEW_SIZE / Math.min(box.width, box.height) : 1;

  for (const m of frame.inFlight) {
    if (!seen.current.has(m.id)) seen.current.set(m.id, m);
  }
  if (seen.current.size > 5000) seen.current.clear();

  const storm = frame.inFlight.length > MAX_SVG_MESSAGES;
  const settingsKey = linkSettingsKey(frame);
  const cutKey = frame.cut.length ? frame.cut.map(([a, b]) => `${a}>${b}`).join(' ') : '';
  const closeMenu = (focusNode?: string) => {
    setMenu(null);
    if (focusNode) nodeRefs.current.get(focusNode)?.focus({ preventScroll: true });
  };
  const menuNode = menu?.kind === 'node' ? frame.nodes.find((n) => n.id === menu.id) : undefined;
  /** Open a message's menu where it is now (or was, if it has left the wire since). */
  const openMessage = (m: FrameMessage, at: Point, resume: boolean) => {
    select({ kind: 'message', id: m.id });
    const now = placements?.get(m.id)?.at ?? at;
    setMenu({ kind: 'message', id: m.id, at: now, opened: m, resume });
    inspect({ kind: 'message', message: m });
  };
  // A press that is not on a node but lands on or near where a message was drawn a moment
  // ago (the dot moved on while the hand came down) is meant for that message: the run
  // pauses at once, so it holds still, and the click opens its menu, not the link's below.
  const onPointerDownCapture = (e: React.PointerEvent<SVGSVGElement>) => {
    pressed.current = null;
    if (e.button !== 0 || !(e.target instanceof Element) || e.target.closest('.node')) return;
    const hit = recent.current.nearest(
      { x: e.clientX, y: e.clientY },
      MESSAGE_TARGET_RADIUS_PX,
      performance.now() - PRESS_LOOKBACK_MS,
    );
    if (hit) pressed.current = { hit, resume: pauseToChoose() };
  };
  const onClickCapture = (e: React.MouseEvent<SVGSVGElement>) => {
    const p = pressed.current;
    if (!p) return;
    pressed.current = null;
    e.stopPropagation();
    openMessage(p.hit.message, p.hit.at, p.resume);
  };
  // A press that never became a click (the pointer was dragged off): play on if it paused.
  const onPointerUpCapture = () => {
    setTimeout(() => {
      const p = pressed.current;
      if (!p) return;
      pressed.current = null;
      if (p.resume) play();
    }, 0);
  };

  return (
    <div className="cluster" data-testid="cluster">
      {/* The lines sit on a layer of their own, under everything: they change only when the
          nodes or the cuts do, so the browser keeps their pixels while timers and messages
          move above (a 50-node cluster has 1,225 of them). */}
      <svg viewBox={`0 0 ${VIEW_SIZE} ${VIEW_SIZE}`} className="cluster-links" aria-hidden="true">
        <LinkLines ids={idKey} cutKey={cutKey} settingsKey={settingsKey} layout={layout} />
      </svg>
      <svg
        ref={svgRef}
        viewBox={`0 0 ${VIEW_SIZE} ${VIEW_SIZE}`}
        role="group"
        aria-label={`Cluster of ${plural(frame.nodes.length, 'node')}`}
        className="cluster-svg"
        onPointerDownCapture={onPointerDownCapture}
        onPointerUpCapture={onPointerUpCapture}
        onClickCapture={onClickCapture}
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
            selected={menu?.kind === 'node' && menu.id === n.id}
            highlighted={highlight.includes(n.id)}
            note={notes.get(n.id) ?? null}
            family={family}
            onOpen={() => {
              select({ kind: 'node', id: n.id });
              setMenu({ kind: 'node', id: n.id });
              inspect({ kind: 'node', id: n.id });
            }}
            onFocus={() => select({ kind: 'node', id: n.id })}
            register={(el) => {
              if (el) nodeRefs.current.set(n.id, el);
              else nodeRefs.current.delete(n.id);
            }}
          />
        ))}
        <LinkButtons
          ids={idKey}
          cutKey={cutKey}
          settingsKey={settingsKey}
          layout={layout}
          onOpen={openLink}
          onFocus={focusLink}
        />
        {placements && (
          <MessageHalos
            placements={placements}
            radius={Math.max(10, MESSAGE_TARGET_RADIUS_PX * unitsPerPx)}
          />
        )}
        {frame.inFlight.map((m) => {
          const placement = placements?.get(m.id);
          if (!placement) return null;
          const look = looks.looks.get(m.id) ?? null;
          return (
            <MessageDot
              key={m.id}
              message={m}
              look={look}
              ownerColour={look?.owner ? ownerColour(look.owner, ids) : null}
              time={frame.time}
              placement={placement}
              // Enter, or a click without a press (assistive technology): paused first, so
              // the message (and its menu) hold still while you choose.
              onOpen={() => openMessage(m, placement.at, pauseToChoose())}
              onFocus={() => select({ kind: 'message', id: m.id })}
            />
          );
        })}
        <Deaths events={narration} time={frame.time} layout={layout} seen={seen.current} />
      </svg>
      {/* Every link's delay in one line; links set apart carry their own label. */}
      <p className="link-caption">
        {`${frame.links.length ? 'Other links' : 'Every link'}: ${linkWords(frame.linkDefaults)}`}
      </p>
      <MessageKey
        title={looks.title}
        owners={[...new Set([...looks.looks.values()].flatMap((l) => (l.owner ? [l.owner] : [])))]}
        nodeIds={ids}
      />
      {storm && <MessageCanvas messages={frame.inFlight} time={frame.time} layout={layout} />}
      {menuNode && (
        <NodeMenu
          node={menuNode}
          at={layout.positions.get(menuNode.id) ?? { x: 0, y: 0 }}
          onClose={() => closeMenu(menuNode.id)}
        />
      )}
      {menu?.kind === 'link' && (
        <LinkMenu
          a={menu.a}
          b={menu.b}
          at={midpoint(layout.positions.get(menu.a), layout.positions.get(menu.b))}
          onClose={() => closeMenu()}
        />
      )}
      {menu?.kind === 'message' && (
        <MessageMenu
          message={frame.inFlight.find((m) => m.id === menu.id) ?? null}
          opened={menu.opened}
          pausedToChoose={menu.resume}
          at={menu.at}
          onClose={() => closeMenu()}
        />
      )}
    </div>
  );
});
