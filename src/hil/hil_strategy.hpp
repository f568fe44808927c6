#pragma once
// OpenBFR's controller as a rig strategy, run as firmware: the rig plays the host over the device
// protocol (docs/protocol.md), with the prescription, a heartbeat every 20 ms and the sets and
// rests of the scenario's exercise, and gives the firmware each tick's sensor samples on the plant
// line. The firmware runs in this process or on the emulated Cortex-M4 (FirmwarePort); what the
// rig learns of it comes only from its telemetry and events, as a real host's would.

#include <memory>
#include <optional>
#include <vector>

#include "hil/firmware_port.hpp"
#include "link/frame.hpp"
#include "rig/core_strategy.hpp"
#include "sim/exercise.hpp"

namespace bfr::hil {

class HilStrategy final : public rig::Strategy {
 public:
  using Plan = rig::CoreStrategy::Plan;  // the same host script as the in-process strategy
  HilStrategy(FirmwarePort& port, Plan plan);

  sim::ActuatorCommand step(units::Instant now, const sim::SensorReadings& readings) override;
  [[nodiscard]] std::string name() const override { return "ours"; }
  [[nodiscard]] std::optional<rig::StrategyReport> report() const override;

  // Every tick's actuator command, in order: what the identity test compares.
  [[nodiscard]] const std::vector<link::plant::ActuatorTick>& commands() const { return commands_; }
  // The firmware stopped itself with its outputs safe (a hard fault or an abort), if it did.
  [[nodiscard]] const std::optional<link::plant::StopReason>& stopped() const { return stopped_; }

  static constexpr std::uint32_t kHeartbeatTicks = 20;  // as HostLink::kHeartbeat: 20 ms

 private:
  void queue(const link::Message& m, std::uint8_t seq);
  void plan_commands(units::Instant now, std::uint32_t tick);
  void take(std::span<const std::uint8_t> device_bytes, units::Instant now);

  FirmwarePort& port_;
  Plan plan_;
  std::optional<sim::Exercise> exercise_;
  sim::ExercisePhase last_exercise_phase_ = sim::ExercisePhase::before;
  std::vector<std::uint8_t> outgoing_;
  std::uint8_t seq_ = 1;
  int stage_ = 0;
  link::Decoder decoder_;
  std::optional<link::Telemetry> latest_;
  std::vector<link::plant::ActuatorTick> commands_;
  std::optional<link::plant::StopReason> stopped_;
  rig::StrategyReport report_;
  std::optional<units::Instant> lop_started_;
  double off_target_seconds_ = 0.0;
  double highest_while_measuring_mmHg_ = 0.0;  // from telemetry (100 Hz, the device's filtered pressure)
};

// Ours from its brief, as make_core_strategy does, running on `port`.
std::unique_ptr<HilStrategy> make_hil_strategy(const rig::StrategyBrief& brief, FirmwarePort& port);

}  // namespace bfr::hil
