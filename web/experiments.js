// Compare a variant with the baseline (paired on the same seeds), and a small grid
// over one or two levers downloadable as tidy CSV. Both run on the server.
'use strict';
const experiments = {
  diffChart: null,
  shownCompare: null,

  async compare() {
    const key = document.getElementById('variant-key').value;
    const value = document.getElementById('variant-value').value.trim();
    const sets = document.getElementById('variant-extra').value.split(',')
      .map((s) => s.trim()).filter((s) => s !== '');
    if (key) sets.unshift(key + '=' + value);
    await page.act(() => api.post('/api/compare', { sets, metrics: page.metrics }));
  },

  async grid() {
    const levers = [];
    [1, 2].forEach((n) => {
      const key = document.getElementById('grid-key' + n).value;
      const values = document.getElementById('grid-values' + n).value.split(',')
        .map((v) => v.trim()).filter((v) => v !== '');
      if (key) levers.push({ key, values });
    });
    await page.act(() => api.post('/api/grid', { levers, metrics: page.metrics }));
  },

  format(x) { return x === null ? 'n/a' : Number(x).toPrecision(4); },

  // An element with text: whatever a user typed or a file named is shown as text,
  // never read as markup.
  element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  },

  // The table of B - A with its interval, and the difference over time for the first
  // metric. Drawn once per result.
  show(result) {
    if (!result || result === experiments.shownCompare) return;
    experiments.shownCompare = result;
    const box = document.getElementById('compare-result');
    const f = experiments.format;
    const el = experiments.element;
    box.replaceChildren();
    box.appendChild(el('p', 'variant: ' + result.variant.join(', ') + '; ' +
      (result.paired ? 'paired by replication (same seeds)' : 'unpaired (Welch)') +
      '; * the 95% interval excludes 0', 'note'));
    const table = el('table');
    table.id = 'compare-table';
    const head = el('tr');
    ['metric', 'baseline', 'variant', 'difference', '95% interval']
      .forEach((title) => head.appendChild(el('th', title)));
    table.appendChild(head);
    result.rows.forEach((row) => {
      const line = el('tr', undefined, row.clear ? 'clear' : '');
      const name = el('td', row.metric);
      name.title = row.units;
      line.append(name, el('td', f(row.mean_a)), el('td', f(row.mean_b)),
        el('td', f(row.difference.mean) + (row.clear ? ' *' : '')),
        el('td', '[' + f(row.difference.low) + ', ' + f(row.difference.high) + ']'));
      table.appendChild(line);
    });
    const chartBox = el('div');
    chartBox.id = 'compare-chart-box';
    const canvas = el('canvas');
    canvas.id = 'compare-chart';
    chartBox.appendChild(canvas);
    box.append(table, chartBox);
    if (result.rows.length === 0) return;
    // The first metric the variant clearly changes, else the first.
    const first = result.rows.find((row) => row.clear) || result.rows[0];
    if (experiments.diffChart) experiments.diffChart.destroy();
    experiments.diffChart = charts.bandChart(document.getElementById('compare-chart'),
      first.metric + ': variant - baseline', first.units, 'rgb(180, 80, 30)');
    charts.fill(experiments.diffChart, result.labels, result.series[first.metric]);
  },
};
