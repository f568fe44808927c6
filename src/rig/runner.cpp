#include "rig/runner.hpp"

#include <cmath>
#include <stdexcept>


namespace bfr::rig {

namespace {
// Below this the cuff is taken to be off the limb's circulation (no restriction intended).
constexpr double kInflatedThresholdMmHg = 20.0;

// The one place where ground truth may cross to a strategy: a controller scenario that neither
// measures LOP nor gives one is run as an oracle reference, told the plant's true LOP.
StrategyBrief brief_for(const sim::ControllerChoice& choice, const sim::Scenario& scenario, units::Pressure true_lop,
                        std::string& lop_source) {
  StrategyBrief b{choice.name, choice.target.value, choice.measure_lop, choice.given_lop, scenario.plant.exercise, {}};
  if (const auto& r = scenario.plant.rhythmic) b.hold = HoldSchedule{r->start, r->duration};
  const bool needs_lop = std::holds_alternative<units::Percent>(b.target) || b.name == "ours";
  lop_source = b.measure_lop ? "measured" : b.given_lop ? "given" : needs_lop ? "oracle" : "";
  if (lop_source == "oracle") b.given_lop = true_lop;
  return b;
}

std::unique_ptr<Strategy> strategy_for(const sim::Scenario& scenario, units::Pressure true_lop, std::string& lop_source,
                                       const StrategyFactory& make) {
  if (const auto* steps = std::get_if<std::vector<sim::TimelineStep>>(&scenario.actuation))
    return std::make_unique<TimelineStrategy>(*steps);
  const auto& choice = std::get<sim::ControllerChoice>(scenario.actuation);
  std::unique_ptr<Strategy> strategy;
  try {
    const auto brief = brief_for(choice, scenario, true_lop, lop_source);
    strategy = make ? make(brief) : make_strategy(brief);
  } catch (const std::invalid_argument& e) {
    throw sim::ScenarioError(std::string("actuation: ") + e.what());
  }
  if (strategy) return strategy;
  std::string known;
  for (const auto& n : known_strategies()) known += (known.empty() ? "" : ", ") + n;
  throw sim::ScenarioError("actuation.controller is \"" + choice.name + "\"; accepted: " + known);
}

// The pressure a controller scenario prescribes, against the true LOP: what regulation is scored
// against, never what a strategy is told.
std::optional<units::Pressure> resolve_target(const sim::Scenario& scenario, units::Pressure true_lop) {
  const auto* choice = std::get_if<sim::ControllerChoice>(&scenario.actuation);
  if (!choice) return std::nullopt;
  if (const auto* p = std::get_if<units::Pressure>(&choice->target.value)) return *p;
  return std::get<units::Percent>(choice->target.value) * true_lop;
}
}  // namespace

RunSummary run_scenario(const sim::Scenario& scenario, const TraceSink& sink, const StrategyFactory& make) {
  sim::Plant plant(scenario.plant);
  std::string lop_source;
  auto strategy = strategy_for(scenario, plant.nominal_lop(), lop_source, make);

  RunSummary s;
  s.scenario = scenario.name;
  s.strategy = strategy->name();
  s.cohort = scenario.cohort;
  s.plant = scenario.plant;
  s.true_lop = plant.nominal_lop();
  s.lop_source = lop_source;
  s.target = resolve_target(scenario, s.true_lop);
  std::optional<RegulationMetrics> regulation;
  if (s.target && (scenario.plant.exercise || scenario.plant.rhythmic)) regulation.emplace(*s.target, s.true_lop);

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
