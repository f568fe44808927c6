#include "hil/hil_run.hpp"

#include <cmath>
#include <stdexcept>

#include "hil/hil_strategy.hpp"

namespace bfr::hil {

namespace {
// The firmware's control loop runs at 1 kHz, one tick per physics step.
constexpr double kTickMs = 1.0;

// Lends the run a strategy that outlives it, so that its commands can be read afterwards.
class Borrowed final : public rig::Strategy {
 public:
  explicit Borrowed(rig::Strategy& s) : s_(s) {}
  sim::ActuatorCommand step(units::Instant now, const sim::SensorReadings& r) override { return s_.step(now, r); }
  [[nodiscard]] std::string name() const override { return s_.name(); }
  [[nodiscard]] std::optional<rig::StrategyReport> report() const override { return s_.report(); }

 private:
  rig::Strategy& s_;
};
}  // namespace

HilRun run_in_loop(const sim::Scenario& scenario, FirmwarePort& port, const rig::TraceSink& sink) {
  if (!std::holds_alternative<sim::ControllerChoice>(scenario.actuation))
    throw sim::ScenarioError("actuation: the firmware runs a controller; a timeline drives the valves without one");
  if (std::abs(scenario.plant.step.milliseconds() - kTickMs) > 1e-9)
    throw sim::ScenarioError("physics_step_ms is " + std::to_string(scenario.plant.step.milliseconds()) +
                             "; the firmware ticks every 1 ms, so it must be 1");
  std::unique_ptr<HilStrategy> strategy;
  const auto make = [&](const rig::StrategyBrief& brief) -> std::unique_ptr<rig::Strategy> {
    strategy = make_hil_strategy(brief, port);
    return std::make_unique<Borrowed>(*strategy);
  };
  HilRun run;
  run.firmware = port.name();
  run.summary = rig::run_scenario(scenario, sink, make);
  run.commands = strategy->commands();
  run.stopped = strategy->stopped();
  return run;
}

}  // namespace bfr::hil
