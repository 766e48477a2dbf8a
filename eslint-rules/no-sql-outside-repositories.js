// Repositories and storage are the only places with SQL. Import analysis cannot see a service that
// calls `storage.db.selectFrom(...)` (it needs no import of kysely), so this rule looks at the calls.

/** Kysely's query starters: distinctive names, flagged whatever the receiver's type. */
const QUERY_STARTERS = new Set([
  'selectFrom',
  'insertInto',
  'updateTable',
  'deleteFrom',
  'replaceInto',
  'mergeInto',
  'selectNoFrom',
  'executeQuery',
]);

/** Common names, flagged only when the called method is declared by the database package. */
const DRIVER_METHODS = new Map([
  ['with', /[\\/]node_modules[\\/]kysely[\\/]/], // a CTE on a Kysely handle
  ['withRecursive', /[\\/]node_modules[\\/]kysely[\\/]/],
  ['prepare', /[\\/]node_modules[\\/]@types[\\/]better-sqlite3[\\/]/],
  ['exec', /[\\/]node_modules[\\/]@types[\\/]better-sqlite3[\\/]/],
  ['query', /[\\/]node_modules[\\/](@types[\\/]pg|pg)[\\/]/],
]);

const DATABASE_PACKAGES = new Set(['kysely', 'better-sqlite3', 'pg']);

const methodName = (callee) =>
  callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier'
    ? callee.property.name
    : undefined;

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'SQL only in *.repository.ts files and storage/' },
    schema: [],
    messages: {
      query:
        '`.{{name}}(...)` builds or runs SQL: move the query into the owning capability’s *.repository.ts.',
      sqlTag: 'The `sql` template is raw SQL: move it into a *.repository.ts (or storage/).',
      valueImport:
        'Value import of `{{source}}` outside repositories and storage: use `import type`, or move the code into a repository.',
    },
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    const checker = services?.program ? services.program.getTypeChecker() : undefined;

    /** Whether the method called through `property` is declared in a file matching `where`. */
    const declaredIn = (property, where) => {
      if (!checker) return false;
      const tsNode = services.esTreeNodeToTSNodeMap.get(property);
      const symbol = tsNode && checker.getSymbolAtLocation(tsNode);
      const declarations = symbol?.declarations ?? [];
      return declarations.some((d) => where.test(d.getSourceFile().fileName));
    };

    const checkImport = (node, source, typeOnly) => {
      if (typeof source !== 'string' || typeOnly) return;
      if (DATABASE_PACKAGES.has(source)) {
        context.report({ node, messageId: 'valueImport', data: { source } });
      }
    };

    return {
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === 'type' ||
          (node.specifiers.length > 0 &&
            node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
        checkImport(node, node.source.value, typeOnly);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') checkImport(node, node.source.value, false);
      },
      CallExpression(node) {
        const name = methodName(node.callee);
        if (name === undefined) {
          return;
        }
        if (QUERY_STARTERS.has(name)) {
          context.report({ node: node.callee.property, messageId: 'query', data: { name } });
          return;
        }
        const where = DRIVER_METHODS.get(name);
        if (where && declaredIn(node.callee.property, where)) {
          context.report({ node: node.callee.property, messageId: 'query', data: { name } });
          return;
        }
        // sql.raw(...), sql.ref(...), sql.join(...), sql.lit(...)
        if (node.callee.object.type === 'Identifier' && node.callee.object.name === 'sql') {
          context.report({ node: node.callee, messageId: 'sqlTag' });
        }
      },
      TaggedTemplateExpression(node) {
        const tag = node.tag.type === 'TSInstantiationExpression' ? node.tag.expression : node.tag;
        if (tag.type === 'Identifier' && tag.name === 'sql') {
          context.report({ node: node.tag, messageId: 'sqlTag' });
        }
      },
    };
  },
};
