#include "core/two_channel_device.hpp"

namespace bfr::core {

TwoChannelDevice::TwoChannelDevice(PumpLayout pumps, ControllerConfig config)
    : pumps_(pumps), channels_{Device(config), Device(config)} {}

std::optional<std::size_t> TwoChannelDevice::faulted_channel() const {
  const FaultId a = channels_[0].supervisor().latched();
  const FaultId b = channels_[1].supervisor().latched();
  if (a == FaultId::none && b == FaultId::none) return std::nullopt;
  return rank(b) > rank(a) ? 1 : 0;
}

std::array<Outputs, kChannels> TwoChannelDevice::step(units::Instant now, const std::array<Inputs, kChannels>& in) {
  // One acknowledgement is the operator's for the whole device: both supervisors are offered it
  // before either controller steps, and each channel keeps its own command.
  const bool acknowledged = std::holds_alternative<command::Acknowledge>(in[0].command) ||
                            std::holds_alternative<command::Acknowledge>(in[1].command);
  if (acknowledged)
    for (auto& channel : channels_) channel.acknowledge();

  std::array<Outputs, kChannels> out{};
  for (std::size_t c = 0; c < kChannels; ++c) {
    const FaultId other = channels_[1 - c].supervisor().latched();
    out[c] = channels_[c].propose(now, in[c], other);
  }
  if (pumps_ == PumpLayout::shared) {
    const auto shared = share_.share(now, {out[0].actuators, out[1].actuators});
    out[0].actuators = shared[0];
    out[1].actuators = shared[1];
  }
  for (std::size_t c = 0; c < kChannels; ++c) out[c] = channels_[c].supervise(now, in[c], out[c]);
  // A fault on either channel empties both cuffs from this step on.
  if (faulted_channel())
    for (auto& o : out) o.actuators = Actuators::deflate();
  return out;
}

}  // namespace bfr::core
