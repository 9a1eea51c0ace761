/**
 * The ring's controls: the combobox "Placement" (the five schemes), the slider "Virtual nodes
 * per server" (1–256, a native range: arrows, Page Up/Down, Home/End), and "Add server" /
 * "Remove server". Each runs the ring server's own action (recorded, so a shared link replays
 * it); a control that cannot act now is disabled with the reason as its description. The
 * slider acts when it is let go (its native `change`), not on every step of a drag.
 */
import { memo, useEffect, useId, useRef, useState } from 'react';
import { whyUnavailable, type ActionContext } from '../../../engine/actions';
import type { Json } from '../../../engine/protocol';
import {
  MAX_VNODES,
  PLACEMENT_SCHEMES,
  SCHEME_LABELS,
} from '../../../engine/protocols/hash-ring/placement';
import type { HashRingSummary } from '../../../engine/protocols/hash-ring/summary';
import { perform } from '../../../state/commands';
import { useLab } from '../../../state/lab-store';
import { useActionContext, useProtocolDefinitions } from '../../actions/use-actions';
import { controlPlans, type ControlPlan } from './ring-controls-model';
import { ringSummaryOf } from './ring-summary';
import './hash-ring.css';

export const RingControls = memo(function RingControls() {
  const ring = useLab((s) => ringSummaryOf(s.frame?.checks));
  const selected = useLab((s) => (s.selected?.kind === 'node' ? s.selected.id : null));
  const defs = useProtocolDefinitions();
  const ctx = useActionContext();
  if (!ring) return null;
  const plans = controlPlans(ring, defs, ctx.frame?.nodes ?? [], selected);
  return <RingControlsView ring={ring} plans={plans} ctx={ctx} />;
});

/** Why a planned control cannot act now, or null when it can. */
function reasonOf(p: ControlPlan, ctx: ActionContext): string | null {
  return 'why' in p ? p.why : whyUnavailable(p.def, p.target, ctx);
}

function run(p: ControlPlan, args: Readonly<Record<string, Json>> = {}): void {
  if ('why' in p) return;
  void perform(p.def, p.target, args, 'console');
}

/** The controls for one summary and plan (separate from the store, so they render in tests). */
export function RingControlsView({
  ring,
  plans,
  ctx,
}: {
  readonly ring: HashRingSummary;
  readonly plans: ReturnType<typeof controlPlans>;
  readonly ctx: ActionContext;
}) {
  const ids = useId();
  const reasons = {
    add: reasonOf(plans.add, ctx),
    remove: reasonOf(plans.remove, ctx),
    vnodes: reasonOf(plans.vnodes, ctx),
    scheme: reasonOf(plans.scheme, ctx),
  };
  // The value being dragged, until the ring's own value changes (then the ring's is shown).
  const [draft, setDraft] = useState<{ value: number; over: number } | null>(null);
  const shown = draft && draft.over === ring.vnodes ? draft.value : ring.vnodes;
  const slider = useRef<HTMLInputElement>(null);
  const commit = useRef<(v: number) => void>(() => undefined);
  useEffect(() => {
    commit.current = (v: number) => {
      if (v !== ring.vnodes) run(plans.vnodes, { vnodes: v });
    };
  });
  useEffect(() => {
    const el = slider.current;
    if (!el) return;
    // The native change event fires once when a drag ends, and on each key press.
    const onChange = () => commit.current(Number(el.value));
    el.addEventListener('change', onChange);
    return () => el.removeEventListener('change', onChange);
  }, []);
  const leaving = 'node' in plans.remove ? plans.remove.node : null;
  const joining = 'node' in plans.add ? plans.add.node : null;
  const described = (key: keyof typeof reasons) =>
    reasons[key] === null ? undefined : `${ids}-${key}-why`;

  return (
    <div className="panel ring-controls" role="group" aria-label="Ring controls">
      <label className="ring-control">
        <span>Placement</span>
        <select
          value={ring.scheme}
          disabled={reasons.scheme !== null}
          aria-describedby={described('scheme')}
          onChange={(e) => run(plans.scheme, { scheme: e.target.value })}
        >
          {PLACEMENT_SCHEMES.map((s) => (
            <option key={s} value={s}>
              {SCHEME_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="ring-control ring-vnodes">
        <span>Virtual nodes per server</span>
        <input
          ref={slider}
          type="range"
          min={1}
          max={MAX_VNODES}
          step={1}
          value={shown}
          aria-valuetext={`${shown} virtual node${shown === 1 ? '' : 's'} per server`}
          disabled={reasons.vnodes !== null}
          aria-describedby={described('vnodes')}
          onChange={(e) => setDraft({ value: Number(e.target.value), over: ring.vnodes })}
        />
        <output aria-hidden="true">{shown}</output>
      </label>
      <button
        type="button"
        disabled={reasons.add !== null}
        aria-describedby={described('add') ?? `${ids}-note`}
        onClick={() => run(plans.add)}
      >
        Add server
      </button>
      <button
        type="button"
        disabled={reasons.remove !== null}
        aria-describedby={described('remove') ?? `${ids}-note`}
        onClick={() => run(plans.remove)}
      >
        Remove server
      </button>
      {(Object.keys(reasons) as (keyof typeof reasons)[]).map((k) =>
        reasons[k] === null ? null : (
          <span key={k} id={`${ids}-${k}-why`} hidden>
            {reasons[k]}
          </span>
        ),
      )}
      <p id={`${ids}-note`} className="muted ring-controls-note">
        {joining ? `Add server brings in ${joining}. ` : 'No spare server is left. '}
        {leaving
          ? `Remove server takes out ${leaving} (pick a server in the table to choose another).`
          : ''}
        {ring.viewsAgree
          ? ''
          : ' The last change is still spreading: a change made now is concurrent with it; of two views with the same version one wins, and the server whose change lost makes it again on the winner.'}
      </p>
    </div>
  );
}
