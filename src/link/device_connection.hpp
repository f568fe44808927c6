#pragma once
// The device a session talks to: a cuff on a serial port, or the virtual cuff (the simulated cuff,
// limb and person on a thread of its own behind an in-process link). `bfr session run` and the
// clinic server's live sessions both open one through a DeviceOpener. The link knows no physics:
// a serial port it opens itself; the virtual cuff plugs in from rig (rig::open_device), which the
// command line hands to whoever opens devices.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "link/messages.hpp"
#include "link/transport.hpp"

namespace bfr::link {

// A fault the virtual cuff develops on request, so that a clinic can rehearse what one looks like
// on the screen (the alarm, the end card, the report) without a person in the cuff.
enum class RehearsedFault : std::uint8_t { large_leak, cuff_off };
const char* to_string(RehearsedFault f);                          // "large_leak", "cuff_off"
std::optional<RehearsedFault> rehearsed_fault_named(std::string_view name);

struct Rehearsal {
  RehearsedFault fault = RehearsedFault::large_leak;
  double at_s = 0.0;  // device time at which it starts
};

struct DeviceRequest {
  std::string device = kVirtualCuff;  // kVirtualCuff, or a serial port's path
  std::uint64_t seed = 0;             // the virtual cuff's athlete (the person's record id)
  double speed = 1.0;                 // the virtual cuff's simulated seconds per second
  std::optional<Rehearsal> rehearse;  // virtual cuff only, on its first cuff
  // The virtual device's cuffs: 1, or 2 (a cuff on each thigh) on one pump or two. A device on a
  // serial port says what it drives itself (HostLink::device_info).
  std::uint8_t cuffs = 1;
  PumpLayoutCode pumps = PumpLayoutCode::shared;
};

// An open device: the host's end of its link, and what to call it (the audit log, the app).
class DeviceConnection {
 public:
  virtual ~DeviceConnection() = default;  // a virtual cuff's thread stops here
  virtual Transport& host_end() = 0;
  [[nodiscard]] virtual const std::string& label() const = 0;
};

// Opens the requested device; throws LinkError when it cannot.
using DeviceOpener = std::function<std::unique_ptr<DeviceConnection>(const DeviceRequest&)>;

// A cuff on a serial port. Refuses the virtual cuff and rehearsals with a clear LinkError: a
// program that offers the virtual cuff opens devices with rig::open_device.
std::unique_ptr<DeviceConnection> open_serial_device(const DeviceRequest& request);

}  // namespace bfr::link
