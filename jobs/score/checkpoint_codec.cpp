#include "jobs/score/checkpoint_codec.hpp"

#include <xxhash.h>

#include <cstring>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace basketgap {
namespace {

// The last two characters change when a build would compute other contents from the same
// store and config (05: exact household samples; 07: missed sales), so that it never resumes an older
// build's.
constexpr char kMagic[8] = {'B', 'G', 'C', 'K', 'P', 'T', '0', '8'};
constexpr std::uint32_t kHasModel = 1, kHasContext = 2;

// Host byte order: a checkpoint is only ever read back on the cluster that wrote it.
class Writer {
 public:
  template <typename T>
  void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  template <typename T>
  void put_vector(const std::vector<T>& values) {
    put<std::uint64_t>(values.size());
    bytes_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

class Reader {
 public:
  Reader(const char* data, std::size_t size) : data_(data), size_(size) {}
  template <typename T>
  T get() {
    T value;
    take(&value, sizeof value);
    return value;
  }
  template <typename T>
  std::vector<T> get_vector() {
    const auto n = get<std::uint64_t>();
    if (n > (size_ - pos_) / sizeof(T)) throw std::runtime_error("truncated checkpoint");
    std::vector<T> values(n);
    take(values.data(), n * sizeof(T));
    return values;
  }
  bool at_end() const { return pos_ == size_; }

 private:
  void take(void* out, std::size_t n) {
    if (n > size_ - pos_) throw std::runtime_error("truncated checkpoint");
    if (n) std::memcpy(out, data_ + pos_, n);
    pos_ += n;
  }
  const char* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string encode_checkpoint(const CheckpointContents& c) {
  Writer w;
  w.bytes().append(kMagic, sizeof kMagic);
  w.put(c.key);
  w.put<std::uint32_t>((c.model ? kHasModel : 0) | (c.context ? kHasContext : 0));
  if (c.model) {
    w.put(c.model->weights);
    w.put<std::uint8_t>(c.model->learned ? 1 : 0);
    w.put_vector(c.model->trees.roots);
    w.put_vector(c.model->trees.nodes);
    w.put(c.model->rerank.weights);
    w.put<std::uint8_t>(c.model->rerank.fitted ? 1 : 0);
    w.put<std::uint8_t>(c.model->popular_candidates ? 1 : 0);
  }
  if (c.context) {
    const engine::ScoringContext& x = *c.context;
    w.put(x.as_of);
    w.put(x.households);
    w.put_vector(x.population_cycle);
    w.put_vector(x.recent_households);
    w.put_vector(x.repeat_rate);
    w.put_vector(x.missed_sales);
    w.put_vector(x.popular);
    w.put_vector(x.neighbours.offsets);
    w.put_vector(x.neighbours.neighbour);
    w.put_vector(x.neighbours.similarity);
    w.put_vector(x.successor);
  }
  w.put<std::uint64_t>(XXH3_64bits(w.bytes().data(), w.bytes().size()));
  return std::move(w.bytes());
}

CheckpointContents decode_checkpoint(const std::string& bytes) {
  constexpr std::size_t trailer = sizeof(std::uint64_t);
  // The format's name without its two-character version: another build's checkpoint is told
  // apart from a file that is no checkpoint at all.
  constexpr std::size_t kName = sizeof kMagic - 2;
  if (bytes.size() < sizeof kMagic + trailer || std::memcmp(bytes.data(), kMagic, kName) != 0)
    throw std::runtime_error("not a basketgap checkpoint");
  if (std::memcmp(bytes.data() + kName, kMagic + kName, 2) != 0)
    throw std::runtime_error("written by another build (format " + std::string(bytes.data() + kName, 2) +
                             ", this build reads " + std::string(kMagic + kName, 2) + ")");
  const std::size_t body = bytes.size() - trailer;
  std::uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + body, trailer);
  if (stored != XXH3_64bits(bytes.data(), body)) throw std::runtime_error("checksum mismatch (damaged)");

  Reader r(bytes.data() + sizeof kMagic, body - sizeof kMagic);
  CheckpointContents c;
  c.key = r.get<std::uint64_t>();
  const auto stages = r.get<std::uint32_t>();
  if (stages & kHasModel) {
    engine::BlendModel m;
    m.weights = r.get<engine::Features>();
    m.learned = r.get<std::uint8_t>() != 0;
    m.trees.roots = r.get_vector<std::int32_t>();
    m.trees.nodes = r.get_vector<engine::TreeNode>();
    if (const std::string why = m.trees.problem(); !why.empty())
      throw std::runtime_error("damaged trees: " + why);
    m.rerank.weights = r.get<engine::Features>();
    m.rerank.fitted = r.get<std::uint8_t>() != 0;
    m.popular_candidates = r.get<std::uint8_t>() != 0;
    c.model = m;
  }
  if (stages & kHasContext) {
    engine::ScoringContext x;
    x.as_of = r.get<std::int32_t>();
    x.households = r.get<std::int64_t>();
    x.population_cycle = r.get_vector<double>();
    x.recent_households = r.get_vector<std::int64_t>();
    x.repeat_rate = r.get_vector<double>();
    x.missed_sales = r.get_vector<double>();
    x.popular = r.get_vector<std::int32_t>();
    x.neighbours.offsets = r.get_vector<std::int64_t>();
    x.neighbours.neighbour = r.get_vector<std::int32_t>();
    x.neighbours.similarity = r.get_vector<float>();
    x.successor = r.get_vector<std::int32_t>();
    c.context = std::move(x);
  }
  if (!r.at_end()) throw std::runtime_error("unexpected bytes after the last stage");
  return c;
}

void check_checkpoint_fits(const CheckpointContents& c, std::int32_t as_of, std::int64_t products) {
  if (!c.context) return;
  const engine::ScoringContext& x = *c.context;
  const auto n = static_cast<std::size_t>(products);
  const auto& t = x.neighbours;
  if (x.as_of != as_of || x.population_cycle.size() != n || x.recent_households.size() != n ||
      x.repeat_rate.size() != n || x.missed_sales.size() != n || t.offsets.size() != n + 1 ||
      t.neighbour.size() != t.similarity.size() ||
      t.offsets.back() != static_cast<std::int64_t>(t.neighbour.size()))
    throw std::runtime_error("its shapes do not match the store");
  for (auto p : x.popular)
    if (p < 0 || p >= products) throw std::runtime_error("a popular product is out of range");
  for (auto p : t.neighbour)
    if (p < 0 || p >= products) throw std::runtime_error("a neighbour is out of range");
  // The relaunch map indexes every row's product: none, or one entry a product, each -1 or
  // another product that is itself no relaunched one (chains are followed when it is made).
  if (!x.successor.empty() && x.successor.size() != n)
    throw std::runtime_error("its shapes do not match the store");
  for (std::size_t p = 0; p < x.successor.size(); ++p) {
    const std::int32_t s = x.successor[p];
    if (s == -1) continue;
    if (s < 0 || s >= products || static_cast<std::size_t>(s) == p ||
        x.successor[static_cast<std::size_t>(s)] != -1)
      throw std::runtime_error("a relaunched product's successor is out of range");
  }
}

}  // namespace basketgap
