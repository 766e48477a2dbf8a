import { ROLES, ZName, ZRole } from '@touchstone/core';
import type { Command } from 'commander';
import { insertNewApiKey } from '../api-keys/api-keys.service.js';
import { action, withDatabaseOption, withServices, type TCliIo } from './cli-context.js';
import { resolveOrganizationId } from './org-option.js';

/** `touchstone apikey create`: prints a new key's secret once. */
export function registerApiKeyCommand(program: Command, io: TCliIo): void {
  const apikey = program.command('apikey').description('manage API keys');
  withDatabaseOption(
    apikey
      .command('create')
      .description('create an API key for an organization and print its secret (shown once)')
      .requiredOption('--name <name>', 'what the key is for')
      .option('--role <role>', `one of ${ROLES.join(', ')}`, 'analyst')
      .option('--org <slug>', 'organization (default: the only one)'),
  ).action(
    action(io, async (options: { name: string; role: string; org?: string; database?: string }) => {
      const name = ZName.parse(options.name);
      const role = ZRole.parse(options.role);
      await withServices(options, async ({ storage }) => {
        const orgId = await resolveOrganizationId(storage.db, options.org);
        const { secret } = await insertNewApiKey(storage.db, orgId, { name, role }, 'cli');
        io.out(`${secret}\n`);
      });
    }),
  );
}
