/**
 * Lesson 2's inspector panel, for both ends of the pipe: R's counter beside the messages
 * it actually got (in arrival order, with duplicates marked), S's sends and its unacked seqs.
 */
import type { PipeReceiverView, PipeSenderView } from '../../../engine/protocols/pipe/pipe';
import { DataTable } from '../DataTable';
import type { NodePanelProps } from '../types';

export default function PipePanel({ view }: NodePanelProps) {
  if (view.role === 'sender') return <SenderPanel view={view as PipeSenderView} />;
  if (view.role === 'receiver') return <ReceiverPanel view={view as PipeReceiverView} />;
  return <p className="muted">Not a pipe node.</p>;
}

function SenderPanel({ view }: { view: PipeSenderView }) {
  return (
    <section aria-label="Sender">
      <dl className="facts">
        <dt>sent</dt>
        <dd>{view.sent}</dd>
        <dt>acked</dt>
        <dd>{view.acked}</dd>
        <dt>unacked</dt>
        <dd>{view.unacked.length ? view.unacked.map((s) => `#${s}`).join(', ') : 'none'}</dd>
        <dt>ack timeouts</dt>
        <dd>{view.ackTimeouts}</dd>
        <dt>retransmissions</dt>
        <dd>{view.retransmissions}</dd>
        <dt>retransmit on timeout</dt>
        <dd>{view.retransmit ? 'on' : 'off'}</dd>
      </dl>
    </section>
  );
}

function ReceiverPanel({ view }: { view: PipeReceiverView }) {
  return (
    <section aria-label="Receiver">
      <dl className="facts">
        <dt>counter</dt>
        <dd>{view.counter}</dd>
        <dt>distinct messages</dt>
        <dd>{view.distinct}</dd>
        <dt>duplicates</dt>
        <dd>{view.duplicates}</dd>
      </dl>
      <DataTable
        label="Arrivals"
        caption={
          <>
            Arrival order{' '}
            {view.counter > view.arrivals.length && (
              <span className="muted">(last {view.arrivals.length})</span>
            )}
          </>
        }
        columns={['seq', 'latency', 'attempt', 'copy']}
        empty="nothing yet"
      >
        {view.arrivals.map((a, i) => (
          // Seqs repeat (duplicates); the arrival's number since boot does not.
          <tr key={view.counter - view.arrivals.length + i}>
            <td>#{a.seq}</td>
            <td>{Math.round(a.latencyMs)} ms</td>
            <td>{a.attempt}</td>
            <td>{a.duplicate ? 'duplicate' : 'first'}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
