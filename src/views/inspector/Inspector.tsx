/**
 * The inspector: a node's full state, or a message's contents and causal history; and under
 * it, the scenario's options in force.
 */
import { memo, Suspense } from 'react';
import type { FrameMessage, FrameNode } from '../../engine/sim/frame';
import { useLab } from '../../state/lab-store';
import { nodePanels } from '../panels';
import { OptionsInForce } from './OptionsInForce';

export const Inspector = memo(function Inspector() {
  const inspected = useLab((s) => s.inspected);
  const node = useLab((s) =>
    inspected?.kind === 'node' ? s.frame?.nodes.find((n) => n.id === inspected.id) : undefined,
  );
  return (
    <>
      <section
        className="panel inspector"
        aria-labelledby="inspector-title"
        data-testid="inspector"
      >
        <h2 id="inspector-title">Inspector</h2>
        {!inspected && <p className="muted">Select a node or a message to see inside it.</p>}
        {node && <NodeDetails node={node} />}
        {inspected?.kind === 'message' && <MessageDetails message={inspected.message} />}
      </section>
      <OptionsInForce />
    </>
  );
});

function NodeDetails({ node }: { node: FrameNode }) {
  const Panel = nodePanels[node.protocol];
  return (
    <div>
      <h3>
        {node.id} <span className="muted">({node.protocol})</span>
      </h3>
      <dl className="facts">
        <dt>status</dt>
        <dd>{node.status}</dd>
        <dt>role</dt>
        <dd>{node.role}</dd>
        <dt>boots</dt>
        <dd>{node.incarnation + 1}</dd>
        <dt>local clock</dt>
        <dd>
          {node.localTime.toFixed(1)} ms
          {node.skewMs || node.drift ? ` (skew ${node.skewMs} ms, drift ${node.drift})` : ''}
        </dd>
        <dt>timers</dt>
        <dd>
          {node.timers.length
            ? node.timers.map((t) => `${t.name} at ${t.fireAt.toFixed(1)} ms`).join(', ')
            : 'none'}
        </dd>
      </dl>
      {node.error && <p className="popover-error">{node.error}</p>}
      {node.view ? (
        Panel ? (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Panel view={node.view} />
          </Suspense>
        ) : (
          <pre className="message-payload">{JSON.stringify(node.view, null, 1)}</pre>
        )
      ) : (
        <p className="muted">No volatile state: the node is down. What it persisted is below.</p>
      )}
      <details>
        <summary>On disk (survives a crash)</summary>
        <pre className="message-payload">{JSON.stringify(node.persisted ?? null, null, 1)}</pre>
      </details>
    </div>
  );
}

function MessageDetails({ message: m }: { message: FrameMessage }) {
  const time = useLab((s) => s.frame?.time ?? 0);
  const history = useLab((s) => s.inspectedHistory);
  const fate =
    m.lostAt !== null && time >= m.lostAt ? 'lost' : time >= m.deliverAt ? 'arrived' : 'in flight';
  return (
    <div>
      <h3>
        {m.kind} {m.from} → {m.to}
      </h3>
      <dl className="facts">
        <dt>sent</dt>
        <dd>{m.sentAt.toFixed(1)} ms</dd>
        <dt>left the sender</dt>
        <dd>{m.departAt.toFixed(1)} ms</dd>
        <dt>due</dt>
        <dd>{m.deliverAt.toFixed(1)} ms</dd>
        <dt>now</dt>
        <dd>{fate}</dd>
      </dl>
      <pre className="message-payload">{JSON.stringify(m.payload, null, 1)}</pre>
      <h4>Where it came from</h4>
      <ol className="causal-chain" aria-label="Causal history">
        {history.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
    </div>
  );
}
