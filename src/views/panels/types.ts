/**
 * What a family's views offer the lab: `src/views/panels/<family>/manifest.ts` exports
 * `panels: PanelManifest`. The lab and the inspector read every manifest (`./index.ts`);
 * neither names a family.
 */
import type { ComponentType } from 'react';
import type { NodeView } from '../../engine/protocol';
import type { OptionalPanel } from '../../state/lab-store';

export interface NodePanelProps {
  readonly view: NodeView;
}

/**
 * Where a section sits in the lab: `header` beside the title, `main` under the cluster view
 * (before the space-time diagram), `side-top` in the side column after the client consoles
 * (above the inspector), `side` among the run's tools at the top of the side column (after
 * Partition the network, before Scenario settings).
 */
export type PanelSlot = 'header' | 'main' | 'side-top' | 'side';

/**
 * A section may perform its family's protocol actions itself (a slider, a selector): an action
 * whose spec sets `panel` has the surface 'family-panel' and is left out of the generic console.
 */
export interface PanelSection {
  /** Names it for the error boundary ("the replica table could not be shown"). */
  readonly name: string;
  readonly slot: PanelSlot;
  /** The optional panel a lesson step shows or hides it by; null = shown whenever the lab is. */
  readonly panel: OptionalPanel | null;
  readonly component: ComponentType;
}

export interface PanelManifest {
  /** The package id these views belong to (`src/engine/protocols/<family>/`). */
  readonly family: string;
  /**
   * The inspector's panel for a node, by protocol id; a protocol without one gets the generic
   * view. Usually `retryableLazy(() => import('./XPanel'))`, so it loads when first shown.
   */
  readonly nodePanels?: Readonly<Record<string, ComponentType<NodePanelProps>>>;
  /** Panels the lab shows while one of this family's scenarios runs. */
  readonly sections?: readonly PanelSection[];
}
