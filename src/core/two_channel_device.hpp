#pragma once
// Two cuffs, one device (issue 14): a channel per limb, each with its own controller and its own
// supervisor, and either one pump shared through the channels' inflate valves (PumpShare) or a
// pump per channel. Each step: both controllers propose, the shared pump is divided between them,
// then each channel's supervisor judges the command that will really act on its cuff.
//
// A fault on either channel is the device's fault (docs/safety.md, "Two cuffs"): the other
// channel's actuators deflate on the same step, and its controller goes to Fault until the fault
// is acknowledged. Why: with one pump, a pump or power fault is common to both channels and the
// other supervisor might see it only later; a restriction on one leg is not the prescription for
// two; and one state is what an operator can act on in a hurry.

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/device.hpp"
#include "core/pump_share.hpp"

namespace bfr::core {

inline constexpr std::size_t kChannels = 2;
enum class PumpLayout : std::uint8_t { shared = 0, one_per_channel = 1 };

class TwoChannelDevice {
 public:
  explicit TwoChannelDevice(PumpLayout pumps, ControllerConfig config = {});
  // An acknowledgement sent to either channel is offered to both supervisors; each channel's
  // other commands stand.
  std::array<Outputs, kChannels> step(units::Instant now, const std::array<Inputs, kChannels>& in);

  [[nodiscard]] PumpLayout pumps() const { return pumps_; }
  [[nodiscard]] const Device& channel(std::size_t i) const { return channels_[i]; }
  // The channel whose fault holds the device, if any (the more severe of two).
  [[nodiscard]] std::optional<std::size_t> faulted_channel() const;

 private:
  PumpLayout pumps_;
  std::array<Device, kChannels> channels_;
  PumpShare share_;
};

}  // namespace bfr::core
