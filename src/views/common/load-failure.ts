/**
 * A piece of the app that failed to download (a lazily loaded page, panel, lesson or protocol
 * chunk), told apart from a bug, and explained in words: the browser's own message ("Failed
 * to fetch dynamically imported module: https://…/assets/LessonPage-B8HjqQdH.js") means
 * nothing to a learner.
 */

/**
 * What each browser (and Vite's preloader) says when a module could not be fetched:
 * Chromium, Firefox, Safari, Vite's CSS preload, and a module worker's script.
 */
const LOAD_FAILURE =
  /failed to fetch dynamically imported module|error loading dynamically imported module|importing a module script failed|unable to preload css|failed to load module script/i;

/** True when `error` (an Error, or a message already taken from one) is a failed download. */
export function isLoadFailure(error: unknown): boolean {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return LOAD_FAILURE.test(text);
}

/**
 * Why a download failed and what to do, in words (the headline, "The lesson could not be
 * loaded", is the caller's). `online` is navigator.onLine: false only when the device knows it
 * has no network; true otherwise, when the server or the connection may be at fault.
 */
export function loadFailureAdvice(online: boolean): string {
  return online
    ? 'The connection failed, or a newer version of Netsplit was published since this page ' +
        'opened. Try again; if that fails, reload the page.'
    : 'You seem to be offline, and this part of Netsplit was not yet saved on this device for ' +
        'offline use (that happens in the background after the first visit). Connect to the ' +
        'internet and try again.';
}

/** Whether the browser says it is online (true where it cannot tell). */
export function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}
