#pragma once
// Hard limits of the device. Each cites where its number comes from; none is a tuning knob.

#include "units/units.hpp"

namespace bfr::core::limits {

// Highest pressure the device will ever hold. Research BFR protocols stop at 300 mmHg
// (Loenneke et al., Eur J Appl Physiol 2012;112:2903: "up to but not over 300 mmHg"); surgical
// tourniquets cap at 500 mmHg (published-data.md section 3). A narrow cuff whose LOP lies above
// this is refused, not chased.
inline constexpr units::Pressure kHardCap = units::mmHg(300.0);

// Restriction never exceeds the limb's occlusion pressure; prescriptions span 40-80 % LOP
// (Patterson et al., Front Physiol 2019, position stand). The supervisor allows this margin over
// 100 % LOP for sensor error (ISO 81060-1: +-3 mmHg) and the pulse riding on the cuff.
inline constexpr units::Percent kHighestPrescription = units::percent(80.0);
inline constexpr units::Pressure kAboveLopMargin = units::mmHg(10.0);

// Alarm when pressure is more than 15 mmHg off target for 1 s: the Delfi PTS alarm
// (published-data.md section 3), the best published device.
inline constexpr units::Pressure kOffTargetAlarm = units::mmHg(15.0);
inline constexpr units::Duration kOffTargetAlarmDelay = units::seconds(1.0);

// Cumulative restriction per limb per exercise before automatic deflation: 10 min, the top of the
// 5-10 min per exercise in Patterson et al. 2019 (published-data.md section 4). The supervisor's
// own backstop sits 2 min above whatever limit applies.
inline constexpr units::Duration kRestrictionLimit = units::minutes(10.0);
inline constexpr units::Duration kBackstopMargin = units::minutes(2.0);
inline constexpr units::Duration kRestrictionBackstop = kRestrictionLimit + kBackstopMargin;

// Aerobic BFR holds the cuff on continuously for 5-20 min (walking or cycling; Patterson et al.
// 2019, published-data.md section 4). A start that plans such a hold raises the limit to the plan
// plus a grace minute (the inflation, and the host's stop on its way), never past the longest
// prescribed hold plus that minute: 21 min, and the supervisor's backstop 23.
inline constexpr units::Duration kLongestPrescribedHold = units::minutes(20.0);
inline constexpr units::Duration kHoldGrace = units::minutes(1.0);

// The controller's limit for an inflation started with this planned continuous hold (zero: sets
// and rests, the exercise limit `base`).
constexpr units::Duration restriction_limit(units::Duration planned_hold, units::Duration base = kRestrictionLimit) {
  if (planned_hold <= units::Duration{}) return base;
  return units::max(base, units::min(planned_hold, kLongestPrescribedHold) + kHoldGrace);
}
// The supervisor's backstop for the same inflation, from the nominal exercise limit (never from a
// controller's configuration).
constexpr units::Duration restriction_backstop(units::Duration planned_hold) {
  return restriction_limit(planned_hold) + kBackstopMargin;
}
static_assert(restriction_backstop(units::Duration{}) == kRestrictionBackstop);
static_assert(restriction_backstop(units::minutes(60.0)) == units::minutes(23.0));

// If the host is silent this long the device deflates, so the cuff is empty within 2 s of the
// host going quiet (issue 6: "If the host goes silent the device deflates within 2 s").
inline constexpr units::Duration kHostSilence = units::seconds(1.0);

// Below this the cuff is treated as deflated (no restriction).
inline constexpr units::Pressure kDeflated = units::mmHg(20.0);

}  // namespace bfr::core::limits
