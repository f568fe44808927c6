#pragma once
// A byte stream between host and device. Three kinds: in-process (the embedded default: the
// virtual device on a thread), a pseudo-terminal (the virtual device behind a serial-port path
// any client can open) and a real serial port (termios) for hardware.

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>

#include "link/byte_sink.hpp"

namespace bfr::link {

// The link failed: the port could not be opened, or the other side is gone.
class LinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Transport : public ByteSink {
 public:
  virtual ~Transport() = default;
  // Waits up to `timeout` for bytes; returns how many were read (0 on timeout). Throws
  // LinkError once the other side has closed.
  virtual std::size_t read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout) = 0;
  // Writes all bytes or throws LinkError.
  void write(std::span<const std::uint8_t> bytes) override = 0;
};

// Two connected ends in this process.
std::pair<std::unique_ptr<Transport>, std::unique_ptr<Transport>> make_in_process_pair();

// A serial port (a real one, or the client side of a pseudo-terminal), raw 8N1 at 115200 baud.
std::unique_ptr<Transport> open_serial(const std::string& path);

// The device name that means the virtual cuff rather than a serial port (DeviceConnection).
inline constexpr const char* kVirtualCuff = "sim";

// The device side of a new pseudo-terminal; `path()` is what a client opens as a serial port.
class PseudoTerminal {
 public:
  PseudoTerminal();
  ~PseudoTerminal();
  PseudoTerminal(const PseudoTerminal&) = delete;
  PseudoTerminal& operator=(const PseudoTerminal&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }
  // The device's end. Clients may come and go; the device end stays open.
  [[nodiscard]] Transport& device_end() { return *device_end_; }

 private:
  std::string path_;
  int keep_open_ = -1;  // our own handle on the client side, so a client leaving is not a hang-up
  std::unique_ptr<Transport> device_end_;
};

}  // namespace bfr::link
