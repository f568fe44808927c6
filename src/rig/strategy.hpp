#pragma once
// What drives the actuators in a run: a scripted timeline or a control strategy. The rig steps
// a strategy and the plant in lockstep; a strategy sees only the sensor readings and its brief.
// This header (and core_strategy.hpp) must not reach the plant, the person or the scenario:
// tests/rig/strategy_sees_no_truth.sh checks their include closure.

#include <memory>
#include <string>
#include <vector>

#include "rig/strategy_brief.hpp"
#include "sim/device_parts.hpp"
#include "sim/readings.hpp"
#include "sim/timeline.hpp"

namespace bfr::rig {

// What a strategy with a mind of its own has to say after a run.
struct StrategyReport {
  std::optional<units::Pressure> measured_lop;
  std::optional<double> lop_quality;
  std::string lop_failure;          // empty when LOP was measured (or not attempted)
  std::optional<units::Instant> lop_failure_at;
  std::optional<double> lop_seconds;
  std::optional<units::Pressure> lop_highest_applied;
  std::string fault;                // latched fault, empty if none
  std::optional<units::Instant> fault_at;
  double off_target_alarm_seconds = 0.0;
  std::string final_phase;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Called once per physics step with what the sensors reported this step.
  virtual sim::ActuatorCommand step(units::Instant now, const sim::SensorReadings& readings) = 0;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual std::optional<StrategyReport> report() const { return std::nullopt; }
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

// The autoregulating cuff of published-data.md section 3's simplest kind: pump or vent only when
// the pressure is more than 15 mmHg off target, back to the target, then seal.
class DeadbandStrategy final : public Strategy {
 public:
  explicit DeadbandStrategy(units::Pressure target);
  sim::ActuatorCommand step(units::Instant now, const sim::SensorReadings& readings) override;
  [[nodiscard]] std::string name() const override { return "deadband"; }

 private:
  units::Pressure target_;
  int action_ = 0;  // +1 pumping, -1 venting, 0 sealed
  bool inflated_ = false;
};

// The strategies a scenario or the command line may name.
std::vector<std::string> known_strategies();

// Builds the strategy the brief names, or nullptr for an unknown name. Throws
// std::invalid_argument for a brief the strategy cannot follow (a baseline asked to measure LOP).
std::unique_ptr<Strategy> make_strategy(const StrategyBrief& brief);

}  // namespace bfr::rig
