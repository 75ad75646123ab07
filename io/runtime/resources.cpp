#include "io/runtime/resources.hpp"

#include <malloc.h>
#include <sys/statvfs.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"

namespace leontief::io {

namespace {

bool g_checks = true;
constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

/// A number from a file such as memory.max ("max" or missing: unknown).
double read_number(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return kUnknown;
  try {
    return std::stod(text);
  } catch (const std::exception&) {
    return kUnknown;
  }
}

/// What the process's cgroup still allows (v2: memory.max - memory.current; v1:
/// limit_in_bytes - usage_in_bytes), NaN without a limit.
double cgroup_headroom() {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    // "0::/path" (v2) or "N:memory:/path" (v1).
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string group = line.substr(second + 1);
    double limit = kUnknown, usage = kUnknown;
    if (controllers.empty()) {
      limit = read_number("/sys/fs/cgroup" + group + "/memory.max");
      usage = read_number("/sys/fs/cgroup" + group + "/memory.current");
    } else if (controllers.find("memory") != std::string::npos) {
      limit = read_number("/sys/fs/cgroup/memory" + group + "/memory.limit_in_bytes");
      usage = read_number("/sys/fs/cgroup/memory" + group + "/memory.usage_in_bytes");
      if (limit > 1e18) limit = kUnknown;  // v1's "no limit" is a huge number
    }
    if (!std::isnan(limit)) return limit - (std::isnan(usage) ? 0.0 : usage);
  }
  return kUnknown;
}

std::string refusal(const std::string& what, double need, double have, const char* of) {
  return what + " needs about " + log::format_bytes(need) + " of " + of + ", but " +
         log::format_bytes(std::max(have, 0.0)) +
         " are available (--size_check false to try anyway)";
}

}  // namespace

void set_size_checks(bool enabled) { g_checks = enabled; }
bool size_checks_enabled() { return g_checks; }

void return_freed_memory() { (void)malloc_trim(0); }

double available_memory() {
  // Test hook (tests/cli/memory_check.sh): pretend this process can get this many bytes.
  if (const char* pretend = std::getenv("LEONTIEF_TEST_MEMORY_AVAILABLE")) {
    return std::atof(pretend);
  }
  double available = kUnknown;
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kib = 0;
  std::string unit;
  while (in >> key >> kib) {
    std::getline(in, unit);
    if (key == "MemAvailable:") {
      available = kib * 1024.0;
      break;
    }
  }
  const double headroom = cgroup_headroom();
  if (std::isnan(available)) return headroom;
  return std::isnan(headroom) ? available : std::min(available, headroom);
}

double available_disk(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path at = fs::absolute(path.empty() ? fs::path(".") : fs::path(path), ec);
  while (!at.empty() && !fs::exists(at, ec)) {
    if (at == at.parent_path()) break;
    at = at.parent_path();
  }
  struct statvfs info {};
  if (statvfs(at.c_str(), &info) != 0) return kUnknown;
  return static_cast<double>(info.f_bavail) * static_cast<double>(info.f_frsize);
}

void require_memory(double bytes, const std::string& what) {
  if (!g_checks) return;
  const double have = available_memory();
  if (!std::isnan(have) && bytes > have) throw InputError(refusal(what, bytes, have, "memory"));
}

namespace {
/// The needs of this rank's node (ranks sharing memory) and of all of `comm`.
void sum_needs(MPI_Comm comm, double local_bytes, double& on_node, double& total) {
  MPI_Comm node = MPI_COMM_NULL;
  LEONTIEF_CHECK_MPI(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  const int rc1 = MPI_Allreduce(&local_bytes, &on_node, 1, MPI_DOUBLE, MPI_SUM, node);
  const int rc2 = MPI_Allreduce(&local_bytes, &total, 1, MPI_DOUBLE, MPI_SUM, comm);
  MPI_Comm_free(&node);
  LEONTIEF_CHECK_MPI(rc1);
  LEONTIEF_CHECK_MPI(rc2);
}
}  // namespace

bool fits_in_memory(MPI_Comm comm, double local_bytes) {
  double on_node = 0.0, total = 0.0;
  sum_needs(comm, local_bytes, on_node, total);
  const double have = available_memory();
  int fits = !g_checks || std::isnan(have) || on_node <= have ? 1 : 0, all = 0;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&fits, &all, 1, MPI_INT, MPI_MIN, comm));
  return all == 1;
}

void require_memory(MPI_Comm comm, double local_bytes, const std::string& what) {
  double on_node = 0.0, total = 0.0;
  sum_needs(comm, local_bytes, on_node, total);
  run_collectively(comm, [&] {
    if (!g_checks) return;
    const double have = available_memory();
    if (std::isnan(have) || on_node <= have) return;
    int ranks = 1;
    MPI_Comm_size(comm, &ranks);
    std::ostringstream text;
    text << what << " needs about " << log::format_bytes(total) << " of memory in all ("
         << log::format_bytes(on_node) << " on this node, " << ranks << " rank"
         << (ranks == 1 ? "" : "s") << "), but " << log::format_bytes(std::max(have, 0.0))
         << " are available (--size_check false to try anyway)";
    throw InputError(text.str());
  });
}

void require_disk(const std::string& path, double bytes, const std::string& what) {
  if (!g_checks) return;
  const double have = available_disk(path);
  if (!std::isnan(have) && bytes > have) throw InputError(refusal(what, bytes, have, "disk"));
}

}  // namespace leontief::io
