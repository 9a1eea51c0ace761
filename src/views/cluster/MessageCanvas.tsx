/**
 * Messages drawn on a canvas, for storms: past a few hundred in flight, one SVG element
 * each costs more than a frame. Same geometry as the SVG dots; no per-message elements, so
 * the count is announced instead (the menus need a cluster small enough to click into).
 */
import { useEffect, useRef } from 'react';
import type { FrameMessage } from '../../engine/sim/frame';
import { plural } from '../../engine/words';
import { along, progressAt, VIEW_SIZE, type Layout } from './geometry';

interface Props {
  readonly messages: readonly FrameMessage[];
  readonly time: number;
  readonly layout: Layout;
}

interface Colours {
  readonly live: string;
  readonly dead: string;
}

/**
 * The theme's message colours, read once and again when the colour scheme changes: reading
 * computed style every frame forces the browser to recompute styles React just dirtied.
 */
function useColours(ref: React.RefObject<HTMLCanvasElement | null>): React.RefObject<Colours> {
  const colours = useRef<Colours>({ live: '#1f2937', dead: '#d1242f' });
  useEffect(() => {
    const read = () => {
      const canvas = ref.current;
      if (!canvas) return;
      const style = getComputedStyle(canvas);
      colours.current = {
        live: style.getPropertyValue('--message').trim() || '#1f2937',
        dead: style.getPropertyValue('--danger').trim() || '#d1242f',
      };
    };
    read();
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', read);
    return () => scheme.removeEventListener('change', read);
  }, [ref]);
  return colours;
}

export function MessageCanvas({ messages, time, layout }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const colours = useColours(ref);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const scale = window.devicePixelRatio || 1;
    const size = Math.round(VIEW_SIZE * scale);
    if (canvas.width !== size) {
      canvas.width = size;
      canvas.height = size;
    }
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.clearRect(0, 0, VIEW_SIZE, VIEW_SIZE);
    const { live, dead } = colours.current;
    ctx.fillStyle = live;
    ctx.beginPath();
    const lost: Array<{ x: number; y: number }> = [];
    for (const m of messages) {
      const from = layout.positions.get(m.from);
      const to = layout.positions.get(m.to);
      if (!from || !to) continue;
      const dying = m.lostAt !== null && time >= m.lostAt;
      const p =
        m.heldSince !== null ? 1 : progressAt(m, dying && m.lostAt !== null ? m.lostAt : time);
      const at = along(from, to, layout.nodeRadius, p);
      if (dying) {
        lost.push(at);
        continue;
      }
      ctx.moveTo(at.x + 3, at.y);
      ctx.arc(at.x, at.y, 3, 0, Math.PI * 2);
    }
    ctx.fill();
    ctx.strokeStyle = dead;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (const { x, y } of lost) {
      ctx.moveTo(x - 4, y - 4);
      ctx.lineTo(x + 4, y + 4);
      ctx.moveTo(x + 4, y - 4);
      ctx.lineTo(x - 4, y + 4);
    }
    ctx.stroke();
  }, [messages, time, layout, colours]);
  return (
    <>
      <canvas ref={ref} className="message-canvas" aria-hidden="true" />
      <p className="visually-hidden" aria-live="off" data-testid="messages-summary">
        {plural(messages.length, 'message')} in flight
      </p>
    </>
  );
}
