#pragma once
// The virtual device: the simulated cuff, limb and person (sim) behind the firmware's own link
// endpoint (core + link), paced to the wall clock. Whatever drives it sees only the protocol, as
// with a real cuff. The simulated athlete does the repetitions a set command asks for at the
// metronome's tempo and relaxes when told to rest.

#include <atomic>
#include <cstdint>

#include "link/device_endpoint.hpp"
#include "link/transport.hpp"
#include "sim/plant.hpp"

namespace bfr::link {

struct VirtualDeviceOptions {
  sim::PlantSpec plant{};
  double speed = 1.0;  // simulated seconds per wall-clock second (tests and demos run faster)
};

class VirtualDevice {
 public:
  VirtualDevice(VirtualDeviceOptions options, Transport& transport);
  // Runs until `stop` is set or the link closes.
  void run(const std::atomic<bool>& stop);

  [[nodiscard]] const sim::Plant& plant() const { return plant_; }
  [[nodiscard]] const DeviceEndpoint& endpoint() const { return endpoint_; }

  static constexpr double kFastest = 10.0;  // the host's heartbeat must keep up (docs/protocol.md)

 private:
  void follow(const Command& c);

  VirtualDeviceOptions options_;
  Transport& transport_;
  sim::Plant plant_;
  DeviceEndpoint endpoint_;
};

// A person and cuff for the virtual device: a runner drawn from the adult cohort, seeded by `seed`
// (the person's record id), on the thigh with an 11.5 cm cuff, seated.
sim::PlantSpec virtual_athlete(std::uint64_t seed);

}  // namespace bfr::link
