// `bfr bench faults`: every injectable fault in every session phase. For each: whether the
// supervisor detected it as its own kind (or an equivalent, rig/fault_classes.hpp), how long until
// the cuff (true pressure) was under 20 mmHg, and the highest true pressure of the run. Then false
// faults: sessions with nothing wrong, drawn from the envelope and run end to end.

#include <fmt/format.h>

#include <optional>

#include "core/limits.hpp"
#include "core/lop_search.hpp"
#include "rig/controller_benchmarks.hpp"
#include "rig/core_strategy.hpp"
#include "rig/envelope.hpp"
#include "rig/fault_classes.hpp"
#include "rig/protocols.hpp"
#include "rig/runner.hpp"
#include "sim/population.hpp"

namespace bfr::rig {

namespace {
constexpr double kWatchS = 45.0;  // after injection
constexpr int kFalseFaultSessionsTarget = 500;  // issue 12: at least this many fault-free sessions

struct PhasePlan {
  const char* phase;
  bool measure_lop;
  double inject_at_s;
  // A phase added after the bench's first figures draws its people from a range of its own, so
  // that the rows of the earlier phases keep theirs and stay comparable across versions.
  bool own_draws = false;
};
constexpr std::uint64_t kOwnDrawsFrom = 1000;
// With a known LOP the cuff inflates from 0 s and is on target by about 8 s; the first set
// starts at 20 s, the second at about 65 s. With measure_lop the search ramps from about 3 s to
// 30-40 s. The second set comes after the supervisor has learned this device's pump (from its
// first window of regulation, about 28 s): a leak there is one that opened mid-session.
constexpr PhasePlan kPhases[] = {{"inflating", false, 2.5},
                                 {"resting", false, 14.0},
                                 {"holding", false, 26.0},
                                 {"second_set", false, 75.0, true},
                                 {"measuring_lop", true, 15.0}};

sim::Scenario scenario_for(const PhasePlan& phase, sim::FaultKind fault, std::uint64_t seed, std::uint64_t i) {
  sim::Scenario s;
  s.name = "fault bench";
  // In the LOP phase allow time for the measurement to end and a session to settle.
  s.duration = units::seconds(phase.inject_at_s + kWatchS + (phase.measure_lop ? 40.0 : 0.0));
  s.record_rate = units::hertz(1000.0);
  s.plant.person = sim::generate_person(*sim::cohort_by_name("adults"), seed, i % 5);
  s.plant.limb = sim::LimbKind::thigh;
  s.plant.cuff.width = units::cm(11.5);
  s.plant.posture = sim::Posture::seated;
  s.plant.seed = seed + i;
  s.plant.parts = sim::Parts::drawn;
  sim::ExerciseSpec e;
  // LOP is measured at rest: the exercise starts once the measurement is over (it ends by 60 s).
  e.start = units::at_seconds(phase.measure_lop ? 70.0 : 20.0);
  e.sets = {15, 15};
  e.rest = units::seconds(20.0);
  s.plant.exercise = e;
  s.plant.faults = {{fault, units::at_seconds(phase.inject_at_s), {}, 0.0}};
  s.actuation = sim::ControllerChoice{"ours", sim::PressureTarget{units::percent(80.0)}, phase.measure_lop, {}};
  return s;
}

// Fault-free sessions of the envelope, end to end: any fault latched in one is a false fault.
nlohmann::json false_faults(std::uint64_t seed, int sessions, const Progress& progress) {
  nlohmann::json list = nlohmann::json::array();
  int with_fault = 0;
  for (int i = 0; i < sessions; ++i) {
    const auto summary = run_scenario(measuring_lop_first(envelope_session(seed, static_cast<std::uint64_t>(i))));
    const auto& r = *summary.report;
    if (!r.fault.empty()) {
      ++with_fault;
      list.push_back({{"person", i}, {"fault", r.fault}, {"at_s", r.fault_at ? r.fault_at->seconds() : 0.0},
                      {"limb", sim::to_string(summary.plant.limb)}, {"cuff_cm", summary.plant.cuff.width.cm()},
                      {"heart_rate", summary.plant.person.circulation.heart_rate.per_minute()},
                      {"rhythm", sim::to_string(summary.plant.person.circulation.rhythm)}});
    }
    if (progress && (i + 1) % 50 == 0) progress(fmt::format("fault-free sessions: {} of {}, {} with a false fault", i + 1, sessions, with_fault));
  }
  return {{"sessions", sessions}, {"with_a_false_fault", with_fault}, {"false_faults", list},
          {"design", "envelope people (legs and arms, HR 50-190, AF, tempos, 40-80 % LOP), end to end: LOP measured by the device, "
                     "then 30-15-15-15"}};
}
}  // namespace

nlohmann::json bench_faults(const BenchOptions& o) {
  const auto& progress = o.progress;
  const auto seed = o.seeds.seeds().faults;
  nlohmann::json rows = nlohmann::json::array();
  int runs = 0, detected = 0, misclassified = 0, emptied_in_time = 0, hardware_safe = 0;
  double worst_peak = 0.0;
  std::uint64_t i = 0, own = kOwnDrawsFrom;
  for (auto fault : sim::kAllFaultKinds) {
    for (const auto& phase : kPhases) {
      const auto s = scenario_for(phase, fault, seed, phase.own_draws ? own++ : i++);
      const double inject = phase.inject_at_s;
      std::optional<double> below_20_after;  // first time after detection the true cuff is < 20
      double peak = 0.0;
      std::optional<double> detection_time;
      // The fault time is read from the strategy's report after the run; trace the true
      // pressure to find when the cuff was empty after it.
      std::vector<std::pair<double, double>> trace;
      const auto summary = run_scenario(s, [&](const TraceRow& r) {
        peak = std::max(peak, r.truth.cuff.mmHg());
        trace.emplace_back(r.time.seconds(), r.truth.cuff.mmHg());
      });
      const auto& rep = *summary.report;
      // The LOP search stopping because it could not inflate, and deflating, is a detection too.
      // A refusal at the ceiling or a timeout is not: it says nothing about the fault.
      const bool lop_stopped = phase.measure_lop && rep.lop_failure == core::to_string(core::LopFailure::cannot_inflate) &&
                               rep.lop_failure_at && rep.lop_failure_at->seconds() >= inject &&
                               classified_as(fault, core::to_string(core::FaultId::cannot_inflate));
      const bool reported = rep.fault_at && rep.fault_at->seconds() >= inject;
      const bool right_kind = reported && classified_as(fault, rep.fault);
      const bool was_detected = right_kind || (!reported && lop_stopped);
      if (was_detected) {
        detection_time = right_kind ? rep.fault_at->seconds() : rep.lop_failure_at->seconds();
        for (const auto& [t, p] : trace)
          if (t >= *detection_time && p < core::limits::kDeflated.mmHg()) {
            below_20_after = t - *detection_time;
            break;
          }
      }
      // Power loss: the device is dead and cannot detect anything; the normally-open dump valve
      // empties the cuff by itself. Count it as handled by hardware when that happens in 2 s.
      std::optional<double> empty_after_inject;
      for (const auto& [t, p] : trace)
        if (t >= inject && p < core::limits::kDeflated.mmHg()) {
          empty_after_inject = t - inject;
          break;
        }
      const bool by_hardware = fault == sim::FaultKind::power_loss && empty_after_inject && *empty_after_inject <= 2.0;
      // What a dead device reports once it runs again is no classification of the power loss.
      const bool wrong_kind = reported && !right_kind && !by_hardware;
      misclassified += wrong_kind ? 1 : 0;
      ++runs;
      detected += was_detected ? 1 : 0;
      hardware_safe += by_hardware ? 1 : 0;
      const bool in_time = (below_20_after && *below_20_after <= 2.0) || by_hardware;
      emptied_in_time += in_time ? 1 : 0;
      worst_peak = std::max(worst_peak, peak);
      rows.push_back({{"fault", sim::to_string(fault)},
                      {"phase", phase.phase},
                      {"injected_at_s", inject},
                      {"detected", was_detected},
                      {"misclassified", wrong_kind},
                      {"fault_id", !rep.fault.empty() ? nlohmann::json(rep.fault)
                                   : lop_stopped   ? nlohmann::json("lop: " + rep.lop_failure)
                                                   : nlohmann::json(nullptr)},
                      {"seconds_to_detect", detection_time ? nlohmann::json(*detection_time - inject) : nlohmann::json(nullptr)},
                      {"seconds_detection_to_below_20mmHg", below_20_after ? nlohmann::json(*below_20_after) : nlohmann::json(nullptr)},
                      {"seconds_injection_to_below_20mmHg", empty_after_inject ? nlohmann::json(*empty_after_inject) : nlohmann::json(nullptr)},
                      {"handled_by_hardware", by_hardware},
                      {"peak_true_mmHg", peak}});
    }
    if (progress) progress(fmt::format("{}: 4 phases", sim::to_string(fault)));
  }
  const auto clean = false_faults(seed, o.fault_free_sessions, progress);
  const bool no_false_fault = clean["with_a_false_fault"].get<int>() == 0 && o.fault_free_sessions >= kFalseFaultSessionsTarget;
  const bool all_detected = detected + hardware_safe == runs;
  const bool all_in_time = emptied_in_time == runs;
  const bool capped = worst_peak <= core::limits::kHardCap.mmHg();
  return {{"benchmark", "faults"},
          {"simulated", true},
          {"runs", runs},
          {"seeds", o.seeds.label()},
          {"seed", seed},
          {"detected", detected},
          {"misclassified", misclassified},
          {"handled_by_hardware", hardware_safe},
          {"below_20mmHg_within_2s_of_detection", emptied_in_time},
          {"highest_true_pressure_mmHg", worst_peak},
          {"fault_free", clean},
          {"targets", {{"every_fault_detected_as_its_kind", all_detected},
                       {"cuff_below_20_within_2s", all_in_time},
                       {"hard_cap_never_exceeded", capped},
                       {"no_false_fault_in_at_least_500_sessions", no_false_fault}}},
          {"targets_met", all_detected && all_in_time && capped && no_false_fault},
          {"rows", rows}};
}

}  // namespace bfr::rig
