/** Previous / next page for a list paged on the server. A button's name is the words it shows (the arrows
 * are decoration): what a voice user says is what works. */
export function Pager({ page, pages, onPage, label, testId }: { page: number; pages: number; onPage(page: number): void; label: string; testId?: string }) {
  return (
    <nav className="pager" aria-label={label}>
      <button disabled={page === 0} onClick={() => onPage(page - 1)} data-testid="page-previous"><span aria-hidden>‹ </span>Previous page</button>
      <span aria-live="polite" data-testid={testId}>Page {page + 1} of {pages}</span>
      <button disabled={page + 1 >= pages} onClick={() => onPage(page + 1)} data-testid="page-next">Next page<span aria-hidden> ›</span></button>
    </nav>
  );
}
