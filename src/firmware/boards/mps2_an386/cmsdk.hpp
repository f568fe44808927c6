#pragma once
// Registers of the Arm Cortex-M System Design Kit peripherals on the MPS2 AN386 image (Arm
// DDI0479C, CMSDK technical reference; Arm AN386 memory map), and of the Cortex-M4 core (Arm
// DDI0439B / ARMv7-M ARM).

#include <cstdint>

namespace bfr::firmware::mps2 {

inline constexpr std::uintptr_t kUart0 = 0x40004000;     // the host line
inline constexpr std::uintptr_t kUart1 = 0x40005000;     // the plant line
inline constexpr std::uintptr_t kWatchdog = 0x40008000;  // CMSDK APB watchdog
inline constexpr std::uint32_t kSystemClockHz = 25'000'000;  // AN386: 25 MHz FPGA system clock

// CMSDK APB UART (DDI0479C 4.3): one byte each way, no FIFO.
struct UartRegisters {
  volatile std::uint32_t data;
  volatile std::uint32_t state;  // bit 0 TX buffer full, bit 1 RX buffer full
  volatile std::uint32_t ctrl;   // bit 0 TX enable, bit 1 RX enable
  volatile std::uint32_t intstatus;
  volatile std::uint32_t bauddiv;  // at least 16
};
inline constexpr std::uint32_t kUartTxFull = 1U << 0, kUartRxFull = 1U << 1;
inline constexpr std::uint32_t kUartTxEnable = 1U << 0, kUartRxEnable = 1U << 1;
inline constexpr std::uint32_t kUartRxInterruptEnable = 1U << 3;
inline constexpr std::uint32_t kUartRxInterrupt = 1U << 1;  // in intstatus; write 1 to clear

// Interrupt numbers of the AN386 image (Arm AN386, table "Interrupt map").
inline constexpr int kIrqUart0Rx = 0, kIrqUart1Rx = 2;
inline constexpr int kIrqCount = 4;  // the vector table covers IRQs 0-3

class Uart {
 public:
  explicit Uart(std::uintptr_t base) : base_(base) {}
  void enable(std::uint32_t baud) const {
    regs().bauddiv = kSystemClockHz / baud;
    regs().ctrl = kUartTxEnable | kUartRxEnable | kUartRxInterruptEnable;
  }
  // From the receive interrupt: the byte, and the interrupt cleared.
  bool take(std::uint8_t& byte) const {
    regs().intstatus = kUartRxInterrupt;
    return read(byte);
  }
  bool read(std::uint8_t& byte) const {
    if ((regs().state & kUartRxFull) == 0) return false;
    byte = static_cast<std::uint8_t>(regs().data);
    return true;
  }
  void write(std::uint8_t byte) const {
    while ((regs().state & kUartTxFull) != 0) {
    }
    regs().data = byte;
  }

 private:
  [[nodiscard]] UartRegisters& regs() const { return *reinterpret_cast<UartRegisters*>(base_); }
  std::uintptr_t base_;
};

// CMSDK APB watchdog (DDI0479C 4.5): counts down from LOAD; the first time it reaches zero it
// raises its interrupt and reloads, the second time (interrupt not cleared) it resets the system.
struct WatchdogRegisters {
  volatile std::uint32_t load;
  volatile std::uint32_t value;
  volatile std::uint32_t ctrl;    // bit 0 interrupt enable (and counter enable), bit 1 reset enable
  volatile std::uint32_t intclr;  // any write: clear the interrupt and reload
};
inline constexpr std::uintptr_t kWatchdogLockOffset = 0xC00;
inline constexpr std::uint32_t kWatchdogUnlock = 0x1ACCE551;
inline constexpr std::uint32_t kWatchdogInterruptEnable = 1U << 0, kWatchdogResetEnable = 1U << 1;

// Cortex-M4 system control: the FPU's coprocessor access, and SysTick.
inline constexpr std::uintptr_t kCpacr = 0xE000ED88;
inline constexpr std::uint32_t kCpacrFullAccessCp10Cp11 = 0xFU << 20;
struct SysTickRegisters {
  volatile std::uint32_t ctrl;  // bit 0 enable, bit 1 interrupt, bit 2 processor clock
  volatile std::uint32_t load;
  volatile std::uint32_t val;
  volatile std::uint32_t calib;
};
inline constexpr std::uintptr_t kSysTick = 0xE000E010;
inline constexpr std::uintptr_t kNvicIser0 = 0xE000E100;  // set-enable for IRQs 0-31

}  // namespace bfr::firmware::mps2
