#include "rig/strategy.hpp"

#include <algorithm>
#include <stdexcept>

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

namespace {
// A baseline cuff is given its target in mmHg: the share of the LOP it was told.
units::Pressure absolute_target(const StrategyBrief& brief) {
  if (const auto* p = std::get_if<units::Pressure>(&brief.target)) return *p;
  if (!brief.given_lop)
    throw std::invalid_argument("the " + brief.name + " cuff cannot measure LOP: give it one (given_lop_mmHg)");
  return std::get<units::Percent>(brief.target) * *brief.given_lop;
}
}  // namespace

std::unique_ptr<Strategy> make_strategy(const StrategyBrief& brief) {
  if (brief.name == "passive") return std::make_unique<PassiveStrategy>(absolute_target(brief));
  if (brief.name == "deadband") return std::make_unique<DeadbandStrategy>(absolute_target(brief));
  if (brief.name == "ours") return make_core_strategy(brief);
  return nullptr;
}

}  // namespace bfr::rig
