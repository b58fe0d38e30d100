// The one MPI layer of basketgap: a typed, global-state-free wrapper over the
// few collectives the jobs need. Kernels in engine/ never see it; only the main
// thread calls it.
#pragma once

#include <mpi.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <numeric>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace basketgap {

// The MPI datatype of a C++ scalar; trivially copyable structs travel as bytes.
template <typename T>
MPI_Datatype mpi_type() {
  if constexpr (std::is_same_v<T, char>)
    return MPI_CHAR;
  else if constexpr (std::is_same_v<T, std::int8_t>)
    return MPI_INT8_T;
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return MPI_UINT8_T;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return MPI_INT32_T;
  else if constexpr (std::is_same_v<T, std::uint32_t>)
    return MPI_UINT32_T;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return MPI_INT64_T;
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return MPI_UINT64_T;
  else if constexpr (std::is_same_v<T, float>)
    return MPI_FLOAT;
  else if constexpr (std::is_same_v<T, double>)
    return MPI_DOUBLE;
  else {
    static_assert(std::is_trivially_copyable_v<T>, "only trivially copyable types travel over MPI");
    return MPI_BYTE;
  }
}

// Number of MPI elements that carry `n` values of T (bytes for structs).
template <typename T>
int mpi_count(std::size_t n) {
  const std::size_t units = std::is_scalar_v<T> ? n : n * sizeof(T);
  if (units > static_cast<std::size_t>(INT32_MAX))
    throw std::length_error("MPI message larger than 2^31 elements; use smaller batches");
  return static_cast<int>(units);
}

enum class ReduceOp { sum, min, max, logical_or };

// What one rank has exchanged through Comm: payload bytes sent to and received from OTHER
// ranks, the number of MPI collectives called and the seconds spent in them. Payload, not wire bytes (those
// depend on MPI's algorithms), counted as if every rank exchanged directly with every other:
//   allgather(v), allreduce, any: each rank sends its n bytes to each other rank and receives
//     theirs (a reduction counts as the allgather it could be: n x (size-1) each way);
//   gatherv_to_root / gatherv_to / gather_to_root: a rank sends its bytes, the target (rank 0
//     but for gatherv_to) receives the others';
//   broadcast: the sender (rank 0 unless told) sends n x (size-1), every other rank receives n;
//   alltoallv: the values to / from ranks other than this one;
//   barrier: no bytes.
// Helper exchanges count too (the sizes allgathered by the v-gathers, the counts of
// alltoallv, the length of a broadcast). With one rank every byte count is 0. HDF5's
// collective I/O through raw() is file I/O and not counted.
struct CommTraffic {
  std::uint64_t sent = 0, received = 0, collectives = 0;
  double seconds = 0;  // inside MPI collective calls: moving data and waiting for the other ranks

  CommTraffic& operator+=(const CommTraffic& o) {
    sent += o.sent;
    received += o.received;
    collectives += o.collectives;
    seconds += o.seconds;
    return *this;
  }
  friend CommTraffic operator-(CommTraffic a, const CommTraffic& b) {
    a.sent -= b.sent;
    a.received -= b.received;
    a.collectives -= b.collectives;
    a.seconds -= b.seconds;
    return a;
  }
};

class Comm {
 public:
  // Collective (the agreement's own communicator is a duplicate of `comm`).
  explicit Comm(MPI_Comm comm = MPI_COMM_WORLD) : comm_(comm), agreement_(duplicate(comm)) {
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
  }
  // This process alone (a job only rank 0 works in, as generate): not collective.
  static Comm self() { return Comm(MPI_COMM_SELF); }

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }
  MPI_Comm raw() const { return comm_; }
  // Everything this rank has exchanged through this Comm (and its copies) so far.
  CommTraffic traffic() const { return *traffic_; }

  void barrier() const {
    count(0, 0);
    timed([&] { MPI_Barrier(comm_); });
  }

  // Element-wise reduction of `values` in place across all ranks (scalar T
  // only).
  template <typename T>
  void allreduce_inplace(std::span<T> values, ReduceOp op) const {
    static_assert(std::is_scalar_v<T>);
    if (values.empty()) return;
    count_all_to_all(values.size_bytes());
    timed([&] {
      MPI_Allreduce(MPI_IN_PLACE, values.data(), mpi_count<T>(values.size()), mpi_type<T>(), to_mpi(op),
                    comm_);
    });
  }

  template <typename T>
  T allreduce(T value, ReduceOp op) const {
    allreduce_inplace(std::span<T>(&value, 1), op);
    return value;
  }

  // The ranks' largest `value`, on a communicator of its own: whether a step failed anywhere
  // (jobs/cluster/collective_errors). No other collective can take its place — a rank that went
  // on into HDF5's collectives, whose internal allreduce on comm_ would match an allreduce here,
  // never answers it. Every rank calls it non-blocking (a non-blocking collective matches only
  // non-blocking ones); with `patience`, nullopt when the others did not join in that time and
  // the caller ends the job.
  std::optional<int> agree_max(int value, std::optional<std::chrono::milliseconds> patience) const {
    count_all_to_all(sizeof value);
    int result = 0;
    MPI_Request request;
    MPI_Iallreduce(&value, &result, 1, MPI_INT, MPI_MAX, *agreement_, &request);
    if (!patience) {
      timed([&] { MPI_Wait(&request, MPI_STATUS_IGNORE); });
      return result;
    }
    const auto deadline = std::chrono::steady_clock::now() + *patience;
    for (;;) {
      int done = 0;
      MPI_Test(&request, &done, MPI_STATUS_IGNORE);
      if (done) return result;
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  bool any(bool flag) const {
    int v = flag ? 1 : 0;
    count_all_to_all(sizeof v);
    timed([&] { MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_INT, MPI_LOR, comm_); });
    return v != 0;
  }

  // Sum of the values of ranks below this one (0 on rank 0).
  template <typename T>
  T exclusive_prefix_sum(T value) const {
    std::vector<T> all = allgather(value);
    T acc{};
    for (int r = 0; r < rank_; ++r) acc += all[r];
    return acc;
  }

  template <typename T>
  std::vector<T> allgather(const T& value) const {
    std::vector<T> out(size_);
    count_all_to_all(sizeof(T));
    timed([&] {
      MPI_Allgather(&value, mpi_count<T>(1), mpi_type<T>(), out.data(), mpi_count<T>(1), mpi_type<T>(),
                    comm_);
    });
    return out;
  }

  // Concatenation, in rank order, of every rank's `local` on every rank.
  template <typename T>
  std::vector<T> allgatherv(std::span<const T> local) const {
    const Layout layout = gather_layout<T>(local.size());
    std::vector<T> out(layout.total);
    count(local.size_bytes() * others(), (layout.total - local.size()) * sizeof(T));
    timed([&] {
      MPI_Allgatherv(local.data(), mpi_count<T>(local.size()), mpi_type<T>(), out.data(),
                     layout.counts.data(), layout.displs.data(), mpi_type<T>(), comm_);
    });
    return out;
  }

  // Concatenation in rank order on rank 0 only (empty elsewhere).
  template <typename T>
  std::vector<T> gatherv_to_root(std::span<const T> local) const {
    return gatherv_to(0, local);
  }
  // The same on rank `target` (a job one rank works on while rank 0 works on another).
  template <typename T>
  std::vector<T> gatherv_to(int target, std::span<const T> local) const {
    const Layout layout = gather_layout<T>(local.size());
    const bool here = rank_ == target;
    std::vector<T> out(here ? layout.total : 0);
    if (here)
      count(0, (layout.total - local.size()) * sizeof(T));
    else
      count(local.size_bytes(), 0);
    timed([&] {
      MPI_Gatherv(local.data(), mpi_count<T>(local.size()), mpi_type<T>(), out.data(), layout.counts.data(),
                  layout.displs.data(), mpi_type<T>(), target, comm_);
    });
    return out;
  }

  // One value of every rank, in rank order, on rank 0 only (empty elsewhere).
  template <typename T>
  std::vector<T> gather_to_root(const T& value) const {
    std::vector<T> out(is_root() ? size_ : 0);
    if (is_root())
      count(0, sizeof(T) * others());
    else
      count(sizeof(T), 0);
    timed([&] {
      MPI_Gather(&value, mpi_count<T>(1), mpi_type<T>(), out.data(), mpi_count<T>(1), mpi_type<T>(), 0,
                 comm_);
    });
    return out;
  }

  // Personalised all-to-all: `send_counts[r]` consecutive values of `send` go
  // to rank r. Returns what every rank sent here, in rank order (`received`,
  // when given, gets the count from each rank).
  template <typename T>
  std::vector<T> alltoallv(std::span<const T> send, std::span<const std::int64_t> send_counts,
                           std::vector<std::int64_t>* received = nullptr) const {
    std::vector<T> out;
    alltoallv_into(send, send_counts, out, received);
    return out;
  }

  // The same into `out`, resized to what arrives: a buffer reused over rounds is not
  // allocated and zero-filled again each time.
  template <typename T>
  void alltoallv_into(std::span<const T> send, std::span<const std::int64_t> send_counts, std::vector<T>& out,
                      std::vector<std::int64_t>* received = nullptr) const {
    std::vector<std::int64_t> recv_counts(size_);
    count_all_to_all(sizeof(std::int64_t));
    timed(
        [&] { MPI_Alltoall(send_counts.data(), 1, MPI_INT64_T, recv_counts.data(), 1, MPI_INT64_T, comm_); });
    std::vector<int> sc(size_), sd(size_), rc(size_), rd(size_);
    std::size_t s_total = 0, r_total = 0;
    for (int r = 0; r < size_; ++r) {
      sc[r] = mpi_count<T>(send_counts[r]);
      sd[r] = mpi_count<T>(s_total);
      rc[r] = mpi_count<T>(recv_counts[r]);
      rd[r] = mpi_count<T>(r_total);
      s_total += send_counts[r];
      r_total += recv_counts[r];
    }
    if (s_total != send.size()) throw std::logic_error("alltoallv: counts do not match the buffer");
    out.resize(r_total);
    count((s_total - static_cast<std::size_t>(send_counts[rank_])) * sizeof(T),
          (r_total - static_cast<std::size_t>(recv_counts[rank_])) * sizeof(T));
    timed([&] {
      MPI_Alltoallv(send.data(), sc.data(), sd.data(), mpi_type<T>(), out.data(), rc.data(), rd.data(),
                    mpi_type<T>(), comm_);
    });
    if (received) *received = std::move(recv_counts);
  }

  // Rank `from`'s value (rank 0's by default) on every rank.
  template <typename T>
  void broadcast(std::vector<T>& values, int from = 0) const {
    std::int64_t n = static_cast<std::int64_t>(values.size());
    count_broadcast(sizeof n, from);
    timed([&] { MPI_Bcast(&n, 1, MPI_INT64_T, from, comm_); });
    values.resize(n);
    if (n) count_broadcast(values.size() * sizeof(T), from);
    if (n) timed([&] { MPI_Bcast(values.data(), mpi_count<T>(n), mpi_type<T>(), from, comm_); });
  }
  void broadcast(std::string& text, int from = 0) const {
    std::vector<char> buf(text.begin(), text.end());
    broadcast(buf, from);
    text.assign(buf.begin(), buf.end());
  }

 private:
  std::uint64_t others() const { return static_cast<std::uint64_t>(size_ - 1); }
  // One collective that sends and receives these payload bytes on this rank.
  void count(std::uint64_t sent, std::uint64_t received) const {
    traffic_->sent += sent;
    traffic_->received += received;
    ++traffic_->collectives;
  }
  // Runs one MPI call and adds its time to the tally.
  template <typename Call>
  void timed(Call call) const {
    const auto start = std::chrono::steady_clock::now();
    call();
    traffic_->seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  // Every rank contributes `bytes` and gets every other rank's.
  void count_all_to_all(std::uint64_t bytes) const { count(bytes * others(), bytes * others()); }
  void count_broadcast(std::uint64_t bytes, int from = 0) const {
    if (rank_ == from)
      count(bytes * others(), 0);
    else
      count(0, bytes);
  }

  // Per-rank counts and displacements (in MPI units) of a gather of `local`
  // values each.
  struct Layout {
    std::vector<int> counts, displs;
    std::size_t total = 0;  // values of T in all
  };
  template <typename T>
  Layout gather_layout(std::size_t local) const {
    const std::vector<std::int64_t> sizes = allgather<std::int64_t>(static_cast<std::int64_t>(local));
    Layout layout{std::vector<int>(size_), std::vector<int>(size_), 0};
    for (int r = 0; r < size_; ++r) {
      layout.counts[r] = mpi_count<T>(sizes[r]);
      layout.displs[r] = mpi_count<T>(layout.total);
      layout.total += sizes[r];
    }
    return layout;
  }

  static MPI_Op to_mpi(ReduceOp op) {
    switch (op) {
      case ReduceOp::sum:
        return MPI_SUM;
      case ReduceOp::min:
        return MPI_MIN;
      case ReduceOp::max:
        return MPI_MAX;
      case ReduceOp::logical_or:
        return MPI_LOR;
    }
    return MPI_SUM;
  }

  static std::shared_ptr<MPI_Comm> duplicate(MPI_Comm comm) {
    auto* copy = new MPI_Comm;
    MPI_Comm_dup(comm, copy);
    return std::shared_ptr<MPI_Comm>(copy, [](MPI_Comm* c) {
      int finalized = 0;
      MPI_Finalized(&finalized);
      if (!finalized) MPI_Comm_free(c);
      delete c;
    });
  }

  MPI_Comm comm_;
  std::shared_ptr<MPI_Comm> agreement_;
  int rank_ = 0;
  int size_ = 1;
  // Shared by copies (one communicator, one tally); only the main thread calls Comm.
  std::shared_ptr<CommTraffic> traffic_ = std::make_shared<CommTraffic>();
};

// MPI_Init/MPI_Finalize as a scope; MPI_THREAD_FUNNELED since only the main
// thread calls MPI.
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv) {
    int provided = 0;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  }
  ~MpiSession() {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
  }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

// Ends every rank of the job at once with `code` (a rank that failed alone
// cannot wait for the others at the next collective).
[[noreturn]] inline void abort_job(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::abort();
}

}  // namespace basketgap
