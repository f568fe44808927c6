#pragma once
// The firmware's top: controller, then supervisor, every step. The supervisor's output is what
// reaches the actuators; the controller cannot bypass it.

#include "core/controller.hpp"
#include "core/supervisor.hpp"

namespace bfr::core {

class Device {
 public:
  explicit Device(ControllerConfig config = {}) : controller_(config) {}
  Outputs step(units::Instant now, const Inputs& in) { return supervise(now, in, propose(now, in)); }

  // The two halves of a step, for a device whose channels share hardware (two_channel_device.hpp):
  // what the controller asks, then the supervisor's judgement of the command that will act.
  // `also_latched` is a fault latched elsewhere in the device that this channel must treat as its
  // own: its controller goes to Fault and deflates.
  Outputs propose(units::Instant now, const Inputs& in, FaultId also_latched = FaultId::none);
  Outputs supervise(units::Instant now, const Inputs& in, Outputs proposed);

  // The operator has seen the fault: clears the latch if the cuff is empty (a command::Acknowledge
  // does this at the start of a step). Returns whether it did.
  bool acknowledge() { return supervisor_.acknowledge(); }

  [[nodiscard]] const Controller& controller() const { return controller_; }
  [[nodiscard]] const Supervisor& supervisor() const { return supervisor_; }

 private:
  Controller controller_;
  Supervisor supervisor_;
};

}  // namespace bfr::core
