// The firmware: every control tick, the host's protocol bytes go to the device endpoint, the
// tick's sensor samples step the device (controller + supervisor), and the actuator command goes
// to the board. Everything lives in static storage: the image links no allocator
// (scripts/build-cortex-m4 checks). Built with OPENBFR_TWO_CUFFS it drives two cuffs on one
// shared pump (core::TwoChannelDevice): a sample set and a command per cuff every tick.

#include "firmware/board.hpp"
#include "firmware/control_loop.hpp"
#ifdef OPENBFR_FAULT_DRILL
#include "firmware/fault_drill.hpp"
#endif

namespace {
#ifdef OPENBFR_TWO_CUFFS
using Loop = bfr::firmware::TwoCuffControlLoop;
#else
using Loop = bfr::firmware::ControlLoop;
#endif
Loop g_loop{bfr::link::EndpointConfig{.kind = bfr::firmware::board::device_kind(), .pumps = bfr::core::PumpLayout::shared}};

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
    // A sample set per cuff, in channel order, all of one tick (docs/protocol.md, "Plant link");
    // anything else means the plant line is not what this image expects: stop safe.
    Loop::Ticks ticks{};
    for (std::size_t c = 0; c < Loop::kCuffs; ++c) {
      ticks[c] = board::wait_for_tick(on_host_byte);
      if (ticks[c].channel != c || ticks[c].tick != ticks[0].tick) board::fail_safe(bfr::link::plant::StopReason::abort);
    }
#ifdef OPENBFR_FAULT_DRILL
    bfr::firmware::drill::at(ticks[0].tick);  // drill images only (fault_drill.hpp)
#endif
    for (const auto& command : g_loop.step(ticks, board::host_line())) board::drive(command);
    board::kick_watchdog();
  }
}
