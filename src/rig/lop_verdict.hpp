#pragma once
// How bench lop judges one automatic LOP result, as the user meets it (issue 12).

#include <cmath>
#include <optional>

#include "core/limits.hpp"
#include "core/lop_search.hpp"
#include "units/units.hpp"

namespace bfr::rig {

// Within 10 % of the true LOP is a success. Beyond 15 % and not refused is "confidently wrong":
// at a 50 % prescription a 15 % over-read applies 57.5 % of the true LOP, and nothing warns.
inline constexpr double kLopSuccessPct = 10.0;
inline constexpr double kLopConfidentlyWrongPct = 15.0;
// Where the true LOP lies this close under the hard cap or above it, the search cannot confirm
// it without passing the cap: a refusal is the correct answer there, and only there.
inline constexpr units::Pressure kLopRefusalZone = core::limits::kHardCap - core::LopSearch::kConfirmMargin;

enum class LopVerdict { success, off_10_to_15, confidently_wrong, correct_refusal, refused_measurable };

inline const char* to_string(LopVerdict v) {
  switch (v) {
    case LopVerdict::success: return "success";
    case LopVerdict::off_10_to_15: return "off by 10-15 %";
    case LopVerdict::confidently_wrong: return "confidently wrong";
    case LopVerdict::correct_refusal: return "correct refusal";
    case LopVerdict::refused_measurable: return "refused, though measurable";
  }
  return "?";
}

// `measured` empty is a refusal. Sets rel_error_pct (absolute, % of the truth) for a result.
inline LopVerdict judge_lop(std::optional<units::Pressure> measured, units::Pressure truth, double& rel_error_pct) {
  if (!measured) return truth >= kLopRefusalZone ? LopVerdict::correct_refusal : LopVerdict::refused_measurable;
  rel_error_pct = 100.0 * std::abs(measured->mmHg() - truth.mmHg()) / truth.mmHg();
  if (rel_error_pct <= kLopSuccessPct) return LopVerdict::success;
  return rel_error_pct <= kLopConfidentlyWrongPct ? LopVerdict::off_10_to_15 : LopVerdict::confidently_wrong;
}

}  // namespace bfr::rig
