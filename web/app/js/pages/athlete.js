// One athlete: screening, LOP history, the current plan, starting a session, past sessions and
// progress. Staff can screen, plan and start; an athlete reads their own record.
import { html, useState, useEffect } from '../lib.js';
import { api } from '../api.js';
import { isStaff } from '../roles.js';
import { Sources, SourcedText } from '../cited.js';
import { PainChart, ProgressChart } from '../charts.js';
import { ScreeningForm } from './screening_form.js';
import { PlanForm } from './plan_form.js';
import { localTime } from '../time.js';
import { outcomeWords, endedEarly } from '../outcomes.js';

// By the verdict's stable id (verdict_id); the stored words are shown only for an id this app
// does not know.
const VERDICTS = {
  suitable: 'Suitable for BFR', needs_clearance: 'Needs clearance by a clinician', not_today: 'Not today', not_suitable: 'Not suitable for BFR',
  seek_care_now: 'Stop: seek medical care now',
};
// Verdicts after which no plan is made and no session started here.
const STOPS = new Set(['not_suitable', 'seek_care_now']);
const pct = (x) => (x == null ? '–' : `${x.toFixed(1)} %`);
// "2/10", "5/10: above the rule (up to 3)", or a dash when no score was asked.
const painWords = (s) => (s.pain_max == null ? '–'
  : `${s.pain_max}/10${s.pain_above_rule ? `: above the rule (up to ${s.pain_rule_max})` : ''}`);

function Screening({ screening }) {
  const r = screening.result;
  return html`
    <div class=${`verdict ${screening.verdict_id || ''}`} data-testid="verdict">
      <strong>${VERDICTS[screening.verdict_id] || screening.verdict}</strong>
      <span class="muted"> · ${[localTime(screening.taken_at),
        r.points != null && `${r.points} of ${r.threshold} points`, r.bmi != null && `BMI ${r.bmi.toFixed(1)}`].filter(Boolean).join(' · ')}</span>
    </div>
    ${STOPS.has(screening.verdict_id) && html`<p class="refused" data-testid="stopped-by-screening">
      No plan and no session after this verdict. Screen again once it no longer applies.</p>`}
    ${r.reasons?.length > 0 && html`<ul class="reasons">${r.reasons.map((x) => html`<li>${x.why || x.id}<${Sources} sources=${x.sources} /></li>`)}</ul>`}
    ${r.advice?.length > 0 && html`<ul class="advice">${r.advice.map((a) => html`<li>${a}</li>`)}</ul>`}`;
}

function Plan({ plan }) {
  const p = plan.plan;
  return html`
    <div data-testid="plan">
      <p><strong>${p.program}</strong>, phase ${p.phase}. ${p.goal}. ${p.sessions_per_week} sessions a week.</p>
      <table class="list stacks" aria-label="Exercises">
        <thead><tr><th>Exercise</th><th>Posture</th><th>Cuff</th><th>Load</th><th>Repetitions</th><th>Rest</th><th></th></tr></thead>
        <tbody>${p.exercises.map((x) => html`
          <tr><td data-label="Exercise">${x.name}</td><td data-label="Posture">${x.posture ?? '–'}</td>
              <td data-label="Cuff" class="nowrap">${x.pct_lop} % LOP${x.pressure_mmHg ? ` = ${x.pressure_mmHg.toFixed(0)} mmHg` : ''}</td>
              <td data-label="Load">${x.load_pct_1rm} % 1RM${x.load_kg ? ` = ${x.load_kg.toFixed(1)} kg` : ' (titrate: about 30 reps)'}</td>
              <td data-label="Repetitions">${x.reps.join('-')}</td><td data-label="Rest">${x.rest_s} s</td>
              <td data-label="Sources"><${Sources} sources=${x.sources} /></td></tr>`)}
        </tbody>
      </table>
      ${p.aerobic.length > 0 && html`<p>Aerobic: ${p.aerobic.map((a) => a.name).join(', ')}</p>`}
      ${p.left_out_for_equipment.length > 0 && html`<p class="muted">Left out for equipment: ${p.left_out_for_equipment.join(', ')}</p>`}
      ${p.cuff_use && html`<h4>Using the cuff: ${p.total_cuff_minutes.toFixed(1)} min on in total${p.max_cuff_minutes_per_limb ? ` (at most ${p.max_cuff_minutes_per_limb.minutes} on one limb)` : ''}</h4>
        ${p.cuff_use.map((s) => html`<${SourcedText} item=${s} />`)}`}
      ${p.loads && html`<h4>Loads</h4>${p.loads.map((s) => html`<${SourcedText} item=${s} />`)}`}
      ${p.pain_rule && html`<h4>Pain rule: ${p.pain_rule.name}, up to ${p.pain_rule.during_max}/10 at ${p.pain_rule.site}</h4>
        <${SourcedText} item=${p.pain_rule} />`}
      <h4>Progress when</h4><${SourcedText} item=${p.progress_when} />
      ${p.regress_when && html`<h4>Go back when</h4><${SourcedText} item=${p.regress_when} />`}
      ${p.return_to_run && p.return_to_run.length > 0 && html`<h4>Return to running, when all of these are met</h4>
        <ul>${p.return_to_run.map((s) => html`<li>${s.text}</li>`)}</ul>`}
      ${p.walk_run && html`<h4>Walk-run</h4><${SourcedText} item=${p.walk_run} />
        <ol>${p.walk_run.stages.map((s) => html`<li>${s.walk_min > 0 ? `run ${s.run_min} min, walk ${s.walk_min} min, ${s.repeats} times (${s.total_min} min)` : `run ${s.run_min * s.repeats} min without a break`}</li>`)}</ol>`}
      <h4>Stop signs</h4>${p.stop_signs.map((s) => html`<${SourcedText} item=${s} />`)}
      ${p.referrals && p.referrals.length > 0 && html`<div class="refused" role="note"><h4>For the clinician</h4>
        ${p.referrals.map((s) => html`<${SourcedText} item=${s} />`)}</div>`}
      ${p.graft_rules && p.graft_rules.length > 0 && html`<h4>The graft</h4>${p.graft_rules.map((s) => html`<${SourcedText} item=${s} />`)}`}
      ${p.exercises.filter((x) => x.range_limit).map((x) => html`<h4>${x.name}: range</h4><${SourcedText} item=${x.range_limit} />`)}
      <h4>Why this program</h4><${SourcedText} item=${p.evidence_basis} />
    </div>`;
}

function StartSession({ athlete, plan, device }) {
  const [speed, setSpeed] = useState('1');
  const [rehearse, setRehearse] = useState('');
  const [error, setError] = useState('');
  const start = async () => {
    setError('');
    try {
      const s = await api.post(`/api/athletes/${athlete.id}/sessions`, { plan_id: plan.id, speed: Number(speed), rehearse_fault: rehearse || null });
      location.hash = `#/live/${s.session_id}`;
    } catch (err) {
      setError(err.message);
    }
  };
  return html`
    <div class="card start">
      <h3>Start a session</h3>
      ${device.virtual
        ? html`<p>Plan ${plan.id} (${plan.program}, phase ${plan.phase}) on the <strong>virtual cuff</strong>: the session is simulated.</p>
          <label>Speed
            <select name="speed" value=${speed} onChange=${(e) => setSpeed(e.target.value)}>
              <option value="1">real time</option><option value="5">5x (demonstration)</option><option value="10">10x (demonstration)</option>
            </select>
          </label>
          <label>Rehearse a fault
            <select name="rehearse" value=${rehearse} onChange=${(e) => setRehearse(e.target.value)}>
              <option value="">none</option>
              <option value="large_leak">a large leak, 2.5 min in</option>
              <option value="cuff_off">the cuff comes off, 2.5 min in</option>
            </select>
          </label>`
        : html`<p>Plan ${plan.id} (${plan.program}, phase ${plan.phase}) on the cuff connected at <code>${device.label}</code>.
            Put the cuff on the athlete first; the session measures LOP before any exercise.</p>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button class="primary huge" onClick=${start}>Start session</button>
    </div>`;
}

export function Athlete({ id, me }) {
  const [a, setA] = useState(null);
  const [forms, setForms] = useState(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState('');  // '', 'screening' or 'plan'

  const load = () => api.get(`/api/athletes/${id}`).then(setA).catch((e) => setError(e.message));
  useEffect(() => { load(); api.get('/api/forms').then(setForms).catch((e) => setError(e.message)); }, [id]);

  if (error) return html`<p class="error" role="alert">${error}</p><p><a href="#/athletes">Back to athletes</a></p>`;
  if (!a || !forms) return html`<p class="muted">Loading…</p>`;

  const staff = isStaff(me);
  const screening = a.screenings[a.screenings.length - 1];
  const plan = a.plans[a.plans.length - 1];
  const stopped = screening && STOPS.has(screening.verdict_id);  // the latest screening says no
  const done = () => { setEditing(''); load(); };
  const finished = a.sessions.filter((s) => s.outcome !== 'running');

  return html`
    <h1>${a.name}</h1>
    <p class="muted">${[a.birth_year && `born ${a.birth_year}`, a.sex].filter(Boolean).join(', ')}${' · '}<a href=${`/api/athletes/${a.id}/fhir`} download=${`openbfr-athlete-${a.id}.fhir.json`}>FHIR export</a></p>
    ${staff && plan && !stopped && html`<${StartSession} athlete=${a} plan=${plan} device=${forms.device} />`}

    <section class="card">
      <h2>Screening</h2>
      ${screening ? html`<${Screening} screening=${screening} />` : html`<p>Not screened yet: screen before planning.</p>`}
      ${staff && editing !== 'screening' && html`<button class="big" onClick=${() => setEditing('screening')}>New screening</button>`}
    </section>
    ${editing === 'screening' && html`<${ScreeningForm} athlete=${a} forms=${forms} onDone=${done} />`}

    <section class="card">
      <h2>Limb occlusion pressure</h2>
      ${a.lop.length === 0 ? html`<p class="muted">No LOP measured yet: every session measures it in each exercise's posture.</p>` : html`
        <table class="list stacks" aria-label="LOP history">
          <thead><tr><th>When</th><th>LOP</th><th>Posture</th><th>Limb</th><th>Cuff</th><th>How</th></tr></thead>
          <tbody>${a.lop.map((m) => html`<tr><td data-label="When">${localTime(m.measured_at)}</td><td data-label="LOP">${m.lop_mmHg.toFixed(0)} mmHg</td>
            <td data-label="Posture">${m.posture ?? 'not recorded'}</td><td data-label="Limb">${m.limb}</td><td data-label="Cuff">${m.cuff_width_cm} cm</td>
            <td data-label="How">${m.method}${m.simulated ? ' (simulated)' : ''}</td></tr>`)}</tbody>
        </table>`}
    </section>

    <section class="card">
      <h2>Plan</h2>
      ${plan ? html`<${Plan} plan=${plan} />` : html`<p>No plan yet.</p>`}
      ${staff && screening && !stopped && editing !== 'plan' && html`<button class="big" onClick=${() => setEditing('plan')}>New plan</button>`}
    </section>
    ${editing === 'plan' && html`<${PlanForm} athlete=${a} forms=${forms} onDone=${done} />`}

    <section class="card">
      <h2>Sessions</h2>
      ${a.sessions.length === 0 ? html`<p class="muted">No sessions yet.</p>` : html`
        <table class="list stacks" aria-label="Sessions">
          <thead><tr><th>Started</th><th>Outcome</th><th>LOP</th><th>Time in band</th><th>Sets</th><th>Cuff minutes</th><th>Pain</th></tr></thead>
          <tbody>${[...a.sessions].reverse().map((s) => html`
            <tr>
              <td data-label="Started"><a href=${s.outcome === 'running' ? `#/live/${s.id}` : `#/sessions/${s.id}`}>${localTime(s.started_at)}</a></td>
              <td data-label="Outcome" class=${endedEarly(s.outcome) ? 'bad' : ''}>${outcomeWords(s.outcome)}${s.simulated ? ' (simulated)' : ''}</td><td data-label="LOP">${s.lop_mmHg ? `${s.lop_mmHg.toFixed(0)} mmHg` : '–'}</td>
              <td data-label="Time in band">${pct(s.in_band_pct)}</td><td data-label="Sets">${s.sets}</td><td data-label="Cuff minutes">${(s.restriction_s / 60).toFixed(1)}</td>
              <td data-label="Pain" class=${s.pain_above_rule ? 'bad' : ''}>${painWords(s)}</td>
            </tr>`)}
          </tbody>
        </table>`}
      ${finished.length > 0 && html`<h3>Progress</h3><${ProgressChart} sessions=${finished} />
        <h3>Pain</h3><${PainChart} sessions=${finished} />`}
    </section>`;
}
