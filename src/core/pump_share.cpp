#include "core/pump_share.hpp"

#include <algorithm>

namespace bfr::core {

namespace {
bool wants_air(const Actuators& a) { return a.inflate_valve_open && a.pump_duty > 0.0F; }
}  // namespace

std::array<Actuators, 2> PumpShare::share(units::Instant now, const std::array<Actuators, 2>& wanted) {
  std::array<Actuators, 2> out = wanted;
  const bool want0 = wants_air(wanted[0]);
  const bool want1 = wants_air(wanted[1]);
  float duty = 0.0F;
  if (want0) duty += wanted[0].pump_duty;
  if (want1) duty += wanted[1].pump_duty;
  duty = std::min(duty, 1.0F);

  if (want0 && want1) {
    if (!both_wanted_ || now >= slot_end_) {
      const float total = wanted[0].pump_duty + wanted[1].pump_duty;
      owed_[0] += wanted[0].pump_duty / total;
      owed_[1] += wanted[1].pump_duty / total;
      holder_ = owed_[1] > owed_[0] ? 1 : 0;
      owed_[holder_] -= 1.0F;
      slot_end_ = now + kPumpSlot;
    }
    both_wanted_ = true;
  } else {
    both_wanted_ = false;
    owed_ = {};
    holder_ = want1 ? 1 : 0;
  }
  for (std::size_t i = 0; i < 2; ++i) {
    out[i].pump_duty = duty;
    out[i].inflate_valve_open = (want0 || want1) && i == holder_;
  }
  return out;
}

}  // namespace bfr::core
