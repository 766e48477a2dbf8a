import type { TDb } from '../storage/database.js';
import {
  findOrganizationBySlug,
  listSomeOrganizations,
} from '../organizations/organizations.repository.js';

/** The organization a command acts on: the one named by slug, or the only one there is. */
export async function resolveOrganizationId(db: TDb, slug: string | undefined): Promise<string> {
  if (slug !== undefined) {
    const org = await findOrganizationBySlug(db, slug);
    if (!org) throw new Error(`no organization with slug "${slug}"`);
    return org.id;
  }
  const orgs = await listSomeOrganizations(db, 2);
  if (orgs.length === 0) throw new Error('the database has no organization yet (see --help)');
  if (orgs.length > 1) throw new Error('several organizations exist: name one with --org <slug>');
  return orgs[0]?.id ?? '';
}
