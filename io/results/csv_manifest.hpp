#pragma once
/// @file csv_manifest.hpp
/// @brief A --csv directory remembers what leontief wrote into it, so that a rerun replaces
/// the previous run's files as a whole: when a run completes, the files the previous run of
/// the same command wrote and this run did not (another table's, another method's) are
/// removed. Files that no run wrote, or that changed since a run wrote them, are never
/// touched; other commands' files in the same directory are left alone.
///
/// The manifest DIR/.leontief-manifest has one line per file: command, size, modification
/// time (ns), name (tab-separated). A file is added to it before it is renamed into place,
/// so every file a run put there is listed even if that run was killed before completing.
/// The manifest itself is replaced by rename.

#include <string>
#include <vector>

namespace leontief::io {

inline constexpr const char* kCsvManifestName = ".leontief-manifest";

struct ManifestEntry {
  std::string command;
  long long size = 0;
  long long modified_ns = 0;
  std::string name;
};

/// The entries of DIR's manifest (none if it has none).
std::vector<ManifestEntry> read_csv_manifest(const std::string& directory);

/// Names this run's command in the manifests it writes (main sets it; default "").
void set_csv_run_command(const std::string& command);

/// @brief Records that this process is about to rename `temporary` to `directory`/`name`
/// (a complete file): the manifest then lists it beside the previous run's files.
/// @throws Error naming the manifest if it cannot be written. Local.
void note_csv_file(const std::string& directory, const std::string& name,
                   const std::string& temporary);

/// @brief At the end of a successful run: in every directory this process wrote CSV files
/// into, removes the files of the previous run of the same command that this run did not
/// write (if unchanged since), and leaves a manifest of this run's files (a manifest that
/// cannot be written is a warning: the results are in place). Local.
void finish_csv_directories();

/// Forgets this run's directories without touching them (a failed run; tests).
void forget_csv_directories();

}  // namespace leontief::io
