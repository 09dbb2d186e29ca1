// Save and share: the page's address carries the scenario, the levers changed, the seed
// and the replications (#scenario=...&seed=...&replications=...&set=KEY=VALUE...), so a
// link opened elsewhere loads and runs the same run; and the scenario as TOML that
// `clustersim run` accepts, resolved by the server with the levers in it.
import { api } from './api.js';
import { $ } from './dom.js';

export const shareLink = {
  // The shared state in this page's address, or null.
  read() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (!params.has('scenario')) return null;
    return { scenario: params.get('scenario'), sets: params.getAll('set'),
             seed: params.get('seed') || '', replications: params.get('replications') || '' };
  },

  // Puts a shared state into the fields and levers (before the page configures).
  apply(shared, levers) {
    $('seed').value = shared.seed;
    $('replications').value = shared.replications;
    levers.changed = {};
    shared.sets.forEach((set) => {
      const at = set.indexOf('=');
      if (at > 0) levers.changed[set.slice(0, at)] = set.slice(at + 1);
    });
  },

  // The link for the current controls, in the address bar and the "Link" anchor; an
  // upload cannot be shared by a link (the text stays in this browser).
  update(state) {
    const link = $('share-link');
    const toml = $('download-toml');
    toml.href = api.url('/api/scenario.toml');
    if (!state.scenario) {
      link.classList.add('disabled');
      link.removeAttribute('href');
      // The address would still name the scenario shown before the upload: a reload or a
      // copied address would load another run.
      history.replaceState(null, '', location.origin + location.pathname);
      return;
    }
    const params = new URLSearchParams();
    params.set('scenario', state.scenario);
    params.set('seed', state.seed);
    params.set('replications', state.replications);
    state.sets.forEach((set) => params.append('set', set));
    const url = location.origin + location.pathname + '#' + params.toString();
    link.href = url;
    link.classList.remove('disabled');
    history.replaceState(null, '', url);
  },
};
