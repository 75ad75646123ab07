#include "io/runtime/atomic_path.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/fault_injection.hpp"
#include "io/runtime/interrupt.hpp"
#include "io/runtime/log.hpp"
#include "io/runtime/output_guard.hpp"

namespace leontief::io {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = ".partial-";

/// The owner of a temporary's name: ".NAME.partial-HOST-PID" or ".NAME.partial-PID".
struct Owner {
  std::string file;  ///< NAME
  std::string host;  ///< empty: an older version's name without a host
  long pid = 0;
};

bool parse_temporary(const std::string& name, Owner& owner) {
  if (name.size() < 2 || name[0] != '.') return false;
  const auto marker = name.rfind(kMarker);
  if (marker == std::string::npos || marker < 1) return false;
  const std::string tail = name.substr(marker + std::char_traits<char>::length(kMarker));
  const auto dash = tail.rfind('-');
  const std::string digits = dash == std::string::npos ? tail : tail.substr(dash + 1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  owner.file = name.substr(1, marker - 1);
  owner.host = dash == std::string::npos ? "" : tail.substr(0, dash);
  owner.pid = std::strtol(digits.c_str(), nullptr, 10);
  return owner.pid > 0;
}

/// Gone: no such process, or a zombie (it has exited and writes nothing more; an aborted MPI
/// rank whose launcher exited first stays one until a reaper collects it).
bool process_gone(long pid) {
  if (::kill(static_cast<pid_t>(pid), 0) != 0) return errno == ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto name_end = line.rfind(')');  // the state follows the parenthesized name
  return name_end != std::string::npos && name_end + 2 < line.size() &&
         (line[name_end + 2] == 'Z' || line[name_end + 2] == 'X');
}

}  // namespace

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') return "localhost";
  std::string host(buffer);
  for (char& c : host) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_';
    if (!plain) c = '_';  // '-' separates host and PID in the name
  }
  return host;
}

std::string temporary_name(const std::string& final_path, const std::string& host, long pid) {
  const fs::path target(final_path);
  return (target.parent_path() / ("." + target.filename().string() + kMarker + host + "-" +
                                   std::to_string(pid)))
      .string();
}

std::size_t remove_stale_temporaries(const std::string& directory, const std::string& name) {
  std::size_t removed = 0;
  std::error_code ec;
  const fs::path dir = directory.empty() ? fs::path(".") : fs::path(directory);
  if (!fs::is_directory(dir, ec)) return 0;
  const std::string here = host_name();
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    Owner owner;
    const std::string file = entry.path().filename().string();
    if (!parse_temporary(file, owner)) continue;
    if (!name.empty() && owner.file != name) continue;
    if (!owner.host.empty() && owner.host != here) {
      log::warn(entry.path().string() + ": temporary file of a run on host " + owner.host +
                " (process " + std::to_string(owner.pid) +
                "); left alone: remove it if that run has ended");
      continue;
    }
    if (!process_gone(owner.pid)) continue;  // a live run's (or a reused PID): never touched
    std::error_code remove_error;
    if (fs::remove_all(entry.path(), remove_error) > 0 && !remove_error) {
      ++removed;
      log::info("removed " + entry.path().string() + ", left by an interrupted run (process " +
                std::to_string(owner.pid) + ")");
    }
  }
  return removed;
}

AtomicPath::AtomicPath(MPI_Comm comm, std::string final_path)
    : comm_(comm), final_path_(std::move(final_path)) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  // The rank that renames the file names it: its host and process.
  std::string host = host_name();
  long long id = static_cast<long long>(getpid());
  int length = static_cast<int>(host.size());
  LEONTIEF_CHECK_MPI(MPI_Bcast(&id, 1, MPI_LONG_LONG, 0, comm_));
  LEONTIEF_CHECK_MPI(MPI_Bcast(&length, 1, MPI_INT, 0, comm_));
  host.resize(static_cast<std::size_t>(length));
  LEONTIEF_CHECK_MPI(MPI_Bcast(host.data(), length, MPI_CHAR, 0, comm_));
  temp_path_ = temporary_name(final_path_, host, static_cast<long>(id));
  const fs::path target(final_path_);
  run_collectively(comm_, [&] {
    if (rank != 0) return;
    if (target.filename().empty()) throw InputError(final_path_ + ": not a file name");
    refuse_overwriting_input(final_path_);
    std::error_code ec;
    if (!target.parent_path().empty()) fs::create_directories(target.parent_path(), ec);
    if (ec) {
      throw InputError(target.parent_path().string() +
                       ": cannot create directory: " + ec.message());
    }
    remove_stale_temporaries(target.parent_path().string(), target.filename().string());
    ticket_ = register_temporary(temp_path_);
  });
}

AtomicPath::~AtomicPath() {
  if (committed_) return;
  int rank = 0;
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Comm_rank(comm_, &rank);
  if (rank == 0) {
    forget_temporary(ticket_);
    std::error_code ignored;
    fs::remove(temp_path_, ignored);
  }
}

void AtomicPath::commit() {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  fault_point("commit");
  // Every rank has closed its handles; a run asked to stop renames nothing.
  check_interrupt(comm_);
  detail::Failure failure;
  if (rank == 0) {
    try {
      refuse_overwriting_input(final_path_);
      forget_temporary(ticket_);
      std::error_code ec;
      fs::rename(temp_path_, final_path_, ec);
      // A signal since the check may have removed the temporary (the handler does).
      if (ec && pending_interrupt() != 0) throw Interrupted(pending_interrupt());
      if (ec) throw InputError(final_path_ + ": cannot write result: " + ec.message());
    } catch (const std::exception& e) {
      failure = detail::failure_of(e);
    }
  }
  // Renamed: a signal now is acted on at the next check point, not here.
  detail::agree_on_failure(comm_, failure, false);
  committed_ = true;
}

}  // namespace leontief::io
