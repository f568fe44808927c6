#include "server/live_sessions.hpp"

#include <cmath>
#include <condition_variable>
#include <stdexcept>

#include "link/host_link.hpp"
#include "link/device_connection.hpp"
#include "server/pooled_store.hpp"
#include "session/guided_session.hpp"
#include "store/store.hpp"

namespace bfr::server {

namespace {
// Connections for every live session's writes together: each session stores a batch of samples
// every half second, a few milliseconds of work, so two serve 50 sessions with room to spare.
constexpr std::size_t kWriterConnections = 2;
}  // namespace

LiveSessions::LiveSessions(std::string database_url, std::string device, link::DeviceOpener open_device,
                           std::chrono::steady_clock::duration keep_finished, std::vector<clinic::DayCheck> day_checks)
    : device_(std::move(device)),
      open_device_(std::move(open_device)),
      writers_(std::make_unique<ConnectionPool>(database_url, kWriterConnections)),
      keep_finished_(keep_finished),
      day_checks_(std::move(day_checks)) {}

LiveSessions::~LiveSessions() {
  std::map<store::Id, std::shared_ptr<LiveSession>> all;
  {
    std::lock_guard lock(mutex_);
    all = sessions_;
  }
  for (auto& [id, s] : all) s->op.post_control(session::Control::stop);
  for (auto& [id, s] : all)
    if (s->thread.joinable()) s->thread.join();
}

store::Id LiveSessions::start(store::Id clinic, const store::Person& who, store::Id plan_id, clinic::Plan plan,
                              double speed, double rep_seconds, std::optional<link::Rehearsal> rehearse) {
  forget_finished();
  const auto person = who.id;
  auto live = std::make_shared<LiveSession>();
  live->person = person;
  live->person_name = who.name;
  live->clinic = clinic;
  // Shared with the session's thread, which outlives this call.
  struct Start {
    std::mutex mutex;
    std::condition_variable changed;
    std::optional<store::Id> id;
    std::string failure;
  };
  auto start = std::make_shared<Start>();
  live->thread = std::thread([=, this] {
    try {
      PooledStore db(*writers_);
      const auto device = open_device_({device_, static_cast<std::uint64_t>(person), speed, rehearse});
      link::HostLink link(device->host_end());
      session::GuidedSessionOptions o;
      o.person = person;
      o.plan = plan_id;
      o.device_label = device->label();
      o.rep_time = std::chrono::milliseconds(std::lround(rep_seconds * 1000.0));
      o.day_checks = day_checks_;
      o.on_started = [&](store::Id sid, bool simulated) {
        live->session = sid;
        live->simulated = simulated;
        {
          std::lock_guard lock(mutex_);
          sessions_[sid] = live;
        }
        std::lock_guard lock(start->mutex);
        start->id = sid;
        start->changed.notify_all();
      };
      const auto r = session::run_guided_session(link, db, live->display, live->op, plan, o);
      live->display.finish(session::to_string(r.outcome), r.detail);
    } catch (const std::exception& e) {
      live->display.say(session::Level::alarm, e.what());
      live->display.finish("failed", e.what());
      std::lock_guard lock(start->mutex);
      start->failure = e.what();
      start->changed.notify_all();
    }
    live->finished_at = std::chrono::steady_clock::now().time_since_epoch().count();
    live->running = false;
  });
  std::unique_lock lock(start->mutex);
  start->changed.wait_for(lock, std::chrono::seconds(10), [&] { return start->id.has_value() || !start->failure.empty(); });
  if (!start->id) {
    const auto why = start->failure.empty() ? std::string("no answer from the virtual cuff") : start->failure;
    lock.unlock();
    live->op.post_control(session::Control::stop);
    live->thread.join();
    throw std::runtime_error("the session could not start: " + why);
  }
  return *start->id;
}

void LiveSessions::forget_finished() {
  const auto cutoff = (std::chrono::steady_clock::now() - keep_finished_).time_since_epoch().count();
  std::vector<std::shared_ptr<LiveSession>> gone;
  {
    std::lock_guard lock(mutex_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      if (!it->second->running && it->second->finished_at < cutoff) {
        gone.push_back(it->second);
        it = sessions_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& s : gone)
    if (s->thread.joinable()) s->thread.join();  // already at its end: running is its last write
}

std::shared_ptr<LiveSession> LiveSessions::find(store::Id clinic, store::Id session) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(session);
  if (it == sessions_.end() || it->second->clinic != clinic) return nullptr;
  return it->second;
}

bool LiveSessions::running_for(store::Id person) {
  std::lock_guard lock(mutex_);
  for (const auto& [id, s] : sessions_)
    if (s->person == person && s->running) return true;
  return false;
}

bool LiveSessions::owns(store::Id session) {
  std::lock_guard lock(mutex_);
  return sessions_.contains(session);
}

bool LiveSessions::virtual_cuff() const { return device_ == link::kVirtualCuff; }

std::string LiveSessions::device_label() const { return virtual_cuff() ? "virtual cuff" : device_; }

bool LiveSessions::device_busy() {
  if (virtual_cuff()) return false;
  std::lock_guard lock(mutex_);
  for (const auto& [id, s] : sessions_)
    if (s->running) return true;
  return false;
}

std::vector<std::shared_ptr<LiveSession>> LiveSessions::in_clinic(store::Id clinic) {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<LiveSession>> out;
  for (const auto& [id, s] : sessions_)
    if (s->clinic == clinic) out.push_back(s);
  return out;
}

}  // namespace bfr::server
