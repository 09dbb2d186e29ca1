// The server's JSON API (app/serve/serve_api.hpp). Every call carries this tab's session
// id, so tabs never see each other's runs. Errors carry the CLI's messages.

// The server's token for this page (app/serve/serve_access.hpp): pages of other sites
// cannot read it, so the server knows these requests come from its own page.
const token = (document.querySelector('meta[name="clustersim-token"]') || {}).content || '';

export const api = {
  session: null,

  async call(method, path, body) {
    const options = { method, headers: { 'X-Clustersim-Token': token } };
    if (method === 'POST') {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(Object.assign({ session: api.session }, body || {}));
    }
    const response = await fetch(path, options);
    const reply = await response.json().catch(() => ({
      error: 'unreadable reply from the server (HTTP ' + response.status + ')' }));
    if (!response.ok) {
      const error = new Error(reply.error || response.statusText);
      error.diagnostics = reply.diagnostics || [];
      error.sessionEnded = Boolean(reply.session_ended);
      throw error;
    }
    return reply;
  },

  post(path, body) { return api.call('POST', path, body); },

  get(path, params) { return api.call('GET', api.url(path, params)); },

  url(path, params) {
    const query = new URLSearchParams(Object.assign({ session: api.session }, params || {}));
    return path + '?' + query.toString();
  },
};
