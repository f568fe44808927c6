#pragma once
// Runs one scenario: the plant and the strategy stepped in lockstep at the physics step, ground
// truth logged at the record rate. Every result is simulated and says so.

#include <functional>
#include <optional>
#include <string>

#include "rig/regulation_metrics.hpp"
#include "rig/strategy.hpp"
#include "rig/statistics.hpp"
#include "sim/scenario.hpp"

namespace bfr::rig {

// One logged row: what the device measured beside what was true.
struct TraceRow {
  units::Instant time{};
  std::optional<units::Pressure> measured;  // latest cuff-pressure sensor sample
  std::optional<double> distal_pulse;       // latest pulse-sensor sample, if fitted
  sim::GroundTruth truth{};
};

struct RunSummary {
  std::string scenario;
  std::string strategy;
  std::optional<std::string> cohort;
  sim::PlantSpec plant;  // person, limb, cuff, posture as run
  units::Duration simulated{};
  std::size_t physics_steps = 0;
  units::Pressure true_lop{};               // nominal, without faults
  std::optional<units::Pressure> target;     // the prescription against the true LOP
  // Where the strategy's LOP came from: "measured" (by the device, end to end), "given" (told a
  // measured value), "oracle" (told the true LOP: a reference no real device has), or empty.
  std::string lop_source;
  RunningStats true_cuff_mmHg;              // over logged rows
  RunningStats measured_cuff_mmHg;
  double inflated_seconds = 0.0;            // true cuff above 20 mmHg
  double mean_inflow_inflated = 1.0;        // ground-truth flow fractions while inflated
  double mean_outflow_inflated = 1.0;
  double min_inflow = 1.0;
  std::optional<RegulationResult> regulation;  // with a target and an exercise
  std::optional<StrategyReport> report;         // what the strategy itself reported
};

using TraceSink = std::function<void(const TraceRow&)>;
// Makes the strategy a controller scenario names, from its brief (make_strategy by default; the
// hardware-in-the-loop runs put the firmware there).
using StrategyFactory = std::function<std::unique_ptr<Strategy>(const StrategyBrief&)>;

RunSummary run_scenario(const sim::Scenario& scenario, const TraceSink& sink = {}, const StrategyFactory& make = {});

}  // namespace bfr::rig
