// uPlot charts: cuff pressure against its target band (live and recorded), and progress across
// sessions. The band's width comes from the server (band_fraction), never from this file.
import { html, useEffect, useRef, uPlot } from './lib.js';
import { endedEarly, outcomeWords } from './outcomes.js';

// The band's fill is a light wash; its edges carry the contrast (#2e7d32 on white is 5.1:1, above
// the 3:1 that WCAG 1.4.11 asks of a graphic that must be seen).
const GREEN = 'rgba(46, 160, 67, 0.18)';
const BAND_EDGE = '#2e7d32';

// Pressure, setpoint and the band around it; t in seconds. Missing setpoints are gaps.
function pressureData(t, pressure, setpoint, bandFraction) {
  const low = setpoint.map((s) => (s == null ? null : s * (1 - bandFraction)));
  const high = setpoint.map((s) => (s == null ? null : s * (1 + bandFraction)));
  return [t, high, low, setpoint, pressure];
}

function pressureOptions(width, height, bandFraction) {
  return {
    width, height,
    scales: { x: { time: false }, y: { range: (u, min, max) => [0, Math.max(60, Math.ceil((max + 20) / 20) * 20)] } },
    axes: [{ label: 'time (s)' }, { label: 'cuff pressure (mmHg)' }],
    series: [
      {},
      { label: `band +${Math.round(bandFraction * 100)} %`, stroke: BAND_EDGE, width: 1.5, points: { show: false } },
      { label: `band -${Math.round(bandFraction * 100)} %`, stroke: BAND_EDGE, width: 1.5, points: { show: false } },
      { label: 'target', stroke: '#1b1f24', width: 2, dash: [6, 4], points: { show: false } },
      { label: 'pressure', stroke: '#1f4e9c', width: 2, points: { show: false } },
    ],
    bands: [{ series: [1, 2], fill: GREEN }],
    legend: { live: false },
  };
}

function useChart(ref, makeOptions, data) {
  const plot = useRef(null);
  useEffect(() => {
    const el = ref.current;
    const width = Math.max(320, el.clientWidth || 800);
    plot.current = new uPlot(makeOptions(width), data, el);
    const resize = () => plot.current && plot.current.setSize({ width: Math.max(320, el.clientWidth), height: plot.current.height });
    addEventListener('resize', resize);
    return () => { removeEventListener('resize', resize); plot.current.destroy(); plot.current = null; };
  }, []);
  useEffect(() => { if (plot.current) plot.current.setData(data); }, [data]);
}

export function PressureChart({ t, pressure, setpoint, bandFraction, height = 320, label }) {
  const ref = useRef(null);
  const data = pressureData(t, pressure, setpoint, bandFraction);
  useChart(ref, (w) => pressureOptions(w, height, bandFraction), data);
  return html`<figure class="chart" aria-label=${label || 'Cuff pressure against the target band'}><div ref=${ref} data-testid="pressure-chart"></div></figure>`;
}

// LOP (mmHg) and time in band (%) per session, oldest first. Time in band is drawn only for
// sessions that completed; one that ended early (fault, stop, lost device) is a red mark on the
// axis and named under the chart, never a point on the line as if it had gone well.
export function ProgressChart({ sessions }) {
  const ref = useRef(null);
  const x = sessions.map((_, i) => i + 1);
  const early = sessions.map((s) => endedEarly(s.outcome));
  const data = [x, sessions.map((s) => s.lop_mmHg), sessions.map((s, i) => (early[i] ? null : s.in_band_pct)),
    early.map((e) => (e ? 0 : null))];
  useChart(ref, (width) => ({
    width, height: 240,
    scales: { x: { time: false, range: [0.5, Math.max(2, x.length) + 0.5] }, mmHg: { range: [0, 300] }, pct: { range: [0, 100] } },
    legend: { live: false },
    axes: [{ label: 'session', incrs: [1, 2, 5, 10, 20, 50] }, { scale: 'mmHg', label: 'LOP (mmHg)' }, { scale: 'pct', side: 1, label: 'time in band (%)', grid: { show: false } }],
    series: [
      {},
      { label: 'LOP', scale: 'mmHg', stroke: '#8e24aa', width: 2, points: { show: true, size: 8 } },
      { label: 'time in band (completed sessions)', scale: 'pct', stroke: '#2e7d32', width: 2, spanGaps: true, points: { show: true, size: 8 } },
      { label: 'ended early', scale: 'pct', stroke: '#c62828', width: 0, points: { show: true, size: 14, fill: '#c62828' } },
    ],
  }), data);
  const named = x.filter((_, i) => early[i]);
  return html`<figure class="chart" aria-label="Progress across sessions"><div ref=${ref} data-testid="progress-chart"></div>
    ${named.length > 0 && html`<figcaption data-testid="ended-early-sessions">Ended early, not counted in time in band: session${named.length > 1 ? 's' : ''} ${named.join(', ')}
      (${sessions.filter((_, i) => early[i]).map((s) => outcomeWords(s.outcome)).join(', ')}).</figcaption>`}</figure>`;
}

// Pain at the injured tissue per session: the highest score (0-10) against the plan's rule. A
// session with a score above its rule is a red mark; one with no score asked leaves a gap.
export function PainChart({ sessions }) {
  const ref = useRef(null);
  const x = sessions.map((_, i) => i + 1);
  const above = sessions.map((s) => (s.pain_above_rule ? s.pain_max : null));
  const rule = sessions.map((s) => s.pain_rule_max ?? null);
  useChart(ref, (width) => ({
    width, height: 200,
    scales: { x: { time: false, range: [0.5, Math.max(2, x.length) + 0.5] }, y: { range: [0, 10] } },
    legend: { live: false },
    axes: [{ label: 'session', incrs: [1, 2, 5, 10, 20, 50] }, { label: 'pain (0-10)', incrs: [1, 2, 5] }],
    series: [
      {},
      { label: 'highest pain', stroke: '#1f4e9c', width: 2, spanGaps: true, points: { show: true, size: 8 } },
      { label: 'above the rule', stroke: '#c62828', width: 0, points: { show: true, size: 14, fill: '#c62828' } },
      { label: 'rule: the most allowed', stroke: '#c62828', width: 2, dash: [6, 4], points: { show: false } },
    ],
  }), [x, sessions.map((s) => s.pain_max ?? null), above, rule]);
  const over = sessions.filter((s) => s.pain_above_rule).length;
  const scored = sessions.filter((s) => s.pain_max != null).length;
  return html`<figure class="chart" aria-label="Pain across sessions"><div ref=${ref} data-testid="pain-chart"></div>
    <figcaption data-testid="pain-trend" class=${over > 0 ? 'error' : 'muted'}>${scored === 0 ? 'No pain scores yet.'
      : `${over} of ${scored} session${scored > 1 ? 's' : ''} with a pain score above the rule.`}</figcaption></figure>`;
}
