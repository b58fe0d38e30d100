#include "io/export/sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "io/errors.hpp"

namespace basketgap::io {

namespace {

// Closes a file descriptor on every path.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

void append_gzip_member(std::string_view text, std::string& out) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw Error(exit_internal, "zlib deflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());  // a block of households is far below 4 GiB
  int rc = Z_OK;
  char chunk[1 << 16];
  do {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    rc = deflate(&zs, Z_FINISH);
    out.append(chunk, sizeof chunk - zs.avail_out);
  } while (rc == Z_OK);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw Error(exit_internal, "zlib deflate failed");
}

void create_export_file(const std::string& path) {
  const Fd f{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)};
  if (f.fd < 0) throw Error(exit_cant_create, path + ": cannot create: " + std::strerror(errno));
  ::fchmod(f.fd, 0640);  // whatever the umask
}

void write_export_part(const std::string& path, std::uint64_t offset, std::string_view bytes) {
  Fd f{::open(path.c_str(), O_WRONLY | O_CLOEXEC)};
  if (f.fd < 0) throw Error(exit_io, path + ": cannot open for writing: " + std::strerror(errno));
  const char* data = bytes.data();
  std::size_t size = bytes.size();
  while (size > 0) {
    const ssize_t n = ::pwrite(f.fd, data, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(exit_io, path + ": write failed: " + std::strerror(errno));
    data += n;
    size -= static_cast<std::size_t>(n);
    offset += static_cast<std::uint64_t>(n);
  }
  // Each writer flushes its own part (on a parallel file system only its client can).
  const int fd = std::exchange(f.fd, -1);
  const bool synced = ::fsync(fd) == 0;
  const int fsync_errno = errno;
  const bool closed = ::close(fd) == 0;
  if (!synced || !closed)
    throw Error(exit_io, path + ": cannot flush to disk: " + std::strerror(synced ? errno : fsync_errno));
}

void for_each_line(const std::string& path, const std::function<void(std::string_view)>& line) {
  gzFile in = gzopen(path.c_str(), "rb");
  if (!in) throw Error(exit_no_input, path + ": cannot open");
  std::string pending;
  char chunk[1 << 16];
  int n = 0;
  while ((n = gzread(in, chunk, sizeof chunk)) > 0) {
    pending.append(chunk, static_cast<std::size_t>(n));
    std::size_t start = 0, end = 0;
    while ((end = pending.find('\n', start)) != std::string::npos) {
      line(std::string_view(pending).substr(start, end - start));
      start = end + 1;
    }
    pending.erase(0, start);
  }
  int code = Z_OK;
  const char* message = gzerror(in, &code);
  const std::string reason = message ? message : "";
  gzclose(in);
  if (n < 0 || (code != Z_OK && code != Z_STREAM_END))
    throw Error(exit_data, path + ": the gzip stream is corrupt or cut short (" + reason + ")");
  if (!pending.empty()) line(pending);
}

}  // namespace basketgap::io
