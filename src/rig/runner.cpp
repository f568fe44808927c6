#include "rig/runner.hpp"

#include <cmath>


namespace bfr::rig {

namespace {
// Below this the cuff is taken to be off the limb's circulation (no restriction intended).
constexpr double kInflatedThresholdMmHg = 20.0;
}  // namespace

RunSummary run_scenario(const sim::Scenario& scenario, const TraceSink& sink) {
  sim::Plant plant(scenario.plant);
  auto strategy = make_strategy(scenario, plant);

  RunSummary s;
  s.scenario = scenario.name;
  s.strategy = strategy->name();
  s.cohort = scenario.cohort;
  s.plant = scenario.plant;
  s.true_lop = plant.nominal_lop();
  s.target = resolve_target(scenario, plant);
  std::optional<RegulationMetrics> regulation;
  if (s.target && scenario.plant.exercise) regulation.emplace(*s.target, s.true_lop);

  const auto dt = plant.step_size();
  const auto steps = static_cast<std::size_t>(std::llround(scenario.duration / dt));
  const auto record_every = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(scenario.record_rate.period() / dt)));
  const auto record_dt = dt * static_cast<double>(record_every);

  sim::SensorReadings readings;
  TraceRow row;
  double inflow_sum = 0.0, outflow_sum = 0.0;
  std::size_t inflated_rows = 0;
  for (std::size_t i = 0; i < steps; ++i) {
    const auto command = strategy->step(plant.now(), readings);
    readings = plant.step(command);
    if (readings.cuff_pressure) row.measured = readings.cuff_pressure;
    if (readings.distal_pulse) row.distal_pulse = readings.distal_pulse;
    if ((i + 1) % record_every != 0) continue;

    row.truth = plant.truth();
    row.time = row.truth.time;
    const double cuff = row.truth.cuff.mmHg();
    s.true_cuff_mmHg.add(cuff);
    if (row.measured) s.measured_cuff_mmHg.add(row.measured->mmHg());
    const double inflow = row.truth.arterial_inflow.fraction();
    s.min_inflow = std::min(s.min_inflow, inflow);
    if (cuff > kInflatedThresholdMmHg) {
      ++inflated_rows;
      inflow_sum += inflow;
      outflow_sum += row.truth.venous_outflow.fraction();
    }
    if (regulation) regulation->add(record_dt, row.truth.cuff, row.truth.exercise);
    if (sink) sink(row);
  }
  s.physics_steps = steps;
  s.simulated = dt * static_cast<double>(steps);
  s.inflated_seconds = static_cast<double>(inflated_rows) * record_dt.seconds();
  if (inflated_rows) {
    s.mean_inflow_inflated = inflow_sum / static_cast<double>(inflated_rows);
    s.mean_outflow_inflated = outflow_sum / static_cast<double>(inflated_rows);
  }
  if (regulation) s.regulation = regulation->result();
  s.report = strategy->report();
  return s;
}

}  // namespace bfr::rig
