/** A client console's status line: the request under way, or how the last one ended. */
export function RequestStatus({
  pending,
  lastResult,
  testId,
}: {
  pending: string | null | undefined;
  lastResult: string | null | undefined;
  testId?: string;
}) {
  return (
    <p className="muted" aria-live="polite" {...(testId ? { 'data-testid': testId } : {})}>
      {pending ? `Waiting: ${pending}` : lastResult ? `Last: ${lastResult}` : 'No request yet.'}
    </p>
  );
}
