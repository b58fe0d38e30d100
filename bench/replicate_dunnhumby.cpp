// Builds the ~1M-household benchmark set from the real dunnhumby transactions: COPIES copies,
// copy c adds c*10000 to household ids and c*10^11 to basket ids; every line is dropped
// independently with probability 0.1 (std::mt19937_64, seed 42: the same file everywhere).
//   replicate_dunnhumby IN.csv COPIES > OUT.csv
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s transaction_data.csv COPIES > out.csv\n", argv[0]);
    return 64;
  }
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
      out.insert(out.end(), buf, buf + n);
      if (out.size() > (1u << 24) - 8192) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
      }
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 74;
}
