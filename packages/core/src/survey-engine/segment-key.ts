/**
 * Percent-escapes the three characters with meaning in a segment key. `%` goes first, so that
 * escaping is reversible: a literal `%3B` becomes `%253B` and decodes back to `%3B`.
 */
function escapePart(text: string): string {
  return text.replace(/%/g, '%25').replace(/;/g, '%3B').replace(/=/g, '%3D');
}

const ESCAPED: Record<string, string> = { '%25': '%', '%3B': ';', '%3D': '=' };

function unescapePart(text: string): string {
  // One left-to-right pass, the inverse of escapePart.
  return text.replace(/%(25|3B|3D)/g, (match) => ESCAPED[match] ?? match);
}

function valueText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'object':
    case 'function':
    case 'symbol':
      // Missing, null, or not a scalar: not a segment value.
      return undefined;
  }
}

/**
 * The canonical segment of a response: `key=value;key=value`, only the given keys, sorted by
 * key (code-unit order, the same on every machine), a key whose value is missing or null left
 * out. Numbers and booleans are written as text, so `{ tier: 2 }` and `{ tier: '2' }` share a
 * segment. `;`, `=` and `%` in keys and values are percent-escaped, so keys never collide.
 */
export function segmentKey(
  attributes: Record<string, unknown>,
  segmentAttributeKeys: readonly string[],
): string {
  const keys = [...new Set(segmentAttributeKeys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: string[] = [];
  for (const key of keys) {
    const text = Object.hasOwn(attributes, key) ? valueText(attributes[key]) : undefined;
    if (text !== undefined) parts.push(`${escapePart(key)}=${escapePart(text)}`);
  }
  return parts.join(';');
}

/** Reads a segment key back into its attributes (values as text); '' gives {}. */
export function parseSegmentKey(key: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (key === '') return attributes;
  for (const part of key.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = unescapePart(part.slice(0, eq));
    // defineProperty: a key such as __proto__ stays an own property instead of a prototype.
    Object.defineProperty(attributes, name, {
      value: unescapePart(part.slice(eq + 1)),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return attributes;
}
