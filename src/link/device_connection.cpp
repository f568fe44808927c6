#include "link/device_connection.hpp"

namespace bfr::link {

DeviceConnection::DeviceConnection(const std::string& device, std::uint64_t seed, double speed, std::vector<sim::FaultSpec> faults) {
  if (device == kVirtualCuff) {
    auto athlete = virtual_athlete(seed);
    athlete.faults = std::move(faults);
    auto [host, device_end] = make_in_process_pair();
    host_ = std::move(host);
    device_end_ = std::move(device_end);
    virtual_ = std::make_unique<VirtualDevice>(VirtualDeviceOptions{std::move(athlete), speed}, *device_end_);
    thread_ = std::thread([this] { virtual_->run(stop_); });
    label_ = "virtual cuff";
  } else {
    if (!faults.empty()) throw LinkError("a fault can be rehearsed on the virtual cuff only");
    host_ = open_serial(device);
    label_ = device;
  }
}

DeviceConnection::~DeviceConnection() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

}  // namespace bfr::link
