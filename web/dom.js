// Small DOM helpers shared by the page's modules.

export const $ = (id) => document.getElementById(id);

// An element with text: whatever a user typed or a file named is shown as text, never
// read as markup.
export function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function formatNumber(x) { return x === null ? 'n/a' : Number(x).toPrecision(4); }

// A colour with transparency, for bands: 'rgb(1, 2, 3)' -> 'rgba(1, 2, 3, alpha)'.
export function faded(colour, alpha) {
  return colour.replace('rgb', 'rgba').replace(')', ', ' + alpha + ')');
}

export const kLineColours = ['rgb(30, 90, 160)', 'rgb(200, 90, 30)', 'rgb(40, 140, 70)',
  'rgb(150, 60, 160)', 'rgb(120, 120, 120)'];

// The first sentence of a text, for names and titles.
export function firstSentence(text) {
  const end = (text || '').indexOf('. ');
  return end < 0 ? (text || '') : text.slice(0, end + 1);
}
