#pragma once
// `bfr bench store --year`: a synthetic year of busy clinics written into a database, then the
// queries people wait for timed on it (issue 18).

#include <string>

namespace bfr::cli {

struct YearBenchOptions {
  bool json = false;
  int clinics = 1;
  int days = 365;
  std::string db;   // empty: a new SQLite file in `dir`
  std::string dir;  // default: the temporary folder
  bool keep = false;
};

void bench_store_year(const YearBenchOptions& o);

}  // namespace bfr::cli
