/** A page that could not be shown, said plainly, with the way back. */
export function ErrorPage({ title, message }: { title: string; message: string | null }) {
  return (
    <main className="page page-error">
      <div role="alert" className="alert">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="#/">Back to the start page</a>
        </p>
      </div>
    </main>
  );
}
