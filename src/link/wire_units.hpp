#pragma once
// Fixed-point wire values to and from unit types (docs/protocol.md, "Numbers").

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include "link/messages.hpp"
#include "units/units.hpp"

namespace bfr::link {

// deci-mmHg in 0..65534 (kNoValue is "absent").
inline std::uint16_t to_dmmHg(std::optional<units::Pressure> p) {
  if (!p) return kNoValue;
  return static_cast<std::uint16_t>(std::clamp(std::lround(p->mmHg() * 10.0), 0L, long{kNoValue - 1}));
}
inline std::optional<units::Pressure> from_dmmHg(std::uint16_t v) {
  if (v == kNoValue) return std::nullopt;
  return units::mmHg(v / 10.0);
}
inline std::int16_t to_signed_dmmHg(units::Pressure p) {
  return static_cast<std::int16_t>(std::clamp(std::lround(p.mmHg() * 10.0), -32768L, 32767L));
}

}  // namespace bfr::link
