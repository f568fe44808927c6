#pragma once
// One control tick of the firmware, the same code on the Cortex-M4 and in the host's in-process
// reference: the host's protocol bytes go to the device endpoint, the tick's sensor samples step
// the device (controller + supervisor), and the result is the tick's actuator command. Counts the
// protocol bytes it sends, so that a hardware-in-the-loop run can keep both serial lines in step
// (docs/protocol.md, "Plant link"). No heap.

#include <cstdint>
#include <span>

#include "link/device_endpoint.hpp"
#include "link/plant_link.hpp"

namespace bfr::firmware {

class ControlLoop {
 public:
  explicit ControlLoop(link::EndpointConfig config = {}) : endpoint_(config) {}

  // Protocol bytes from the host; replies go to `host_out` at once.
  void receive(std::span<const std::uint8_t> bytes, link::ByteSink& host_out);
  // One tick: the device steps at `tick.tick` milliseconds with the tick's samples.
  link::plant::ActuatorTick step(const link::plant::SensorTick& tick, link::ByteSink& host_out);

  [[nodiscard]] const link::DeviceEndpoint& endpoint() const { return endpoint_; }

  // The tick's time: whole milliseconds, converted the same way on every target.
  static units::Instant time_of(std::uint32_t tick) { return units::at_seconds(static_cast<double>(tick) / 1000.0); }

 private:
  link::DeviceEndpoint endpoint_;
  std::uint32_t sent_ = 0;
};

}  // namespace bfr::firmware
