#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "core/phases.hpp"
#include "report/chart.hpp"
#include "report/reports.hpp"
#include "core/regulation_bands.hpp"
#include "session/session_metrics.hpp"
#include "session/event_words.hpp"
#include "session/session_plan.hpp"

namespace bfr::report {

namespace {

using palette::kGrey;
using palette::kRed;
constexpr Rgb kPressure = palette::kBlue;
constexpr Rgb kBand = palette::kGreen;
constexpr Rgb kSet = palette::kOrange;

bool is_notable(const store::SessionEvent& e) {
  return e.kind == "fault" || e.kind == "alarm_on" || e.kind == "lop_failed" ||
         (e.kind == "deflated" && e.code != static_cast<int>(core::DeflateReason::operator_stop) &&
          e.code != static_cast<int>(core::DeflateReason::lop_done));
}

constexpr double kTextWidth = Canvas::kWidth - 80;  // 40 pt margins
constexpr double kSummaryWidth = Canvas::kWidth - 450 - 40;  // the summary column

}  // namespace

void render_session_report(store::Store& store, store::Id session_id, Format format, const std::filesystem::path& out) {
  const auto s = store.session(session_id);
  if (!s) throw std::invalid_argument(fmt::format("no session {} (bfr history lists them)", session_id));
  const auto person = store.person(s->person_id);
  const auto samples = store.samples(session_id);
  const auto events = store.events(session_id);
  const auto pains = store.pain_scores(session_id);
  const auto m = session::session_metrics(samples);

  Canvas c(format, out);
  // The badge has a line of its own so that no name, however long, can cover it.
  if (s->simulated) c.text(40, 18, "SIMULATED: virtual cuff, not a person", 11, true, kRed);
  c.text_within(40, 36, kTextWidth, fmt::format("OpenBFR session {}: {}", session_id, person ? person->name : "?"), 16, true);
  c.text_within(40, 52, kTextWidth,
                fmt::format("{} UTC  |  {}  |  outcome: {}", s->started_at.substr(0, 16).replace(10, 1, " "), s->device, s->outcome), 9,
                false, kGrey);

  // Pressure trace against the target band, sets shaded.
  const double t0 = samples.empty() ? 0.0 : static_cast<double>(samples.front().t_ms) / 1000.0;
  std::vector<double> t, p, lo, hi;
  std::vector<bool> regulated, all;
  double top = 50;
  for (const auto& x : samples) {
    t.push_back(static_cast<double>(x.t_ms) / 1000.0 - t0);
    p.push_back(x.pressure_mmHg);
    const auto phase = static_cast<core::PhaseId>(x.phase);
    const bool reg = x.setpoint_mmHg && (phase == core::PhaseId::holding || phase == core::PhaseId::resting);
    regulated.push_back(reg);
    all.push_back(true);
    lo.push_back(reg ? *x.setpoint_mmHg * (1 - core::kExerciseBand) : 0);
    hi.push_back(reg ? *x.setpoint_mmHg * (1 + core::kExerciseBand) : 0);
    top = std::max(top, x.pressure_mmHg);
  }
  if (s->lop_mmHg) top = std::max(top, *s->lop_mmHg);
  Chart trace(c, {70, 80, 730, 250}, {0, t.empty() ? 1.0 : t.back()}, {0, top * 1.1});
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (static_cast<core::PhaseId>(samples[i].phase) != core::PhaseId::holding) continue;
    std::size_t j = i;
    while (j + 1 < samples.size() && static_cast<core::PhaseId>(samples[j + 1].phase) == core::PhaseId::holding) ++j;
    trace.span(t[i], t[j], kSet, 0.18);
    i = j;
  }
  // A mark at the start of every repetition (the metronome's count, from telemetry).
  std::vector<double> reps;
  for (std::size_t i = 1; i < samples.size(); ++i)
    if (samples[i].rep > 0 && samples[i].rep != samples[i - 1].rep) reps.push_back(t[i]);
  trace.ticks(reps, kSet);
  trace.band(t, lo, hi, regulated, kBand);
  trace.line_where(t, p, all, kPressure, 0.9);
  if (s->lop_mmHg) trace.hline(*s->lop_mmHg, kRed, fmt::format("LOP {:.0f} mmHg", *s->lop_mmHg));
  trace.axes("time, s", "cuff pressure, mmHg", "Cuff pressure, target band (green), sets (orange) and repetitions (ticks)");

  // The LOP measurement: cuff pulse amplitude against pressure.
  std::vector<double> lp, la;
  for (const auto& x : samples)
    if (static_cast<core::PhaseId>(x.phase) == core::PhaseId::measuring_lop && x.pressure_mmHg > 40) {
      lp.push_back(x.pressure_mmHg);
      la.push_back(x.pulse_mmHg);
    }
  const double amax = la.empty() ? 1.0 : *std::max_element(la.begin(), la.end());
  Chart curve(c, {70, 375, 330, 170}, {40, std::max(top, 60.0) * 1.05}, {0, amax * 1.15 + 0.1});
  if (!lp.empty()) curve.points(lp, la, kPressure, 0.8);
  if (s->lop_mmHg) curve.span(*s->lop_mmHg - 0.6, *s->lop_mmHg + 0.6, kRed, 1.0);
  curve.axes("cuff pressure, mmHg", "pulse, mmHg", "LOP measurement: the pulse fades at LOP");
  if (lp.empty()) c.text(130, 460, "no LOP measurement in this session", 9, false, kGrey);

  // Figures, pain, alarms.
  double y = 385;
  const auto line = [&](const std::string& s2, bool bold = false, Rgb col = {0, 0, 0}) {
    c.text_within(450, y, kSummaryWidth, s2, 9.5, bold, col);
    y += 14;
  };
  line("Summary", true);
  line(fmt::format("LOP: {}", s->lop_mmHg ? fmt::format("{:.0f} mmHg", *s->lop_mmHg) : "not measured"));
  // A session that did not complete is never read as a good one: its figures say until when.
  const std::string until = s->outcome == "completed" ? "" : fmt::format(" (until it ended: {})", s->outcome);
  line(fmt::format("Time in band (target +-10 %): {}{}", m.in_band_pct ? fmt::format("{:.1f} %", *m.in_band_pct) : "n/a", until),
       false, until.empty() ? Rgb{0, 0, 0} : kRed);
  line(fmt::format("Cuff on: {:.1f} min; sets: {}; highest: {:.0f} mmHg", m.restriction_s / 60.0, m.sets, m.highest_mmHg));
  std::string pain_text;
  const auto plan = session::plan_of(store, *s);
  for (const auto& pn : pains)
    pain_text += fmt::format("{}{} {}/10", pain_text.empty() ? "" : ", ", session::exercise_name(plan, pn.exercise), pn.score);
  line("Pain: " + (pain_text.empty() ? std::string("none recorded") : pain_text));
  std::string effort_text;  // after aerobic holds (walking, cycling), Borg CR10
  for (const auto& e : events)
    if (e.kind == "effort") effort_text += fmt::format("{}{} {}/10", effort_text.empty() ? "" : ", ", e.text, e.code);
  if (!effort_text.empty()) line("Effort (Borg CR10): " + effort_text);
  int shown = 0, notable = 0;
  for (const auto& e : events) notable += is_notable(e) ? 1 : 0;
  line(fmt::format("Alarms and faults: {}", notable), true, notable ? kRed : Rgb{0, 0, 0});
  for (const auto& e : events) {
    if (!is_notable(e) || shown++ >= 5) continue;
    line(fmt::format("  {:.0f} s: {}", static_cast<double>(e.t_ms) / 1000.0 - t0, session::in_words(e)), false, kRed);
  }
  c.text(40, 580, "Not medical advice. OpenBFR, an open blood-flow-restriction training system.", 8, false, kGrey);
  c.finish();
}

}  // namespace bfr::report
