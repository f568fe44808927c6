#include "core/device.hpp"

namespace bfr::core {

Outputs Device::step(units::Instant now, const Inputs& in) {
  if (std::holds_alternative<command::Acknowledge>(in.command)) supervisor_.acknowledge();
  Outputs out = controller_.step(now, in, supervisor_.latched());
  out.actuators = supervisor_.check(now, in, out.actuators, out.status);
  out.status.fault = supervisor_.latched();
  return out;
}

}  // namespace bfr::core
