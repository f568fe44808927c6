// Sign in with e-mail and password; the server sets an HttpOnly cookie.
import { html, useState } from '../lib.js';
import { api } from '../api.js';

export function SignIn({ onSignedIn }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await api.post('/api/login', { email, password });
      await onSignedIn();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return html`
    <section class="card narrow">
      <h1>Sign in</h1>
      <form onSubmit=${submit}>
        <label>E-mail address
          <input name="email" type="email" autocomplete="username" required value=${email} onInput=${(e) => setEmail(e.target.value)} />
        </label>
        <label>Password
          <input name="password" type="password" autocomplete="current-password" required value=${password}
                 onInput=${(e) => setPassword(e.target.value)} />
        </label>
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <button class="primary big" type="submit" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <p class="muted">The first administrator's password is printed once by <code>bfr serve</code> on its first start.</p>
    </section>`;
}
