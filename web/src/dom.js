// DOM helpers. Everything that comes from the server is put on the page as
// text (createTextNode / textContent), never as HTML: there is no innerHTML
// anywhere in the dashboard.

// h(tag, attrs, ...children): an element. attrs: plain attributes, `class`,
// `on` ({event: handler}), `props` (DOM properties such as checked). Children
// are nodes, strings (as text), numbers, arrays of those, or null (skipped).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'props') Object.assign(el, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// Replaces the children of el with the given children.
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
// A fresh id for label/aria wiring.
export function nextId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

// A labelled form field: [label, control]. control is an element whose id is set.
export function field(label, control, hint) {
  const id = control.id || nextId('f');
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint ? h('small', { id: hintId, class: 'hint' }, hint) : null);
}

// Returns a safe link target: only http(s) URLs from the server, else null.
export function safeUrl(u) {
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
