/** The start page: what Netsplit is, and the way into each lab scenario. */
import { scenarios } from '../../engine/scenarios';
import { labHash } from '../../app/router';

export default function HomePage() {
  return (
    <main className="page home">
      <header className="home-header">
        <h1>Netsplit</h1>
        <p className="tagline">A distributed-systems lab in your browser.</p>
        <p>
          Every node runs its protocol in its own worker; this page is the network, the clock and
          the stage. Crash a node, cut a link, drop a message, skew a clock — and watch the protocol
          cope, or fail. Runs are deterministic: the same seed and the same actions give the same
          run, every time.
        </p>
      </header>
      <section aria-labelledby="lab-title">
        <h2 id="lab-title">The lab</h2>
        <ul className="scenario-list">
          {Object.values(scenarios).map((s) => (
            <li key={s.id} className="scenario-card">
              <h3>
                <a href={labHash(s.id, 1)}>{s.title}</a>
              </h3>
              <p>{s.description}</p>
              <p className="scenario-meta">
                {s.minNodes}–{s.maxNodes} nodes · default {s.defaultNodes}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
