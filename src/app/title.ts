/**
 * The browser tab's title for each route, so a learner with several tabs open (a lesson, the
 * lab on two scenarios) can tell them apart, and a screen reader announces where they are.
 */
import { useEffect } from 'react';
import { scenarioEntry } from '../engine/scenarios';
import { lessonMeta } from '../lessons/catalogue';
import type { Route } from './router';

/** The product's name, last in every title. */
export const APP_TITLE = 'Netsplit';

/** The title for a route: "Raft — Netsplit lab", "L9 Raft I: election — Netsplit", … */
export function titleFor(route: Route): string {
  switch (route.page) {
    case 'home':
      return `${APP_TITLE} — a distributed-systems lab`;
    case 'lab': {
      const entry = scenarioEntry(route.scenario);
      return entry ? `${entry.title} — ${APP_TITLE} lab` : `No such scenario — ${APP_TITLE}`;
    }
    case 'lesson': {
      const meta = lessonMeta(route.lesson);
      return meta ? `${meta.title} — ${APP_TITLE}` : `No such lesson — ${APP_TITLE}`;
    }
    case 'error':
      return `Link not found — ${APP_TITLE}`;
    default: {
      const never: never = route;
      return String(never);
    }
  }
}

/** Keep document.title in step with the route. */
export function useDocumentTitle(route: Route): void {
  const title = titleFor(route);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
