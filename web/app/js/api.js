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

// `timeoutMs`: give up after this long (a request that must not hang, such as Stop).
// `withHeaders`: answer { data, headers } (a page whose next page a header names).
async function request(method, path, body, timeoutMs, withHeaders = false) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin',
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    });
  } catch (err) {
    if (err && err.name === 'TimeoutError') throw new ApiError(0, `The clinic server did not answer within ${timeoutMs / 1000} s.`);
    throw new ApiError(0, 'The clinic server cannot be reached. Is `bfr serve` still running?');
  }
  let text;
  try { text = await res.text(); } catch { throw new ApiError(0, 'The clinic server stopped answering.'); }
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
  if (res.status === 401 && path !== '/api/login') onSignedOut();
  if (!res.ok) throw new ApiError(res.status, (data && data.error) || `The server answered ${res.status}`, data);
  return withHeaders ? { data, headers: res.headers } : data;
}

export const api = {
  get: (path) => request('GET', path),
  getWithHeaders: (path) => request('GET', path, undefined, undefined, true),
  post: (path, body = {}, { timeoutMs } = {}) => request('POST', path, body, timeoutMs),
};
