// The evidence base: every claim the engine relies on, its grade and its full citations.
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { Sources } from '../cited.js';

export function Evidence() {
  const [data, setData] = useState(null);
  const [topic, setTopic] = useState('');
  const [error, setError] = useState('');
  useEffect(() => { api.get('/api/evidence').then(setData).catch((e) => setError(e.message)); }, []);

  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!data) return html`<p class="muted">Loading…</p>`;
  const topics = [...new Set(data.claims.map((c) => c.topic))];
  const shown = data.claims.filter((c) => !topic || c.topic === topic);
  return html`
    <h1>Evidence base</h1>
    <p class="muted">${data.notice}</p>
    <label>Topic
      <select value=${topic} onChange=${(e) => setTopic(e.target.value)}>
        <option value="">all (${data.claims.length})</option>
        ${topics.map((t) => html`<option value=${t}>${t.replaceAll('_', ' ')}</option>`)}
      </select>
    </label>
    ${shown.map((c) => html`
      <article class="card claim" data-testid="claim">
        <p><span class=${`grade g-${c.grade}`}>${c.grade}</span> ${c.claim}</p>
        <${Sources} sources=${c.sources} />
      </article>`)}`;
}
