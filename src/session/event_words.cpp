#include "session/event_words.hpp"

#include <fmt/format.h>

namespace bfr::session {

const char* in_words(core::PhaseId p) {
  switch (p) {
    case core::PhaseId::idle: return "cuff off";
    case core::PhaseId::measuring_lop: return "measuring limb occlusion pressure";
    case core::PhaseId::inflating: return "inflating to the target";
    case core::PhaseId::holding: return "set: holding the target";
    case core::PhaseId::resting: return "rest: cuff on at the target";
    case core::PhaseId::paused: return "paused, cuff off";
    case core::PhaseId::deflating: return "deflating";
    case core::PhaseId::fault: return "fault: cuff deflated";
  }
  return "unknown stage";
}

const char* in_words(core::FaultId f) {
  switch (f) {
    case core::FaultId::none: return "no fault";
    case core::FaultId::over_pressure: return "pressure above the hard limit";
    case core::FaultId::above_lop: return "pressure above the limb occlusion pressure";
    case core::FaultId::sensor_out_of_range: return "pressure sensor out of range (disconnected or broken)";
    case core::FaultId::sensor_stale: return "pressure sensor stopped reporting";
    case core::FaultId::sensor_stuck: return "pressure sensor stuck";
    case core::FaultId::sensor_spikes: return "pressure sensor jumps no cuff can make";
    case core::FaultId::sensor_offset: return "pressure sensor reads far from zero with the cuff empty";
    case core::FaultId::leak: return "air leak, or the cuff came off the limb";
    case core::FaultId::air_unaccounted: return "pressure rose with no air going in (sensor drift or pump)";
    case core::FaultId::cannot_inflate: return "cannot inflate (pump, valve or hose)";
    case core::FaultId::vent_blocked: return "cannot let air out (vent valve or hose)";
    case core::FaultId::deflation_failed: return "the cuff did not empty in time";
    case core::FaultId::restriction_time: return "the cuff was on longer than the safety limit";
    case core::FaultId::host_silent: return "the device lost contact with this computer";
    case core::FaultId::under_pressure: return "pressure far below the target for too long (large leak or cuff off)";
    case core::FaultId::hose_blocked: return "hose kinked or blocked";
    case core::FaultId::sensor_disagreement: return "the two pressure sensors disagree";
  }
  return "unknown fault";
}

const char* in_words(core::DeflateReason r) {
  switch (r) {
    case core::DeflateReason::none: return "end of the exercise";
    case core::DeflateReason::operator_stop: return "stopped by the operator";
    case core::DeflateReason::operator_pause: return "paused by the operator";
    case core::DeflateReason::lop_done: return "limb occlusion pressure measured";
    case core::DeflateReason::lop_failed: return "limb occlusion pressure not measured";
    case core::DeflateReason::restriction_limit: return "the cuff was on for the longest time allowed";
    case core::DeflateReason::host_silent: return "the device lost contact with this computer";
    case core::DeflateReason::fault: return "a fault";
  }
  return "unknown reason";
}

const char* in_words(core::LopFailure f) {
  switch (f) {
    case core::LopFailure::none: return "no failure";
    case core::LopFailure::cannot_inflate: return "the cuff could not reach the start pressure (leak, pump or hose)";
    case core::LopFailure::no_pulse: return "no pulse found";
    case core::LopFailure::above_ceiling: return "the pulse was still there at the highest pressure allowed";
    case core::LopFailure::too_much_motion: return "too much movement to trust the result";
    case core::LopFailure::timed_out: return "it took too long";
    case core::LopFailure::pulse_did_not_fade: return "the pulse did not fade (irregular pulse or movement)";
  }
  return "unknown reason";
}

std::string in_words(const store::SessionEvent& e) {
  if (e.kind == "phase_changed") return fmt::format("Stage: {}", in_words(static_cast<core::PhaseId>(e.code)));
  if (e.kind == "lop_measured") return fmt::format("Limb occlusion pressure {:.0f} mmHg (quality {} %)", e.value, e.code);
  if (e.kind == "lop_failed") return fmt::format("Limb occlusion pressure not measured: {}", in_words(static_cast<core::LopFailure>(e.code)));
  if (e.kind == "fault") return fmt::format("Fault: {}. The device deflated the cuff", in_words(static_cast<core::FaultId>(e.code)));
  if (e.kind == "alarm_on") return "Alarm: pressure more than 15 mmHg off target for 1 s";
  if (e.kind == "alarm_off") return "Pressure back on target";
  if (e.kind == "deflated") return fmt::format("Cuff deflating: {}", in_words(static_cast<core::DeflateReason>(e.code)));
  if (e.kind == "exercise") return fmt::format("Exercise {}: {} at {:.0f} % of LOP", e.code + 1, e.text, e.value);
  if (e.kind == "hold") return fmt::format("Aerobic hold: {} at {:.0f} % of LOP", e.text, e.value);
  if (e.kind == "effort") return fmt::format("Effort {}/10 (Borg CR10) during {}", e.code, e.text);
  if (e.kind == "pain_over_rule") return fmt::format("Pain {}/10 during {}, above the rule (up to {:.0f}/10)", e.code, e.text, e.value);
  if (e.kind == "day_check") return "Before the session: every question answered no";
  if (e.kind == "not_run") return "Not guided in this session: " + e.text;  // sessions before aerobic holds were guided
  return e.text;  // not_today and any other: its own words
}

}  // namespace bfr::session
