/**
 * The lab's working surface — controls, timeline, cluster, diagrams and panels — for
 * whichever page runs it: the lab itself, or a lesson (which puts its steps beside it).
 */
import { packageOfScenario } from '../../engine/packages';
import type { ReactNode } from 'react';
import { dismissNotice } from '../../state/lab-controller';
import { useLab, type OptionalPanel } from '../../state/lab-store';
import { ClusterView } from '../cluster/ClusterView';
import { Legend } from '../cluster/Legend';
import { HeldMessages } from '../held/HeldMessages';
import { ErrorBoundary } from '../common/ErrorBoundary';
import { Controls, VirtualTime } from '../controls/Controls';
import { ScenarioSettings } from '../controls/ScenarioSettings';
import { PartitionTool } from '../controls/PartitionTool';
import { ChecksPanel } from '../checks/ChecksPanel';
import { ShareRun } from '../timeline/ShareRun';
import { Inspector } from '../inspector/Inspector';
import { SpaceTime } from '../spacetime/SpaceTime';
import { Timeline } from '../timeline/Timeline';
import { EventLog } from '../event-log/EventLog';
import { ClientConsoles } from '../panels/ActionConsole';
import { HistoryPanel } from '../history/HistoryPanel';
import { ErrorPage } from '../common/ErrorPage';
import { Notice } from '../common/Notice';
import { KeyboardCommands } from '../actions/KeyboardCommands';
import { sectionsFor } from '../panels';
import type { PanelSlot } from '../panels/types';

export function LabWorkspace({ title, guide }: { title: string; guide?: ReactNode }) {
  const status = useLab((s) => s.status);
  const error = useLab((s) => s.error);
  const notice = useLab((s) => s.notice);
  const isLesson = useLab((s) => s.mode === 'lesson');
  const roles = useLab((s) => s.frame?.nodes.map((n) => n.role).join(',') ?? '');
  const panels = useLab((s) => s.panels);
  const scenarioId = useLab((s) => s.scenarioId);
  const family = packageOfScenario(scenarioId)?.id;
  const shows = (p: OptionalPanel) => panels === null || panels.includes(p);
  /** The scenario's family panels for a slot, each in its own error boundary. */
  const familyPanels = (slot: PanelSlot) =>
    sectionsFor(scenarioId, slot)
      .filter((section) => section.panel === null || shows(section.panel))
      .map(({ name, component: Section }) => (
        <ErrorBoundary key={name} name={name}>
          <Section />
        </ErrorBoundary>
      ));

  if (status === 'error') {
    return <ErrorPage title="That lab could not open" message={error} />;
  }
  return (
    <main className={guide ? 'page lab with-guide' : 'page lab'}>
      {/* Title, run controls and timeline: one block above the stage and the side column. */}
      <div className="lab-top">
        <header className="lab-header">
          <a href="#/" className="home-link">
            Netsplit
          </a>
          <h1>{title || 'Loading…'}</h1>
          {familyPanels('header')}
          <VirtualTime />
        </header>
        <ErrorBoundary name="controls">
          <Controls />
          <KeyboardCommands />
        </ErrorBoundary>
        <ErrorBoundary name="timeline">
          <Timeline />
        </ErrorBoundary>
        {notice && <Notice text={notice} onDismiss={dismissNotice} />}
      </div>
      <div className="lab-body">
        {guide && (
          <div className="guide-column">
            <ErrorBoundary name="lesson">{guide}</ErrorBoundary>
          </div>
        )}
        <div className="main-column">
          <ErrorBoundary name="cluster view">
            <div className="stage">
              {/* The cluster is a square as large as this box allows (see styles.css). */}
              <div className="stage-fit">
                {status === 'loading' ? (
                  <div className="cluster-loading">Starting the nodes…</div>
                ) : (
                  <ClusterView />
                )}
              </div>
              <Legend roles={roles.split(',')} family={family} />
            </div>
          </ErrorBoundary>
          {familyPanels('main')}
          {shows('history') && (
            <ErrorBoundary name="history">
              <HistoryPanel />
            </ErrorBoundary>
          )}
          {shows('spacetime') && (
            <ErrorBoundary name="space-time diagram">
              {status === 'ready' && <SpaceTime />}
            </ErrorBoundary>
          )}
        </div>
        <div className="side">
          {/* Held messages first, beside the stage where their dots pile up (below the stage,
              the list was out of view while the dots piled). */}
          <HeldMessages />
          {/* The run's tools next, where one looks beside the stage, not under the event list. */}
          <div className="lab-tools">
            {!isLesson && <ShareRun />}
            {shows('partition') && (
              <ErrorBoundary name="partition tool">
                <PartitionTool />
              </ErrorBoundary>
            )}
            {familyPanels('side')}
            {!isLesson && (
              <ErrorBoundary name="settings">
                <ScenarioSettings />
              </ErrorBoundary>
            )}
          </div>
          {shows('client') && (
            <ErrorBoundary name="client">
              <ClientConsoles />
            </ErrorBoundary>
          )}
          {familyPanels('side-top')}
          {shows('inspector') && (
            <ErrorBoundary name="inspector">
              <Inspector />
            </ErrorBoundary>
          )}
          {shows('checks') && (
            <ErrorBoundary name="invariants">
              <ChecksPanel />
            </ErrorBoundary>
          )}
          {shows('events') && (
            <ErrorBoundary name="event log">
              <EventLog />
            </ErrorBoundary>
          )}
        </div>
      </div>
    </main>
  );
}
