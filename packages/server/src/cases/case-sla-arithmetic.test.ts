import { describe, expect, it } from 'vitest';
import type { TCasesTable } from '../storage/schema.js';
import { slaOnStatusChange } from './case-update.service.js';
import { nextDueAt, passedTargets } from './case-sla.js';

const HOUR = 60 * 60_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * HOUR);
const iso = (hours: number) => at(hours).toISOString();

function row(overrides: Partial<TCasesTable> = {}): TCasesTable {
  return {
    id: 'c',
    organization_id: 'o',
    number: 1,
    title: 't',
    description: '',
    status: 'new',
    priority: 'normal',
    team_id: null,
    assignee_id: null,
    source_type: 'manual',
    source_id: null,
    response_id: null,
    customer_id: null,
    touchpoint_id: null,
    rule_id: null,
    root_cause_code_id: null,
    resolution_code_id: null,
    first_response_due_at: iso(8),
    resolution_due_at: iso(72),
    first_responded_at: null,
    resolved_at: null,
    closed_at: null,
    paused_at: null,
    paused_ms: 0,
    first_response_breached_at: null,
    resolution_breached_at: null,
    escalated_at: null,
    sla_check_at: null,
    created_at: iso(0),
    updated_at: iso(0),
    version: 1,
    ...overrides,
  };
}

describe('case SLA arithmetic', () => {
  it('stops the clock when a case goes pending and pushes unmet due times on resuming', () => {
    const pausing = slaOnStatusChange(row({ status: 'open' }), 'pending', at(2));
    expect(pausing).toEqual({ paused_at: iso(2) });
    const paused = row({ status: 'pending', paused_at: iso(2), paused_ms: HOUR });
    expect(nextDueAt(paused)).toBeNull();
    expect(passedTargets(paused, at(100))).toEqual([]);
    expect(slaOnStatusChange(paused, 'open', at(5))).toEqual({
      paused_at: null,
      paused_ms: 4 * HOUR,
      first_response_due_at: iso(11),
      resolution_due_at: iso(75),
    });
  });

  it('leaves a met or breached target where it was', () => {
    const paused = row({
      status: 'pending',
      paused_at: iso(10),
      first_responded_at: iso(1),
      resolution_breached_at: iso(9),
    });
    expect(slaOnStatusChange(paused, 'open', at(12))).toEqual({
      paused_at: null,
      paused_ms: 2 * HOUR,
    });
  });

  it('resolving meets the resolution target; reopening runs it again from where it stopped', () => {
    const resolving = slaOnStatusChange(row({ status: 'open' }), 'resolved', at(3));
    expect(resolving).toEqual({ resolved_at: iso(3), paused_at: iso(3) });
    const resolved = row({ status: 'resolved', resolved_at: iso(3), paused_at: iso(3) });
    expect(slaOnStatusChange(resolved, 'open', at(27))).toEqual({
      resolved_at: null,
      closed_at: null,
      paused_at: null,
      paused_ms: 24 * HOUR,
      first_response_due_at: iso(32),
      resolution_due_at: iso(96),
    });
  });

  it('finds the earliest running target and the passed ones', () => {
    expect(nextDueAt(row())).toBe(iso(8));
    expect(nextDueAt(row({ first_responded_at: iso(1) }))).toBe(iso(72));
    expect(passedTargets(row(), at(9))).toEqual([{ target: 'first_response', dueAt: iso(8) }]);
    expect(passedTargets(row(), at(7))).toEqual([]);
    expect(passedTargets(row({ status: 'closed' }), at(100))).toEqual([]);
  });
});
