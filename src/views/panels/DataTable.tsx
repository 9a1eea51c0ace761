/**
 * A panel's table of facts: a caption (on screen, or for screen readers only where the
 * panel's heading already says it), one header row naming the columns, then the rows; with no
 * rows, one row across every column says so in words. The table markup the panels share, so
 * every panel's table reads the same to a screen reader and looks the same on screen.
 */
import { Children, type ReactNode } from 'react';

export interface DataTableProps {
  /** The table's accessible name, where it should not be the caption (tests and readers use it). */
  readonly label?: string;
  readonly className?: string;
  readonly caption: ReactNode;
  /** The caption is for screen readers only. */
  readonly captionHidden?: boolean;
  /** The column headers, left to right. */
  readonly columns: readonly ReactNode[];
  /** Said in one row when there are no rows; without it an empty table has an empty body. */
  readonly empty?: ReactNode;
  /** The rows: `<tr>` elements (an array from `map`, so no rows counts as none). */
  readonly children?: ReactNode;
}

export function DataTable({
  label,
  className,
  caption,
  captionHidden = false,
  columns,
  empty,
  children,
}: DataTableProps) {
  const hasRows = Children.count(children) > 0;
  return (
    <table className={className} aria-label={label}>
      <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th key={i} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {!hasRows && empty !== undefined && (
          <tr>
            <td colSpan={columns.length} className="muted">
              {empty}
            </td>
          </tr>
        )}
        {children}
      </tbody>
    </table>
  );
}
