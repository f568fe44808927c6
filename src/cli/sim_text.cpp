#include "cli/sim_text.hpp"

#include <fmt/format.h>

#include "sim/person.hpp"

namespace bfr::cli {

void print_run_summary(const rig::RunSummary& s, const std::string& trace_path) {
  const auto& p = s.plant.person;
  const auto& c = p.circulation;
  fmt::print("{}\n\n", kSimulatedBanner);
  fmt::print("scenario     {} ({} s simulated, {} physics steps, strategy: {})\n", s.scenario, s.simulated.seconds(),
             s.physics_steps, s.strategy);
  fmt::print("person       {} {:.0f} y, {:.0f} cm, BP {:.0f}/{:.0f} mmHg, HR {:.0f} bpm, {} rhythm{}\n",
             sim::to_string(p.sex), p.age_years, p.height.cm(), c.systolic.mmHg(), c.diastolic.mmHg(),
             c.heart_rate.per_minute(), sim::to_string(c.rhythm), s.cohort ? " (cohort " + *s.cohort + ")" : "");
  const auto circ = s.plant.limb == sim::LimbKind::arm ? p.arm_circumference : p.thigh_circumference;
  fmt::print("setup        {} {:.1f} cm round, {:.1f} cm cuff, {}\n", sim::to_string(s.plant.limb), circ.cm(),
             s.plant.cuff.width.cm(), sim::to_string(s.plant.posture));
  fmt::print("true LOP     {:.1f} mmHg\n", s.true_lop.mmHg());
  if (s.target) fmt::print("target       {:.1f} mmHg ({:.0f} % LOP)\n", s.target->mmHg(), 100.0 * (*s.target / s.true_lop));
  if (s.lop_source == "oracle") fmt::print("LOP source   oracle: the strategy was told the true LOP (no real device is)\n");
  else if (!s.lop_source.empty()) fmt::print("LOP source   {}\n", s.lop_source);
  const auto line = [](const char* name, const rig::RunningStats& st) {
    fmt::print("{:<12} mean {:7.1f}  sd {:6.1f}  min {:7.1f}  max {:7.1f} mmHg\n", name, st.mean(), st.sd(), st.min(), st.max());
  };
  line("true cuff", s.true_cuff_mmHg);
  line("measured", s.measured_cuff_mmHg);
  fmt::print("inflated     {:.1f} s; while inflated: arterial inflow {:.0f} %, venous outflow {:.0f} % of resting (true)\n",
             s.inflated_seconds, 100.0 * s.mean_inflow_inflated, 100.0 * s.mean_outflow_inflated);
  if (s.regulation) {
    const auto& r = *s.regulation;
    fmt::print("regulation   {:.1f} % of exercise within +-10 %, {:.1f} % of rest within +-5 %\n", 100 * r.exercise_in_band,
               100 * r.rest_in_band);
    fmt::print("             peak {:.1f} / valley {:.1f} % LOP over {} reps; highest {:.1f} % LOP, {:.2f} s above LOP\n",
               r.peak_pct_lop, r.valley_pct_lop, r.repetitions, r.highest_pct_lop, r.seconds_above_lop);
  }
  if (s.report) {
    const auto& r = *s.report;
    if (r.measured_lop)
      fmt::print("device LOP   {:.1f} mmHg measured ({:+.1f} against true), quality {:.2f}, {:.1f} s, highest {:.0f} mmHg\n",
                 r.measured_lop->mmHg(), (*r.measured_lop - s.true_lop).mmHg(), r.lop_quality.value_or(0.0),
                 r.lop_seconds.value_or(0.0), r.lop_highest_applied ? r.lop_highest_applied->mmHg() : 0.0);
    else if (!r.lop_failure.empty())
      fmt::print("device LOP   not measured: {}\n", r.lop_failure);
    fmt::print("device       ended {}; fault: {}{}; off-target alarm {:.1f} s\n", r.final_phase,
               r.fault.empty() ? "none" : r.fault, r.fault_at ? fmt::format(" at {:.2f} s", r.fault_at->seconds()) : "",
               r.off_target_alarm_seconds);
  }
  if (!trace_path.empty()) fmt::print("trace        {}\n", trace_path);
}

}  // namespace bfr::cli
