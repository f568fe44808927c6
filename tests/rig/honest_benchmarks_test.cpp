// The parts of the benchmarks that decide what counts (issue 12): how a LOP result is judged, and
// where a strategy's LOP comes from in a run.

#include <gtest/gtest.h>

#include "rig/envelope.hpp"
#include "rig/lop_verdict.hpp"
#include "rig/regulation_rows.hpp"
#include "rig/runner.hpp"

namespace bfr::rig {
namespace {

LopVerdict judge(std::optional<double> measured, double truth) {
  double rel = 0.0;
  return judge_lop(measured ? std::optional(units::mmHg(*measured)) : std::nullopt, units::mmHg(truth), rel);
}

TEST(LopVerdict, AnyNumberIsNoLongerASuccess) {
  EXPECT_EQ(judge(99.0, 398.0), LopVerdict::confidently_wrong);  // once counted as a success
  EXPECT_EQ(judge(180.0, 150.0), LopVerdict::confidently_wrong);  // 20 % high
  EXPECT_EQ(judge(168.0, 150.0), LopVerdict::off_10_to_15);       // 12 % high
  EXPECT_EQ(judge(136.0, 150.0), LopVerdict::success);            // 9.3 % low
  EXPECT_EQ(judge(150.0, 150.0), LopVerdict::success);
}

TEST(LopVerdict, ARefusalIsCorrectOnlyWhereTheTrueLopIsBeyondWhatTheDeviceMayApply) {
  EXPECT_EQ(judge(std::nullopt, kLopRefusalZone.mmHg() + 1.0), LopVerdict::correct_refusal);
  EXPECT_EQ(judge(std::nullopt, 150.0), LopVerdict::refused_measurable);
}

sim::Scenario short_session(const std::string& strategy) {
  sim::Scenario s;
  s.duration = units::seconds(12.0);
  s.plant = envelope_plant(7, 0, sim::LimbKind::thigh);
  s.actuation = sim::ControllerChoice{strategy, sim::PressureTarget{units::percent(60.0)}, false, {}};
  return s;
}

TEST(Runner, AStrategyToldNoLopRunsAsTheOracleAndSaysSo) {
  const auto s = run_scenario(short_session("deadband"));
  EXPECT_EQ(s.lop_source, "oracle");
  // The deadband cuff was told the true LOP: it pumps to 60 % of it.
  EXPECT_NEAR(s.true_cuff_mmHg.max(), 0.6 * s.true_lop.mmHg(), 0.1 * s.true_lop.mmHg());
}

TEST(Runner, AGivenLopIsWhatTheStrategyIsTold) {
  auto scenario = short_session("deadband");
  std::get<sim::ControllerChoice>(scenario.actuation).given_lop = units::mmHg(100.0);
  const auto s = run_scenario(scenario);
  EXPECT_EQ(s.lop_source, "given");
  EXPECT_NEAR(s.true_cuff_mmHg.max(), 60.0, 8.0);  // 60 % of what it was told, whatever the truth
  EXPECT_NEAR(s.target->mmHg(), 0.6 * s.true_lop.mmHg(), 1e-9) << "scored against the prescription on the true LOP";
}

// A limb of a two-cuff run: measured (or not), and regulated through 60 s of exercise.
RunSummary limb(std::optional<double> measured_lop, double in_band) {
  RunSummary s;
  s.lop_source = "measured";
  s.true_lop = units::mmHg(180.0);
  s.inflated_seconds = 60.0;  // the LOP search alone inflates the cuff
  s.report = StrategyReport{};
  if (measured_lop) s.report->measured_lop = units::mmHg(*measured_lop);
  s.regulation = RegulationResult{};
  s.regulation->exercise_in_band = in_band;
  s.regulation->rest_in_band = in_band;
  return s;
}

TEST(TwoLimbScoring, ALimbWithoutALopMeansNoSessionForEitherLimb) {
  RegulationRow row;
  // The right leg's LOP was not found: the device started neither cuff. The left's cuff was
  // inflated by its LOP search, which is no session to score at 0 % in band.
  row.add_limbs(0, {limb(176.0, 0.0), limb(std::nullopt, 0.0)});
  EXPECT_EQ(row.people, 2);
  EXPECT_EQ(row.no_lop, 2);
  EXPECT_EQ(row.beyond_device, 0);
  EXPECT_FALSE(row.every_servable_person_got_a_session());
  EXPECT_EQ(row.exercise.count(), 0U);
  row.add_limbs(1, {limb(176.0, 0.98), limb(190.0, 0.90)});
  EXPECT_EQ(row.people, 4);
  EXPECT_EQ(row.exercise.count(), 2U);
  EXPECT_NEAR(row.exercise.mean(), 94.0, 1e-9);
  EXPECT_NEAR(row.exercise.min(), 90.0, 1e-9) << "the worst limb";
  // A right leg whose LOP lies where the device may not go: neither leg can be served.
  auto beyond = limb(std::nullopt, 0.0);
  beyond.true_lop = kLopRefusalZone + units::mmHg(5.0);
  row.add_limbs(2, {limb(250.0, 0.0), beyond});
  EXPECT_EQ(row.beyond_device, 2);
  EXPECT_EQ(row.no_lop, 4);
}

TEST(Runner, ABaselineCannotBeAskedToMeasureLop) {
  auto scenario = short_session("passive");
  std::get<sim::ControllerChoice>(scenario.actuation).measure_lop = true;
  EXPECT_THROW(run_scenario(scenario), sim::ScenarioError);
}

TEST(Envelope, SpansTheLimbsCuffsHeartRatesAndPressuresItPromises) {
  double hr_min = 1e9, hr_max = 0, sys_min = 1e9, sys_max = 0;
  int af = 0;
  for (std::uint64_t i = 0; i < 400; ++i) {
    const auto p = envelope_plant(11, i, i % 2 ? sim::LimbKind::arm : sim::LimbKind::thigh);
    const double hr = p.person.circulation.heart_rate.per_minute(), sys = p.person.circulation.systolic.mmHg();
    hr_min = std::min(hr_min, hr), hr_max = std::max(hr_max, hr), sys_min = std::min(sys_min, sys), sys_max = std::max(sys_max, sys);
    af += p.person.circulation.rhythm == sim::Rhythm::atrial_fibrillation;
    if (i % 2) {
      EXPECT_GE(p.person.arm_circumference.cm(), 20.0);
      EXPECT_LE(p.person.arm_circumference.cm(), 40.0);
      EXPECT_TRUE(p.cuff.width.cm() == 5.0 || p.cuff.width.cm() == 10.0 || p.cuff.width.cm() == 12.0);
    }
  }
  EXPECT_LT(hr_min, 50.0);
  EXPECT_GT(hr_max, 180.0);
  EXPECT_LT(sys_min, 95.0);
  EXPECT_GT(sys_max, 175.0);
  EXPECT_GT(af, 20);
  EXPECT_LT(af, 60);
}

}  // namespace
}  // namespace bfr::rig
