import type { Command } from 'commander';
import { rebuildOrganizationRollups } from '../analytics/rollup-rebuild.js';
import {
  findOrganizationBySlug,
  listOrganizationSlugs,
} from '../organizations/organizations.repository.js';
import { action, withDatabaseOption, withServices, type TCliIo } from './cli-context.js';

/** `touchstone rollups rebuild [--org slug]`: recomputes rollups from the stored responses. */
export function registerRollupsCommand(program: Command, io: TCliIo): void {
  const rollups = program
    .command('rollups')
    .description('Maintain the analytics rollups (sufficient statistics kept on write)');
  withDatabaseOption(
    rollups
      .command('rebuild')
      .description(
        'Recompute the rollups of one organization (or of every one) from its responses, ' +
          'each organization in one transaction',
      )
      .option('--org <slug>', 'only this organization'),
  ).action(
    action(io, async (options: { database?: string; org?: string }) => {
      await withServices(options, async ({ storage }) => {
        let orgs: { id: string; slug: string }[];
        if (options.org !== undefined) {
          const org = await findOrganizationBySlug(storage.db, options.org);
          if (!org) throw new Error(`no organization with slug "${options.org}"`);
          orgs = [{ id: org.id, slug: options.org }];
        } else {
          orgs = await listOrganizationSlugs(storage.db);
        }
        for (const org of orgs) {
          const s = await rebuildOrganizationRollups(storage, org.id);
          io.out(
            `${org.slug}: ${s.valueCells} value cells, ${s.crossProductCells} cross-product cells ` +
              `from ${s.responses} responses with answers in ${(s.milliseconds / 1000).toFixed(2)} s ` +
              `(rollup version ${s.version})\n`,
          );
        }
      });
    }),
  );
}
