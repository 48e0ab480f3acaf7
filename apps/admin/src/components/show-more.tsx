/** Under a list read a page at a time: "Loading…" while a page is on its way, else a button for the next one, if there is one. */
export function ShowMore({ loading, onMore, label }: { loading: boolean; onMore: (() => void) | undefined; label: string }) {
  if (loading) {
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  }
  return onMore ? (
    <button type="button" onClick={onMore}>
      {label}
    </button>
  ) : null;
}
