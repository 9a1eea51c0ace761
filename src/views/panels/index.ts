/**
 * Every family's panels, found by one glob over `./<family>/manifest.ts`: the lab and the
 * inspector read them here and never name a family.
 */
import { packageOfScenario } from '../../engine/packages';
import type { PanelManifest, PanelSection, PanelSlot } from './types';

export type { NodePanelProps } from './types';

const manifests: readonly PanelManifest[] = Object.values(
  import.meta.glob<PanelManifest>('./*/manifest.ts', { eager: true, import: 'panels' }),
);

/** The inspector's node panels, by protocol id (lazily loaded). */
export const nodePanels: Readonly<
  Record<string, NonNullable<PanelManifest['nodePanels']>[string]>
> = Object.assign({}, ...manifests.map((m) => m.nodePanels ?? {}));

/** The sections for a slot while scenario `scenarioId` runs (its package's panels). */
export function sectionsFor(scenarioId: string, slot: PanelSlot): readonly PanelSection[] {
  const family = packageOfScenario(scenarioId)?.id;
  return manifests
    .filter((m) => m.family === family)
    .flatMap((m) => m.sections ?? [])
    .filter((s) => s.slot === slot);
}
