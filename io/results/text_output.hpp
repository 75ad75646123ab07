#pragma once
/// @file text_output.hpp
/// @brief Buffered text output through zlib (gzip-compressed, or plain), with errors that
/// name the output (not its temporary) and the operating system's reason.

#include <zlib.h>

#include <string>

namespace leontief::io {

class TextOutput {
 public:
  /// @brief Opens `file` for writing (`compress`: gzip). `shown` is the name used in error
  /// messages (the final name of a file written under a temporary one).
  TextOutput(const std::string& file, const std::string& shown, bool compress);
  ~TextOutput();
  TextOutput(const TextOutput&) = delete;
  TextOutput& operator=(const TextOutput&) = delete;

  /// The line being built; end_line() appends a newline and writes when the buffer is full.
  std::string& buffer() { return buffer_; }
  void end_line();
  /// Bytes handed to zlib so far (uncompressed).
  double bytes() const { return bytes_; }
  /// Writes the rest and closes the file. @throws Error naming the file and the reason.
  void close();

 private:
  void flush();

  std::string shown_;
  gzFile file_ = nullptr;
  std::string buffer_;
  double bytes_ = 0;
};

}  // namespace leontief::io
