// Which levers matter: the Morris screening of the chosen levers over their ranges, run
// and computed on the server as `clustersim sensitivity --method morris` does. Shown as
// a bar chart of mu* and sigma, most important lever first, with the noise share in words.
import { Chart } from './libs.js';
import { api } from './api.js';
import { $, element } from './dom.js';

export const sensitivity = {
  host: null,    // the page: act(request), fail(error)
  shown: 0,      // the session's screening drawn (state.sensitivity_result), 0: none
  chart: null,

  attach(host) { sensitivity.host = host; },

  // A row per lever that takes any number: a box to choose it, and its range (the
  // slider's by default). Then the metrics.
  render(list, metrics) {
    const el = element;
    const box = $('sensitivity-levers');
    box.replaceChildren();
    list.filter((lever) => !lever.integer).forEach((lever) => {
      const row = el('div', undefined, 'screen-lever');
      row.dataset.key = lever.key;
      row.title = lever.description || lever.meaning;
      const check = el('input');
      check.type = 'checkbox';
      const name = el('label');
      name.append(check, ' ' + lever.label);
      const low = el('input', undefined, 'low');
      const high = el('input', undefined, 'high');
      [low, high].forEach((field) => { field.type = 'text'; field.size = 6; });
      low.value = String(lever.min);
      high.value = String(lever.max);
      row.append(name, low, ' to ', high);
      box.appendChild(row);
    });
    const select = $('sensitivity-metric');
    const previous = select.value || 'innovations_total';
    select.replaceChildren();
    metrics.forEach((metric) => {
      const option = el('option', metric.name);
      option.value = metric.name;
      option.title = metric.description + ' (' + metric.units + ')';
      select.appendChild(option);
    });
    if ([...select.options].some((o) => o.value === previous)) select.value = previous;
  },

  // The fields as typed: the server checks them and says what is wrong.
  request() {
    const rows = [...document.querySelectorAll('#sensitivity-levers .screen-lever')];
    const levers = rows.filter((row) => row.querySelector('input[type=checkbox]').checked)
      .map((row) => ({ key: row.dataset.key, low: row.querySelector('.low').value.trim(),
                       high: row.querySelector('.high').value.trim() }));
    return { levers, metric: $('sensitivity-metric').value,
             trajectories: $('sensitivity-trajectories').value.trim() };
  },

  async run() {
    await sensitivity.host.act(() => api.post('/api/sensitivity', sensitivity.request()));
  },

  // Fetches a finished screening once; hides the chart when the session has none.
  async show(number) {
    if (number === sensitivity.shown) return;
    sensitivity.shown = number;
    const box = $('sensitivity-result');
    if (sensitivity.chart) sensitivity.chart.destroy();
    sensitivity.chart = null;
    if (!number) {
      box.hidden = true;
      return;
    }
    let result;
    try {
      result = await api.get('/api/sensitivity');
    } catch (error) {
      sensitivity.host.fail(error);
      return;
    }
    box.hidden = false;
    sensitivity.draw(result);
  },

  // Horizontal bars in the server's order (largest mu* first).
  draw(result) {
    const chartBox = $('sensitivity-chart-box');
    chartBox.style.height = (90 + 36 * result.levers.length) + 'px';
    const values = (field) => result.levers.map((lever) => lever[field]);
    sensitivity.chart = new Chart($('sensitivity-chart'), {
      type: 'bar',
      data: {
        labels: values('label'),
        datasets: [
          { role: 'mu_star', label: 'mu* (importance)', data: values('mu_star'),
            backgroundColor: 'rgb(30, 90, 160)' },
          { role: 'sigma', label: 'sigma (interactions, curvature)', data: values('sigma'),
            backgroundColor: 'rgb(220, 150, 60)' },
        ],
      },
      options: {
        indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { title: { display: true, text: result.metric + ' at ' + result.month + ' (' +
          result.trajectories + ' trajectories, ' + result.runs + ' runs): most important first' } },
        scales: { x: { beginAtZero: true, title: { display: true, text: result.units } } },
      },
    });
    chartBox.dataset.bars = String(result.levers.length);
    $('sensitivity-noise').textContent = sensitivity.noiseText(result);
  },

  // The noise share in a sentence: how far the ranking can be trusted.
  noiseText(result) {
    if (result.replications < 2) {
      return 'Noise share: not known with one replication. Use two or more replications to ' +
        'tell the levers\' effects from the model\'s own randomness.';
    }
    if (result.noise_share === null) return 'Noise share: n/a.';
    const percent = Math.round(100 * result.noise_share);  // the sentence goes by what it shows
    const text = 'Noise share ' + percent + '%: that much of the differences between the ' +
      'screening\'s points comes from the model\'s own randomness (replications differ by their ' +
      'random numbers), not from the levers. ';
    if (percent < 10) return text + 'The ranking reflects the levers.';
    if (percent < 50) {
      return text + 'Read small differences in mu* with care; more replications lower the noise.';
    }
    return text + 'Most of what the screening sees is noise: add replications before trusting ' +
      'the ranking.';
  },
};
