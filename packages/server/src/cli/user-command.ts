import { ROLES, ZEmail, ZName, ZPassword, ZRole } from '@touchstone/core';
import type { Command } from 'commander';
import { createOrganization } from '../organizations/organizations.service.js';
import { createAccountWithMembership, ensureAccount } from '../users/users.service.js';
import { randomToken } from '../auth/tokens.js';
import { action, withDatabaseOption, withServices, type TCliIo } from './cli-context.js';
import { resolveOrganizationId } from './org-option.js';

interface TUserCreateOptions {
  email: string;
  name: string;
  role: string;
  password?: string;
  org?: string;
  newOrg?: string;
  database?: string;
}

/** `touchstone user create`: adds a person to an organization, or founds one with them as owner. */
export function registerUserCommand(program: Command, io: TCliIo): void {
  const user = program.command('user').description('manage people who sign in');
  withDatabaseOption(
    user
      .command('create')
      .description('create a user with a role in an organization (or a new organization)')
      .requiredOption('--email <email>', 'sign-in email')
      .requiredOption('--name <name>', 'display name')
      .option('--role <role>', `one of ${ROLES.join(', ')}`, 'viewer')
      .option('--password <password>', 'at least 10 characters (default: a random one, printed)')
      .option('--org <slug>', 'organization to join (default: the only one)')
      .option('--new-org <name>', 'found a new organization with this user as its owner'),
  ).action(
    action(io, async (options: TUserCreateOptions) => {
      const email = ZEmail.parse(options.email);
      const name = ZName.parse(options.name);
      const role = ZRole.parse(options.role);
      const generated = options.password === undefined;
      const password = ZPassword.parse(options.password ?? randomToken(12));
      await withServices(options, async ({ storage }) => {
        if (options.newOrg !== undefined) {
          const { userId } = await ensureAccount(storage.db, { email, name, password });
          const org = await createOrganization(
            storage,
            { name: ZName.parse(options.newOrg) },
            userId,
          );
          io.out(`created organization ${org.slug} with owner ${email}\n`);
        } else {
          const orgId = await resolveOrganizationId(storage.db, options.org);
          await storage.db
            .transaction()
            .execute((trx) =>
              createAccountWithMembership(trx, orgId, { email, name, role, password }),
            );
          io.out(`created ${role} ${email}\n`);
        }
        if (generated) io.out(`password: ${password}\n`);
      });
    }),
  );
}
