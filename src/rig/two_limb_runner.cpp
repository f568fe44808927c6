#include "rig/two_limb_runner.hpp"

#include <cmath>

namespace bfr::rig {

namespace {
// Below this the cuff is off the limb's circulation (as the one-cuff runner counts it).
constexpr double kInflatedThresholdMmHg = 20.0;

core::PumpLayout device_pumps(sim::PumpLayout p) {
  return p == sim::PumpLayout::shared ? core::PumpLayout::shared : core::PumpLayout::one_per_channel;
}
}  // namespace

std::array<RunSummary, 2> run_two_limbs(const TwoLimbScenario& scenario, const std::string& strategy, const TwoLimbLop& lop) {
  sim::TwoLimbPlant plant(scenario.plant);
  TwoChannelBrief brief;
  brief.name = strategy;
  brief.target = scenario.target;
  brief.measure_lop = lop.measure;
  brief.pumps = device_pumps(scenario.plant.pumps);
  // Walking or cycling: one hold for both legs, as the host schedules it (not the pace).
  if (const auto& r = scenario.plant.sides[0].rhythmic) brief.hold = HoldSchedule{r->start, r->duration};
  std::array<RunSummary, 2> out;
  std::array<std::optional<RegulationMetrics>, 2> regulation;
  for (std::size_t i = 0; i < 2; ++i) {
    const auto true_lop = plant.nominal_lop(i);
    brief.exercise[i] = plant.spec().sides[i].exercise;
    // The one place ground truth may cross: an oracle run is told the true LOP, and says so.
    if (!lop.measure) brief.given_lop[i] = lop.told[i] ? lop.told[i] : true_lop;
    auto& s = out[i];
    s.scenario = scenario.name;
    s.strategy = strategy;
    s.plant = plant.spec().sides[i];
    s.true_lop = true_lop;
    s.lop_source = lop.measure ? "measured" : lop.told[i] ? "given" : "oracle";
    s.target = scenario.target * true_lop;
    if (s.plant.exercise || s.plant.rhythmic) regulation[i].emplace(*s.target, true_lop);
  }
  auto run = make_two_channel_strategy(brief);

  const auto dt = plant.step_size();
  const auto steps = static_cast<std::size_t>(std::llround(scenario.duration / dt));
  const auto record_every = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(scenario.record_rate.period() / dt)));
  const auto record_dt = dt * static_cast<double>(record_every);
  std::array<sim::SensorReadings, 2> readings{};
  std::array<std::size_t, 2> inflated_rows{};
  for (std::size_t n = 0; n < steps; ++n) {
    readings = plant.step(run->step(plant.now(), readings));
    if ((n + 1) % record_every != 0) continue;
    for (std::size_t i = 0; i < 2; ++i) {
      const auto truth = plant.truth(i);
      out[i].true_cuff_mmHg.add(truth.cuff.mmHg());
      out[i].min_inflow = std::min(out[i].min_inflow, truth.arterial_inflow.fraction());
      if (truth.cuff.mmHg() > kInflatedThresholdMmHg) ++inflated_rows[i];
      if (regulation[i]) regulation[i]->add(record_dt, truth.cuff, truth.exercise);
    }
  }
  const auto reports = run->report();
  for (std::size_t i = 0; i < 2; ++i) {
    out[i].physics_steps = steps;
    out[i].simulated = dt * static_cast<double>(steps);
    out[i].inflated_seconds = static_cast<double>(inflated_rows[i]) * record_dt.seconds();
    if (regulation[i]) out[i].regulation = regulation[i]->result();
    out[i].report = reports[i];
  }
  return out;
}

}  // namespace bfr::rig
