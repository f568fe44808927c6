// A finished session: whose and when, its figures, the recorded pressure against the band, events
// and pain in words, and the exports (printable report, CSV, FHIR). A session that did not complete
// says so beside its figures: they are not a good session's.
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { PressureChart } from '../charts.js';
import { localTime } from '../time.js';
import { outcomeWords } from '../outcomes.js';

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
  const completed = s.outcome === 'completed';
  const painRule = (p) => (p.rule_max == null ? '' : p.score > p.rule_max ? `, above the rule (up to ${p.rule_max}/10)` : `, within the rule (up to ${p.rule_max}/10)`);
  return html`
    <div class="title-row">
      <h1>Session ${id}: ${s.person_name ?? `athlete ${s.person_id}`}</h1>
      ${s.simulated && html`<span class="badge simulated">SIMULATED</span>`}
    </div>
    <p class="muted" data-testid="session-when">${localTime(s.started_at)}${s.ended_at ? ` to ${localTime(s.ended_at)}` : ''} · ${s.device}${' · '}<a href=${`#/athletes/${s.person_id}`}>back to the athlete</a></p>
    ${!completed && html`<p class="ended-early" role="note" data-testid="ended-early">This session was ${outcomeWords(s.outcome)}: its figures cover
      only the time until it ended.</p>`}
    <section class="card">
      <div class="figures" data-testid="figures">
        <div><span class=${`value ${completed ? '' : 'bad'}`}>${outcomeWords(s.outcome)}</span><span class="label">outcome</span></div>
        <div><span class="value">${s.lop_mmHg ? s.lop_mmHg.toFixed(0) : '–'}</span><span class="label">LOP (mmHg)</span></div>
        <div><span class="value">${s.in_band_pct == null ? '–' : s.in_band_pct.toFixed(1)}</span><span class="label">time in band (%)${completed ? '' : ', until it ended'}</span></div>
        <div><span class="value" data-testid="sets-done">${s.sets}${s.sets_planned ? ` of ${s.sets_planned}` : ''}</span><span class="label">sets done</span></div>
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
        : html`<ul data-testid="pain">${s.pain.map((p) => html`<li>${p.name}: pain ${p.score} out of 10${p.site ? ` at ${p.site}` : ''}${painRule(p)}</li>`)}</ul>`}
      <h2>Events</h2>
      <ul class="events" data-testid="events">${s.events.map((e) => html`<li><span class="muted">${(e.t_ms / 1000).toFixed(1)} s</span> ${e.text}</li>`)}</ul>
    </section>`;
}
