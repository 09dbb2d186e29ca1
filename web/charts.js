// Live charts with Chart.js: the mean over replications and its 95% band, months on
// the x axis, the metric's units on the y axis; the previous run as a faint line, the
// scenario's events as marked months, and observed data (GET /api/configure's
// `observed`) as black marks whose tooltip names the source.
import { Chart } from './libs.js';
import { $, element, faded, firstSentence } from './dom.js';

const kEventColours = { sanctions: '#b22', budget: '#2a7', centers: '#27c', firms: '#a6a',
  moratorium: '#c80', parameters: '#888' };

// Draws a dashed vertical line and a number at each event's month ({date, kind}) that
// the chart's labels include.
const eventMarkers = {
  id: 'eventMarkers',
  afterDatasetsDraw(chart, args, options) {
    const events = options.events || [];
    const labels = chart.data.labels;
    const { ctx, chartArea, scales } = chart;
    events.forEach((event, i) => {
      const index = labels.indexOf(event.date);
      if (index < 0) return;
      const x = scales.x.getPixelForValue(index);
      ctx.save();
      ctx.strokeStyle = kEventColours[event.kind] || '#888';
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.fillStyle = ctx.strokeStyle;
      ctx.font = '10px sans-serif';
      ctx.fillText(String(i + 1), x + 2, chartArea.top + 10);
      ctx.restore();
    });
  },
};

export const charts = {
  byMetric: {},
  events: [],       // the scenario's events: {date, title, kind, note}
  observed: [],     // data: {metric, name, reduction, from, to, value, standard_error, source}
  previous: null,   // the run before the last change: {labels, series: {name: mean[]}}
  current: null,    // the run shown: {labels, series}

  // A line with a band: datasets high, low (filled up to high), mean, then the previous
  // run's mean, faint.
  bandChart(canvas, title, units, colour, subtitle) {
    return new Chart(canvas, {
      type: 'line',
      plugins: [eventMarkers],
      data: { labels: [], datasets: [
        { role: 'high', label: '95% high', data: [], borderWidth: 0, pointRadius: 0,
          fill: false },
        { role: 'low', label: '95% band', data: [], borderWidth: 0, pointRadius: 0, fill: '-1',
          backgroundColor: faded(colour, 0.2) },
        { role: 'mean', label: 'mean', data: [], borderColor: colour, borderWidth: 2,
          pointRadius: 0, fill: false },
        { role: 'previous', label: 'before the last change', data: [], borderColor: faded(colour, 0.35),
          borderDash: [5, 4], borderWidth: 1.5, pointRadius: 0, fill: false, hidden: false },
      ] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: {
          title: { display: true, text: title },
          tooltip: { callbacks: { footer: charts.sourceOf } },
          subtitle: { display: Boolean(subtitle), text: subtitle || '' },
          legend: { labels: { boxWidth: 12, filter: (item, data) =>
            item.text !== '95% high' && data.datasets[item.datasetIndex].data.length > 0 } },
          eventMarkers: { events: charts.events },
        },
        scales: {
          x: { title: { display: true, text: 'month' }, ticks: { maxTicksLimit: 8 } },
          y: { title: { display: true, text: units } },
        },
      },
    });
  },

  // One chart per chosen metric, empty. `infoByName`: name -> {units, description}.
  reset(metrics, infoByName) {
    Object.values(charts.byMetric).forEach((chart) => chart.destroy());
    charts.byMetric = {};
    const box = $('charts');
    box.replaceChildren();
    metrics.forEach((name) => {
      const info = infoByName[name] || { units: '', description: name };
      const holder = element('div', undefined, 'chart');
      holder.dataset.metric = name;
      holder.title = info.description;
      const canvas = element('canvas');
      canvas.id = 'chart-' + name;
      holder.appendChild(canvas);
      box.appendChild(holder);
      const chart = charts.bandChart(canvas, charts.shortTitle(info.description, name),
        charts.unitText(info.units), 'rgb(30, 90, 160)', name + ' (' + (info.units || '1') + ')');
      charts.observed.filter((o) => o.metric === name)
        .forEach((o) => chart.data.datasets.push(charts.observedDataset(o)));
      charts.byMetric[name] = chart;
    });
    charts.showEvents();
  },

  // A datum as a dataset: a mark at its month, or a level over its window.
  observedDataset(datum) {
    const single = datum.from === datum.to;
    return { role: 'observed', datum, label: 'observed: ' + datum.name, data: [],
      borderColor: '#000', backgroundColor: '#000', borderWidth: single ? 1 : 3,
      pointStyle: 'rectRot', pointRadius: single ? 6 : 0, pointHoverRadius: 7,
      showLine: !single, fill: false, spanGaps: false };
  },

  // The tooltip's footer: where observed data come from.
  sourceOf(items) {
    return items.filter((item) => item.dataset.role === 'observed').map((item) => {
      const datum = item.dataset.datum;
      return 'data (' + (datum.reduction === 'mean' ? 'mean ' + datum.from + ' to ' + datum.to
        : datum.to) + ', standard error ' + datum.standard_error + '): ' + datum.source;
    });
  },

  // Values of a datum on these labels: its value inside its window, else nothing.
  observedOn(datum, labels) {
    return labels.map((label) => (label >= datum.from && label <= datum.to ? datum.value : null));
  },

  // A unit for an axis: "1" (a ratio) in words.
  unitText(units) { return !units || units === '1' ? 'ratio (no unit)' : units; },

  shortTitle(description, name) {
    const text = firstSentence(description || name).replace(/\.$/, '');
    return text.length > 60 ? text.slice(0, 57) + '...' : text;
  },

  // The scenario's events, numbered as their markers on the charts, with their notes.
  setEvents(events) {
    charts.events = events || [];
    Object.values(charts.byMetric).forEach((chart) => {
      chart.options.plugins.eventMarkers.events = charts.events;
      chart.update('none');
    });
    charts.showEvents();
  },

  showEvents() {
    const list = $('events');
    list.replaceChildren();
    charts.events.forEach((event, i) => {
      const item = element('li', undefined, 'event-' + event.kind);
      item.dataset.date = event.date;
      item.append(element('b', (i + 1) + '. ' + event.date + ' ' + event.title),
        element('span', event.note ? ': ' + event.note : ''));
      list.appendChild(item);
    });
    $('events-box').hidden = charts.events.length === 0;
  },

  // Keeps the run on the charts as the one "before the last change".
  keepAsPrevious() {
    if (charts.current && charts.current.labels.length > 1) charts.previous = charts.current;
  },

  forgetPrevious() { charts.previous = null; charts.current = null; },

  // Fills a band chart from {mean, low, high} over `labels`.
  fill(chart, labels, series, previous) {
    chart.data.labels = labels;
    chart.data.datasets[0].data = series.high;
    chart.data.datasets[1].data = series.low;
    chart.data.datasets[2].data = series.mean;
    chart.data.datasets[3].data = previous || [];
    chart.data.datasets.slice(4).forEach((set) => {
      set.data = charts.observedOn(set.datum, labels);
    });
    chart.update('none');
  },

  // The previous run's mean on these labels (it may have run further).
  previousOf(name, labels) {
    const before = charts.previous;
    if (!before || !before.series[name]) return [];
    return labels.map((label) => {
      const i = before.labels.indexOf(label);
      return i < 0 ? null : before.series[name][i];
    });
  },

  update(state) {
    if (!state.labels) {  // no run loaded: empty charts, never an earlier run's lines
      Object.values(charts.byMetric).forEach((chart) =>
        charts.fill(chart, [], { mean: [], low: [], high: [] }));
      charts.current = null;
      return;
    }
    const labels = state.labels.slice(0, state.month + 1);
    const kept = {};
    Object.entries(charts.byMetric).forEach(([name, chart]) => {
      if (!state.series || !state.series[name]) return;
      charts.fill(chart, labels, state.series[name], charts.previousOf(name, labels));
      kept[name] = state.series[name].mean.slice();
    });
    charts.current = { labels, series: kept };
  },
};
