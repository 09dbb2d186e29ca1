// Debian's Chart.js (libjs-chart.js 3.x) and d3 (libjs-d3 3.x) are UMD scripts that
// index.html loads before the modules; this module is the one place that reads their
// globals, so every other module imports them by name.
export const Chart = globalThis.Chart;
export const d3 = globalThis.d3;
export const librariesMissing = typeof Chart === 'undefined' || typeof d3 === 'undefined';
