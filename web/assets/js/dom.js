// Building the DOM safely: every text goes in through textContent, attributes through setAttribute, never
// through innerHTML, so that data from the server (names, reasons, file names) can never become markup. The
// console's Content-Security-Policy forbids inline scripts, style attributes and inline handlers: listeners are
// attached here with addEventListener.

const SVG_NS = 'http://www.w3.org/2000/svg';

// el('button', {class: 'primary', type: 'button', onClick: fn}, 'Lưu') → <button class="primary">Lưu</button>.
// Props: `class`, `on<Event>` listeners, `dataset`, boolean attributes (true = present, false/null = absent),
// other attributes as strings. Children: nodes, strings (text), arrays, null/undefined/false (skipped).
export function el(tag, props = {}, ...children) {
  return build(document.createElement(tag), props, children);
}

// The same for SVG elements (the dashboard's chart).
export function svg(tag, props = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(node, props, children) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'style') {
      throw new Error('style attributes are forbidden by the CSP: use a class');
    } else if (key === 'value' && 'value' in node) {
      node.value = value;
    } else if (key === 'checked' && 'checked' in node) {
      node.checked = Boolean(value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Replaces the children of `node`.
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

// A table cell that becomes a labelled row of a card on narrow screens (app.css, .table--cards): the label is
// the column's name, the content one block.
export function cell(label, ...children) {
  return el('td', {'data-label': label}, el('div', {class: 'cell'}, children));
}

// A unique id for label/aria wiring.
let counter = 0;
export function uid(prefix = 'f') {
  counter += 1;
  return `${prefix}-${counter}`;
}

// A labelled form field: <div class="field"><label for=…>…</label><control id=…>[<p class="hint">]</div>.
export function field(labelText, control, hint) {
  const id = control.id || uid();
  control.id = id;
  let hintNode = null;
  if (hint) {
    hintNode = el('p', {class: 'hint', id: `${id}-hint`}, hint);
    control.setAttribute('aria-describedby', hintNode.id);
  }
  return el('div', {class: 'field'}, el('label', {for: id}, labelText), control, hintNode);
}

// A group of radio buttons or check boxes in a <fieldset> with its <legend>.
export function choiceGroup(legend, type, name, options, {required = false, checked = []} = {}) {
  const items = options.map(([value, text]) => {
    const id = uid(name);
    return el('div', {class: 'choice'},
      el('input', {type, name, id, value, required: required && type === 'radio', checked: checked.includes(value)}),
      el('label', {for: id}, text));
  });
  return el('fieldset', {class: 'choices'}, el('legend', {}, legend), items);
}

// An <select> with [value, text] options.
export function select(options, {value, required = false, name} = {}) {
  const node = el('select', {required, name});
  for (const [optionValue, text] of options) {
    node.append(el('option', {value: optionValue, selected: optionValue === value}, text));
  }
  return node;
}
