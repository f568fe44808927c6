#pragma once
// What the server's benchmarks do as clients (load_benchmark, attack_benchmark): sign in, post,
// set up athletes with live sessions on the virtual cuff, and watch a live stream to its end.

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace bfr::server::bench {

struct Account {
  std::string cookie, csrf;
};

Account sign_in(int port, const std::string& email, const std::string& password);
// A change as the account; throws std::runtime_error unless it answers 200 or 201.
nlohmann::json post(httplib::Client& c, const Account& a, const std::string& path, const nlohmann::json& body);

struct LiveSetup {
  std::vector<int> athletes, sessions;
};
// `athletes` screened and planned athletes, the first `sessions` of them each with a live
// session on the virtual cuff in real time.
LiveSetup start_live_sessions(int port, const Account& a, int athletes, int sessions);

// A live stream's bytes as they come, counted: its events, the messages they carry, and whether
// it ended. Each frame carries the messages since the last; the last frame's id is the
// session's count of messages.
class StreamTally {
 public:
  void feed(std::string_view bytes);
  [[nodiscard]] bool complete() const { return finished_ && messages_ == last_id_; }
  [[nodiscard]] long frames() const { return frames_; }

 private:
  std::string pending_;  // an event not yet whole
  bool finished_ = false;
  std::size_t messages_ = 0, last_id_ = 0;
  long frames_ = 0;
};

struct Watch {
  bool opened = false;
  // It saw the session end and every message of it: each frame carries the messages since the
  // last, and the last frame's id is the session's count of messages.
  bool complete = false;
  long frames = 0;
};
// Reads a live stream to its end. `source`: the local address to connect from (empty: any);
// `on_open` runs once when the first bytes arrive.
Watch watch_stream(int port, const std::string& cookie, int session, const std::string& source, double timeout_s,
                   const std::function<void()>& on_open = {});

}  // namespace bfr::server::bench
