/** Stored case rows into the API's shape, with the SLA state derived from the row. */
import type { TCase, TCasePriority, TCaseStatus } from '@touchstone/core';
import { OPEN_CASE_STATUSES } from '@touchstone/core';
import type { TCasesTable } from '../storage/schema.js';

/** A case row with the names the lists show beside it. */
export type TCaseRowWithNames = TCasesTable & {
  team_name: string | null;
  assignee_name: string | null;
  customer_name: string | null;
  touchpoint_name: string | null;
};

/** breached when a target was missed; due while a target still runs; met otherwise. */
export function slaStateOf(row: TCasesTable): TCase['sla']['state'] {
  if (row.first_response_breached_at !== null || row.resolution_breached_at !== null) {
    return 'breached';
  }
  return OPEN_CASE_STATUSES.includes(row.status as TCaseStatus) ? 'due' : 'met';
}

export function toCase(row: TCaseRowWithNames): TCase {
  return {
    id: row.id,
    number: Number(row.number),
    title: row.title,
    description: row.description,
    status: row.status as TCaseStatus,
    priority: row.priority as TCasePriority,
    teamId: row.team_id,
    teamName: row.team_name,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    source: { type: row.source_type as TCase['source']['type'], id: row.source_id },
    responseId: row.response_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    touchpointId: row.touchpoint_id,
    touchpointName: row.touchpoint_name,
    ruleId: row.rule_id,
    rootCauseCodeId: row.root_cause_code_id,
    resolutionCodeId: row.resolution_code_id,
    sla: {
      firstResponse: {
        dueAt: row.first_response_due_at,
        metAt: row.first_responded_at,
        breachedAt: row.first_response_breached_at,
      },
      resolution: {
        dueAt: row.resolution_due_at,
        metAt: row.resolved_at,
        breachedAt: row.resolution_breached_at,
      },
      pausedAt: row.paused_at,
      pausedMs: Number(row.paused_ms),
      state: slaStateOf(row),
    },
    escalatedAt: row.escalated_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  };
}
