// File-descriptor transports: a serial port through termios, and the device end of a
// pseudo-terminal (which is a serial port to whoever opens its path).

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "link/transport.hpp"

namespace bfr::link {

namespace {

std::string os_error(const std::string& what) { return what + ": " + std::strerror(errno); }

// Raw bytes: no echo, no line editing, no translation, 8 data bits, no parity, 1 stop bit.
void make_raw(int fd, speed_t speed) {
  termios t{};
  if (tcgetattr(fd, &t) != 0) throw LinkError(os_error("cannot read the port settings"));
  cfmakeraw(&t);
  t.c_cflag |= CLOCAL | CREAD;
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 0;
  cfsetispeed(&t, speed);
  cfsetospeed(&t, speed);
  if (tcsetattr(fd, TCSANOW, &t) != 0) throw LinkError(os_error("cannot set the port to raw 8N1"));
}

class FdTransport final : public Transport {
 public:
  // `hangup_is_close`: for a serial client, the device end going away ends the link. The
  // pseudo-terminal's device end instead waits for the next client, and drops what it writes
  // while nobody reads (as a UART does).
  FdTransport(int fd, bool hangup_is_close) : fd_(fd), hangup_is_close_(hangup_is_close) {}
  ~FdTransport() override { ::close(fd_); }
  FdTransport(const FdTransport&) = delete;
  FdTransport& operator=(const FdTransport&) = delete;

  std::size_t read(std::span<std::uint8_t> out, std::chrono::milliseconds timeout) override {
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (r < 0 && errno != EINTR) throw LinkError(os_error("poll on the link failed"));
    if (r <= 0) return 0;
    if (p.revents & POLLIN) {
      const auto n = ::read(fd_, out.data(), out.size());
      if (n > 0) return static_cast<std::size_t>(n);
      if (n == 0 || errno == EIO) return hang_up(timeout);
      if (errno == EAGAIN || errno == EINTR) return 0;
      throw LinkError(os_error("reading the link failed"));
    }
    if (p.revents & (POLLHUP | POLLERR)) return hang_up(timeout);
    return 0;
  }

  void write(std::span<const std::uint8_t> bytes) override {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const auto n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EAGAIN && !hangup_is_close_) return;  // no client reading: like a UART, drop
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        pollfd p{fd_, POLLOUT, 0};
        ::poll(&p, 1, 100);
        continue;
      }
      if (n <= 0) throw LinkError(os_error("writing to the link failed (device gone?)"));
      done += static_cast<std::size_t>(n);
    }
  }

 private:
  std::size_t hang_up(std::chrono::milliseconds timeout) {
    if (hangup_is_close_) throw LinkError("the device closed the link");
    ::usleep(static_cast<useconds_t>(std::min<long>(timeout.count(), 50) * 1000));
    return 0;
  }
  int fd_;
  bool hangup_is_close_;
};

}  // namespace

std::unique_ptr<Transport> open_serial(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw LinkError(os_error("cannot open serial port '" + path + "'"));
  if (!::isatty(fd)) {
    ::close(fd);
    throw LinkError("'" + path + "' is not a serial port or terminal");
  }
  try {
    make_raw(fd, B115200);
    ::tcflush(fd, TCIFLUSH);  // whatever the device said before we came is stale
  } catch (...) {
    ::close(fd);
    throw;
  }
  return std::make_unique<FdTransport>(fd, true);
}

PseudoTerminal::PseudoTerminal() {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (master < 0) throw LinkError(os_error("cannot create a pseudo-terminal"));
  if (::grantpt(master) != 0 || ::unlockpt(master) != 0) {
    ::close(master);
    throw LinkError(os_error("cannot unlock the pseudo-terminal"));
  }
  path_ = ::ptsname(master);
  keep_open_ = ::open(path_.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (keep_open_ < 0) {
    ::close(master);
    throw LinkError(os_error("cannot open " + path_));
  }
  make_raw(keep_open_, B115200);
  device_end_ = std::make_unique<FdTransport>(master, false);
}

PseudoTerminal::~PseudoTerminal() {
  device_end_.reset();
  if (keep_open_ >= 0) ::close(keep_open_);
}

}  // namespace bfr::link
