#include "core/device.hpp"

namespace bfr::core {

Outputs Device::propose(units::Instant now, const Inputs& in, FaultId also_latched) {
  if (std::holds_alternative<command::Acknowledge>(in.command)) supervisor_.acknowledge();
  const FaultId own = supervisor_.latched();
  return controller_.step(now, in, rank(also_latched) > rank(own) ? also_latched : own);
}

Outputs Device::supervise(units::Instant now, const Inputs& in, Outputs out) {
  out.actuators = supervisor_.check(now, in, out.actuators, out.status);
  out.status.fault = supervisor_.latched();
  return out;
}

}  // namespace bfr::core
