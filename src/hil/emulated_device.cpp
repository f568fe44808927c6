#include "hil/emulated_device.hpp"

#include <array>

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
  for (auto& c : commands) c = core::Actuators::deflate();
  if (stopped_) return;
  std::array<link::plant::SensorTick, link::kMostChannels> ticks{};
  for (std::size_t c = 0; c < sensors.size(); ++c) ticks[c] = sensor_tick(now, sensors[c], static_cast<std::uint8_t>(c));
  const auto result = port_->tick(pending_, std::span(ticks).first(sensors.size()));
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
  for (std::size_t c = 0; c < commands.size(); ++c) commands[c] = actuators_of(result.commands[c]);
  step_clocks_.add(result.commands[commands.size() - 1].step_clocks);  // the last cuff's: after the whole step
}

}  // namespace bfr::hil
