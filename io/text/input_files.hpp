#pragma once
/// @file input_files.hpp
/// @brief The files of a published database as the user has them: one file, a folder of
/// the publisher's files, or the publisher's zip archive, whose entries are streamed
/// (decompressed while reading, never unpacked to disk).

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/text/line_reader.hpp"

namespace leontief::io {

class ZipArchive;

class InputFiles {
 public:
  /// @brief Opens `path`: a folder (its files, recursively), a `.zip` archive (its entries)
  /// or any other file (the one entry is the file itself).
  /// @throws InputError when the path does not exist or the archive cannot be read.
  explicit InputFiles(std::string path);
  ~InputFiles();
  InputFiles(const InputFiles&) = delete;
  InputFiles& operator=(const InputFiles&) = delete;

  const std::string& path() const { return path_; }
  bool is_archive() const { return archive_ != nullptr; }
  bool is_folder() const { return folder_; }

  /// Entry names: paths relative to the folder, entry names in the archive, or the file's
  /// own path for a single file. Sorted.
  const std::vector<std::string>& entries() const { return entries_; }

  /// Entries whose file name (the part after the last '/') satisfies `match`.
  std::vector<std::string> find(const std::function<bool(std::string_view)>& match) const;

  /// @brief Opens an entry for line reading (gzip-compressed files are decompressed).
  LineReader open(const std::string& entry) const;

  /// @brief The raw bytes of an entry (no gzip decoding): a workbook inside an archive.
  std::vector<char> read_bytes(const std::string& entry) const;

  /// How an entry is named in messages: "folder/entry", "archive.zip:entry" or the path.
  std::string display_name(const std::string& entry) const;

 private:
  std::string path_;
  bool folder_ = false;
  std::shared_ptr<ZipArchive> archive_;
  std::vector<std::string> entries_;
};

/// The file-name part of an entry (after the last '/').
std::string_view base_name(std::string_view entry);

/// @brief Picks one entry among `candidates` (all matching what the reader looks for).
/// With several, keeps those whose name contains `year` (when year > 0).
/// @throws InputError naming `where` and `what` when none or several remain.
std::string select_entry(const std::vector<std::string>& candidates, int year,
                         const std::string& where, const std::string& what);

}  // namespace leontief::io
