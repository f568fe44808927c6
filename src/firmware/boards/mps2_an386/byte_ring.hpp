#pragma once
// A single-producer, single-consumer ring of bytes: an interrupt handler puts, the main loop
// takes. Power-of-two size; one slot stays empty to tell full from empty.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace bfr::firmware::mps2 {

template <std::size_t N>
class ByteRing {
  static_assert((N & (N - 1)) == 0, "N must be a power of two");

 public:
  // From the interrupt; false (the byte is lost and counted) when full.
  bool put(std::uint8_t b) {
    const auto head = head_;
    const auto next = (head + 1) & (N - 1);
    if (next == tail_) {
      overruns_ = overruns_ + 1;
      return false;
    }
    data_[head] = b;
    std::atomic_signal_fence(std::memory_order_release);  // the byte before the index that shows it
    head_ = next;
    return true;
  }
  bool take(std::uint8_t& b) {
    const auto tail = tail_;
    if (tail == head_) return false;
    std::atomic_signal_fence(std::memory_order_acquire);
    b = data_[tail];
    tail_ = (tail + 1) & (N - 1);
    return true;
  }
  [[nodiscard]] bool empty() const { return head_ == tail_; }
  [[nodiscard]] std::uint32_t overruns() const { return overruns_; }

 private:
  std::array<std::uint8_t, N> data_{};
  volatile std::size_t head_ = 0;
  volatile std::size_t tail_ = 0;
  volatile std::uint32_t overruns_ = 0;
};

}  // namespace bfr::firmware::mps2
