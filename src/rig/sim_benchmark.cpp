#include "rig/sim_benchmark.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "rig/protocols.hpp"
#include "rig/runner.hpp"
#include "sim/plant.hpp"
#include "sim/population.hpp"

namespace bfr::rig {

namespace {
using Clock = std::chrono::steady_clock;

template <class F>
double median_wall_seconds(int repeats, F&& run) {
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = Clock::now();
    run();
    times.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// The whole plant in the Swain protocol with a pulse sensor and motion artefact: every model on.
SimSpeed full_plant(const SimBenchmarkOptions& o) {
  const auto person = sim::generate_person(*sim::cohort_by_name("adults"), 1, 0);
  auto scenario = swain2025_leg_press(person, "passive", 1);
  scenario.duration = units::seconds(o.simulated_seconds);
  scenario.plant.pulse_sensor.fitted = true;
  scenario.plant.motion = {units::hertz(0.2), units::mL(2.0), units::seconds(0.3)};
  SimSpeed s{.name = "full plant (pump, valves, hose, cuff, limb, heart, sensors, exercise)",
             .simulated_seconds = o.simulated_seconds,
             .steps = static_cast<std::size_t>(o.simulated_seconds * 1000.0)};
  s.wall_seconds = median_wall_seconds(o.repeats, [&] { (void)run_scenario(scenario); });
  return s;
}

// Baseline: the pneumatic network alone (pump, valves, hose and cuff), no limb or person.
SimSpeed pneumatics_only(const SimBenchmarkOptions& o) {
  const sim::Cuff cuff(sim::CuffSpec{}, units::cm(55.0));
  const auto steps = static_cast<std::size_t>(o.simulated_seconds * 1000.0);
  SimSpeed s{.name = "baseline: pneumatics only", .simulated_seconds = o.simulated_seconds, .steps = steps};
  double sink = 0.0;
  s.wall_seconds = median_wall_seconds(o.repeats, [&] {
    sim::Pneumatics air(sim::DeviceSpec{}, cuff);
    sim::ActuatorCommand c;
    c.dump_valve_powered = true;
    for (std::size_t i = 0; i < steps; ++i) {
      c.pump_duty = (i / 5000) % 2 ? 0.0 : 1.0;  // pump 5 s, hold 5 s
      c.inflate_valve_open = c.pump_duty > 0.0;
      air.step(units::milliseconds(1.0), c, units::mL(0.0), {});
    }
    sink += air.cuff_pressure().mmHg();
  });
  if (sink < 0.0) s.name += " (?)";  // keeps the loop from being optimised away
  return s;
}
}  // namespace

std::vector<SimSpeed> run_sim_benchmark(const SimBenchmarkOptions& o) {
  std::vector<SimSpeed> out;
  if (o.progress) o.progress(fmt::format("full plant, {:.0f} simulated s x {}", o.simulated_seconds, o.repeats));
  out.push_back(full_plant(o));
  if (o.progress) o.progress("baseline: pneumatics only");
  out.push_back(pneumatics_only(o));
  return out;
}

}  // namespace bfr::rig
