// The page's controller: one session per tab, the scenario and its levers, the run
// controls, polling the server's state while it computes, and a run started by itself
// when a lever changes (for scenarios that finish quickly).
import { librariesMissing } from './libs.js';
import { api } from './api.js';
import { $ } from './dom.js';
import { charts } from './charts.js';
import { levers } from './levers.js';
import { metricPicker } from './metrics.js';
import { experiments } from './experiments.js';
import { sensitivity } from './sensitivity.js';
import { network } from './network.js';
import { shareLink } from './share.js';

const kDefaultMetrics = ['firms_alive', 'innovations_total', 'knowledge_mean', 'links'];
// Runs up to this size (firm slots x months x replications) take about a second: the page
// runs them by itself when a lever changes. Larger ones wait for Run.
const kAutoRunSize = 2e5;
const kPollMs = 150;

const page = {
  scenario: null,     // the last configure reply
  upload: null,       // {name, text} when the scenario was uploaded
  metrics: kDefaultMetrics.slice(),
  state: {},
  networkMonth: -1,
  polling: false,
  changedAt: null,    // when the lever change now running was made (performance.now())

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

  // `runAfter`: start the run once the server has it (a lever changed with "run
  // automatically" ticked, or a shared link).
  configure(newScenario, runAfter) {
    page.pending = page.pending.then(() => page.sendConfiguration(newScenario, runAfter));
    return page.pending;
  },

  async sendConfiguration(newScenario, runAfter) {
    if (page.ended) return;
    const body = page.upload ? { upload: page.upload } : { scenario: $('scenario').value };
    Object.assign(body, { replications: $('replications').value, seed: $('seed').value,
                          sets: levers.sets() });
    let loaded = false;
    try {
      const reply = await api.post('/api/configure', body);
      page.actionError = null;
      page.loaded(reply, newScenario);
      loaded = true;
    } catch (error) {
      page.fail(error);  // the server now holds no run: charts and download empty
    }
    if (loaded && runAfter) {
      try {
        await api.post('/api/run');
      } catch (error) {
        page.fail(error);
      }
    }
    await page.refresh();
    shareLink.update(page.shareState());
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
      charts.forgetPrevious();
      levers.render(reply.levers, () => page.leverChanged());
      levers.fillSelect($('grid-key1'), false);
      ['variant-key', 'grid-key2'].forEach((id) => levers.fillSelect($(id), true));
      charts.observed = reply.observed || [];
      // Metrics with observed data are charted, beside the model, from the start.
      charts.observed.forEach((o) => { if (!page.metrics.includes(o.metric)) page.metrics.push(o.metric); });
      page.metrics = page.metrics.filter((name) => reply.metrics.some((m) => m.name === name));
      metricPicker.render(reply.metrics, page.metrics, (names) => page.chooseMetrics(names));
      sensitivity.render(reply.levers, reply.metrics);
      charts.setEvents(reply.events);
      $('auto-run').checked = reply.firms * reply.months * reply.replications <= kAutoRunSize;
    }
    // A new run: the network and the firm histories of the last one go (a firm's history
    // lists only months of this run).
    network.clear();
    page.networkMonth = -1;
    page.resetCharts();
  },

  // A lever changed (after a burst has settled): the charts keep this run as the faint
  // line, and the server starts over with the new value.
  leverChanged() {
    charts.keepAsPrevious();
    page.changedAt = $('auto-run').checked ? performance.now() : null;
    page.configure(false, $('auto-run').checked);
  },

  chooseMetrics(names) {
    page.metrics = names;
    page.resetCharts();
    page.refresh();
  },

  infoByName() {
    const info = {};
    (page.scenario ? page.scenario.metrics : []).forEach((m) => { info[m.name] = m; });
    return info;
  },

  resetCharts() {
    charts.reset(page.metrics, page.infoByName());
    experiments.renderCompareMetrics(page.metrics, page.infoByName());
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
      setTimeout(() => { page.polling = false; page.refresh(); }, kPollMs);
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
    page.timeLeverChange(state);
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

  // Measures lever change to charts of the finished run, for docs and tests to report
  // (body data-lever-to-chart-ms); the page only reports it.
  timeLeverChange(state) {
    // 'ready' comes before the run starts (or for good, when "run automatically" is off).
    if (page.changedAt === null || ['running', 'ready'].includes(state.status)) return;
    if (state.status === 'done') {
      document.body.dataset.leverToChartMs = String(Math.round(performance.now() - page.changedAt));
    }
    page.changedAt = null;
  },

  // What the share link encodes.
  shareState() {
    return { scenario: page.upload ? null : $('scenario').value, sets: levers.sets(),
             seed: $('seed').value, replications: $('replications').value };
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
      // The file's bytes, not the browser's decoding of them: a file that is not UTF-8
      // then gets the same message at the same line and column as on the command line.
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      page.upload = { name: file.name, base64: btoa(binary) };
      page.startOver();
    });
    $('replications').addEventListener('change', () => page.leverChanged());
    $('seed').addEventListener('change', () => page.leverChanged());
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
    page.configure(true, false);
  },

  async fillScenarios() {
    const list = await api.get('/api/scenarios');
    list.scenarios.forEach((name) => {
      const option = document.createElement('option');
      option.value = option.textContent = name;
      $('scenario').appendChild(option);
    });
    $('scenario').value = list.default;
  },

  async start() {
    [experiments, sensitivity, network].forEach((part) => part.attach(page));
    page.wire();
    // The server closes sessions no request names for a while: an open tab says it is
    // still here.
    setInterval(() => { if (!page.polling) page.refresh(); }, 60000);
    if (librariesMissing) {
      page.fail(new Error('chart libraries missing: install libjs-chart.js and libjs-d3'));
    }
    try {
      api.session = (await api.post('/api/session')).session;
      await page.fillScenarios();
      const shared = shareLink.read();
      if (shared) {  // a shared link: its scenario, levers, seed and replications, run
        if (shared.scenario) $('scenario').value = shared.scenario;
        await page.configure(true, false);
        shareLink.apply(shared, levers);
        await page.configure(false, true);
        levers.render(levers.list, () => page.leverChanged());
      } else {
        await page.configure(true, false);
      }
    } catch (error) {
      page.fail(error);
    }
  },
};

page.start();
