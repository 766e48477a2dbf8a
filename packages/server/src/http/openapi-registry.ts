import * as contracts from '@touchstone/core';
import { z } from 'zod';
import * as campaignSchemas from '../invitations/campaigns.schema.js';
import * as widgetSchemas from '../respondent/widgets.schema.js';
import * as publicResponseSchemas from '../responses/public.schema.js';

/**
 * The modules whose `Z...` exports are the API's named schemas: `core`'s contracts, where
 * capabilities put theirs, and the few schema modules kept beside their routes in the server.
 */
const CONTRACT_MODULES: readonly Record<string, unknown>[] = [
  contracts,
  campaignSchemas,
  widgetSchemas,
  publicResponseSchemas,
];

type TSchemaMeta = z.core.GlobalMeta;

/**
 * The metadata registry the OpenAPI document is written from: the descriptions and ids of zod's
 * global registry, plus an id for every contract exported (`ZSurvey` is `Survey`). A route
 * schema that uses a contract then refers to it (`$ref: '#/components/schemas/Survey'`) instead of
 * repeating it; any route, present or future, gets this by using the exported contracts.
 */
class ContractRegistry extends z.core.$ZodRegistry<TSchemaMeta> {
  override get<S extends z.core.$ZodType>(schema: S): TSchemaMeta | undefined {
    const global = z.globalRegistry.get(schema);
    const own = super.get(schema);
    if (global === undefined) return own;
    return own === undefined ? global : { ...global, ...own };
  }
}

/** Builds the registry of the API's contracts for one app's OpenAPI document. */
export function createContractRegistry(): z.core.$ZodRegistry<TSchemaMeta> {
  const registry = new ContractRegistry();
  const ids = new Set<string>();
  const exports = CONTRACT_MODULES.flatMap((module) => Object.entries(module));
  for (const [name, value] of exports) {
    if (!/^Z[A-Z]/.test(name) || !(value instanceof z.core.$ZodType)) continue;
    // An export that is another's alias keeps the first name.
    if (registry.has(value)) continue;
    const id = z.globalRegistry.get(value)?.id ?? name.slice(1);
    if (ids.has(id)) continue;
    ids.add(id);
    registry.add(value, { id });
  }
  return registry;
}
