#pragma once
// The store on PostgreSQL, for a clinic that outgrows one machine: the same interface, the same
// schema versions (migrations.hpp carries both texts), the same checks in the tests.

#include <memory>
#include <string>

#include "store/store.hpp"

namespace bfr::store {

// `url`: a libpq connection URI, postgresql://user@host:port/database.
std::unique_ptr<Store> open_postgres_store(const std::string& url);

}  // namespace bfr::store
