#pragma once
// The SQLite dialect of the store's database interface (the embedded default): WAL, synchronous
// NORMAL (a commit survives a crash of the program; a power cut may lose the last ones), foreign
// keys on.

#include <memory>
#include <string>

#include "store/sql_database.hpp"

namespace bfr::store::sql {

std::unique_ptr<Database> open_sqlite_database(const std::string& path);

}  // namespace bfr::store::sql
