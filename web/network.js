// The partner network at the current month, laid out by d3's force layout (Debian
// libjs-d3, version 3): nodes coloured by cluster and sized by employees, links
// drawn thicker and darker the more trusted.
import { d3 } from './libs.js';
import { api } from './api.js';

export const network = {
  host: null,     // the page: fail(error)
  force: null,
  positions: {},  // node id -> last position, so a redraw does not scatter the graph
  colour: d3.scale.category10(),

  attach(host) { network.host = host; },

  legend(clusters) {
    const box = document.getElementById('network-legend');
    box.innerHTML = '';
    clusters.forEach((name, i) => {
      const item = document.createElement('span');
      item.innerHTML = '<i style="background:' + network.colour(i) + '"></i>';
      item.appendChild(document.createTextNode(name));
      box.appendChild(item);
    });
  },

  draw(data) {
    const svg = d3.select('#network');
    const width = +svg.attr('width'), height = +svg.attr('height');
    if (network.force) network.force.stop();
    svg.selectAll('*').remove();
    document.getElementById('network-label').textContent =
      data.label + ', replication ' + data.replication + ': ' + data.nodes.length + ' nodes, ' +
      data.links.length + ' links';
    network.legend(data.clusters);
    const index = {};
    const nodes = data.nodes.map((node, i) => {
      index[node.id] = i;
      const seen = network.positions[node.id];
      return Object.assign({}, node, seen ? { x: seen.x, y: seen.y } : {});
    });
    const links = data.links.map((link) => ({
      source: index[link.source], target: index[link.target], trust: link.trust }));
    network.force = d3.layout.force().nodes(nodes).links(links).size([width, height])
      .charge(-40).linkDistance(35).gravity(0.08).start();
    const line = svg.selectAll('line').data(links).enter().append('line')
      .attr('stroke', '#345').attr('stroke-width', (d) => 0.4 + 2.5 * d.trust)
      .attr('stroke-opacity', (d) => 0.15 + 0.7 * d.trust);
    const radius = (d) => 2.5 + Math.sqrt(d.size) / (d.kind === 'firm' ? 4 : 8);
    const node = svg.selectAll('.node').data(nodes).enter().append(
      (d) => document.createElementNS('http://www.w3.org/2000/svg',
                                      d.kind === 'firm' ? 'circle' : 'rect'))
      .attr('class', 'node').attr('fill', (d) => network.colour(d.cluster))
      .attr('stroke', (d) => (d.kind === 'firm' ? '#fff' : '#000'))
      .attr('r', radius).attr('width', 12).attr('height', 12).call(network.force.drag);
    node.append('title').text((d) => (d.kind === 'firm' ? 'firm ' + d.id + ': ' +
      Math.round(d.size) + ' employees' : 'university, staff ' + Math.round(d.size)));
    network.force.on('tick', () => {
      line.attr('x1', (d) => d.source.x).attr('y1', (d) => d.source.y)
        .attr('x2', (d) => d.target.x).attr('y2', (d) => d.target.y);
      node.filter('circle').attr('cx', (d) => d.x).attr('cy', (d) => d.y);
      node.filter('rect').attr('x', (d) => d.x - 6).attr('y', (d) => d.y - 6);
      nodes.forEach((d) => { network.positions[d.id] = { x: d.x, y: d.y }; });
    });
    document.body.dataset.networkFirms =
      String(data.nodes.filter((n) => n.kind === 'firm').length);
  },

  async refresh() {
    const replication = document.getElementById('network-replication').value || '0';
    try {
      network.draw(await api.get('/api/network', { replication }));
    } catch (error) {
      network.host.fail(error);
    }
  },

  // No run loaded: an empty frame, so no earlier run's network is shown.
  clear() {
    if (network.force) network.force.stop();
    d3.select('#network').selectAll('*').remove();
    document.getElementById('network-label').textContent = '';
    document.getElementById('network-legend').replaceChildren();
    delete document.body.dataset.networkFirms;
  },
};
