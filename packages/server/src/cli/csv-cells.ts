// Reading the cells the CLI's analyses need from CSV records: columns by name, numbers.
import { CsvError } from '../csv/csv-parser.js';

/**
 * Position of each named column in a header (its names trimmed); throws naming an unknown or
 * repeated column and listing the available ones.
 */
export function findColumns(header: readonly string[], names: readonly string[]): number[] {
  const trimmed = header.map((name) => name.trim());
  return names.map((name) => {
    const index = trimmed.indexOf(name);
    if (index === -1) {
      throw new CsvError(`unknown column "${name}"; available columns: ${trimmed.join(', ')}`);
    }
    if (trimmed.indexOf(name, index + 1) !== -1) {
      throw new CsvError(`column "${name}" appears more than once in the header`);
    }
    return index;
  });
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell as a number, or null when it is empty, missing or not a plain decimal (so "NA", "1,5" and "0x10" are missing). */
export function parseNumericCell(cell: string | undefined): number | null {
  if (cell === undefined) return null;
  const trimmed = cell.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}
