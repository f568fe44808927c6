#pragma once
// The broad envelope of people (issue 12): wider than any trial's sample, as a device meets them
// in clinics. Legs and arms, systolic 90-180 mmHg, heart rate 40-190 /min (aerobic BFR and hard
// sets reach the top of it), atrial fibrillation in one in ten. Shared by the regulation, LOP and
// fault benchmarks so that all three are measured on the same kind of people.

#include <cstdint>

#include "sim/scenario.hpp"

namespace bfr::rig {

struct EnvelopeLimits {
  double heart_rate_min = 40.0;  // per minute
  double heart_rate_max = 190.0;
  double systolic_min = 90.0;    // mmHg, brachial
  double systolic_max = 180.0;
  double atrial_fibrillation_fraction = 0.1;
};

// Person number `index` of the envelope drawn with `seed`, on the given limb with a cuff of a width
// that limb is trained with: thigh 11.5 or 18 cm, arm 5, 10 or 12 cm (arm girth 20-40 cm).
// Seated; no exercise, motion or faults: the caller adds those.
sim::PlantSpec envelope_plant(std::uint64_t seed, std::uint64_t index, sim::LimbKind limb, const EnvelopeLimits& limits = {});

// A resistance session of envelope person `index`, thigh or arm by turns: any tempo from 0.5 to
// 2 s a phase, 20-40 % 1RM, 40, 50, 60, 70 or 80 % LOP, the 30-15-15-15 scheme with 30 s rests
// (published-data.md section 4), heart rate 50-190. Ours with the oracle LOP: callers change that.
sim::Scenario envelope_session(std::uint64_t seed, std::uint64_t index);

}  // namespace bfr::rig
