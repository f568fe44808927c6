#pragma once
// The virtual device: the simulated cuff, limb and person (sim) behind the firmware's own link
// endpoint (core + link), paced to the wall clock. Whatever drives it sees only the protocol, as
// with a real cuff. It lives in rig, where core and sim meet, so that the link knows no physics. The simulated athlete does the repetitions a set command asks for at the
// metronome's tempo and relaxes when told to rest; in a planned continuous hold it walks.

#include <atomic>
#include <cstdint>
#include <memory>

#include "link/device_endpoint.hpp"
#include "link/device_firmware.hpp"
#include "link/transport.hpp"
#include "sim/plant.hpp"

namespace bfr::rig {

struct VirtualDeviceOptions {
  sim::PlantSpec plant{};
  double speed = 1.0;  // simulated seconds per wall-clock second (tests and demos run faster)
};

// The firmware's device endpoint in this process, reporting itself as simulated.
class EndpointFirmware final : public link::DeviceFirmware {
 public:
  EndpointFirmware() : endpoint_(link::EndpointConfig{.kind = link::DeviceKind::simulated}) {}
  void receive(std::span<const std::uint8_t> bytes, link::ByteSink& out) override { endpoint_.receive(bytes, out); }
  core::Actuators step(units::Instant now, const core::Inputs& sensors, link::ByteSink& out) override {
    return endpoint_.step(now, sensors, out).actuators;
  }
  [[nodiscard]] std::optional<link::Command> applied() const override { return endpoint_.applied(); }

 private:
  link::DeviceEndpoint endpoint_;
};

class VirtualDevice {
 public:
  // `firmware`: what runs the device; by default the endpoint in this process.
  VirtualDevice(VirtualDeviceOptions options, link::Transport& transport,
                std::unique_ptr<link::DeviceFirmware> firmware = std::make_unique<EndpointFirmware>());
  // Runs until `stop` is set or the link closes.
  void run(const std::atomic<bool>& stop);

  [[nodiscard]] const sim::Plant& plant() const { return plant_; }

  static constexpr double kFastest = 10.0;  // the host's heartbeat must keep up (docs/protocol.md)

 private:
  void follow(const link::Command& c);

  VirtualDeviceOptions options_;
  link::Transport& transport_;
  sim::Plant plant_;
  std::unique_ptr<link::DeviceFirmware> firmware_;
  std::uint16_t planned_hold_s_ = 0;  // the last start's planned continuous hold
};

// A person and cuff for the virtual device: a runner drawn from the adult cohort, seeded by `seed`
// (the person's record id), on the thigh with an 11.5 cm cuff, seated.
sim::PlantSpec virtual_athlete(std::uint64_t seed);

}  // namespace bfr::rig
