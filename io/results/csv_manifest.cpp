#include "io/results/csv_manifest.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "io/runtime/atomic_path.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"

namespace leontief::io {

namespace fs = std::filesystem;

namespace {

struct Directory {
  std::vector<ManifestEntry> previous;  ///< the manifest as this run found it
  std::vector<ManifestEntry> written;   ///< this run's files so far
};

std::string g_command;
std::map<std::string, Directory> g_directories;  // by normalised path

std::string key_of(const std::string& directory) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(directory.empty() ? "." : directory, ec);
  return (ec ? fs::path(directory) : absolute).lexically_normal().string();
}

bool stat_file(const std::string& path, long long& size, long long& modified_ns) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
  size = static_cast<long long>(info.st_size);
  modified_ns = static_cast<long long>(info.st_mtim.tv_sec) * 1000000000LL + info.st_mtim.tv_nsec;
  return true;
}

/// A plain file name: never a path that could leave the directory.
bool plain_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos;
}

void write_manifest(const std::string& directory, const std::vector<ManifestEntry>& entries) {
  const std::string path = (fs::path(directory) / kCsvManifestName).string();
  const std::string temporary = temporary_name(path, host_name(), static_cast<long>(getpid()));
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << "# files leontief wrote into this directory; a rerun of the same command replaces "
           "them\n";
    for (const auto& e : entries) {
      out << e.command << '\t' << e.size << '\t' << e.modified_ns << '\t' << e.name << '\n';
    }
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw Error(path + ": cannot write the list of this run's CSV files");
    }
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    throw Error(path + ": cannot write the list of this run's CSV files: " + ec.message());
  }
}

/// previous ∪ written, a name once (this run's entry wins).
std::vector<ManifestEntry> merged(const Directory& d) {
  std::vector<ManifestEntry> out = d.written;
  for (const auto& e : d.previous) {
    const bool again = std::any_of(out.begin(), out.end(), [&](const ManifestEntry& w) {
      return w.name == e.name;
    });
    if (!again) out.push_back(e);
  }
  return out;
}

}  // namespace

std::vector<ManifestEntry> read_csv_manifest(const std::string& directory) {
  std::vector<ManifestEntry> entries;
  std::ifstream in(fs::path(directory) / kCsvManifestName);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    ManifestEntry e;
    std::string size, modified;
    if (!std::getline(fields, e.command, '\t') || !std::getline(fields, size, '\t') ||
        !std::getline(fields, modified, '\t') || !std::getline(fields, e.name)) {
      continue;  // a damaged line names nothing we may remove
    }
    try {
      e.size = std::stoll(size);
      e.modified_ns = std::stoll(modified);
    } catch (const std::exception&) {
      continue;
    }
    if (plain_name(e.name)) entries.push_back(std::move(e));
  }
  return entries;
}

void set_csv_run_command(const std::string& command) { g_command = command; }

void note_csv_file(const std::string& directory, const std::string& name,
                   const std::string& temporary) {
  const std::string key = key_of(directory);
  auto [it, first] = g_directories.try_emplace(key);
  Directory& d = it->second;
  if (first) d.previous = read_csv_manifest(directory);
  ManifestEntry entry;
  entry.command = g_command;
  entry.name = name;
  if (!stat_file(temporary, entry.size, entry.modified_ns)) return;  // the rename will fail
  d.written.erase(std::remove_if(d.written.begin(), d.written.end(),
                                 [&](const ManifestEntry& w) { return w.name == name; }),
                  d.written.end());
  d.written.push_back(entry);
  write_manifest(directory, merged(d));
}

void finish_csv_directories() {
  for (auto& [directory, d] : g_directories) {
    std::error_code missing;
    if (!fs::is_directory(directory, missing)) continue;  // removed since: nothing to replace
    std::vector<ManifestEntry> kept;
    for (const auto& e : d.previous) {
      const bool rewritten = std::any_of(d.written.begin(), d.written.end(),
                                         [&](const ManifestEntry& w) { return w.name == e.name; });
      if (rewritten) continue;
      if (e.command != g_command) {
        kept.push_back(e);  // another command's files stay, and stay listed
        continue;
      }
      const std::string path = (fs::path(directory) / e.name).string();
      long long size = 0, modified = 0;
      if (!stat_file(path, size, modified)) continue;  // already gone
      if (size != e.size || modified != e.modified_ns) {
        log::warn(path + ": written by an earlier run but changed since; left in place");
        continue;
      }
      std::error_code ec;
      if (fs::remove(path, ec)) {
        log::info("removed " + path + " (written by the previous run, not by this one)");
      } else if (ec) {
        log::warn(path + ": cannot remove the previous run's file: " + ec.message());
        kept.push_back(e);
      }
    }
    std::vector<ManifestEntry> entries = d.written;
    for (auto& e : entries) {
      // The final file's own size and time (a rename keeps both; check anyway).
      stat_file((fs::path(directory) / e.name).string(), e.size, e.modified_ns);
    }
    entries.insert(entries.end(), kept.begin(), kept.end());
    try {
      write_manifest(directory, entries);
    } catch (const Error& e) {
      // The results are in place; the manifest still lists them with the previous run's.
      log::warn(e.what());
    }
  }
  g_directories.clear();
}

void forget_csv_directories() { g_directories.clear(); }

}  // namespace leontief::io
