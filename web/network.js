// The partner network at the current month on a canvas: d3's force layout (Debian
// libjs-d3 3.x) for a fixed number of steps, run a few per animation frame so the page
// stays responsive at 20,000 nodes, always scaled to show the whole network. Colours by
// cluster, or by sector when the scenario has one cluster; click a firm for its state
// and what the page has seen of it at earlier months.
import { d3 } from './libs.js';
import { api } from './api.js';
import { $, element } from './dom.js';

const kColours = d3.scale.category10().range().concat(d3.scale.category20b().range());
// Layout steps: many for a small network, fewer as it grows (each step costs n log n).
const kStepBudget = 3e5;
const kFrameMs = 12;   // layout work per animation frame
const kPaintMs = 200;  // while the layout runs, a picture this often

export const network = {
  host: null,       // the page: fail(error)
  data: null,       // the last GET /api/network reply
  nodes: [],        // layout nodes {id, kind, cluster, sector, size, x, y, degree}
  links: [],
  positions: {},    // node id -> last position, so a redraw does not scatter the graph
  history: {},      // firm id -> [{label, size, degree}] seen by this page
  selected: null,   // the firm shown under the network
  run: 0,           // the layout in progress; a newer one stops the older
  shown: 0,         // the run shown; clear() starts another, and older replies are dropped

  attach(host) {
    network.host = host;
    $('network').addEventListener('click', network.click);
  },

  // Colour by cluster, or by sector in a one-cluster scenario.
  colouring(data) {
    if (data.clusters.length > 1 || data.sectors.length < 2) {
      return { by: 'cluster', names: data.clusters, of: (node) => node.cluster };
    }
    // Universities have no sector: the colour after the sectors'.
    return { by: 'sector', names: data.sectors,
             of: (node) => (node.sector < 0 ? data.sectors.length : node.sector) };
  },

  legend(colouring) {
    const box = $('network-legend');
    box.replaceChildren(element('span', 'Colour: ' + colouring.by));
    colouring.names.forEach((name, i) => {
      const item = element('span');
      const swatch = element('i');
      swatch.style.background = kColours[i % kColours.length];
      item.append(swatch, name);
      box.appendChild(item);
    });
    box.dataset.by = colouring.by;
  },

  // New layout nodes, placed where they were, else on a spiral around their colour's
  // place on a circle (so a few steps already show the groups).
  place(data, colouring) {
    const groups = Math.max(1, colouring.names.length);
    const counts = {};
    return data.nodes.map((node) => {
      const seen = network.positions[node.id];
      if (seen) return Object.assign({}, node, seen, { degree: 0 });
      const group = colouring.of(node);
      const k = counts[group] = (counts[group] || 0) + 1;
      const angle = (2 * Math.PI * group) / groups;
      const r = 4 * Math.sqrt(k), spin = k * 2.39996;
      const apart = groups > 1 ? 60 : 0;  // near enough for links to pull groups together
      return Object.assign({}, node, { degree: 0,
        x: apart * Math.cos(angle) + r * Math.cos(spin),
        y: apart * Math.sin(angle) + r * Math.sin(spin) });
    });
  },

  draw(data) {
    network.data = data;
    const colouring = network.colouring(data);
    network.colouringNow = colouring;
    network.legend(colouring);
    $('network-label').textContent = data.label + ', replication ' + data.replication + ': ' +
      data.nodes.length + ' nodes, ' + data.links.length + ' links';
    const nodes = network.place(data, colouring);
    const index = {};
    nodes.forEach((node, i) => { index[node.id] = i; });
    const links = data.links.map((link) => ({
      source: index[link.source], target: index[link.target], trust: link.trust }));
    links.forEach((link) => { nodes[link.source].degree++; nodes[link.target].degree++; });
    network.nodes = nodes;
    network.links = links;
    network.remember(data, nodes);
    const steps = Math.max(3, Math.min(300, Math.floor(kStepBudget / Math.max(1, nodes.length))));
    network.layout(nodes, links, steps);
    document.body.dataset.networkFirms = String(nodes.filter((n) => n.kind === 'firm').length);
    network.showSelected();
  },

  // Runs `steps` layout steps, a few per frame, drawing after each frame.
  layout(nodes, links, steps) {
    const run = ++network.run;
    const started = performance.now();
    delete $('network').dataset.drawn;  // set again when this layout has taken its steps
    const force = d3.layout.force().nodes(nodes).links(links).size([0, 0])
      .charge(-30).linkDistance(25).gravity(0.05).chargeDistance(400);
    force.start();
    force.stop();  // stepped by hand below, never by d3's own timer
    let done = 0;
    let painted = 0;
    const frame = () => {
      if (run !== network.run) return;
      const until = performance.now() + kFrameMs;
      while (done < steps && (done === 0 || performance.now() < until)) {
        force.tick();
        done++;
      }
      nodes.forEach((d) => { network.positions[d.id] = { x: d.x, y: d.y }; });
      if (done === steps || performance.now() - painted > kPaintMs) {
        network.paint();
        painted = performance.now();
      }
      if (done < steps) {
        requestAnimationFrame(frame);
        return;
      }
      const canvas = $('network');
      canvas.dataset.steps = String(done);
      canvas.dataset.layoutMs = String(Math.round(performance.now() - started));
      canvas.dataset.drawn = String(run);
    };
    requestAnimationFrame(frame);
  },

  // The transform that shows every node inside the canvas with a margin.
  fit(canvas) {
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    network.nodes.forEach((d) => {
      minX = Math.min(minX, d.x); maxX = Math.max(maxX, d.x);
      minY = Math.min(minY, d.y); maxY = Math.max(maxY, d.y);
    });
    const margin = 12;
    const scale = Math.min((canvas.width - 2 * margin) / Math.max(1, maxX - minX),
                           (canvas.height - 2 * margin) / Math.max(1, maxY - minY), 3);
    const dx = (canvas.width - scale * (maxX + minX)) / 2;
    const dy = (canvas.height - scale * (maxY + minY)) / 2;
    return { scale, x: (d) => dx + scale * d.x, y: (d) => dy + scale * d.y };
  },

  radius(node, scale) {
    const r = 1.5 + Math.sqrt(node.size) / (node.kind === 'firm' ? 4 : 8);
    return Math.max(1, Math.min(r, r * Math.sqrt(scale)));
  },

  // Links in a few strokes (by trust) and nodes in one fill per colour: a few calls
  // per frame, whatever the size of the network.
  paint() {
    const canvas = $('network');
    const box = canvas.parentElement.clientWidth;
    if (box && canvas.width !== Math.min(box, 900)) canvas.width = Math.min(box, 900);
    const ctx = canvas.getContext('2d');
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (network.nodes.length === 0) return;
    const at = network.fit(canvas);
    network.transform = at;
    network.paintLinks(ctx, at);
    const of = network.colouringNow.of;
    const byColour = {};
    network.nodes.forEach((node) => {
      const colour = kColours[of(node) % kColours.length];
      (byColour[colour] || (byColour[colour] = [])).push(node);
    });
    Object.entries(byColour).forEach(([colour, nodes]) => {
      ctx.fillStyle = colour;
      ctx.beginPath();
      nodes.forEach((node) => {
        const x = at.x(node), y = at.y(node);
        if (node.kind === 'firm') {
          const r = network.radius(node, at.scale);
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, 2 * Math.PI);
        } else {
          ctx.rect(x - 5, y - 5, 10, 10);
        }
      });
      ctx.fill();
    });
    network.outline(ctx, at);
    network.report(canvas, at);
  },

  paintLinks(ctx, at) {
    ctx.strokeStyle = '#345';
    [0.25, 0.5, 0.75, 1.01].forEach((upper, bucket) => {
      ctx.globalAlpha = 0.15 + 0.2 * bucket;
      ctx.lineWidth = 0.3 + 0.5 * bucket;
      ctx.beginPath();
      network.links.forEach((link) => {  // d3 has replaced the indices with the nodes
        if (link.trust >= upper || link.trust < upper - 0.25) return;
        ctx.moveTo(at.x(link.source), at.y(link.source));
        ctx.lineTo(at.x(link.target), at.y(link.target));
      });
      ctx.stroke();
    });
    ctx.globalAlpha = 1;
  },

  // Universities and the chosen firm get an outline.
  outline(ctx, at) {
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 1;
    ctx.beginPath();
    network.nodes.forEach((node) => {
      if (node.kind !== 'firm') ctx.rect(at.x(node) - 5, at.y(node) - 5, 10, 10);
    });
    ctx.stroke();
    const chosen = network.selectedNode();
    if (!chosen) return;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.arc(at.x(chosen), at.y(chosen), network.radius(chosen, at.scale) + 2, 0, 2 * Math.PI);
    ctx.stroke();
  },

  // For tests and scripts: nodes outside the frame, and where the largest firm is drawn.
  report(canvas, at) {
    let outside = 0;
    let largest = null;
    network.nodes.forEach((node) => {
      const x = at.x(node), y = at.y(node);
      if (x < 0 || y < 0 || x > canvas.width || y > canvas.height) outside++;
      if (node.kind === 'firm' && (!largest || node.size > largest.size)) largest = node;
    });
    canvas.dataset.outside = String(outside);
    if (largest) canvas.dataset.largestFirm = [largest.id, at.x(largest), at.y(largest)].join(',');
  },

  // What the page has seen of each firm: its size and partners at each network shown.
  remember(data, nodes) {
    nodes.forEach((node) => {
      if (node.kind !== 'firm') return;
      const seen = network.history[node.id] || (network.history[node.id] = []);
      const last = seen[seen.length - 1];
      const entry = { label: data.label, size: node.size, degree: node.degree };
      if (last && last.label === data.label) seen[seen.length - 1] = entry;
      else seen.push(entry);
    });
  },

  selectedNode() { return network.nodes.find((n) => n.id === network.selected) || null; },

  // The firm under the pointer: of those whose disc is within reach, the one whose
  // centre is nearest relative to its size.
  click(event) {
    const canvas = $('network');
    if (!network.transform) return;
    const rect = canvas.getBoundingClientRect();
    const x = (event.clientX - rect.left - canvas.clientLeft) * (canvas.width / canvas.clientWidth);
    const y = (event.clientY - rect.top - canvas.clientTop) * (canvas.height / canvas.clientHeight);
    const at = network.transform;
    let best = null, bestRatio = Infinity;
    network.nodes.forEach((node) => {
      if (node.kind !== 'firm') return;
      const reach = network.radius(node, at.scale) + 4;
      const ratio = Math.hypot(at.x(node) - x, at.y(node) - y) / reach;
      if (ratio < 1 && ratio < bestRatio) { best = node; bestRatio = ratio; }
    });
    network.selected = best ? best.id : null;
    network.showSelected();
    network.paint();
  },

  // The chosen firm: its state now and each network month the page has shown.
  showSelected() {
    const box = $('firm-info');
    const node = network.selectedNode();
    box.replaceChildren();
    box.hidden = !node;
    if (!node) return;
    const data = network.data;
    box.dataset.firm = String(node.id);
    box.appendChild(element('b', 'Firm ' + node.id + ' at ' + data.label));
    box.appendChild(element('p', 'cluster ' + (data.clusters[node.cluster] || node.cluster) +
      ', sector ' + (data.sectors[node.sector] || node.sector) + ', ' + Math.round(node.size) +
      ' employees, ' + node.degree + ' partners'));
    const table = element('table');
    table.appendChild(Object.assign(element('tr'), { innerHTML:
      '<th>month</th><th>employees</th><th>partners</th>' }));
    (network.history[node.id] || []).forEach((entry) => {
      const row = element('tr');
      row.append(element('td', entry.label), element('td', String(Math.round(entry.size))),
        element('td', String(entry.degree)));
      table.appendChild(row);
    });
    box.appendChild(table);
  },

  async refresh() {
    const replication = $('network-replication').value || '0';
    const shown = network.shown;
    try {
      const data = await api.get('/api/network', { replication });
      // A reply about a run the page has since cleared (a scenario or lever changed while
      // the request was out) would put that run's months into the firms' histories.
      if (shown === network.shown) network.draw(data);
    } catch (error) {
      if (shown === network.shown) network.host.fail(error);
    }
  },

  // No run loaded: an empty frame, so no earlier run's network is shown.
  clear() {
    network.run++;
    network.shown++;
    network.nodes = [];
    network.links = [];
    network.history = {};
    network.selected = null;
    network.paint();
    $('network-label').textContent = '';
    $('network-legend').replaceChildren();
    $('firm-info').hidden = true;
    delete document.body.dataset.networkFirms;
    delete $('network').dataset.drawn;  // nothing of this run is drawn yet
  },
};
