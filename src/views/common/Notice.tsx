/** Something the learner should know that stopped nothing, with a way to dismiss it. */
export function Notice({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  return (
    <p className="notice" role="status">
      {text}{' '}
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </p>
  );
}
