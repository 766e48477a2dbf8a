/** One row of a bar list: a label, the value the bar shows, and a note beside it. */
export interface TBarRow {
  key: string;
  label: string;
  value: number;
  /** Text after the value, e.g. a count or a share. */
  note?: string;
}

interface TBarListProps {
  rows: TBarRow[];
  /** Caption of the list (also its accessible name). */
  caption: string;
  formatValue: (value: number) => string;
}

/**
 * Horizontal bars as a table: label, bar, value and note per row, so the numbers stay readable
 * by screen readers and copyable. Bars are scaled to the largest absolute value.
 */
export function BarList({ rows, caption, formatValue }: TBarListProps) {
  const max = Math.max(0, ...rows.map((r) => Math.abs(r.value)));
  return (
    <table className="bar-list">
      <caption className="visually-hidden">{caption}</caption>
      <tbody>
        {rows.map((row) => {
          const share = max > 0 ? Math.abs(row.value) / max : 0;
          return (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td className="bar-list-bar" aria-hidden="true">
                <span
                  className={row.value < 0 ? 'bar-list-fill bar-list-negative' : 'bar-list-fill'}
                  style={{ width: `${(share * 100).toFixed(1)}%` }}
                />
              </td>
              <td className="numeric">{formatValue(row.value)}</td>
              <td className="muted">{row.note ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
