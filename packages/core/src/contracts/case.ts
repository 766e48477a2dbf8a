/**
 * Contracts of cases (`/api/cases`): the work of closing the loop on one piece of feedback, with
 * its status, priority, team and assignee, SLA timers, codes and timeline; the code taxonomy
 * (`/api/case-codes`) and the SLA policies (`/api/case-sla-policies`).
 */
import { z } from 'zod';
import { ZDescription, ZId, ZName, ZTimestamp, page } from './common.js';

export const CASE_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export const ZCaseStatus = z.enum(CASE_STATUSES);
export type TCaseStatus = z.infer<typeof ZCaseStatus>;

/** The status moves a case allows (reopening is resolved or closed back to open): else a 409. */
export const CASE_TRANSITIONS: Record<TCaseStatus, readonly TCaseStatus[]> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

/** Statuses in which a case still needs work (its SLA timers run, unless pending). */
export const OPEN_CASE_STATUSES: readonly TCaseStatus[] = ['new', 'open', 'pending'];

export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const ZCasePriority = z.enum(CASE_PRIORITIES);
export type TCasePriority = z.infer<typeof ZCasePriority>;

export const CASE_SOURCE_TYPES = ['response', 'alert', 'manual'] as const;
export const ZCaseSourceType = z.enum(CASE_SOURCE_TYPES);

export const CASE_CODE_KINDS = ['root_cause', 'resolution'] as const;
export const ZCaseCodeKind = z.enum(CASE_CODE_KINDS);
export type TCaseCodeKind = z.infer<typeof ZCaseCodeKind>;

export const CASE_ACTOR_TYPES = ['user', 'rule', 'system', 'customer'] as const;
export const ZCaseActorType = z.enum(CASE_ACTOR_TYPES);

/**
 * Kinds of timeline entries the cases capability writes; others (messages, follow-ups) are
 * written by the closed loop with kinds of its own, so the kind is open text.
 */
export const CASE_ACTIVITY_KINDS = [
  'created',
  'note',
  'status_changed',
  'priority_changed',
  'team_changed',
  'assignee_changed',
  'code_changed',
  'sla_breached',
] as const;

/** State of one SLA target: met, breached, running (due in the future), paused or stopped. */
export const ZCaseSlaTarget = z.object({
  dueAt: ZTimestamp,
  /** When the target was met (first response given, case resolved); null while unmet. */
  metAt: ZTimestamp.nullable(),
  breachedAt: ZTimestamp.nullable(),
});
export type TCaseSlaTarget = z.infer<typeof ZCaseSlaTarget>;

/** A case as lists show it. */
export const ZCase = z.object({
  id: ZId,
  /** The organization's human number: `#123`. */
  number: z.number().int(),
  title: z.string(),
  description: z.string(),
  status: ZCaseStatus,
  priority: ZCasePriority,
  teamId: ZId.nullable(),
  teamName: z.string().nullable(),
  assigneeId: ZId.nullable(),
  assigneeName: z.string().nullable(),
  source: z.object({ type: ZCaseSourceType, id: z.string().nullable() }),
  responseId: z.string().nullable(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  touchpointId: z.string().nullable(),
  touchpointName: z.string().nullable(),
  ruleId: z.string().nullable(),
  rootCauseCodeId: ZId.nullable(),
  resolutionCodeId: ZId.nullable(),
  sla: z.object({
    firstResponse: ZCaseSlaTarget,
    resolution: ZCaseSlaTarget,
    /** Since when both timers are stopped (the case is pending); null while they run. */
    pausedAt: ZTimestamp.nullable(),
    /** Time spent pending so far, in milliseconds. */
    pausedMs: z.number().int(),
    /** breached: a target was missed; due: a target is still running; met: nothing is due. */
    state: z.enum(['due', 'breached', 'met']),
  }),
  escalatedAt: ZTimestamp.nullable(),
  resolvedAt: ZTimestamp.nullable(),
  closedAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
  /** Increments on each change; send it back (`If-Match` or `version`) to update. */
  version: z.number().int(),
});
export type TCase = z.infer<typeof ZCase>;

/** One entry of a case's timeline. */
export const ZCaseActivity = z.object({
  id: ZId,
  kind: z.string(),
  actor: z.object({ type: ZCaseActorType, id: z.string().nullable(), name: z.string().nullable() }),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: ZTimestamp,
});
export type TCaseActivity = z.infer<typeof ZCaseActivity>;

/** What the case view links to: the customer's other responses, interactions and cases. */
export const ZCaseLinks = z.object({
  responses: z.array(
    z.object({ id: z.string(), surveyName: z.string(), submittedAt: ZTimestamp.nullable() }),
  ),
  interactions: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      touchpointName: z.string().nullable(),
      occurredAt: ZTimestamp,
    }),
  ),
  cases: z.array(
    z.object({ id: ZId, number: z.number().int(), title: z.string(), status: ZCaseStatus }),
  ),
});
export type TCaseLinks = z.infer<typeof ZCaseLinks>;

/** `GET /api/cases/{id}`: the case, its timeline (oldest first), its links and next moves. */
export const ZCaseDetail = ZCase.extend({
  allowedTransitions: z.array(ZCaseStatus),
  /** The people of the case's team: whom it may be assigned to. */
  teamMembers: z.array(z.object({ id: ZId, name: z.string() })),
  timeline: z.array(ZCaseActivity),
  links: ZCaseLinks,
});
export type TCaseDetail = z.infer<typeof ZCaseDetail>;

/** `GET /api/cases`: newest first; `view` mine (assigned to me) or team (my teams' cases). */
export const ZCaseListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  view: z.enum(['all', 'mine', 'team']).default('all'),
  status: z
    .union([ZCaseStatus, z.enum(['active'])])
    .optional()
    .describe('a status, or active (new, open and pending)'),
  priority: ZCasePriority.optional(),
  team: ZId.optional(),
  /** A user id, or `me`. */
  assignee: z.union([ZId, z.literal('me')]).optional(),
  sla: z.enum(['due', 'breached']).optional(),
  customer: z.string().max(200).optional(),
  response: z.string().max(200).optional(),
  touchpoint: z.string().max(200).optional(),
  q: z.string().max(200).optional(),
});
export type TCaseListQuery = z.infer<typeof ZCaseListQuery>;

export const ZCaseList = page(ZCase).extend({
  /** Over the filtered cases (ignoring paging): how many are breached and still due. */
  counts: z.object({ total: z.number().int(), breached: z.number().int(), due: z.number().int() }),
});
export type TCaseList = z.infer<typeof ZCaseList>;

/** `POST /api/cases`: a case opened by hand. */
export const ZCaseCreate = z.strictObject({
  title: ZName,
  description: ZDescription.default(''),
  priority: ZCasePriority.default('normal'),
  /** Default: the touchpoint's owner team. */
  teamId: ZId.nullable().optional(),
  assigneeId: ZId.nullable().optional(),
  responseId: z.string().max(200).nullable().optional(),
  customerId: z.string().max(200).nullable().optional(),
  touchpointId: z.string().max(200).nullable().optional(),
});
export type TCaseCreate = z.infer<typeof ZCaseCreate>;

/** `PATCH /api/cases/{id}`: every field optional; `version` unless `If-Match` is sent. */
export const ZCaseUpdate = z.strictObject({
  version: z.number().int().min(1).optional(),
  status: ZCaseStatus.optional(),
  priority: ZCasePriority.optional(),
  teamId: ZId.nullable().optional(),
  assigneeId: ZId.nullable().optional(),
  rootCauseCodeId: ZId.nullable().optional(),
  resolutionCodeId: ZId.nullable().optional(),
  /** A note recorded with the change (why it was resolved, ...). */
  note: z.string().trim().min(1).max(10000).optional(),
});
export type TCaseUpdate = z.infer<typeof ZCaseUpdate>;

/** `POST /api/cases/{id}/notes`. */
export const ZCaseNoteCreate = z.strictObject({
  body: z.string().trim().min(1, 'a note needs text').max(10000),
});
export type TCaseNoteCreate = z.infer<typeof ZCaseNoteCreate>;

/** A root-cause or resolution code. */
export const ZCaseCode = z.object({
  id: ZId,
  kind: ZCaseCodeKind,
  label: z.string(),
  archived: z.boolean(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TCaseCode = z.infer<typeof ZCaseCode>;

export const ZCaseCodeCreate = z.strictObject({ kind: ZCaseCodeKind, label: ZName });
export type TCaseCodeCreate = z.infer<typeof ZCaseCodeCreate>;
export const ZCaseCodeUpdate = z.strictObject({
  label: ZName.optional(),
  archived: z.boolean().optional(),
});
export type TCaseCodeUpdate = z.infer<typeof ZCaseCodeUpdate>;
export const ZCaseCodeListQuery = z.object({
  kind: ZCaseCodeKind.optional(),
  archived: z.stringbool().optional(),
});
export type TCaseCodeListQuery = z.infer<typeof ZCaseCodeListQuery>;
export const ZCaseCodeList = z.object({ items: z.array(ZCaseCode) });

const ZMinutes = z
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 365);

/** The targets of one priority, in minutes from the case's opening. */
export const ZCaseSlaPolicy = z.object({
  priority: ZCasePriority,
  firstResponseMinutes: ZMinutes,
  resolutionMinutes: ZMinutes,
});
export type TCaseSlaPolicy = z.infer<typeof ZCaseSlaPolicy>;

/** The defaults an organization starts with. */
export const DEFAULT_CASE_SLA_POLICIES: Record<
  TCasePriority,
  { firstResponseMinutes: number; resolutionMinutes: number }
> = {
  urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  high: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
  normal: { firstResponseMinutes: 480, resolutionMinutes: 4320 },
  low: { firstResponseMinutes: 1440, resolutionMinutes: 7200 },
};

/** `GET` and `PUT /api/case-sla-policies`: one policy per priority. */
export const ZCaseSlaPolicies = z.strictObject({
  items: z
    .array(ZCaseSlaPolicy.strict())
    .min(1)
    .max(4)
    .refine(
      (items) => new Set(items.map((p) => p.priority)).size === items.length,
      'a priority is named twice',
    )
    .refine(
      (items) => items.every((p) => p.resolutionMinutes >= p.firstResponseMinutes),
      'the resolution target cannot come before the first-response target',
    ),
});
export type TCaseSlaPolicies = z.infer<typeof ZCaseSlaPolicies>;
