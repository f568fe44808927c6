// Writes the link fuzzer's seed corpus: one valid frame of every message type, a hello of another
// protocol version (read at any version, docs/protocol.md "Versions"), and a stream of several,
// each to its own file in the directory given.

#include <fstream>
#include <string>
#include <vector>

#include "link/frame.hpp"

int main(int argc, char** argv) {
  using namespace bfr::link;
  if (argc != 2) return 2;
  const std::string dir = argv[1];
  const std::vector<Message> messages = {
      Hello{}, Heartbeat{}, Command{CommandCode::measure_lop, 0, 0}, Command{CommandCode::set_lop, 1800, 0},
      Command{CommandCode::set_target, 800, 0}, Command{CommandCode::start, 600, 0}, Command{CommandCode::start_set, 30, 2000},
      Command{CommandCode::deflate, 0, 0}, Command{CommandCode::start, 0, 0, 1}, Command{CommandCode::acknowledge, 0, 0, 1},
      DeviceInfoRequest{}, HelloReply{}, Ack{}, Telemetry{}, Event{}, DeviceInfo{}};
  std::vector<std::uint8_t> stream;
  int i = 0;
  for (const auto& m : messages) {
    std::vector<std::uint8_t> buf(kMaxFrame);
    buf.resize(encode(Frame{static_cast<std::uint8_t>(i), m}, buf));
    std::ofstream(dir + "/frame-" + std::to_string(i++) + ".bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
    stream.insert(stream.end(), buf.begin(), buf.end());
  }
  {
    std::vector<std::uint8_t> buf(kMaxFrame);
    buf.resize(encode(Frame{0, Hello{}, 1}, buf));
    std::ofstream(dir + "/hello-version-1.bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
    stream.insert(stream.end(), buf.begin(), buf.end());
  }
  std::ofstream(dir + "/stream.bin", std::ios::binary)
      .write(reinterpret_cast<const char*>(stream.data()), static_cast<std::streamsize>(stream.size()));
  return 0;
}
