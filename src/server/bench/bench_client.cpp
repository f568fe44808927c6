#include "server/bench/bench_client.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace bfr::server::bench {

using nlohmann::json;

Account sign_in(int port, const std::string& email, const std::string& password) {
  httplib::Client c("127.0.0.1", port);
  const auto r = c.Post("/api/login", json{{"email", email}, {"password", password}}.dump(), "application/json");
  if (!r || r->status != 200) throw std::runtime_error("the benchmark could not sign in");
  const auto set = r->get_header_value("Set-Cookie");
  return {set.substr(0, set.find(';')), json::parse(r->body)["csrf_token"]};
}

json post(httplib::Client& c, const Account& a, const std::string& path, const json& body) {
  const auto r = c.Post(path.c_str(), {{"Cookie", a.cookie}, {"X-CSRF-Token", a.csrf}}, body.dump(), "application/json");
  if (!r || (r->status != 200 && r->status != 201)) throw std::runtime_error(path + " failed: " + (r ? r->body : "no answer"));
  return json::parse(r->body);
}

LiveSetup start_live_sessions(int port, const Account& a, int athletes, int sessions) {
  std::ifstream answers_file(std::string(OPENBFR_SOURCE_DIR) + "/examples/screening/after-surgery-needs-clearance.json");
  const auto answers = json::parse(answers_file);
  httplib::Client c("127.0.0.1", port);
  LiveSetup out;
  for (int i = 0; i < std::max(athletes, sessions); ++i) {
    const int id = post(c, a, "/api/athletes", {{"name", fmt::format("Load athlete {}", i + 1)}})["id"];
    out.athletes.push_back(id);
    if (i >= sessions) continue;
    post(c, a, fmt::format("/api/athletes/{}/screenings", id), answers);
    const int plan = post(c, a, fmt::format("/api/athletes/{}/plans", id),
                          {{"injury", "patellar_tendinopathy"}, {"equipment", {"knee_extension_machine"}}, {"cleared", true}})["id"];
    out.sessions.push_back(post(c, a, fmt::format("/api/athletes/{}/sessions", id), {{"plan_id", plan}})["session_id"]);
  }
  return out;
}

Watch watch_stream(int port, const std::string& cookie, int session, const std::string& source, double timeout_s,
                   const std::function<void()>& on_open) {
  httplib::Client c("127.0.0.1", port);
  if (!source.empty()) c.set_interface(source);
  c.set_read_timeout(static_cast<time_t>(timeout_s), 0);
  Watch w;
  StreamTally tally;
  c.Get(fmt::format("/api/live/{}/stream", session).c_str(), {{"Cookie", cookie}}, [&](const char* data, std::size_t n) {
    if (!w.opened) {
      w.opened = true;
      if (on_open) on_open();
    }
    tally.feed({data, n});
    return true;
  });
  w.complete = tally.complete();
  w.frames = tally.frames();
  return w;
}

void StreamTally::feed(std::string_view bytes) {
  pending_.append(bytes);
  for (auto end = pending_.find("\n\n"); end != std::string::npos; end = pending_.find("\n\n")) {
    const auto event = pending_.substr(0, end);  // "id: N\ndata: {...}"
    pending_.erase(0, end + 2);
    ++frames_;
    const auto data_at = event.find("data: ");
    if (event.rfind("id: ", 0) != 0 || data_at == std::string::npos) continue;
    last_id_ = std::stoul(event.substr(4));
    const auto frame = json::parse(event.substr(data_at + 6), nullptr, false);
    if (frame.is_discarded()) continue;
    messages_ += frame["messages"].size();
    finished_ = finished_ || frame["finished"].get<bool>();
  }
}

}  // namespace bfr::server::bench
