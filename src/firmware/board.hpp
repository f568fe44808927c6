#pragma once
// What the firmware's main loop needs from a board. One implementation per board, chosen at link
// time (boards/<name>/); the loop itself is the same on every board. mps2_an386 is QEMU's
// Cortex-M4 board, whose sensors and actuators are the host's simulated plant on a second UART
// (hardware in the loop); a real board (an STM32F4, say) would sample its ADC on a 1 kHz timer
// and drive PWM and GPIO instead.

#include <cstdint>

#include "link/byte_sink.hpp"
#include "link/messages.hpp"
#include "link/plant_link.hpp"

namespace bfr::firmware::board {

// What the device tells a host it is (its hello): a board whose sensors and actuators are a
// simulator's is a simulated cuff, and the host labels everything it records as simulated.
link::DeviceKind device_kind();

// Clocks, serial lines, timer and watchdog, once at reset.
void init();

// Called with each protocol byte from the host as it arrives.
using HostByteHandler = void (*)(std::uint8_t byte);

// Waits for the next control tick and returns its sensor samples; host bytes that arrive while
// waiting go to `on_host_byte`. Every host byte sent before the tick has been handed over when
// this returns.
link::plant::SensorTick wait_for_tick(HostByteHandler on_host_byte);

// Applies the tick's actuator command.
void drive(const link::plant::ActuatorTick& command);

// The serial line to the host (docs/protocol.md).
link::ByteSink& host_line();

// The loop finished a tick in time.
void kick_watchdog();

// Every output to its unpowered, safe state, then stop until the watchdog resets the board:
// the hard-fault handler and abort() end here.
[[noreturn]] void fail_safe(link::plant::StopReason why);

}  // namespace bfr::firmware::board
