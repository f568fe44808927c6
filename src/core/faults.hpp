#pragma once
// Faults the supervisor detects. IDs are stable (they go over the link and into records); the
// rank orders them when several are active: the highest-ranked one is reported. Every fault's
// response is the same and only makes things safer: deflate and latch until acknowledged.
// docs/safety.md lists each hazard, its detection and its response.

#include <cstdint>

namespace bfr::core {

enum class FaultId : std::uint8_t {
  none = 0,
  over_pressure = 1,         // above the hard cap
  above_lop = 2,             // above 100 % LOP (+ margin) while restricting
  sensor_out_of_range = 3,   // reading at a rail: disconnected or broken
  sensor_stale = 4,          // no reading when one was due
  sensor_stuck = 5,          // the reading does not move at all
  sensor_spikes = 6,         // jumps no cuff can make
  sensor_offset = 7,         // reads far from zero with the cuff open to air
  leak = 8,                  // more air goes in than stays: a leak or a cuff off the limb
  air_unaccounted = 9,       // pressure rises with no air going in: sensor drift or pump runaway
  cannot_inflate = 10,       // pumping without pressure rising: pump, valve or hose
  vent_blocked = 11,         // venting without pressure falling: vent valve or hose
  deflation_failed = 12,     // still pressurised after the deflation deadline
  restriction_time = 13,     // cumulative restriction over the backstop limit
  host_silent = 14,          // the host stopped talking (backstop to the controller)
  under_pressure = 15,       // far below target for long: cannot hold (large leak, cuff off)
  hose_blocked = 16,         // the sensor sees only the device side: hose kinked or blocked
  sensor_disagreement = 17,  // the main and cuff-line sensors disagree: one is wrong, or the hose is blocked
};

const char* to_string(FaultId f);
// Higher is more severe.
int rank(FaultId f);

}  // namespace bfr::core
