// Two cuffs on one person: one heart, two limbs that differ, and one pump shared by two inflate
// valves or a pump per channel. Checked against what conservation of air and the pump's own
// curve say must happen, and against the one-cuff plant.

#include "sim/two_limb_plant.hpp"

#include <gtest/gtest.h>

#include "plant_fixtures.hpp"
#include "sim/plant.hpp"

namespace bfr::sim {
namespace {

using testing::reference_thigh;
using units::mmHg;

TwoLimbSpec both_thighs(PumpLayout pumps) {
  TwoLimbSpec s;
  s.sides[kLeft] = reference_thigh();
  s.sides[kRight] = reference_thigh();
  s.pumps = pumps;
  return s;
}

ActuatorCommand pumping(bool valve_open = true) {
  ActuatorCommand c;
  c.pump_duty = 1.0;
  c.inflate_valve_open = valve_open;
  c.dump_valve_powered = true;
  return c;
}

// Seconds until both cuffs reach `p`.
double seconds_to_fill(TwoLimbPlant& plant, const std::array<ActuatorCommand, 2>& c, double p) {
  while (plant.truth(kLeft).cuff.mmHg() < p || plant.truth(kRight).cuff.mmHg() < p) {
    plant.step(c);
    if (plant.now().seconds() > 60.0) break;
  }
  return plant.now().seconds();
}

double one_cuff_seconds_to_fill(double p) {
  Plant plant(reference_thigh());
  while (plant.truth().cuff.mmHg() < p && plant.now().seconds() < 60.0) plant.step(pumping());
  return plant.now().seconds();
}

TEST(TwoLimbPlant, APumpPerChannelFillsEachCuffAsFastAsTheOneCuffDevice) {
  TwoLimbPlant plant(both_thighs(PumpLayout::one_per_channel));
  const double alone = one_cuff_seconds_to_fill(150.0);
  EXPECT_NEAR(seconds_to_fill(plant, {pumping(), pumping()}, 150.0), alone, 0.05 * alone);
}

TEST(TwoLimbPlant, OneSharedPumpFillingBothCuffsTakesAboutTwiceAsLong) {
  // The same air into twice the volume, from a pump whose flow falls with back-pressure alike.
  TwoLimbPlant plant(both_thighs(PumpLayout::shared));
  const double alone = one_cuff_seconds_to_fill(150.0);
  const double both = seconds_to_fill(plant, {pumping(), pumping()}, 150.0);
  EXPECT_NEAR(both, 2.0 * alone, 0.1 * 2.0 * alone);
  EXPECT_NEAR(plant.truth(kLeft).cuff.mmHg(), plant.truth(kRight).cuff.mmHg(), 3.0);
}

TEST(TwoLimbPlant, ASharedPumpFeedsOnlyTheChannelWhoseInflateValveIsOpen) {
  TwoLimbPlant plant(both_thighs(PumpLayout::shared));
  // The right channel asks for the pump but its inflate valve stays shut; the left's is open: the
  // left fills as the one-cuff device does, the right not at all.
  const double alone = one_cuff_seconds_to_fill(150.0);
  while (plant.truth(kLeft).cuff.mmHg() < 150.0 && plant.now().seconds() < 60.0) plant.step({pumping(true), pumping(false)});
  EXPECT_NEAR(plant.now().seconds(), alone, 0.02 * alone);
  EXPECT_LT(plant.truth(kRight).cuff.mmHg(), 1.0);
}

TEST(TwoLimbPlant, OpenInflateValvesLetTheFullerCuffEmptyIntoTheOtherAndKeepTheAir) {
  TwoLimbPlant plant(both_thighs(PumpLayout::shared));
  plant.preset_cuff_pressure(kLeft, mmHg(200.0));
  plant.preset_cuff_pressure(kRight, mmHg(40.0));
  const double air_before = plant.channel(kLeft).pneumatics().cuff_air().mL() +
                            plant.channel(kRight).pneumatics().cuff_air().mL() +
                            plant.channel(kLeft).pneumatics().manifold_air_std_mL() +
                            plant.channel(kRight).pneumatics().manifold_air_std_mL();
  ActuatorCommand valves_open_pump_off;
  valves_open_pump_off.inflate_valve_open = true;
  valves_open_pump_off.dump_valve_powered = true;
  while (plant.now().seconds() < 10.0) plant.step({valves_open_pump_off, valves_open_pump_off});
  const double left = plant.truth(kLeft).cuff.mmHg();
  const double right = plant.truth(kRight).cuff.mmHg();
  EXPECT_NEAR(left, right, 2.0);
  EXPECT_GT(right, 80.0);
  EXPECT_LT(left, 160.0);
  const double air_after = plant.channel(kLeft).pneumatics().cuff_air().mL() +
                           plant.channel(kRight).pneumatics().cuff_air().mL() +
                           plant.channel(kLeft).pneumatics().manifold_air_std_mL() +
                           plant.channel(kRight).pneumatics().manifold_air_std_mL();
  // Only the pump's worn check valve lets air out (a 0.1 mm hole for 10 s at ~120 mmHg: < 2 %).
  EXPECT_NEAR(air_after, air_before, 0.02 * air_before);
  EXPECT_LT(air_after, air_before);
}

TEST(TwoLimbPlant, ARunawayPumpOnOneSideDrivesTheOneSharedPump) {
  auto spec = both_thighs(PumpLayout::shared);
  FaultSpec runaway;
  runaway.kind = FaultKind::pump_runaway;
  spec.sides[kLeft].faults.push_back(runaway);
  TwoLimbPlant plant(spec);
  ActuatorCommand right_valve_open_pump_off;
  right_valve_open_pump_off.inflate_valve_open = true;
  right_valve_open_pump_off.dump_valve_powered = true;
  ActuatorCommand left_sealed;
  left_sealed.dump_valve_powered = true;
  // Nobody asks for the pump, yet it fills the right cuff as fast as a pump at full duty would.
  const double alone = one_cuff_seconds_to_fill(150.0);
  while (plant.truth(kRight).cuff.mmHg() < 150.0 && plant.now().seconds() < 60.0) plant.step({left_sealed, right_valve_open_pump_off});
  EXPECT_NEAR(plant.now().seconds(), alone, 0.02 * alone);
  EXPECT_LT(plant.truth(kLeft).cuff.mmHg(), 1.0);
}

TEST(TwoLimbPlant, OneHeartTwoLimbsThatDiffer) {
  auto spec = both_thighs(PumpLayout::one_per_channel);
  spec.sides[kRight].person.thigh_circumference = units::cm(62.0);
  spec.sides[kRight].person.circulation.systolic = mmHg(180.0);  // ignored: one body
  TwoLimbPlant plant(spec);
  EXPECT_EQ(plant.spec().sides[kRight].person.circulation.systolic.mmHg(), 120.0);
  // A bigger thigh needs more pressure to occlude under the same cuff.
  EXPECT_GT(plant.nominal_lop(kRight).mmHg(), plant.nominal_lop(kLeft).mmHg() + 5.0);
  // Both sides see the same beats: the local arterial pressure peaks together.
  ActuatorCommand idle;
  double left_peak_t = 0.0, right_peak_t = 0.0, left_peak = 0.0, right_peak = 0.0;
  while (plant.now().seconds() < 1.2) {
    plant.step({idle, idle});
    if (plant.now().seconds() < 0.2) continue;
    if (plant.truth(kLeft).local_arterial.mmHg() > left_peak) left_peak = plant.truth(kLeft).local_arterial.mmHg(), left_peak_t = plant.now().seconds();
    if (plant.truth(kRight).local_arterial.mmHg() > right_peak) right_peak = plant.truth(kRight).local_arterial.mmHg(), right_peak_t = plant.now().seconds();
  }
  EXPECT_NEAR(left_peak_t, right_peak_t, 0.02);
}

TEST(TwoLimbPlant, WalkingLegsContractHalfAStrideApartAndTheHeartFollowsThePace) {
  TwoLimbPlant plant(both_thighs(PumpLayout::shared));
  RhythmicSpec walk{.activity = Activity::walking, .duration = units::seconds(60.0), .cadence_per_min = 110.0,
                    .heart_rate = units::per_minute(130.0)};
  plant.start_exercise(kLeft, walk);
  walk.cycle_offset = 0.5;
  plant.start_exercise(kRight, walk);
  int together = 0, left_only = 0, right_only = 0;
  ActuatorCommand idle;
  while (plant.now().seconds() < 60.0) {
    plant.step({idle, idle});
    const bool l = plant.channel(kLeft).exercise_state().activation > 0.5;
    const bool r = plant.channel(kRight).exercise_state().activation > 0.5;
    together += l && r;
    left_only += l && !r;
    right_only += r && !l;
  }
  EXPECT_EQ(together, 0);
  EXPECT_GT(left_only, 1000);
  EXPECT_NEAR(left_only, right_only, 0.05 * left_only);
  // 60 s is two time constants of the heart's 30 s climb: 63-86 % of the way from 60 to 130.
  EXPECT_GT(plant.heart_rate().per_minute(), 60.0 + 0.6 * 70.0);
}

}  // namespace
}  // namespace bfr::sim
