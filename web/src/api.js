// The JSON API client: same-origin cookies, the CSRF token from the session
// responses on every write, errors as ApiError {status, code, message}.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || 'http';
  }
}

export const session = {
  user: null, // {id, name, display, role, agency} once signed in
  csrf: null,
  auth: true, // false when the server has no session routes (development)
};

let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

// api(method, path, body?) -> parsed JSON (null for 204).
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  let json = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = json && json.error ? json.error : {};
    if (res.status === 401 && !path.startsWith('/session')) onUnauthorized();
    throw new ApiError(res.status, err.code, err.message);
  }
  return json;
}

// Query string from an object; arrays are joined with commas, empty values dropped.
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) u.set(k, v.join(','));
    } else u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

// Loads the session: true when signed in; false when not. A server without
// session routes (404) leaves session.auth false and reads stay open.
export async function loadSession() {
  try {
    const j = await api('GET', '/session');
    session.user = j.user;
    session.csrf = j.csrf;
    session.auth = true;
    return true;
  } catch (e) {
    if (e.status === 404 || e.status === 405) {
      session.auth = false;
      return false;
    }
    session.user = null;
    session.csrf = null;
    return false;
  }
}

export async function signIn(name, password) {
  const j = await api('POST', '/session', { name, password });
  session.user = j.user;
  session.csrf = j.csrf;
  return j.user;
}

export async function signOut() {
  try {
    await api('DELETE', '/session');
  } finally {
    session.user = null;
    session.csrf = null;
  }
}

// Role checks mirror the server's table (src/auth/auth.h); the server decides.
export function can(action) {
  const role = session.user ? session.user.role : null;
  const table = {
    'sources.write': ['admin', 'analyst'],
    'sources.delete': ['admin'],
    'users.admin': ['admin'],
    'audit.read': ['admin'],
    'alerts.read': ['admin', 'analyst', 'officer', 'approver'],
    'alert_rules.write': ['admin', 'analyst'],
  };
  return Boolean(role && table[action] && table[action].includes(role));
}
