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

  // The table of B - A with its interval, and the difference over time for the first
  // metric. Drawn once per result.
  show(result) {
    if (!result || result === experiments.shownCompare) return;
    experiments.shownCompare = result;
    const box = document.getElementById('compare-result');
    const f = experiments.format;
    let html = '<p class="note">variant: ' + result.variant.join(', ') + '; ' +
      (result.paired ? 'paired by replication (same seeds)' : 'unpaired (Welch)') +
      '; * the 95% interval excludes 0</p><table id="compare-table"><tr><th>metric</th>' +
      '<th>baseline</th><th>variant</th><th>difference</th><th>95% interval</th></tr>';
    result.rows.forEach((row) => {
      html += '<tr class="' + (row.clear ? 'clear' : '') + '"><td title="' + row.units + '">' +
        row.metric + '</td><td>' +
        f(row.mean_a) + '</td><td>' + f(row.mean_b) + '</td><td>' + f(row.difference.mean) +
        (row.clear ? ' *' : '') + '</td><td>[' + f(row.difference.low) + ', ' +
        f(row.difference.high) + ']</td></tr>';
    });
    box.innerHTML = html + '</table><div id="compare-chart-box"><canvas id="compare-chart">' +
      '</canvas></div>';
    if (result.rows.length === 0) return;
    // The first metric the variant clearly changes, else the first.
    const first = result.rows.find((row) => row.clear) || result.rows[0];
    if (experiments.diffChart) experiments.diffChart.destroy();
    experiments.diffChart = charts.bandChart(document.getElementById('compare-chart'),
      first.metric + ': variant - baseline', first.units, 'rgb(180, 80, 30)');
    charts.fill(experiments.diffChart, result.labels, result.series[first.metric]);
  },
};
