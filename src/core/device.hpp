#pragma once
// The firmware's top: controller, then supervisor, every step. The supervisor's output is what
// reaches the actuators; the controller cannot bypass it.

#include "core/controller.hpp"
#include "core/supervisor.hpp"

namespace bfr::core {

class Device {
 public:
  explicit Device(ControllerConfig config = {}) : controller_(config) {}
  Outputs step(units::Instant now, const Inputs& in);
  [[nodiscard]] const Controller& controller() const { return controller_; }
  [[nodiscard]] const Supervisor& supervisor() const { return supervisor_; }

 private:
  Controller controller_;
  Supervisor supervisor_;
};

}  // namespace bfr::core
