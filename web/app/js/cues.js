// Sounds for a session, so that a runner on the leg press and a physiotherapist across the room
// need not watch the screen: a rising pair when a set starts, a falling tone when a rest starts,
// three short beeps as the rest runs out, and an urgent triple tone repeated while an alarm stands.
// Made with the Web Audio API (no sound files). Muting is remembered on this device.
import { useEffect, useRef, useState } from './lib.js';

// [frequency Hz, seconds]; 0 Hz is a pause. Distinct in pitch and rhythm, so each is known by ear.
const PATTERNS = {
  set_start: [[880, 0.15], [0, 0.05], [1320, 0.3]],
  rest_start: [[880, 0.2], [0, 0.05], [587, 0.35]],
  rest_ending: [[1000, 0.09]],
  alarm: [[1760, 0.12], [0, 0.08], [1760, 0.12], [0, 0.08], [1760, 0.12]],
  ended: [[660, 0.25], [0, 0.05], [440, 0.4]],
};
const ALARM_REPEAT_MS = 2000;
const REST_COUNTDOWN_S = 3;
const MUTE_KEY = 'openbfr.mute';

function tones(context, pattern) {
  let at = context.currentTime + 0.02;
  for (const [hz, s] of pattern) {
    if (hz > 0) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.type = 'square';
      osc.frequency.value = hz;
      // A short ramp at each end: no click.
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(0.2, at + 0.01);
      gain.gain.setValueAtTime(0.2, at + s - 0.01);
      gain.gain.linearRampToValueAtTime(0, at + s);
      osc.connect(gain).connect(context.destination);
      osc.start(at);
      osc.stop(at + s);
    }
    at += s;
  }
}

// The cue a change of view calls for, with its words (also announced to a screen reader), or null.
export function cueFor(before, view) {
  if (!before) return null;
  if (view.finished && !before.finished) {
    const good = view.outcome === 'completed' || view.outcome === 'not_today';
    return { kind: good ? 'ended' : 'alarm', words: 'The session has ended' };
  }
  if (view.step === 'set' && (before.step !== 'set' || before.set !== view.set)) return { kind: 'set_start', words: `Set ${view.set} starts` };
  if (view.step === 'rest' && before.step !== 'rest') return { kind: 'rest_start', words: 'Rest: the cuff stays on' };
  if (view.step === 'hold' && before.step !== 'hold' && before.step !== 'paused') return { kind: 'set_start', words: 'Go: the cuff stays on for the whole walk or ride' };
  if (view.step === 'rest' && before.step === 'rest') {
    const was = Math.ceil(before.seconds_left);
    const is = Math.ceil(view.seconds_left);
    if (is < was && is >= 1 && is <= REST_COUNTDOWN_S) return { kind: 'rest_ending', words: `Rest ends in ${is}` };
  }
  return null;
}

// The session's sounds: plays each cue the stream's views call for, and the alarm every two
// seconds while `alarming` holds. Returns the state the page shows: the cue last given in words,
// how many were played aloud, whether muted, and the mute toggle.
export function useCues(view, alarming) {
  const [muted, setMuted] = useState(() => localStorage.getItem(MUTE_KEY) === 'yes');
  const [last, setLast] = useState('');
  const [played, setPlayed] = useState(0);
  const context = useRef(null);
  const before = useRef(null);
  const mutedNow = useRef(muted);
  mutedNow.current = muted;

  const play = (kind) => {
    if (mutedNow.current || typeof AudioContext === 'undefined') return;
    context.current ??= new AudioContext();
    if (context.current.state === 'suspended') context.current.resume();
    tones(context.current, PATTERNS[kind]);
    setPlayed((n) => n + 1);
  };

  useEffect(() => {
    const cue = view && cueFor(before.current, view);
    before.current = view;
    if (!cue) return;
    setLast(cue.words);
    play(cue.kind);
  }, [view]);

  useEffect(() => {
    if (!alarming) return undefined;
    setLast(`Alarm: ${alarming}`);
    play('alarm');
    const repeat = setInterval(() => play('alarm'), ALARM_REPEAT_MS);
    return () => clearInterval(repeat);
  }, [alarming]);

  useEffect(() => () => context.current?.close(), []);

  const toggleMute = () => {
    localStorage.setItem(MUTE_KEY, muted ? 'no' : 'yes');
    setMuted(!muted);
  };
  return { muted, toggleMute, last, played };
}
