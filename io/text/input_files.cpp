#include "io/text/input_files.hpp"

#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "io/runtime/error.hpp"

namespace leontief::io {

namespace fs = std::filesystem;

/// An open zip archive shared by the entries being read from it (libzip allows several
/// entries of one archive open at once, each with its own decompression state).
class ZipArchive {
 public:
  explicit ZipArchive(const std::string& path) {
    int error = 0;
    archive_ = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (archive_ == nullptr) {
      zip_error_t details;
      zip_error_init_with_code(&details, error);
      const std::string reason = zip_error_strerror(&details);
      zip_error_fini(&details);
      throw InputError(input_location(path, "", "cannot open as a zip archive: " + reason));
    }
  }
  ~ZipArchive() { zip_discard(archive_); }
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;
  zip_t* get() const { return archive_; }

 private:
  zip_t* archive_ = nullptr;
};

namespace {

/// One entry of a zip archive, decompressed while reading.
class ZipEntrySource final : public ByteSource {
 public:
  ZipEntrySource(std::shared_ptr<ZipArchive> archive, const std::string& entry,
                 const std::string& name)
      : archive_(std::move(archive)) {
    file_ = zip_fopen(archive_->get(), entry.c_str(), 0);
    if (file_ == nullptr) {
      throw InputError(input_location(
          name, "", std::string("cannot open the zip entry: ") + zip_strerror(archive_->get())));
    }
  }
  ~ZipEntrySource() override { zip_fclose(file_); }
  ZipEntrySource(const ZipEntrySource&) = delete;
  ZipEntrySource& operator=(const ZipEntrySource&) = delete;

  std::size_t read(char* data, std::size_t size) override {
    const zip_int64_t got = zip_fread(file_, data, size);
    if (got < 0) throw std::runtime_error(zip_file_strerror(file_));
    return static_cast<std::size_t>(got);
  }

 private:
  std::shared_ptr<ZipArchive> archive_;
  zip_file_t* file_ = nullptr;
};

bool ends_with_zip(const std::string& path) {
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.ends_with(".zip");
}

}  // namespace

std::string_view base_name(std::string_view entry) {
  const auto slash = entry.find_last_of('/');
  return slash == std::string_view::npos ? entry : entry.substr(slash + 1);
}

InputFiles::InputFiles(std::string path) : path_(std::move(path)) {
  std::error_code error;
  const fs::file_status status = fs::status(path_, error);
  if (error || !fs::exists(status)) {
    throw InputError(input_location(path_, "", "no such file or folder"));
  }
  if (fs::is_directory(status)) {
    folder_ = true;
    for (auto it = fs::recursive_directory_iterator(path_, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_regular_file()) {
        entries_.push_back(fs::relative(it->path(), path_).generic_string());
      }
    }
    if (error) throw InputError(input_location(path_, "", "cannot list: " + error.message()));
  } else if (ends_with_zip(path_)) {
    archive_ = std::make_shared<ZipArchive>(path_);
    const zip_int64_t count = zip_get_num_entries(archive_->get(), 0);
    for (zip_int64_t i = 0; i < count; ++i) {
      const char* name = zip_get_name(archive_->get(), static_cast<zip_uint64_t>(i), 0);
      if (name != nullptr && !std::string_view(name).ends_with("/")) entries_.emplace_back(name);
    }
  } else {
    entries_.push_back(path_);
  }
  std::sort(entries_.begin(), entries_.end());
}

InputFiles::~InputFiles() = default;

std::vector<std::string> InputFiles::find(
    const std::function<bool(std::string_view)>& match) const {
  std::vector<std::string> found;
  for (const auto& entry : entries_) {
    // Skip macOS resource forks that archives made on a Mac carry.
    if (entry.starts_with("__MACOSX/") || base_name(entry).starts_with("._")) continue;
    if (match(base_name(entry))) found.push_back(entry);
  }
  return found;
}

LineReader InputFiles::open(const std::string& entry) const {
  const std::string name = display_name(entry);
  if (archive_) return LineReader(std::make_unique<ZipEntrySource>(archive_, entry, name), name);
  return LineReader(folder_ ? (fs::path(path_) / entry).string() : entry);
}

std::vector<char> InputFiles::read_bytes(const std::string& entry) const {
  std::vector<char> bytes;
  std::vector<char> chunk(1 << 16);
  const std::string name = display_name(entry);
  std::unique_ptr<ByteSource> source;
  if (archive_) {
    source = std::make_unique<ZipEntrySource>(archive_, entry, name);
  } else {
    std::ifstream in(folder_ ? (fs::path(path_) / entry).string() : entry, std::ios::binary);
    if (!in) throw InputError(input_location(name, "", "cannot open"));
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return bytes;
  }
  try {
    for (std::size_t got; (got = source->read(chunk.data(), chunk.size())) > 0;) {
      bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + static_cast<long>(got));
    }
  } catch (const std::runtime_error& e) {
    throw InputError(input_location(name, "", std::string("cannot read: ") + e.what()));
  }
  return bytes;
}

std::string InputFiles::display_name(const std::string& entry) const {
  if (archive_) return path_ + ":" + entry;
  if (folder_) return (fs::path(path_) / entry).string();
  return entry;
}

std::string select_entry(const std::vector<std::string>& candidates, int year,
                         const std::string& where, const std::string& what) {
  std::vector<std::string> kept = candidates;
  if (kept.size() > 1 && year > 0) {
    const std::string text = std::to_string(year);
    std::erase_if(kept, [&](const std::string& e) { return e.find(text) == std::string::npos; });
  }
  if (kept.size() == 1) return kept.front();
  if (kept.empty() && candidates.empty()) {
    throw InputError(input_location(where, "", "no " + what + " found"));
  }
  std::string list;
  for (std::size_t i = 0; i < candidates.size() && i < 6; ++i) {
    list += (i ? ", " : "") + candidates[i];
  }
  if (candidates.size() > 6) list += ", ...";
  throw InputError(
      input_location(where, "",
                     (kept.empty() ? "no " + what + " for year " + std::to_string(year) + " among: "
                                   : "several " + what + "s (" + std::to_string(kept.size()) +
                                         "); choose one with --year or give the file itself: ") +
                         list));
}

}  // namespace leontief::io
