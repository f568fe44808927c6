// Sign in with e-mail and password; the server sets an HttpOnly cookie. Where several clinics
// share the server, an address may have an account in each, so the form also asks the clinic's
// number: from the link the administrator gave (?clinic=N) or as typed, remembered in this browser.
import { html, useEffect, useState } from '../lib.js';
import { api } from '../api.js';

const CLINIC_KEY = 'bfr.clinic';

function rememberedClinic() {
  const fromLink = new URLSearchParams(window.location.search).get('clinic');
  return fromLink || localStorage.getItem(CLINIC_KEY) || '';
}

export function SignIn({ onSignedIn }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [clinic, setClinic] = useState(rememberedClinic);
  const [clinicRequired, setClinicRequired] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get('/api/sign-in-options').then((o) => setClinicRequired(o.clinic_required)).catch((err) => setError(err.message));
  }, []);

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const body = { email, password };
      if (clinicRequired) body.clinic = Number(clinic);
      await api.post('/api/login', body);
      if (clinicRequired) localStorage.setItem(CLINIC_KEY, clinic);
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
        ${clinicRequired && html`<label>Clinic number
          <input name="clinic" type="number" min="1" step="1" inputmode="numeric" required value=${clinic}
                 onInput=${(e) => setClinic(e.target.value)} />
          <span class="muted">Several clinics share this server: your clinic's administrator has its number.</span>
        </label>`}
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
