#pragma once
// The firmware image running on QEMU's mps2-an386 (Cortex-M4): UART0 is the host line, UART1 the
// plant line (docs/protocol.md), each a Unix socket that QEMU connects to. Lockstep: each tick's
// samples go out only after the tick's host bytes, and the tick ends only when its actuator
// command and every protocol byte the firmware counted have come back.

#include <cstddef>
#include <filesystem>
#include <string>
#include <sys/types.h>

#include "hil/firmware_port.hpp"

namespace bfr::hil {

struct EmulatorOptions {
  std::filesystem::path image;           // the firmware ELF
  std::string qemu = "qemu-system-arm";  // found on PATH
  int timeout_ms = 30000;                // for start-up and for each tick's answer (a loaded CI machine)
  std::size_t cuffs = 1;                 // what the image drives: openbfr_firmware_two_cuffs drives 2
};

class EmulatedFirmware final : public FirmwarePort {
 public:
  explicit EmulatedFirmware(EmulatorOptions options);
  ~EmulatedFirmware() override;
  EmulatedFirmware(const EmulatedFirmware&) = delete;
  EmulatedFirmware& operator=(const EmulatedFirmware&) = delete;

  [[nodiscard]] std::size_t cuffs() const override { return options_.cuffs; }
  TickResult tick(std::span<const std::uint8_t> host_bytes, std::span<const link::plant::SensorTick> sensors) override;
  [[nodiscard]] std::string name() const override { return "emulated Cortex-M4 (QEMU mps2-an386)"; }

 private:
  void start();    // the sockets, QEMU, and its two connections
  void release();  // everything start() made, whatever got made
  void write_all(int fd, std::span<const std::uint8_t> bytes);
  // Reads what is there on `fd`, waiting up to the timeout; throws HilError if nothing comes.
  std::size_t read_some(int fd, std::span<std::uint8_t> out, const char* what);
  [[noreturn]] void fail(const std::string& why);

  EmulatorOptions options_;
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int host_fd_ = -1, plant_fd_ = -1;
  std::uint32_t host_sent_ = 0, device_received_ = 0, ticks_ = 0;
  link::plant::Decoder plant_decoder_;
};

// The firmware image this build made for one cuff (cmake's OPENBFR_FIRMWARE_IMAGE) or two (its
// sibling openbfr_firmware_two_cuffs.elf), or empty if it made none.
std::filesystem::path built_firmware_image(std::size_t cuffs = 1);

}  // namespace bfr::hil
