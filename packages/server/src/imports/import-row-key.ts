/**
 * The key of a row that came without one (an interaction without an external id, a response
 * without an id or idempotency key) in an import the client named: the import's id and the
 * row's number. Sent again to resume the import, the row finds itself stored.
 */
export function importRowKey(importId: string, row: number): string {
  return `import:${importId}:${row}`;
}
