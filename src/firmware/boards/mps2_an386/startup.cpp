// Reset and exception entry for the Cortex-M4 (ARMv7-M ARM B1.5): the vector table, the reset
// handler that enables the FPU and sets up memory before the firmware's main loop, and fault
// handlers that make every output safe. The only interrupts are SysTick and the two UARTs' receive.

#include <cstdint>

#include "firmware/board.hpp"
#include "firmware/boards/mps2_an386/cmsdk.hpp"

extern "C" {
// From the linker script (mps2_an386.ld).
extern std::uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[], __stack_top[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();

[[noreturn]] void firmware_main();  // main.cpp
[[noreturn]] void Reset_Handler();
[[noreturn]] void Fault_Handler();
[[noreturn]] void Nmi_Handler();
void Uart0Rx_Handler();  // board.cpp
void Uart1Rx_Handler();
void SysTick_Handler();
}

namespace {
using Handler = void (*)();
constexpr int kVectors = 16 + bfr::firmware::mps2::kIrqCount;  // system exceptions, then IRQs 0-3
}  // namespace

// Vector 0 is the initial stack pointer, 1 the reset handler; the faults go to the fault handler, and the exceptions we never raise (SVCall, PendSV) too.
__attribute__((section(".isr_vector"), used)) const Handler g_vector_table[kVectors] = {
    reinterpret_cast<Handler>(__stack_top),
    Reset_Handler,
    Nmi_Handler,    // NMI: on the AN386 the watchdog's first expiry
    Fault_Handler,  // HardFault
    Fault_Handler,  // MemManage
    Fault_Handler,  // BusFault
    Fault_Handler,  // UsageFault
    nullptr, nullptr, nullptr, nullptr,
    Fault_Handler,  // SVCall
    Fault_Handler,  // DebugMonitor
    nullptr,
    Fault_Handler,  // PendSV
    SysTick_Handler,
    Uart0Rx_Handler,  // IRQ 0
    Fault_Handler,    // IRQ 1, UART0 TX: not enabled
    Uart1Rx_Handler,  // IRQ 2
    Fault_Handler,    // IRQ 3, UART1 TX: not enabled
};

extern "C" void Reset_Handler() {
  // The image is built for the hardware FPU: give the core access to it before any float code.
  *reinterpret_cast<volatile std::uint32_t*>(bfr::firmware::mps2::kCpacr) |= bfr::firmware::mps2::kCpacrFullAccessCp10Cp11;
  __asm volatile("dsb\n\tisb" ::: "memory");
  for (std::uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
  for (std::uint32_t* dst = __bss_start; dst < __bss_end;) *dst++ = 0;
  for (auto** ctor = __init_array_start; ctor < __init_array_end; ++ctor) (**ctor)();
  firmware_main();
}

// The watchdog warns through the NMI one window before it resets the board.
extern "C" void Nmi_Handler() { bfr::firmware::board::fail_safe(bfr::link::plant::StopReason::watchdog); }

extern "C" void Fault_Handler() { bfr::firmware::board::fail_safe(bfr::link::plant::StopReason::hard_fault); }
