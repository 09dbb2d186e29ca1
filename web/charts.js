// Live charts with Chart.js (Debian libjs-chart.js): the mean over replications and
// its 95% band, months on the x axis, the metric's units on the y axis.
'use strict';
const charts = {
  byMetric: {},

  // A line with a band: datasets high, low (filled up to high), mean.
  bandChart(canvas, title, units, colour) {
    const band = colour.replace('rgb', 'rgba').replace(')', ', 0.2)');
    return new Chart(canvas, {
      type: 'line',
      data: { labels: [], datasets: [
        { label: '95% high', data: [], borderWidth: 0, pointRadius: 0, fill: false },
        { label: '95% band', data: [], borderWidth: 0, pointRadius: 0, fill: '-1',
          backgroundColor: band },
        { label: 'mean', data: [], borderColor: colour, borderWidth: 2, pointRadius: 0,
          fill: false },
      ] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: {
          title: { display: true, text: title },
          legend: { labels: { filter: (item) => item.text !== '95% high' } },
        },
        scales: {
          x: { title: { display: true, text: 'month' }, ticks: { maxTicksLimit: 8 } },
          y: { title: { display: true, text: units } },
        },
      },
    });
  },

  // One chart per chosen metric, empty.
  reset(metrics, infoByName) {
    Object.values(charts.byMetric).forEach((chart) => chart.destroy());
    charts.byMetric = {};
    const box = document.getElementById('charts');
    box.innerHTML = '';
    metrics.forEach((name) => {
      const info = infoByName[name] || { units: '', description: '' };
      const holder = document.createElement('div');
      holder.className = 'chart';
      holder.title = info.description;
      const canvas = document.createElement('canvas');
      canvas.id = 'chart-' + name;
      holder.appendChild(canvas);
      box.appendChild(holder);
      charts.byMetric[name] = charts.bandChart(canvas, name, info.units || '1', 'rgb(30, 90, 160)');
    });
  },

  // Fills a band chart from {mean, low, high} over `labels`.
  fill(chart, labels, series) {
    chart.data.labels = labels;
    chart.data.datasets[0].data = series.high;
    chart.data.datasets[1].data = series.low;
    chart.data.datasets[2].data = series.mean;
    chart.update('none');
  },

  update(state) {
    if (!state.labels) {  // no run loaded: empty charts, never an earlier run's lines
      Object.values(charts.byMetric).forEach((chart) =>
        charts.fill(chart, [], { mean: [], low: [], high: [] }));
      return;
    }
    const labels = state.labels.slice(0, state.month + 1);
    Object.entries(charts.byMetric).forEach(([name, chart]) => {
      if (state.series && state.series[name]) charts.fill(chart, labels, state.series[name]);
    });
  },
};
