#pragma once
// The virtual device: the simulated cuff, limb and person (sim), or two cuffs on both legs, behind
// the firmware's own link endpoint (core + link), paced to the wall clock. Whatever drives it sees
// only the protocol, as with a real cuff. It lives in rig, where core and sim meet, so that the
// link knows no physics. The simulated athlete follows the host's commands (rig/virtual_body.hpp).

#include <atomic>
#include <cstdint>
#include <memory>

#include "link/device_endpoint.hpp"
#include "link/device_firmware.hpp"
#include "link/transport.hpp"
#include "rig/virtual_body.hpp"

namespace bfr::rig {

struct VirtualDeviceOptions {
  BodySpec body = sim::PlantSpec{};  // one limb in a cuff, or both legs
  double speed = 1.0;  // simulated seconds per wall-clock second (tests and demos run faster)
};

// The firmware's device endpoint in this process, one cuff or two, reporting itself as simulated.
template <class Endpoint>
class BasicEndpointFirmware final : public link::DeviceFirmware {
 public:
  explicit BasicEndpointFirmware(link::EndpointConfig config = {}) : endpoint_(with_simulated(config)) {}
  [[nodiscard]] std::size_t cuffs() const override { return Endpoint::kChannels; }
  void receive(std::span<const std::uint8_t> bytes, link::ByteSink& out) override { endpoint_.receive(bytes, out); }
  void step(units::Instant now, std::span<const core::Inputs> sensors, std::span<core::Actuators> commands,
            link::ByteSink& out) override {
    typename Endpoint::Samples samples{};
    for (std::size_t c = 0; c < Endpoint::kChannels; ++c) samples[c] = sensors[c];
    const auto outputs = endpoint_.step(now, samples, out);
    for (std::size_t c = 0; c < Endpoint::kChannels; ++c) commands[c] = outputs[c].actuators;
  }
  [[nodiscard]] std::optional<link::Command> applied() const override { return endpoint_.applied(); }

 private:
  static link::EndpointConfig with_simulated(link::EndpointConfig c) {
    c.kind = link::DeviceKind::simulated;
    return c;
  }
  Endpoint endpoint_;
};
using EndpointFirmware = BasicEndpointFirmware<link::DeviceEndpoint>;
using TwoCuffEndpointFirmware = BasicEndpointFirmware<link::TwoCuffEndpoint>;

// The in-process firmware for a body: one cuff, or two on the body's pump layout.
std::unique_ptr<link::DeviceFirmware> endpoint_firmware_for(const BodySpec& body);

class VirtualDevice {
 public:
  // `firmware`: what runs the device; by default the endpoint in this process, with as many cuffs
  // as the body has. Throws std::invalid_argument when the firmware's cuffs are not the body's.
  VirtualDevice(VirtualDeviceOptions options, link::Transport& transport, std::unique_ptr<link::DeviceFirmware> firmware = nullptr);
  // Runs until `stop` is set or the link closes.
  void run(const std::atomic<bool>& stop);

  [[nodiscard]] const VirtualBody& body() const { return *body_; }

  static constexpr double kFastest = 10.0;  // the host's heartbeat must keep up (docs/protocol.md)

 private:
  double speed_;
  link::Transport& transport_;
  std::unique_ptr<VirtualBody> body_;
  std::unique_ptr<link::DeviceFirmware> firmware_;
};

}  // namespace bfr::rig
