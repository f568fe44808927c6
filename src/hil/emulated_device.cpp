#include "hil/emulated_device.hpp"

namespace bfr::hil {

void FirmwareOnPort::receive(std::span<const std::uint8_t> bytes, link::ByteSink& /*out*/) {
  pending_.insert(pending_.end(), bytes.begin(), bytes.end());
  heard_.feed(bytes, [&](const link::Frame& f) {
    if (const auto* c = std::get_if<link::Command>(&f.message)) asked_.push_back(*c);
  });
}

void FirmwareOnPort::step(units::Instant now, std::span<const core::Inputs> sensors, std::span<core::Actuators> commands,
                          link::ByteSink& out) {
  applied_.reset();
  commands[0] = core::Actuators::deflate();
  if (stopped_) return;
  const auto result = port_->tick(pending_, sensor_tick(now, sensors[0]));
  pending_.clear();
  if (result.stopped) {
    stopped_ = result.stopped;
    return;
  }
  if (!result.device_bytes.empty()) out.write(result.device_bytes);
  // One of the host's requests per step: the athlete acts on them in order.
  if (!asked_.empty()) {
    applied_ = asked_.front();
    asked_.pop_front();
  }
  commands[0] = actuators_of(result.command);
}

}  // namespace bfr::hil
