// Compare a variant with the baseline (paired on the same seeds), and a small grid over
// one or two levers, plotted at the last month and downloadable as tidy CSV. Both run on
// the server, which also computes every number plotted.
import { Chart } from './libs.js';
import { api } from './api.js';
import { $, element, faded, formatNumber, kLineColours } from './dom.js';
import { charts } from './charts.js';
import { levers } from './levers.js';

export const experiments = {
  host: null,       // the page: act(request), fail(error), metrics (charted names)
  diffChart: null,
  shownCompare: null,
  gridShown: 0,     // the session's grid result drawn (state.grid_result), 0: none
  gridPlot: null,   // its plot data, from GET /api/grid
  gridChart: null,

  attach(host) { experiments.host = host; },

  // The metrics to compare: those ticked under the button, else the charted ones.
  compareMetrics() {
    const ticked = [...document.querySelectorAll('#compare-metrics input:checked')]
      .map((input) => input.value);
    return ticked.length ? ticked : experiments.host.metrics;
  },

  // A box per charted metric, so the student picks what the comparison reports.
  renderCompareMetrics(metrics, infoByName) {
    const box = $('compare-metrics');
    const before = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
    box.replaceChildren();
    metrics.forEach((name) => {
      const label = element('label', undefined, 'compare-metric');
      const check = element('input');
      check.type = 'checkbox';
      check.value = name;
      check.checked = before.size === 0 || before.has(name);
      label.title = (infoByName[name] || {}).description || name;
      label.append(check, ' ' + name);
      box.appendChild(label);
    });
  },

  async compare() {
    const key = $('variant-key').value;
    const value = $('variant-value').value.trim();
    const sets = $('variant-extra').value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (key) sets.unshift(key + '=' + value);
    await experiments.host.act(() => api.post('/api/compare',
      { sets, metrics: experiments.compareMetrics() }));
  },

  async grid() {
    const chosen = [];
    [1, 2].forEach((n) => {
      const key = $('grid-key' + n).value;
      const values = $('grid-values' + n).value.split(',').map((v) => v.trim())
        .filter((v) => v !== '');
      if (key) chosen.push({ key, values });
    });
    await experiments.host.act(() => api.post('/api/grid',
      { levers: chosen, metrics: experiments.host.metrics }));
  },

  // Fetches a finished grid's plot once; hides the plot when the session has none.
  async showGrid(number) {
    if (number === experiments.gridShown) return;
    experiments.gridShown = number;
    const box = $('grid-result');
    if (!number) {
      box.hidden = true;
      experiments.gridPlot = null;
      return;
    }
    try {
      experiments.gridPlot = await api.get('/api/grid');
    } catch (error) {
      experiments.host.fail(error);
      return;
    }
    const select = $('grid-metric');
    const previous = select.value;
    select.replaceChildren();
    Object.keys(experiments.gridPlot.metrics).forEach((name) => {
      const option = element('option', name);
      option.value = name;
      select.appendChild(option);
    });
    if ([...select.options].some((o) => o.value === previous)) select.value = previous;
    box.hidden = false;
    experiments.drawGrid();
  },

  // The chosen metric against the first lever: per line (a value of the second lever) the
  // 95% band and the means as points.
  drawGrid() {
    const plot = experiments.gridPlot;
    const name = $('grid-metric').value;
    if (experiments.gridChart) experiments.gridChart.destroy();
    experiments.gridChart = null;
    if (!plot || !plot.metrics[name]) return;
    const metric = plot.metrics[name];
    const numeric = Array.isArray(plot.x_number);
    const at = (values) => values.map((y, j) => (numeric ? { x: plot.x_number[j], y } : y));
    const datasets = [];
    metric.lines.forEach((line, i) => {
      const colour = kLineColours[i % kLineColours.length];
      const label = plot.line_key ? levers.nameOf(plot.line_key) + ' = ' + line.value : 'mean';
      datasets.push(
        { role: 'high', data: at(line.high), borderWidth: 0, pointRadius: 0, fill: false },
        { role: 'low', data: at(line.low), borderWidth: 0, pointRadius: 0, fill: '-1',
          backgroundColor: faded(colour, 0.2) },
        { role: 'mean', label, data: at(line.mean), borderColor: colour, backgroundColor: colour,
          borderWidth: 2, pointRadius: 4, fill: false });
    });
    experiments.gridChart = new Chart($('grid-chart'), {
      type: 'line',
      data: { labels: numeric ? [] : plot.x, datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: {
          title: { display: true, text: name + ' at ' + plot.month + ': mean and 95% interval over ' +
            plot.replications + ' replications' },
          legend: { labels: { filter: (item, data) =>
            data.datasets[item.datasetIndex].role === 'mean' } },
        },
        scales: {
          x: { type: numeric ? 'linear' : 'category',
               title: { display: true, text: levers.nameOf(plot.x_key) } },
          y: { title: { display: true, text: metric.units } },
        },
      },
    });
    // For tests and scripts: what the plot shows, without reading the canvas.
    const box = $('grid-chart-box');
    box.dataset.lines = String(metric.lines.length);
    box.dataset.points = String(metric.lines.reduce((n, line) => n + line.mean.length, 0));
  },

  // The table of B - A with its interval, and the difference over time for the metric
  // chosen under it. Drawn once per result.
  show(result) {
    if (!result) {  // none, or a new comparison asked for: no earlier table stays
      if (experiments.shownCompare) $('compare-result').replaceChildren();
      experiments.shownCompare = null;
      return;
    }
    if (result === experiments.shownCompare) return;
    experiments.shownCompare = result;
    const box = $('compare-result');
    box.replaceChildren();
    box.appendChild(element('p', 'variant: ' + result.variant.join(', ') + '; ' +
      (result.paired ? 'paired by replication (same seeds)' : 'unpaired (Welch)') +
      '; * the 95% interval excludes 0', 'note'));
    box.appendChild(experiments.table(result));
    if (result.rows.length === 0) return;
    const select = element('select');
    select.id = 'compare-metric';
    result.rows.forEach((row) => {
      const option = element('option', row.metric);
      option.value = row.metric;
      select.appendChild(option);
    });
    // The first metric the variant clearly changes, else the first.
    select.value = (result.rows.find((row) => row.clear) || result.rows[0]).metric;
    select.addEventListener('change', () => experiments.drawDifference(result, select.value));
    const label = element('label', 'Difference over time of ');
    label.appendChild(select);
    const chartBox = element('div', undefined, 'plot-box');
    chartBox.id = 'compare-chart-box';
    const canvas = element('canvas');
    canvas.id = 'compare-chart';
    chartBox.appendChild(canvas);
    box.append(label, chartBox);
    experiments.drawDifference(result, select.value);
  },

  table(result) {
    const f = formatNumber;
    const table = element('table');
    table.id = 'compare-table';
    const head = element('tr');
    ['metric', 'baseline', 'variant', 'difference', '95% interval']
      .forEach((title) => head.appendChild(element('th', title)));
    table.appendChild(head);
    result.rows.forEach((row) => {
      const line = element('tr', undefined, row.clear ? 'clear' : '');
      line.dataset.metric = row.metric;
      const name = element('td', row.metric);
      name.title = row.units;
      line.append(name, element('td', f(row.mean_a)), element('td', f(row.mean_b)),
        element('td', f(row.difference.mean) + (row.clear ? ' *' : '')),
        element('td', '[' + f(row.difference.low) + ', ' + f(row.difference.high) + ']'));
      line.addEventListener('click', () => {
        $('compare-metric').value = row.metric;
        experiments.drawDifference(result, row.metric);
      });
      table.appendChild(line);
    });
    return table;
  },

  // Variant - baseline month by month with its 95% band (numbers from the server).
  drawDifference(result, metric) {
    const row = result.rows.find((r) => r.metric === metric);
    if (experiments.diffChart) experiments.diffChart.destroy();
    experiments.diffChart = charts.bandChart($('compare-chart'), metric + ': variant - baseline',
      row.units, 'rgb(180, 80, 30)');
    charts.fill(experiments.diffChart, result.labels, result.series[metric]);
    $('compare-chart-box').dataset.metric = metric;
  },
};
