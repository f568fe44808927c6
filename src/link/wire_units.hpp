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
inline units::Pressure from_signed_dmmHg(std::int16_t v) { return units::mmHg(v / 10.0); }

// centi-mmHg (the cuff pulse amplitude, peak to peak).
inline units::Pressure from_cmmHg(std::uint16_t v) { return units::mmHg(v / 100.0); }
inline std::uint16_t to_cmmHg(units::Pressure p) { return static_cast<std::uint16_t>(std::clamp(std::lround(p.mmHg() * 100.0), 0L, 65535L)); }

// deci-percent of LOP in 0..65535 (the target).
inline std::uint16_t to_dpct(units::Percent p) {
  return static_cast<std::uint16_t>(std::clamp(std::lround(p.percent() * 10.0), 0L, 65535L));
}
inline units::Percent from_dpct(std::uint16_t v) { return units::percent(v / 10.0); }

}  // namespace bfr::link
