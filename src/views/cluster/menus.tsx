/** The actions of one node or one message, opened by click or Enter; Escape closes. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { SimAction } from '../../engine/sim/actions';
import type { FrameMessage, FrameNode } from '../../engine/sim/frame';
import { act } from '../../state/lab-controller';
import { useLab } from '../../state/lab-store';
import { useAllow } from '../common/allow';
import { VIEW_SIZE, type Point } from './geometry';

export function Popover({
  label,
  at,
  onClose,
  children,
}: {
  label: string;
  at: Point;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
  }, []);
  return (
    <div
      ref={ref}
      className="popover"
      role="group"
      aria-label={label}
      style={{ left: `${(at.x / VIEW_SIZE) * 100}%`, top: `${(at.y / VIEW_SIZE) * 100}%` }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="popover-title">{label}</div>
      {children}
      <button type="button" className="popover-close" onClick={onClose} aria-label="Close">
        ×
      </button>
    </div>
  );
}

export function NodeMenu({
  node,
  at,
  onClose,
}: {
  node: FrameNode;
  at: Point;
  onClose: () => void;
}) {
  const protocolActions = useLab((s) => s.protocolActions[node.protocol]) ?? [];
  const can = useAllow();
  const run = (action: SimAction) => {
    void act(action);
    onClose();
  };
  const isUp = node.status === 'up';
  const isDown = node.status === 'crashed' || node.status === 'faulted';
  return (
    <Popover label={`Actions for ${node.id}`} at={at} onClose={onClose}>
      {node.error && (
        <p className="popover-error" role="status">
          {node.error}
        </p>
      )}
      <div className="popover-buttons">
        <button
          type="button"
          disabled={isDown || !can('crash')}
          onClick={() => run({ type: 'crash', node: node.id })}
        >
          Crash
        </button>
        <button
          type="button"
          disabled={!isDown || !can('restart')}
          onClick={() => run({ type: 'restart', node: node.id })}
        >
          Restart
        </button>
        <button
          type="button"
          disabled={!isUp || !can('pause')}
          onClick={() => run({ type: 'pause', node: node.id })}
        >
          Pause node
        </button>
        <button
          type="button"
          disabled={node.status !== 'paused' || !can('resume')}
          onClick={() => run({ type: 'resume', node: node.id })}
        >
          Resume node
        </button>
        <button
          type="button"
          disabled={!can('isolate')}
          onClick={() => run({ type: 'isolate', node: node.id })}
        >
          Isolate
        </button>
        <ClockSkew node={node} onDone={onClose} disabled={!can('clock')} />
        {protocolActions
          .filter((a) => !a.takesArgs)
          .map((a) => (
            <button
              key={a.id}
              type="button"
              title={a.description}
              disabled={!isUp || !can(`protocol:${a.id}`)}
              onClick={() => run({ type: 'protocol', node: node.id, action: { id: a.id } })}
            >
              {a.label}
            </button>
          ))}
      </div>
    </Popover>
  );
}

export function MessageMenu({
  message: m,
  at,
  onClose,
}: {
  message: FrameMessage;
  at: Point;
  onClose: () => void;
}) {
  const run = (action: SimAction) => {
    void act(action);
    onClose();
  };
  const held = m.heldSince !== null;
  const can = useAllow();
  return (
    <Popover label={`${m.kind} from ${m.from} to ${m.to}`} at={at} onClose={onClose}>
      <dl className="message-facts">
        <dt>sent</dt>
        <dd>{m.sentAt.toFixed(1)} ms</dd>
        <dt>{held ? 'arrived' : 'arrives'}</dt>
        <dd>{(held ? (m.heldSince ?? 0) : m.deliverAt).toFixed(1)} ms</dd>
      </dl>
      <pre className="message-payload">{JSON.stringify(m.payload, null, 1)}</pre>
      <div className="popover-buttons">
        {held && (
          <button
            type="button"
            disabled={!can('deliver-message')}
            onClick={() => run({ type: 'deliver-message', msg: m.id })}
          >
            Deliver now
          </button>
        )}
        <button
          type="button"
          disabled={!can('drop-message')}
          onClick={() => run({ type: 'drop-message', msg: m.id })}
        >
          Drop
        </button>
        <button
          type="button"
          disabled={!can('duplicate-message')}
          onClick={() => run({ type: 'duplicate-message', msg: m.id })}
        >
          Duplicate
        </button>
        <button
          type="button"
          disabled={held || !can('delay-message')}
          onClick={() => run({ type: 'delay-message', msg: m.id, byMs: 100 })}
        >
          Delay
        </button>
      </div>
    </Popover>
  );
}

function ClockSkew({
  node,
  onDone,
  disabled,
}: {
  node: FrameNode;
  onDone: () => void;
  disabled: boolean;
}) {
  const [skew, setSkew] = useState(String(node.skewMs));
  return (
    <form
      className="clock-form"
      onSubmit={(e) => {
        e.preventDefault();
        void act({ type: 'clock', node: node.id, skewMs: Number(skew) || 0, drift: node.drift });
        onDone();
      }}
    >
      <label>
        <span>Clock skew (ms)</span>
        <input
          type="number"
          step="any"
          value={skew}
          disabled={disabled}
          onChange={(e) => setSkew(e.target.value)}
        />
      </label>
      <button type="submit" disabled={disabled}>
        Set clock
      </button>
    </form>
  );
}
