import { Component, type ReactNode } from 'react';
import { ErrorPage } from './ErrorPage';
import { isLoadFailure, isOnline, loadFailureAdvice } from './load-failure';
import { retryFailedLoads } from './retryable-lazy';

interface Props {
  /** What it guards, in words: "lab", "lesson", "history"… */
  readonly name: string;
  readonly children: ReactNode;
  /**
   * A shown error is cleared when this changes. App passes the route, so an error belongs to
   * the page that broke: opening another page (Home, another lesson) never shows it again.
   */
  readonly resetKey?: string;
  /** Show an error as the whole page (heading, words, Try again, the way home), not a panel's notice. */
  readonly asPage?: boolean;
}

interface State {
  readonly error: Error | null;
}

/** Keeps one broken panel (or page) from taking down the rest: it shows what broke, in words. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  constructor(props: Props) {
    super(props);
    // A page or panel opened anew downloads anew what failed before (see retryableLazy).
    retryFailedLoads();
  }

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(prev: Props): void {
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.retry();
  }

  private readonly retry = () => {
    retryFailedLoads();
    this.setState({ error: null });
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const { name, asPage } = this.props;
    // A failed download is not a bug: say what happened and what to do, not the browser's text.
    const failedToLoad = isLoadFailure(error);
    const headline = failedToLoad
      ? `The ${name} could not be loaded`
      : `The ${name} stopped working`;
    const message = failedToLoad ? loadFailureAdvice(isOnline()) : error.message;
    if (asPage) return <ErrorPage title={headline} message={message} onRetry={this.retry} />;
    return (
      <div className="panel panel-error" role="alert">
        <strong>{headline}.</strong> {message}{' '}
        <button type="button" onClick={this.retry}>
          Try again
        </button>
      </div>
    );
  }
}
