#pragma once
// The phases of a session, each a type. Each holds only what it needs; a phase changes only in
// Controller::step, at a boundary where the cuff is in a known state.

#include <cstdint>
#include <variant>

#include "core/lop_search.hpp"
#include "units/units.hpp"

namespace bfr::core {

struct Idle {};                                 // cuff empty, waiting for the host
struct MeasuringLop { LopSearch search; };      // automatic LOP measurement
struct Inflating { units::Instant since{}; };   // filling to the prescribed pressure
struct Holding { units::Instant since{}; };     // a set of repetitions, pressure regulated
struct Resting { units::Instant since{}; };     // between sets, cuff kept on, pressure regulated
struct Paused {};                               // deflated at the operator's request, session kept
struct Deflating { units::Instant since{}; };   // emptying the cuff; then Idle (or Paused)
struct Fault {};                                // the supervisor tripped: deflated, latched

using Phase = std::variant<Idle, MeasuringLop, Inflating, Holding, Resting, Paused, Deflating, Fault>;

// Stable numbers for telemetry and the device protocol (never reordered).
enum class PhaseId : std::uint8_t { idle = 0, measuring_lop, inflating, holding, resting, paused, deflating, fault };
inline PhaseId phase_id(const Phase& p) { return static_cast<PhaseId>(p.index()); }
const char* to_string(PhaseId p);

// Why the controller last deflated on its own.
enum class DeflateReason : std::uint8_t { none, operator_stop, operator_pause, lop_done, lop_failed, restriction_limit, host_silent, fault };
const char* to_string(DeflateReason r);

}  // namespace bfr::core
