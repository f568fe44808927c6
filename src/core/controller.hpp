#pragma once
// The cuff controller: one pure step from (time, inputs) to (actuator command, status). No hidden
// time, no globals, no heap, no exceptions: deterministic, and the same code runs on the device
// (Cortex-M4) and in the simulator. Session phases are types (phases.hpp); an empty setpoint is
// the safe state.

#include <optional>

#include "core/actuators.hpp"
#include "core/faults.hpp"
#include "core/inputs.hpp"
#include "core/limits.hpp"
#include "core/phases.hpp"
#include "core/regulator.hpp"
#include "core/status.hpp"

namespace bfr::core {

struct ControllerConfig {
  units::Duration restriction_limit = limits::kRestrictionLimit;
  int lop_retries = 2;  // automatic retries of a failed LOP measurement (motion, no pulse, timeout)
  RegulatorTuning tuning{};
};

struct Outputs {
  Actuators actuators{};
  Status status{};
};

class Controller {
 public:
  explicit Controller(ControllerConfig config = {});
  // `latched` is the supervisor's latched fault (FaultId::none when clear).
  Outputs step(units::Instant now, const Inputs& in, FaultId latched);
  [[nodiscard]] const Phase& phase() const { return phase_; }

 private:
  void handle(units::Instant now, const HostCommand& c);
  void begin_lop_search(units::Instant now);
  void deflate(units::Instant now, DeflateReason why);
  [[nodiscard]] std::optional<units::Pressure> setpoint() const;
  Actuators regulate(units::Duration dt, std::optional<units::Pressure> sample, Effort effort = Effort::working);

  ControllerConfig config_;
  Phase phase_ = Idle{};
  Regulator regulator_;
  std::optional<units::Pressure> lop_;
  units::Percent target_ = units::percent(0.0);
  std::optional<units::Instant> previous_;
  std::optional<units::Instant> last_heartbeat_;
  std::optional<units::Pressure> pressure_;  // filtered
  units::Duration restriction_{};
  units::Duration restriction_limit_{};  // this inflation's: the exercise limit, or a planned hold's
  std::optional<units::Instant> off_target_since_;
  DeflateReason deflate_reason_ = DeflateReason::none;
  bool resume_to_pause_ = false;
  int lop_retries_left_ = 0;
  std::optional<LopResult> last_lop_;
  int sets_started_ = 0;
};

}  // namespace bfr::core
