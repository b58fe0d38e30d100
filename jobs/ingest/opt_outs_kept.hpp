// `ingest --overwrite` over a store replaces everything it held — also the opt-outs that came
// with households files appended since it was ingested. A store rebuilt from the original
// households file would then mail households that withdrew consent: the rebuild of a store with
// appended versions is refused while the new store gives any of them consent again. (A store of
// one version holds only its own households file's consent: rebuilt with a newer file, a
// household may opt in again.)
#pragma once

#include <string>

#include "io/store/tables.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::ingest {

// Collective. When `old_store` exists and is a readable store of more than one version, throws InputError
// (65, on every rank) naming how many of its households without consent (0) have consent (1) in `fresh` (the
// new store's households and catalog households), with a few of their ids. A file there that is not a store
// is left to the replacement (nothing to compare).
void refuse_lost_opt_outs(const std::string& old_store, const io::HouseholdTable& fresh,
                          const io::HouseholdTable& fresh_catalog, const Comm& comm);

}  // namespace basketgap::ingest
