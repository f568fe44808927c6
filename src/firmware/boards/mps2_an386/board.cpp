// The MPS2 AN386 board under QEMU, in the loop: UART0 is the host line (docs/protocol.md), UART1
// the plant line on which the host's simulated plant sends each tick's sensor samples and takes
// the tick's actuator command (docs/protocol.md, "Plant link"). The plant is the clock: a tick
// begins when its samples arrive, as on a real board it begins at the 1 kHz timer's interrupt.

#include <array>
#include <optional>

#include "firmware/board.hpp"
#include "firmware/boards/mps2_an386/byte_ring.hpp"
#include "firmware/boards/mps2_an386/cmsdk.hpp"

namespace bfr::firmware::board {

namespace {

// Both lines at the rate the host protocol names; QEMU does not pace its UARTs, a board would.
constexpr std::uint32_t kBaud = 115200;
// Two missed 50 ms windows reset the board (the second expiry of the CMSDK watchdog resets).
constexpr std::uint32_t kWatchdogWindowClocks = mps2::kSystemClockHz / 20;

using ByteRingT = mps2::ByteRing<256>;
const mps2::Uart g_host_uart{mps2::kUart0};
const mps2::Uart g_plant_uart{mps2::kUart1};

class HostLine final : public link::ByteSink {
 public:
  void write(std::span<const std::uint8_t> bytes) override {
    for (const auto b : bytes) g_host_uart.write(b);
  }
};
HostLine g_host_line;

// Received bytes, put by the receive interrupts. A tick's plant frame is 35 bytes and the host
// sends at most a few frames between ticks, so 256 bytes is ample.
ByteRingT g_host_rx;
ByteRingT g_plant_rx;
link::plant::Decoder g_plant_decoder;
std::uint32_t g_host_bytes_handed = 0;
std::uint32_t g_tick_began = 0;  // SysTick value when the tick's samples arrived
// SysTick reloads every millisecond: it wakes the wait for the plant, which kicks the watchdog,
// so that only a control step that hangs (or a plant gone for good) lets the watchdog fire.
constexpr std::uint32_t kSysTickReload = mps2::kSystemClockHz / 1000 - 1;

mps2::WatchdogRegisters& watchdog() { return *reinterpret_cast<mps2::WatchdogRegisters*>(mps2::kWatchdog); }
// The watchdog ignores every write while locked, its reload included.
void watchdog_lock(bool locked) {
  *reinterpret_cast<volatile std::uint32_t*>(mps2::kWatchdog + mps2::kWatchdogLockOffset) = locked ? 0 : mps2::kWatchdogUnlock;
}
mps2::SysTickRegisters& systick() { return *reinterpret_cast<mps2::SysTickRegisters*>(mps2::kSysTick); }

void write_plant(const link::plant::Message& m) {
  std::array<std::uint8_t, link::plant::kMaxFrame> frame{};
  const auto n = link::plant::encode(m, frame);
  for (std::size_t i = 0; i < n; ++i) g_plant_uart.write(frame[i]);
}

}  // namespace

}  // namespace bfr::firmware::board

// The receive interrupts (vectors 16 + IRQ number, startup.cpp).
extern "C" void Uart0Rx_Handler() {
  using namespace bfr::firmware::board;
  std::uint8_t byte = 0;
  if (g_host_uart.take(byte)) g_host_rx.put(byte);
}
// Its whole job is to end the wait's WFI once a millisecond.
extern "C" void SysTick_Handler() {}
extern "C" void Uart1Rx_Handler() {
  using namespace bfr::firmware::board;
  std::uint8_t byte = 0;
  if (g_plant_uart.take(byte)) g_plant_rx.put(byte);
}

namespace bfr::firmware::board {

// QEMU's board has no cuff: its plant is always the host's simulator.
link::DeviceKind device_kind() { return link::DeviceKind::simulated; }

void init() {
  g_host_uart.enable(kBaud);
  g_plant_uart.enable(kBaud);
  auto& wd = watchdog();
  watchdog_lock(false);
  wd.load = kWatchdogWindowClocks;
  wd.ctrl = mps2::kWatchdogInterruptEnable | mps2::kWatchdogResetEnable;
  watchdog_lock(true);
  *reinterpret_cast<volatile std::uint32_t*>(mps2::kNvicIser0) = (1U << mps2::kIrqUart0Rx) | (1U << mps2::kIrqUart1Rx);
  // SysTick at 1 kHz on the processor clock: the board's timer tick, and what times each step.
  auto& st = systick();
  st.load = kSysTickReload;
  st.val = 0;
  st.ctrl = 0b111;  // enable, interrupt, processor clock
}

link::plant::SensorTick wait_for_tick(HostByteHandler on_host_byte) {
  std::optional<link::plant::SensorTick> tick;
  for (;;) {
    std::uint8_t byte = 0;
    while (g_host_rx.take(byte)) {
      on_host_byte(byte);
      ++g_host_bytes_handed;
    }
    while (!tick && g_plant_rx.take(byte)) {
      if (const auto m = g_plant_decoder.feed(byte)) {
        if (const auto* t = std::get_if<link::plant::SensorTick>(&*m)) tick = *t;
      }
    }
    // Counts are modulo 2^16: the tick may begin once none of its host bytes is still to come.
    if (tick && static_cast<std::int16_t>(tick->host_bytes - static_cast<std::uint16_t>(g_host_bytes_handed)) <= 0) {
      g_tick_began = systick().val;
      return *tick;
    }
    // Waiting for the plant is this board's sleep until the next timer tick: sleep until a byte
    // arrives. Interrupts are masked between the check and the sleep so that a byte arriving in
    // between still wakes it (WFI wakes on a pending interrupt even when masked).
    kick_watchdog();
    __asm volatile("cpsid i" ::: "memory");
    if (g_host_rx.empty() && g_plant_rx.empty()) __asm volatile("wfi" ::: "memory");
    __asm volatile("cpsie i" ::: "memory");
  }
}

void drive(const link::plant::ActuatorTick& command) {
  auto reported = command;
  // SysTick counts down and reloads every millisecond: the clocks this tick took on the target
  // (a step longer than 1 ms would wrap; one of that length would be a finding in itself).
  const auto now = systick().val;
  const auto clocks = g_tick_began >= now ? g_tick_began - now : g_tick_began + kSysTickReload + 1 - now;
  reported.step_clocks = static_cast<std::uint16_t>(clocks > 0xFFFF ? 0xFFFF : clocks);
  write_plant(reported);
}

link::ByteSink& host_line() { return g_host_line; }

void kick_watchdog() {
  watchdog_lock(false);
  watchdog().intclr = 1;
  watchdog_lock(true);
}

void fail_safe(link::plant::StopReason why) {
  // The plant's actuators follow the last command until told otherwise: tell it to make every
  // output safe (pump off, inflate shut, vent and dump open), then stop.
  write_plant(link::plant::SafeStop{why});
  for (;;) {
  }
}

}  // namespace bfr::firmware::board
