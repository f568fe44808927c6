// A running session, designed to be read at 2 m from the leg press: the cuff pressure and its
// TARGET as equal tiles, in band or low or high in words as well as colour, the stage with its set,
// repetitions and time left, what comes next and about how long the session has left, and the controls in one place that nothing above them moves. Alarms
// that cannot be missed: pressure off target, no data from the cuff (the stream stalled), a Stop
// that the server did not confirm. At the end a card says what the cuff is now and why the session
// ended, and nothing is offered that cannot act. Stopping is always allowed: it deflates. Sounds
// mark set start, rest and its end, and alarms (with a mute); the screen is kept on meanwhile.
import { html, useState, useEffect, useRef } from '../lib.js';
import { api } from '../api.js';
import { isStaff } from '../roles.js';
import { PressureChart } from '../charts.js';
import { outcomeWords } from '../outcomes.js';
import { minutesSeconds } from '../time.js';
import { useCues } from '../cues.js';
import { useWakeLock } from '../wake_lock.js';

const WINDOW_S = 90;     // seconds of pressure on screen: a set and its rest
const STALE_MS = 2000;   // the stream sends ten views a second: two seconds without one is an alarm
const STOP_TIMEOUT_MS = 4000;
const EMPTY_CUFF_MMHG = 20;  // below this the cuff is off (docs/safety.md)


function painButtons(onAnswer) {
  return html`<div class="pain-scale">${[...Array(11).keys()].map((n) => html`
    <button class=${`pain p${n}`} aria-label=${`pain ${n}`} onClick=${() => onAnswer(String(n))}>${n}</button>`)}</div>`;
}

// Borg's CR10 after a walk or a ride: the numbers with the scale's anchor words under them.
const CR10_WORDS = { 0: 'nothing', 1: 'very easy', 2: 'easy', 3: 'moderate', 5: 'hard', 7: 'very hard', 10: 'maximal' };
function effortButtons(onAnswer) {
  return html`<div class="pain-scale effort-scale">${[...Array(11).keys()].map((n) => html`
    <button class=${`effort e${n}`} aria-label=${`effort ${n}`} onClick=${() => onAnswer(String(n))}>${n}<small>${CR10_WORDS[n] || ''}</small></button>`)}</div>`;
}
const ANSWER_BUTTONS = { yes_no: yesNoButtons, pain_0_10: painButtons, effort_0_10: effortButtons };

function yesNoButtons(onAnswer) {
  return html`<div class="yes-no">
    <button class="huge answer-yes" aria-label="answer yes" onClick=${() => onAnswer('yes')}>Yes</button>
    <button class="huge answer-no" aria-label="answer no" onClick=${() => onAnswer('no')}>No</button></div>`;
}

// In band, low or high: in words, for the tile and for screen readers, not by colour alone.
export function bandOf(view) {
  if (view.setpoint_mmHg == null) return null;
  const tolerance = view.band_fraction * view.setpoint_mmHg;
  if (view.pressure_mmHg < view.setpoint_mmHg - tolerance) return 'low';
  if (view.pressure_mmHg > view.setpoint_mmHg + tolerance) return 'high';
  return 'in';
}
const BAND_WORDS = { in: 'IN BAND', low: 'LOW', high: 'HIGH' };

function Tiles({ view, stale }) {
  const band = bandOf(view);
  const target = view.setpoint_mmHg;
  return html`<div class="tiles">
    <div class=${`tile pressure ${stale ? 'stale' : band ? `band-${band}` : ''}`} data-testid="pressure-tile">
      <span class="tile-label">CUFF</span>
      <span class="tile-value"><span data-testid="pressure">${view.pressure_mmHg.toFixed(0)}</span> <span class="unit">mmHg</span></span>
      <span class="tile-note" data-testid="band">${stale ? 'NO DATA' : band ? BAND_WORDS[band] : 'no target now'}</span>
    </div>
    <div class="tile target" data-testid="target-tile">
      <span class="tile-label">TARGET</span>
      <span class="tile-value"><span data-testid="target">${target != null ? target.toFixed(0) : '–'}</span> <span class="unit">mmHg</span></span>
      <span class="tile-note" data-testid="target-note">${target != null && view.target_pct != null && view.lop_mmHg != null
        ? `= ${view.target_pct.toFixed(0)} % of LOP ${view.lop_mmHg.toFixed(0)}`
        : view.lop_mmHg != null ? `LOP ${view.lop_mmHg.toFixed(0)} mmHg` : 'LOP not measured yet'}</span>
    </div>
  </div>`;
}

function Stage({ view }) {
  return html`<section class="card live">
    <div class="stage" data-testid="stage">${view.stage}</div>
    <div class="progress" aria-hidden="true"><div style=${{ width: `${Math.min(100, view.fraction * 100).toFixed(1)}%` }}></div></div>
    <div class="counters">
      ${view.sets > 0 && html`<div><span class="value" data-testid="set">${view.set}/${view.sets}</span><span class="label">set</span></div>`}
      ${view.step !== 'hold' && html`<div><span class="value" data-testid="reps">${view.reps ? `${view.rep}/${view.reps}` : '–'}</span><span class="label">repetitions</span></div>`}
      <div>${view.seconds_left > 90
        ? html`<span class="value" data-testid="stage-left">${minutesSeconds(view.seconds_left)}</span>`
        : html`<span class="value" data-testid="stage-left">${view.seconds_left.toFixed(0)}</span><span class="unit">s</span>`}<span class="label">left in this stage</span></div>
    </div>
    ${view.next && html`<p class="next" data-testid="next">${view.next}</p>`}
    ${view.session_left_s > 0 && html`<p class="muted" data-testid="session-left">About ${minutesSeconds(view.session_left_s)} left in the session</p>`}
  </section>`;
}

// The end: what the cuff is now, and why the session ended, in words.
function EndCard({ id, view }) {
  const empty = view.pressure_mmHg < EMPTY_CUFF_MMHG;
  const good = view.outcome === 'completed' || view.outcome === 'not_today';
  return html`<section class=${`card end ${good ? 'good' : 'bad'}`} data-testid="outcome">
    <h2>Session ${outcomeWords(view.outcome)}</h2>
    <p class="cuff-now" data-testid="cuff-now">${empty
      ? `Cuff deflated, ${view.pressure_mmHg.toFixed(0)} mmHg.`
      : `The cuff still reads ${view.pressure_mmHg.toFixed(0)} mmHg: check that it is empty, and open it by hand if not.`}</p>
    ${view.detail && html`<p data-testid="reason">${view.detail}</p>`}
    <a class="button primary huge" href=${`#/sessions/${id}`}>Open the report</a>
  </section>`;
}

export function LiveSession({ id, me }) {
  const [view, setView] = useState(null);
  const [trace, setTrace] = useState({ t: [], pressure: [], setpoint: [] });
  const [messages, setMessages] = useState([]);
  const [error, setError] = useState('');
  const [stopFailed, setStopFailed] = useState('');
  const [connection, setConnection] = useState('connecting');
  const [now, setNow] = useState(Date.now());
  const lastView = useRef(Date.now());
  // The question last answered here: hidden until the session asks the next one, so that a
  // second tap cannot answer a question that has not been asked yet.
  const [answered, setAnswered] = useState(null);

  useEffect(() => {
    const es = new EventSource(`/api/live/${id}/stream`);
    es.onopen = () => setConnection('live');
    es.onmessage = (e) => {
      const v = JSON.parse(e.data);
      lastView.current = Date.now();
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
    const clock = setInterval(() => setNow(Date.now()), 500);
    return () => { es.close(); clearInterval(clock); };
  }, [id]);

  const send = async (action, body) => {
    setError('');
    try {
      await api.post(`/api/live/${id}/${action}`, body, { timeoutMs: action === 'stop' ? STOP_TIMEOUT_MS : undefined });
      if (action === 'stop') setStopFailed('');
    } catch (err) {
      if (action === 'stop') setStopFailed(err.message); else setError(err.message);
    }
  };

  const finished = !!view?.finished;
  const staleS = finished ? 0 : Math.floor((now - lastView.current) / 1000);
  const stale = !!view && !finished && now - lastView.current > STALE_MS;
  const alarming = finished ? '' : stopFailed ? 'stop not confirmed' : stale ? 'no data from the cuff' : view?.alarm ? 'pressure off target' : '';
  const cues = useCues(view, alarming);
  const wake = useWakeLock(!!view && !finished);

  if (!view) {
    return html`<h1>Session ${id}</h1><p class="muted">${connection === 'reconnecting'
      ? 'No such running session, or the connection was lost.' : 'Connecting to the cuff…'}</p>
      <p><a href="#/athletes">Back to athletes</a></p>`;
  }
  const staff = isStaff(me);

  return html`
    <div class="live-head">
      <h1>Session ${id} ${view.simulated
        ? html`<span class="badge simulated" title="A simulated cuff: no person is under it">SIMULATED</span>`
        : html`<span class="badge device">connected cuff</span>`}</h1>
      <span class=${`connection ${stale ? 'reconnecting' : connection}`} data-testid="connection">${stale ? 'no data' : connection}</span>
    </div>
    <div class="live-aids">
      <button type="button" class="quiet" aria-pressed=${cues.muted ? 'true' : 'false'} data-sounds-played=${cues.played} onClick=${cues.toggleMute}>
        Mute sounds</button>
      ${!finished && html`<span class=${wake.held ? 'muted' : 'warning'} data-testid="wake-lock">${wake.held
        ? 'Screen kept on' : `The screen may go dark: keep the tablet awake (${wake.why || 'asking'})`}</span>`}
      <span class="sr-only" aria-live="assertive" data-testid="cue">${cues.last}</span>
    </div>

    ${!finished && html`
      <div class="controls" data-testid="controls">
        ${staff && view.step === 'paused' && html`<button class="huge resume" onClick=${() => send('resume')}>Resume</button>`}
        ${staff && view.can_pause && html`<button class="huge pause" onClick=${() => send('pause')}>Pause and deflate</button>`}
        <button class="huge stop" onClick=${() => send('stop')}>Stop and deflate</button>
      </div>`}

    <div class="alarms">
      ${stopFailed && !finished && html`<div class="alarm" role="alert" data-testid="stop-failed">
        STOP NOT CONFIRMED: deflate the cuff at the device. ${stopFailed} Press Stop again once the connection is back.</div>`}
      ${stale && html`<div class="alarm" role="alert" data-testid="stale">
        NO DATA FROM THE CUFF for ${staleS} s: the numbers below are old. If the cuff stays tight, deflate it at the device.</div>`}
      ${!finished && !stale && view.alarm && html`<div class="alarm" role="alert">Pressure off target: ${BAND_WORDS[bandOf(view)] || ''}</div>`}
    </div>

    ${finished ? html`<${EndCard} id=${id} view=${view} />` : html`
      <${Tiles} view=${view} stale=${stale} />
      <${Stage} view=${view} />`}

    ${view.question && view.question !== answered && !finished && html`
      <section class="card question" role="dialog" aria-label="Question">
        <h2>${view.question}</h2>
        ${(ANSWER_BUTTONS[view.answer_kind] || painButtons)((text) => {
          setAnswered(view.question);
          send('answer', { text });
        })}
      </section>`}

    ${error && html`<p class="error" role="alert">${error}</p>`}

    <section class="card">
      <${PressureChart} t=${trace.t} pressure=${trace.pressure} setpoint=${trace.setpoint} bandFraction=${view.band_fraction} />
    </section>

    <section class="card">
      <h2>Messages</h2>
      <ul class="messages" data-testid="messages" tabindex="0" aria-label="Messages, newest first">${messages.map((m) => html`<li class=${m.level}>${m.text}</li>`)}</ul>
    </section>`;
}
