// The metric picker: every metric the model records, named by its description (its
// code name small beside it), in groups a student can scan, with a search box over
// names and descriptions.
import { $, element, firstSentence } from './dom.js';

// Groups in the order shown; a metric goes to the first group, in `kMatchOrder`, whose
// pattern matches its name, else to "Other".
const kGroups = {
  firms: ['Firms and jobs', /^(firms_|entries|exits|spinoffs|startups|employment)/],
  projects: ['Innovation projects by stage (TRL)', /^(projects_|trl_|consortia)/],
  innovations: ['Innovations and technologies', /^(innovations_|joint_innov|adoptions|technology_users|substitute_domains)/],
  knowledge: ['Knowledge and skills', /^(knowledge|competence|absorptive)/],
  network: ['Partner network', /^(links|network|clustering|largest_component|mean_degree|mean_trust|degree_|cross_cluster|path_length|partner_)/],
  institutions: ['Universities and centers', /^(university|trainings|introductions)/],
  public: ['Public money and instruments', /^(grants_|public_money|budget_placed|loans_granted|clusters_selected|innovations_per_bn|revenue_per_rub|defence_procurement)/],
  money: ["Firms' money, credit and prices", /^(revenue|value_added|cash|rd_spending|money_|flow_|loans_|commercial_debt|stage_credit|credit_line|receivables|defaults|capital|net_worth|profit_margin|loss_making|debt_cost|key_rate|price_index|wage)/],
  sanctions: ['Sanctions and technological sovereignty', /^(import_|sovereignty|critical_input|output_lost|substitution_share)/],
  defence: ['Defence orders and conversion', /^(defence_output|civilian|idle_defence|converted)/],
};
const kMatchOrder = ['public', 'sanctions', 'defence', 'projects', 'innovations', 'knowledge',
  'network', 'institutions', 'firms', 'money'];

export function groupOf(name) {
  const key = kMatchOrder.find((k) => kGroups[k][1].test(name));
  return key ? kGroups[key][0] : 'Other';
}

export const metricPicker = {
  // `chosen`: names charted now; `onChange(names)` when the choice changes.
  render(metrics, chosen, onChange) {
    const box = $('metric-list');
    box.replaceChildren();
    const byGroup = new Map(Object.values(kGroups).map(([title]) => [title, []]));
    byGroup.set('Other', []);
    metrics.forEach((metric) => byGroup.get(groupOf(metric.name)).push(metric));
    byGroup.forEach((list, title) => {
      if (list.length === 0) return;
      const group = element('fieldset', undefined, 'metric-group');
      group.appendChild(element('legend', title + ' (' + list.length + ')'));
      list.forEach((metric) => group.appendChild(metricPicker.item(metric, chosen)));
      box.appendChild(group);
    });
    box.onchange = () => onChange([...box.querySelectorAll('input:checked')].map((i) => i.value));
    $('metric-search').oninput = () => metricPicker.filter($('metric-search').value);
    metricPicker.filter($('metric-search').value);
  },

  item(metric, chosen) {
    const label = element('label', undefined, 'metric');
    label.dataset.metric = metric.name;
    label.dataset.search = (metric.name + ' ' + metric.description).toLowerCase();
    label.title = metric.description + ' (' + metric.units + ')';
    const box = element('input');
    box.type = 'checkbox';
    box.value = metric.name;
    box.checked = chosen.includes(metric.name);
    label.append(box, ' ' + firstSentence(metric.description).replace(/\.$/, '') + ' ',
      element('code', metric.name));
    return label;
  },

  // Shows the metrics whose name or description holds every word typed.
  filter(text) {
    const words = text.toLowerCase().split(/\s+/).filter((w) => w);
    document.querySelectorAll('#metric-list .metric-group').forEach((group) => {
      let shown = 0;
      group.querySelectorAll('label.metric').forEach((label) => {
        const match = words.every((w) => label.dataset.search.includes(w));
        label.hidden = !match;
        shown += match ? 1 : 0;
      });
      group.hidden = shown === 0;
    });
  },
};
