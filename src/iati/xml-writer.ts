/**
 * A small XML writer: elements as plain data, serialised with every attribute value and text node escaped.
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped rather
 * than escaped, since no escape makes them legal.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string | undefined>>;
  readonly children?: readonly (XmlElement | string)[];
}

const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeText(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  // Tabs and line breaks in attributes are normalised to spaces by parsers unless written as references.
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

export function element(
  name: string,
  attributes: Readonly<Record<string, string | undefined>> = {},
  ...children: readonly (XmlElement | string | null | undefined | false)[]
): XmlElement {
  return { name, attributes, children: children.filter((child): child is XmlElement | string => typeof child === 'string' || (!!child && typeof child === 'object')) };
}

function serialise(node: XmlElement, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(node.attributes ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  const children = node.children ?? [];
  if (children.length === 0) {
    out.push(`${indent}<${node.name}${attributes}/>`);
  } else if (children.every((child) => typeof child === 'string')) {
    out.push(`${indent}<${node.name}${attributes}>${children.map((child) => escapeText(child as string)).join('')}</${node.name}>`);
  } else {
    out.push(`${indent}<${node.name}${attributes}>`);
    for (const child of children) {
      if (typeof child === 'string') out.push(`${indent}  ${escapeText(child)}`);
      else serialise(child, depth + 1, out);
    }
    out.push(`${indent}</${node.name}>`);
  }
}

/** The document: an XML declaration, then the root element, indented two spaces a level. */
export function xmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  serialise(root, 0, out);
  return `${out.join('\n')}\n`;
}
