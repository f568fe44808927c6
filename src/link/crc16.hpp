#pragma once
// CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR): the
// check on every frame of the device protocol. Catches every burst error of up to 16 bits, which
// a UART's single-bit and framing errors are. Check value for "123456789" is 0x29B1 (Greg Cook's
// CRC catalogue, "CRC-16/IBM-3740").

#include <cstdint>
#include <span>

namespace bfr::link {

constexpr std::uint16_t crc16_ccitt(std::span<const std::uint8_t> bytes, std::uint16_t crc = 0xFFFF) {
  for (const auto b : bytes) {
    crc = static_cast<std::uint16_t>(crc ^ (b << 8));
    for (int bit = 0; bit < 8; ++bit)
      crc = static_cast<std::uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
  }
  return crc;
}

}  // namespace bfr::link
