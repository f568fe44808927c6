// A screening for contraindications: the person's measures, the limb, and every question of the
// knowledge base (GET /api/forms), each answered Yes or No on purpose: nothing is answered by
// default, so nobody reaches "Suitable" by leaving boxes unticked. The form checks what it can
// before sending and says what is wrong in its own words; the server gives the verdict with reasons.
import { html, useState } from '../lib.js';
import { api } from '../api.js';

// Calf pain with swelling is a red flag unless a clinician has diagnosed a calf strain and
// excluded a clot: then who and when are recorded with the screening (issue 13).
const CALF_ITEM = 'calf_pain_swelling';

const LEVEL_NAMES = {
  red_flag: 'Seek care now if yes', absolute: 'Rules BFR out', limb: 'Rules out this limb', today: 'Not today if yes', scored: 'Scored',
};

// The measures, as the form labels them; the bounds come from the server (person_bounds).
const MEASURES = [
  { key: 'age', label: 'Age', unit: 'years' },
  { key: 'height_cm', label: 'Height (cm)', unit: 'cm' },
  { key: 'weight_kg', label: 'Weight (kg)', unit: 'kg' },
];
const CLOT_BY = 'Excluded by';
const CLOT_ON = 'On';

// The server names fields as its JSON does (person.height_cm); the form says what it shows.
function inFormWords(message, items) {
  const words = {
    'person.age': 'Age', 'person.height_cm': 'Height (cm)', 'person.weight_kg': 'Weight (kg)', 'person.sex': 'Sex', limb: 'Limb',
    'calf_strain_confirmed.by': CLOT_BY, 'calf_strain_confirmed.on': `${CLOT_ON} (the date a clot was excluded)`,
  };
  for (const item of items) words[`answers.${item.id}`] = `“${item.question}”`;
  return Object.entries(words).sort(([a], [b]) => b.length - a.length)
    .reduce((text, [field, label]) => text.split(field).join(label), message);
}

// Everything the form can tell before the server does, in its own words; empty when all is well.
function problemsOf(person, answers, clot, forms) {
  const problems = [];
  for (const { key, label, unit } of MEASURES) {
    const [lo, hi] = forms.person_bounds[key];
    const text = person[key].trim();
    if (text === '') problems.push(`${label}: not filled in.`);
    else if (!(Number(text) >= lo && Number(text) <= hi)) problems.push(`${label} is ${text} ${unit}; accepted ${lo} to ${hi} ${unit}.`);
  }
  if (!person.sex) problems.push('Sex: choose female or male.');
  const open = forms.screening_items.filter((item) => answers[item.id] === undefined);
  if (open.length > 0) {
    problems.push(`${open.length} ${open.length === 1 ? 'question is' : 'questions are'} not answered yet: answer each Yes or No, starting with “${open[0].question}”`);
  }
  if (answers[CALF_ITEM] === true && clot.excluded) {
    if (!clot.by.trim()) problems.push(`${CLOT_BY}: name the clinician who excluded a clot.`);
    if (!clot.on) problems.push(`${CLOT_ON}: the date the clot was excluded.`);
  }
  return { problems, firstOpen: open[0]?.id };
}

function YesNo({ item, answer, flagged, onAnswer }) {
  return html`<fieldset class=${`yes-no${flagged ? ' unanswered' : ''}`} data-item=${item.id}>
    <legend>${item.question}</legend>
    <label class="choice"><input type="radio" name=${item.id} value="yes" checked=${answer === true} onChange=${() => onAnswer(true)} /> Yes</label>
    <label class="choice"><input type="radio" name=${item.id} value="no" checked=${answer === false} onChange=${() => onAnswer(false)} /> No</label>
  </fieldset>`;
}

export function ScreeningForm({ athlete, forms, onDone }) {
  const thisYear = new Date().getFullYear();
  const [person, setPerson] = useState({
    age: athlete.birth_year ? String(thisYear - athlete.birth_year) : '', sex: athlete.sex || '', height_cm: '', weight_kg: '', limb: 'leg',
  });
  const [answers, setAnswers] = useState({});
  const [clot, setClot] = useState({ excluded: false, by: '', on: '' });
  const [problems, setProblems] = useState([]);
  const [flagOpen, setFlagOpen] = useState(false);
  const set = (k) => (e) => setPerson({ ...person, [k]: e.target.value });
  const items = forms.screening_items;
  const answered = items.filter((item) => answers[item.id] !== undefined).length;

  const submit = async (e) => {
    e.preventDefault();
    const found = problemsOf(person, answers, clot, forms);
    setProblems(found.problems);
    setFlagOpen(found.firstOpen !== undefined);
    if (found.problems.length > 0) {
      if (found.firstOpen) e.target.querySelector(`input[name="${found.firstOpen}"]`)?.focus();
      return;
    }
    try {
      const result = await api.post(`/api/athletes/${athlete.id}/screenings`, {
        person: { age: Number(person.age), sex: person.sex, height_cm: Number(person.height_cm), weight_kg: Number(person.weight_kg) },
        limb: person.limb, answers,
        ...(answers[CALF_ITEM] && clot.excluded ? { calf_strain_confirmed: { by: clot.by.trim(), on: clot.on } } : {}),
      });
      onDone(result);
    } catch (err) {
      setProblems([inFormWords(err.message, items)]);
    }
  };

  const bounds = (key) => forms.person_bounds[key];
  const groups = Object.keys(LEVEL_NAMES).map((level) => [level, items.filter((i) => i.level === level)]);
  return html`
    <form class="card" onSubmit=${submit} aria-label="Screening" noValidate>
      <h3>New screening</h3>
      <div class="row">
        ${MEASURES.map(({ key, label }) => html`
          <label>${label} <input name=${key} type="number" step=${key === 'age' ? 1 : 0.5} required min=${bounds(key)[0]} max=${bounds(key)[1]}
            value=${person[key]} onInput=${set(key)} /></label>`)}
        <label>Sex
          <select name="sex" required value=${person.sex} onChange=${set('sex')}>
            <option value="">choose</option><option value="female">female</option><option value="male">male</option>
          </select>
        </label>
        <label>Limb
          <select name="limb" value=${person.limb} onChange=${set('limb')}><option value="leg">leg</option><option value="arm">arm</option></select>
        </label>
      </div>
      ${groups.map(([level, group]) => group.length > 0 && html`
        <fieldset>
          <legend>${LEVEL_NAMES[level]}</legend>
          ${group.map((item) => html`
            <${YesNo} item=${item} answer=${answers[item.id]} flagged=${flagOpen && answers[item.id] === undefined}
              onAnswer=${(yes) => setAnswers({ ...answers, [item.id]: yes })} />
            ${item.id === CALF_ITEM && answers[CALF_ITEM] === true && html`
              <div class="clot-excluded">
                <label class="check">
                  <input type="checkbox" name="clot_excluded" checked=${clot.excluded} onChange=${(e) => setClot({ ...clot, excluded: e.target.checked })} />
                  A clinician has diagnosed a calf strain and excluded a clot
                </label>
                ${clot.excluded && html`<div class="row">
                  <label>${CLOT_BY} <input name="clot_excluded_by" required value=${clot.by} onInput=${(e) => setClot({ ...clot, by: e.target.value })} /></label>
                  <label>${CLOT_ON} <input name="clot_excluded_on" type="date" required value=${clot.on} onInput=${(e) => setClot({ ...clot, on: e.target.value })} /></label>
                </div>`}
              </div>`}`)}
        </fieldset>`)}
      <p class="muted" aria-live="polite" data-testid="answered">${answered} of ${items.length} questions answered. Each needs Yes or No; none is answered for you.</p>
      ${problems.length > 0 && html`<ul class="error" role="alert">${problems.map((p) => html`<li>${p}</li>`)}</ul>`}
      <button class="primary big" type="submit">Screen</button>
    </form>`;
}
