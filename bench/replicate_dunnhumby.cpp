// Builds the ~1M-household benchmark set from the real dunnhumby transactions: COPIES copies,
// copy c adds c*10000 to household ids and c*10^11 to basket ids; every line is dropped
// independently with probability 0.1 (std::mt19937_64, seed 42: the same file everywhere).
//   replicate_dunnhumby IN.csv COPIES > OUT.csv
//   replicate_dunnhumby IN.csv COPIES LAST_BASE_DAY NIGHTS_DIR > BASE.csv
// The second form (bench/append_bench.sh) writes the lines of days after LAST_BASE_DAY to
// NIGHTS_DIR/night-DDDDD.csv, one file per day (each with the header), the rest to stdout.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3 && argc != 5) {
    std::fprintf(stderr, "usage: %s transaction_data.csv COPIES [LAST_BASE_DAY NIGHTS_DIR] > out.csv\n",
                 argv[0]);
    return 64;
  }
  const long last_base_day = argc == 5 ? std::atol(argv[3]) : 1L << 30;
  std::vector<std::FILE*> nights;  // by day - last_base_day - 1, opened on first use
  std::FILE* in = std::fopen(argv[1], "r");
  if (!in) {
    std::perror(argv[1]);
    return 66;
  }
  const long copies = std::atol(argv[2]);
  std::vector<std::string> lines;
  char buf[4096];
  std::string header;
  while (std::fgets(buf, sizeof buf, in)) {
    if (header.empty())
      header = buf;
    else
      lines.emplace_back(buf);
  }
  std::fclose(in);
  std::fputs(header.c_str(), stdout);
  std::mt19937_64 rng(42);
  std::vector<char> out;
  out.reserve(1 << 24);
  for (long c = 0; c < copies; ++c) {
    for (const std::string& line : lines) {
      if (static_cast<double>(rng() >> 11) * 0x1.0p-53 < 0.1) continue;
      // household_key,BASKET_ID,rest...
      char* end = nullptr;
      const long long household = std::strtoll(line.c_str(), &end, 10);
      const long long basket = std::strtoll(end + 1, &end, 10);
      const int n = std::snprintf(buf, sizeof buf, "%lld,%lld%s", household + c * 10000LL,
                                  basket + c * 100000000000LL, end);
      const long day = std::atol(end + 1);
      if (day > last_base_day) {
        const auto night = static_cast<std::size_t>(day - last_base_day - 1);
        if (night >= nights.size()) nights.resize(night + 1, nullptr);
        if (!nights[night]) {
          const std::string path =
              std::string(argv[4]) + "/night-" + std::to_string(100000 + day).substr(1) + ".csv";
          nights[night] = std::fopen(path.c_str(), "w");
          if (!nights[night]) {
            std::perror(path.c_str());
            return 73;
          }
          std::fputs(header.c_str(), nights[night]);
        }
        std::fwrite(buf, 1, static_cast<std::size_t>(n), nights[night]);
        continue;
      }
      out.insert(out.end(), buf, buf + n);
      if (out.size() > (1u << 24) - 8192) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
      }
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  for (std::FILE* f : nights)
    if (f && std::fclose(f) != 0) return 74;
  return std::fflush(stdout) == 0 ? 0 : 74;
}
