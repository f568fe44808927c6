#include "rig/summary_json.hpp"

#include "sim/person.hpp"

namespace bfr::rig {

using nlohmann::json;

json to_json(const RunningStats& s) {
  return {{"mean", s.mean()}, {"sd", s.sd()}, {"min", s.min()}, {"max", s.max()}, {"samples", s.count()}};
}

json describe_setup(const sim::PlantSpec& p) {
  const auto& c = p.person.circulation;
  return {
      {"person",
       {{"sex", sim::to_string(p.person.sex)},
        {"age", p.person.age_years},
        {"height_cm", p.person.height.cm()},
        {"systolic_mmHg", c.systolic.mmHg()},
        {"diastolic_mmHg", c.diastolic.mmHg()},
        {"heart_rate_bpm", c.heart_rate.per_minute()},
        {"rhythm", sim::to_string(c.rhythm)},
        {"arm_circumference_cm", p.person.arm_circumference.cm()},
        {"thigh_circumference_cm", p.person.thigh_circumference.cm()}}},
      {"limb", sim::to_string(p.limb)},
      {"cuff_width_cm", p.cuff.width.cm()},
      {"posture", sim::to_string(p.posture)},
  };
}

json to_json(const RunSummary& s) {
  json j = {
      {"simulated", true},
      {"notice", "Simulated by the OpenBFR virtual cuff: not a measurement of a person and not medical advice."},
      {"scenario", s.scenario},
      {"strategy", s.strategy},
      {"setup", describe_setup(s.plant)},
      {"simulated_seconds", s.simulated.seconds()},
      {"physics_steps", s.physics_steps},
      {"true_lop_mmHg", s.true_lop.mmHg()},
      {"true_cuff_mmHg", to_json(s.true_cuff_mmHg)},
      {"measured_cuff_mmHg", to_json(s.measured_cuff_mmHg)},
      {"ground_truth",
       {{"inflated_seconds", s.inflated_seconds},
        {"mean_arterial_inflow_fraction_while_inflated", s.mean_inflow_inflated},
        {"mean_venous_outflow_fraction_while_inflated", s.mean_outflow_inflated},
        {"lowest_arterial_inflow_fraction", s.min_inflow}}},
  };
  if (s.cohort) j["cohort"] = *s.cohort;
  if (!s.lop_source.empty()) j["lop_source"] = s.lop_source;
  if (s.target) {
    j["target_mmHg"] = s.target->mmHg();
    j["target_pct_lop"] = 100.0 * (*s.target / s.true_lop);
  }
  if (s.regulation) {
    const auto& r = *s.regulation;
    j["regulation"] = {{"exercise_time_within_10pct", r.exercise_in_band},
                       {"rest_time_within_5pct", r.rest_in_band},
                       {"peak_pct_lop", r.peak_pct_lop},
                       {"valley_pct_lop", r.valley_pct_lop},
                       {"highest_pct_lop", r.highest_pct_lop},
                       {"seconds_above_100pct_lop", r.seconds_above_lop},
                       {"repetitions", r.repetitions}};
  }
  if (s.report) {
    const auto& r = *s.report;
    auto& d = j["device"];
    d["final_phase"] = r.final_phase;
    d["fault"] = r.fault.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.fault);
    if (r.fault_at) d["fault_at_s"] = r.fault_at->seconds();
    d["off_target_alarm_seconds"] = r.off_target_alarm_seconds;
    if (r.measured_lop) {
      d["measured_lop_mmHg"] = r.measured_lop->mmHg();
      d["lop_error_mmHg"] = (*r.measured_lop - s.true_lop).mmHg();
    }
    if (r.lop_quality) d["lop_quality"] = *r.lop_quality;
    if (!r.lop_failure.empty()) d["lop_failure"] = r.lop_failure;
    if (r.lop_seconds) d["lop_seconds"] = *r.lop_seconds;
    if (r.lop_highest_applied) d["lop_highest_applied_mmHg"] = r.lop_highest_applied->mmHg();
  }
  return j;
}

}  // namespace bfr::rig
