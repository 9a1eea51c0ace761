/**
 * Protocol panels for the inspector, by protocol id, loaded lazily: the only place a view
 * knows a protocol by name. A protocol without a panel gets the generic one.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { NodeView } from '../../engine/protocol';

export interface NodePanelProps {
  readonly view: NodeView;
}

export const nodePanels: Readonly<
  Record<string, LazyExoticComponent<ComponentType<NodePanelProps>>>
> = {
  raft: lazy(() => import('./raft/RaftNodePanel')),
  notes: lazy(() => import('./notes/NotesPanel')),
  'pipe-sender': lazy(() => import('./pipe/PipePanel')),
  'pipe-receiver': lazy(() => import('./pipe/PipePanel')),
};
