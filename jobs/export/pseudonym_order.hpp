// The order of a pseudonymised export. In the coupons file's order (ascending raw household
// id) anyone who holds the raw ids could pair them with the pseudonyms by position and undo
// the pseudonymisation, so such an export lists its households in ascending pseudonym order.
// The ranks' mailed households are ordered together and cut into blocks of kBlockHouseholds
// mailed households; every rank takes a contiguous run of whole blocks (jobs/export/blocks.hpp),
// so the bytes, gzip members included, do not depend on the rank count.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "io/export/manifest.hpp"
#include "jobs/export/mailing.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::exporting {

// Collective: this rank's part of the file (its blocks, block 0 with the header; one gzip
// member per block with `manifest.gzip`) from every rank's mailed households, `mine` being this
// rank's. Each household's rows travel to the rank that owns its place in the order, in rounds
// of at most `round_bytes` a rank (MPI counts in 32 bits; the rounds change no byte).
inline constexpr std::size_t kExportRoundBytes = std::size_t{1} << 28;
std::string blocks_in_pseudonym_order(std::vector<MailedHousehold> mine, const io::ExportManifest& manifest,
                                      const Comm& comm, std::size_t round_bytes = kExportRoundBytes);

}  // namespace basketgap::exporting
