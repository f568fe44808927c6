// The host link against the virtual device over real transports: in-process (a thread) and a
// pseudo-terminal opened as a serial port.

#include <gtest/gtest.h>

#include <thread>

#include "core/phases.hpp"
#include "link/host_link.hpp"
#include "link/link_exercise.hpp"
#include "rig/virtual_cuff.hpp"
#include "rig/virtual_device.hpp"

namespace bfr::link {
namespace {

using namespace std::chrono_literals;

using testing::exercise_the_link;
using testing::service_until;

TEST(LinkTransport, InProcessVirtualDeviceAtTenTimesRealTime) {
  auto [host_end, device_end] = make_in_process_pair();
  std::atomic<bool> stop{false};
  rig::VirtualDevice device({rig::virtual_athlete(5), 10.0}, *device_end);
  std::thread t([&] { device.run(stop); });
  exercise_the_link(*host_end);
  stop = true;
  t.join();
}

// Two cuffs (protocol version 3): the host learns there are two, gives each thigh its LOP, starts
// both, runs a bilateral set with both legs and deflates both, reading each cuff's telemetry
// (tests/link/link_exercise.hpp).
TEST(LinkTransport, TwoCuffVirtualDeviceRunsABilateralSetAtTenTimesRealTime) {
  auto [host_end, device_end] = make_in_process_pair();
  std::atomic<bool> stop{false};
  rig::VirtualDevice device({rig::virtual_athlete_pair(5, sim::PumpLayout::shared), 10.0}, *device_end);
  std::thread t([&] { device.run(stop); });
  testing::exercise_two_cuffs(*host_end);
  stop = true;
  t.join();
  EXPECT_LT(device.body().truth(0).cuff.mmHg(), 20.0);
  EXPECT_LT(device.body().truth(1).cuff.mmHg(), 20.0);
}

// The link opens serial ports only; the virtual cuff plugs in from rig. A program given the
// link's own opener is told so, and a rehearsal is refused on a real cuff.
TEST(LinkTransport, TheVirtualCuffPlugsInFromRigAndTheLinksOwnOpenerSaysSo) {
  try {
    (void)open_serial_device({kVirtualCuff, 1, 1.0, std::nullopt});
    ADD_FAILURE() << "the link's opener opened a virtual cuff";
  } catch (const LinkError& e) {
    EXPECT_NE(std::string(e.what()).find("serial port"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)open_serial_device({"/dev/ttyS-none", 1, 1.0, Rehearsal{RehearsedFault::cuff_off, 10.0}}), LinkError);
  EXPECT_THROW((void)rig::open_device({"/dev/ttyS-none", 1, 1.0, std::nullopt}), LinkError);  // no such port

  const auto cuff = rig::open_device({kVirtualCuff, 5, 10.0, Rehearsal{RehearsedFault::large_leak, 1.0}});
  EXPECT_EQ(cuff->label(), "virtual cuff");
  HostLink host(cuff->host_end());
  EXPECT_EQ(host.connect().kind, DeviceKind::simulated);

  DeviceRequest two{kVirtualCuff, 5, 10.0, std::nullopt};
  two.cuffs = 2;
  two.pumps = PumpLayoutCode::one_per_channel;
  const auto cuffs = rig::open_device(two);
  EXPECT_EQ(cuffs->label(), "virtual cuffs (two thighs, a pump each)");
  HostLink both(cuffs->host_end());
  both.connect();
  EXPECT_EQ(both.device_info().channels, 2);
  EXPECT_EQ(both.device_info().pumps, PumpLayoutCode::one_per_channel);
  two.cuffs = 3;
  EXPECT_THROW((void)rig::open_device(two), LinkError);

  for (const auto f : {RehearsedFault::large_leak, RehearsedFault::cuff_off}) EXPECT_EQ(rehearsed_fault_named(to_string(f)), f);
  EXPECT_FALSE(rehearsed_fault_named("sensor_stuck"));
}

bool host_silence_deflated(HostLink& host) {
  for (const auto& e : host.take_events())
    if (e.kind == EventKind::deflated && e.code == static_cast<std::uint8_t>(core::DeflateReason::host_silent)) return true;
  return false;
}

// At 10x the device's 1 s host-silence limit is 100 ms of wall time, which a loaded machine's
// host can miss (seen: a web session deflated on a busy 2-core CI machine). A device that stops
// hearing the host falls back to real time, so a 300 ms stall is no silence; a host that has gone
// still is still met by the limit, in real time.
TEST(LinkTransport, AHostStallAtTenTimesIsNotTakenForSilenceButAStillHostIs) {
  auto [host_end, device_end] = make_in_process_pair();
  std::atomic<bool> stop{false};
  rig::VirtualDevice device({rig::virtual_athlete(7), 10.0}, *device_end);
  std::thread t([&] { device.run(stop); });
  HostLink host(*host_end);
  host.connect();
  host.send({CommandCode::set_lop, 1800, 0});
  host.send({CommandCode::set_target, 500, 0});
  host.send({CommandCode::start, 0, 0});
  ASSERT_TRUE(service_until(
      host, [&] { return host.latest() && host.latest()->phase == static_cast<std::uint8_t>(core::PhaseId::resting); }, 10s));
  host.take_events();
  std::this_thread::sleep_for(300ms);  // the host stalls: 3 s of device time at full speed
  service_until(host, [] { return false; }, 200ms);
  EXPECT_FALSE(host_silence_deflated(host));
  EXPECT_EQ(host.latest()->phase, static_cast<std::uint8_t>(core::PhaseId::resting));
  std::this_thread::sleep_for(3s);  // gone still
  service_until(host, [] { return false; }, 200ms);
  EXPECT_TRUE(host_silence_deflated(host));
  stop = true;
  t.join();
}

TEST(LinkTransport, PseudoTerminalOpenedAsASerialPort) {
  PseudoTerminal pty;
  std::atomic<bool> stop{false};
  rig::VirtualDevice device({rig::virtual_athlete(6), 10.0}, pty.device_end());
  std::thread t([&] { device.run(stop); });
  {
    auto port = open_serial(pty.path());
    exercise_the_link(*port);
  }
  // A second client after the first has gone: the device is still there.
  {
    auto port = open_serial(pty.path());
    HostLink host(*port);
    EXPECT_EQ(host.connect().kind, DeviceKind::simulated);
  }
  stop = true;
  t.join();
}

TEST(LinkTransport, OpeningSomethingThatIsNotASerialPortIsAClearError) {
  EXPECT_THROW(open_serial("/nonexistent/ttyUSB9"), LinkError);
  try {
    open_serial("/dev/null");
    FAIL();
  } catch (const LinkError& e) {
    EXPECT_NE(std::string(e.what()).find("not a serial port"), std::string::npos);
  }
}

TEST(LinkTransport, NoDeviceMeansAClearErrorNotAHang) {
  auto [host_end, device_end] = make_in_process_pair();
  HostLink host(*host_end);
  EXPECT_THROW(host.connect(300ms), LinkError);
}

TEST(LinkTransport, ADeviceOfAnotherProtocolVersionIsRefusedByName) {
  auto [host_end, device_end] = make_in_process_pair();
  // What a version-2 device (one cuff, no channels) says to anyone's hello: its reply, in version-2 framing.
  std::array<std::uint8_t, kMaxFrame> buf{};
  const auto n = encode(Frame{0, HelloReply{2, DeviceKind::hardware, 0x0100, 100}, 2}, buf);
  device_end->write(std::span<const std::uint8_t>(buf.data(), n));
  HostLink host(*host_end);
  try {
    host.connect(1000ms);
    FAIL() << "a version-2 device was taken";
  } catch (const LinkError& e) {
    EXPECT_NE(std::string(e.what()).find("the device speaks protocol version 2; this host speaks 3"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace bfr::link
