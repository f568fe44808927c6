// A running session: the cuff pressure against its band as it happens (server-sent events, ten a
// second), the stage, repetitions and time left, alarms, large pause, resume and stop controls,
// the questions before the cuff goes on (yes or no) and the pain question when the session asks
// them. Stopping is always allowed: it deflates.
import { html, useState, useEffect, useRef } from '../lib.js';
import { api } from '../api.js';
import { isStaff } from '../roles.js';
import { PressureChart } from '../charts.js';

const WINDOW_S = 90;  // seconds of pressure on screen: a set and its rest

// How each stored outcome reads at the end of the page.
const OUTCOMES = {
  completed: 'completed', stopped: 'stopped', fault: 'ended by a fault', device_lost: 'ended: the device was lost',
  failed: 'failed', not_today: 'not today: the cuff was not put on',
};

function painButtons(onAnswer) {
  return html`<div class="pain-scale">${[...Array(11).keys()].map((n) => html`
    <button class=${`pain p${n}`} aria-label=${`pain ${n}`} onClick=${() => onAnswer(String(n))}>${n}</button>`)}</div>`;
}

function yesNoButtons(onAnswer) {
  return html`<div class="yes-no">
    <button class="huge answer-yes" aria-label="answer yes" onClick=${() => onAnswer('yes')}>Yes</button>
    <button class="huge answer-no" aria-label="answer no" onClick=${() => onAnswer('no')}>No</button></div>`;
}

export function LiveSession({ id, me }) {
  const [view, setView] = useState(null);
  const [trace, setTrace] = useState({ t: [], pressure: [], setpoint: [] });
  const [messages, setMessages] = useState([]);
  const [error, setError] = useState('');
  const [connection, setConnection] = useState('connecting');
  // The question last answered here: hidden until the session asks the next one, so that a
  // second tap cannot answer a question that has not been asked yet.
  const [answered, setAnswered] = useState(null);
  const source = useRef(null);

  useEffect(() => {
    const es = new EventSource(`/api/live/${id}/stream`);
    source.current = es;
    es.onopen = () => setConnection('live');
    es.onmessage = (e) => {
      const v = JSON.parse(e.data);
      setView(v);
      if (v.messages.length) setMessages((m) => [...v.messages.reverse(), ...m].slice(0, 50));
      setTrace((tr) => {
        const keep = tr.t.findIndex((t) => t >= v.device_s - WINDOW_S);
        const from = keep < 0 ? tr.t.length : keep;
        return {
          t: [...tr.t.slice(from), v.device_s], pressure: [...tr.pressure.slice(from), v.pressure_mmHg],
          setpoint: [...tr.setpoint.slice(from), v.setpoint_mmHg],
        };
      });
      if (v.finished) { es.close(); setConnection('ended'); }
    };
    es.onerror = () => {
      // The server closes the stream when the session ends; anything else is a lost connection
      // (EventSource reconnects by itself).
      setConnection((c) => (c === 'ended' ? c : 'reconnecting'));
    };
    return () => es.close();
  }, [id]);

  const send = async (action, body) => {
    setError('');
    try { await api.post(`/api/live/${id}/${action}`, body); } catch (err) { setError(err.message); }
  };

  if (!view) {
    return html`<h1>Session ${id}</h1><p class="muted">${connection === 'reconnecting'
      ? 'No such running session, or the connection was lost.' : 'Connecting to the cuff…'}</p>
      <p><a href="#/athletes">Back to athletes</a></p>`;
  }
  const staff = isStaff(me);
  const paused = view.stage === 'Paused';
  const inBand = view.setpoint_mmHg != null && Math.abs(view.pressure_mmHg - view.setpoint_mmHg) <= view.band_fraction * view.setpoint_mmHg;

  return html`
    <div class="live-head">
      <h1>Session ${id} ${view.simulated
        ? html`<span class="badge simulated" title="A simulated cuff: no person is under it">SIMULATED</span>`
        : html`<span class="badge device">connected cuff</span>`}</h1>
      <span class=${`connection ${connection}`} data-testid="connection">${connection}</span>
    </div>
    ${view.alarm && html`<div class="alarm" role="alert">Pressure off target</div>`}
    <section class="card live">
      <div class="stage" data-testid="stage">${view.stage}</div>
      <div class="progress"><div style=${{ width: `${Math.min(100, view.fraction * 100).toFixed(1)}%` }}></div></div>
      <div class="gauges">
        <div class=${`gauge ${view.setpoint_mmHg == null ? '' : inBand ? 'ok' : 'off'}`}>
          <span class="value" data-testid="pressure">${view.pressure_mmHg.toFixed(0)}</span><span class="unit">mmHg</span>
          <span class="label">cuff${view.setpoint_mmHg != null ? ` · target ${view.setpoint_mmHg.toFixed(0)}` : ''}</span>
        </div>
        <div class="gauge"><span class="value" data-testid="reps">${view.reps ? `${view.rep}/${view.reps}` : '–'}</span><span class="label">repetitions</span></div>
        <div class="gauge"><span class="value">${view.seconds_left.toFixed(0)}</span><span class="unit">s</span><span class="label">left in stage</span></div>
      </div>
    </section>

    ${view.question && view.question !== answered && !view.finished && html`
      <section class="card question" role="dialog" aria-label="Question">
        <h2>${view.question}</h2>
        ${(view.answer_kind === 'yes_no' ? yesNoButtons : painButtons)((text) => {
          setAnswered(view.question);
          send('answer', { text });
        })}
      </section>`}

    ${view.finished ? html`
      <section class="card done" data-testid="outcome">
        <h2>Session ${OUTCOMES[view.outcome] || view.outcome}</h2>
        <a class="button primary huge" href=${`#/sessions/${id}`}>Open the report</a>
      </section>` : html`
      <div class="controls">
        ${staff && (paused
          ? html`<button class="huge resume" onClick=${() => send('resume')}>Resume</button>`
          : html`<button class="huge pause" onClick=${() => send('pause')}>Pause and deflate</button>`)}
        <button class="huge stop" onClick=${() => send('stop')}>Stop and deflate</button>
      </div>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}

    <section class="card">
      <${PressureChart} t=${trace.t} pressure=${trace.pressure} setpoint=${trace.setpoint} bandFraction=${view.band_fraction} />
    </section>

    <section class="card">
      <h2>Messages</h2>
      <ul class="messages" data-testid="messages">${messages.map((m) => html`<li class=${m.level}>${m.text}</li>`)}</ul>
    </section>`;
}
