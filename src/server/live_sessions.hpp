#pragma once
// Guided sessions the server runs on the virtual cuff, each on threads of its own (the virtual
// device, and the session with its own database connection), watched through their broadcast
// display and driven through their queued operator.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "link/device_connection.hpp"
#include "server/connection_pool.hpp"
#include "session/broadcast_display.hpp"
#include "session/guided_session.hpp"
#include "session/operator.hpp"
#include "session/session_plan.hpp"
#include "store/records.hpp"

namespace bfr::server {

struct LiveSession {
  store::Id session = 0;
  store::Id person = 0;
  std::string person_name;  // for the list of running sessions, without a query for each
  store::Id clinic = 0;
  session::BroadcastDisplay display;
  session::QueuedOperator op;
  std::atomic<bool> running{true};
  std::atomic<bool> simulated{true};  // as the device said in its hello
  std::atomic<std::chrono::steady_clock::rep> finished_at{0};  // steady clock ticks, once finished
  std::thread thread;
};

class LiveSessions {
 public:
  // device: link::kVirtualCuff (a virtual cuff for each session), or a serial port's path (one
  // connected cuff: one session at a time).
  // `day_checks`: asked before every session, before the cuff inflates (the knowledge base's).
  // `open_device` opens it for each session (rig::open_device where the virtual cuff is offered).
  LiveSessions(std::string database_url, std::string device, link::DeviceOpener open_device,
               std::chrono::steady_clock::duration keep_finished, std::vector<clinic::DayCheck> day_checks);
  ~LiveSessions();  // stops every session (the cuff deflates first) and waits for them

  // Starts a session; returns its id once stored. Throws std::runtime_error if it could not start.
  // `rehearse`: a fault the virtual cuff develops (link::DeviceRequest).
  store::Id start(store::Id clinic, const store::Person& person, store::Id plan_id, clinic::Plan plan,
                  double speed, double rep_seconds, std::optional<link::Rehearsal> rehearse = std::nullopt);
  // The live session, if it exists and belongs to this clinic.
  std::shared_ptr<LiveSession> find(store::Id clinic, store::Id session);
  [[nodiscard]] bool running_for(store::Id person);
  // This server runs (or ran, and keeps for its watchers) that session.
  [[nodiscard]] bool owns(store::Id session);
  // A connected cuff serves one session at a time; the virtual cuff is one per session.
  [[nodiscard]] bool device_busy();
  [[nodiscard]] bool virtual_cuff() const;
  // "virtual cuff", or the connected cuff's serial port (for the audit log and the app).
  [[nodiscard]] std::string device_label() const;
  std::vector<std::shared_ptr<LiveSession>> in_clinic(store::Id clinic);

 private:
  void forget_finished();  // those finished longer ago than keep_finished_
  std::string device_;
  link::DeviceOpener open_device_;
  // The sessions' writes go through these few connections, not one each (docs/server.md).
  std::unique_ptr<ConnectionPool> writers_;
  std::chrono::steady_clock::duration keep_finished_;
  std::vector<clinic::DayCheck> day_checks_;
  std::mutex mutex_;
  std::map<store::Id, std::shared_ptr<LiveSession>> sessions_;
};

}  // namespace bfr::server
