#include "io/text/line_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include "io/runtime/error.hpp"

namespace leontief::io {

namespace {

// Large enough that a WIOD row (~15 kB) never needs the buffer to grow, and gzread
// calls stay few.
constexpr std::size_t kInitialBufferSize = 256 * 1024;
constexpr unsigned kZlibBufferSize = 128 * 1024;

/// A file read through zlib: gzip data is decompressed, plain files pass through.
class GzipFileSource final : public ByteSource {
 public:
  explicit GzipFileSource(const std::string& path) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
      throw InputError(input_location(path, "", "cannot open: is a directory"));
    }
    errno = 0;
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr) {
      // gzopen sets errno when open() fails; errno 0 means zlib ran out of memory.
      const char* reason = errno != 0 ? std::strerror(errno) : "out of memory";
      throw InputError(input_location(path, "", std::string("cannot open: ") + reason));
    }
    gzbuffer(file_, kZlibBufferSize);
  }
  ~GzipFileSource() override { gzclose(file_); }
  GzipFileSource(const GzipFileSource&) = delete;
  GzipFileSource& operator=(const GzipFileSource&) = delete;

  std::size_t read(char* data, std::size_t size) override {
    const auto request = static_cast<unsigned>(std::min<std::size_t>(size, INT_MAX));
    const int got = gzread(file_, data, request);
    if (got < 0) throw_error();
    if (got == 0) {
      // zlib reports a gzip stream cut short as Z_BUF_ERROR at end of input, not as -1.
      int code = Z_OK;
      gzerror(file_, &code);
      if (code != Z_OK) throw_error();
    }
    return static_cast<std::size_t>(got);
  }

 private:
  [[noreturn]] void throw_error() const {
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    std::string reason = code == Z_ERRNO ? std::strerror(errno) : message;
    if (code == Z_BUF_ERROR) reason = "unexpected end of compressed data (truncated file?)";
    throw std::runtime_error(reason);
  }

  gzFile file_ = nullptr;
};

}  // namespace

LineReader::LineReader(std::string path)
    : path_(std::move(path)),
      source_(std::make_unique<GzipFileSource>(path_)),
      buffer_(kInitialBufferSize) {}

LineReader::LineReader(std::unique_ptr<ByteSource> source, std::string name)
    : path_(std::move(name)), source_(std::move(source)), buffer_(kInitialBufferSize) {}

LineReader::~LineReader() = default;
LineReader::LineReader(LineReader&& other) noexcept = default;
LineReader& LineReader::operator=(LineReader&& other) noexcept = default;

bool LineReader::next(std::string_view& line) {
  for (;;) {
    const void* newline = std::memchr(buffer_.data() + scan_, '\n', end_ - scan_);
    if (newline != nullptr) {
      const auto end = static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data());
      line = take_line(end, end + 1);
      return true;
    }
    scan_ = end_;
    if (!fill()) {
      if (begin_ == end_) return false;
      line = take_line(end_, end_);  // last line without a terminating newline
      return true;
    }
  }
}

std::string_view LineReader::take_line(std::size_t end, std::size_t next_begin) {
  std::string_view line(buffer_.data() + begin_, end - begin_);
  begin_ = scan_ = next_begin;
  ++line_number_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line_number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
  return line;
}

bool LineReader::fill() {
  if (at_eof_) return false;
  // Keep the partial line, move it to the front, grow only when one line fills the buffer.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    scan_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(2 * buffer_.size());
  std::size_t got = 0;
  try {
    got = source_->read(buffer_.data() + end_, buffer_.size() - end_);
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    const std::string place = "line " + std::to_string(line_number_ + 1);
    throw InputError(input_location(path_, place, std::string("cannot read: ") + e.what()));
  }
  if (got == 0) {
    at_eof_ = true;
    return false;
  }
  end_ += got;
  return true;
}

}  // namespace leontief::io
