// Levers: a slider and a text field per explorable key, named in plain words, with the
// schema's unit in words, its meaning in view, the value the scenario ships and where
// that comes from (all from GET /api/configure's levers). The text takes any value, so
// a bad one reaches the server and comes back with the CLI's message.
import { $, element } from './dom.js';

// Typing and key presses on a slider come in bursts: one run for the burst.
const kDebounceMs = 250;

export const levers = {
  list: [],      // from the server: key, label, unit, unit_text, meaning, source, ...
  changed: {},   // key -> text typed, sent as --set KEY=VALUE
  timer: null,

  sets() { return Object.entries(levers.changed).map(([key, value]) => key + '=' + value); },

  // `onChange` runs once a burst of changes has settled.
  render(list, onChange) {
    levers.list = list;
    const box = $('levers');
    box.replaceChildren();
    list.forEach((lever) => box.appendChild(levers.row(lever, onChange)));
  },

  row(lever, onChange) {
    const row = element('div', undefined, 'lever' + (lever.key in levers.changed ? ' changed' : ''));
    row.title = lever.description || lever.meaning;
    row.dataset.key = lever.key;
    const head = element('div', undefined, 'lever-head');
    head.append(element('span', lever.label, 'name'), ' ',
      element('span', lever.unit_text || lever.unit || '', 'unit'));
    const slider = element('input');
    slider.type = 'range';
    slider.min = lever.min;
    slider.max = lever.max;
    slider.step = lever.integer ? 1 : (lever.max - lever.min) / 100;
    const text = element('input');
    text.type = 'text';
    text.setAttribute('aria-label', lever.label);
    const current = lever.key in levers.changed ? levers.changed[lever.key] : String(lever.value);
    slider.value = current;
    text.value = current;
    const commit = (value) => {
      levers.changed[lever.key] = value;
      row.classList.add('changed');
      clearTimeout(levers.timer);
      levers.timer = setTimeout(onChange, kDebounceMs);
    };
    slider.addEventListener('input', () => { text.value = levers.rounded(slider.value); });
    slider.addEventListener('change', () => commit(levers.rounded(slider.value)));
    text.addEventListener('change', () => { slider.value = text.value; commit(text.value.trim()); });
    const inputs = element('div', undefined, 'lever-inputs');
    inputs.append(slider, text);
    row.append(head, inputs, element('p', lever.meaning, 'meaning'), levers.provenance(lever));
    if (lever.schedule_note) {  // the scenario overrides this lever from some month on
      row.appendChild(element('div', lever.schedule_note, 'schedule-note'));
    }
    return row;
  },

  // The shipped value, where it comes from and the evidence the schema cites.
  provenance(lever) {
    const line = element('p', undefined, 'provenance');
    line.append('Shipped value ', element('b', String(lever.value), 'shipped'),
      ' (' + lever.source + ')');
    if (lever.evidence) line.append('; evidence: ' + lever.evidence);
    line.append('. Key ', element('code', lever.key));
    return line;
  },

  // Slider steps are binary fractions: show and send a few significant digits.
  rounded(value) { return String(Number(Number(value).toPrecision(4))); },

  // A lever's label on the page, else its key.
  nameOf(key) {
    const lever = levers.list.find((l) => l.key === key);
    return lever ? lever.label : key;
  },

  // Options for the compare and grid pickers.
  fillSelect(select, withNone) {
    const previous = select.value;
    select.replaceChildren();
    if (withNone) select.appendChild(Object.assign(element('option', '(none)'), { value: '' }));
    levers.list.forEach((lever) => {
      const option = element('option', lever.label);
      option.value = lever.key;
      select.appendChild(option);
    });
    if ([...select.options].some((o) => o.value === previous)) select.value = previous;
  },
};
