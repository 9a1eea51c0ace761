/**
 * The store labs' workload: on from the start in a lab (gentle, seeded, part of the
 * scenario), off in a lesson unless the lesson asks, and carried by a link when switched off.
 */
import { describe, expect, it } from 'vitest';
import { readSettings, settingsToQuery } from '../../../scenarios/settings';
import { startInProcess } from '../../../testing/run';
import type { ScenarioEntry } from '../../../scenarios/entry';
import { kvCausalEntry, kvQuorumEntry } from './quorum-causal';
import {
  kvEventualEntry,
  kvMultiMasterEntry,
  kvPrimaryBackupEntry,
  kvStrongEntry,
} from './replica';

const ENTRIES: readonly ScenarioEntry[] = [
  kvStrongEntry,
  kvPrimaryBackupEntry,
  kvEventualEntry,
  kvMultiMasterEntry,
  kvQuorumEntry,
  kvCausalEntry,
];

/** The clients' options as the lab builds them from a link's settings. */
function clients(entry: ScenarioEntry, link: Record<string, string>) {
  const { values } = readSettings(entry.settings, link);
  return entry.build({ settings: values }).nodes.filter((n) => n.protocol === 'kv-client');
}

describe.each(ENTRIES.map((e) => [e.id, e] as const))('%s', (_, entry) => {
  it('runs a gentle workload in the lab, none in a lesson unless asked', () => {
    for (const c of clients(entry, {}))
      expect(c.options).toMatchObject({ workload: true, loadEveryMs: 1500 });
    // A lesson starts from the entry's lesson settings, then its own.
    for (const c of clients(entry, { ...entry.lessonSettings }))
      expect(c.options).toMatchObject({ workload: false });
    for (const c of clients(entry, { ...entry.lessonSettings, workload: '1', load: '200' }))
      expect(c.options).toMatchObject({ workload: true, loadEveryMs: 200 });
  });

  it('a link says when the workload is off, and says nothing when it is the default', () => {
    expect(settingsToQuery(entry.settings, readSettings(entry.settings, {}).values)).toEqual({});
    const off = readSettings(entry.settings, { workload: '0' }).values;
    expect(settingsToQuery(entry.settings, off)).toEqual({ workload: '0' });
  });
});

it('the lab’s workload writes keys without the learner acting, the same way every run', () => {
  const run = () => {
    const { values } = readSettings(kvQuorumEntry.settings, {});
    const sim = startInProcess(kvQuorumEntry.build({ settings: values }), 1);
    sim.runUntilSync(5000);
    return sim.trace.filter((e) => e.k === 'op').map((e) => JSON.stringify(e));
  };
  const first = run();
  expect(first.length).toBeGreaterThan(4);
  expect(run()).toEqual(first);
});
