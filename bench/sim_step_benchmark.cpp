// Cost of one physics step: the whole plant, and the pneumatic network alone as its baseline.
// `bfr bench sim` reports the end-to-end real-time factor; this splits the step by component.

#include <benchmark/benchmark.h>

#include "sim/plant.hpp"

namespace {

using namespace bfr;

sim::PlantSpec exercising_thigh() {
  sim::PlantSpec spec;
  sim::ExerciseSpec e;
  e.sets = {1000};
  spec.exercise = e;
  spec.pulse_sensor.fitted = true;
  return spec;
}

void BM_PlantStep(benchmark::State& state) {
  sim::Plant plant(exercising_thigh());
  plant.preset_cuff_pressure(units::mmHg(150.0));
  sim::ActuatorCommand c;
  c.dump_valve_powered = true;
  for (auto _ : state) benchmark::DoNotOptimize(plant.step(c));
  state.counters["sim_s_per_wall_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 1e-3, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PlantStep);

void BM_PneumaticsStep(benchmark::State& state) {
  const sim::Cuff cuff(sim::CuffSpec{}, units::cm(55.0));
  sim::Pneumatics air(sim::DeviceSpec{}, cuff);
  air.set_pressure(units::mmHg(150.0), units::mL(0.0));
  sim::ActuatorCommand c;
  c.dump_valve_powered = true;
  for (auto _ : state) {
    air.step(units::milliseconds(1.0), c, units::mL(0.0), {});
    benchmark::DoNotOptimize(air.cuff_pressure());
  }
}
BENCHMARK(BM_PneumaticsStep);

void BM_CuffPressureSolve(benchmark::State& state) {
  const sim::Cuff cuff(sim::CuffSpec{}, units::cm(55.0));
  const double air = cuff.air_for_pressure_std_mL(150.0, 1.0);
  double guess = 149.0;
  for (auto _ : state) benchmark::DoNotOptimize(guess = cuff.solve_pressure_mmHg(air, 1.0, guess - 0.5));
}
BENCHMARK(BM_CuffPressureSolve);

}  // namespace
