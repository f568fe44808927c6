// The firmware: every control tick, the host's protocol bytes go to the device endpoint, the
// tick's sensor samples step the device (controller + supervisor), and the actuator command goes
// to the board. Everything lives in static storage: the image links no allocator
// (scripts/build-cortex-m4 checks).

#include "firmware/board.hpp"
#include "firmware/control_loop.hpp"
#ifdef OPENBFR_FAULT_DRILL
#include "firmware/fault_drill.hpp"
#endif

namespace {
bfr::firmware::ControlLoop g_loop{bfr::link::EndpointConfig{.kind = bfr::firmware::board::device_kind()}};

void on_host_byte(std::uint8_t byte) {
  g_loop.receive(std::span<const std::uint8_t>(&byte, 1), bfr::firmware::board::host_line());
}
}  // namespace

// An abort (a contract check in the standard library, for instance) makes every output safe and
// stops. It also keeps newlib's own abort(), which drags in signal handling and malloc, out of
// the image.
extern "C" [[noreturn]] void abort() { bfr::firmware::board::fail_safe(bfr::link::plant::StopReason::abort); }

// Entered from the board's reset handler once memory is set up.
extern "C" [[noreturn]] void firmware_main() {
  namespace board = bfr::firmware::board;
  board::init();
  for (;;) {
    const auto tick = board::wait_for_tick(on_host_byte);
#ifdef OPENBFR_FAULT_DRILL
    bfr::firmware::drill::at(tick.tick);  // drill images only (fault_drill.hpp)
#endif
    board::drive(g_loop.step(tick, board::host_line()));
    board::kick_watchdog();
  }
}
