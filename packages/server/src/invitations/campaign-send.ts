import { AppError, newId, type TSurveyDefinition } from '@touchstone/core';
import { loadAttributeSchema } from '../attribute-keys/attribute-keys.service.js';
import { attributeFromText, declaredKeysText } from '../attribute-keys/attribute-validation.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { hasPendingJob } from '../jobs/jobs.repository.js';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TCampaignsTable, TInvitationsTable } from '../storage/schema.js';
import {
  findCampaignSurvey,
  findCurrentDefinitionJson,
  findMinDaysBetween,
  updateCampaignRow,
} from './campaigns.repository.js';
import type { TCampaignAudience, TCampaignMessage } from './campaigns.schema.js';
import { pickLanguage, skipReasonOf } from './eligibility.js';
import { INVITATION_JOBS } from './invitation-job-kinds.js';
import {
  findInteractionsByIds,
  findRecentlyInvited,
  findRecipientsByIds,
  findSegmentRecipients,
  type TRecipient,
} from './audience.repository.js';
import {
  findCampaignInvitationsByCustomer,
  insertInvitations,
  updateInvitationIf,
} from './invitations.repository.js';

const DAY_MS = 86_400_000;

/** Reads `key:value` segment filters as typed conditions on declared customer attributes. */
export async function segmentConditions(
  db: TDb,
  orgId: string,
  filters: readonly string[],
  field: string,
): Promise<{ key: string; value: string | number | boolean }[]> {
  if (filters.length === 0) return [];
  const schema = await loadAttributeSchema(db, orgId, 'customer');
  return filters.map((filter, index) => {
    const colon = filter.indexOf(':');
    const name = filter.slice(0, colon);
    const key = schema.keys.get(name);
    const at = `${field}.${index}`;
    if (key === undefined) {
      const message = `${name} is not a declared attribute; ${declaredKeysText(schema)}`;
      throw new AppError('validation_failed', `${at}: ${message}`, [{ field: at, message }]);
    }
    const read = attributeFromText(key, filter.slice(colon + 1));
    if (read.kind === 'value') return { key: name, value: read.value };
    const message = read.kind === 'absent' ? 'give a value after the colon' : read.message;
    throw new AppError('validation_failed', `${at}: ${message}`, [{ field: at, message }]);
  });
}

interface TCandidate {
  recipient: TRecipient;
  interactionId: string | null;
}

/** The customers a campaign's audience names now (a segment is evaluated at send time). */
async function resolveAudience(
  db: TDb,
  orgId: string,
  audience: TCampaignAudience,
): Promise<TCandidate[]> {
  switch (audience.type) {
    case 'customers': {
      const recipients = await findRecipientsByIds(db, orgId, [...new Set(audience.customerIds)]);
      return recipients.map((recipient) => ({ recipient, interactionId: null }));
    }
    case 'segment': {
      const conditions = await segmentConditions(db, orgId, audience.attr, 'audience.attr');
      const recipients = await findSegmentRecipients(db, orgId, conditions);
      return recipients.map((recipient) => ({ recipient, interactionId: null }));
    }
    case 'interactions': {
      // One invitation per customer: about their latest interaction among those named.
      const latest = new Map<string, { id: string; occurred_at: string }>();
      for (const i of await findInteractionsByIds(db, orgId, audience.interactionIds)) {
        const seen = latest.get(i.customer_id);
        if (!seen || seen.occurred_at < i.occurred_at) latest.set(i.customer_id, i);
      }
      const recipients = await findRecipientsByIds(db, orgId, [...latest.keys()]);
      return recipients.map((recipient) => ({
        recipient,
        interactionId: latest.get(recipient.id)?.id ?? null,
      }));
    }
  }
}

export interface TSendOutcome {
  invited: number;
  skipped: number;
}

/**
 * Makes the campaign's invitations (call inside a transaction): one per customer of the audience
 * not already invited by this campaign, queued for delivery when eligible, else recorded as
 * skipped with the reason. A customer skipped before is considered again.
 */
export async function materializeCampaign(
  db: TDb,
  campaign: TCampaignsTable,
  options: { now: Date; defaultMinDays: number },
): Promise<TSendOutcome> {
  const orgId = campaign.organization_id;
  const survey = await findCampaignSurvey(db, orgId, campaign.survey_id);
  if (!survey) throw new AppError('conflict', 'the campaign survey no longer exists');
  if (survey.status !== 'live') {
    throw new AppError('conflict', `the survey is ${survey.status}; set it live before sending`, [
      { field: 'surveyId', message: 'the survey must be live' },
    ]);
  }
  const definitionJson = await findCurrentDefinitionJson(db, survey.id, survey.current_version);
  const defaultLanguage = definitionJson
    ? parseJsonColumn<TSurveyDefinition>(definitionJson).defaultLanguage
    : 'en';
  const languages = Object.keys(
    parseJsonColumn<Record<string, TCampaignMessage>>(campaign.messages_json),
  );
  const audience = parseJsonColumn<TCampaignAudience>(campaign.audience_json);
  const now = options.now.toISOString();

  const existing = await findCampaignInvitationsByCustomer(db, campaign.id);
  const candidates = (await resolveAudience(db, orgId, audience)).filter((c) => {
    const seen = existing.get(c.recipient.id);
    return seen === undefined || seen.status === 'skipped';
  });
  const minDays = (await findMinDaysBetween(db, orgId)) ?? options.defaultMinDays;
  const since = new Date(options.now.getTime() - minDays * DAY_MS).toISOString();
  const recent =
    minDays > 0
      ? await findRecentlyInvited(
          db,
          orgId,
          candidates.map((c) => c.recipient.id),
          since,
        )
      : new Set<string>();

  const fresh: TInvitationsTable[] = [];
  const queued: string[] = [];
  let skipped = 0;
  for (const { recipient, interactionId } of candidates) {
    const reason = skipReasonOf(recipient, recent.has(recipient.id));
    const fields = {
      interaction_id: interactionId,
      language: pickLanguage(recipient.locale, languages, defaultLanguage),
      status: reason === null ? 'queued' : 'skipped',
      skip_reason: reason,
      invited_at: now,
      updated_at: now,
    };
    const before = existing.get(recipient.id);
    let id: string;
    if (before) {
      id = before.id;
      await updateInvitationIf(db, id, ['skipped'], fields);
    } else {
      id = newId();
      fresh.push({
        id,
        organization_id: orgId,
        campaign_id: campaign.id,
        survey_id: campaign.survey_id,
        customer_id: recipient.id,
        ...fields,
        last_error: null,
        sent_at: null,
        reminder_queued_at: null,
        reminded_at: null,
        responded_at: null,
        response_id: null,
        opted_out_at: null,
      });
    }
    if (reason === null) queued.push(id);
    else skipped += 1;
  }
  await insertInvitations(db, fresh);
  for (const invitationId of queued) {
    await enqueueJob(db, {
      kind: INVITATION_JOBS.invitationSend,
      payload: { invitationId },
      organizationId: orgId,
      now: options.now,
    });
  }
  await updateCampaignRow(db, orgId, campaign.id, {
    status: 'sending',
    sent_at: campaign.sent_at ?? now,
    updated_at: now,
  });
  if (campaign.reminder_days > 0 && queued.length > 0) {
    await scheduleReminderSweep(
      db,
      campaign,
      new Date(options.now.getTime() + campaign.reminder_days * DAY_MS),
      options.now,
    );
  }
  return { invited: queued.length, skipped };
}

/** Schedules the campaign's reminder sweep unless one is already waiting. */
export async function scheduleReminderSweep(
  db: TDb,
  campaign: Pick<TCampaignsTable, 'id' | 'organization_id'>,
  runAt: Date,
  now: Date,
  currentJobId?: string,
): Promise<void> {
  const payload = { campaignId: campaign.id };
  if (await hasPendingJob(db, INVITATION_JOBS.campaignReminders, payload, currentJobId)) return;
  await enqueueJob(db, {
    kind: INVITATION_JOBS.campaignReminders,
    payload,
    organizationId: campaign.organization_id,
    runAt,
    now,
  });
}
