#include "link/device_connection.hpp"

namespace bfr::link {

namespace {

class SerialDevice final : public DeviceConnection {
 public:
  explicit SerialDevice(const std::string& path) : transport_(open_serial(path)), label_(path) {}
  Transport& host_end() override { return *transport_; }
  [[nodiscard]] const std::string& label() const override { return label_; }

 private:
  std::unique_ptr<Transport> transport_;
  std::string label_;
};

}  // namespace

const char* to_string(RehearsedFault f) {
  switch (f) {
    case RehearsedFault::large_leak: return "large_leak";
    case RehearsedFault::cuff_off: return "cuff_off";
  }
  return "?";
}

std::optional<RehearsedFault> rehearsed_fault_named(std::string_view name) {
  for (const auto f : {RehearsedFault::large_leak, RehearsedFault::cuff_off})
    if (name == to_string(f)) return f;
  return std::nullopt;
}

std::unique_ptr<DeviceConnection> open_serial_device(const DeviceRequest& request) {
  if (request.device == kVirtualCuff) throw LinkError("this program cannot run the virtual cuff: connect a cuff on a serial port");
  if (request.rehearse) throw LinkError("a fault can be rehearsed on the virtual cuff only");
  return std::make_unique<SerialDevice>(request.device);
}

}  // namespace bfr::link
