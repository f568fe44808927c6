#pragma once
// A synthetic year of busy clinics, written through the Store interface as the product writes it,
// so that size and query times on a year's data are measured, not extrapolated (issue 18):
// people with a screening and a plan, each coming back for a course of sessions; each session with
// its LOP, 100 Hz samples (synthetic_session.hpp), phase events, pain scores and its end.

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "store/store.hpp"

namespace bfr::store {

struct YearPlan {
  int clinics = 1;
  int days = 365;
  int sessions_per_day = 30;     // per clinic (issue 18's busy clinic)
  int sessions_per_person = 24;  // a course of 8-12 weeks at 2-3 a week
  // What an ended session keeps in its summary, from its samples (the product keeps its
  // figures there: session/session_metrics.hpp, a layer above this one).
  std::function<std::string(std::span<const Sample>)> summary_of = [](std::span<const Sample>) { return std::string("{}"); };
};

struct YearWritten {
  long people = 0;
  long sessions = 0;
  long samples = 0;
  long events = 0;
  double seconds = 0;
};

// Writes the year into `store` (which should be empty); progress once a simulated month.
YearWritten write_year(Store& store, const YearPlan& plan, const std::function<void(const std::string&)>& progress = {});

}  // namespace bfr::store
