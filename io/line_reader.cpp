#include "io/line_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <utility>

#include "io/error.hpp"

namespace leontief::io {

namespace {

// Large enough that a WIOD row (~15 kB) never needs the buffer to grow, and gzread
// calls stay few.
constexpr std::size_t kInitialBufferSize = 256 * 1024;
constexpr unsigned kZlibBufferSize = 128 * 1024;

gzFile open_or_throw(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    throw InputError(input_location(path, "", "cannot open: is a directory"));
  }
  errno = 0;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    // gzopen sets errno when open() fails; errno 0 means zlib ran out of memory.
    const char* reason = errno != 0 ? std::strerror(errno) : "out of memory";
    throw InputError(input_location(path, "", std::string("cannot open: ") + reason));
  }
  gzbuffer(file, kZlibBufferSize);
  return file;
}

}  // namespace

LineReader::LineReader(std::string path)
    : path_(std::move(path)), file_(open_or_throw(path_)), buffer_(kInitialBufferSize) {}

LineReader::~LineReader() {
  if (file_ != nullptr) gzclose(file_);
}

LineReader::LineReader(LineReader&& other) noexcept
    : path_(std::move(other.path_)),
      file_(std::exchange(other.file_, nullptr)),
      buffer_(std::move(other.buffer_)),
      begin_(other.begin_),
      scan_(other.scan_),
      end_(other.end_),
      at_eof_(other.at_eof_),
      line_number_(other.line_number_) {}

LineReader& LineReader::operator=(LineReader&& other) noexcept {
  if (this != &other) {
    if (file_ != nullptr) gzclose(file_);
    path_ = std::move(other.path_);
    file_ = std::exchange(other.file_, nullptr);
    buffer_ = std::move(other.buffer_);
    begin_ = other.begin_;
    scan_ = other.scan_;
    end_ = other.end_;
    at_eof_ = other.at_eof_;
    line_number_ = other.line_number_;
  }
  return *this;
}

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
  const auto request = static_cast<unsigned>(std::min<std::size_t>(buffer_.size() - end_, INT_MAX));
  const int got = gzread(file_, buffer_.data() + end_, request);
  if (got < 0) throw_read_error();
  if (got == 0) {
    // zlib reports a gzip stream cut short as Z_BUF_ERROR at end of input, not as -1.
    int code = Z_OK;
    gzerror(file_, &code);
    if (code != Z_OK) throw_read_error();
    at_eof_ = true;
    return false;
  }
  end_ += static_cast<std::size_t>(got);
  return true;
}

void LineReader::throw_read_error() const {
  int code = Z_OK;
  const char* message = gzerror(file_, &code);
  std::string reason = code == Z_ERRNO ? std::strerror(errno) : message;
  if (code == Z_BUF_ERROR) reason = "unexpected end of compressed data (truncated file?)";
  const std::string place = "line " + std::to_string(line_number_ + 1);
  throw InputError(input_location(path_, place, "cannot read: " + reason));
}

}  // namespace leontief::io
