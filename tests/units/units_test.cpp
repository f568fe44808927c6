#include "units/units.hpp"

#include <gtest/gtest.h>

namespace bfr::units {
namespace {

using namespace literals;

// Nonsense arithmetic must not compile.
template <class A, class B>
concept Addable = requires(A a, B b) { a + b; };
static_assert(Addable<Pressure, Pressure>);
static_assert(!Addable<Pressure, Volume>);
static_assert(!Addable<Pressure, double>);
static_assert(!Addable<Instant, Instant>);
static_assert(Addable<Instant, Duration>);
static_assert(!std::is_convertible_v<double, Pressure>);

TEST(Units, MillimetresOfMercuryConvertToPascalByDefinition) {
  EXPECT_DOUBLE_EQ(mmHg(1.0).pascal(), 133.322387415);
  EXPECT_NEAR(kPa(13.3322387415).mmHg(), 100.0, 1e-9);
  EXPECT_NEAR(mmHg(760.0).kPa(), 101.325, 1e-3);  // one standard atmosphere
}

TEST(Units, VolumeFlowAndTimeCompose) {
  const Flow f = mL(100.0) / seconds(4.0);
  EXPECT_DOUBLE_EQ(f.mL_per_s(), 25.0);
  EXPECT_DOUBLE_EQ((f * seconds(2.0)).mL(), 50.0);
  EXPECT_NEAR(litres_per_minute(2.5).mL_per_s(), 41.6667, 1e-3);
  EXPECT_DOUBLE_EQ(litres(1.5).mL(), 1500.0);
}

TEST(Units, PressureRateTimesDurationIsPressure) {
  const PressureRate r = mmHg(30.0) / seconds(2.0);
  EXPECT_DOUBLE_EQ(r.mmHg_per_s(), 15.0);
  EXPECT_DOUBLE_EQ((r * milliseconds(500.0)).mmHg(), 7.5);
}

TEST(Units, InstantsDifferByDurations) {
  const Instant a = at_seconds(10.0);
  const Instant b = a + 250_ms;
  EXPECT_DOUBLE_EQ((b - a).milliseconds(), 250.0);
  EXPECT_LT(a, b);
  EXPECT_DOUBLE_EQ((b - seconds(0.25)).seconds(), 10.0);
}

TEST(Units, PercentOfPressure) {
  const Pressure lop = 200_mmHg;
  EXPECT_DOUBLE_EQ((80_pct * lop).mmHg(), 160.0);
  EXPECT_DOUBLE_EQ(fraction_of(150_mmHg, lop).percent(), 75.0);
  EXPECT_DOUBLE_EQ(percent(40.0).fraction(), 0.4);
}

TEST(Units, FrequencyAndPeriod) {
  EXPECT_DOUBLE_EQ(per_minute(60.0).period().seconds(), 1.0);
  EXPECT_DOUBLE_EQ(hertz(100.0) * seconds(2.0), 200.0);
}

TEST(Units, LengthsAndHelpers) {
  EXPECT_DOUBLE_EQ(mm(45.0).cm(), 4.5);
  EXPECT_DOUBLE_EQ(metres(1.2).cm(), 120.0);
  EXPECT_EQ(clamp(mmHg(500.0), mmHg(0.0), mmHg(300.0)), mmHg(300.0));
  EXPECT_EQ(abs(mmHg(-3.0)), mmHg(3.0));
  EXPECT_EQ(max(mL(1.0), mL(2.0)), mL(2.0));
  EXPECT_DOUBLE_EQ(mmHg(150.0) / mmHg(200.0), 0.75);
}

}  // namespace
}  // namespace bfr::units
