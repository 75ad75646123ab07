#include "io/results/text_output.hpp"

#include <cerrno>
#include <cstring>

#include "io/runtime/error.hpp"

namespace leontief::io {

namespace {
constexpr std::size_t kFlushBytes = 1 << 20;
}

TextOutput::TextOutput(const std::string& file, const std::string& shown, bool compress)
    : shown_(shown) {
  errno = 0;
  file_ = gzopen(file.c_str(), compress ? "wb6" : "wbT");
  if (file_ == nullptr) {
    throw Error(shown_ + ": cannot create file: " +
                (errno != 0 ? std::strerror(errno) : "out of memory"));
  }
}

TextOutput::~TextOutput() {
  if (file_ != nullptr) gzclose(file_);
}

void TextOutput::end_line() {
  buffer_ += '\n';
  if (buffer_.size() >= kFlushBytes) flush();
}

void TextOutput::close() {
  flush();
  errno = 0;
  const int rc = gzclose(file_);
  file_ = nullptr;
  if (rc != Z_OK) {
    throw Error(shown_ + ": cannot finish writing: " +
                (errno != 0 ? std::strerror(errno) : "zlib error " + std::to_string(rc)));
  }
}

void TextOutput::flush() {
  if (buffer_.empty()) return;
  errno = 0;
  const int written = gzwrite(file_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
  if (written <= 0 || static_cast<std::size_t>(written) != buffer_.size()) {
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    throw Error(shown_ + ": cannot write: " + (code == Z_ERRNO ? std::strerror(errno) : message));
  }
  bytes_ += static_cast<double>(buffer_.size());
  buffer_.clear();
}

}  // namespace leontief::io
