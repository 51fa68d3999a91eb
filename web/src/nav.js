// Client-side navigation shared by the shell and the pages (kept apart from
// main.js so pages need not import the entry module).
let renderFn = () => {};

export function setRenderer(fn) {
  renderFn = fn;
}

// navigate(path, replace?): changes the URL and renders the page for it.
export function navigate(path, replace) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  renderFn(true);
}
