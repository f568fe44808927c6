#include "hil/emulated_firmware.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace bfr::hil {

namespace {

int listen_on(const std::filesystem::path& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw HilError(std::string("socket: ") + std::strerror(errno));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const auto s = path.string();
  if (s.size() >= sizeof(addr.sun_path)) throw HilError("socket path too long: " + s);
  std::memcpy(addr.sun_path, s.c_str(), s.size() + 1);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, 1) != 0) {
    const auto err = std::string(std::strerror(errno));
    ::close(fd);
    throw HilError("cannot listen on " + s + ": " + err);
  }
  return fd;
}

std::string tail_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  auto text = ss.str();
  if (text.size() > 600) text = "..." + text.substr(text.size() - 600);
  return text;
}

}  // namespace

std::filesystem::path built_firmware_image() {
#ifdef OPENBFR_FIRMWARE_IMAGE
  return OPENBFR_FIRMWARE_IMAGE;
#else
  return {};
#endif
}

EmulatedFirmware::EmulatedFirmware(EmulatorOptions options) : options_(std::move(options)) {
  if (!std::filesystem::exists(options_.image))
    throw HilError("no firmware image at " + options_.image.string() + " (cmake --build builds it; scripts/build-cortex-m4 too)");
  std::string tmpl = (std::filesystem::temp_directory_path() / "openbfr-hil-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw HilError(std::string("mkdtemp: ") + std::strerror(errno));
  dir_ = tmpl;
  const int host_listen = listen_on(dir_ / "host.sock");
  const int plant_listen = listen_on(dir_ / "plant.sock");

  // The host line first: QEMU gives its first -serial to UART0, the second to UART1.
  std::vector<std::string> args = {options_.qemu, "-M", "mps2-an386", "-display", "none", "-monitor", "none",
                                   "-serial", "unix:" + (dir_ / "host.sock").string(),
                                   "-serial", "unix:" + (dir_ / "plant.sock").string(),
                                   "-kernel", options_.image.string(),
                                   // The board's clock counts instructions (one per nanosecond), and
                                   // while the firmware sleeps it jumps to the next timer: a busy host
                                   // that deschedules QEMU cannot make time pass on the board, so its
                                   // watchdog fires only for a step that hangs. (On the wall clock a
                                   // loaded CI machine fired it: seen.) Also makes step clocks
                                   // instruction counts.
                                   "-icount", "shift=0,sleep=off"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const auto log = (dir_ / "qemu.log").string();
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  const int rc = ::posix_spawnp(&pid_, options_.qemu.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    ::close(host_listen);
    ::close(plant_listen);
    pid_ = -1;
    throw HilError("cannot start " + options_.qemu + ": " + std::strerror(rc) + " (scripts/bootstrap installs qemu-system-arm)");
  }
  const auto accept_one = [&](int listen_fd, const char* what) {
    pollfd p{listen_fd, POLLIN, 0};
    int fd = -1;
    if (::poll(&p, 1, options_.timeout_ms) == 1) fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    ::close(listen_fd);
    if (fd < 0) fail(std::string("QEMU did not connect the ") + what + " line");
    return fd;
  };
  host_fd_ = accept_one(host_listen, "host");
  plant_fd_ = accept_one(plant_listen, "plant");
}

EmulatedFirmware::~EmulatedFirmware() {
  if (host_fd_ >= 0) ::close(host_fd_);
  if (plant_fd_ >= 0) ::close(plant_fd_);
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void EmulatedFirmware::fail(const std::string& why) {
  std::string detail;
  if (pid_ > 0) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      detail = " (QEMU exited: " + tail_of(dir_ / "qemu.log") + ")";
      pid_ = -1;
    }
  }
  throw HilError(why + detail);
}

void EmulatedFirmware::write_all(int fd, std::span<const std::uint8_t> bytes) {
  while (!bytes.empty()) {
    const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(std::string("the emulator's line closed: ") + std::strerror(errno));
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
}

std::size_t EmulatedFirmware::read_some(int fd, std::span<std::uint8_t> out, const char* what) {
  pollfd p{fd, POLLIN, 0};
  const int ready = ::poll(&p, 1, options_.timeout_ms);
  if (ready == 0)
    fail(std::string("the emulated firmware sent no ") + what + " within " + std::to_string(options_.timeout_ms) + " ms (after " +
         std::to_string(ticks_) + " ticks; plant line: " + std::to_string(plant_decoder_.stats().frames) + " frames, " +
         std::to_string(plant_decoder_.stats().rejected) + " rejected, " + std::to_string(plant_decoder_.stats().noise_bytes) +
         " noise bytes)");
  const auto n = ::recv(fd, out.data(), out.size(), 0);
  if (n <= 0) fail(std::string("the emulator's ") + what + " line closed");
  return static_cast<std::size_t>(n);
}

TickResult EmulatedFirmware::tick(std::span<const std::uint8_t> host_bytes, link::plant::SensorTick sensors) {
  ++ticks_;
  write_all(host_fd_, host_bytes);
  host_sent_ += static_cast<std::uint32_t>(host_bytes.size());
  sensors.host_bytes = static_cast<std::uint16_t>(host_sent_);
  std::array<std::uint8_t, link::plant::kMaxFrame> frame{};
  write_all(plant_fd_, std::span<const std::uint8_t>(frame.data(), link::plant::encode(sensors, frame)));

  TickResult r;
  std::array<std::uint8_t, 64> buf{};
  for (bool done = false; !done;) {
    // One byte at a time past the frame's start would be slow; the firmware sends nothing else on
    // this line before the next tick, so what is read belongs to this tick's answer.
    const auto n = read_some(plant_fd_, buf, "actuator command");
    for (std::size_t i = 0; i < n; ++i) {
      const auto m = plant_decoder_.feed(buf[i]);
      if (!m) continue;
      if (const auto* a = std::get_if<link::plant::ActuatorTick>(&*m)) {
        r.command = *a;
        done = true;
      } else if (const auto* stop = std::get_if<link::plant::SafeStop>(&*m)) {
        r.stopped = stop->reason;
        return r;
      }
    }
  }
  if (r.command.tick != static_cast<std::uint16_t>(sensors.tick)) fail("the firmware answered tick " + std::to_string(r.command.tick) + " for tick " + std::to_string(sensors.tick));
  // The firmware's count is modulo 2^16, and a tick sends far fewer bytes than that.
  while (static_cast<std::uint16_t>(device_received_) != r.command.device_bytes) {
    const auto missing = static_cast<std::uint16_t>(r.command.device_bytes - static_cast<std::uint16_t>(device_received_));
    const auto want = std::min<std::size_t>(buf.size(), missing);
    const auto n = read_some(host_fd_, std::span<std::uint8_t>(buf.data(), want), "protocol bytes");
    r.device_bytes.insert(r.device_bytes.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    device_received_ += static_cast<std::uint32_t>(n);
  }
  return r;
}

}  // namespace bfr::hil
