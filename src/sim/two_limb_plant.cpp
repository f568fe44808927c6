#include "sim/two_limb_plant.hpp"

#include <algorithm>

namespace bfr::sim {

const char* to_string(PumpLayout p) { return p == PumpLayout::shared ? "shared" : "one_per_channel"; }

namespace {
// One body: the right side takes the left side's heart, blood pressure, height, posture and
// step; its parts are drawn from a seed of its own so the two channels' sensors differ.
TwoLimbSpec one_body(TwoLimbSpec s) {
  auto& left = s.sides[kLeft];
  auto& right = s.sides[kRight];
  right.person.circulation = left.person.circulation;
  right.person.height = left.person.height;
  right.person.sex = left.person.sex;
  right.posture = left.posture;
  right.step = left.step;
  right.seed = left.seed * 0x9E3779B97F4A7C15ULL + 1;
  left = with_parts(left);
  right = with_parts(right);
  return s;
}
}  // namespace

TwoLimbPlant::TwoLimbPlant(TwoLimbSpec spec)
    : spec_(one_body(std::move(spec))),
      rng_(spec_.sides[kLeft].seed),
      heart_(spec_.sides[kLeft].person.circulation, rng_.fork()),
      channels_{LimbChannel(spec_.sides[kLeft], rng_), LimbChannel(spec_.sides[kRight], rng_)},
      shared_pump_(spec_.sides[kLeft].device) {}

void TwoLimbPlant::start_exercise(std::size_t side, ExerciseSpec spec) {
  spec.start = now_;
  channels_[side].start_exercise(std::move(spec));
}

void TwoLimbPlant::start_exercise(std::size_t side, RhythmicSpec spec) {
  spec.start = now_;
  channels_[side].start_exercise(spec);
}

void TwoLimbPlant::stop_exercise(std::size_t side) { channels_[side].stop_exercise(); }

std::array<SensorReadings, 2> TwoLimbPlant::step(const std::array<ActuatorCommand, 2>& commands) {
  const auto dt = step_size();
  for (auto& c : channels_) c.prepare(now_);
  // The heart follows the faster pace of the two legs while they walk or cycle.
  auto target = spec_.sides[kLeft].person.circulation.heart_rate;
  for (const auto& c : channels_)
    if (const auto pace = c.pace(); pace && pace->hertz() > target.hertz()) target = *pace;
  heart_.set_rate_target(target);
  const auto brachial = heart_.step(dt);
  for (auto& c : channels_) c.move_limb(dt, brachial);
  // One device, one power supply: a power loss on either side unpowers every actuator.
  std::array<ActuatorCommand, 2> acting = commands;
  if (channels_[kLeft].faults().pneumatic.power_lost || channels_[kRight].faults().pneumatic.power_lost) acting = {};
  if (spec_.pumps == PumpLayout::one_per_channel) {
    for (std::size_t i = 0; i < 2; ++i) channels_[i].step_air(dt, acting[i]);
  } else {
    step_shared_air(dt, acting);
  }
  now_ += dt;
  return {channels_[kLeft].read(now_, dt), channels_[kRight].read(now_, dt)};
}

void TwoLimbPlant::step_shared_air(units::Duration dt, const std::array<ActuatorCommand, 2>& commands) {
  std::array<ActuatorCommand, 2> applied{};
  bool dead = false;
  bool runaway = false;
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& f = channels_[i].faults().pneumatic;
    applied[i] = Pneumatics::apply_faults(commands[i], f);
    dead = dead || f.pump_dead || f.power_lost;
    runaway = runaway || f.pump_runaway;
  }
  double duty = std::max(applied[kLeft].pump_duty, applied[kRight].pump_duty);
  if (runaway) duty = 1.0;
  if (dead) duty = 0.0;
  shared_pump_.spin(dt.seconds(), duty);

  const bool left_open = applied[kLeft].inflate_valve_open;
  const bool right_open = applied[kRight].inflate_valve_open;
  std::array<PumpFeed, 2> feeds{};
  if (left_open && right_open) {
    // Joined manifolds share one pressure (below); the pump's flow divides between them.
    const double p = std::min(channels_[kLeft].pneumatics().manifold_pressure().mmHg(),
                              channels_[kRight].pneumatics().manifold_pressure().mmHg());
    const PumpFeed whole = shared_pump_.feed(p);
    feeds[kLeft] = feeds[kRight] = PumpFeed{whole.in_std_mL_s / 2.0, whole.back_std_mL_s / 2.0};
  } else {
    for (std::size_t i = 0; i < 2; ++i)
      if (applied[i].inflate_valve_open) feeds[i] = shared_pump_.feed(channels_[i].pneumatics().manifold_pressure().mmHg());
  }
  for (std::size_t i = 0; i < 2; ++i) channels_[i].step_air(dt, commands[i], feeds[i]);

  if (left_open && right_open) {
    // Ideal valves: the two manifolds' air spreads over their joined volume.
    auto& a = channels_[kLeft].pneumatics();
    auto& b = channels_[kRight].pneumatics();
    const double va = a.manifold_volume().mL();
    const double vb = b.manifold_volume().mL();
    const double total = a.manifold_air_std_mL() + b.manifold_air_std_mL();
    a.set_manifold_air_std_mL(total * va / (va + vb));
    b.set_manifold_air_std_mL(total * vb / (va + vb));
  }
}

}  // namespace bfr::sim
