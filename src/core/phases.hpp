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

// The cuff is meant to restrict blood flow: filling to the prescription or holding it.
constexpr bool is_restricting(PhaseId p) { return p == PhaseId::inflating || p == PhaseId::holding || p == PhaseId::resting; }
// The pressure is regulated at a setpoint: in a set or resting between sets.
constexpr bool is_regulating(PhaseId p) { return p == PhaseId::holding || p == PhaseId::resting; }
// The host is running a session with the cuff (LOP measurement included).
constexpr bool is_in_session(PhaseId p) { return is_restricting(p) || p == PhaseId::measuring_lop; }

// Why the controller last deflated on its own.
enum class DeflateReason : std::uint8_t { none, operator_stop, operator_pause, lop_done, lop_failed, restriction_limit, host_silent, fault };
const char* to_string(DeflateReason r);

}  // namespace bfr::core
