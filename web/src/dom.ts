/** A small element builder: text always goes in as text nodes, never as HTML. */

type Child = Node | string | number | null | undefined | false;
export type Children = Child | readonly Children[];
type Attributes = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Children[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (name === 'className') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Children[]): void {
  for (const child of children as Child[]) {
    if (Array.isArray(child)) {
      append(parent, child as readonly Children[]);
      continue;
    }
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Children[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`page element #${id} is missing`);
  return element as T;
}

/** Arabic (and any right-to-left) text: marked with its language and direction so it reads and aligns correctly. */
export function langAttributes(language: string | null | undefined, text: string): Attributes {
  const lang = language ?? (/[\u0600-\u06FF]/.test(text) ? 'ar' : null);
  if (lang === 'ar') return { lang: 'ar', dir: 'rtl' };
  return lang ? { lang, dir: 'auto' } : { dir: 'auto' };
}
