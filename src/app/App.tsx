import { Suspense } from 'react';
import { ErrorBoundary } from '../views/common/ErrorBoundary';
import { retryableLazy } from '../views/common/retryable-lazy';
import HomePage from '../views/home/HomePage';
import { packageOfScenario } from '../engine/packages';
import { useRoute, type Route } from './router';
import { useDocumentTitle } from './title';
import { ErrorPage } from '../views/common/ErrorPage';

// The lab (engine, workers, views) loads only when a lab route is opened. Retryable: a
// download that failed (offline, say) is tried anew by "Try again" or by opening the route again.
const loadLabPage = () => import('../views/lab/LabPage');
const LabPage = retryableLazy(loadLabPage);
const LessonPage = retryableLazy(() => import('../views/lesson/LessonPage'));

/**
 * Start downloading what a lab route shows — the lab's code and its scenario's protocol
 * family — before React first renders. Otherwise each download waits for the one before it
 * to run (the page, then the lab, then the protocols), which made most of the lab's start-up
 * time. The same import() calls the lazy page and the protocol registry make, so nothing is
 * fetched twice; a failed download is left to them to show and retry.
 */
export function preloadRoute(route: Route): void {
  if (route.page !== 'lab') return;
  void loadLabPage().catch(() => undefined);
  void packageOfScenario(route.scenario)
    ?.load()
    .catch(() => undefined);
}

export function App() {
  const route = useRoute();
  // The page's error boundary forgets its error when the route changes (see ErrorBoundary).
  const routeKey = JSON.stringify(route);
  useDocumentTitle(route);
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'lab':
      return (
        <ErrorBoundary key="lab" name="lab" resetKey={routeKey} asPage>
          <Suspense fallback={<div className="cluster-loading">Loading the lab…</div>}>
            <LabPage
              scenario={route.scenario}
              seed={route.seed}
              nodes={route.nodes}
              run={route.run}
              settings={route.settings}
            />
          </Suspense>
        </ErrorBoundary>
      );
    case 'lesson':
      return (
        <ErrorBoundary key="lesson" name="lesson" resetKey={routeKey} asPage>
          <Suspense fallback={<div className="cluster-loading">Loading the lesson…</div>}>
            <LessonPage key={route.lesson} lessonId={route.lesson} />
          </Suspense>
        </ErrorBoundary>
      );
    case 'error':
      return <ErrorPage title="That link does not lead anywhere" message={route.message} />;
    default: {
      const never: never = route;
      return String(never);
    }
  }
}
