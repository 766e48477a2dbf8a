/**
 * The only way the renderer builds DOM: elements with attributes and text nodes. Survey and
 * respondent text is always a text node, never parsed as markup.
 */

type TChild = Node | string | null | undefined | false;
type TAttrs = Record<string, string | number | boolean | null | undefined>;

/** Creates an element; `true` attributes are set empty, `false`/null/undefined are left out. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: TAttrs = {},
  ...children: TChild[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

/** Appends children; strings become text nodes. */
export function append(parent: Node, ...children: TChild[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Removes every child of a node. */
export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

let counter = 0;
/** A document-unique id for label and description references. */
export function uid(prefix: string): string {
  counter += 1;
  return `ts-${prefix}-${counter}`;
}

/** Text read by screen readers only (the class is defined in the survey stylesheet). */
export function srOnly(text: string): HTMLSpanElement {
  return el('span', { class: 'ts-sr' }, text);
}
