#include "rig/virtual_device.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "rig/core_strategy.hpp"

namespace bfr::rig {

namespace {

// Collects what the endpoint sends during one block of steps, written to the link at once.
class Outbox final : public link::ByteSink {
 public:
  void write(std::span<const std::uint8_t> bytes) override { bytes_.insert(bytes_.end(), bytes.begin(), bytes.end()); }
  void flush_to(link::Transport& t) {
    if (!bytes_.empty()) t.write(bytes_);
    bytes_.clear();
  }

 private:
  std::vector<std::uint8_t> bytes_;
};

// The device services its link every 10 ms of device time (the telemetry period).
// How far behind the wall clock the simulation may fall before it slows down (see run()).
constexpr auto kMostBehind = std::chrono::milliseconds(20);
constexpr int kStepsPerBlock = 10;
constexpr double kBlockS = 0.010;  // device time of kStepsPerBlock plant steps
// A faster-than-real-time device that has not heard the host for two heartbeats falls back to
// real time until it does: the speed-up must never make the host's allowance shorter than a real
// device's 1 s. A host that has gone still meets the real device's limit, in real time.
constexpr auto kHostQuiet = std::chrono::milliseconds(40);

}  // namespace

std::unique_ptr<link::DeviceFirmware> endpoint_firmware_for(const BodySpec& body) {
  if (const auto* two = std::get_if<sim::TwoLimbSpec>(&body)) {
    link::EndpointConfig c;
    c.pumps = two->pumps == sim::PumpLayout::shared ? core::PumpLayout::shared : core::PumpLayout::one_per_channel;
    return std::make_unique<TwoCuffEndpointFirmware>(c);
  }
  return std::make_unique<EndpointFirmware>();
}

VirtualDevice::VirtualDevice(VirtualDeviceOptions options, link::Transport& transport, std::unique_ptr<link::DeviceFirmware> firmware)
    : speed_(std::clamp(options.speed, 0.01, kFastest)),
      transport_(transport),
      body_(make_body(options.body)),
      firmware_(firmware ? std::move(firmware) : endpoint_firmware_for(options.body)) {
  if (firmware_->cuffs() != body_->cuffs())
    throw std::invalid_argument("the firmware drives " + std::to_string(firmware_->cuffs()) + " cuff(s) but the body wears " +
                                std::to_string(body_->cuffs()));
}

void VirtualDevice::run(const std::atomic<bool>& stop) {
  using Clock = std::chrono::steady_clock;
  auto wall_start = Clock::now();
  auto last_heard = wall_start;
  Outbox out;
  std::array<std::uint8_t, 512> in{};
  const std::size_t cuffs = body_->cuffs();
  std::array<sim::ActuatorCommand, link::kMostChannels> actuators{};
  std::array<sim::SensorReadings, link::kMostChannels> readings{};
  std::array<core::Inputs, link::kMostChannels> inputs{};
  std::array<core::Actuators, link::kMostChannels> commanded{};
  try {
    while (!stop.load()) {
      if (speed_ > 1.0 && Clock::now() - last_heard > kHostQuiet)
        wall_start += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(kBlockS * (1.0 - 1.0 / speed_)));
      // Pace to the wall clock, listening to the host while waiting.
      auto due = wall_start + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(body_->now().seconds() / speed_));
      // Fallen behind (this thread was descheduled on a busy machine): slow down instead of
      // catching up in a burst. A burst would run seconds of device time between two reads of
      // the link, and the device would take the host for silent and deflate.
      if (const auto behind = Clock::now() - due; behind > kMostBehind) {
        wall_start += behind;
        due += behind;
      }
      auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now());
      do {
        const auto n = transport_.read(in, std::max(wait, std::chrono::milliseconds(0)));
        if (n > 0) {
          firmware_->receive(std::span<const std::uint8_t>(in.data(), n), out);
          last_heard = Clock::now();
        }
        wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now());
      } while (wait.count() > 0 && !stop.load());
      for (int i = 0; i < kStepsPerBlock; ++i) {
        body_->step(std::span(actuators).first(cuffs), std::span(readings).first(cuffs));
        for (std::size_t c = 0; c < cuffs; ++c) inputs[c] = to_core(readings[c]);
        firmware_->step(body_->now(), std::span(inputs).first(cuffs), std::span(commanded).first(cuffs), out);
        if (const auto applied = firmware_->applied()) body_->follow(*applied);
        for (std::size_t c = 0; c < cuffs; ++c) actuators[c] = to_plant(commanded[c]);
      }
      out.flush_to(transport_);
    }
  } catch (const link::LinkError&) {
    // The host end is gone: the device deflates by itself (host silence) - nothing to send.
  }
}

}  // namespace bfr::rig
