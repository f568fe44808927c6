// The signed-in user's account: change the password (ends every other sign-in). For a clinic
// administrator also: the clinic's accounts with a password reset for a forgotten one, adding
// accounts (clinician, or an athlete tied to their record), and the audit log.
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { localTimeSeconds } from '../time.js';

function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [status, setStatus] = useState({ ok: '', error: '' });
  const submit = async (e) => {
    e.preventDefault();
    try {
      await api.post('/api/me/password', { current_password: current, new_password: next });
      setCurrent(''); setNext('');
      setStatus({ ok: 'Password changed; every other sign-in has ended.', error: '' });
    } catch (err) {
      setStatus({ ok: '', error: err.message });
    }
  };
  return html`
    <form class="card" onSubmit=${submit} aria-label="Change password">
      <h2>Change password</h2>
      <div class="row">
        <label class="grow">Current password <input type="password" name="current_password" autocomplete="current-password" required value=${current} onInput=${(e) => setCurrent(e.target.value)} /></label>
        <label class="grow">New password (at least 10 characters) <input type="password" name="new_password" autocomplete="new-password" required value=${next} onInput=${(e) => setNext(e.target.value)} /></label>
      </div>
      ${status.ok && html`<p role="status">${status.ok}</p>`}
      ${status.error && html`<p class="error" role="alert">${status.error}</p>`}
      <button class="primary big" type="submit">Change password</button>
    </form>`;
}

// An athlete's account is tied to their record, found by part of the name (the clinic's list
// comes a page at a time).
function AddAccount({ onAdded }) {
  const [form, setForm] = useState({ email: '', name: '', role: 'clinician', person_id: '', password: '' });
  const [error, setError] = useState('');
  const [find, setFind] = useState('');
  const [people, setPeople] = useState([]);
  useEffect(() => {
    if (form.role !== 'athlete') return;
    api.get(`/api/athletes?limit=50${find ? `&q=${encodeURIComponent(find)}` : ''}`).then(setPeople).catch(() => {});
  }, [form.role, find]);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    setError('');
    const body = { email: form.email, name: form.name, role: form.role, password: form.password };
    if (form.role === 'athlete') body.person_id = Number(form.person_id);
    try {
      await api.post('/api/users', body);
      setForm({ email: '', name: '', role: 'clinician', person_id: '', password: '' });
      onAdded();
    } catch (err) {
      setError(err.message);
    }
  };
  return html`
    <form class="card" onSubmit=${submit} aria-label="Add an account">
      <h2>Add an account</h2>
      <div class="row">
        <label class="grow">Name <input name="name" required value=${form.name} onInput=${set('name')} /></label>
        <label class="grow">E-mail address <input name="email" type="email" required value=${form.email} onInput=${set('email')} /></label>
        <label>Role
          <select name="role" value=${form.role} onChange=${set('role')}>
            <option value="clinician">clinician</option><option value="athlete">athlete (reads their own record)</option><option value="admin">administrator</option>
          </select>
        </label>
        ${form.role === 'athlete' && html`
          <label>Find the athlete <input name="find_athlete" type="search" placeholder="part of a name" value=${find} onInput=${(e) => setFind(e.target.value)} /></label>
          <label>Athlete
            <select name="person_id" required value=${form.person_id} onChange=${set('person_id')}>
              <option value="">choose</option>${people.map((p) => html`<option value=${p.id}>${p.name}</option>`)}
            </select>
          </label>`}
        <label class="grow">First password (at least 10 characters) <input name="password" type="password" autocomplete="new-password" required value=${form.password} onInput=${set('password')} /></label>
      </div>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button class="primary big" type="submit">Add account</button>
    </form>`;
}

// Failed sign-ins lock an account for new addresses (docs/server.md); the owner asks, and an
// administrator lets them try again at once.
function Unlock({ user, onChanged }) {
  const [status, setStatus] = useState({ ok: '', error: '' });
  const unlock = async () => {
    try {
      await api.post(`/api/users/${user.id}/unlock`);
      setStatus({ ok: 'Sign-in unlocked.', error: '' });
      onChanged();
    } catch (err) {
      setStatus({ ok: '', error: err.message });
    }
  };
  return html`
    <button onClick=${unlock} aria-label=${`Unlock sign-in for ${user.email}`}>Unlock sign-in</button>
    ${status.ok && html`<p role="status">${status.ok}</p>`}
    ${status.error && html`<p class="error" role="alert">${status.error}</p>`}`;
}

function ResetPassword({ user, onChanged }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState({ ok: '', error: '' });
  const submit = async (e) => {
    e.preventDefault();
    try {
      await api.post(`/api/users/${user.id}/password`, { new_password: password });
      setPassword(''); setOpen(false);
      setStatus({ ok: 'New password set; hand it over in person. Their sign-ins have ended.', error: '' });
      onChanged();
    } catch (err) {
      setStatus({ ok: '', error: err.message });
    }
  };
  return html`
    ${open
      ? html`<form class="row" onSubmit=${submit} aria-label=${`New password for ${user.email}`}>
          <input type="password" name="new_password" autocomplete="new-password" required placeholder="at least 10 characters"
                 value=${password} onInput=${(e) => setPassword(e.target.value)} />
          <button class="primary" type="submit">Set</button>
        </form>`
      : html`<button onClick=${() => setOpen(true)}>Reset password</button>`}
    ${status.ok && html`<p role="status">${status.ok}</p>`}
    ${status.error && html`<p class="error" role="alert">${status.error}</p>`}`;
}

function Accounts({ users, me, onChanged }) {
  return html`
    <section class="card">
      <h2>Accounts</h2>
      <table class="list stacks" aria-label="Accounts">
        <thead><tr><th>Name</th><th>E-mail address</th><th>Role</th><th></th></tr></thead>
        <tbody>${users.map((u) => html`
          <tr><td data-label="Name">${u.name}</td><td data-label="E-mail">${u.email}</td><td data-label="Role">${u.role}</td>
            <td data-label="Password">${u.id === me.user.id ? html`<span class="muted">you: change it above</span>` : html`<${ResetPassword} user=${u} onChanged=${onChanged} /> <${Unlock} user=${u} onChanged=${onChanged} />`}</td></tr>`)}
        </tbody>
      </table>
    </section>`;
}

// Newest first, a page of 200 at a time (GET /api/audit answers pages; X-Older-Before names the next).
function AuditLog({ entries, olderBefore, onOlder }) {
  return html`
    <section class="card">
      <h2>Audit log</h2>
      <table class="list stacks" aria-label="Audit log">
        <thead><tr><th>When</th><th>Who</th><th>What</th><th>Object</th><th>Detail</th></tr></thead>
        <tbody>${[...entries].reverse().map((e) => html`
          <tr><td data-label="When">${localTimeSeconds(e.at)}</td><td data-label="Who">${e.user_id ?? '–'}</td><td data-label="What">${e.action}</td>
            <td data-label="Object">${e.object}</td><td data-label="Detail">${e.detail}</td></tr>`)}
        </tbody>
      </table>
      ${olderBefore && html`<button onClick=${onOlder}>Older entries</button>`}
    </section>`;
}

export function Account({ me }) {
  const admin = me.user.role === 'admin';
  const [audit, setAudit] = useState([]);
  const [olderBefore, setOlderBefore] = useState('');
  const auditPage = (before) => api.getWithHeaders(`/api/audit${before ? `?before=${before}` : ''}`).then(({ data, headers }) => {
    setAudit((shown) => (before ? [...data, ...shown] : data));
    setOlderBefore(headers.get('X-Older-Before') || '');
  }).catch(() => {});
  const [users, setUsers] = useState([]);
  const load = () => {
    if (!admin) return;
    api.get('/api/users').then(setUsers).catch(() => {});
    auditPage('');
  };
  useEffect(load, []);
  return html`
    <h1>Account</h1>
    <p>${me.user.name}, ${me.user.email}: ${me.user.role} at ${me.clinic}, clinic number ${me.user.clinic_id}.</p>
    ${admin && html`<p class="muted">Where several clinics share this server, everyone signs in with that number; this link fills it in:
      <code>${`${window.location.origin}/?clinic=${me.user.clinic_id}`}</code></p>`}
    <${ChangePassword} />
    ${admin && html`<${Accounts} users=${users} me=${me} onChanged=${load} /><${AddAccount} onAdded=${load} /><${AuditLog} entries=${audit} olderBefore=${olderBefore} onOlder=${() => auditPage(olderBefore)} />`}`;
}
