// The host link against the virtual device over real transports: in-process (a thread) and a
// pseudo-terminal opened as a serial port.

#include <gtest/gtest.h>

#include <thread>

#include "link/host_link.hpp"
#include "link/virtual_device.hpp"

namespace bfr::link {
namespace {

using namespace std::chrono_literals;

// Services the link until `done` or the timeout; returns whether `done` happened.
template <class Pred>
bool service_until(HostLink& host, Pred done, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    host.service(5ms);
    if (done()) return true;
  }
  return false;
}

void exercise_the_link(Transport& host_end) {
  HostLink host(host_end);
  const auto hello = host.connect();
  EXPECT_EQ(hello.kind, DeviceKind::simulated);
  host.send({CommandCode::set_lop, 1800, 0});
  host.send({CommandCode::set_target, 500, 0});
  host.send({CommandCode::start, 0, 0});
  const bool resting = service_until(
      host, [&] { return host.latest() && host.latest()->phase == static_cast<std::uint8_t>(core::PhaseId::resting); }, 10s);
  ASSERT_TRUE(resting);
  EXPECT_TRUE(host.all_acknowledged());
  EXPECT_NEAR(host.latest()->pressure_dmmHg / 10.0, 90.0, 6.0);
  host.send({CommandCode::deflate, 0, 0});
  const bool idle = service_until(
      host, [&] { return host.latest()->phase == static_cast<std::uint8_t>(core::PhaseId::idle); }, 10s);
  EXPECT_TRUE(idle);
  EXPECT_EQ(host.decoder_stats().rejected_of(Reject::bad_crc), 0U);
}

TEST(LinkTransport, InProcessVirtualDeviceAtTenTimesRealTime) {
  auto [host_end, device_end] = make_in_process_pair();
  std::atomic<bool> stop{false};
  VirtualDevice device({virtual_athlete(5), 10.0}, *device_end);
  std::thread t([&] { device.run(stop); });
  exercise_the_link(*host_end);
  stop = true;
  t.join();
}

TEST(LinkTransport, PseudoTerminalOpenedAsASerialPort) {
  PseudoTerminal pty;
  std::atomic<bool> stop{false};
  VirtualDevice device({virtual_athlete(6), 10.0}, pty.device_end());
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

}  // namespace
}  // namespace bfr::link
