#include "rig/regulation_rows.hpp"

#include <algorithm>

#include "rig/lop_verdict.hpp"
#include "rig/protocols.hpp"

namespace bfr::rig {

namespace {
// A run whose cuff was never inflated for a second held no session at all.
constexpr double kNoSessionInflatedS = 1.0;
}  // namespace

const char* to_string(LopMode m) { return m == LopMode::end_to_end ? "end_to_end" : "oracle"; }

sim::Scenario strategy_variant(const PersonCase& c, bool small_pump, LopMode mode, const std::string& strategy,
                               std::optional<units::Pressure> measured_lop) {
  sim::Scenario s = c.scenario;
  if (small_pump) s.plant.device.pump.free_flow = s.plant.device.pump.free_flow * kSmallPumpShare;
  auto& choice = std::get<sim::ControllerChoice>(s.actuation);
  choice.name = strategy;
  if (mode == LopMode::oracle) return s;
  if (strategy == "ours") {
    s = measuring_lop_first(std::move(s));
  } else {
    choice.given_lop = measured_lop;  // what our device measured for this person
  }
  return s;
}

void RegulationRow::add_no_session(units::Pressure true_lop) {
  ++people;
  ++no_lop;
  if (true_lop >= kLopRefusalZone) ++beyond_device;
}

void RegulationRow::add(const PersonCase& c, const RunSummary& summary) {
  const auto& r = summary.report;
  if (r && !r->fault.empty()) ++false_faults;
  // No session: the device found no LOP, or refused the one it was told (beyond its range).
  const bool measured_none = summary.lop_source == "measured" && (!r || !r->measured_lop);
  if (measured_none || summary.inflated_seconds < kNoSessionInflatedS) return add_no_session(summary.true_lop);
  ++people;
  const auto& g = *summary.regulation;
  exercise.add(100 * g.exercise_in_band);
  rest.add(100 * g.rest_in_band);
  peak.add(g.peak_pct_lop);
  valley.add(g.valley_pct_lop);
  highest_exercise = std::max(highest_exercise, g.highest_exercise_pct_lop);
  if (100 * g.exercise_in_band < worst_exercise) {
    worst_exercise = 100 * g.exercise_in_band;
    worst_detail = {{"person", c.index},
                    {"limb", sim::to_string(summary.plant.limb)},
                    {"cuff_cm", summary.plant.cuff.width.cm()},
                    {"heart_rate", summary.plant.person.circulation.heart_rate.per_minute()},
                    {"true_lop_mmHg", summary.true_lop.mmHg()},
                    {"lop_told_or_measured_mmHg", r && r->measured_lop ? nlohmann::json(r->measured_lop->mmHg()) : nlohmann::json(nullptr)},
                    {"exercise_within_10pct", 100 * g.exercise_in_band},
                    {"rest_within_5pct", 100 * g.rest_in_band},
                    {"fault", r ? r->fault : std::string()}};
    if (const auto& walk = summary.plant.rhythmic)
      worst_detail.update({{"activity", sim::to_string(walk->activity)},
                           {"cadence_per_min", walk->cadence_per_min},
                           {"exercise_heart_rate", walk->heart_rate.per_minute()}});
  }
}

void RegulationRow::add_limbs(std::size_t person, const std::array<RunSummary, 2>& limbs) {
  const auto has_lop = [](const RunSummary& s) { return s.lop_source != "measured" || (s.report && s.report->measured_lop); };
  if (!has_lop(limbs[0]) || !has_lop(limbs[1])) {
    // A leg whose LOP lies beyond the device makes the person one it cannot serve on both legs.
    const auto higher = std::max(limbs[0].true_lop, limbs[1].true_lop);
    for (int i = 0; i < 2; ++i) add_no_session(higher);
    return;
  }
  for (const auto& limb : limbs) add(PersonCase{person, {}}, limb);
}

nlohmann::json RegulationRow::json() const {
  return {{"people", people},
          {"sessions_without_lop", no_lop},
          {"of_which_lop_beyond_the_device", beyond_device},
          {"exercise_within_10pct", {{"mean", exercise.mean()}, {"worst", exercise.min()}}},
          {"rest_within_5pct", {{"mean", rest.mean()}, {"worst", rest.min()}}},
          {"peak_pct_lop", {{"mean", peak.mean()}, {"sd", peak.sd()}}},
          {"valley_pct_lop", {{"mean", valley.mean()}, {"sd", valley.sd()}}},
          {"highest_pct_lop_during_exercise", highest_exercise},
          {"sessions_with_a_false_fault", false_faults},
          {"worst_person", worst_detail}};
}

StrategyRows run_strategies(const std::vector<PersonCase>& people, bool small_pump, LopMode mode) {
  StrategyRows rows;
  for (const auto& c : people) {
    const auto mine = run_scenario(strategy_variant(c, small_pump, mode, "ours", {}));
    rows.ours.add(c, mine);
    const auto measured = mine.report ? mine.report->measured_lop : std::nullopt;
    if (mode == LopMode::end_to_end && !measured) {
      rows.deadband.add_no_session(mine.true_lop);  // no LOP, no session for them either
      rows.passive.add_no_session(mine.true_lop);
      continue;
    }
    rows.deadband.add(c, run_scenario(strategy_variant(c, small_pump, mode, "deadband", measured)));
    rows.passive.add(c, run_scenario(strategy_variant(c, small_pump, mode, "passive", measured)));
  }
  return rows;
}

void add_two_limb_person(StrategyRows& rows, std::size_t person, const TwoLimbScenario& scenario, LopMode mode) {
  const auto mine = run_two_limbs(scenario, "ours", TwoLimbLop{mode == LopMode::end_to_end, {}});
  rows.ours.add_limbs(person, mine);
  TwoLimbLop told;
  if (mode == LopMode::end_to_end) {
    for (std::size_t limb = 0; limb < 2; ++limb) told.told[limb] = mine[limb].report ? mine[limb].report->measured_lop : std::nullopt;
    if (!told.told[0] || !told.told[1]) {  // ours started no session: neither do they
      rows.deadband.add_limbs(person, mine);
      rows.passive.add_limbs(person, mine);
      return;
    }
  }
  rows.deadband.add_limbs(person, run_two_limbs(scenario, "deadband", told));
  rows.passive.add_limbs(person, run_two_limbs(scenario, "passive", told));
}

}  // namespace bfr::rig
