#pragma once
// The device a session talks to: the virtual cuff (plant and firmware endpoint) on a thread of
// its own behind an in-process link, or a cuff on a serial port. `bfr session run` and the
// clinic server's live sessions both open one.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "link/transport.hpp"
#include "link/virtual_device.hpp"
#include "sim/faults.hpp"

namespace bfr::link {

class DeviceConnection {
 public:
  // device: kVirtualCuff, or a serial port's path (throws LinkError if it cannot be opened).
  // The virtual cuff's athlete is seeded from `seed`; it runs at `speed` times real time and
  // develops `faults` (a rehearsal: what a fault looks like on the screen, without a person).
  DeviceConnection(const std::string& device, std::uint64_t seed, double speed, std::vector<sim::FaultSpec> faults = {});
  ~DeviceConnection();  // stops the virtual cuff's thread
  DeviceConnection(const DeviceConnection&) = delete;
  DeviceConnection& operator=(const DeviceConnection&) = delete;

  Transport& host_end() { return *host_; }
  [[nodiscard]] const std::string& label() const { return label_; }

 private:
  std::unique_ptr<Transport> host_, device_end_;
  std::unique_ptr<VirtualDevice> virtual_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::string label_;
};

}  // namespace bfr::link
