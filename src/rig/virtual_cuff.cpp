#include "rig/virtual_cuff.hpp"

#include <atomic>
#include <string>

#include <thread>

#include "rig/virtual_device.hpp"
#include "sim/faults.hpp"

namespace bfr::rig {

namespace {

sim::FaultKind simulated(link::RehearsedFault f) {
  switch (f) {
    case link::RehearsedFault::large_leak: return sim::FaultKind::large_leak;
    case link::RehearsedFault::cuff_off: return sim::FaultKind::cuff_off;
  }
  return sim::FaultKind::large_leak;
}

class VirtualCuff final : public link::DeviceConnection {
 public:
  explicit VirtualCuff(const link::DeviceRequest& r) {
    if (r.cuffs < 1 || r.cuffs > link::kMostChannels)
      throw link::LinkError("the virtual device has 1 or 2 cuffs, not " + std::to_string(r.cuffs));
    sim::TwoLimbSpec pair = virtual_athlete_pair(
        r.seed, r.pumps == link::PumpLayoutCode::shared ? sim::PumpLayout::shared : sim::PumpLayout::one_per_channel);
    auto& first = pair.sides[sim::kLeft];
    if (r.rehearse) {
      const auto kind = simulated(r.rehearse->fault);
      first.faults.push_back({kind, units::at_seconds(r.rehearse->at_s), std::nullopt, sim::default_severity(kind)});
    }
    BodySpec body = pair;
    if (r.cuffs == 1) body = first;
    else label_ = pair.pumps == sim::PumpLayout::shared ? "virtual cuffs (two thighs, one pump)" : "virtual cuffs (two thighs, a pump each)";
    auto [host, device_end] = link::make_in_process_pair();
    host_ = std::move(host);
    device_end_ = std::move(device_end);
    device_ = std::make_unique<VirtualDevice>(VirtualDeviceOptions{std::move(body), r.speed}, *device_end_);
    thread_ = std::thread([this] { device_->run(stop_); });
  }
  ~VirtualCuff() override {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  VirtualCuff(const VirtualCuff&) = delete;
  VirtualCuff& operator=(const VirtualCuff&) = delete;

  link::Transport& host_end() override { return *host_; }
  [[nodiscard]] const std::string& label() const override { return label_; }

 private:
  std::unique_ptr<link::Transport> host_, device_end_;
  std::unique_ptr<VirtualDevice> device_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::string label_ = "virtual cuff";
};

}  // namespace

std::unique_ptr<link::DeviceConnection> open_device(const link::DeviceRequest& request) {
  if (request.device == link::kVirtualCuff) return std::make_unique<VirtualCuff>(request);
  return link::open_serial_device(request);
}

}  // namespace bfr::rig
