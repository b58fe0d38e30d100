#include "io/export/sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/errors.hpp"

namespace basketgap::io {

ExportSink::ExportSink(const std::string& path, bool gzip) : path_(path), gzip_(gzip) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd_ < 0) throw Error(exit_cant_create, path + ": cannot create: " + std::strerror(errno));
  ::fchmod(fd_, 0640);  // whatever the umask
  if (gzip_ && deflateInit2(&zs_, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw Error(exit_internal, path + ": zlib deflateInit2 failed");
}

ExportSink::~ExportSink() {
  if (gzip_) deflateEnd(&zs_);
  if (fd_ >= 0) ::close(fd_);
}

void ExportSink::put(const char* data, std::size_t size) {
  sha_.update(data, size);
  bytes_ += size;
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(exit_io, path_ + ": write failed: " + std::strerror(errno));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void ExportSink::deflate_some(int flush) {
  char out[1 << 16];
  do {
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    zs_.avail_out = sizeof out;
    const int rc = deflate(&zs_, flush);
    if (rc == Z_STREAM_ERROR) throw Error(exit_internal, path_ + ": zlib deflate failed");
    put(out, sizeof out - zs_.avail_out);
  } while (zs_.avail_out == 0);
}

void ExportSink::write(std::string_view text) {
  buffer_.append(text);
  if (buffer_.size() < (1u << 20)) return;
  if (gzip_) {
    zs_.next_in = reinterpret_cast<Bytef*>(buffer_.data());
    zs_.avail_in = static_cast<uInt>(buffer_.size());
    deflate_some(Z_NO_FLUSH);
  } else {
    put(buffer_.data(), buffer_.size());
  }
  buffer_.clear();
}

void ExportSink::finish() {
  if (gzip_) {
    zs_.next_in = reinterpret_cast<Bytef*>(buffer_.data());
    zs_.avail_in = static_cast<uInt>(buffer_.size());
    deflate_some(Z_FINISH);
  } else {
    put(buffer_.data(), buffer_.size());
  }
  buffer_.clear();
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    fd_ = -1;
    throw Error(exit_io, path_ + ": cannot flush to disk: " + std::strerror(errno));
  }
  fd_ = -1;
  digest_ = to_hex(sha_.finish());
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
