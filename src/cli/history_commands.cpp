// `bfr history`, `bfr export --csv|--fhir`, `bfr report`: what the database keeps, for people.

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/guarded.hpp"
#include "report/exports.hpp"
#include "report/reports.hpp"
#include "session/session_metrics.hpp"

namespace bfr::cli {

namespace {

struct HistoryOptions {
  store::Id person = 0;
  bool json = false;
  std::int64_t limit = 50;
  store::Id before = 0;  // a session: list those older than it
};

void run_history(const HistoryOptions& o) {
  auto db = store::open_store(database_url());
  if (o.person && !db->person(o.person)) throw std::invalid_argument(fmt::format("no person {} (bfr person list)", o.person));
  std::optional<store::SessionCursor> before;
  if (o.before) {
    const auto s = db->session(o.before);
    if (!s) throw std::invalid_argument(fmt::format("no session {} to list the sessions before (bfr history)", o.before));
    before = store::SessionCursor{s->started_at, s->id};
  }
  // One more than asked for says whether there are older ones, without counting them all.
  const auto person = o.person ? std::optional(o.person) : std::nullopt;
  auto sessions = db->sessions_page(person, before, o.limit + 1);
  const bool more = static_cast<std::int64_t>(sessions.size()) > o.limit;
  if (more) sessions.pop_back();
  if (o.json) {
    auto j = nlohmann::json::array();
    for (const auto& s : sessions) {
      const auto m = session::session_figures(*db, s);
      j.push_back({{"id", s.id}, {"person", s.person_id}, {"plan", s.plan_id ? nlohmann::json(*s.plan_id) : nlohmann::json()},
                   {"started_at", s.started_at}, {"ended_at", s.ended_at ? nlohmann::json(*s.ended_at) : nlohmann::json()},
                   {"device", s.device}, {"simulated", s.simulated}, {"outcome", s.outcome},
                   {"lop_mmHg", s.lop_mmHg ? nlohmann::json(*s.lop_mmHg) : nlohmann::json()},
                   {"in_band_pct", m.in_band_pct ? nlohmann::json(*m.in_band_pct) : nlohmann::json()},
                   {"restriction_s", m.restriction_s}, {"sets", m.sets}});
    }
    std::cout << j.dump(2) << "\n";
    // The array stays a plain list of sessions; where the page is not the last, stderr says how on.
    if (more) fmt::print(stderr, "Older sessions: bfr history --json{} --before {}\n", o.person ? fmt::format(" --person {}", o.person) : "", sessions.back().id);
    return;
  }
  if (sessions.empty()) {
    fmt::print("No sessions yet: bfr session run --person ID --plan ID\n");
    return;
  }
  fmt::print("{:>4} {:>6}  {:<17} {:<11} {:>5} {:>8} {:>8}  {}\n", "id", "person", "started (UTC)", "outcome", "LOP", "in band", "cuff on", "device");
  for (const auto& s : sessions) {
    const auto m = session::session_figures(*db, s);
    fmt::print("{:>4} {:>6}  {:<17} {:<11} {:>5} {:>8} {:>6.1f} m  {}{}\n", s.id, s.person_id, s.started_at.substr(0, 16), s.outcome,
               s.lop_mmHg ? fmt::format("{:.0f}", *s.lop_mmHg) : "-", m.in_band_pct ? fmt::format("{:.1f} %", *m.in_band_pct) : "-",
               m.restriction_s / 60.0, s.device, s.simulated ? " (simulated)" : "");
  }
  if (more)
    fmt::print("Older sessions: bfr history{} --before {}\n", o.person ? fmt::format(" --person {}", o.person) : "", sessions.back().id);
}

struct ExportOptions {
  bool csv = false, fhir = false;
  store::Id session = 0, person = 0;
  std::string out;
};

void write_out(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return;
  }
  std::ofstream f(path);
  if (!(f << text)) throw std::invalid_argument("cannot write '" + path + "'");
  fmt::print(stderr, "Wrote {}\n", path);
}

void run_export(const ExportOptions& o) {
  auto db = store::open_store(database_url());
  if (o.csv) {
    if (!o.session) throw std::invalid_argument("--csv exports one session's samples: give --session ID");
    write_out(report::samples_csv(*db, o.session), o.out);
    return;
  }
  store::Id person = o.person;
  if (o.session) {
    const auto s = db->session(o.session);
    if (!s) throw std::invalid_argument(fmt::format("no session {}", o.session));
    if (person && person != s->person_id) throw std::invalid_argument(fmt::format("session {} is not person {}'s", o.session, person));
    person = s->person_id;
  }
  if (!person) throw std::invalid_argument("--fhir exports a person's sessions: give --person ID (or --session ID)");
  write_out(report::fhir_bundle(*db, person, o.session ? std::optional(o.session) : std::nullopt).dump(2) + "\n", o.out);
}

struct ReportOptions {
  store::Id session = 0, person = 0;
  std::string format = "pdf", out;
};

std::string default_name(const std::string& stem, const std::string& format) { return stem + "." + format; }

void run_report(const ReportOptions& o, bool progress) {
  const auto format = report::parse_format(o.format);
  auto db = store::open_store(database_url());
  const auto out = o.out.empty() ? default_name(progress ? fmt::format("bfr-progress-{}", o.person) : fmt::format("bfr-session-{}", o.session), o.format)
                                 : o.out;
  if (progress) report::render_progress_report(*db, o.person, format, out);
  else report::render_session_report(*db, o.session, format, out);
  fmt::print("Wrote {}\n", out);
}

}  // namespace

void add_history_commands(CLI::App& app) {
  auto ho = std::make_shared<HistoryOptions>();
  auto* history = app.add_subcommand("history", "Sessions in the database, newest first");
  history->add_option("--person", ho->person, "Only this person's");
  history->add_flag("--json", ho->json, "Print as JSON");
  history->add_option("--limit", ho->limit, "At most this many, newest first (default 50)")->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  history->add_option("--before", ho->before, "Only sessions older than this one (the id the last page ended with)");
  history->callback([ho] { guarded("history", [&] { run_history(*ho); }); });

  auto eo = std::make_shared<ExportOptions>();
  auto* exp = app.add_subcommand("export", "Export sessions: --csv (one session's samples) or --fhir (FHIR R4 Bundle)");
  auto* csv = exp->add_flag("--csv", eo->csv, "Samples of one session as CSV");
  auto* fhir = exp->add_flag("--fhir", eo->fhir, "A person's sessions as a FHIR R4 Bundle (JSON)");
  csv->excludes(fhir);
  exp->add_option("--session", eo->session, "Session id (bfr history)");
  exp->add_option("--person", eo->person, "Person id (bfr person list)");
  exp->add_option("--out", eo->out, "File to write (default: standard output)");
  exp->callback([eo] {
    if (!eo->csv && !eo->fhir) {
      fmt::print(stderr, "bfr export: choose --csv or --fhir\n");
      set_exit_code(kExitBadInput);
      return;
    }
    guarded("export", [&] { run_export(*eo); });
  });

  auto ro = std::make_shared<ReportOptions>();
  auto* rep = app.add_subcommand("report", "A printable report of a session (bfr report SESSION), or of progress (bfr report progress --person ID)");
  rep->add_option("SESSION", ro->session, "Session id (bfr history)");
  rep->add_option("--format", ro->format, "png, svg or pdf (default pdf)");
  rep->add_option("--out", ro->out, "File to write (default bfr-session-ID.FORMAT)");
  auto* progress = rep->add_subcommand("progress", "Load, %LOP, adherence and pain across a person's sessions");
  progress->add_option("--person", ro->person, "Person id")->required();
  progress->add_option("--format", ro->format, "png, svg or pdf (default pdf)");
  progress->add_option("--out", ro->out, "File to write (default bfr-progress-ID.FORMAT)");
  progress->callback([ro] { guarded("report progress", [&] { run_report(*ro, true); }); });
  rep->callback([ro, rep] {
    if (rep->got_subcommand("progress")) return;
    if (!ro->session) {
      fmt::print(stderr, "bfr report: give a session id (bfr history), or: bfr report progress --person ID\n");
      set_exit_code(kExitBadInput);
      return;
    }
    guarded("report", [&] { run_report(*ro, false); });
  });
}

}  // namespace bfr::cli
