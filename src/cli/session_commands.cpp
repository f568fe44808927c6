// `bfr session run`: a guided session on the virtual cuff (default) or a device on a serial port.
// `bfr device-sim --pty [--hil]`: the virtual cuff behind a pseudo-terminal, for any serial client;
// with --hil its firmware is the Cortex-M4 image on the emulator.

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "cli/commands.hpp"
#include "cli/guarded.hpp"
#include "hil/emulated_device.hpp"
#include "hil/emulated_firmware.hpp"
#include "link/host_link.hpp"
#include "rig/virtual_cuff.hpp"
#include "rig/virtual_device.hpp"
#include "session/guided_session.hpp"
#include "session/interrupt.hpp"

namespace bfr::cli {

namespace {

struct SessionOptions {
  store::Id person = 0, plan = 0;
  std::string device = link::kVirtualCuff;
  double speed = 1.0;
  bool plain = false;
  std::string exercise;
  double rep_seconds = 2.0;
};

int exit_for(session::Outcome o) {
  switch (o) {
    case session::Outcome::completed: return 0;
    case session::Outcome::stopped: return kExitInterrupted;
    default: return kExitFailedCheck;
  }
}

void run_session(const SessionOptions& o) {
  auto db = store::open_store(database_url());
  if (!db->person(o.person)) throw std::invalid_argument(fmt::format("no person {} in the database (bfr person list)", o.person));
  const auto plan = db->plan(o.plan);
  if (!plan || plan->person_id != o.person)
    throw std::invalid_argument(fmt::format("person {} has no plan {} (bfr plan ... --person {})", o.person, o.plan, o.person));
  auto to_run = session::plan_for_the_cuff(plan->plan_json);
  if (!o.exercise.empty()) {  // one exercise or aerobic block asked for, and only that
    std::erase_if(to_run.exercises, [&](const clinic::PlannedExercise& x) { return x.id != o.exercise; });
    std::erase_if(to_run.aerobic, [&](const clinic::PlannedAerobic& a) { return a.id != o.exercise; });
    if (to_run.exercises.empty() && to_run.aerobic.empty())
      throw std::invalid_argument(fmt::format("plan {} has no exercise or aerobic block '{}'", o.plan, o.exercise));
  }
  session::install_interrupt_handler();
  const auto device = rig::open_device({o.device, static_cast<std::uint64_t>(o.person), o.speed, std::nullopt});
  link::HostLink link(device->host_end());
  const auto display = (o.plain || !::isatty(STDOUT_FILENO)) ? session::make_plain_display() : session::make_live_display();
  session::GuidedSessionOptions so;
  so.person = o.person;
  so.plan = o.plan;
  so.device_label = device->label();
  so.rep_time = std::chrono::milliseconds(std::lround(o.rep_seconds * 1000.0));
  so.day_checks = clinic::load_knowledge_base(clinic::default_data_dir()).day_checks;
  session::TerminalOperator op(STDIN_FILENO);
  const auto r = session::run_guided_session(link, *db, *display, op, to_run, so);
  // Through the display: the live one clears its status line first, so this is a line of its own.
  display->say(session::Level::info, fmt::format("Session {}: {}{}. {}", r.session, session::to_string(r.outcome), r.simulated ? " (simulated)" : "", r.detail));
  fmt::print("Report: bfr report {} --format pdf. Not medical advice.\n", r.session);
  set_exit_code(exit_for(r.outcome));
}

struct DeviceSimOptions {
  bool pty = false;
  double speed = 1.0;
  std::uint64_t seed = 1;
  bool hil = false;
  std::string image;
  int cuffs = 1;
  std::string pumps = "shared";  // or "separate"
};

std::atomic<bool> g_stop_device{false};
extern "C" void stop_device(int) { g_stop_device = true; }

void run_device_sim(const DeviceSimOptions& o) {
  if (!o.pty) throw std::invalid_argument("choose a transport: --pty");
  if (o.hil && o.speed != 1.0)
    throw std::invalid_argument("--speed: the emulated firmware runs at most at real time (about 0.7x); leave --speed out with --hil");
  if (!o.hil && !o.image.empty()) throw std::invalid_argument("--image needs --hil");
  if (o.hil && o.cuffs == 2 && o.pumps != "shared")
    throw std::invalid_argument("--pumps separate: the two-cuff firmware image drives one shared pump (docs/hardware.md); leave --pumps out with --hil");
  const auto body = o.cuffs == 1 ? rig::BodySpec{rig::virtual_athlete(o.seed)}
                                 : rig::BodySpec{rig::virtual_athlete_pair(o.seed, o.pumps == "shared" ? sim::PumpLayout::shared
                                                                                                      : sim::PumpLayout::one_per_channel)};
  std::unique_ptr<link::DeviceFirmware> firmware = rig::endpoint_firmware_for(body);
  const hil::FirmwareOnPort* on_target = nullptr;
  std::string what = o.cuffs == 1 ? "one cuff, the firmware in this process"
                                  : fmt::format("two cuffs ({}), the firmware in this process", o.pumps == "shared" ? "one pump" : "a pump each");
  if (o.hil) {
    hil::EmulatorOptions emulator;
    emulator.cuffs = static_cast<std::size_t>(o.cuffs);
    emulator.image = o.image.empty() ? hil::built_firmware_image(emulator.cuffs) : std::filesystem::path(o.image);
    fmt::print(stderr, "Starting the firmware image {} on QEMU ...\n", emulator.image.string());
    auto on_port = std::make_unique<hil::FirmwareOnPort>(std::make_unique<hil::EmulatedFirmware>(emulator));
    on_target = on_port.get();
    firmware = std::move(on_port);
    what = fmt::format("{}, the firmware on an emulated Cortex-M4 (QEMU mps2-an386), below real time",
                       o.cuffs == 1 ? "one cuff" : "two cuffs (one pump)");
  }
  link::PseudoTerminal pty;
  std::signal(SIGINT, stop_device);
  std::signal(SIGTERM, stop_device);
  fmt::print("{}\n", pty.path());
  fmt::print(stderr, "Virtual cuff (SIMULATED) on {} at {}x real time, {}; protocol in docs/protocol.md. Ctrl-C to stop.\n",
             pty.path(), o.speed, what);
  std::fflush(stdout);
  rig::VirtualDevice device({body, o.speed}, pty.device_end(), std::move(firmware));
  device.run(g_stop_device);
  if (on_target && on_target->step_clocks().steps() > 0) {
    const auto& c = on_target->step_clocks();
    fmt::print(stderr, "Control step on the target over {} steps: median {:.0f}, p99 {:.0f}, max {:.0f} instructions (QEMU -icount, +-40)\n",
               c.steps(), c.instructions_at(0.5), c.instructions_at(0.99), c.instructions_at(1.0));
  }
}

}  // namespace

void add_session_commands(CLI::App& app) {
  auto* session = app.add_subcommand("session", "Guided BFR sessions on a cuff");
  session->require_subcommand(1);
  auto o = std::make_shared<SessionOptions>();
  auto* run = session->add_subcommand("run", "Measure LOP, then each exercise of the plan set by set, stored as it goes");
  run->add_option("--person", o->person, "Person id (bfr person list)")->required();
  run->add_option("--plan", o->plan, "Plan id (bfr plan ... --person ID)")->required();
  run->add_option("--device", o->device, "sim (the virtual cuff, default) or a serial port path, e.g. /dev/ttyUSB0 or a bfr device-sim --pty path");
  run->add_option("--speed", o->speed, "Virtual cuff only: simulated seconds per second (1-10)")->check(CLI::Range(1.0, rig::VirtualDevice::kFastest));
  run->add_flag("--plain", o->plain, "Plain lines instead of the live display (for logs; automatic without a terminal)");
  run->add_option("--exercise", o->exercise, "Run only this exercise or aerobic block of the plan (its id, e.g. walking)");
  run->add_option("--rep-seconds", o->rep_seconds, "Metronome: seconds per repetition (default 2: 1 up, 1 down)")->check(CLI::Range(1.0, 10.0));
  run->callback([o] { guarded("session run", [&] { run_session(*o); }); });
}

void add_device_sim_command(CLI::App& app) {
  auto o = std::make_shared<DeviceSimOptions>();
  auto* cmd = app.add_subcommand("device-sim", "Run the virtual cuff behind a pseudo-terminal; prints its path");
  cmd->add_flag("--pty", o->pty, "Expose the device on a new pseudo-terminal")->required();
  cmd->add_option("--speed", o->speed, "Simulated seconds per second (1-10)")->check(CLI::Range(1.0, rig::VirtualDevice::kFastest));
  cmd->add_option("--seed", o->seed, "Which simulated person wears the cuff");
  cmd->add_flag("--hil", o->hil, "Run the firmware image on the emulated Cortex-M4 (qemu-system-arm) instead of in this process");
  cmd->add_option("--image", o->image, "With --hil: the firmware ELF (default: the one this build made for --cuffs)");
  cmd->add_option("--cuffs", o->cuffs, "1 (default), or 2: a cuff on each thigh (protocol channels 0 left, 1 right)")->check(CLI::Range(1, 2));
  cmd->add_option("--pumps", o->pumps, "With --cuffs 2: shared (one pump, default) or separate (a pump each)")
      ->check(CLI::IsMember({"shared", "separate"}));
  cmd->callback([o] { guarded("device-sim", [&] { run_device_sim(*o); }); });
}

}  // namespace bfr::cli
