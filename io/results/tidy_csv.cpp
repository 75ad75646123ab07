#include "io/results/tidy_csv.hpp"

#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "io/results/csv_manifest.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"

namespace leontief::io {

namespace {
/// "<path>: cannot write: <the operating system's reason>".
std::string write_failure(const std::string& path, int code) {
  return path + ": cannot write" + (code != 0 ? ": " + std::string(std::strerror(code)) : "");
}
}  // namespace

TidyCsvWriter::TidyCsvWriter(MPI_Comm comm, std::string path,
                             const std::vector<std::string>& columns)
    : comm_(comm), path_(std::move(path)), atomic_(comm_, path_) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  run_collectively(comm_, [&] {
    if (rank != 0) return;
    errno = 0;
    std::ofstream out(atomic_.temp_path(), std::ios::trunc);
    for (std::size_t c = 0; c < columns.size(); ++c) out << (c ? "," : "") << csv_field(columns[c]);
    out << '\n';
    out.close();
    if (!out) throw Error(write_failure(path_, errno));
  });
}

void TidyCsvWriter::write_rows(const std::function<void(std::ostream&)>& emit) {
  int rank = 0, size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm_, &size));
  // Token passing: rank r appends after rank r-1 has closed the file.
  int ok = 1;
  if (rank > 0)
    LEONTIEF_CHECK_MPI(MPI_Recv(&ok, 1, MPI_INT, rank - 1, 0, comm_, MPI_STATUS_IGNORE));
  std::string failure;
  if (ok) {
    try {
      errno = 0;
      std::ofstream out(atomic_.temp_path(), std::ios::app);
      emit(out);
      out.close();
      if (!out) failure = write_failure(path_, errno);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) ok = 0;
  }
  if (rank + 1 < size) LEONTIEF_CHECK_MPI(MPI_Send(&ok, 1, MPI_INT, rank + 1, 0, comm_));
  detail::agree_on_failure(comm_, !failure.empty(), false, failure);
}

void TidyCsvWriter::commit() {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  // Listed in the directory's manifest before it is renamed into place (csv_manifest.hpp).
  run_collectively(comm_, [&] {
    if (rank != 0) return;
    const std::filesystem::path target(path_);
    note_csv_file(target.parent_path().string(), target.filename().string(), atomic_.temp_path());
  });
  atomic_.commit();
}

void append_number(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NA";
    return;
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace leontief::io
