#pragma once
// The PostgreSQL dialect of the store's database interface (a clinic group's server): ?n
// parameters become $n, statements are prepared once per connection, and results that hold bytes
// come back binary.

#include <memory>
#include <string>

#include "store/sql_database.hpp"

namespace bfr::store::sql {

std::unique_ptr<Database> open_postgres_database(const std::string& url);

}  // namespace bfr::store::sql
