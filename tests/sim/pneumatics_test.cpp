// The pneumatic network against closed-form answers (after Drake's bouncing-ball test): the
// integrator must reproduce the time a leak or the pump takes between two pressures, computed
// here by quadrature of the same physical laws written out independently.

#include "sim/pneumatics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "sim/physical_constants.hpp"

namespace bfr::sim {
namespace {

using units::mmHg;

// Simpson's rule.
double integrate(const std::function<double(double)>& f, double a, double b, int n = 2000) {
  const double h = (b - a) / n;
  double s = f(a) + f(b);
  for (int i = 1; i < n; ++i) s += f(a + i * h) * (i % 2 ? 4.0 : 2.0);
  return s * h / 3.0;
}

// ISO 6358 flow of a hole to atmosphere, in standard mL/s, from the textbook constants.
double iso6358_leak(double d_mm, double p_gauge) {
  const double area_mm2 = 3.14159265358979 / 4.0 * d_mm * d_mm;
  const double p_abs = p_gauge + 760.0;
  const double choked = sonic_flow_coefficient() * 0.61 * area_mm2 * p_abs;
  const double ratio = 760.0 / p_abs;
  if (ratio <= 0.528) return choked;
  const double x = (ratio - 0.528) / (1.0 - 0.528);
  return choked * std::sqrt(1.0 - x * x);
}

constexpr double kManifoldMl = 20.0;

// Air stored per mmHg in the whole network (cuff plus device side).
double network_compliance(const Cuff& cuff, double p) {
  return cuff.compliance_std_mL_per_mmHg(p, 0.0) + kManifoldMl / 760.0;
}

double seconds_until(Pneumatics& air, const ActuatorCommand& c, const PneumaticFaults& f,
                     const std::function<bool(double)>& done) {
  double t = 0.0;
  while (!done(air.cuff_pressure().mmHg()) && t < 600.0) {
    air.step(units::milliseconds(1.0), c, units::mL(0.0), f);
    t += 1e-3;
  }
  return t;
}

TEST(Pneumatics, ALeakEmptiesTheCuffInTheTimeTheOrificeLawPredicts) {
  const Cuff cuff(CuffSpec{units::cm(11.5)}, units::cm(55.0));
  Pneumatics air(DeviceSpec{}, cuff);
  air.set_pressure(mmHg(200.0), units::mL(0.0));
  ActuatorCommand sealed;
  sealed.dump_valve_powered = true;
  PneumaticFaults leak;
  leak.cuff_leak = units::mm(0.5);
  // Let the first second go by so the manifold follows the cuff, then time 180 -> 90 mmHg.
  (void)seconds_until(air, sealed, leak, [](double p) { return p <= 180.0; });
  const double simulated = seconds_until(air, sealed, leak, [](double p) { return p <= 90.0; });
  const double predicted =
      integrate([&](double p) { return network_compliance(cuff, p) / iso6358_leak(0.5, p); }, 90.0, 180.0);
  EXPECT_NEAR(simulated, predicted, 0.01 * predicted) << "predicted " << predicted << " s";
}

TEST(Pneumatics, TheLeakRateAtAPressureIsTheOrificeFlowOverTheCompliance) {
  const Cuff cuff(CuffSpec{units::cm(11.5)}, units::cm(55.0));
  Pneumatics air(DeviceSpec{}, cuff);
  air.set_pressure(mmHg(150.0), units::mL(0.0));
  ActuatorCommand sealed;
  sealed.dump_valve_powered = true;
  PneumaticFaults leak;
  leak.cuff_leak = units::mm(0.3);
  (void)seconds_until(air, sealed, leak, [](double p) { return p <= 149.0; });
  const double p0 = air.cuff_pressure().mmHg();
  for (int i = 0; i < 200; ++i) air.step(units::milliseconds(1.0), sealed, units::mL(0.0), leak);
  const double rate = (p0 - air.cuff_pressure().mmHg()) / 0.2;
  const double p_mid = 0.5 * (p0 + air.cuff_pressure().mmHg());
  const double predicted = iso6358_leak(0.3, p_mid) / network_compliance(cuff, p_mid);
  EXPECT_NEAR(rate, predicted, 0.01 * predicted);
}

TEST(Pneumatics, ThePumpFillsTheCuffAlongItsFlowPressureCurve) {
  const Cuff cuff(CuffSpec{units::cm(11.5)}, units::cm(55.0));
  const DeviceSpec device;
  Pneumatics air(device, cuff);
  air.set_pressure(mmHg(50.0), units::mL(0.0));
  ActuatorCommand pump;
  pump.pump_duty = 1.0;
  pump.inflate_valve_open = true;
  pump.dump_valve_powered = true;
  (void)seconds_until(air, pump, {}, [](double p) { return p >= 60.0; });  // motor up to speed
  const double simulated = seconds_until(air, pump, {}, [](double p) { return p >= 200.0; });
  const double q_free = device.pump.free_flow.mL_per_s();
  const double stall = device.pump.stall_pressure.mmHg();
  const double backflow = 0.0;  // the pump's check valve seals while the motor runs
  const double predicted = integrate(
      [&](double p) { return network_compliance(cuff, p) / (q_free * (1.0 - p / stall) - backflow); }, 60.0, 200.0);
  // The hose drop (about 1 mmHg at these flows) makes the pump see a little more than the cuff.
  EXPECT_NEAR(simulated, predicted, 0.02 * predicted) << "predicted " << predicted << " s";
}

TEST(Pneumatics, TheUnpoweredDumpValveEmptiesTheCuffWithinASecond) {
  const Cuff cuff(CuffSpec{units::cm(11.5)}, units::cm(55.0));
  Pneumatics air(DeviceSpec{}, cuff);
  air.set_pressure(mmHg(250.0), units::mL(0.0));
  const double t = seconds_until(air, ActuatorCommand{}, {}, [](double p) { return p < 20.0; });
  EXPECT_LT(t, 1.0);
  EXPECT_GT(t, 0.1);  // the hose and the seat limit it: not instantaneous
}

TEST(Pneumatics, AKinkedHoseSlowsDeflationAndHidesTheCuffFromTheSensor) {
  const Cuff cuff(CuffSpec{units::cm(11.5)}, units::cm(55.0));
  Pneumatics clear(DeviceSpec{}, cuff), kinked(DeviceSpec{}, cuff);
  clear.set_pressure(mmHg(200.0), units::mL(0.0));
  kinked.set_pressure(mmHg(200.0), units::mL(0.0));
  PneumaticFaults kink;
  kink.hose_resistance_factor = 200.0;
  const double t_clear = seconds_until(clear, ActuatorCommand{}, {}, [](double p) { return p < 20.0; });
  const double t_kinked = seconds_until(kinked, ActuatorCommand{}, kink, [](double p) { return p < 20.0; });
  EXPECT_GT(t_kinked, 5.0 * t_clear);
  Pneumatics probe(DeviceSpec{}, cuff);
  probe.set_pressure(mmHg(200.0), units::mL(0.0));
  for (int i = 0; i < 300; ++i) probe.step(units::milliseconds(1.0), ActuatorCommand{}, units::mL(0.0), kink);
  EXPECT_GT(probe.cuff_pressure().mmHg() - probe.manifold_pressure().mmHg(), 50.0);
}

TEST(Pneumatics, AirIsConservedWhenEverythingIsShut) {
  const Cuff cuff(CuffSpec{units::cm(11.5)}, units::cm(55.0));
  Pneumatics air(DeviceSpec{}, cuff);
  air.set_pressure(mmHg(150.0), units::mL(0.0));
  ActuatorCommand sealed;
  sealed.dump_valve_powered = true;
  for (int i = 0; i < 10000; ++i) air.step(units::milliseconds(1.0), sealed, units::mL(0.0), {});
  EXPECT_NEAR(air.cuff_pressure().mmHg(), 150.0, 1e-6);
}

TEST(Pneumatics, AWiderCuffHoldsMoreAir) {
  EXPECT_GT(Cuff(CuffSpec{units::cm(18.0)}, units::cm(55.0)).full_volume(),
            Cuff(CuffSpec{units::cm(5.0)}, units::cm(55.0)).full_volume());
}

}  // namespace
}  // namespace bfr::sim
