import type { FastifyInstance } from 'fastify';
import { registerAnalyticsRoutes } from './analytics/analytics.routes.js';
import { registerAnalyticsViewRoutes } from './analytics/analytics-views.routes.js';
import { registerApiKeyRoutes } from './api-keys/api-keys.routes.js';
import { registerAuditRoutes } from './audit/audit.routes.js';
import { registerAttributeKeyRoutes } from './attribute-keys/attribute-keys.routes.js';
import { registerAuthRoutes } from './auth/auth.routes.js';
import { registerBrandRoutes } from './brands/brands.routes.js';
import { registerCommentRoutes, registerThemeRoutes } from './comments/comments.routes.js';
import { registerCustomerRoutes } from './customers/customers.routes.js';
import type { TRouteDeps } from './http/route-deps.js';
import { registerEventRoutes } from './events/events.routes.js';
import { registerImportRoutes } from './imports/imports.routes.js';
import { registerInteractionRoutes } from './interactions/interactions.routes.js';
import { registerInvitationRoutes } from './invitations/campaigns.routes.js';
import { registerJourneyRoutes } from './journeys/journeys.routes.js';
import { registerOrganizationRoutes } from './organizations/organizations.routes.js';
import { registerRespondentRoutes } from './respondent/respondent.routes.js';
import { registerResponseRoutes } from './responses/responses.routes.js';
import { registerSurveyRoutes } from './surveys/surveys.routes.js';
import { registerTeamRoutes } from './teams/teams.routes.js';
import { registerTouchpointRoutes } from './touchpoints/touchpoints.routes.js';
import { registerUserRoutes } from './users/users.routes.js';

/** Every capability's routes; each capability is a folder with routes, service and repository. */
export function registerApiRoutes(app: FastifyInstance, deps: TRouteDeps): void {
  registerAuthRoutes(app, deps.storage, deps.config);
  registerOrganizationRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerTeamRoutes(app, deps);
  registerBrandRoutes(app, deps);
  registerJourneyRoutes(app, deps);
  registerTouchpointRoutes(app, deps);
  registerAttributeKeyRoutes(app, deps);
  registerCustomerRoutes(app, deps);
  registerInteractionRoutes(app, deps);
  registerSurveyRoutes(app, deps);
  registerResponseRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerAnalyticsRoutes(app, deps);
  registerAnalyticsViewRoutes(app, deps);
  registerRespondentRoutes(app, deps);
  registerInvitationRoutes(app, deps);
  registerCommentRoutes(app, deps);
  registerThemeRoutes(app, deps);
}
