import { Suspense } from 'react';
import { ErrorBoundary } from '../views/common/ErrorBoundary';
import { retryableLazy } from '../views/common/retryable-lazy';
import HomePage from '../views/home/HomePage';
import { useRoute } from './router';
import { useDocumentTitle } from './title';
import { ErrorPage } from '../views/common/ErrorPage';

// The lab (engine, workers, views) loads only when a lab route is opened. Retryable: a
// download that failed (offline, say) is tried anew by "Try again" or by opening the route again.
const LabPage = retryableLazy(() => import('../views/lab/LabPage'));
const LessonPage = retryableLazy(() => import('../views/lesson/LessonPage'));

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
