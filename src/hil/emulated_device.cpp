#include "hil/emulated_device.hpp"

namespace bfr::hil {

void FirmwareOnPort::receive(std::span<const std::uint8_t> bytes, link::ByteSink& /*out*/) {
  pending_.insert(pending_.end(), bytes.begin(), bytes.end());
  heard_.feed(bytes, [&](const link::Frame& f) {
    if (const auto* c = std::get_if<link::Command>(&f.message)) asked_.push_back(*c);
  });
}

core::Actuators FirmwareOnPort::step(units::Instant now, const core::Inputs& sensors, link::ByteSink& out) {
  applied_.reset();
  if (stopped_) return core::Actuators::deflate();
  const auto result = port_->tick(pending_, sensor_tick(now, sensors));
  pending_.clear();
  if (result.stopped) {
    stopped_ = result.stopped;
    return core::Actuators::deflate();
  }
  if (!result.device_bytes.empty()) out.write(result.device_bytes);
  // One of the host's requests per step: the athlete acts on them in order.
  if (!asked_.empty()) {
    applied_ = asked_.front();
    asked_.pop_front();
  }
  return actuators_of(result.command);
}

}  // namespace bfr::hil
