#pragma once
// Drill images only, never the product image: at tick kAtTick the control step hangs, faults or
// aborts, so that tests can show on the target itself that the watchdog, the fault handlers and
// abort() each end in the safe stop (tests/hil/firmware_in_the_loop_test.cpp). src/firmware's
// CMakeLists builds one image per kind, with OPENBFR_FAULT_DRILL set to the kind's name.

#include <cstdint>
#include <cstdlib>

namespace bfr::firmware::drill {

enum class Kind { hang, fault, abort };
inline constexpr Kind kKind = Kind::OPENBFR_FAULT_DRILL;
// 8 s in: in the drill scenario (tests/hil) the cuff is then held at its target.
inline constexpr std::uint32_t kAtTick = 8000;

inline void at(std::uint32_t tick) {
  if (tick != kAtTick) return;
  switch (kKind) {
    case Kind::hang:  // a step that never ends: only the watchdog can stop it
      for (;;) __asm volatile("" ::: "memory");
    case Kind::fault:  // an undefined instruction: UsageFault, escalated to HardFault
      __asm volatile("udf #0");
      break;
    case Kind::abort:  // a failed contract check in library code
      std::abort();
  }
}

}  // namespace bfr::firmware::drill
