#pragma once
/// @file line_reader.hpp
/// @brief Line-by-line reading of text files, decompressing gzip files on the fly.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leontief::io {

/// A stream of bytes a LineReader reads from: a (possibly gzipped) file, or an entry of a
/// zip archive (io/text/input_files.hpp).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `size` bytes; returns the count, 0 at end of data.
  /// @throws std::runtime_error with the reason (the LineReader adds file and line).
  virtual std::size_t read(char* data, std::size_t size) = 0;
};

/// Reads a text file one line at a time. Files ending in `.gz` are gunzipped while reading
/// (zlib also passes plain files through unchanged, so a mis-named file still reads).
/// Lines may be arbitrarily long; LF and CRLF endings are accepted; a UTF-8 byte-order mark
/// at the start of the file is skipped.
class LineReader {
 public:
  /// @brief Opens `path` for reading.
  /// @throws InputError "<path>: cannot open: <reason>".
  explicit LineReader(std::string path);
  /// @brief Reads from `source`; `name` (e.g. "archive.zip:Z.txt") is used in messages.
  LineReader(std::unique_ptr<ByteSource> source, std::string name);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  LineReader(LineReader&& other) noexcept;
  LineReader& operator=(LineReader&& other) noexcept;

  /// @brief Reads the next line into `line`, without its terminator.
  /// @return false at end of file (then `line` is unchanged).
  /// @note `line` points into an internal buffer: valid until the next call.
  /// @throws InputError on read errors and truncated or corrupt gzip data.
  bool next(std::string_view& line);

  /// @brief 1-based number of the line last returned by next(); 0 before the first line.
  std::size_t line_number() const noexcept { return line_number_; }

  /// @brief The path given to the constructor, for error messages.
  const std::string& path() const noexcept { return path_; }

 private:
  /// Reads more data after the buffered bytes; returns false at end of file.
  bool fill();
  std::string_view take_line(std::size_t end, std::size_t next_begin);

  std::string path_;
  std::unique_ptr<ByteSource> source_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  ///< start of the unread data in buffer_
  std::size_t scan_ = 0;   ///< buffer_[begin_, scan_) is known to hold no '\n'
  std::size_t end_ = 0;    ///< end of the buffered data
  bool at_eof_ = false;
  std::size_t line_number_ = 0;
};

}  // namespace leontief::io
