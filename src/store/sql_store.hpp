#pragma once
// The store, written once over the small database interface (sql_database.hpp), on either of its
// dialects: one SQLite file (the embedded default; WAL, so readers never block the session
// writing samples) or a PostgreSQL database (a clinic group).

#include <memory>
#include <string>

#include "store/store.hpp"

namespace bfr::store {

std::unique_ptr<Store> open_sqlite_store(const std::string& path);
std::unique_ptr<Store> open_postgres_store(const std::string& url);

}  // namespace bfr::store
