// The clinic server's JSON API. Every change carries the CSRF token the sign-in returned; a 401
// sends the user back to sign in; any other failure throws an Error with the server's message.

let csrfToken = '';
let onSignedOut = () => {};

export function setCsrf(token) { csrfToken = token || ''; }
export function whenSignedOut(handler) { onSignedOut = handler; }

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'The clinic server cannot be reached. Is `bfr serve` still running?');
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
  if (res.status === 401 && path !== '/api/login') onSignedOut();
  if (!res.ok) throw new ApiError(res.status, (data && data.error) || `The server answered ${res.status}`, data);
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body = {}) => request('POST', path, body),
};
