#pragma once
// The device opener of programs that offer the virtual cuff (`bfr session run`, `bfr serve`): the
// virtual cuff on a thread of its own behind an in-process link, or a cuff on a serial port. It is
// where the virtual cuff plugs into the link (link::DeviceOpener), so that only the programs that
// need the physics link it.

#include <memory>

#include "link/device_connection.hpp"

namespace bfr::rig {

// link::kVirtualCuff: the virtual cuff, its athlete seeded from the request, developing the
// rehearsed fault if any. Anything else: link::open_serial_device. Throws link::LinkError.
std::unique_ptr<link::DeviceConnection> open_device(const link::DeviceRequest& request);

}  // namespace bfr::rig
