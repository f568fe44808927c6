#include "rig/virtual_device.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "rig/core_strategy.hpp"
#include "sim/population.hpp"

namespace bfr::rig {

namespace {

// Collects what the endpoint sends during one block of steps, written to the link at once.
class Outbox final : public link::ByteSink {
 public:
  void write(std::span<const std::uint8_t> bytes) override { bytes_.insert(bytes_.end(), bytes.begin(), bytes.end()); }
  void flush_to(link::Transport& t) {
    if (!bytes_.empty()) t.write(bytes_);
    bytes_.clear();
  }

 private:
  std::vector<std::uint8_t> bytes_;
};

// The device services its link every 10 ms of device time (the telemetry period).
// How far behind the wall clock the simulation may fall before it slows down (see run()).
constexpr auto kMostBehind = std::chrono::milliseconds(20);
constexpr int kStepsPerBlock = 10;
constexpr double kBlockS = 0.010;  // device time of kStepsPerBlock plant steps
// A faster-than-real-time device that has not heard the host for two heartbeats falls back to
// real time until it does: the speed-up must never make the host's allowance shorter than a real
// device's 1 s. A host that has gone still meets the real device's limit, in real time.
constexpr auto kHostQuiet = std::chrono::milliseconds(40);
// The athlete's load when the set command carries none: the low end of BFR loads
// (published-data.md section 4, 20-30 % 1RM).
constexpr units::Percent kAthleteLoad = units::percent(30.0);
// In a planned hold the athlete walks on a treadmill at an easy 4.5 km/h (the middle of bench
// aerobic's 3-6 km/h), the heart rate climbing to 115 /min: low intensity for a young adult
// (Patterson et al. 2019: under half of heart-rate reserve).
constexpr double kAthleteWalkKmH = 4.5;
constexpr units::Frequency kAthleteWalkHeartRate = units::per_minute(115.0);

}  // namespace

sim::PlantSpec virtual_athlete(std::uint64_t seed) {
  sim::PlantSpec spec;
  spec.person = sim::generate_person(*sim::cohort_by_name("adults"), seed, 0);
  spec.seed = seed;
  return spec;
}

VirtualDevice::VirtualDevice(VirtualDeviceOptions options, link::Transport& transport, std::unique_ptr<link::DeviceFirmware> firmware)
    : options_(std::move(options)), transport_(transport), plant_(options_.plant), firmware_(std::move(firmware)) {
  options_.speed = std::clamp(options_.speed, 0.01, kFastest);
}

void VirtualDevice::follow(const link::Command& c) {
  switch (c.code) {
    case link::CommandCode::start: planned_hold_s_ = c.value; break;
    case link::CommandCode::start_set: {
      if (planned_hold_s_ > 0) {  // a walk, not a set: it lasts the hold, or until rest or stop
        sim::RhythmicSpec walk;
        walk.activity = sim::Activity::walking;
        walk.duration = units::seconds(planned_hold_s_);
        walk.cadence_per_min = sim::walking_cadence(kAthleteWalkKmH);
        walk.heart_rate = kAthleteWalkHeartRate;
        plant_.start_exercise(walk);
        break;
      }
      sim::ExerciseSpec ex;
      ex.load = kAthleteLoad;
      ex.sets = {c.value > 0 ? c.value : 100};
      ex.rest = units::seconds(0.0);
      if (c.value2 > 0) ex.tempo.concentric = ex.tempo.eccentric = units::milliseconds(c.value2 / 2.0);
      plant_.start_exercise(ex);
      break;
    }
    case link::CommandCode::rest:
    case link::CommandCode::pause:
    case link::CommandCode::stop:
    case link::CommandCode::deflate: plant_.stop_exercise(); break;
    default: break;
  }
}

void VirtualDevice::run(const std::atomic<bool>& stop) {
  using Clock = std::chrono::steady_clock;
  auto wall_start = Clock::now();
  auto last_heard = wall_start;
  Outbox out;
  std::array<std::uint8_t, 512> in{};
  sim::ActuatorCommand actuators{};
  sim::SensorReadings readings{};
  try {
    while (!stop.load()) {
      if (options_.speed > 1.0 && Clock::now() - last_heard > kHostQuiet)
        wall_start += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(kBlockS * (1.0 - 1.0 / options_.speed)));
      // Pace to the wall clock, listening to the host while waiting.
      auto due = wall_start + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(plant_.now().seconds() / options_.speed));
      // Fallen behind (this thread was descheduled on a busy machine): slow down instead of
      // catching up in a burst. A burst would run seconds of device time between two reads of
      // the link, and the device would take the host for silent and deflate.
      if (const auto behind = Clock::now() - due; behind > kMostBehind) {
        wall_start += behind;
        due += behind;
      }
      auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now());
      do {
        const auto n = transport_.read(in, std::max(wait, std::chrono::milliseconds(0)));
        if (n > 0) {
          firmware_->receive(std::span<const std::uint8_t>(in.data(), n), out);
          last_heard = Clock::now();
        }
        wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now());
      } while (wait.count() > 0 && !stop.load());
      for (int i = 0; i < kStepsPerBlock; ++i) {
        readings = plant_.step(actuators);
        const auto commanded = firmware_->step(plant_.now(), to_core(readings), out);
        if (const auto c = firmware_->applied()) follow(*c);
        actuators = to_plant(commanded);
      }
      out.flush_to(transport_);
    }
  } catch (const link::LinkError&) {
    // The host end is gone: the device deflates by itself (host silence) - nothing to send.
  }
}

}  // namespace bfr::rig
