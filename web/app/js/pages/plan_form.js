// A plan from the clinical engine: program (injury), its phase from a list, the equipment at hand
// (as ticked: bodyweight and outdoor exercises need none), goal, clearance and the
// LOP measured in each posture, if any (one posture's LOP never stands for another's); for a bone
// stress injury, the site and a yes or no to every energy question (none preset). A refusal (422)
// is shown with its reasons and sources, not as an error.
import { html, useState } from '../lib.js';
import { api } from '../api.js';
import { SourcedText } from '../cited.js';

export function PlanForm({ athlete, forms, onDone }) {
  const [injury, setInjury] = useState(forms.injuries[0].id);
  const [phase, setPhase] = useState('1');
  const [equipment, setEquipment] = useState([]);
  const [goal, setGoal] = useState(forms.goals[forms.goals.length - 1]);
  const [cleared, setCleared] = useState(false);
  const [lop, setLop] = useState({});
  const [site, setSite] = useState('');
  const [graft, setGraft] = useState('');
  const [energy, setEnergy] = useState({});
  const [error, setError] = useState('');
  const program = forms.injuries.find((i) => i.id === injury);
  const phases = program?.phases ?? [];
  const boneStress = program && program.bone_sites && program.bone_sites.length > 0;
  const [refused, setRefused] = useState(null);

  const toggle = (item) => setEquipment(equipment.includes(item) ? equipment.filter((x) => x !== item) : [...equipment, item]);

  const submit = async (e) => {
    e.preventDefault();
    setError('');
    setRefused(null);
    const body = { injury, phase: Number(phase), equipment, goal, cleared };
    if (program && program.graft_types && program.graft_types.length > 0) body.graft = graft;
    if (boneStress) {
      body.bone_site = site;
      body.energy = Object.fromEntries(Object.entries(energy).map(([k, v]) => [k, v === 'yes']));
    }
    const measured = Object.entries(lop).filter(([, v]) => v !== '');
    if (measured.length > 0) body.lop_mmHg = Object.fromEntries(measured.map(([k, v]) => [k, Number(v)]));
    try {
      onDone(await api.post(`/api/athletes/${athlete.id}/plans`, body));
    } catch (err) {
      if (err.status === 422 && err.body && err.body.refused) setRefused(err.body.refused);
      else setError(err.message);
    }
  };

  return html`
    <form class="card" onSubmit=${submit} aria-label="Plan">
      <h3>New plan</h3>
      <div class="row">
        <label class="grow">Program
          <select name="injury" value=${injury} onChange=${(e) => { setInjury(e.target.value); setPhase('1'); }}>
            ${forms.injuries.map((i) => html`<option value=${i.id}>${i.name}</option>`)}
          </select>
        </label>
        ${phases.length > 0 && html`<label>Phase
          <select name="phase" value=${phase} onChange=${(e) => setPhase(e.target.value)}>
            ${phases.map((p) => html`<option value=${p.number}>${p.number} of ${phases.length}: ${p.name} (${p.pct_lop} % LOP)</option>`)}
          </select>
        </label>`}
        <label>Goal
          <select name="goal" value=${goal} onChange=${(e) => setGoal(e.target.value)}>
            ${forms.goals.map((g) => html`<option value=${g}>${g.replaceAll('_', ' ')}</option>`)}
          </select>
        </label>
      </div>
      ${program && program.graft_types && program.graft_types.length > 0 && html`
        <label>Graft
          <select name="graft" required value=${graft} onChange=${(e) => setGraft(e.target.value)}>
            <option value="">choose the graft</option>
            ${program.graft_types.map((g) => html`<option value=${g}>${g.replaceAll('_', ' ')}</option>`)}
          </select>
        </label>`}
      ${boneStress && html`
        <fieldset>
          <legend>Bone stress injury: the site and energy availability (every question needs an answer)</legend>
          <label>Site
            <select name="bone_site" required value=${site} onChange=${(e) => setSite(e.target.value)}>
              <option value="">choose the site</option>
              ${program.bone_sites.map((s) => html`<option value=${s.id}>${s.name}${forms.bone_stress.high_risk_sites.includes(s.id) ? ' (high risk)' : ''}</option>`)}
              ${forms.bone_stress.high_risk_sites.filter((h) => !program.bone_sites.some((s) => s.id === h)).map((h) => html`
                <option value=${h}>${h.replaceAll('_', ' ')} (high risk)</option>`)}
            </select>
          </label>
          ${forms.bone_stress.energy_questions.map((q) => html`
            <label>${q.question}
              <select name=${`energy_${q.id}`} required value=${energy[q.id] ?? ''} onChange=${(e) => setEnergy({ ...energy, [q.id]: e.target.value })}>
                <option value="">answer</option><option value="no">No</option><option value="yes">Yes</option>
              </select>
            </label>`)}
        </fieldset>`}
      <fieldset>
        <legend>LOP measured with this cuff, by posture (mmHg, optional: the session measures what is missing)</legend>
        <div class="row">
          ${forms.postures.map((p) => html`
            <label>LOP ${p} <input name=${`lop_${p}`} type="number" step="1" min="50" max="300" value=${lop[p] ?? ''}
              onInput=${(e) => setLop({ ...lop, [p]: e.target.value })} /></label>`)}
        </div>
      </fieldset>
      <fieldset>
        <legend>Equipment at hand: tick what the athlete can use (bodyweight and outdoor exercises need nothing)</legend>
        <button type="button" class="quiet" onClick=${() => setEquipment(equipment.length === forms.equipment.length ? [] : [...forms.equipment])}>
          ${equipment.length === forms.equipment.length ? 'Untick all' : 'Tick all'}</button>
        <div class="chips">
          ${forms.equipment.map((item) => html`
            <label class="check chip"><input type="checkbox" name=${item} checked=${equipment.includes(item)} onChange=${() => toggle(item)} />${item.replaceAll('_', ' ')}</label>`)}
        </div>
      </fieldset>
      <label class="check"><input type="checkbox" name="cleared" checked=${cleared} onChange=${(e) => setCleared(e.target.checked)} />
        A clinician has cleared BFR for this athlete</label>
      ${refused && html`<div class="refused" role="alert"><h4>No plan: the engine refused</h4><${SourcedText} item=${refused} /></div>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button class="primary big" type="submit">Make plan</button>
    </form>`;
}
