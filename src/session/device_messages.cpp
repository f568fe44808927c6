#include "session/device_messages.hpp"

#include <fmt/format.h>

#include "core/faults.hpp"
#include "core/lop_search.hpp"
#include "link/wire_units.hpp"

namespace bfr::session {

store::Sample to_sample(const link::Telemetry& t) {
  store::Sample s;
  s.t_ms = t.time_ms;
  s.pressure_mmHg = link::from_signed_dmmHg(t.pressure_dmmHg).mmHg();
  if (const auto sp = link::from_dmmHg(t.setpoint_dmmHg)) s.setpoint_mmHg = sp->mmHg();
  s.target_pct = link::from_dpct(t.target_dpct).percent();
  s.phase = t.phase;
  s.set = t.set;
  s.rep = t.rep;
  s.pulse_mmHg = link::from_cmmHg(t.pulse_cmmHg).mmHg();
  s.off_target = (t.flags & link::kFlagOffTarget) != 0;
  s.fault = t.fault;
  return s;
}

bool asked_for(core::DeflateReason r) {
  return r == core::DeflateReason::operator_stop || r == core::DeflateReason::operator_pause || r == core::DeflateReason::lop_done ||
         r == core::DeflateReason::lop_failed || r == core::DeflateReason::none;
}

store::SessionEvent describe(const link::Event& e) {
  store::SessionEvent r;
  r.t_ms = e.time_ms;
  r.code = e.code;
  r.value = e.value;
  switch (e.kind) {
    case link::EventKind::phase_changed:
      r.kind = "phase_changed";
      r.text = core::to_string(static_cast<core::PhaseId>(e.code));
      break;
    case link::EventKind::lop_measured: {
      const double lop = link::from_dmmHg(e.value).value_or(units::mmHg(0.0)).mmHg();
      r.kind = "lop_measured";
      r.value = lop;
      r.text = fmt::format("LOP {:.1f} mmHg (quality {} %)", lop, e.code);
      break;
    }
    case link::EventKind::lop_failed:
      r.kind = "lop_failed";
      r.text = fmt::format("LOP not measured: {}", core::to_string(static_cast<core::LopFailure>(e.code)));
      break;
    case link::EventKind::fault:
      r.kind = "fault";
      r.text = fmt::format("fault: {}", core::to_string(static_cast<core::FaultId>(e.code)));
      break;
    case link::EventKind::alarm_on:
      r.kind = "alarm_on";
      r.text = "pressure more than 15 mmHg off target for 1 s";
      break;
    case link::EventKind::alarm_off:
      r.kind = "alarm_off";
      r.text = "pressure back on target";
      break;
    case link::EventKind::deflated:
      r.kind = "deflated";
      r.text = fmt::format("deflating: {}", core::to_string(static_cast<core::DeflateReason>(e.code)));
      break;
  }
  return r;
}

}  // namespace bfr::session
