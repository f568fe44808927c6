#pragma once
// The embedded store: one SQLite file, WAL journal (readers never block the session writing
// samples), synchronous=NORMAL (a killed process loses nothing committed; a power cut may lose
// the last commit), foreign keys on.

#include <memory>
#include <string>

#include "store/store.hpp"

namespace bfr::store {

std::unique_ptr<Store> open_sqlite_store(const std::string& path);

}  // namespace bfr::store
