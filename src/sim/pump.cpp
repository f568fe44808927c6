#include "sim/pump.hpp"

#include <algorithm>

namespace bfr::sim {

void Pump::spin(double dt_s, double duty) {
  speed_ += (duty - speed_) * std::min(dt_s / device_.pump.spin_up.seconds(), 1.0);
}

PumpFeed Pump::feed(double p_manifold_mmHg) const {
  // Linear flow / back-pressure curve; the check valve leaks back in proportion to the slowing.
  const double stall = device_.pump.stall_pressure.mmHg();
  PumpFeed f;
  f.in_std_mL_s = device_.pump.free_flow.mL_per_s() * speed_ * std::max(0.0, 1.0 - p_manifold_mmHg / stall);
  f.back_std_mL_s =
      (1.0 - speed_) * orifice_flow(device_.pump_backflow, units::mmHg(p_manifold_mmHg), units::mmHg(0)).mL_per_s();
  return f;
}

}  // namespace bfr::sim
