/**
 * SLA arithmetic of one case, pure: when each target is due, which are passed, how a pause moves
 * them. Statuses that stop the clock: pending, resolved and closed; when a case goes back to new
 * or open, the unmet due times move on by the time the clock was stopped.
 */
import { OPEN_CASE_STATUSES, type TCaseStatus } from '@touchstone/core';
import type { TCasesTable } from '../storage/schema.js';

type TSlaRow = Pick<
  TCasesTable,
  | 'status'
  | 'first_response_due_at'
  | 'resolution_due_at'
  | 'first_responded_at'
  | 'resolved_at'
  | 'paused_at'
  | 'first_response_breached_at'
  | 'resolution_breached_at'
>;

/** Whether the SLA clock runs in a status. */
export function clockRunsIn(status: TCaseStatus): boolean {
  return status === 'new' || status === 'open';
}

/** Whether a status is one of unfinished work. */
export function isActiveStatus(status: TCaseStatus): boolean {
  return OPEN_CASE_STATUSES.includes(status);
}

/** The targets still running: unmet, not yet breached, with the clock running. */
export function runningTargets(
  row: TSlaRow,
): { target: 'first_response' | 'resolution'; dueAt: string }[] {
  if (!clockRunsIn(row.status as TCaseStatus) || row.paused_at !== null) return [];
  const targets: { target: 'first_response' | 'resolution'; dueAt: string }[] = [];
  if (row.first_responded_at === null && row.first_response_breached_at === null) {
    targets.push({ target: 'first_response', dueAt: row.first_response_due_at });
  }
  if (row.resolved_at === null && row.resolution_breached_at === null) {
    targets.push({ target: 'resolution', dueAt: row.resolution_due_at });
  }
  return targets;
}

/** The earliest due time still running, or null when nothing is due. */
export function nextDueAt(row: TSlaRow): string | null {
  const dues = runningTargets(row).map((t) => t.dueAt);
  if (dues.length === 0) return null;
  return dues.reduce((a, b) => (a <= b ? a : b));
}

/** The targets passed at `now` and not yet marked. */
export function passedTargets(row: TSlaRow, now: Date) {
  const at = now.toISOString();
  return runningTargets(row).filter((t) => t.dueAt <= at);
}

/** Adds milliseconds to a stored instant. */
export function addMs(instant: string, ms: number): string {
  return new Date(Date.parse(instant) + ms).toISOString();
}
