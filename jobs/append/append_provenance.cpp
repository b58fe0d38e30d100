#include "jobs/append/append_provenance.hpp"

#include "io/store/reader.hpp"
#include "io/store/schema.hpp"

namespace basketgap::append {

namespace {
std::int64_t int_attribute(const io::Attributes& attributes, const std::string& name) {
  for (const auto& [n, v] : attributes)
    if (n == name && std::holds_alternative<std::int64_t>(v)) return std::get<std::int64_t>(v);
  return 0;
}
}  // namespace

AppendedProvenance appended_provenance(const io::StoreSummary& stored, const io::StoreProvenance& night,
                                       io::BatchRecord batch) {
  AppendedProvenance out;
  out.attributes = stored.attributes;  // the first ingest's sources and mapping stay
  io::Attributes& a = out.attributes;
  const io::StoreCounts& c = night.counts;
  io::set_attribute(a, "engine_version", std::string(BASKETGAP_VERSION));
  io::set_attribute(a, "rows", c.rows);
  io::set_attribute(a, "households", c.households);
  io::set_attribute(a, "products", c.products);
  io::set_attribute(a, "baskets", c.baskets);
  io::set_attribute(a, "min_day", static_cast<std::int64_t>(c.min_day));
  io::set_attribute(a, "max_day", static_cast<std::int64_t>(c.max_day));
  // Line counts add up over the files of every batch.
  for (const auto& [name, value] :
       {std::pair<const char*, std::int64_t>{"input_data_lines", c.input_data_lines},
        {"rejected_lines", c.rejected_lines},
        {"return_lines", c.return_lines},
        {"duplicate_lines", c.duplicate_lines},
        {"blank_lines", c.blank_lines}})
    io::set_attribute(a, name, int_attribute(stored.attributes, name) + value);
  batch.fingerprint = io::appended_fingerprint(stored.fingerprint, night.sources);
  io::set_attribute(a, "fingerprint", batch.fingerprint);
  io::set_attribute(a, "store_version", batch.version);
  out.batches = stored.batches;
  out.batches.push_back(std::move(batch));
  return out;
}

io::Attributes compacted_attributes(const io::StoreSummary& stored, std::int64_t rows, std::size_t households,
                                    std::size_t products, std::int64_t baskets, std::int64_t min_day,
                                    std::int64_t max_day, std::int64_t repeats) {
  io::Attributes a = stored.attributes;
  io::set_attribute(a, "schema_version", io::store::kStoreSchemaVersion);
  io::set_attribute(a, "engine_version", std::string(BASKETGAP_VERSION));
  io::set_attribute(a, "rows", rows);
  io::set_attribute(a, "households", static_cast<std::int64_t>(households));
  io::set_attribute(a, "products", static_cast<std::int64_t>(products));
  io::set_attribute(a, "baskets", baskets);
  io::set_attribute(a, "min_day", min_day);
  io::set_attribute(a, "max_day", max_day);
  io::set_attribute(a, "duplicate_lines", int_attribute(stored.attributes, "duplicate_lines") + repeats);
  return a;
}

}  // namespace basketgap::append
