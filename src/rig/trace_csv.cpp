#include "rig/trace_csv.hpp"

#include <fmt/format.h>

namespace bfr::rig {

TraceCsvWriter::TraceCsvWriter(std::ostream& out) : out_(out) {
  out_ << "# simulated: OpenBFR virtual cuff, not a measurement of a person\n"
          "time_s,measured_mmHg,distal_pulse,true_cuff_mmHg,true_manifold_mmHg,true_lop_mmHg,"
          "true_tissue_mmHg,true_arterial_mmHg,true_venous_mmHg,true_inflow_fraction,true_outflow_fraction,"
          "pump_duty,inflate_valve_open,deflate_opening,dump_valve_powered,activation,set,rep\n";
}

void TraceCsvWriter::write(const TraceRow& r) {
  const auto& t = r.truth;
  const auto opt = [](const auto& v, auto f) { return v ? fmt::format("{:.3f}", f(*v)) : std::string(); };
  out_ << fmt::format("{:.3f},{},{},{:.3f},{:.3f},{},{:.3f},{:.3f},{:.3f},{:.4f},{:.4f},{:.3f},{:d},{:.3f},{:d},{:.3f},{},{}\n",
                      r.time.seconds(), opt(r.measured, [](units::Pressure p) { return p.mmHg(); }),
                      opt(r.distal_pulse, [](double x) { return x; }), t.cuff.mmHg(), t.manifold.mmHg(),
                      opt(t.lop, [](units::Pressure p) { return p.mmHg(); }), t.tissue.mmHg(), t.local_arterial.mmHg(),
                      t.distal_venous.mmHg(), t.arterial_inflow.fraction(), t.venous_outflow.fraction(),
                      t.applied.pump_duty, t.applied.inflate_valve_open, t.applied.deflate_opening,
                      t.applied.dump_valve_powered, t.exercise.activation, t.exercise.set + 1, t.exercise.rep + 1);
}

}  // namespace bfr::rig
