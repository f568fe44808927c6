#pragma once
// Where encoded frames go: a UART driver on the device, a transport on the host.

#include <cstdint>
#include <span>

namespace bfr::link {

class ByteSink {
 public:
  virtual void write(std::span<const std::uint8_t> bytes) = 0;

 protected:
  ~ByteSink() = default;
};

}  // namespace bfr::link
