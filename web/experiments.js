// Compare a variant with the baseline (paired on the same seeds), and a small grid
// over one or two levers, plotted at the last month and downloadable as tidy CSV. Both
// run on the server, which also computes every number plotted.
'use strict';
const kLineColours = ['rgb(30, 90, 160)', 'rgb(200, 90, 30)', 'rgb(40, 140, 70)',
  'rgb(150, 60, 160)', 'rgb(120, 120, 120)'];

const experiments = {
  diffChart: null,
  shownCompare: null,
  gridShown: 0,     // the session's grid result drawn (state.grid_result), 0: none
  gridPlot: null,   // its plot data, from GET /api/grid
  gridChart: null,

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

  // Fetches a finished grid's plot once; hides the plot when the session has none.
  async showGrid(number) {
    if (number === experiments.gridShown) return;
    experiments.gridShown = number;
    const box = document.getElementById('grid-result');
    if (!number) {
      box.hidden = true;
      experiments.gridPlot = null;
      return;
    }
    try {
      experiments.gridPlot = await api.get('/api/grid');
    } catch (error) {
      page.fail(error);
      return;
    }
    const select = document.getElementById('grid-metric');
    const previous = select.value;
    select.replaceChildren();
    Object.keys(experiments.gridPlot.metrics).forEach((name) => {
      const option = experiments.element('option', name);
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
    const name = document.getElementById('grid-metric').value;
    if (experiments.gridChart) experiments.gridChart.destroy();
    experiments.gridChart = null;
    if (!plot || !plot.metrics[name]) return;
    const metric = plot.metrics[name];
    const numeric = Array.isArray(plot.x_number);
    const at = (values) => values.map((y, j) => (numeric ? { x: plot.x_number[j], y } : y));
    const datasets = [];
    metric.lines.forEach((line, i) => {
      const colour = kLineColours[i % kLineColours.length];
      const label = plot.line_key ? experiments.leverName(plot.line_key) + ' = ' + line.value
        : 'mean';
      datasets.push(
        { role: 'high', data: at(line.high), borderWidth: 0, pointRadius: 0, fill: false },
        { role: 'low', data: at(line.low), borderWidth: 0, pointRadius: 0, fill: '-1',
          backgroundColor: colour.replace('rgb', 'rgba').replace(')', ', 0.2)') },
        { role: 'mean', label, data: at(line.mean), borderColor: colour, backgroundColor: colour,
          borderWidth: 2, pointRadius: 4, fill: false });
    });
    const canvas = document.getElementById('grid-chart');
    experiments.gridChart = new Chart(canvas, {
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
               title: { display: true, text: experiments.leverName(plot.x_key) } },
          y: { title: { display: true, text: metric.units } },
        },
      },
    });
    // For tests and scripts: what the plot shows, without reading the canvas.
    const box = document.getElementById('grid-chart-box');
    box.dataset.lines = String(metric.lines.length);
    box.dataset.points = String(metric.lines.reduce((n, line) => n + line.mean.length, 0));
  },

  // A lever's label on the page, else its key.
  leverName(key) {
    const lever = levers.list.find((l) => l.key === key);
    return lever ? lever.label : key;
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
