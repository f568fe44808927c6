// The clinic's athletes, the sessions running now, and (for staff) a form to add an athlete.
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { isStaff } from '../roles.js';
import { localDate } from '../time.js';

function AddAthlete({ onAdded }) {
  const [name, setName] = useState('');
  const [born, setBorn] = useState('');
  const [sex, setSex] = useState('');
  const [error, setError] = useState('');

  const submit = async (e) => {
    e.preventDefault();
    setError('');
    try {
      const body = { name: name.trim() };
      if (born) body.birth_year = Number(born);
      if (sex) body.sex = sex;
      const added = await api.post('/api/athletes', body);
      setName(''); setBorn(''); setSex('');
      onAdded(added);
    } catch (err) {
      setError(err.message);
    }
  };

  return html`
    <form class="card" onSubmit=${submit} aria-label="Add an athlete">
      <h2>Add an athlete</h2>
      <div class="row">
        <label class="grow">Name <input name="name" required maxlength="200" value=${name} onInput=${(e) => setName(e.target.value)} /></label>
        <label>Year of birth <input name="birth_year" type="number" min="1900" max="2030" value=${born} onInput=${(e) => setBorn(e.target.value)} /></label>
        <label>Sex
          <select name="sex" value=${sex} onChange=${(e) => setSex(e.target.value)}>
            <option value="">not given</option><option value="female">female</option><option value="male">male</option>
          </select>
        </label>
      </div>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button class="primary big" type="submit">Add athlete</button>
    </form>`;
}

// The list comes a page at a time in name order (100 athletes), found by part of a name.
const athletesPath = (find, after) => {
  const query = new URLSearchParams();
  if (find) query.set('q', find);
  if (after) query.set('after', after);
  return `/api/athletes${query.size ? `?${query}` : ''}`;
};

export function Athletes({ me }) {
  const [people, setPeople] = useState(null);
  const [nextAfter, setNextAfter] = useState('');
  const [find, setFind] = useState('');
  const [live, setLive] = useState([]);
  const [error, setError] = useState('');

  const page = (after) => api.getWithHeaders(athletesPath(find, after)).then(({ data, headers }) => {
    setPeople((shown) => (after ? [...shown, ...data] : data));
    setNextAfter(headers.get('X-Next-After') || '');
  }).catch((e) => setError(e.message));
  useEffect(() => { page(''); }, [find]);
  useEffect(() => { api.get('/api/live').then(setLive).catch(() => {}); }, []);

  return html`
    <h1>Athletes</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${live.length > 0 && html`
      <section class="card live-now">
        <h2>Running now</h2>
        <ul>${live.map((s) => html`<li><a class="button" href=${`#/live/${s.session_id}`}>${s.person_name}: session ${s.session_id}</a></li>`)}</ul>
      </section>`}
    ${isStaff(me) && html`<label class="find">Find an athlete
      <input name="find" type="search" placeholder="part of a name" value=${find} onInput=${(e) => setFind(e.target.value)} /></label>`}
    ${people === null ? html`<p class="muted">Loading…</p>` : people.length === 0
      ? html`<p class="muted">${find ? `No athlete's name contains "${find}".` : 'No athletes yet.'}</p>`
      : html`
        <table class="list" aria-label="Athletes">
          <thead><tr><th>Name</th><th>Born</th><th>Sex</th><th>Added</th></tr></thead>
          <tbody>${people.map((p) => html`
            <tr>
              <td><a href=${`#/athletes/${p.id}`}>${p.name}</a></td>
              <td>${p.birth_year ?? '–'}</td><td>${p.sex ?? '–'}</td><td>${localDate(p.created_at)}</td>
            </tr>`)}
          </tbody>
        </table>
        ${nextAfter && html`<button onClick=${() => page(nextAfter)}>More athletes</button>`}`}
    ${isStaff(me) && html`<${AddAthlete} onAdded=${(p) => { location.hash = `#/athletes/${p.id}`; }} />`}`;
}
