/** What piped placeholders may show: the invited customer, the touchpoint, hidden fields. */
export interface TPipingContext {
  customer?: { firstName?: string | null; name?: string | null } | null;
  touchpoint?: { name: string } | null;
  hidden: Record<string, string>;
}

/** `{{ path }}` where path is letters, digits, `_` and dots; anything else is left as written. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]*)\s*\}\}/g;

function placeholderValue(scope: string, key: string, context: TPipingContext): string {
  switch (scope) {
    case 'customer':
      if (key === 'firstName') return context.customer?.firstName ?? '';
      if (key === 'name') return context.customer?.name ?? '';
      return '';
    case 'touchpoint':
      return key === 'name' ? (context.touchpoint?.name ?? '') : '';
    case 'hidden':
      return Object.hasOwn(context.hidden, key) ? (context.hidden[key] ?? '') : '';
    default:
      return '';
  }
}

/**
 * Fills `{{customer.firstName}}`, `{{customer.name}}`, `{{touchpoint.name}}` and
 * `{{hidden.<key>}}` in a question text; unknown placeholders and missing values become ''.
 * One pass: a value that itself looks like a placeholder is not expanded again.
 * The result is plain text, not markup: values come from URLs and customer records, so the
 * renderer must escape it (textContent in the widget, JSX in React pages).
 */
export function pipeText(template: string, context: TPipingContext): string {
  return template.replace(PLACEHOLDER, (_match, path: string) => {
    const dot = path.indexOf('.');
    return dot === -1 ? '' : placeholderValue(path.slice(0, dot), path.slice(dot + 1), context);
  });
}

/**
 * The first name for `{{customer.firstName}}`: customers carry one name field, so it is the
 * name's first word; null when there is no name.
 */
export function firstNameOf(name: string | null | undefined): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first === undefined || first === '' ? null : first;
}
