#pragma once
/// @file output_guard.hpp
/// @brief Outputs never overwrite inputs. A run records the identity (device and inode, links
/// resolved) of every file it reads; each output is checked against them before any work
/// begins (app/common.cpp: check_outputs) and again whenever an output file is created or
/// renamed into place (AtomicPath), which also covers files a run names itself, such as the
/// tidy CSV files inside a --csv directory.

#include <mpi.h>

#include <string>
#include <vector>

namespace leontief::io {

/// One input of a run: the option that names it (for the message) and its path.
struct InputFile {
  std::string option;  ///< e.g. "--table", "--config"
  std::string path;
};

/// @brief Records `inputs` (existing regular files; missing ones are skipped, their reader
/// reports them) as this run's protected inputs, on every rank of `comm`.
/// @note Collective on `comm`; only rank 0 looks at the file system.
void protect_inputs(MPI_Comm comm, const std::vector<InputFile>& inputs);

/// @brief Throws InputError if `output` (a file this run is about to write or replace) is
/// one of the protected inputs. `option` names the output in the message ("--output"); may
/// be empty. Local; never collective.
void refuse_overwriting_input(const std::string& output, const std::string& option = "");

/// Forgets every protected input (tests; and a run that reads its own earlier output).
void clear_protected_inputs();

/// True if `a` and `b` exist and are the same file (device and inode, links resolved).
bool same_file(const std::string& a, const std::string& b);

}  // namespace leontief::io
