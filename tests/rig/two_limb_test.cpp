// Two cuffs at once on the rig (issue 14): ours measures each thigh's LOP in turn and holds both
// through a bilateral leg press on one shared pump, never opening both inflate valves; a leak on
// one cuff empties both. Simulated.

#include <gtest/gtest.h>

#include <algorithm>

#include "rig/two_channel_strategy.hpp"
#include "rig/two_limb_runner.hpp"

namespace bfr::rig {
namespace {

using sim::kLeft;
using sim::kRight;

sim::TwoLimbSpec both_thighs(sim::PumpLayout pumps) {
  sim::TwoLimbSpec s;
  s.pumps = pumps;
  for (auto& side : s.sides) {
    side.person.circulation = {units::mmHg(125.0), units::mmHg(78.0), units::per_minute(70.0), sim::Rhythm::sinus};
    side.limb = sim::LimbKind::thigh;
    side.cuff.width = units::cm(11.5);
    side.posture = sim::Posture::seated;
    side.parts = sim::Parts::drawn;
    side.seed = 31;
  }
  s.sides[kLeft].person.thigh_circumference = units::cm(55.0);
  s.sides[kRight].person.thigh_circumference = units::cm(59.0);
  return s;
}

TwoLimbScenario bilateral_press(sim::PumpLayout pumps, units::Instant start) {
  TwoLimbScenario s;
  s.name = "bilateral leg press";
  s.plant = both_thighs(pumps);
  sim::ExerciseSpec e;
  e.start = start;
  e.sets = {15, 10};
  e.rest = units::seconds(20.0);
  for (auto& side : s.plant.sides) side.exercise = e;
  s.duration = sim::Exercise(e).end().since_start() + units::seconds(3.0);
  return s;
}

TEST(TwoLimbs, OursMeasuresEachThighInTurnThenHoldsBothOnOneSharedPump) {
  const auto limbs = run_two_limbs(bilateral_press(sim::PumpLayout::shared, units::at_seconds(330.0)), "ours", TwoLimbLop{true, {}});
  for (const auto& limb : limbs) {
    ASSERT_TRUE(limb.report && limb.report->measured_lop && limb.regulation);
    EXPECT_EQ(limb.report->fault, "");
    EXPECT_NEAR(limb.report->measured_lop->mmHg(), limb.true_lop.mmHg(), 0.10 * limb.true_lop.mmHg());
    // Both legs press at once against one pump: the bench reports the share in band; here it
    // must be far from a sealed cuff's and never over the true LOP.
    EXPECT_GT(limb.regulation->exercise_in_band, 0.6);
    EXPECT_GT(limb.regulation->rest_in_band, 0.5);
    EXPECT_LT(limb.regulation->highest_exercise_pct_lop, 100.0);
  }
  // The wider thigh needs more pressure, and got its own.
  EXPECT_GT(limbs[kRight].report->measured_lop->mmHg(), limbs[kLeft].report->measured_lop->mmHg());
  // One after the other: the right's search began after the left's ended.
  EXPECT_GT(*limbs[kLeft].report->lop_seconds + *limbs[kRight].report->lop_seconds, 20.0);
}

TEST(TwoLimbs, ASharedPumpNeverHasBothInflateValvesOpen) {
  auto s = bilateral_press(sim::PumpLayout::shared, units::at_seconds(30.0));
  sim::TwoLimbPlant plant(s.plant);
  TwoChannelBrief brief;
  brief.name = "ours";
  brief.given_lop = {plant.nominal_lop(kLeft), plant.nominal_lop(kRight)};
  brief.exercise = {s.plant.sides[kLeft].exercise, s.plant.sides[kRight].exercise};
  auto ours = make_two_channel_strategy(brief);
  std::array<sim::SensorReadings, 2> readings{};
  int both_open = 0, left_open = 0, right_open = 0;
  while (plant.now() < units::at_seconds(90.0)) {
    readings = plant.step(ours->step(plant.now(), readings));
    const bool l = plant.truth(kLeft).applied.inflate_valve_open;
    const bool r = plant.truth(kRight).applied.inflate_valve_open;
    both_open += l && r;
    left_open += l;
    right_open += r;
  }
  EXPECT_EQ(both_open, 0);
  EXPECT_GT(left_open, 1000);
  EXPECT_GT(right_open, 1000);
}

TEST(TwoLimbs, ALeakInOneCuffEmptiesBothWithinTwoSecondsOfDetection) {
  for (const auto pumps : {sim::PumpLayout::shared, sim::PumpLayout::one_per_channel}) {
    auto s = bilateral_press(pumps, units::at_seconds(30.0));
    sim::FaultSpec leak;
    leak.kind = sim::FaultKind::large_leak;
    leak.at = units::at_seconds(45.0);
    s.plant.sides[kRight].faults.push_back(leak);
    sim::TwoLimbPlant plant(s.plant);
    TwoChannelBrief brief;
    brief.name = "ours";
    brief.pumps = pumps == sim::PumpLayout::shared ? core::PumpLayout::shared : core::PumpLayout::one_per_channel;
    brief.given_lop = {plant.nominal_lop(kLeft), plant.nominal_lop(kRight)};
    brief.exercise = {s.plant.sides[kLeft].exercise, s.plant.sides[kRight].exercise};
    auto ours = make_two_channel_strategy(brief);
    std::array<sim::SensorReadings, 2> readings{};
    std::optional<units::Instant> both_empty;
    double highest = 0.0;
    while (plant.now() < units::at_seconds(60.0)) {
      readings = plant.step(ours->step(plant.now(), readings));
      highest = std::max({highest, plant.truth(kLeft).cuff.mmHg(), plant.truth(kRight).cuff.mmHg()});
      const bool empty = plant.truth(kLeft).cuff.mmHg() < 20.0 && plant.truth(kRight).cuff.mmHg() < 20.0;
      if (empty && plant.now() > units::at_seconds(45.0) && !both_empty) both_empty = plant.now();
    }
    const auto reports = ours->report();
    ASSERT_TRUE(reports[kRight] && reports[kRight]->fault_at) << sim::to_string(pumps);
    EXPECT_EQ(reports[kRight]->fault, "leak") << sim::to_string(pumps);
    EXPECT_EQ(reports[kLeft]->fault, "") << "the left's own supervisor saw nothing wrong";
    EXPECT_EQ(reports[kLeft]->final_phase, "fault") << "but the device holds both";
    ASSERT_TRUE(both_empty) << sim::to_string(pumps);
    EXPECT_LT((*both_empty - *reports[kRight]->fault_at).seconds(), 2.0) << sim::to_string(pumps);
    EXPECT_LT(highest, 300.0);
  }
}

}  // namespace
}  // namespace bfr::rig
