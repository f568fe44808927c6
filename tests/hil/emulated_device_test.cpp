// `bfr device-sim --hil --pty`'s device: the firmware image on the emulated Cortex-M4 inside the
// virtual device, behind a pseudo-terminal that a host opens as a serial port, as it would a real
// cuff's. The host's short protocol session (tests/link/link_exercise.hpp) goes through unchanged.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "hil/emulated_device.hpp"
#include "hil/emulated_firmware.hpp"
#include "link/link_exercise.hpp"
#include "rig/virtual_device.hpp"

namespace bfr::hil {
namespace {

using namespace std::chrono_literals;

TEST(EmulatedDevice, AHostDrivesTheFirmwareOnTheTargetThroughAPseudoTerminal) {
  EmulatorOptions options;
  options.image = built_firmware_image();
  auto firmware = std::make_unique<FirmwareOnPort>(std::make_unique<EmulatedFirmware>(options));
  const auto* on_target = firmware.get();
  link::PseudoTerminal pty;
  std::atomic<bool> stop{false};
  rig::VirtualDevice device({rig::virtual_athlete(6), 1.0}, pty.device_end(), std::move(firmware));
  std::thread t([&] { device.run(stop); });
  {
    auto port = link::open_serial(pty.path());
    // A deadline, not an expectation: the emulated board runs at about real time on an idle machine
    // but far below it beside other tests (seen: 30 s was not enough on a 2-core machine running two
    // test suites at once).
    link::testing::exercise_the_link(*port, 120s);
  }
  stop = true;
  t.join();
  EXPECT_FALSE(on_target->stopped().has_value());
  EXPECT_LT(device.body().truth(0).cuff.mmHg(), 20.0);  // deflated, in the plant as well
}

}  // namespace
}  // namespace bfr::hil
