// Cost of one firmware step (controller + supervisor) while regulating, with a baseline of the
// regulator alone in the same run, and of the two-cuff device's step (two channels and the shared
// pump's slots) against it; its size in RAM is printed as a counter.

#include <benchmark/benchmark.h>

#include "core/device.hpp"
#include "core/two_channel_device.hpp"

namespace {

using namespace bfr;

// Brings a device to regulating at 160 mmHg (prescription, start, 2 s of samples), then times its
// step. `step(command, pressure)` steps the device one millisecond.
template <class Step>
void time_regulating(benchmark::State& state, Step& step) {
  step(core::command::SetLop{units::mmHg(200.0)}, 0.0);
  step(core::command::SetTarget{units::percent(80.0)}, 0.0);
  step(core::command::Start{}, 0.0);
  for (int i = 0; i < 2000; ++i) step(core::command::None{}, 160.0 + (i % 7) * 0.1);
  int i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(step(core::command::None{}, 160.0 + (++i % 7) * 0.1));
}

void BM_DeviceStepRegulating(benchmark::State& state) {
  core::Device device;
  double t = 0.0;
  auto step = [&](core::HostCommand c, double p) {
    t += 0.001;
    core::Inputs in;
    in.cuff_pressure = units::mmHg(p);
    in.cuff_line_pressure = units::mmHg(p);
    in.host_heartbeat = true;
    in.command = c;
    return device.step(units::at_seconds(t), in);
  };
  time_regulating(state, step);
}
BENCHMARK(BM_DeviceStepRegulating);

void BM_TwoChannelDeviceStepRegulating(benchmark::State& state) {
  core::TwoChannelDevice device(core::PumpLayout::shared);
  double t = 0.0;
  auto step = [&](core::HostCommand c, double p) {
    t += 0.001;
    std::array<core::Inputs, 2> in{};
    for (auto& channel : in) {
      channel.cuff_pressure = units::mmHg(p);
      channel.cuff_line_pressure = units::mmHg(p);
      channel.host_heartbeat = true;
      channel.command = c;
    }
    return device.step(units::at_seconds(t), in);
  };
  time_regulating(state, step);
  state.counters["bytes"] = static_cast<double>(sizeof(core::TwoChannelDevice));
  state.counters["one_channel_bytes"] = static_cast<double>(sizeof(core::Device));
}
BENCHMARK(BM_TwoChannelDeviceStepRegulating);

void BM_RegulatorOnly(benchmark::State& state) {
  core::Regulator r;
  int i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(r.step(units::milliseconds(1.0), units::mmHg(160.0 + (++i % 7) * 0.1), units::mmHg(160.0)));
}
BENCHMARK(BM_RegulatorOnly);

}  // namespace
