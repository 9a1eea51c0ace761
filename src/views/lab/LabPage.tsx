/** The lab: a scenario running live, with its controls, cluster and event log. */
import { useEffect } from 'react';
import { leaveLab, openLab } from '../../state/lab-controller';
import { useLab } from '../../state/lab-store';
import { LabWorkspace } from './LabWorkspace';

export interface LabPageProps {
  readonly scenario: string;
  readonly seed: number | null;
  readonly nodes: number | null;
  readonly run: string | null;
  readonly settings: Readonly<Record<string, string>>;
}

export default function LabPage({ scenario, seed, nodes, run, settings }: LabPageProps) {
  // A new settings object comes with every hash change; its text is what matters.
  const settingsKey = JSON.stringify(settings);
  useEffect(() => {
    const parsed = JSON.parse(settingsKey) as Record<string, string>;
    void openLab({ scenarioId: scenario, seed: seed ?? 1, nodes, run, settings: parsed });
  }, [scenario, seed, nodes, run, settingsKey]);
  useEffect(() => leaveLab, []);
  const title = useLab((s) => s.scenarioTitle);
  return <LabWorkspace title={title} />;
}
