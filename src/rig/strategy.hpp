#pragma once
// What drives the actuators in a run: a scripted timeline or a control strategy. The rig steps
// a strategy and the plant in lockstep; a strategy sees only the sensor readings.

#include <memory>
#include <string>
#include <vector>

#include "sim/plant.hpp"
#include "sim/scenario.hpp"

namespace bfr::rig {

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Called once per physics step with what the sensors reported this step.
  virtual sim::ActuatorCommand step(units::Instant now, const sim::SensorReadings& readings) = 0;
  [[nodiscard]] virtual std::string name() const = 0;
};

// Plays a scenario's timeline: each step's command holds until the next step.
class TimelineStrategy final : public Strategy {
 public:
  explicit TimelineStrategy(std::vector<sim::TimelineStep> steps);
  sim::ActuatorCommand step(units::Instant now, const sim::SensorReadings& readings) override;
  [[nodiscard]] std::string name() const override { return "timeline"; }

 private:
  std::vector<sim::TimelineStep> steps_;
  std::size_t next_ = 0;
  sim::ActuatorCommand current_{};
};

// The non-regulating cuff (published-data.md section 3: Saga, SmartCuffs, Suji): pump until the
// sensor reads the target once, then seal the cuff and leave it alone.
class PassiveStrategy final : public Strategy {
 public:
  explicit PassiveStrategy(units::Pressure target);
  sim::ActuatorCommand step(units::Instant now, const sim::SensorReadings& readings) override;
  [[nodiscard]] std::string name() const override { return "passive"; }

 private:
  units::Pressure target_;
  bool sealed_ = false;
};

// The strategies a scenario or the command line may name.
std::vector<std::string> known_strategies();

// Builds the strategy the scenario asks for, resolving a %LOP target against the plant's true
// LOP (as if LOP had been measured exactly). Throws sim::ScenarioError for an unknown name.
std::unique_ptr<Strategy> make_strategy(const sim::Scenario& scenario, const sim::Plant& plant);

// The target pressure a scenario's controller aims at, if it has one.
std::optional<units::Pressure> resolve_target(const sim::Scenario& scenario, const sim::Plant& plant);

}  // namespace bfr::rig
