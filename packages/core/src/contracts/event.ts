import { z } from 'zod';
import { ZTimestamp } from './common.js';

/**
 * The domain events Touchstone records in its outbox, one a committed write:
 * - `response.created`: a response was started and saved unfinished;
 * - `response.updated`: an unfinished response was continued and is still unfinished;
 * - `response.completed`: a response became complete (created complete, or continued to the
 *   end); `payload.created` says which;
 * - `responses.imported`: a bulk load stored a batch of complete responses (`payload.ids`);
 * - `interaction.created`: an interaction was recorded;
 * - `interactions.imported`: an import stored a batch of interactions (`payload.ids`);
 * - `alert.raised`: the change scan stored a new alert (`subjectId` the alert, the payload its
 *   metric, series and change);
 * - `case.created`, `case.updated`: a case was opened, or its status, assignment, priority,
 *   codes or follow-up outcome changed (`subjectId` the case, the payload its state and the
 *   change);
 * - `case.sla_breached`: a case passed its first-response or resolution target;
 * - `rule.matched`: a rule matched a response or an alert (`subjectId` the rule, the payload
 *   the rule's name and what it matched).
 */
export const EVENT_TYPES = [
  'response.created',
  'response.updated',
  'response.completed',
  'responses.imported',
  'interaction.created',
  'interactions.imported',
  'alert.raised',
  'case.created',
  'case.updated',
  'case.sla_breached',
  'rule.matched',
] as const;
export const ZEventType = z.enum(EVENT_TYPES);
export type TEventType = z.infer<typeof ZEventType>;

/** One event of the outbox as the API lists it. */
export const ZDomainEvent = z.object({
  /** Stable id: a subscriber that sees an event twice (delivery is at least once) skips it. */
  id: z.string(),
  /** Position in the order of commit. */
  seq: z.number().int(),
  type: ZEventType,
  /** The response or interaction the event is about (the first row of a batch event). */
  subjectId: z.string(),
  payload: z.record(z.string(), z.unknown()),
  at: ZTimestamp,
});
export type TDomainEventView = z.infer<typeof ZDomainEvent>;

/** Newest first; `type` narrows to one event type. */
export const ZEventListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  type: ZEventType.optional(),
});
export type TEventListQuery = z.infer<typeof ZEventListQuery>;

/** A subscriber of the dispatcher: where its cursor is and how many events it has yet to see. */
export const ZEventSubscriberState = z.object({
  name: z.string(),
  durable: z.boolean(),
  position: z.number().int(),
  backlog: z.number().int(),
});
