// The page's controller: one session per tab, the scenario and its levers, the run
// controls, and polling the server's state while it computes.
'use strict';
const kDefaultMetrics = ['firms_alive', 'innovations_total', 'knowledge_mean', 'links'];
const $ = (id) => document.getElementById(id);

const page = {
  scenario: null,     // the last configure reply
  upload: null,       // {name, text} when the scenario was uploaded
  metrics: kDefaultMetrics.slice(),
  state: {},
  networkMonth: -1,
  polling: false,

  actionError: null,  // the last request's error, shown until a request succeeds
  pending: Promise.resolve(),  // the configure request in flight
  ended: false,       // the server closed this tab's session

  // The loaded input's errors (kept by the server until the input is corrected), then
  // the last request's.
  showErrors() {
    const list = $('errors');
    list.replaceChildren();
    const lines = (page.state.errors || []).slice();
    const error = page.actionError;
    if (error) {
      (error.diagnostics && error.diagnostics.length ? error.diagnostics : [error.message])
        .forEach((line) => { if (!lines.includes(line)) lines.push(line); });
    }
    lines.forEach((line) => {
      const item = document.createElement('li');
      item.textContent = line;
      list.appendChild(item);
    });
    list.hidden = lines.length === 0;
  },

  fail(error) {
    if (error && error.sessionEnded) {
      page.ended = true;
      $('ended').textContent = error.message;
      $('ended').hidden = false;
      document.body.dataset.status = 'ended';
      return;
    }
    page.actionError = error;
    page.showErrors();
  },

  // Runs a request after any configure in flight (so it acts on the run the controls
  // describe); shows its error, or clears it, and refreshes the state.
  async act(request) {
    await page.pending;
    if (page.ended) return;
    try {
      await request();
      page.actionError = null;
    } catch (error) {
      page.fail(error);
    }
    await page.refresh();
  },

  configure(newScenario) {
    page.pending = page.pending.then(() => page.sendConfiguration(newScenario));
    return page.pending;
  },

  async sendConfiguration(newScenario) {
    if (page.ended) return;
    const body = page.upload ? { upload: page.upload } : { scenario: $('scenario').value };
    Object.assign(body, { replications: $('replications').value, seed: $('seed').value,
                          sets: levers.sets() });
    try {
      const reply = await api.post('/api/configure', body);
      page.actionError = null;
      page.loaded(reply, newScenario);
    } catch (error) {
      page.fail(error);  // the server now holds no run: charts and download empty
    }
    await page.refresh();
    // Counts answered configure requests, so tests can wait for the one they caused.
    document.body.dataset.configured = String(Number(document.body.dataset.configured || 0) + 1);
  },

  loaded(reply, newScenario) {
    page.scenario = reply;
    $('description').textContent = reply.description + ' (' + reply.firms + ' firms, ' +
      reply.months + ' months)';
    $('replications').value = reply.replications;
    $('seed').value = reply.seed;
    if (newScenario) {
      levers.render(reply.levers, () => page.configure(false));
      levers.fillSelect($('grid-key1'), false);
      ['variant-key', 'grid-key2'].forEach((id) => levers.fillSelect($(id), true));
      page.metricPicker(reply.metrics);
      sensitivity.render(reply.levers, reply.metrics);
    }
    page.networkMonth = -1;
    page.resetCharts();
  },

  metricPicker(metrics) {
    const box = $('metric-list');
    box.innerHTML = '';
    page.metrics = page.metrics.filter((name) => metrics.some((m) => m.name === name));
    metrics.forEach((metric) => {
      const label = document.createElement('label');
      label.title = metric.description + ' (' + metric.units + ')';
      const box2 = document.createElement('input');
      box2.type = 'checkbox';
      box2.value = metric.name;
      box2.checked = page.metrics.includes(metric.name);
      box2.addEventListener('change', () => {
        page.metrics = [...document.querySelectorAll('#metric-list input:checked')]
          .map((input) => input.value);
        page.resetCharts();
        page.refresh();
      });
      label.append(box2, ' ' + metric.name);
      box.appendChild(label);
    });
  },

  resetCharts() {
    const info = {};
    (page.scenario ? page.scenario.metrics : []).forEach((m) => { info[m.name] = m; });
    charts.reset(page.metrics, info);
  },

  busy(status) { return ['running', 'comparison', 'grid', 'sensitivity'].includes(status); },

  async refresh() {
    if (page.ended) return;
    let state;
    try {
      state = await api.get('/api/state', { metrics: page.metrics.join(',') });
    } catch (error) {
      page.fail(error);
      return;
    }
    page.state = state;
    page.show(state);
    if (page.busy(state.status) && !page.polling) {
      page.polling = true;
      setTimeout(() => { page.polling = false; page.refresh(); }, 300);
    }
  },

  show(state) {
    document.body.dataset.status = state.status;
    document.body.dataset.month = state.month;
    page.showErrors();
    $('status').textContent = state.status + (state.message ? ': ' + state.message : '');
    $('month').textContent = state.labels ? state.label + ' (month ' + state.month + ' of ' +
      state.months + ')' : '';
    const progress = state.progress.total ? state.progress.done / state.progress.total
      : state.months ? state.month / state.months : 0;
    $('progress').value = progress;
    charts.update(state);
    const done = state.status === 'done';
    $('download').classList.toggle('disabled', !done);
    $('download').href = done ? api.url('/api/results.h5') : '#';
    $('grid-download').classList.toggle('disabled', !state.grid_ready);
    $('grid-download').href = state.grid_ready ? api.url('/api/grid.csv') : '#';
    experiments.show(state.compare);
    experiments.showGrid(state.grid_result || 0);
    sensitivity.show(state.sensitivity_result || 0);
    if (!state.labels) {  // no run: nothing may show an earlier one
      network.clear();
      page.networkMonth = -1;
      return;
    }
    const due = state.status === 'running' ? state.month - page.networkMonth >= 6
      : state.month !== page.networkMonth;
    if (due) {
      page.networkMonth = state.month;
      network.refresh();
    }
  },

  wire() {
    $('scenario').addEventListener('change', () => {
      page.upload = null;
      $('upload').value = '';
      page.startOver();
    });
    $('upload').addEventListener('change', async () => {
      const file = $('upload').files[0];
      if (!file) return;
      page.upload = { name: file.name, text: await file.text() };
      page.startOver();
    });
    $('replications').addEventListener('change', () => page.configure(false));
    $('seed').addEventListener('change', () => page.configure(false));
    $('defaults').addEventListener('click', () => { levers.changed = {}; page.startOver(true); });
    const control = (id, path) => $(id).addEventListener('click',
      () => page.act(() => api.post(path)));
    control('run-button', '/api/run');
    control('step-button', '/api/step');
    control('pause-button', '/api/pause');
    control('reset-button', '/api/reset');
    control('cancel-button', '/api/cancel');
    $('compare-button').addEventListener('click', experiments.compare);
    $('grid-button').addEventListener('click', experiments.grid);
    $('grid-metric').addEventListener('change', experiments.drawGrid);
    $('sensitivity-button').addEventListener('click', sensitivity.run);
    $('network-replication').addEventListener('change', network.refresh);
  },

  // A new scenario: its own levers, replications and seed.
  startOver(keepCounts) {
    levers.changed = {};
    if (!keepCounts) { $('replications').value = ''; $('seed').value = ''; }
    page.configure(true);
  },

  async start() {
    page.wire();
    // The server closes sessions no request names for a while: an open tab says it is
    // still here.
    setInterval(() => { if (!page.polling) page.refresh(); }, 60000);
    if (typeof Chart === 'undefined' || typeof d3 === 'undefined') {
      page.fail(new Error('chart libraries missing: install libjs-chart.js and libjs-d3'));
    }
    try {
      api.session = (await api.post('/api/session')).session;
      const list = await api.get('/api/scenarios');
      list.scenarios.forEach((name) => {
        const option = document.createElement('option');
        option.value = option.textContent = name;
        $('scenario').appendChild(option);
      });
      $('scenario').value = list.default;
      await page.configure(true);
    } catch (error) {
      page.fail(error);
    }
  },
};

page.start();
