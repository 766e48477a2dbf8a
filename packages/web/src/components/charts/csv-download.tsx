/** What a CSV cell may hold. */
export type TCsvValue = string | number | boolean | null | undefined;

/** One CSV field: quoted when it holds a comma, quote or line break; formulas defused. */
function csvField(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet.
  if (/^[=+\-@]/.test(text) && !/^-?\d/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (the first the header) as CSV text. */
export function toCsv(rows: readonly (readonly TCsvValue[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Saves rows as a CSV file through a temporary link. */
export function downloadCsv(fileName: string, rows: readonly (readonly TCsvValue[])[]): void {
  const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName.endsWith('.csv') ? fileName : `${fileName}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A button that downloads the rows as CSV. */
export function CsvButton({
  fileName,
  rows,
  label = 'Download CSV',
}: {
  fileName: string;
  rows: () => readonly (readonly TCsvValue[])[];
  label?: string;
}) {
  return (
    <button type="button" className="button" onClick={() => downloadCsv(fileName, rows())}>
      {label}
    </button>
  );
}
