#pragma once
// What drives a two-cuff device in a run (issue 14): ours (core::TwoChannelDevice, the rig playing
// its host), or two baseline cuffs, which on a shared pump take turns at it through the same
// PumpShare ours uses (generous to them: a real two-channel peer's arbitration is not published).
// Like strategy.hpp, this header reaches only what a real device has
// (tests/rig/strategy_sees_no_truth.sh).

#include <array>
#include <memory>
#include <optional>
#include <string>

#include "core/two_channel_device.hpp"
#include "rig/strategy.hpp"
#include "sim/exercise.hpp"

namespace bfr::rig {

struct TwoChannelBrief {
  std::string name;  // ours, passive, deadband
  units::Percent target = units::percent(80.0);
  bool measure_lop = false;  // ours: measure each limb's LOP, left then right, before starting
  std::array<std::optional<units::Pressure>, 2> given_lop{};
  std::array<std::optional<sim::ExerciseSpec>, 2> exercise{};  // the host's schedule for each limb
  std::optional<HoldSchedule> hold;  // or one continuous hold for both (walking, cycling)
  core::PumpLayout pumps = core::PumpLayout::shared;
};

class TwoChannelStrategy {
 public:
  virtual ~TwoChannelStrategy() = default;
  virtual std::array<sim::ActuatorCommand, 2> step(units::Instant now, const std::array<sim::SensorReadings, 2>& readings) = 0;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual std::array<std::optional<StrategyReport>, 2> report() const = 0;
};

// Throws std::invalid_argument for an unknown name, or a baseline without a given LOP per limb.
std::unique_ptr<TwoChannelStrategy> make_two_channel_strategy(const TwoChannelBrief& brief);

}  // namespace bfr::rig
