#pragma once
// OpenBFR's own controller (src/core) as a rig strategy. The rig plays the host: it sends the
// prescription, a heartbeat every step, and marks sets and rests as the scenario's exercise
// goes (a walk or a ride is one set, its length planned in the start command); the device sees
// only sensor samples and those commands.

#include <memory>

#include "core/device.hpp"
#include "rig/strategy.hpp"
#include "sim/exercise.hpp"

namespace bfr::rig {

class CoreStrategy final : public Strategy {
 public:
  struct Plan {
    std::optional<units::Pressure> known_lop;  // empty: measure it first
    units::Percent target = units::percent(80.0);
    std::optional<sim::ExerciseSpec> exercise;
    std::optional<HoldSchedule> hold;  // a continuous hold instead of sets
    bool start_session = true;  // inflate to the target after LOP is known
  };
  explicit CoreStrategy(Plan plan, core::ControllerConfig config = {});

  sim::ActuatorCommand step(units::Instant now, const sim::SensorReadings& readings) override;
  [[nodiscard]] std::string name() const override { return "ours"; }
  [[nodiscard]] std::optional<StrategyReport> report() const override;
  [[nodiscard]] const core::Outputs& last() const { return last_; }

 private:
  core::HostCommand next_command(units::Instant now);
  [[nodiscard]] sim::ExercisePhase schedule_at(units::Instant now) const;  // where the host's schedule is

  Plan plan_;
  core::Device device_;
  core::Outputs last_{};
  std::optional<sim::Exercise> exercise_;
  int stage_ = 0;
  std::optional<units::Instant> lop_started_;
  std::optional<double> lop_seconds_;
  sim::ExercisePhase last_exercise_phase_ = sim::ExercisePhase::before;
  double off_target_seconds_ = 0.0;
  std::optional<units::Instant> previous_;
  std::optional<units::Instant> fault_at_;
  std::optional<units::Instant> lop_failure_at_;
};

// What the host tells ours, from its brief. An absolute target is taken as a share of the LOP the
// device was told. Throws std::invalid_argument for an absolute target without a given LOP.
CoreStrategy::Plan core_plan_from(const StrategyBrief& brief);

// Ours, from its brief.
std::unique_ptr<Strategy> make_core_strategy(const StrategyBrief& brief);

// What the device's status says after a run: its LOP result, its latched fault, its last phase
// (the strategy adds the times it kept).
StrategyReport report_from(const core::Status& status);

// The rig's mapping between the device's actuator command and the plant's actuators.
sim::ActuatorCommand to_plant(const core::Actuators& a);
// And back: a baseline cuff's command as the device's actuators (for a shared pump's slots).
core::Actuators to_device(const sim::ActuatorCommand& c);
// And between the plant's sensor samples and the device's inputs (no command, no heartbeat).
core::Inputs to_core(const sim::SensorReadings& r);

}  // namespace bfr::rig
