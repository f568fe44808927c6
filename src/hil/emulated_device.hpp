#pragma once
// The firmware on a FirmwarePort (the emulated Cortex-M4, for `bfr device-sim --hil`) as the
// virtual device's firmware: the host's bytes wait for the next millisecond step and reach the
// firmware on its host line before that step's samples, as in a hardware-in-the-loop run.
//
// The simulated athlete cannot see inside the emulated firmware, so it follows what the host tells
// it (start a set, rest, stop), as a person follows the app. Once the firmware has stopped itself
// (watchdog, fault, abort) its outputs are safe and it says nothing more; a host then sees silence.

#include <deque>
#include <memory>
#include <vector>

#include "hil/firmware_port.hpp"
#include "hil/step_clocks.hpp"
#include "link/device_firmware.hpp"
#include "link/frame.hpp"

namespace bfr::hil {

class FirmwareOnPort final : public link::DeviceFirmware {
 public:
  explicit FirmwareOnPort(std::unique_ptr<FirmwarePort> port) : port_(std::move(port)) {}

  void receive(std::span<const std::uint8_t> bytes, link::ByteSink& out) override;
  [[nodiscard]] std::size_t cuffs() const override { return port_->cuffs(); }
  void step(units::Instant now, std::span<const core::Inputs> sensors, std::span<core::Actuators> commands,
            link::ByteSink& out) override;
  [[nodiscard]] std::optional<link::Command> applied() const override { return applied_; }

  [[nodiscard]] const std::optional<link::plant::StopReason>& stopped() const { return stopped_; }
  // How long the steps took on the target.
  [[nodiscard]] const StepClocks& step_clocks() const { return step_clocks_; }

 private:
  std::unique_ptr<FirmwarePort> port_;
  std::vector<std::uint8_t> pending_;  // host bytes for the next step
  link::Decoder heard_;                // what the athlete hears the host ask for
  std::deque<link::Command> asked_;
  std::optional<link::Command> applied_;
  std::optional<link::plant::StopReason> stopped_;
  StepClocks step_clocks_;
};

}  // namespace bfr::hil
