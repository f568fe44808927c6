#pragma once
// One athlete's page as the API answers it (GET /api/athletes/{id}): the record, screenings,
// LOP, plans, and sessions with their figures and pain trend. A function of the store alone, so
// that `bfr bench store --year` times exactly what the server answers.

#include <nlohmann/json.hpp>

#include "server/metrics_cache.hpp"
#include "store/store.hpp"

namespace bfr::server {

nlohmann::json athlete_page(store::Store& s, MetricsCache& metrics, const store::Person& p);

}  // namespace bfr::server
