/** Writing CSV cells safely: RFC 4180 quoting, and no spreadsheet formulas from respondents. */

/**
 * Characters that make a spreadsheet read a cell as a formula (or hide its start), after any
 * quotes this module added: a text that already starts with `'` and such a character gets one
 * more, so that `restoreCsvCell` can always take exactly one away.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
/** A plain number (which a spreadsheet reads as that number, never as a formula). */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell: text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, CR at the
 * start, after any quotes) gets a leading `'`, except plain numbers; then quotes where RFC 4180
 * needs them.
 */
export function csvCell(text: string): string {
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, CRLF-terminated as RFC 4180 says. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The text a cell of `csvCell` was made from: the quote added before a formula taken away. */
export function restoreCsvCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell;
}
