import { lazy, Suspense } from 'react';
import { ErrorBoundary } from '../views/common/ErrorBoundary';
import HomePage from '../views/home/HomePage';
import { useRoute } from './router';
import { useDocumentTitle } from './title';
import { ErrorPage } from '../views/common/ErrorPage';

// The lab (engine, workers, views) loads only when a lab route is opened.
const LabPage = lazy(() => import('../views/lab/LabPage'));
const LessonPage = lazy(() => import('../views/lesson/LessonPage'));

export function App() {
  const route = useRoute();
  useDocumentTitle(route);
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'lab':
      return (
        <ErrorBoundary name="lab">
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
        <ErrorBoundary name="lesson">
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
