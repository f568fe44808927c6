// Live sessions on the cuff: starting one, the list, the event stream a browser watches, and the
// controls.

#include <fmt/format.h>

#include "core/regulation_bands.hpp"
#include "server/handlers.hpp"
#include "session/session_plan.hpp"

namespace bfr::server::handlers {

namespace {

// A fault the virtual cuff develops on request, so that a clinic can rehearse what one looks like
// on the screen (the end card, the alarm, the report). It starts 150 s of device time in: after the
// day-of-session questions and the LOP measurement (about 40 s), in the first sets.
constexpr double kRehearsalFaultAtS = 150.0;

std::optional<link::Rehearsal> rehearsal(const json& body) {
  if (!body.contains("rehearse_fault") || body["rehearse_fault"].is_null()) return std::nullopt;
  const auto& name = body["rehearse_fault"];
  if (const auto fault = name.is_string() ? link::rehearsed_fault_named(name.get<std::string>()) : std::nullopt)
    return link::Rehearsal{*fault, kRehearsalFaultAtS};
  throw HttpError{400, "'rehearse_fault' must be large_leak or cuff_off (a rehearsal on the virtual cuff)"};
}

// The live session, if this caller may see it; 404 otherwise.
std::shared_ptr<LiveSession> visible_live(Call& call) {
  const auto& c = call.who();
  const auto s = call.services.live.find(c.user.clinic_id, call.id());
  if (!s || (!is_staff(c.role) && c.user.person_id != s->person)) throw HttpError{404, "no such live session"};
  return s;
}

// The sign-in a stream was opened under: the stream ends when it does (signed out, a password
// changed or reset, or expired), with a last `signed_out` event.
struct StreamSignIn {
  EndedSignIns& ended;
  Id user;
  std::string token_hash;
  std::chrono::steady_clock::time_point opened;
  std::chrono::system_clock::time_point expires;

  [[nodiscard]] bool over() { return std::chrono::system_clock::now() >= expires || ended.ended(user, token_hash, opened); }
};

// Server-sent events, one frame each time the server pulls (every 100 ms): the view, new
// messages, the question, and at last the end. A browser that reconnects sends the id of the
// last event it had: messages go on from there.
class LiveView final : public http::EventSource {
 public:
  LiveView(std::shared_ptr<LiveSession> s, std::size_t next, StreamSignIn sign_in) : s_(std::move(s)), next_(next), sign_in_(std::move(sign_in)) {}

  std::string next_frames() override {
    if (done_) return {};
    if (sign_in_.over()) {
      done_ = true;
      return "event: signed_out\ndata: {\"signed_out\":true}\n\n";
    }
    const auto b = s_->display.since(next_);
    next_ = b.next_message;
    json msgs = json::array();
    for (const auto& [level, text] : b.messages) msgs.push_back({{"level", session::to_string(level)}, {"text", text}});
    const auto& v = b.view;
    const auto maybe = [](const std::optional<double>& x) { return x ? json(*x) : json(); };
    const json state = {{"step", session::to_string(v.step)}, {"stage", v.stage}, {"fraction", v.stage_fraction},
                        {"seconds_left", v.seconds_left}, {"pressure_mmHg", v.pressure_mmHg}, {"setpoint_mmHg", maybe(v.setpoint_mmHg)},
                        {"lop_mmHg", maybe(v.lop_mmHg)}, {"target_pct", maybe(v.target_pct)}, {"set", v.set}, {"sets", v.sets},
                        {"next", v.next}, {"session_left_s", v.session_seconds_left}, {"can_pause", v.can_pause}, {"rep", v.rep},
                        {"reps", v.reps}, {"alarm", v.alarm}, {"messages", msgs}, {"device_s", v.device_s},
                        {"band_fraction", core::kExerciseBand}, {"question", b.question ? json(*b.question) : json()},
                        {"answer_kind", session::to_string(b.answer_kind)}, {"finished", b.finished}, {"outcome", b.outcome},
                        {"detail", b.detail}, {"simulated", s_->simulated.load()}};
    done_ = b.finished;
    return "id: " + std::to_string(next_) + "\ndata: " + state.dump() + "\n\n";
  }
  [[nodiscard]] bool finished() const override { return done_; }

 private:
  std::shared_ptr<LiveSession> s_;
  std::size_t next_;
  StreamSignIn sign_in_;
  bool done_ = false;
};

}  // namespace

http::Response start_session(Call& call) {
  const auto p = visible_person(call, call.id());
  const auto body = call.body();
  auto& live = call.services.live;
  if (!body.contains("plan_id") || !body["plan_id"].is_number_integer()) throw HttpError{400, "'plan_id' is required"};
  const auto plan = call.with_store([&](store::Store& s) { return s.plan(body["plan_id"].get<Id>()); });
  if (!plan || plan->person_id != p.id) throw HttpError{404, "no such plan for this athlete"};
  const double speed = optional_field(body, "speed", 1.0), rep_seconds = optional_field(body, "rep_seconds", 2.0);
  if (speed < 1.0 || speed > 10.0) throw HttpError{400, "'speed' must be 1 to 10 (times real time, virtual cuff only)"};
  if (speed != 1.0 && !live.virtual_cuff()) throw HttpError{400, "'speed' applies to the virtual cuff only: a connected cuff runs in real time"};
  if (rep_seconds < 1.0 || rep_seconds > 10.0) throw HttpError{400, "'rep_seconds' must be 1 to 10"};
  const auto rehearse = rehearsal(body);
  if (rehearse && !live.virtual_cuff()) throw HttpError{400, "a fault can be rehearsed on the virtual cuff only"};
  // One running session per athlete, also against another program on this database.
  refuse_while_running(call, p.id, "one at a time");
  if (live.device_busy()) throw HttpError{409, "the connected cuff is in use by another session"};
  const auto clinic = call.who().user.clinic_id;
  const auto id = live.start(clinic, p, plan->id, session::plan_for_the_cuff(plan->plan_json), speed, rep_seconds, rehearse);
  const auto s = live.find(clinic, id);
  const bool simulated = !s || s->simulated;
  call.audit("session.start", "session/" + std::to_string(id),
             live.device_label() + (rehearse ? fmt::format(", rehearsing {}", link::to_string(rehearse->fault)) : ""));
  return reply({{"session_id", id}, {"simulated", simulated}}, 201);
}

http::Response live_sessions(Call& call) {
  const auto& c = call.who();
  json out = json::array();
  for (const auto& s : call.services.live.in_clinic(c.user.clinic_id))
    // Named here: the athletes list comes a page at a time and may not hold this athlete.
    if (s->running && (is_staff(c.role) || c.user.person_id == s->person))
      out.push_back({{"session_id", s->session}, {"person_id", s->person}, {"person_name", s->person_name}});
  return reply(out);
}

http::Response live_stream(Call& call) {
  const auto s = visible_live(call);
  std::size_t next = 0;
  if (const auto last = whole_number(call.req.header("last-event-id"), 9)) next = static_cast<std::size_t>(*last);
  http::Response res;
  res.set_header("Cache-Control", "no-store");
  const auto& c = call.who();
  const auto expires = store::parse_utc_iso(c.session.expires_at).value_or(std::chrono::system_clock::now());
  res.events = std::make_shared<LiveView>(
      s, next, StreamSignIn{call.services.ended_sign_ins, c.user.id, c.session.token_hash, std::chrono::steady_clock::now(), expires});
  return res;
}

namespace {

http::Response control(Call& call, session::Control what, const char* action) {
  const auto s = visible_live(call);
  s->op.post_control(what);
  call.audit(std::string("session.") + action, "session/" + std::to_string(s->session));
  return reply({{"ok", true}});
}

}  // namespace

// Anyone who can see the session may stop it: stopping is always safe.
http::Response live_stop(Call& call) { return control(call, session::Control::stop, "stop"); }
http::Response live_pause(Call& call) { return control(call, session::Control::pause, "pause"); }
http::Response live_resume(Call& call) { return control(call, session::Control::resume, "resume"); }

http::Response live_answer(Call& call) {
  const auto s = visible_live(call);
  s->op.post_answer(need_string(call.body(), "text", 100));
  call.audit("session.answer", "session/" + std::to_string(s->session));
  return reply({{"ok", true}});
}

}  // namespace bfr::server::handlers
