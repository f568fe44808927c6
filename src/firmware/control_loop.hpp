#pragma once
// One control tick of the firmware, the same code on the Cortex-M4 and in the host's in-process
// reference: the host's protocol bytes go to the device endpoint, the tick's sensor samples (a
// set per cuff) step the device (controller + supervisor per cuff), and the result is the tick's
// actuator command per cuff. Counts the protocol bytes it sends, so that a hardware-in-the-loop
// run can keep both serial lines in step (docs/protocol.md, "Plant link"). No heap.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "link/device_endpoint.hpp"
#include "link/plant_link.hpp"

namespace bfr::firmware {

template <class Endpoint>
class BasicControlLoop {
 public:
  static constexpr std::size_t kCuffs = Endpoint::kChannels;
  using Ticks = std::array<link::plant::SensorTick, kCuffs>;       // cuff c's samples at [c], all of one tick
  using Commands = std::array<link::plant::ActuatorTick, kCuffs>;  // cuff c's command at [c]

  explicit BasicControlLoop(link::EndpointConfig config = {}) : endpoint_(config) {}

  // Protocol bytes from the host; replies go to `host_out` at once.
  void receive(std::span<const std::uint8_t> bytes, link::ByteSink& host_out);
  // One tick: the device steps at the tick's milliseconds with every cuff's samples.
  Commands step(const Ticks& ticks, link::ByteSink& host_out);
  link::plant::ActuatorTick step(const link::plant::SensorTick& tick, link::ByteSink& host_out)
    requires(kCuffs == 1)
  {
    return step(Ticks{tick}, host_out)[0];
  }

  [[nodiscard]] const Endpoint& endpoint() const { return endpoint_; }

  // The tick's time: whole milliseconds, converted the same way on every target.
  static units::Instant time_of(std::uint32_t tick) { return units::at_seconds(static_cast<double>(tick) / 1000.0); }

 private:
  Endpoint endpoint_;
  std::uint32_t sent_ = 0;
};

using ControlLoop = BasicControlLoop<link::DeviceEndpoint>;
using TwoCuffControlLoop = BasicControlLoop<link::TwoCuffEndpoint>;
extern template class BasicControlLoop<link::DeviceEndpoint>;
extern template class BasicControlLoop<link::TwoCuffEndpoint>;

}  // namespace bfr::firmware
