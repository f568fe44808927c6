// A screening for contraindications: the person's measures, the limb, and every question of the
// knowledge base (GET /api/forms), answered yes or no. The server gives the verdict with reasons.
import { html, useState } from '../lib.js';
import { api } from '../api.js';

// Calf pain with swelling is a red flag unless a clinician has diagnosed a calf strain and
// excluded a clot: then who and when are recorded with the screening (issue 13).
const CALF_ITEM = 'calf_pain_swelling';

const LEVEL_NAMES = {
  red_flag: 'Seek care now if yes', absolute: 'Rules BFR out', limb: 'Rules out this limb', today: 'Not today if yes', scored: 'Scored',
};

export function ScreeningForm({ athlete, forms, onDone }) {
  const thisYear = new Date().getFullYear();
  const [person, setPerson] = useState({
    age: athlete.birth_year ? String(thisYear - athlete.birth_year) : '', sex: athlete.sex || '', height_cm: '', weight_kg: '', limb: 'leg',
  });
  const [yes, setYes] = useState({});
  const [clot, setClot] = useState({ excluded: false, by: '', on: '' });
  const [error, setError] = useState('');
  const set = (k) => (e) => setPerson({ ...person, [k]: e.target.value });

  const submit = async (e) => {
    e.preventDefault();
    setError('');
    const answers = {};
    for (const item of forms.screening_items) answers[item.id] = !!yes[item.id];
    try {
      const result = await api.post(`/api/athletes/${athlete.id}/screenings`, {
        person: { age: Number(person.age), sex: person.sex, height_cm: Number(person.height_cm), weight_kg: Number(person.weight_kg) },
        limb: person.limb, answers,
        ...(yes[CALF_ITEM] && clot.excluded ? { calf_strain_confirmed: { by: clot.by.trim(), on: clot.on } } : {}),
      });
      onDone(result);
    } catch (err) {
      setError(err.message);
    }
  };

  const groups = Object.keys(LEVEL_NAMES).map((level) => [level, forms.screening_items.filter((i) => i.level === level)]);
  return html`
    <form class="card" onSubmit=${submit} aria-label="Screening">
      <h3>New screening</h3>
      <div class="row">
        <label>Age <input name="age" type="number" required value=${person.age} onInput=${set('age')} /></label>
        <label>Sex
          <select name="sex" required value=${person.sex} onChange=${set('sex')}>
            <option value="">choose</option><option value="female">female</option><option value="male">male</option>
          </select>
        </label>
        <label>Height (cm) <input name="height_cm" type="number" step="0.5" required value=${person.height_cm} onInput=${set('height_cm')} /></label>
        <label>Weight (kg) <input name="weight_kg" type="number" step="0.5" required value=${person.weight_kg} onInput=${set('weight_kg')} /></label>
        <label>Limb
          <select name="limb" value=${person.limb} onChange=${set('limb')}><option value="leg">leg</option><option value="arm">arm</option></select>
        </label>
      </div>
      ${groups.map(([level, items]) => items.length > 0 && html`
        <fieldset>
          <legend>${LEVEL_NAMES[level]}</legend>
          ${items.map((item) => html`
            <label class="check">
              <input type="checkbox" name=${item.id} checked=${!!yes[item.id]} onChange=${(e) => setYes({ ...yes, [item.id]: e.target.checked })} />
              ${item.question}
            </label>
            ${item.id === CALF_ITEM && yes[CALF_ITEM] && html`
              <div class="clot-excluded">
                <label class="check">
                  <input type="checkbox" name="clot_excluded" checked=${clot.excluded} onChange=${(e) => setClot({ ...clot, excluded: e.target.checked })} />
                  A clinician has diagnosed a calf strain and excluded a clot
                </label>
                ${clot.excluded && html`<div class="row">
                  <label>Excluded by <input name="clot_excluded_by" required value=${clot.by} onInput=${(e) => setClot({ ...clot, by: e.target.value })} /></label>
                  <label>On <input name="clot_excluded_on" type="date" required value=${clot.on} onInput=${(e) => setClot({ ...clot, on: e.target.value })} /></label>
                </div>`}
              </div>`}`)}
        </fieldset>`)}
      <p class="muted">Ticked means yes; everything left unticked is answered no.</p>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button class="primary big" type="submit">Screen</button>
    </form>`;
}
