import { useState } from 'react';
import { isLoadFailure, isOnline, loadFailureAdvice } from './load-failure';
import './error-page.css';

interface Props {
  /** What could not be shown, as a heading: "That lesson could not open". */
  readonly title: string;
  /** Why, in words; a failed download's browser message is replaced by words of our own. */
  readonly message: string | null;
  /**
   * Offers "Try again" that calls this. Without it, a failed download still offers "Try
   * again", which reloads the page (the route is in the URL and progress is saved, so nothing
   * is lost), unless that would trade this page for the browser's "no internet" page.
   */
  readonly onRetry?: () => void;
}

/** A page that could not be shown, said plainly, with the way back. */
export function ErrorPage({ title, message, onRetry }: Props) {
  const [stillOffline, setStillOffline] = useState(false);
  const failedToLoad = isLoadFailure(message);
  const reload = () => {
    // Offline and not served by the service worker, a reload would show no page at all.
    if (isOnline() || navigator.serviceWorker?.controller) window.location.reload();
    else setStillOffline(true);
  };
  const retry = onRetry ?? (failedToLoad ? reload : undefined);
  return (
    <main className="page page-error">
      <div role="alert" className="alert">
        <h1>{title}</h1>
        <p>{failedToLoad ? loadFailureAdvice(isOnline()) : message}</p>
        <p className="error-actions">
          {retry && (
            <button type="button" onClick={retry}>
              Try again
            </button>
          )}
          <a href="#/">Back to the start page</a>
        </p>
        {stillOffline && (
          <p role="status">Still offline: connect to the internet, then try again.</p>
        )}
      </div>
    </main>
  );
}
