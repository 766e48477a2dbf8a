import type { TStorage } from '../storage/database.js';
import { listAuditEntries } from './audit.repository.js';

/** A page of an organization's audit log, newest first unless the query sorts otherwise. */
export function listAuditLog(
  storage: TStorage,
  organizationId: string,
  query: Parameters<typeof listAuditEntries>[2],
): ReturnType<typeof listAuditEntries> {
  return listAuditEntries(storage.db, organizationId, query);
}
