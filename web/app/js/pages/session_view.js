// A finished session: its figures, the recorded pressure against the band, events and pain, and
// the exports (printable report, CSV, FHIR).
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { PressureChart } from '../charts.js';

export function SessionView({ id }) {
  const [s, setS] = useState(null);
  const [samples, setSamples] = useState(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api.get(`/api/sessions/${id}`).then(setS).catch((e) => setError(e.message));
    api.get(`/api/sessions/${id}/samples`).then(setSamples).catch((e) => setError(e.message));
  }, [id]);

  if (error) return html`<p class="error" role="alert">${error}</p><p><a href="#/athletes">Back to athletes</a></p>`;
  if (!s || !samples) return html`<p class="muted">Loading…</p>`;

  const base = `/api/sessions/${id}`;
  return html`
    <h1>Session ${id} ${s.simulated && html`<span class="badge simulated">SIMULATED</span>`}</h1>
    <p><a href=${`#/athletes/${s.person_id}`}>Back to the athlete</a></p>
    <section class="card">
      <div class="figures" data-testid="figures">
        <div><span class="value">${s.outcome}</span><span class="label">outcome</span></div>
        <div><span class="value">${s.lop_mmHg ? s.lop_mmHg.toFixed(0) : '–'}</span><span class="label">LOP (mmHg)</span></div>
        <div><span class="value">${s.in_band_pct == null ? '–' : s.in_band_pct.toFixed(1)}</span><span class="label">time in band (%)</span></div>
        <div><span class="value">${s.sets}</span><span class="label">sets</span></div>
        <div><span class="value">${(s.restriction_s / 60).toFixed(1)}</span><span class="label">cuff minutes</span></div>
        <div><span class="value">${s.highest_mmHg.toFixed(0)}</span><span class="label">highest (mmHg)</span></div>
      </div>
      <${PressureChart} t=${samples.t_s} pressure=${samples.pressure_mmHg} setpoint=${samples.setpoint_mmHg}
        bandFraction=${samples.band_fraction} height=${360} label="Recorded cuff pressure against the target band" />
    </section>
    <section class="card exports">
      <h2>Report and export</h2>
      <a class="button big" href=${`${base}/report.pdf`} target="_blank" rel="noopener">Printable report (PDF)</a>
      <a class="button big" href=${`${base}/report.png`} target="_blank" rel="noopener">Report as image</a>
      <a class="button big" href=${`${base}/export.csv`} download>Samples (CSV)</a>
      <a class="button big" href=${`/api/athletes/${s.person_id}/fhir`} download=${`openbfr-athlete-${s.person_id}.fhir.json`}>FHIR R4 bundle</a>
    </section>
    <section class="card">
      <h2>Pain</h2>
      ${s.pain.length === 0 ? html`<p class="muted">No pain scores recorded.</p>`
        : html`<ul>${s.pain.map((p) => html`<li>${p.exercise}: ${p.score}/10</li>`)}</ul>`}
      <h2>Events</h2>
      <ul class="events">${s.events.map((e) => html`<li><span class="muted">${(e.t_ms / 1000).toFixed(1)} s</span> ${e.kind}: ${e.text}</li>`)}</ul>
    </section>`;
}
