#include "rig/strategy.hpp"

#include <algorithm>

#include "rig/core_strategy.hpp"

namespace bfr::rig {

TimelineStrategy::TimelineStrategy(std::vector<sim::TimelineStep> steps) : steps_(std::move(steps)) {}

sim::ActuatorCommand TimelineStrategy::step(units::Instant now, const sim::SensorReadings&) {
  while (next_ < steps_.size() && steps_[next_].at <= now) current_ = steps_[next_++].command;
  return current_;
}

PassiveStrategy::PassiveStrategy(units::Pressure target) : target_(target) {}

sim::ActuatorCommand PassiveStrategy::step(units::Instant, const sim::SensorReadings& readings) {
  if (!sealed_ && readings.cuff_pressure && *readings.cuff_pressure >= target_) sealed_ = true;
  sim::ActuatorCommand c;
  c.dump_valve_powered = true;
  if (!sealed_) {
    c.pump_duty = 1.0;
    c.inflate_valve_open = true;
  }
  return c;
}

DeadbandStrategy::DeadbandStrategy(units::Pressure target) : target_(target) {}

sim::ActuatorCommand DeadbandStrategy::step(units::Instant, const sim::SensorReadings& readings) {
  // Delfi-style alarm band (published-data.md section 3): act only beyond +-15 mmHg.
  constexpr auto kBand = units::mmHg(15.0);
  if (readings.cuff_pressure) {
    const auto p = *readings.cuff_pressure;
    if (!inflated_) {
      action_ = p < target_ ? +1 : 0;
      inflated_ = p >= target_;
    } else if (action_ == 0) {
      if (p < target_ - kBand) action_ = +1;
      if (p > target_ + kBand) action_ = -1;
    } else if ((action_ > 0 && p >= target_) || (action_ < 0 && p <= target_)) {
      action_ = 0;
    }
  }
  sim::ActuatorCommand c;
  c.dump_valve_powered = true;
  if (action_ > 0) c.pump_duty = 1.0, c.inflate_valve_open = true;
  if (action_ < 0) c.deflate_opening = 1.0;
  return c;
}

std::vector<std::string> known_strategies() { return {"ours", "passive", "deadband"}; }

std::optional<units::Pressure> resolve_target(const sim::Scenario& scenario, const sim::Plant& plant) {
  const auto* choice = std::get_if<sim::ControllerChoice>(&scenario.actuation);
  if (!choice) return std::nullopt;
  if (const auto* p = std::get_if<units::Pressure>(&choice->target.value)) return *p;
  return std::get<units::Percent>(choice->target.value) * plant.nominal_lop();
}

std::unique_ptr<Strategy> make_strategy(const sim::Scenario& scenario, const sim::Plant& plant) {
  if (const auto* steps = std::get_if<std::vector<sim::TimelineStep>>(&scenario.actuation))
    return std::make_unique<TimelineStrategy>(*steps);
  const auto& choice = std::get<sim::ControllerChoice>(scenario.actuation);
  if (choice.name == "passive") return std::make_unique<PassiveStrategy>(*resolve_target(scenario, plant));
  if (choice.name == "deadband") return std::make_unique<DeadbandStrategy>(*resolve_target(scenario, plant));
  if (choice.name == "ours") return make_core_strategy(scenario, plant);
  std::string known;
  for (const auto& n : known_strategies()) known += (known.empty() ? "" : ", ") + n;
  throw sim::ScenarioError("actuation.controller is \"" + choice.name + "\"; accepted: " + known);
}

}  // namespace bfr::rig
