#include "hil/emulated_firmware.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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

// Starts QEMU with its output in `log`. It is killed when the thread that started it ends, however
// that thread ends: a SIGKILLed `bfr device-sim --hil` must not leave an emulator behind, which
// would spin a core at full speed for ever (its clock runs on instructions, without sleeping).
pid_t spawn_bound_to_this_thread(std::vector<char*>& argv, const std::string& log) {
  int report[2];  // the child's exec error, if any; closed on a successful exec
  if (::pipe2(report, O_CLOEXEC) != 0) throw HilError(std::string("pipe: ") + std::strerror(errno));
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const auto err = std::string(std::strerror(errno));
    ::close(report[0]);
    ::close(report[1]);
    throw HilError("fork: " + err);
  }
  if (pid == 0) {  // only async-signal-safe calls until exec
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent ended before the line above
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
    ::execvp(argv[0], argv.data());
    const int err = errno;
    [[maybe_unused]] const auto n = ::write(report[1], &err, sizeof err);
    ::_exit(127);
  }
  ::close(report[1]);
  int err = 0;
  const auto n = ::read(report[0], &err, sizeof err);
  ::close(report[0]);
  if (n == static_cast<ssize_t>(sizeof err)) {
    ::waitpid(pid, nullptr, 0);
    throw HilError(std::string("cannot start ") + argv[0] + ": " + std::strerror(err) + " (scripts/bootstrap installs qemu-system-arm)");
  }
  return pid;
}

}  // namespace

std::filesystem::path built_firmware_image(std::size_t cuffs) {
#ifdef OPENBFR_FIRMWARE_IMAGE
  const std::filesystem::path one = OPENBFR_FIRMWARE_IMAGE;
  return cuffs == 1 ? one : one.parent_path() / "openbfr_firmware_two_cuffs.elf";
#else
  (void)cuffs;
  return {};
#endif
}

EmulatedFirmware::EmulatedFirmware(EmulatorOptions options) : options_(std::move(options)) {
  if (!std::filesystem::exists(options_.image))
    throw HilError("no firmware image at " + options_.image.string() + " (cmake --build builds it; scripts/build-cortex-m4 too)");
  try {
    start();
  } catch (...) {
    release();  // no emulator, socket or directory left behind
    throw;
  }
}

void EmulatedFirmware::start() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "openbfr-hil-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw HilError(std::string("mkdtemp: ") + std::strerror(errno));
  dir_ = tmpl;
  // Each line's listening socket until QEMU connects, then the connection.
  host_fd_ = listen_on(dir_ / "host.sock");
  plant_fd_ = listen_on(dir_ / "plant.sock");

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
                                   // instruction counts. (sleep=on was 25 % slower in hil_test and
                                   // kept a core as busy.) QEMU keeps one core busy while it runs.
                                   "-icount", "shift=0,sleep=off"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = spawn_bound_to_this_thread(argv, (dir_ / "qemu.log").string());
  const auto accept_on = [&](int& fd, const char* what) {
    pollfd p{fd, POLLIN, 0};
    const int connected = ::poll(&p, 1, options_.timeout_ms) == 1 ? ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC) : -1;
    if (connected < 0) fail(std::string("QEMU did not connect the ") + what + " line");
    ::close(fd);
    fd = connected;
  };
  accept_on(host_fd_, "host");
  accept_on(plant_fd_, "plant");
}

void EmulatedFirmware::release() {
  if (host_fd_ >= 0) ::close(host_fd_);
  if (plant_fd_ >= 0) ::close(plant_fd_);
  host_fd_ = plant_fd_ = -1;
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

EmulatedFirmware::~EmulatedFirmware() { release(); }

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

TickResult EmulatedFirmware::tick(std::span<const std::uint8_t> host_bytes, std::span<const link::plant::SensorTick> sensors) {
  ++ticks_;
  if (sensors.size() != options_.cuffs)
    fail("a tick of " + std::to_string(sensors.size()) + " cuff(s) for an image that drives " + std::to_string(options_.cuffs));
  write_all(host_fd_, host_bytes);
  host_sent_ += static_cast<std::uint32_t>(host_bytes.size());
  // A sample set per cuff, in channel order (docs/protocol.md, "Plant link").
  for (auto tick : sensors) {
    tick.host_bytes = static_cast<std::uint16_t>(host_sent_);
    std::array<std::uint8_t, link::plant::kMaxFrame> frame{};
    write_all(plant_fd_, std::span<const std::uint8_t>(frame.data(), link::plant::encode(tick, frame)));
  }

  TickResult r;
  std::array<std::uint8_t, 64> buf{};
  std::size_t answered = 0;
  while (answered < sensors.size()) {
    // One byte at a time past the frame's start would be slow; the firmware sends nothing else on
    // this line before the next tick, so what is read belongs to this tick's answer.
    const auto n = read_some(plant_fd_, buf, "actuator command");
    for (std::size_t i = 0; i < n; ++i) {
      const auto m = plant_decoder_.feed(buf[i]);
      if (!m) continue;
      if (const auto* a = std::get_if<link::plant::ActuatorTick>(&*m)) {
        if (answered < sensors.size()) r.commands[answered++] = *a;
      } else if (const auto* stop = std::get_if<link::plant::SafeStop>(&*m)) {
        r.stopped = stop->reason;
        return r;
      }
    }
  }
  for (std::size_t c = 0; c < sensors.size(); ++c) {
    if (r.commands[c].tick != static_cast<std::uint16_t>(sensors[c].tick))
      fail("the firmware answered tick " + std::to_string(r.commands[c].tick) + " for tick " + std::to_string(sensors[c].tick));
    if (r.commands[c].channel != c)
      fail("the firmware answered for cuff " + std::to_string(r.commands[c].channel) + " where cuff " + std::to_string(c) + " was due");
  }
  // The firmware's count is modulo 2^16, and a tick sends far fewer bytes than that.
  const auto device_bytes = r.commands[sensors.size() - 1].device_bytes;
  while (static_cast<std::uint16_t>(device_received_) != device_bytes) {
    const auto missing = static_cast<std::uint16_t>(device_bytes - static_cast<std::uint16_t>(device_received_));
    const auto want = std::min<std::size_t>(buf.size(), missing);
    const auto n = read_some(host_fd_, std::span<std::uint8_t>(buf.data(), want), "protocol bytes");
    r.device_bytes.insert(r.device_bytes.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
    device_received_ += static_cast<std::uint32_t>(n);
  }
  return r;
}

}  // namespace bfr::hil
