// Levers: a slider and a text field per explorable key (from the scenario schema:
// unit, range, one-line meaning as the tooltip). The text takes any value, so a bad
// one reaches the server and comes back with the CLI's message.
'use strict';
const levers = {
  list: [],      // from the server: key, label, unit, meaning, min, max, value, integer
  changed: {},   // key -> text typed, sent as --set KEY=VALUE

  sets() { return Object.entries(levers.changed).map(([key, value]) => key + '=' + value); },

  render(list, onChange) {
    levers.list = list;
    const box = document.getElementById('levers');
    box.innerHTML = '';
    list.forEach((lever) => box.appendChild(levers.row(lever, onChange)));
  },

  row(lever, onChange) {
    const row = document.createElement('div');
    row.className = 'lever' + (lever.key in levers.changed ? ' changed' : '');
    row.title = lever.meaning;
    row.dataset.key = lever.key;
    const name = document.createElement('div');
    name.innerHTML = '<span class="name"></span> <span class="unit"></span>';
    name.querySelector('.name').textContent = lever.label;
    name.querySelector('.unit').textContent = lever.unit ? '(' + lever.unit + ')' : '';
    const slider = document.createElement('input');
    slider.type = 'range';
    slider.min = lever.min;
    slider.max = lever.max;
    slider.step = lever.integer ? 1 : (lever.max - lever.min) / 100;
    const text = document.createElement('input');
    text.type = 'text';
    const current = lever.key in levers.changed ? levers.changed[lever.key] : String(lever.value);
    slider.value = current;
    text.value = current;
    const commit = (value) => {
      levers.changed[lever.key] = value;
      row.classList.add('changed');
      onChange();
    };
    slider.addEventListener('input', () => { text.value = levers.rounded(slider.value); });
    slider.addEventListener('change', () => commit(levers.rounded(slider.value)));
    text.addEventListener('change', () => { slider.value = text.value; commit(text.value.trim()); });
    row.append(name, slider, ' ', text);
    if (lever.schedule_note) {  // the scenario overrides this lever from some month on
      const note = document.createElement('div');
      note.className = 'schedule-note';
      note.textContent = lever.schedule_note;
      row.appendChild(note);
    }
    return row;
  },

  // Slider steps are binary fractions: show and send a few significant digits.
  rounded(value) { return String(Number(Number(value).toPrecision(4))); },

  // Options for the compare and grid pickers.
  fillSelect(select, withNone) {
    const previous = select.value;
    select.innerHTML = withNone ? '<option value="">(none)</option>' : '';
    levers.list.forEach((lever) => {
      const option = document.createElement('option');
      option.value = lever.key;
      option.textContent = lever.label;
      select.appendChild(option);
    });
    if ([...select.options].some((o) => o.value === previous)) select.value = previous;
  },
};
